"""Importing a volunteer list (花名册): the office's sample layout, Chinese and English headers,
CSV encodings, Excel and text dates, ID numbers stored as numbers, duplicates, every bad file,
all-or-nothing saving, 10,000 rows."""

from __future__ import annotations

import io
import random
import time as clock
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from station_desk.domain.accounts import Principal
from station_desk.domain.audit import AuditFilter
from station_desk.domain.enums import Gender
from station_desk.domain.validators import resident_id_check_char
from station_desk.domain.volunteers import TeamKind, VolunteerDraft, VolunteerQuery, VolunteerRole
from station_desk.errors import ValidationError
from station_desk.services.container import Services
from station_desk.services.volunteer_import import (
    ImportPreview,
    ImportStatus,
    VolunteerImportService,
)
from tests.conftest import ADMIN_PASSWORD

TODAY = datetime(2026, 11, 30, 10, 0)
SAMPLE = Path("/work/shared/samples/volunteer-roster-sample.xlsx")
HEADER = ["序号", "姓名", "性别", "身份证号码", "联系电话", "住址", "所属队伍", "职务", "加入日期", "备注"]


def valid_id(first17: str) -> str:
    return first17 + resident_id_check_char(first17)


ZHANG = valid_id("11010519910103843")
WU = "11010519500314548X"
MAIMAITI = valid_id("65010219880520117")


def importer(services: Services) -> VolunteerImportService:
    return VolunteerImportService(services.db, now=lambda: TODAY.astimezone())


def workbook(rows: Sequence[Sequence[Any]], title: str | None = "幸福里社区群防群治队伍花名册（2026年）") -> bytes:
    book = Workbook()
    sheet = book.active
    if title is not None:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(len(r) for r in rows))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def office_rows() -> list[list[Any]]:
    """The layout of the sample file: 序号, Excel dates and text dates, a Uyghur name, a
    foreign volunteer without an ID number."""
    return [
        HEADER,
        [1, "陈芳", "男", ZHANG, "13492655486", "幸福里19号楼1单元1140", "巡逻二队", "队长", datetime(2020, 2, 1), None],
        [2, "吴丽", "女", WU, "17754781117", "幸福里19号楼3单元358", "巡逻一队", "队员", datetime(2023, 11, 1), None],
        [3, "买买提·艾力", "男", MAIMAITI, "13999887766", "幸福里2号楼", "平安志愿者", "队员", "2025年3月", None],
        [4, "Anna Schmidt", "女", None, "13500001111", "幸福里9号楼", "平安志愿者", "队员", "2026-01-15", "外籍，无身份证"],
    ]


def preview(services: Services, actor: Principal, data: bytes, name: str = "花名册.xlsx") -> ImportPreview:
    return importer(services).preview_bytes(actor, data, name)


def test_the_office_layout_imports(services: Services, officer: Principal) -> None:
    result = preview(services, officer, workbook(office_rows()))
    assert result.problems == () and result.header_line == 2 and result.sheet
    assert [r.status for r in result.rows] == [ImportStatus.NEW] * 4
    assert [r.line for r in result.rows] == [3, 4, 5, 6]
    assert set(result.new_teams) == {"巡逻一队", "巡逻二队", "平安志愿者"}
    maimaiti = result.rows[2]
    assert maimaiti.values is not None and maimaiti.values.join_date == date(2025, 3, 1)
    assert any("first of the month" in m.text for m in maimaiti.warnings)
    anna = result.rows[3].values
    assert anna is not None and anna.resident_id == "" and anna.gender is Gender.FEMALE
    assert anna.join_date == date(2026, 1, 15) and anna.notes == "外籍，无身份证"
    done = importer(services).apply(officer, result)
    assert (done.created, done.updated) == (4, 0)
    teams = {t.name: t for t in services.volunteers.list_teams(officer)}
    assert teams["巡逻二队"].leader_name == "陈芳"
    assert teams["平安志愿者"].kind is TeamKind.SAFETY_VOLUNTEERS
    found = services.volunteers.search(officer, VolunteerQuery(text="mmt"))
    assert [v.name for v in found] == ["买买提·艾力"]
    # the same file again changes nothing
    again = preview(services, officer, workbook(office_rows()))
    assert [r.status for r in again.rows] == [ImportStatus.UNCHANGED] * 4 and not again.can_apply


def test_the_shared_sample_file(services: Services, officer: Principal) -> None:
    if not SAMPLE.exists():
        pytest.skip("the shared sample file is not here")
    result = importer(services).preview(officer, SAMPLE)
    assert result.problems == ()
    assert len(result.rows) == 42 and not result.error_rows, [str(m) for r in result.error_rows for m in r.messages]
    assert importer(services).apply(officer, result).created == 42
    assert len(services.volunteers.search(officer)) == 42


def test_import_is_audited(services: Services, officer: Principal) -> None:
    importer(services).apply(officer, preview(services, officer, workbook(office_rows())))
    admin = services.accounts.authenticate("admin", ADMIN_PASSWORD)
    entries = services.audit.list_entries(admin, AuditFilter(action="import"))
    assert len(entries) == 1 and entries[0].details["created"] == 4
    assert entries[0].details["file"] == "花名册.xlsx"
    creates = services.audit.list_entries(admin, AuditFilter(action="create", record_type="volunteer"))
    assert len(creates) == 4
    assert services.audit.verify().ok


