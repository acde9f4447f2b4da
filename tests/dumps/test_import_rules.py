"""manage.py import_dump refuses, before writing, a record the database would refuse.

Each refusal names the line and the field; nothing is written.
"""

import tracemalloc

import orjson
import pytest
from django.core.management import CommandError
from django.db import models

from dumps import checking, rules
from tests.dumps import test_import
from tests.dumps.test_import import bad, rewrite
from tests.items.factories import QuoteFactory

pytestmark = pytest.mark.django_db

good = test_import.good  # the demo's dump, into an archive without its update


def edited(good, kind: str, change, *, which: int = 0) -> tuple[bytes, int]:
    """The dump with `change` applied to its `which`th `kind` record; its line."""
    lines = good[1:-1]
    index = [i for i, line in enumerate(lines) if orjson.loads(line)["type"] == kind][
        which
    ]
    record = orjson.loads(lines[index])
    change(record)
    lines[index] = orjson.dumps(record)
    return rewrite(lines), index + 2


def test_a_name_longer_than_its_column(tmp_path, good):
    dump, line = edited(good, "person", lambda r: r.update(name="N" * 201), which=3)
    message = bad(tmp_path, dump)
    assert (
        f"line {line}: person name: Ensure this value has at most 200 characters "
        "(it has 201)." in message
    )


def test_a_nul_character_in_text(tmp_path, good):
    dump, line = edited(good, "update", lambda r: r.update(body="a\x00b"))
    message = bad(tmp_path, dump)
    assert f"line {line}: update body: holds a NUL character" in message


def test_a_too_long_value_inside_a_part(tmp_path, good):
    def change(record):
        record["quotes"][1]["speaker_description"] = "s" * 301
        record["media"][0]["credits"][0]["as_written"] = "c" * 301

    dump, line = edited(good, "update", change)
    message = bad(tmp_path, dump)
    assert f"line {line}: update quotes/1/speaker_description: Ensure" in message
    assert f"line {line}: update media/0/credits/0/as_written: Ensure" in message


@pytest.mark.parametrize(
    "kind, change, expected",
    [
        ("place", {"kind": "planet"}, "place kind: 'planet' is not one of"),
        ("place", {"latitude": 95.5, "longitude": 10.0}, "place latitude: Ensure"),
        ("place", {"geonames_id": -1}, "place geonames_id: -1 is outside"),
        ("place", {"country_code": "rus"}, "place country_code: Two capital letters"),
        ("update", {"uid": "not-a-uuid"}, "update uid: “not-a-uuid” is not a valid"),
        ("update", {"published_at": "2023-02-30T00:00:00Z"}, "update published_at:"),
        ("affiliation", {"started_on": "2023-13-01"}, "affiliation started_on:"),
    ],
)
def test_a_field_value_the_archive_cannot_hold(tmp_path, good, kind, change, expected):
    dump, line = edited(good, kind, lambda r: r.update(change))
    assert f"line {line}: {expected}" in bad(tmp_path, dump)


def test_a_number_out_of_its_column_range(tmp_path, good):
    dump, line = edited(good, "update", lambda r: r["quotes"][0].update(position=70000))
    message = bad(tmp_path, dump)
    assert (
        f"line {line}: update quotes/0/position: 70000 is outside the column's range, "
        "0 to 32767." in message
    )


def test_check_constraints_are_checked_before_writing(tmp_path, good):
    def ends_before_it_starts(record):
        record.update(started_on="2023-05-24", ended_on="2023-05-01")

    def speaker_and_both_parties(record):
        record["quotes"][0].update(person=None, organization=None)
        record["quotes"][0]["speaker_description"] = ""
        credit = record["media"][0]["credits"][0]
        credit.update(person="igor-girkin", organization="epa")

    lines = good[1:-1]
    country = next(i for i, line in enumerate(lines) if b'"kind":"country"' in line)
    record = orjson.loads(lines[country])
    record["parent"] = "ukraine"
    lines[country] = orjson.dumps(record)
    for kind, change in [
        ("affiliation", ends_before_it_starts),
        ("update", speaker_and_both_parties),
    ]:
        index = next(
            i for i, ln in enumerate(lines) if orjson.loads(ln)["type"] == kind
        )
        record = orjson.loads(lines[index])
        change(record)
        lines[index] = orjson.dumps(record)
    message = bad(tmp_path, rewrite(lines))
    assert (
        f"line {country + 2}: place: A country does not lie inside another place."
        in message
    )
    assert ": affiliation: An affiliation cannot end before it starts." in message
    assert ": update quotes/0: A quote needs a speaker" in message
    assert ": update media/0/credits/0: A credit names exactly one party" in message


def test_a_place_that_is_its_own_parent(tmp_path, good):
    dump, line = edited(good, "place", lambda r: r.update(parent=r["slug"]), which=4)
    message = bad(tmp_path, dump)
    assert f"line {line}: place: A place cannot lie inside itself." in message


def test_a_part_given_twice_in_one_update(tmp_path, good):
    def change(record):
        record["persons"].append(dict(record["persons"][0], rel="about"))
        record["contributions"].append(record["contributions"][0])

    dump, line = edited(good, "update", change)
    message = bad(tmp_path, dump)
    persons = len(orjson.loads(_update(good))["persons"])
    assert (
        f"line {line}: update persons/{persons}: This person is already linked to "
        "the update. (as persons/0)" in message
    )
    assert "update contributions/1: This person already has this role" in message


