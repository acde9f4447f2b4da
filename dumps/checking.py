"""Reading a dump and checking every line before anything is written.

Each problem is reported with its line number, up to MAX_PROBLEMS of them: a line
longer than MAX_LINE_BYTES (refused as it is read, never held whole), a line that
is not JSON, an unknown record type, a record that does not match its schema (a
missing field, a wrong type), a record that breaks a rule of the database (a
field too long, a NUL character, a choice, a constraint: see dumps/rules.py), a
record given twice, a unique value given twice or held by another record in the
archive, a reference to a record that is neither earlier in the dump nor in the
archive, a header of another format or version, a missing footer (a truncated
file) or a checksum that does not match.
"""

import gzip
import hashlib
import json
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import jsonschema
import orjson

from items.models import Event, Quote, Story, Update
from people.models import Affiliation, Organization, Person
from places.models import Place

from . import rules
from .writer import FORMAT, READABLE_VERSIONS

MAX_PROBLEMS = 50
# The longest line a dump may hold, its newline aside: far more than any real
# record (a long article's update is some hundreds of kB), small enough that a
# damaged or hostile file cannot make the reader hold gigabytes. A longer line is
# read past a chunk at a time. docs/dump-format.md gives the figure.
MAX_LINE_BYTES = 4 * 1024 * 1024
CHUNK_BYTES = 64 * 1024
SCHEMAS = Path(__file__).resolve().parent / "schemas"
RECORD_TYPES = (
    "place",
    "organization",
    "person",
    "story",
    "update",
    "affiliation",
    "event",
)
# An incremental dump's lines that rename or delete a record (dumps.incremental).
CHANGE_TYPES = ("renamed", "deleted")
# How each record type is identified, and where the archive keeps it; a quote,
# given inside its update, is named by an event's record.
IDENTITY = {
    "place": ("slug", Place),
    "organization": ("slug", Organization),
    "person": ("slug", Person),
    "story": ("slug", Story),
    "update": ("uid", Update),
    "affiliation": ("uid", Affiliation),
    "event": ("slug", Event),
    "quote": ("uid", Quote),
}


class DumpError(Exception):
    """The dump cannot be loaded; `problems` says why, line by line."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Checked:
    header: dict
    records: int
    problems: list[str] = field(default_factory=list)


def read_lines(path) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) of a plain or gzip-compressed dump.

    A line longer than MAX_LINE_BYTES comes as None: it is read past in chunks of
    CHUNK_BYTES, so at most MAX_LINE_BYTES of it is ever held.
    """
    with open(path, "rb") as raw:
        compressed = raw.read(2) == b"\x1f\x8b"
    opener = gzip.open if compressed else open
    number = 0
    try:
        with opener(path, "rb") as dump:
            while line := dump.readline(MAX_LINE_BYTES + 1):
                number += 1
                if len(line) <= MAX_LINE_BYTES or line.endswith(b"\n"):
                    yield number, line
                    continue
                del line  # let go of it before reading on
                while (rest := dump.readline(CHUNK_BYTES)) and not rest.endswith(b"\n"):
                    pass
                yield number, None
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        raise DumpError(
            [f"line {number + 1}: the compressed file is cut short ({error})"]
        ) from None


def references(kind: str, record: dict) -> Iterator[tuple[str, str]]:
    """(record type, slug or uid) of every record that `record` names."""
    if kind == "place":
        yield "place", record["parent"]
    elif kind == "organization":
        yield "organization", record["parent"]
        yield "place", record["country"]
        yield "place", record["based_in"]
    elif kind == "story":
        yield "organization", record["publisher"]
    elif kind == "update":
        yield "story", record["story"]
        for part, key in (("persons", "person"), ("contributions", "person")):
            for item in record[part]:
                yield "person", item[key]
        for item in record["organizations"]:
            yield "organization", item["organization"]
        for item in record["contributions"]:
            yield "organization", item.get("organization")
        for item in record["places"]:
            yield "place", item["place"]
        for quote in record["quotes"]:
            yield "person", quote["person"]
            yield "organization", quote["organization"]
        for media in record["media"]:
            yield "place", media["place"]
            for credit in media["credits"]:
                yield "person", credit["person"]
                yield "organization", credit["organization"]
    elif kind == "affiliation":
        yield "person", record["person"]
        yield "organization", record["organization"]
        yield "place", record["jurisdiction"]
        yield "update", record["source"]
    elif kind == "event":
        yield "place", record["place"]
        for part in ("actors", "figures"):
            for item in record[part]:
                yield "person", item["person"]
                yield "organization", item["organization"]
        for figure in record["figures"]:
            yield "update", figure["update"]
        for report in record["reports"]:
            yield "update", report["update"]
        for quote in record["quotes"]:
            yield "quote", quote


