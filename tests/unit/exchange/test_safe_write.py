"""Safe writing to a stick: the happy path, FAT32 names and sizes, and every fault leaving no
file that looks complete — stick full, read-only, pulled out midway, a bad read-back."""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_desk.exchange import safe_write as sw
from station_desk.exchange.safe_write import (
    PARTIAL_SUFFIX,
    FileTooLargeError,
    OperationCancelled,
    ReadBackError,
    TargetFullError,
    TargetGoneError,
    TargetReadOnlyError,
    clean_leftovers,
    safe_name,
    safe_write,
    sha256_file,
    write_bytes,
)
from tests.unit.exchange.faults import (
    FaultyFile,
    SmallFs,
    full_after,
    opener_failing_after,
    raising,
    small_fs_at,
)

DATA = bytes(range(256)) * 1000  # 256,000 bytes


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    folder = tmp_path / "stick"
    folder.mkdir()
    return folder


@pytest.fixture
def small_fs(tmp_path: Path) -> Iterator[SmallFs]:
    yield from small_fs_at(tmp_path)


def _in_chunks(data: bytes, size: int = 4096) -> Any:
    def produce(out: BinaryIO) -> None:
        for start in range(0, len(data), size):
            out.write(data[start : start + size])

    return produce


def assert_nothing_complete(folder: Path, name: str) -> None:
    if folder.exists():
        assert not (folder / name).exists()
        assert not (folder / (name + PARTIAL_SUFFIX)).exists()


# -- the happy path ---------------------------------------------------------------------------


def test_writes_reads_back_and_leaves_no_partial(stick: Path) -> None:
    written = write_bytes(stick, "data.bin", DATA)
    assert written.path == stick / "data.bin"
    assert written.size == len(DATA)
    assert written.sha256 == sha256_file(stick / "data.bin")
    assert (stick / "data.bin").read_bytes() == DATA
    assert [p.name for p in stick.iterdir()] == ["data.bin"]


def test_a_stale_partial_of_the_same_name_is_replaced(stick: Path) -> None:
    (stick / ("data.bin" + PARTIAL_SUFFIX)).write_bytes(b"old junk")
    write_bytes(stick, "data.bin", b"new")
    assert sorted(p.name for p in stick.iterdir()) == ["data.bin"]


def test_progress_reports_bytes(stick: Path) -> None:
    seen: list[int] = []
    safe_write(stick, "data.bin", _in_chunks(DATA, 64_000), on_bytes=seen.append)
    assert seen == [64_000, 128_000, 192_000, 256_000]


# -- faults ---------------------------------------------------------------------------------------


def test_disk_full_midway(stick: Path) -> None:
    with pytest.raises(TargetFullError, match="full") as caught:
        safe_write(stick, "data.bin", _in_chunks(DATA), opener=full_after(100_000))
    assert "data.bin" in str(caught.value)
    assert_nothing_complete(stick, "data.bin")


def test_read_only_stick_at_open(stick: Path) -> None:
    def read_only(_path: Path) -> BinaryIO:
        raise OSError(errno.EROFS, "Read-only file system")

    with pytest.raises(TargetReadOnlyError, match="cannot be written"):
        safe_write(stick, "data.bin", _in_chunks(DATA), opener=read_only)
    assert_nothing_complete(stick, "data.bin")


def test_stick_turns_read_only_midway(stick: Path) -> None:
    """Linux remounts a FAT stick read-only after an I/O error: writes then fail with EROFS."""
    opener = opener_failing_after(50_000, raising(errno.EROFS))
    with pytest.raises(TargetReadOnlyError):
        safe_write(stick, "data.bin", _in_chunks(DATA), opener=opener)
    assert_nothing_complete(stick, "data.bin")


def test_no_permission(stick: Path) -> None:
    opener = opener_failing_after(0, raising(errno.EACCES))
    with pytest.raises(TargetReadOnlyError):
        safe_write(stick, "data.bin", _in_chunks(DATA), opener=opener)
    assert_nothing_complete(stick, "data.bin")


def test_stick_pulled_out_midway(stick: Path) -> None:
    """The folder vanishes while the file is written: the rename fails, nothing remains."""

    def pull_out() -> None:
        shutil.rmtree(stick)

    opener = opener_failing_after(100_000, pull_out)
    with pytest.raises(TargetGoneError, match="removed"):
        safe_write(stick, "data.bin", _in_chunks(DATA), opener=opener)
    assert not stick.exists()


