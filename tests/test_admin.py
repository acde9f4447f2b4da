import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from items.models import Correction, Credit, Update
from people.models import Affiliation, Person
from places.models import Place

from .admin_forms import change_form_data, url
from .items.factories import CreditFactory, PlaceMentionFactory, UpdateFactory
from .people.factories import AliasFactory, PersonFactory

pytestmark = pytest.mark.django_db

MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)
CURATED = [m for m in MODELS if m._meta.app_label in {"items", "people", "places"}]


@pytest.fixture
def client(client, curator, demo):
    client.force_login(curator)
    return client


@pytest.mark.parametrize("model", CURATED, ids=lambda m: m._meta.label)
def test_every_curated_page_renders(client, model):
    assert client.get(url(model, "changelist")).status_code == 200
    assert client.get(url(model, "add")).status_code == 200
    record = model.objects.order_by("pk").first()
    assert record is not None, "the demo data has one of each"
    assert client.get(url(model, "change", record.pk)).status_code == 200
    assert client.get(url(model, "history", record.pk)).status_code == 200


def queries_for(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("model", CURATED, ids=lambda m: m._meta.label)
def test_changelist_query_count_does_not_grow_with_rows(client, model):
    from .factories_by_model import make_rows

    make_rows(model, 2)
    few = queries_for(client, url(model, "changelist"))
    make_rows(model, 12)
    many = queries_for(client, url(model, "changelist"))
    assert model.objects.count() >= 14
    assert few == many


def test_update_changelist_filters_and_alias_search_keep_their_query_count(client):
    russia = Place.objects.get(slug="russia")
    path = url(Update, "changelist")
    for _ in range(3):
        PlaceMentionFactory(place=russia)
    few = [
        queries_for(client, f"{path}?place={russia.pk}"),
        queries_for(client, f"{path}?q=Strelkov"),
    ]
    for _ in range(12):
        PlaceMentionFactory(place=russia)
    many = [
        queries_for(client, f"{path}?place={russia.pk}"),
        queries_for(client, f"{path}?q=Strelkov"),
    ]
    assert few == many


def autocomplete(client, app, model, field, term):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": app, "model_name": model, "field_name": field, "term": term},
    )
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


def test_autocomplete_finds_people_by_alias(client):
    assert autocomplete(client, "items", "quote", "person", "Strelkov") == [
        "Igor Girkin"
    ]
    assert "Dmitry S. Peskov" in autocomplete(
        client, "items", "personmention", "person", "peskov"
    )


def test_autocomplete_finds_places_and_organizations_by_alias(client):
    assert autocomplete(client, "items", "media", "place", "Belgorod region") == [
        "Belgorod Oblast (Russia)"
    ]
    assert autocomplete(client, "items", "credit", "organization", "CEPA") == [
        "Center for European Policy Analysis"
    ]


@pytest.mark.parametrize("term", ["Igor Strelkov", "strelkov", "Belgorod region"])
def test_update_search_matches_any_name_of_a_mentioned_entity(client, term):
    other = UpdateFactory(headline="Unrelated")
    response = client.get(url(Update, "changelist"), {"q": term})
    shown = list(response.context["cl"].result_list)
    assert shown == [Update.objects.get(story__slug="russia-ukraine-war-live-updates")]
    assert other not in shown


def test_update_search_finds_nothing_for_an_unknown_name(client):
    response = client.get(url(Update, "changelist"), {"q": "Nobody Atall"})
    assert list(response.context["cl"].result_list) == []


def test_update_place_filter_includes_places_inside(client):
    russia = Place.objects.get(slug="russia")
    ukraine_only = PlaceMentionFactory(place=Place.objects.get(slug="bakhmut")).update
    response = client.get(url(Update, "changelist"), {"place": russia.pk})
    shown = set(response.context["cl"].result_list)
    assert Update.objects.get(headline__startswith="Raid") in shown
    assert ukraine_only not in shown
    in_ukraine = client.get(
        url(Update, "changelist"), {"place": Place.objects.get(slug="ukraine").pk}
    )
    assert ukraine_only in set(in_ukraine.context["cl"].result_list)


def test_update_changelist_filters_by_story_status_and_date(client):
    draft = UpdateFactory(status=Update.Status.DRAFT)
    response = client.get(
        url(Update, "changelist"), {"story": draft.story_id, "status__exact": "draft"}
    )
    assert list(response.context["cl"].result_list) == [draft]
    response = client.get(
        url(Update, "changelist"),
        {
            "published_at__range__gte": "2023-05-24",
            "published_at__range__lte": "2023-05-24",
        },
    )
    assert [u.headline[:4] for u in response.context["cl"].result_list] == ["Raid"]


