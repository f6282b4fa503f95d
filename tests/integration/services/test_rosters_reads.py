"""The roster's reads made cheaper in issue 15 give what they gave before: hours and points
counted by the database are the report of summing every member's row in Python
(`summarise_hours`), over a mix of attendance, reasons, teams, forgotten check-outs,
substitutes, deleted shifts and shifts outside the period; the member choices of the shift
dialog (columns) are the active volunteers the volunteer search lists."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from station_desk.db.models import PatrolShift, ShiftMember, Volunteer, VolunteerTeam
from station_desk.domain.accounts import Principal
from station_desk.domain.volunteers import (
    Attendance,
    AttendanceMark,
    AttendanceRecord,
    HoursReport,
    PatternDraft,
    ShiftDraft,
    ShiftQuery,
    VolunteerDraft,
    VolunteerQuery,
    VolunteerStatus,
    summarise_hours,
)
from station_desk.services.container import Services
from station_desk.services.rosters import _BLANKS, RosterService, _gaps_select
from tests.integration.services.test_rosters import MONDAY, make_team, rosters


def every_member(services: Services, date_from: date, date_to: date) -> HoursReport:
    """The report from every live member's row of the live shifts of the period."""
    start = datetime.combine(date_from, datetime.min.time())
    end = datetime.combine(date_to + timedelta(days=1), datetime.min.time())
    with services.db.session() as session:
        rows = session.execute(
            select(ShiftMember, PatrolShift, Volunteer)
            .join(PatrolShift, PatrolShift.id == ShiftMember.shift_id)
            .join(Volunteer, Volunteer.id == ShiftMember.volunteer_id)
            .where(
                ShiftMember.deleted_at.is_(None),
                PatrolShift.deleted_at.is_(None),
                PatrolShift.starts_at >= start,
                PatrolShift.starts_at < end,
            )
        ).all()
        teams = {t.id: t.name for t in session.scalars(select(VolunteerTeam))}
        records = [
            AttendanceRecord(
                volunteer_id=v.id, name=v.name, team_id=v.team_id,
                team_name=teams.get(v.team_id or "", ""), shift_id=s.id, starts_at=s.starts_at,
                ends_at=s.ends_at, attendance=Attendance(m.attendance), check_in=m.check_in,
                check_out=m.check_out, absence_reason=m.absence_reason,
                auto_closed=m.auto_closed, reviewed=m.reviewed,
            )
            for m, s, v in rows
        ]
    return summarise_hours(records, date_from, date_to)


