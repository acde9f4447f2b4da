"""manage.py export: the whole archive, or a closed slice of it, as JSON Lines."""

import functools
import gzip
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict
from rest_framework.exceptions import ValidationError
from tqdm import tqdm

from changes.feed import Position, parse_since
from dumps.incremental import changed_since
from dumps.parquet import write_tables
from dumps.selection import closed_slice, header_filters, whole_archive
from dumps.writer import dump_lines, ninjs_lines, snapshot
from items.api.filters import UpdateFilterSet
from items.models import Update
from newsarchive.public import ARCHIVIST

# Command-line options that are the API's update filters, named as its parameters.
FILTERS = (
    "person",
    "organization",
    "place",
    "story",
    "published_after",
    "published_before",
    "q",
)


class Command(BaseCommand):
    help = (
        "Write the archive as JSON Lines (docs/dump-format.md). With filters, a "
        "closed slice: the matching updates and every record they reference."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o",
            "--output",
            default="-",
            help="File to write; .gz compresses; - (the default) is standard output.",
        )
        parser.add_argument(
            "--format",
            choices=["jsonl", "ninjs", "parquet"],
            default="jsonl",
            help="jsonl: the dump format (docs/dump-format.md); ninjs: one IPTC "
            "ninjs 3.1 object per update and line; parquet: one Parquet file per "
            "flat table in the directory -o names (dumps/parquet.py).",
        )
        parser.add_argument(
            "--base-url",
            default=settings.SITE_URL,
            help="Where the archive is served, for ninjs URIs (default: SITE_URL).",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=2,
            help="PostgreSQL connections that build the whole archive's update "
            "records at once (default 2; the dump is the same for any number).",
        )
        parser.add_argument("--person", action="append", help="Person slug; repeat.")
        parser.add_argument(
            "--organization", action="append", help="Organization slug; repeat."
        )
        parser.add_argument("--place", help="Place slug: it and everything inside it.")
        parser.add_argument("--story", action="append", help="Story slug; repeat.")
        parser.add_argument("--published-after", help="ISO 8601 date or time.")
        parser.add_argument("--published-before", help="ISO 8601 date or time.")
        parser.add_argument("--q", help="Full text, as the API's q.")
        parser.add_argument(
            "--since",
            help="An incremental dump: the records changed since this position "
            "of the change feed (a dump header's `position`, or a feed entry's), "
            "or since this ISO 8601 time, with the records deleted since.",
        )
        parser.add_argument(
            "--status",
            action="append",
            choices=Update.Status.values,
            help="Only updates in this status; repeat. Default: every status.",
        )

    def handle(self, *args, **options):
        if options["jobs"] < 1:
            raise CommandError("--jobs: at least 1.")
        filters = header_filters(
            {name: _listed(options[name]) for name in FILTERS if options[name]}
        )
        updates = Update.objects.all()
        if options["status"]:
            updates = updates.filter(status__in=options["status"])
        # Published updates alone are what the public sees, and the dump keeps
        # to what it sees of them (newsarchive.public); any other is a curator's.
        public = set(options["status"] or ()) == {Update.Status.PUBLISHED}
        since = self.since(options, filters)
        if since is not None:
            selection = None  # chosen in the dump's snapshot, from its changes
        elif filters:
            chosen = self.filtered(updates, filters, public)
            selection = closed_slice(chosen, filters, public=public)
        else:
            selection = whole_archive(updates, public=public)

        try:
            self.write(selection, options, since=since, updates=updates, public=public)
        except OSError as error:
            raise CommandError(
                f"cannot write {options['output']}: {error.strerror or error}"
            ) from error

    def since(self, options, filters) -> Position | None:
        if options["since"] is None:
            return None
        if not options["since"].strip():  # an unset variable in a script
            raise CommandError("--since: empty; give a position or a time.")
        if filters or options["format"] != "jsonl":
            raise CommandError(
                "--since: an incremental dump is of the whole archive, or of what "
                "the public sees (--status published), in the dump format; not of "
                "a slice, nor in another format."
            )
        try:
            return parse_since(options["since"])
        except ValueError as error:
            raise CommandError(f"--since: {error}") from None

    def write(self, selection, options, *, since, updates, public):
        if options["format"] == "parquet":
            return self.write_parquet(selection, options)
        incremental = None
        with snapshot(), self.output(options["output"]) as out:
            if since is not None:
                incremental = changed_since(since, updates, public=public)
                selection = incremental.selection
            if options["status"]:
                selection.filters["status"] = options["status"]
            bar = tqdm(
                total=selection.updates.count(),
                unit=" updates",
                file=sys.stderr,
                disable=None,  # silent unless standard error is a terminal
            )
            if options["format"] == "ninjs":
                base = options["base_url"].rstrip("/")
                lines = ninjs_lines(
                    selection.updates,
                    url=lambda path: base + path,
                    progress=bar.update,
                    public=selection.public,
                )
            else:
                lines = dump_lines(
                    selection,
                    progress=bar.update,
                    jobs=options["jobs"],
                    incremental=incremental,
                )
            with bar:
                for line in lines:
                    out.write(line)

    def write_parquet(self, selection, options):
        if options["output"] == "-":
            raise CommandError("--format parquet: name a directory with -o.")
        if options["status"]:
            selection.filters["status"] = options["status"]
        target = Path(options["output"])
        if target.exists() and not target.is_dir():
            raise CommandError(f"-o {target}: not a directory.")
        bars = {}

        def progress(table, rows):
            if table not in bars:
                for bar in bars.values():
                    bar.close()
                bars[table] = tqdm(
                    unit=" rows", desc=table, file=sys.stderr, disable=None
                )
            bars[table].update(rows)

        counts = write_tables(selection, target, progress=progress)
        for bar in bars.values():
            bar.close()
        summary = ", ".join(f"{n} {name}" for name, n in counts.items())
        self.stderr.write(f"Wrote {target}/: {summary}.")

    def filtered(self, updates, filters: dict, public: bool):
        data = QueryDict(mutable=True)
        for name, value in filters.items():
            data.setlist(name, value if isinstance(value, list) else [value])
        # The slugs it resolves are those this dump's reader may see.
        reader = SimpleNamespace(user=None if public else ARCHIVIST)
        filterset = UpdateFilterSet(data, queryset=updates, request=reader)
        try:
            if filterset.is_valid():
                return filterset.qs
            errors = filterset.errors
        except ValidationError as error:  # raised by a filter that resolves a slug
            errors = error.detail
        problems = "; ".join(
            f"--{name.replace('_', '-')}: {' '.join(map(str, messages))}"
            for name, messages in errors.items()
        )
        raise CommandError(problems)

    @contextmanager
    def output(self, path: str):
        if path == "-":
            try:
                yield sys.stdout.buffer
                sys.stdout.buffer.flush()
            except BrokenPipeError:
                # The reader stopped early (`| head`): not an error of ours, and
                # nothing more to say; quiet the interpreter's final flush too.
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                raise SystemExit(1) from None
        else:
            # Written beside the target and renamed when whole: a failed export
            # (a full disk, an interrupted run) leaves no truncated dump, and an
            # earlier dump at that path stays as it was.
            target = Path(path)
            unfinished = target.with_name(target.name + ".part")
            opener = (
                functools.partial(gzip.open, compresslevel=6)
                if path.endswith(".gz")
                else open
            )
            try:
                with opener(unfinished, "wb") as out:
                    yield out
            except BaseException:
                unfinished.unlink(missing_ok=True)
                raise
            unfinished.replace(target)


def _listed(value) -> list[str]:
    return value if isinstance(value, list) else [value]
