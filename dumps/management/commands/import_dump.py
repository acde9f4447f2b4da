"""manage.py import_dump FILE: load a dump, checked line by line, in one transaction."""

from django.core.management.base import BaseCommand, CommandError

from dumps.checking import DumpError
from dumps.loading import load_dump


class Command(BaseCommand):
    help = (
        "Load a dump (plain or gzip). Every line is checked first; problems are "
        "listed with their line numbers and nothing is written. Entities are "
        "matched by slug, items by uid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would be created, updated and left alone; write nothing.",
        )

    def handle(self, *args, file, dry_run, **options):
        try:
            report = load_dump(file, dry_run=dry_run)
        except FileNotFoundError:
            raise CommandError(f"{file}: no such file") from None
        except DumpError as error:
            raise CommandError(
                f"{file} was not loaded; nothing was written.\n" + str(error)
            ) from None
        self.stdout.write(
            "Dry run, nothing written. The dump would leave:" if dry_run else "Loaded:"
        )
        for outcome in ("created", "updated", "unchanged", "renamed", "deleted"):
            counts = getattr(report, outcome)
            if outcome in ("renamed", "deleted") and not counts:
                continue  # only an incremental dump renames or deletes
            listed = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
            self.stdout.write(f"  {outcome}: {listed or 'none'}")
        for change in report.changes[:100]:
            self.stdout.write(f"  updated {change}")
        if len(report.changes) > 100:
            self.stdout.write(f"  ... and {len(report.changes) - 100} more updated")
