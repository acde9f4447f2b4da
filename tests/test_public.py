"""The public sees only what newsarchive.public lets it, through every channel.

An archive is planted with records the public must not see, each carrying the
marker "zzhidden" in a name, slug, title or text: importer proposals no curator
confirmed (persons, organizations, places, aliases, affiliations, links), a story
with only a draft, a draft. Every endpoint, expansion, format and filter is then
probed as an anonymous client, and the marker must appear in no answer; a
filter naming a hidden record must answer exactly as for a slug that exists
nowhere. The public dump must load into an empty archive.
"""

import datetime
import re

import orjson
import pytest
from django.core.management import call_command

from items.api.events import EventSerializer
from items.api.serializers import (
    ContributionSerializer,
    MediaSerializer,
    QuoteSerializer,
    StorySerializer,
    UpdateSerializer,
)
from items.models import Update
from people.api.serializers import (
    AffiliationSerializer,
    OrganizationSerializer,
    PersonSerializer,
)
from places.api.serializers import PlaceSerializer
from tests.dumps.test_import import empty_the_archive
from tests.items.factories import (
    ContributionFactory,
    CreditFactory,
    EventActorFactory,
    EventFactory,
    EventReportFactory,
    MediaFactory,
    OrganizationMentionFactory,
    PersonMentionFactory,
    PlaceMentionFactory,
    QuoteFactory,
    ReportedFigureFactory,
    StoryFactory,
    UpdateFactory,
    VerificationNoteFactory,
)
from tests.people.factories import (
    AffiliationFactory,
    AliasFactory,
    OrganizationFactory,
    PersonFactory,
)
from tests.places.factories import PlaceAliasFactory, PlaceFactory

MARKER = re.compile(rb"zzhidden", re.IGNORECASE)
PUBLISHED = Update.Status.PUBLISHED
RESOURCES = {
    "stories": StorySerializer,
    "updates": UpdateSerializer,
    "quotes": QuoteSerializer,
    "media": MediaSerializer,
    "contributions": ContributionSerializer,
    "persons": PersonSerializer,
    "organizations": OrganizationSerializer,
    "affiliations": AffiliationSerializer,
    "places": PlaceSerializer,
    "events": EventSerializer,
}
HIDDEN = {"is_confirmed": False}


