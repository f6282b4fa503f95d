"""The portable types on PostgreSQL: record ids as `uuid`, UTC times as `timestamptz`, the station's JSON as `jsonb`,
and migration 0011 bringing an older station database to them without changing a value or
breaking the audit chain."""

from __future__ import annotations

from typing import Any

from alembic import command
from sqlalchemy import Connection, select, text

from station_desk.db import migrate
from station_desk.db.database import Database
from station_desk.db.models import AuditRecord, User
from station_desk.services.audit import verify_database
from station_desk.services.container import Services


def _types(connection: Connection) -> dict[tuple[str, str], str]:
    rows = connection.execute(
        text(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = current_schema()"
        )
    )
    return {(table, column): kind for table, column, kind in rows}


NATIVE = {
    ("users", "id"): "uuid",
    ("mediation_statements", "party_id"): "uuid",
    ("youth_subjects", "officer_user_id"): "uuid",
    ("users", "created_at"): "timestamp with time zone",
    ("audit_log", "at"): "timestamp with time zone",
    ("station_rooms", "registered_at"): "timestamp with time zone",
    ("station_conflicts", "room_value"): "jsonb",
    ("station_record_states", "room_values"): "jsonb",
    ("station_imports", "summary"): "jsonb",
}
UNCHANGED = {  # local times stay naive, the hashed audit details and ids stay text
    ("duty_entries", "starts_at"): "timestamp without time zone",
    ("audit_log", "details"): "text",
    ("users", "created_by"): "character varying",
    ("audit_log", "record_id"): "character varying",
    ("settings", "value"): "text",
}


def _snapshot(db: Database) -> tuple[list[Any], list[Any]]:
    with db.session() as session:
        users = [
            tuple(row)
            for row in session.execute(
                select(User.id, User.username, User.created_at, User.updated_at).order_by(
                    User.username
                )
            )
        ]
        audit = [
            tuple(row)
            for row in session.execute(
                select(AuditRecord.seq, AuditRecord.at, AuditRecord.hash).order_by(AuditRecord.seq)
            )
        ]
    return users, audit


def _foreign_keys(connection: Connection) -> list[str]:
    return sorted(
        connection.execute(
            text(
                "SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE contype = 'f' AND connamespace = current_schema()::regnamespace"
            )
        ).scalars()
    )


def test_ids_times_and_the_station_json_are_native(station_db: Database) -> None:
    with station_db.engine.connect() as connection:
        types = _types(connection)
    assert {key: types[key] for key in NATIVE} == NATIVE
    assert {key: types[key] for key in UNCHANGED} == UNCHANGED


def test_0011_converts_an_older_database_keeping_values_and_the_chain(station: Services) -> None:
    db = station.db
    users, audit = _snapshot(db)
    with db.engine.connect() as connection:
        keys = _foreign_keys(connection)
    assert any("REFERENCES users(id)" in key for key in keys)
    assert users and audit and all(at.tzinfo is not None for _seq, at, _hash in audit)
    with db.engine.begin() as connection:  # the database as the program before 0011 left it
        command.downgrade(migrate.alembic_config(connection), "0010")
        older = _types(connection)
        assert older[("users", "created_at")] == "timestamp without time zone"
        assert older[("duty_entries", "user_id")] == "character varying"
        assert older[("station_conflicts", "room_value")] == "text"
        naive = connection.execute(text("SELECT min(at) FROM audit_log")).scalar_one()  # naive UTC
        connection.execute(
            text(
                "INSERT INTO station_rooms (id, name, station_name, schema_name, registered_at, registered_by, last_package_at, audit_seq, audit_head) VALUES (1, 'r', '', 'room_001', now() AT TIME ZONE 'UTC', '', '', 0, '')"
            )
        )
        connection.execute(
            text(
                """INSERT INTO station_imports (room_id, folder, manifest_sha256, package_created_at, period_from, period_to, include_sealed, imported_at, imported_by, status, summary) VALUES (1, 'f', 'x', '', '', '', false, now() AT TIME ZONE 'UTC', '', 'imported', '{"counts": {"users": 2}, "gap": ""}')"""
            )
        )

    with db.engine.begin() as connection:
        migrate.upgrade_to_head(connection)
        assert migrate.current_revision(connection) == migrate.HEAD
        types = _types(connection)
        assert {key: types[key] for key in NATIVE} == NATIVE
        assert _foreign_keys(connection) == keys  # dropped around the change, all back
        # the naive UTC time read as UTC: the same instant
        first = connection.execute(
            text("SELECT min(at) AT TIME ZONE 'UTC' FROM audit_log")
        ).scalar_one()
        assert first == naive and naive.tzinfo is None
        summary = connection.execute(
            text("SELECT summary -> 'counts' ->> 'users' FROM station_imports")
        ).scalar()
        assert summary == "2"

    assert _snapshot(db) == (users, audit)
    with db.session() as session:  # a made-up id names no record, as on SQLite
        assert session.get(User, "no-such-user") is None
    report = verify_database(db)
    assert report.ok and report.entries_checked == len(audit)
