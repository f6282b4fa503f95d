"""Small files the program keeps beside the database, written so that a crash never leaves
half of one: a temporary file (mode 0600) in the same folder, flushed to the disk, renamed
over the old one, and the folder flushed too. Plus a best-effort secure removal.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from station_desk.files import fsync_dir

PRIVATE_MODE = 0o600
_WIPE_BLOCK = 1024 * 1024


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (a no-op where folders cannot be opened, Windows);
    best effort: a failing flush is not an error here."""
    with contextlib.suppress(OSError):
        fsync_dir(folder)


def write_private(path: Path, data: bytes) -> None:
    """Replace `path` with `data` atomically; the file is readable by its owner only."""
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    fsync_folder(path.parent)


def write_json(path: Path, content: dict[str, Any]) -> None:
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, indent=1)
    write_private(path, text.encode("utf-8"))


def read_json(path: Path) -> dict[str, Any] | None:
    """The JSON object in `path`, None when there is no such file; ValueError when damaged."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    content = json.loads(raw.decode("utf-8"))
    if not isinstance(content, dict):
        raise ValueError("not a JSON object")
    return content


def wipe(path: Path) -> None:
    """Overwrite a file with zeros, flush it and delete it (quietly if it is gone).

    On a flash disk the old blocks may survive the overwrite; the file it wipes is encrypted
    or about to be replaced by an encrypted copy, so this narrows the window, nothing more.
    """
    try:
        size = path.stat().st_size
        with open(path, "r+b") as file:
            zeros = bytes(_WIPE_BLOCK)
            done = 0
            while done < size:
                step = min(_WIPE_BLOCK, size - done)
                file.write(zeros[:step])
                done += step
            file.flush()
            os.fsync(file.fileno())
    except FileNotFoundError:
        return
    except OSError:
        pass  # read-only or busy: still try to remove it
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
