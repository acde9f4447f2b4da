import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from items.models import Update

pytestmark = pytest.mark.django_db

# The IPTC schema is copied into the project's tests only as a path: CI always has
# ../shared; where it is absent the validity test skips with this reason.
SCHEMA = (
    Path(__file__).resolve().parents[3] / "shared" / "ninjs" / "ninjs-schema_3.1.json"
)


@pytest.fixture
def ninjs(api_client, demo):
    update = Update.objects.get()
    response = api_client.get(f"/api/v1/updates/{update.pk}/ninjs/")
    assert response.status_code == 200
    return response.json()


def test_ninjs_carries_the_update_and_its_links(ninjs):
    assert ninjs["type"] == "text"
    assert ninjs["headlines"][0]["value"].startswith("Raid into Belgorod Oblast")
    assert {"name": "Igor Girkin", "rel": "mentions"}.items() <= next(
        p for p in ninjs["people"] if p["literal"] == "igor-girkin"
    ).items()
    assert "Andrew E. Kramer (contributor)" in ninjs["by"]
    assert [(s["name"], s["role"]) for s in ninjs["infoSources"]] == [
        ("Ministry of Defence of the Russian Federation", "originator"),
        ("EPA", "agency"),
        ("Shutterstock", "distributor"),
    ]
    (photo,) = ninjs["associations"]
    assert photo["type"] == "picture"
    assert (
        photo["copyrightNotice"]
        == "Ministry of Defense of Russia/EPA, via Shutterstock"
    )
    russia = next(p for p in ninjs["places"] if p["literal"] == "russia")
    assert russia["uri"] == "http://www.wikidata.org/entity/Q159"
    (event,) = ninjs["events"]
    assert (event["literal"], event["rel"]) == (
        "belgorod-cross-border-raid-2023-05",
        "reports",
    )
    assert event["uri"].endswith("/api/v1/events/belgorod-cross-border-raid-2023-05/")


def test_ninjs_names_no_draft_event(api_client, demo):
    from items.models import Event

    Event.objects.update(status=Event.Status.DRAFT)
    update = Update.objects.get()
    ninjs = api_client.get(f"/api/v1/updates/{update.pk}/ninjs/").json()
    assert "events" not in ninjs


@pytest.mark.skipif(not SCHEMA.exists(), reason=f"ninjs schema not found at {SCHEMA}")
def test_ninjs_is_valid_against_the_iptc_schema(ninjs):
    schema = json.loads(SCHEMA.read_text())
    validator = Draft202012Validator(
        schema, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(ninjs), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def test_drafts_have_no_public_ninjs(api_client, demo):
    update = Update.objects.get()
    update.status = Update.Status.DRAFT
    update.save()
    assert api_client.get(f"/api/v1/updates/{update.pk}/ninjs/").status_code == 404
