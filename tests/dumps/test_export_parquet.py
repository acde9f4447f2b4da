"""`export --format parquet`: one Parquet file per flat table, joinable by slug."""

import collections
import datetime
import re
from pathlib import Path

import duckdb
import orjson
import pyarrow.parquet as pq
import pytest
from django.core.management import CommandError, call_command

from items.models import (
    Credit,
    Event,
    Media,
    OrganizationMention,
    PersonMention,
    PlaceMention,
    Quote,
    ReportedFigure,
    Update,
)
from people.models import Affiliation, Organization, Person
from places.models import Place

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[2] / "README.md"


def export(directory: Path, *args) -> dict:
    call_command("export", "--format", "parquet", "-o", str(directory), *args)
    return orjson.loads((directory / "header.json").read_bytes())


def table(directory: Path, name: str):
    return pq.read_table(directory / f"{name}.parquet")


def test_every_table_holds_every_row(tmp_path, archive):
    header = export(tmp_path)
    mentions = sum(
        m.objects.count() for m in (PersonMention, OrganizationMention, PlaceMention)
    )
    expected = {
        "updates": Update.objects.count(),
        "mentions": mentions,
        "quotes": Quote.objects.filter(reported=False).count(),
        "statements": Quote.objects.filter(reported=True).count(),
        "media": Media.objects.count(),
        "credits": Credit.objects.count(),
        "persons": Person.objects.count(),
        "organizations": Organization.objects.count(),
        "places": Place.objects.count(),
        "affiliations": Affiliation.objects.count(),
        "events": Event.objects.count(),
        "figures": ReportedFigure.objects.count(),
    }
    for name, count in expected.items():
        assert table(tmp_path, name).num_rows == count == header["counts"][name], name
    assert header["filters"] == {} and "." in header["position"]
    updates = table(tmp_path, "updates")
    assert str(updates.schema.field("published_at").type) == "timestamp[us, tz=UTC]"
    assert str(table(tmp_path, "affiliations").schema.field("started_on").type) == (
        "date32[day]"
    )


def test_places_carry_their_paths(tmp_path, demo):
    export(tmp_path)
    places = table(tmp_path, "places").to_pydict()
    paths = dict(zip(places["slug"], places["path"], strict=True))
    assert paths["belgorod"] == "russia/belgorod-oblast/belgorod"
    assert paths["russia"] == "russia"


def test_the_readme_query_runs_and_agrees_with_the_archive(tmp_path, demo, monkeypatch):
    export(tmp_path / "archive")
    (sql,) = re.findall(r"```sql\n(-- Peskov.*?)```", README.read_text(), re.S)
    monkeypatch.chdir(tmp_path)
    found = duckdb.sql(sql).fetchall()
    quotes = Quote.objects.filter(person__name="Dmitry S. Peskov", reported=False)
    months = collections.Counter(
        (said_on or published_at.astimezone(datetime.UTC).date()).strftime("%Y-%m")
        for said_on, published_at in quotes.values_list("said_on", "published_at")
    )
    assert found == sorted(months.items()) != []


def test_a_public_slice_holds_only_what_the_public_sees(tmp_path, demo):
    hidden = Person.objects.get(slug="dmitry-peskov")
    hidden.is_confirmed = False
    hidden.save()
    header = export(tmp_path, "--status", "published", "--place", "russia")
    assert header["filters"]["status"] == ["published"]
    persons = table(tmp_path, "persons").column("slug").to_pylist()
    assert "dmitry-peskov" not in persons and persons
    quoted = set(table(tmp_path, "quotes").column("person").to_pylist())
    assert "dmitry-peskov" not in quoted
    entities = table(tmp_path, "mentions").column("entity").to_pylist()
    assert "dmitry-peskov" not in entities


def test_it_needs_a_directory(tmp_path, db):
    with pytest.raises(CommandError, match="directory"):
        call_command("export", "--format", "parquet")
    existing = tmp_path / "file.txt"
    existing.write_text("x")
    with pytest.raises(CommandError, match="not a directory"):
        call_command("export", "--format", "parquet", "-o", str(existing))
