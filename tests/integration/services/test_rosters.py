"""Patrol rosters: patterns to shifts, the generator over the database, double bookings,
attendance with the forgotten check-out rule, hours and points, the roster documents."""

from __future__ import annotations

import io
from collections import Counter
from datetime import date, datetime, time, timedelta

import pytest
from openpyxl import load_workbook

from station_desk import i18n
from station_desk.domain.accounts import Principal
from station_desk.domain.rostering import UnfilledReason
from station_desk.domain.volunteers import (
    Attendance,
    AttendanceMark,
    ConflictKind,
    DayPart,
    GapKind,
    PatternDraft,
    ShiftDraft,
    ShiftQuery,
    ShiftRowError,
    TeamDraft,
    VolunteerDraft,
    VolunteerStatus,
)
from station_desk.errors import ValidationError
from station_desk.services.container import Services
from station_desk.services.rosters import RosterService
from tests.reports_helpers import pdf_fonts, pdf_page_count, pdf_page_sizes, pdf_text, squash

MONDAY = date(2026, 3, 2)  # ISO week 2026-W10
BEFORE = datetime(2026, 3, 1, 8, 0)  # Sunday morning: the whole week lies ahead


def clock(moment: datetime):  # noqa: ANN201 - a `now` for the services (aware, local)
    return lambda: moment.astimezone()


def rosters(services: Services, moment: datetime = BEFORE) -> RosterService:
    return RosterService(services.db, now=clock(moment))


def make_team(services: Services, actor: Principal, name: str = "巡逻一队", people: int = 6, **values: object) -> tuple[str, list[str]]:
    team_id = services.volunteers.create_team(actor, TeamDraft(name)).id
    ids = [
        services.volunteers.create(actor, VolunteerDraft(f"{name[:2]}{chr(0x4E00 + 200 + n)}{chr(0x4E00 + 300 + n)}", team_id=team_id, **values)).id  # type: ignore[arg-type]
        for n in range(people)
    ]
    return team_id, ids


def pattern(team_id: str, days: frozenset[int] = frozenset({2, 4}), start: time = time(19), end: time = time(21), **values: object) -> PatternDraft:
    return PatternDraft(team_id, "A线（北区）", days, start, end, valid_from=MONDAY, **values)  # type: ignore[arg-type]


# --- patterns ------------------------------------------------------------------------------


def test_pattern_generates_its_shifts_once(services: Services, officer: Principal) -> None:
    team_id, _ids = make_team(services, officer)
    service = rosters(services)
    made = service.create_pattern(officer, pattern(team_id, seats=2))
    run = service.generate_shifts(officer, MONDAY, MONDAY + timedelta(days=13))
    assert len(run.created) == 4 and run.existing == 0
    shifts = service.list_shifts(officer, ShiftQuery(date_from=MONDAY, date_to=MONDAY + timedelta(days=13)))
    assert [s.starts_at for s in shifts] == [
        datetime(2026, 3, 3, 19), datetime(2026, 3, 5, 19), datetime(2026, 3, 10, 19), datetime(2026, 3, 12, 19)
    ]
    assert all(s.ends_at - s.starts_at == timedelta(hours=2) and s.seats == 2 and s.pattern_id == made.id for s in shifts)
    again = service.generate_shifts(officer, MONDAY, MONDAY + timedelta(days=20))
    assert len(again.created) == 2 and again.existing == 4


def test_overnight_pattern_and_refused_times(services: Services, officer: Principal) -> None:
    team_id, _ids = make_team(services, officer, people=1)
    service = rosters(services)
    night = service.create_pattern(officer, pattern(team_id, frozenset({6}), time(22), time(2), overnight=True))
    assert night.occurrences(MONDAY, MONDAY + timedelta(days=6)) == [
        (datetime(2026, 3, 7, 22), datetime(2026, 3, 8, 2))
    ]
    with pytest.raises(ValidationError, match="cannot end before it starts") as caught:
        service.create_pattern(officer, pattern(team_id, start=time(21), end=time(19)))
    assert caught.value.field == "end"
    with pytest.raises(ValidationError) as caught:
        service.create_pattern(officer, pattern(team_id, frozenset()))
    assert caught.value.field == "weekdays"


