"""Patrol rosters (巡逻排班): weekly patterns, shifts, the roster generator, attendance, hours.

One public method is one unit of work; changes are audited by the audit hook. Every write
needs EDIT_RECORDS; every role may read.

- `generate_shifts` makes the shifts of weekly patterns for a date range; a pattern's shift
  that exists already (same pattern, same start, even if deleted) is not made again, so the
  same range can be generated twice. A shift on a holiday of the room's calendar (official
  holidays included, `services/holidays.py`) is flagged in its note ("法定节假日：元旦").
- `fill` runs the roster generator (`domain.rostering`) over the shifts of a period that have
  not started yet: open seats go to active volunteers of each shift's team, fairly, within
  their availability and weekly limits, rotating from the load of the previous four weeks.
  With `apply=False` it only proposes.
- Putting a volunteer on two overlapping shifts is refused with a message naming the other
  shift; `conflicts` lists the double bookings and overlapping shifts of a period that exist
  anyway (e.g. imported, or made before a shift's time was changed elsewhere).
- `save_attendance` takes the attendance sheet of a shift; `close_forgotten_checkouts`
  closes the check-outs nobody recorded at the shift's end and flags them for review;
  figures count such rows the same way before they are closed.

Times of shifts are local wall-clock times (naive); "now" is the PC's local time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from functools import cache
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import (
    Integer,
    Select,
    String,
    and_,
    bindparam,
    case,
    cast,
    func,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from station_desk.db.models import PatrolPattern, PatrolShift, ShiftMember, Volunteer, VolunteerTeam
from station_desk.db.records import (
    chunks,
    fill,
    get_live,
    likely,
    live,
    plain_rows,
    soft_delete,
    whole_minutes,
)
from station_desk.domain.accounts import Principal
from station_desk.domain.duty import month_end
from station_desk.domain.ids import new_id
from station_desk.domain.records import from_row, frozen_record
from station_desk.domain.roles import Permission
from station_desk.domain.rostering import (
    Booking,
    Candidate,
    FilledSeat,
    OpenSeats,
    OpenShift,
    PatternRun,
    RosterFill,
    ShiftSpan,
    VolunteerLoad,
    find_double_bookings,
    find_overlapping_shifts,
    generate_roster,
)
from station_desk.domain.volunteers import (
    ATTENDED,
    Attendance,
    AttendanceGap,
    AttendanceMark,
    ConflictKind,
    GapKind,
    HoursReport,
    PatternDetail,
    PatternDraft,
    RosterDocument,
    RosterWeek,
    ShiftConflict,
    ShiftDetail,
    ShiftDraft,
    ShiftQuery,
    ShiftRowError,
    VolunteerHours,
    VolunteerStatus,
    attended_time,
    check_marks,
    hours_report,
    parse_availability,
    points_of,
    shift_text,
    week_grid,
    week_start,
)
from station_desk.domain.volunteers import ShiftMember as MemberEntry
from station_desk.errors import ValidationError
from station_desk.i18n import _
from station_desk.services.base import RecordService
from station_desk.services.contacts import like_pattern
from station_desk.services.guard import require
from station_desk.services.holidays import holiday_label, holiday_note
from station_desk.services.mediation import stored_limits
from station_desk.services.volunteers import (
    record_output,
    team_names,
)

PRIOR_LOAD_DAYS = 28
MAX_GENERATION_DAYS = 366
DEFAULT_GAP_LIMIT = 500
COMMENDATION_CANDIDATES = 5


class RosterService(RecordService):
    def local_now(self) -> datetime:
        """The PC's local wall-clock time, naive, to the minute (shift times are local)."""
        return self.now().astimezone().replace(tzinfo=None, second=0, microsecond=0)

    # -- weekly patterns -----------------------------------------------------------------
    def list_patterns(
        self, actor: Principal, team_id: str | None = None, include_deleted: bool = False
    ) -> list[PatternDetail]:
        stmt = select(PatrolPattern).order_by(PatrolPattern.start_time, PatrolPattern.route, PatrolPattern.id)
        if team_id is not None:
            stmt = stmt.where(PatrolPattern.team_id == team_id)
        if not include_deleted:
            stmt = live(stmt, PatrolPattern)
        with self.db.session(actor) as session:
            patterns = list(session.scalars(stmt))
            names = team_names(session, (p.team_id for p in patterns))
            return [_pattern_detail(p, names.get(p.team_id, "")) for p in patterns]

    def create_pattern(self, actor: Principal, draft: PatternDraft) -> PatternDetail:
        with self.changing(actor, "patrol_pattern") as session:
            draft = draft.validated()
            team = _live_team(session, draft.team_id)
            pattern = _apply_pattern(PatrolPattern(id=new_id()), draft)
            session.add(pattern)
            session.flush()
            return _pattern_detail(pattern, team.name)

    def update_pattern(self, actor: Principal, pattern_id: str, draft: PatternDraft) -> PatternDetail:
        """Change a pattern; shifts it already made stay as they are."""
        with self.changing(actor, "patrol_pattern") as session:
            draft = draft.validated()
            pattern = get_live(session, PatrolPattern, pattern_id)
            team = _live_team(session, draft.team_id)
            _apply_pattern(pattern, draft)
            session.flush()
            return _pattern_detail(pattern, team.name)

    def delete_pattern(self, actor: Principal, pattern_id: str) -> None:
        """Hide a pattern; the shifts it made stay (delete them separately if needed)."""
        self.delete_record(actor, PatrolPattern, pattern_id, "patrol_pattern")

    def generate_shifts(
        self,
        actor: Principal,
        date_from: date,
        date_to: date,
        pattern_ids: Sequence[str] | None = None,
    ) -> PatternRun:
        """Make the shifts of the live patterns (or of `pattern_ids`) on the days from..to."""
        require(self.db, actor, Permission.EDIT_RECORDS, "patrol_shift")
        _check_range(date_from, date_to)
        with self.db.session(actor) as session:
            stmt = live(select(PatrolPattern), PatrolPattern)
            if pattern_ids is not None:
                stmt = stmt.where(PatrolPattern.id.in_(list(pattern_ids)))
            patterns = list(session.scalars(stmt))
            start = datetime.combine(date_from, time.min)
            end = datetime.combine(date_to + timedelta(days=1), time.min)
            made = {
                (row[0], row[1])
                for row in session.execute(
                    select(PatrolShift.pattern_id, PatrolShift.starts_at).where(
                        PatrolShift.pattern_id.in_([p.id for p in patterns]),
                        PatrolShift.starts_at >= start,
                        PatrolShift.starts_at < end,
                    )
                )
            }
            created: list[str] = []
            existing = 0
            holidays = set(stored_limits(session).holidays)
            for pattern in patterns:
                detail = _pattern_detail(pattern, "")
                for starts_at, ends_at in detail.occurrences(date_from, date_to):
                    if (pattern.id, starts_at) in made:
                        existing += 1
                        continue
                    shift = PatrolShift(
                        id=new_id(), starts_at=starts_at, ends_at=ends_at, route=pattern.route,
                        team_id=pattern.team_id, pattern_id=pattern.id, seats=pattern.seats,
                        notes=holiday_note(starts_at.date(), holidays),
                    )
                    session.add(shift)
                    created.append(shift.id)
            return PatternRun(tuple(created), existing)

    # -- shifts --------------------------------------------------------------------------
    def create_shift(self, actor: Principal, draft: ShiftDraft) -> ShiftDetail:
        """Add a shift with its members (double bookings are refused)."""
        with self.changing(actor, "patrol_shift") as session:
            draft = draft.validated()
            if draft.team_id is not None:
                _live_team(session, draft.team_id)
            shift = PatrolShift(
                id=new_id(), starts_at=draft.starts_at, ends_at=draft.ends_at, route=draft.route,
                team_id=draft.team_id, pattern_id=None, seats=draft.seats, notes=draft.notes,
            )
            session.add(shift)
            session.flush()
            _sync_members(session, shift, draft.member_ids)
            session.flush()
            return _shift_detail(session, shift)

    def update_shift(self, actor: Principal, shift_id: str, draft: ShiftDraft) -> ShiftDetail:
        """Change a shift's time, route, team, seats and members (members missing from the
        draft are taken off; attendance of those who stay is kept)."""
        with self.changing(actor, "patrol_shift") as session:
            draft = draft.validated()
            shift = get_live(session, PatrolShift, shift_id)
            if draft.team_id is not None and draft.team_id != shift.team_id:
                _live_team(session, draft.team_id)
            shift.starts_at = draft.starts_at
            shift.ends_at = draft.ends_at
            shift.route = draft.route
            shift.team_id = draft.team_id
            shift.seats = draft.seats
            shift.notes = draft.notes
            _sync_members(session, shift, draft.member_ids)
            session.flush()
            return _shift_detail(session, shift)

    def set_members(self, actor: Principal, shift_id: str, volunteer_ids: Sequence[str]) -> ShiftDetail:
        """Put exactly these volunteers on the shift (substitutes recorded later are kept)."""
        with self.changing(actor, "patrol_shift") as session:
            shift = get_live(session, PatrolShift, shift_id)
            ids = tuple(dict.fromkeys(v for v in volunteer_ids if v))
            if len(ids) != len([v for v in volunteer_ids if v]):
                raise ValidationError("member_ids", _("A volunteer is listed twice on this shift."))
            _sync_members(session, shift, ids)
            session.flush()
            return _shift_detail(session, shift)

    def delete_shift(self, actor: Principal, shift_id: str) -> None:
        self.delete_record(actor, PatrolShift, shift_id, "patrol_shift")

    def restore_shift(self, actor: Principal, shift_id: str) -> ShiftDetail:
        """Take a shift out of the bin, unless a member is booked elsewhere meanwhile."""
        return self.restore_record(
            actor, PatrolShift, shift_id, "patrol_shift", _shift_detail, _check_members_free
        )

    def get_shift(self, actor: Principal, shift_id: str) -> ShiftDetail:
        return self.read_record(actor, PatrolShift, shift_id, _shift_detail)

    def list_shifts(self, actor: Principal, query: ShiftQuery | None = None) -> list[ShiftDetail]:
        """Shifts matching the filters, in time order, with their members."""
        query = query or ShiftQuery()
        limited = not query.only_open_seats
        stmt, values = _shifts_select(query, limited)
        with self.db.session(actor) as session:
            shifts = [_ShiftRow._make(row) for row in plain_rows(session, stmt, values)]
            members = None
            if len(shifts) > 500:  # the ids as a select: one query, not one per 500 ids
                # every match read: the ids need no sorting to be chosen
                every_match = not limited or len(shifts) < query.limit
                members = _by_shift(plain_rows(session, _members_of(stmt, every_match), values))
            details = _shift_details(session, shifts, members)
        if query.only_open_seats:
            details = [d for d in details if d.open_seats > 0][: query.limit]
        return details

    def week(self, actor: Principal, day: date, team_id: str | None = None) -> RosterWeek:
        """The week holding `day` as a grid of days × time slots, with its conflicts.

        One read serves both: the shifts around the week (a day either side, for the
        conflicts) with their members hold the week's shifts when all teams are shown."""
        monday = week_start(day)
        sunday = monday + timedelta(days=6)
        week_query = ShiftQuery(date_from=monday, date_to=sunday, team_id=team_id)
        with self.db.session(actor) as session:
            around = _conflict_shifts(session, monday, sunday, team_id)
            if team_id is None:  # the week's live shifts, in list order, as list_shifts reads
                start = datetime.combine(monday, time.min)
                end = datetime.combine(sunday + timedelta(days=1), time.min)
                rows = sorted(
                    (s for s in around.values() if start <= s.starts_at < end), key=_shift_sort_key
                )[: week_query.limit]
            else:
                stmt, values = _shifts_select(week_query, limited=True)
                rows = [_ShiftRow._make(row) for row in plain_rows(session, stmt, values)]
            members = _member_rows(session, list({*around, *(r.id for r in rows)}))
            shifts = _shift_details(session, rows, members)
            names = _volunteer_names(members, around)
            team_name = team_names(session, [team_id]).get(team_id, "") if team_id is not None else ""
            days = [monday + timedelta(days=n) for n in range(7)]
            holidays = set(stored_limits(session).holidays)
        conflicts = _find_conflicts(around, members, names, monday, sunday, team_id)
        holiday_names = {day: holiday_label(day) for day in days if day in holidays}
        return RosterWeek(
            monday, week_grid(monday, shifts), tuple(shifts), tuple(conflicts), team_name,
            holiday_names,
        )

    def conflicts(
        self, actor: Principal, date_from: date, date_to: date, team_id: str | None = None
    ) -> list[ShiftConflict]:
        """Volunteers on two overlapping shifts, and overlapping shifts of one team and route,
        among the live shifts starting from..to (and those running into the period); with
        `team_id`, those involving a shift of that team (read from its shifts and the other
        shifts of their volunteers, not from every team's)."""
        with self.db.session(actor) as session:
            shifts = _conflict_shifts(session, date_from, date_to, team_id)
            members = _member_rows(session, list(shifts))
            names = _volunteer_names(members, shifts)
        return _find_conflicts(shifts, members, names, date_from, date_to, team_id)

    def member_choices(
        self, actor: Principal, team_id: str | None, limit: int
    ) -> list[tuple[str, str, str]]:
        """The active volunteers a shift's members are picked from (of `team_id`, or of
        every team): (id, name, team name), in the volunteers list's order (pinyin). Read as
        columns: 1,000 volunteers as objects took ~40 ms on the window's thread."""
        stmt = (
            select(Volunteer.id, Volunteer.name, VolunteerTeam.name)
            .outerjoin(VolunteerTeam, VolunteerTeam.id == Volunteer.team_id)
            .where(Volunteer.deleted_at.is_(None), Volunteer.status == VolunteerStatus.ACTIVE.value)
            .order_by(Volunteer.sort_key, Volunteer.name, Volunteer.id)
            .limit(limit)
        )
        if team_id is not None:
            stmt = stmt.where(Volunteer.team_id == team_id)
        with self.db.session(actor) as session:
            return [(row[0], row[1], row[2] or "") for row in plain_rows(session, stmt)]

    # -- the roster generator ------------------------------------------------------------
    def fill(
        self,
        actor: Principal,
        date_from: date,
        date_to: date,
        team_id: str | None = None,
        apply: bool = True,
    ) -> RosterFill:
        """Fill the open seats of the shifts from..to that have not started (of one team, or
        all); `apply=False` only proposes. Returns the assignments and what stays open."""
        if apply:
            require(self.db, actor, Permission.EDIT_RECORDS, "patrol_shift")
        _check_range(date_from, date_to)
        now = self.local_now()
        with self.db.session(actor) as session:
            plan_input = _fill_input(session, date_from, date_to, team_id, now)
            shifts, candidates, rows, volunteers, names = plan_input
            plan = generate_roster(shifts, candidates)
            by_shift = {row.id: row for row in rows}
            if apply:
                positions: dict[str, int] = defaultdict(int)
                for shift_key, volunteer_key in plan.assignments:
                    positions[shift_key] += 1
                    session.add(
                        ShiftMember(
                            id=new_id(), shift_id=shift_key, volunteer_id=volunteer_key,
                            position=100 + positions[shift_key], attendance=Attendance.PENDING.value,
                            absence_reason="", auto_closed=False, reviewed=False,
                        )
                    )
        assignments = tuple(
            FilledSeat(
                key, by_shift[key].starts_at, by_shift[key].ends_at, by_shift[key].route,
                names.get(by_shift[key].team_id or "", ""), volunteer, volunteers[volunteer].name,
            )
            for key, volunteer in plan.assignments
        )
        unfilled = tuple(
            OpenSeats(
                u.shift_key, by_shift[u.shift_key].starts_at, by_shift[u.shift_key].ends_at,
                by_shift[u.shift_key].route, names.get(by_shift[u.shift_key].team_id or "", ""),
                u.missing, u.reason,
            )
            for u in plan.unfilled
        )
        loads = tuple(
            sorted(
                (
                    VolunteerLoad(c.key, volunteers[c.key].name, names.get(c.team_id or "", ""),
                                  plan.load.get(c.key, 0), c.max_per_week)
                    for c in candidates
                ),
                key=lambda load: (load.team_name, -load.new_shifts, load.name),
            )
        )
        return RosterFill(date_from, date_to, apply, assignments, unfilled, loads)

    # -- attendance ----------------------------------------------------------------------
    def save_attendance(
        self, actor: Principal, shift_id: str, marks: Sequence[AttendanceMark]
    ) -> ShiftDetail:
        """Save the attendance sheet of a shift (rows matched by volunteer; a volunteer not on
        the shift is added, e.g. a substitute). Raises ShiftRowError naming the row."""
        require(self.db, actor, Permission.EDIT_RECORDS, "patrol_shift_member")
        now = self.local_now()
        with self.db.session(actor) as session:
            shift = get_live(session, PatrolShift, shift_id)
            checked = check_marks(shift.starts_at, shift.ends_at, tuple(marks), now)
            existing = {m.volunteer_id: m for m in _members(session, [shift.id]).get(shift.id, [])}
            newcomers = [m.volunteer_id for m in checked if m.volunteer_id not in existing]
            for row, mark in enumerate(checked):
                if mark.volunteer_id in newcomers:
                    _check_volunteer_row(session, row, mark.volunteer_id)
            _check_free(session, shift, newcomers)
            position = max((m.position for m in existing.values()), default=0)
            for mark in checked:
                member = existing.get(mark.volunteer_id)
                if member is None:
                    position += 1
                    member = ShiftMember(
                        id=new_id(), shift_id=shift.id, volunteer_id=mark.volunteer_id,
                        position=position, auto_closed=False, reviewed=False,
                    )
                    session.add(member)
                _apply_mark(member, mark)
            session.flush()
            return _shift_detail(session, shift)

    def mark_reviewed(
        self, actor: Principal, member_id: str, check_out: datetime | None = None
    ) -> ShiftDetail:
        """Confirm (or correct, with `check_out`) a check-out closed at the shift's end."""
        with self.changing(actor, "patrol_shift_member") as session:
            member = get_live(session, ShiftMember, member_id)
            shift = get_live(session, PatrolShift, member.shift_id)
            if check_out is not None:
                mark = AttendanceMark(
                    member.volunteer_id, Attendance(member.attendance), member.check_in,
                    check_out, member.absence_reason, member.substitute_for_id, True,
                )
                try:
                    checked = check_marks(shift.starts_at, shift.ends_at, (mark,), self.local_now())[0]
                except ShiftRowError as error:
                    raise ValidationError(error.field, error.message) from None
                member.check_out = checked.check_out
                member.auto_closed = False
            member.reviewed = True
            session.flush()
            return _shift_detail(session, shift)

    def close_forgotten_checkouts(self, actor: Principal) -> int:
        """Close at the shift's end every check-out missing from a shift that is over; the
        rows are flagged for review. Returns how many were closed."""
        require(self.db, actor, Permission.EDIT_RECORDS, "patrol_shift_member")
        now = self.local_now()
        with self.db.session(actor) as session:
            stmt = (
                select(ShiftMember, PatrolShift.ends_at)
                .join(PatrolShift, PatrolShift.id == ShiftMember.shift_id)
                .where(
                    ShiftMember.deleted_at.is_(None),
                    PatrolShift.deleted_at.is_(None),
                    ShiftMember.check_in.is_not(None),
                    ShiftMember.check_out.is_(None),
                    PatrolShift.ends_at <= now,
                )
            )
            closed = 0
            for member, ends_at in session.execute(stmt):
                member.check_out = max(ends_at, member.check_in or ends_at)
                member.auto_closed = True
                member.reviewed = False
                closed += 1
            return closed

    def attendance_gaps(
        self, actor: Principal, limit: int = DEFAULT_GAP_LIMIT
    ) -> list[AttendanceGap]:
        """Rows to review, oldest shift first: attendance not taken on a shift that is over,
        and check-outs closed at the shift's end (or still missing) not yet reviewed."""
        with self.db.session(actor) as session:
            rows = session.execute(_gaps_select(self.local_now()).limit(limit)).all()
            names = team_names(session, (row.team_id for row in rows))
        return [
            AttendanceGap(
                kind=GapKind.NOT_RECORDED if row.attendance == Attendance.PENDING.value else GapKind.NO_CHECK_OUT,
                shift_id=row.shift_id, member_id=row.member_id, volunteer_id=row.volunteer_id,
                name=row.name, starts_at=row.starts_at, ends_at=row.ends_at, route=row.route,
                team_name=names.get(row.team_id or "", ""),
            )
            for row in rows
        ]

    def count_attendance_gaps(self, actor: Principal) -> int:
        with self.db.session(actor) as session:
            inner = _gaps_select(self.local_now()).order_by(None).subquery()
            return int(session.scalar(select(func.count()).select_from(inner)) or 0)

    # -- hours and points ------------------------------------------------------------------
    def hours(self, actor: Principal, date_from: date, date_to: date) -> HoursReport:
        """Hours and points per volunteer and team for the shifts starting from..to.

        Counted by the database, one row per volunteer (`_hours_select`: a month of a big
        room is 7,000+ members, 4,000+ volunteers): summing every member's row here parsed
        the times of each (scale 100, a past month: 95–105 ms, now 70–75; the current
        month, a quarter recorded: 58–70, now 52–59)."""
        _check_range(date_from, date_to)
        start = datetime.combine(date_from, time.min)
        end = datetime.combine(date_to + timedelta(days=1), time.min)
        with self.db.session(actor) as session:
            rows = plain_rows(session, _hours_select(), {"start": start, "end": end})
            names = team_names(session, {row[-1] for row in rows})  # the team ids
        return _hours_report(rows, names, date_from, date_to)

    def monthly_hours(self, actor: Principal, month: date) -> HoursReport:
        first = date(month.year, month.month, 1)
        return self.hours(actor, first, month_end(first))

    def commendation_candidates(
        self, actor: Principal, day: date, limit: int = COMMENDATION_CANDIDATES
    ) -> list[VolunteerHours]:
        """The volunteers with the most hours in the quarter holding `day` (ties by points)."""
        first = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        last = month_end(date(first.year, first.month + 2, 1))
        report = self.hours(actor, first, last)
        return [v for v in report.volunteers if v.minutes > 0][:limit]

    # -- documents -----------------------------------------------------------------------
    def weekly_roster_pdf(
        self, actor: Principal, day: date, language: str, team_id: str | None = None
    ) -> bytes:
        """The weekly patrol roster (巡逻排班表) of the week holding `day`, A4 landscape."""
        week = self.week(actor, day, team_id)
        from station_desk.reports.rosters import WeeklyPatrolRoster

        context = self.document_context(actor, language)
        return WeeklyPatrolRoster(context, week).generate()

    def weekly_roster_xlsx(self, actor: Principal, day: date, team_id: str | None = None) -> bytes:
        """The week's shifts as an .xlsx register (one row per shift, with a signature column)."""
        week = self.week(actor, day, team_id)
        from station_desk.exchange.xlsx import workbook_bytes
        from station_desk.reports.rosters import weekly_roster_sheet

        return workbook_bytes(weekly_roster_sheet(self.document_context(actor, ""), week))

    def monthly_hours_pdf(self, actor: Principal, month: date, language: str) -> bytes:
        """The monthly hours report per volunteer and team, with commendation candidates."""
        report = self.monthly_hours(actor, month)
        candidates = self.commendation_candidates(actor, month)
        from station_desk.reports.rosters import MonthlyHoursReport

        context = self.document_context(actor, language)
        return MonthlyHoursReport(context, report, candidates).generate()

    def monthly_hours_xlsx(self, actor: Principal, month: date) -> bytes:
        report = self.monthly_hours(actor, month)
        from station_desk.exchange.xlsx import workbook_bytes
        from station_desk.reports.rosters import monthly_hours_sheets

        context = self.document_context(actor, "")
        return workbook_bytes(*monthly_hours_sheets(context, report))

    def record_output(
        self, actor: Principal, document: RosterDocument | str, how: str, target: str,
        subject: str = "",
    ) -> None:
        record_output(self.db, actor, document, how, target, subject)



