"""Backups and restore: backup → restore gives identical records; a backup taken while the app
writes is consistent; automatic local backups are kept 7 days + 4 weeks; and every bad backup
(corrupt, cut off, wrong passphrase, newer schema) is refused with the live data untouched."""

from __future__ import annotations

import json
import sqlite3
import threading
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine

from station_desk.db import migrate
from station_desk.db.database import Database
from station_desk.db.engine import connect, make_engine
from station_desk.db.keyslots import KeySlots
from station_desk.domain.accounts import Principal
from station_desk.domain.audit import AuditFilter
from station_desk.domain.contacts import OrganisationDraft
from station_desk.domain.enums import Gender
from station_desk.domain.roles import Permission
from station_desk.domain.youth import GuardianEntry, RiskGrade, SubjectDraft, YouthGroup
from station_desk.errors import DatabaseCorruptError, DatabaseNewerError, PermissionDeniedError
from station_desk.exchange.crypto import (
    EncryptionKey,
    KdfParams,
    TamperedError,
    WrongPassphraseError,
    encrypt_bytes,
)
from station_desk.exchange.manifest import MANIFEST_NAME, load_manifest, verify_folder
from station_desk.exchange.safe_write import TargetFullError
from station_desk.paths import backups_dir, database_path
from station_desk.services.audit import verify_database
from station_desk.services.backup import BackupService, check_database_file, snapshot
from station_desk.services.container import Services
from tests.conftest import ADMIN_PASSWORD, reopen
from tests.server_db import sqlite_only
from tests.unit.exchange.faults import full_after

pytestmark = sqlite_only

PASSPHRASE = "backup-2026-passphrase"
LIGHT = KdfParams(time_cost=1, memory_cost=8 * 1024, parallelism=1)


def make_service(services: Services, **options: Any) -> BackupService:
    return BackupService(services.db, kdf=LIGHT, **options)


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    folder = tmp_path / "stick"
    folder.mkdir()
    return folder


@pytest.fixture
def with_records(services: Services, officer: Principal) -> Services:
    for name in ("和平里社区居委会", "和平里物业公司", "和平里小学"):
        services.contacts.create_organisation(officer, OrganisationDraft(name))
    return services


def key_for(path: Path) -> bytes:
    """The database key of a file in a data folder (or in a temporary folder inside one)."""
    for folder in (path.parent, path.parent.parent):
        slots = KeySlots.load(folder) if (folder / "keyslots.json").exists() else None
        if slots is not None:
            key = slots.unlock("admin", ADMIN_PASSWORD)
            assert key is not None
            return key
    raise AssertionError(f"no key file for {path}")


