import json
from pathlib import Path

import pytest
from django.core.management import call_command

from items.models import (
    Contribution,
    Correction,
    Credit,
    Media,
    Quote,
    Story,
    Update,
    VerificationNote,
)
from people.models import Affiliation, Alias, Organization, Person
from places.models import Place

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "expected.json"

COUNTS = {
    Story: 1,
    Update: 1,
    Person: 7,
    Organization: 10,
    Place: 10,
    Quote: 9,
    Media: 1,
    Credit: 3,
    Contribution: 1,
    VerificationNote: 2,
    Correction: 4,
}


def counts():
    return {model: model.objects.count() for model in [*COUNTS, Alias, Affiliation]}


def test_demo_has_the_seed_records(demo):
    assert {model: model.objects.count() for model in COUNTS} == COUNTS
    update = Update.objects.get()
    assert update.published_at.date().isoformat() == "2023-05-24"
    assert update.date_precision == "day"
    assert "third day" in update.date_reason
    assert update.status == Update.Status.PUBLISHED


def test_load_demo_twice_duplicates_nothing(demo):
    before = counts()
    call_command("load_demo")
    assert counts() == before


def test_demo_links_places_persons_and_credits(demo):
    belgorod = Place.objects.get(slug="belgorod")
    assert belgorod.full_path() == "Belgorod → Belgorod Oblast → Russia"
    assert Person.objects.named("Igor Strelkov").get().slug == "igor-girkin"
    media = Media.objects.get()
    assert [(c.role, c.organization.slug) for c in media.credits.all()] == [
        ("originator", "russian-ministry-of-defence"),
        ("agency", "epa"),
        ("distributor", "shutterstock"),
    ]


@pytest.mark.skipif(not SEED.exists(), reason=f"seed answer key not found at {SEED}")
def test_demo_holds_every_fact_of_the_seed(demo):
    expected = json.loads(SEED.read_text())
    story = Story.objects.get()
    assert story.title == expected["story"]["title"]
    assert story.get_kind_display() == expected["story"]["kind"]
    update = Update.objects.get()
    assert update.published_at.date().isoformat() == expected["update"]["published_on"]
    assert update.topic == expected["update"]["topic"]
    notes = sorted(update.verification_notes.values_list("status", flat=True))
    assert notes == ["claim", "unverified"]
    assert update.corrections.count() == len(
        expected["update"]["text_defects_for_curators"]
    )

    for row in expected["persons"]:
        person = Person.objects.get(name=row["name"])
        assert set(row["aliases"]) <= set(person.names()), row["name"]
        roles = {
            (
                a.title,
                a.organization.name if a.organization else None,
                a.jurisdiction.name if a.jurisdiction else None,
            )
            for a in person.affiliations.select_related("organization", "jurisdiction")
        }
        for role in row["roles"]:
            key = (role["title"], role["organization"], role.get("jurisdiction"))
            assert key in roles, (row["name"], key)

    for row in expected["organizations"]:
        org = Organization.objects.get(name=row["name"])
        assert set(row["aliases"]) <= set(org.names()), row["name"]
        assert org.get_kind_display() == row["kind"]
        if "country" in row:
            assert org.country.name == row["country"]
        if "based_in" in row:
            assert org.based_in.name == row["based_in"]

    for row in expected["places"]:
        place = Place.objects.get(name=row["name"])
        assert place.kind == row["kind"]
        assert (place.parent.name if place.parent else None) == row["parent"]
        aliases = set(place.aliases.values_list("name", flat=True))
        assert set(row.get("aliases", [])) <= aliases, row["name"]

    quotes = list(Quote.objects.select_related("person", "organization"))
    assert len(quotes) == len(expected["quotes"])
    for row in expected["quotes"]:
        match = [q for q in quotes if q.text.startswith(row["starts"])]
        assert len(match) == 1, row["starts"]
        quote = match[0]
        assert (quote.person.name if quote.person else None) == row.get("speaker")
        if "speaker_organization" in row:
            assert quote.organization.name == row["speaker_organization"]
        if "speaker_description" in row:
            assert quote.speaker_description == row["speaker_description"]
        channel = quote.get_channel_display() if quote.channel else None
        assert channel == row["channel"], row["starts"]

    media = Media.objects.get()
    (row,) = expected["media"]
    assert media.kind == row["kind"]
    assert media.caption.startswith(row["caption_starts"])
    assert media.place.name == row["place"]
    assert media.credit_line == row["credit_line"]
    assert [
        {"party": c.party.name, "as_written": c.as_written, "role": c.role}
        for c in media.credits.all()
    ] == row["credits"]

    (row,) = expected["contributions"]
    contribution = Contribution.objects.get()
    assert contribution.person.name == row["person"]
    assert contribution.role == row["role"]
    assert contribution.as_written == row["as_written"]
