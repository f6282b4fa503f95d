"""Issue 16.11: the official 2026 holidays and 调休 working days ship as data; deadlines in
working days and the patrol roster use them at once; the administrator can still edit them."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

import pytest

from station_desk import i18n
from station_desk.domain.accounts import Principal
from station_desk.domain.holidays import OfficialCalendar, merge_official
from station_desk.domain.mediation import CaseDraft, CaseSource, DisputeType, MediationKind
from station_desk.domain.volunteers import PatternDraft, ShiftQuery, TeamDraft, VolunteerDraft
from station_desk.paths import calendar_dir
from station_desk.services.container import Services
from station_desk.services.holidays import OFFICIAL_FILE, official_calendar
from station_desk.services.rosters import RosterService


def test_the_shipped_2026_calendar_matches_the_state_council_notice() -> None:
    data = json.loads((calendar_dir() / OFFICIAL_FILE).read_text(encoding="utf-8"))
    assert "国务院办公厅关于2026年部分节假日安排的通知" in data["years"]["2026"]["source"]
    calendar = official_calendar()
    assert 2026 in calendar.years
    days = calendar.holiday_days([2026])
    assert len(days) == 3 + 9 + 3 + 5 + 3 + 3 + 7
    assert {date(2026, 1, 1), date(2026, 2, 15), date(2026, 2, 23), date(2026, 10, 7)} <= days
    assert calendar.workday_days([2026]) == {
        date(2026, 1, 4),
        date(2026, 2, 14),
        date(2026, 2, 28),
        date(2026, 5, 9),
        date(2026, 9, 20),
        date(2026, 10, 10),
    }
    holiday = calendar.holiday_on(date(2026, 2, 18))
    assert (
        holiday is not None and holiday.name("zh_CN") == "春节" and holiday.name("zh_TW") == "春節"
    )


def test_merging_keeps_the_rooms_choice_and_skips_edited_years() -> None:
    calendar = OfficialCalendar.parse(
        {
            "years": {
                "2026": {
                    "holidays": [
                        {"name": {"zh_CN": "元旦"}, "from": "2026-01-01", "to": "2026-01-03"}
                    ],
                    "workdays": ["2026-01-04"],
                }
            }
        }
    )
    holidays, workdays = merge_official([], [date(2026, 1, 2)], calendar, [])
    assert holidays == (date(2026, 1, 1), date(2026, 1, 3))  # the room works on the 2nd
    assert workdays == (date(2026, 1, 2), date(2026, 1, 4))
    assert merge_official([], [], calendar, [2026]) == ((), ())


@pytest.fixture
def case_draft() -> CaseDraft:
    # received on Wednesday 31 December 2025: 1–3 January off, Sunday 4 January worked
    return CaseDraft(
        date(2025, 12, 31),
        CaseSource.WALK_IN,
        DisputeType.NEIGHBOUR,
        MediationKind.POLICE,
        "元旦前的噪音纠纷",
    )


def test_deadlines_follow_the_official_days_until_the_admin_edits_them(
    services: Services, officer: Principal, admin: Principal, case_draft: CaseDraft
) -> None:
    mediation = services.mediation
    case = mediation.register_case(officer, case_draft)
    assert case.due_date == date(2026, 1, 6)  # 4, 5, 6 January (not 5 January)
    limits = mediation.limits(officer)
    assert date(2026, 10, 1) in limits.holidays and date(2026, 10, 10) in limits.extra_workdays

    # the admin takes 2 January out: it stays out, and the open case's deadline moves
    edited = limits.__class__(
        limits.police_working_days,
        limits.peoples_months,
        limits.return_visit_days,
        tuple(d for d in limits.holidays if d != date(2026, 1, 2)),
        limits.extra_workdays,
    )
    mediation.set_limits(admin, edited)
    assert date(2026, 1, 2) not in mediation.limits(officer).holidays
    assert mediation.get(officer, case.id).due_date == date(2026, 1, 5)  # 2, 4, 5 January


def test_generated_shifts_on_a_holiday_are_flagged(services: Services, officer: Principal) -> None:
    team = services.volunteers.create_team(officer, TeamDraft("巡逻一队"))
    services.volunteers.create(officer, VolunteerDraft("王建国", team_id=team.id))
    rosters = RosterService(services.db, now=lambda: datetime(2025, 12, 28, 8).astimezone())
    monday = date(2025, 12, 29)
    rosters.create_pattern(
        officer,
        PatternDraft(team.id, "A线", frozenset(range(1, 8)), time(19), time(21), valid_from=monday),
    )
    rosters.generate_shifts(officer, monday, monday + timedelta(days=6))
    notes = {
        s.starts_at.date(): s.notes
        for s in rosters.list_shifts(
            officer, ShiftQuery(date_from=monday, date_to=monday + timedelta(days=6))
        )
    }
    assert notes[date(2026, 1, 1)] == "Public holiday: New Year's Day"
    assert notes[date(2026, 1, 3)] == "Public holiday: New Year's Day"
    assert notes[date(2025, 12, 31)] == notes[date(2026, 1, 4)] == ""
    spring = date(2026, 2, 14)  # a Saturday worked (调休), then the Spring Festival
    try:
        i18n.set_language("zh_CN")
        rosters.generate_shifts(officer, spring, spring + timedelta(days=1))
    finally:
        i18n.set_language("en")
    notes = {
        s.starts_at.date(): s.notes
        for s in rosters.list_shifts(
            officer, ShiftQuery(date_from=spring, date_to=spring + timedelta(days=1))
        )
    }
    assert notes == {spring: "", spring + timedelta(days=1): "法定节假日：春节"}


def test_open_cases_follow_newly_shipped_years_once_at_start_up(
    services: Services, officer: Principal, case_draft: CaseDraft, monkeypatch: pytest.MonkeyPatch
) -> None:
    from station_desk.services import holidays

    shipped = holidays.official_calendar()
    monkeypatch.setattr(holidays, "official_calendar", OfficialCalendar)  # an older program
    case = services.mediation.register_case(officer, case_draft)
    assert case.due_date == date(2026, 1, 5)
    assert services.mediation.follow_official_calendar() == 0

    monkeypatch.setattr(holidays, "official_calendar", lambda: shipped)  # the new one starts
    assert services.mediation.follow_official_calendar() == 1
    assert services.mediation.get(officer, case.id).due_date == date(2026, 1, 6)
    assert services.mediation.follow_official_calendar() == 0  # once
