import secrets
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db import transaction

# The apps whose records curators edit, and "tokens": each curator's own API
# tokens (tokens.admin shows a curator only theirs).
CURATED_APPS = ("items", "people", "places", "importer", "tokens")


class Command(BaseCommand):
    help = (
        "Create (or keep) a local curator login in the 'curators' group and print "
        "its credentials. The password lives in --password-file so that later runs "
        "print the same one."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="curator")
        parser.add_argument("--password-file", default=".local/curator-password")

    @transaction.atomic
    def handle(self, *args, **options):
        group, _ = Group.objects.get_or_create(name="curators")
        group.permissions.set(
            Permission.objects.filter(content_type__app_label__in=CURATED_APPS)
        )
        password_file = Path(options["password_file"])
        User = get_user_model()
        user = User.objects.filter(username=options["username"]).first()
        password = password_file.read_text().strip() if password_file.exists() else ""
        if user is None or not password or not user.check_password(password):
            password = secrets.token_urlsafe(12)
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
            if user is None:
                user = User(username=options["username"])
            user.set_password(password)
        user.is_staff = True
        user.is_active = True
        user.save()
        user.groups.add(group)
        self.stdout.write(
            self.style.SUCCESS(
                f"Curator login: {user.username} / {password}  "
                f"(saved in {password_file})"
            )
        )
