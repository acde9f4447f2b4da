"""`/api/v1/events/`: filters, expansions, CSV and cursors, as researchers use them."""

import datetime

import pytest

from .items.factories import (
    EventActorFactory,
    EventFactory,
    EventReportFactory,
    QuoteFactory,
    ReportedFigureFactory,
    UpdateFactory,
)
from .people.factories import OrganizationFactory, PersonFactory
from .places.factories import PlaceFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2023, 5, 22)
SEED = "belgorod-cross-border-raid-2023-05"


def slugs(api_client, **params) -> list[str]:
    response = api_client.get("/api/v1/events/", params)
    assert response.status_code == 200, response.json()
    return [event["slug"] for event in response.json()["results"]]


@pytest.fixture
def events(db):
    """Drone strikes and a raid in two oblasts of one country, in May 2023."""
    russia = PlaceFactory(kind="country", slug="ru")
    belgorod = PlaceFactory(parent=russia, slug="belgorod-oblast")
    city = PlaceFactory(parent=belgorod, slug="belgorod-city", kind="city")
    kursk = PlaceFactory(parent=russia, slug="kursk-oblast")
    legion = OrganizationFactory(slug="legion")
    governor = PersonFactory(slug="governor")
    raid = EventFactory(
        slug="raid",
        kind="cross_border_raid",
        place=belgorod,
        started_on=DAY,
        ended_on=DAY + datetime.timedelta(2),
    )
    strike = EventFactory(
        slug="strike", place=city, started_on=DAY + datetime.timedelta(5)
    )
    kursk_strike = EventFactory(
        slug="kursk-strike", place=kursk, started_on=DAY - datetime.timedelta(3)
    )
    EventActorFactory(event=raid, organization=legion, role="claimed")
    EventActorFactory(event=strike, organization=legion, role="targeted")
    EventActorFactory(
        event=kursk_strike, organization=None, person=governor, role="responded"
    )
    ReportedFigureFactory(
        event=strike, person=governor, quantity="injured", value_low=2
    )
    ReportedFigureFactory(
        event=strike, person=None, organization=legion, quantity="injured", value_low=5
    )
    ReportedFigureFactory(event=raid, person=governor, quantity="drones_shot_down")
    return {"raid": raid, "strike": strike, "kursk": kursk_strike}


def test_latest_first(api_client, events):
    assert slugs(api_client) == ["strike", "raid", "kursk-strike"]
    assert slugs(api_client, ordering="started_on") == [
        "kursk-strike",
        "raid",
        "strike",
    ]


@pytest.mark.parametrize(
    "params,expected",
    [
        ({"kind": "cross_border_raid"}, ["raid"]),
        (
            {"kind": ["cross_border_raid", "drone_strike"]},
            ["strike", "raid", "kursk-strike"],
        ),
        ({"category": "battles"}, ["raid"]),
        ({"category": "remote_violence"}, ["strike", "kursk-strike"]),
        ({"place": "belgorod-oblast"}, ["strike", "raid"]),
        ({"place_exact": "belgorod-oblast"}, ["raid"]),
        ({"place": "ru"}, ["strike", "raid", "kursk-strike"]),
        # Overlapping: the raid runs 22-24 May, so it is under way on the 23rd.
        ({"date_from": "2023-05-23", "date_to": "2023-05-23"}, ["raid"]),
        ({"date_from": "2023-05-24"}, ["strike", "raid"]),
        ({"date_to": "2023-05-21"}, ["kursk-strike"]),
        ({"actor": "legion"}, ["strike", "raid"]),
        ({"actor": "legion", "actor_role": "claimed"}, ["raid"]),
        ({"actor": ["legion", "governor"]}, ["strike", "raid", "kursk-strike"]),
        ({"actor_role": "responded"}, ["kursk-strike"]),
        ({"has_figures": "injured"}, ["strike"]),
        ({"has_figures": ["injured", "drones_shot_down"]}, ["strike", "raid"]),
        ({"has_figures": "killed"}, []),
        ({"title__ic": "EVENT"}, ["strike", "raid", "kursk-strike"]),
    ],
)
def test_filters(api_client, events, params, expected):
    assert slugs(api_client, **params) == expected


