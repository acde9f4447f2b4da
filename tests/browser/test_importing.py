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
