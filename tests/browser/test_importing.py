"""A curator uploads an article, decides its proposals and publishes it, in
Chromium; the draft and its proposals are checked in the database."""

from pathlib import Path

from importer.models import ArticleImport
from importer.review import KINDS
from items.models import Update
from items.services import undecided_parts

ARTICLE = Path(__file__).resolve().parents[1] / "importer" / "rules-article.txt"


def act(curator, action: str):
    page = curator.page
    with page.expect_navigation():
        page.locator(f"button[name=action][value={action}]").click()
    curator.snap(action)
    return page.locator(".messagelist").inner_text()


def decide_the_one(curator, label: str, action: str = "confirm"):
    """Tick the one proposal of kind `label` on the page and confirm or reject
    it; returns its row's text as shown and its record's (kind, pk)."""
    page = curator.page
    row = page.locator("tr.proposed", has=page.locator("label", has_text=label))
    assert row.count() == 1, label
    shown = row.inner_text()
    key = row.locator("input").get_attribute("value")
    page.check(f"input[name=proposal][value='{key}']")
    done = "Confirmed" if action == "confirm" else "Rejected"
    assert act(curator, action) == f"{done} 1 proposal."
    kind, pk = key.split(":")
    return shown, kind, pk


def test_upload_decide_and_publish_an_article(curator_browser):
    curator = curator_browser
    page = curator.goto("/admin/importer/articleimport/add/")
    page.set_input_files("#id_file", ARTICLE)
    with page.expect_navigation():
        page.get_by_role("button", name="Import as a draft").click()
    curator.snap("imported")
    imported = ArticleImport.objects.get()
    update = imported.update
    assert "as draft update" in page.locator(".messagelist").inner_text()
    assert update.headline == "Ukraine Live: Day 500"  # the title line
    assert update.status == Update.Status.DRAFT

    open_rows = page.locator("tr.proposed")
    first_two = [
        open_rows.nth(i).locator("input").get_attribute("value") for i in (0, 1)
    ]
    for key in first_two:
        page.check(f"input[name=proposal][value='{key}']")
    assert act(curator, "confirm") == "Confirmed 2 proposals."

    rejected_key = page.locator("tr.proposed input").first.get_attribute("value")
    page.check(f"input[name=proposal][value='{rejected_key}']")
    assert act(curator, "reject") == "Rejected 1 proposal."
    rejected_row = page.locator("tr.rejected")
    assert rejected_row.count() == 1
    assert "rejected by curator" in rejected_row.inner_text()
    assert (
        rejected_row.locator("td.summary").evaluate(
            "e => getComputedStyle(e).textDecorationLine"
        )
        == "line-through"
    )

    # Publishing is refused while anything is open, counted as the page counts.
    open_count = page.locator("tr.proposed").count()
    message = act(curator, "publish")
    assert f"{open_count} proposals still to confirm or reject" in message
    update.refresh_from_db()
    assert update.status == Update.Status.DRAFT

    # Everything else: the select-all box, less the text defects, confirmed...
    page.check("#select-all-proposals")
    defects = page.locator(
        "tr.proposed", has=page.locator("label", has_text="text defect")
    )
    for box in defects.locator("input").all():
        box.uncheck()
    act(curator, "confirm")
    # ...and the text defects rejected.
    for box in page.locator("tr.proposed input").all():
        box.check()
    act(curator, "reject")
    assert page.locator("tr.proposed").count() == 0

    assert act(curator, "publish") == f"Update #{update.pk} is published."
    update.refresh_from_db()
    assert update.status == Update.Status.PUBLISHED
    assert undecided_parts(update) == {}
    for key in first_two:
        prefix, pk = key.split(":")
        assert KINDS[prefix][0].objects.get(pk=pk).is_confirmed, key
    kind, pk = rejected_key.split(":")
    assert not KINDS[kind][0].objects.filter(pk=pk).exists()


STATEMENTS = ARTICLE.parent / "statements-article.txt"