@pytest.fixture
def planted(db):
    """A published update whose public parts sit beside hidden ones."""
    country = PlaceFactory(name="Russia", slug="russia", kind="country")
    region = PlaceFactory(
        name="Belgorod Oblast", slug="belgorod-oblast", parent=country
    )
    hidden_place = PlaceFactory(
        name="Zzhidden Village", slug="zzhidden-place", parent=region, **HIDDEN
    )
    PlaceAliasFactory(place=region, name="Zzhidden region name", **HIDDEN)
    PlaceAliasFactory(place=hidden_place, name="Village of Zzhidden")

    person = PersonFactory(name="Dmitry Peskov", slug="dmitry-peskov")
    hidden_person = PersonFactory(
        name="Zzhidden Person", slug="zzhidden-person", **HIDDEN
    )
    AliasFactory(person=person, name="Zzhidden Alias", **HIDDEN)
    AliasFactory(person=hidden_person, name="Quite Unknown")

    kremlin = OrganizationFactory(name="Kremlin", slug="kremlin")
    # Public records that only hidden ones point to: in no public slice.
    ministry = OrganizationFactory(name="Lonely Ministry", slug="lonely-ministry")
    lonely_region = PlaceFactory(
        name="Lonely Oblast", slug="lonely-oblast", parent=country
    )
    hidden_org = OrganizationFactory(
        name="Zzhidden Group", slug="zzhidden-org", parent=ministry, **HIDDEN
    )
    OrganizationFactory(
        name="Legion branch",
        slug="legion-branch",
        parent=hidden_org,
        country=hidden_place,
    )
    AliasFactory(person=None, organization=kremlin, name="Zzhidden Kremlin", **HIDDEN)

    AffiliationFactory(person=person, title="spokesman", organization=kremlin)
    AffiliationFactory(
        person=person, title="zzhidden title", organization=kremlin, **HIDDEN
    )
    AffiliationFactory(person=person, title="member", organization=hidden_org)
    AffiliationFactory(person=person, title="governor", jurisdiction=hidden_place)
    AffiliationFactory(person=hidden_person, title="commander", organization=kremlin)

    story = StoryFactory(title="War live", slug="war-live", publisher=hidden_org)
    update = UpdateFactory(
        story=story, status=PUBLISHED, headline="Drones over Belgorod"
    )
    for factory, target in (
        (PersonMentionFactory, {"person": person}),
        (OrganizationMentionFactory, {"organization": kremlin}),
        (PlaceMentionFactory, {"place": region}),
    ):
        factory(update=update, **target)
    PersonMentionFactory(update=update, person=hidden_person)
    # A link of a public person that no curator confirmed, in a second update.
    other = UpdateFactory(story=story, status=PUBLISHED, headline="Later that day")
    PersonMentionFactory(
        update=other, person=person, as_written="Zzhidden as written", **HIDDEN
    )
    OrganizationMentionFactory(update=update, organization=hidden_org)
    PlaceMentionFactory(update=update, place=hidden_place)
    hidden_town = PlaceFactory(
        name="Zzhidden Town", slug="zzhidden-town", parent=lonely_region, **HIDDEN
    )
    PlaceMentionFactory(update=other, place=hidden_town)
    OrganizationMentionFactory(update=other, organization=kremlin, **HIDDEN)

    QuoteFactory(
        update=update,
        person=person,
        text="Public words",
        said_on=datetime.date(2023, 5, 2),
    )
    hidden_quote = QuoteFactory(
        update=update, person=hidden_person, text="Zzhidden quote one"
    )
    QuoteFactory(
        update=update,
        person=person,
        text="Zzhidden quote two",
        channel="video",  # the only quote on video
        **HIDDEN,
    )
    QuoteFactory(
        update=update, person=None, organization=hidden_org, text="Zzhidden quote three"
    )
    media = MediaFactory(update=update, place=hidden_place, caption="A drone")
    CreditFactory(media=media, organization=kremlin)
    CreditFactory(media=media, organization=hidden_org, as_written="Zzhidden credit")
    CreditFactory(
        media=media,
        organization=None,
        person=hidden_person,
        as_written="ZZHIDDEN photo",
    )
    ContributionFactory(
        update=update, person=hidden_person, as_written="zzhidden contributed"
    )
    ContributionFactory(update=other, person=person, **HIDDEN)
    ContributionFactory(update=update, person=person, as_written="Dmitry Peskov")
    # An organization's contribution: public for a confirmed one only.
    ContributionFactory(
        update=update,
        person=None,
        organization=hidden_org,
        as_written="zzhidden provided by",
    )
    ContributionFactory(
        update=update, person=None, organization=kremlin, as_written="Kremlin pool"
    )
    VerificationNoteFactory(update=update, quote=hidden_quote, note="Checked")

    # An event with public and hidden parts, and events the public never sees.
    event = EventFactory(
        title="Drones over Belgorod Oblast", slug="belgorod-drones", place=region
    )
    EventReportFactory(event=event, update=update)
    EventReportFactory(event=event, update=other, **HIDDEN)
    EventActorFactory(event=event, organization=kremlin, role="responded")
    EventActorFactory(event=event, organization=hidden_org, role="carried_out")
    EventActorFactory(
        event=event, organization=None, person=hidden_person, role="targeted"
    )
    ReportedFigureFactory(event=event, person=person, update=update, value_low=2)
    ReportedFigureFactory(
        event=event, person=hidden_person, as_written="zzhidden three"
    )
    ReportedFigureFactory(
        event=event,
        person=person,
        quantity="killed",
        as_written="zzhidden one killed",
        **HIDDEN,
    )
    # A public event at a proposed place: its place reads as null.
    EventFactory(title="Shelling near a hamlet", slug="hamlet", place=hidden_place)
    EventFactory(title="Zzhidden draft event", slug="zzhidden-event", status="draft")
    EventFactory(title="Zzhidden proposed event", slug="zzhidden-proposal", **HIDDEN)

    # Never public at all: a draft, and a story that carries only a draft.
    UpdateFactory(story=story, headline="Zzhidden draft")
    UpdateFactory(story=StoryFactory(title="Zzhidden story", slug="zzhidden-story"))
    return update


def get(client, path, **params):
    response = client.get(path, params)
    assert response.status_code < 500, response.content[:500]
    return response


