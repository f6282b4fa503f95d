"""Safe writing to a USB stick (安全写入): nothing that looks complete unless it is.

`safe_write(folder, name, produce)` lets `produce` write into `name.partial` and reads it
back while it is written (`_ReadBack`): every `SYNC_SEGMENT` bytes are synced to the device,
their cached pages dropped (so the read goes to the stick where the system allows), read back
and compared byte for byte with what was written. At the end the file is fsynced, its last
part read back the same way, renamed to `name` and the folder fsynced (where the system
allows); its SHA-256 (for the manifest) is computed once, from what was written — the bytes
on the device were found equal to them. Any failure removes what it can of the file and
raises a `TargetError` that says what happened: the stick is full, read-only or gone, the
file is too big for FAT32, or what was read back differs. Leftovers that could not be removed (a stick pulled
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
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, NoReturn

from station_desk.errors import OperationCancelled, StorageError
from station_desk.files import fsync_dir
from station_desk.i18n import _

PARTIAL_SUFFIX = ".partial"
MAX_FAT32_FILE_SIZE = 4 * 1024**3 - 1
MAX_NAME_UNITS = 255
READ_BLOCK = 1024 * 1024
SYNC_SEGMENT = 8 * 1024 * 1024  # written, then synced and read back while the writing goes on
_SEGMENT_ALIGN = 64 * 1024  # segments end on whole pages: each page is dropped and read once
_SEGMENTS_IN_FLIGHT = 2  # handed over, not yet read back: bounds the bytes held (memory)
_SMALL_BLOCK = 64 * 1024  # written blocks smaller than this are held copied together
_HEAD = 64 * 1024  # of each segment, read once more at the end (a stick that wraps around)
_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$", re.IGNORECASE)
_EXPORT_DIR_PARTIAL = re.compile(r".+_\d{8}_\d{4,6}(_\d+)?\.partial$")

Opener = Callable[[Path], BinaryIO]


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


class _ReadBack:
    """Reads back what is written to `path` while the writing goes on, in a thread of its own.

    The writer `keep()`s each block it wrote; every `SYNC_SEGMENT` bytes (ending on a
    `_SEGMENT_ALIGN` boundary) it flushes and hands them over: the thread syncs the file's data
    (`fdatasync` on the writer's descriptor), drops the segment's cached pages (Linux: the read
    goes to the device), reads the segment into one reused buffer and compares it byte for
    byte with the blocks written. `finish()` hands over the rest and waits, then reads the
    first `_HEAD` bytes of every segment once more from the device (a fake-capacity stick
    that wraps around overwrites what was written earlier) and checks the file's size; a
    difference is a `ReadBackError`, a failing read the `OSError`. At most
    `_SEGMENTS_IN_FLIGHT` segments wait to be read back (the writer waits for the oldest),
    so the blocks held stay bounded.
    """

    def __init__(self, path: Path, handle: BinaryIO) -> None:
        self._path = path
        self._handle = handle
        self._file = open(path, "rb", buffering=0)  # noqa: SIM115  # closed by __exit__
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="read-back")
        self._running: deque[Future[None]] = deque()
        self._blocks: deque[memoryview | bytearray] = deque()
        self._held = 0
        self._offset = 0  # where the held blocks begin in the file
        self._buffer = bytearray()
        self._heads: list[tuple[int, bytes]] = []  # (offset, first bytes) of each segment

    def __enter__(self) -> _ReadBack:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._file.close()

    def keep(self, view: memoryview) -> None:
        """A block just written: held as it is when it is large immutable bytes (the
        encrypted chunks), else copied (small ones together)."""
        last = self._blocks[-1] if self._blocks else None
        if len(view) >= _SMALL_BLOCK and view.readonly and isinstance(view.obj, bytes):
            self._blocks.append(view)
        elif isinstance(last, bytearray) and len(last) < _SMALL_BLOCK:
            last += view
        else:
            self._blocks.append(bytearray(view))
        self._held += len(view)
        end = (self._offset + self._held) // _SEGMENT_ALIGN * _SEGMENT_ALIGN
        if self._held >= SYNC_SEGMENT and end > self._offset:
            self._hand_over(end - self._offset)

    def finish(self) -> None:
        """Read back the rest (the caller has synced the file) and wait for every segment."""
        self._hand_over(self._held)
        while self._running:
            self._running.popleft().result()
        if os.fstat(self._file.fileno()).st_size != self._offset:  # more on it than written
            self._differs()
        drop_cache(self._file.fileno(), 0, self._offset)
        for offset, head in self._heads:
            self._file.seek(offset)
            if self._file.read(len(head)) != head:
                self._differs()

    def _hand_over(self, size: int) -> None:
        blocks: list[memoryview | bytearray] = []
        taken = 0
        while taken < size:
            block = self._blocks.popleft()
            if taken + len(block) > size:  # split at the segment's end
                self._blocks.appendleft(block[size - taken :])
                block = block[: size - taken]
            blocks.append(block)
            taken += len(block)
        self._handle.flush()
        self._running.append(self._pool.submit(self._check, self._offset, blocks, size))
        self._offset += size
        self._held -= size
        while len(self._running) > _SEGMENTS_IN_FLIGHT or (
            self._running and self._running[0].done()
        ):
            self._running.popleft().result()  # a failure stops the writer early

    def _check(self, offset: int, blocks: list[memoryview | bytearray], size: int) -> None:
        datasync(self._handle.fileno())
        drop_cache(self._file.fileno(), offset, size)
        if len(self._buffer) < size:
            self._buffer = bytearray(size)
        view = memoryview(self._buffer)[:size]
        self._file.seek(offset)
        got = read_into(self._file, view)
        position = 0
        for block in blocks:
            end = position + len(block)
            if end > got or self._buffer[position:end] != block:
                self._differs()
            position = end
        self._heads.append((offset, bytes(self._buffer[: min(size, _HEAD)])))

    def _differs(self) -> NoReturn:
        raise ReadBackError(_read_back_message(self._path.name, self._path.parent))


def _read_back_message(name: str, where: Path) -> str:
    return _(
        "{name} read back from {where} differs from what was written; the stick may be "
        "failing. The file was removed."
    ).format(name=name.removesuffix(PARTIAL_SUFFIX), where=where)


class _MeteredFile:
    """What `produce` writes into: counts, hashes and limits the bytes, checks cancellation,
    and gives what it wrote to the read-back."""

    def __init__(
        self,
        handle: BinaryIO,
        name: str,
        max_size: int,
        cancelled: Callable[[], bool] | None,
        on_bytes: Callable[[int], None] | None,
        read_back: _ReadBack,
    ) -> None:
        self._handle = handle
        self._name = name
        self._max = max_size
        self._cancelled = cancelled
        self._on_bytes = on_bytes
        self._read_back = read_back
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
        self._read_back.keep(view)
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
        with handle, _ReadBack(partial, handle) as read_back:
            metered = _MeteredFile(handle, name, max_size, cancelled, on_bytes, read_back)
            produce(metered)  # type: ignore[arg-type]  # a file-like object
            handle.flush()
            os.fsync(handle.fileno())
            read_back.finish()
        os.replace(partial, final)
        fsync_dir(folder)
    except OSError as exc:
        _remove_quietly(partial)
        raise target_error(exc, name, folder) from exc
    except BaseException:
        _remove_quietly(partial)
        raise
    return WrittenFile(final, metered.size, metered.hash.hexdigest())


def write_bytes(folder: Path, name: str, data: bytes, **options: Any) -> WrittenFile:
    """`safe_write()` of bytes already in memory."""
    return safe_write(folder, name, lambda out: _write_all(out, data), **options)


def _write_all(out: BinaryIO, data: bytes) -> None:
    view = memoryview(data)
    for start in range(0, len(view), READ_BLOCK):
        out.write(view[start : start + READ_BLOCK])


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while block := file.read(READ_BLOCK):
            digest.update(block)
    return digest.hexdigest()


SYNC_STEP = 32 * 1024 * 1024  # a `SyncedAlong` file is written out to the disk in these steps


def datasync(fd: int) -> None:
    """Write the file's data out to the disk (`fdatasync`; `fsync` where there is none)."""
    getattr(os, "fdatasync", os.fsync)(fd)


class SyncedAlong:
    """A file being written that the system writes out to the disk while the writing goes
    on: every `SYNC_STEP` bytes a helper thread syncs what was written so far (when its last
    sync has ended), so the sync at the end finds little left to write."""

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._helper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync")
        self._syncing: Future[None] | None = None
        self._unsynced = 0

    def write(self, data: bytes) -> int:
        written = self._out.write(data)
        self._unsynced += len(data)
        if self._unsynced >= SYNC_STEP and (self._syncing is None or self._syncing.done()):
            self._settle()
            self._out.flush()
            self._syncing = self._helper.submit(datasync, self._out.fileno())
            self._unsynced = 0
        return written

    def _settle(self) -> None:
        if self._syncing is not None:
            self._syncing.result()  # a failed sync (a full or failing disk) stops the writing
            self._syncing = None

    def __enter__(self) -> SyncedAlong:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if self._syncing is not None and exc[0] is None:
                self._settle()
        finally:
            self._helper.shutdown(wait=True)


def read_into(source: BinaryIO, view: memoryview) -> int:
    """Fill `view` from `source` (several reads where a read returns less); 0 at the end."""
    got = 0
    while got < len(view) and (count := source.readinto(view[got:])):  # type: ignore[attr-defined]
        got += count
    return got


def drop_cache(fd: int, offset: int, size: int) -> None:
    """Ask the system to forget the cached pages of `size` bytes of the open file `fd` from
    `offset`, so a read goes to the device (Linux; the pages must have been synced)."""
    advise = getattr(os, "posix_fadvise", None)
    if advise is not None:
        with contextlib.suppress(OSError):
            advise(fd, offset, size, os.POSIX_FADV_DONTNEED)


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


def entries_of(folder: Path) -> list[Path]:
    """What `folder` holds; nothing when it cannot be listed (gone, not a folder, no access)."""
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def clean_leftovers(target: Path) -> list[Path]:
    """Remove what failed runs left in `target`: `*.partial` files, and export folders named
    `…_YYYYMMDD_HHMM.partial`. Returns what was removed; what cannot be removed is kept."""
    removed: list[Path] = []
    for entry in entries_of(target):
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