def test_review_reported_statements(curator_browser):
    """Wire copy says who said what without quotation marks: the curator sees
    each statement with its speaker and channel, confirms one, rejects one."""
    curator = curator_browser
    page = curator.goto("/admin/importer/articleimport/add/")
    page.set_input_files("#id_file", STATEMENTS)
    with page.expect_navigation():
        page.get_by_role("button", name="Import as a draft").click()
    update = ArticleImport.objects.get().update
    rows = page.locator(
        "tr.proposed", has=page.locator("label", has_text="statement (reported speech)")
    )
    assert rows.count() == 2
    curator.snap("statements")
    gladkov = rows.filter(has_text="Gladkov")
    assert "(Telegram): that two houses were damaged" in gladkov.inner_text()
    ministry = rows.filter(has_text="Ministry of Defence of the Russian Federation")
    assert "(statement): that air defences had destroyed" in ministry.inner_text()

    confirmed = gladkov.locator("input").get_attribute("value")
    rejected = ministry.locator("input").get_attribute("value")
    page.check(f"input[name=proposal][value='{confirmed}']")
    assert act(curator, "confirm") == "Confirmed 1 proposal."
    page.check(f"input[name=proposal][value='{rejected}']")
    assert act(curator, "reject") == "Rejected 1 proposal."
    rejected_row = page.locator("tr.rejected")
    assert "that air defences had destroyed" in rejected_row.inner_text()

    kind, pk = confirmed.split(":")
    assert kind == "statement"
    statement = KINDS[kind][0].objects.get(pk=pk)
    assert statement.reported and statement.is_confirmed
    assert statement.channel == "telegram"
    assert statement.person.name == "Vyacheslav Gladkov"
    assert statement.update == update
    assert not KINDS["statement"][0].objects.filter(pk=rejected.split(":")[1]).exists()

    # Where the text says a claim is unverified, a verification note is proposed.
    shown, kind, pk = decide_the_one(curator, "verification note")
    assert "could not independently verify" in shown
    saved = KINDS[kind][0].objects.get(pk=pk)
    assert saved.is_confirmed and saved.update == update
    assert saved.status == "unverified"

    # "Belgorod Mayor Valentin Demidov": a role held on the update's day. The
    # archive knows "Regional governor Vyacheslav Gladkov" as Belgorod Oblast's
    # governor already: that role is not proposed again.
    shown, kind, pk = decide_the_one(curator, "role")
    assert "Valentin Demidov: mayor, Belgorod" in shown
    affiliation = KINDS[kind][0].objects.get(pk=pk)
    assert affiliation.is_confirmed and affiliation.source == update
    assert affiliation.person.is_confirmed
    assert (affiliation.title, affiliation.jurisdiction.name) == ("mayor", "Belgorod")

    # "Mr. Strelkov" may be the archive's Igor Girkin (his alias "Igor
    # Strelkov"): shown as a guess. Rejected, he is proposed as someone new.
    maybe = page.locator("tr.proposed", has_text="maybe Igor Girkin")
    assert "maybe Igor Girkin (as “Mr. Strelkov”)" in maybe.inner_text()
    key = maybe.locator("input").get_attribute("value")
    page.check(f"input[name=proposal][value='{key}']")
    assert act(curator, "reject") == "Rejected 1 proposal."
    curator.snap("maybe-rejected")
    assert page.locator("tr.proposed", has_text="maybe Igor Girkin").count() == 0
    instead = page.locator("tr.proposed", has_text="Strelkov (as “Mr. Strelkov”)")
    assert "(new)" in instead.inner_text() and "person" in instead.inner_text()
    mention = KINDS["person"][0].objects.get(update=update, as_written="Mr. Strelkov")
    assert mention.person.name == "Strelkov" and not mention.person.is_confirmed


EVENT_ARTICLE = ARTICLE.parent / "event-article.txt"


def test_create_an_event_from_an_imported_draft(curator_browser, client):
    """The importer proposes a new draft event for a strike the archive lacks;
    the curator confirms it, opens it from the review, names and publishes it."""
    from items.models import Event, ReportedFigure

    curator = curator_browser
    page = curator.goto("/admin/importer/articleimport/add/")
    page.set_input_files("#id_file", EVENT_ARTICLE)
    with page.expect_navigation():
        page.get_by_role("button", name="Import as a draft").click()
    update = ArticleImport.objects.get().update
    row = page.locator(
        "tr.proposed", has=page.locator("label", has_text="event reported")
    )
    assert "new draft event: Drones hit Belgorod Oblast overnight" in row.inner_text()
    figures = page.locator(
        "tr.proposed", has=page.locator("label", has_text="figure claimed")
    )
    assert (
        "claimed by Vyacheslav Gladkov"
        in figures.filter(has_text="Two people were injured").inner_text()
    )
    decide_the_one(curator, "event reported")

    # The confirmed row links to the event's own page, where it is finished.
    confirmed = page.locator("tr.confirmed", has_text="new draft event")
    with page.expect_navigation():
        confirmed.get_by_role("link", name="correct").click()
    curator.snap("event page")
    event = Event.objects.get(reports__update=update)
    assert page.url.endswith(f"/admin/items/event/{event.pk}/change/")
    page.fill("#id_title", "Drone strike on Belgorod Oblast, 1 June 2023")
    page.select_option("#id_status", "published")
    # The figures the text stated are inline, each with its claimant.
    assert page.locator("#id_figures-0-as_written").input_value()
    curator.save()
    assert "was changed successfully" in page.locator(".messagelist").inner_text()

    event.refresh_from_db()
    assert event.title == "Drone strike on Belgorod Oblast, 1 June 2023"
    assert (event.status, event.is_confirmed) == ("published", True)
    assert event.kind == "drone_strike"
    assert ReportedFigure.objects.filter(event=event, update=update).count() >= 3
    # Published and confirmed: the public API serves it.
    response = client.get(f"/api/v1/events/{event.slug}/")
    assert response.status_code == 200
    assert response.json()["title"] == event.title
