"""Backups and restore (备份与恢复) of the room's database.

Snapshots: the database file and its write-ahead log copied as they are (pages still
encrypted) while a separate connection holds the write lock, then the log folded into the
copy (`snapshot`), so a backup is one consistent state even while the officer keeps working
(a save waits for the copy); each snapshot passes `PRAGMA integrity_check` and carries the
Station Desk application id.
A snapshot of the encrypted database is encrypted with the same database key (SQLCipher), so
no backup, temporary copy or restore ever holds the records in plain text.

- `backup_to(actor, target, passphrase)`: a snapshot, encrypted (crypto, kind "backup"),
  safely written to the stick as `station_desk_backup_YYYYMMDD_HHMMSS/station_desk_YYYYMMDD_
  HHMMSS.sdbackup` with a sealed `manifest.json` (which carries the witness of the snapshot's
  audit head) and a copy of the key file (`keyslots.json`, wrapped keys only: on a new PC the
  passwords of the backup's time open it); audited (BACKUP, with `contains_sealed`
  when the snapshot holds youth-guidance records). Backups that leave the PC are always
  encrypted. Administrators only (`Permission.BACKUP`): a backup is every record, sealed
  ones included.
- `auto_backup(now)`: automatic local backups in `paths.backups_dir(data_dir)`, once a day at
  the first start; keeps the newest backup of each of the last 7 days that have one and of
  each of the last 4 weeks that have one. They are encrypted database files (the same key
  as the live one), on the same disk. Made by the program (SYSTEM) at start
  for whoever signs in: no permission check. They guard against a damaged database
  file, not a dead disk; that is what the stick is for.
- `restore(actor, backup, passphrase)`: decrypts the container into a temporary folder
  inside the data folder (what it holds is still the encrypted database) and checks it with
  the database key (integrity, application id, schema not newer) before touching the live
  database — every page, unless the container's sealed manifest notes that every page was
  checked when it was made (then page 1 with the key; why, in `prepare_restore`); then closes the database, keeps the current file as
  `station_desk.sqlite3.before-restore-YYYYMMDD_HHMMSS`, replaces it atomically, migrates an
  older backup, and audits RESTORE_BACKUP in the restored database. The caller must reopen
  the database afterwards (`RestoreResult.reopen_required`). A backup that fails a check is
  refused and the live data stays as it was.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select

from station_desk import __version__
from station_desk.db import audit_trail, migrate
from station_desk.db.cipher_copy import export_encrypted
from station_desk.db.database import Database, inspect_file
from station_desk.db.engine import (
    APPLICATION_ID,
    connect,
    database_errors,
    is_plain_sqlite,
    make_engine,
)
from station_desk.db.keyslots import KEYSLOTS_FILENAME, KeySlots
from station_desk.db.models import AuditRecord
from station_desk.db.models.base import utcnow
from station_desk.db.models.youth import SEALED_TABLES
from station_desk.db.private_files import wipe
from station_desk.db.witness import Witness
from station_desk.domain.accounts import SYSTEM, Principal
from station_desk.domain.audit import GENESIS_HASH, AuditAction
from station_desk.domain.roles import Permission
from station_desk.errors import (
    DatabaseCorruptError,
    DatabaseNewerError,
    PermissionDeniedError,
    StationDeskError,
    StorageError,
)
from station_desk.exchange.backup_files import BACKUP_SUFFIX, LOCAL_SUFFIX
from station_desk.exchange.backup_files import backup_file as _backup_file
from station_desk.exchange.crypto import (
    DEFAULT_KDF,
    EncryptingWriter,
    EncryptionKey,
    KdfParams,
    Keyring,
    PackageError,
    check_passphrase,
    decrypt_file,
    is_encrypted_file,
)
from station_desk.exchange.drives import ChosenVolume, checked_opener
from station_desk.exchange.manifest import (
    MANIFEST_NAME,
    Manifest,
    ManifestFile,
    check_seal,
    load_manifest,
    manifest_bytes,
)
from station_desk.exchange.safe_write import (
    Opener,
    SyncedAlong,
    clean_leftovers,
    default_opener,
    entries_of,
    finish_dir,
    make_partial_dir,
    remove_tree_quietly,
    safe_write,
    write_bytes,
)
from station_desk.files import fsync_dir
from station_desk.i18n import _
from station_desk.paths import DATABASE_FILENAME, backups_dir, database_path
from station_desk.services.guard import require
from station_desk.services.settings import read_settings

ProgressFn = Callable[[int, int, str], None]
CancelFn = Callable[[], bool]

KEEP_DAILY, KEEP_WEEKLY = 7, 4
_STAMP = "%Y%m%d_%H%M%S"
_LOCAL_NAME = re.compile(r"^station_desk_(\d{8}_\d{6})\.sqlite3$")
_STICK_NAME = re.compile(r"^station_desk_(\d{8}_\d{6})\.sdbackup$")
COPY_BLOCK = 1024 * 1024
PAGE_CHECK = "cipher_integrity_check"  # the manifest's note: every page of the snapshot checked


@dataclass(frozen=True)
class BackupInfo:
    """A backup file: where, when (local time, from its name), how big, encrypted or not."""

    path: Path
    created_at: datetime
    size: int
    encrypted: bool


@dataclass(frozen=True)
class RestoreCandidate:
    """A backup decrypted into a temporary folder and checked; `discard()` removes it."""

    folder: Path
    source: Path
    revision: str
    key: bytes | None = None
    pages_checked_at_backup: bool = False  # True: only page 1 checked now (see prepare_restore)

    @property
    def key_file(self) -> Path | None:
        """The key file saved with a backup on a stick (None for local backups)."""
        path = self.source.parent / KEYSLOTS_FILENAME
        return path if path.is_file() else None

    @property
    def path(self) -> Path:
        return database_path(self.folder)

    def discard(self) -> None:
        remove_tree_quietly(self.folder)


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did; the caller reopens the database (the old handle is closed)."""

    restored_from: Path
    kept_aside: Path | None
    schema_before_migration: str
    schema_now: str
    reopen_required: bool = True


