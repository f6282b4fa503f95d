"""Checks on a spreadsheet file before it is parsed: is it safe to read, and what is it?

An .xlsx is a zip of XML parts. A small file can unpack to gigabytes (a zip bomb), hold a
shared-strings table of millions of entries (each one a Python object once read), or rows
of thousands of cells; openpyxl would read all of it into memory. `workbook_problem` looks at
the zip's directory and streams through the worksheets (nothing is kept) and says, in the
user's words, why a file is refused — or None when reading it stays within bounds:

- at most `MAX_PARTS` parts, `MAX_TOTAL_UNPACKED` bytes unpacked in all;
- a worksheet at most `MAX_SHEET_UNPACKED`, shared strings at most `MAX_STRINGS_UNPACKED`
  and `MAX_STRINGS` entries, any other part at most `MAX_OTHER_UNPACKED`;
- a large part (over `RATIO_CHECKED_FROM`) packed at most `MAX_RATIO`:1 (office files pack
  5–50:1; a bomb 200–1000:1);
- a worksheet with at most `MAX_SHEET_CELLS` cells and `MAX_ROW_CELLS` in one row (Excel's
  own column limit).

The sizes are the zip directory's; Python's zipfile never unpacks more than a part's stated
size, so a part that lies about its size cannot grow past it.

`is_password_protected(data)` tells an encrypted Office file (Excel's "Encrypt with
password": an OLE compound file holding `EncryptionInfo` and `EncryptedPackage` streams)
from an old .xls, which is the same kind of container with a `Workbook` stream.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

MAX_PARTS = 2_000
MAX_TOTAL_UNPACKED = 400 << 20
MAX_SHEET_UNPACKED = 160 << 20
MAX_STRINGS_UNPACKED = 24 << 20
MAX_STRINGS = 600_000  # 20,000 rows of 30 distinct texts
MAX_OTHER_UNPACKED = 16 << 20
RATIO_CHECKED_FROM = 8 << 20
MAX_RATIO = 200
MAX_ROW_CELLS = 16_384
MAX_SHEET_CELLS = 4_000_000
CHUNK = 1 << 20

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_STREAMS = ("EncryptionInfo", "EncryptedPackage")

_ROW_OR_CELL = re.compile(rb"<(?:\w+:)?(row|c)[\s/>]")
_STRING = re.compile(rb"<(?:\w+:)?(si)[\s/>]")


class WorkbookTooLarge(Exception):  # noqa: N818 - a refusal, with the user's reason
    """Reading the workbook would take more memory or time than allowed; `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def is_password_protected(data: bytes) -> bool:
    """True for an Office file encrypted with a password (an OLE container with the
    encryption streams; their UTF-16 names are looked for in the container)."""
    if not data.startswith(OLE_SIGNATURE):
        return False
    return all(name.encode("utf-16-le") in data for name in _ENCRYPTION_STREAMS)


def check_workbook(data: bytes) -> None:
    """Raise WorkbookTooLarge when the .xlsx `data` is not safe to read with openpyxl.

    A file that is not a zip at all passes: reading it fails with the ordinary message.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise WorkbookTooLarge(f"{len(parts)} parts")
        if sum(part.file_size for part in parts) > MAX_TOTAL_UNPACKED:
            raise WorkbookTooLarge(f"{_mb(sum(part.file_size for part in parts))} MB unpacked")
        for part in parts:
            _check_part(part)
        for part in parts:
            if _is_worksheet(part.filename):
                _check_cells(archive, part)
            elif _is_shared_strings(part.filename):
                _check_strings(archive, part)


def _check_part(part: zipfile.ZipInfo) -> None:
    limit = _limit_of(part.filename)
    if part.file_size > limit:
        raise WorkbookTooLarge(f"{part.filename}: {_mb(part.file_size)} MB unpacked")
    if part.file_size > RATIO_CHECKED_FROM and part.file_size > MAX_RATIO * max(part.compress_size, 1):
        raise WorkbookTooLarge(f"{part.filename}: packed {part.file_size // max(part.compress_size, 1)}:1")


def _limit_of(name: str) -> int:
    if _is_worksheet(name):
        return MAX_SHEET_UNPACKED
    if _is_shared_strings(name):
        return MAX_STRINGS_UNPACKED
    return MAX_OTHER_UNPACKED


def _is_worksheet(name: str) -> bool:
    lower = name.lower()
    return lower.startswith("xl/worksheets/") and lower.endswith(".xml")


def _is_shared_strings(name: str) -> bool:
    return name.lower().endswith("sharedstrings.xml")


def _check_strings(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    """Count the shared strings (openpyxl keeps each as an object)."""
    for count, _ in enumerate(_tags(archive, part, _STRING), start=1):
        if count > MAX_STRINGS:
            raise WorkbookTooLarge(f"{part.filename}: more than {MAX_STRINGS} texts")


def _check_cells(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    """Count rows' cells while streaming the worksheet (no XML is built)."""
    in_row = total = 0
    for tag in _tags(archive, part, _ROW_OR_CELL):
        if tag == b"row":
            in_row = 0
            continue
        in_row += 1
        total += 1
        if in_row > MAX_ROW_CELLS:
            raise WorkbookTooLarge(f"{part.filename}: a row of more than {MAX_ROW_CELLS} cells")
        if total > MAX_SHEET_CELLS:
            raise WorkbookTooLarge(f"{part.filename}: more than {MAX_SHEET_CELLS} cells")


def _tags(archive: zipfile.ZipFile, part: zipfile.ZipInfo, pattern: re.Pattern[bytes]) -> Iterator[bytes]:
    """The names of the tags `pattern` finds in a part, in order, read in chunks."""
    tail = b""
    try:
        with archive.open(part) as source:
            while chunk := source.read(CHUNK):
                text = tail + chunk
                cut = max(text.rfind(b"<"), 0)  # a tag cut by the chunk's end is kept for later
                for match in pattern.finditer(text, 0, cut):
                    yield match.group(1)
                tail = text[cut:]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        return  # damage: reading it later fails with the ordinary message
    for match in pattern.finditer(tail + b" "):
        yield match.group(1)


def _mb(size: int) -> int:
    return max(1, round(size / (1 << 20)))
