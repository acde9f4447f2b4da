"""The pages a curator lives in fit a 1366 px wide screen."""

import pytest
from django.contrib import admin
from django.urls import reverse

from items.models import Quote, Update

MODELS = sorted(
    (m for m in admin.site._registry if m._meta.app_label != "auth"),
    key=lambda m: m._meta.label,
)


def width_and_height(page):
    return page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
    )


def test_no_admin_page_scrolls_sideways(curator_browser):
    curator = curator_browser
    too_wide = {}
    for model in MODELS:
        meta = model._meta
        pages = [reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")]
        record = model.objects.order_by("pk").first()
        if model._meta.app_label != "importer":
            pages.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
        if record is not None:
            pages.append(
                reverse(
                    f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk]
                )
            )
        for path in pages:
            width, _ = width_and_height(curator.goto(path))
            if width > 1366:
                too_wide[path] = width
    assert not too_wide


def test_the_update_page_puts_the_text_first_and_keeps_its_inlines_compact(
    curator_browser,
):
    update = Update.objects.get()
    page = curator_browser.goto(f"/admin/items/update/{update.pk}/change/")
    top = {
        name: page.locator(f"#id_{name}").bounding_box()["y"]
        for name in ("headline", "summary", "body", "story", "status")
    }
    assert top["headline"] < top["summary"] < top["body"] < top["story"], top
    headline = page.locator("#id_headline")
    assert headline.evaluate("e => e.scrollWidth <= e.clientWidth"), "headline cut off"

    one_line = Quote.objects.filter(update=update).order_by("position", "pk").first()
    assert len(one_line.text) < 200
    row = page.locator(".inline-related", has=page.locator("#id_quotes-0-text"))
    text = page.locator("#id_quotes-0-text").bounding_box()
    assert text["height"] < 80, text  # two lines at most
    assert row.bounding_box()["height"] < 200
    _, height = width_and_height(page)
    # 6,000 px until issue 14 gave quotes their "reported" box and verification
    # notes their confirmation: a few pixels more for the demo's update; and
    # 6,100 until issue 15 listed the events an update reports (one row here).
    assert height < 6200, f"the update page is {height} px tall"


@pytest.mark.parametrize("typed", ["a sentence that runs on\n" * 6])
def test_long_text_fields_grow_as_they_are_typed_into(curator_browser, typed):
    update = Update.objects.get()
    page = curator_browser.goto(f"/admin/items/update/{update.pk}/change/")
    box = page.locator("#id_quotes-0-text")
    before = box.bounding_box()["height"]
    box.fill(typed)
    box.press("End")
    box.type(" more")
    after = box.bounding_box()["height"]
    assert after > before * 2, (before, after)


def test_the_update_list_shows_headlines_as_lines_and_every_column(curator_browser):
    from ..items.factories import UpdateFactory

    UpdateFactory(
        headline="Governor says drones struck a fuel depot and two villages near "
        "the border overnight, as officials ordered evacuations"
    )
    page = curator_browser.goto("/admin/items/update/")
    for cell in page.locator("#result_list .field-headline").all():
        assert cell.bounding_box()["height"] < 70, cell.inner_text()
    for cell in page.locator("#result_list .field-status").all():
        box = cell.bounding_box()
        assert box["x"] + box["width"] <= 1366
        assert cell.evaluate("e => e.scrollWidth <= e.clientWidth")


def test_each_field_keeps_its_icons_inside_its_own_column(curator_browser):
    update = Update.objects.get()
    page = curator_browser.goto(f"/admin/items/update/{update.pk}/change/")
    spilling = page.evaluate(
        """() => {
        const spilling = [];
        const columns = '.inline-related:not(.tabular) .form-multiline > div';
        document.querySelectorAll(columns).forEach((column) => {
            const box = column.getBoundingClientRect();
            const parts = 'a.related-widget-wrapper-link, .select2-container';
            column.querySelectorAll(parts).forEach((part) => {
                const r = part.getBoundingClientRect();
                if (r.width && (r.right > box.right + 1 || r.left < box.left - 1)) {
                    spilling.push(column.className + ': ' + part.className);
                }
            });
        });
        return spilling;
    }"""
    )
    assert not spilling
    # No box offers to delete the record it links to (a person, a story).
    assert page.locator("a.delete-related").count() == 0
