"""`check` against someone with the files and the key (or sqlite3 skills and an old copy):
a changed, deleted, cut-off or rolled-back audit trail, a dropped trigger and a role changed
behind the program's back are each reported."""

from __future__ import annotations

import shutil
from pathlib import Path

from station_desk.domain.audit import AuditFilter
from station_desk.paths import database_path
from station_desk.services.container import Services
from station_desk.services.maintenance import CheckReport, check_data_dir
from station_desk.services.vault import Vault
from tests.conftest import ADMIN_PASSWORD
from tests.integration.trust.helpers import execute


def _check(data_dir: Path, key: bytes) -> CheckReport:
    return check_data_dir(data_dir, key)


def _failed(report: CheckReport) -> dict[str, str]:
    return {r.name: r.detail + " " + " ".join(r.problems) for r in report.results if not r.ok}


def _closed(services: Services) -> tuple[Path, bytes]:
    data_dir, key = services.db.data_dir, services.db.key
    services.close()
    assert data_dir is not None and key is not None
    return data_dir, key


def test_a_sound_room_passes(services: Services) -> None:
    data_dir, key = _closed(services)
    report = _check(data_dir, key)
    assert report.ok, _failed(report)
    assert {r.name for r in report.results} >= {"Audit witness", "Accounts against the audit trail"}


def test_a_changed_entry_with_the_trigger_dropped(services: Services) -> None:
    data_dir, key = _closed(services)
    execute(
        data_dir,
        key,
        "DROP TRIGGER audit_log_no_UPDATE",
        "UPDATE audit_log SET username = 'mallory' WHERE seq = 3",
    )
    failed = _failed(_check(data_dir, key))
    assert "entry 3 does not match" in failed["Audit trail"]
    assert "audit_log_no_UPDATE were missing" in failed["Audit trail protection"]
    assert _check(data_dir, key).results[-1].ok  # re-created by the first check


def test_a_deleted_entry(services: Services) -> None:
    data_dir, key = _closed(services)
    execute(data_dir, key, "DROP TRIGGER audit_log_no_DELETE", "DELETE FROM audit_log WHERE seq = 2")
    assert "entry 3 does not match" in _failed(_check(data_dir, key))["Audit trail"]


def test_a_cut_off_tail_keeps_a_sound_chain_but_not_the_witness(services: Services) -> None:
    data_dir, key = _closed(services)
    execute(
        data_dir,
        key,
        "DROP TRIGGER audit_log_no_DELETE",
        "DELETE FROM audit_log WHERE seq > (SELECT max(seq) - 3 FROM audit_log)",
    )
    failed = _failed(_check(data_dir, key))
    assert "Audit trail" not in failed  # what is left still chains
    assert "cut off" in failed["Audit witness"]


def test_an_older_copy_put_back_is_a_rollback(services: Services, admin, tmp_path: Path) -> None:
    data_dir = services.db.data_dir
    assert data_dir is not None
    old = tmp_path / "old.sqlite3"
    services.db.engine.dispose()
    shutil.copy(database_path(data_dir), old)
    services.accounts.logout(admin)  # more entries after the copy
    data_dir, key = _closed(services)
    for suffix in ("-wal", "-shm"):
        database_path(data_dir).with_name(database_path(data_dir).name + suffix).unlink(missing_ok=True)
    shutil.copy(old, database_path(data_dir))
    failed = _failed(_check(data_dir, key))
    assert "older copy" in failed["Audit witness"]


def test_a_forged_witness_is_reported(services: Services) -> None:
    data_dir, key = _closed(services)
    path = data_dir / "audit_witness.json"
    path.write_text(path.read_text().replace('"seq": ', '"seq": 1'), encoding="utf-8")
    assert "seal does not match" in _failed(_check(data_dir, key))["Audit witness"]
    path.unlink()
    assert "missing" in _failed(_check(data_dir, key))["Audit witness"]


def test_a_role_changed_behind_the_programs_back(services: Services) -> None:
    data_dir, key = _closed(services)
    execute(data_dir, key, "UPDATE users SET role = 'admin' WHERE username = 'aux'")
    failed = _failed(_check(data_dir, key))
    assert "account aux: the role is admin, the audit trail last set auxiliary" in failed[
        "Accounts against the audit trail"
    ]


def test_sign_in_restores_triggers_and_records_what_it_found(services: Services) -> None:
    data_dir, key = _closed(services)
    execute(data_dir, key, "DROP TRIGGER audit_log_no_DELETE", "UPDATE users SET active = 0 WHERE username = 'aux'")
    vault = Vault(data_dir)
    opened, admin = vault.sign_in("admin", ADMIN_PASSWORD)
    try:
        problems = [str(e.details) for e in opened.audit.list_entries(admin, AuditFilter(action="integrity"))]
    finally:
        opened.close()
    assert any("audit_log_no_DELETE" in p for p in problems)
    assert any("account aux: active is False" in p for p in problems)
    assert _check(data_dir, key).results[-1].ok
