"""Record basics: UUIDv7 ids, timestamps, authorship, soft deletion, storage faults."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy import select, text

from station_desk.db.models import User
from station_desk.db.records import get_live, live, restore, soft_delete
from station_desk.domain.accounts import Principal
from station_desk.domain.audit import AuditFilter
from station_desk.errors import InstanceRunningError, NotFoundError, StorageError
from station_desk.instance_lock import InstanceLock
from station_desk.services.container import Services
from tests.server_db import sqlite_only


def test_records_carry_uuid7_timestamps_and_author(services: Services, admin: Principal) -> None:
    with services.db.session() as session:
        user = session.scalars(select(User).where(User.username == "aux")).one()
    assert uuid.UUID(user.id).version == 7
    assert user.created_by == admin.user_id
    assert user.created_at.tzinfo is not None and user.updated_at >= user.created_at


def test_soft_delete_hides_and_restore_brings_back(services: Services, admin: Principal) -> None:
    with services.db.session() as session:
        aux_id = session.scalars(select(User.id).where(User.username == "aux")).one()
    with services.db.session(admin) as session:
        soft_delete(session, get_live(session, User, aux_id))
    with services.db.session() as session:
        assert aux_id not in session.scalars(live(select(User.id), User)).all()
        assert session.get(User, aux_id) is not None  # still stored
        with pytest.raises(NotFoundError):
            get_live(session, User, aux_id)
    with services.db.session(admin) as session:
        restore(session, session.get(User, aux_id))
    with services.db.session() as session:
        assert get_live(session, User, aux_id).deleted_at is None
    actions = [e.action for e in services.audit.list_entries(admin, AuditFilter(record_id=aux_id))]
    assert actions[:2] == ["restore", "delete"]


@sqlite_only
def test_full_disk_is_a_known_error_and_keeps_saved_data(services: Services, admin: Principal) -> None:
    before = services.audit.verify().entries_checked
    with pytest.raises(StorageError, match="disk is full"), services.db.session(admin) as session:
        page_count = session.execute(text("PRAGMA page_count")).scalar()
        session.execute(text(f"PRAGMA max_page_count = {page_count}"))
        session.add_all(
            User(username=f"u{i}", display_name="x" * 60, role="auxiliary", password_hash="h" * 200)
            for i in range(2000)
        )
    assert services.audit.verify().entries_checked == before
    assert len(services.accounts.list_accounts(admin)) == 3


def test_second_instance_is_refused(data_dir: Path) -> None:
    with InstanceLock(data_dir), pytest.raises(InstanceRunningError, match="already open"):
        InstanceLock(data_dir).acquire()
    with InstanceLock(data_dir):  # released when the first closed
        pass
