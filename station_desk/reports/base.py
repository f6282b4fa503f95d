"""The base every printed document builds on (pretix-style renderer).

`DocumentBase` owns the page (A4 portrait or landscape, GB/T 9704 margins), the fonts, the
stylesheet and the page decoration: a running header with the station and room (and a red
"sealed" marking for juvenile records), the page number "— 1 —" centred under the type area,
and a small "printed by … · page x of y" line. A document subclass supplies only `story()`,
built from the helpers here, and `generate()` returns the PDF as bytes.

Every fixed text goes through `station_desk.i18n._` (English message ids), so it follows the
application's current language; `DocumentContext.language` should be that language (pass
`current_language()`): it sets the PDF's /Lang, heading numbering and punctuation.

User text is always escaped before it reaches reportlab's paragraph markup, so "a < b & c"
prints literally; characters the Song face lacks are drawn in a fallback face (see `fonts.py`).
"""

from __future__ import annotations

import functools
import io
import itertools
import re
import zlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFStream
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.paragraph import cleanBlockQuotedText

from station_desk.domain.records import RowsAsUsed
from station_desk.i18n import _
from station_desk.reports.drawn_rows import DrawnRows, RowLines, lay_out_row
from station_desk.reports.filenames import document_filename as document_filename  # re-exported
from station_desk.reports.fonts import HEI, SONG, face_for, fallback_markup, register_fonts
from station_desk.reports.linebreak import chinese_frag_split, may_break_before
from station_desk.reports.styles import (
    BODY_LEADING,
    CELL_PADDING_X,
    CELL_PADDING_Y,
    LANDSCAPE,
    NOTE_COLOR,
    NOTE_SIZE,
    PAGE_NUMBER_SIZE,
    PORTRAIT,
    RULE_WIDTH,
    SEALED_COLOR,
    SMALL_SIZE,
    TABLE_LEADING,
    TABLE_SPACE_AFTER,
    PageGeometry,
    stylesheet,
)

CREATOR = "Station Desk"

# A table row taller than this may be split across pages (only when it must be: rows are
# first kept whole); smaller fragments than this are never left at a page foot or head.
SPLIT_IN_ROW_MIN = 3 * TABLE_LEADING
# At least this much of the text a signature signs goes over a page with the signature.
SIGNED_TEXT_MIN = 2 * BODY_LEADING

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


_PAGE_WATCH: ContextVar[Callable[[int], None] | None] = ContextVar("page_watch", default=None)


@contextmanager
def watching_pages(callback: Callable[[int], None]) -> Iterator[None]:
    """Call `callback(page number)` as each page of a document built in this block (in this
    thread) begins: progress for a long register, and a way to stop one (the callback may
    raise, e.g. `OperationCancelled`; the document is then not made)."""
    token = _PAGE_WATCH.set(callback)
    try:
        yield
    finally:
        _PAGE_WATCH.reset(token)


@dataclass(frozen=True)
class DocumentContext:
    """Who prints what, where and how: everything a document needs beyond its own data."""

    station_name: str
    room_name: str
    printed_by: str
    printed_at: datetime
    language: str
    show_full_ids: bool = False
    sealed: bool = False  # juvenile records: every page is marked as sealed material