def dump(path: Path, skip: tuple[str, ...] = ()) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (read-only), for comparing two databases."""
    with closing(connect(path, key_for(path), read_only=True)) as raw:
        names = [r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {
            name: list(raw.execute(f'SELECT * FROM "{name}" ORDER BY rowid'))
            for name in sorted(names)
            if name not in skip and not name.startswith("sqlite_")
        }


def audit_actions(path: Path) -> list[str]:
    with closing(connect(path, key_for(path))) as raw:
        return [r[0] for r in raw.execute("SELECT action FROM audit_log ORDER BY seq")]


# -- to the stick and back --------------------------------------------------------------------


def test_backup_restore_gives_identical_records(
    with_records: Services, officer: Principal, admin: Principal, stick: Path, data_dir: Path
) -> None:
    services = with_records
    at_backup = dump(database_path(data_dir), skip=("audit_log",))
    audit_at_backup = dump(database_path(data_dir))["audit_log"]  # the BACKUP entry comes after
    backup = make_service(services).backup_to(admin, stick, PASSPHRASE)
    assert backup.suffix == ".sdbackup" and backup.parent.parent == stick
    assert backup.parent.name.startswith("station_desk_backup_")
    assert all(c.ok for c in verify_folder(backup.parent, PASSPHRASE))

    services.contacts.create_organisation(officer, OrganisationDraft("备份之后新建的单位"))
    result = make_service(services).restore(admin, backup, PASSPHRASE)

    assert result.reopen_required
    assert dump(database_path(data_dir), skip=("audit_log",)) == at_backup
    restored_audit = dump(database_path(data_dir))["audit_log"]
    assert restored_audit[: len(audit_at_backup)] == audit_at_backup
    assert audit_actions(database_path(data_dir))[-1] == "restore_backup"
    reopened = reopen(data_dir)
    try:
        assert reopened.audit.verify().ok
        names = {o.name for o in reopened.contacts.list_organisations(admin)}
        assert "备份之后新建的单位" not in names and "和平里小学" in names
    finally:
        reopened.close()
    assert result.kept_aside is not None
    kept = {
        row[0]
        for row in connect(result.kept_aside, key_for(result.kept_aside)).execute(
            "SELECT name FROM organisations"
        )
    }
    assert "备份之后新建的单位" in kept  # the database before the restore is kept aside


def test_backup_is_audited_and_has_a_sealed_manifest(
    with_records: Services, officer: Principal, admin: Principal, stick: Path
) -> None:
    backup = make_service(with_records).backup_to(admin, stick, PASSPHRASE)
    manifest, body = load_manifest(backup.parent)
    assert manifest.kind == "backup" and "seal" in body
    assert [f.name for f in manifest.files] == [backup.name, "keyslots.json"]
    assert manifest.room == "和平里社区警务室"
    assert manifest.extra["audit_witness"]["seq"] == manifest.audit_entries
    assert {p.name for p in backup.parent.iterdir()} == {backup.name, "keyslots.json", MANIFEST_NAME}
    entries = [e for e in with_records.export.history(officer) if e.action == "backup"]
    assert entries[0].details["file"] == backup.name
    assert entries[0].details["encrypted"] is True
    assert "contains_sealed" not in entries[0].details  # no youth-guidance records yet


def test_officers_may_not_back_up_the_sealed_records(
    with_records: Services, officer: Principal, admin: Principal, stick: Path
) -> None:
    """A backup is the whole database, every sealed youth-guidance record included: only an
    administrator may take one (Permission.BACKUP); the refusal is audited."""
    assert admin.can(Permission.BACKUP) and not officer.can(Permission.BACKUP)
    with pytest.raises(PermissionDeniedError):
        make_service(with_records).backup_to(officer, stick, PASSPHRASE)
    assert list(stick.iterdir()) == []
    refused = with_records.audit.list_entries(admin, AuditFilter(action="denied"))
    assert [(e.username, e.details) for e in refused] == [("officer", {"permission": "backup"})]


def test_a_backup_holding_sealed_records_says_so_in_its_audit_entry(
    with_records: Services, officer: Principal, admin: Principal, stick: Path
) -> None:
    with_records.youth.register(
        officer,
        SubjectDraft(
            name="张小明",
            group=YouthGroup.BAD_BEHAVIOUR,
            risk_grade=RiskGrade.YELLOW,
            reason="多次夜不归宿。",
            gender=Gender.MALE,
            birth_date=date(2011, 5, 20),
            registered_on=date(2026, 3, 2),
            guardians=(GuardianEntry("张建军", "父亲", "13812345678"),),
        ),
    )
    backup = make_service(with_records).backup_to(admin, stick, PASSPHRASE)
    entries = [e for e in with_records.export.history(admin) if e.action == "backup"]
    assert entries[0].details["file"] == backup.name
    assert entries[0].details["contains_sealed"] is True


def test_backup_while_the_app_is_writing_is_consistent(
    with_records: Services, officer: Principal, admin: Principal, stick: Path, tmp_path: Path
) -> None:
    """A thread keeps saving organisations (each with its audit entry in one transaction)."""
    services = with_records
    stop = threading.Event()
    saved: list[int] = []
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            while not stop.is_set():
                services.contacts.create_organisation(
                    officer, OrganisationDraft(f"单位{len(saved)}")
                )
                saved.append(1)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(saved) < 20:
            threading.Event().wait(0.01)
        backups = [make_service(services).backup_to(admin, stick, PASSPHRASE) for _ in range(2)]
    finally:
        stop.set()
        thread.join()
    assert errors == []
    for backup in backups:
        candidate = make_service(services).prepare_restore(backup, PASSPHRASE)
        try:
            check_database_file(candidate.path, candidate.key)
            with closing(connect(candidate.path, candidate.key)) as raw:
                organisations = raw.execute("SELECT count(*) FROM organisations").fetchone()[0]
                created = raw.execute(
                    "SELECT count(*) FROM audit_log WHERE action='create' AND record_type='organisation'"
                ).fetchone()[0]
            assert organisations == created > 3
            snap = Database(make_engine(candidate.path, candidate.key))
            assert verify_database(snap).ok  # the snapshot's audit chain is whole
            snap.close()
        finally:
            candidate.discard()


def test_backup_to_a_full_stick_leaves_nothing(
    with_records: Services, admin: Principal, stick: Path
) -> None:
    with pytest.raises(TargetFullError):
        make_service(with_records, opener=full_after(4096)).backup_to(admin, stick, PASSPHRASE)
    assert list(stick.iterdir()) == []
    assert not [e for e in with_records.export.history(admin) if e.action == "backup"]


def test_a_snapshot_failing_its_check_leaves_nothing_on_the_stick(
    with_records: Services, admin: Principal, stick: Path, data_dir: Path
) -> None:
    """The snapshot is checked while it is encrypted onto the stick: a damaged page found
    by the check removes what was written."""
    live = database_path(data_dir)
    with closing(connect(live, with_records.db.key)) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = live.stat().st_size
    with open(live, "r+b") as file:  # a byte of the last page, which nothing here reads
        file.seek(size - 2000)
        byte = file.read(1)
        file.seek(size - 2000)
        file.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(DatabaseCorruptError):
        make_service(with_records).backup_to(admin, stick, PASSPHRASE)
    assert list(stick.iterdir()) == []


def test_auxiliary_police_may_not_back_up(
    with_records: Services, aux: Principal, stick: Path
) -> None:
    with pytest.raises(PermissionDeniedError):
        make_service(with_records).backup_to(aux, stick, PASSPHRASE)
    assert list(stick.iterdir()) == []


# -- refused restores ---------------------------------------------------------------------------


@pytest.fixture
def backup_file(with_records: Services, admin: Principal, stick: Path) -> Path:
    return make_service(with_records).backup_to(admin, stick, PASSPHRASE)


def assert_untouched(services: Services, data_dir: Path, before: dict[str, Any]) -> None:
    assert dump(database_path(data_dir), skip=("audit_log",)) == before
    assert not list(data_dir.glob("*.before-restore-*"))
    assert not list(data_dir.glob(".restore-*"))
    assert services.audit.verify().ok  # still open and working


@pytest.mark.parametrize(
    ("damage", "error"),
    [
        (lambda b: b[: len(b) // 2], TamperedError),  # cut off
        (lambda b: b[:-1], TamperedError),
        (lambda b: b[:200] + bytes([b[200] ^ 1]) + b[201:], TamperedError),  # one bit
        (lambda b: _flip(b, len(b) // 2), TamperedError),  # one bit of a page in the middle
        (lambda b: b"\x00" * len(b), TamperedError),  # overwritten
    ],
)
def test_a_damaged_backup_is_refused_and_the_live_data_untouched(
    with_records: Services,
    admin: Principal,
    backup_file: Path,
    data_dir: Path,
    damage: Any,
    error: type[Exception],
) -> None:
    backup_file.write_bytes(damage(backup_file.read_bytes()))
    before = dump(database_path(data_dir), skip=("audit_log",))
    with pytest.raises(error):
        make_service(with_records).restore(admin, backup_file, PASSPHRASE)
    assert_untouched(with_records, data_dir, before)


def _flip(data: bytes, offset: int) -> bytes:
    return data[:offset] + bytes([data[offset] ^ 1]) + data[offset + 1 :]


def test_wrong_passphrase_is_refused(
    with_records: Services, admin: Principal, backup_file: Path, data_dir: Path
) -> None:
    before = dump(database_path(data_dir), skip=("audit_log",))
    with pytest.raises(WrongPassphraseError):
        make_service(with_records).restore(admin, backup_file, "not the passphrase")
    assert_untouched(with_records, data_dir, before)


def _encrypted_backup(path: Path, database: Path) -> Path:
    key = EncryptionKey.create(PASSPHRASE, LIGHT)
    path.write_bytes(encrypt_bytes(database.read_bytes(), key, "backup"))
    return path


def test_a_corrupt_database_inside_a_valid_backup_is_refused(
    with_records: Services, admin: Principal, data_dir: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.sqlite3"
    snapshot(database_path(data_dir), copy, with_records.db.key)
    data = bytearray(copy.read_bytes())
    for offset in range(4096 * 2, len(data), 4096):  # scribble over every page but the first
        data[offset + 100 : offset + 200] = b"\xff" * 100
    copy.write_bytes(bytes(data))
    backup = _encrypted_backup(tmp_path / "corrupt.sdbackup", copy)
    before = dump(database_path(data_dir), skip=("audit_log",))
    with pytest.raises(DatabaseCorruptError):
        make_service(with_records).restore(admin, backup, PASSPHRASE)
    assert_untouched(with_records, data_dir, before)


def test_a_file_that_is_no_station_desk_database_is_refused(
    with_records: Services, admin: Principal, data_dir: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(other)) as raw:
        raw.execute("CREATE TABLE t (x)")
        raw.commit()
    text = tmp_path / "notes.sqlite3"
    text.write_bytes(b"this is a text file, not a database" * 100)
    before = dump(database_path(data_dir), skip=("audit_log",))
    service = make_service(with_records)
    with pytest.raises(DatabaseCorruptError, match="not a Station Desk database"):
        service.restore(admin, _encrypted_backup(tmp_path / "o.sdbackup", other), PASSPHRASE)
    with pytest.raises(DatabaseCorruptError, match="damaged"):
        service.restore(admin, text)
    assert_untouched(with_records, data_dir, before)


def test_a_backup_from_a_newer_version_is_refused(
    with_records: Services, admin: Principal, data_dir: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "newer.sqlite3"
    snapshot(database_path(data_dir), copy, with_records.db.key)
    with closing(connect(copy, with_records.db.key)) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
        raw.commit()
    before = dump(database_path(data_dir), skip=("audit_log",))
    with pytest.raises(DatabaseNewerError):
        make_service(with_records).restore(
            admin, _encrypted_backup(tmp_path / "n.sdbackup", copy), PASSPHRASE
        )
    assert_untouched(with_records, data_dir, before)


def test_only_an_administrator_may_restore(
    with_records: Services, officer: Principal, backup_file: Path, data_dir: Path
) -> None:
    before = dump(database_path(data_dir), skip=("audit_log",))
    with pytest.raises(PermissionDeniedError):
        make_service(with_records).restore(officer, backup_file, PASSPHRASE)
    assert_untouched(with_records, data_dir, before)


# -- restore in harder situations -------------------------------------------------------------


def test_an_older_backup_is_migrated_and_the_restore_audited(
    with_records: Services, admin: Principal, data_dir: Path, tmp_path: Path
) -> None:
    old_dir = tmp_path / "old"
    old_dir.mkdir()
    engine = create_engine(f"sqlite:///{database_path(old_dir)}")
    with engine.begin() as connection:
        from alembic import command

        command.upgrade(migrate.alembic_config(connection), migrate.REVISIONS[0])
    engine.dispose()
    backup = _encrypted_backup(tmp_path / "old.sdbackup", database_path(old_dir))
    result = make_service(with_records).restore(admin, backup, PASSPHRASE)
    assert result.schema_before_migration == migrate.REVISIONS[0]
    assert result.schema_now == migrate.HEAD
    assert check_database_file(database_path(data_dir), with_records.db.key) == migrate.HEAD
    assert not list(data_dir.rglob(".restore-*"))  # the plain old backup left no copy behind
    details = json.loads(
        connect(database_path(data_dir), with_records.db.key)
        .execute("SELECT details FROM audit_log ORDER BY seq DESC LIMIT 1")
        .fetchone()[0]
    )
    assert details["schema_of_backup"] == migrate.REVISIONS[0]


def test_restore_after_a_disk_failure_without_a_live_database(
    with_records: Services, admin: Principal, backup_file: Path, tmp_path: Path
) -> None:
    """A new PC: no database yet; the service works without an open one."""
    new_dir = tmp_path / "new-pc"
    new_dir.mkdir()
    key = KeySlots.load(backup_file.parent).unlock("admin", ADMIN_PASSWORD)  # type: ignore[union-attr]
    service = BackupService(None, new_dir, kdf=LIGHT, key=key)
    result = service.restore(admin, backup_file, PASSPHRASE)
    assert result.kept_aside is None
    assert (new_dir / "keyslots.json").exists()  # the key file came with the backup
    assert audit_actions(database_path(new_dir))[-1] == "restore_backup"
    reopened = reopen(new_dir)
    try:
        assert reopened.accounts.authenticate("admin", "Admin-pass-2026").username == "admin"
    finally:
        reopened.close()


def test_restore_over_a_damaged_live_database(
    with_records: Services, admin: Principal, backup_file: Path, data_dir: Path
) -> None:
    with_records.close()
    live = database_path(data_dir)
    live.write_bytes(b"\x00" * 8192)
    key = with_records.db.key
    result = BackupService(None, data_dir, kdf=LIGHT, key=key).restore(admin, backup_file, PASSPHRASE)
    assert result.kept_aside is not None and result.kept_aside.read_bytes() == b"\x00" * 8192
    assert check_database_file(live, key) == migrate.HEAD


# -- automatic local backups --------------------------------------------------------------------


def test_automatic_backup_once_a_day(with_records: Services, data_dir: Path) -> None:
    service = make_service(with_records)
    morning = datetime(2026, 11, 30, 0, 30, tzinfo=UTC)  # 08:30 in Beijing
    first = service.auto_backup(morning)
    assert first is not None and first.parent == backups_dir(data_dir)
    assert check_database_file(first, with_records.db.key) == migrate.HEAD  # encrypted, checked
    assert not first.read_bytes().startswith(b"SQLite format 3")
    assert service.auto_backup(morning + timedelta(hours=5)) is None
    assert [b.path for b in service.list_backups()] == [first]
    assert not service.list_backups()[0].encrypted


def test_retention_keeps_seven_days_and_four_weeks(with_records: Services, data_dir: Path) -> None:
    service = make_service(with_records)
    start = datetime(2026, 9, 1, 1, 0, tzinfo=UTC)
    for day in range(60):
        service.auto_backup(start + timedelta(days=day))
    kept = service.list_backups()
    days = [b.created_at.date() for b in kept]
    last = (start + timedelta(days=59)).astimezone().date()
    assert days[:7] == [last - timedelta(days=n) for n in range(7)]
    weeks = {d.isocalendar()[:2] for d in days}
    assert len(weeks) == 4  # the newest of each of the last 4 weeks (they cover the 7 days)
    assert len(kept) <= 7 + 4
    assert all(check_database_file(b.path, with_records.db.key) for b in kept[:2])


def test_restore_from_a_local_backup(
    with_records: Services, officer: Principal, admin: Principal, data_dir: Path
) -> None:
    service = make_service(with_records)
    local = service.auto_backup()
    assert local is not None
    before = dump(database_path(data_dir), skip=("audit_log",))
    with_records.contacts.create_organisation(officer, OrganisationDraft("之后新建"))
    make_service(with_records).restore(admin, local)
    assert dump(database_path(data_dir), skip=("audit_log",)) == before


@pytest.mark.parametrize("fails_after", [0, 4096])
def test_a_snapshot_is_whole_where_the_kernel_cannot_copy(
    with_records: Services, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    fails_after: int,
) -> None:
    import os

    real = os.copy_file_range
    calls = []

    def copy_range(source: int, target: int, count: int) -> int:
        calls.append(count)
        if fails_after and len(calls) == 1:
            return real(source, target, fails_after)  # part of the file, then it fails
        raise OSError(18, "Invalid cross-device link")

    from station_desk.services.backup import _copy_file

    live, copy = database_path(data_dir), tmp_path / "copy.sqlite3"
    monkeypatch.setattr(os, "copy_file_range", copy_range)
    _copy_file(live, copy)
    assert calls and copy.read_bytes() == live.read_bytes()
    assert copy.stat().st_mode & 0o777 == 0o600
    snapshot(live, tmp_path / "snapshot.sqlite3", with_records.db.key)  # copied and checked
    check_database_file(tmp_path / "snapshot.sqlite3", with_records.db.key)


# -- which pages a restore checks ------------------------------------------------------------


def _corrupt_snapshot(services: Services, data_dir: Path, target: Path) -> Path:
    """A snapshot of the live database with one bit changed in its last page (a table's page
    that opening and reading the schema and revision do not read)."""
    snapshot(database_path(data_dir), target, services.db.key)
    data = bytearray(target.read_bytes())
    data[len(data) - 3000] ^= 0x10
    target.write_bytes(bytes(data))
    return target


def test_a_backup_made_here_is_checked_at_page_1_when_restored(
    with_records: Services, admin: Principal, backup_file: Path, data_dir: Path
) -> None:
    """The manifest, sealed with the passphrase, notes that every page was checked when the
    backup was made and names this container: the restore checks page 1 with the key, and
    says so in its audit entry."""
    manifest, _ = load_manifest(backup_file.parent)
    assert manifest.extra["pages_checked"] == "cipher_integrity_check"
    service = make_service(with_records)
    candidate = service.prepare_restore(backup_file, PASSPHRASE)
    assert candidate.pages_checked_at_backup
    service.restore(admin, candidate)
    with closing(connect(database_path(data_dir), key_for(database_path(data_dir)))) as raw:
        details = json.loads(
            raw.execute(
                "SELECT details FROM audit_log WHERE action='restore_backup' ORDER BY seq DESC"
            ).fetchone()[0]
        )
    assert details["pages_checked"] == "at backup"


def test_a_corrupt_container_in_a_backup_folder_is_checked_page_by_page(
    with_records: Services, admin: Principal, backup_file: Path, data_dir: Path, tmp_path: Path
) -> None:
    """Another container (a corrupt database, the same passphrase) put in place of the one
    the manifest names: its header is not the one noted, so every page is checked."""
    corrupt = _corrupt_snapshot(with_records, data_dir, tmp_path / "copy.sqlite3")
    key = with_records.db.key
    assert check_database_file(corrupt, key, every_page=False) == migrate.HEAD  # page 1 passes
    with pytest.raises(DatabaseCorruptError, match="integrity check"):
        check_database_file(corrupt, key)
    _encrypted_backup(backup_file, corrupt)  # same name, same folder, same manifest
    before = dump(database_path(data_dir), skip=("audit_log",))
    with pytest.raises(DatabaseCorruptError, match="integrity check"):
        make_service(with_records).restore(admin, backup_file, PASSPHRASE)
    assert_untouched(with_records, data_dir, before)


def test_a_manifest_changed_to_name_another_container_is_not_believed(
    with_records: Services, admin: Principal, backup_file: Path, data_dir: Path, tmp_path: Path
) -> None:
    """The note changed to name a corrupt container: the seal no longer matches, so every
    page is checked and the backup refused."""
    from station_desk.exchange.crypto import read_header

    corrupt = _corrupt_snapshot(with_records, data_dir, tmp_path / "copy.sqlite3")
    _encrypted_backup(backup_file, corrupt)
    with open(backup_file, "rb") as file:
        digest = read_header(file).digest
    path = backup_file.parent / MANIFEST_NAME
    body = json.loads(path.read_text(encoding="utf-8"))
    body["extra"]["container"] = digest.hex()
    path.write_text(json.dumps(body), encoding="utf-8")
    before = dump(database_path(data_dir), skip=("audit_log",))
    with pytest.raises(DatabaseCorruptError, match="integrity check"):
        make_service(with_records).restore(admin, backup_file, PASSPHRASE)
    assert_untouched(with_records, data_dir, before)


def test_a_backup_made_here_with_a_wrong_database_key_is_refused(
    with_records: Services, backup_file: Path, data_dir: Path
) -> None:
    """Page 1 is still checked with the key: another key (another room's) is refused."""
    from station_desk.errors import WrongDatabaseKeyError

    with pytest.raises(WrongDatabaseKeyError):
        make_service(with_records).prepare_restore(backup_file, PASSPHRASE, key=b"\x07" * 32)
    assert not list(data_dir.glob(".restore-*"))


def test_a_corrupt_local_backup_is_refused(
    with_records: Services, admin: Principal, data_dir: Path
) -> None:
    """A local backup has no container or manifest: every page is checked."""
    local = make_service(with_records).auto_backup()
    assert local is not None
    data = bytearray(local.read_bytes())
    data[len(data) - 3000] ^= 0x10  # one bit in the last page
    local.write_bytes(bytes(data))
    before = dump(database_path(data_dir), skip=("audit_log",))
    with pytest.raises(DatabaseCorruptError, match="integrity check"):
        make_service(with_records).restore(admin, local)
    assert_untouched(with_records, data_dir, before)
