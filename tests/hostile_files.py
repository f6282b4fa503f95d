"""Hostile spreadsheet files, made on the fly (nothing large is committed).

- `merged_range_bomb()`: a small .xlsx (~150 KB) whose one merged range covers A2:XFD20001
  over a sheet that claims that size, with one stray styled cell in every row: read naïvely
  it fills 20,000 rows of 16,384 cells (gigabytes) and imports 20,000 copies of one row.
- `shared_strings_bomb(unpacked)`: a few MB .xlsx whose sharedStrings part unpacks to
  `unpacked` bytes of short, distinct strings.
- `wide_rows_bomb()`: a sheet whose rows each carry one cell in column XFD.
- `encrypted_xlsx()`: what Excel writes for a password-protected workbook: an OLE compound
  file (CFB) holding `EncryptionInfo` and `EncryptedPackage` streams, not a zip.
- `xlsx_with_rows(rows)`: a plain small workbook with the given string rows (inline strings).

Written with `zipfile` from hand-made XML so that the files are exactly as hostile as meant.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from xml.sax.saxutils import escape

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>'
)
SHEET_OPEN = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
EMPTY_STRINGS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>'
)


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def _row(number: int, values: Sequence[str]) -> str:
    cells = "".join(_inline(f"{chr(ord('A') + i)}{number}", v) for i, v in enumerate(values) if v)
    return f'<row r="{number}">{cells}</row>'


def _package(sheet_xml: Iterable[str], shared_strings: Iterable[str] = (EMPTY_STRINGS,)) -> bytes:
    """A workbook from the sheet's and the shared strings' XML (each given in pieces)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        for name, pieces in (("xl/worksheets/sheet1.xml", sheet_xml), ("xl/sharedStrings.xml", shared_strings)):
            with archive.open(name, "w", force_zip64=True) as part:
                for piece in pieces:
                    part.write(piece.encode("utf-8"))
    return buffer.getvalue()


def xlsx_with_rows(rows: Sequence[Sequence[str]]) -> bytes:
    """A plain workbook holding `rows` of text from A1 on."""
    body = "".join(_row(number, values) for number, values in enumerate(rows, start=1))
    return _package([SHEET_OPEN, f"<sheetData>{body}</sheetData></worksheet>"])


HEADER = ("姓名", "联系电话", "住址")
VOLUNTEER = ("张三", "13800138000", "幸福路1号")


def merged_range_bomb(last_row: int = 20_001) -> bytes:
    """Header, one volunteer in row 2, and A2:XFD{last_row} merged over a sheet claiming
    A1:XFD{last_row}, every row holding one styled empty cell (as a formatted sheet does)."""

    def sheet() -> Iterator[str]:
        yield SHEET_OPEN + f'<dimension ref="A1:XFD{last_row}"/><sheetData>'
        yield _row(1, HEADER) + _row(2, VOLUNTEER)
        for number in range(3, last_row):
            yield f'<row r="{number}"><c r="D{number}" s="0"/></row>'
        yield f'<row r="{last_row}"><c r="XFD{last_row}" s="0"/></row>'
        yield f'</sheetData><mergeCells count="1"><mergeCell ref="A2:XFD{last_row}"/></mergeCells></worksheet>'

    return _package(sheet())


def wide_rows_bomb(rows: int = 2_000) -> bytes:
    """Every row has a volunteer and one more cell in the last column Excel has (XFD)."""

    def sheet() -> Iterator[str]:
        yield SHEET_OPEN + "<sheetData>" + _row(1, HEADER)
        for number in range(2, rows + 2):
            cells = "".join(_inline(f"{c}{number}", v) for c, v in zip("AB", ("李四", f"139{number:08d}"), strict=True))
            yield f'<row r="{number}">{cells}<c r="XFD{number}" t="inlineStr"><is><t>x</t></is></c></row>'
        yield "</sheetData></worksheet>"

    return _package(sheet())