def test_valid_until_limits_the_pattern(services: Services, officer: Principal) -> None:
    team_id, _ids = make_team(services, officer, people=1)
    service = rosters(services)
    service.create_pattern(officer, pattern(team_id, valid_until=MONDAY + timedelta(days=6)))
    run = service.generate_shifts(officer, MONDAY, MONDAY + timedelta(days=27))
    assert len(run.created) == 2


# --- shifts and double bookings --------------------------------------------------------------


def test_shift_ending_before_it_starts_is_refused(services: Services, officer: Principal) -> None:
    service = rosters(services)
    start = datetime(2026, 3, 3, 19)
    with pytest.raises(ValidationError, match="cannot end before it starts") as caught:
        service.create_shift(officer, ShiftDraft(start, start - timedelta(hours=1), "A线"))
    assert caught.value.field == "ends_at"
    with pytest.raises(ValidationError, match="at most 24 hours"):
        service.create_shift(officer, ShiftDraft(start, start + timedelta(hours=25), "A线"))


def test_double_booking_is_refused_with_the_other_shift(services: Services, officer: Principal) -> None:
    team_id, ids = make_team(services, officer, people=2)
    service = rosters(services)
    start = datetime(2026, 3, 3, 19)
    service.create_shift(officer, ShiftDraft(start, start + timedelta(hours=2), "A线", team_id, 2, member_ids=(ids[0],)))
    with pytest.raises(ValidationError, match="2026-03-03 19:00–21:00 A线") as caught:
        service.create_shift(
            officer, ShiftDraft(start + timedelta(hours=1), start + timedelta(hours=3), "B线", team_id, member_ids=(ids[0],))
        )
    assert caught.value.field == "member_ids"
    # touching ends are not an overlap
    later = service.create_shift(
        officer, ShiftDraft(start + timedelta(hours=2), start + timedelta(hours=4), "B线", team_id, member_ids=(ids[0],))
    )
    # moving a shift onto another one of a member is refused too
    with pytest.raises(ValidationError, match="overlaps"):
        service.update_shift(officer, later.id, later.to_draft(starts_at=start + timedelta(minutes=90)))


def test_conflicts_lists_double_bookings_and_overlapping_shifts(services: Services, officer: Principal) -> None:
    team_id, ids = make_team(services, officer, people=2)
    service = rosters(services)
    start = datetime(2026, 3, 3, 19)
    first = service.create_shift(officer, ShiftDraft(start, start + timedelta(hours=2), "A线", team_id, member_ids=(ids[0],)))
    second = service.create_shift(officer, ShiftDraft(start + timedelta(hours=1), start + timedelta(hours=3), "A线", team_id))
    # a double booking made behind the service's back (e.g. an old import)
    from station_desk.db.models import ShiftMember

    with services.db.session(officer) as session:
        session.add(ShiftMember(shift_id=second.id, volunteer_id=ids[0], position=0, attendance="pending"))
    found = service.conflicts(officer, MONDAY, MONDAY + timedelta(days=6))
    kinds = Counter(c.kind for c in found)
    assert kinds == {ConflictKind.DOUBLE_BOOKING: 1, ConflictKind.OVERLAPPING_SHIFTS: 1}
    booking = next(c for c in found if c.kind is ConflictKind.DOUBLE_BOOKING)
    assert {booking.first_shift_id, booking.second_shift_id} == {first.id, second.id}
    assert booking.volunteer_name in booking.message and "A线" in booking.message
    assert service.week(officer, MONDAY).conflicts


