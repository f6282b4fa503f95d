"""The database file, its WAL, backups and leftovers hold no record in plain text, and the
key slots open it: passwords, lockout, recovery key, a missing or foreign key file."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from station_desk.db.keyslots import KeySlots
from station_desk.db.signin_log import SignInLog
from station_desk.demo import DEMO_PASSWORD, create_demo
from station_desk.domain import recovery_key
from station_desk.domain.audit import AuditFilter
from station_desk.errors import (
    AuthenticationError,
    ValidationError,
    WrongDatabaseKeyError,
)
from station_desk.paths import database_path
from station_desk.services.hygiene import clean_leftovers
from station_desk.services.vault import FolderState, Vault
from tests.conftest import ADMIN_PASSWORD, AUX_PASSWORD, SETUP, reopen
from tests.integration.trust.helpers import query


def _demo_secrets(data_dir: Path) -> set[str]:
    """Names and ID numbers of the demo's youth subjects, volunteers and mediation parties."""
    key = Vault(data_dir).unlock("admin", DEMO_PASSWORD)
    found: set[str] = set()
    for table, columns in (
        ("youth_subjects", "name, resident_id"),
        ("youth_guardians", "name, phone"),
        ("volunteers", "name, resident_id"),
        ("mediation_parties", "name, resident_id"),
    ):
        for row in query(data_dir, key, f"SELECT {columns} FROM {table}"):
            found.update(str(value) for value in row if value and len(str(value)) >= 2)
    return found


def _all_bytes(folder: Path) -> list[tuple[Path, bytes]]:
    return [(path, path.read_bytes()) for path in sorted(folder.rglob("*")) if path.is_file()]


def test_no_name_or_id_number_in_any_byte_of_the_data_folder(tmp_path: Path) -> None:
    data_dir = tmp_path / "demo"
    create_demo(data_dir, 1)
    services = Vault(data_dir).open(Vault(data_dir).unlock("admin", DEMO_PASSWORD))
    try:
        services.backup.auto_backup()  # a local backup
        left = services.backup.prepare_restore(next(iter(services.backup.list_backups())).path)
        files = _all_bytes(data_dir)  # database, WAL (the database is open), backup, leftover
    finally:
        services.close()
    assert any(p.name.endswith("-wal") for p, _ in files)  # the open database's WAL is searched too
    assert left.path.exists() and any(p == left.path for p, _ in files)
    secrets = _demo_secrets(data_dir)
    assert len(secrets) > 50
    leaks = [
        (path.name, secret)
        for path, content in files
        for secret in secrets
        if secret.encode("utf-8") in content  # SQLite stores text as UTF-8 (6+ bytes here)
    ]
    assert leaks == []
    assert left.folder in clean_leftovers(data_dir)
    assert not left.folder.exists()


def test_sqlite3_cannot_open_the_file(services) -> None:
    path = database_path(services.db.data_dir)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(path).execute("SELECT count(*) FROM users").fetchone()
    assert path.stat().st_mode & 0o077 == 0
    assert KeySlots.path(services.db.data_dir).stat().st_mode & 0o077 == 0


def test_key_file_holds_slots_not_secrets(services, data_dir: Path) -> None:
    text = KeySlots.path(data_dir).read_text(encoding="utf-8")
    assert set(KeySlots.load(data_dir).slots) == {"admin", "officer", "aux"}  # type: ignore[union-attr]
    assert services.db.key.hex() not in text  # type: ignore[union-attr]
    assert ADMIN_PASSWORD not in text and SETUP.room_name in text


def test_sign_in_opens_the_database_with_the_slot(services, data_dir: Path) -> None:
    services.close()
    opened, principal = Vault(data_dir).sign_in("aux", AUX_PASSWORD)
    try:
        assert principal.username == "aux"
    finally:
        opened.close()
    with pytest.raises(AuthenticationError, match="Wrong user name or password"):
        Vault(data_dir).sign_in("aux", "not-the-password")
    with pytest.raises(AuthenticationError, match="Wrong user name or password"):
        Vault(data_dir).sign_in("nobody", "not-the-password")


