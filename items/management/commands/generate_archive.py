import time

from django.core.management.base import BaseCommand, CommandError

from items.synthetic import generate_archive


class Command(BaseCommand):
    help = (
        "Fill the archive with realistic, reproducible synthetic data for benchmarks: "
        "stories of hundreds of updates, a long tail of persons and places, aliases, "
        "quotes, media with credit chains. Adds to what is there."
    )

    def add_arguments(self, parser):
        parser.add_argument("--updates", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, updates, seed, **options):
        if updates < 1:
            raise CommandError("--updates must be at least 1.")
        started = time.perf_counter()
        counts = generate_archive(
            updates=updates, seed=seed, progress=lambda m: self.stderr.write(m)
        )
        seconds = time.perf_counter() - started
        for label, count in sorted(counts.items()):
            self.stdout.write(f"{count:>12,} {label}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {updates:,} updates in {seconds:.1f} s "
                f"({updates / seconds:,.0f} updates/s)."
            )
        )
