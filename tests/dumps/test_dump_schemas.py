"""Every line of a dump validates against its documented JSON Schema."""

import json
from pathlib import Path

import jsonschema
import orjson
import pytest
from django.core.management import call_command

from items.models import Update
from people.models import Person

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parents[2] / "dumps" / "schemas"


def validators() -> dict:
    found = {}
    for path in SCHEMAS.glob("*.json"):
        schema = json.loads(path.read_text())
        jsonschema.Draft202012Validator.check_schema(schema)
        found[path.stem] = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.FormatChecker()
        )
    return found


def test_every_line_matches_its_schema(tmp_path, archive):
    path = tmp_path / "dump.jsonl"
    call_command("export", "-o", str(path))
    # And an incremental dump, with a record renamed and one deleted.
    position = orjson.loads(path.read_bytes().split(b"\n", 1)[0])["position"]
    person = Person.objects.order_by("id").first()
    person.slug += "-renamed"
    person.save()
    Update.objects.order_by("id").first().delete()
    since = tmp_path / "since.jsonl"
    call_command("export", "-o", str(since), "--since", position)
    by_type = validators()
    seen = set()
    lines = [*path.read_bytes().splitlines(), *since.read_bytes().splitlines()]
    for number, line in enumerate(lines, start=1):
        record = orjson.loads(line)
        errors = list(by_type[record["type"]].iter_errors(record))
        assert not errors, f"line {number}: {errors[0].message}"
        seen.add(record["type"])
    # Every schema is exercised (the generator writes no affiliations).
    assert seen | ({"affiliation"} if archive == "generated" else set()) == set(by_type)