def test_lockout_before_the_database_opens_and_failures_audited(services, data_dir: Path) -> None:
    services.close()
    vault = Vault(data_dir)
    for _attempt in range(5):  # one answer whatever the cause (user names stay unknown)
        with pytest.raises(AuthenticationError, match="After 5 wrong passwords"):
            vault.sign_in("officer", "wrong-password")
    assert SignInLog.load(data_dir).locked_until("officer", vault.now()) is not None
    with pytest.raises(AuthenticationError, match="After 5 wrong passwords"):
        vault.sign_in("officer", "Officer-pass-2026")  # even the right password, for now
    opened, admin = vault.sign_in("admin", ADMIN_PASSWORD)
    try:
        failed = opened.audit.list_entries(admin, AuditFilter(action="login_failed"))
        assert len(failed) == 6 and {e.username for e in failed} == {"officer"}
        assert sum(1 for e in failed if e.details.get("locked")) == 1
    finally:
        opened.close()


def test_a_tampered_sign_in_log_is_reported(services, data_dir: Path) -> None:
    with pytest.raises(AuthenticationError):
        services.accounts.authenticate("aux", "wrong-password")
    services.accounts.authenticate("admin", ADMIN_PASSWORD)  # seals the log
    log = SignInLog.load(data_dir)
    assert log.failures and log.failures[0].audited
    path = data_dir / "signin_failures.json"
    path.write_text(path.read_text().replace("aux", "bob"), encoding="utf-8")
    admin = services.accounts.authenticate("admin", ADMIN_PASSWORD)
    warnings = services.audit.list_entries(admin, AuditFilter(action="integrity"))
    assert warnings and "sign-in log" in str(warnings[0].details)


def test_password_change_rewraps_and_deactivation_removes_the_slot(services, admin, aux) -> None:
    data_dir = services.db.data_dir
    services.accounts.change_password(aux, AUX_PASSWORD, "Another-pass-2026")
    slots = KeySlots.load(data_dir)
    assert slots.unlock("aux", AUX_PASSWORD) is None  # type: ignore[union-attr]
    assert slots.unlock("aux", "Another-pass-2026") == services.db.key  # type: ignore[union-attr]
    services.accounts.set_active(admin, aux.user_id, False)
    assert not KeySlots.load(data_dir).has_slot("aux")  # type: ignore[union-attr]
    services.accounts.set_active(admin, aux.user_id, True, "Third-pass-2026")
    services.accounts.reset_password(admin, aux.user_id, "Fourth-pass-2026")
    assert KeySlots.load(data_dir).unlock("aux", "Fourth-pass-2026") == services.db.key  # type: ignore[union-attr]


def test_recovery_key_typo_is_named_by_its_group() -> None:
    text = recovery_key.generate()
    assert len(recovery_key.parse(text)) == 32
    assert recovery_key.parse(text.lower().replace("-", " ")) == recovery_key.parse(text)
    groups = text.split("-")
    # a typo in the group's check character: always caught (a typo in a data character keeps
    # a valid check character one time in 32, and the key is then another valid key)
    groups[2] = groups[2][:-1] + ("0" if groups[2][-1] != "0" else "1")
    with pytest.raises(ValidationError, match="Group 3"):
        recovery_key.parse("-".join(groups))
    with pytest.raises(ValidationError, match="8 groups"):
        recovery_key.parse(text[:-1])


