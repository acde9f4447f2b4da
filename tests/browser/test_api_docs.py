"""A researcher's pages in the browser: the API documentation (Swagger UI) and the
API itself, under the archive's Content Security Policy.

The fixture fails a test on any policy violation or console error; these tests
also check that the pages really did what they are for.
"""

import re

SWAGGER_LOADED = ".opblock-summary-path"


def try_stories_list(page):
    """Try the stories list out in Swagger UI; it answers 200. The operation."""
    operation = page.locator("#operations-v1-v1_stories_list")
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    status = operation.locator(
        ".live-responses-table tr.response .response-col_status"
    ).first
    status.wait_for()
    assert status.inner_text().strip() == "200"
    return operation


def test_swagger_ui_lists_and_runs_the_operations_under_the_policy(open_browser):
    researcher = open_browser("researcher")
    response = researcher.page.goto(researcher.base_url + "/api/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    researcher.page.locator(SWAGGER_LOADED).first.wait_for()
    paths = researcher.page.locator(SWAGGER_LOADED).all_inner_texts()
    assert "/api/v1/stories/" in [path.strip() for path in paths]
    researcher.snap("operations")

    # Trying an operation out fetches from the API: the policy allows that too.
    try_stories_list(researcher.page)
    researcher.snap("tried")
    assert researcher.errors == []


def test_the_api_opens_in_the_browser_under_the_policy(open_browser):
    researcher = open_browser("researcher")
    response = researcher.page.goto(researcher.base_url + "/api/v1/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert re.search(r'"stories":\s*"http', researcher.page.inner_text("body"))
    researcher.snap("api-root")
    researcher.goto("/api/v1/places/?page_size=5")
    assert '"results"' in researcher.page.inner_text("body")
    assert researcher.errors == []


def test_swagger_ui_sends_a_researchers_token(open_browser, archive):
    """Authorize takes the key; the operations tried then send it, and it works."""
    from django.contrib.auth import get_user_model

    from tokens.models import Token
    from tokens.services import create_token

    token, key = create_token(get_user_model().objects.create_user("ana"))
    researcher = open_browser("researcher")
    page = researcher.page
    page.goto(researcher.base_url + "/api/docs/")
    page.locator(SWAGGER_LOADED).first.wait_for()
    page.locator("button.authorize").first.click()
    scheme = page.locator(".dialog-ux .auth-container", has_text="tokenAuth")
    scheme.locator("input").fill(key)
    scheme.locator("button.modal-btn.authorize").click()
    # It took the key: the form now offers to remove it.
    scheme.get_by_role("button", name="Remove authorization").wait_for()
    researcher.snap("authorized")
    page.locator(".dialog-ux button.btn-done").first.click()

    operation = try_stories_list(page)
    assert (
        f"Authorization: Bearer {key}"
        in operation.locator(".curl-command").inner_text()
    )
    researcher.snap("tried with the token")
    assert Token.objects.get(pk=token.pk).last_used_at is not None
    assert researcher.errors == []
