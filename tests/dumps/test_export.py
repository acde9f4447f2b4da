"""manage.py export: the whole archive or a closed slice, as JSON Lines."""

import gzip
import hashlib

import orjson
import pytest
from django.core.management import CommandError, call_command

from dumps.management.commands.export import Command
from items.models import Update
from items.synthetic import generate_archive
from people.models import Organization, Person
from places.models import Place

pytestmark = pytest.mark.django_db

ORDER = ["place", "organization", "person", "story", "update", "affiliation", "event"]


def export(tmp_path, *args, name="dump.jsonl") -> list[bytes]:
    path = tmp_path / name
    call_command("export", "-o", str(path), *args)
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "rb") as dump:
        return dump.read().splitlines(keepends=True)


def records(lines: list[bytes]) -> list[dict]:
    return [orjson.loads(line) for line in lines[1:-1]]


def unresolved(lines: list[bytes]) -> list[str]:
    """References in the dump to records it does not hold, or holds only later."""
    seen: dict[str, set] = {kind: set() for kind in [*ORDER, "quote"]}
    missing = []

    def need(kind, key):
        if key is not None and key not in seen[kind]:
            missing.append(f"{kind} {key}")

    for record in records(lines):
        kind = record["type"]
        if kind == "place":
            need("place", record["parent"])
        elif kind == "organization":
            for key in ("country", "based_in"):
                need("place", record[key])
            need("organization", record["parent"])
        elif kind == "story":
            need("organization", record["publisher"])
        elif kind == "update":
            need("story", record["story"])
            for part, ref, target in (
                ("persons", "person", "person"),
                ("organizations", "organization", "organization"),
                ("places", "place", "place"),
                ("contributions", "person", "person"),
                ("quotes", "person", "person"),
                ("quotes", "organization", "organization"),
                ("media", "place", "place"),
            ):
                for item in record[part]:
                    need(target, item[ref])
            for media in record["media"]:
                for credit in media["credits"]:
                    need("person", credit["person"])
                    need("organization", credit["organization"])
            seen["quote"] |= {quote["uid"] for quote in record["quotes"]}
        elif kind == "event":
            need("place", record["place"])
            for item in [*record["actors"], *record["figures"]]:
                need("person", item["person"])
                need("organization", item["organization"])
            for item in [*record["figures"], *record["reports"]]:
                need("update", item["update"])
            for quote in record["quotes"]:
                need("quote", quote)
        elif kind == "affiliation":
            need("person", record["person"])
            need("organization", record["organization"])
            need("place", record["jurisdiction"])
            need("update", record["source"])
        seen[kind].add(record.get("slug") or record.get("uid"))
    return missing


def test_the_whole_archive_with_header_counts_and_checksum(tmp_path, demo):
    lines = export(tmp_path)
    header, footer = orjson.loads(lines[0]), orjson.loads(lines[-1])
    assert header["type"] == "header"
    assert (header["format"], header["version"]) == ("newsarchive-dump", 3)
    assert header["filters"] == {}
    body = records(lines)
    kinds = [record["type"] for record in body]
    assert kinds == sorted(kinds, key=ORDER.index)  # what is referenced comes first
    for kind in ORDER:
        assert header["counts"][kind] == kinds.count(kind), kind
    assert header["counts"]["person"] == Person.objects.count()
    assert header["counts"]["quotes"] == sum(
        len(record["quotes"]) for record in body if record["type"] == "update"
    )
    assert footer == {
        "type": "footer",
        "records": len(body),
        "sha256": hashlib.sha256(b"".join(lines[1:-1])).hexdigest(),
    }
    assert unresolved(lines) == []


def test_a_dump_file_appears_only_whole(tmp_path, demo):
    target = tmp_path / "dump.jsonl"
    target.write_bytes(b"an earlier dump\n")
    # An export that fails half-way (a full disk, say) leaves the earlier dump.
    with pytest.raises(OSError), Command().output(str(target)) as out:
        out.write(b'{"type":"header"}\n')
        raise OSError(28, "No space left on device")
    assert target.read_bytes() == b"an earlier dump\n"
    assert [path.name for path in tmp_path.iterdir()] == ["dump.jsonl"]

    lines = export(tmp_path)
    assert orjson.loads(lines[-1])["type"] == "footer"
    assert [path.name for path in tmp_path.iterdir()] == ["dump.jsonl"]  # no .part


def test_an_unwritable_output_is_a_clear_error(tmp_path, demo):
    missing = tmp_path / "no-such-folder" / "dump.jsonl"
    with pytest.raises(CommandError, match=r"cannot write .*no-such-folder"):
        call_command("export", "-o", str(missing))


