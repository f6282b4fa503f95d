"""Opening a room's data folder (打开数据): which state it is in, the first-run key, signing in
before the database opens, and the recovery key.

The database key is needed before the database can be read, so signing in starts here: the
user name and password open that account's key slot (with the lockout of
`services/signin.py`), the key opens the database, and then the account is checked inside it
(role, active) and the sign-in audited (`AccountService.sign_in_verified`).

States of a data folder:
- NEW: no database yet. `open_new()` makes the recovery key, derives the database key from
  it, notes that key in `setup_pending.key` (the database is still empty) and creates the
  encrypted database; the setup wizard then calls `complete_setup`, which writes the key file
  and deletes the pending key. A setup that never finished is started again from nothing.
- PLAIN: a database from before encryption, converted by `services/conversion.py`.
- ENCRYPTED: sign in.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from station_desk.db.data_folder import prepare_data_dir
from station_desk.db.engine import is_plain_sqlite
from station_desk.db.keyslots import KeyFileError, KeySlots, key_from_recovery, key_id, pending_path
from station_desk.db.private_files import wipe, write_private
from station_desk.domain.clock import utcnow
from station_desk.errors import StationDeskError, WrongDatabaseKeyError
from station_desk.i18n import _
from station_desk.paths import database_path
from station_desk.services.conversion import encrypt_plain_backups, resume_interrupted

if TYPE_CHECKING:
    from station_desk.domain.accounts import Principal
    from station_desk.services.container import Services

# The sign-in window shows before the database opens, so this module is on the way to it:
# the database layers (SQLAlchemy, every service) are imported when the database opens, the
# recovery key's code (and with it OpenSSL's hashes, 3 ms) when a recovery key is made or read.


class FolderState(StrEnum):
    NEW = "new"
    PLAIN = "plain"
    ENCRYPTED = "encrypted"


@dataclass(frozen=True)
class RoomLabel:
    """The room's names and language, shown by the sign-in window before the database opens."""

    room_name: str
    station_name: str
    language: str


@dataclass(frozen=True)
class NewRoom:
    """A new, empty encrypted database and the recovery key its key comes from (shown once)."""

    services: Services
    recovery_key: str


