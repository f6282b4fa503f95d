"""Where things live: bundled resources (source tree or PyInstaller bundle) and user data."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "StationDesk"
APP_AUTHOR = "StationDesk"
DATABASE_FILENAME = "station_desk.sqlite3"


def resources_dir() -> Path:
    """The `resources/` folder: inside the one-folder build when frozen, else the source tree."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def translations_dir() -> Path:
    return resources_dir() / "translations"


def calendar_dir() -> Path:
    """The official holiday calendar as shipped (`cn-public-holidays.json`)."""
    return resources_dir() / "calendar"


def default_data_dir() -> Path:
    """The per-user data directory (platformdirs), unless STATION_DESK_DATA_DIR overrides it."""
    override = os.environ.get("STATION_DESK_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, APP_AUTHOR, roaming=True))


def database_path(data_dir: Path) -> Path:
    return data_dir / DATABASE_FILENAME


def backups_dir(data_dir: Path) -> Path:
    return data_dir / "backups"


def file_starts_with(path: Path, magic: bytes) -> bool:
    """Whether the file at `path` starts with the bytes `magic` (False when it cannot be read)."""
    try:
        with open(path, "rb") as file:
            return file.read(len(magic)) == magic
    except OSError:
        return False
