from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from importer.analysis import analyze
from importer.archive import ArchiveNames
from importer.evaluation import article_for, load_key, report, score
from importer.reading import UnreadableArticle, read_article


class Command(BaseCommand):
    help = (
        "Run the importer on the article beside each answer key (no writes) and "
        "print precision, recall and F1 per record type."
    )

    def add_arguments(self, parser):
        parser.add_argument("keys", nargs="+", metavar="KEY.json")

    def handle(self, *args, keys, **options):
        rows = []
        for name in keys:
            path = Path(name)
            try:
                key = load_key(path)
                text = read_article(article_for(path, key))
            except (OSError, ValueError, UnreadableArticle) as error:
                raise CommandError(str(error)) from error
            rows.append((str(path), score(analyze(text, known=ArchiveNames()), key)))
        self.stdout.write(report(rows))
