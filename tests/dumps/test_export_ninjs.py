"""manage.py export --format ninjs: one valid IPTC ninjs 3.1 object per update."""

import json
from pathlib import Path

import orjson
import pytest
from django.core.management import call_command
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from items.models import Update

pytestmark = pytest.mark.django_db

SCHEMA = (
    Path(__file__).resolve().parents[3] / "shared" / "ninjs" / "ninjs-schema_3.1.json"
)
# The schema's one external reference, given locally so validation never reaches
# the network: an object, which is all GeoJSON requires at its root.
GEOJSON = "https://geojson.org/schema/GeoJSON.json"


def validator() -> Draft202012Validator:
    registry = Registry().with_resource(
        GEOJSON,
        Resource.from_contents(
            {"$schema": Draft202012Validator.META_SCHEMA["$id"], "type": "object"}
        ),
    )
    return Draft202012Validator(
        json.loads(SCHEMA.read_text()),
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


@pytest.mark.skipif(not SCHEMA.exists(), reason=f"ninjs schema not found at {SCHEMA}")
def test_every_update_is_a_valid_ninjs_object(tmp_path, archive):
    path = tmp_path / "ninjs.jsonl"
    call_command(
        "export",
        "--format",
        "ninjs",
        "--base-url",
        "https://archive.example",
        "-o",
        str(path),
    )
    lines = path.read_bytes().splitlines()
    assert len(lines) == Update.objects.count()
    check = validator()
    for number, line in enumerate(lines, start=1):
        item = orjson.loads(line)
        errors = [f"{list(e.path)}: {e.message}" for e in check.iter_errors(item)]
        assert not errors, f"line {number}: {errors[:3]}"
        assert item["uri"].startswith("https://archive.example/api/v1/updates/")
    first = orjson.loads(lines[0])
    assert first["headlines"][0]["value"]
    if archive == "demo":
        assert {s["role"] for s in first["infoSources"]} == {
            "originator",
            "agency",
            "distributor",
        }
        assert first["associations"][0]["type"] == "picture"