def test_a_teams_week_shows_the_conflicts_of_its_shifts(services: Services, officer: Principal) -> None:
    """A double booking across two teams shows in both teams' weeks; an overlap inside
    another team does not show in this team's week (the team's week reads only its shifts
    and the other shifts of their volunteers)."""
    team_a, ids_a = make_team(services, officer, name="巡逻一队", people=1)
    team_b, ids_b = make_team(services, officer, name="巡逻二队", people=1)
    service = rosters(services)
    start = datetime(2026, 3, 3, 19)
    a_shift = service.create_shift(officer, ShiftDraft(start, start + timedelta(hours=2), "A线", team_a, member_ids=(ids_a[0],)))
    b_shift = service.create_shift(officer, ShiftDraft(start + timedelta(hours=1), start + timedelta(hours=3), "B线", team_b))
    service.create_shift(officer, ShiftDraft(start + timedelta(days=1), start + timedelta(days=1, hours=2), "C线", team_b))
    service.create_shift(officer, ShiftDraft(start + timedelta(days=1, hours=1), start + timedelta(days=1, hours=3), "C线", team_b))
    from station_desk.db.models import ShiftMember

    with services.db.session(officer) as session:  # a's volunteer also on b's shift
        session.add(ShiftMember(shift_id=b_shift.id, volunteer_id=ids_a[0], position=0, attendance="pending"))
    everything = service.week(officer, MONDAY).conflicts
    assert Counter(c.kind for c in everything) == {
        ConflictKind.DOUBLE_BOOKING: 1, ConflictKind.OVERLAPPING_SHIFTS: 1
    }
    (booking,) = service.week(officer, MONDAY, team_a).conflicts
    assert booking.kind is ConflictKind.DOUBLE_BOOKING
    assert {booking.first_shift_id, booking.second_shift_id} == {a_shift.id, b_shift.id}
    assert Counter(c.kind for c in service.week(officer, MONDAY, team_b).conflicts) == Counter(
        c.kind for c in everything
    )


def test_paused_volunteers_are_not_rostered_by_hand(services: Services, officer: Principal) -> None:
    team_id, ids = make_team(services, officer, people=1)
    services.volunteers.set_status(officer, ids[0], VolunteerStatus.PAUSED)
    service = rosters(services)
    start = datetime(2026, 3, 3, 19)
    with pytest.raises(ValidationError, match="not an active volunteer"):
        service.create_shift(officer, ShiftDraft(start, start + timedelta(hours=2), "A线", team_id, member_ids=(ids[0],)))


# --- the generator --------------------------------------------------------------------------


def test_fill_is_fair_and_respects_limits_and_availability(services: Services, officer: Principal) -> None:
    evenings = frozenset((day, DayPart.EVENING) for day in range(1, 8))
    team_id, ids = make_team(services, officer, people=6, availability=evenings, max_shifts_per_week=2)
    mornings_only = services.volunteers.create(
        officer, VolunteerDraft("晨练王", team_id=team_id, availability=frozenset({(6, DayPart.MORNING)}))
    )
    service = rosters(services)
    service.create_pattern(officer, pattern(team_id, frozenset({1, 2, 3, 4, 5}), seats=2))
    service.generate_shifts(officer, MONDAY, MONDAY + timedelta(days=13))
    result = service.fill(officer, MONDAY, MONDAY + timedelta(days=13))
    assert result.applied and result.filled == 20 and result.missing == 0
    load = Counter(seat.volunteer_id for seat in result.assignments)
    assert mornings_only.id not in load
    assert max(load[v] for v in ids) - min(load[v] for v in ids) <= 1
    weekly = Counter((seat.volunteer_id, seat.starts_at.isocalendar()[1]) for seat in result.assignments)
    assert max(weekly.values()) <= 2
    shifts = service.list_shifts(officer, ShiftQuery(date_from=MONDAY, date_to=MONDAY + timedelta(days=13)))
    assert all(len(s.rostered) == 2 for s in shifts)
    assert service.conflicts(officer, MONDAY, MONDAY + timedelta(days=13)) == []
    # a second run finds nothing left to fill
    assert service.fill(officer, MONDAY, MONDAY + timedelta(days=13)).filled == 0


