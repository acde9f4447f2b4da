import time

from django.core.management.base import BaseCommand

from items import kept_facets
from newsarchive.aggregate_cache import archive_changed


class Command(BaseCommand):
    help = (
        "Count again the facets of the updates that changed since they were last "
        "counted (a request leaves a long queue of them to this command); with "
        "--all, of every update."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            dest="everything",
            action="store_true",
            help="Recount every update from scratch.",
        )

    def handle(self, *args, everything, **options):
        started = time.perf_counter()
        counted = kept_facets.recount_all() if everything else kept_facets.recount()
        archive_changed()
        self.stdout.write(
            f"Counted the facets of {counted:,} updates again "
            f"in {time.perf_counter() - started:.1f} s."
        )