def test_figures_from_different_claimants_stand_side_by_side(api_client, events):
    event = api_client.get("/api/v1/events/strike/", {"expand": "figures"}).json()
    claims = [
        (f["quantity"], f["value_low"], f["claimant"]["type"], f["claimant"]["slug"])
        for f in event["figures"]
    ]
    assert sorted(claims) == [
        ("injured", 2, "person", "governor"),
        ("injured", 5, "organization", "legion"),
    ]


def test_expand_and_fields(api_client, events):
    update = UpdateFactory(status="published")
    EventReportFactory(event=events["raid"], update=update)
    plain = api_client.get("/api/v1/events/raid/").json()
    assert plain["place"] == "belgorod-oblast"
    assert plain["updates"] == [update.pk]
    assert plain["actors"] == [
        {"type": "organization", "slug": "legion", "role": "claimed"}
    ]
    assert len(plain["figures"]) == 1 and isinstance(plain["figures"][0], int)
    full = api_client.get(
        "/api/v1/events/raid/", {"expand": "place,actors,figures,updates"}
    ).json()
    assert full["place"]["slug"] == "belgorod-oblast"
    assert full["updates"][0]["headline"] == update.headline
    assert full["actors"][0]["name"] == events["raid"].actors.get().organization.name
    assert full["figures"][0]["quantity"] == "drones_shot_down"
    few = api_client.get("/api/v1/events/", {"fields": "slug,kind"}).json()
    assert few["results"][0] == {"slug": "strike", "kind": "drone_strike"}


def test_updates_and_quotes_by_event(api_client, events):
    reporting, other = (
        UpdateFactory(status="published"),
        UpdateFactory(status="published"),
    )
    EventReportFactory(event=events["raid"], update=reporting)
    about = QuoteFactory(update=other, event=events["raid"])
    QuoteFactory(update=reporting)
    found = api_client.get("/api/v1/updates/", {"event": "raid"}).json()["results"]
    assert [u["id"] for u in found] == [reporting.pk]
    quotes = api_client.get("/api/v1/quotes/", {"event": "raid"}).json()["results"]
    assert [q["id"] for q in quotes] == [about.pk]
    both = api_client.get("/api/v1/updates/", {"event": ["raid", "strike"]}).json()
    assert [u["id"] for u in both["results"]] == [reporting.pk]


def test_csv_and_cursor_pages(api_client, events):
    csv = api_client.get("/api/v1/events/", {"format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("slug,title,kind,category,")
    assert len(lines) == 4
    assert "legion (targeted)" in lines[1]  # each actor with its role
    seen, params = [], {"page_size": 2}
    url = "/api/v1/events/"
    while url:
        page = api_client.get(url, params).json()
        seen += [event["slug"] for event in page["results"]]
        url, params = page["next"], {}
    assert seen == ["strike", "raid", "kursk-strike"]


@pytest.mark.parametrize(
    "params,parameter",
    [
        ({"kind": "tank_battle"}, "kind"),
        ({"category": "war"}, "category"),
        ({"place": "atlantis"}, "place"),
        ({"date_from": "22 May"}, "date_from"),
        ({"date_to": "2023-02-30"}, "date_to"),
        ({"actor": "nobody"}, "actor"),
        ({"actor": ["legion", "nobody"]}, "actor"),
        ({"actor_role": "bystander"}, "actor_role"),
        ({"has_figures": "cats"}, "has_figures"),
        ({"update": "one"}, "update"),
        ({"update": "1.5"}, "update"),
        ({"update": "99999999999999999999"}, "update"),
        ({"ordering": "place"}, "ordering"),
        ({"expand": "story"}, "expand"),
        ({"when": "may"}, "when"),
    ],
)
def test_bad_parameters_get_a_400_naming_them(api_client, events, params, parameter):
    response = api_client.get("/api/v1/events/", params)
    assert response.status_code == 400
    assert parameter in response.json()["errors"]


def test_the_seed_event_is_served(api_client, demo):
    event = api_client.get(f"/api/v1/events/{SEED}/", {"expand": "actors"}).json()
    assert event["kind"] == "cross_border_raid"
    assert ("free-russia-legion", "claimed") in [
        (a["slug"], a["role"]) for a in event["actors"]
    ]
