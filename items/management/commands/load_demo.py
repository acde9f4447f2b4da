from django.core.management.base import BaseCommand

from items.demo import DEMO_FILE, load_demo_archive


class Command(BaseCommand):
    help = "Load the demo archive (the seed article's records). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DEMO_FILE), help="Demo data file.")

    def handle(self, *args, **options):
        created = load_demo_archive(options["file"])
        if created:
            summary = ", ".join(f"{n} {label}" for label, n in sorted(created.items()))
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {summary}."))
        else:
            self.stdout.write("Demo data already present; nothing to add.")