def test_fill_reports_what_it_cannot_fill(services: Services, officer: Principal) -> None:
    team_id, _ids = make_team(services, officer, people=2, max_shifts_per_week=1)
    empty_team = services.volunteers.create_team(officer, TeamDraft("空队")).id
    service = rosters(services)
    service.create_pattern(officer, pattern(team_id, frozenset({1, 2}), seats=2))
    service.create_pattern(officer, pattern(empty_team, frozenset({3}), seats=1))
    service.generate_shifts(officer, MONDAY, MONDAY + timedelta(days=6))
    proposal = service.fill(officer, MONDAY, MONDAY + timedelta(days=6), apply=False)
    assert not proposal.applied and proposal.filled == 2
    reasons = {(u.starts_at.isoweekday(), u.reason) for u in proposal.unfilled}
    assert reasons == {(2, UnfilledReason.WEEKLY_LIMIT), (3, UnfilledReason.NO_MEMBERS)}
    # nothing was saved
    shifts = service.list_shifts(officer, ShiftQuery(date_from=MONDAY, date_to=MONDAY + timedelta(days=6)))
    assert all(not s.members for s in shifts)


def test_fill_leaves_started_shifts_alone(services: Services, officer: Principal) -> None:
    team_id, _ids = make_team(services, officer, people=3)
    service = rosters(services, datetime(2026, 3, 4, 12, 0))  # Wednesday noon
    service.create_pattern(officer, pattern(team_id, frozenset({1, 5}), seats=1))
    service.generate_shifts(officer, MONDAY, MONDAY + timedelta(days=6))
    result = service.fill(officer, MONDAY, MONDAY + timedelta(days=6))
    assert [seat.starts_at.isoweekday() for seat in result.assignments] == [5]


def test_fill_rotates_from_the_previous_weeks(services: Services, officer: Principal) -> None:
    team_id, ids = make_team(services, officer, people=4)
    service = rosters(services)
    service.create_pattern(officer, pattern(team_id, frozenset({2}), seats=2))
    service.generate_shifts(officer, MONDAY, MONDAY + timedelta(days=13))
    first = service.fill(officer, MONDAY, MONDAY + timedelta(days=6))
    second = service.fill(officer, MONDAY + timedelta(days=7), MONDAY + timedelta(days=13))
    assert {s.volunteer_id for s in first.assignments}.isdisjoint({s.volunteer_id for s in second.assignments})


# --- attendance ---------------------------------------------------------------------------


def shift_with(services: Services, actor: Principal, people: int = 3) -> tuple[RosterService, str, list[str]]:
    team_id, ids = make_team(services, actor, people=people + 1)
    service = rosters(services, datetime(2026, 3, 3, 22, 0))  # after the shift
    start = datetime(2026, 3, 3, 19)
    shift = service.create_shift(actor, ShiftDraft(start, start + timedelta(hours=2), "A线", team_id, people, member_ids=tuple(ids[:people])))
    return service, shift.id, ids


def test_attendance_hours_and_points(services: Services, officer: Principal) -> None:
    service, shift_id, ids = shift_with(services, officer)
    detail = service.save_attendance(officer, shift_id, [
        AttendanceMark(ids[0], Attendance.PRESENT),
        AttendanceMark(ids[1], Attendance.LATE, check_in=datetime(2026, 3, 3, 19, 40), check_out=datetime(2026, 3, 3, 21)),
        AttendanceMark(ids[2], Attendance.ABSENT, absence_reason="生病"),
        AttendanceMark(ids[3], Attendance.SUBSTITUTE, substitute_for=ids[2]),
    ])
    by_volunteer = {m.volunteer_id: m for m in detail.members}
    assert by_volunteer[ids[0]].minutes == 120 and by_volunteer[ids[0]].points == 2
    assert by_volunteer[ids[1]].minutes == 80 and by_volunteer[ids[1]].points == 1
    assert by_volunteer[ids[2]].minutes == 0 and by_volunteer[ids[2]].points == 0
    assert by_volunteer[ids[3]].minutes == 120 and by_volunteer[ids[3]].points == 3
    assert detail.open_seats == 0 and len(detail.rostered) == 3
    report = service.hours(officer, MONDAY, MONDAY + timedelta(days=6))
    assert report.minutes == 320
    team = report.teams[0]
    assert (team.volunteers, team.shifts, team.attended, team.absent) == (4, 1, 3, 1)


