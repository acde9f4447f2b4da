import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from importer.reading import UnreadableArticle, read_article
from importer.report import proposals_text
from importer.services import analyze_article, import_article
from items.models import Story
from newsarchive.curation import error_text


class Command(BaseCommand):
    help = (
        "Turn a plain-text live-updates article into a draft update with the "
        "importer's proposals, for a curator to review in the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")
        parser.add_argument("--story", metavar="SLUG", help="The story it belongs to.")
        parser.add_argument(
            "--published-on",
            metavar="DATE",
            help="Its publication day (YYYY-MM-DD), when the text does not say.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print the proposals and write nothing.",
        )

    def handle(self, *args, file, story, published_on, dry_run, **options):
        try:
            text = read_article(file)
        except UnreadableArticle as error:
            raise CommandError(str(error)) from error
        day = None
        if published_on:
            try:
                day = datetime.date.fromisoformat(published_on)
            except ValueError as error:
                raise CommandError(
                    f"--published-on: {published_on!r} is not a date (YYYY-MM-DD)."
                ) from error
        found_story = None
        if story:
            found_story = Story.objects.filter(slug=story).first()
            if found_story is None:
                raise CommandError(f"--story: no story has the slug {story!r}.")
        try:
            if dry_run:
                self.stdout.write(proposals_text(analyze_article(text)))
                self.stdout.write("Dry run: nothing was written.")
                return
            imported = import_article(
                text,
                source_name=Path(file).name,
                story=found_story,
                published_on=day,
            )
        except ValidationError as error:
            raise CommandError(f"{file}: {error_text(error)}") from error
        update = imported.update
        self.stdout.write(
            f"Draft update #{update.pk} in “{update.story}”: "
            f"{update.person_mentions.count()} persons, "
            f"{update.organization_mentions.count()} organizations, "
            f"{update.place_mentions.count()} places, {update.quotes.count()} "
            f"quotes, {update.corrections.count()} text defects to review at "
            f"{reverse('admin:importer_articleimport_change', args=[imported.pk])}"
        )
