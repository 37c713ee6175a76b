"""quaestio's system checks: settings that are each valid but wrong together."""

from __future__ import annotations

from django.core.checks import run_checks
from django.test import override_settings

from quaestio.web.checks import check_cache_is_shared

LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS_CACHE = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x"}}


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
def test_several_processes_with_a_local_cache_are_warned() -> None:
    messages = check_cache_is_shared(4)
    assert [m.id for m in messages] == ["quaestio.W004"]
    assert "4 web processes share no cache" in messages[0].msg
    assert "rate limits are counted per process" in messages[0].msg
    assert "page" not in messages[0].msg


@override_settings(CACHES=LOCAL_CACHE, PAGE_CACHE=True)
def test_the_warning_names_stale_pages_when_the_page_cache_is_on() -> None:
    (message,) = check_cache_is_shared(2)
    assert "may be served a page cached by one process" in message.msg


@override_settings(CACHES=LOCAL_CACHE)
def test_one_process_with_a_local_cache_is_fine() -> None:
    assert check_cache_is_shared(1) == []


@override_settings(CACHES=REDIS_CACHE)
def test_several_processes_sharing_redis_are_fine() -> None:
    assert check_cache_is_shared(8) == []
