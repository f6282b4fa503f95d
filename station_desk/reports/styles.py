"""Page geometry and the paragraph stylesheet, in the spirit of GB/T 9704-2012.

GB/T 9704 (党政机关公文格式) asks for A4, a 156 × 225 mm type area 37 mm from the top and
28 mm from the left, a 22 pt (二号) title, a 16 pt (三号) body with about 22 lines of 28
characters a page, headings 一、 (Hei) （一） (Kai or bold) 1. and （1）, and page numbers
"— 1 —" in 14 pt (四号). Titles are set in a bold Song (Noto Serif CJK SC Bold, the open
stand-in for 小标宋), the body in Song (UMing: no open 仿宋 covers Simplified Chinese), and
Kai and bold become Hei (Micro Hei). At exactly 16 pt a 156 mm line holds 27 full-width characters (28 would need 158 mm);
like a word processor's character grid, the fonts' full-width advance is tightened by 1.3 %
(`fonts.GRID_ADVANCE`), so a line holds 28. The leading gives 22 lines a page. Page numbers
of the official-style documents (`DocumentBase.official`) alternate as GB/T 9704 asks: odd
pages at the right, even pages at the left, one character in from the type area's edge.

Every style wraps CJK text (``wordWrap='CJK'``), which also breaks long Latin words and
URLs that do not fit, so nothing runs past the margin. reportlab's line-start rules (kinsoku)
are Japanese and miss Chinese punctuation such as ，；：？！》”; `stylesheet()` adds them, so a
comma hangs at the end of a line (标点悬挂, at most one character into the margin) instead of
starting the next one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors, textsplit
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm

from station_desk.reports.fonts import GRID_ADVANCE, HEI, SONG, TITLE, register_fonts

# --- sizes in points (Chinese type sizes in brackets) ---------------------------------------
TITLE_SIZE = 22.0  # 二号
SUBTITLE_SIZE = 16.0  # 三号
BODY_SIZE = 16.0  # 三号
HEADING_SIZE = 16.0  # 三号
PAGE_NUMBER_SIZE = 14.0  # 四号
SIGNATURE_SIZE = 14.0  # 四号
FACTS_SIZE = 12.0  # 小四
TABLE_SIZE = 10.5  # 五号
SMALL_SIZE = 9.0  # 小五: running header
NOTE_SIZE = 8.0  # the "printed by" line under the page number

TYPE_AREA_LINES = 22
PORTRAIT_TYPE_HEIGHT = 225 * mm
BODY_LEADING = PORTRAIT_TYPE_HEIGHT / TYPE_AREA_LINES  # ≈ 28.97 pt: 22 lines in 225 mm
TITLE_LEADING = TITLE_SIZE * 1.45
TABLE_LEADING = TABLE_SIZE * 1.38
FACTS_LEADING = FACTS_SIZE * 1.45
INDENT = 2 * BODY_SIZE * GRID_ADVANCE / 1000  # paragraphs and headings start two characters in
HEADING_SPACE = BODY_LEADING * 0.3  # extra space above 一、 headings (half above （一）)
TABLE_SPACE_AFTER = 6.0

# Table cell padding and rule width (points).
CELL_PADDING_X = 4.0
CELL_PADDING_Y = 3.0
RULE_WIDTH = 0.5

SEALED_COLOR = colors.HexColor("#C00000")
NOTE_COLOR = colors.HexColor("#555555")


@dataclass(frozen=True)
class PageGeometry:
    """Page size and margins in points; the type area is what the margins leave."""

    width: float
    height: float
    top: float
    bottom: float
    left: float
    right: float
    header_baseline: float  # distance from the top edge
    page_number_baseline: float  # distance from the bottom edge
    note_baseline: float  # distance from the bottom edge

    @property
    def frame_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def frame_height(self) -> float:
        return self.height - self.top - self.bottom


PORTRAIT = PageGeometry(
    width=A4[0],
    height=A4[1],
    top=37 * mm,
    bottom=35 * mm,
    left=28 * mm,
    right=26 * mm,  # 210 - 28 - 156
    header_baseline=26 * mm,
    page_number_baseline=24 * mm,  # the number's top sits ~7 mm under the type area
    note_baseline=14 * mm,
)

LANDSCAPE = PageGeometry(
    width=landscape(A4)[0],
    height=landscape(A4)[1],
    top=24 * mm,
    bottom=24 * mm,
    left=20 * mm,
    right=20 * mm,
    header_baseline=15 * mm,
    page_number_baseline=14 * mm,
    note_baseline=8 * mm,
)


# Chinese punctuation that must not start a line (GB/T 15834 / common typesetting practice).
CHINESE_CANNOT_START = "，。、；：？！）》〉」』】〕”’…—·％‰℃"


def _add_chinese_line_start_rules() -> None:
    """Teach reportlab's CJK wrapping the Chinese no-line-start punctuation (idempotent)."""
    from reportlab.platypus import paragraph

    missing = "".join(c for c in CHINESE_CANNOT_START if c not in textsplit.ALL_CANNOT_START)
    if missing:
        textsplit.ALL_CANNOT_START += missing
    # paragraph.py imported the string by value; keep both in step.
    paragraph.ALL_CANNOT_START = textsplit.ALL_CANNOT_START