def test_no_show_costs_a_point(services: Services, officer: Principal) -> None:
    service, shift_id, ids = shift_with(services, officer, people=1)
    detail = service.save_attendance(officer, shift_id, [AttendanceMark(ids[0], Attendance.ABSENT)])
    assert detail.members[0].points == -1
    report = service.hours(officer, MONDAY, MONDAY + timedelta(days=6))
    assert report.volunteers[0].no_shows == 1


def test_check_out_before_check_in_is_refused(services: Services, officer: Principal) -> None:
    service, shift_id, ids = shift_with(services, officer, people=1)
    with pytest.raises(ShiftRowError, match="before the check-in") as caught:
        service.save_attendance(officer, shift_id, [
            AttendanceMark(ids[0], Attendance.PRESENT, check_in=datetime(2026, 3, 3, 20), check_out=datetime(2026, 3, 3, 19, 30))
        ])
    assert caught.value.row == 0 and caught.value.field == "check_out"


def test_future_shift_attendance_is_refused(services: Services, officer: Principal) -> None:
    team_id, ids = make_team(services, officer, people=1)
    service = rosters(services)
    start = datetime(2026, 3, 3, 19)
    shift = service.create_shift(officer, ShiftDraft(start, start + timedelta(hours=2), "A线", team_id, member_ids=(ids[0],)))
    with pytest.raises(ShiftRowError, match="not started"):
        service.save_attendance(officer, shift.id, [AttendanceMark(ids[0], Attendance.PRESENT)])
    # an excused absence may be recorded beforehand
    service.save_attendance(officer, shift.id, [AttendanceMark(ids[0], Attendance.ABSENT, absence_reason="出差")])


def test_forgotten_check_out_is_closed_at_the_shift_end_and_flagged(services: Services, officer: Principal) -> None:
    service, shift_id, ids = shift_with(services, officer, people=2)
    service.save_attendance(officer, shift_id, [
        AttendanceMark(ids[0], Attendance.PRESENT, check_in=datetime(2026, 3, 3, 19, 5)),
        AttendanceMark(ids[1], Attendance.PRESENT, check_in=datetime(2026, 3, 3, 19), check_out=datetime(2026, 3, 3, 21)),
    ])
    # counted to the shift's end and flagged, before and after closing
    detail = service.get_shift(officer, shift_id)
    open_row = next(m for m in detail.members if m.volunteer_id == ids[0])
    assert open_row.minutes == 115 and open_row.needs_review
    gaps = service.attendance_gaps(officer)
    assert [(g.kind, g.volunteer_id) for g in gaps] == [(GapKind.NO_CHECK_OUT, ids[0])]
    assert service.close_forgotten_checkouts(officer) == 1
    assert service.close_forgotten_checkouts(officer) == 0
    closed = next(m for m in service.get_shift(officer, shift_id).members if m.volunteer_id == ids[0])
    assert closed.check_out == datetime(2026, 3, 3, 21) and closed.auto_closed and not closed.reviewed
    assert service.count_attendance_gaps(officer) == 1
    assert service.hours(officer, MONDAY, MONDAY + timedelta(days=6)).to_review == 1
    # the officer corrects it: no longer flagged
    service.mark_reviewed(officer, closed.id, check_out=datetime(2026, 3, 3, 20, 30))
    fixed = next(m for m in service.get_shift(officer, shift_id).members if m.volunteer_id == ids[0])
    assert fixed.minutes == 85 and not fixed.needs_review
    assert service.attendance_gaps(officer) == []


