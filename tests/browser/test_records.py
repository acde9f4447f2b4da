"""A curator edits persons, organizations, places and stories, merges two
persons, applies a correction and reverts from history, in Chromium. Each step
is checked in the database afterwards."""

from items.models import Correction, Story, Update
from people.models import Affiliation, Organization, Person
from places.models import Place

from ..people.factories import PersonFactory


def test_edit_a_person_with_new_alias_and_affiliation_rows(curator_browser):
    curator = curator_browser
    karin = Person.objects.get(slug="yuriy-karin")
    page = curator.goto(f"/admin/people/person/{karin.pk}/change/")
    page.fill("#id_description", "Military analyst.")
    page.get_by_text("Add another Alias", exact=True).click()
    aliases = karin.aliases.count()
    page.fill(f"#id_aliases-{aliases}-name", "Yuri Karin")
    page.select_option(f"#id_aliases-{aliases}-kind", "transliteration")
    page.get_by_text("Add another Affiliation", exact=True).click()
    row = karin.affiliations.count()
    page.fill(f"#id_affiliations-{row}-title", "analyst")
    curator.pick(
        f"id_affiliations-{row}-organization",
        "Information Resistance",
        "Information Resistance",
    )
    page.fill(f"#id_affiliations-{row}-started_on", "2023-01-01")
    curator.save()

    karin.refresh_from_db()
    assert karin.description == "Military analyst."
    assert "Yuri Karin" in karin.names()
    assert Affiliation.objects.filter(
        person=karin, title="analyst", organization__name="Information Resistance"
    ).exists()


def test_add_a_person_with_an_alias_row(curator_browser):
    page = curator_browser.goto("/admin/people/person/add/")
    page.fill("#id_name", "Nikolai Testov")
    page.get_by_text("Add another Alias", exact=True).click()
    page.fill("#id_aliases-0-name", "Kolya")
    page.select_option("#id_aliases-0-kind", "short_form")
    curator_browser.save()
    person = Person.objects.get(name="Nikolai Testov")
    assert person.slug == "nikolai-testov"  # filled in from the name as typed
    assert person.names() == ["Nikolai Testov", "Kolya"]


def test_edit_an_organization_a_place_and_a_story(curator_browser):
    curator = curator_browser
    legion = Organization.objects.get(name="Free Russia Legion")
    page = curator.goto(f"/admin/people/organization/{legion.pk}/change/")
    page.fill("#id_description", "Russian volunteers fighting for Ukraine.")
    curator.pick("id_country", "Ukr", "Ukraine")
    curator.save()
    legion.refresh_from_db()
    assert legion.description == "Russian volunteers fighting for Ukraine."
    assert legion.country.slug == "ukraine"

    belgorod = Place.objects.get(slug="belgorod")
    page = curator.goto(f"/admin/places/place/{belgorod.pk}/change/")
    page.fill("#id_latitude", "50.6")
    page.fill("#id_longitude", "36.6")
    page.get_by_text("Add another Place alias", exact=True).click()
    page.fill("#id_aliases-0-name", "Bilhorod")
    curator.save()
    belgorod.refresh_from_db()
    assert (float(belgorod.latitude), float(belgorod.longitude)) == (50.6, 36.6)
    assert belgorod.aliases.filter(name="Bilhorod").exists()

    story = Story.objects.get()
    page = curator.goto(f"/admin/items/story/{story.pk}/change/")
    page.fill("#id_title", story.title + " (archived)")
    curator.save()
    story.refresh_from_db()
    assert story.title.endswith("(archived)")


def choose_action(curator, changelist: str, ids: list[int], action: str):
    page = curator.goto(changelist)
    for pk in ids:
        page.check(f"input[name=_selected_action][value='{pk}']")
    page.select_option("select[name=action]", action)
    with page.expect_navigation():
        page.click("button[name=index]")
    curator.snap(action)
    return page


def test_merge_two_persons(curator_browser):
    girkin = Person.objects.get(slug="igor-girkin")
    duplicate = PersonFactory(name="I. Strelkov-Girkin")
    page = choose_action(
        curator_browser,
        "/admin/people/person/",
        [girkin.pk, duplicate.pk],
        "merge_selected",
    )
    page.check(f"input[name=keep][value='{girkin.pk}']")
    with page.expect_navigation():
        page.get_by_role("button", name="Merge into the chosen record").click()
    curator_browser.snap("merged")
    assert "Merged I. Strelkov-Girkin into Igor Girkin" in page.content()
    assert not Person.objects.filter(pk=duplicate.pk).exists()
    assert "I. Strelkov-Girkin" in girkin.names()


def test_apply_a_correction(curator_browser):
    correction = Correction.objects.get(original="Ms. Putin")
    page = choose_action(
        curator_browser, "/admin/items/correction/", [correction.pk], "apply_selected"
    )
    assert f"Applied correction #{correction.pk}" in page.content()
    correction.refresh_from_db()
    assert correction.status == Correction.Status.APPLIED
    assert "Mr. Putin" in correction.update.body


def revert_to_first_version(curator, path: str):
    page = curator.goto(path + "history/")
    # Curators may not open users' admin pages: the name is shown, unlinked.
    assert page.locator("#change-history a[href*='/auth/user/']").count() == 0
    assert "curator" in page.locator("#change-history").inner_text()
    with page.expect_navigation():
        page.locator("#change-history tbody tr").last.locator("a").first.click()
    curator.snap("revert-form")
    with page.expect_navigation():
        page.get_by_role("button", name="Revert").last.click()
    curator.snap("reverted")
    return page


def test_view_history_and_revert_an_update_and_a_person(curator_browser):
    curator = curator_browser
    update = Update.objects.get()
    headline = update.headline
    path = f"/admin/items/update/{update.pk}/change/"
    page = curator.goto(path)
    page.fill("#id_headline", "A headline to take back")
    curator.save()
    update.refresh_from_db()
    assert update.headline == "A headline to take back"
    edited = update.version
    revert_to_first_version(curator, path.removesuffix("change/"))
    update.refresh_from_db()
    assert update.headline == headline
    assert update.version == edited + 1

    fomin = Person.objects.get(slug="ivan-fomin")
    path = f"/admin/people/person/{fomin.pk}/"
    page = curator.goto(path + "change/")
    page.fill("#id_description", "To be reverted.")
    curator.save()
    revert_to_first_version(curator, path)
    fomin.refresh_from_db()
    assert fomin.description == ""
    assert fomin.history.first().history_user.username == "curator"