def test_place_pages_show_the_full_path(client):
    belgorod = Place.objects.get(slug="belgorod")
    path = "Belgorod → Belgorod Oblast → Russia"
    assert path in client.get(url(Place, "change", belgorod.pk)).content.decode()
    assert path in client.get(url(Place, "changelist")).content.decode()


def test_person_page_shows_aliases_and_affiliations(client):
    peskov = Person.objects.get(slug="dmitry-peskov")
    page = client.get(url(Person, "change", peskov.pk)).content.decode()
    assert "Mr. Peskov" in page
    assert "spokesman" in page


def test_merge_action_asks_which_to_keep_then_merges(client, curator):
    girkin = Person.objects.get(slug="igor-girkin")
    duplicate = PersonFactory(name="I. Strelkov-Girkin")
    AliasFactory(person=duplicate, name="Strelok")
    selected = {
        "action": "merge_selected",
        "_selected_action": [girkin.pk, duplicate.pk],
    }
    page = client.post(url(Person, "changelist"), selected)
    assert page.status_code == 200
    assert b"Choose the record to keep" in page.content
    done = client.post(url(Person, "changelist"), {**selected, "keep": girkin.pk})
    assert done.status_code == 302
    assert not Person.objects.filter(pk=duplicate.pk).exists()
    assert {"I. Strelkov-Girkin", "Strelok"} <= set(girkin.names())
    assert girkin.history.first().history_user == curator


def test_apply_correction_action(client, curator):
    correction = Correction.objects.get(original="Ms. Putin")
    response = client.post(
        url(Correction, "changelist"),
        {"action": "apply_selected", "_selected_action": [correction.pk]},
    )
    assert response.status_code == 302
    update = correction.update
    update.refresh_from_db()
    assert "Mr. Putin" in update.body
    assert "Ms. Putin" in update.original_text
    assert update.history.first().history_user == curator


def test_history_shows_who_changed_what_and_revert_restores_it(client, curator):
    karin = Person.objects.get(slug="yuriy-karin")
    form_page = client.get(url(Person, "change", karin.pk))
    data = change_form_data(form_page)
    data["description"] = "Analyst at Information Resistance."
    assert client.post(url(Person, "change", karin.pk), data).status_code == 302
    history = client.get(url(Person, "history", karin.pk)).content.decode()
    assert "curator" in history
    first = karin.history.order_by("history_date").first()
    revert_url = reverse(
        "admin:people_person_simple_history", args=[karin.pk, first.history_id]
    )
    revert_page = client.get(revert_url)
    assert revert_page.status_code == 200
    response = client.post(revert_url, change_form_data(revert_page))
    assert response.status_code == 302, response.context["errors"]
    karin.refresh_from_db()
    assert karin.description == ""
    assert karin.history.count() == 3


def test_a_save_from_a_stale_form_is_refused_and_the_first_change_stands(client):
    fomin = Person.objects.get(slug="ivan-fomin")
    change = url(Person, "change", fomin.pk)
    first = change_form_data(client.get(change))
    second = change_form_data(client.get(change))

    first["description"] = "First curator's words."
    assert client.post(change, first).status_code == 302

    second["description"] = "Second curator's words."
    refused = client.post(change, second)
    assert refused.status_code == 200
    assert "Someone else changed this person" in refused.content.decode()
    # The second curator's text is still in the re-shown form, not lost.
    assert "Second curator&#x27;s words." in refused.content.decode()
    fomin.refresh_from_db()
    assert fomin.description == "First curator's words."


def test_a_stale_inline_save_is_refused_too(client):
    update = Update.objects.get()
    change = url(Update, "change", update.pk)
    first = change_form_data(client.get(change))
    second = change_form_data(client.get(change))
    first["headline"] = "First headline"
    assert client.post(change, first).status_code == 302
    second["quotes-0-text"] = "Edited by the second curator"
    refused = client.post(change, second)
    assert refused.status_code == 200
    update.refresh_from_db()
    assert update.headline == "First headline"
    assert not update.quotes.filter(text__startswith="Edited").exists()


def test_a_place_tree_cycle_is_a_form_error(client):
    oblast = Place.objects.get(slug="belgorod-oblast")
    city = Place.objects.get(slug="belgorod")
    data = change_form_data(client.get(url(Place, "change", oblast.pk)))
    data["parent"] = str(city.pk)
    response = client.post(url(Place, "change", oblast.pk), data)
    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors
    oblast.refresh_from_db()
    assert oblast.parent.slug == "russia"


def test_a_credit_with_two_parties_is_a_form_error(client):
    credit = CreditFactory()
    data = change_form_data(client.get(url(Credit, "change", credit.pk)))
    data["person"] = str(Person.objects.first().pk)
    response = client.post(url(Credit, "change", credit.pk), data)
    assert response.status_code == 200
    assert "organization" in response.context["adminform"].form.errors


