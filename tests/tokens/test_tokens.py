"""Personal API tokens, sent by scripts through real HTTP (Django's test client).

A token authenticates the API as its user: a curator's sees drafts, a
researcher's sees what the public sees, at the user rate. It never opens the
admin. Only its digest is stored; revoked, expired or unknown, it gets a 401.
"""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from items.models import Update
from tokens.models import Token
from tokens.services import create_token, revoke_token

from ..items.factories import UpdateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def researcher(django_user_model):
    return django_user_model.objects.create_user("researcher", password="pw-654321")


@pytest.fixture
def with_draft(demo):
    return UpdateFactory(status=Update.Status.DRAFT, headline="Not yet public")


def count(client, key=None, keyword="Token"):
    headers = {"Authorization": f"{keyword} {key}"} if key else {}
    return client.get("/api/v1/updates/count/", headers=headers)


@pytest.mark.parametrize("keyword", ["Token", "Bearer", "bearer"])
def test_a_curators_token_sees_drafts_and_a_researchers_does_not(
    client, with_draft, curator, researcher, keyword
):
    public = count(client).json()["count"]
    _, curator_key = create_token(curator)
    _, researcher_key = create_token(researcher)
    assert count(client, curator_key, keyword).json()["count"] == public + 1
    assert count(client, researcher_key, keyword).json()["count"] == public


def test_only_a_digest_is_stored(curator):
    token, key = create_token(curator, name="script")
    stored = Token.objects.filter(pk=token.pk).values().get()
    assert key not in str(stored)
    assert key.startswith(token.prefix) and len(key) > 40


@pytest.mark.parametrize(
    "problem", ["unknown", "revoked", "expired", "inactive user", "malformed"]
)
def test_a_bad_token_is_a_401_that_says_why(client, demo, curator, problem):
    token, key = create_token(curator)
    header = f"Token {key}"
    if problem == "unknown":
        header = f"Token {key[:-4]}abcd"
    elif problem == "revoked":
        revoke_token(token)
    elif problem == "expired":
        Token.objects.filter(pk=token.pk).update(
            expires_at=timezone.now() - datetime.timedelta(seconds=1)
        )
    elif problem == "inactive user":
        curator.is_active = False
        curator.save()
    else:
        header = f"Token {key} extra"
    response = client.get("/api/v1/updates/", headers={"Authorization": header})
    assert response.status_code == 401
    assert "WWW-Authenticate" in response.headers
    says = {
        "unknown": "No token has this key",
        "revoked": "was revoked on",
        "expired": "expired on",
        "inactive user": "user is inactive",
        "malformed": "must be 'Token <key>' or 'Bearer <key>'",
    }[problem]
    assert says in response.json()["detail"]


def test_a_token_notes_its_last_use(client, demo, researcher):
    token, key = create_token(researcher)
    assert token.last_used_at is None
    count(client, key)
    token.refresh_from_db()
    assert token.last_used_at is not None
    used = token.last_used_at
    count(client, key)  # within a minute: not written again
    token.refresh_from_db()
    assert token.last_used_at == used


def test_a_token_never_opens_the_admin(client, demo, curator):
    _, key = create_token(curator)
    response = client.get("/admin/", headers={"Authorization": f"Token {key}"})
    assert (
        response.status_code == 302 and "/admin/login/" in response.headers["Location"]
    )


@override_settings(API_RATES={"anon": "2/min", "user": "4/min", "export": "1/min"})
def test_a_token_has_the_user_rate(client, demo, researcher):
    from django.conf import settings

    _, key = create_token(researcher)
    answers = [count(client, key).status_code for _ in range(5)]
    assert answers == [200, 200, 200, 200, 429], settings.API_RATES
    anonymous = [count(client).status_code for _ in range(3)]
    assert anonymous == [200, 200, 429]


def test_the_command_prints_a_key_that_works_once_made(client, demo, researcher):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "create_token",
        "researcher",
        "--name",
        "notebook",
        "--expires-in",
        "30",
        stdout=out,
        stderr=err,
    )
    key = out.getvalue().strip()
    assert count(client, key).status_code == 200
    token = Token.objects.get(user=researcher)
    assert token.name == "notebook"
    assert 29 <= (token.expires_at - timezone.now()).days <= 30
    assert "shown this once" in err.getvalue()
    with pytest.raises(CommandError, match="No user 'nobody'"):
        call_command("create_token", "nobody", stdout=io.StringIO())
    for days in ("0", "99999999"):
        with pytest.raises(CommandError, match="--expires-in"):
            call_command("create_token", "researcher", "--expires-in", days)


def test_the_command_makes_a_researchers_account_when_asked(
    client, demo, django_user_model
):
    out = io.StringIO()
    call_command(
        "create_token", "ana", "--create-user", stdout=out, stderr=io.StringIO()
    )
    ana = django_user_model.objects.get(username="ana")
    assert not ana.is_staff and not ana.has_usable_password()
    key = out.getvalue().strip()
    UpdateFactory(status=Update.Status.DRAFT)
    seen = count(client, key)
    assert seen.status_code == 200
    assert seen.json()["count"] == count(client).json()["count"]  # the public's


def test_the_schema_declares_the_token(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert scheme == {**scheme, "type": "http", "scheme": "bearer"}
    operation = schema["paths"]["/api/v1/updates/"]["get"]
    assert {"tokenAuth": []} in operation["security"]