def test_hours_counted_by_the_database_match_every_members_row(
    services: Services, officer: Principal
) -> None:
    team_a, a = make_team(services, officer, "巡逻一队", people=5)
    team_b, b = make_team(services, officer, "巡逻二队", people=4)
    loner = services.volunteers.create(officer, VolunteerDraft("赵无队")).id  # no team
    service = rosters(services, datetime(2026, 3, 9, 8, 0))  # the week is over
    day = datetime(2026, 3, 3, 19)

    def shift(start: datetime, team: str, people: list[str], route: str = "A线") -> str:
        draft = ShiftDraft(start, start + timedelta(hours=2), route, team, len(people), member_ids=tuple(people))
        return service.create_shift(officer, draft).id

    first = shift(day, team_a, a[:3])
    service.save_attendance(officer, first, [
        AttendanceMark(a[0], Attendance.PRESENT),
        AttendanceMark(a[1], Attendance.LATE, check_in=day + timedelta(minutes=37), check_out=day + timedelta(hours=2, minutes=1)),
        AttendanceMark(a[2], Attendance.ABSENT),  # a no-show
        AttendanceMark(a[3], Attendance.SUBSTITUTE, substitute_for=a[2]),
    ])
    second = shift(day + timedelta(days=1), team_a, [a[0], a[4], b[0]])
    service.save_attendance(officer, second, [
        AttendanceMark(a[0], Attendance.PRESENT, check_in=day + timedelta(days=1, minutes=3)),  # no check-out
        AttendanceMark(a[4], Attendance.ABSENT, absence_reason="生病"),
        AttendanceMark(b[0], Attendance.PRESENT, check_in=day + timedelta(days=1), check_out=day + timedelta(days=1, hours=1, minutes=29)),
    ])
    third = shift(day + timedelta(days=2), team_b, [b[1], b[2], loner], "B线")
    service.save_attendance(officer, third, [AttendanceMark(b[1], Attendance.LATE, check_in=day + timedelta(days=2, minutes=10))])
    service.close_forgotten_checkouts(officer)  # a[0]'s and b[1]'s rows: closed, to review
    pending = shift(day + timedelta(days=3), team_b, [b[2], b[3]], "B线")  # nothing recorded
    taken_off = shift(day + timedelta(days=3, hours=3), team_a, [a[1], a[2]])
    service.set_members(officer, taken_off, [a[1]])  # a[2]'s row is deleted: it counts nothing
    deleted = shift(day + timedelta(days=4), team_b, [b[3]], "C线")
    service.save_attendance(officer, deleted, [AttendanceMark(b[3], Attendance.PRESENT)])
    service.delete_shift(officer, deleted)
    shift(day + timedelta(days=7), team_b, [b[3]], "C线")  # next week: outside the period
    assert pending

    sunday = MONDAY + timedelta(days=6)
    report = service.hours(officer, MONDAY, sunday)
    assert report == every_member(services, MONDAY, sunday)
    by_id = {v.volunteer_id: v for v in report.volunteers}
    assert (by_id[a[0]].shifts, by_id[a[0]].present, by_id[a[0]].to_review) == (2, 2, 1)
    assert (by_id[a[2]].no_shows, by_id[a[2]].points, by_id[a[2]].shifts) == (1, -1.0, 1)
    assert (by_id[a[1]].late, by_id[a[1]].pending) == (1, 1)
    assert (by_id[a[3]].substitutes, by_id[a[3]].shifts) == (1, 0)
    assert by_id[b[1]].to_review == 1 and by_id[b[3]].pending == 1
    assert by_id[loner].team_name == "" and report.teams[-1].team_id is None
    assert [(t.team_name, t.shifts) for t in report.teams] == [("巡逻一队", 3), ("巡逻二队", 3), ("", 1)]
    # records made without their __init__ (`frozen_record`, thousands of rows): every field set,
    # as __init__ (through `replace`) sets them
    shifts = service.list_shifts(officer, ShiftQuery(date_from=MONDAY, date_to=sunday))
    members = [m for s in shifts for m in s.members]
    assert len(members) == 13 and {m.attendance for m in members} == set(Attendance)
    for record in (*report.volunteers, *shifts, *members):
        assert vars(record) == vars(replace(record))
    assert {m.volunteer_id: (m.minutes, m.points) for m in shifts[0].members}[a[2]] == (0, -1.0)
    # an empty period
    assert service.hours(officer, date(2026, 1, 5), date(2026, 1, 11)) == HoursReport(
        date(2026, 1, 5), date(2026, 1, 11), (), ()
    )


def test_hours_counted_by_the_database_to_the_microsecond(services: Services, officer: Principal) -> None:
    """Times stored with seconds and microseconds (imported, or changed elsewhere) and a reason
    of blanks only: the database counts the minutes and no-shows as `attended_time` does."""
    service, shift_id, ids = _shift_over(services, officer)
    day = datetime(2026, 3, 3, 19)
    service.save_attendance(officer, shift_id, [
        AttendanceMark(ids[0], Attendance.PRESENT, check_in=day, check_out=day + timedelta(hours=1)),
        AttendanceMark(ids[1], Attendance.LATE, check_in=day + timedelta(minutes=5), check_out=day + timedelta(hours=1)),
        AttendanceMark(ids[2], Attendance.ABSENT, absence_reason="事假"),
    ])
    stored = {  # volunteer: check-in, check-out, absence reason
        ids[0]: (day + timedelta(seconds=0.5), day + timedelta(minutes=60, seconds=0.4), ""),  # 59:59.9
        ids[1]: (day + timedelta(seconds=59.999999), day + timedelta(minutes=91), ""),  # 90:00.000001
        ids[2]: (None, None, "\u3000\t "),
    }
    with services.db.session() as session:
        for member in session.scalars(select(ShiftMember).where(ShiftMember.shift_id == shift_id)):
            member.check_in, member.check_out, member.absence_reason = stored[member.volunteer_id]
    report = service.hours(officer, MONDAY, MONDAY + timedelta(days=6))
    assert report == every_member(services, MONDAY, MONDAY + timedelta(days=6))
    by_id = {v.volunteer_id: v for v in report.volunteers}
    assert [(by_id[i].minutes, by_id[i].points, by_id[i].no_shows) for i in ids] == [
        (59, 0.5, 0), (90, 1.5, 0), (0, -1.0, 1)
    ]


