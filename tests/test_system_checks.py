"""quaestio's system checks: settings that are each valid but wrong together."""

from __future__ import annotations

import pytest
from django.core.checks import run_checks
from django.test import override_settings

from quaestio.web.checks import check_cache_is_shared, several_machines_refusals

LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS_CACHE = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x"}}
SQLITE_FILE_CACHE = {
    "default": {"BACKEND": "quaestio.lib.sqlite_cache.SQLiteCache", "LOCATION": "cache.sqlite3"}
}


def quaestio_ids() -> set[str]:
    return {message.id for message in run_checks(tags=["quaestio"]) if message.id}


@override_settings(DEBUG=False, ALLOWED_HOSTS=["127.0.0.1"], SITE_URL="http://127.0.0.1:8000", HTTPS=False)
def test_the_default_configuration_passes() -> None:
    assert quaestio_ids() == set()


@override_settings(DEBUG=False, ALLOWED_HOSTS=["*"], SITE_URL="https://qa.example.org")
def test_a_wildcard_host_without_debug_is_a_warning() -> None:
    messages = [m for m in run_checks(tags=["quaestio"]) if m.id == "quaestio.W001"]
    assert len(messages) == 1
    assert "QUAESTIO_ALLOWED_HOSTS contains '*'" in messages[0].msg
    assert not messages[0].is_serious()


@override_settings(DEBUG=True, ALLOWED_HOSTS=["*"], SITE_URL="http://127.0.0.1:8000")
def test_a_wildcard_host_while_debugging_is_allowed() -> None:
    assert "quaestio.W001" not in quaestio_ids()


@override_settings(SITE_URL="qa.example.org")
def test_a_site_url_without_a_scheme_is_an_error() -> None:
    messages = [m for m in run_checks(tags=["quaestio"]) if m.id == "quaestio.E001"]
    assert len(messages) == 1
    assert messages[0].is_serious()
    assert "QUAESTIO_SITE_URL must be an absolute" in messages[0].msg


@override_settings(DEBUG=False, ALLOWED_HOSTS=["127.0.0.1", "localhost"], SITE_URL="https://qa.example.org")
def test_a_site_url_the_allowed_hosts_refuse_is_a_warning() -> None:
    messages = [m for m in run_checks(tags=["quaestio"]) if m.id == "quaestio.W002"]
    assert len(messages) == 1
    assert "qa.example.org" in messages[0].msg
    assert "Add qa.example.org to QUAESTIO_ALLOWED_HOSTS" in str(messages[0].hint)


@override_settings(DEBUG=False, ALLOWED_HOSTS=[".example.org"], SITE_URL="https://qa.example.org:8443/")
def test_a_site_url_matched_by_a_subdomain_pattern_passes() -> None:
    assert quaestio_ids() == set()


@override_settings(DEBUG=True, ALLOWED_HOSTS=[], SITE_URL="http://localhost:8000")
def test_debug_with_no_allowed_hosts_accepts_a_local_site_url() -> None:
    assert "quaestio.W002" not in quaestio_ids()


@override_settings(HTTPS=True, ALLOWED_HOSTS=["qa.example.org"], SITE_URL="http://qa.example.org")
def test_https_with_an_http_site_url_is_a_warning() -> None:
    assert quaestio_ids() == {"quaestio.W003"}


@override_settings(HTTPS=True, ALLOWED_HOSTS=["qa.example.org"], SITE_URL="https://qa.example.org")
def test_https_with_an_https_site_url_passes() -> None:
    assert quaestio_ids() == set()


@override_settings(CACHES=LOCAL_CACHE, PAGE_CACHE=False)
def test_several_processes_with_a_local_cache_are_refused() -> None:
    messages = check_cache_is_shared(4)
    assert [m.id for m in messages] == ["quaestio.E004"]
    assert messages[0].is_serious()
    assert "4 web processes would each keep their own cache" in messages[0].msg
    assert "rate limits and view counts would be counted per process" in messages[0].msg
    assert "page" not in messages[0].msg
    assert messages[0].hint == "Set QUAESTIO_REDIS_URL, or serve with --workers 1."


