"""Why a database could not be opened or read: the disk, the folder, or the file itself?

SQLite reports a full disk, a read-only folder or a file it may not read with the same few
words it uses for real damage ("disk I/O error", "unable to open database file", "attempt to
write a readonly database"). Advising a restore for a healthy file on a full stick would be
wrong and harmful, so `open_failure` looks at the file system as well as at the message and
names the cause; only when none of these applies is the file taken to be damaged.

`read_only_uri` opens a file for reading only; on read-only media (a write-protected stick, a
CD, a read-only folder) it adds `immutable=1`, so SQLite does not try to create the `-shm`
file that a WAL database otherwise needs, and `station-desk check` works there.
"""

from __future__ import annotations

import os
from pathlib import Path

from station_desk.errors import StorageError
from station_desk.i18n import _

MIN_FREE_BYTES = 1 << 20  # below this the disk is taken to be full
_DAMAGE_WORDS = ("malformed", "not a database", "corrupt")  # what SQLite says of real damage


def open_failure(exc: BaseException, path: Path) -> StorageError | None:
    """The StorageError that explains why the database at `path` failed to open or read,
    or None when neither the disk nor the permissions explain it (the file is damaged)."""
    text = str(exc).lower()
    folder = path.parent
    if path.exists() and not os.access(path, os.R_OK):
        return StorageError(
            _("Station Desk may not read {path} (missing permission). Ask the administrator of "
              "this computer to give your account access; the database was not changed.").format(path=path)
        )
    if any(word in text for word in _DAMAGE_WORDS):
        return None
    mounted_read_only = _mounted_read_only(folder)
    if not mounted_read_only and ("disk is full" in text or "no space" in text or _free_bytes(folder) < MIN_FREE_BYTES):
        return StorageError(
            _("The disk holding {path} is full. Free some space and start again; the database "
              "was not changed.").format(path=folder)
        )
    if mounted_read_only or is_read_only(folder) or "readonly" in text or "read-only" in text:
        return StorageError(
            _("The folder {path} is read-only (a write-protected disk or a folder without write "
              "permission). Station Desk needs to write there; the database was not changed.").format(
                path=folder
            )
        )
    if "unable to open" in text:
        return StorageError(
            _("The database file {path} cannot be opened (missing, or no permission).").format(path=path)
        )
    if "disk i/o error" in text:
        return StorageError(
            _("The disk reported a read/write error while reading {path}. Check the disk or the "
              "cable; the database was not changed.").format(path=path)
        )
    return None


def is_read_only(folder: Path) -> bool:
    """True when nothing can be written in `folder` (read-only mount or no write permission)."""
    return _mounted_read_only(folder) or (folder.exists() and not os.access(folder, os.W_OK))


def _mounted_read_only(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # AttributeError: no statvfs on Windows
        return False


def read_only_uri(path: Path) -> str:
    """A `file:` URI opening `path` for reading only (immutable on read-only media)."""
    uri = f"{path.resolve().as_uri()}?mode=ro"  # as_uri escapes '?', '#', '%' and spaces
    return uri + "&immutable=1" if is_read_only(path.parent) else uri


def _free_bytes(folder: Path) -> int:
    try:
        stat = os.statvfs(folder)
    except (OSError, AttributeError):
        return MIN_FREE_BYTES
    return stat.f_bavail * stat.f_frsize
