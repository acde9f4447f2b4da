"""Settings for newsarchive, driven by environment variables (see README)."""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool) -> bool:
    """Read a boolean environment variable written as 1/0, true/false or yes/no."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env(name: str, default: str = "") -> str:
    return os.environ.get(name) or default


DEBUG = env_flag("DJANGO_DEBUG", False)

SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(`make run` writes one to .local/secret_key)."
        )
    SECRET_KEY = "django-insecure-dev-only-key-never-use-in-production"

ALLOWED_HOSTS = [
    host.strip()
    for host in env("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")
    if host.strip()
]

INSTALLED_APPS = [
    # Django's admin, as the archive's own site (newsarchive/admin_site.py).
    "newsarchive.admin_site.ArchiveAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "axes",
    "rangefilter",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "places",
    "people",
    "items",
    "changes",
    "dumps",
    "importer",
    "tokens",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before every view, so templates can mark an inline script with its nonce.
    "csp.middleware.CSPMiddleware",
    "newsarchive.middleware.refuse_nul_characters",
    "newsarchive.timeouts.StatementTimeout",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Which database the request reads from: knows the session's curator.
    "newsarchive.replicas.ReadFromReplica",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each change in the history tables.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Turns a login refused for too many failures into the lockout page; last, as
    # django-axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsarchive.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "newsarchive" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "newsarchive.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=60,
        conn_health_checks=True,
    )
}
# PostgreSQL connections come from Django's own pool (psycopg_pool), per worker
# process: opened ahead and checked before a request gets one. Not PgBouncer: it
# is one more service to run, and its transaction pooling would break what the
# archive keeps on a connection for a request or a transaction (the statement
# time limit, advisory locks and a temporary table in facet recounts, an
# exported snapshot shared by the export's connections). README, "Running in
# production". DATABASE_POOL=0 turns it off (persistent connections instead).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and (
    env("DATABASE_POOL", "1") != "0"
):
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps them instead
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "pool": {
            "min_size": 1,
            "max_size": int(env("DATABASE_POOL_SIZE", "4")),
            "timeout": 10,
        },
    }

# Read replicas (newsarchive.replicas): PostgreSQL streaming replicas of the
# primary, comma-separated; the public API and the export API read from them.
for number, url in enumerate(
    (url.strip() for url in env("DATABASE_REPLICA_URLS", "").split(",") if url.strip()),
    start=1,
):
    DATABASES[f"replica{number}"] = dj_database_url.parse(
        url, conn_max_age=60, conn_health_checks=True
    )
    # A replica that does not answer is skipped: found out in 2 s, not a minute.
    # Not pooled: a pool waits its whole timeout for a server that is down,
    # where a plain connection is refused at once.
    DATABASES[f"replica{number}"]["OPTIONS"] = {"connect_timeout": 2}
DATABASE_ROUTERS = ["newsarchive.replicas.ReplicaRouter"]
# Seconds a replica may be behind the primary and still serve; past it (or down),
# requests read from the primary. Checked at most every REPLICA_CHECK_INTERVAL s.
REPLICA_MAX_LAG = float(env("REPLICA_MAX_LAG", "10"))
REPLICA_CHECK_INTERVAL = float(env("REPLICA_CHECK_INTERVAL", "2"))

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn workers share the file: WAL lets readers run beside a writer,
    # and IMMEDIATE transactions take the write lock up front, so two curators'
    # saves are serialised instead of failing with "database is locked" mid-way.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

# Seconds of database work a web request may take (newsarchive.timeouts); one
# that runs over is a 503. Below gunicorn's own 30 s, so the worker is never
# killed. 0 turns the limit off. The export API streams for longer: each of its
# statements gets EXPORT_STATEMENT_TIMEOUT.
STATEMENT_TIMEOUT = float(env("STATEMENT_TIMEOUT", "10"))
EXPORT_STATEMENT_TIMEOUT = float(env("EXPORT_STATEMENT_TIMEOUT", "600"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

# Admin logins (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for one
# username from one address, that pair is refused for LOGIN_COOLOFF_MINUTES; other
# logins and addresses are not. Axes refuses authenticate() calls without a
# request, so tests log in with force_login (or client.login(request=...)).
AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out login before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(env("LOGIN_COOLOFF_MINUTES", "15")))
if AXES_FAILURE_LIMIT < 1 or AXES_COOLOFF_TIME.total_seconds() < 60:
    raise ImproperlyConfigured(
        "LOGIN_FAILURE_LIMIT and LOGIN_COOLOFF_MINUTES must be 1 or more."
    )
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "newsarchive.throttling.client_address"
AXES_LOCKOUT_CALLABLE = "newsarchive.logins.lockout_response"
AXES_RESET_ON_SUCCESS = True
# The counts must be shared by every gunicorn worker, or each would allow its own
# five: in Redis when there is one, else in the database. Never in local memory
# (axes.W001 warns of exactly that).
AXES_HANDLER = (
    "axes.handlers.cache.AxesCacheHandler"
    if env("REDIS_URL")
    else "axes.handlers.database.AxesDatabaseHandler"
)
# No admin pages or log of successful logins: the lockout is all we use axes for.
AXES_ENABLE_ADMIN = False
AXES_DISABLE_ACCESS_LOG = True

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Real news items the importer is measured on. Third-party texts: they stay
# outside the project, which holds only their answer keys (tests/importer/real).
REAL_ARTICLES_DIR = Path(
    env("REAL_ARTICLES_DIR", str(BASE_DIR.parent / "shared" / "real-articles"))
)

STATIC_ROOT = BASE_DIR / "staticfiles"
# The project's own static files: the admin's stylesheet, script and icon.
STATICFILES_DIRS = [BASE_DIR / "newsarchive" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Production serves HTTPS behind a proxy; `make run` serves plain HTTP on loopback
# and turns this off, or the secure cookies would make the admin login impossible.
HTTPS = env_flag("DJANGO_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# `check --deploy` warns that HSTS, the HTTPS redirect and secure-only cookies are
# off when DJANGO_HTTPS=0. That is true, and moot only where no other machine's
# browser can use the site: when every host name it answers to is a loopback one,
# as under `make run`. With any other name the warnings stand.
if not HTTPS and set(ALLOWED_HOSTS) <= {"localhost", "127.0.0.1", "[::1]"}:
    SILENCED_SYSTEM_CHECKS = [
        "security.W004",  # SECURE_HSTS_SECONDS
        "security.W008",  # SECURE_SSL_REDIRECT
        "security.W012",  # SESSION_COOKIE_SECURE
        "security.W016",  # CSRF_COOKIE_SECURE
    ]
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in env("DJANGO_CSRF_TRUSTED_ORIGINS").split(",")
    if origin.strip()
]

# Content-Security-Policy on every response (django-csp): everything from the
# archive itself, nothing from elsewhere (Swagger UI is served from the sidecar
# package). Scripts are files, or inline scripts carrying the response's nonce
# (django-admin-rangefilter marks its own with `request.csp_nonce`). Styles allow
# 'unsafe-inline': the admin's templates, its widgets, select2 and Swagger UI write
# style attributes and <style> blocks, and a style cannot run code; scripts, which
# can, never get it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        # Swagger UI's stylesheet draws a few icons from data: URIs.
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        # As X-Frame-Options: DENY, for browsers that read only this.
        "frame-ancestors": [NONE],
    }
}

# State that gunicorn's worker processes share (API throttling counters) lives in
# Redis when REDIS_URL is set; a single process can make do with local memory.
# While Redis does not answer, the archive goes on without it (newsarchive.cache):
# connecting and each call give up within half a second, and Redis is left alone
# for REDIS_RETRY_SECONDS before it is tried again.
if env("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "newsarchive.cache.TolerantRedisCache",
            "LOCATION": env("REDIS_URL"),
            "KEY_PREFIX": "newsarchive",
            "RETRY_SECONDS": float(env("REDIS_RETRY_SECONDS", "5")),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# How many reverse proxies in front of the archive each append the address they saw
# to X-Forwarded-For. Rate limits and login lockouts count per client address: with
# none (the default; `make run` serves clients directly) it is the connection's
# own, since a client can write anything in that header; with N, the Nth from the
# right, the one the outermost trusted proxy saw.
TRUSTED_PROXIES = int(env("TRUSTED_PROXIES", "0"))
if TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("TRUSTED_PROXIES counts proxies: 0 or more.")

# Requests per client: anonymous clients by address, curators by login.
API_RATES = {
    "anon": env("API_ANON_RATE", "120/min"),
    "user": env("API_USER_RATE", "1200/min"),
    # Downloads of whole slices of the archive, per client.
    "export": env("API_EXPORT_RATE", "30/hour"),
}
API_MAX_PAGE_SIZE = 500
# The longest a count, timeline or facet answer is kept (newsarchive.aggregate_cache);
# any write forgets them all sooner.
AGGREGATE_CACHE_SECONDS = int(env("AGGREGATE_CACHE_SECONDS", "300"))
# Where the archive is served: absolute URIs in exports (ninjs) are made from it.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": [
        "newsarchive.renderers.ORJSONRenderer",
        "newsarchive.renderers.CSVRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "tokens.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_FILTER_BACKENDS": [
        "newsarchive.filters.StrictFilterBackend",
        "newsarchive.filters.StrictOrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "newsarchive.pagination.ArchiveCursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": [
        "newsarchive.throttling.AnonymousRateThrottle",
        "newsarchive.throttling.CuratorRateThrottle",
    ],
    "NUM_PROXIES": TRUSTED_PROXIES,
    "DEFAULT_SCHEMA_CLASS": "newsarchive.schema.ArchiveAutoSchema",
    "EXCEPTION_HANDLER": "newsarchive.exceptions.api_exception_handler",
    "URL_FORMAT_OVERRIDE": "format",
    "ORDERING_PARAM": "ordering",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "newsarchive research API",
    "DESCRIPTION": (
        "Read-only access to the archive: stories, updates, quotes, media with "
        "credits, contributions, persons, organizations, affiliations and places. "
        "Lists are cursor-paginated (follow `next`), filterable, and answer JSON or "
        "CSV (`?format=csv`). Drafts and updates in review are never shown to "
        "anonymous clients."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Off: on any host but localhost Swagger UI would show a badge fetched from
    # validator.swagger.io, telling it the schema's address (the
    # Content-Security-Policy would block it anyway).
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several records have a `kind` or a `role`, each its own choices: named here,
    # since expanded records bring them together in one schema.
    "ENUM_NAME_OVERRIDES": {
        "OrganizationKindEnum": "people.models.Organization.Kind",
        "PlaceKindEnum": "places.models.Place.Kind",
        "StoryKindEnum": "items.models.Story.Kind",
        "MediaKindEnum": "items.models.Media.Kind",
        "CreditRoleEnum": "items.models.Credit.Role",
        "ContributionRoleEnum": "items.models.Contribution.Role",
        "EventKindEnum": "items.models.Event.Kind",
        "EventActorRoleEnum": "items.models.EventActor.Role",
        "DatePrecisionEnum": "newsarchive.records.DatePrecision",
        "EventDatePrecisionEnum": "items.models.events.EVENT_DATE_PRECISIONS",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "newsarchive.schema.sparse_fieldsets",
        "newsarchive.schema.empty_means_absent",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "WARNING")},
}
