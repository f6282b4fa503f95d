"""Migrations: from empty to head, models agree with migrations, newer databases refused."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from station_desk.db import migrate
from station_desk.db.database import Database
from station_desk.db.engine import APPLICATION_ID, BUSY_TIMEOUT_MS, connect
from station_desk.db.models import Base
from station_desk.errors import (
    DatabaseCorruptError,
    DatabaseNewerError,
    PlainDatabaseError,
    WrongDatabaseKeyError,
)
from station_desk.paths import database_path

KEY = b"k" * 32


def test_upgrade_from_empty_reaches_head(data_dir: Path) -> None:
    db = Database.open(data_dir, KEY)
    with db.engine.connect() as connection:
        assert migrate.current_revision(connection) == migrate.head_revision()
        assert connection.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS
    db.close()


def test_models_match_migrations(data_dir: Path) -> None:
    db = Database.open(data_dir, KEY)
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    db.close()


def test_revision_list_matches_the_migration_scripts() -> None:
    assert list(migrate.REVISIONS) == migrate.script_revisions()


def test_opening_twice_is_idempotent(data_dir: Path) -> None:
    Database.open(data_dir, KEY).close()
    Database.open(data_dir, KEY).close()


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_newer_database_is_refused_and_untouched(data_dir: Path) -> None:
    Database.open(data_dir, KEY).close()
    path = database_path(data_dir)
    with connect(path, KEY) as raw:
        raw.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
    raw.close()
    before = _file_hash(path)
    with pytest.raises(DatabaseNewerError, match="newer version"):
        Database.open(data_dir, KEY)
    assert _file_hash(path) == before


def test_garbage_file_is_reported_as_damaged(data_dir: Path) -> None:
    path = database_path(data_dir)
    path.write_bytes(b"this is not a database" * 100)
    before = _file_hash(path)
    with pytest.raises(DatabaseCorruptError, match="damaged"):
        Database.open(data_dir, KEY)
    assert _file_hash(path) == before


def test_truncated_database_is_reported(data_dir: Path) -> None:
    db = Database.open(data_dir, KEY)
    db.close()
    path = database_path(data_dir)
    content = path.read_bytes()
    path.write_bytes(content[: len(content) // 2])
    with pytest.raises(DatabaseCorruptError):
        Database.open(data_dir, KEY)


def test_damage_message_offers_the_newest_backup(data_dir: Path) -> None:
    backups = data_dir / "backups"
    backups.mkdir()
    (backups / "2026-11-29.sdbackup").write_bytes(b"x")
    database_path(data_dir).write_bytes(b"garbage" * 1000)
    with pytest.raises(DatabaseCorruptError, match="2026-11-29.sdbackup"):
        Database.open(data_dir, KEY)


def test_wrong_key_is_refused_and_the_file_untouched(data_dir: Path) -> None:
    Database.open(data_dir, KEY).close()
    path = database_path(data_dir)
    before = _file_hash(path)
    with pytest.raises(WrongDatabaseKeyError, match="another database"):
        Database.open(data_dir, b"w" * 32)
    assert _file_hash(path) == before


def test_encrypted_file_is_no_sqlite_database(data_dir: Path) -> None:
    Database.open(data_dir, KEY).close()
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(database_path(data_dir)).execute("SELECT * FROM sqlite_master").fetchall()


def test_a_plain_database_must_be_converted(data_dir: Path) -> None:
    Database.open(data_dir, None).close()
    with pytest.raises(PlainDatabaseError, match="not encrypted"):
        Database.open(data_dir, KEY)


def test_foreign_sqlite_file_is_refused(data_dir: Path) -> None:
    with sqlite3.connect(database_path(data_dir)) as raw:
        raw.execute("CREATE TABLE invoices (id INTEGER)")
        raw.execute("PRAGMA application_id = 12345")
    raw.close()
    with pytest.raises(DatabaseCorruptError, match="not a Station Desk database"):
        Database.open(data_dir, KEY)


def test_data_dir_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    from station_desk.errors import StorageError

    with pytest.raises(StorageError, match="cannot be created"):
        Database.open(blocker / "data", KEY)


def test_opening_gathers_planner_statistics(data_dir: Path) -> None:
    """Without sqlite_stat1 SQLite may read a soft-deleted table through its deleted_at index
    (NULL for every live row) and scan it whole (tests/perf/bench_lists.py)."""
    Database.open(data_dir, KEY).close()
    with connect(database_path(data_dir), KEY) as raw:
        tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master")}
    assert "sqlite_stat1" in tables


def test_duty_entries_map_onto_the_work_categories(tmp_path: Path) -> None:
    """0010: the older activities keep their codes as categories, unknown values become
    `other`; downgrading turns the new categories into `other`, which 0006 knows."""
    from alembic import command
    from sqlalchemy import create_engine, text

    engine = create_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    with engine.begin() as connection:
        command.upgrade(migrate.alembic_config(connection), "0006")
        # a plain engine: foreign keys are not enforced, no user row is needed
        old = ("visit", "patrol", "mediation", "reception", "publicity", "meeting", "training", "other", "household")
        for n, activity in enumerate(old):
            connection.execute(text(
                "INSERT INTO duty_entries (id, user_id, starts_at, ends_at, activity, place, notes, in_beat, "
                "created_at, updated_at) VALUES (:id, 'u', '2026-03-02 09:00', '2026-03-02 10:00', :a, '', '', 1, "
                "'2026-01-01', '2026-01-01')"
            ), {"id": f"e{n}", "a": activity})
        command.upgrade(migrate.alembic_config(connection), "0010")
        stored = dict(connection.execute(text("SELECT id, activity FROM duty_entries")).all())
        assert stored == {
            "e0": "visit", "e1": "patrol", "e2": "mediation", "e3": "reception", "e4": "publicity",
            "e5": "meeting", "e6": "training", "e7": "other", "e8": "other",
        }
        connection.execute(text("UPDATE duty_entries SET activity = 'inspection' WHERE id = 'e0'"))
        connection.execute(text("UPDATE duty_entries SET activity = 'service' WHERE id = 'e1'"))
        command.downgrade(migrate.alembic_config(connection), "0006")
        stored = dict(connection.execute(text("SELECT id, activity FROM duty_entries")).all())
        assert stored["e0"] == stored["e1"] == "other" and stored["e2"] == "mediation"
    engine.dispose()
