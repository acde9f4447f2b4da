from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from places.gazetteer import DEFAULT_MIN_POPULATION, gazetteer_entries
from places.services import load_gazetteer


class Command(BaseCommand):
    help = (
        "Load countries, their ISO 3166-2 subdivisions and GeoNames cities into the "
        "archive's places. Idempotent: places already held are completed, not copied."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--min-population",
            type=int,
            default=DEFAULT_MIN_POPULATION,
            help="Load cities of at least this many people (at least 500; "
            f"default {DEFAULT_MIN_POPULATION}).",
        )
        parser.add_argument(
            "--countries",
            help="Only these countries, as ISO 3166-1 alpha-2 codes: RU,UA,US.",
        )

    def handle(self, *args, min_population, countries, **options):
        if min_population < 500:
            raise CommandError("--min-population: GeoNames cities start at 500.")
        codes = None
        if countries:
            codes = {code.strip().upper() for code in countries.split(",")}
            unknown = sorted(c for c in codes if len(c) != 2 or not c.isalpha())
            if unknown:
                raise CommandError(
                    f"--countries: not ISO 3166-1 alpha-2 codes: {', '.join(unknown)}"
                )
        entries = gazetteer_entries(min_population=min_population, countries=codes)
        counts = load_gazetteer(entries)
        if counts["created"] and connection.vendor == "postgresql":
            # Fresh statistics, or name lookups scan 40,000 places until
            # autovacuum gets round to them (15 ms instead of 0.1 ms each).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE places_place, places_placealias")
        self.stdout.write(
            f"{len(entries)} gazetteer places: {counts['created']} created, "
            f"{counts['completed']} completed, {counts['aliases']} aliases added."
        )