def test_affiliation_dates_out_of_order_are_a_form_error(client):
    affiliation = Affiliation.objects.first()
    data = change_form_data(client.get(url(Affiliation, "change", affiliation.pk)))
    data.update(started_on="2023-05-24", ended_on="2023-05-01")
    response = client.post(url(Affiliation, "change", affiliation.pk), data)
    assert response.status_code == 200
    assert "ended_on" in response.context["adminform"].form.errors


def test_a_duplicate_alias_is_a_form_error_not_a_server_error(client):
    girkin = Person.objects.get(slug="igor-girkin")
    data = change_form_data(client.get(url(Person, "change", girkin.pk)))
    total = int(data["aliases-TOTAL_FORMS"])
    data["aliases-TOTAL_FORMS"] = str(total + 1)
    data[f"aliases-{total}-name"] = "IGOR STRELKOV"
    data[f"aliases-{total}-kind"] = "pseudonym"
    data[f"aliases-{total}-method"] = "curator"
    response = client.post(url(Person, "change", girkin.pk), data)
    assert response.status_code == 200
    assert "already has that alias" in response.content.decode()


def test_original_text_is_read_only_once_created(client):
    update = Update.objects.get()
    data = change_form_data(client.get(url(Update, "change", update.pk)))
    data["original_text"] = "Rewritten"
    data["body"] = "New body"
    assert client.post(url(Update, "change", update.pk), data).status_code == 302
    update.refresh_from_db()
    assert update.body == "New body"
    assert update.original_text.startswith("Summary as received.")


def test_the_same_alias_twice_in_one_save_is_a_form_error(client):
    place = Place.objects.get(slug="moscow")
    data = change_form_data(client.get(url(Place, "change", place.pk)))
    data["aliases-TOTAL_FORMS"] = "2"
    for index, name in enumerate(["Moskva", "MOSKVA"]):
        data[f"aliases-{index}-name"] = name
        data[f"aliases-{index}-kind"] = "transliteration"
        data[f"aliases-{index}-method"] = "curator"
    response = client.post(url(Place, "change", place.pk), data)
    assert response.status_code == 200
    assert "appears twice" in response.content.decode()
    assert not place.aliases.exists()


def test_the_same_person_mentioned_twice_is_a_form_error(client):
    update = Update.objects.get()
    data = change_form_data(client.get(url(Update, "change", update.pk)))
    total = int(data["person_mentions-TOTAL_FORMS"])
    data["person_mentions-TOTAL_FORMS"] = str(total + 1)
    data[f"person_mentions-{total}-person"] = data["person_mentions-0-person"]
    data[f"person_mentions-{total}-rel"] = "mentions"
    data[f"person_mentions-{total}-method"] = "curator"
    response = client.post(url(Update, "change", update.pk), data)
    assert response.status_code == 200
    assert update.person_mentions.count() == total


def test_changelist_count_stops_at_the_cap(client, monkeypatch):
    from newsarchive.curation import CappedCountPaginator

    monkeypatch.setattr(CappedCountPaginator, "cap", 5)
    UpdateFactory.create_batch(7)
    page = client.get(url(Update, "changelist")).content.decode()
    assert "more than 5 updates" in page


def test_status_actions_are_recorded_in_history(client, curator):
    draft = UpdateFactory(status=Update.Status.DRAFT)
    response = client.post(
        url(Update, "changelist"),
        {"action": "send_to_review", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Update.Status.IN_REVIEW
    record = draft.history.first()
    assert record.history_user == curator
    assert record.history_change_reason == "status set to in_review"


def test_autocomplete_offers_the_closest_name_first(client):
    from .places.factories import PlaceFactory

    PlaceFactory(name="King of Prussia", slug="king-of-prussia")
    PlaceFactory(name="Russian Hill", slug="russian-hill")
    found = autocomplete(client, "items", "media", "place", "Russia")
    assert found[0] == "Russia"
    # An alias named exactly comes first too: the oblast, not the city.
    belgorod = autocomplete(client, "items", "media", "place", "Belgorod region")
    assert belgorod[0] == "Belgorod Oblast (Russia)"
    assert found.index("Russian Hill") < found.index("King of Prussia")


def test_autocomplete_tells_places_of_one_name_apart_by_where_they_are(client):
    from .places.factories import PlaceFactory

    # A city in Ukraine and, for the test, a namesake in Russia.
    for region in ("donetsk-oblast", "belgorod-oblast"):
        PlaceFactory(name="Donetsk", parent=Place.objects.get(slug=region))
    found = autocomplete(client, "items", "media", "place", "Donetsk")
    assert set(found[:2]) == {
        "Donetsk (Donetsk Oblast, Ukraine)",
        "Donetsk (Belgorod Oblast, Russia)",
    }