def test_device_error_midway(stick: Path) -> None:
    with pytest.raises(TargetGoneError):
        safe_write(
            stick, "data.bin", _in_chunks(DATA), opener=opener_failing_after(1, raising(errno.EIO))
        )
    assert_nothing_complete(stick, "data.bin")


def test_folder_replaced_by_a_file(stick: Path) -> None:
    shutil.rmtree(stick)
    stick.write_bytes(b"not a folder")
    with pytest.raises(TargetGoneError):
        write_bytes(stick, "data.bin", DATA)
    assert stick.read_bytes() == b"not a folder"


def test_bad_read_back_removes_the_file(stick: Path) -> None:
    """The stick stores something else than it was given (a failing flash chip)."""

    class Corrupting(FaultyFile):
        def write(self, data: Any) -> int:
            block = bytearray(data)
            block[0] ^= 0xFF
            return super().write(block)

    with pytest.raises(ReadBackError, match="differs"):
        write_bytes(stick, "data.bin", DATA, opener=lambda p: Corrupting(p, 10**9, lambda: None))
    assert_nothing_complete(stick, "data.bin")


BIG = bytes(range(251)) * 4000  # 1,004,000 bytes: several segments of 256 KiB


@pytest.fixture
def small_segments(monkeypatch: pytest.MonkeyPatch) -> None:
    """Segments of 256 KiB, so that a 1 MB file is read back in four parts while written."""
    monkeypatch.setattr(sw, "SYNC_SEGMENT", 256 * 1024)


@pytest.mark.usefixtures("small_segments")
@pytest.mark.parametrize("block", [1, 4096, 70_000, 300_000, 2_000_000])
def test_read_back_in_segments_while_writing(stick: Path, block: int) -> None:
    """Blocks of any size, from one reused buffer (the read-back keeps copies of what it must
    compare): the file is whole and its SHA-256, computed once, is the file's."""
    buffer = bytearray(block)

    def produce(out: BinaryIO) -> None:
        for start in range(0, len(BIG), block):
            piece = BIG[start : start + block]
            buffer[: len(piece)] = piece
            out.write(memoryview(buffer)[: len(piece)])

    written = safe_write(stick, "big.bin", produce)
    assert (stick / "big.bin").read_bytes() == BIG
    assert written.size == len(BIG)
    assert written.sha256 == sha256_file(stick / "big.bin")


@pytest.mark.usefixtures("small_segments")
@pytest.mark.parametrize("at", [10, 300_000, 700_000, len(BIG) - 1])
def test_a_bad_byte_in_any_segment_is_found(stick: Path, at: int) -> None:
    """The stick stores one byte wrongly, in the first, a middle or the last segment."""

    class Corrupting(FaultyFile):
        def write(self, data: Any) -> int:
            block = bytearray(data)
            if self.written <= at < self.written + len(block):
                block[at - self.written] ^= 0x01
            return super().write(block)

    with pytest.raises(ReadBackError, match="differs"):
        opener = lambda path: Corrupting(path, 10**9, lambda: None)  # noqa: E731
        safe_write(stick, "big.bin", _in_chunks(BIG, 65_536), opener=opener)
    assert_nothing_complete(stick, "big.bin")


