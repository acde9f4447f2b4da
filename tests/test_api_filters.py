"""One test per API filter, asserting which records come back."""

import datetime

import pytest

from items.models import Quote, Update

from .items.factories import (
    ContributionFactory,
    CreditFactory,
    MediaFactory,
    OrganizationMentionFactory,
    PersonMentionFactory,
    PlaceMentionFactory,
    QuoteFactory,
    StoryFactory,
    UpdateFactory,
)
from .people.factories import (
    AffiliationFactory,
    AliasFactory,
    OrganizationFactory,
    PersonFactory,
)
from .places.factories import PlaceFactory

pytestmark = pytest.mark.django_db

PUBLISHED = Update.Status.PUBLISHED


def published(**kwargs):
    return UpdateFactory(status=PUBLISHED, **kwargs)


def ids(api_client, resource, **query):
    response = api_client.get(f"/api/v1/{resource}/", {**query, "page_size": 500})
    assert response.status_code == 200, response.json()
    return {row.get("id", row.get("slug")) for row in response.json()["results"]}


def test_person_matches_mentions_quotes_and_contributions(api_client):
    girkin = PersonFactory(slug="igor-girkin")
    mentioned, quoted, credited, other = (published() for _ in range(4))
    PersonMentionFactory(update=mentioned, person=girkin)
    QuoteFactory(update=quoted, person=girkin)
    ContributionFactory(update=credited, person=girkin)
    PersonMentionFactory(update=other)
    assert ids(api_client, "updates", person="igor-girkin") == {
        mentioned.pk,
        quoted.pk,
        credited.pk,
    }


def test_person_repeated_matches_any(api_client):
    a, b = (
        PersonMentionFactory(update=published()),
        PersonMentionFactory(update=published()),
    )
    PersonMentionFactory(update=published())
    query = f"person={a.person.slug}&person={b.person.slug}"
    response = api_client.get(f"/api/v1/updates/?{query}")
    assert {row["id"] for row in response.json()["results"]} == {
        a.update_id,
        b.update_id,
    }


def test_person_name_matches_part_of_any_alias(api_client):
    mention = PersonMentionFactory(update=published(), person__name="Igor Girkin")
    AliasFactory(person=mention.person, name="Igor Strelkov")
    PersonMentionFactory(update=published())
    assert ids(api_client, "updates", person_name="Strelkov") == {mention.update_id}
    assert ids(api_client, "quotes", person_name="Strelkov") == set()


@pytest.mark.parametrize(
    ("resource", "factory"),
    [
        ("quotes", QuoteFactory),
        ("media", MediaFactory),
        ("contributions", ContributionFactory),
    ],
)
def test_person_name_finds_the_items_of_updates_involving_that_person(
    api_client, resource, factory
):
    mention = PersonMentionFactory(update=published(), person__name="Igor Girkin")
    AliasFactory(person=mention.person, name="Igor Strelkov")
    wanted = factory(update=mention.update)
    factory(update=published())  # another update's item, about someone else
    assert ids(api_client, resource, person_name="Strelkov") == {wanted.pk}
    assert ids(api_client, resource, person_name="Nobody Atall") == set()


def test_organization_matches_mentions_quotes_and_credits(api_client):
    epa = OrganizationFactory(slug="epa")
    mentioned, quoted, credited = published(), published(), published()
    OrganizationMentionFactory(update=mentioned, organization=epa)
    QuoteFactory(update=quoted, person=None, organization=epa)
    CreditFactory(media=MediaFactory(update=credited), organization=epa)
    published()
    assert ids(api_client, "updates", organization="epa") == {
        mentioned.pk,
        quoted.pk,
        credited.pk,
    }


