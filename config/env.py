"""Reading configuration from the environment, with one clear error per bad value."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def env_bool(name: str, *, default: bool) -> bool:
    """Read a yes/no variable; anything but the usual spellings is a configuration error."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_list(name: str, *, default: list[str]) -> list[str]:
    """Read a comma-separated list, ignoring blanks."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


#: How every SQLite connection is opened, so that a class writing at once queues instead of
#: failing. WAL lets readers go on while one connection writes; IMMEDIATE takes the write
#: lock when a transaction begins, so the busy timeout applies (a deferred transaction
#: that reads and then writes cannot wait for the lock: SQLite answers "database is
#: locked" at once to avoid a deadlock); the timeout is how long a writer waits its turn.
#: synchronous=NORMAL is durable in WAL mode except against power loss mid-checkpoint.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


def sqlite_database(path: Path | str) -> dict:
    """Django's settings for an SQLite file opened with :data:`SQLITE_OPTIONS`."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": dict(SQLITE_OPTIONS),
    }


def database_from_env(sqlite_path: Path) -> dict:
    """The default database: DATABASE_URL when set, else SQLite in the project folder.

    Raises ValueError for an address dj-database-url cannot read.
    """
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return sqlite_database(sqlite_path)
    if "://" not in url:
        raise ValueError(f"{url!r} has no scheme (expected e.g. postgres://user@host:5432/name)")
    try:
        config = dj_database_url.parse(url, conn_max_age=0)
    except Exception as exc:  # dj-database-url raises several types for bad input
        raise ValueError(str(exc)) from None
    if not config.get("ENGINE"):
        raise ValueError(f"unknown database scheme in {url!r}")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        return {**sqlite_database(config["NAME"]), "CONN_MAX_AGE": 0}
    if config["ENGINE"] == "django.db.backends.postgresql":
        config.setdefault("OPTIONS", {})["pool"] = postgresql_pool()
    return config


def postgresql_pool() -> dict:
    """Django's psycopg pool options: at most DJANGO_DB_POOL_SIZE connections per process.

    Every server process keeps its own pool, so the connections PostgreSQL sees are at
    most (processes x DJANGO_DB_POOL_SIZE): keep that under its max_connections (100 by
    default) with room for migrations and psql. A request that finds every connection
    busy waits up to DJANGO_DB_POOL_TIMEOUT seconds, then answers 503 (never "too many
    clients"). The development server's thread per request shares the one pool.
    """
    size = int(os.environ.get("DJANGO_DB_POOL_SIZE", "8"))
    if size < 1:
        raise ImproperlyConfigured("DJANGO_DB_POOL_SIZE must be at least 1")
    return {
        "min_size": 1,
        "max_size": size,
        "timeout": float(os.environ.get("DJANGO_DB_POOL_TIMEOUT", "10")),
    }