# --- helpers -----------------------------------------------------------------------------


def _members_on_shifts(*columns: Any) -> Select[Any]:
    """`columns` of the members of live shifts, their shift and volunteer joined (the caller
    says which members)."""
    return (
        select(*columns)
        .select_from(ShiftMember)
        .join(PatrolShift, PatrolShift.id == ShiftMember.shift_id)
        .join(Volunteer, Volunteer.id == ShiftMember.volunteer_id)
        .where(PatrolShift.deleted_at.is_(None))
    )


# the characters `str.strip()` removes (an absence reason of only these is a no-show);
# tests/integration/services/test_rosters_reads.py checks the list
_BLANKS = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


@cache  # built once: making it and its cache key took 1–2 ms of each report
def _hours_select() -> Select[Any]:
    """Per volunteer on the live shifts starting from :start to :end (their live member rows):
    the counts of present, late, absent, no-shows, substitutes and pending, the minutes,
    the whole half hours (per shift), the rows to review, the shift ids joined by commas
    (for the teams' shifts), the name and the team id — `_hours_report` unpacks them.

    The SQL mirrors `domain.volunteers.attended_time` (the rule; `summarise_hours` applies
    it row by row, and test_rosters_reads.py compares the two): an attended member counts
    from check-in (or the shift's start) to check-out (or the shift's end, flagged for
    review), never below nothing; an absence without a reason is a no-show."""
    mark = ShiftMember.attendance
    attended = mark.in_(sorted(m.value for m in ATTENDED))
    minutes = whole_minutes(
        func.coalesce(ShiftMember.check_in, PatrolShift.starts_at),
        func.coalesce(ShiftMember.check_out, PatrolShift.ends_at),
    )
    forgotten = attended & ShiftMember.check_in.is_not(None) & ShiftMember.check_out.is_(None)

    def rows_where(condition: Any) -> Any:
        return func.count(case((condition, 1)))

    per_volunteer = (
        select(
            ShiftMember.volunteer_id,
            *(rows_where(mark == m.value) for m in _HOURS_MARKS[:3]),
            rows_where((mark == Attendance.ABSENT.value) & (func.trim(ShiftMember.absence_reason, _BLANKS) == "")),
            *(rows_where(mark == m.value) for m in _HOURS_MARKS[3:]),
            func.sum(case((attended, minutes), else_=0)),
            func.sum(case((attended, minutes // 30), else_=0)),
            rows_where((ShiftMember.auto_closed | forgotten) & ~ShiftMember.reviewed),
            func.aggregate_strings(cast(ShiftMember.shift_id, String), ","),
        )
        .join(PatrolShift, PatrolShift.id == ShiftMember.shift_id)
        .where(
            ShiftMember.deleted_at.is_(None),
            PatrolShift.deleted_at.is_(None),
            PatrolShift.starts_at >= bindparam("start"),
            PatrolShift.starts_at < bindparam("end"),
        )
        .group_by(ShiftMember.volunteer_id)  # the names joined after: fewer, smaller rows sorted
        .subquery()
    )
    return select(per_volunteer, Volunteer.name, Volunteer.team_id).join(
        Volunteer, Volunteer.id == per_volunteer.c.volunteer_id
    )


# the marks `_hours_select` counts, in the order of its columns (no-shows after absent)
_HOURS_MARKS = (
    Attendance.PRESENT, Attendance.LATE, Attendance.ABSENT, Attendance.SUBSTITUTE,
    Attendance.PENDING,
)


def _hours_report(
    rows: Iterable[Any], names: dict[str, str], date_from: date, date_to: date
) -> HoursReport:
    """The report of the rows of `_hours_select`: the same figures as `summarise_hours` of
    every member; the rows unpacked in the order of their columns (far faster than by name)."""
    people = []
    team_shifts: dict[str | None, set[str]] = defaultdict(set)
    for (
        volunteer_id, present, late, absent, no_shows, substitutes, pending, minutes, half_hours,
        to_review, shift_ids, name, team_id,
    ) in rows:
        team_shifts[team_id].update(shift_ids.split(","))
        people.append(
            frozen_record(
                VolunteerHours,
                {
                    "volunteer_id": volunteer_id, "name": name, "team_id": team_id,
                    "team_name": names.get(team_id or "", ""),
                    "shifts": present + late + absent + pending, "present": present,
                    "late": late, "absent": absent, "no_shows": no_shows,
                    "substitutes": substitutes, "pending": pending, "minutes": minutes,
                    "points": points_of(half_hours, substitutes, no_shows),
                    "to_review": to_review,
                },
            )
        )
    return hours_report(
        people,
        {team_id: len(shifts) for team_id, shifts in team_shifts.items()},
        date_from,
        date_to,
    )


def _check_range(date_from: date, date_to: date) -> None:
    if date_to < date_from:
        raise ValidationError("date_to", _("The last day is before the first day."))
    if (date_to - date_from).days >= MAX_GENERATION_DAYS:
        raise ValidationError(
            "date_to", _("Choose at most {days} days.").format(days=MAX_GENERATION_DAYS)
        )


def _live_team(session: Session, team_id: str) -> VolunteerTeam:
    team = session.get(VolunteerTeam, team_id)
    if team is None or team.deleted_at is not None:
        raise ValidationError("team_id", _("The team no longer exists."))
    return team


def _apply_pattern(pattern: PatrolPattern, draft: PatternDraft) -> PatrolPattern:
    pattern.weekdays = ",".join(str(day) for day in sorted(draft.weekdays))
    pattern.start_time = f"{draft.start:%H:%M}"
    pattern.end_time = f"{draft.end:%H:%M}"
    return fill(
        pattern, draft, "team_id", "route", "overnight", "seats", "valid_from", "valid_until", "notes"
    )


def _pattern_detail(pattern: PatrolPattern, team_name: str) -> PatternDetail:
    return from_row(
        PatternDetail,
        pattern,
        team_name=team_name,
        weekdays=frozenset(int(day) for day in pattern.weekdays.split(",") if day),
        start=time.fromisoformat(pattern.start_time),
        end=time.fromisoformat(pattern.end_time),
    )


def _members_select(shift_ids: Sequence[str] | Select[Any], *columns: Any) -> Select[Any]:
    """The live members of the shifts, in seat order. likely(): SQLite, without statistics,
    would read them through the index on deleted_at (every live row) rather than the one
    on shift_id; wrapped in a function the condition cannot choose an index."""
    return (
        select(*columns)
        .where(
            ShiftMember.shift_id.in_(shift_ids),
            likely(ShiftMember.deleted_at.is_(None)),
        )
        .order_by(ShiftMember.position, ShiftMember.id)
    )


def _members(session: Session, shift_ids: Sequence[str]) -> dict[str, list[ShiftMember]]:
    found: dict[str, list[ShiftMember]] = defaultdict(list)
    for chunk in chunks(list(shift_ids)):
        for member in session.scalars(_members_select(chunk, ShiftMember)):
            found[member.shift_id].append(member)
    return found


_MEMBER_COLUMNS = (
    ShiftMember.id,
    ShiftMember.shift_id,
    ShiftMember.volunteer_id,
    ShiftMember.attendance,
    ShiftMember.check_in,
    ShiftMember.check_out,
    ShiftMember.absence_reason,
    ShiftMember.substitute_for_id,
    ShiftMember.auto_closed,
    ShiftMember.reviewed,
    ShiftMember.position,
    Volunteer.name,
    Volunteer.phone,
)


class _MemberRow(NamedTuple):
    """A member as `_member_rows` reads it (`_MEMBER_COLUMNS`, the volunteer's name and phone
    joined): a tuple, whose fields are read by name seven times faster than a SQLAlchemy
    row's (a week's conflicts and names read thousands of them)."""

    id: str
    shift_id: str
    volunteer_id: str
    attendance: str
    check_in: datetime | None
    check_out: datetime | None
    absence_reason: str
    substitute_for_id: str | None
    auto_closed: bool
    reviewed: bool
    position: int
    name: str | None
    phone: str | None


def _sharing_volunteers(team_id: str, start: datetime, end: datetime) -> Select[Any]:
    """The ids of the shifts (from start to end) of the volunteers on `team_id`'s shifts."""
    team_shifts = select(PatrolShift.id).where(
        PatrolShift.team_id == team_id, PatrolShift.starts_at >= start, PatrolShift.starts_at < end
    )
    volunteers = select(ShiftMember.volunteer_id).where(
        ShiftMember.shift_id.in_(team_shifts), likely(ShiftMember.deleted_at.is_(None))
    )
    return (
        select(ShiftMember.shift_id)
        .join(PatrolShift, PatrolShift.id == ShiftMember.shift_id)
        .where(
            ShiftMember.volunteer_id.in_(volunteers),
            likely(ShiftMember.deleted_at.is_(None)),
            PatrolShift.starts_at >= start,
            PatrolShift.starts_at < end,
        )
    )


_SHIFT_COLUMNS = (
    PatrolShift.id,
    PatrolShift.starts_at,
    PatrolShift.ends_at,
    PatrolShift.route,
    PatrolShift.team_id,
    PatrolShift.seats,
    PatrolShift.notes,
    PatrolShift.pattern_id,
    PatrolShift.deleted_at,
)
_SHIFT_ORDER = (PatrolShift.starts_at, PatrolShift.route, PatrolShift.id)


class _ShiftRow(NamedTuple):
    """A shift as read by `_SHIFT_COLUMNS` (see `_MemberRow`)."""

    id: str
    starts_at: datetime
    ends_at: datetime
    route: str
    team_id: str | None
    seats: int
    notes: str
    pattern_id: str | None
    deleted_at: datetime | None


def _shift_sort_key(shift: Any) -> tuple[datetime, str, str]:
    """`_SHIFT_ORDER` in Python."""
    return shift.starts_at, shift.route, shift.id


def _shifts_select(query: ShiftQuery, limited: bool) -> tuple[Select[*tuple[Any, ...]], dict[str, Any]]:
    """The shifts matching the filters (but `only_open_seats`; `limit` when `limited`), in
    time order, and the values of its parameters. The select of each combination of filters
    is built once (making one and its cache key took a millisecond of each list)."""
    values: dict[str, Any] = {}
    if query.date_from is not None:
        values["date_from"] = datetime.combine(query.date_from, time.min)
    if query.date_to is not None:
        values["date_to"] = datetime.combine(query.date_to + timedelta(days=1), time.min)
    if query.team_id is not None:
        values["team_id"] = query.team_id
    if query.route.strip():
        values["route"] = like_pattern(query.route.strip())
    if query.volunteer_id is not None:
        values["volunteer_id"] = query.volunteer_id
    if limited:
        values["limit"] = query.limit
    return _filtered_shifts(query.include_deleted, frozenset(values)), values


@cache
def _filtered_shifts(include_deleted: bool, filters: frozenset[str]) -> Select[*tuple[Any, ...]]:
    """`_shifts_select`'s select for the filters named (its parameters)."""
    stmt: Select[*tuple[Any, ...]] = select(*_SHIFT_COLUMNS).order_by(*_SHIFT_ORDER)
    if not include_deleted:
        stmt = stmt.where(PatrolShift.deleted_at.is_(None))
    if "date_from" in filters:
        stmt = stmt.where(PatrolShift.starts_at >= bindparam("date_from"))
    if "date_to" in filters:
        stmt = stmt.where(PatrolShift.starts_at < bindparam("date_to"))
    if "team_id" in filters:
        stmt = stmt.where(PatrolShift.team_id == bindparam("team_id"))
    if "route" in filters:
        stmt = stmt.where(PatrolShift.route.ilike(bindparam("route"), escape="\\"))
    if "volunteer_id" in filters:
        on_shift = select(ShiftMember.shift_id).where(
            ShiftMember.volunteer_id == bindparam("volunteer_id"), ShiftMember.deleted_at.is_(None)
        )
        stmt = stmt.where(PatrolShift.id.in_(on_shift))
    if "limit" in filters:
        stmt = stmt.limit(bindparam("limit", type_=Integer))
    return stmt


@cache  # keyed by the select itself: one of `_filtered_shifts`' few, each built once
def _members_of(shifts: Select[Any], every_match: bool) -> Select[Any]:
    """The select of the members (`_member_rows`'s columns) of the shifts `shifts` selects
    (with its parameters); `every_match`: of all it matches (no sorting to choose them)."""
    ids = shifts.with_only_columns(PatrolShift.id)
    return _members_read(ids.order_by(None).limit(None) if every_match else ids)


def _conflict_shifts(
    session: Session, date_from: date, date_to: date, team_id: str | None
) -> dict[str, Any]:
    """The live shifts the conflicts of from..to are looked for among, by id (rows)."""
    start = datetime.combine(date_from - timedelta(days=1), time.min)
    end = datetime.combine(date_to + timedelta(days=1), time.min)
    in_period = select(*_SHIFT_COLUMNS).where(
        PatrolShift.deleted_at.is_(None), PatrolShift.starts_at >= start, PatrolShift.starts_at < end
    )
    if team_id is not None:
        in_period = in_period.where(
            or_(PatrolShift.team_id == team_id, PatrolShift.id.in_(_sharing_volunteers(team_id, start, end)))
        )
    return {row[0]: _ShiftRow._make(row) for row in plain_rows(session, in_period)}


def _volunteer_names(members: dict[str, list[_MemberRow]], shifts: Iterable[str]) -> dict[str, str]:
    """The names of the volunteers on `shifts` (ids of `members`)."""
    return {m.volunteer_id: m.name or "" for shift_id in shifts for m in members.get(shift_id, [])}


def _find_conflicts(
    shifts: dict[str, Any],
    all_members: dict[str, list[Any]],
    names: dict[str, str],
    date_from: date,
    date_to: date,
    team_id: str | None,
) -> list[ShiftConflict]:
    """The conflicts among `shifts` (rows by id) touching from..to; see `conflicts`."""
    members = {shift_id: all_members.get(shift_id, []) for shift_id in shifts}
    bookings = [
        Booking(m.volunteer_id, shift_id, shifts[shift_id].starts_at, shifts[shift_id].ends_at)
        for shift_id, rows in members.items()
        for m in rows
    ]
    spans = [ShiftSpan(s.id, s.team_id, s.route, s.starts_at, s.ends_at) for s in shifts.values()]
    window_end = datetime.combine(date_to + timedelta(days=1), time.min)
    window_start = datetime.combine(date_from, time.min)

    def in_window(*keys: str) -> bool:
        return any(window_start <= shifts[k].starts_at < window_end for k in keys)

    def text(key: str) -> str:
        shift = shifts[key]
        return shift_text(shift.starts_at, shift.ends_at, shift.route)

    found = [
        ShiftConflict(
            ConflictKind.DOUBLE_BOOKING, d.first_shift_key, d.second_shift_key,
            text(d.first_shift_key), text(d.second_shift_key), d.volunteer_key,
            names.get(d.volunteer_key, ""),
        )
        for d in find_double_bookings(bookings)
        if in_window(d.first_shift_key, d.second_shift_key)
    ]
    found += [
        ShiftConflict(ConflictKind.OVERLAPPING_SHIFTS, a, b, text(a), text(b))
        for a, b in find_overlapping_shifts(spans)
        if in_window(a, b)
    ]
    if team_id is not None:
        found = [
            c
            for c in found
            if team_id in (shifts[c.first_shift_id].team_id, shifts[c.second_shift_id].team_id)
        ]
    return sorted(found, key=lambda c: (shifts[c.first_shift_id].starts_at, c.kind, c.volunteer_name))


def _member_rows(session: Session, shift_ids: Sequence[str]) -> dict[str, list[_MemberRow]]:
    """Like `_members`, for reading only: `_MemberRow`s by shift, in seat order — no ORM
    objects, several times cheaper for the thousands of members of a busy week. Many shifts
    of a list are read by the select of their ids instead (`_members_of`: one query, not one
    per 500 ids)."""
    return _by_shift(
        row for chunk in chunks(list(shift_ids)) for row in plain_rows(session, _members_read(chunk))
    )


def _members_read(shift_ids: Sequence[str] | Select[Any]) -> Select[Any]:
    """The select of `_member_rows`: the live members of the shifts (ids, or a select of them)."""
    return (
        _members_select(shift_ids, *_MEMBER_COLUMNS)
        .outerjoin(Volunteer, Volunteer.id == ShiftMember.volunteer_id)
        .order_by(None)  # sorted by `_by_shift`, shift by shift: SQLite would sort whole rows
    )


def _by_shift(rows: Iterable[Any]) -> dict[str, list[_MemberRow]]:
    """The rows of `_members_read` as `_MemberRow`s by shift id, in seat order."""
    found: dict[str, list[_MemberRow]] = defaultdict(list)
    make = _MemberRow._make
    for row in rows:
        found[row[1]].append(make(row))
    for shift_rows in found.values():
        shift_rows.sort(key=_SEAT_ORDER)
    return found


_SEAT_ORDER = itemgetter(10, 0)  # of a `_MemberRow`: the order of `_members_select` (position, id)


def _shift_detail(session: Session, shift: PatrolShift) -> ShiftDetail:
    return _shift_details(session, [shift])[0]


def _shift_details(
    session: Session, shifts: Sequence[Any], members: dict[str, list[Any]] | None = None
) -> list[ShiftDetail]:
    """Shifts (PatrolShift objects or rows of `_SHIFT_COLUMNS`) with their members (read
    here unless given, as `_member_rows` returns them)."""
    if members is None:
        members = _member_rows(session, [s.id for s in shifts])
    names = team_names(session, (s.team_id for s in shifts))
    found = members.get
    return [
        frozen_record(
            ShiftDetail,
            {
                "id": shift.id,
                "starts_at": shift.starts_at,
                "ends_at": shift.ends_at,
                "route": shift.route,
                "team_id": shift.team_id,
                "team_name": names.get(shift.team_id or "", ""),
                "seats": shift.seats,
                "notes": shift.notes,
                "pattern_id": shift.pattern_id,
                "members": _member_entries(shift, found(shift.id, ())),
                "deleted_at": shift.deleted_at,
            },
        )
        for shift in shifts
    ]


_ATTENDANCE = {mark.value: mark for mark in Attendance}  # cheaper than Attendance(value)
# marks that count no time and no points (`attended_time` of them: nothing, not closed)
_UNTIMED = frozenset(mark.value for mark in Attendance if not mark.attended) - {
    Attendance.ABSENT.value
}

def _member_entries(shift: Any, members: Iterable[_MemberRow]) -> tuple[MemberEntry, ...]:
    """The shift's members' entries (as `frozen_record` makes them, in one loop: a month's 6,000
    members cost half as much without two calls each; the values' dict made the entry's own
    rather than copied into it, a third cheaper); the fields unpacked in the order of
    `_MEMBER_COLUMNS` (reading each by name cost a fifth of the list)."""
    entries = []
    new = object.__new__
    set_values = object.__setattr__  # a frozen dataclass refuses its own __setattr__
    for (
        member_id, _shift_id, volunteer_id, mark, check_in, check_out, reason, substitute_for_id,
        auto_closed, reviewed, _position, name, phone,
    ) in members:
        if mark in _UNTIMED:
            minutes, points = 0, 0.0
        else:
            counted = attended_time(
                shift.starts_at, shift.ends_at, _ATTENDANCE[mark], check_in, check_out, reason
            )
            minutes, points = counted.minutes, counted.points
            auto_closed = auto_closed or counted.closed_automatically
        entry = new(MemberEntry)
        set_values(
            entry,
            "__dict__",
            {
                "id": member_id,
                "volunteer_id": volunteer_id,
                "name": name or "",
                "phone": phone or "",
                "attendance": _ATTENDANCE[mark],
                "check_in": check_in,
                "check_out": check_out,
                "absence_reason": reason,
                "substitute_for_id": substitute_for_id,
                "auto_closed": auto_closed,
                "reviewed": reviewed,
                "minutes": minutes,
                "points": points,
            }
        )
        entries.append(entry)
    return tuple(entries)


def _sync_members(session: Session, shift: PatrolShift, volunteer_ids: Sequence[str]) -> None:
    """Make the shift's rostered members exactly `volunteer_ids` (in that order)."""
    current = _members(session, [shift.id]).get(shift.id, [])
    rostered = {m.volunteer_id: m for m in current if m.substitute_for_id is None}
    newcomers = [v for v in volunteer_ids if v not in rostered]
    if len(volunteer_ids) > shift.seats:
        raise ValidationError(
            "member_ids",
            _("The shift has {seats} places but {count} members are listed.").format(
                seats=shift.seats, count=len(volunteer_ids)
            ),
        )
    for row, volunteer_id in enumerate(volunteer_ids):
        if volunteer_id in newcomers:
            _check_volunteer_row(session, row, volunteer_id, rostering=True)
    substitutes = [m.volunteer_id for m in current if m.substitute_for_id is not None]
    _check_free(session, shift, [*volunteer_ids, *substitutes])
    for position, volunteer_id in enumerate(volunteer_ids):
        member = rostered.pop(volunteer_id, None)
        if member is None:
            member = ShiftMember(
                id=new_id(), shift_id=shift.id, volunteer_id=volunteer_id,
                attendance=Attendance.PENDING.value, absence_reason="", auto_closed=False,
                reviewed=False,
            )
            session.add(member)
        member.position = position
    for member in rostered.values():
        soft_delete(session, member)


def _check_volunteer_row(
    session: Session, row: int, volunteer_id: str, rostering: bool = False
) -> Volunteer:
    volunteer = session.get(Volunteer, volunteer_id)
    if volunteer is None or volunteer.deleted_at is not None:
        raise ShiftRowError(row, "volunteer_id", _("The volunteer no longer exists."))
    if volunteer.status == VolunteerStatus.LEFT.value or (
        rostering and volunteer.status != VolunteerStatus.ACTIVE.value
    ):
        raise ShiftRowError(
            row,
            "volunteer_id",
            _("{name} is not an active volunteer ({status}).").format(
                name=volunteer.name, status=VolunteerStatus(volunteer.status).label
            ),
        )
    return volunteer


def _check_members_free(session: Session, shift: PatrolShift) -> None:
    """Refuse when one of the shift's members is on another live shift overlapping it."""
    members = _members(session, [shift.id]).get(shift.id, [])
    _check_free(session, shift, [m.volunteer_id for m in members])


def _check_free(session: Session, shift: PatrolShift, volunteer_ids: Sequence[str]) -> None:
    """Refuse when one of the volunteers is on another live shift overlapping this one."""
    if not volunteer_ids:
        return
    stmt = (
        _members_on_shifts(Volunteer.name, PatrolShift.starts_at, PatrolShift.ends_at, PatrolShift.route)
        .where(
            ShiftMember.volunteer_id.in_(list(volunteer_ids)),
            ShiftMember.deleted_at.is_(None),
            PatrolShift.id != shift.id,
            PatrolShift.starts_at < shift.ends_at,
            PatrolShift.ends_at > shift.starts_at,
        )
        .order_by(PatrolShift.starts_at)
        .limit(1)
    )
    clash = session.execute(stmt).first()
    if clash is not None:
        raise ValidationError(
            "member_ids",
            _("{name} is already on the shift {shift}, which overlaps this one.").format(
                name=clash[0], shift=shift_text(clash[1], clash[2], clash[3])
            ),
        )


def _apply_mark(member: ShiftMember, mark: AttendanceMark) -> None:
    """Copy a checked attendance row; a corrected automatic check-out is no longer flagged."""
    corrected = member.auto_closed and mark.check_out is not None and member.check_out != mark.check_out
    member.attendance = mark.attendance.value
    member.check_in = mark.check_in
    member.check_out = mark.check_out
    member.absence_reason = mark.absence_reason
    member.substitute_for_id = mark.substitute_for
    if corrected or not mark.attendance.attended or mark.check_in is None:
        member.auto_closed = False
    open_ended = mark.attendance.attended and mark.check_in is not None and mark.check_out is None
    member.reviewed = bool(mark.reviewed) if member.auto_closed or open_ended else False


def _gaps_select(now: datetime) -> Any:
    attended = [a.value for a in (Attendance.PRESENT, Attendance.LATE, Attendance.SUBSTITUTE)]
    missing_out = and_(
        ShiftMember.attendance.in_(attended),
        ShiftMember.check_in.is_not(None),
        or_(ShiftMember.check_out.is_(None), ShiftMember.auto_closed.is_(True)),
        ShiftMember.reviewed.is_(False),
    )
    # each kind of row to review read through an index (the OR below alone reads every member);
    # the closed check-outs one attendance at a time: with the planner's statistics (ANALYZE,
    # scale 100) `attendance IN (…)` looked like half the table and SQLite read all of it
    candidates = union_all(
        select(ShiftMember.id).where(ShiftMember.attendance == Attendance.PENDING.value),
        *(
            select(ShiftMember.id).where(  # ix_patrol_shift_members_attendance
                ShiftMember.attendance == mark,
                ShiftMember.auto_closed.is_(True),
                ShiftMember.reviewed.is_(False),
            )
            for mark in attended
        ),
        select(ShiftMember.id).where(  # ix_patrol_shift_members_check_out_check_in
            ShiftMember.check_out.is_(None), ShiftMember.check_in.is_not(None)
        ),
    )
    return (
        _members_on_shifts(
            ShiftMember.id.label("member_id"),
            ShiftMember.shift_id,
            ShiftMember.volunteer_id,
            ShiftMember.attendance,
            Volunteer.name,
            PatrolShift.starts_at,
            PatrolShift.ends_at,
            PatrolShift.route,
            PatrolShift.team_id,
        )
        .where(
            likely(ShiftMember.deleted_at.is_(None)),  # not through its index (see `_members_select`)
            PatrolShift.ends_at <= now,
            ShiftMember.id.in_(candidates),
            or_(ShiftMember.attendance == Attendance.PENDING.value, missing_out),
        )
        .order_by(PatrolShift.starts_at, PatrolShift.id, ShiftMember.position)
    )


def _fill_input(
    session: Session, date_from: date, date_to: date, team_id: str | None, now: datetime
) -> tuple[list[OpenShift], list[Candidate], list[PatrolShift], dict[str, Volunteer], dict[str, str]]:
    """The generator's input: open shifts of the period, active volunteers with their other
    shifts (busy) and the load of the previous weeks."""
    start = max(datetime.combine(date_from, time.min), now)
    end = datetime.combine(date_to + timedelta(days=1), time.min)
    stmt = live(select(PatrolShift), PatrolShift).where(
        PatrolShift.starts_at >= start, PatrolShift.starts_at < end
    )
    if team_id is not None:
        stmt = stmt.where(PatrolShift.team_id == team_id)
    rows = list(session.scalars(stmt.order_by(PatrolShift.starts_at, PatrolShift.id)))
    members = _members(session, [row.id for row in rows])
    volunteer_stmt = live(select(Volunteer), Volunteer).where(
        Volunteer.status == VolunteerStatus.ACTIVE.value, Volunteer.max_shifts_per_week > 0
    )
    if team_id is not None:
        volunteer_stmt = volunteer_stmt.where(Volunteer.team_id == team_id)
    else:
        wanted_teams = {row.team_id for row in rows if row.team_id is not None}
        if not any(row.team_id is None for row in rows):
            volunteer_stmt = volunteer_stmt.where(Volunteer.team_id.in_(wanted_teams))
    volunteers = {v.id: v for v in session.scalars(volunteer_stmt.order_by(Volunteer.sort_key, Volunteer.id))}
    target = {row.id for row in rows}
    busy, prior = _other_shifts(session, list(volunteers), date_from, date_to, target)
    shifts = [
        OpenShift(
            row.id, row.starts_at, row.ends_at, row.seats, row.team_id,
            tuple(m.volunteer_id for m in members.get(row.id, []) if m.substitute_for_id is None),
        )
        for row in rows
    ]
    candidates = [
        Candidate(
            key=v.id, team_id=v.team_id, availability=parse_availability(v.availability),
            max_per_week=v.max_shifts_per_week, prior_load=prior.get(v.id, 0),
            busy=tuple(busy.get(v.id, ())),
        )
        for v in sorted(volunteers.values(), key=lambda v: (prior.get(v.id, 0), v.sort_key, v.id))
    ]
    all_rows = {row.id: row for row in rows}
    names = team_names(session, [r.team_id for r in all_rows.values()] + [v.team_id for v in volunteers.values()])
    return shifts, candidates, rows, volunteers, names


def _other_shifts(
    session: Session, volunteer_ids: list[str], date_from: date, date_to: date, target: set[str]
) -> tuple[dict[str, list[tuple[datetime, datetime]]], dict[str, int]]:
    """Per volunteer: their other shifts in the weeks of the period (busy), and how many
    shifts they had in the `PRIOR_LOAD_DAYS` before it (prior load)."""
    busy: dict[str, list[tuple[datetime, datetime]]] = defaultdict(list)
    prior: dict[str, int] = defaultdict(int)
    if not volunteer_ids:
        return busy, prior
    first_week = datetime.combine(week_start(date_from), time.min)
    prior_start = datetime.combine(date_from - timedelta(days=PRIOR_LOAD_DAYS), time.min)
    period_start = datetime.combine(date_from, time.min)
    end = datetime.combine(week_start(date_to) + timedelta(days=7), time.min)
    for chunk in chunks(volunteer_ids):
        stmt = (
            select(ShiftMember.volunteer_id, PatrolShift.id, PatrolShift.starts_at, PatrolShift.ends_at)
            .join(PatrolShift, PatrolShift.id == ShiftMember.shift_id)
            .where(
                ShiftMember.volunteer_id.in_(chunk),
                ShiftMember.deleted_at.is_(None),
                PatrolShift.deleted_at.is_(None),
                PatrolShift.starts_at >= min(prior_start, first_week - timedelta(days=1)),
                PatrolShift.starts_at < end,
            )
        )
        for volunteer_id, shift_id, starts_at, ends_at in session.execute(stmt):
            if shift_id in target:
                continue
            if starts_at >= first_week - timedelta(days=1):
                busy[volunteer_id].append((starts_at, ends_at))
            if prior_start <= starts_at < period_start:
                prior[volunteer_id] += 1
    return busy, prior


def shifts_of_members(details: Iterable[ShiftDetail]) -> dict[str, list[ShiftDetail]]:
    """Shifts by volunteer id (for the calendar view's "my shifts")."""
    found: dict[str, list[ShiftDetail]] = defaultdict(list)
    for shift in details:
        for member in shift.members:
            found[member.volunteer_id].append(shift)
    return found
