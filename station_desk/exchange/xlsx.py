"""Registers (台账) as .xlsx workbooks, the way offices keep them (openpyxl, no Qt).

A sheet has a title row (merged across the columns), an optional subtitle row (the period,
who printed it), one header row and the data rows. Columns are sized for Chinese text (a Han
character counts as two Latin ones) and wrap beyond `MAX_WIDTH`; row heights follow the
wrapped lines so the sheet reads well in Excel, WPS and LibreOffice alike. The header is
frozen; printing is set to A4 landscape, fitted to the page width, with the title and header
repeated on every page and "page / pages" in the footer.

Cell kinds (`ColumnKind`): TEXT (wrapped), ID (kept as text — an ID number must never become
a number in scientific notation — in a column wide enough that a number is never broken;
several numbers go on separate lines), DATE (a real Excel date), NUMBER.
Text that starts like a formula (=, +, -, @) is stored as text, never evaluated; control
characters a worksheet cannot hold are dropped.

Generic on purpose: any module builds a `Sheet` and calls `workbook_bytes()`.
"""

from __future__ import annotations

import io
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from xml.sax.saxutils import escape as xml_escape

MAX_WIDTH = 48.0  # characters (Latin widths); wider content wraps
MIN_WIDTH = 6.0
WIDTH_SAMPLE = 500  # rows looked at to size a column
LINE_HEIGHT = 15.0  # points per line at the default 11 pt
MAX_ROW_HEIGHT = 409.0  # Excel's limit
HEADER_MIN_HEIGHT = 20.0
MAX_SHEET_NAME = 31
_SHEET_NAME_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})
CREATOR = "Station Desk"
STYLE_HEADER = "Station Desk header"


class ColumnKind(StrEnum):
    TEXT = "text"
    ID = "id"
    DATE = "date"
    NUMBER = "number"


_STYLE_NAMES = {kind: f"Station Desk {kind.value}" for kind in ColumnKind}
_FORMATS = {ColumnKind.ID: "@", ColumnKind.DATE: "yyyy-mm-dd"}


@dataclass(frozen=True)
class Column:
    """One column: its header, what it holds, and a width in characters (None = fit)."""

    header: str
    kind: ColumnKind = ColumnKind.TEXT
    width: float | None = None


@dataclass(frozen=True)
class Sheet:
    """A register: title, optional subtitle, columns and rows (one value per column).

    `name` is the tab's name (cut to 31 characters; the title when empty); `totals`, when
    given, is a last row in bold (e.g. "合计" and the column totals).
    """

    title: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[Any]]
    subtitle: str = ""
    name: str = ""
    totals: Sequence[Any] = ()


def display_width(text: str) -> int:
    """Width of one line in Latin character units: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)


def workbook_bytes(*sheets: Sheet, title: str = "") -> bytes:
    """The workbook with one worksheet per sheet, as .xlsx bytes.

    Written in openpyxl's write-only (streaming) mode: rows go out as they are made, so a
    register of 30,000 rows holds no cell objects (normal mode: about 1 KB a cell). Each
    sheet's XML is kept in memory, never in openpyxl's temporary files (register content
    must not reach the disk unencrypted).
    """
    from openpyxl import Workbook

    if not sheets:
        raise ValueError("a workbook needs at least one sheet")
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    for sheet in sheets:
        _write_sheet(workbook, sheet, _sheet_name(sheet.name or sheet.title, used))
    workbook.properties.creator = CREATOR
    workbook.properties.title = title or sheets[0].title
    return _saved(workbook)


class _KeptBytes(io.BytesIO):
    """A sheet's XML: openpyxl closes its stream before the workbook is zipped."""

    def close(self) -> None:
        return None