class _DeferredFooterCanvas(Canvas):
    """A canvas that holds every page until `save()`, so footers can show the page count.

    A held page's drawing operations are kept zlib-compressed (a 10,000-page register held
    hundreds of megabytes of them as strings). `save()` leaves the file's bytes in
    `pdf_data` instead of writing them to the canvas's file."""

    def __init__(
        self, *args: Any, footer: Callable[[Canvas, int, int], None], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._held_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        # A page's state is kept as what differs from the first page's (by identity: a
        # canvas has about a hundred attributes, and most stay the same objects).
        first = self._held_pages[0] if self._held_pages else {}
        state = {k: v for k, v in self.__dict__.items() if k not in first or first[k] is not v}
        state["_code"] = zlib.compress("\n".join(self._code).encode("utf-8"), 1)
        self._held_pages.append(state)
        self._startPage()

    def save(self) -> None:
        total = len(self._held_pages)
        first = dict(self._held_pages[0]) if total else {}
        for number in range(1, total + 1):
            state = self._held_pages[number - 1]
            self._held_pages[number - 1] = {}
            self.__dict__.update(first)
            self.__dict__.update(state)
            self._code = [zlib.decompress(state["_code"]).decode("utf-8")]
            self._footer(self, number, total)
            Canvas.showPage(self)
            _filter_now(self._doc.Pages.pages[-1])
        # The file's bytes are kept here, not also copied into the output file (a register's
        # 18 MB were held twice more while written): `DocumentBase.generate` takes them.
        self.pdf_data: bytes = self._doc.GetPDFData(self)


def _filter_now(page: Any) -> None:
    """Compress a finished page's content stream now, with the filters reportlab would use
    when it writes the file (until then a page's content waits there uncompressed)."""
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFName, PDFZCompress

    if page.Contents or not page.stream or not page.compression:
        return
    # Not ASCII85 as well (reportlab's default): it took longer than drawing a register's
    # page, and a binary stream is a quarter smaller.
    filters = [PDFZCompress]
    content = page.stream
    for stream_filter in reversed(filters):
        content = stream_filter.encode(content)
    stream = _FormattedOnce(content=content)
    stream.dictionary["Filter"] = PDFArray([PDFName(f.pdfname) for f in filters])
    stream.__Comment__ = "page stream"
    page.Contents = stream
    page.stream = None


class _FormattedOnce(PDFStream):
    """A page's content stream that lets go of its content once written into the file (the
    file is assembled in memory: a 10,000-page register's streams were held twice)."""

    def format(self, document: Any) -> bytes:
        data: bytes = super().format(document)
        self.content = b""
        return data


class KeepWithStart(KeepTogether):
    """`keepWithNext` that keeps a heading with the *start* of what follows.

    reportlab's KeepTogether moves a heading and everything after it to the next page when
    the lot does not fit, which leaves most of a page empty before a long paragraph or
    table. Here the group stays put when the headings plus the first lines (or header and
    first row) of the next flowable fit; only otherwise does it break the page.
    """

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803 - reportlab's names
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if aH < self._H and self._start_fits(aW, aH):
            return list(self._content)
        return list(super().split(aW, aH))

    def _start_fits(self, width: float, height: float) -> bool:
        *heads, last = self._content
        if not heads or isinstance(last, KeepTogether):
            return False
        canvas = getattr(self, "canv", None)
        left = height
        for flowable in heads:
            _w, used = (
                flowable.wrapOn(canvas, width, left) if canvas else flowable.wrap(width, left)
            )
            left -= used + flowable.getSpaceBefore() + flowable.getSpaceAfter()
        left -= last.getSpaceBefore()
        if left <= 0:
            return False
        _w, needed = last.wrapOn(canvas, width, left) if canvas else last.wrap(width, left)
        return needed <= left or bool(last.split(width, left))


class TextParagraph(Paragraph):
    """A `Paragraph` whose continuation after a page (or table-row) split keeps the text as typed.

    reportlab 5's CJK wrapping (``wordWrap='CJK'``, which every style uses so Chinese breaks
    anywhere) rebuilds the part after a split from the wrapped lines, not from the text: with
    one font run it glues the lines together without the spaces the wrap dropped ("views
    freely" → "viewsfreely"), and with several runs (a typed newline, a Hei fallback glyph) it
    puts a space after every line, Chinese included ("李小 明"). Here the continuation is cut
    from the original fragments instead, so English keeps its spaces and Chinese gets none.
    """

    def breakLinesCJK(self, maxWidths: Any) -> Any:  # noqa: N802, N803 - reportlab's names
        """Lines broken by the Chinese rules of `linebreak.chinese_frag_split`."""
        widths = list(maxWidths) if isinstance(maxWidths, (list, tuple)) else [maxWidths]
        frags = self.frags
        special = any(hasattr(f, "cbDefn") for f in frags) or self.style.endDots
        if not frags or special:
            return super().breakLinesCJK(maxWidths)
        if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
            return self.blPara
        self.height = 0
        return chinese_frag_split(frags, widths)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        if self.style.wordWrap != "CJK" or not self.frags:
            return list(super().split(availWidth, availHeight))
        if not hasattr(self, "blPara"):
            self.wrap(availWidth, availHeight)
        frags = list(self.frags)
        # reportlab appends " " to the last word of every line in place; remember the texts.
        lines = list(getattr(self.blPara, "lines", None) or [])
        texts = [
            [getattr(word, "text", None) for word in getattr(line, "words", None) or []]
            for line in lines
        ]
        parts = list(super().split(availWidth, availHeight))
        for line, line_texts in zip(lines, texts, strict=True):
            for word, text in zip(getattr(line, "words", None) or [], line_texts, strict=True):
                if text is not None:
                    word.text = text
        if len(parts) == 2:
            used = getattr(parts[0], "blPara", None)
            remaining = _remaining_frags(frags, getattr(used, "lines", None))
            if remaining is not None:
                parts[1].frags = remaining
        return parts


class CellParagraph(TextParagraph):
    """A table cell's paragraph: wrapped once per width.

    reportlab wraps a cell each time its table is measured, split or drawn (three to six
    times a cell); the lines only depend on the width and the text, so they are kept.
    """

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        key = (availWidth, id(self.frags))
        if getattr(self, "_wrapped_for", None) == key and hasattr(self, "blPara"):
            return self.width, self.height
        width, height = super().wrap(availWidth, availHeight)
        self._wrapped_for = key
        return width, height


# A table of more rows than this is laid out a page at a time (`LongTable`).
LONG_TABLE_ROWS = 40
# A `LongTable` asked whether it fits a taller space (KeepTogether asks with 0xfffffff)
# measures rows up to this height only, and answers "at least this tall".
LONG_TABLE_MEASURE = 3 * 842.0
_HEIGHT_FUZZ = 1e-6
_HEADER_FORMS = itertools.count(1)  # names of the forms that hold long tables' headers


@dataclass
class TableRows:
    """What every page of a `LongTable` shares: the header, the rows as texts, how a cell
    is made, the column widths and style, and whether a row may split inside."""

    header: Callable[[], list[Any]]
    rows: Sequence[Sequence[str]]
    cell: Callable[[str], list[Flowable]]
    widths: list[float]
    commands: list[tuple[Any, ...]]
    split_in_row: float = 0
    style: Any = None  # the cells' paragraph style: rows of plain text are drawn directly
    _header_height: float | None = None
    header_name: str = field(default_factory=lambda: f"table_header_{next(_HEADER_FORMS)}")

    def header_height(self) -> float:
        if self._header_height is None:
            self._header_height = row_height(self.header(), self.widths)
        return self._header_height

    def measure(self, texts: Sequence[str]) -> tuple[RowLines | list[Any], float]:
        """A row of texts ready to lay out (its lines, or its cells when the rows are not
        drawn directly) and its height."""
        if self.style is not None:
            lines = lay_out_row([normalise_text(text) for text in texts], self.style, self.widths)
            return lines, lines.height
        cells = [self.cell(text) for text in texts]
        return cells, row_height(cells, self.widths)

    def cells(self, row: RowLines | list[Any]) -> list[Any]:
        return [self.cell(text) for text in row.texts] if isinstance(row, RowLines) else row

    def page(self, rows: Sequence[RowLines | list[Any]]) -> Flowable:
        """A page of the table: the rows drawn directly when they are all plain text rows
        (`DrawnRows`), else a `Table` of their cells."""
        if rows and all(isinstance(row, RowLines) for row in rows):
            texts = [row for row in rows if isinstance(row, RowLines)]
            return DrawnRows(
                self.header_table, self.header_height(), texts, self.widths, self.style, self.header_name
            )
        return self.table([self.cells(row) for row in rows])

    def header_table(self) -> Table:
        return self.table([])

    def table(self, rows: Sequence[list[Any]]) -> Table:
        """A plain `Table` of the header and `rows` (cells), styled like every page."""
        table = Table(
            [self.header(), *rows],
            colWidths=self.widths,
            repeatRows=1,
            splitByRow=1,
            splitInRow=self.split_in_row,
            hAlign="CENTER",
            spaceAfter=TABLE_SPACE_AFTER,
        )
        table.setStyle(TableStyle(self.commands))
        return table


class MappedRows(RowsAsUsed[Any]):
    """`make(index, items[index])` of each item, made only when read: the rows of a register
    given to a document builder (a table a page at a time, a workbook row by row) without a
    list of them all. `items` may itself read its rows as they are used."""

    def __init__(self, items: Sequence[Any], make: Callable[[int, Any], Any]) -> None:
        self.items, self.make = items, make

    def __len__(self) -> int:
        return len(self.items)

    def row(self, index: int) -> Any:
        return self.make(index, self.items[index])


class RowTexts(MappedRows):
    """The rows of a table made into cell texts only when a page needs them: a register of
    30,000 cases then holds its records, not their texts as well (about 40 MB).
    `make(index, item)` gives the texts of `items[index]`."""

    def __init__(
        self, items: Sequence[Any], make: Callable[[int, Any], Sequence[object]], ncols: int = 0
    ) -> None:
        super().__init__(items, make)
        self.ncols = ncols

    def row(self, index: int) -> list[str]:
        row = self.make(index, self.items[index])
        return _row_texts(row, self.ncols) if self.ncols else [str(value) for value in row]


def row_height(cells: Sequence[Any], widths: Sequence[float]) -> float:
    """A row's height as `Table` counts it: its tallest cell of flowables, with the padding
    of `grid_commands`."""
    tallest = 0.0
    for flowables, width in zip(cells, widths, strict=True):
        if not isinstance(flowables, list | tuple) or not flowables:
            continue
        total = 0.0
        for flowable in flowables:
            _w, height = flowable.wrap(width - 2 * CELL_PADDING_X, 0x7FFFFFFF)
            total += height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
        total -= flowables[0].getSpaceBefore() + flowables[-1].getSpaceAfter()
        tallest = max(tallest, total)
    return tallest + 2 * CELL_PADDING_Y + 1


class LongTable(Flowable):
    """A grid table of many rows (a register, a list) laid out one page at a time (长表分页).

    reportlab's `Table` measures every remaining row again for each page it splits off, and
    holds a paragraph for every cell: thirty thousand rows took a quarter of an hour and
    gigabytes. Here the rows stay texts (`TableRows`); each `split` turns only the rows that
    fit into cells and returns a `Table` of the header and those rows (one page, never
    split again) and a `LongTable` of the rest. The header repeats on each page, rows are
    kept whole, and a row that does not fit anywhere whole is split inside as reportlab
    would (`split_in_row` points at least), so it looks like one `Table` with `repeatRows=1`.
    Build one with `DocumentBase.data_table`.
    """

    def __init__(self, source: TableRows, start: int = 0, carried: Sequence[list[Any]] = ()) -> None:
        super().__init__()
        self.source, self.start, self.carried = source, start, list(carried)
        self.hAlign, self.spaceAfter = "CENTER", TABLE_SPACE_AFTER
        self.width = sum(source.widths)
        self._measured: dict[int, tuple[RowLines | list[Any], float]] = {}
        self._whole: Flowable | None = None
        self.continued = False  # the rest of a table split here: goes on on a new page

    def __len__(self) -> int:
        """The rows still to lay out."""
        return len(self.carried) + len(self.source.rows) - self.start

    def _row(self, index: int) -> tuple[RowLines | list[Any], float]:
        """The `index`th row left (its lines or cells, see `TableRows.measure`) and its height."""
        if index not in self._measured:
            if index < len(self.carried):
                cells = self.carried[index]
                self._measured[index] = (cells, row_height(cells, self.source.widths))
            else:
                texts = self.source.rows[self.start + index - len(self.carried)]
                self._measured[index] = self.source.measure(texts)
        return self._measured[index]

    def _fitting(self, height: float) -> tuple[list[RowLines | list[Any]], float]:
        """The rows that fit under the header in `height`, and the height they take (more
        than `height` when a row is left over: up to the first that does not fit)."""
        used = self.source.header_height()
        taken: list[RowLines | list[Any]] = []
        for index in range(len(self)):
            cells, row = self._row(index)
            used += row
            if used > height + _HEIGHT_FUZZ:
                return taken, used
            taken.append(cells)
        return taken, used

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        taken, used = self._fitting(min(availHeight, LONG_TABLE_MEASURE))
        self._whole = None
        if len(taken) == len(self):  # everything fits: drawn as one table
            self._whole = self.source.page(taken)
            self._whole.wrapOn(getattr(self, "canv", None), availWidth, availHeight)
        self.height = used  # when it does not fit: at least this tall
        return self.width, used

    def draw(self) -> None:
        if self._whole is None:  # pragma: no cover - platypus draws only what wrap() fitted
            raise RuntimeError("LongTable drawn without fitting")
        self._whole.drawOn(self.canv, 0, 0)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        taken, _used = self._fitting(availHeight)
        if len(taken) == len(self):
            return [self.source.page(taken)]
        if taken:
            return [self.source.page(taken), self._rest(len(taken))]
        frame = getattr(self, "_frame", None)
        at_top = bool(frame is not None and getattr(frame, "_atTop", False))
        if not self.source.split_in_row or (self.continued and not at_top):
            return []  # the rest of a table starts on a new page, as `Table` would
        # Not one whole row fits: reportlab splits the first inside, if enough of it fits.
        parts = list(self.source.table([self.source.cells(self._row(0)[0])]).split(availWidth, availHeight))
        if len(parts) != 2:
            return []
        continued = [list(row) for row in parts[1]._cellvalues[1:]]
        return [parts[0], self._rest(1, continued)]

    def _rest(self, used: int, continued: Sequence[list[Any]] = ()) -> LongTable:
        """The rows after the first `used` ones (after the `continued` part of a split row)."""
        carried = list(continued) + self.carried[used:]
        rest = LongTable(self.source, self.start + max(0, used - len(self.carried)), carried)
        rest.continued = True
        if not continued:  # rows measured here but not laid out are not measured again
            rest._measured = {i - used: v for i, v in self._measured.items() if i >= used}
        return rest


class SignedText(Flowable):
    """The closing text of a document and the signature lines (or boxes) that sign it.

    The signatures never stand on a page without the text they sign: when the whole does not
    fit where it is, the text is split so that at least `min_text` points of it (a few
    lines, or a table's last rows) go over with the signatures. A group too tall for any
    page lets the signatures run on by themselves (a signature table keeps its own last rows
    together with "NOSPLIT").
    """

    def __init__(
        self, text: Sequence[Flowable], signatures: Flowable, min_text: float, page_height: float
    ) -> None:
        super().__init__()
        self.text = list(text)
        self.signatures = signatures
        self.min_text = min_text
        self.page_height = page_height

    def _height(self, flowable: Flowable, width: float) -> float:
        if isinstance(flowable, KeepTogether):  # its wrap() answers "too tall" to force a split
            return sum(self._height(part, width) for part in flowable._content)
        canvas = getattr(self, "canv", None)
        _w, height = flowable.wrapOn(canvas, width, self.page_height * 20)
        return float(height + flowable.getSpaceBefore() + flowable.getSpaceAfter())

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self._text_height = sum(self._height(f, availWidth) for f in self.text)
        self._total = self._text_height + self._height(self.signatures, availWidth)
        self.width, self.height = availWidth, self._total
        return availWidth, 0xFFFFFF  # like KeepTogether: always laid out through split()

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self.wrap(availWidth, availHeight)
        everything = [*self.text, self.signatures]
        if self._total <= availHeight:
            return everything
        here = min(availHeight, self._text_height - self.min_text)
        if here <= 0:
            fresh_page = availHeight >= self.page_height - 1
            return everything if fresh_page else []
        head, tail = self._split_text(availWidth, here)
        if not head:
            return everything if availHeight >= self.page_height - 1 else []
        return [*head, SignedText(tail, self.signatures, self.min_text, self.page_height)]

    def _split_text(self, width: float, height: float) -> tuple[list[Flowable], list[Flowable]]:
        """The text that fits `height` here, and the rest (never empty)."""
        head: list[Flowable] = []
        left = height
        for index, flowable in enumerate(self.text):
            needed = self._height(flowable, width)
            if needed <= left:
                head.append(flowable)
                left -= needed
                continue
            space = left - flowable.getSpaceBefore() - flowable.getSpaceAfter()
            parts = list(flowable.split(width, space)) if space > 0 else []
            if len(parts) >= 2:
                return head + parts[:1], parts[1:] + self.text[index + 1 :]
            return head, self.text[index:]
        return head[:-1], head[-1:]  # pragma: no cover - only when the whole text fitted


def _frag_text(frag: Any) -> str | None:
    text = getattr(frag, "text", None)
    if text is None:
        return None
    return text.decode("utf8") if isinstance(text, bytes) else str(text)


def _remaining_frags(frags: list[Any], lines: Sequence[Any] | None) -> list[Any] | None:
    """The fragments left after `lines` (the first part's wrapped lines), or None if unsure."""
    if not lines or not frags or any(_frag_text(f) is None for f in frags):
        return None
    if isinstance(lines[0], tuple):
        # One font run, wrapped by textsplit.wordSplit: lines are (extra space, [text]), each
        # stripped of the spaces at its ends; find them again in the run's text.
        if len(frags) != 1:
            return None
        text = _frag_text(frags[0]) or ""
        position = 0
        for _space, words in lines:
            line = "".join(str(word) for word in words)
            while position < len(text) and text[position].isspace():
                position += 1
            if not text.startswith(line, position):
                return None
            position += len(line)
        return [frags[0].clone(text=text[position:].lstrip())]
    # Several runs, wrapped glyph by glyph (cjkFragSplit): every glyph is on exactly one line,
    # and a line ended by <br/> also used that empty break fragment.
    consumed = ""
    glyphs = 0
    for line in lines:
        words = getattr(line, "words", None)
        if words is None:
            return None
        line_text = "".join(_frag_text(word) or "" for word in words)
        consumed += line_text
        glyphs += len(line_text) + (1 if getattr(line, "lineBreak", False) else 0)
    remaining: list[Any] = []
    seen = ""
    for frag in frags:
        text = _frag_text(frag) or ""
        size = len(text) or 1  # an empty fragment (a line break) is one glyph
        if glyphs >= size:
            glyphs -= size
            seen += text
            continue
        if glyphs:
            seen += text[:glyphs]
            remaining.append(frag.clone(text=text[glyphs:]))
            glyphs = 0
        else:
            remaining.append(frag)
    if seen != consumed or not remaining:
        return None
    return remaining


T = TypeVar("T")


class DocumentBase(ABC):
    """Base of every printout: subclasses set `title` and implement `story()`.

    `title` and `subtitle` may hold an English message id (marked with `N_`) or a final
    string; they are passed through `_()` when the document is built. Set `landscape = True`
    for wide tables, `auto_title = False` to lay out the title yourself, `printed_note = False`
    to drop the "printed by" line.
    """

    title: str = ""
    subtitle: str = ""
    landscape: bool = False
    auto_title: bool = True
    printed_note: bool = True
    foot_height: float = 0.0  # points kept free under the type area for `draw_page_foot`
    official: bool = False  # GB/T 9704 page numbers: odd pages right, even pages left

    def __init__(self, context: DocumentContext) -> None:
        self.context = context
        self._heading_numbers = [0, 0, 0, 0]

    # --- what subclasses supply --------------------------------------------------------------

    @abstractmethod
    def story(self) -> list[Flowable]:
        """The document's flowables, in order (the title is added by the base)."""

    # --- the page ------------------------------------------------------------------------------

    @property
    def geometry(self) -> PageGeometry:
        return LANDSCAPE if self.landscape else PORTRAIT

    @property
    def frame_width(self) -> float:
        """Width of the type area in points (what tables and paragraphs may use)."""
        return self.geometry.frame_width

    @property
    def styles(self) -> Any:
        return stylesheet()

    def display_title(self) -> str:
        return _(self.title) if self.title else ""

    def display_subtitle(self) -> str:
        return _(self.subtitle) if self.subtitle else ""

    def header_text(self) -> str:
        parts = [p for p in (self.context.station_name, self.context.room_name) if p]
        return " · ".join(parts)

    def sealed_text(self) -> str:
        return _("Juvenile information · Sealed")

    def generate(self) -> bytes:
        """Build the document and return the PDF bytes."""
        register_fonts()
        self._heading_numbers = [0, 0, 0, 0]
        geometry = self.geometry
        buffer = io.BytesIO()
        doc = BaseDocTemplate(
            buffer,
            pagesize=(geometry.width, geometry.height),
            leftMargin=geometry.left,
            rightMargin=geometry.right,
            topMargin=geometry.top,
            bottomMargin=geometry.bottom,
            title=self.display_title(),
            author=self.header_text(),
            subject=self.display_title(),
            creator=CREATOR,
            lang=self.context.language.replace("_", "-"),
            displayDocTitle=True,
            initialFontName=SONG,
            initialFontSize=SMALL_SIZE,
            keepTogetherClass=KeepWithStart,
        )
        frame = Frame(
            geometry.left,
            geometry.bottom + self.foot_height,
            geometry.frame_width,
            geometry.frame_height - self.foot_height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self.draw_page)])
        flowables = self.title_block() + self.story()
        if not flowables:
            flowables = [Spacer(1, 1)]
        canvasmaker = functools.partial(_DeferredFooterCanvas, footer=self.draw_footer)
        doc.build(flowables, canvasmaker=canvasmaker)
        return doc.canv.pdf_data  # type: ignore[no-any-return]

    def title_block(self) -> list[Flowable]:
        """The title (and subtitle) at the top of page one, unless `auto_title` is off."""
        if not self.auto_title:
            return []
        block: list[Flowable] = []
        if self.display_title():
            block.append(self.paragraph(self.display_title(), "title"))
        if self.display_subtitle():
            block.append(self.paragraph(self.display_subtitle(), "subtitle"))
        return block

    def draw_page(self, canvas: Canvas, doc: Any) -> None:
        """Everything drawn on each page besides the story: the header and the page foot."""
        watch = _PAGE_WATCH.get()
        if watch is not None:
            watch(doc.page)
        self.draw_header(canvas, doc)
        if self.foot_height:
            canvas.saveState()
            self.draw_page_foot(canvas)
            canvas.restoreState()

    def draw_page_foot(self, canvas: Canvas) -> None:
        """What a document prints at the foot of every page's type area (with `foot_height`);
        nothing by default."""
        return None

    def draw_header(self, canvas: Canvas, doc: Any) -> None:
        """Running header: station · room on the left, sealed marking or title on the right."""
        geometry = self.geometry
        y = geometry.height - geometry.header_baseline
        left, right = geometry.left, geometry.width - geometry.right
        canvas.saveState()
        if self.context.sealed:
            right_text, right_font, right_size = self.sealed_text(), HEI, SMALL_SIZE + 1.5
            canvas.setFillColor(SEALED_COLOR)
        else:
            right_text, right_font, right_size = self.display_title(), SONG, SMALL_SIZE
            canvas.setFillColor(NOTE_COLOR)
        right_width = min(text_width(right_text, right_font, right_size), geometry.frame_width / 2)
        right_text = fit_text(right_text, right_font, right_size, right_width)
        draw_text(canvas, right, y, right_text, right_font, right_size, align="right")
        canvas.setFillColor(colors.black)
        room_width = geometry.frame_width - right_width - 6 * mm
        room_text = fit_text(self.header_text(), SONG, SMALL_SIZE, room_width)
        draw_text(canvas, left, y, room_text, SONG, SMALL_SIZE)
        canvas.setLineWidth(RULE_WIDTH)
        canvas.line(left, y - 2 * mm, right, y - 2 * mm)
        canvas.restoreState()

    def draw_footer(self, canvas: Canvas, page: int, total: int) -> None:
        """Page number "— n —" under the type area (centred, or for an `official` document
        at the right on odd pages and at the left on even ones, one character in from the
        type area's edge), then the small printed-by line."""
        geometry = self.geometry
        centre = geometry.width / 2
        canvas.saveState()
        canvas.setFillColor(colors.black)
        x, align = centre, "centre"
        if self.official:
            one_character = PAGE_NUMBER_SIZE
            if page % 2:
                x, align = geometry.width - geometry.right - one_character, "right"
            else:
                x, align = geometry.left + one_character, "left"
        number = f"— {page} —"
        draw_text(canvas, x, geometry.page_number_baseline, number, SONG, PAGE_NUMBER_SIZE, align)
        if self.printed_note:
            canvas.setFillColor(NOTE_COLOR)
            note = self.printed_note_text(page, total)
            note = fit_text(note, SONG, NOTE_SIZE, geometry.frame_width)
            draw_text(canvas, centre, geometry.note_baseline, note, SONG, NOTE_SIZE, align="centre")
        canvas.restoreState()

    def printed_note_text(self, page: int, total: int) -> str:
        printed = _("Printed by {name} at {time}").format(
            name=self.context.printed_by,
            time=self.context.printed_at.strftime("%Y-%m-%d %H:%M"),
        )
        return f"{printed} · " + _("Page {page} of {total}").format(page=page, total=total)

    # --- helpers for stories ---------------------------------------------------------------------

    @property
    def chinese(self) -> bool:
        return self.context.language.startswith("zh")

    def label(self, text: str) -> str:
        """`text` followed by a colon in the document's script ("姓名：", "Name: ")."""
        if text.endswith((":", "：")):
            return text
        return f"{text}：" if self.chinese else f"{text}:"

    def markup(self, text: object, style_name: str = "body") -> str:
        """Paragraph markup that prints `text` literally (escaped, newlines kept).

        In indented styles (body, headings) every line after a newline is indented like the
        first, and indentation the user typed (spaces, 全角空格) is dropped, so typed
        paragraphs come out like the rest of the document.
        """
        style = self.styles[style_name]
        if not style.firstLineIndent:
            return plain_markup(text, style.fontName)
        # U+00A0: reportlab collapses other spaces (全角空格 included) at a line start.
        space = stringWidth("\u00a0", style.fontName, style.fontSize) or style.fontSize / 2
        indent = "\u00a0" * round(style.firstLineIndent / space)
        lines = normalise_text(text).split("\n")
        return f"<br/>{indent}".join(plain_markup(line.lstrip(), style.fontName) for line in lines)

    def paragraph(self, text: object, style: str = "body") -> Paragraph:
        """User or fixed text as a paragraph; `<`, `&` print as typed, newlines break lines."""
        return TextParagraph(self.markup(text, style), self.styles[style])

    def heading(self, text: str, level: int = 1, numbered: bool = True) -> Paragraph:
        """A heading numbered 一、 / （一） / 1. / （1） (Chinese) or 1. / 1.1 … (English)."""
        if not 1 <= level <= 4:
            raise ValueError(f"heading level must be 1–4, not {level}")
        prefix = self._next_heading_number(level) if numbered else ""
        return TextParagraph(prefix + self.markup(text, f"h{level}"), self.styles[f"h{level}"])

    def _next_heading_number(self, level: int) -> str:
        numbers = self._heading_numbers
        numbers[level - 1] += 1
        for deeper in range(level, len(numbers)):
            numbers[deeper] = 0
        n = numbers[level - 1]
        if not self.chinese:
            return ".".join(str(max(k, 1)) for k in numbers[:level]) + (". " if level == 1 else " ")
        return {
            1: f"{chinese_numeral(n)}、",
            2: f"（{chinese_numeral(n)}）",
            3: f"{n}.",
            4: f"（{n}）",
        }[level]

    def spacer(self, height_mm: float) -> Spacer:
        return Spacer(1, height_mm * mm)

    def page_break(self) -> PageBreak:
        return PageBreak()

    def empty_text(self) -> str:
        return _("None recorded")

    def empty_note(self, text: str | None = None) -> Paragraph:
        """A quiet note for a section with nothing in it (default: "None recorded")."""
        return self.paragraph(text if text is not None else self.empty_text(), "empty")

    def resident_id(self, number: str | None) -> str:
        """The resident ID as printed: masked (last 4 digits) unless `show_full_ids`."""
        if not number:
            return ""
        if self.context.show_full_ids:
            return number
        from station_desk.domain.masking import mask_resident_id

        return mask_resident_id(number)

    def phone(self, number: str) -> str:
        """A phone number as printed: masked unless `show_full_ids`."""
        if self.context.show_full_ids:
            return number
        from station_desk.domain.masking import mask_phone

        return mask_phone(number)

    @property
    def comma(self) -> str:
        return "，" if self.chinese else ", "

    def labelled(self, label: str, text: str, style: str = "body_flush") -> TextParagraph:
        """A paragraph that starts with a bold (Hei) label: "申请人：张三，女，…"."""
        head = f"<b>{escape(self.label(label))}</b>" + ("" if self.chinese else " ")
        return TextParagraph(head + self.markup(text, style), self.styles[style])

    def text_or_empty(self, text: str) -> Flowable:
        return self.paragraph(text) if text.strip() else self.empty_note()

    def cell(self, text: object, style: str = "table") -> list[Flowable]:
        """A table cell: a wrapped paragraph in a list (so a tall row can split)."""
        paragraph_style = self.styles[style]
        frags = plain_frags(text, paragraph_style)
        if frags is not None:  # what the markup parser would make, made directly
            return [CellParagraph("", paragraph_style, frags=frags)]
        return [CellParagraph(self.markup(text, style), paragraph_style)]

    def facts_table(self, rows: Sequence[tuple[str, object]]) -> Flowable:
        """Label/value rows ("姓名：张三"); values wrap and may run across pages."""
        if not rows:
            return self.empty_note()
        labels = [self.label(label) for label, _value in rows]
        natural = max(text_width(line, HEI, self.styles["facts_label"].fontSize) for line in labels)
        label_width = min(natural + 2 * CELL_PADDING_X + 1, self.frame_width * 0.35)
        data = [
            [self.cell(label, "facts_label"), self.cell(value, "facts_value")]
            for label, (_label, value) in zip(labels, rows, strict=True)
        ]
        table = Table(
            data,
            colWidths=[label_width, self.frame_width - label_width],
            splitByRow=1,
            splitInRow=SPLIT_IN_ROW_MIN,
            hAlign="LEFT",
            spaceAfter=TABLE_SPACE_AFTER,
        )
        table.setStyle(TableStyle(grid_commands()))
        return table

    def data_table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[object]],
        col_widths: Sequence[float] | None = None,
        repeat_header: bool = True,
        split_in_row: bool = True,
    ) -> Flowable:
        """A grid table filling the type area; every cell wraps; the header repeats per page.

        `col_widths` are relative weights (mm, points or fractions all work: they are scaled
        to the type-area width); without them widths follow the content. A row taller than
        the space left is split inside unless `split_in_row` is off (then it goes whole to
        the next page). A table of more than `LONG_TABLE_ROWS` rows (a register, a list) is
        a `LongTable`, laid out a page at a time: use this for every long table.
        """
        ncols = len(header)
        if ncols == 0:
            raise ValueError("a table needs at least one column")
        if isinstance(rows, RowTexts):
            texts: Sequence[list[str]] = RowTexts(rows.items, rows.make, ncols)
        else:
            texts = [_row_texts(row, ncols) for row in rows]
        # Widths follow the first rows and, in a long table, the last (the widest numbers).
        sample = texts if len(texts) <= 400 else [*texts[:300], *texts[-100:]]
        if col_widths is None:
            widths = fit_widths(natural_widths(header, sample, len(sample)), self.frame_width)
        else:
            widths = scale_widths(col_widths, ncols, self.frame_width)
        widths = respect_minimums(
            widths, minimum_widths(header, sample, self.frame_width, len(sample))
        )
        commands = grid_commands()
        commands.append(("VALIGN", (0, 0), (-1, 0), "MIDDLE"))
        in_row = SPLIT_IN_ROW_MIN if split_in_row else 0
        if repeat_header and len(texts) > LONG_TABLE_ROWS:
            def header_cells() -> list[Any]:
                return [self.cell(text, "table_header") for text in header]

            # rows drawn directly unless a document makes its own cells
            direct = self.styles["table"] if type(self).cell is DocumentBase.cell else None
            source = TableRows(header_cells, texts, self.cell, widths, commands, in_row, direct)
            return LongTable(source)
        data: list[list[Any]] = [[self.cell(text, "table_header") for text in header]]
        if texts:
            data += [[self.cell(text) for text in row] for row in texts]
        else:
            data.append([self.cell(self.empty_text(), "table_center")] + [""] * (ncols - 1))
            commands.append(("SPAN", (0, 1), (-1, 1)))
        table = Table(
            data,
            colWidths=widths,
            repeatRows=1 if repeat_header else 0,
            splitByRow=1,
            splitInRow=in_row,
            hAlign="CENTER",
            spaceAfter=TABLE_SPACE_AFTER,
        )
        table.setStyle(TableStyle(commands))
        return table

    def signed(self, text: Sequence[Flowable], signatures: Flowable) -> SignedText:
        """`signatures` with the `text` they sign: never a page holding only signatures."""
        page_height = self.geometry.frame_height - self.foot_height
        return SignedText(text, signatures, SIGNED_TEXT_MIN, page_height)

    def sign_off(self, story: list[Flowable], signatures: Flowable, lead: int = 2) -> list[Flowable]:
        """`story` whose last `lead` flowables go with the `signatures` (see `signed`)."""
        lead = min(lead, len(story))
        return story[: len(story) - lead] + [self.signed(story[len(story) - lead :], signatures)]

    def signature_lines(self, labels: Sequence[str], per_row: int = 2) -> Flowable:
        """Lines for wet signatures: "主持人（签名）：________    日期：________"."""
        style = self.styles["signature"]
        texts = [self.label(label) for label in labels]
        gap = 8 * mm
        min_blank = 30 * mm
        rows: list[list[str]] = []
        for text in texts:
            if rows and len(rows[-1]) < per_row:
                candidate = rows[-1] + [text]
                needed = sum(
                    text_width(t, SONG, style.fontSize) + gap + min_blank for t in candidate
                )
                if needed <= self.frame_width:
                    rows[-1] = candidate
                    continue
            rows.append([text])
        tables = [self._signature_row(row, per_row, gap) for row in rows]
        return KeepTogether([Spacer(1, 4 * mm), *tables])

    def _signature_row(self, texts: list[str], per_row: int, gap: float) -> Table:
        style = self.styles["signature"]
        label_widths = [
            min(text_width(t, SONG, style.fontSize) + (gap if i else 0) + 1, self.frame_width * 0.5)
            for i, t in enumerate(texts)
        ]
        slots = max(per_row, len(texts))
        blank = (self.frame_width - sum(label_widths)) / slots
        widths: list[float] = []
        cells: list[Any] = []
        commands: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("FONTNAME", (0, 0), (-1, -1), SONG),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ]
        for index, (text, width) in enumerate(zip(texts, label_widths, strict=True)):
            column = 2 * index
            cells += [self.paragraph(text, "signature"), ""]
            widths += [width, blank]
            if index:
                commands.append(("LEFTPADDING", (column, 0), (column, 0), gap))
            commands.append(
                ("LINEBELOW", (column + 1, 0), (column + 1, 0), RULE_WIDTH, colors.black)
            )
        unused = self.frame_width - sum(widths)
        if unused > 1:
            cells.append("")
            widths.append(unused)
        table = Table([cells], colWidths=widths, rowHeights=[12 * mm], hAlign="LEFT")
        table.setStyle(TableStyle(commands))
        return table


