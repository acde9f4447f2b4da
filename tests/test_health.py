"""/healthz: what a load balancer asks each web server."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

CLOSED_REDIS = {
    "default": {
        "BACKEND": "newsarchive.cache.TolerantRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
    }
}


def test_in_service_while_the_database_answers(client, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["primary"]["status"] == "ok"
    assert body["database"]["replicas"] == {}
    redis = "ok" if "Redis" in settings.CACHES["default"]["BACKEND"] else "not used"
    assert body["redis"]["status"] == redis
    assert response["Cache-Control"].startswith("max-age=0")


@override_settings(CACHES=CLOSED_REDIS)
def test_degraded_but_in_service_when_redis_is_down(client):
    """Every server shares the one Redis, and serves without it
    (tests/test_redis_outage.py): failing them all would stop the archive."""
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["redis"]["status"] == "down"
    assert body["database"]["primary"]["status"] == "ok"
