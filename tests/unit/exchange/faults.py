"""Fault helpers for writing to a "USB stick": injected writers, and real small file systems.

`FaultyFile` wraps a real file and fails (or does something nasty) once N bytes were written.
`small_fs_at()` mounts a tiny tmpfs (needs root and permission to mount; the test is skipped
otherwise), so the disk-full and read-only tests also run against a real kernel file system.
Used by the unit tests here and by the export and backup integration tests.
"""

from __future__ import annotations

import errno
import os
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import pytest


class FaultyFile:
    """A file that calls `fault()` once more than `after` bytes were written."""

    def __init__(self, path: Path, after: int, fault: Callable[[], None]) -> None:
        self._file: BinaryIO = open(path, "xb")  # noqa: SIM115
        self._after = after
        self._fault = fault
        self.written = 0

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        if self.written + len(view) > self._after:
            self._fault()
        self.written += len(view)
        return self._file.write(view)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)

    def __enter__(self) -> FaultyFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()


def raising(code: int) -> Callable[[], None]:
    def fault() -> None:
        raise OSError(code, os.strerror(code))

    return fault


def opener_failing_after(after: int, fault: Callable[[], None]) -> Callable[[Path], Any]:
    return lambda path: FaultyFile(path, after, fault)


def full_after(after: int) -> Callable[[Path], Any]:
    return opener_failing_after(after, raising(errno.ENOSPC))


class SmallFs:
    def __init__(self, path: Path) -> None:
        self.path = path

    def remount(self, options: str) -> None:
        subprocess.run(["mount", "-o", f"remount,{options}", str(self.path)], check=True)


def _mount(path: Path, size: str) -> bool:
    if os.name != "posix" or os.geteuid() != 0:
        return False
    result = subprocess.run(
        [
            "mount",
            "-t",
            "tmpfs",
            "-o",
            f"size={size}",
            f"sd-test-{uuid.uuid4().hex[:8]}",
            str(path),
        ],
        capture_output=True,
    )
    return result.returncode == 0


def small_fs_at(tmp_path: Path, size: str = "256k") -> Iterator[SmallFs]:
    """For a fixture: a real small file system (tmpfs) mounted in `tmp_path`, unmounted
    afterwards; the test is skipped where mounting is not allowed."""
    point = tmp_path / "stick"
    point.mkdir()
    if not _mount(point, size):
        pytest.skip("cannot mount a small file system here (needs root and mount permission)")
    try:
        yield SmallFs(point)
    finally:
        subprocess.run(["umount", "-l", str(point)], capture_output=True)