class Checker:
    def __init__(self):
        self.problems: list[str] = []
        self.more = 0
        self.defined: dict[str, dict[str, int]] = {kind: {} for kind in IDENTITY}
        # Renamed records, by type: the slug the archive holds -> the new one.
        self.renamed: dict[str, dict[str, str]] = {kind: {} for kind in IDENTITY}
        # References not yet satisfied: (type, key) -> first line naming it.
        self.pending: dict[tuple[str, str], int] = {}
        # Values unique in their table: (model, field) -> value -> (line, the
        # record line's type and key, where in it), for both checks below.
        self.unique: dict[tuple, dict] = {}
        self.validators = {
            path.stem: jsonschema.Draft202012Validator(json.loads(path.read_text()))
            for path in SCHEMAS.glob("*.json")
        }

    def problem(self, number: int, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(f"line {number}: {message}")
        else:
            self.more += 1

    def check(self, path) -> Checked:
        header, footer, last = None, None, 0
        # Every line between the header and the footer is a record line: the
        # footer counts and hashes them all, whether or not they parse here.
        checksum, lines, records, too_long = hashlib.sha256(), 0, 0, False
        for number, line in read_lines(path):
            last = number
            if footer is not None:
                self.problem(number, "a line after the footer")
                continue
            if line is None:
                self.problem(
                    number,
                    f"the line is longer than {MAX_LINE_BYTES:,} bytes, the most a "
                    "dump's line may hold; it was not read",
                )
                lines, too_long = lines + (number > 1), True
                continue
            record = self.parse(number, line)
            if number > 1 and (record is None or record.get("type") != "footer"):
                checksum.update(line)
                lines += 1
            if record is None:
                continue
            kind = record.get("type")
            if number == 1:
                header = self.check_header(record)
                continue
            if kind == "footer":
                footer = (number, record)
                self.validate(number, "footer", record)
                continue
            if kind in CHANGE_TYPES:
                records += 1
                if self.validate(number, kind, record) and kind == "renamed":
                    self.renamed[record["record"]][record["slug"]] = record["to"]
                continue
            if kind not in RECORD_TYPES:
                self.problem(
                    number,
                    f"unknown record type {kind!r}; a dump holds "
                    f"{', '.join(RECORD_TYPES + CHANGE_TYPES)}",
                )
                continue
            records += 1
            if self.validate(number, kind, record):
                self.check_rules(number, kind, record)
                self.define(number, kind, record)
        if last == 0:
            self.problem(1, "the file is empty")
        elif footer is None:
            self.problem(
                last, "the dump ends without its footer line: the file is cut short"
            )
        else:
            self.check_footer(
                *footer,
                lines=lines,
                records=records,
                # A line too long to read cannot be hashed; it is refused already.
                checksum=None if too_long else checksum.hexdigest(),
            )
        self.check_pending()
        self.check_unique_in_archive()
        if self.more:
            self.problems.append(f"... and {self.more} more problems")
        return Checked(header=header or {}, records=records, problems=self.problems)

    def parse(self, number: int, line: bytes) -> dict | None:
        try:
            record = orjson.loads(line)
        except orjson.JSONDecodeError as error:
            self.problem(number, f"not JSON ({error})")
            return None
        if not isinstance(record, dict):
            self.problem(number, "not a JSON object")
            return None
        return record

    def check_header(self, record: dict) -> dict | None:
        if record.get("type") != "header":
            self.problem(1, "the first line must be the dump's header")
            return None
        if record.get("format") != FORMAT:
            self.problem(1, f"format {record.get('format')!r} is not {FORMAT!r}")
            return None
        if record.get("version") not in READABLE_VERSIONS:
            *earlier, last = (str(version) for version in READABLE_VERSIONS)
            readable = f"{', '.join(earlier)} and {last}"
            self.problem(
                1,
                f"format version {record.get('version')!r}; this archive reads "
                f"versions {readable}",
            )
            return None
        self.validate(1, "header", record)
        return record

    def check_footer(
        self, number, footer, *, lines: int, records: int, checksum: str | None
    ) -> None:
        if footer.get("records") != lines:
            parsed = f", of which {records} parsed" if records != lines else ""
            self.problem(
                number,
                f"the footer counts {footer.get('records')} records; the dump has "
                f"{lines} lines between its header and footer{parsed}",
            )
        if checksum is not None and footer.get("sha256") != checksum:
            self.problem(
                number,
                "the records' SHA-256 does not match the footer's: the dump was "
                "changed or damaged",
            )

    def validate(self, number: int, kind: str, record: dict) -> bool:
        errors = sorted(
            self.validators[kind].iter_errors(record), key=lambda e: list(e.path)
        )
        for error in errors[:3]:
            where = "/".join(str(step) for step in error.path)
            self.problem(
                number, f"{kind}{' ' + where if where else ''}: {error.message}"
            )
        return not errors

    def check_rules(self, number: int, kind: str, record: dict) -> None:
        """The database's rules for each field and constraint; unique values."""
        problems, unique = rules.record_problems(kind, record)
        for message in problems:
            self.problem(number, message)
        key = record[IDENTITY[kind][0]]
        for item in unique:
            given = self.unique.setdefault((item.model, item.field, item.holder), {})
            if item.value in given:
                first = given[item.value][0]
                self.problem(
                    number,
                    f"{kind} {item.path}: {item.value} is already given on line "
                    f"{first}",
                )
            else:
                given[item.value] = (number, kind, key, item.path)

    def check_unique_in_archive(self) -> None:
        """A unique value may not be held in the archive by another record.

        Unless that record comes earlier in the dump, which gives it anew: it is
        loaded first and lets go of the value.
        """
        for (model, field_name, holder), given in self.unique.items():
            values = list(given)
            for start in range(0, len(values), 500):
                held = model.objects.filter(
                    **{f"{field_name}__in": values[start : start + 500]}
                ).values_list(field_name, holder)
                for value, owner in held:
                    number, kind, key, path = given[value]
                    owner = str(owner)
                    if owner == key or self.renamed[kind].get(owner) == key:
                        continue
                    if self.defined[kind].get(owner, number) < number:
                        continue
                    self.problem(
                        number,
                        f"{kind} {path}: {value} is held by {kind} {owner!r} in the "
                        "archive",
                    )

    def define(self, number: int, kind: str, record: dict) -> None:
        key_name = IDENTITY[kind][0]
        key = record[key_name]
        if key in self.defined[kind]:
            first = self.defined[kind][key]
            self.problem(number, f"{kind} {key!r} is already given on line {first}")
            return
        for target, ref in references(kind, record):
            if ref is not None and ref not in self.defined[target]:
                self.pending.setdefault((target, ref), number)
        self.defined[kind][key] = number
        if kind == "update":
            for quote in record["quotes"]:
                self.defined["quote"][quote["uid"]] = number

    def check_pending(self) -> None:
        """References to records not earlier in the dump must be in the archive."""
        by_kind: dict[str, set] = {}
        for kind, key in self.pending:
            by_kind.setdefault(kind, set()).add(key)
        for kind, keys in by_kind.items():
            key_name, model = IDENTITY[kind]
            known = set()
            listed = sorted(keys)
            for start in range(0, len(listed), 500):
                chunk = listed[start : start + 500]
                if key_name == "uid":
                    chunk = [key for key in chunk if _is_uuid(key)]
                known |= {
                    str(value)
                    for value in model.objects.filter(
                        **{f"{key_name}__in": chunk}
                    ).values_list(key_name, flat=True)
                }
            # A record renamed by the dump is known by its new slug, when the
            # archive holds it by the old one.
            renamed = self.renamed[kind]
            if renamed:
                held = model.objects.filter(slug__in=list(renamed)).values_list(
                    "slug", flat=True
                )
                known |= {renamed[slug] for slug in held}
            for key in listed:
                if key in known:
                    continue
                number = self.pending[(kind, key)]
                later = self.defined[kind].get(key)
                if later:
                    self.problem(
                        number,
                        f"{kind} {key!r} is named before line {later} gives it",
                    )
                else:
                    self.problem(
                        number,
                        f"{kind} {key!r} is neither in the dump nor in the archive",
                    )


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def check(path) -> Checked:
    """Check the dump at `path`; raises DumpError with every problem found."""
    checked = Checker().check(path)
    if checked.problems:
        raise DumpError(checked.problems)
    return checked