def test_english_headers_in_a_utf8_csv_with_bom(services: Services, officer: Principal) -> None:
    text = (
        "Volunteer list\n"
        "No.,Name,Gender,ID number,Phone,Address,Team,Role,Join date,Notes,Shoe size\n"
        f"1,张三,male,{ZHANG},138-0013-8000,Block 3,Patrol team A,Team leader,2025/3/1,,42\n"
        "2,John Smith,M,,13900001111,Block 9,Patrol team A,member,2025-04-01,passport,43\n"
    )
    result = preview(services, officer, ("\ufeff" + text).encode("utf-8"), "list.csv")
    assert result.problems == () and result.header_line == 2
    assert result.ignored == ("Shoe size",)
    assert [r.status for r in result.rows] == [ImportStatus.NEW, ImportStatus.NEW]
    first = result.rows[0].values
    assert first is not None and first.role is VolunteerRole.LEADER and first.phone == "13800138000"
    assert first.join_date == date(2025, 3, 1)


def test_gbk_csv_with_tabs(services: Services, officer: Principal) -> None:
    text = "姓名\t身份证号\t手机\t队伍\n张三\t" + ZHANG + "\t13800138000\t巡逻一队\n"
    result = preview(services, officer, text.encode("gbk"), "花名册.csv")
    assert result.problems == ()
    assert result.rows[0].values is not None and result.rows[0].values.name == "张三"


def test_id_numbers_stored_as_numbers(services: Services, officer: Principal) -> None:
    rows = [
        ["姓名", "身份证号码", "联系电话"],
        ["张三", 110105491231002, "13800000001"],  # an old 15-digit number survives as a number
        ["李四", float(int(ZHANG[:15] + "123")), "13800000002"],  # Excel's 15 digits
        ["王五", int(WU[:17]), "13800000003"],  # the X dropped
        ["赵六", "1.10105E+17", "13800000004"],  # shown in scientific notation, as text
        ["钱七", WU[:17], "13800000005"],  # 17 digits as text
    ]
    result = preview(services, officer, workbook(rows, title=None))
    statuses = [r.status for r in result.rows]
    assert statuses == [ImportStatus.NEW] + [ImportStatus.ERROR] * 4
    assert any("stored as a number" in m.text for m in result.rows[0].warnings)
    assert result.rows[0].values is not None and result.rows[0].values.resident_id == "11010519491231002X"
    assert "stored as a number" in result.rows[1].errors[0].text
    assert "stored as a number" in result.rows[2].errors[0].text
    assert "scientific notation" in result.rows[3].errors[0].text
    assert "17 digits" in result.rows[4].errors[0].text
    assert result.rows[1].errors[0].column == "身份证号码"


def test_bad_rows_are_listed_and_nothing_is_saved(services: Services, officer: Principal) -> None:
    rows = office_rows() + [
        [5, "", "男", None, "13800000009", "", "巡逻一队", "队员", None, None],  # no name
        [6, "孙八", "男", "110105194912310036", "", "", "巡逻一队", "队员", None, None],  # bad check
        [7, "吴丽", "女", WU, "17754781117", "", "巡逻一队", "队员", None, None],  # twice in the file
        [8, "周九", "男", None, "13800000010", "", "巡逻一队", "队员", "明年", None],  # not a date
    ]
    result = preview(services, officer, workbook(rows))
    errors = {r.line: r for r in result.rows if r.status is ImportStatus.ERROR}
    assert set(errors) == {4, 7, 8, 9, 10}
    assert "name is missing" in errors[7].errors[0].text
    assert "check digit" in errors[8].errors[0].text
    assert "line 9" in errors[4].errors[0].text and "line 4" in errors[9].errors[0].text
    assert "not a date" in errors[10].errors[0].text
    assert not result.can_apply
    with pytest.raises(ValidationError, match="Nothing was imported"):
        importer(services).apply(officer, result)
    assert services.volunteers.search(officer) == []
    assert services.volunteers.list_teams(officer) == []


def test_existing_volunteers_are_updated_not_duplicated(services: Services, officer: Principal) -> None:
    by_id = services.volunteers.create(officer, VolunteerDraft("陈芳", resident_id=ZHANG, address="旧地址"))
    by_phone = services.volunteers.create(officer, VolunteerDraft("Anna Schmidt", phone="13500001111", notes="老备注"))
    result = preview(services, officer, workbook(office_rows()))
    statuses = {r.line: (r.status, r.existing_id) for r in result.rows}
    assert statuses[3] == (ImportStatus.UPDATE, by_id.id)
    assert statuses[6] == (ImportStatus.UPDATE, by_phone.id)
    assert "address" in result.rows[0].changed and "team_id" in result.rows[0].changed
    done = importer(services).apply(officer, result)
    assert (done.created, done.updated) == (2, 2)
    assert services.volunteers.get(officer, by_id.id).address == "幸福里19号楼1单元1140"
    assert len(services.volunteers.search(officer)) == 4


