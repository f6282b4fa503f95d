"""The quarterly 述职报告: every compiled figure against the records it counts, the draft and
its finalisation, whose report a user may read, a quarter not begun, the PDF as a reader sees
it (pdftotext) with its vector charts."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest

from station_desk import i18n
from station_desk.domain.accounts import Principal
from station_desk.domain.audit import AuditFilter
from station_desk.domain.duty import DutyActivity, DutyEntryDraft
from station_desk.domain.mediation import CaseOutcome, DisputeType
from station_desk.domain.meetings import MeetingStatus, MeetingType
from station_desk.domain.reception import ReceptionKind
from station_desk.domain.volunteers import Attendance
from station_desk.domain.work_reports import (
    Quarter,
    WorkReportStatus,
    WorkReportText,
    parse_quarter,
    reported_period,
)
from station_desk.errors import PermissionDeniedError, ValidationError
from station_desk.services.container import Services
from tests.figure_records import add_case, add_guidance, add_meeting, add_shift
from tests.reports_helpers import pdf_text, squash
from tests.residents_records import PERSONAL, QUARTER_FIGURES, add_residents_desk

Q1 = Quarter(2026, 1)


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour))


def log(services: Services, actor: Principal, user: Principal, start: datetime, hours: int,
        activity: DutyActivity) -> None:
    services.duty.add_entry(
        actor, DutyEntryDraft(user.user_id, start, start + timedelta(hours=hours), activity)
    )


@pytest.fixture
def quarter_records(services: Services, admin: Principal, officer: Principal, aux: Principal) -> Services:
    """A first quarter of 2026 with records of every module, and some just outside it."""
    db = services.db
    for day in range(5):  # week 10: 5 × 6 h patrol = 30 h, the target met
        log(services, officer, officer, at(date(2026, 3, 2) + timedelta(days=day), 8), 6, DutyActivity.PATROL)
    log(services, officer, officer, at(date(2026, 3, 9), 8), 3, DutyActivity.VISIT)
    log(services, officer, officer, at(date(2026, 3, 10), 8), 2, DutyActivity.TRAINING)  # not in the beat
    log(services, officer, officer, at(date(2026, 4, 1), 8), 4, DutyActivity.PATROL)  # next quarter
    log(services, aux, aux, at(date(2026, 3, 2), 8), 5, DutyActivity.RECEPTION)  # someone else's
    add_meeting(db, admin, MeetingType.SECURITY_COMMITTEE, at(date(2026, 1, 15), 19))
    add_meeting(db, admin, MeetingType.SECURITY_COMMITTEE, at(date(2026, 2, 12), 19), MeetingStatus.FINALISED)
    add_meeting(db, admin, MeetingType.POLICE_BRIEFING, at(date(2026, 3, 20), 19))
    add_meeting(db, admin, MeetingType.ACCOUNTABILITY, at(date(2026, 3, 30), 19), MeetingStatus.PLANNED)
    add_meeting(db, admin, MeetingType.JOINT, at(date(2026, 4, 2), 19))
    add_case(db, admin, date(2026, 1, 5), outcome=CaseOutcome.AGREEMENT.value, concluded_on=date(2026, 1, 7),
             closed_on=date(2026, 2, 7))
    add_case(db, admin, date(2026, 2, 5), outcome=CaseOutcome.AGREEMENT.value, concluded_on=date(2026, 2, 6))
    add_case(db, admin, date(2026, 3, 5), outcome=CaseOutcome.NO_AGREEMENT.value, concluded_on=date(2026, 3, 9),
             dispute_type=DisputeType.FAMILY)
    add_case(db, admin, date(2026, 3, 25))  # pending
    add_case(db, admin, date(2026, 3, 26), deleted=True)
    add_case(db, admin, date(2026, 4, 3))
    add_guidance(db, admin, officer.user_id, [date(2026, 1, 10), date(2026, 2, 10), date(2026, 3, 10)])
    add_guidance(db, admin, officer.user_id, [date(2026, 2, 20), date(2026, 4, 20)], name="钱小红")
    add_shift(db, admin, at(date(2026, 3, 3), 19), 2, [Attendance.PRESENT, Attendance.LATE, Attendance.ABSENT])
    add_shift(db, admin, at(date(2026, 4, 3), 19), 2, [Attendance.PRESENT])
    return services


def figures(services: Services, actor: Principal, user: Principal) -> dict[str, dict[str, str]]:
    data = services.work_reports.compile(actor, user.user_id, Q1)
    return {s.key: {f.label: f.text for f in s.figures} for s in data.sections}


def test_each_figure_counts_its_records(quarter_records: Services, officer: Principal) -> None:
    got = figures(quarter_records, officer, officer)
    assert got["duty"] == {
        "Hours in the beat": "33.0 hours", "Weeks at the weekly target": "1", "Weeks": "14",
        "Duty log entries": "7",
    }
    assert got["meetings"] == {"Meetings held": "3"}
    assert got["mediation"] == {
        "New cases": "4", "Cases concluded": "3", "Agreements reached": "2",
        "Agreement rate": "66.7% (2/3)", "Cases closed": "1",
    }
    # 4 sessions of 2 youths in the quarter: the 2 is suppressed
    assert got["youth"] == {"Guidance sessions held": "4", "Young people reached": "<3"}
    assert got["volunteers"] == {
        "Patrol shifts": "1", "Volunteer attendances": "2", "Volunteers who served": "2",
        "Volunteer hours": "4.0 hours",
    }


def test_tables_and_charts_per_section(quarter_records: Services, officer: Principal) -> None:
    data = quarter_records.work_reports.compile(officer, officer.user_id, Q1)
    duty = data.sections[0]
    categories = dict((row[0], row[2]) for row in duty.tables[1].rows)
    assert categories[DutyActivity.PATROL.label] == "30.0" and categories[DutyActivity.VISIT.label] == "3.0"
    assert categories[DutyActivity.SERVICE.label] == "0.0"  # every work category listed
    line, bars = duty.charts
    assert line.categories[9] == "W10" and line.series[0].values[9] == 30.0 and line.series[1].values[9] == 30.0
    assert dict(zip(bars.categories, bars.series[0].values, strict=True))[DutyActivity.PATROL.label] == 30.0
    meetings = dict(data.sections[1].tables[0].rows)
    assert meetings[MeetingType.SECURITY_COMMITTEE.label] == "2" and meetings[MeetingType.ACCOUNTABILITY.label] == "0"
    mediation = dict(data.sections[2].tables[0].rows)
    assert mediation == {DisputeType.NEIGHBOUR.label: "3", DisputeType.FAMILY.label: "1"}


def test_youth_counts_are_left_out_for_a_role_without_sealed_access(
    quarter_records: Services, aux: Principal
) -> None:
    got = figures(quarter_records, aux, aux)
    assert "youth" not in got
    assert got["duty"]["Hours in the beat"] == "5.0 hours"


def test_small_youth_counts_are_suppressed(services: Services, admin: Principal, officer: Principal) -> None:
    add_guidance(services.db, admin, officer.user_id, [date(2026, 1, 10), date(2026, 2, 10)])
    got = figures(services, officer, officer)
    assert got["youth"] == {"Guidance sessions held": "<3", "Young people reached": "<3"}


def test_the_report_is_its_authors_own(quarter_records: Services, officer: Principal, aux: Principal,
                                       admin: Principal) -> None:
    with pytest.raises(PermissionDeniedError):
        quarter_records.work_reports.compile(aux, officer.user_id, Q1)
    with pytest.raises(PermissionDeniedError):
        quarter_records.work_reports.save_draft(aux, officer.user_id, Q1, WorkReportText("x"))
    assert quarter_records.work_reports.compile(admin, officer.user_id, Q1).user_name == "李明"
    denied = quarter_records.audit.list_entries(admin, AuditFilter(action="denied"))
    assert any(entry.record_type == "work_report" for entry in denied)


def test_draft_then_finalised(services: Services, officer: Principal) -> None:
    reports = services.work_reports
    assert reports.get(officer, officer.user_id, Q1) is None
    draft = reports.save_draft(officer, officer.user_id, Q1, WorkReportText("  走访群众120户。\n", "", ""))
    assert draft.status is WorkReportStatus.DRAFT and draft.text.summary == "走访群众120户。"
    with pytest.raises(ValidationError, match="Write every section"):
        reports.finalise(officer, officer.user_id, Q1)
    reports.save_draft(officer, officer.user_id, Q1, WorkReportText("走访群众120户。", "宣传覆盖不够。", "加强防诈宣传。"))
    final = reports.finalise(officer, officer.user_id, Q1)
    assert final.is_final and final.finalised_at is not None
    with pytest.raises(ValidationError, match="finalised"):
        reports.save_draft(officer, officer.user_id, Q1, WorkReportText("改"))
    assert reports.get(officer, officer.user_id, Q1).text.plans == "加强防诈宣传。"  # type: ignore[union-attr]
    assert [r.quarter for r in reports.list_reports(officer)] == [Q1]


def test_a_quarter_not_begun_is_refused_and_a_running_one_compiled_to_today(
    services: Services, officer: Principal
) -> None:
    services.work_reports.now = lambda: datetime(2026, 11, 20, 2, tzinfo=UTC)
    with pytest.raises(ValidationError, match="2027-Q1 has not begun yet"):
        services.work_reports.compile(officer, officer.user_id, Quarter(2027, 1))
    with pytest.raises(ValidationError, match="has not begun"):
        services.work_reports.save_draft(officer, officer.user_id, Quarter(2027, 1), WorkReportText("x"))
    data = services.work_reports.compile(officer, officer.user_id, Quarter(2026, 4))
    assert (data.date_from, data.date_to) == (date(2026, 10, 1), date(2026, 11, 20)) and data.partial


def test_quarters_are_read_in_several_spellings() -> None:
    assert parse_quarter("2026-Q4") == parse_quarter("2026q4") == parse_quarter("2026年第四季度") == Quarter(2026, 4)
    assert Quarter(2026, 4).last_day == date(2026, 12, 31) and Quarter(2026, 1).last_day == date(2026, 3, 31)
    assert Quarter.of(date(2026, 8, 9)) == Quarter(2026, 3)
    assert reported_period(Q1, date(2026, 12, 1)) == (date(2026, 1, 1), date(2026, 3, 31))
    for bad in ("2026-Q5", "Q4", "2026"):
        with pytest.raises(ValidationError, match="quarter such as"):
            parse_quarter(bad)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_printed_report(quarter_records: Services, officer: Principal, language: str) -> None:
    i18n.set_language(language)
    quarter_records.work_reports.save_draft(
        officer, officer.user_id, Q1, WorkReportText("本季度走访群众120户 & <重点>", "", "加强防诈宣传")
    )
    pdf = quarter_records.work_reports.report_pdf(officer, officer.user_id, Q1, language)
    text = squash(pdf_text(pdf, "-raw"))
    expected = ["李明", "010456", "本季度走访群众120户&<重点>", "加强防诈宣传", "66.7%(2/3)", "33.0",
                i18n._("Community police officer's accountability report"), i18n._("Not written yet"),
                i18n._("Hours in the beat by week"), i18n._("Hours by work category"), "W10",
                DutyActivity.INTELLIGENCE.label, i18n._("Draft")]
    if language == "zh_CN":
        expected += ["社区民警述职报告", "2026年第一季度", "工作总结", "存在问题", "下步打算", "情报信息"]
    for value in expected:
        assert squash(value) in text, value
    assert not re.search(r"赵小明|钱小红", text)  # youth: counts only


def test_a_quarter_without_records_says_so(services: Services, officer: Principal) -> None:
    pdf = services.work_reports.report_pdf(officer, officer.user_id, Q1, "en")
    text = squash(pdf_text(pdf, "-raw"))
    assert squash("No work was recorded in this quarter.") in text
    assert squash("Hours by work category") not in text  # no empty charts or tables
    assert squash("Number received") not in text and squash("Opinions by month") not in text


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_reception_and_opinions_answered_on_time(services: Services, officer: Principal, aux: Principal,
                                                  language: str) -> None:
    add_residents_desk(services, aux)
    data = services.work_reports.compile(officer, officer.user_id, Q1)
    sections = {section.key: section for section in data.sections}
    assert list(sections)[-2:] == ["reception", "opinions"]
    assert {key: {f.label: f.text for f in sections[key].figures} for key in QUARTER_FIGURES} == QUARTER_FIGURES
    assert dict(sections["reception"].tables[0].rows)[ReceptionKind.CONSULT.label] == "1"
    [chart] = sections["opinions"].charts  # by month: January, February, March
    assert [series.values for series in chart.series] == [(1.0, 0.0, 5.0), (1.0, 0.0, 3.0), (1.0, 0.0, 2.0)]
    i18n.set_language(language)
    text = squash(pdf_text(services.work_reports.report_pdf(officer, officer.user_id, Q1, language), "-raw"))
    colon = "：" if language == "zh_CN" else ":"
    for figures in QUARTER_FIGURES.values():
        for label, value in figures.items():
            assert squash(f"{i18n._(label)}{colon}{value}") in text, (label, value)
    for title in ("Visits and calls received", "Opinions and their answers", "Visits and calls by kind", "Opinions by month"):
        assert squash(i18n._(title)) in text, title
    for personal in PERSONAL:  # counts only
        assert personal not in text, personal