def test_place_includes_everything_inside_and_place_exact_does_not(api_client):
    russia = PlaceFactory(slug="russia", kind="country")
    oblast = PlaceFactory(slug="belgorod-oblast", parent=russia)
    city = PlaceFactory(slug="belgorod", parent=oblast)
    in_city = PlaceMentionFactory(update=published(), place=city).update
    in_russia = PlaceMentionFactory(update=published(), place=russia).update
    PlaceMentionFactory(update=published())
    assert ids(api_client, "updates", place="russia") == {in_city.pk, in_russia.pk}
    assert ids(api_client, "updates", place="belgorod-oblast") == {in_city.pk}
    assert ids(api_client, "updates", place_exact="russia") == {in_russia.pk}
    quote = QuoteFactory(update=in_city)
    assert ids(api_client, "quotes", place="russia") == {quote.pk}


def test_story_and_kind(api_client):
    blog = StoryFactory(slug="live", kind="live_blog")
    article = StoryFactory(slug="piece", kind="article")
    in_blog, in_article = published(story=blog), published(story=article)
    assert ids(api_client, "updates", story="live") == {in_blog.pk}
    assert ids(api_client, "updates", kind="article") == {in_article.pk}


def test_published_after_and_before(api_client):
    def at(day):
        return published(
            published_at=datetime.datetime(2023, 5, day, 12, tzinfo=datetime.UTC)
        )

    early, middle, late = at(1), at(15), at(30)
    assert ids(api_client, "updates", published_after="2023-05-10") == {
        middle.pk,
        late.pk,
    }
    assert ids(api_client, "updates", published_before="2023-05-20") == {
        early.pk,
        middle.pk,
    }
    assert ids(
        api_client,
        "updates",
        published_after="2023-05-10T00:00:00Z",
        published_before="2023-05-20T00:00:00Z",
    ) == {middle.pk}


def test_channel(api_client):
    on_telegram = QuoteFactory(update=published(), channel="telegram")
    QuoteFactory(update=published(), channel="video")
    assert ids(api_client, "updates", channel="telegram") == {on_telegram.update_id}
    assert ids(api_client, "quotes", channel="telegram") == {on_telegram.pk}


def test_reported_tells_statements_from_quotations(api_client):
    update = published()
    said = QuoteFactory(update=update, reported=False)
    reported = QuoteFactory(update=update, reported=True)
    assert ids(api_client, "quotes", reported="true") == {reported.id}
    assert ids(api_client, "quotes", reported="false") == {said.id}
    assert ids(api_client, "quotes", reported="") == {said.id, reported.id}
    # Anything else is refused and named, not read as no filter at all
    # (schemathesis found "-58800" answering every quote).
    for wrong in ("maybe", "-58800", "2", "yes please", "%s", "50%", "%(x)s"):
        response = api_client.get("/api/v1/quotes/", {"reported": wrong})
        assert response.status_code == 400, wrong
        assert "reported" in response.json()["errors"], wrong


def test_quotes_by_speaker_person_or_organization(api_client):
    by_person = QuoteFactory(update=published(), person__slug="dmitry-peskov")
    by_org = QuoteFactory(
        update=published(), person=None, organization=OrganizationFactory(slug="legion")
    )
    assert ids(api_client, "quotes", speaker="dmitry-peskov") == {by_person.pk}
    assert ids(api_client, "quotes", speaker="legion") == {by_org.pk}
    unknown = api_client.get("/api/v1/quotes/", {"speaker": "nobody-at-all"})
    assert unknown.status_code == 400
    assert "nobody-at-all" in unknown.json()["errors"]["speaker"][0]


def test_media_by_kind(api_client):
    photo = MediaFactory(update=published(), kind="photo")
    MediaFactory(update=published(), kind="video")
    assert ids(api_client, "media", kind="photo") == {photo.pk}