def snapshot(
    live: Path, dest: Path, key: bytes | None, durable: bool = True, check: bool = True
) -> None:
    """A consistent copy of the database at `live` into the new file `dest` (the same key),
    then checked (`check_database_file`) and, when `durable`, synced to the disk (not for a
    working copy that is encrypted onto a stick and removed); raises DatabaseCorruptError or
    StorageError, leaving no `dest` behind. Without `check` the caller checks the copy.

    The copy is of the files as they are, pages still encrypted: the database file and its
    write-ahead log, taken while this connection holds the write lock (`BEGIN IMMEDIATE`:
    nobody commits or checkpoints, readers go on; a save waits for the copy, about a second
    for 300 MB), then the log is folded into the copy. `VACUUM INTO` rebuilt every table and
    index and decrypted and encrypted every page: three to five times as long."""
    if not live.is_file():
        raise StorageError(_("There is no database to back up at {path}.").format(path=live))
    sidecars = [dest.with_name(dest.name + suffix) for suffix in ("-wal", "-shm", "-journal")]
    try:
        with closing(connect(live, key)) as raw:
            raw.isolation_level = None
            raw.execute("BEGIN IMMEDIATE")
            try:
                _copy_file(live, dest)
                wal = live.with_name(live.name + "-wal")
                if wal.is_file() and wal.stat().st_size:
                    _copy_file(wal, sidecars[0])
            finally:
                raw.execute("ROLLBACK")
        with closing(connect(dest, key)) as raw:  # fold the log in: one self-contained file
            if not durable:  # a working copy: not synced here (0.2 s for 300 MB just copied)
                raw.execute("PRAGMA synchronous = OFF")
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            raw.execute("PRAGMA journal_mode = DELETE")
        if check:
            check_database_file(dest, key)
    except database_errors(key) as exc:
        _remove(dest, *sidecars)
        raise StorageError(_("The backup snapshot failed: {reason}").format(reason=exc)) from exc
    except BaseException:
        _remove(dest, *sidecars)
        raise
    if durable:
        _fsync_file(dest)


