"""Errors the program expects and can explain to the user.

"Known" errors carry a message for the user (already translated where it is shown); anything
else that escapes is a bug and goes to the crash dialog.
"""

from __future__ import annotations


class StationDeskError(Exception):
    """Base of every error the program raises on purpose; `str(e)` is fit for the user."""


class ValidationError(StationDeskError):
    """Bad input for one field; `field` names it so a form can show the message beside it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class RowError(ValidationError):
    """Bad input in one row of a list in a form: `section` names the list, `row` is 0-based."""

    def __init__(self, section: str, row: int, field: str, message: str) -> None:
        super().__init__(field, message)
        self.section = section
        self.row = row


class StorageError(StationDeskError):
    """A known storage problem: disk full, read-only, locked, missing folder."""


class DatabaseNewerError(StorageError):
    """The database was written by a newer version of the program; it is left untouched."""


class DatabaseCorruptError(StorageError):
    """The database file failed the integrity check or is not a database at all."""


class InstanceRunningError(StationDeskError):
    """Another Station Desk window already has this data directory open."""


class AuthenticationError(StationDeskError):
    """Wrong user name or password (deliberately not saying which)."""


class AccountLockedError(AuthenticationError):
    """Too many wrong passwords; the account is locked until `until`."""

    def __init__(self, message: str, until: object) -> None:
        super().__init__(message)
        self.until = until


class OperationCancelled(StationDeskError):
    """The user cancelled; what was written so far has been removed (nothing was made)."""


class PermissionDeniedError(StationDeskError):
    """The signed-in user's role does not allow the action (checked in the service layer)."""


class NotFoundError(StationDeskError):
    """The record asked for does not exist (or is deleted)."""


class WrongDatabaseKeyError(DatabaseCorruptError):
    """The database key does not open the database file (another room's key file, or damage:
    an encrypted file cannot tell the two apart)."""


class PlainDatabaseError(StorageError):
    """The database file is not encrypted yet (from before encryption): it must be converted."""