def test_persons_by_role_place_and_date_held_together(api_client):
    oblast = PlaceFactory(slug="belgorod-oblast")
    governor = AffiliationFactory(
        title="governor",
        jurisdiction=oblast,
        started_on=datetime.date(2020, 9, 18),
        person__slug="gladkov",
    )
    AffiliationFactory(
        title="governor",
        jurisdiction=oblast,
        ended_on=datetime.date(2020, 9, 17),
        person__slug="savchenko",
    )
    # Another person was governor elsewhere and an adviser here on the day.
    elsewhere = PersonFactory(slug="elsewhere")
    AffiliationFactory(title="governor", person=elsewhere)
    AffiliationFactory(title="adviser", jurisdiction=oblast, person=elsewhere)
    found = ids(
        api_client,
        "persons",
        role="governor",
        jurisdiction="belgorod-oblast",
        active_on="2023-05-24",
    )
    assert found == {governor.person.slug}


def test_persons_by_organization_and_name(api_client):
    kremlin = OrganizationFactory(slug="kremlin")
    peskov = AffiliationFactory(
        organization=kremlin, person__name="Dmitry S. Peskov"
    ).person
    AliasFactory(person=peskov, name="Mr. Peskov")
    PersonFactory()
    assert ids(api_client, "persons", organization="kremlin") == {peskov.slug}
    assert ids(api_client, "persons", name="mr. peskov") == {peskov.slug}
    assert ids(api_client, "persons", name__ic="PESK") == {peskov.slug}
    assert peskov.slug not in ids(api_client, "persons", name__n="Dmitry S. Peskov")


def test_affiliations_active_on(api_client):
    held = AffiliationFactory(started_on=datetime.date(2020, 1, 1))
    AffiliationFactory(ended_on=datetime.date(2021, 1, 1))
    assert ids(api_client, "affiliations", active_on="2023-05-24") == {held.pk}


def test_places_within_and_kind(api_client):
    russia = PlaceFactory(slug="russia", kind="country")
    oblast = PlaceFactory(slug="oblast", parent=russia, kind="region")
    city = PlaceFactory(slug="city", parent=oblast, kind="city")
    PlaceFactory(slug="elsewhere", kind="city")
    assert ids(api_client, "places", within="russia") == {"oblast", "city"}
    assert ids(api_client, "places", kind="city") == {"city", "elsewhere"}
    assert ids(api_client, "places", within="russia", kind="city") == {city.slug}


def test_headline_contains_and_not(api_client):
    raid = published(headline="Raid into Belgorod")
    other = published(headline="Talks in Istanbul")
    assert ids(api_client, "updates", headline__ic="belgorod") == {raid.pk}
    assert ids(api_client, "updates", headline__n="Raid into Belgorod") == {other.pk}


def test_ordering(api_client):
    a = PersonFactory(name="Anna", slug="anna")
    z = PersonFactory(name="Zoya", slug="zoya")
    response = api_client.get("/api/v1/persons/", {"ordering": "-name"})
    assert [row["slug"] for row in response.json()["results"]] == [z.slug, a.slug]


def test_person_with_dates_counts_quotes_and_contributions_in_range(api_client):
    def at(day):
        return published(
            published_at=datetime.datetime(2023, 5, day, 12, tzinfo=datetime.UTC)
        )

    girkin = PersonFactory(slug="igor-girkin")
    quoted, credited, mentioned_early = at(10), at(12), at(1)
    QuoteFactory(update=quoted, person=girkin)
    ContributionFactory(update=credited, person=girkin)
    PersonMentionFactory(update=mentioned_early, person=girkin)
    found = ids(
        api_client,
        "updates",
        person="igor-girkin",
        published_after="2023-05-05",
        published_before="2023-05-20",
    )
    assert found == {quoted.pk, credited.pk}