def _style(name: str, **values: object) -> ParagraphStyle:
    base: dict[str, object] = {
        "fontName": SONG,
        "fontSize": BODY_SIZE,
        "leading": BODY_LEADING,
        "wordWrap": "CJK",
        "alignment": TA_LEFT,
        "allowOrphans": 0,
        "allowWidows": 0,
    }
    base.update(values)
    return ParagraphStyle(name, **base)


@cache
def stylesheet() -> StyleSheet1:
    """The shared stylesheet (built once; fonts are registered on first use).

    Names: ``title``, ``subtitle``, ``body``, ``body_flush`` (no indent), ``h1``–``h4``,
    ``table``, ``table_header``, ``table_center``, ``facts_label``, ``facts_value``,
    ``signature``, ``empty``, ``small``, ``small_right``.
    """
    register_fonts()
    _add_chinese_line_start_rules()
    sheet = StyleSheet1()
    sheet.add(
        _style(
            "title",
            fontName=TITLE,
            fontSize=TITLE_SIZE,
            leading=TITLE_LEADING,
            alignment=TA_CENTER,
            spaceAfter=BODY_LEADING * 0.5,
            keepWithNext=1,
        )
    )
    sheet.add(
        _style(
            "subtitle",
            fontSize=SUBTITLE_SIZE,
            alignment=TA_CENTER,
            spaceAfter=BODY_LEADING * 0.5,
            keepWithNext=1,
        )
    )
    sheet.add(_style("body", firstLineIndent=INDENT))
    sheet.add(_style("body_flush"))
    for level, font, space in (
        (1, HEI, HEADING_SPACE),
        (2, HEI, HEADING_SPACE / 2),
        (3, SONG, 0),
        (4, SONG, 0),
    ):
        sheet.add(
            _style(
                f"h{level}",
                fontName=font,
                fontSize=HEADING_SIZE,
                firstLineIndent=INDENT,
                spaceBefore=space,
                keepWithNext=1,
            )
        )
    sheet.add(_style("table", fontSize=TABLE_SIZE, leading=TABLE_LEADING))
    sheet.add(
        _style("table_center", fontSize=TABLE_SIZE, leading=TABLE_LEADING, alignment=TA_CENTER)
    )
    sheet.add(
        _style(
            "table_header",
            fontName=HEI,
            fontSize=TABLE_SIZE,
            leading=TABLE_LEADING,
            alignment=TA_CENTER,
        )
    )
    sheet.add(_style("facts_label", fontName=HEI, fontSize=FACTS_SIZE, leading=FACTS_LEADING))
    sheet.add(_style("facts_value", fontSize=FACTS_SIZE, leading=FACTS_LEADING))
    sheet.add(_style("signature", fontSize=SIGNATURE_SIZE, leading=SIGNATURE_SIZE * 1.3))
    sheet.add(
        _style(
            "empty",
            fontSize=FACTS_SIZE,
            leading=FACTS_LEADING,
            leftIndent=INDENT,
            textColor=NOTE_COLOR,
            spaceBefore=2,
            spaceAfter=6,
        )
    )
    sheet.add(_style("small", fontSize=SMALL_SIZE, leading=SMALL_SIZE * 1.3))
    sheet.add(
        _style("small_right", fontSize=SMALL_SIZE, leading=SMALL_SIZE * 1.3, alignment=TA_RIGHT)
    )
    return sheet
