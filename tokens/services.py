"""Making, revoking and checking API tokens: the admin, the command and the
API's authentication all call these."""

import datetime
import hashlib
import secrets

from django.utils import timezone

from .models import Token

# Recognizable in logs and by secret scanners; the rest is 256 random bits.
KEY_PREFIX = "na_"
# A token's last use is written at most this often: not one write per request.
LAST_USED_EVERY = datetime.timedelta(minutes=1)


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_key(token: Token) -> str:
    """Give the unsaved `token` a new key; returns it, the only time it is known."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token.prefix = key[: len(KEY_PREFIX) + 6]
    token.digest = digest(key)
    return key


def create_token(user, *, name: str = "", expires_at=None) -> tuple[Token, str]:
    """A new token for `user`, and its key."""
    token = Token(user=user, name=name, expires_at=expires_at)
    key = issue_key(token)
    token.save()
    return token, key


def revoke_token(token: Token) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def why_refused(key: str) -> str:
    """Why `key` does not authenticate, for the one who holds it: knowing the
    key, they may know its state (and a lost key is revoked, not expired)."""
    token = Token.objects.select_related("user").filter(digest=digest(key)).first()
    if token is None:
        return "No token has this key."
    if token.revoked_at is not None:
        return f"The token was revoked on {token.revoked_at:%Y-%m-%d %H:%M} UTC."
    if token.expires_at is not None and token.expires_at <= timezone.now():
        return f"The token expired on {token.expires_at:%Y-%m-%d %H:%M} UTC."
    return "The token's user is inactive."


def token_for(key: str) -> Token | None:
    """The usable token whose key is `key`, its use noted; None if there is none."""
    token = (
        Token.objects.usable()
        .select_related("user")
        .filter(digest=digest(key), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
        Token.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