def test_an_alias_given_twice_whatever_its_case(tmp_path, good):
    def change(record):
        alias = record["aliases"][0]
        record["aliases"].append(dict(alias, name=alias["name"].upper()))

    dump, line = edited(good, "person", change)
    message = bad(tmp_path, dump)
    assert f"line {line}: person aliases/1: This person already has that alias." in (
        message
    )


def _update(good) -> bytes:
    return next(line for line in good if orjson.loads(line)["type"] == "update")


def test_a_unique_value_given_twice_in_the_dump(tmp_path, good):
    lines = good[1:-1]
    index = next(
        i for i, ln in enumerate(lines) if orjson.loads(ln)["type"] == "update"
    )
    record = orjson.loads(lines[index])
    quote = record["quotes"][0]
    record["quotes"][2]["uid"] = quote["uid"]
    lines[index] = orjson.dumps(record)
    places = [i for i, ln in enumerate(lines) if orjson.loads(ln)["type"] == "place"]
    for i in places[:2]:
        place = orjson.loads(lines[i])
        place["geonames_id"] = 524901
        lines[i] = orjson.dumps(place)
    message = bad(tmp_path, rewrite(lines))
    assert (
        f"line {index + 2}: update quotes/2/uid: {quote['uid']} is already given on "
        f"line {index + 2}" in message
    )
    assert (
        f"line {places[1] + 2}: place geonames_id: 524901 is already given on line "
        f"{places[0] + 2}" in message
    )


def test_a_unique_value_held_by_another_record_in_the_archive(tmp_path, good):
    elsewhere = QuoteFactory()
    dump, line = edited(
        good, "update", lambda r: r["quotes"][0].update(uid=str(elsewhere.uid))
    )
    message = bad(tmp_path, dump)
    assert (
        f"line {line}: update quotes/0/uid: {elsewhere.uid} is held by update "
        f"'{elsewhere.update.uid}' in the archive" in message
    )


def test_the_database_still_refuses_what_the_checks_cannot_see(tmp_path, good):
    # An alias that differs from one the archive holds only by its case is added
    # by the loader (it matches aliases exactly), and the database's unique index
    # on the lower-cased name refuses it: with the line, and nothing written.
    def change(record):
        record["aliases"][0]["name"] = record["aliases"][0]["name"].upper()
        record["aliases"][0]["kind"] = "other_form"

    dump, line = edited(good, "person", change)
    message = bad(tmp_path, dump)
    assert f"line {line}: the archive refused this record" in message


def test_every_check_constraint_of_a_dumped_model_is_evaluated():
    """A new constraint with a lookup rules.holds does not know fails here."""

    def kinds(kind):
        yield kind
        for part in kind.parts.values():
            yield from kinds(part)

    checked = 0
    for record in rules.RECORDS.values():
        for kind in kinds(record):
            for constraint in kind.shape.model._meta.constraints:
                if isinstance(constraint, models.CheckConstraint):
                    assert rules.evaluable(constraint.condition), constraint.name
                    checked += 1
    assert checked >= 8


def test_a_line_over_the_limit_is_refused_as_it_is_read(tmp_path, good):
    lines = good[1:-1]
    index = next(
        i for i, ln in enumerate(lines) if orjson.loads(ln)["type"] == "update"
    )
    record = orjson.loads(lines[index])
    record["body"] = "x" * checking.MAX_LINE_BYTES
    lines[index] = orjson.dumps(record)
    message = bad(tmp_path, rewrite(lines))
    assert (
        f"line {index + 2}: the line is longer than {checking.MAX_LINE_BYTES:,} "
        "bytes, the most a dump's line may hold; it was not read" in message
    )
    # The lines after it are still read, up to the footer, whose count holds.
    assert "ends without its footer" not in message
    assert "the footer counts" not in message


def test_a_huge_line_is_never_held_whole(tmp_path, good):
    lines = good[1:-1]
    huge = 10 * checking.MAX_LINE_BYTES
    lines.insert(0, b'{"type": "place", "name": "' + b"x" * huge + b'"}')
    path = tmp_path / "huge.jsonl"
    path.write_bytes(rewrite(lines))
    tracemalloc.start()
    try:
        with pytest.raises(CommandError, match="line 2: the line is longer"):
            test_import.load(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 3 * checking.MAX_LINE_BYTES < huge


def test_the_footer_count_is_of_the_lines_and_says_how_many_parsed(tmp_path, good):
    lines = good[1:-1]
    lines[3] = b'{"type": "place", "slug": '
    message = bad(tmp_path, rewrite(lines))
    assert "line 5: not JSON" in message
    # The footer counts and hashes every line between the header and the footer,
    # the one that is not JSON too: the footer is right, and says nothing.
    assert "the footer counts" not in message and "SHA-256" not in message

    del lines[7]
    dump = rewrite(lines).splitlines()
    footer = orjson.loads(dump[-1])
    footer["records"] += 1
    dump[-1] = orjson.dumps(footer)
    message = bad(tmp_path, b"\n".join(dump) + b"\n")
    total = len(lines)
    assert (
        f"the footer counts {total + 1} records; the dump has {total} lines between "
        f"its header and footer, of which {total - 1} parsed" in message
    )