def test_recovery_key_opens_the_database_and_sets_an_admin_password(tmp_path: Path) -> None:
    data_dir = tmp_path / "room"
    room = Vault(data_dir).open_new()
    room.services.accounts.complete_setup(SETUP)
    room.services.close()
    KeySlots.path(data_dir).unlink()  # the key file is lost: no password can help now
    with pytest.raises(Exception, match="missing"):
        Vault(data_dir).sign_in("admin", ADMIN_PASSWORD)
    services, principal = Vault(data_dir).reset_with_recovery(
        room.recovery_key, "admin", "Recovered-pass-2026"
    )
    try:
        entries = services.audit.list_entries(principal, AuditFilter(action="update"))
        assert any(e.details.get("password_reset_with") == "recovery key" for e in entries)
    finally:
        services.close()
    opened, _admin = Vault(data_dir).sign_in("admin", "Recovered-pass-2026")
    opened.close()


def test_a_foreign_key_file_or_recovery_key_is_refused(tmp_path: Path) -> None:
    rooms = []
    for name in ("one", "two"):
        room = Vault(tmp_path / name).open_new()
        room.services.accounts.complete_setup(SETUP)
        room.services.close()
        rooms.append(room)
    shutil.copy(KeySlots.path(tmp_path / "two"), KeySlots.path(tmp_path / "one"))
    with pytest.raises(WrongDatabaseKeyError, match="another database"):
        Vault(tmp_path / "one").sign_in("admin", ADMIN_PASSWORD)
    with pytest.raises(WrongDatabaseKeyError, match="another database"):
        Vault(tmp_path / "one").recover(rooms[1].recovery_key)
    (tmp_path / "one" / "keyslots.json").write_text("{garbage", encoding="utf-8")
    with pytest.raises(Exception, match="damaged"):
        Vault(tmp_path / "one").sign_in("admin", ADMIN_PASSWORD)


def test_a_copied_data_folder_opens_on_another_pc(services, data_dir: Path, tmp_path: Path) -> None:
    services.close()
    other_pc = tmp_path / "other-pc"
    shutil.copytree(data_dir, other_pc)
    assert Vault(other_pc).state() is FolderState.ENCRYPTED
    opened, principal = Vault(other_pc).sign_in("officer", "Officer-pass-2026")
    try:
        assert principal.username == "officer"
    finally:
        opened.close()


def test_unfinished_first_run_starts_again(tmp_path: Path) -> None:
    data_dir = tmp_path / "new"
    room = Vault(data_dir).open_new()
    room.services.close()  # the wizard was closed before finishing
    assert Vault(data_dir).state() is FolderState.NEW
    assert not database_path(data_dir).exists()


def test_reopen_helper_uses_the_slot(services, data_dir: Path) -> None:
    services.close()
    again = reopen(data_dir)
    try:
        assert again.accounts.is_set_up()
    finally:
        again.close()


def test_saved_documents_are_readable_by_their_owner_only(services, officer, tmp_path: Path) -> None:
    """A saved sealed youth file (and every other document written through safe_write or
    the print path) is created 0600, never world-readable."""
    from station_desk.exchange.safe_write import write_bytes
    from station_desk.services.output import _write_temporary

    written = write_bytes(tmp_path, "youth-file.pdf", b"%PDF-1.4 sealed")
    assert written.path.stat().st_mode & 0o777 == 0o600
    temporary = _write_temporary(tmp_path / "minutes.pdf", b"%PDF-1.4 minutes")
    assert temporary.stat().st_mode & 0o777 == 0o600


def test_a_pending_key_left_after_a_finished_setup_only_goes(tmp_path: Path) -> None:
    """Killed between the setup's commit and removing the pending key: nothing is lost."""
    from station_desk.db.keyslots import pending_path
    from station_desk.db.private_files import write_private

    data_dir = tmp_path / "room"
    room = Vault(data_dir).open_new()
    room.services.accounts.complete_setup(SETUP)
    key = room.services.db.key
    room.services.close()
    assert key is not None
    write_private(pending_path(data_dir), key.hex().encode("ascii"))
    assert Vault(data_dir).state() is FolderState.ENCRYPTED
    assert not pending_path(data_dir).exists()
    opened, _admin = Vault(data_dir).sign_in("admin", ADMIN_PASSWORD)
    opened.close()