def test_the_blanks_of_a_reason_are_those_python_strips() -> None:
    blanks = "".join(c for c in map(chr, range(0x110000)) if c.isspace())
    assert set(_BLANKS) == set(blanks) and len(_BLANKS) == len(blanks)


def test_member_choices_are_the_active_volunteers_in_list_order(
    services: Services, officer: Principal
) -> None:
    team_a, a = make_team(services, officer, "巡逻一队", people=4)
    _team_b, b = make_team(services, officer, "巡逻二队", people=3)
    loner = services.volunteers.create(officer, VolunteerDraft("阿依古丽")).id
    resting = services.volunteers.create(
        officer, VolunteerDraft("白休息", team_id=team_a, status=VolunteerStatus.PAUSED)
    ).id
    services.volunteers.delete(officer, a[1])
    service = rosters(services)

    def searched(team_id: str | None, limit: int) -> list[tuple[str, str, str]]:
        query = VolunteerQuery(team_id=team_id, statuses=frozenset({VolunteerStatus.ACTIVE}), limit=limit)
        return [(v.id, v.name, v.team_name) for v in services.volunteers.search(officer, query)]

    everyone = service.member_choices(officer, None, 1000)
    assert everyone == searched(None, 1000)
    assert {key for key, _name, _team in everyone} == {a[0], a[2], a[3], *b, loner}
    assert resting not in {key for key, _name, _team in everyone}
    assert {team for key, _name, team in everyone if key == loner} == {""}
    assert service.member_choices(officer, team_a, 1000) == searched(team_a, 1000)
    assert service.member_choices(officer, None, 3) == searched(None, 3)


def test_a_long_list_of_shifts_reads_its_members_in_one_query_alike(
    services: Services, officer: Principal
) -> None:
    """More than 500 shifts: their members are read by one query on the shifts' select;
    the list is the same as read in two parts (members by their shifts' ids)."""
    team_id, _ids = make_team(services, officer, people=8)
    service = rosters(services)
    every_day = frozenset(range(1, 8))
    for route, start in (("A线", time(9)), ("B线", time(19))):
        draft = PatternDraft(team_id, route, every_day, start, time(start.hour + 2), valid_from=MONDAY, seats=2)
        service.create_pattern(officer, draft)
    last = MONDAY + timedelta(days=279)
    service.generate_shifts(officer, MONDAY, last)
    service.fill(officer, MONDAY, MONDAY + timedelta(days=13))  # members on the first weeks
    middle = MONDAY + timedelta(days=139)

    whole = service.list_shifts(officer, ShiftQuery(date_from=MONDAY, date_to=last))
    parts = [
        *service.list_shifts(officer, ShiftQuery(date_from=MONDAY, date_to=middle)),
        *service.list_shifts(officer, ShiftQuery(date_from=middle + timedelta(days=1), date_to=last)),
    ]
    assert len(whole) == 560 and len(parts[0].members) == 2
    assert whole == parts
    assert [s.id for s in service.list_shifts(officer, ShiftQuery(date_from=MONDAY, date_to=last, limit=501))] == [
        s.id for s in whole[:501]
    ]


