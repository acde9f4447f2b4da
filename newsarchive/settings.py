"""Settings for newsarchive, driven by environment variables (see README)."""

import os
from pathlib import Path

import dj_database_url
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
    "rangefilter",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "places",
    "people",
    "items",
    "dumps",
    "importer",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "newsarchive.middleware.refuse_nul_characters",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each change in the history tables.
    "simple_history.middleware.HistoryRequestMiddleware",
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

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
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
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in env("DJANGO_CSRF_TRUSTED_ORIGINS").split(",")
    if origin.strip()
]

# State that gunicorn's worker processes share (API throttling counters) lives in
# Redis when REDIS_URL is set; a single process can make do with local memory.
if env("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("REDIS_URL"),
            "KEY_PREFIX": "newsarchive",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Requests per client: anonymous clients by address, curators by login.
API_RATES = {
    "anon": env("API_ANON_RATE", "120/min"),
    "user": env("API_USER_RATE", "1200/min"),
    # Downloads of whole slices of the archive, per client.
    "export": env("API_EXPORT_RATE", "30/hour"),
}
API_MAX_PAGE_SIZE = 500
# Where the archive is served: absolute URIs in exports (ninjs) are made from it.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": [
        "newsarchive.renderers.ORJSONRenderer",
        "newsarchive.renderers.CSVRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication"
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
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "newsarchive.schema.sparse_fieldsets",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "WARNING")},
}
