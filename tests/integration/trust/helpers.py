"""Shared by the trust-at-rest tests: a plain database as the previous version left it,
raw (keyed) connections, and the checks a tamperer would meet."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from station_desk.db import audit_trail
from station_desk.db.database import Database
from station_desk.db.engine import connect
from station_desk.domain.accounts import NewAccount
from station_desk.domain.contacts import OrganisationDraft
from station_desk.domain.roles import Role
from station_desk.paths import database_path
from station_desk.services.container import Services
from tests.conftest import AUX_PASSWORD, OFFICER_PASSWORD, SETUP

PLAIN_ORGANISATION = "和平里第二小学（旧版本）"


# the tables the migrations after 0005 create, dropped to fake a database of version 0005
TABLES_AFTER_0005 = (
    "reception_entries", "resident_opinions",  # 0007
    "search_entries",  # 0008
    "station_conflicts", "station_record_states", "station_imports", "station_audit_links",
    "station_rooms",  # 0009
    "meeting_ratings", "meeting_reports", "police_briefings", "work_reports",  # 0010
)
# and the indexes they add to the tables of 0005
INDEXES_AFTER_0005 = ("ix_patrol_shift_members_check_out_check_in",)  # 0012


def make_plain_room(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A database as version 0005 left it: not encrypted, audit chain not keyed."""
    with monkeypatch.context() as patch:
        patch.setattr(audit_trail, "read_chain_key", lambda _session: None)
        services = Services.for_database(Database.open(data_dir, None))
        try:
            admin = services.accounts.complete_setup(SETUP)
            services.accounts.create_account(
                admin, NewAccount("officer", "李明", Role.OFFICER, OFFICER_PASSWORD, "010456")
            )
            services.accounts.create_account(admin, NewAccount("aux", "王芳", Role.AUXILIARY, AUX_PASSWORD))
            services.contacts.create_organisation(admin, OrganisationDraft(PLAIN_ORGANISATION))
            services.accounts.logout(admin)
        finally:
            services.close()
    with closing(sqlite3.connect(database_path(data_dir))) as raw:
        raw.execute("DROP TABLE audit_chain_key")
        for table in TABLES_AFTER_0005:
            raw.execute(f"DROP TABLE IF EXISTS {table}")
        for index in INDEXES_AFTER_0005:
            raw.execute(f"DROP INDEX {index}")
        raw.execute("UPDATE alembic_version SET version_num = '0005'")
        raw.commit()


def execute(data_dir: Path, key: bytes | None, *statements: str) -> None:
    """Run SQL on the database file as someone with sqlite3 (and the key) would."""
    with closing(connect(database_path(data_dir), key)) as raw:
        for statement in statements:
            raw.execute(statement)
        raw.commit()


def query(data_dir: Path, key: bytes | None, statement: str) -> list[tuple[object, ...]]:
    with closing(connect(database_path(data_dir), key, read_only=True)) as raw:
        return list(raw.execute(statement))
