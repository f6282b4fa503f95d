"""Rows of a long table drawn straight on the canvas (a register's page of rows).

A register is plain text in fixed columns. Laying out each page of thirty thousand rows as a
reportlab `Table` of a `Paragraph` per cell cost about 3 ms of CPU a row (fragments, line
objects, `_putFragLine`). Here a cell's text is broken into lines by the same rules and glyph
widths (`linebreak.plain_lines`), a row's height is its tallest cell's lines, and a page's
rows are drawn with one text object and one set of grid lines: the same words at the same
places as the `Table` (`tests/unit/reports/test_long_tables.py` compares them), in a fraction
of the time and without an object per cell. The header row is still a small `Table`, so it
looks exactly as before.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase.pdfmetrics import getAscentDescent, getFont
from reportlab.platypus import Flowable
from reportlab.platypus.paragraph import cleanBlockQuotedText

from station_desk.reports.fonts import face_for
from station_desk.reports.linebreak import plain_lines
from station_desk.reports.styles import (
    CELL_PADDING_X,
    CELL_PADDING_Y,
    RULE_WIDTH,
    TABLE_SPACE_AFTER,
)

_LINE_MARK = "\x00"  # never in normalised text
_SPACE = re.compile(r"[^\S\n]")  # white space that cleaning changes (not a line break)
_FACES: dict[str, dict[str, str]] = {}  # face of the text → glyph → the face that draws it
_ELSEWHERE: dict[str, set[str]] = {}  # face of the text → glyphs another face draws


def cell_text(normalised: str) -> str:
    """The text a cell's paragraph shows: runs of white space as one space, each typed line
    trimmed as reportlab cleans paragraph text ("\\n" stays a line break)."""
    if not _SPACE.search(normalised):
        return normalised  # nothing to clean
    return cleanBlockQuotedText(normalised.replace("\n", _LINE_MARK)).replace(_LINE_MARK, "\n")


def line_runs(text: str, font_name: str) -> list[tuple[str, str]]:
    """`text` as (face, run) pieces, each glyph in the face that has it."""
    faces = _FACES.setdefault(font_name, {})
    for char in set(text).difference(faces):
        faces[char] = face_for(char, font_name)
    return [(face, "".join(run)) for face, run in groupby(text, faces.__getitem__)]


def in_one_face(text: str, font_name: str) -> bool:
    """Whether `font_name` draws every glyph of `text` (no fallback face needed)."""
    chars = set(text)
    faces = _FACES.setdefault(font_name, {})
    for char in chars.difference(faces):
        faces[char] = face = face_for(char, font_name)
        if face != font_name:
            _ELSEWHERE.setdefault(font_name, set()).add(char)
    return chars.isdisjoint(_ELSEWHERE.get(font_name, ()))


@dataclass(frozen=True)
class CellLine:
    runs: list[tuple[str, str]]
    width: float
    ascent: float


@dataclass(frozen=True)
class RowLines:
    """A row of a long table as texts and the lines of each cell, and its height."""

    texts: Sequence[str]
    cells: list[list[CellLine]]
    height: float


def lay_out_row(texts: Sequence[str], style: Any, widths: Sequence[float]) -> RowLines:
    """`texts` broken into the lines of cells of `widths` in `style`, with the row's height
    as `Table` counts it (tallest cell, padding of `base.grid_commands`)."""
    font, size = style.fontName, style.fontSize
    cells: list[list[CellLine]] = []
    own_ascent = _ascent(font, size)
    for text, width in zip(texts, widths, strict=True):
        shown = cell_text(text)
        broken = plain_lines(shown, font, size, width - 2 * CELL_PADDING_X)
        if in_one_face(shown, font):
            cells.append([CellLine([(font, line)], used, own_ascent) for line, used in broken])
            continue
        lines = []
        for line, used in broken:
            runs = line_runs(line, font)
            ascent = max((_ascent(face, size) for face, _run in runs), default=own_ascent)
            lines.append(CellLine(runs, used, ascent))
        cells.append(lines)
    tallest = max((len(lines) for lines in cells), default=0) * style.leading
    return RowLines(texts, cells, tallest + 2 * CELL_PADDING_Y + 1)


_ASCENTS: dict[tuple[str, float], float] = {}


def _ascent(face: str, size: float) -> float:
    """How far a paragraph's first baseline is below its top, as reportlab draws it."""
    if rl_config.paraFontSizeHeightOffset:
        return size
    key = (face, size)
    if key not in _ASCENTS:
        _ASCENTS[key] = getAscentDescent(face, size)[0]
    return _ASCENTS[key]


