"""Registers as .xlsx (exchange/xlsx.py), read back with openpyxl: title, header, text that
stays text (ID numbers, formula-like input), dates, widths for Chinese, frozen header, print
setup."""

from __future__ import annotations

import io
import tempfile
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from station_desk.exchange.xlsx import (
    Column,
    ColumnKind,
    Sheet,
    column_widths,
    display_width,
    workbook_bytes,
)

COLUMNS = [
    Column("序号", ColumnKind.NUMBER),
    Column("姓名"),
    Column("身份证号", ColumnKind.ID),
    Column("日期", ColumnKind.DATE),
    Column("备注"),
]
ROWS = [
    [1, "阿依古丽·买买提", "650102199001011234", date(2026, 3, 1), "=HYPERLINK(\"http://x\")"],
    [2, "John Smith", "", datetime(2026, 3, 2, 9, 30), "+86 138 0000 0000"],
    [3, "张三", "000000000000000012", None, "备注\n第二行"],
]


def read(data: bytes) -> Worksheet:
    return load_workbook(io.BytesIO(data)).worksheets[0]


@pytest.fixture(scope="module")
def sheet() -> Worksheet:
    return read(workbook_bytes(Sheet("群防群治队伍花名册", COLUMNS, ROWS, subtitle="和平里社区警务室 · 2026年")))


def test_title_subtitle_and_header(sheet: Worksheet) -> None:
    assert sheet.title == "群防群治队伍花名册"
    assert sheet["A1"].value == "群防群治队伍花名册" and sheet["A1"].font.bold
    assert sheet["A2"].value == "和平里社区警务室 · 2026年"
    assert {str(r) for r in sheet.merged_cells.ranges} == {"A1:E1", "A2:E2"}
    assert [c.value for c in sheet[3]] == ["序号", "姓名", "身份证号", "日期", "备注"]
    assert sheet.freeze_panes == "A4"


def test_values_read_back(sheet: Worksheet) -> None:
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert rows[0][:3] == [1, "阿依古丽·买买提", "650102199001011234"]
    assert rows[0][3] == datetime(2026, 3, 1) and sheet["D4"].number_format == "yyyy-mm-dd"
    assert rows[1][3] == datetime(2026, 3, 2)  # a moment is written as its day
    assert rows[2][2] == "000000000000000012"  # leading zeros kept: text, not a number
    assert rows[2][4] == "备注\n第二行" and rows[1][2] is None


def test_id_numbers_and_formula_like_text_stay_text(sheet: Worksheet) -> None:
    assert sheet["C4"].data_type == "s" and sheet["C4"].number_format == "@"
    assert sheet["E4"].data_type == "s" and sheet["E4"].value.startswith("=HYPERLINK")
    assert sheet["E5"].data_type == "s"


def test_print_setup(sheet: Worksheet) -> None:
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == str(sheet.PAPERSIZE_A4)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == "$1:$3"


def test_widths_suit_chinese_text() -> None:
    assert display_width("张三") == 4 and display_width("ab") == 2 and display_width("，") == 2
    widths = column_widths(Sheet("t", COLUMNS, ROWS))
    assert widths[2] >= 20  # an 18-character ID number is never cut
    assert widths[1] >= display_width("阿依古丽·买买提")
    long = Sheet("t", [Column("备注")], [["很长的备注" * 50]])
    assert column_widths(long) == [48.0]
    assert column_widths(Sheet("t", [Column("x", width=12)], [["很长" * 40]])) == [12.0]


def test_row_heights_follow_wrapped_lines() -> None:
    ws = read(workbook_bytes(Sheet("t", [Column("备注", width=10)], [["短"], ["很长的备注" * 10]])))
    assert ws.row_dimensions[3].height < ws.row_dimensions[4].height


def test_control_characters_are_dropped_and_sheet_names_made_safe() -> None:
    data = workbook_bytes(
        Sheet("a/b:c*?[d]" + "x" * 40, [Column("备注")], [["响铃\x07字符"]]),
        Sheet("a/b:c*?[d]" + "x" * 40, [Column("备注")], []),
    )
    book = load_workbook(io.BytesIO(data))
    names = book.sheetnames
    assert len(names) == 2 and len(set(names)) == 2 and all(len(n) <= 31 for n in names)
    assert not any(c in names[0] for c in "/:*?[]")
    assert book.worksheets[0]["A3"].value == "响铃字符"
    assert book.worksheets[1].max_row == 2  # title and header only
    assert book.properties.creator == "Station Desk"


def test_bad_input() -> None:
    with pytest.raises(ValueError):
        workbook_bytes()
    with pytest.raises(ValueError):
        workbook_bytes(Sheet("t", [Column("a")], [["1", "2"]]))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40), min_size=1, max_size=5))
def test_any_text_round_trips(texts: list[str]) -> None:
    columns = [Column(f"列{n}") for n in range(len(texts))] + [Column("号", ColumnKind.ID)]
    ws = read(workbook_bytes(Sheet("t", columns, [[*texts, "11010519491231002X"]])))
    got = [c.value for c in ws[3]]
    assert got[:-1] == [text or None for text in texts]
    assert got[-1] == "11010519491231002X"


def test_a_long_register_is_streamed_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written in write-only mode with the sheet's XML in memory: openpyxl's temporary files
    would hold register content unencrypted."""
    from openpyxl.worksheet import _writer

    made: list[str] = []
    real = _writer.create_temporary_file

    def spy(suffix: str = "") -> str:
        made.append(real(suffix))
        return made[-1]

    monkeypatch.setattr(_writer, "create_temporary_file", spy)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    rows = [[n, f"居民{n}", "650102199001011234", date(2026, 3, 1), "备注"] for n in range(1, 3001)]
    data = workbook_bytes(Sheet("花名册", COLUMNS, rows, subtitle="2026年", totals=["合计", 3000]))
    assert made == [] and list(tmp_path.iterdir()) == []
    sheet = read(data)
    assert sheet.max_row == 3 + 3000 + 1
    assert [sheet.cell(4, c).value for c in (1, 2, 3)] == [1, "居民1", "650102199001011234"]
    assert sheet.cell(3003, 2).value == "居民3000" and sheet.cell(3004, 1).value == "合计"
    assert sheet.cell(3004, 1).font.b
    assert {str(r) for r in sheet.merged_cells.ranges} == {"A1:E1", "A2:E2"}
    assert sheet.freeze_panes == "A4"
