"""A curator narrows the update list by place (typed, not looked up by id) and by
a date range."""

import re

from items.models import Update
from places.models import Place

from ..items.factories import PlaceMentionFactory, UpdateFactory


def shown_headlines(page):
    return page.locator(
        "#result_list td.field-headline, #result_list th.field-headline"
    )


def test_filter_updates_by_a_region_typed_by_an_alias(curator_browser):
    curator = curator_browser
    raid = Update.objects.get()
    in_ukraine = PlaceMentionFactory(
        place=Place.objects.get(slug="bakhmut"),
        update=UpdateFactory(headline="Fighting in Bakhmut"),
    ).update
    page = curator.goto("/admin/items/update/")
    assert shown_headlines(page).count() == 2

    page.locator(".place-filter .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill(
        "Belgorod region"
    )
    with page.expect_navigation():
        page.get_by_role("option", name="Belgorod Oblast (Russia)").click()
    curator.snap("in-belgorod-oblast")
    oblast = Place.objects.get(slug="belgorod-oblast")
    assert re.search(rf"[?&]place={oblast.pk}\b", page.url)
    assert shown_headlines(page).all_inner_texts() == [raid.headline]
    assert in_ukraine.headline not in page.content()

    page.get_by_role("link", name="All places").click()
    page.wait_for_load_state()
    assert shown_headlines(page).count() == 2


def test_filter_updates_by_a_date_range(curator_browser):
    curator = curator_browser
    raid = Update.objects.get()  # published 2023-05-24
    UpdateFactory(headline="A later update", published_at="2023-07-02T10:00:00Z")
    page = curator.goto("/admin/items/update/")
    page.fill("#id_published_at__range__gte", "2023-05-01")
    page.fill("#id_published_at__range__lte", "2023-05-31")
    with page.expect_navigation():
        page.locator(".admindatefilter input[type=submit]").click()
    curator.snap("may-2023")
    assert shown_headlines(page).all_inner_texts() == [raid.headline]