class DataDocument(DocumentBase, Generic[T]):
    """A printout of one record or one set of figures: `data`."""

    def __init__(self, context: DocumentContext, data: T) -> None:
        super().__init__(context)
        self.data = data


# --- free helpers ------------------------------------------------------------------------------


def plain_markup(text: object, font_name: str) -> str:
    """Escape `text` for reportlab paragraph markup; newlines become ``<br/>``."""
    escaped = fallback_markup(escape(normalise_text(text)), font_name)
    return escaped.replace("\n", "<br/>")


_FRAG_TEMPLATES: dict[int, tuple[Any, Any, Any]] = {}  # id(style) → (style, text, line break)
_LINE_MARK = "\x00"  # never in normalised text


def plain_frags(text: object, style: Any) -> list[Any] | None:
    """The fragments reportlab's markup parser makes of `text` in `style` when it is plain
    (no `&`, `<`, `>`, every glyph in the style's face, no first-line indent): runs of text
    and line breaks, made without parsing (a tenth of the time). None for other text."""
    normal = normalise_text(text)
    if style.firstLineIndent or any(c in normal for c in "&<>"):
        return None
    if fallback_markup(normal, style.fontName) != normal:
        return None
    template = _FRAG_TEMPLATES.get(id(style))
    if template is None or template[0] is not style:
        parsed = Paragraph("x<br/>x", style).frags
        template = _FRAG_TEMPLATES[id(style)] = (style, parsed[0], parsed[1])
    _style, run, line_break = template
    cleaned = cleanBlockQuotedText(normal.replace("\n", _LINE_MARK))
    frags: list[Any] = []
    for index, part in enumerate(cleaned.split(_LINE_MARK)):
        if index:
            frags.append(line_break.clone(link=[], us_lines=[]))
        if part:
            frags.append(run.clone(text=part, link=[], us_lines=[]))
    return frags


