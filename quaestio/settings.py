"""quaestio's one settings module: every knob is a QUAESTIO_* environment variable.

Defaults are safe for one person running the site on their machine: SQLite in the working
directory, debug off, a secret key generated once and kept in the data directory. See
docs/configuration.md and .env.example for every variable.
"""

from __future__ import annotations

import copy
import os
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from quaestio.lib.env import (
    env_bool,
    env_int,
    env_ip_networks,
    env_list,
    env_secret_key,
    env_str,
    parse_database_url,
)

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("QUAESTIO_DATA_DIR", ".")).resolve()
if not DATA_DIR.is_dir():
    raise ImproperlyConfigured(f"QUAESTIO_DATA_DIR points at {DATA_DIR}, which is not a directory.")

TESTING = "pytest" in sys.modules or env_bool("QUAESTIO_TESTING", False)

DEBUG = env_bool("QUAESTIO_DEBUG", False)
SECRET_KEY = env_secret_key("QUAESTIO_SECRET_KEY", DATA_DIR)
# A generated key lives in one data directory: several machines would each sign with their own.
SECRET_KEY_GENERATED = "QUAESTIO_SECRET_KEY" not in os.environ
# Web processes run on more than one machine: the system checks then refuse state kept on one
# machine (a SQLite database, the SQLite cache file, a generated secret key).
SEVERAL_MACHINES = env_bool("QUAESTIO_SEVERAL_MACHINES", False)
ALLOWED_HOSTS = env_list("QUAESTIO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("QUAESTIO_CSRF_TRUSTED_ORIGINS", [])
SITE_NAME = env_str("QUAESTIO_SITE_NAME", "quaestio")
if not SITE_NAME.strip():
    raise ImproperlyConfigured("QUAESTIO_SITE_NAME must not be empty.")
SITE_URL = env_str("QUAESTIO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# "beta" (public betas and small sites) or "full" (large graduated sites): see accounts/rules.py.
PRIVILEGE_SET = env_str("QUAESTIO_PRIVILEGE_SET", "beta")
if PRIVILEGE_SET not in {"beta", "full", "private-beta"}:
    raise ImproperlyConfigured(
        f"QUAESTIO_PRIVILEGE_SET must be beta, full or private-beta, not {PRIVILEGE_SET!r}."
    )

_database = parse_database_url(
    "QUAESTIO_DATABASE_URL",
    env_str("QUAESTIO_DATABASE_URL", "sqlite:///quaestio.sqlite3"),
    DATA_DIR,
)
DATABASES: dict[str, dict[str, Any]] = {"default": _database.settings}
# Read replicas of the primary, for the reading pages (quaestio/lib/db_routing.py). In tests a
# replica is the test database itself, reached through a second connection (TEST MIRROR).
DATABASE_REPLICAS: list[str] = []
for _number, _replica_url in enumerate(env_list("QUAESTIO_DATABASE_REPLICA_URLS", []), start=1):
    _replica = parse_database_url("QUAESTIO_DATABASE_REPLICA_URLS", _replica_url, DATA_DIR)
    if _replica.vendor != _database.vendor:
        raise ImproperlyConfigured(
            "QUAESTIO_DATABASE_REPLICA_URLS must name replicas of the QUAESTIO_DATABASE_URL database "
            f"({_database.vendor}), not a {_replica.vendor} database."
        )
    DATABASES[f"replica{_number}"] = {**_replica.settings, "TEST": {"MIRROR": "default"}}
    DATABASE_REPLICAS.append(f"replica{_number}")
# For this long after a person's write, their reads go to the primary: the replicas' lag allowance.
DATABASE_REPLICA_LAG_SECONDS = env_int("QUAESTIO_DATABASE_REPLICA_LAG_SECONDS", 10, minimum=1)
DATABASE_ROUTERS = ["quaestio.lib.db_routing.ReplicaRouter"]
if "pytest" in sys.modules:
    # The stand-in replica of the routing tests (tests/test_scale_out.py): a second connection to
    # the test database, unused until a test lists it in DATABASE_REPLICAS.
    DATABASES["replica"] = {**copy.deepcopy(_database.settings), "TEST": {"MIRROR": "default"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "quaestio.accounts",
    "quaestio.posts",
    "quaestio.badges",
    "quaestio.dumps",
    "quaestio.web",
]

MIDDLEWARE = [
    # First: everything after it sees the client's address, not the load balancer's.
    "quaestio.web.middleware.ForwardedClientMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # WhiteNoise, with hashed static file names cached for a year.
    "quaestio.web.middleware.StaticFilesMiddleware",
    # Outside the page cache, so that a page read from a replica just after a change is not
    # stored; it chooses the replica once the URL names a reading page.
    "quaestio.lib.db_routing.ReplicaRoutingMiddleware",
    # Before sessions and authentication, so an anonymous page served from the cache costs
    # one cache lookup and no database query.
    "quaestio.web.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "quaestio.accounts.middleware.EagerAuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "quaestio.urls"
WSGI_APPLICATION = "quaestio.wsgi.application"

TEMPLATES = [
    {
        # The site's pages: Jinja2 is several times faster than Django templates on the
        # question page, which is the hot path.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "quaestio.web.jinja.environment",
            "autoescape": True,
            "context_processors": ["quaestio.web.context.csrf_once"],
        },
    },
    {
        # The admin and Django's own forms keep Django templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
# Django's model backend stays listed so sessions it signed in keep working.
AUTHENTICATION_BACKENDS = [
    "quaestio.accounts.backends.AccountBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "/users/login"
LOGIN_REDIRECT_URL = "/questions"
LOGOUT_REDIRECT_URL = "/questions"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is slow on purpose; tests create many users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "display_name")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

CACHES: dict[str, dict[str, object]]
REDIS_URL = env_str("QUAESTIO_REDIS_URL", "")
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured("QUAESTIO_REDIS_URL must start with redis://, rediss:// or unix://.")
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "quaestio",
        }
    }
else:
    # One machine without Redis: a cache in its own SQLite file, shared by every worker
    # process (quaestio/lib/sqlite_cache.py). A pytest process gets a file of its own, so
    # test runs side by side do not clear each other's cache; servers that tests start share
    # their data directory's file like any site.
    _cache_file = (
        Path(tempfile.gettempdir()) / f"quaestio-test-cache-{os.getpid()}.sqlite3"
        if "pytest" in sys.modules
        else DATA_DIR / "quaestio-cache.sqlite3"
    )
    CACHES = {
        "default": {
            "BACKEND": "quaestio.lib.sqlite_cache.SQLiteCache",
            "LOCATION": str(_cache_file),
            "OPTIONS": {"MAX_ENTRIES": 200_000},
        }
    }
# Sessions are read from the shared cache (Redis, or the one machine's SQLite file: a site on
# several machines must have Redis, which the start-up checks enforce) and survive evictions
# in the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Whole pages for anonymous readers, invalidated by the actions (quaestio/web/page_cache.py).
PAGE_CACHE = env_bool("QUAESTIO_PAGE_CACHE", True)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
HTTPS = env_bool("QUAESTIO_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The load balancers and reverse proxies in front: requests from them carry the client's
# address in X-Forwarded-For (quaestio/web/middleware.py).
TRUSTED_PROXIES = env_ip_networks("QUAESTIO_TRUSTED_PROXIES")

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
# `quaestio serve` collects the static files here under hashed names (site.3f2a9c1b7d4e.css),
# compressed, when they are missing or out of date; WhiteNoise serves the hashed names with a
# one-year lifetime (quaestio/web/middleware.py). A relative path is inside QUAESTIO_DATA_DIR.
_static_root = env_str("QUAESTIO_STATIC_ROOT", "staticfiles").strip()
if not _static_root:
    raise ImproperlyConfigured("QUAESTIO_STATIC_ROOT must name a folder, e.g. /var/lib/quaestio/static.")
STATIC_ROOT = (DATA_DIR / _static_root).resolve()
# The package's own files stay reachable under their plain names before anything is collected,
# and while debugging (WhiteNoise re-reads them then).
WHITENOISE_USE_FINDERS = True
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if "pytest" in sys.modules:
    # Tests render pages in process without collecting the files first; tests/test_serve.py
    # checks the hashed names and their lifetimes through the real server.
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOG_LEVEL = env_str("QUAESTIO_LOG_LEVEL", "WARNING").strip().upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        f"QUAESTIO_LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {LOG_LEVEL!r}."
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}
