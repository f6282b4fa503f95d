"""The station's database server (PostgreSQL 15): the engine, its errors, its URL.

A room keeps its records in an encrypted SQLite file (`db/engine.py`); the station (派出所)
keeps every room's records in one PostgreSQL database, reached by a URL such as
`postgresql://station@dbhost:5432/station` (password from the URL, `PGPASSWORD` or
`~/.pgpass`, as libpq reads them). The same models, migrations and services run on both;
what differs lives here and behind `dialect.name` checks:

- the driver is psycopg 3 (`postgresql+psycopg://`);
- a writer takes the audit trail's table lock before it reads the chain's head
  (`db/audit_trail.py`): PostgreSQL has no BEGIN IMMEDIATE, and two writers must not both
  append entry n+1;
- the server going away is a `StorageError` the user can act on, and the unit of work that
  was running is rolled back by the server (all or nothing).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, create_engine, make_url
from sqlalchemy.engine import URL

from station_desk.errors import DatabaseNewerError, StorageError
from station_desk.i18n import _

SERVER_SCHEMES = ("postgresql", "postgres")
CONNECT_TIMEOUT_S = 10
STATEMENT_TIMEOUT_MS = 0  # none: an import of a big package is one long transaction


def is_server_url(value: str | None) -> bool:
    """Whether `value` names a database server (not a room's data folder)."""
    if not value:
        return False
    scheme = value.split(":", 1)[0].split("+", 1)[0].lower()
    return scheme in SERVER_SCHEMES


def server_url(value: str) -> URL:
    """The SQLAlchemy URL of a `postgresql://…` address, with the psycopg 3 driver.
    Raises StorageError for anything else."""
    if not is_server_url(value):
        raise StorageError(
            _("{url} is not a PostgreSQL address (postgresql://user@host:port/database).").format(
                url=value
            )
        )
    try:
        url = make_url(value)
    except Exception as exc:  # sqlalchemy.exc.ArgumentError: a malformed URL
        raise StorageError(_("{url} is not a valid database address.").format(url=value)) from exc
    return url.set(drivername="postgresql+psycopg")


def shown_url(url: URL | str) -> str:
    """The address without its password, for messages and the audit trail."""
    parsed = url if isinstance(url, URL) else make_url(url)
    return parsed.render_as_string(hide_password=True)


def make_server_engine(value: str) -> Engine:
    """An engine on the station's PostgreSQL database."""
    url = server_url(value)
    connect_args: dict[str, Any] = {
        "connect_timeout": CONNECT_TIMEOUT_S,
        "application_name": "station-desk",
    }
    return create_engine(url, connect_args=connect_args, pool_pre_ping=True, pool_size=5)


def server_error(exc: BaseException, url: str = "") -> StorageError | None:
    """The user-facing error for a failure of the server connection, or None for a bug."""
    text = str(getattr(exc, "orig", exc)).lower()
    gone = (
        "connection refused",
        "could not connect",
        "server closed the connection",
        "terminating connection",
        "connection is closed",
        "consuming input failed",
        "connection timeout",
        "timeout expired",
        "no such file or directory",
        "connection failed",
        "the connection is lost",
    )
    where = shown_url(url) if url else _("the database server")
    if any(part in text for part in gone):
        return StorageError(
            _(
                "The database server ({url}) cannot be reached or went away. What was being "
                "saved was not saved (all or nothing); try again when the server is back."
            ).format(url=where)
        )
    if "password authentication failed" in text or "no pg_hba.conf entry" in text:
        return StorageError(
            _("The database server ({url}) refused the user name or password.").format(url=where)
        )
    if 'database "' in text and "does not exist" in text:
        return StorageError(_("The database named in {url} does not exist.").format(url=where))
    if "deadlock detected" in text or "could not serialize" in text:
        return StorageError(_("The database is busy with another import. Try again in a moment."))
    return None


# -- the rooms' schemas at the station --------------------------------------------------------

IMPORT_LOCK = 0x53444B32  # the advisory lock every station import (and schema upgrade) holds


def room_schemas(connection: Connection) -> list[str]:
    """The schemas of the station's registered rooms (`room_001`, …), by room number; none
    on a database that is not a station's."""
    from sqlalchemy import select

    from station_desk.db.models import StationRoom

    return list(connection.execute(select(StationRoom.schema_name).order_by(StationRoom.id)).scalars())


def upgrade_room_schemas(connection: Connection) -> list[str]:
    """Bring every room's schema to this program's migrations, as the public schema is at
    start-up: a room registered by an older version has the tables of its migrations, and a
    newer package (or the combined registers) needs the new ones. Returns the schemas
    upgraded. A room schema newer than the program is refused, as a newer database is.
    Runs in the caller's transaction (the import's, or the start-up's): all or nothing."""
    from station_desk.db import migrate

    schemas = room_schemas(connection)
    if not schemas:
        return []
    current: dict[str, str] = dict(
        connection.exec_driver_sql(  # one round trip; names the program made (room_001 …)
            " UNION ALL ".join(f"SELECT '{schema}', version_num FROM \"{schema}\".alembic_version" for schema in schemas)
        ).all()
    )
    upgraded = []
    for schema in schemas:
        if current.get(schema) == migrate.HEAD:
            continue
        connection.exec_driver_sql(f'SET LOCAL search_path TO "{schema}"')
        try:
            revision = migrate.current_revision(connection)
            if migrate.is_newer_than_program(revision):
                raise DatabaseNewerError(
                    _(
                        "The room schema {schema} was written by a newer version of Station Desk "
                        "(schema {rev}). Install the newer version; nothing was changed."
                    ).format(schema=schema, rev=revision)
                )
            if revision != migrate.HEAD:
                migrate.upgrade_to_head(connection)
                upgraded.append(schema)
        finally:
            connection.exec_driver_sql("SET LOCAL search_path TO public")
    return upgraded