def test_person_filter_matches_every_kind_of_link_once(api_client):
    """One person is joined to their involvements, several are semi-joined."""
    girkin = PersonFactory(slug="igor-girkin", name="Igor Girkin")
    kramer = PersonFactory(slug="andrew-kramer")
    mentioned, quoted, credited = published(), published(), published()
    PersonMentionFactory(update=mentioned, person=girkin)
    QuoteFactory(update=quoted, person=girkin)
    ContributionFactory(update=credited, person=girkin)
    ContributionFactory(update=mentioned, person=kramer)
    draft = UpdateFactory(status=Update.Status.DRAFT)
    PersonMentionFactory(update=draft, person=girkin)
    PersonMentionFactory(update=published())
    expected = {mentioned.pk, quoted.pk, credited.pk}
    assert ids(api_client, "updates", person="igor-girkin") == expected
    assert ids(api_client, "updates", person_name="girkin") == expected
    both = api_client.get(
        "/api/v1/updates/", {"person": ["igor-girkin", "andrew-kramer"]}
    ).json()["results"]
    # `mentioned` involves both persons and still comes once.
    assert sorted(row["id"] for row in both) == sorted(expected)
    quote_ids = ids(api_client, "quotes", person="igor-girkin")
    assert quote_ids == set(
        Quote.objects.filter(update__in=expected).values_list("pk", flat=True)
    )


def walk(api_client, query: dict) -> list[list[int]]:
    """The pages of /api/v1/updates/ followed by `next` links, as lists of ids."""
    pages, url, params = [], "/api/v1/updates/", query
    while url:
        body = api_client.get(url, params).json()
        pages.append([row["id"] for row in body["results"]])
        url, params = body["next"], None
    return pages


def walk_back(api_client, query: dict) -> list[list[int]]:
    """From the last page, the pages reached by `previous` links, last first."""
    body = api_client.get("/api/v1/updates/", query).json()
    while body["next"]:
        body = api_client.get(body["next"]).json()
    pages = [[row["id"] for row in body["results"]]]
    while body["previous"]:
        body = api_client.get(body["previous"]).json()
        pages.append([row["id"] for row in body["results"]])
    return pages


@pytest.mark.parametrize("ordering", [None, "-id", "published_at", "-published_at"])
@pytest.mark.parametrize("person", [None, "igor-girkin"])
def test_pages_hold_still_through_ties_forwards_and_back(api_client, ordering, person):
    """A cursor seeks past every sort field, so ties never shift or lose a row.

    Seven of the person's updates share one time and fill whole pages, with the
    others before and after them; the person filter sorts on the involvements'
    copies of date and id, and must page like the unfiltered list.
    """
    girkin = PersonFactory(slug="igor-girkin")
    tie = datetime.datetime(2023, 5, 24, 12, tzinfo=datetime.UTC)
    hours = [-2, -1, *[0] * 7, 1, 2]
    theirs = [published(published_at=tie + datetime.timedelta(hours=h)) for h in hours]
    for update in theirs:
        PersonMentionFactory(update=update, person=girkin)
    published(published_at=tie)  # not theirs, in the middle of the tie
    query = {"page_size": 2} | ({"ordering": ordering} if ordering else {})
    if person:
        query["person"] = person

    pages = walk(api_client, query)
    found = [pk for page in pages for pk in page]
    assert len(found) == len(set(found)) == len(theirs) + (0 if person else 1)
    if person:
        unfiltered = {k: v for k, v in query.items() if k != "person"}
        whole = [pk for page in walk(api_client, unfiltered) for pk in page]
        assert found == [pk for pk in whole if pk in found]
    assert walk_back(api_client, query) == pages[::-1]


def test_person_and_organization_together_match_updates_with_both(api_client):
    """Only one involvement join leads the sort; the other filter still applies."""
    girkin = PersonFactory(slug="igor-girkin")
    kremlin = OrganizationFactory(slug="kremlin")
    both, only_person, only_organization = published(), published(), published()
    for update in (both, only_person):
        PersonMentionFactory(update=update, person=girkin)
    for update in (both, only_organization):
        QuoteFactory(update=update, person=None, organization=kremlin)
    found = ids(api_client, "updates", person="igor-girkin", organization="kremlin")
    assert found == {both.pk}
    found = ids(api_client, "quotes", person="igor-girkin", organization="kremlin")
    assert found == set(both.quotes.values_list("pk", flat=True))