def normalise_text(text: object) -> str:
    """`text` as a string with "\n" line ends, tabs as spaces, control characters removed."""
    raw = "" if text is None else str(text)
    raw = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return _CONTROL_CHARS.sub("", raw)


def _row_texts(row: Sequence[object], ncols: int) -> list[str]:
    if len(row) > ncols:
        raise ValueError(f"row has {len(row)} cells but the header only {ncols}: {row!r}")
    cells = ["" if value is None else str(value) for value in row]
    return cells + [""] * (ncols - len(cells))


def grid_commands() -> list[tuple[Any, ...]]:
    """Plain grid lines, top-aligned cells, the standard cell padding."""
    return [
        ("GRID", (0, 0), (-1, -1), RULE_WIDTH, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), SONG),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING_X),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_PADDING_Y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PADDING_Y + 1),
    ]


def natural_widths(
    header: Sequence[str], rows: Sequence[Sequence[str]], sample: int = 300
) -> list[float]:
    """Each column's unwrapped width (longest line, header in Hei) plus padding."""
    styles = stylesheet()
    size = styles["table"].fontSize
    minimum = 2 * size + 2 * CELL_PADDING_X + 1
    widths = []
    for column, title in enumerate(header):
        longest = max((text_width(line, HEI, size) for line in str(title).split("\n")), default=0)
        for row in rows[:sample]:
            for line in row[column].split("\n"):
                longest = max(longest, text_width(line, SONG, size))
        widths.append(max(longest + 2 * CELL_PADDING_X + 1, minimum))
    return widths


SHORT_CELL = 8  # a cell line of up to this many characters, no spaces, stays whole (姓名, 序号)


def unbreakable_units(text: str) -> list[str]:
    """The pieces of `text` a line may not break inside (words, numbers, dates, dotted
    names, a bracket with its neighbour), by the rules of `linebreak.may_break_before`; a
    short line without spaces (a name, a short header) is one piece."""
    units: list[str] = []
    for line in text.split("\n"):
        if len(line.strip()) <= SHORT_CELL and not any(c.isspace() for c in line.strip()):
            units.append(line.strip())
            continue
        start = 0
        for index in range(1, len(line) + 1):
            if index == len(line) or may_break_before(line, index):
                units.append(line[start:index].strip())
                start = index
    return [unit for unit in units if unit]


def minimum_widths(
    header: Sequence[str], rows: Sequence[Sequence[str]], total: float, sample: int = 300
) -> list[float]:
    """Each column's least width: its header's and its cells' longest unbreakable unit (序号
    never 序/号; a name, a date, an ID number), at most 40 % of `total`."""
    size = stylesheet()["table"].fontSize
    padding = 2 * CELL_PADDING_X + 1
    minimums = []
    for column, title in enumerate(header):
        widest = max((text_width(unit, HEI, size) for unit in unbreakable_units(str(title))), default=0)
        for row in rows[:sample]:
            for unit in unbreakable_units(row[column]):
                widest = max(widest, text_width(unit, SONG, size))
        minimums.append(min(widest + padding, total * 0.4))
    return minimums


def respect_minimums(widths: Sequence[float], minimums: Sequence[float]) -> list[float]:
    """`widths` with every column at least its minimum where the total allows, the others
    giving up the difference in proportion to what they have above their own minimum."""
    result = list(widths)
    for _round in range(len(result)):
        short = {i for i, w in enumerate(result) if w < minimums[i] - 0.01}
        if not short:
            break
        needed = sum(minimums[i] - result[i] for i in short)
        donors = {
            i: result[i] - minimums[i]
            for i in range(len(result))
            if i not in short and result[i] > minimums[i]
        }
        available = sum(donors.values())
        if available <= 0:
            break
        share = min(1.0, available / needed)
        for i in short:
            result[i] += (minimums[i] - result[i]) * share
        for i, spare in donors.items():
            result[i] -= needed * share * spare / available
    return result


def fit_widths(natural: Sequence[float], total: float) -> list[float]:
    """Share `total` among columns: narrow columns keep their natural width, wide ones wrap."""
    if sum(natural) <= total:
        extra = total - sum(natural)
        return [w + extra * w / sum(natural) for w in natural]
    widths = [0.0] * len(natural)
    flexible = set(range(len(natural)))
    remaining = total
    while flexible:
        share = remaining / len(flexible)
        fixed = [i for i in flexible if natural[i] <= share]
        if not fixed:
            break
        for i in fixed:
            widths[i] = natural[i]
            remaining -= natural[i]
            flexible.discard(i)
    weights = {i: min(natural[i], remaining) for i in flexible}
    for i in flexible:
        widths[i] = remaining * weights[i] / sum(weights.values())
    return widths


def scale_widths(weights: Sequence[float], ncols: int, total: float) -> list[float]:
    """Relative column weights scaled to `total` points."""
    if len(weights) != ncols or any(w <= 0 for w in weights):
        raise ValueError(f"need {ncols} positive column widths, got {list(weights)!r}")
    return [total * w / sum(weights) for w in weights]


def text_runs(text: str, font_name: str) -> list[tuple[str, str]]:
    """Split `text` into (font, run) pieces, each character in the face that has it."""
    return list(_text_runs(text, font_name))


@functools.lru_cache(maxsize=1024)  # the same page furniture is measured on every page
def _text_runs(text: str, font_name: str) -> tuple[tuple[str, str], ...]:
    runs: list[tuple[str, str]] = []
    for char in text:
        font = face_for(char, font_name)
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + char)
        else:
            runs.append((font, char))
    return tuple(runs)


@functools.lru_cache(maxsize=1024)
def text_width(text: str, font_name: str, size: float) -> float:
    return sum(stringWidth(run, font, size) for font, run in text_runs(text, font_name))


def fit_text(text: str, font_name: str, size: float, width: float) -> str:
    """`text`, cut with "…" so that it fits `width`."""
    if text_width(text, font_name, size) <= width:
        return text
    while text and text_width(text + "…", font_name, size) > width:
        text = text[:-1]
    return text + "…" if text else ""


def draw_text(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    font_name: str,
    size: float,
    align: str = "left",
) -> None:
    """Draw one line on a raw canvas, with per-glyph font fallback; align left/centre/right."""
    width = text_width(text, font_name, size)
    if align == "right":
        x -= width
    elif align == "centre":
        x -= width / 2
    for font, run in text_runs(text, font_name):
        canvas.setFont(font, size)
        canvas.drawString(x, y, run)
        x += stringWidth(run, font, size)


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一 (1–99); larger numbers stay in Arabic digits."""
    digits = "零一二三四五六七八九"
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return digits[ones]
    head = "" if tens == 1 else digits[tens]
    return head + "十" + (digits[ones] if ones else "")


