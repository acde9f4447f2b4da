"""Every page names where its scripts, styles and requests may come from.

tests/browser checks that the admin and the API's documentation work under the
policy (no violation in Chromium); these check the header and the pages' markup.
"""

import re

import pytest

pytestmark = pytest.mark.django_db

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>")


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: sources
        for name, *sources in (part.split() for part in header.split(";"))
        if name
    }


@pytest.mark.parametrize(
    "path", ["/admin/login/", "/api/docs/", "/api/v1/", "/api/v1/places/"]
)
def test_every_page_sends_the_policy(client, path):
    directives = policy(client.get(path))
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"][0] == "'self'"
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


def test_the_api_docs_load_their_script_from_the_archive(client):
    """Swagger UI's setup is a script file of its own, not an inline script."""
    page = client.get("/api/docs/").content.decode()
    sources = [re.search(r'src="([^"]+)"', attrs) for attrs in SCRIPT_TAG.findall(page)]
    assert sources and all(sources)
    setup = client.get(sources[-1].group(1).replace("&amp;", "&"))
    assert setup.status_code == 200
    assert setup["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle(" in setup.content
    # No badge from validator.swagger.io, which the policy would refuse.
    assert b'"validatorUrl": null' in setup.content


def test_an_inline_script_runs_only_with_its_pages_nonce(client, curator, demo):
    """The update list's date range filter (django-admin-rangefilter) has an
    inline script, marked with the nonce the policy names for this response."""
    client.force_login(curator)
    response = client.get("/admin/items/update/")
    nonce = re.fullmatch(r"'nonce-(.+)'", policy(response)["script-src"][1])[1]
    inline = [
        attrs
        for attrs in SCRIPT_TAG.findall(response.content.decode())
        if "src=" not in attrs
    ]
    assert inline
    assert all(f'nonce="{nonce}"' in attrs for attrs in inline)
    again = policy(client.get("/admin/items/update/"))["script-src"][1]
    assert again != f"'nonce-{nonce}'"
