"""Every page of a list names its neighbours in a `Link` header (RFC 8288), so a
filter's whole result downloads as CSV by following rel="next", as the README
shows."""

import csv
import io
import re

from items.models import Update
from tests.items.factories import UpdateFactory

LINK = re.compile(r'<([^>]+)>; rel="(\w+)"')


def links(response) -> dict[str, str]:
    return {rel: url for url, rel in LINK.findall(response.get("Link", ""))}


def test_following_next_downloads_the_whole_filtered_list_as_csv(client, db):
    for _ in range(7):
        UpdateFactory(status=Update.Status.PUBLISHED)
    UpdateFactory()  # a draft: not in the public list
    url = "/api/v1/updates/?format=csv&page_size=3&fields=id,headline"
    rows, pages = [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        text = response.content.decode("utf-8-sig")
        rows += list(csv.DictReader(io.StringIO(text)))
        pages += 1
        url = links(response).get("next")
    assert pages == 3
    published = Update.objects.published().order_by("-published_at", "-id")
    assert [int(row["id"]) for row in rows] == [u.pk for u in published]


def test_a_middle_page_links_both_ways_and_the_last_only_back(client, db):
    for _ in range(5):
        UpdateFactory(status=Update.Status.PUBLISHED)
    first = client.get("/api/v1/updates/", {"page_size": 2})
    assert set(links(first)) == {"next"}
    second = client.get(links(first)["next"])
    assert set(links(second)) == {"next", "prev"}
    back = client.get(links(second)["prev"])
    assert back.json()["results"] == first.json()["results"]
    last = client.get(links(second)["next"])
    assert set(links(last)) == {"prev"}
