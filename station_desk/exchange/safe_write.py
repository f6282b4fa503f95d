"""Safe writing to a USB stick (安全写入): nothing that looks complete unless it is.

`safe_write(folder, name, produce)` lets `produce` write into `name.partial`, flushes and
fsyncs it, renames it to `name`, fsyncs the folder (where the system allows), then reads the
file back (after asking the system to drop its cached pages, so the read goes to the stick
where it can) and compares its SHA-256 with what was meant. Any failure removes what it can of
the file and raises a `TargetError` that says what happened: the stick is full, read-only or
gone, or the file is too big for FAT32. Leftovers that could not be removed (a stick pulled
out) keep the `.partial` name and are removed by `clean_leftovers()` at the next export.

FAT32 rules: names lose `\\/:*?"<>|` and control characters, trailing dots and spaces, and
are at most 255 UTF-16 units including the `.partial` suffix; a file holds at most 4 GiB − 1
bytes (a larger one is refused before it fills the stick).

Tests inject faults through `opener` (a function that opens the partial file for writing).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from station_desk.errors import StationDeskError, StorageError
from station_desk.i18n import _

PARTIAL_SUFFIX = ".partial"
MAX_FAT32_FILE_SIZE = 4 * 1024**3 - 1
MAX_NAME_UNITS = 255
READ_BLOCK = 1024 * 1024
_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$", re.IGNORECASE)
_EXPORT_DIR_PARTIAL = re.compile(r".+_\d{8}_\d{4,6}(_\d+)?\.partial$")

Opener = Callable[[Path], BinaryIO]


class OperationCancelled(StationDeskError):
    """The user cancelled; what was written so far has been removed."""


class TargetError(StorageError):
    """Writing to the target folder failed; nothing there looks complete."""


class TargetFullError(TargetError):
    """The stick or folder is full."""


class TargetReadOnlyError(TargetError):
    """The stick is write-protected, mounted read-only or the folder may not be written."""


class TargetGoneError(TargetError):
    """The folder vanished (stick pulled out) or the device failed."""


class FileTooLargeError(TargetError):
    """The file would exceed the FAT32 limit of 4 GiB − 1 bytes."""


class ReadBackError(TargetError):
    """The file read back from the target differs from what was written."""


@dataclass(frozen=True)
class WrittenFile:
    """A file written and read back: its final path, size and SHA-256 (hex)."""

    path: Path
    size: int
    sha256: str

    @property
    def name(self) -> str:
        return self.path.name


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def safe_name(name: str, max_units: int = MAX_NAME_UNITS - len(PARTIAL_SUFFIX)) -> str:
    """`name` made safe for FAT32 and Windows, keeping its extension when it must be shortened."""
    cleaned = _FORBIDDEN.sub("_", name).strip().rstrip(". ")
    if not cleaned or cleaned in (".", ".."):
        cleaned = "_"
    if _RESERVED.match(cleaned):
        cleaned = "_" + cleaned
    if utf16_units(cleaned) <= max_units:
        return cleaned
    stem, dot, ext = cleaned.rpartition(".")
    if not dot or utf16_units(ext) > 16:
        stem, ext = cleaned, ""
    suffix = f".{ext}" if ext else ""
    room = max_units - utf16_units(suffix)
    while utf16_units(stem) > room:
        stem = stem[:-1]
    return (stem.rstrip(". ") or "_") + suffix


# -- errors -------------------------------------------------------------------------------

_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}
_GONE = {errno.ENOENT, errno.ENODEV, errno.ENXIO, errno.EIO, errno.ENOTDIR, errno.EBADF}
_WINDOWS_GONE = {21, 3, 15, 1167}  # not ready, path not found, invalid drive, device gone


def target_error(exc: OSError, name: str, where: Path) -> TargetError:
    """The user-facing error for an OSError while writing `name` into `where`."""
    code = exc.errno
    if code in _FULL:
        return TargetFullError(
            _(
                "{where} is full: {name} could not be written completely. Free some space or "
                "use another stick."
            ).format(where=where, name=name)
        )
    if code in _READ_ONLY:
        return TargetReadOnlyError(
            _(
                "{where} cannot be written (read-only or write-protected stick, or no "
                "permission): {name} was not written."
            ).format(where=where, name=name)
        )
    if code == errno.EFBIG:
        return FileTooLargeError(_too_large_message(name))
    if code in _GONE or getattr(exc, "winerror", None) in _WINDOWS_GONE:
        return TargetGoneError(
            _(
                "{where} disappeared or failed while {name} was written (was the USB stick "
                "removed?). Nothing there is complete."
            ).format(where=where, name=name)
        )
    return TargetError(
        _("Writing {name} to {where} failed: {reason}").format(
            name=name, where=where, reason=exc.strerror or exc
        )
    )


def _too_large_message(name: str) -> str:
    return _(
        "{name} would be larger than 4 GiB, which a FAT32 USB stick cannot hold. Use a stick "
        "formatted as exFAT or NTFS, or a folder on a disk."
    ).format(name=name)


# -- writing ------------------------------------------------------------------------------


class _MeteredFile:
    """What `produce` writes into: counts, hashes and limits the bytes, checks cancellation."""

    def __init__(
        self,
        handle: BinaryIO,
        name: str,
        max_size: int,
        cancelled: Callable[[], bool] | None,
        on_bytes: Callable[[int], None] | None,
    ) -> None:
        self._handle = handle
        self._name = name
        self._max = max_size
        self._cancelled = cancelled
        self._on_bytes = on_bytes
        self.size = 0
        self.hash = hashlib.sha256()

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        if self.size + len(view) > self._max:
            raise FileTooLargeError(_too_large_message(self._name))
        if self._cancelled is not None and self._cancelled():
            raise OperationCancelled(_("Cancelled; nothing was left on the target."))
        self._handle.write(view)
        self.hash.update(view)
        self.size += len(view)
        if self._on_bytes is not None:
            self._on_bytes(self.size)
        return len(view)

    def flush(self) -> None:
        self._handle.flush()

    def writable(self) -> bool:
        return True

    @property
    def closed(self) -> bool:
        return False


def default_opener(path: Path) -> BinaryIO:
    """A new file only its owner can read (0600): documents and registers hold records."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    return os.fdopen(os.open(path, flags, 0o600), "wb")