def _saved(workbook: Any) -> bytes:
    """The workbook as .xlsx bytes, its sheets' XML taken from memory."""
    from zipfile import ZIP_DEFLATED, ZipFile

    from openpyxl.writer.excel import ExcelWriter

    class MemoryExcelWriter(ExcelWriter):  # type: ignore[misc]
        def write_worksheet(self, ws: Any) -> None:
            from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing

            ws._drawing = SpreadsheetDrawing()
            ws._drawing.charts = ws._charts
            ws._drawing.images = ws._images
            if not ws.closed:
                ws.close()
            ws._rels = ws._writer._rels
            xml = ws._writer.out.getvalue()  # the sheet without its data rows: small
            rows = getattr(ws, "_data_rows", None)
            with self._archive.open(ws.path[1:], "w", force_zip64=True) as member:
                if rows is None:
                    member.write(xml)
                else:  # the data rows go after the head rows, before </sheetData>
                    cut = xml.rindex(b"</sheetData>")
                    member.write(xml[:cut])
                    member.write(rows.getbuffer())
                    member.write(xml[cut:])
            self.manifest.append(ws)

    buffer = io.BytesIO()
    with ZipFile(buffer, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        MemoryExcelWriter(workbook, archive).save()
    return buffer.getvalue()


def column_widths(sheet: Sheet) -> list[float]:
    """Each column's width in characters: the longest line of the header and the first
    rows, plus a margin, between MIN_WIDTH and MAX_WIDTH (ID numbers are never cut)."""
    widths = []
    for index, column in enumerate(sheet.columns):
        if column.width is not None:
            widths.append(float(column.width))
            continue
        longest = max((display_width(line) for line in column.header.split("\n")), default=0)
        for row in sheet.rows[:WIDTH_SAMPLE]:
            text = _shown(row[index] if index < len(row) else None, column.kind)
            longest = max(longest, *(display_width(line) for line in text.split("\n")))
        limit = max(MAX_WIDTH, longest + 2) if column.kind is ColumnKind.ID else MAX_WIDTH
        widths.append(min(max(longest + 2.0, MIN_WIDTH), limit))
    return widths


# --- writing -----------------------------------------------------------------------------


def _cell_styles(workbook: Any) -> dict[ColumnKind, str]:
    """Named styles for the header and each column kind, added once per workbook.

    A named style is set on a cell by name; setting border, alignment and format one by one
    costs openpyxl a hash of each style object per cell (30 s for 8,000 rows instead of 3).
    """
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

    if STYLE_HEADER in workbook.named_styles:
        return _STYLE_NAMES
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header = NamedStyle(
        STYLE_HEADER,
        font=Font(bold=True),
        fill=PatternFill("solid", fgColor="D9D9D9"),
        border=border,
        alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
    )
    workbook.add_named_style(header)
    for kind, name in _STYLE_NAMES.items():
        wrap = kind in (ColumnKind.TEXT, ColumnKind.ID)
        horizontal = None if kind == ColumnKind.TEXT else "center"
        style = NamedStyle(
            name,
            border=border,
            alignment=Alignment(vertical="top", wrap_text=wrap, horizontal=horizontal),
            number_format=_FORMATS.get(kind, "General"),
        )
        workbook.add_named_style(style)
    return _STYLE_NAMES


def _write_sheet(workbook: Any, sheet: Sheet, name: str) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet._writer import WorksheetWriter

    ws = workbook.create_sheet(name)
    styles = _cell_styles(workbook)
    ncols = max(len(sheet.columns), 1)
    last = get_column_letter(ncols)
    widths = column_widths(sheet)
    header_row = 3 if sheet.subtitle else 2
    # What the sheet's head says must be set before the first row goes out.
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = f"A{header_row + 1}"
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # printed fitted to the page width
    ws._writer = WorksheetWriter(ws, out=_KeptBytes())
    ws._writer.write_top()

    def append(cells: list[Any], height: float | None = None) -> None:
        row = ws._max_row + 1
        if height is not None:
            ws.row_dimensions[row].height = height
        ws.append(cells)
        ws._max_row = row
        ws.row_dimensions.pop(row, None)  # written: keep no row objects

    title = WriteOnlyCell(ws, value=_clean(sheet.title))
    title.font = Font(bold=True, size=16)
    title.alignment = Alignment(horizontal="center", vertical="center")
    append([title], 30)
    ws.merged_cells.add(f"A1:{last}1")
    if sheet.subtitle:
        subtitle = WriteOnlyCell(ws, value=_clean(sheet.subtitle))
        subtitle.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        append([subtitle])
        ws.merged_cells.add(f"A2:{last}2")
    header = []
    for column in sheet.columns:
        cell = WriteOnlyCell(ws, value=_clean(column.header))
        cell.style = STYLE_HEADER
        header.append(cell)
    append(header, _row_height([c.header for c in sheet.columns], widths, minimum=HEADER_MIN_HEIGHT))

    kinds = [ColumnKind(column.kind) for column in sheet.columns]
    rows = _RowsXml(ws, kinds, [_style_id(ws, styles[kind]) for kind in kinds])
    for values in sheet.rows:
        if len(values) > len(kinds):
            raise ValueError(f"row has {len(values)} values for {len(kinds)} columns")
        values = list(values) + [None] * (len(kinds) - len(values))
        texts = [_shown(value, kind) for value, kind in zip(values, kinds, strict=True)]
        rows.add(values, _row_height(texts, widths))
    if sheet.totals:
        totals = list(sheet.totals[: len(kinds)]) + [None] * (len(kinds) - len(sheet.totals))
        bold = [_style_id(ws, styles[kind], bold=True) for kind in kinds]
        rows.add(totals, None, bold)
    ws._data_rows = rows.out  # put into the sheet's XML when the workbook is saved
    _print_setup(ws, header_row, last)


def _style_id(ws: Any, style: str, bold: bool = False) -> int:
    """The cell format index of a data cell in the named `style` (bold for totals)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    cell = WriteOnlyCell(ws)
    cell.style = style
    if bold:
        cell.font = Font(bold=True)
    return int(cell.style_id)


class _RowsXml:
    """The data rows of a sheet written as worksheet XML, as openpyxl writes a write-only
    cell (inline strings, dates as serial numbers, the cell format by index) but without a
    cell object and an XML element per cell: 30,000 register rows took 20 s through openpyxl."""

    def __init__(self, ws: Any, kinds: Sequence[ColumnKind], style_ids: Sequence[int]) -> None:
        from openpyxl.utils import get_column_letter

        self.ws, self.kinds, self.style_ids = ws, list(kinds), list(style_ids)
        self.letters = [get_column_letter(index) for index in range(1, len(kinds) + 1)]
        self.epoch = ws.parent.epoch
        self.out = _KeptBytes()

    def add(self, values: Sequence[Any], height: float | None, style_ids: Sequence[int] | None = None) -> None:
        from openpyxl.compat import safe_string

        row = self.ws._max_row + 1
        self.ws._max_row = row
        head = f'<row r="{row}" ht="{safe_string(height)}" customHeight="1">' if height else f'<row r="{row}">'
        parts = [head]
        ids = style_ids or self.style_ids
        for letter, kind, style_id, value in zip(self.letters, self.kinds, ids, values, strict=True):
            parts.append(self._cell(f"{letter}{row}", style_id, value, kind))
        parts.append("</row>")
        self.out.write("".join(parts).encode("utf-8"))

    def _cell(self, ref: str, style_id: int, value: Any, kind: ColumnKind) -> str:
        from openpyxl.compat import safe_string
        from openpyxl.utils.datetime import to_excel

        if value is None or value == "":
            return f'<c r="{ref}" s="{style_id}" t="n" />'
        if kind is ColumnKind.DATE and isinstance(value, date):
            day = value.date() if isinstance(value, datetime) else value
            return f'<c r="{ref}" s="{style_id}" t="n"><v>{safe_string(to_excel(day, self.epoch))}</v></c>'
        if kind is ColumnKind.NUMBER and isinstance(value, int | float) and not isinstance(value, bool):
            return f'<c r="{ref}" s="{style_id}" t="n"><v>{safe_string(value)}</v></c>'
        text = _clean(str(value))  # never a formula, never a number (ID numbers stay text)
        stripped = text.strip()
        space = ' xml:space="preserve"' if stripped and text != stripped else ""
        return f'<c r="{ref}" s="{style_id}" t="inlineStr"><is><t{space}>{xml_escape(text)}</t></is></c>'


def _print_setup(ws: Any, header_row: int, last_column: str) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4 (Worksheet.PAPERSIZE_A4)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = f"1:{header_row}"
    ws.print_area = f"A1:{last_column}{max(ws._max_row, header_row)}"
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "&P / &N"


def _set_value(cell: Any, value: Any, kind: ColumnKind) -> None:
    """The value as its kind wants it; the cell's named style carries the number format."""
    if value is None or value == "":
        cell.value = None
        return
    if kind is ColumnKind.DATE and isinstance(value, date):
        cell.value = value.date() if isinstance(value, datetime) else value
        return
    if kind is ColumnKind.NUMBER and isinstance(value, int | float) and not isinstance(value, bool):
        cell.value = value
        return
    cell.value = _clean(str(value))
    cell.data_type = "s"  # never a formula, never a number (ID numbers stay text)


def _shown(value: Any, kind: ColumnKind) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _row_height(texts: Sequence[str], widths: Sequence[float], minimum: float = LINE_HEIGHT) -> float:
    lines = 1
    for text, width in zip(texts, widths, strict=False):
        usable = max(width - 1, 1)
        count = sum(max(1, math.ceil(display_width(line) / usable)) for line in text.split("\n"))
        lines = max(lines, count)
    return min(max(lines * LINE_HEIGHT, minimum), MAX_ROW_HEIGHT)


def _clean(text: str) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _sheet_name(wanted: str, used: set[str]) -> str:
    base = (_clean(wanted).translate(_SHEET_NAME_FORBIDDEN).strip("'") or "Sheet")[:MAX_SHEET_NAME]
    name, number = base, 2
    while name.casefold() in used:
        suffix = f" ({number})"
        name = base[: MAX_SHEET_NAME - len(suffix)] + suffix
        number += 1
    used.add(name.casefold())
    return name