class DrawnRows(Flowable):
    """One page of a long table: the header (a `Table` made by `header`, drawn into a form
    named `header_name` the first time) and `rows` drawn directly, with the grid of
    `base.grid_commands` and top-aligned cells."""

    def __init__(
        self, header: Callable[[], Flowable], header_height: float, rows: Sequence[RowLines],
        widths: Sequence[float], style: Any, header_name: str,
    ) -> None:
        super().__init__()
        self.header, self.header_height, self.header_name = header, header_height, header_name
        self.rows, self.widths, self.style = list(rows), list(widths), style
        self.hAlign, self.spaceAfter = "CENTER", TABLE_SPACE_AFTER
        self.width = sum(self.widths)
        self.height = header_height + sum(row.height for row in self.rows)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        self.draw_header(canvas)
        canvas.saveState()
        canvas.setFillColor(self.style.textColor or colors.black)
        size, leading, align = self.style.fontSize, self.style.leading, self.style.alignment
        text = TextOps(canvas, size, leading)
        lefts = [0.0]
        for width in self.widths:
            lefts.append(lefts[-1] + width)
        top = self.height - self.header_height
        bottoms = []
        for row in self.rows:
            for left, width, lines in zip(lefts, self.widths, row.cells, strict=False):
                if not lines:
                    continue
                inner = width - 2 * CELL_PADDING_X
                y = top - CELL_PADDING_Y - lines[0].ascent
                for line in lines:
                    text.line(left + CELL_PADDING_X + _offset(align, inner, line.width), y, line.runs)
                    y -= leading
            top -= row.height
            bottoms.append(top)
        text.draw()
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(RULE_WIDTH)
        rows_top = self.height - self.header_height
        rules = [(0.0, bottom, self.width, bottom) for bottom in bottoms]
        rules += [(x, rows_top, x, top) for x in lefts]
        # as canvas.lines() draws them, without formatting each number through fp_str
        canvas._code.append(" ".join(f"{a:.3f} {b:.3f} m {c:.3f} {d:.3f} l" for a, b, c, d in rules) + " S")
        canvas.restoreState()

    def draw_header(self, canvas: Any) -> None:
        """The header row, drawn once into a form that every page of the table reuses."""
        name = self.header_name
        if not canvas.hasForm(name):
            header = self.header()
            header.wrapOn(canvas, self.width, self.header_height)
            canvas.beginForm(name)
            header.drawOn(canvas, 0, 0)
            canvas.endForm()
        canvas.saveState()
        canvas.translate(0, self.height - self.header_height)
        canvas.doForm(name)
        canvas.restoreState()


_ENCODED: weakref.WeakKeyDictionary[Any, dict[tuple[str, str], list[tuple[int, str]]]] = (
    weakref.WeakKeyDictionary()
)  # a PDF document → short runs of text already encoded in its font subsets
_ENCODED_RUN = 16  # runs up to this long are kept (dates, names, types: they repeat)
_ENCODED_MAX = 4096  # runs kept at most: then forgotten and kept anew (a 10,000-page
# register's names and dates, all kept, came to about 70 MB; types and recent dates repeat)


class TextOps:
    """A page's text operators for lines of (face, run) pieces, as reportlab's text object
    writes them for its TrueType faces (`PDFTextObject._formatText`), without its per-call
    costs: number formatting, glyph widths for a cursor nobody reads, and encoding the same
    short runs into font subsets again and again."""

    def __init__(self, canvas: Any, size: float, leading: float) -> None:
        self.canvas, self.doc, self.size, self.leading = canvas, canvas._doc, size, leading
        self.tail = f"{fp_str(size)} Tf {fp_str(leading)} TL"
        self.ops: list[str] = []
        self.current: tuple[str, int] | None = None
        self.encoded = _ENCODED.setdefault(self.doc, {})
        self.fonts: dict[str, Any] = {}

    def line(self, x: float, y: float, runs: Sequence[tuple[str, str]]) -> None:
        self.ops.append(f"1 0 0 1 {x:.3f} {y:.3f} Tm")
        for face, run in runs:
            font = self.fonts.get(face) or self.fonts.setdefault(face, getFont(face))
            if not getattr(font, "_dynamicFont", False):  # pragma: no cover - fonts.py registers TTFs
                raise TypeError(f"table text needs a TrueType face, not {face}")
            key = (face, run)
            pieces = self.encoded.get(key)
            if pieces is None:
                pieces = [(subset, f"({escapePDF(data)}) Tj") for subset, data in font.splitString(run, self.doc)]
                if len(run) <= _ENCODED_RUN:
                    if len(self.encoded) >= _ENCODED_MAX:
                        self.encoded.clear()  # encoding again gives the same codes
                    self.encoded[key] = pieces
            for subset, shown in pieces:
                if (face, subset) != self.current:
                    self.ops.append(f"{font.getSubsetInternalName(subset, self.doc)} {self.tail}")
                    self.current = (face, subset)
                self.ops.append(shown)

    def draw(self) -> None:
        """Put the text so far on the canvas (one text object)."""
        if self.ops:
            self.canvas._code.append("BT " + " ".join(self.ops) + " ET")
        self.ops, self.current = [], None


def _offset(align: int, inner: float, used: float) -> float:
    if align == TA_CENTER:
        return (inner - used) / 2
    if align == TA_RIGHT:
        return inner - used
    return 0.0
