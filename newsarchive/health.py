"""GET /healthz: whether this worker can serve, for the load balancer.

200 while the primary database answers; 503 otherwise, so the balancer stops
sending requests here. Redis (when REDIS_URL is set) and the replicas are
reported, but one down (or a replica lagging) makes the answer "degraded", not a
failure: every web server shares them, so failing the check would take every
server out of service at once, while the archive can serve without them (the
primary answers reads meanwhile, newsarchive.replicas; requests go uncounted by
the rate limits, newsarchive.cache).
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from . import replicas


@never_cache
def healthz(request):
    primary = _timed(_primary)
    redis = (
        _timed(_redis)
        if settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
        else {"status": "not used"}
    )
    replica_states = replicas.health()
    up = primary["status"] == "ok"
    degraded = redis["status"] == "down" or any(
        state["status"] != "ok" for state in replica_states.values()
    )
    return JsonResponse(
        {
            "status": "degraded" if up and degraded else ("ok" if up else "down"),
            "database": {"primary": primary, "replicas": replica_states},
            "redis": redis,
        },
        status=200 if up else 503,
    )


def _primary() -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")


def _redis() -> None:
    cache._cache.get_client(None, write=True).ping()


def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        check()
    except Exception as error:  # any failure is the answer
        return {"status": "down", "error": type(error).__name__}
    return {"status": "ok", "ms": round((time.perf_counter() - started) * 1000, 1)}
