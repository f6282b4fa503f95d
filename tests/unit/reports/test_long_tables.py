"""Long tables (registers, lists) laid out a page at a time (`LongTable`), read back as a
reader would: every row once, in order, the header once at the top of every page, rows kept
whole, a row taller than a page split inside and continued without a second header; and the
direct cell fragments equal to what reportlab's markup parser makes."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table, TableStyle

from station_desk import i18n
from station_desk.reports import DocumentBase, drawn_rows, register_fonts
from station_desk.reports.base import (
    LONG_TABLE_ROWS,
    CellParagraph,
    LongTable,
    grid_commands,
    normalise_text,
    plain_frags,
    plain_markup,
    row_height,
)
from station_desk.reports.drawn_rows import DrawnRows, lay_out_row
from station_desk.reports.linebreak import plain_lines
from station_desk.reports.mediation import MediationRegister
from station_desk.reports.styles import stylesheet
from tests.reports_helpers import PdfWord, pdf_page_count, pdf_text, pdf_words, squash
from tests.unit.reports.test_base import LONG_TEXT, StoryDocument, body_text, make_context
from tests.unit.reports.test_mediation_documents import context, register_rows

HEADER = ["序号", "姓名", "住址", "备注"]


def person_rows(count: int) -> list[list[str]]:
    return [
        [str(n), f"居民{n:05d}", f"和平里小区{n % 40 + 1}号楼{n % 6 + 1}单元{n % 30 + 101}室",
         "按时参加巡逻" if n % 3 else "请假\n已补班"]
        for n in range(1, count + 1)
    ]


def long_list(doc: DocumentBase, count: int) -> list:
    return [doc.heading("花名册"), doc.data_table(HEADER, person_rows(count), col_widths=[8, 14, 40, 20])]


@pytest.fixture(scope="module")
def long_pdf() -> bytes:
    i18n.set_language("zh_CN")
    return StoryDocument(make_context(), lambda doc: long_list(doc, 3000)).generate()


def test_a_long_table_is_laid_out_a_page_at_a_time() -> None:
    document = StoryDocument(make_context(), lambda doc: [])
    assert isinstance(document.data_table(HEADER, person_rows(LONG_TABLE_ROWS + 1)), LongTable)
    assert isinstance(document.data_table(HEADER, person_rows(LONG_TABLE_ROWS)), Table)


def test_every_row_of_a_long_table_is_printed_once_in_order(long_pdf: bytes) -> None:
    text = body_text(long_pdf)
    positions = [text.find(f"居民{n:05d}") for n in range(1, 3001)]
    assert all(position >= 0 for position in positions)
    assert positions == sorted(positions)
    assert all(text.count(f"居民{n:05d}") == 1 for n in (1, 1500, 3000))
    assert text.count("已补班") == 1000


def test_the_header_is_on_top_of_every_page_once(long_pdf: bytes) -> None:
    pages = pdf_page_count(long_pdf)
    assert pages > 40
    heads = [w for w in pdf_words(long_pdf) if w.text == "住址"]
    assert [w.page for w in heads] == list(range(1, pages + 1))
    first_rows = {}
    for word in pdf_words(long_pdf):
        if word.text.startswith("居民") and word.page not in first_rows:
            first_rows[word.page] = word
    header_of = {w.page: w for w in heads}
    assert all(header_of[page].y1 <= row.y0 for page, row in first_rows.items())


def test_a_long_table_looks_like_one_table() -> None:
    """The same rows as one reportlab `Table` (the way before) and as a `LongTable` give the
    same pages, words and positions."""
    i18n.set_language("zh_CN")
    rows = person_rows(120)

    def as_one_table(doc: DocumentBase) -> list:
        table = doc.data_table(HEADER, rows, col_widths=[8, 14, 40, 20])
        assert isinstance(table, LongTable)
        return [doc.heading("花名册"), table.source.table([[doc.cell(t) for t in row] for row in rows])]

    chunked = StoryDocument(make_context(), lambda doc: long_list(doc, 120)).generate()
    whole = StoryDocument(make_context(), as_one_table).generate()
    place = [(w.page, round(w.x0, 1), round(w.y0, 1), w.text) for w in pdf_words(chunked)]
    assert place == [(w.page, round(w.x0, 1), round(w.y0, 1), w.text) for w in pdf_words(whole)]


MIXED_ROWS = [
    ["1", "𠮷祥", "和平里 a < b & c　全角  空格\t制表", ""],
    ["2", "赵孟𫖯", "", "第一行\r\n\n第三行 "],
    ["3", "", "（2026年3月5日）达成协议，赔偿500元。" * 6, "Schmidt paid 1,500.00 yuan on 2026-03-05"],
    ["4", "买买提·艾力", "11010519491231002X", "x" * 90],
]


def test_a_long_table_of_mixed_text_looks_like_one_table() -> None:
    """Rows drawn directly (`DrawnRows`) put the same words at the same places as reportlab's
    `Table` of paragraphs: fallback faces, markup characters, typed and empty lines, spaces,
    empty cells, words longer than a cell."""
    i18n.set_language("zh_CN")
    rows = [[str(n), *MIXED_ROWS[n % 4][1:]] for n in range(90)]

    def chunked(doc: DocumentBase) -> list:  # rows kept whole (as a register's), as `Table` then does
        return [doc.data_table(HEADER, rows, col_widths=[8, 14, 40, 20], split_in_row=False)]

    def whole(doc: DocumentBase) -> list:
        table = doc.data_table(HEADER, rows, col_widths=[8, 14, 40, 20], split_in_row=False)
        return [table.source.table([[doc.cell(t) for t in row] for row in rows])]

    direct = StoryDocument(make_context(), chunked).generate()
    tables = StoryDocument(make_context(), whole).generate()

    def place(pdf: bytes) -> list:
        return sorted((w.page, round(w.x0, 1), round(w.y0, 1), w.text) for w in pdf_words(pdf))

    assert place(direct) == place(tables)
    assert "𠮷祥" in body_text(direct)


def test_directly_drawn_rows_are_the_pages_of_a_long_table() -> None:
    register_fonts()
    document = StoryDocument(make_context(), lambda doc: [])
    table = document.data_table(HEADER, person_rows(100), col_widths=[8, 14, 40, 20])
    assert isinstance(table, LongTable)
    first, rest = table.split(table.width, 500)
    assert isinstance(first, DrawnRows) and isinstance(rest, LongTable)
    assert first.wrap(table.width, 500)[1] <= 500


def test_row_heights_of_drawn_rows_are_those_of_table_cells() -> None:
    register_fonts()
    document = StoryDocument(make_context(), lambda doc: [])
    widths = [60.0, 80.0, 200.0, 120.0]
    for row in [*person_rows(20), *MIXED_ROWS]:
        cells = [document.cell(text) for text in row]
        lines = lay_out_row([normalise_text(t) for t in row], stylesheet()["table"], widths)
        assert round(lines.height, 6) == round(row_height(cells, widths), 6), row


line_text = st.lists(
    st.sampled_from(list("张三李四和平里 \n1aB.，。（）-·年月日") + ["𠮷", "2026", "  ", "\n\n", "Schmidt "]),
    max_size=60,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(line_text, st.sampled_from([20.0, 45.0, 80.0, 150.0]))
def test_plain_lines_break_as_paragraphs_do(text: str, width: float) -> None:
    register_fonts()
    style = stylesheet()["table"]
    paragraph = CellParagraph(plain_markup(text, style.fontName), style)
    paragraph.wrap(width, 10_000)
    expected = [
        "".join(word.text for word in line.words if getattr(word, "text", None))
        for line in paragraph.blPara.lines
    ]
    shown = drawn_rows.cell_text(normalise_text(text))
    assert [line for line, _width in plain_lines(shown, style.fontName, style.fontSize, width)] == expected


def test_row_heights_are_measured_as_reportlab_measures_them() -> None:
    register_fonts()
    document = StoryDocument(make_context(), lambda doc: [])
    widths = [60.0, 80.0, 200.0, 120.0]
    cells = [[document.cell(text) for text in row] for row in person_rows(30)]
    table = Table(cells, colWidths=widths)
    table.setStyle(TableStyle(grid_commands()))
    table.wrap(sum(widths), 10_000)
    assert [round(row_height(row, widths), 6) for row in cells] == [round(h, 6) for h in table._rowHeights]


def test_a_row_taller_than_a_page_is_split_inside_and_continued_under_no_second_header() -> None:
    i18n.set_language("zh_CN")
    rows = person_rows(60)
    rows[30][3] = LONG_TEXT[:3000]
    pdf = StoryDocument(
        make_context(), lambda doc: [doc.data_table(HEADER, rows, col_widths=[8, 14, 30, 48])]
    ).generate()
    text = body_text(pdf)
    assert squash(LONG_TEXT[:40]) in text and squash(LONG_TEXT[2960:3000]) in text
    assert all(f"居民{n:05d}" in text for n in range(1, 61))
    pages = pdf_page_count(pdf)
    heads = [w.page for w in pdf_words(pdf) if w.text == "住址"]
    assert heads == list(range(1, pages + 1))


def test_a_long_register_keeps_every_case_under_a_header_on_every_page() -> None:
    i18n.set_language("zh_CN")
    rows = [row for _ in range(15) for row in register_rows(40)]  # 600 cases, 200 pages
    pdf = MediationRegister(context(), rows, date(2026, 1, 1), date(2026, 12, 31)).generate()
    text = squash(pdf_text(pdf, "-raw"))
    assert text.count("〔2026〕调字第0040号") == 15
    header = i18n._("Case number").split()[0]
    pages = pdf_page_count(pdf)
    assert [w.page for w in pdf_words(pdf) if w.text == header] == list(range(1, pages + 1))
    assert squash(i18n._("Cases: {count}").format(count=600)) in text


cell_text = st.lists(st.sampled_from(list("张三李四和平里 \n\t1aB.，。（）-") + ["  ", "\n\n", "\r\n"]), max_size=30).map("".join)


@settings(max_examples=200, deadline=None)
@given(cell_text, st.sampled_from(["table", "table_header", "table_center"]))
def test_cell_fragments_are_those_the_parser_makes(text: str, style_name: str) -> None:
    register_fonts()
    style = stylesheet()[style_name]
    direct = plain_frags(text, style)
    assert direct is not None
    parsed = Paragraph(plain_markup(text, style.fontName), style).frags
    assert [f.__dict__ for f in direct] == [f.__dict__ for f in parsed]


def test_text_with_markup_characters_or_missing_glyphs_goes_through_the_parser() -> None:
    register_fonts()
    style = stylesheet()["table"]
    assert plain_frags("a < b & c", style) is None
    assert plain_frags("王叕", style) is None  # 叕 comes from the fallback face


def test_forgetting_encoded_runs_changes_nothing_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    i18n.set_language("zh_CN")
    rows = register_rows(60)

    def words() -> list[PdfWord]:
        return pdf_words(MediationRegister(context(), rows, date(2026, 1, 1), date(2026, 12, 31)).generate())

    kept = words()
    monkeypatch.setattr(drawn_rows, "_ENCODED_MAX", 3)  # forgotten every few runs
    assert words() == kept and len(kept) > 1000


@pytest.mark.parametrize("after", ["。", " "])
def test_a_line_full_before_a_typed_break_leaves_no_empty_line(after: str) -> None:
    """A closing mark hanging at the end of a typed line (or a space there) ends that line:
    the typed break after it makes no empty line (a register's result column showed one)."""
    register_fonts()
    style = stylesheet()["table"]
    width = stringWidth("支付人民币", style.fontName, style.fontSize)
    text = f"支付人民币{after}\n二、双方和睦"
    drawn = [line.strip() for line, _width in plain_lines(text, style.fontName, style.fontSize, width)]
    assert drawn == [f"支付人民币{after.strip()}", "二、双方和", "睦"]  # a space ends its line, unseen
    paragraph = CellParagraph(plain_markup(text, style.fontName), style)
    paragraph.wrap(width, 10_000)
    lines = ["".join(w.text for w in line.words if getattr(w, "text", None)) for line in paragraph.blPara.lines]
    assert [line.strip() for line in lines] == drawn