def shared_strings_bomb(unpacked: int = 1 << 30, distinct: bool = False) -> bytes:
    """A sheet using two shared strings, and a sharedStrings part of about `unpacked` bytes
    of short strings (each a Python object when read naïvely); it packs about 1:400, or
    about 1:5 when the strings are `distinct` (the worst a ratio check lets through)."""
    entry = "<si><t>志愿者</t></si>"
    count = unpacked // len(entry.encode("utf-8"))

    def strings() -> Iterator[str]:
        yield (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{count}" '
            f'uniqueCount="{count}">'
        )
        chunk = 65_536
        for start in range(0, count, chunk):
            end = min(start + chunk, count)
            yield "".join(f"<si><t>{n:09x}</t></si>" for n in range(start, end)) if distinct else entry * (end - start)
        yield "</sst>"

    sheet = [SHEET_OPEN, "<sheetData>", _row(1, HEADER), '<row r="2"><c r="A2" t="s"><v>0</v></c>',
             '<c r="B2" t="s"><v>1</v></c></row></sheetData></worksheet>']
    return _package(sheet, strings())


# --- a password-protected workbook (OLE compound file) -------------------------------------

_SECTOR = 512
_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def _dir_entry(name: str, kind: int, start: int, size: int, child: int = _FREE, right: int = _FREE) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", _FREE, right, child)
        + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
        + struct.pack("<IIi", start, size, 0)
    )


def encrypted_xlsx() -> bytes:
    """A minimal CFB (version 3) file with the two streams Excel's "Encrypt with password"
    writes; the streams' contents are placeholders of 4 KB each (regular sectors)."""
    info = struct.pack("<HHI", 4, 4, 0x40) + b"<encryption/>".ljust(4096 - 8, b" ")
    package = b"\x12" * 4096
    sectors_per_stream = 4096 // _SECTOR
    # sector 0: FAT; 1: directory; 2..9 EncryptionInfo; 10..17 EncryptedPackage
    fat = [_FAT, _END]
    for first in (2, 2 + sectors_per_stream):
        fat += [first + i + 1 for i in range(sectors_per_stream - 1)] + [_END]
    fat += [_FREE] * (_SECTOR // 4 - len(fat))
    directory = (
        _dir_entry("Root Entry", 5, _END, 0, child=1)
        + _dir_entry("EncryptionInfo", 2, 2, len(info), right=2)
        + _dir_entry("EncryptedPackage", 2, 2 + sectors_per_stream, len(package))
        + b"\0" * 128
    )
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
    )
    difat = struct.pack("<I", 0) + struct.pack("<I", _FREE) * 108
    return header + difat + struct.pack(f"<{_SECTOR // 4}I", *fat) + directory + info + package


def old_xls() -> bytes:
    """A CFB file with a `Workbook` stream, as an Excel 97–2003 .xls has."""
    data = encrypted_xlsx()
    for old, new in (("EncryptionInfo", "Workbook"), ("EncryptedPackage", "SummaryInfo")):
        old_name, new_name = (old + "\0").encode("utf-16-le"), (new + "\0").encode("utf-16-le")
        data = data.replace(old_name.ljust(64, b"\0") + struct.pack("<H", len(old_name)),
                            new_name.ljust(64, b"\0") + struct.pack("<H", len(new_name)))
    return data


def dense_sheet(rows: int = 20_000, columns: int = 64) -> bytes:
    """The largest sheet the importer reads: `rows` volunteers with `columns` distinct texts."""
    letters = [chr(ord("A") + i // 26 - 1) + chr(ord("A") + i % 26) if i >= 26 else chr(ord("A") + i)
               for i in range(columns)]

    def sheet() -> Iterator[str]:
        yield SHEET_OPEN + "<sheetData>" + _row(1, HEADER)
        for number in range(2, rows + 2):
            cells = "".join(_inline(f"{c}{number}", f"{c}{number}值") for c in letters)
            yield f'<row r="{number}">{cells}</row>'
        yield "</sheetData></worksheet>"

    return _package(sheet())
