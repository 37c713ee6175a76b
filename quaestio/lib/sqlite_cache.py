"""A Django cache backend in its own SQLite file, shared by every process on one machine.

Without Redis, several granian workers still need one cache: the anonymous page cache is
invalidated through it, and rate limits and view counts are counted in it. Django's
local-memory cache lives in each process, its file cache has no atomic increment, and its
database cache would put cache traffic into the site's database (and its pinned query counts).
This backend keeps its rows in a separate SQLite file in WAL mode, where reads do not block
and every operation, ``add`` and ``incr`` included, is atomic across processes.

Values are pickled (the file is the site's own, in its data directory); integers are stored
as SQLite integers so ``incr`` is a single ``UPDATE … RETURNING``.

The rows are in an ordinary (rowid) table with a unique index on the key, not in a ``WITHOUT
ROWID`` table keyed by it: there, every interior page of the one b-tree holds whole rows up to
a kilobyte each, so large values (fragments, whole pages) left about seven keys per page and
every lookup grew deeper as the cache filled: a page and its versions took 0.08 ms to look up in
a file of a thousand entries, 0.19 ms in one of twenty thousand. The key index holds keys alone
and stays shallow whatever the values weigh (0.035 ms at both).
"""

from __future__ import annotations

import os
import pickle
import random
import sqlite3
import threading
import time
from collections.abc import Iterable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    key TEXT NOT NULL UNIQUE,
    value BLOB,
    expires REAL
)
"""
# The table of earlier versions (``WITHOUT ROWID``, see above): a cache may be dropped.
_EARLIER_SCHEMA = "DROP TABLE IF EXISTS cache"
# One write in this many also removes expired rows, so the file does not grow without bound.
_PURGE_ONE_IN = 200


def _encode(value: Any) -> Any:
    if type(value) is int:
        return value
    return pickle.dumps(value, pickle.HIGHEST_PROTOCOL)


def _decode(stored: Any) -> Any:
    if isinstance(stored, int):
        return stored
    return pickle.loads(stored)  # noqa: S301 - the file is the site's own cache


class SQLiteCache(BaseCache):
    """``LOCATION`` is the path of the cache's SQLite file."""

    def __init__(self, location: str, params: dict[str, Any]) -> None:
        super().__init__(params)
        self.path = location
        self._local = threading.local()

    def validate_key(self, key: str) -> None:
        """Any key will do: a TEXT primary key holds any length and character. Django's check
        warns about memcached's limits (250 characters, no spaces), which do not apply here, and
        costs a scan of every key on every lookup (a question page looks up dozens)."""

    def _db(self) -> sqlite3.Connection:
        # One connection per thread and process: granian forks workers, and a connection must
        # never cross a fork.
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None or getattr(self._local, "pid", None) != os.getpid():
            connection = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=OFF")
            connection.execute(_EARLIER_SCHEMA)
            connection.execute(_SCHEMA)
            self._local.connection = connection
            self._local.pid = os.getpid()
        return connection

    def _expiry(self, timeout: Any) -> float | None:
        # BaseCache turns a timeout into an absolute expiry time (None: never expires).
        expiry: float | None = self.get_backend_timeout(timeout)
        return expiry

    def _maybe_purge(self, db: sqlite3.Connection) -> None:
        if random.randrange(_PURGE_ONE_IN) == 0:  # noqa: S311 - not for security
            db.execute("DELETE FROM entries WHERE expires IS NOT NULL AND expires <= ?", (time.time(),))
            if self._max_entries:
                db.execute(
                    "DELETE FROM entries WHERE key IN (SELECT key FROM entries ORDER BY expires LIMIT "
                    "max(0, (SELECT count(*) FROM entries) - ?))",
                    (self._max_entries,),
                )

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        full = self.make_and_validate_key(key, version=version)
        row = (
            self._db()
            .execute(
                "SELECT value FROM entries WHERE key = ? AND (expires IS NULL OR expires > ?)",
                (full, time.time()),
            )
            .fetchone()
        )
        return default if row is None else _decode(row[0])

    def get_many(self, keys: Iterable[str], version: int | None = None) -> dict[str, Any]:
        wanted = {self.make_and_validate_key(key, version=version): key for key in keys}
        if not wanted:
            return {}
        marks = ",".join("?" * len(wanted))
        rows = self._db().execute(
            f"SELECT key, value FROM entries WHERE key IN ({marks}) AND (expires IS NULL OR expires > ?)",  # noqa: S608
            (*wanted, time.time()),
        )
        return {wanted[full]: _decode(value) for full, value in rows}

    def set(self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        full = self.make_and_validate_key(key, version=version)
        db = self._db()
        db.execute(
            "INSERT OR REPLACE INTO entries (key, value, expires) VALUES (?, ?, ?)",
            (full, _encode(value), self._expiry(timeout)),
        )
        self._maybe_purge(db)

    def set_many(
        self, data: dict[str, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[str]:
        expires = self._expiry(timeout)
        rows = [
            (self.make_and_validate_key(key, version=version), _encode(value), expires)
            for key, value in data.items()
        ]
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany("INSERT OR REPLACE INTO entries (key, value, expires) VALUES (?, ?, ?)", rows)
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        return []

    def add(self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        full = self.make_and_validate_key(key, version=version)
        now = time.time()
        cursor = self._db().execute(
            "INSERT INTO entries (key, value, expires) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires "
            "WHERE entries.expires IS NOT NULL AND entries.expires <= ?",
            (full, _encode(value), self._expiry(timeout), now),
        )
        return cursor.rowcount == 1

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        full = self.make_and_validate_key(key, version=version)
        row = (
            self._db()
            .execute(
                "UPDATE entries SET value = value + ? WHERE key = ? AND typeof(value) = 'integer' "
                "AND (expires IS NULL OR expires > ?) RETURNING value",
                (delta, full, time.time()),
            )
            .fetchone()
        )
        if row is None:
            raise ValueError(f"Key '{key}' not found")
        return int(row[0])

    def touch(self, key: str, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        full = self.make_and_validate_key(key, version=version)
        cursor = self._db().execute(
            "UPDATE entries SET expires = ? WHERE key = ? AND (expires IS NULL OR expires > ?)",
            (self._expiry(timeout), full, time.time()),
        )
        return cursor.rowcount == 1

    def has_key(self, key: str, version: int | None = None) -> bool:
        return self.get(key, _MISSING, version=version) is not _MISSING

    def delete(self, key: str, version: int | None = None) -> bool:
        full = self.make_and_validate_key(key, version=version)
        return self._db().execute("DELETE FROM entries WHERE key = ?", (full,)).rowcount == 1

    def delete_many(self, keys: Iterable[str], version: int | None = None) -> None:
        self._db().executemany(
            "DELETE FROM entries WHERE key = ?",
            [(self.make_and_validate_key(key, version=version),) for key in keys],
        )

    def clear(self) -> None:
        self._db().execute("DELETE FROM entries")

    def close(self, **kwargs: Any) -> None:
        # Kept open across requests: opening a SQLite file costs more than a lookup.
        return None


_MISSING = object()
