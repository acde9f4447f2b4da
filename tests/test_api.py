"""API wiring: endpoints, visibility, shapes, errors, formats, schema, rates."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import resolve

from items.models import Update
from newsarchive.pagination import encode_cursor
from people.models import Organization, Person

from .items.factories import (
    ContributionFactory,
    MediaFactory,
    QuoteFactory,
    UpdateFactory,
)

pytestmark = pytest.mark.django_db

LISTS = [
    "stories",
    "updates",
    "quotes",
    "media",
    "contributions",
    "persons",
    "organizations",
    "affiliations",
    "places",
    "events",
]


@pytest.mark.parametrize("resource", LISTS)
def test_every_list_and_detail_answers(api_client, demo, resource):
    response = api_client.get(f"/api/v1/{resource}/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"next", "previous", "results"}
    first = body["results"][0]
    key = first.get("slug", first.get("id"))
    detail = api_client.get(f"/api/v1/{resource}/{key}/")
    assert detail.status_code == 200
    assert detail.json() == first


def test_entities_by_slug_items_by_id(api_client, demo):
    girkin = api_client.get("/api/v1/persons/igor-girkin/").json()
    assert girkin["name"] == "Igor Girkin"
    assert "Igor Strelkov" in girkin["aliases"]
    titles = {role["title"] for role in girkin["affiliations"]}
    assert titles == {"military blogger", "former paramilitary commander in Ukraine"}
    update = Update.objects.get()
    assert api_client.get(f"/api/v1/updates/{update.pk}/").json()["id"] == update.pk


def test_drafts_and_reviews_are_invisible_to_anonymous_clients(api_client, demo):
    for status in (Update.Status.DRAFT, Update.Status.IN_REVIEW):
        hidden = UpdateFactory(status=status)
        QuoteFactory(update=hidden)
        MediaFactory(update=hidden)
        ContributionFactory(update=hidden)
        assert api_client.get(f"/api/v1/updates/{hidden.pk}/").status_code == 404
        for resource in ("updates", "quotes", "media", "contributions"):
            results = api_client.get(f"/api/v1/{resource}/").json()["results"]
            ids = {row.get("update", row.get("id")) for row in results}
            assert hidden.pk not in ids, resource


def test_an_affiliation_hides_a_source_that_is_not_public(api_client, demo):
    update = Update.objects.get()
    update.status = Update.Status.DRAFT
    update.save()
    rows = api_client.get("/api/v1/affiliations/").json()["results"]
    assert rows and all(row["source"] is None for row in rows)


def test_curators_see_drafts(api_client, demo, django_user_model):
    draft = UpdateFactory(status=Update.Status.DRAFT)
    curator = django_user_model.objects.create_user("c", is_staff=True)
    api_client.force_login(curator)
    assert api_client.get(f"/api/v1/updates/{draft.pk}/").status_code == 200


def test_quotes_carry_the_speaker_role_on_the_day(api_client, demo):
    rows = api_client.get("/api/v1/quotes/", {"speaker": "dmitry-peskov"}).json()
    (quote,) = rows["results"]
    assert quote["speaker"] == "dmitry-peskov"
    assert quote["speaker_roles"] == ["spokesman, Kremlin"]
    unnamed = api_client.get("/api/v1/quotes/", {"channel": "video"}).json()
    assert unnamed["results"][0]["speaker_type"] == "description"
    assert unnamed["results"][0]["speaker"] is None


def test_media_carry_their_credits_in_order(api_client, demo):
    (media,) = api_client.get("/api/v1/media/").json()["results"]
    assert [(c["role"], c["party"]) for c in media["credits"]] == [
        ("originator", "russian-ministry-of-defence"),
        ("agency", "epa"),
        ("distributor", "shutterstock"),
    ]


def test_a_contribution_names_a_person_or_an_organization(api_client, demo):
    update = Update.objects.get()
    epa = Organization.objects.get(slug="epa")
    ContributionFactory(
        update=update,
        person=None,
        organization=epa,
        role="contributor",
        as_written="Some information was provided by EPA",
    )
    rows = api_client.get("/api/v1/contributions/", {"expand": "organization"}).json()
    by_epa = [row for row in rows["results"] if row["person"] is None]
    assert [(row["organization"]["slug"], row["role"]) for row in by_epa] == [
        ("epa", "contributor")
    ]
    people = [row for row in rows["results"] if row["person"] is not None]
    assert people and all(row["organization"] is None for row in people)
    ninjs = api_client.get(f"/api/v1/updates/{update.pk}/ninjs/").json()
    assert "EPA (contributor)" in ninjs["by"]


def test_fields_and_expand(api_client, demo):
    response = api_client.get(
        "/api/v1/updates/", {"fields": "id,story,persons", "expand": "story,persons"}
    )
    (row,) = response.json()["results"]
    assert set(row) == {"id", "story", "persons"}
    assert row["story"]["slug"] == "russia-ukraine-war-live-updates"
    girkin = next(p for p in row["persons"] if p["slug"] == "igor-girkin")
    assert girkin == {
        "slug": "igor-girkin",
        "name": "Igor Girkin",
        "rel": "mentions",
        "as_written": "Igor Girkin",
    }
    plain = api_client.get("/api/v1/updates/", {"fields": "persons"}).json()
    assert "igor-girkin" in plain["results"][0]["persons"]
    speaker = api_client.get(
        "/api/v1/quotes/", {"speaker": "yuriy-karin", "expand": "speaker"}
    ).json()["results"][0]["speaker"]
    assert speaker == {"type": "person", "slug": "yuriy-karin", "name": "Yuriy Karin"}


@pytest.mark.parametrize(
    "query, parameter",
    [
        ({"published_after": "24 May"}, "published_after"),
        ({"person": "no-such-person"}, "person"),
        ({"place": "atlantis"}, "place"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": encode_cursor(False, ["2023-05-24T12:00:00+00:00"])}, "cursor"),
        ({"cursor": encode_cursor(False, ["yesterday", 1])}, "cursor"),
        ({"cursor": encode_cursor(False, ["2023-05-24T12:00:00\x00", 1])}, "cursor"),
        ({"cursor": encode_cursor(True, [[], {}])}, "cursor"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "501"}, "page_size"),
        ({"page_size": "ten"}, "page_size"),
        ({"ordering": "headline"}, "ordering"),
        ({"expand": "everything"}, "expand"),
        ({"fields": "secret"}, "fields"),
        ({"publshed_after": "2023-01-01"}, "publshed_after"),
        ({"channel": "pigeon"}, "channel"),
    ],
)
def test_bad_parameters_get_a_400_naming_them(api_client, demo, query, parameter):
    response = api_client.get("/api/v1/updates/", query)
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400
    assert parameter in body["errors"]
    assert parameter in body["detail"]


def test_a_forged_cursor_past_any_id_is_an_empty_page_not_an_error(api_client, demo):
    cursor = encode_cursor(False, ["2023-05-24T12:00:00+00:00", 10**30])
    response = api_client.get("/api/v1/updates/", {"cursor": cursor})
    assert response.status_code == 200
    cursor = encode_cursor(False, ["2023-05-24T12:00:00+00:00", -(10**30)])
    assert api_client.get("/api/v1/updates/", {"cursor": cursor}).status_code == 200


def test_nullable_sort_fields_page_with_their_nulls_last(api_client):
    """Quotes by the day they were said: the undated ones come last both ways."""
    days = [None, datetime.date(2023, 5, 22), None, datetime.date(2023, 5, 24)]
    for day in days * 2:
        QuoteFactory(update__status=Update.Status.PUBLISHED, said_on=day)
    for ordering in ("said_on", "-said_on"):
        query = {"page_size": 3, "ordering": ordering}
        pages, url = [], "/api/v1/quotes/"
        while url:
            body = api_client.get(url, query if not pages else None).json()
            pages.append(body)
            url = body["next"]
        said = [row["said_on"] for page in pages for row in page["results"]]
        dated = [day for day in said if day is not None]
        assert said == dated + [None] * 4
        assert dated == sorted(dated, reverse=ordering.startswith("-"))
        back, body = [], pages[-1]
        while body["previous"]:
            body = api_client.get(body["previous"]).json()
            back.append([row["id"] for row in body["results"]])
        assert back == [[row["id"] for row in p["results"]] for p in pages[-2::-1]]


def test_unknown_records_get_the_same_error_shape(api_client, demo):
    response = api_client.get("/api/v1/persons/nobody-at-all/")
    assert response.status_code == 404
    assert response.json() == {
        "status": 404,
        "code": "not_found",
        "detail": "Not found.",
        "errors": {},
    }


def test_cursor_pages_follow_next_links(api_client, demo):
    UpdateFactory.create_batch(5, status=Update.Status.PUBLISHED)
    seen, url = [], "/api/v1/updates/?page_size=2&fields=id"
    while url:
        body = api_client.get(url).json()
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    expected = list(
        Update.objects.published()
        .order_by("-published_at", "-id")
        .values_list("pk", flat=True)
    )
    assert seen == expected


def test_csv_for_flat_lists(api_client, demo):
    for response in (
        api_client.get("/api/v1/persons/", {"format": "csv"}),
        api_client.get("/api/v1/persons/", HTTP_ACCEPT="text/csv"),
    ):
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        text = response.content.decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text)))
        assert len(rows) == Person.objects.count()
        girkin = next(row for row in rows if row["slug"] == "igor-girkin")
        assert "Igor Strelkov" in girkin["aliases"]


def test_anonymous_clients_over_their_rate_get_429(api_client, demo, settings):
    settings.API_RATES = {"anon": "3/min", "user": "1000/min"}
    codes = [api_client.get("/api/v1/places/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = api_client.get("/api/v1/places/")
    assert int(response["Retry-After"]) > 0
    assert response.json()["status"] == 429


def test_a_made_up_forwarded_address_does_not_reset_the_rate(
    api_client, demo, settings
):
    """With no trusted proxy, X-Forwarded-For is the client's word and is ignored."""
    settings.API_RATES = {"anon": "3/min", "user": "1000/min"}
    codes = [
        api_client.get(
            "/api/v1/places/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        ).status_code
        for n in range(4)
    ]
    assert codes == [200, 200, 200, 429]


def test_behind_one_trusted_proxy_the_client_is_the_right_most_address(
    api_client, demo, settings
):
    """The proxy appends the address it saw; what the client wrote before it is not
    believed, and another client behind the same proxy has its own allowance."""
    settings.API_RATES = {"anon": "3/min", "user": "1000/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    codes = [
        api_client.get(
            "/api/v1/places/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.7"
        ).status_code
        for n in range(4)
    ]
    assert codes == [200, 200, 200, 429]
    other = api_client.get("/api/v1/places/", HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert other.status_code == 200


def test_schema_validates_and_documents_every_filter(tmp_path, api_client):
    path = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    for resource in LISTS:
        url = f"/api/v1/{resource}/"
        documented = {p["name"]: p for p in schema["paths"][url]["get"]["parameters"]}
        for name in resolve(url).func.cls.filterset_class.base_filters:
            assert documented[name].get("description"), (resource, name)
            assert documented[name].get("schema", {}).get("type"), (resource, name)
    parameters = {
        p["name"]: p for p in schema["paths"]["/api/v1/updates/"]["get"]["parameters"]
    }
    for name in (
        "person",
        "person_name",
        "place",
        "place_exact",
        "published_after",
        "cursor",
        "page_size",
        "fields",
        "expand",
        "ordering",
    ):
        assert parameters[name].get("description"), name
    docs = api_client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()


def test_sparse_fieldsets_answer_what_the_schema_documents(api_client, demo):
    """`?fields=title` leaves every other field out, so the schema requires none."""
    import jsonschema

    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    component = schema["components"]["schemas"]["Affiliation"]
    row = api_client.get("/api/v1/affiliations/?fields=title").json()["results"][0]
    assert set(row) == {"title"}
    jsonschema.validate(row, component)
    assert "required" in schema["components"]["schemas"]["Error"]


def test_unrouted_api_paths_get_the_json_error_shape(api_client):
    response = api_client.get("/api/v1/affiliations/not.a.number/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/api/v1/persons/%00/", "path"),
        ("/api/v1/places/%00/", "path"),
        ("/api/v1/updates/?person_name=%00", "person_name"),
        (
            "/api/v1/quotes/?published_before=9999-12-31T23:59:59-23:59",
            "published_before",
        ),
        ("/api/v1/places/?parent=no-such-place", "parent"),
    ],
)
def test_values_no_database_can_hold_are_a_400_naming_them(demo, path, parameter):
    from rest_framework.test import APIClient

    response = APIClient(raise_request_exception=False).get(path)
    assert response.status_code == 400, response.content[:300]
    body = response.json()
    assert set(body) == {"status", "code", "detail", "errors"}
    assert parameter in body["errors"]


def test_a_time_with_any_iso_offset_is_answered(api_client, demo):
    path = "/api/v1/updates/?published_after=0001-01-01T00:00:00-23:59"
    response = api_client.get(path)
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1  # the demo update, after year 1


def test_places_filter_by_their_parents_slug(api_client, demo):
    response = api_client.get("/api/v1/places/", {"parent": "russia", "page_size": 500})
    assert response.status_code == 200
    slugs = {row["slug"] for row in response.json()["results"]}
    assert "belgorod-oblast" in slugs
    assert "belgorod" not in slugs  # inside Russia, but not directly
