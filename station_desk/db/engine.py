"""The SQLite engine: pragmas on every connection and write transactions that start IMMEDIATE.

WAL journal, synchronous=FULL (a committed record survives a power cut), foreign keys on and a
busy timeout. pysqlite's own transaction handling is switched off so that every transaction
starts with BEGIN IMMEDIATE: the audit chain's "read the last hash, append" cannot interleave
with another writer.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import NullPool

from station_desk.db.storage_faults import read_only_uri

BUSY_TIMEOUT_MS = 30_000  # a save waits this long for another writer (a long import) to finish
APPLICATION_ID = 0x53444B31  # "SDK1": marks a Station Desk database file


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def make_engine(path: Path, *, read_only: bool = False) -> Engine:
    """An engine on the database file at `path` with the room's pragmas applied."""
    timeout = BUSY_TIMEOUT_MS / 1000
    if read_only:
        uri = read_only_uri(path)
        engine = create_engine(
            "sqlite://",
            poolclass=NullPool,
            creator=lambda: sqlite3.connect(uri, uri=True, timeout=timeout, check_same_thread=False),
        )
    else:
        engine = create_engine(
            sqlite_url(path), connect_args={"timeout": timeout, "check_same_thread": False}
        )
    _install_pragmas(engine, read_only=read_only)
    return engine


def _install_pragmas(engine: Engine, *, read_only: bool) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if not read_only:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")