def leaks(response) -> list[str]:
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    return [
        body[max(m.start() - 60, 0) : m.end() + 60].decode()
        for m in MARKER.finditer(body)
    ]


def probes(update) -> list[tuple[str, dict]]:
    """Every list with every expansion and format, and every public detail."""
    found = []
    for resource, serializer in RESOURCES.items():
        expand = ",".join(serializer.expandable)
        for params in ({}, {"format": "csv"}, {"expand": expand} if expand else {}):
            found.append((f"/api/v1/{resource}/", params))
    details = {
        "updates": list(Update.objects.published().values_list("pk", flat=True)),
        "stories": ["war-live"],
        "persons": ["dmitry-peskov"],
        "organizations": ["kremlin", "legion-branch"],
        "places": ["belgorod-oblast", "russia"],
        "quotes": list(update.quotes.values_list("pk", flat=True)),
        "media": list(update.media.values_list("pk", flat=True)),
        "contributions": list(update.contributions.values_list("pk", flat=True)),
        "events": ["belgorod-drones", "hamlet"],
    }
    for resource, keys in details.items():
        expand = ",".join(RESOURCES[resource].expandable)
        for key in keys:
            found.append((f"/api/v1/{resource}/{key}/", {}))
            if expand:
                found.append((f"/api/v1/{resource}/{key}/", {"expand": expand}))
    found.append((f"/api/v1/updates/{update.pk}/ninjs/", {}))
    found.append(("/api/v1/export/", {}))
    found.append(("/api/v1/export/", {"person": "dmitry-peskov"}))
    found.append(("/api/v1/export/", {"place": "russia"}))
    return found


def test_no_answer_to_the_public_names_a_hidden_record(client, planted):
    seen = {}
    for path, params in probes(planted):
        response = get(client, path, **params)
        # Hidden quotes, credits' media and contributions are probed too: 404.
        assert response.status_code in (200, 404), (path, params)
        found = leaks(response)
        if found:
            seen[f"{path} {params}"] = found
    assert seen == {}


def test_the_public_parts_are_still_there(client, planted):
    """The probe above is only honest if the public parts are served."""
    quotes = get(client, "/api/v1/quotes/").json()["results"]
    assert [q["text"] for q in quotes] == ["Public words"]
    for quote in planted.quotes.exclude(text="Public words"):
        assert get(client, f"/api/v1/quotes/{quote.pk}/").status_code == 404
    contributions = get(client, "/api/v1/contributions/").json()["results"]
    assert sorted(
        (c["as_written"], c["person"], c["organization"]) for c in contributions
    ) == [("Dmitry Peskov", "dmitry-peskov", None), ("Kremlin pool", None, "kremlin")]
    update = get(
        client, f"/api/v1/updates/{planted.pk}/", expand="persons,quotes,media"
    ).json()
    assert [p["slug"] for p in update["persons"]] == ["dmitry-peskov"]
    [quote] = update["quotes"]
    assert quote["text"] == "Public words"
    assert quote["speaker_roles"] == ["spokesman, Kremlin"]
    [media] = update["media"]
    assert media["place"] is None  # its place is a proposal
    assert [c["party"] for c in media["credits"]] == ["kremlin"]
    branch = get(client, "/api/v1/organizations/legion-branch/").json()
    assert branch["parent"] is None and branch["country"] is None
    assert get(client, "/api/v1/stories/war-live/").json()["publisher"] is None
    persons = get(client, "/api/v1/persons/dmitry-peskov/").json()
    assert persons["aliases"] == []
    assert [a["title"] for a in persons["affiliations"]] == ["spokesman"]


def test_an_event_shows_its_public_parts(client, planted):
    slugs = [e["slug"] for e in get(client, "/api/v1/events/").json()["results"]]
    assert sorted(slugs) == ["belgorod-drones", "hamlet"]
    event = get(
        client, "/api/v1/events/belgorod-drones/", expand="actors,figures,updates"
    ).json()
    assert event["updates"] == [
        {
            "id": planted.pk,
            "headline": "Drones over Belgorod",
            "published_at": event["updates"][0]["published_at"],
            "story": "war-live",
        }
    ]
    assert [(a["slug"], a["role"]) for a in event["actors"]] == [
        ("kremlin", "responded")
    ]
    [figure] = event["figures"]
    assert (figure["value_low"], figure["claimant"]["slug"]) == (2, "dmitry-peskov")
    assert get(client, "/api/v1/events/hamlet/").json()["place"] is None
    found = get(client, "/api/v1/updates/", event="belgorod-drones").json()
    assert [u["id"] for u in found["results"]] == [planted.pk]


