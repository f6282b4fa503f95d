"""The audit trail: written with every change, hash-chained, append-only, tamper-evident."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from station_desk.db.engine import connect
from station_desk.domain.accounts import Principal
from station_desk.domain.audit import AuditAction, AuditFilter
from station_desk.domain.roles import Role
from station_desk.errors import StorageError
from station_desk.paths import database_path
from station_desk.services.container import Services


def _entries(services: Services, admin: Principal, **query: object) -> list:
    return services.audit.list_entries(admin, AuditFilter(**query))  # type: ignore[arg-type]


def _behind_the_programs_back(services: Services, verb: str, statement: str) -> None:
    """Tamper with the trail as someone with the database key (or the server's superuser)
    could: drop the append-only guard, then run `statement`."""
    if services.db.is_server:
        with services.db.engine.begin() as connection:
            connection.exec_driver_sql("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")
            connection.exec_driver_sql(statement)
        return
    path = database_path(services.db.data_dir)  # type: ignore[arg-type]
    with connect(path, services.db.key) as raw:
        raw.execute(f"DROP TRIGGER audit_log_no_{verb}")
        raw.execute(statement)
    raw.close()


def test_update_records_old_and_new_values(services: Services, admin: Principal) -> None:
    account = next(a for a in services.accounts.list_accounts(admin) if a.username == "aux")
    services.accounts.update_account(admin, account.id, "王芳芳", "A-77", Role.OFFICER)
    entry = _entries(services, admin, action="update", record_id=account.id)[0]
    assert entry.username == "admin"
    assert entry.record_type == "user"
    changes = entry.details["changes"]
    assert changes["display_name"] == {"old": "王芳", "new": "王芳芳"}
    assert changes["role"] == {"old": "auxiliary", "new": "officer"}
    assert changes["badge_number"] == {"old": "", "new": "A-77"}


def test_password_hashes_never_reach_the_audit_trail(services: Services, admin: Principal) -> None:
    account = next(a for a in services.accounts.list_accounts(admin) if a.username == "aux")
    services.accounts.reset_password(admin, account.id, "Another-pass-9")
    entry = _entries(services, admin, action="update", record_id=account.id)[0]
    assert entry.details["changes"]["password_hash"] == {"changed": True}
    everything = str(_entries(services, admin))
    assert "argon2" not in everything


def test_chain_verifies_and_names_a_tampered_entry(services: Services, admin: Principal) -> None:
    report = services.audit.verify()
    assert report.ok and report.entries_checked > 5
    target = _entries(services, admin, action="login")[-1].seq
    _behind_the_programs_back(services, "UPDATE", f"UPDATE audit_log SET username = 'mallory' WHERE seq = {target}")
    report = services.audit.verify()
    assert not report.ok
    assert report.first_bad_seq == target
    assert "changed" in report.problem


def test_a_removed_entry_breaks_the_chain(services: Services) -> None:
    _behind_the_programs_back(services, "DELETE", "DELETE FROM audit_log WHERE seq = 3")
    report = services.audit.verify()
    assert report.first_bad_seq == 4


def test_database_refuses_update_and_delete_of_audit_rows(services: Services) -> None:
    for statement in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"):
        with pytest.raises((DBAPIError, StorageError)), services.db.session() as session:
            session.execute(text(statement))
    assert services.audit.verify().ok


def test_failed_action_leaves_no_audit_entry(services: Services, admin: Principal) -> None:
    before = services.audit.verify().entries_checked
    with pytest.raises(RuntimeError), services.db.session(admin) as session:
        from station_desk.db import audit_trail

        audit_trail.append(session, AuditAction.PRINT, "test")
        raise RuntimeError("the printer caught fire")
    assert services.audit.verify().entries_checked == before


def test_filters(services: Services, admin: Principal, aux: Principal) -> None:
    logins = _entries(services, admin, action="login", username="aux")
    assert logins and all(e.username == "aux" and e.action == "login" for e in logins)
    assert "aux" in services.audit.usernames(admin)


def test_created_records_are_audited_with_their_id(services: Services, admin: Principal) -> None:
    account = next(a for a in services.accounts.list_accounts(admin) if a.username == "aux")
    created = services.audit.list_entries(admin, AuditFilter(action="create", record_type="user"))
    assert account.id in {e.record_id for e in created}
    assert all(e.record_id for e in created)
