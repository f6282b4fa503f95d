"""Test databases on a PostgreSQL server, when STATION_DESK_TEST_DATABASE_URL names one.

`build_scripts/test_on_postgresql.sh` starts a throwaway server and sets the variable; the
database fixtures (`tests/conftest.py`) then give each test its own database on it, copied
from a template migrated once per run (CREATE DATABASE … TEMPLATE: a fraction of a second),
and drop it after the test. Without the variable everything runs on SQLite files.
"""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, make_url, text

URL_ENV = "STATION_DESK_TEST_DATABASE_URL"
TEMPLATE = "station_desk_template"
SQLITE_ONLY = "the room's encrypted SQLite file (SQLCipher, key slots, file checks)"


def server_url() -> str | None:
    """The test server's URL, or None: tests run on SQLite."""
    return os.environ.get(URL_ENV) or None


def on_server() -> bool:
    return server_url() is not None


sqlite_only = pytest.mark.skipif(
    on_server(), reason=f"SQLite only: {SQLITE_ONLY}; not a PostgreSQL feature"
)


def _admin_engine(base: str):  # type: ignore[no-untyped-def]
    url = make_url(base).set(drivername="postgresql+psycopg")
    return create_engine(url, isolation_level="AUTOCOMMIT")


def _url_of(base: str, name: str) -> str:
    return make_url(base).set(database=name).render_as_string(hide_password=False)


_templates_ready: set[str] = set()


def _ensure_template(base: str) -> None:
    if base in _templates_ready:
        return
    from station_desk.db.database import Database

    engine = _admin_engine(base)
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{TEMPLATE}"'))
    engine.dispose()
    Database.open_server(_url_of(base, TEMPLATE)).close()  # migrated once
    _templates_ready.add(base)


def new_database(base: str | None = None) -> str:
    """The URL of a new, migrated, empty database of its own on the test server (`base`:
    any URL on that server; default the one of STATION_DESK_TEST_DATABASE_URL)."""
    base = base or server_url() or ""
    _ensure_template(base)
    name = f"sdt_{uuid.uuid4().hex[:16]}"
    engine = _admin_engine(base)
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"'))
    engine.dispose()
    return _url_of(base, name)


def drop_database(url: str) -> None:
    name = make_url(url).database
    engine = _admin_engine(_url_of(url, "postgres"))
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def open_again(db, data_dir):  # type: ignore[no-untyped-def]
    """A second `Database` on the same data (a second window, another station PC)."""
    from station_desk.db.database import Database

    if db.is_server:
        return Database.open_server(db.engine.url.render_as_string(hide_password=False))
    return Database.open(data_dir, db.key)