def test_rows_to_review_are_found_through_indexes(services: Services, officer: Principal) -> None:
    """Each kind of row to review is read through an index (migration 0012), not by reading
    every member of every shift; the rows are those of the condition."""
    service, shift_id, ids = _shift_over(services, officer)
    day = datetime(2026, 3, 3, 19)
    service.save_attendance(officer, shift_id, [
        AttendanceMark(ids[0], Attendance.PRESENT, check_in=day),  # no check-out
        AttendanceMark(ids[1], Attendance.PRESENT, check_in=day, check_out=day + timedelta(hours=2)),
    ])  # ids[2]: not recorded
    gaps = service.attendance_gaps(officer)
    assert sorted((g.kind.value, g.volunteer_id) for g in gaps) == sorted(
        [("no_check_out", ids[0]), ("not_recorded", ids[2])]
    )
    assert service.count_attendance_gaps(officer) == 2
    if services.db.engine.dialect.name != "sqlite":
        return
    inner = _gaps_select(datetime(2026, 3, 9)).order_by(None).subquery()
    stmt = select(func.count()).select_from(inner)
    with services.db.engine.connect() as connection:
        compiled = stmt.compile(connection, compile_kwargs={"literal_binds": True})
        plan = " / ".join(row[3] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}"))
    assert "ix_patrol_shift_members_check_out_check_in" in plan
    assert "SCAN patrol_shift_members" not in plan and "members_deleted_at" not in plan


def _shift_over(services: Services, officer: Principal) -> tuple[RosterService, str, list[str]]:
    team_id, ids = make_team(services, officer, people=3)
    service = rosters(services, datetime(2026, 3, 3, 22, 0))  # after the shift
    start = datetime(2026, 3, 3, 19)
    draft = ShiftDraft(start, start + timedelta(hours=2), "A线", team_id, 3, member_ids=tuple(ids))
    return service, service.create_shift(officer, draft).id, ids


def test_the_shift_list_filters_as_a_plain_filter_of_every_shift(
    services: Services, officer: Principal
) -> None:
    """Each filter of the shifts list and their combinations (selects built once per
    combination, the values bound) choose the shifts a plain filter of every shift chooses,
    in list order; the same filter twice with other values gives the other values' shifts."""
    team_a, a = make_team(services, officer, "巡逻一队", people=4)
    team_b, b = make_team(services, officer, "巡逻二队", people=3)
    service = rosters(services)
    routes = ("A线（北区）", "B线", "a线_100%")
    made = []
    for n in range(12):
        start = datetime.combine(MONDAY + timedelta(days=n % 9), time(8 + n))
        team, people = (team_a, a) if n % 3 else (team_b, b)
        draft = ShiftDraft(start, start + timedelta(hours=2), routes[n % 3], team, 2, member_ids=(people[n % 3],))
        made.append(service.create_shift(officer, draft).id)
    service.delete_shift(officer, made[4])
    service.delete_shift(officer, made[7])
    every = service.list_shifts(officer, ShiftQuery(include_deleted=True))
    assert {s.id for s in every} == set(made)

    def plain(query: ShiftQuery) -> list[str]:
        start = query.date_from or date.min
        end = query.date_to or date.max
        return [
            s.id
            for s in every
            if (query.include_deleted or s.deleted_at is None)
            and start <= s.starts_at.date() <= end
            and query.team_id in (None, s.team_id)
            and query.route.strip().lower() in s.route.lower()
            and (query.volunteer_id is None or query.volunteer_id in {m.volunteer_id for m in s.members})
            and (not query.only_open_seats or s.open_seats > 0)
        ][: query.limit]

    queries = [
        ShiftQuery(),
        ShiftQuery(date_from=MONDAY + timedelta(days=2)),
        ShiftQuery(date_to=MONDAY + timedelta(days=5)),
        ShiftQuery(date_from=MONDAY + timedelta(days=1), date_to=MONDAY + timedelta(days=6), include_deleted=True),
        ShiftQuery(team_id=team_a),
        ShiftQuery(team_id=team_b, date_from=MONDAY + timedelta(days=3)),
        ShiftQuery(route="a线"),
        ShiftQuery(route="_100%"),  # the wildcards of LIKE are plain text
        ShiftQuery(route=" B线 ", team_id=team_a),
        ShiftQuery(volunteer_id=a[1]),
        ShiftQuery(volunteer_id=b[0], include_deleted=True),
        ShiftQuery(only_open_seats=True, limit=3),
        ShiftQuery(limit=2),
        ShiftQuery(limit=5, date_from=MONDAY + timedelta(days=1)),
    ]
    for query in queries:
        assert [s.id for s in service.list_shifts(officer, query)] == plain(query), query
    assert plain(ShiftQuery(team_id=team_a)) != plain(ShiftQuery(team_id=team_b))
    assert all(plain(q) for q in queries)
