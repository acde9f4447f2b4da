import shutil
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Q
from tqdm import tqdm

from places.gazetteer import (
    DEFAULT_DETAILED,
    DEFAULT_MIN_POPULATION,
    fingerprint,
    gazetteer_entries,
)
from places.models import GazetteerLoad, Place
from places.services import load_gazetteer


class Command(BaseCommand):
    help = (
        "Load countries, their ISO 3166-2 subdivisions and GeoNames cities, towns and "
        "villages into the archive's places. Idempotent: places already held are "
        "completed, not copied."
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
        parser.add_argument(
            "--detailed",
            default=",".join(sorted(DEFAULT_DETAILED)),
            help="Countries of which every GeoNames populated place is loaded, "
            "villages too (default: %(default)s; '' for none).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even when this gazetteer was loaded already.",
        )

    def bar(self, desc: str, unit: str, terminal: bool, total: int = 0):
        """A progress bar on a terminal (each step takes seconds), else nothing."""
        size = shutil.get_terminal_size()
        return tqdm(
            total=total,
            desc=desc,
            unit=unit,
            disable=not terminal,
            file=sys.stdout,
            # A terminal that reports no size (0 x 0) still gets a bar.
            ncols=min(size.columns, 100),
            nrows=size.lines,
        )

    def handle(self, *args, min_population, countries, detailed, force, **options):
        if min_population < 500:
            raise CommandError("--min-population: GeoNames cities start at 500.")
        codes = _codes("--countries", countries) if countries else None
        detailed = frozenset(_codes("--detailed", detailed) if detailed else ())
        if codes is not None:
            detailed &= codes
        digest, description = fingerprint(
            min_population=min_population, countries=codes, detailed=detailed
        )
        done = GazetteerLoad.objects.filter(fingerprint=digest).first()
        held = gazetteer_places()
        # A load recorded but its places gone (a flushed database) loads again.
        if done is not None and held >= done.places and not force:
            self.stdout.write(
                f"The gazetteer is loaded already ({held:,} places; {description}; "
                f"{done.loaded_at:%Y-%m-%d}). Nothing to do: --force loads it again."
            )
            return
        terminal = self.stdout.isatty() and options["verbosity"] > 0
        with self.bar("Countries", " countries", terminal) as bar:

            def read(done, total):
                bar.total = total
                bar.update(done - bar.n)

            entries = gazetteer_entries(
                min_population=min_population,
                countries=codes,
                detailed=detailed,
                progress=read,
            )
            read(bar.total, bar.total)
        with self.bar("Places", " places", terminal, total=len(entries)) as bar:
            counts = load_gazetteer(entries, progress=bar.update)
        GazetteerLoad.objects.update_or_create(
            fingerprint=digest,
            defaults={"description": description, "places": gazetteer_places()},
        )
        if counts["created"] and connection.vendor == "postgresql":
            # Fresh statistics, or name lookups scan 40,000 places until
            # autovacuum gets round to them (15 ms instead of 0.1 ms each).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE places_place, places_placealias")
        self.stdout.write(
            f"{len(entries)} gazetteer places: {counts['created']} created, "
            f"{counts['completed']} completed, {counts['aliases']} aliases added."
        )


def _codes(option: str, value: str) -> set[str]:
    codes = {code.strip().upper() for code in value.split(",") if code.strip()}
    unknown = sorted(c for c in codes if len(c) != 2 or not c.isalpha())
    if unknown:
        raise CommandError(
            f"{option}: not ISO 3166-1 alpha-2 codes: {', '.join(unknown)}"
        )
    return codes


def gazetteer_places() -> int:
    return Place.objects.filter(Q(geonames_id__isnull=False) | ~Q(iso_code="")).count()
