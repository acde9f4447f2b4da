import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tokens.services import create_token

MAX_DAYS = 36_500  # a hundred years: further is "never", which is the default


class Command(BaseCommand):
    help = (
        "Make a personal API token for USER and print its key, once (only a "
        "digest is kept). A curator's token reads what the curator sees through "
        "the API; anyone else's, what the public sees, at the user rate."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for.")
        parser.add_argument(
            "--create-user",
            action="store_true",
            help="Make USER first if there is none: a researcher's account, "
            "without a password or admin access, used by its tokens alone.",
        )
        parser.add_argument(
            "--expires-in",
            type=int,
            metavar="DAYS",
            help="Days until the token stops working (default: never).",
        )

    def handle(self, *args, username, name, expires_in, create_user, **options):
        if expires_in is not None and not 1 <= expires_in <= MAX_DAYS:
            raise CommandError(f"--expires-in: from 1 to {MAX_DAYS} days.")
        users = get_user_model().objects
        user = users.filter(username=username).first()
        if user is None and create_user:
            user = users.create_user(username)  # no usable password
            self.stderr.write(f"Made the user {username!r} (no password, no admin).")
        if user is None:
            raise CommandError(
                f"No user {username!r}: --create-user makes a researcher's account."
            )
        expires_at = (
            timezone.now() + datetime.timedelta(days=expires_in) if expires_in else None
        )
        token, key = create_token(user, name=name, expires_at=expires_at)
        self.stderr.write(
            f"Token {token.prefix}… for {user.username}"
            + (f", expires {expires_at:%Y-%m-%d %H:%M} UTC" if expires_at else "")
            + ". The key, shown this once:"
        )
        self.stdout.write(key)
