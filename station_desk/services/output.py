"""The one way a document is saved to a file (保存), audited — for the window's preview and
`station-desk print` alike (the window itself writes no file).

`save_document()` builds nothing: it takes the bytes a `DocumentKind` built and writes them in
one defined order:

1. the bytes into a new temporary file next to the target (created 0600), flushed and synced;
2. the audit entry of the output (`kind.audit(..., "save", target)`), which also checks the
   user's permission, the access to a sealed record and its stated purpose;
3. the rename over the target, and the folder synced.

A refusal or a failure before step 3 removes the temporary file: no partial file is left, and
no file appears without its audit entry.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from station_desk.documents import DocumentKind, Request
from station_desk.domain.accounts import Principal
from station_desk.errors import StorageError, ValidationError
from station_desk.files import fsync_dir
from station_desk.i18n import _
from station_desk.services.container import Services


def save_document(
    services: Services,
    user: Principal,
    kind: DocumentKind,
    request: Request,
    data: bytes,
    path: Path,
) -> Path:
    """Write the document `data` (built for `request`) to `path` and audit it; the path
    written."""
    return save_file(
        path, data, lambda target: kind.audit(services, user, request, "save", target)
    )


def save_file(path: Path, data: bytes, audit: Callable[[str], object]) -> Path:
    """Write `data` to `path` in the order above; `audit(target)` records the output."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise ValidationError(
            "path", _("{path} is a folder; choose a file name.").format(path=target)
        )
    try:
        temporary = _write_temporary(target, data)
    except OSError as exc:
        raise _storage_error(target, exc) from exc
    try:
        audit(str(target.resolve()))
        os.replace(temporary, target)
        fsync_dir(target.parent)
    except OSError as exc:
        _discard(temporary)
        raise _storage_error(target, exc) from exc
    except BaseException:
        _discard(temporary)
        raise
    return target


def _write_temporary(target: Path, data: bytes) -> Path:
    """`data` in a new file next to `target` (mode 0600), flushed to the disk."""
    handle, name = tempfile.mkstemp(prefix=".station-desk-", suffix=".tmp", dir=target.parent)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
    except BaseException:
        _discard(temporary)
        raise
    return temporary


def _discard(temporary: Path) -> None:
    with contextlib.suppress(OSError):
        temporary.unlink()


def _storage_error(target: Path, exc: OSError) -> StorageError:
    return StorageError(
        _("The file {path} could not be written: {reason}").format(
            path=target, reason=exc.strerror or exc
        )
    )
