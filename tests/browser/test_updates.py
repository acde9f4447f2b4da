"""A curator edits an update and its parts in Chromium; each step is checked in
the database afterwards."""

import re

from items.models import Credit, Media, Update
from people.models import Organization, Person

from ..items.factories import UpdateFactory


def test_edit_an_update_with_a_new_mention_quote_and_media(curator_browser):
    curator = curator_browser
    update = UpdateFactory(
        story=Update.objects.get().story,
        headline="Shelling reported near the border",
        status=Update.Status.DRAFT,
    )
    page = curator.goto(f"/admin/items/update/{update.pk}/change/")

    page.fill("#id_headline", "Shelling reported near Belgorod")
    page.get_by_text("Add another Person mention", exact=True).click()
    curator.pick("id_person_mentions-0-person", "Strelkov", "Igor Girkin")
    page.get_by_text("Add another Quote", exact=True).click()
    page.fill("#id_quotes-0-text", "The border is not held.")
    curator.pick("id_quotes-0-person", "Strelkov", "Igor Girkin")
    page.select_option("#id_quotes-0-channel", "telegram")
    page.get_by_text("Add another Media", exact=True).click()
    page.fill("#id_media-0-caption", "Smoke over the checkpoint.")
    page.fill(
        "#id_media-0-credit_line",
        "Ministry of Defense of Russia/EPA, via Shutterstock",
    )
    # "Some information was provided by EPA": an organization contributes.
    page.get_by_text("Add another Contribution", exact=True).click()
    curator.pick("id_contributions-0-organization", "EPA", "EPA")
    page.select_option("#id_contributions-0-role", "contributor")
    page.fill("#id_contributions-0-as_written", "Information provided by EPA")
    curator.snap("filled")
    curator.save("Save and continue editing")

    update.refresh_from_db()
    assert update.headline == "Shelling reported near Belgorod"
    girkin = Person.objects.get(slug="igor-girkin")
    assert list(update.person_mentions.values_list("person", flat=True)) == [girkin.pk]
    quote = update.quotes.get()
    assert (quote.text, quote.person, quote.channel) == (
        "The border is not held.",
        girkin,
        "telegram",
    )
    contribution = update.contributions.get()
    assert (contribution.person, contribution.organization.name) == (None, "EPA")
    media = update.media.get()

    # The media item's three credits, on its own page.
    page = curator.goto(f"/admin/items/media/{media.pk}/change/")
    parties = [
        ("Ministry of Defense", "Ministry of Defence of the Russian Federation"),
        ("EPA", "EPA"),
        ("Shutterstock", "Shutterstock"),
    ]
    roles = ["originator", "agency", "distributor"]
    for index, ((typed, name), role) in enumerate(zip(parties, roles, strict=True)):
        page.get_by_text("Add another Credit", exact=True).click()
        page.fill(f"#id_credits-{index}-position", str(index + 1))
        page.select_option(f"#id_credits-{index}-role", role)
        curator.pick(f"id_credits-{index}-organization", typed, name)
        page.fill(f"#id_credits-{index}-as_written", typed)
    curator.save()
    credits = Credit.objects.filter(media=media).order_by("position")
    assert [(c.organization.name, c.role) for c in credits] == [
        (name, role) for (_, name), role in zip(parties, roles, strict=True)
    ]
    assert Media.objects.get(pk=media.pk).version == media.version + 1


def test_two_curators_save_the_same_person_and_the_second_keeps_their_text(
    open_browser,
):
    first, second = open_browser("first"), open_browser("second")
    first.log_in()
    second.log_in()
    fomin = Person.objects.get(slug="ivan-fomin")
    path = f"/admin/people/person/{fomin.pk}/change/"
    first.goto(path)
    second.goto(path)

    first.page.fill("#id_description", "First curator's words.")
    first.save()
    second.page.fill("#id_description", "Second curator's words.")
    second.save()

    assert "Someone else changed this person" in second.page.content()
    assert second.page.input_value("#id_description") == "Second curator's words."
    fomin.refresh_from_db()
    assert fomin.description == "First curator's words."
    assert Organization.objects.exists()  # the archive is otherwise untouched
    assert re.search(r"/change/$", second.page.url)
