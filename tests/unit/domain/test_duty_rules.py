"""Duty log rules: week arithmetic, splitting at midnight, the 30-hour figure and its pro-rata
share, totals by activity, day and week; attendance hours and points; entry validation."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_desk.domain.duty import (
    DEFAULT_WEEKLY_TARGET_HOURS,
    DutyActivity,
    DutyEntry,
    DutyEntryDraft,
    DutyWeek,
    check_target,
    month_end,
    overlapping,
    parse_week,
    pro_rata_target,
    split_by_day,
    summarise_duty,
    week_label,
    week_start,
)
from station_desk.domain.volunteers import (
    NO_SHOW_PENALTY,
    Attendance,
    AttendanceMark,
    AttendanceRecord,
    ShiftRowError,
    attended_time,
    check_marks,
    summarise_hours,
)
from station_desk.errors import ValidationError

MONDAY = date(2026, 3, 2)


def entry(start: datetime, end: datetime, activity: DutyActivity = DutyActivity.PATROL,
          in_beat: bool = True, key: str = "e") -> DutyEntry:
    return DutyEntry(key, "u", "张建国", start, end, activity, "", "", in_beat)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(MONDAY + timedelta(days=day), time(hour, minute))


# --- weeks -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "monday"),
    [
        ("2026-W10", date(2026, 3, 2)),
        ("2026W10", date(2026, 3, 2)),
        ("2026-w1", date(2025, 12, 29)),
        ("2026年第10周", date(2026, 3, 2)),
        ("2026-03-05", date(2026, 3, 2)),
        ("2020-W53", date(2020, 12, 28)),
    ],
)
def test_parse_week(text: str, monday: date) -> None:
    assert parse_week(text) == monday


@pytest.mark.parametrize("text", ["", "2026-W54", "2025-W53", "next week"])
def test_parse_week_refuses(text: str) -> None:
    with pytest.raises(ValidationError):
        parse_week(text)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)))
def test_week_label_round_trips(day: date) -> None:
    monday = week_start(day)
    assert monday.weekday() == 0 and 0 <= (day - monday).days < 7
    assert parse_week(week_label(day)) == monday


def test_month_end() -> None:
    assert month_end(date(2026, 2, 1)) == date(2026, 2, 28)
    assert month_end(date(2028, 2, 1)) == date(2028, 2, 29)
    assert month_end(date(2026, 12, 1)) == date(2026, 12, 31)


@given(st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 31)), st.integers(1, 24 * 60))
def test_split_by_day_keeps_every_minute(start: datetime, minutes: int) -> None:
    start = start.replace(second=0, microsecond=0)
    parts = split_by_day(start, start + timedelta(minutes=minutes))
    assert sum(m for _d, m in parts) == minutes
    assert [d for d, _m in parts] == sorted({d for d, _m in parts})


def test_pro_rata_target_over_working_days() -> None:
    assert pro_rata_target(30, MONDAY, MONDAY) == 0
    assert pro_rata_target(30, MONDAY, MONDAY + timedelta(days=3)) == 18  # Thursday morning
    assert pro_rata_target(30, MONDAY, MONDAY + timedelta(days=5)) == 30  # Saturday
    assert pro_rata_target(30, MONDAY, MONDAY + timedelta(days=6)) == 30
    week = DutyWeek(MONDAY, 30, in_beat_minutes=17 * 60)
    assert week.behind(MONDAY + timedelta(days=3)) and not week.behind(MONDAY + timedelta(days=2))


def test_target_setting_bounds() -> None:
    assert check_target(30) == DEFAULT_WEEKLY_TARGET_HOURS
    for bad in (0, -1, 100, "30", True):
        with pytest.raises(ValidationError):
            check_target(bad)  # type: ignore[arg-type]


# --- entries ---------------------------------------------------------------------------------


def test_entry_validation() -> None:
    draft = DutyEntryDraft("u", at(0, 9), at(0, 11, 30), DutyActivity.TRAINING, " 派出所 ")
    checked = draft.validated()
    assert checked.in_beat is False and checked.place == "派出所"
    assert DutyEntryDraft("u", at(0, 9), at(0, 11), DutyActivity.VISIT).validated().in_beat
    for bad, field in (
        (DutyEntryDraft("u", at(0, 11), at(0, 9), DutyActivity.PATROL), "ends_at"),
        (DutyEntryDraft("u", at(0, 9), at(0, 9), DutyActivity.PATROL), "ends_at"),
        (DutyEntryDraft("u", at(0, 9), at(1, 10), DutyActivity.PATROL), "ends_at"),
        (DutyEntryDraft("", at(0, 9), at(0, 10), DutyActivity.PATROL), "user_id"),
        (DutyEntryDraft("u", at(0, 9), at(0, 10), "sleeping"), "activity"),  # type: ignore[arg-type]
    ):
        with pytest.raises(ValidationError) as caught:
            bad.validated()
        assert caught.value.field == field


def test_overlapping_ignores_touching_and_itself() -> None:
    entries = [entry(at(0, 9), at(0, 11), key="a"), entry(at(0, 11), at(0, 12), key="b")]
    assert overlapping(entries, at(0, 10), at(0, 10, 30)).id == "a"  # type: ignore[union-attr]
    assert overlapping(entries, at(0, 12), at(0, 13)) is None
    assert overlapping(entries, at(0, 9), at(0, 11), skip_id="a") is None


# --- the 30-hour figure ----------------------------------------------------------------------


def test_week_summary_counts_in_beat_hours_against_30() -> None:
    entries = [entry(at(day, 8), at(day, 14), key=f"p{day}") for day in range(5)]
    entries.append(entry(at(2, 15), at(2, 17), DutyActivity.TRAINING, in_beat=False, key="t"))
    data = summarise_duty("u", "张建国", entries, MONDAY, MONDAY + timedelta(days=6), 30)
    assert data.is_single_week and data.target_hours == 30
    assert data.in_beat_hours == 30 and data.met and data.other_minutes == 120
    assert len(data.weeks) == 1 and data.weeks[0].met and data.weeks[0].entries == 6
    assert {a.activity: (a.entries, a.minutes, a.in_beat_minutes) for a in data.by_activity} == {
        DutyActivity.PATROL: (5, 1800, 1800), DutyActivity.TRAINING: (1, 120, 0),
    }
    short = summarise_duty("u", "张建国", entries[:4], MONDAY, MONDAY + timedelta(days=6), 30)
    assert not short.met and short.weeks[0].remaining_hours == 6


def test_entries_are_cut_at_the_period_edges() -> None:
    sunday_night = entry(at(-1, 22), at(0, 2))
    data = summarise_duty("u", "x", [sunday_night], MONDAY, MONDAY + timedelta(days=6), 30)
    assert data.in_beat_minutes == 120 and data.by_day[0].day == MONDAY
    assert len(data.entries) == 1


def test_month_weeks_get_a_share_of_the_target() -> None:
    data = summarise_duty("u", "x", [], date(2026, 3, 1), date(2026, 3, 31), 30)
    assert [w.days_counted for w in data.weeks] == [1, 7, 7, 7, 7, 2]
    assert round(sum(w.target_hours for w in data.weeks), 6) == round(data.target_hours, 6)
    with pytest.raises(ValidationError):
        summarise_duty("u", "x", [], date(2026, 3, 31), date(2026, 3, 1), 30)


# --- attendance hours and points -----------------------------------------------------------

START, END = at(1, 19), at(1, 21)


@pytest.mark.parametrize(
    ("attendance", "check_in", "check_out", "reason", "minutes", "points", "flagged"),
    [
        (Attendance.PRESENT, None, None, "", 120, 2, False),
        (Attendance.PRESENT, at(1, 18, 50), at(1, 21, 20), "", 150, 2.5, False),
        (Attendance.LATE, at(1, 19, 40), at(1, 21), "", 80, 1, False),
        (Attendance.SUBSTITUTE, None, None, "", 120, 3, False),
        (Attendance.ABSENT, None, None, "生病", 0, 0, False),
        (Attendance.ABSENT, None, None, "", 0, NO_SHOW_PENALTY, False),
        (Attendance.PENDING, None, None, "", 0, 0, False),
        (Attendance.PRESENT, at(1, 19, 5), None, "", 115, 1.5, True),  # forgot to check out
        (Attendance.PRESENT, at(1, 22), None, "", 0, 0, True),  # checked in after the end
    ],
)
def test_attended_time(attendance: Attendance, check_in: datetime | None, check_out: datetime | None,
                       reason: str, minutes: int, points: float, flagged: bool) -> None:
    counted = attended_time(START, END, attendance, check_in, check_out, reason)
    assert (counted.minutes, counted.points, counted.closed_automatically) == (minutes, points, flagged)


@given(st.integers(0, 600), st.integers(0, 600))
def test_a_forgotten_check_out_is_never_open_ended(check_in_offset: int, later: int) -> None:
    check_in = START - timedelta(hours=5) + timedelta(minutes=check_in_offset)
    counted = attended_time(START, END, Attendance.PRESENT, check_in, None)
    assert counted.minutes <= max(0, int((END - check_in).total_seconds() // 60))
    assert counted.closed_automatically


def test_check_marks_rules() -> None:
    now = at(1, 23)
    with pytest.raises(ShiftRowError, match="before the check-in") as caught:
        check_marks(START, END, (AttendanceMark("a", Attendance.PRESENT, at(1, 20), at(1, 19, 30)),), now)
    assert caught.value.row == 0
    with pytest.raises(ShiftRowError, match="late arrival"):
        check_marks(START, END, (AttendanceMark("a", Attendance.LATE),), now)
    with pytest.raises(ShiftRowError, match="only for an absence"):
        check_marks(START, END, (AttendanceMark("a", Attendance.PRESENT, absence_reason="x"),), now)
    with pytest.raises(ShiftRowError, match="listed twice"):
        check_marks(START, END, (AttendanceMark("a", Attendance.PRESENT), AttendanceMark("a", Attendance.LATE, at(1, 20))), now)
    with pytest.raises(ShiftRowError, match="in the future"):
        check_marks(START, END, (AttendanceMark("a", Attendance.PRESENT, at(1, 19), at(1, 21)),), at(1, 20))
    with pytest.raises(ShiftRowError, match="far from"):
        check_marks(START, END, (AttendanceMark("a", Attendance.PRESENT, at(0, 1)),), now)
    checked = check_marks(START, END, (
        AttendanceMark("a", Attendance.ABSENT, absence_reason=" 出差 "),
        AttendanceMark("b", Attendance.SUBSTITUTE, substitute_for="a"),
    ), now)
    assert checked[0].absence_reason == "出差" and checked[1].substitute_for == "a"


def test_summarise_hours_per_volunteer_and_team() -> None:
    def record(volunteer: str, team: str, shift: str, attendance: Attendance, **values: object) -> AttendanceRecord:
        return AttendanceRecord(volunteer, volunteer.upper(), team, f"队{team}", shift, START, END, attendance, **values)  # type: ignore[arg-type]

    report = summarise_hours([
        record("a", "1", "s1", Attendance.PRESENT),
        record("b", "1", "s1", Attendance.ABSENT),
        record("c", "1", "s1", Attendance.SUBSTITUTE, ),
        record("a", "1", "s2", Attendance.PRESENT, check_in=at(1, 19)),
        record("d", "2", "s3", Attendance.LATE, check_in=at(1, 20), check_out=at(1, 21)),
    ], MONDAY, MONDAY + timedelta(days=30))
    people = {v.volunteer_id: v for v in report.volunteers}
    assert report.volunteers[0].volunteer_id == "a"
    assert (people["a"].shifts, people["a"].minutes, people["a"].to_review) == (2, 240, 1)
    assert (people["b"].no_shows, people["b"].points) == (1, -1)
    assert (people["c"].shifts, people["c"].substitutes, people["c"].points) == (0, 1, 3)
    teams = {t.team_id: t for t in report.teams}
    assert (teams["1"].volunteers, teams["1"].shifts, teams["1"].attended, teams["1"].absent) == (3, 2, 3, 1)
    assert teams["2"].minutes == 60 and report.minutes == 420 and report.to_review == 1
