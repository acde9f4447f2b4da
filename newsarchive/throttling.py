"""Per-client request rates, read from settings.API_RATES when a request arrives.

The counters live in the default cache: Redis when REDIS_URL is set, so that every
gunicorn worker counts against the same limit.
"""

from django.conf import settings
from rest_framework.throttling import (
    AnonRateThrottle,
    BaseThrottle,
    ScopedRateThrottle,
    UserRateThrottle,
)


def client_address(request) -> str:
    """The address a request came from, as the rate limits count it.

    X-Forwarded-For is believed only for the proxies settings.TRUSTED_PROXIES
    counts (DRF's NUM_PROXIES rule). Login lockouts count by it too, so neither
    is reset by a made-up header.
    """
    return BaseThrottle().get_ident(request)


class AnonymousRateThrottle(AnonRateThrottle):
    def get_rate(self):
        return settings.API_RATES[self.scope]


class CuratorRateThrottle(UserRateThrottle):
    """Logged-in users' rate; anonymous clients have their own (not this one too,
    or API_ANON_RATE could never be set above it)."""

    def get_rate(self):
        return settings.API_RATES[self.scope]

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None
        return super().get_cache_key(request, view)


class ScopedThrottle(ScopedRateThrottle):
    """A view's own limit (`throttle_scope`), besides the general ones.

    Views that use it stop at the first limit a request is over
    (`first_refusal`): DRF asks every throttle, and each one that agrees counts
    the request, so a request the general limit refused would still use up the
    export's quota.
    """

    def get_rate(self):
        return settings.API_RATES[self.scope]


def first_refusal(view, request) -> None:
    """APIView.check_throttles, stopping at the first throttle that refuses."""
    for throttle in view.get_throttles():
        if not throttle.allow_request(request, view):
            view.throttled(request, throttle.wait())
