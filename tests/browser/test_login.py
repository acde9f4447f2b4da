"""A curator who mistypes the password too often sees why the login is refused."""


def _log_in(curator, password):
    curator.goto("/admin/login/?next=/admin/")
    curator.page.fill("#id_username", "curator")
    curator.page.fill("#id_password", password)
    with curator.page.expect_response(lambda r: r.request.method == "POST") as sent:
        curator.page.click("input[type=submit]")
    return sent.value.status, curator.page.inner_text("#content")


def test_too_many_wrong_passwords_lock_the_login_with_a_message(open_browser):
    curator = open_browser()
    for _ in range(4):
        status, text = _log_in(curator, "not-the-password")
        assert status == 200 and "Please enter the correct username" in text
    status, text = _log_in(curator, "not-the-password")
    assert status == 429
    assert "Too many failed login attempts" in text and "15 minutes" in text
    # Locked: the right password is refused too, with the same message.
    status, text = _log_in(curator, curator.password)
    curator.snap("locked out")
    assert status == 429 and "Too many failed login attempts" in text
    assert "/admin/login/" in curator.page.url
    # Chromium logs each 429 page it loads as a failed resource: those two are
    # the answers this test asks for; any other error still fails it.
    curator.errors[:] = [e for e in curator.errors if "status of 429" not in e]
