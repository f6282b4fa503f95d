"""Encrypting a database from before encryption (加密转换), at the first start after the
upgrade, with an administrator's password.

The steps, each safe to interrupt (`resume_interrupted()` runs at every start):
1. The administrator's password is checked against the plain database's Argon2id hash.
2. A recovery key is made and the database key derived from it; `sqlcipher_export` copies the
   plain database into `station_desk.sqlite3.encrypting`, which is checked (integrity, same
   row count in every table), migrated, and gets an audit entry for the conversion. Killed
   here: the plain database is untouched and the next start begins again.
3. The key file with the administrator's slot is written.
4. The swap: the plain file becomes `station_desk.sqlite3.plain`, the encrypted copy takes its
   name. Killed between the two renames: the next start finishes the swap (the key file
   exists, so the copy was verified) or, without a key file, puts the plain file back.
5. The plain file (and its WAL/SHM) is overwritten and removed; plain local backups are
   encrypted in place. Killed here: the next start removes what is left.

The audit chain: entries from before keep their plain SHA-256 links (still verifiable);
migration 0006 keys the chain from the next entry on, and the first keyed entry is the
"database encrypted" entry, which covers the last plain hash (see `domain/audit.py`).
Other accounts have no key slot yet: the administrator gives each a new password.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from station_desk.db.engine import connect, is_plain_sqlite
from station_desk.db.keyslots import KeySlots, key_from_recovery
from station_desk.db.private_files import fsync_folder, wipe
from station_desk.domain.clock import utcnow
from station_desk.domain.roles import Role
from station_desk.errors import PermissionDeniedError, StorageError
from station_desk.i18n import _
from station_desk.paths import backups_dir, database_path

if TYPE_CHECKING:
    from station_desk.domain.accounts import Principal
    from station_desk.services.container import Services

# `resume_interrupted()` runs at every start, before the sign-in window: the database layers
# (SQLAlchemy, the services), the audit entries and the recovery key (with OpenSSL's hashes)
# are imported by the steps that use them, not with this module.

ENCRYPTING_SUFFIX = ".encrypting"
PLAIN_SUFFIX = ".plain"
SIDECARS = ("-wal", "-shm", "-journal")
SPACE_MARGIN = 1.2


def interruption_point(step: str) -> None:
    """Called between the steps; the interruption tests kill the process here."""


@dataclass(frozen=True)
class Converted:
    """The encrypted database, signed in; the recovery key is shown once."""

    services: Services
    principal: Principal
    recovery_key: str
    accounts_without_slot: tuple[str, ...]


def _encrypting(data_dir: Path) -> Path:
    live = database_path(data_dir)
    return live.with_name(live.name + ENCRYPTING_SUFFIX)


def _plain_kept(data_dir: Path) -> Path:
    live = database_path(data_dir)
    return live.with_name(live.name + PLAIN_SUFFIX)


def _with_sidecars(path: Path) -> list[Path]:
    return [path, *(path.with_name(path.name + suffix) for suffix in SIDECARS)]


def resume_interrupted(data_dir: Path) -> None:
    """Finish or undo what an interrupted conversion left (see the module docstring)."""
    live, copy, kept = database_path(data_dir), _encrypting(data_dir), _plain_kept(data_dir)
    if not live.exists() and kept.exists():
        if copy.exists() and KeySlots.path(data_dir).exists() and not is_plain_sqlite(copy):
            os.replace(copy, live)
        else:
            os.replace(kept, live)
        fsync_folder(data_dir)
    if live.exists() and not is_plain_sqlite(live):
        for path in _with_sidecars(kept):
            wipe(path)
    for path in _with_sidecars(copy):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    _finish_backup_encryption(data_dir)


def _finish_backup_encryption(data_dir: Path) -> None:
    """An encrypted backup copy whose plain original was already wiped takes its name."""
    for copy in backups_dir(data_dir).glob(f"*{ENCRYPTING_SUFFIX}"):
        original = copy.with_name(copy.name.removesuffix(ENCRYPTING_SUFFIX))
        if original.exists() or is_plain_sqlite(copy):
            copy.unlink(missing_ok=True)
        else:
            os.replace(copy, original)


# -- 1. the administrator ----------------------------------------------------------------------


def _check_admin(data_dir: Path, username: str, password: str, now: datetime) -> tuple[str, str]:
    """(user id, display name) of the active administrator whose password this is."""
    from station_desk.services.accounts import password_matches
    from station_desk.services.signin import checked_password

    path = database_path(data_dir)
    with closing(connect(path, None, read_only=True)) as raw:
        row = raw.execute(
            "SELECT id, password_hash, role, active, display_name FROM users WHERE username = ?",
            (username,),
        ).fetchone()

    def matches() -> bool | None:
        return True if row is not None and bool(row[3]) and password_matches(row[1], password) else None

    checked_password(data_dir, username, matches, now)
    if row[2] != Role.ADMIN.value:
        raise PermissionDeniedError(
            _("The database must first be encrypted: an administrator has to sign in once.")
        )
    return str(row[0]), str(row[4])


# -- 2. the encrypted copy ---------------------------------------------------------------------


def _check_space(data_dir: Path) -> None:
    needed = sum(p.stat().st_size for p in _with_sidecars(database_path(data_dir)) if p.exists())
    free = shutil.disk_usage(data_dir).free
    if free < needed * SPACE_MARGIN:
        raise StorageError(
            _(
                "Not enough free disk space to encrypt the database: it needs about {need} MB, "
                "{free} MB are free. Free some space and sign in again; nothing was changed."
            ).format(need=int(needed * SPACE_MARGIN) // 2**20 + 1, free=free // 2**20)
        )


def _table_counts(path: Path, key: bytes | None) -> dict[str, int]:
    with closing(connect(path, key, read_only=key is None)) as raw:
        names = [r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: raw.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def _verify_copy(plain: Path, copy: Path, key: bytes) -> None:
    from station_desk.db.database import inspect_file

    inspect_file(copy, key)
    if _table_counts(plain, None) != _table_counts(copy, key):
        raise StorageError(
            _("The encrypted copy does not match the database; nothing was changed.")
        )


def _seal_copy(copy: Path, key: bytes, admin: Principal, plain_entries: int) -> None:
    """Migrate the copy and record the conversion in its audit trail."""
    from station_desk.db import audit_trail
    from station_desk.db.database import Database
    from station_desk.domain.audit import AuditAction

    db = Database.open_file(copy, key)
    try:
        with db.session(admin) as session:
            chain = audit_trail.read_chain_key(session)
            audit_trail.append(
                session,
                AuditAction.ENCRYPTED,
                "database",
                details={
                    "plain_entries": plain_entries,
                    "chain_keyed_from": chain.keyed_from if chain else None,
                },
            )
    finally:
        db.close()


# -- the whole conversion ----------------------------------------------------------------------


def convert(
    data_dir: Path, username: str, password: str, now: Callable[[], datetime] = utcnow
) -> Converted:
    """Encrypt the plain database of `data_dir`; see the module docstring."""
    from station_desk.db.cipher_copy import export_encrypted
    from station_desk.db.database import inspect_file
    from station_desk.domain import recovery_key
    from station_desk.domain.accounts import Principal

    live = database_path(data_dir)
    name = username.strip()
    inspect_file(live, None)
    interruption_point("start")
    user_id, display_name = _check_admin(data_dir, name, password, now())
    admin = Principal(user_id, name, display_name, Role.ADMIN)
    _checkpoint_plain(live)
    _check_space(data_dir)
    text = recovery_key.generate()
    key = key_from_recovery(recovery_key.parse(text))
    copy = _encrypting(data_dir)
    for path in _with_sidecars(copy):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    export_encrypted(live, copy, key)
    interruption_point("exported")
    _verify_copy(live, copy, key)
    plain_entries = _table_counts(live, None).get("audit_log", 0)
    _seal_copy(copy, key, admin, plain_entries)
    interruption_point("sealed")
    _write_key_file(data_dir, copy, key, admin, password)
    interruption_point("key_file")
    _swap(data_dir, live, copy)
    interruption_point("swapped")
    for path in _with_sidecars(_plain_kept(data_dir)):
        wipe(path)
    encrypt_plain_backups(data_dir, key)
    interruption_point("cleaned")
    return _open_signed_in(data_dir, key, name, text)


def _checkpoint_plain(live: Path) -> None:
    """Fold the plain WAL into the file, so the swap moves one file."""
    with closing(connect(live, None)) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _write_key_file(data_dir: Path, copy: Path, key: bytes, admin: Principal, password: str) -> None:
    from station_desk.db.database import Database
    from station_desk.services.settings import read_settings

    db = Database.open_file(copy, key)
    try:
        with db.session() as session:
            settings = read_settings(session)
    finally:
        db.close()
    slots = KeySlots.create(key, settings.room_name, settings.station_name, settings.language)
    slots.with_password(key, admin.username, admin.user_id, password).save(data_dir)


def _swap(data_dir: Path, live: Path, copy: Path) -> None:
    kept = _plain_kept(data_dir)
    for source, target in zip(_with_sidecars(live), _with_sidecars(kept), strict=True):
        if source.exists():
            os.replace(source, target)
    interruption_point("between_renames")
    os.replace(copy, live)
    fsync_folder(data_dir)


def _open_signed_in(data_dir: Path, key: bytes, username: str, text: str) -> Converted:
    from station_desk.db.database import Database
    from station_desk.services.container import Services

    services = Services.for_database(Database.open(data_dir, key))
    try:
        services.db.write_witness_now()
        principal = services.accounts.sign_in_verified(username)
        slots = KeySlots.load(data_dir)
        others = tuple(
            account.username
            for account in services.accounts.list_accounts(principal)
            if account.active and slots is not None and not slots.has_slot(account.username)
        )
    except BaseException:
        services.close()
        raise
    return Converted(services, principal, text, others)


def encrypt_plain_backups(data_dir: Path, key: bytes) -> list[Path]:
    """Encrypt, in place, every plain database copy the program keeps in the data folder
    (local backups, copies kept aside by a restore); returns them."""
    from station_desk.db.cipher_copy import export_encrypted

    live = database_path(data_dir)
    candidates = [*backups_dir(data_dir).glob("*.sqlite3"), *data_dir.glob(f"{live.name}.before-restore-*")]
    done = []
    for path in candidates:
        if not path.is_file() or not is_plain_sqlite(path):
            continue
        target = path.with_name(path.name + ENCRYPTING_SUFFIX)
        export_encrypted(path, target, key)
        wipe(path)  # overwritten, then the encrypted copy takes its name
        os.replace(target, path)
        fsync_folder(path.parent)
        done.append(path)
    return done

