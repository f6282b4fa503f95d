"""The data folder made ready before anything opens in it (no SQLAlchemy: the sign-in window
needs it before the database opens)."""

from __future__ import annotations

import os
from pathlib import Path

from station_desk.errors import StorageError
from station_desk.i18n import _


def prepare_data_dir(data_dir: Path) -> None:
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(
            _("The data folder {path} cannot be created: {reason}").format(path=data_dir, reason=exc.strerror)
        ) from exc
    if not os.access(data_dir, os.W_OK):
        raise StorageError(
            _("The data folder {path} is read-only. Station Desk needs to write there.").format(path=data_dir)
        )
