"""Backup files by name (备份文件): the suffixes of a backup on a stick and of a local one,
and the backup file a path names. No database code: the command line finds the file and asks
for its passphrase before the database layers are loaded (`station-desk restore`)."""

from __future__ import annotations

from pathlib import Path

from station_desk.errors import StorageError
from station_desk.i18n import _

BACKUP_SUFFIX = ".sdbackup"
LOCAL_SUFFIX = ".sqlite3"


def backup_file(path: Path) -> Path:
    """The backup file itself, given the file or a backup folder holding exactly one."""
    if path.is_dir():
        files = sorted(path.glob(f"*{BACKUP_SUFFIX}")) + sorted(path.glob(f"*{LOCAL_SUFFIX}"))
        if len(files) != 1:
            raise StorageError(_("{path} does not hold exactly one backup file.").format(path=path))
        return files[0]
    if not path.is_file():
        raise StorageError(_("The backup {path} does not exist.").format(path=path))
    return path