def _copy_file(source: Path, target: Path) -> None:
    """`source` into the new private file `target` (0600): by the kernel where it can
    (`copy_file_range`: no trip through this process, or the blocks shared on a file system
    that can: 0.1 s instead of about 1 s for 300 MB), else in large blocks."""
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with open(source, "rb") as src, os.fdopen(descriptor, "wb") as out:
        if not _kernel_copy(src, out):
            src.seek(0)
            out.seek(0)
            out.truncate()
            shutil.copyfileobj(src, out, 16 * COPY_BLOCK)


def _kernel_copy(source: BinaryIO, target: BinaryIO) -> bool:
    """Copy all of `source` into `target` with `os.copy_file_range`; False where the system
    cannot (then the caller copies)."""
    copy_range = getattr(os, "copy_file_range", None)
    if copy_range is None:
        return False
    left = os.fstat(source.fileno()).st_size
    try:
        while left > 0:
            copied = copy_range(source.fileno(), target.fileno(), min(left, 1 << 30))
            if copied == 0:  # the file ended early (it cannot grow: the caller holds the lock)
                break
            left -= copied
    except OSError:
        return False
    return True


def _link_or_copy(source: Path, target: Path) -> None:
    """`target` as another name of `source` (same folder), or a copy where the file system
    has no hard links (FAT32)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
        _fsync_file(target)


def _remove(*paths: Path) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


def holds_sealed_records(path: Path, key: bytes | None) -> bool:
    """Whether the database file at `path` has rows (deleted ones too) in a table of sealed
    youth-guidance records (`SEALED_TABLES`)."""
    with closing(connect(path, key, read_only=True)) as raw:
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        return any(
            raw.execute(f'SELECT 1 FROM "{name}" LIMIT 1').fetchone() is not None
            for name in sorted(tables & SEALED_TABLES)
        )


def check_database_file(path: Path, key: bytes | None, every_page: bool = True) -> str:
    """Check a database file (not opened for writing) with the database key and return its
    schema revision: every page whole (an encrypted file: `PRAGMA cipher_integrity_check`,
    the authentication code of every page, so every page is as SQLCipher wrote it with this
    key; a plain one: `PRAGMA quick_check`, the structure of every page and record), the
    Station Desk application id, a schema revision this program knows. (The full
    `integrity_check`, which also matches every index to its table, took three to four times
    as long; `station-desk check` runs it on the live database.) Without `every_page` (an
    encrypted file whose pages were checked when it was made, see `prepare_restore`) only
    the pages read for the rest: page 1 with the key (a wrong key, another database), the
    schema and the revision. Raises WrongDatabaseKeyError, DatabaseCorruptError /
    DatabaseNewerError."""
    if key is None and not is_plain_sqlite(path):
        raise DatabaseCorruptError(_("{name} is not a database.").format(name=path.name))
    if key is not None and not is_plain_sqlite(path):
        inspect_file(path, key)  # a wrong key is told apart from damage where it can be
    try:
        with closing(connect(path, key, read_only=True)) as raw:
            raw.text_factory = lambda data: data.decode("utf-8", "replace")
            if key is not None and not every_page:
                rows = ["ok"]  # SQLCipher checks the code of every page it reads below
            elif key is not None:
                failures = [str(row[0]) for row in raw.execute("PRAGMA cipher_integrity_check")]
                rows = failures or ["ok"]
            else:
                rows = [row[0] for row in raw.execute("PRAGMA quick_check")]
            app_id = raw.execute("PRAGMA application_id").fetchone()[0]
            tables = {
                r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            row = None
            if "alembic_version" in tables:
                row = raw.execute("SELECT version_num FROM alembic_version").fetchone()
    except (*database_errors(key), UnicodeDecodeError) as exc:  # type: ignore[misc]  # and a damaged schema text
        detail = "malformed schema" if isinstance(exc, UnicodeDecodeError) else exc
        raise DatabaseCorruptError(
            _("The backup database is damaged ({detail}).").format(detail=detail)
        ) from exc
    if rows != ["ok"]:
        detail = "; ".join(str(r) for r in rows[:3])
        raise DatabaseCorruptError(
            _("The backup database failed its integrity check ({detail}).").format(detail=detail)
        )
    if app_id != APPLICATION_ID or row is None:
        raise DatabaseCorruptError(
            _("{name} is not a Station Desk database.").format(name=path.name)
        )
    revision = str(row[0])
    if migrate.is_newer_than_program(revision):
        raise DatabaseNewerError(
            _(
                "This backup was made by a newer version of Station Desk (schema {rev}). Install "
                "the newer version to restore it; nothing was changed."
            ).format(rev=revision)
        )
    return revision


def _checkpoint(path: Path, key: bytes | None) -> None:
    """Fold a WAL file into the database file, so that the file alone is complete."""
    with contextlib.suppress(*database_errors(key)), closing(connect(path, key)) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as file:
        os.fsync(file.fileno())


def _pages_checked_at_backup(source: Path, container: bytes, keyring: Keyring) -> bool:
    """Whether the manifest beside the container `source` (its header's digest `container`)
    is sealed with the passphrase and notes that every page of this container's snapshot
    was checked when the backup was made (see `prepare_restore`)."""
    try:
        manifest, body = load_manifest(source.parent)
        sealed = check_seal(body, keyring)
    except (StationDeskError, OSError, ValueError, KeyError, TypeError):
        return False
    return (
        sealed is True
        and manifest.kind == "backup"
        and any(item.name == source.name for item in manifest.files)
        and manifest.extra.get("pages_checked") == PAGE_CHECK
        and manifest.extra.get("container") == container.hex()
    )


def _encrypt_in_place(path: Path, key: bytes) -> None:
    """A plain backup (made before the database was encrypted), checked and then encrypted
    at once; its plain copy is overwritten. (While it is checked it is a plain file in the
    data folder's temporary folder for a moment, as it was on the disk before.)"""
    check_database_file(path, None)
    target = path.with_name(path.name + ".encrypting")
    export_encrypted(path, target, key)
    wipe(path)
    os.replace(target, path)


class BackupService:
    """Backups of one data folder; `db` may be None when the live database cannot be opened
    (restoring after a disk failure)."""

    def __init__(
        self,
        db: Database | None,
        data_dir: Path | None = None,
        now: Callable[[], datetime] = utcnow,
        kdf: KdfParams = DEFAULT_KDF,
        opener: Opener = default_opener,
        key: bytes | None = None,
    ) -> None:
        folder = data_dir or (db.data_dir if db is not None else None)
        self._key = key
        self._data_dir = Path(folder) if folder is not None else None
        self.db = db
        self.now = now
        self.kdf = kdf
        self.opener = opener  # how files on the target are opened (tests inject faults here)

    @property
    def data_dir(self) -> Path:
        if self._data_dir is None:  # a database opened without a data folder (tests, tools)
            raise StorageError(_("Backups need the database's data folder."))
        return self._data_dir

    @property
    def live_path(self) -> Path:
        return database_path(self.data_dir)

    @property
    def key(self) -> bytes | None:
        """The database key: the open database's, or the one given (restoring without one)."""
        return self.db.key if self.db is not None else self._key

    def _temp_dir(self, prefix: str) -> Path:
        return Path(tempfile.mkdtemp(prefix=prefix, dir=self.data_dir))

    # -- to a stick ------------------------------------------------------------------------
    def backup_to(
        self,
        actor: Principal,
        target_dir: Path,
        passphrase: str,
        progress: ProgressFn | None = None,
        cancelled: CancelFn | None = None,
        derived: Future[EncryptionKey] | None = None,
    ) -> Path:
        """An encrypted backup on the stick; returns the `.sdbackup` file's path. `derived`:
        the passphrase's key being derived already (`EncryptionKey.create(passphrase)`: the
        command line starts it while it signs in), else it is derived here."""
        db = self._open_db()
        require(db, actor, Permission.BACKUP, "backup")  # the whole database: admins only
        check_passphrase(passphrase)
        if not target_dir.is_dir():
            raise StorageError(
                _("The target folder {path} does not exist (is the USB stick plugged in?).").format(
                    path=target_dir
                )
            )
        volume = ChosenVolume.choose(target_dir)
        report = progress or (lambda _s, _t, _l: None)
        clean_leftovers(target_dir)
        stamp = self.now().astimezone()
        report(0, 4, _("Taking a snapshot of the database"))
        work = self._temp_dir(".backup-")
        # Both cores: the key is derived while the snapshot is taken, and the snapshot is
        # checked (from as soon as it is taken) while it is encrypted onto the stick and read
        # back (SQLCipher, Argon2id, the cipher, the hash and the reads let go of the
        # interpreter while they work); a failed check removes what was written.
        try:
            with ThreadPoolExecutor(max_workers=2, thread_name_prefix="backup") as helper:
                if derived is None:
                    derived = helper.submit(EncryptionKey.create, passphrase, self.kdf)
                copy = work / DATABASE_FILENAME
                snapshot(self.live_path, copy, self.key, durable=False, check=False)  # a working copy
                checked = helper.submit(check_database_file, copy, self.key)
                report(1, 4, _("Deriving the key from the passphrase"))
                key = derived.result()
                report(2, 4, _("Writing the encrypted backup"))
                folder, item, sealed = self._write_stick(
                    actor, volume, stamp, copy, key, cancelled, checked
                )
        finally:  # after the helper's work on the copy has ended
            remove_tree_quietly(work)
        report(3, 4, _("Recording the backup"))
        details = {
            "target": str(target_dir),
            "file": item.name,
            "size": item.size,
            "sha256": item.sha256,
            "encrypted": True,
        }
        if sealed:  # the backup holds sealed youth-guidance records: the admin sees it here
            details["contains_sealed"] = True
        try:  # no copy of the records leaves the room without its audit entry
            self._audit(db, actor, AuditAction.BACKUP, folder.name, details)
        except BaseException:
            remove_tree_quietly(folder)
            raise
        report(4, 4, _("Backup finished"))
        return folder / item.name

    def _write_stick(
        self,
        actor: Principal,
        volume: ChosenVolume,
        stamp: datetime,
        copy: Path,
        key: EncryptionKey,
        cancelled: CancelFn | None,
        checked: Future[str],
    ) -> tuple[Path, ManifestFile, bool]:
        """Write the backup folder; the volume is checked before each file and at the end,
        and the backup is kept only when the copy passed its check (`checked`). Also
        whether the copy holds sealed records (looked up here while the check goes on)."""
        target, opener = volume.path, checked_opener(self.opener, volume)
        volume.check()
        name = base = f"station_desk_backup_{stamp:{_STAMP}}"
        number = 2
        while (target / name).exists() or (target / f"{name}.partial").exists():
            name, number = f"{base}_{number}", number + 1
        folder = make_partial_dir(target, name)
        try:
            sealed, draft = False, None  # what `produce` finds while it writes the file

            def produce(out: BinaryIO) -> None:
                nonlocal sealed, draft
                with (
                    EncryptingWriter(out, key, "backup") as writer,
                    open(copy, "rb", buffering=0) as source,
                ):
                    writer.write_from(source, cancelled)
                    sealed = holds_sealed_records(copy, self.key)  # while the check goes on
                    draft = self._manifest(copy, actor, stamp, writer.header_digest)
                    checked.result()  # the check's error, if any: nothing is left on the stick

            file_name = f"station_desk_{stamp:{_STAMP}}{BACKUP_SUFFIX}"
            written = safe_write(folder, file_name, produce, cancelled=cancelled, opener=opener)
            item = ManifestFile(written.name, written.size, written.sha256, True, "backup")
            key_file = self._key_file_copy(folder, opener)
            files = (item,) if key_file is None else (item, key_file)
            assert draft is not None  # `produce` has run: the file is written
            manifest = replace(draft, files=files)
            write_bytes(folder, MANIFEST_NAME, manifest_bytes(manifest, key), opener=opener)
            volume.check()
            return finish_dir(folder, name), item, sealed
        except BaseException:
            remove_tree_quietly(folder)
            raise

    def _key_file_copy(self, folder: Path, opener: Opener) -> ManifestFile | None:
        """The key file beside the backup (wrapped keys only), so a new PC can open it with
        the passwords of the backup's time."""
        if self.key is None or KeySlots.load(self.data_dir) is None:
            return None
        data = KeySlots.path(self.data_dir).read_bytes()
        written = write_bytes(folder, KEYSLOTS_FILENAME, data, opener=opener)
        return ManifestFile(written.name, written.size, written.sha256, False, "key_file")

    def _manifest(
        self,
        snapshot_path: Path,
        actor: Principal,
        stamp: datetime,
        container: bytes | None = None,
    ) -> Manifest:
        """The manifest without its files, with the room and the audit chain head of the
        snapshot itself (as stored: `station-desk check` verifies the chain), sealed as a
        witness. It is written only after the snapshot passed its check; for an encrypted database it notes that
        every page was checked (`pages_checked`) and names the container it was checked for
        (`container`: the digest of its header, which every chunk is bound to), so that a
        restore of this container need not check every page again (`prepare_restore`)."""
        snap = Database(make_engine(snapshot_path, self.key, read_only=True))
        try:
            with snap.session() as session:
                settings = read_settings(session)
                head = session.execute(  # the last entry only (not the whole trail: 0.2 s)
                    select(AuditRecord.seq, AuditRecord.hash)
                    .order_by(AuditRecord.seq.desc())
                    .limit(1)
                ).first()
                chain = audit_trail.read_chain_key(session)
        finally:
            snap.close()
        extra: dict[str, object] = {"schema_revision": migrate.HEAD}
        if self.key is not None and container is not None:
            extra["pages_checked"] = PAGE_CHECK
            extra["container"] = container.hex()
        if head is not None and chain is not None:
            extra["audit_witness"] = Witness.sealed(head.seq, head.hash, chain.secret).as_dict()
        return Manifest(
            kind="backup",
            room=settings.room_name,
            station=settings.station_name,
            username=actor.username,
            user_display_name=actor.display_name,
            created_at=stamp.isoformat(timespec="seconds"),
            app_version=__version__,
            audit_head_hash=head.hash if head else GENESIS_HASH,
            audit_entries=head.seq if head else 0,
            files=(),
            extra=extra,
        )

    # -- local, automatic ----------------------------------------------------------------
    def auto_backup(self, now: datetime | None = None) -> Path | None:
        """Today's local backup, unless there is one already; prunes old ones. Returns the
        new file, or None when today's backup existed."""
        local = (now or self.now()).astimezone()
        folder = backups_dir(self.data_dir)
        folder.mkdir(parents=True, exist_ok=True)
        for leftover in folder.glob("*.partial"):
            with contextlib.suppress(OSError):
                leftover.unlink()
        if any(info.created_at.date() == local.date() for info in self.list_backups()):
            self.prune(local)
            return None
        path = folder / f"station_desk_{local:{_STAMP}}{LOCAL_SUFFIX}"
        partial = path.with_name(path.name + ".partial")
        snapshot(self.live_path, partial, self.key)
        os.replace(partial, path)
        fsync_dir(folder)
        if self.db is not None:
            self._audit(
                self.db,
                SYSTEM,
                AuditAction.BACKUP,
                path.name,
                {
                    "target": str(folder),
                    "file": path.name,
                    "size": path.stat().st_size,
                    "encrypted": False,
                    "automatic": True,
                },
            )
        self.prune(local)
        return path

    def list_backups(self, folder: Path | None = None) -> list[BackupInfo]:
        """Backups in the local backups folder (or in `folder` and its subfolders, e.g. a
        stick), newest first."""
        found: list[BackupInfo] = []
        places = [backups_dir(self.data_dir)] if folder is None else [folder]
        if folder is not None and folder.is_dir():
            places += [p for p in folder.iterdir() if p.is_dir()]
        for place in places:
            found.extend(_backups_in(place))
        return sorted(found, key=lambda info: info.created_at, reverse=True)

    def prune(self, now: datetime) -> list[Path]:
        """Delete local backups beyond the newest of 7 days and of 4 weeks; returns them."""
        backups = self.list_backups()
        keep = _newest_per(backups, lambda d: d.date(), KEEP_DAILY)
        keep |= _newest_per(backups, lambda d: d.isocalendar()[:2], KEEP_WEEKLY)
        removed = []
        for info in backups:
            if info.path not in keep and info.created_at <= now.replace(tzinfo=None):
                with contextlib.suppress(OSError):
                    info.path.unlink()
                    removed.append(info.path)
        return removed

    # -- restore ---------------------------------------------------------------------------
    def prepare_restore(
        self, backup: Path, passphrase: str | Keyring | None = None, key: bytes | None = None
    ) -> RestoreCandidate:
        """Decrypt the container (if it is one) into a temporary folder — what comes out is
        still the encrypted database — and check it with the database key (`key`, else this
        room's) while it is synced to the disk; the live database is not touched. Raises
        WrongPassphraseError, TamperedError, WrongDatabaseKeyError, DatabaseCorruptError,
        DatabaseNewerError.

        Which pages are checked: every page (`check_database_file`) for a local backup, a
        plain file and a container without a matching note; only page 1, the schema and the
        revision for a container whose sealed manifest notes that every page was checked
        when it was made and names this container (`_pages_checked_at_backup`). Such a
        container decrypts to exactly the checked snapshot: every chunk is authenticated
        (AES-GCM) under the header the manifest names, in order, up to the chunk marked last,
        so a changed, swapped, reordered or cut-off part is refused while decrypting; the
        seal (the passphrase's key) shows the note was written by the backup, which writes
        it only after the check passed. What only the page check would find there is a
        container deliberately made by someone holding the passphrase and the database key,
        and even then SQLCipher refuses each damaged page when it is read (it checks every
        page's code at every read) and the old database stays kept aside. Checking page 1
        with the key still tells a wrong key or another room's database apart; the full
        check took 0.75 s of the 1.1 s restore of a 300 MB database."""
        source = _backup_file(backup)
        key = key if key is not None else self.key
        work = self._temp_dir(".restore-")
        target = database_path(work)
        checked_before = False
        try:
            if source.suffix == LOCAL_SUFFIX or is_plain_sqlite(source):
                _copy_file(source, target)  # a local backup: an encrypted snapshot
            else:
                if not passphrase and is_encrypted_file(source):
                    raise PackageError(_("This backup is encrypted: give its passphrase."))
                keyring = passphrase if isinstance(passphrase, Keyring) else Keyring(passphrase or "")
                # TamperedError when it is not one of ours
                with open(target, "wb") as out, SyncedAlong(out) as sink:
                    header = decrypt_file(source, keyring, sink)  # type: ignore[arg-type]
                checked_before = key is not None and _pages_checked_at_backup(
                    source, header.digest, keyring
                )
            if key is not None and is_plain_sqlite(target):
                _encrypt_in_place(target, key)  # a backup from before encryption
                checked_before = False
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="restore") as helper:
                synced = helper.submit(_fsync_file, target)  # written out while it is checked
                revision = check_database_file(target, key, every_page=not checked_before)
                synced.result()
        except BaseException:
            remove_tree_quietly(work)
            raise
        return RestoreCandidate(work, source, revision, key, checked_before)

    def restore(
        self,
        actor: Principal,
        backup: Path | RestoreCandidate,
        passphrase: str | None = None,
    ) -> RestoreResult:
        """Replace the live database with a checked backup; see the module docstring."""
        if self.db is not None:
            require(self.db, actor, Permission.MANAGE_SETTINGS, "backup")
        elif not actor.can(Permission.MANAGE_SETTINGS):
            raise PermissionDeniedError(_("Only an administrator may restore a backup."))
        candidate = (
            backup
            if isinstance(backup, RestoreCandidate)
            else self.prepare_restore(backup, passphrase)
        )
        try:
            return self._swap_in(actor, candidate)
        finally:
            candidate.discard()

    def _swap_in(self, actor: Principal, candidate: RestoreCandidate) -> RestoreResult:
        if self.db is not None:
            self.db.close()
        live = self.live_path
        stamp = self.now().astimezone().strftime(_STAMP)
        aside = self._keep_aside(live, stamp)
        _checkpoint(candidate.path, candidate.key)
        os.chmod(candidate.path, 0o600)
        _fsync_file(candidate.path)
        for suffix in ("-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                live.with_name(live.name + suffix).unlink()
        # The candidate is in a folder inside the data folder: moved in, not copied.
        os.replace(candidate.path, live)
        fsync_dir(self.data_dir)
        try:
            restored = Database.open(self.data_dir, candidate.key)  # migrates an older backup
        except BaseException:
            self._put_back(aside, live)
            raise
        self._install_key_file(candidate)
        try:
            self._audit(
                restored,
                actor,
                AuditAction.RESTORE_BACKUP,
                candidate.source.name[:64],
                {
                    "backup": str(candidate.source),
                    "kept_aside": aside.name if aside else None,
                    "schema_of_backup": candidate.revision,
                    "schema_now": migrate.HEAD,
                    "pages_checked": "at backup" if candidate.pages_checked_at_backup else "now",
                },
            )
        finally:
            restored.close()
        return RestoreResult(candidate.source, aside, candidate.revision, migrate.HEAD)

    def _keep_aside(self, live: Path, stamp: str) -> Path | None:
        """Keep the current database (and an uncheckpointed WAL) as `...before-restore-TIME`:
        a second name for the same file (a hard link; a copy where links are not possible),
        so the live name is never missing and nothing is copied."""
        if not live.exists():
            return None
        _checkpoint(live, self.key)
        aside = live.with_name(f"{live.name}.before-restore-{stamp}")
        _fsync_file(live)
        _link_or_copy(live, aside)
        wal = live.with_name(live.name + "-wal")
        if wal.exists() and wal.stat().st_size:
            shutil.copyfile(wal, aside.with_name(aside.name + "-wal"))
        return aside

    def _install_key_file(self, candidate: RestoreCandidate) -> None:
        """A backup with another database key (another PC's, or a new installation's) brings
        its key file: the passwords of its time open it. Without one, the recovery key does."""
        key = candidate.key
        if key is None:
            return
        try:
            current = KeySlots.load(self.data_dir)
        except StationDeskError:
            current = None
        if current is not None and current.owns(key):
            return
        if candidate.key_file is not None:
            try:
                slots = KeySlots.load(candidate.key_file.parent)
            except StationDeskError:
                slots = None
            if slots is not None and slots.owns(key):
                aside = KeySlots.path(self.data_dir)
                if aside.exists():
                    os.replace(aside, aside.with_name(aside.name + ".before-restore"))
                slots.save(self.data_dir)

    def _put_back(self, aside: Path | None, live: Path) -> None:
        if aside is None:
            with contextlib.suppress(FileNotFoundError):
                live.unlink()
            return
        for suffix in ("-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                live.with_name(live.name + suffix).unlink()
        staged = live.with_name(live.name + ".restoring")
        with contextlib.suppress(FileNotFoundError):
            staged.unlink()
        _link_or_copy(aside, staged)
        os.replace(staged, live)
        wal = aside.with_name(aside.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, live.with_name(live.name + "-wal"))

    # -- helpers -------------------------------------------------------------------------
    def _open_db(self) -> Database:
        if self.db is None:
            raise StorageError(_("The database is not open."))
        return self.db

    @staticmethod
    def _audit(
        db: Database,
        actor: Principal,
        action: AuditAction,
        record_id: str,
        details: dict[str, object],
    ) -> None:
        with db.session(actor) as session:
            audit_trail.append(session, action, "backup", record_id[:64], details)


def _backups_in(place: Path) -> list[BackupInfo]:
    found: list[BackupInfo] = []
    for entry in entries_of(place):
        match = _LOCAL_NAME.match(entry.name) or _STICK_NAME.match(entry.name)
        if match is None or not entry.is_file():
            continue
        created = datetime.strptime(match.group(1), _STAMP)
        found.append(
            BackupInfo(entry, created, entry.stat().st_size, entry.suffix == BACKUP_SUFFIX)
        )
    return found


def _newest_per(
    backups: list[BackupInfo], bucket: Callable[[datetime], object], count: int
) -> set[Path]:
    """The newest backup of each of the `count` most recent buckets (days or weeks)."""
    chosen: dict[object, BackupInfo] = {}
    for info in backups:  # newest first
        key = bucket(info.created_at)
        if key not in chosen and len(chosen) < count:
            chosen[key] = info
    return {info.path for info in chosen.values()}
