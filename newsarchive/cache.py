"""The shared cache (Redis), which an outage of Redis must not turn into errors.

Everything the archive keeps in Redis can be done without for a while: the API's
rate-limit counters (requests are let through uncounted), the login lockout's
failure counts (not counted meanwhile), the aggregate answers (computed again).
So when Redis does not answer, each cache call gives what an empty cache gives,
logs once, and leaves Redis alone for `REDIS_RETRY_SECONDS` instead of waiting
out a timeout on every call. /healthz reports it ("degraded"), and the archive
keeps serving: every web server shares the one Redis, so failing their health
checks would take the whole archive out of service.

What the outage dropped may matter when Redis comes back: a write's raise of
the archive's version was lost, so answers kept before it would be served again
as current. Functions registered with `on_recovery` run in the first call after
an outage, before it answers (newsarchive.aggregate_cache raises the version).
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError, TimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (ConnectionError, TimeoutError)
_recovery_hooks = []


def on_recovery(hook) -> None:
    _recovery_hooks.append(hook)


def _tolerant(answer_when_down):
    """A cache method that gives `answer_when_down(*args, **kwargs)` while
    Redis does not answer."""

    def decorate(method):
        @functools.wraps(method)
        def tolerant(self, *args, **kwargs):
            if self.down_until > time.monotonic():
                return answer_when_down(*args, **kwargs)
            try:
                answer = method(self, *args, **kwargs)
            except UNAVAILABLE as error:
                if not self.down_until:
                    logger.warning("Redis does not answer (%s): going without", error)
                self.down_until = time.monotonic() + self.retry_seconds
                return answer_when_down(*args, **kwargs)
            if self.down_until:
                self.down_until = 0
                logger.warning("Redis answers again")
                for hook in _recovery_hooks:
                    hook()
            return answer

        return tolerant

    return decorate


def _default(key, default=None, *args, **kwargs):
    return default


def _nothing(*args, **kwargs):
    return None


class TolerantRedisCache(RedisCache):
    """Django's Redis cache, answering as an empty cache while Redis is down."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self.retry_seconds = float(params.get("RETRY_SECONDS", 5))
        self.down_until = 0.0  # while later than now: Redis was found down

    get = _tolerant(_default)(RedisCache.get)
    get_many = _tolerant(lambda keys, *args, **kwargs: {})(RedisCache.get_many)
    has_key = _tolerant(lambda *args, **kwargs: False)(RedisCache.has_key)
    add = _tolerant(lambda *args, **kwargs: False)(RedisCache.add)
    set = _tolerant(_nothing)(RedisCache.set)
    set_many = _tolerant(lambda data, *args, **kwargs: list(data))(RedisCache.set_many)
    touch = _tolerant(lambda *args, **kwargs: False)(RedisCache.touch)
    delete = _tolerant(lambda *args, **kwargs: False)(RedisCache.delete)
    delete_many = _tolerant(_nothing)(RedisCache.delete_many)
    clear = _tolerant(lambda *args, **kwargs: False)(RedisCache.clear)
    incr = _tolerant(_nothing)(RedisCache.incr)
