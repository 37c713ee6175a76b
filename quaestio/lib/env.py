"""Typed readers for QUAESTIO_* environment variables.

Every reader raises ``ImproperlyConfigured`` with a sentence that names the variable, so a
misconfigured deployment stops at start-up instead of misbehaving later.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    """The variable's value, or ``default`` when it is unset."""
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    """A yes/no variable: 1/true/yes/on or 0/false/no/off."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no or on/off, not {raw!r}.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    """An integer variable, optionally with a lower bound."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list; blanks are dropped."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_ip_networks(name: str) -> list[IPv4Network | IPv6Network]:
    """A comma-separated list of IP networks (``10.0.0.0/8``) or addresses (a network of one)."""
    networks: list[IPv4Network | IPv6Network] = []
    for item in env_list(name, []):
        try:
            networks.append(ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must list IP addresses or networks such as 10.0.0.5 or 10.0.0.0/8, not {item!r}."
            ) from None
    return networks


def env_secret_key(name: str, data_dir: Path) -> str:
    """The secret key from ``name``, or one generated once and kept in ``data_dir``.

    Several processes may start at once, so the file is created exclusively and a process that
    loses the race reads the winner's key.
    """
    raw = os.environ.get(name)
    if raw is not None:
        if len(raw) < 32:
            raise ImproperlyConfigured(f"{name} must be at least 32 characters long.")
        return raw
    path = data_dir / ".quaestio-secret-key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_text().strip()
        if len(key) < 32:
            raise ImproperlyConfigured(
                f"{path} holds no usable secret key; delete it or set {name}."
            ) from None
        return key
    except OSError as error:
        raise ImproperlyConfigured(
            f"{name} is unset and no key file can be created in {data_dir} ({error.strerror}); "
            f"set {name} or QUAESTIO_DATA_DIR."
        ) from None
    key = secrets.token_urlsafe(50)
    with os.fdopen(fd, "w") as handle:
        handle.write(key + "\n")
    return key


@dataclass(frozen=True)
class DatabaseURL:
    """A parsed ``QUAESTIO_DATABASE_URL``."""

    vendor: str
    settings: dict[str, Any]


def parse_database_url(name: str, raw: str, base_dir: Path) -> DatabaseURL:
    """Turn ``sqlite:///path`` or ``postgres://user:pass@host:port/db`` into Django settings.

    SQLite runs in WAL mode with IMMEDIATE transactions and a busy timeout, so concurrent
    writers wait for each other instead of failing with "database is locked".
    """
    parts = urlsplit(raw)
    scheme = parts.scheme.lower()
    options = dict(parse_qsl(parts.query))
    if scheme == "sqlite":
        # sqlite:///relative.sqlite3 and sqlite:////absolute/path.sqlite3, as in SQLAlchemy.
        location = unquote(raw[len("sqlite://") :].split("?", 1)[0])
        if location.startswith("/"):
            location = location[1:]
        if not location:
            raise ImproperlyConfigured(f"{name} names no SQLite file: use sqlite:///quaestio.sqlite3.")
        path = Path(location) if Path(location).is_absolute() else base_dir / location
        return DatabaseURL(
            vendor="sqlite",
            settings={
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(path),
                # Kept for the life of the worker: opening the file and running the pragmas
                # below took longer than the rest of a cached page's queries. A local file has
                # no server to drop the connection, so there is nothing to check before reuse.
                "CONN_MAX_AGE": None,
                "OPTIONS": {
                    "transaction_mode": "IMMEDIATE",
                    "timeout": float(options.get("timeout", "20")),
                    # The page size takes effect only in a file that has no table yet (a new
                    # site): 16 kB pages hold a post's bodies without overflow pages more often,
                    # and a scan of the posts reads a quarter as many pages (an import's index
                    # builds went from 10-12 to 7 s at a million posts). Set before WAL mode,
                    # which fixes it.
                    "init_command": (
                        "PRAGMA page_size=16384;"
                        "PRAGMA journal_mode=WAL;"
                        "PRAGMA synchronous=NORMAL;"
                        "PRAGMA cache_size=-64000;"
                        "PRAGMA mmap_size=268435456;"
                        "PRAGMA temp_store=MEMORY;"
                    ),
                },
                "TEST": {"NAME": options.get("test_name") or None},
            },
        )
    if scheme in {"postgres", "postgresql", "pgsql"}:
        database = unquote(parts.path.lstrip("/"))
        if not database:
            raise ImproperlyConfigured(f"{name} names no PostgreSQL database: add /dbname to the URL.")
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured(f"{name} has a port that is not a number.") from None
        conn_max_age = int(options.pop("conn_max_age", "60"))
        # The hot read paths (``quaestio.lib.prepared``) become server-side prepared statements
        # after five runs on a connection, as psycopg does by default; Django's own queries
        # never do. ``none`` turns them off, for a pooler that cannot keep them (PgBouncer in
        # transaction mode before 1.21, or without ``max_prepared_statements``).
        threshold = options.pop("prepare_threshold", "5")
        if threshold.lower() in {"none", "off"}:
            prepare_threshold = None
        elif threshold.isdigit():
            prepare_threshold = int(threshold)
        else:
            raise ImproperlyConfigured(
                f"{name} has prepare_threshold={threshold}: use a whole number of runs or none."
            )
        return DatabaseURL(
            vendor="postgresql",
            settings={
                "ENGINE": "django.db.backends.postgresql",
                "NAME": database,
                "USER": unquote(parts.username or ""),
                "PASSWORD": unquote(parts.password or ""),
                "HOST": parts.hostname or "",
                "PORT": str(port or ""),
                "CONN_MAX_AGE": conn_max_age,
                "CONN_HEALTH_CHECKS": True,
                "OPTIONS": {**options, "prepare_threshold": prepare_threshold},
            },
        )
    raise ImproperlyConfigured(
        f"{name} must start with sqlite:/// or postgres://, not {raw.split(':', 1)[0]!r}."
    )