def safe_write(
    folder: Path,
    name: str,
    produce: Callable[[BinaryIO], None],
    *,
    opener: Opener = default_opener,
    max_size: int = MAX_FAT32_FILE_SIZE,
    cancelled: Callable[[], bool] | None = None,
    on_bytes: Callable[[int], None] | None = None,
) -> WrittenFile:
    """Write `folder/name` through a `.partial` file; see the module docstring.

    `name` must already be safe (`safe_name()`); raises TargetError, OperationCancelled, or
    whatever `produce` raises — always after removing the partial file where it can.
    """
    final = folder / name
    partial = folder / (name + PARTIAL_SUFFIX)
    try:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        handle = opener(partial)
    except OSError as exc:
        raise target_error(exc, name, folder) from exc
    try:
        metered = _MeteredFile(handle, name, max_size, cancelled, on_bytes)
        with handle:
            produce(metered)  # type: ignore[arg-type]  # a file-like object
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, final)
        fsync_dir(folder)
        expected = metered.hash.hexdigest()
    except OSError as exc:
        _remove_quietly(partial)
        raise target_error(exc, name, folder) from exc
    except BaseException:
        _remove_quietly(partial)
        raise
    return WrittenFile(final, metered.size, _read_back(final, expected, folder))


def write_bytes(folder: Path, name: str, data: bytes, **options: Any) -> WrittenFile:
    """`safe_write()` of bytes already in memory."""
    return safe_write(folder, name, lambda out: _write_all(out, data), **options)


def _write_all(out: BinaryIO, data: bytes) -> None:
    view = memoryview(data)
    for start in range(0, len(view), READ_BLOCK):
        out.write(view[start : start + READ_BLOCK])


def _read_back(path: Path, expected: str, folder: Path) -> str:
    try:
        drop_cache(path)
        actual = sha256_file(path)
    except OSError as exc:
        _remove_quietly(path)
        raise target_error(exc, path.name, folder) from exc
    if actual != expected:
        _remove_quietly(path)
        raise ReadBackError(
            _(
                "{name} read back from {where} differs from what was written; the stick may be "
                "failing. The file was removed."
            ).format(name=path.name, where=folder)
        )
    return actual


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while block := file.read(READ_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def drop_cache(path: Path) -> None:
    """Ask the system to forget the file's cached pages, so a read goes to the device (Linux)."""
    advise = getattr(os, "posix_fadvise", None)
    if advise is None:
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        with contextlib.suppress(OSError):
            advise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable; a no-op where folders cannot be opened (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.EBADF, errno.EACCES):
            raise
    finally:
        os.close(fd)


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


# -- folders ------------------------------------------------------------------------------


def make_partial_dir(parent: Path, name: str) -> Path:
    """Create `parent/name.partial` for an export; TargetError when the target cannot take it."""
    path = parent / (name + PARTIAL_SUFFIX)
    try:
        if not parent.is_dir():
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(parent))
        path.mkdir()
    except OSError as exc:
        raise target_error(exc, name, parent) from exc
    return path


def finish_dir(partial_dir: Path, final_name: str) -> Path:
    """Rename a finished `*.partial` folder to its final name and make the rename durable."""
    final = partial_dir.parent / final_name
    try:
        os.replace(partial_dir, final)
        fsync_dir(partial_dir.parent)
    except OSError as exc:
        raise target_error(exc, final_name, partial_dir.parent) from exc
    return final


def remove_tree_quietly(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def clean_leftovers(target: Path) -> list[Path]:
    """Remove what failed runs left in `target`: `*.partial` files, and export folders named
    `…_YYYYMMDD_HHMM.partial`. Returns what was removed; what cannot be removed is kept."""
    removed: list[Path] = []
    try:
        entries = list(target.iterdir())
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.endswith(PARTIAL_SUFFIX):
            continue
        try:
            if entry.is_dir() and not entry.is_symlink():
                if _EXPORT_DIR_PARTIAL.match(entry.name):
                    shutil.rmtree(entry)
                    removed.append(entry)
            else:
                entry.unlink()
                removed.append(entry)
        except OSError:
            continue
    return removed
