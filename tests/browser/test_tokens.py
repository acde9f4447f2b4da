"""A curator makes an API token in the admin, uses it from a script, revokes it."""

import json
import re
import urllib.error
import urllib.request


def get(url: str, key: str | None = None, keyword: str = "Bearer") -> tuple[int, dict]:
    """A script's request: no cookies, the token in its header."""
    headers = {"Authorization": f"{keyword} {key}"} if key else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_a_curator_makes_uses_and_revokes_a_token(curator_browser, archive):
    curator = curator_browser
    page = curator.goto("/admin/tokens/token/add/")
    # A curator's token is their own: the form asks only what for and until when.
    assert page.locator("#id_user").count() == 0
    page.fill("#id_name", "my notebook")
    curator.save()
    message = page.locator(".messagelist").inner_text()
    key = re.search(r"(na_[A-Za-z0-9_-]{40,})", message).group(1)
    # The key is shown once: the token's own page holds only its first characters.
    page.locator("#result_list a", has_text=key[:9]).click()
    curator.snap("token")
    assert key not in page.content() and key[:9] in page.content()

    url = f"{archive.url}/api/v1/updates/count/"
    _, public = get(url)
    status, with_token = get(url, key)
    assert status == 200 and with_token["count"] >= public["count"]

    curator.goto("/admin/tokens/token/")
    page.locator("#result_list input.action-select").first.check()
    page.select_option("select[name=action]", "revoke")
    with page.expect_navigation():
        page.locator("button[name=index]").click()
    curator.snap("revoked")
    assert "1 token(s) revoked" in page.locator(".messagelist").inner_text()
    status, refused = get(url, key, "Token")
    assert status == 401 and "revoked" in refused["detail"]