def test_organizations_come_after_their_parents(tmp_path):
    # Created child first, so that the ids run against the hierarchy.
    unit = Organization.objects.create(slug="unit", name="Unit", kind="military")
    brigade = Organization.objects.create(slug="brigade", name="Brigade")
    army = Organization.objects.create(slug="army", name="Army")
    Organization.objects.create(slug="lone", name="Lone")
    Organization.objects.filter(pk=unit.pk).update(parent=brigade)
    Organization.objects.filter(pk=brigade.pk).update(parent=army)

    lines = export(tmp_path)
    slugs = [r["slug"] for r in records(lines) if r["type"] == "organization"]
    assert sorted(slugs) == ["army", "brigade", "lone", "unit"]
    assert slugs.index("army") < slugs.index("brigade") < slugs.index("unit")
    assert unresolved(lines) == []


def test_an_update_carries_its_parts(tmp_path, demo):
    update = Update.objects.get()
    (record,) = [r for r in records(export(tmp_path)) if r["type"] == "update"]
    assert record["uid"] == str(update.uid)
    assert record["headline"] == update.headline
    assert len(record["quotes"]) == update.quotes.count()
    quoted = {quote["person"] for quote in record["quotes"]}
    assert "dmitry-peskov" in quoted
    (media,) = record["media"]
    assert [credit["role"] for credit in media["credits"]] == [
        "originator",
        "agency",
        "distributor",
    ]
    assert len(record["corrections"]) == update.corrections.count()
    assert record["contributions"][0]["person"]


def test_gzip_by_extension_holds_the_same_records(tmp_path, demo):
    plain = export(tmp_path)
    packed = export(tmp_path, name="dump.jsonl.gz")
    assert packed[1:] == plain[1:]  # the header differs only by its time


def test_standard_output_by_default_with_no_progress_in_a_pipe(capsysbinary, demo):
    call_command("export")
    captured = capsysbinary.readouterr()
    lines = captured.out.splitlines(keepends=True)
    assert orjson.loads(lines[0])["type"] == "header"
    assert orjson.loads(lines[-1])["type"] == "footer"
    assert captured.err == b""


def test_a_slice_is_closed_and_holds_only_matching_updates(tmp_path):
    generate_archive(updates=300, seed=3)
    country = max(
        Place.objects.filter(kind="country"),
        key=lambda place: Place.objects.inside(place).count(),
    )
    lines = export(tmp_path, "--place", country.slug, "--status", "published")
    header = orjson.loads(lines[0])
    assert header["filters"] == {"place": country.slug, "status": ["published"]}
    uids = {r["uid"] for r in records(lines) if r["type"] == "update"}
    expected = (
        Update.objects.published().in_place(country).values_list("uid", flat=True)
    )
    assert uids == {str(uid) for uid in expected}
    assert 0 < len(uids) < Update.objects.count()
    assert unresolved(lines) == []


def test_a_full_text_slice_holds_the_matching_updates(tmp_path):
    """--q filters as the API's q does, a phrase and an exclusion included."""
    generate_archive(updates=200, seed=3)
    query = '"drone strike" -convoy'
    lines = export(tmp_path, "--q", query, "--status", "published")
    assert orjson.loads(lines[0])["filters"] == {"q": query, "status": ["published"]}
    uids = {r["uid"] for r in records(lines) if r["type"] == "update"}
    expected = Update.objects.published().matching(query).values_list("uid", flat=True)
    assert uids == {str(uid) for uid in expected}
    assert 0 < len(uids) < Update.objects.published().count()
    assert unresolved(lines) == []
    with pytest.raises(CommandError, match="--q: At most 100 words"):
        export(tmp_path, "--q", "drone " * 101)


def test_a_persons_slice_is_closed(tmp_path):
    generate_archive(updates=200, seed=4)
    person = Person.objects.filter(quotes__isnull=False).first()
    lines = export(tmp_path, "--person", person.slug)
    body = records(lines)
    assert any(r["type"] == "update" for r in body)
    assert unresolved(lines) == []
    slugs = {r["slug"] for r in body if r["type"] == "person"}
    assert person.slug in slugs
    assert len(slugs) < Person.objects.count()  # a slice, not everyone


def test_bad_filters_name_the_option(tmp_path, demo):
    with pytest.raises(CommandError, match="--person"):
        call_command("export", "-o", str(tmp_path / "x.jsonl"), "--person", "nobody")
    with pytest.raises(CommandError, match="--published-after"):
        call_command(
            "export", "-o", str(tmp_path / "x.jsonl"), "--published-after", "24 May"
        )
    with pytest.raises(CommandError, match="--place: No place with slug 'atlantis'"):
        call_command("export", "-o", str(tmp_path / "x.jsonl"), "--place", "atlantis")
    assert not (tmp_path / "x.jsonl").exists()
