"""The SQLite engine: an encrypted file (SQLCipher 4), pragmas on every connection and write
transactions that start IMMEDIATE.

The room's database file is encrypted as a whole with SQLCipher (AES-256, an HMAC per page):
every connection first sets the 32-byte raw database key (`PRAGMA key = "x'…'"`), so no key
derivation runs per connection and opening stays fast. The key itself comes from the key
slots (`db/keyslots.py`). A connection without a key is a plain SQLite file (only to convert
an old database, and for files that never held records).

Then: WAL journal, synchronous=FULL (a committed record survives a power cut), foreign keys on
and a busy timeout. The driver's own transaction handling is switched off so that every
transaction starts with BEGIN IMMEDIATE: the audit chain's "read the last hash, append" cannot
interleave with another writer.

Encryption belongs to this SQLite file only; another engine (the station's PostgreSQL server)
would get its own `make_*_engine` beside this one.
"""

from __future__ import annotations

import sys
import threading
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from station_desk.db.storage_faults import read_only_uri
from station_desk.paths import file_starts_with

if TYPE_CHECKING:  # SQLAlchemy is loaded with the first engine: the sign-in window needs none
    from sqlalchemy import Engine

# The sign-in window only reads a file's first bytes (`is_plain_sqlite`): the drivers (and
# ctypes) are imported when a connection is made.

BUSY_TIMEOUT_MS = 30_000  # a save waits this long for another writer (a long import) to finish
# Each page read from an encrypted file is decrypted and its MAC checked: keep more of them
# decrypted in memory than SQLite's default 2 MB: up to 32 MB per connection, filled only
# as pages are read (a room of a few years stays far below it).
CACHE_KIB = 32 * 1024
# Connections kept open, each with its page cache, for the next transaction. Another is
# opened when one is needed while the kept one is in use on another thread (the GUI thread
# while a list is read on a worker); of the two, the one given back last is closed, its page
# cache's memory returned to the system. With two kept, both caches filled at demo scale 100
# and the window held 293 MB after every page was shown (247 MB with one); issue 15's target
# is 250 MB. A smaller cache instead made a party search 7 × slower (29 → 200 ms at 24 MB).
KEPT_CONNECTIONS = 1
APPLICATION_ID = 0x53444B31  # "SDK1": marks a Station Desk database file
SQLITE_MAGIC = b"SQLite format 3\x00"


def cipher_module() -> Any:
    """The SQLCipher DB-API module (imported when a database is first opened)."""
    from sqlcipher3 import dbapi2

    return dbapi2


def key_pragma(key: bytes) -> str:
    return f"PRAGMA key = \"x'{key.hex()}'\""


def is_plain_sqlite(path: Path) -> bool:
    """Whether the file at `path` starts like an unencrypted SQLite database."""
    return file_starts_with(path, SQLITE_MAGIC)


def connect(path: Path, key: bytes | None, *, read_only: bool = False, timeout: float = 30) -> Any:
    """A raw DB-API connection to the database file (encrypted when `key` is given).

    The caller closes it. SQLCipher reports a wrong key only at the first read."""
    target = read_only_uri(path) if read_only else str(path)
    if key is None:
        import sqlite3

        return sqlite3.connect(target, uri=read_only, timeout=timeout, check_same_thread=False)
    connection = cipher_module().connect(
        target, uri=read_only, timeout=timeout, check_same_thread=False
    )
    connection.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our message, not a log line
    connection.execute(key_pragma(key))
    return connection


def database_errors(key: bytes | None) -> tuple[type[BaseException], ...]:
    """The DB-API error classes a connection made by `connect(…, key)` raises."""
    import sqlite3

    return (cipher_module().Error,) if key is not None else (sqlite3.Error,)


def make_engine(path: Path, key: bytes | None = None, *, read_only: bool = False) -> Engine:
    """An engine on the database file at `path` with the room's pragmas applied."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool, QueuePool

    timeout = BUSY_TIMEOUT_MS / 1000
    options: dict[str, Any] = {"creator": lambda: connect(path, key, read_only=read_only, timeout=timeout)}
    if key is not None:
        options["module"] = cipher_module()
    # "sqlite://" would get one shared connection per thread; a file needs a real pool, and
    # the connection used last (LIFO) is the one whose page cache is warm
    options["poolclass"] = NullPool if read_only else QueuePool
    if not read_only:
        options["pool_use_lifo"] = True
        options["pool_size"] = KEPT_CONNECTIONS
        options["max_overflow"] = -1  # never wait for a connection: open another
    engine = create_engine("sqlite://", **options)
    _install_pragmas(engine, read_only=read_only)
    if not read_only:
        _release_on_close(engine, database_errors(key))
    return engine


def _install_pragmas(engine: Engine, *, read_only: bool) -> None:
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if not read_only:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def _release_on_close(engine: Engine, errors: tuple[type[BaseException], ...]) -> None:
    """A pooled connection about to close (one opened beside the kept one, given back) gives
    its page cache's memory back, to the system too."""
    from sqlalchemy import event

    @event.listens_for(engine.pool, "close")
    def on_close(dbapi_connection: Any, _record: Any) -> None:
        try:
            dbapi_connection.execute("PRAGMA shrink_memory")
        except errors:
            return
        release_freed_memory()


def release_freed_memory() -> None:
    """Return memory the process has freed to the system, where the C library would keep it.

    glibc keeps freed blocks for the process to reuse (a closed connection's page cache: up to
    `CACHE_KIB`); `malloc_trim` hands back the whole pages among them, on a thread of its own
    (it walks the whole heap: 10–15 ms at demo scale 100, which the GUI thread does not wait
    for). Elsewhere nothing is done (other C libraries give large freed blocks back by
    themselves, or have no call)."""
    trim = _malloc_trim()
    if trim is not None:
        threading.Thread(target=trim, args=(0,), name="release-memory", daemon=True).start()


@cache
def _malloc_trim() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim
