"""Counts, timelines and facets, kept until the archive changes.

A count of a common word over a million updates reads most of them however it
is asked: the first answer costs what the database takes, and each later one
the same until something changes. So answers are kept in the cache (Redis when
`REDIS_URL` is set, shared by every worker) under the archive's version, which
every write raises once its transaction commits: a kept answer is always the
answer the database would give now, never a stale one. `AGGREGATE_CACHE_SECONDS`
bounds how long one is kept in any case, for a write that raised nothing (raw
SQL run by hand).
"""

import hashlib

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from .cache import on_recovery
from .public import is_public

VERSION_KEY = "archive-version"
# The apps whose records the API counts.
COUNTED_APPS = ("items", "people", "places")


def archive_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def archive_changed(**kwargs) -> None:
    """Forget every kept answer, once the writing transaction commits."""
    transaction.on_commit(forget_answers)


def forget_answers() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there yet (or evicted)
        cache.add(VERSION_KEY, 2, timeout=None)


def kept(request, compute):
    """The answer to `request` (its path and parameters, for the public or for
    curators), computed once per version of the archive."""
    query = sorted(
        (name, value)
        for name in request.query_params
        for value in request.query_params.getlist(name)
    )
    audience = "public" if is_public(request.user) else "curator"
    raw = f"{archive_version()}|{audience}|{request.path}|{query}"
    key = "aggregate:" + hashlib.sha256(raw.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, timeout=settings.AGGREGATE_CACHE_SECONDS)
    return found


def connect() -> None:
    """Raise the version on every save and delete of a counted record, and when
    Redis answers again after an outage (a raise may have been lost in it)."""
    on_recovery(forget_answers)
    for app in COUNTED_APPS:
        for model in apps.get_app_config(app).get_models():
            if hasattr(model, "instance_type"):
                continue  # a history table: its record's own save raises it
            uid = f"aggregate-cache-{model._meta.label}"
            post_save.connect(archive_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(archive_changed, sender=model, dispatch_uid=uid)
    m2m_changed.connect(archive_changed, dispatch_uid="aggregate-cache-m2m")
