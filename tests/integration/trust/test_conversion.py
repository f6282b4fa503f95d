"""Converting a database from before encryption: with the admin's password, verified before
the plain file goes, resumable after a kill at any step, clear when the disk is full."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from station_desk.db import cipher_copy
from station_desk.domain.audit import AuditFilter
from station_desk.errors import AuthenticationError, PermissionDeniedError, StorageError
from station_desk.paths import database_path
from station_desk.services import conversion
from station_desk.services.vault import FolderState, Vault
from tests.conftest import ADMIN_PASSWORD, OFFICER_PASSWORD
from tests.integration.trust.helpers import PLAIN_ORGANISATION, make_plain_room

STEPS = ("exported", "sealed", "key_file", "between_renames", "swapped", "cleaned")

KILL_SCRIPT = """
import os, signal, sys
from pathlib import Path
from station_desk.services import conversion

def point(step):
    if step == sys.argv[2]:
        os.kill(os.getpid(), signal.SIGKILL)

conversion.interruption_point = point
conversion.convert(Path(sys.argv[1]), "admin", sys.argv[3]).services.close()
"""


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def plain_room(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    make_plain_room(data_dir, monkeypatch)
    # a plain local backup, as the previous version kept them
    backups = data_dir / "backups"
    backups.mkdir()
    sqlite3.connect(database_path(data_dir)).execute(
        f"VACUUM INTO '{backups / 'station_desk_20261201_080000.sqlite3'}'"
    ).connection.close()
    return data_dir


def _assert_converted(data_dir: Path) -> None:
    """Encrypted, complete and verifiable; after the first sign-in (which encrypts plain
    local backups an interrupted run left) no byte of the folder holds a record in clear."""
    assert Vault(data_dir).state() is FolderState.ENCRYPTED
    assert not list(data_dir.glob("*.plain*")) and not list(data_dir.glob("*.encrypting*"))
    services, admin = Vault(data_dir).sign_in("admin", ADMIN_PASSWORD)
    try:
        names = {o.name for o in services.contacts.list_organisations(admin)}
        assert PLAIN_ORGANISATION in names
        report = services.audit.verify()
        assert report.ok, report
        encrypted = services.audit.list_entries(admin, AuditFilter(action="encrypted"))
        assert len(encrypted) == 1
        backup = services.backup.list_backups()[0]
        candidate = services.backup.prepare_restore(backup.path)  # the old backup, encrypted now
        candidate.discard()
    finally:
        services.close()
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert PLAIN_ORGANISATION.encode() not in path.read_bytes(), path


def test_conversion_with_the_admins_password(plain_room: Path) -> None:
    assert Vault(plain_room).state() is FolderState.PLAIN
    converted = conversion.convert(plain_room, "admin", ADMIN_PASSWORD)
    try:
        assert converted.principal.username == "admin"
        assert set(converted.accounts_without_slot) == {"officer", "aux"}
        entries_before = converted.services.audit.verify().entries_checked
        assert entries_before > 5
    finally:
        converted.services.close()
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(database_path(plain_room)).execute("SELECT * FROM users").fetchall()
    _assert_converted(plain_room)
    key = Vault(plain_room).recover(converted.recovery_key)
    assert key == Vault(plain_room).unlock("admin", ADMIN_PASSWORD)


def test_wrong_password_or_officer_changes_nothing(plain_room: Path) -> None:
    before = _digest(database_path(plain_room))
    with pytest.raises(AuthenticationError):
        conversion.convert(plain_room, "admin", "not-the-password")
    with pytest.raises(PermissionDeniedError):
        conversion.convert(plain_room, "officer", OFFICER_PASSWORD)
    assert _digest(database_path(plain_room)) == before
    assert not (plain_room / "keyslots.json").exists()


def test_a_full_disk_is_told_and_nothing_is_lost(
    plain_room: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _digest(database_path(plain_room))
    class Usage:
        free = 1000

    monkeypatch.setattr(conversion.shutil, "disk_usage", lambda _p: Usage())
    with pytest.raises(StorageError, match="Not enough free disk space"):
        conversion.convert(plain_room, "admin", ADMIN_PASSWORD)
    monkeypatch.undo()

    real = cipher_copy.cipher_module()

    class FullDisk:  # SQLite's own answer when the disk fills during the export
        Error = real.Error

        @staticmethod
        def connect(*_args: object, **_kwargs: object) -> object:
            raise real.OperationalError("database or disk is full")

    monkeypatch.setattr(cipher_copy, "cipher_module", lambda: FullDisk)
    with pytest.raises(StorageError, match="disk became full"):
        conversion.convert(plain_room, "admin", ADMIN_PASSWORD)
    assert _digest(database_path(plain_room)) == before
    assert Vault(plain_room).state() is FolderState.PLAIN
    monkeypatch.undo()
    conversion.convert(plain_room, "admin", ADMIN_PASSWORD).services.close()
    _assert_converted(plain_room)


@pytest.mark.parametrize("step", STEPS)
def test_a_conversion_killed_at_any_step_loses_nothing(plain_room: Path, step: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", KILL_SCRIPT, str(plain_room), step, ADMIN_PASSWORD],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == -9, result.stderr
    state = Vault(plain_room).state()  # resumes or undoes what the kill left
    if state is FolderState.PLAIN:
        conversion.convert(plain_room, "admin", ADMIN_PASSWORD).services.close()
    _assert_converted(plain_room)
