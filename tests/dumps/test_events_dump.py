"""Events in dumps (format version 2): whole, in slices, and from older dumps."""

import orjson
import pytest

from items.models import Event, EventReport, Quote, ReportedFigure, Update
from tests.dumps import test_import
from tests.dumps.test_import import (
    bad,
    empty_the_archive,
    export,
    load,
    records_of,
    rewrite,
)
from tests.dumps.test_import_rules import edited
from tests.items.factories import (
    EventReportFactory,
    PersonMentionFactory,
    ReportedFigureFactory,
    UpdateFactory,
)
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

good = test_import.good  # the demo's dump, into an archive without its update
SEED = "belgorod-cross-border-raid-2023-05"


def typed(dump: bytes, kind: str) -> list[dict]:
    return [
        record
        for line in dump.splitlines()
        if (record := orjson.loads(line))["type"] == kind
    ]


def test_the_seed_event_travels_with_its_parts(tmp_path, demo):
    dump = export(tmp_path / "dump.jsonl")
    header = orjson.loads(dump.splitlines()[0])
    assert header["version"] == 3
    assert (header["counts"]["event"], header["counts"]["figures"]) == (1, 3)
    (event,) = typed(dump, "event")
    assert event["slug"] == SEED
    assert len(event["actors"]) == 4 and len(event["quotes"]) == 4
    # Events come last: after the updates and quotes they name.
    assert orjson.loads(dump.splitlines()[-2])["type"] == "event"
    empty_the_archive()
    load(tmp_path / "dump.jsonl")
    loaded = Event.objects.get(slug=SEED)
    assert loaded.quotes.count() == 4 and loaded.figures.count() == 3
    assert records_of(export(tmp_path / "again.jsonl")) == records_of(dump)


def test_a_version_1_dump_still_loads(tmp_path, demo):
    """Written before events: no event lines, and version 1 in its header."""
    lines = [
        line
        for line in records_of(export(tmp_path / "dump.jsonl"))[:-1]
        if orjson.loads(line)["type"] != "event"
    ]
    old = rewrite(lines)
    assert orjson.loads(old.splitlines()[0])["version"] == 1
    (tmp_path / "old.jsonl").write_bytes(old)
    empty_the_archive()
    load(tmp_path / "old.jsonl")
    assert Update.objects.count() == 1 and not Event.objects.exists()


@pytest.fixture
def two_updates(demo):
    """The seed event, reported also by a second update that names another person."""
    event = Event.objects.get(slug=SEED)
    other = UpdateFactory(status=Update.Status.PUBLISHED)
    witness = PersonFactory(slug="witness")
    PersonMentionFactory(update=other, person=witness)
    EventReportFactory(event=event, update=other)
    ReportedFigureFactory(event=event, update=other, person=witness, value_low=7)
    return other


def test_a_slice_holds_the_events_its_updates_report_and_stays_closed(
    tmp_path, two_updates
):
    dump = export(tmp_path / "slice.jsonl", "--person", "igor-girkin")
    (event,) = typed(dump, "event")
    assert [r["update"] for r in event["reports"]] == [
        str(Update.objects.exclude(pk=two_updates.pk).get().uid)
    ]
    outside = next(f for f in event["figures"] if f["value_low"] == 7)
    assert outside["update"] is None  # its update is not in the slice
    # Everything the event names is in the slice: the claimant too.
    assert "witness" in [p["slug"] for p in typed(dump, "person")]
    organizations = {o["slug"] for o in typed(dump, "organization")}
    assert {a["organization"] for a in event["actors"]} <= organizations
    empty_the_archive()
    load(tmp_path / "slice.jsonl")
    assert Event.objects.get(slug=SEED).figures.count() == 4


def test_a_slice_loaded_into_a_fuller_archive_takes_nothing_away(tmp_path, two_updates):
    export(tmp_path / "slice.jsonl", "--person", "igor-girkin")
    event = Event.objects.get(slug=SEED)
    before = set(EventReport.objects.filter(event=event).values_list("update", "id"))
    figures = dict(ReportedFigure.objects.values_list("uid", "update"))
    out = load(tmp_path / "slice.jsonl")
    assert "unchanged: 7 affiliation, 1 event" in out
    assert set(EventReport.objects.values_list("update", "id")) == before
    assert dict(ReportedFigure.objects.values_list("uid", "update")) == figures


def test_an_event_the_archive_would_refuse_is_refused_with_its_line(tmp_path, good):
    def reversed_range(record):
        record["figures"][0].update(value_low=30, value_high=20)
        record["actors"][0]["role"] = "bystander"

    content, line = edited(good, "event", reversed_range)
    message = bad(tmp_path, content)
    assert f"line {line}: event figures/0: A range runs from its low value" in message
    assert f"line {line}: event actors/0/role:" in message


def test_an_event_naming_a_quote_nowhere_to_be_found_is_refused(tmp_path, good):
    def unknown_quote(record):
        record["quotes"].append("00000000-0000-4000-8000-000000000000")

    content, line = edited(good, "event", unknown_quote)
    message = bad(tmp_path, content)
    assert (
        f"line {line}: quote '00000000-0000-4000-8000-000000000000' is neither in "
        "the dump nor in the archive" in message
    )
    assert Quote.objects.filter(event__isnull=False).count() == 0
