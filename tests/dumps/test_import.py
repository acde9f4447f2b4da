"""manage.py import_dump: dumps load back whole; bad ones load nothing."""

import gzip
import hashlib
import io

import orjson
import pytest
from django.core.management import CommandError, call_command

from items.models import Contribution, Event, PersonMention, Quote, Story, Update
from items.synthetic import generate_archive
from people.models import Affiliation, Alias, Organization, Person
from places.models import Place

pytestmark = pytest.mark.django_db

ARCHIVE_MODELS = (Place, Person, Update, Quote, PersonMention, Alias)


def export(path, *args) -> bytes:
    call_command("export", "-o", str(path), *args)
    return path.read_bytes()


def load(path, *args) -> str:
    out = io.StringIO()
    call_command("import_dump", str(path), *args, stdout=out)
    return out.getvalue()


def empty_the_archive() -> None:
    """Delete every record, children first (the archive PROTECTs its references)."""
    for update in Update.objects.all():
        update.delete()
    Event.objects.all().delete()
    Affiliation.objects.all().delete()
    Story.objects.all().delete()
    Alias.objects.all().delete()
    Person.objects.all().delete()
    while Organization.objects.exists():
        Organization.objects.filter(children__isnull=True).delete()
    while Place.objects.exists():
        Place.objects.filter(children__isnull=True).delete()


def records_of(dump: bytes) -> list[bytes]:
    return dump.splitlines()[1:]  # all but the header, whose time differs


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in ARCHIVE_MODELS}


def rewrite(lines: list[bytes]) -> bytes:
    """A dump of `lines` (records) with a correct header and footer."""
    body = b"".join(line + b"\n" for line in lines)
    header = {
        "type": "header",
        "format": "newsarchive-dump",
        "version": 1,
        "created_at": "2026-11-24T00:00:00Z",
        "filters": {},
        "counts": {},
    }
    footer = {
        "type": "footer",
        "records": len(lines),
        "sha256": hashlib.sha256(body).hexdigest(),
    }
    return orjson.dumps(header) + b"\n" + body + orjson.dumps(footer) + b"\n"


@pytest.mark.parametrize("archive", ["demo", "generated", "slice"])
def test_a_dump_loaded_into_an_empty_archive_exports_the_same(
    tmp_path, request, archive
):
    if archive == "demo":
        request.getfixturevalue("demo")
        args = []
    else:
        generate_archive(updates=120, seed=6)
        country = Place.objects.filter(kind="country").first()
        args = ["--place", country.slug] if archive == "slice" else []
    first = export(tmp_path / "first.jsonl", *args)
    if archive == "generated":  # organizations' contributions travel too
        assert b'"role":"contributor","as_written":""' in first
        assert Contribution.objects.exclude(organization=None).exists()
    empty_the_archive()
    assert counts()["Update"] == 0

    out = load(tmp_path / "first.jsonl")
    assert "created:" in out
    again = export(tmp_path / "again.jsonl", *args)
    assert records_of(again) == records_of(first)


def test_a_dump_from_before_organizations_contributed_loads(tmp_path, demo):
    """Such a dump has no "organization" key in its contributions: the same
    format version, read as before."""
    first = records_of(export(tmp_path / "dump.jsonl"))
    old = []
    for line in first[:-1]:  # the footer is written again
        record = orjson.loads(line)
        if record["type"] == "update":
            for item in record["contributions"]:
                assert item.pop("organization") is None
        old.append(orjson.dumps(record))
    (tmp_path / "old.jsonl").write_bytes(rewrite(old))
    empty_the_archive()
    load(tmp_path / "old.jsonl")
    assert records_of(export(tmp_path / "again.jsonl")) == first


def test_loading_the_same_dump_twice_changes_nothing(tmp_path, demo):
    export(tmp_path / "dump.jsonl")
    before = counts()
    out = load(tmp_path / "dump.jsonl")
    assert counts() == before
    assert "created: none" in out and "updated: none" in out
    history = Update.history.count()
    load(tmp_path / "dump.jsonl")
    assert Update.history.count() == history  # not even a new version


def test_a_record_that_differs_is_updated_and_reported(tmp_path, demo):
    export(tmp_path / "dump.jsonl")
    update = Update.objects.get()
    original = update.headline
    update.headline = "A curator's later wording"
    update.save()
    Quote.objects.filter(update=update).first().delete()
    girkin = Person.objects.get(slug="igor-girkin")
    girkin.description = "changed here"
    girkin.save()
    affiliation = Affiliation.objects.first()
    title = affiliation.title
    affiliation.title = "changed title"
    affiliation.save()

    out = load(tmp_path / "dump.jsonl")
    assert f"update {update.uid}: " in out
    assert "headline" in out and "quotes" in out
    assert "person igor-girkin: description" in out
    assert f"affiliation {affiliation.uid}: title" in out
    affiliation.refresh_from_db()
    assert affiliation.title == title
    update.refresh_from_db()
    assert update.headline == original
    assert Quote.objects.filter(update=update).count() == len(
        [q for q in orjson.loads(_update_line(tmp_path / "dump.jsonl"))["quotes"]]
    )


