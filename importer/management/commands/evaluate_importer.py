from collections import defaultdict
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from importer.analysis import analyze
from importer.archive import ArchiveNames
from importer.evaluation import (
    article_for,
    furniture_entities,
    key_set,
    load_key,
    report,
    score,
)
from importer.reading import UnreadableArticle, read_article


class Command(BaseCommand):
    help = (
        "Run the importer on the article of each answer key (no writes) and print "
        "precision, recall and F1 per record type: one table per key set (a key's "
        '"set", else its folder), and the entities proposed from site furniture.'
    )

    def add_arguments(self, parser):
        parser.add_argument("keys", nargs="+", metavar="KEY.json")
        parser.add_argument(
            "--each", action="store_true", help="Also print each key's own scores."
        )
        parser.add_argument(
            "--misses",
            action="store_true",
            help="Print each key's scores with what it missed and what it added.",
        )

    def handle(self, *args, keys, each, misses, **options):
        sets = defaultdict(list)
        furniture = []
        for name in keys:
            path = Path(name)
            try:
                key = load_key(path)
                text = read_article(article_for(path, key))
            except (OSError, ValueError, UnreadableArticle) as error:
                raise CommandError(str(error)) from error
            analysis = analyze(text, known=ArchiveNames())
            sets[key_set(path, key)].append((str(path), score(analysis, key)))
            names = furniture_entities(analysis, key)
            furniture += [f"{path.name}: {name}" for name in names]
        blocks = []
        for name, rows in sets.items():
            table = report(rows, each=each, misses=misses)
            blocks.append(f"== {name} ({len(rows)} keys)\n{table}")
        blocks.append(
            f"entities proposed from site furniture: {len(furniture)}"
            + "".join(f"\n  {line}" for line in furniture)
        )
        self.stdout.write("\n".join(blocks))