def test_curators_see_the_proposals(client, planted, curator):
    client.force_login(curator)
    update = get(client, f"/api/v1/updates/{planted.pk}/", expand="persons").json()
    assert "zzhidden-person" in [p["slug"] for p in update["persons"]]
    assert get(client, "/api/v1/persons/zzhidden-person/").status_code == 200
    assert get(client, "/api/v1/stories/zzhidden-story/").status_code == 200
    assert get(client, "/api/v1/events/zzhidden-event/").status_code == 200
    event = get(client, "/api/v1/events/belgorod-drones/").json()
    assert len(event["figures"]) == 3 and len(event["updates"]) == 2


@pytest.mark.parametrize(
    "path",
    [
        "persons/zzhidden-person",
        "organizations/zzhidden-org",
        "places/zzhidden-place",
        "stories/zzhidden-story",
        "events/zzhidden-event",
        "events/zzhidden-proposal",
    ],
)
def test_a_hidden_record_has_no_page(client, planted, path):
    assert get(client, f"/api/v1/{path}/").status_code == 404


SLUG_FILTERS = {
    "updates": {
        "person": "zzhidden-person",
        "organization": "zzhidden-org",
        "place": "zzhidden-place",
        "place_exact": "zzhidden-place",
        "story": "zzhidden-story",
        "event": "zzhidden-event",
    },
    "stories": {"publisher": "zzhidden-org"},
    "events": {
        "actor": "zzhidden-org",
        "place": "zzhidden-place",
        "place_exact": "zzhidden-place",
    },
    "persons": {"organization": "zzhidden-org", "jurisdiction": "zzhidden-place"},
    "organizations": {
        "country": "zzhidden-place",
        "based_in": "zzhidden-place",
        "parent": "zzhidden-org",
    },
    "affiliations": {
        "person": "zzhidden-person",
        "organization": "zzhidden-org",
        "jurisdiction": "zzhidden-place",
    },
    "places": {"within": "zzhidden-place", "parent": "zzhidden-place"},
    "export": {
        "person": "zzhidden-person",
        "organization": "zzhidden-org",
        "place": "zzhidden-place",
        "story": "zzhidden-story",
    },
}
for resource in ("quotes", "media", "contributions"):
    SLUG_FILTERS[resource] = SLUG_FILTERS["updates"]


@pytest.mark.parametrize(
    "resource,parameter,slug",
    [(r, p, s) for r, filters in SLUG_FILTERS.items() for p, s in filters.items()],
)
def test_a_hidden_slug_answers_as_one_that_does_not_exist(
    client, planted, resource, parameter, slug
):
    hidden = get(client, f"/api/v1/{resource}/", **{parameter: slug})
    unknown = get(client, f"/api/v1/{resource}/", **{parameter: "no-such-slug"})
    assert hidden.status_code == unknown.status_code == 400
    assert hidden.content.replace(slug.encode(), b"no-such-slug") == unknown.content


@pytest.mark.parametrize(
    "path,params",
    [
        ("persons", {"name": "Zzhidden Alias"}),
        ("persons", {"name__ic": "zzhidden"}),
        ("organizations", {"name": "Zzhidden Kremlin"}),
        ("places", {"name": "Zzhidden region name"}),
        ("places", {"name__ic": "zzhidden"}),
        ("updates", {"person_name": "zzhidden"}),
        ("quotes", {"person_name": "Zzhidden Alias"}),
        ("affiliations", {"role": "zzhidden title"}),
        ("persons", {"role": "zzhidden title"}),
        ("quotes", {"q": "zzhidden"}),
        ("quotes", {"speaker": "zzhidden-person"}),
        ("quotes", {"channel": "video"}),
        ("updates", {"channel": "video"}),
        ("events", {"title__ic": "zzhidden"}),
        ("events", {"has_figures": "killed"}),
        ("events", {"actor_role": "targeted"}),
        ("events", {"actor_role": "carried_out"}),
        ("events", {"update": "{other}"}),
    ],
)
def test_names_match_only_what_the_public_sees(client, planted, path, params):
    other = Update.objects.get(headline="Later that day")
    params = {k: v.format(other=other.pk) for k, v in params.items()}
    response = get(client, f"/api/v1/{path}/", **params)
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_a_part_of_any_name_finds_a_person(client, planted):
    """`name__ic` matches a part of the name or of a public alias."""
    AliasFactory(person=planted.person_mentions.first().person, name="Peskov D.S.")
    found = get(client, "/api/v1/persons/", name__ic="d.s.").json()["results"]
    assert [p["slug"] for p in found] == ["dmitry-peskov"]
    assert get(client, "/api/v1/persons/", name="d.s.").json()["results"] == []