def _update_line(path) -> bytes:
    return next(
        line
        for line in path.read_bytes().splitlines()
        if orjson.loads(line)["type"] == "update"
    )


def test_a_dry_run_reports_and_writes_nothing(tmp_path, demo):
    export(tmp_path / "dump.jsonl")
    empty_the_archive()
    out = load(tmp_path / "dump.jsonl", "--dry-run")
    assert "Dry run, nothing written" in out
    assert "1 update" in out and "7 person" in out
    assert counts()["Update"] == counts()["Person"] == 0


def test_gzip_dumps_load(tmp_path, demo):
    export(tmp_path / "dump.jsonl.gz")
    empty_the_archive()
    load(tmp_path / "dump.jsonl.gz")
    assert Update.objects.count() == 1


def bad(tmp_path, content: bytes, *, name="bad.jsonl") -> str:
    """Load `content`; the command must fail, write nothing, and say why."""
    path = tmp_path / name
    path.write_bytes(content)
    before = counts()
    with pytest.raises(CommandError) as failure:
        load(path)
    assert counts() == before
    assert "nothing was written" in str(failure.value)
    return str(failure.value)


@pytest.fixture
def good(tmp_path, demo) -> list[bytes]:
    """The demo's dump, as lines, into an archive that lacks the demo update."""
    lines = export(tmp_path / "good.jsonl").splitlines()
    Update.objects.get().delete()
    return lines


def test_a_record_the_database_would_refuse_late_in_the_file_leaves_nothing(
    tmp_path, demo
):
    # Into an empty archive, the last record is an affiliation that ends before it
    # starts: a rule of the database, not of the dump's schema. It is refused by
    # the checks, before the records before it are written.
    dump = export(tmp_path / "all.jsonl").splitlines()
    empty_the_archive()
    lines = dump[1:-1]
    last = max(
        i for i, line in enumerate(lines) if orjson.loads(line)["type"] == "affiliation"
    )
    record = orjson.loads(lines[last])
    record.update(started_on="2023-05-24", ended_on="2023-05-01")
    lines[last] = orjson.dumps(record)
    message = bad(tmp_path, rewrite(lines))
    assert (
        f"line {last + 2}: affiliation: An affiliation cannot end before it starts."
        in message
    )
    assert counts() == {model.__name__: 0 for model in ARCHIVE_MODELS}


def test_a_truncated_file(tmp_path, good):
    message = bad(tmp_path, b"\n".join(good[:-3]) + b"\n")
    assert f"line {len(good) - 3}: the dump ends without its footer" in message


def test_a_truncated_gzip_file(tmp_path, good):
    packed = gzip.compress(b"\n".join(good) + b"\n")
    message = bad(tmp_path, packed[: len(packed) // 2], name="bad.jsonl.gz")
    assert "cut short" in message


def test_lines_that_are_not_json_or_of_unknown_type_all_reported(tmp_path, good):
    lines = good[1:-1]
    lines[2] = b'{"type": "place", "slug": '
    lines[4] = b'{"type": "planet", "slug": "mars"}'
    message = bad(tmp_path, rewrite(lines))
    assert "line 4: not JSON" in message
    assert "line 6: unknown record type 'planet'" in message


def test_a_missing_required_field(tmp_path, good):
    lines = good[1:-1]
    record = orjson.loads(lines[0])
    del record["name"]
    lines[0] = orjson.dumps(record)
    message = bad(tmp_path, rewrite(lines))
    assert "line 2: place: 'name' is a required property" in message


def test_a_reference_to_a_record_that_exists_nowhere(tmp_path, good):
    lines = good[1:-1]
    index = next(
        i for i, line in enumerate(lines) if orjson.loads(line)["type"] == "update"
    )
    record = orjson.loads(lines[index])
    record["persons"][0]["person"] = "nobody-at-all"
    lines[index] = orjson.dumps(record)
    message = bad(tmp_path, rewrite(lines))
    expected = "person 'nobody-at-all' is neither in the dump nor in the archive"
    assert f"line {index + 2}: {expected}" in message


def test_a_wrong_format_version(tmp_path, good):
    header = orjson.loads(good[0])
    header["version"] = 4
    message = bad(tmp_path, b"\n".join([orjson.dumps(header), *good[1:]]) + b"\n")
    assert "line 1: format version 4; this archive reads versions 1, 2 and 3" in message


def test_a_checksum_that_does_not_match(tmp_path, good):
    lines = list(good)
    lines[1] = lines[1].replace(b'"name":"Russia"', b'"name":"Rossiya"')
    message = bad(tmp_path, b"\n".join(lines) + b"\n")
    assert f"line {len(lines)}: the records' SHA-256 does not match" in message


def test_several_problems_are_all_reported(tmp_path, good):
    lines = good[1:-1]
    lines[0] = b"not json"
    lines[1] = b'{"type": "comet"}'
    message = bad(tmp_path, rewrite(lines))
    assert "line 2:" in message and "line 3:" in message


def test_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        load(tmp_path / "absent.jsonl")