def test_attendance_not_taken_is_a_gap(services: Services, officer: Principal) -> None:
    service, _shift_id, ids = shift_with(services, officer, people=2)
    gaps = service.attendance_gaps(officer)
    assert {g.volunteer_id for g in gaps} == set(ids[:2])
    assert all(g.kind is GapKind.NOT_RECORDED for g in gaps)
    assert service.count_attendance_gaps(officer) == 2


def test_substitute_must_name_an_absent_member(services: Services, officer: Principal) -> None:
    service, shift_id, ids = shift_with(services, officer, people=2)
    with pytest.raises(ShiftRowError, match="absent") as caught:
        service.save_attendance(officer, shift_id, [
            AttendanceMark(ids[0], Attendance.PRESENT),
            AttendanceMark(ids[2], Attendance.SUBSTITUTE, substitute_for=ids[0]),
        ])
    assert caught.value.row == 1


def test_commendation_candidates_have_the_most_hours(services: Services, officer: Principal) -> None:
    service, shift_id, ids = shift_with(services, officer, people=3)
    service.save_attendance(officer, shift_id, [
        AttendanceMark(ids[0], Attendance.PRESENT),
        AttendanceMark(ids[1], Attendance.LATE, check_in=datetime(2026, 3, 3, 20)),
        AttendanceMark(ids[2], Attendance.ABSENT, absence_reason="出差"),
    ])
    candidates = service.commendation_candidates(officer, date(2026, 2, 1))
    assert [c.volunteer_id for c in candidates] == [ids[0], ids[1]]


# --- documents ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh_CN", "zh_TW", "en"])
def test_weekly_roster_document_fits_one_landscape_page(services: Services, officer: Principal, language: str) -> None:
    i18n.set_language(language)
    team_id, _ids = make_team(services, officer, people=24, max_shifts_per_week=7)
    service = rosters(services)
    for hour in (6, 9, 14, 16, 19, 21):
        service.create_pattern(officer, pattern(team_id, frozenset(range(1, 8)), time(hour), time(hour + 2), seats=3))
    service.generate_shifts(officer, MONDAY, MONDAY + timedelta(days=6))
    service.fill(officer, MONDAY, MONDAY + timedelta(days=6))
    pdf = service.weekly_roster_pdf(officer, MONDAY + timedelta(days=3), language)
    assert pdf_page_count(pdf) == 1
    width, height = pdf_page_sizes(pdf)[0]
    assert width > height
    text = squash(pdf_text(pdf, "-raw"))
    week = service.week(officer, MONDAY)
    assert len(week.rows) == 6
    for shift in week.shifts:
        for member in shift.rostered:
            assert member.name in text
    assert squash(i18n._("Weekly patrol roster")) in text
    assert all(font["emb"] == "yes" for font in pdf_fonts(pdf))


def test_weekly_roster_xlsx_and_monthly_hours_read_back(services: Services, officer: Principal) -> None:
    service, shift_id, ids = shift_with(services, officer, people=2)
    service.save_attendance(officer, shift_id, [
        AttendanceMark(ids[0], Attendance.PRESENT), AttendanceMark(ids[1], Attendance.ABSENT),
    ])
    sheet = load_workbook(io.BytesIO(service.weekly_roster_xlsx(officer, MONDAY))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert rows[0][3] == "A线" and rows[0][0].date() == date(2026, 3, 3)
    workbook = load_workbook(io.BytesIO(service.monthly_hours_xlsx(officer, date(2026, 3, 1))))
    volunteers = [[c.value for c in row] for row in workbook.worksheets[0].iter_rows(min_row=4)]
    assert volunteers[0][9] == 2 and volunteers[0][10] == 2
    teams = [[c.value for c in row] for row in workbook.worksheets[1].iter_rows(min_row=4)]
    assert teams[0][1:3] == [2, 1]
    pdf = service.monthly_hours_pdf(officer, date(2026, 3, 1), "zh_CN")
    assert pdf_page_count(pdf) >= 1 and all(f["emb"] == "yes" for f in pdf_fonts(pdf))
