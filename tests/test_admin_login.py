"""The admin's login form stops guessing: after five wrong passwords for one login
from one address, that login is refused from there for a while (django-axes).

Every attempt goes through the login page's own form, as a browser sends it.
"""

import datetime

import pytest
from axes.models import AccessAttempt
from django.db.models import F

pytestmark = pytest.mark.django_db

HOME = "192.0.2.10"
ELSEWHERE = "192.0.2.99"
WRONG = "not-the-password"
LOCKED_OUT = (
    "Too many failed login attempts for this account from your address; "
    "try again in 15 minutes."
)


@pytest.fixture(autouse=True)
def _quick_passwords(settings):
    # Forty logins at the production hasher's cost would take half a minute.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def log_in(django_app, username, password, address=HOME, page=None):
    """Fill in and send the login form (of `page`, or a freshly opened one)."""
    where = {"REMOTE_ADDR": address}
    if page is None:
        page = django_app.get("/admin/login/?next=/admin/", extra_environ=where)
    form = page.forms["login-form"]
    form["username"] = username
    form["password"] = password
    return form.submit(extra_environ=where, expect_errors=True)


def logged_in(response) -> bool:
    return response.status_code == 302 and response.location.endswith("/admin/")


def fail_five_times(django_app, username="curator", address=HOME):
    return [log_in(django_app, username, WRONG, address).status_code for _ in range(5)]


def test_five_wrong_passwords_lock_the_login_out_from_that_address(django_app, curator):
    # The fifth failure is the one that locks: its answer already says so.
    assert fail_five_times(django_app) == [200, 200, 200, 200, 429]

    refused = log_in(django_app, "curator", "pw-123456")
    assert refused.status_code == 429
    assert LOCKED_OUT in refused.text
    assert "_auth_user_id" not in django_app.session
    # The lockout page is the login page: the form is there for later.
    assert refused.forms["login-form"]["username"].value == "curator"
    again = log_in(django_app, "curator", "pw-123456", page=refused)
    assert again.status_code == 429


def test_a_wrong_password_before_the_limit_is_the_usual_error(django_app, curator):
    response = log_in(django_app, "curator", WRONG)
    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.text
    assert LOCKED_OUT not in response.text


def test_the_lockout_holds_only_that_login_from_that_address(
    django_app, curator, django_user_model
):
    django_user_model.objects.create_superuser("editor", password="pw-654321")
    fail_five_times(django_app)

    assert logged_in(log_in(django_app, "editor", "pw-654321"))
    django_app.reset()
    assert logged_in(log_in(django_app, "curator", "pw-123456", address=ELSEWHERE))


def test_a_right_password_before_the_limit_starts_the_count_again(django_app, curator):
    for _ in range(4):
        log_in(django_app, "curator", WRONG)
    assert logged_in(log_in(django_app, "curator", "pw-123456"))
    django_app.reset()
    assert fail_five_times(django_app)[:4] == [200, 200, 200, 200]


def test_the_lockout_lifts_after_the_cool_off(django_app, curator, settings):
    # The failures are aged in the database rather than waited out: a wait of a
    # second raced the clock on a loaded machine, where five logins outlast it.
    settings.AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=1)
    fail_five_times(django_app)
    refused = log_in(django_app, "curator", "pw-123456")
    assert refused.status_code == 429
    assert "try again in 1 minute." in refused.text

    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - datetime.timedelta(seconds=61)
    )
    assert logged_in(log_in(django_app, "curator", "pw-123456"))


def test_the_limit_and_the_cool_off_are_settings(django_app, curator, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
    assert [log_in(django_app, "curator", WRONG).status_code for _ in range(2)] == [
        200,
        429,
    ]
    refused = log_in(django_app, "curator", "pw-123456")
    assert "try again in 30 minutes." in refused.text


def test_a_forwarded_address_does_not_escape_the_lockout(django_app, curator):
    """With no trusted proxy, a made-up X-Forwarded-For is the client's word."""
    for n in range(5):
        page = django_app.get("/admin/login/", extra_environ={"REMOTE_ADDR": HOME})
        form = page.forms["login-form"]
        form["username"], form["password"] = "curator", WRONG
        form.submit(
            headers={"X-Forwarded-For": f"198.51.100.{n}"},
            extra_environ={"REMOTE_ADDR": HOME},
            expect_errors=True,
        )
    assert log_in(django_app, "curator", "pw-123456").status_code == 429