class Vault:
    """The key side of one data folder."""

    def __init__(self, data_dir: Path, now: Callable[[], datetime] = utcnow) -> None:
        self.data_dir = data_dir
        self.now = now
        self.problems: list[str] = []  # integrity problems found at the last opening

    @property
    def database(self) -> Path:
        return database_path(self.data_dir)

    # -- state -----------------------------------------------------------------------------
    def state(self) -> FolderState:
        """The folder's state, after finishing what an interrupted run left (a conversion's
        renames, an unfinished first-run setup)."""
        resume_interrupted(self.data_dir)
        self._drop_unfinished_setup()
        path = self.database
        if not path.exists() or path.stat().st_size == 0:
            return FolderState.NEW
        if is_plain_sqlite(path):
            return FolderState.PLAIN
        return FolderState.ENCRYPTED

    def _drop_unfinished_setup(self) -> None:
        """A first-run setup that never finished leaves an empty database and its pending
        key: both go. When in doubt (the database cannot be read now) nothing is touched."""
        pending = pending_path(self.data_dir)
        if not pending.exists():
            return
        try:
            key = bytes.fromhex(pending.read_text(encoding="ascii").strip())
            set_up = self.database.exists() and self._set_up(key)
        except (OSError, ValueError, StationDeskError):
            return
        if not set_up:
            for path in (self.database, *_sidecars(self.database), KeySlots.path(self.data_dir)):
                wipe(path)
        pending.unlink(missing_ok=True)  # set up: only the clean-up was missed

    def _set_up(self, key: bytes) -> bool:
        services = self.open(key)
        try:
            return services.accounts.is_set_up()
        finally:
            services.close()

    def label(self) -> RoomLabel | None:
        try:
            slots = KeySlots.load(self.data_dir)
        except KeyFileError:
            return None
        if slots is None:
            return None
        return RoomLabel(slots.room_name, slots.station_name, slots.language)

    def slots(self) -> KeySlots:
        slots = KeySlots.load(self.data_dir)
        if slots is None:
            raise KeyFileError(
                _(
                    "The key file {path} is missing, so no password can open the database. "
                    "Copy it back from where the database came from, or sign in with the "
                    "recovery key."
                ).format(path=KeySlots.path(self.data_dir))
            )
        return slots

    # -- first run -------------------------------------------------------------------------
    def open_new(self) -> NewRoom:
        """A new encrypted database for the setup wizard (see the module docstring)."""
        from station_desk.domain import recovery_key

        prepare_data_dir(self.data_dir)
        text = recovery_key.generate()
        key = key_from_recovery(recovery_key.parse(text))
        write_private(pending_path(self.data_dir), key.hex().encode("ascii"))
        return NewRoom(self.open(key), text)

    # -- signing in ------------------------------------------------------------------------
    def unlock(self, username: str, password: str) -> bytes:
        """The database key from the account's slot; counts wrong passwords (lockout)."""
        from station_desk.services.signin import checked_password

        slots = self.slots()
        name = username.strip()
        return checked_password(
            self.data_dir, name, lambda: slots.unlock(name, password), self.now()
        )

    def open(self, key: bytes) -> Services:
        """Check, migrate and open the database with `key`."""
        from station_desk.db.database import Database
        from station_desk.services.container import Services

        return Services.for_database(Database.open(self.data_dir, key))

    def sign_in(self, username: str, password: str) -> tuple[Services, Principal]:
        """Unlock, open and sign in; the caller closes the services."""
        return self._signed_in(username, self.unlock(username, password))

    def sign_in_with_key(self, username: str, key: bytes) -> tuple[Services, Principal]:
        """Open with `key`, which the account's slot gave for its password, and sign in (no
        second Argon2id); refused, and the attempt counted, while the account is locked."""
        from station_desk.services.signin import checked_password

        checked_password(self.data_dir, username.strip(), lambda: key, self.now())
        return self._signed_in(username, key)

    def _signed_in(self, username: str, key: bytes) -> tuple[Services, Principal]:
        services = self.open_checked(key)
        try:
            self.after_opening(services, key)
            return services, services.accounts.sign_in_verified(username.strip())
        except BaseException:
            services.close()
            raise

    def after_opening(self, services: Services, key: bytes) -> list[str]:
        """Before the sign-in is recorded (which moves the witness on): the integrity checks
        of `services/integrity.py`, and plain copies left by an interrupted conversion
        encrypted. Returns the integrity problems found (already in the audit trail)."""
        from station_desk.services.integrity import check_at_sign_in

        problems = check_at_sign_in(services.db, self.data_dir)
        with contextlib.suppress(StationDeskError, OSError):
            encrypt_plain_backups(self.data_dir, key)
        self.problems = problems
        return problems

    def open_checked(self, key: bytes) -> Services:
        """`open()`, telling a foreign key file apart from a wrong key."""
        try:
            return self.open(key)
        except WrongDatabaseKeyError as exc:
            raise WrongDatabaseKeyError(
                _(
                    "The password opened the key file, but that key file belongs to another "
                    "database. Put back the key file that came with this database, or use the "
                    "recovery key. Nothing was changed."
                )
            ) from exc

    # -- recovery key ----------------------------------------------------------------------
    def recover(self, text: str) -> bytes:
        """The database key from a typed recovery key (a typo is named by its group)."""
        from station_desk.db.database import inspect_file
        from station_desk.domain import recovery_key

        key = key_from_recovery(recovery_key.parse(text))
        if self.database.exists() and not is_plain_sqlite(self.database):
            try:
                inspect_file(self.database, key)
            except WrongDatabaseKeyError as exc:
                raise WrongDatabaseKeyError(
                    _(
                        "This recovery key does not open the database: it belongs to another "
                        "database, or the database file is damaged. Nothing was changed."
                    )
                ) from exc
        return key

    def reset_with_recovery(
        self, text: str, username: str, new_password: str
    ) -> tuple[Services, Principal]:
        """Set a new password for an administrator with the recovery key (audited), writing
        a new key file if it was lost; signs that administrator in."""
        key = self.recover(text)
        services = self.open(key)
        try:
            self.after_opening(services, key)
            principal = services.accounts.reset_with_recovery(username.strip(), new_password)
            return services, principal
        except BaseException:
            services.close()
            raise


def _sidecars(path: Path) -> tuple[Path, ...]:
    return tuple(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal"))


def key_matches_file(slots: KeySlots, key: bytes) -> bool:
    return key_id(key) == slots.key_id


def recovery_sheet_pdf(recovery_text: str, label: RoomLabel, made_by: str, language: str) -> bytes:
    """The one-page recovery sheet (reports/recovery_sheet.py) as PDF bytes."""
    from station_desk.domain import recovery_key
    from station_desk.reports.base import DocumentContext
    from station_desk.reports.recovery_sheet import RecoverySheet

    context = DocumentContext(
        label.station_name, label.room_name, made_by, utcnow().astimezone(), language
    )
    return RecoverySheet(context, recovery_key.formatted(recovery_text)).generate()


def save_private_file(data: bytes, path: Path) -> Path:
    """Write a file only its owner can read (0600), atomically; returns where it is."""
    target = Path(path).expanduser()
    write_private(target, data)
    return target
