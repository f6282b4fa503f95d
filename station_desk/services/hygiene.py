"""Leftovers of interrupted work (残留清理), removed at the next start.

A restore, a backup or an export killed part-way can leave a temporary folder (`.restore-…`,
`.backup-…`) or a half-written file in the data folder. They are encrypted copies now, but
they are records all the same and nobody will ever use them: they go at the next start,
before anything else opens the database. The copies an interrupted conversion leaves are
dealt with by `services/conversion.py`.
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

from station_desk.db.private_files import wipe
from station_desk.paths import DATABASE_FILENAME, backups_dir

TEMP_FOLDER_PREFIXES = (".restore-", ".backup-", ".export-")
LEFTOVER_FILES = (f"{DATABASE_FILENAME}.restoring", f"{DATABASE_FILENAME}.new")


def clean_leftovers(data_dir: Path) -> list[Path]:
    """Remove the leftovers of interrupted work in `data_dir`; returns what was removed."""
    removed: list[Path] = []
    if not data_dir.is_dir():
        return removed
    for entry in data_dir.iterdir():
        if entry.is_dir() and entry.name.startswith(TEMP_FOLDER_PREFIXES):
            for file in entry.rglob("*"):
                if file.is_file():
                    wipe(file)
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
        elif entry.name in LEFTOVER_FILES or entry.name.startswith(
            tuple(f"{name}-" for name in LEFTOVER_FILES)
        ):
            wipe(entry)
            removed.append(entry)
    folder = backups_dir(data_dir)
    if folder.is_dir():
        for partial in folder.glob("*.partial"):
            with contextlib.suppress(OSError):
                wipe(partial)
                removed.append(partial)
    return removed
