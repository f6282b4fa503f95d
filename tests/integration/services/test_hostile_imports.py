"""Hostile spreadsheets (tests/hostile_files.py): read within bounds or refused with a clear
message, never gigabytes of memory, never a traceback; password-protected files are named so."""

from __future__ import annotations

import tracemalloc
import zipfile
from pathlib import Path

import pytest

from station_desk.domain.accounts import Principal
from station_desk.exchange import workbook_check
from station_desk.services.container import Services
from station_desk.services.volunteer_import import (
    MAX_COLUMNS,
    NotASpreadsheetError,
    VolunteerImportService,
    read_table,
)
from tests import hostile_files


def test_merged_range_over_the_whole_sheet_stays_in_the_data_area() -> None:
    _, rows = read_table(hostile_files.merged_range_bomb(last_row=2_001), "bomb.xlsx")
    assert rows == [hostile_files.HEADER, hostile_files.VOLUNTEER]


def test_merged_range_bomb_reads_in_little_memory(services: Services, officer: Principal, tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(hostile_files.merged_range_bomb())
    tracemalloc.start()
    try:
        preview = VolunteerImportService(services.db).preview(officer, path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert not preview.problems
    assert len(preview.rows) == 1  # one volunteer, not 20,000 copies of it
    assert peak < 64 << 20, f"{peak >> 20} MB"


def test_rows_reaching_the_last_column_are_cut() -> None:
    _, rows = read_table(hostile_files.wide_rows_bomb(rows=50), "wide.xlsx")
    assert len(rows) == 51
    assert max(len(row) for row in rows) <= MAX_COLUMNS
    assert rows[1] == ("李四", "13900000002")


def test_shared_strings_that_unpack_too_large_are_refused() -> None:
    data = hostile_files.shared_strings_bomb(unpacked=workbook_check.MAX_STRINGS_UNPACKED + (4 << 20))
    assert len(data) < 1 << 20
    with pytest.raises(NotASpreadsheetError, match="unpacks too large to be read safely") as refused:
        read_table(data, "strings.xlsx")
    assert "sharedStrings.xml" in str(refused.value)


def test_a_packed_bomb_is_refused_by_its_ratio(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook_check, "RATIO_CHECKED_FROM", 1 << 20)
    data = hostile_files.shared_strings_bomb(unpacked=2 << 20)
    with pytest.raises(NotASpreadsheetError, match="packed"):
        read_table(data, "strings.xlsx")


def test_a_row_of_too_many_cells_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook_check, "MAX_SHEET_CELLS", 100)
    with pytest.raises(NotASpreadsheetError, match="more than 100 cells"):
        read_table(hostile_files.wide_rows_bomb(rows=50), "wide.xlsx")
    monkeypatch.setattr(workbook_check, "MAX_ROW_CELLS", 2)
    with pytest.raises(NotASpreadsheetError, match="a row of more than 2 cells"):
        read_table(hostile_files.wide_rows_bomb(rows=5), "wide.xlsx")


def test_an_ordinary_workbook_passes_the_checks() -> None:
    data = hostile_files.xlsx_with_rows([hostile_files.HEADER, hostile_files.VOLUNTEER])
    workbook_check.check_workbook(data)
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as archive:
        assert "xl/worksheets/sheet1.xml" in archive.namelist()


def test_password_protected_workbook_is_named_so() -> None:
    with pytest.raises(NotASpreadsheetError) as refused:
        read_table(hostile_files.encrypted_xlsx(), "名单.xlsx")
    assert "protected with a password" in str(refused.value)
    assert ".xls" not in str(refused.value).replace("名单.xlsx", "")


def test_old_xls_is_still_called_old() -> None:
    with pytest.raises(NotASpreadsheetError, match=r"old Excel \(\.xls\)"):
        read_table(hostile_files.old_xls(), "名单.xls")


def test_csv_with_one_huge_cell_is_refused_not_a_traceback() -> None:
    data = ("姓名,住址\n张三," + "路" * 200_000 + "\n").encode("utf-8")
    with pytest.raises(NotASpreadsheetError, match="not a spreadsheet"):
        read_table(data, "list.csv")


def test_csv_with_millions_of_cells_is_refused() -> None:
    data = ("姓名,住址\n" + "ab," * 3_000_000 + "\n").encode("utf-8")
    with pytest.raises(NotASpreadsheetError, match="more than 20000 rows"):
        read_table(data, "list.csv")


def test_csv_rows_are_cut_to_the_columns_read() -> None:
    _, rows = read_table(("姓名,电话" + ",x" * 500 + "\n张三,138\n").encode(), "list.csv")
    assert len(rows[0]) == MAX_COLUMNS
    assert rows[1] == ("张三", "138")