@pytest.mark.parametrize(
    "path,params",
    [
        ("updates", {"person": "dmitry-peskov"}),
        ("updates", {"person_name": "Peskov"}),
        ("updates", {"organization": "kremlin"}),
        ("media", {"person": "dmitry-peskov"}),
        ("updates", {"person": "dmitry-peskov", "published_after": "2023-01-01"}),
        ("quotes", {"person": "dmitry-peskov"}),
    ],
)
def test_a_filter_counts_only_public_links(client, planted, path, params):
    """ "Later that day" names Peskov and the Kremlin only through proposals."""
    response = get(client, f"/api/v1/{path}/", **params, expand="")
    assert response.status_code == 200
    found = [
        row.get("headline", row.get("update")) for row in response.json()["results"]
    ]
    assert "Later that day" not in found
    assert found, "the update that links them publicly is still found"


def test_a_public_slice_holds_nothing_only_hidden_records_reach(client, planted):
    response = get(client, "/api/v1/export/", person="dmitry-peskov")
    dump = b"".join(response.streaming_content)
    assert b"lonely-oblast" not in dump
    assert b"lonely-ministry" not in dump
    assert b"belgorod-oblast" in dump


def _dump_loads_into_an_empty_archive(tmp_path, dump: bytes):
    assert not MARKER.search(dump), MARKER.findall(dump)
    path = tmp_path / "public.jsonl"
    path.write_bytes(dump)
    empty_the_archive()
    call_command("import_dump", str(path))
    again = tmp_path / "again.jsonl"
    call_command("export", "-o", str(again), "--status", "published")
    records = [line for line in dump.splitlines()[1:-1]]
    assert again.read_bytes().splitlines()[1:-1] == records
    headlines = [
        orjson.loads(r)["headline"] for r in records if b'"type":"update"' in r
    ]
    assert sorted(headlines) == ["Drones over Belgorod", "Later that day"]


def test_the_public_dump_loads_into_an_empty_archive(tmp_path, planted):
    path = tmp_path / "published.jsonl"
    call_command("export", "-o", str(path), "--status", "published")
    _dump_loads_into_an_empty_archive(tmp_path, path.read_bytes())


def test_the_export_api_loads_into_an_empty_archive(tmp_path, client, planted):
    response = get(client, "/api/v1/export/")
    _dump_loads_into_an_empty_archive(tmp_path, b"".join(response.streaming_content))


def test_a_public_slice_is_closed_and_loads(tmp_path, client, planted):
    response = get(client, "/api/v1/export/", person="dmitry-peskov")
    dump = b"".join(response.streaming_content)
    assert not MARKER.search(dump)
    path = tmp_path / "slice.jsonl"
    path.write_bytes(dump)
    empty_the_archive()
    call_command("import_dump", str(path))
    # "Later that day" links Peskov only through proposals: not in his slice.
    assert [u.headline for u in Update.objects.all()] == ["Drones over Belgorod"]


def test_the_public_ninjs_export_names_no_hidden_record(tmp_path, planted):
    path = tmp_path / "published.ninjs.jsonl"
    call_command(
        "export", "-o", str(path), "--status", "published", "--format", "ninjs"
    )
    text = path.read_bytes()
    assert b"Drones over Belgorod" in text
    assert not MARKER.search(text)


def test_an_id_is_ascii_digits(client, planted):
    assert get(client, f"/api/v1/updates/{planted.pk}/").status_code == 200
    full_width = "".join(chr(0xFF10 + int(digit)) for digit in str(planted.pk))
    assert get(client, f"/api/v1/updates/{full_width}/").status_code == 404
