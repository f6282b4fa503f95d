"""The database on a PostgreSQL server: models agree with the migrations there too, a newer
schema is refused and left alone, an unreachable server is a clear message."""

from __future__ import annotations

import socket

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from station_desk.db import migrate
from station_desk.db.database import Database
from station_desk.db.models import Base
from station_desk.errors import DatabaseNewerError, StorageError


def test_models_match_migrations_on_postgresql(station_db: Database) -> None:
    with station_db.engine.connect() as connection:
        assert migrate.current_revision(connection) == migrate.HEAD
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_a_newer_schema_on_the_server_is_refused_and_left_alone(station_url: str) -> None:
    db = Database.open_server(station_url)
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0999'"))
    db.close()
    with pytest.raises(DatabaseNewerError, match="0999"):
        Database.open_server(station_url)
    from sqlalchemy import create_engine, make_url

    engine = create_engine(make_url(station_url).set(drivername="postgresql+psycopg"))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0999"
    engine.dispose()


def test_an_unreachable_server_is_a_clear_message() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nobody listens there once the probe is closed
    with pytest.raises(StorageError, match="cannot be reached"):
        Database.open_server(f"postgresql://station@127.0.0.1:{port}/station")


def test_not_a_postgresql_address() -> None:
    with pytest.raises(StorageError, match="not a PostgreSQL address"):
        Database.open_server("mysql://somewhere/db")
