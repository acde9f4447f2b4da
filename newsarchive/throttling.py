"""Per-client request rates, read from settings.API_RATES when a request arrives.

The counters live in the default cache: Redis when REDIS_URL is set, so that every
gunicorn worker counts against the same limit.
"""

from django.conf import settings
from rest_framework.throttling import (
    AnonRateThrottle,
    ScopedRateThrottle,
    UserRateThrottle,
)


class AnonymousRateThrottle(AnonRateThrottle):
    def get_rate(self):
        return settings.API_RATES[self.scope]


class CuratorRateThrottle(UserRateThrottle):
    def get_rate(self):
        return settings.API_RATES[self.scope]


class ScopedThrottle(ScopedRateThrottle):
    """A view's own limit (`throttle_scope`), besides the general ones."""

    def get_rate(self):
        return settings.API_RATES[self.scope]