@override_settings(CACHES=LOCAL_CACHE, PAGE_CACHE=True)
def test_the_refusal_names_stale_pages_when_the_page_cache_is_on() -> None:
    (message,) = check_cache_is_shared(2)
    assert "could be served a page cached by one process" in message.msg


@override_settings(CACHES=LOCAL_CACHE)
def test_one_process_with_a_local_cache_is_fine() -> None:
    assert check_cache_is_shared(1) == []


@override_settings(CACHES=REDIS_CACHE)
def test_several_processes_sharing_redis_are_fine() -> None:
    assert check_cache_is_shared(8) == []


@override_settings(CACHES=SQLITE_FILE_CACHE)
def test_several_processes_of_one_machine_may_share_the_sqlite_cache_file() -> None:
    assert check_cache_is_shared(8) == []


# ------------------------------------------------------------------ several machines

SQLITE = "django.db.backends.sqlite3"
POSTGRESQL = "django.db.backends.postgresql"
SQLITE_FILE = "quaestio.lib.sqlite_cache.SQLiteCache"
REDIS = "django.core.cache.backends.redis.RedisCache"


def refusals(
    database_engine: str = POSTGRESQL, cache_backend: str = REDIS, *, generated_key: bool = False
) -> dict[str, str]:
    messages = several_machines_refusals(
        database_engine=database_engine, cache_backend=cache_backend, secret_key_generated=generated_key
    )
    assert all(message.is_serious() for message in messages)
    return {str(message.id): f"{message.msg} {message.hint}" for message in messages}


def test_several_machines_sharing_postgresql_redis_and_a_set_key_are_accepted() -> None:
    assert refusals(POSTGRESQL, REDIS) == {}


def test_several_machines_may_share_a_cache_kept_in_the_shared_database() -> None:
    assert refusals(POSTGRESQL, "django.core.cache.backends.db.DatabaseCache") == {}


def test_several_machines_on_a_sqlite_database_are_refused() -> None:
    found = refusals(SQLITE, REDIS)
    assert list(found) == ["quaestio.E005"]
    assert "QUAESTIO_DATABASE_URL is a SQLite file" in found["quaestio.E005"]
    assert "Set QUAESTIO_DATABASE_URL to a PostgreSQL server" in found["quaestio.E005"]


@pytest.mark.parametrize("cache_backend", [SQLITE_FILE, LOCAL_CACHE["default"]["BACKEND"]])
def test_several_machines_with_a_cache_on_each_machine_are_refused(cache_backend: str) -> None:
    found = refusals(POSTGRESQL, cache_backend)
    assert list(found) == ["quaestio.E006"]
    assert "log-in rate limits and view counts would be counted per machine" in found["quaestio.E006"]
    assert "a session ended on one machine would still work on another" in found["quaestio.E006"]
    assert "Set QUAESTIO_REDIS_URL" in found["quaestio.E006"]


def test_several_machines_with_a_generated_secret_key_are_refused() -> None:
    found = refusals(POSTGRESQL, REDIS, generated_key=True)
    assert list(found) == ["quaestio.E007"]
    assert "Set QUAESTIO_SECRET_KEY to the same long random string" in found["quaestio.E007"]


def test_every_refusal_is_reported_at_once() -> None:
    assert set(refusals(SQLITE, SQLITE_FILE, generated_key=True)) == {
        "quaestio.E005",
        "quaestio.E006",
        "quaestio.E007",
    }


@override_settings(SEVERAL_MACHINES=False, CACHES=SQLITE_FILE_CACHE, SECRET_KEY_GENERATED=True)
def test_one_machine_may_keep_everything_on_itself() -> None:
    assert quaestio_ids() & {"quaestio.E005", "quaestio.E006", "quaestio.E007"} == set()


@override_settings(SEVERAL_MACHINES=True, CACHES=SQLITE_FILE_CACHE, SECRET_KEY_GENERATED=True)
def test_the_registered_check_reads_the_sites_settings() -> None:
    assert {"quaestio.E006", "quaestio.E007"} <= quaestio_ids()