def test_empty_cells_do_not_erase(services: Services, officer: Principal) -> None:
    stored = services.volunteers.create(
        officer, VolunteerDraft("张三", resident_id=ZHANG, address="幸福里1号楼", phone="13800138000")
    )
    result = preview(services, officer, workbook([["姓名", "身份证号码", "住址"], ["张三", ZHANG, None]], None))
    assert result.rows[0].status is ImportStatus.UNCHANGED
    assert result.rows[0].existing_id == stored.id


def test_volunteers_changed_since_the_preview(services: Services, officer: Principal) -> None:
    result = preview(services, officer, workbook(office_rows()))
    services.volunteers.create(officer, VolunteerDraft("陈芳", resident_id=ZHANG))
    with pytest.raises(ValidationError, match="preview the file again"):
        importer(services).apply(officer, result)
    assert len(services.volunteers.search(officer)) == 1


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.xlsx", "is empty"),
        (b"   \n\n", "empty.csv", "is empty"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x00", "scan.xlsx", "not a spreadsheet"),
        (random.Random(1).randbytes(4000), "random.csv", "not a spreadsheet"),
        (b"D" * 4000, "letters.csv", "No header row"),
        (b"PK\x03\x04 broken zip", "broken.xlsx", "not a spreadsheet"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.xls", "old Excel"),
    ],
)
def test_files_that_are_not_lists(services: Services, officer: Principal, data: bytes, name: str, message: str) -> None:
    result = preview(services, officer, data, name)
    assert result.rows == () and len(result.problems) == 1
    assert message in result.problems[0]
    with pytest.raises(ValidationError):
        importer(services).apply(officer, result)


def test_wrong_columns_and_missing_rows(services: Services, officer: Principal) -> None:
    wrong = preview(services, officer, workbook([["日期", "金额", "摘要"], ["2026-01-01", 100, "办公用品"]], None))
    assert "No header row" in wrong.problems[0]
    no_name = preview(services, officer, workbook([["身份证号码", "联系电话"], [ZHANG, "13800138000"]], None))
    assert "no name column" in no_name.problems[0]
    header_only = preview(services, officer, workbook([HEADER]))
    assert "no volunteers" in header_only.problems[0]
    empty_book = preview(services, officer, workbook([[None]], title=None))
    assert "is empty" in empty_book.problems[0]


def test_missing_file(services: Services, officer: Principal, tmp_path: Path) -> None:
    result = importer(services).preview(officer, tmp_path / "nowhere.xlsx")
    assert "cannot be read" in result.problems[0]


def test_ten_thousand_rows(services: Services, officer: Principal) -> None:
    rng = random.Random(7)
    surnames, given = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗", "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英"
    lines = ["序号,姓名,身份证号码,联系电话,所属队伍,加入日期"]
    for n in range(10_000):
        first17 = f"110105{1950 + n % 50}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
        name = rng.choice(surnames) + rng.choice(given) + rng.choice(given)
        lines.append(f"{n + 1},{name},{valid_id(first17)},1{3 + n % 7}{n:09d},巡逻{n % 10}队,2024-{1 + n % 12:02d}-01")
    data = "\n".join(lines).encode("utf-8")
    started = clock.perf_counter()
    result = preview(services, officer, data, "big.csv")
    previewed = clock.perf_counter() - started
    assert result.count(ImportStatus.NEW) == 10_000 and not result.error_rows
    done = importer(services).apply(officer, result)
    assert done.created == 10_000 and len(done.teams_created) == 10
    print(f"10,000 rows: preview {previewed:.2f} s, apply {clock.perf_counter() - started - previewed:.2f} s")


def test_team_cells_merged_down_over_their_members(services: Services, officer: Principal) -> None:
    """Offices merge a team's name down over its members (and 序号 rows): every member gets the
    team, not none; a title merged across the columns stays a title."""
    rows = office_rows()
    rows[2][6] = None  # 吴丽's team cell is covered by 陈芳's merged "巡逻二队"
    rows[4][6] = None  # Anna's by 买买提's "平安志愿者"
    book = Workbook()
    sheet = book.active
    sheet.append(["幸福里社区群防群治队伍花名册（2026年）"])
    sheet.merge_cells("A1:J1")
    for row in rows:
        sheet.append(list(row))
    sheet.merge_cells("G3:G4")
    sheet.merge_cells("G5:G6")
    buffer = io.BytesIO()
    book.save(buffer)
    result = preview(services, officer, buffer.getvalue())
    assert result.problems == () and result.header_line == 2
    teams = [row.team_name for row in result.rows]
    assert teams == ["巡逻二队", "巡逻二队", "平安志愿者", "平安志愿者"]
    assert set(result.new_teams) == {"巡逻二队", "平安志愿者"}
    importer(services).apply(officer, result)
    found = {v.name: v.team_name for v in services.volunteers.search(officer)}
    assert found["吴丽"] == "巡逻二队" and found["Anna Schmidt"] == "平安志愿者"