@pytest.mark.usefixtures("small_segments")
def test_a_stick_that_wraps_around_is_found(stick: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fake-capacity stick: what goes past its real size lands on what was written first —
    after that was read back (each segment is read back at once here); the first bytes of
    every segment, read once more at the end, differ."""
    monkeypatch.setattr(sw, "_SEGMENTS_IN_FLIGHT", 0)
    capacity = 600_000

    class Wrapping(FaultyFile):
        def write(self, data: Any) -> int:
            at = self.written
            count = super().write(data)
            if at >= capacity:
                self._file.flush()
                os.pwrite(self._file.fileno(), bytes(data), at - capacity)
            return count

    opener = lambda path: Wrapping(path, 10**9, lambda: None)  # noqa: E731
    with pytest.raises(ReadBackError, match="differs"):
        safe_write(stick, "big.bin", _in_chunks(BIG, 65_536), opener=opener)
    assert_nothing_complete(stick, "big.bin")


def test_more_on_the_stick_than_written_is_found(stick: Path) -> None:
    class Doubling(FaultyFile):
        def write(self, data: Any) -> int:
            super().write(data)
            return super().write(data) // 2

    with pytest.raises(ReadBackError, match="differs"):
        write_bytes(stick, "data.bin", DATA, opener=lambda p: Doubling(p, 10**9, lambda: None))
    assert_nothing_complete(stick, "data.bin")


def test_file_too_large_for_fat32_is_refused_before_filling_the_stick(stick: Path) -> None:
    with pytest.raises(FileTooLargeError, match="4 GiB"):
        safe_write(stick, "big.bin", _in_chunks(DATA), max_size=100_000)
    assert_nothing_complete(stick, "big.bin")
    assert sw.MAX_FAT32_FILE_SIZE == 4 * 1024**3 - 1


def test_efbig_from_the_system_is_too_large(stick: Path) -> None:
    with pytest.raises(FileTooLargeError):
        safe_write(
            stick,
            "big.bin",
            _in_chunks(DATA),
            opener=opener_failing_after(10, raising(errno.EFBIG)),
        )


def test_cancel_midway(stick: Path) -> None:
    calls = iter(range(1000))
    with pytest.raises(OperationCancelled):
        safe_write(stick, "data.bin", _in_chunks(DATA), cancelled=lambda: next(calls) > 5)
    assert_nothing_complete(stick, "data.bin")


def test_an_error_in_the_producer_leaves_nothing(stick: Path) -> None:
    def produce(out: BinaryIO) -> None:
        out.write(b"half")
        raise RuntimeError("bug")

    with pytest.raises(RuntimeError):
        safe_write(stick, "data.bin", produce)
    assert_nothing_complete(stick, "data.bin")


# -- on a real (tiny) file system -----------------------------------------------------------------


def test_real_disk_full(small_fs: SmallFs) -> None:
    big = b"\x00" * (512 * 1024)
    with pytest.raises(TargetFullError):
        write_bytes(small_fs.path, "too-big.bin", big)
    assert list(small_fs.path.iterdir()) == []


def test_real_read_only_file_system(small_fs: SmallFs) -> None:
    small_fs.remount("ro")
    with pytest.raises(TargetReadOnlyError):
        write_bytes(small_fs.path, "data.bin", b"data")
    assert list(small_fs.path.iterdir()) == []


# -- names and leftovers --------------------------------------------------------------------------


def test_safe_name_examples() -> None:
    assert safe_name('会议记录:3月/4月*?"<>|.pdf') == "会议记录_3月_4月______.pdf"
    assert safe_name("trailing dots... ") == "trailing dots"
    assert safe_name("CON.txt") == "_CON.txt"
    assert safe_name("") == "_"
    long = "调" * 300 + ".pdf"
    shortened = safe_name(long)
    assert shortened.endswith(".pdf")
    assert sw.utf16_units(shortened + PARTIAL_SUFFIX) <= 255


@given(st.text(max_size=400))
def test_safe_name_is_always_fat32_safe(name: str) -> None:
    cleaned = safe_name(name)
    assert cleaned
    assert not any(ch in cleaned for ch in '\\/:*?"<>|')
    assert all(ord(ch) >= 0x20 for ch in cleaned)
    assert not cleaned.endswith((".", " "))
    assert sw.utf16_units(cleaned + PARTIAL_SUFFIX) <= 255
    assert safe_name(cleaned) == cleaned


def test_clean_leftovers(stick: Path) -> None:
    (stick / "manifest.json.partial").write_bytes(b"x")
    partial_export = stick / "和平里社区警务室_20261130_1502.partial"
    partial_export.mkdir()
    (partial_export / "data_package.sdpkg.partial").write_bytes(b"x")
    keep_dir = stick / "my photos.partial"  # not ours: kept
    keep_dir.mkdir()
    (stick / "notes.txt").write_bytes(b"keep")
    removed = clean_leftovers(stick)
    assert {p.name for p in removed} == {"manifest.json.partial", partial_export.name}
    assert sorted(p.name for p in stick.iterdir()) == ["my photos.partial", "notes.txt"]


def test_clean_leftovers_of_a_missing_folder_does_nothing(tmp_path: Path) -> None:
    assert clean_leftovers(tmp_path / "gone") == []
