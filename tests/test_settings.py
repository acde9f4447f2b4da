import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_manage(*args, **env):
    environment = {**os.environ, "DATABASE_URL": "", **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


CHECK_ID = re.compile(r"\(\w+(\.\w+)*\.[WE]\d{3}\)")
HTTPS_WARNINGS = ["security.W004", "security.W008", "security.W012", "security.W016"]


def deploy_check(**env):
    return run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **{
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "a-real-secret-key-" + "x" * 50,
            "DJANGO_ALLOWED_HOSTS": "",
            "REDIS_URL": "",
            **env,
        },
    )


def test_deploy_check_is_clean_under_production_settings():
    result = deploy_check(DJANGO_HTTPS="", DJANGO_ALLOWED_HOSTS="archive.example.org")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert not CHECK_ID.search(output), output
    assert "no issues (0 silenced)" in result.stdout


def test_deploy_check_is_clean_for_plain_http_on_loopback():
    """`make run`'s settings: DJANGO_HTTPS=0, and only loopback host names."""
    result = deploy_check(DJANGO_HTTPS="0")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert not CHECK_ID.search(output), output
    assert "no issues (4 silenced)" in result.stdout


def test_deploy_check_warns_of_plain_http_for_any_other_host():
    result = deploy_check(
        DJANGO_HTTPS="0", DJANGO_ALLOWED_HOSTS="localhost,archive.example.org"
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    found = sorted(match[0].strip("()") for match in CHECK_ID.finditer(output))
    assert found == HTTPS_WARNINGS, output


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_DEBUG="0", DJANGO_SECRET_KEY="")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_forwarded_addresses_are_believed_only_from_configured_proxies():
    """TRUSTED_PROXIES sets how many X-Forwarded-For entries DRF trusts: none
    unless set."""
    show = "from rest_framework.settings import api_settings as s; print(s.NUM_PROXIES)"
    default = run_manage("shell", "--no-imports", "-c", show, TRUSTED_PROXIES="")
    assert default.stdout.split() == ["0"], default.stderr
    behind_two = run_manage("shell", "--no-imports", "-c", show, TRUSTED_PROXIES="2")
    assert behind_two.stdout.split() == ["2"], behind_two.stderr


def test_login_lockouts_are_counted_where_every_worker_sees_them():
    """In Redis when REDIS_URL is set, else in the database; never per process."""
    show = (
        "from django.conf import settings as s; "
        "print(s.AXES_HANDLER, s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.seconds)"
    )
    default = run_manage("shell", "--no-imports", "-c", show, REDIS_URL="")
    assert default.stdout.split() == [
        "axes.handlers.database.AxesDatabaseHandler",
        "5",
        "900",
    ], default.stderr
    configured = run_manage(
        "shell",
        "--no-imports",
        "-c",
        show,
        REDIS_URL="redis://127.0.0.1:6379/15",
        LOGIN_FAILURE_LIMIT="3",
        LOGIN_COOLOFF_MINUTES="60",
    )
    assert configured.stdout.split() == [
        "axes.handlers.cache.AxesCacheHandler",
        "3",
        "3600",
    ], configured.stderr


def test_with_redis_url_the_cache_is_redis_and_survives_its_outage():
    """The backend that answers as an empty cache while Redis is down
    (tests/test_redis_outage.py), giving up within half a second."""
    show = (
        "from django.conf import settings as s; c = s.CACHES['default']; "
        "print(c['BACKEND'], c['LOCATION'], c['OPTIONS']['socket_timeout'])"
    )
    configured = run_manage(
        "shell", "--no-imports", "-c", show, REDIS_URL="redis://127.0.0.1:6379/15"
    )
    assert configured.stdout.split() == [
        "newsarchive.cache.TolerantRedisCache",
        "redis://127.0.0.1:6379/15",
        "0.5",
    ], configured.stderr


def test_postgresql_connections_come_from_a_pool_and_replicas_are_configured():
    """DATABASE_URL on PostgreSQL: pooled; DATABASE_REPLICA_URLS: one alias each,
    not pooled, with a short connect timeout."""
    shown = run_manage(
        "shell",
        "--verbosity",
        "0",
        "-c",
        "from django.conf import settings as s; d = s.DATABASES; "
        "r = d['replica2']; "
        "print(sorted(d), d['default']['OPTIONS']['pool']['max_size'], "
        "'pool' in r['OPTIONS'], r['OPTIONS']['connect_timeout'], "
        "r['PORT'], s.REPLICA_MAX_LAG)",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/x",
        DATABASE_REPLICA_URLS="postgres://postgres@127.0.0.1:5433/x, "
        "postgres://postgres@127.0.0.1:5434/x",
        DATABASE_POOL_SIZE="6",
        REPLICA_MAX_LAG="4",
        DJANGO_DEBUG="1",
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split() == [
        "['default',",
        "'replica1',",
        "'replica2']",
        "6",
        "False",
        "2",
        "5434",
        "4.0",
    ]
