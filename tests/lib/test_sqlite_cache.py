"""The SQLite cache backend: Django's cache contract, shared and atomic across processes."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pytest
import time_machine
from django.core.cache.backends.base import CacheKeyWarning

from quaestio.lib.sqlite_cache import SQLiteCache


def _cache(path: Path) -> SQLiteCache:
    return SQLiteCache(str(path / "cache.sqlite3"), {"TIMEOUT": 300})


def test_set_get_delete_and_many(tmp_path: Path) -> None:
    cache = _cache(tmp_path)
    cache.set("a", {"nested": [1, 2]})
    cache.set("n", 5)
    assert cache.get("a") == {"nested": [1, 2]}
    assert cache.get("missing", "default") == "default"
    assert cache.get_many(["a", "n", "missing"]) == {"a": {"nested": [1, 2]}, "n": 5}
    cache.set_many({"x": b"bytes", "y": None})
    assert cache.get_many(["x", "y"]) == {"x": b"bytes", "y": None}
    assert cache.has_key("y")
    assert cache.delete("a")
    assert not cache.delete("a")
    cache.delete_many(["x", "y"])
    assert cache.get_many(["x", "y"]) == {}
    cache.clear()
    assert cache.get("n") is None


def test_entries_expire(tmp_path: Path) -> None:
    cache = _cache(tmp_path)
    with time_machine.travel("2026-01-01 00:00Z", tick=False):
        cache.set("short", 1, timeout=10)
        cache.set("forever", 1, timeout=None)
    with time_machine.travel("2026-01-01 00:00:11Z", tick=False):
        assert cache.get("short") is None
        assert cache.get("forever") == 1
        assert cache.add("short", 2)  # an expired key counts as absent


def test_add_only_sets_an_absent_key(tmp_path: Path) -> None:
    cache = _cache(tmp_path)
    assert cache.add("k", 1)
    assert not cache.add("k", 2)
    assert cache.get("k") == 1


def test_incr_needs_an_integer_that_exists(tmp_path: Path) -> None:
    cache = _cache(tmp_path)
    with pytest.raises(ValueError, match="not found"):
        cache.incr("nothing")
    cache.set("n", 1)
    assert cache.incr("n", 4) == 5
    assert cache.decr("n") == 4


def _hammer(path: str) -> None:
    cache = SQLiteCache(path, {})
    for _ in range(300):
        cache.incr("counter")
        cache.add(f"once-{_ % 10}", 1)


def test_processes_share_one_cache_and_never_lose_an_increment(tmp_path: Path) -> None:
    path = str(tmp_path / "cache.sqlite3")
    cache = SQLiteCache(path, {})
    cache.set("counter", 0, timeout=None)
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_hammer, args=(path,)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    assert cache.get("counter") == 1200
    assert sorted(cache.get_many([f"once-{n}" for n in range(10)]).values()) == [1] * 10


def test_any_key_is_stored_without_a_warning(tmp_path: Path, recwarn: pytest.WarningsRecorder) -> None:
    cache = _cache(tmp_path)
    long_key = "pagecache:page:/questions/tagged/" + "a very long tag name " * 20
    cache.set(long_key, "page")
    assert cache.get(long_key) == "page"
    assert cache.get_many([long_key]) == {long_key: "page"}
    assert not [warning for warning in recwarn if issubclass(warning.category, CacheKeyWarning)]


def _fewest_keys_per_interior_page(path: Path) -> float:
    """Of the file's b-trees, the smallest average number of cells on an interior page: the
    fan-out that decides how many levels a lookup descends as the cache grows."""
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT name, avg(ncell) FROM dbstat WHERE pagetype = 'internal' GROUP BY name")
        return float(min(average for _name, average in rows))


def test_lookups_stay_shallow_however_many_large_values_it_holds(tmp_path: Path) -> None:
    cache = _cache(tmp_path)
    fragment = "<p>an answer</p>" * 128  # 2 kB: a rendered answer; whole pages weigh more
    cache.set_many({f"fragment:answer:{number}:v1": fragment for number in range(10_000)})
    # Keyed in a WITHOUT ROWID table, an interior page held about seven such rows (a level per
    # sevenfold growth); a page of keys alone holds about a hundred.
    assert _fewest_keys_per_interior_page(tmp_path / "cache.sqlite3") >= 50
    assert cache.get("fragment:answer:7777:v1") == fragment


def test_a_cache_file_of_an_earlier_version_is_started_afresh(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE cache (key TEXT PRIMARY KEY, value BLOB, expires REAL) WITHOUT ROWID")
        db.execute("INSERT INTO cache VALUES ('old', x'00', NULL)")
    cache = _cache(tmp_path)
    assert cache.get("old") is None
    cache.set("new", 1)
    assert cache.get("new") == 1
    with sqlite3.connect(path) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    assert tables == ["entries"]
