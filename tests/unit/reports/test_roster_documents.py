"""The weekly patrol roster, the roster list, the monthly hours report and the duty report,
read back as a reader would: every typed text, embedded fonts, page count and size, masked
ID numbers, empty and long content, all three languages; their .xlsx registers read back."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta

import pytest
from openpyxl import load_workbook

from station_desk import i18n
from station_desk.domain.duty import (
    DutyActivity,
    DutyEntry,
    hours_text,
    hours_value,
    summarise_duty,
)
from station_desk.domain.enums import Gender
from station_desk.domain.volunteers import (
    ANY_TIME,
    Attendance,
    AttendanceRecord,
    CommendationEntry,
    ConflictKind,
    RosterWeek,
    ShiftConflict,
    ShiftDetail,
    ShiftMember,
    VolunteerDetail,
    VolunteerRole,
    VolunteerStatus,
    summarise_hours,
    week_grid,
)
from station_desk.exchange.xlsx import workbook_bytes
from station_desk.reports.base import DocumentContext
from station_desk.reports.duty import DutyReport, duty_sheets
from station_desk.reports.rosters import (
    MonthlyHoursReport,
    VolunteerRosterList,
    WeeklyPatrolRoster,
    monthly_hours_sheets,
    roster_list_sheet,
    weekly_roster_sheet,
)
from tests.reports_helpers import pdf_fonts, pdf_page_count, pdf_page_sizes, pdf_text, squash

MONDAY = date(2026, 3, 2)
NAMES = ["张建国", "李秀英", "王伟", "欧阳娜娜", "买买提·艾力", "Anna Schmidt", "陈志强", "刘桂兰",
         "赵德明", "孙丽娜", "周建华", "吴志刚", "单田芳", "司马丽", "曾国华", "解芳"]
LONG_ROUTE = "A线：北区—东门—幸福里1至10号楼—地下车库—菜市场后门"
ID_NUMBER = "11010519491231002X"


def context(language: str = "zh_CN", full_ids: bool = False) -> DocumentContext:
    return DocumentContext("朝阳分局和平里派出所", "和平里社区警务室", "张建国",
                           datetime(2026, 3, 6, 9, 0), language, show_full_ids=full_ids)


def full_week(slots: int = 6, members: int = 4, routes: int = 1, long_route: bool = False) -> RosterWeek:
    hours = [(6, 8), (9, 11), (14, 16), (16, 18), (19, 21), (21, 23), (1, 3), (12, 13)][:slots]
    shifts = []
    n = 0
    for day in range(7):
        for start, end in hours:
            for route in range(routes):
                at = datetime.combine(MONDAY + timedelta(days=day), time(start))
                people = tuple(
                    ShiftMember(f"m{n}-{k}", f"v{(n + k) % len(NAMES)}", NAMES[(n + k) % len(NAMES)], "", Attendance.PENDING)
                    for k in range(members - (n % 5 == 0))
                )
                name = LONG_ROUTE if long_route else f"{'ABC'[route]}线（{'北南东'[route]}区）"
                shifts.append(ShiftDetail(f"s{n}", at, at.replace(hour=end), name, "t1", "巡逻一队", members, "", members=people))
                n += 1
    conflict = ShiftConflict(ConflictKind.DOUBLE_BOOKING, "s0", "s1", "2026-03-02 06:00–08:00 A线",
                             "2026-03-02 07:00–09:00 B线", "v1", "李秀英")
    return RosterWeek(MONDAY, week_grid(MONDAY, shifts), tuple(shifts), (conflict,))


@pytest.mark.parametrize("language", ["zh_CN", "zh_TW", "en"])
def test_full_week_of_six_time_slots_fits_one_landscape_page(language: str) -> None:
    i18n.set_language(language)
    week = full_week()
    pdf = WeeklyPatrolRoster(context(language), week).generate()
    assert pdf_page_count(pdf) == 1
    width, height = pdf_page_sizes(pdf)[0]
    assert width > height
    text = squash(pdf_text(pdf, "-raw"))
    for name in NAMES:
        assert squash(name) in text, name
    for expected in ("A线（北区）", "06:00", "23:00", i18n._("Weekly patrol roster"),
                     i18n._("Leader on duty (signature)"), "李秀英"):
        assert squash(expected) in text, expected
    assert ("2026年第10周" in text) if language.startswith("zh") else ("2026-W10" in text)
    assert all(font["emb"] == "yes" for font in pdf_fonts(pdf))


def test_a_little_too_tall_is_shrunk_onto_one_page() -> None:
    i18n.set_language("zh_CN")
    pdf = WeeklyPatrolRoster(context(), full_week(slots=7, members=4)).generate()
    assert pdf_page_count(pdf) == 1
    assert "01:00" in squash(pdf_text(pdf, "-raw"))


def test_a_very_long_roster_runs_over_pages_without_losing_text() -> None:
    i18n.set_language("en")
    pdf = WeeklyPatrolRoster(context("en"), full_week(slots=8, members=6, routes=3, long_route=True)).generate()
    assert pdf_page_count(pdf) > 1
    assert squash(LONG_ROUTE) in squash(pdf_text(pdf, "-raw"))


def test_empty_week_prints_one_page() -> None:
    i18n.set_language("en")
    pdf = WeeklyPatrolRoster(context("en"), RosterWeek(MONDAY, (), ())).generate()
    assert pdf_page_count(pdf) == 1
    assert squash(i18n._("No shifts this week.")) in squash(pdf_text(pdf))


def volunteers(count: int = 30) -> list[VolunteerDetail]:
    people = []
    for n in range(count):
        foreign = n == 1
        people.append(VolunteerDetail(
            id=f"v{n}", name=NAMES[n % len(NAMES)], gender=Gender.FEMALE if n % 2 else Gender.MALE,
            resident_id="" if foreign else ID_NUMBER, birth_date=None,
            id_note="护照 C12345678" if foreign else "", phone="13800138000",
            address="和平里北街32号楼5单元1203 & <东门>", team_id="t1", team_name="巡逻一队",
            role=VolunteerRole.LEADER if n == 0 else VolunteerRole.MEMBER, skills=("急救",),
            join_date=date(2024, 3, 1), status=VolunteerStatus.ACTIVE if n % 7 else VolunteerStatus.PAUSED,
            vest_issued=True, card_issued=n % 3 == 0, insurance_until=date(2026, 1, 31) if n == 2 else date(2026, 12, 31),
            allowance="交通补贴50元/月", contact_notes="", notes="", availability=ANY_TIME,
            max_shifts_per_week=3, commendations=(CommendationEntry(date(2025, 6, 1), "优秀志愿者"),),
        ))
    return people


@pytest.mark.parametrize("language", ["zh_CN", "zh_TW", "en"])
def test_roster_list_masks_ids(language: str) -> None:
    i18n.set_language(language)
    pdf = VolunteerRosterList(context(language), volunteers(), date(2026, 3, 6), "巡逻一队").generate()
    text = squash(pdf_text(pdf, "-raw"))
    assert ID_NUMBER not in text and "**************002X" in text
    assert "C12345678" not in text and "*****5678" in text
    assert squash("和平里北街32号楼5单元1203 & <东门>") in text
    assert "买买提·艾力" in text and "AnnaSchmidt" in text
    assert squash(i18n._("Volunteer roster list")) in text
    assert pdf_page_sizes(pdf)[0][0] > pdf_page_sizes(pdf)[0][1]
    assert all(font["emb"] == "yes" for font in pdf_fonts(pdf))
    full = squash(pdf_text(VolunteerRosterList(context(language, True), volunteers(3), date(2026, 3, 6)).generate(), "-raw"))
    assert ID_NUMBER in full


def test_roster_list_register_reads_back() -> None:
    i18n.set_language("en")
    book = load_workbook(io.BytesIO(workbook_bytes(roster_list_sheet(context("en"), volunteers(3)))))
    rows = [[c.value for c in row] for row in book.active.iter_rows()]
    header = rows[2]
    first = dict(zip(header, rows[3], strict=False))
    assert first["Resident ID"] == "**************002X" and first["Commendations"] == 1
    assert dict(zip(header, rows[4], strict=False))["Resident ID"] == "护照 *****5678"


def hours_records(people: int = 40) -> list[AttendanceRecord]:
    records = []
    for n in range(people):
        for k in range(4):
            start = datetime.combine(MONDAY + timedelta(days=k * 7 + n % 7), time(19))
            attendance = [Attendance.PRESENT, Attendance.LATE, Attendance.ABSENT, Attendance.PRESENT][(n + k) % 4]
            records.append(AttendanceRecord(
                f"v{n}", NAMES[n % len(NAMES)] + str(n), f"t{n % 3}", ["巡逻一队", "巡逻二队", "平安志愿者"][n % 3],
                f"s{n}-{k}", start, start + timedelta(hours=2), attendance,
                check_in=start + timedelta(minutes=30) if attendance is Attendance.LATE else None,
                absence_reason="生病" if n % 2 else "",
            ))
    return records


@pytest.mark.parametrize("language", ["zh_CN", "zh_TW", "en"])
def test_monthly_hours_report(language: str) -> None:
    i18n.set_language(language)
    report = summarise_hours(hours_records(), date(2026, 3, 1), date(2026, 3, 31))
    pdf = MonthlyHoursReport(context(language), report, report.volunteers[:5]).generate()
    text = squash(pdf_text(pdf, "-raw"))
    for expected in ("巡逻一队", "平安志愿者", report.volunteers[0].name, report.volunteers[-1].name,
                     i18n._("Candidates for commendation this quarter"), i18n._("By team")):
        assert squash(expected) in text, expected
    assert ("2026年3月" in text) if language.startswith("zh") else ("2026-03" in text)
    assert pdf_page_count(pdf) >= 2
    assert all(font["emb"] == "yes" for font in pdf_fonts(pdf))


def test_monthly_hours_registers_read_back() -> None:
    i18n.set_language("en")
    report = summarise_hours(hours_records(6), date(2026, 3, 1), date(2026, 3, 31))
    book = load_workbook(io.BytesIO(workbook_bytes(*monthly_hours_sheets(context("en"), report))))
    *people, totals = [[c.value for c in row] for row in book.worksheets[0].iter_rows(min_row=4)]
    assert len(people) == 6
    assert totals[0] == "Total" and totals[3:9] == [sum(row[k] for row in people) for k in range(3, 9)]
    assert totals[9] == hours_value(report.minutes) and book.worksheets[0].cell(4 + 6, 1).font.b
    *teams, team_totals = [[c.value for c in row] for row in book.worksheets[1].iter_rows(min_row=4)]
    assert {row[0] for row in teams} == {"巡逻一队", "巡逻二队", "平安志愿者"}
    assert team_totals[0] == "Total" and team_totals[1] == 6 and team_totals[5] == totals[9]


def test_volunteer_hours_are_rounded_the_same_in_the_pdf_and_the_workbook() -> None:
    i18n.set_language("en")
    start = datetime.combine(MONDAY, time(19))
    records = [  # 9, 15 and 45 minutes: half-up rounding gives 0.2, 0.3 and 0.8 hours
        AttendanceRecord(f"v{n}", f"志愿者{n}", "t1", "巡逻一队", f"s{n}", start,
                         start + timedelta(minutes=minutes), Attendance.PRESENT)
        for n, minutes in enumerate((9, 15, 45))
    ]
    report = summarise_hours(records, date(2026, 3, 1), date(2026, 3, 31))
    text = pdf_text(MonthlyHoursReport(context("en"), report).generate(), "-raw")
    book = load_workbook(io.BytesIO(workbook_bytes(*monthly_hours_sheets(context("en"), report))))
    rows = {row[1]: row for row in ([c.value for c in r] for r in book.worksheets[0].iter_rows(min_row=4))}
    for n, expected in enumerate((0.2, 0.3, 0.8)):
        assert rows[f"志愿者{n}"][9] == expected
        line = next(line for line in text.splitlines() if f"志愿者{n}" in line)
        assert line.split()[-2] == f"{expected:.1f}", line  # the hours column, then the points
    assert hours_value(69) == 1.2 and hours_text(69) == "1.2"


def test_empty_month_prints() -> None:
    i18n.set_language("en")
    report = summarise_hours([], date(2026, 3, 1), date(2026, 3, 31))
    pdf = MonthlyHoursReport(context("en"), report).generate()
    assert pdf_page_count(pdf) == 1


def duty_entries(days: int = 7) -> list[DutyEntry]:
    entries = []
    activities = list(DutyActivity)
    for day in range(days):
        for block, (start, end) in enumerate(((8, 10), (10, 12), (14, 16), (16, 18))):
            activity = activities[(day + block) % len(activities)]
            at = datetime.combine(MONDAY + timedelta(days=day), time(start))
            entries.append(DutyEntry(f"e{day}-{block}", "u", "张建国", at, at.replace(hour=end), activity,
                                     "幸福里3号楼", f"走访记录{day}-{block} & <备注>", activity.in_beat_by_default))
    return entries


@pytest.mark.parametrize("language", ["zh_CN", "zh_TW", "en"])
def test_duty_report_of_a_week(language: str) -> None:
    i18n.set_language(language)
    data = summarise_duty("u", "张建国", duty_entries(), MONDAY, MONDAY + timedelta(days=6), 30)
    pdf = DutyReport(context(language), data).generate()
    text = squash(pdf_text(pdf, "-raw"))
    for expected in ("张建国", "走访记录0-0&<备注>", "走访记录6-3&<备注>", i18n._("Duty report"),
                     DutyActivity.VISIT.label, i18n._("Hours in the beat"), "30.0"):
        assert squash(expected) in text, expected
    assert all(font["emb"] == "yes" for font in pdf_fonts(pdf))


def test_duty_report_of_a_month_lists_weeks_and_every_day() -> None:
    i18n.set_language("en")
    data = summarise_duty("u", "张建国", duty_entries(20), date(2026, 3, 1), date(2026, 3, 31), 30)
    pdf = DutyReport(context("en"), data).generate()
    text = squash(pdf_text(pdf, "-raw"))
    assert "2026-W09" in text and "2026-W14" in text and "2026-03" in text
    assert "2026-03-31" in text  # a day without entries is listed too
    assert squash(i18n._("By week")) in text


def test_duty_registers_read_back() -> None:
    i18n.set_language("en")
    data = summarise_duty("u", "张建国", duty_entries(2), MONDAY, MONDAY + timedelta(days=6), 30)
    book = load_workbook(io.BytesIO(workbook_bytes(*duty_sheets(context("en"), data))))
    entries = [[c.value for c in row] for row in book.worksheets[0].iter_rows(min_row=4)]
    assert len(entries) == 8 and entries[0][0].date() == MONDAY and entries[0][6] == 2
    assert entries[0][7] == "走访记录0-0 & <备注>"
    days = [[c.value for c in row] for row in book.worksheets[1].iter_rows(min_row=4)]
    assert [row[4] for row in days] == [4, 4]


def test_weekly_roster_register_reads_back() -> None:
    i18n.set_language("en")
    week = full_week(slots=2, members=3)
    book = load_workbook(io.BytesIO(workbook_bytes(weekly_roster_sheet(context("en"), week))))
    rows = [[c.value for c in row] for row in book.active.iter_rows(min_row=4)]
    assert len(rows) == 14 and rows[0][3] == "A线（北区）" and rows[0][6] in (0, 1)


def test_duty_report_lists_every_work_category_even_without_time() -> None:
    i18n.set_language("zh_CN")
    at = datetime.combine(MONDAY, time(9))
    only_patrol = [DutyEntry("e", "u", "张建国", at, at.replace(hour=11), DutyActivity.PATROL, "北区", "", True)]
    data = summarise_duty("u", "张建国", only_patrol, MONDAY, MONDAY + timedelta(days=6), 30)
    assert [t.activity for t in data.by_category] == [a for a in DutyActivity if a.is_work_category]
    assert {t.activity: t.minutes for t in data.by_category}[DutyActivity.PATROL] == 120
    text = squash(pdf_text(DutyReport(context("zh_CN"), data).generate(), "-raw"))
    for category in ("走访调查", "治安巡逻", "警务宣传", "监督检查", "矛盾化解", "情报信息", "为民服务", "警务室接待"):
        assert category in text, category
    assert "培训" not in text  # meeting/training/other only when they have time
