"""Volunteers and duty rosters (群防群治队伍与排班): teams, volunteers, patrol shifts, attendance.

A **team** (队伍) is a patrol team (巡逻队), the 平安志愿者, the building heads (楼栋长) or
another group, with a leader. A **volunteer** (志愿者) belongs to one team, has a role in it
(队长, 副队长, 队员), a status (active, paused, left) and the "五适" items the room keeps for
proper care (vest and volunteer card issued, insurance, allowance, commendations, notes of
contact). With a resident ID the gender and birth date come from it; a foreign volunteer has
no resident ID and the identity note says what proof there is (passport number...).

**Availability** is a set of (ISO weekday 1–7, day part) pairs; the day is cut into four parts
of six hours (night 0–6, morning 6–12, afternoon 12–18, evening 18–24). A volunteer is
available for a shift when every part the shift touches is in their set. Stored as a short
text: "*" for any time, else tokens such as "2E 4E 6M" (Tuesday and Thursday evening,
Saturday morning).

A **patrol shift** (巡逻班次) has a local wall-clock start and end (naive datetimes, like
meetings), a route or area, a team, the number of members wanted (seats) and its members.
A **weekly pattern** (e.g. every Tuesday and Thursday 19:00–21:00, route A) generates shifts
for a date range; a night pattern may end on the next day (`overnight`).

**Attendance** per member: pending (not recorded), present, late, absent (with a reason, or a
no-show without one), substitute (came for an absent member). Hours run from the check-in (or
the shift's start) to the check-out (or the shift's end). A member who checked in and never
checked out is counted to the shift's end and flagged for review: hours are never open-ended.
Points: one per hour attended (to the half hour), one extra for standing in as a substitute,
one off for a no-show.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any, NamedTuple, TypeVar

from station_desk.domain import checks
from station_desk.domain.documents import RosterDocument as RosterDocument  # re-exported
from station_desk.domain.enums import Gender, LabelledEnum
from station_desk.domain.records import SoftDeleted, from_row
from station_desk.domain.validators import (
    age_on,
    normalise_person_name,
)
from station_desk.errors import RowError, ValidationError
from station_desk.i18n import N_, _

MAX_TEAM_NAME = 50
MAX_AREA = 200
MAX_NOTES = 2000
MAX_CONTACT_NOTES = 5000
MAX_ID_NOTE = 100
MAX_ADDRESS = 200
MAX_SKILL = 20
MAX_SKILLS = 20
MAX_ALLOWANCE = 100
MAX_COMMENDATION = 100
MAX_AWARDED_BY = 100
MAX_ROUTE = 100
MAX_REASON = 200
MAX_SHIFTS_PER_WEEK = 14
DEFAULT_SHIFTS_PER_WEEK = 3
MAX_SEATS = 20
DEFAULT_SEATS = 3
MAX_SHIFT_HOURS = 24
CHECK_WINDOW = timedelta(hours=12)  # check-in/out must lie this close to the shift
EARLIEST_JOIN = date(1950, 1, 1)

# Points (积分): per hour attended (to the half hour), for standing in, for a no-show.
POINTS_PER_HOUR = 1.0
SUBSTITUTE_BONUS = 1.0
NO_SHOW_PENALTY = -1.0

E = TypeVar("E", bound=StrEnum)

SKILL_SEPARATORS = re.compile(r"[,，、;；/\n]+")

# Section names used by ShiftRowError.section
MEMBERS = "members"


# --- enumerations ------------------------------------------------------------------------


class TeamKind(LabelledEnum):
    """The kind of team (队伍类型)."""

    PATROL = "patrol", N_("Patrol team")  # 巡逻队
    SAFETY_VOLUNTEERS = "safety_volunteers", N_("Safety volunteers")  # 平安志愿者
    BUILDING_HEADS = "building_heads", N_("Building heads")  # 楼栋长
    OTHER = "other", N_("Other team")  # 其他


class VolunteerRole(LabelledEnum):
    """A volunteer's role in the team (职务)."""

    LEADER = "leader", N_("Team leader")  # 队长
    DEPUTY = "deputy", N_("Deputy leader")  # 副队长
    MEMBER = "member", N_("Team member")  # 队员


class VolunteerStatus(LabelledEnum):
    """active: on the roster; paused: kept but not rostered (ill, away); left: no longer serving."""

    ACTIVE = "active", N_("Serving")  # 在岗
    PAUSED = "paused", N_("Paused")  # 暂停
    LEFT = "left", N_("Left the team")  # 已退出


class DayPart(LabelledEnum):
    """A quarter of the day, the unit of availability."""

    NIGHT = "night", N_("Night (0–6)")  # 0–6
    MORNING = "morning", N_("Morning (6–12)")  # 6–12
    AFTERNOON = "afternoon", N_("Afternoon (12–18)")  # 12–18
    EVENING = "evening", N_("Evening (18–24)")  # 18–24

    @property
    def start_hour(self) -> int:
        return _PART_START[self]

    @property
    def letter(self) -> str:
        return _PART_LETTER[self]

    @classmethod
    def of_hour(cls, hour: int) -> DayPart:
        return _PARTS_BY_INDEX[hour // 6]


_PARTS_BY_INDEX = (DayPart.NIGHT, DayPart.MORNING, DayPart.AFTERNOON, DayPart.EVENING)
_PART_START = {part: 6 * index for index, part in enumerate(_PARTS_BY_INDEX)}
_PART_LETTER = {DayPart.NIGHT: "N", DayPart.MORNING: "M", DayPart.AFTERNOON: "A", DayPart.EVENING: "E"}
_LETTER_PART = {letter: part for part, letter in _PART_LETTER.items()}


class Attendance(LabelledEnum):
    """Attendance of one member on one shift (出勤情况)."""

    PENDING = "pending", N_("Not recorded")  # 未登记
    PRESENT = "present", N_("Present on duty")  # 到岗
    LATE = "late", N_("Late")  # 迟到
    ABSENT = "absent", N_("Absent from duty")  # 缺勤 (with a reason: excused; without: no-show)
    SUBSTITUTE = "substitute", N_("Substitute")  # 顶班

    @property
    def attended(self) -> bool:
        return self in ATTENDED


ATTENDED = frozenset({Attendance.PRESENT, Attendance.LATE, Attendance.SUBSTITUTE})


class GapKind(LabelledEnum):
    """Why an attendance row needs the officer's attention (考勤待核)."""

    NOT_RECORDED = "not_recorded", N_("Attendance not recorded")  # the shift is over, attendance not taken
    NO_CHECK_OUT = "no_check_out", N_("No check-out: closed at the shift's end")  # checked in, never checked out: closed at the shift's end


# --- availability ------------------------------------------------------------------------

Slot = tuple[int, DayPart]  # (ISO weekday 1 = Monday … 7 = Sunday, part of the day)
ANY_TIME: frozenset[Slot] = frozenset((day, part) for day in range(1, 8) for part in DayPart)


def availability_text(slots: Iterable[Slot]) -> str:
    """The stored form: "*" for any time, "" for never, else "2E 4E 6M" in week order."""
    chosen = frozenset((int(day), DayPart(part)) for day, part in slots)
    if chosen == ANY_TIME:
        return "*"
    order = {part: index for index, part in enumerate(_PARTS_BY_INDEX)}
    return " ".join(
        f"{day}{part.letter}" for day, part in sorted(chosen, key=lambda s: (s[0], order[s[1]]))
    )


def parse_availability(text: str) -> frozenset[Slot]:
    """The set of slots from the stored form (unknown tokens are ignored)."""
    value = (text or "").strip()
    if value == "*":
        return ANY_TIME
    slots = set()
    for token in value.split():
        if len(token) == 2 and token[0] in "1234567" and token[1] in _LETTER_PART:
            slots.add((int(token[0]), _LETTER_PART[token[1]]))
    return frozenset(slots)


def slots_of(starts_at: datetime, ends_at: datetime) -> frozenset[Slot]:
    """The (weekday, part) slots a time span touches (its end is exclusive)."""
    moment = starts_at.replace(minute=0, second=0, microsecond=0, hour=starts_at.hour // 6 * 6)
    slots = {(moment.isoweekday(), DayPart.of_hour(moment.hour))}
    while (moment := moment + timedelta(hours=6)) < ends_at:
        slots.add((moment.isoweekday(), DayPart.of_hour(moment.hour)))
    return frozenset(slots)


def is_available(availability: frozenset[Slot], starts_at: datetime, ends_at: datetime) -> bool:
    return slots_of(starts_at, ends_at) <= availability


# --- weeks -------------------------------------------------------------------------------


def week_start(day: date) -> date:
    """The Monday of the ISO week holding `day`."""
    return day - timedelta(days=day.weekday())


def week_key(moment: date) -> tuple[int, int]:
    """(ISO year, ISO week) of a day or moment."""
    year, week, _day = moment.isocalendar()
    return year, week


# --- teams -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamDraft:
    """A team as typed into the form; the leader must be one of its volunteers."""

    name: str
    kind: TeamKind = TeamKind.PATROL
    leader_id: str | None = None
    area: str = ""
    notes: str = ""

    def validated(self) -> TeamDraft:
        return TeamDraft(
            name=checks.text(self.name, "name", MAX_TEAM_NAME, required=True),
            kind=checks.choice(TeamKind, self.kind, "kind"),
            leader_id=self.leader_id or None,
            area=checks.text(self.area, "area", MAX_AREA),
            notes=checks.text(self.notes, "notes", MAX_NOTES),
        )


@dataclass(frozen=True)
class TeamDetail(SoftDeleted):
    """A team with its leader's name and the number of its active and all (not left) members."""

    id: str
    name: str
    kind: TeamKind
    leader_id: str | None
    leader_name: str
    area: str
    notes: str
    active_members: int = 0
    members: int = 0
    deleted_at: datetime | None = None

    def to_draft(self, **changes: object) -> TeamDraft:
        return from_row(TeamDraft, self, **changes)


def guess_team_kind(name: str) -> TeamKind:
    """The kind a team's name suggests (used when an import creates a team)."""
    text = name.casefold()
    if "楼栋" in text or "楼长" in text or "单元长" in text or "building" in text:
        return TeamKind.BUILDING_HEADS
    if "平安志愿" in text or "safety" in text:
        return TeamKind.SAFETY_VOLUNTEERS
    if "巡逻" in text or "巡防" in text or "patrol" in text or "守望" in text:
        return TeamKind.PATROL
    return TeamKind.OTHER


# --- volunteers --------------------------------------------------------------------------


@dataclass(frozen=True)
class CommendationEntry:
    """A commendation (表彰): when, what, by whom."""

    awarded_on: date
    title: str
    awarded_by: str = ""
    notes: str = ""
    id: str | None = None

    def validated(self, today: date) -> CommendationEntry:
        if not isinstance(self.awarded_on, date):
            raise ValidationError("awarded_on", _("Enter a date."))
        awarded = _day(self.awarded_on)
        if awarded > today:
            raise ValidationError("awarded_on", _("The date is in the future."))
        return CommendationEntry(
            awarded_on=awarded,
            title=checks.text(self.title, "title", MAX_COMMENDATION, required=True),
            awarded_by=checks.text(self.awarded_by, "awarded_by", MAX_AWARDED_BY),
            notes=checks.text(self.notes, "notes", MAX_NOTES),
            id=self.id,
        )


@dataclass(frozen=True)
class VolunteerDraft:
    """A volunteer as the form (or an import row) gives it.

    With `resident_id` the gender and birth date are taken from it, whatever was typed;
    without one both may be typed and `id_note` says what identity proof there is.
    `availability` defaults to any time; `max_shifts_per_week` 0 keeps the volunteer off
    generated rosters.
    """

    name: str
    gender: Gender | None = None
    resident_id: str = ""
    birth_date: date | None = None
    id_note: str = ""
    phone: str = ""
    address: str = ""
    team_id: str | None = None
    role: VolunteerRole = VolunteerRole.MEMBER
    skills: tuple[str, ...] = ()
    join_date: date | None = None
    status: VolunteerStatus = VolunteerStatus.ACTIVE
    vest_issued: bool = False
    card_issued: bool = False
    insurance_until: date | None = None
    allowance: str = ""
    contact_notes: str = ""
    notes: str = ""
    availability: frozenset[Slot] = ANY_TIME
    max_shifts_per_week: int = DEFAULT_SHIFTS_PER_WEEK

    def validated(self, today: date) -> VolunteerDraft:
        """The draft normalised, or a ValidationError naming the field."""
        name = normalise_person_name(self.name, field="name")
        resident_id, gender, birth = checks.identity(
            self.resident_id, self.gender, today, lambda: _birth_date(self.birth_date, today)
        )
        join = _optional_day(self.join_date, "join_date")
        if join is not None and join > today:
            raise ValidationError("join_date", _("The join date is in the future."))
        if join is not None and join < EARLIEST_JOIN:
            raise ValidationError("join_date", _("The join date is too early."))
        if join is not None and birth is not None and join < birth:
            raise ValidationError("join_date", _("The join date is before the birth date."))
        limit = self.max_shifts_per_week
        if isinstance(limit, bool) or not isinstance(limit, int) or not 0 <= limit <= MAX_SHIFTS_PER_WEEK:
            raise ValidationError(
                "max_shifts_per_week",
                _("Enter a number of shifts between 0 and {n}.").format(n=MAX_SHIFTS_PER_WEEK),
            )
        return VolunteerDraft(
            name=name,
            gender=gender,
            resident_id=resident_id,
            birth_date=birth,
            id_note=checks.text(self.id_note, "id_note", MAX_ID_NOTE),
            phone=checks.phone(self.phone, "phone"),
            address=checks.text(self.address, "address", MAX_ADDRESS),
            team_id=self.team_id or None,
            role=checks.choice(VolunteerRole, self.role, "role"),
            skills=normalise_skills(self.skills),
            join_date=join,
            status=checks.choice(VolunteerStatus, self.status, "status"),
            vest_issued=bool(self.vest_issued),
            card_issued=bool(self.card_issued),
            insurance_until=_optional_day(self.insurance_until, "insurance_until"),
            allowance=checks.text(self.allowance, "allowance", MAX_ALLOWANCE),
            contact_notes=checks.text(self.contact_notes, "contact_notes", MAX_CONTACT_NOTES, strip=False),
            notes=checks.text(self.notes, "notes", MAX_NOTES, strip=False),
            availability=_availability(self.availability),
            max_shifts_per_week=limit,
        )


def _availability(slots: Iterable[Slot]) -> frozenset[Slot]:
    if slots is ANY_TIME or slots == ANY_TIME:
        return ANY_TIME
    return frozenset((int(day), DayPart(part)) for day, part in slots)


def normalise_skills(skills: Iterable[str] | str) -> tuple[str, ...]:
    """Skills as a tuple of distinct, stripped names ("急救、电工" → ("急救", "电工"))."""
    parts = SKILL_SEPARATORS.split(skills) if isinstance(skills, str) else list(skills)
    result: list[str] = []
    for part in parts:
        for piece in SKILL_SEPARATORS.split(part or ""):
            text = piece.strip()
            if not text or text in result:
                continue
            if len(text) > MAX_SKILL:
                raise ValidationError("skills", checks.too_long(MAX_SKILL))
            result.append(text)
    if len(result) > MAX_SKILLS:
        raise ValidationError(
            "skills", _("Enter at most {count} skills.").format(count=MAX_SKILLS)
        )
    return tuple(result)


@dataclass(frozen=True)
class VolunteerDetail(SoftDeleted):
    """Everything about one volunteer: the form's model and the roster list's row."""

    id: str
    name: str
    gender: Gender | None
    resident_id: str
    birth_date: date | None
    id_note: str
    phone: str
    address: str
    team_id: str | None
    team_name: str
    role: VolunteerRole
    skills: tuple[str, ...]
    join_date: date | None
    status: VolunteerStatus
    vest_issued: bool
    card_issued: bool
    insurance_until: date | None
    allowance: str
    contact_notes: str
    notes: str
    availability: frozenset[Slot]
    max_shifts_per_week: int
    commendations: tuple[CommendationEntry, ...] = ()
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None

    def age_on(self, day: date) -> int | None:
        return age_on(self.birth_date, day) if self.birth_date is not None else None

    def insured_on(self, day: date) -> bool:
        return self.insurance_until is not None and self.insurance_until >= day

    def to_draft(self, **changes: object) -> VolunteerDraft:
        """The editable part of this volunteer, with `changes` applied (field=value)."""
        return from_row(VolunteerDraft, self, **changes)


INSURANCE_NOTICE_DAYS = 30  # an accident insurance ending within this many days is flagged


def insurance_due(status: VolunteerStatus, insured_until: date | None, today: date) -> bool:
    """A volunteer still on a team (serving or paused) whose accident insurance is missing,
    has run out or ends within `INSURANCE_NOTICE_DAYS` days: to be renewed (保险到期提醒)."""
    if VolunteerStatus(status) is VolunteerStatus.LEFT:
        return False
    return insured_until is None or insured_until <= today + timedelta(days=INSURANCE_NOTICE_DAYS)


@dataclass(frozen=True)
class VolunteerSummary(SoftDeleted):
    """One row of the volunteers list."""

    id: str
    name: str
    gender: Gender | None
    phone: str
    team_id: str | None
    team_name: str
    role: VolunteerRole
    status: VolunteerStatus
    join_date: date | None
    insurance_until: date | None
    has_resident_id: bool
    deleted_at: datetime | None = None

    def insurance_due(self, today: date) -> bool:
        return not self.is_deleted and insurance_due(self.status, self.insurance_until, today)


@dataclass(frozen=True)
class VolunteerQuery:
    """Filters of the volunteers list. `text` matches the name (characters, full pinyin or
    initials), the phone, or the last digits of the resident ID; `statuses` empty = all;
    `insurance_due_on` (a day): only those whose insurance is due then (`insurance_due`)."""

    text: str = ""
    team_id: str | None = None
    statuses: frozenset[VolunteerStatus] = frozenset()
    insurance_due_on: date | None = None
    include_deleted: bool = False
    limit: int = 500


# --- patterns and shifts -----------------------------------------------------------------


@dataclass(frozen=True)
class PatternDraft:
    """A weekly pattern (排班规则): on these ISO weekdays (1 = Monday), from `start` to `end`
    (the next day when `overnight`), this route, this team, `seats` members, from
    `valid_from` to `valid_until` (open-ended when None)."""

    team_id: str
    route: str
    weekdays: frozenset[int]
    start: time
    end: time
    valid_from: date
    valid_until: date | None = None
    seats: int = DEFAULT_SEATS
    overnight: bool = False
    notes: str = ""

    def validated(self) -> PatternDraft:
        if not self.team_id:
            raise ValidationError("team_id", _("Choose the team."))
        days = frozenset(int(day) for day in self.weekdays)
        if not days:
            raise ValidationError("weekdays", _("Choose at least one day of the week."))
        if not days <= set(range(1, 8)):
            raise ValidationError("weekdays", _("Days of the week are numbered 1 (Monday) to 7."))
        if not isinstance(self.start, time) or not isinstance(self.end, time):
            raise ValidationError("start", _("Enter the start and end times."))
        start, end = _minute(self.start), _minute(self.end)
        if not self.overnight and end <= start:
            raise ValidationError(
                "end",
                _(
                    "The shift cannot end before it starts; for a night shift ending after "
                    "midnight, mark it as ending on the next day."
                ),
            )
        if self.overnight and end > start:
            raise ValidationError(
                "end", _("A shift ending on the next day must end before its start time.")
            )
        valid_from = _optional_day(self.valid_from, "valid_from")
        if valid_from is None:
            raise ValidationError("valid_from", _("Enter the first day the pattern applies."))
        valid_until = _optional_day(self.valid_until, "valid_until")
        if valid_until is not None and valid_until < valid_from:
            raise ValidationError("valid_until", _("The last day is before the first day."))
        return PatternDraft(
            team_id=self.team_id,
            route=checks.text(self.route, "route", MAX_ROUTE, required=True),
            weekdays=days,
            start=start,
            end=end,
            valid_from=valid_from,
            valid_until=valid_until,
            seats=_seats(self.seats),
            overnight=bool(self.overnight),
            notes=checks.text(self.notes, "notes", MAX_NOTES),
        )


@dataclass(frozen=True)
class PatternDetail:
    id: str
    team_id: str
    team_name: str
    route: str
    weekdays: frozenset[int]
    start: time
    end: time
    valid_from: date
    valid_until: date | None
    seats: int
    overnight: bool
    notes: str
    deleted_at: datetime | None = None

    def occurrences(self, date_from: date, date_to: date) -> list[tuple[datetime, datetime]]:
        """(start, end) of each shift this pattern makes on the days from..to (inclusive)."""
        return pattern_occurrences(
            self.weekdays, self.start, self.end, self.overnight,
            max(date_from, self.valid_from),
            min(date_to, self.valid_until) if self.valid_until else date_to,
        )

    def to_draft(self, **changes: object) -> PatternDraft:
        return from_row(PatternDraft, self, **changes)

    def describe(self) -> str:
        days = "、".join(weekday_label(day) for day in sorted(self.weekdays))
        return f"{days} {time_range_text(self.start, self.end)} {self.route}"


def pattern_occurrences(
    weekdays: frozenset[int], start: time, end: time, overnight: bool, first: date, last: date
) -> list[tuple[datetime, datetime]]:
    """The shifts of a weekly pattern on the days first..last (inclusive)."""
    result = []
    day = first
    while day <= last:
        if day.isoweekday() in weekdays:
            starts_at = datetime.combine(day, start)
            ends_at = datetime.combine(day + timedelta(days=1) if overnight else day, end)
            result.append((starts_at, ends_at))
        day += timedelta(days=1)
    return result


@dataclass(frozen=True)
class ShiftDraft:
    """A patrol shift as typed: local wall-clock start and end, route, team, seats, members."""

    starts_at: datetime
    ends_at: datetime
    route: str
    team_id: str | None = None
    seats: int = DEFAULT_SEATS
    notes: str = ""
    member_ids: tuple[str, ...] = ()

    def validated(self) -> ShiftDraft:
        starts_at, ends_at = check_shift_times(self.starts_at, self.ends_at)
        members = tuple(dict.fromkeys(m for m in self.member_ids if m))
        if len(members) != len([m for m in self.member_ids if m]):
            raise ValidationError("member_ids", _("A volunteer is listed twice on this shift."))
        return ShiftDraft(
            starts_at=starts_at,
            ends_at=ends_at,
            route=checks.text(self.route, "route", MAX_ROUTE, required=True),
            team_id=self.team_id or None,
            seats=_seats(self.seats),
            notes=checks.text(self.notes, "notes", MAX_NOTES),
            member_ids=members,
        )


_SHIFT_SPAN = checks.SpanMessages(
    too_long=N_("A shift lasts at most {hours} hours."),
    no_start=N_("Enter the date and time the shift starts."),
    no_end=N_("Enter the date and time the shift ends."),
    end_before_start=N_("The shift cannot end before it starts."),
    end_at_start=N_("The shift ends at the moment it starts."),
)


def check_shift_times(starts_at: datetime, ends_at: datetime) -> tuple[datetime, datetime]:
    """Both times as naive local times; the end after the start, at most 24 hours later."""
    return checks.time_span(starts_at, ends_at, MAX_SHIFT_HOURS, _SHIFT_SPAN)


@dataclass(frozen=True)
class ShiftMember:
    """A member of a shift with attendance. `substitute_for_id` is the volunteer id of the
    absent member this one stood in for; `minutes`, `points` and `needs_review` are derived."""

    id: str
    volunteer_id: str
    name: str
    phone: str
    attendance: Attendance
    check_in: datetime | None = None
    check_out: datetime | None = None
    absence_reason: str = ""
    substitute_for_id: str | None = None
    auto_closed: bool = False
    reviewed: bool = False
    minutes: int = 0
    points: float = 0.0

    @property
    def hours(self) -> float:
        return self.minutes / 60

    @property
    def needs_review(self) -> bool:
        return self.auto_closed and not self.reviewed

    def as_mark(self) -> AttendanceMark:
        return from_row(AttendanceMark, self, substitute_for=self.substitute_for_id)


@dataclass(frozen=True)
class ShiftDetail(SoftDeleted):
    """A patrol shift with its members (names copied from the volunteers at reading time)."""

    id: str
    starts_at: datetime
    ends_at: datetime
    route: str
    team_id: str | None
    team_name: str
    seats: int
    notes: str
    pattern_id: str | None = None
    members: tuple[ShiftMember, ...] = ()
    deleted_at: datetime | None = None

    @property
    def rostered(self) -> tuple[ShiftMember, ...]:
        """Members put on the roster (substitutes came later and are not counted as seats)."""
        return tuple(m for m in self.members if m.substitute_for_id is None)

    @property
    def open_seats(self) -> int:
        return max(0, self.seats - len(self.rostered))

    @property
    def member_names(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.members)

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600

    def to_draft(self, **changes: object) -> ShiftDraft:
        return from_row(ShiftDraft, self, **{"member_ids": tuple(m.volunteer_id for m in self.rostered), **changes})


@dataclass(frozen=True)
class ShiftQuery:
    """Filters of the shifts list; dates are inclusive days of `starts_at`."""

    date_from: date | None = None
    date_to: date | None = None
    team_id: str | None = None
    volunteer_id: str | None = None
    route: str = ""
    only_open_seats: bool = False
    include_deleted: bool = False
    limit: int = 2000


@dataclass(frozen=True)
class AttendanceMark:
    """One attendance row as the attendance sheet saves it (matched by `volunteer_id`).

    A volunteer not yet on the shift is added (a substitute names the absent member's
    volunteer id in `substitute_for`); a member missing from the list keeps their row.
    `reviewed` confirms an automatically closed check-out.
    """

    volunteer_id: str
    attendance: Attendance
    check_in: datetime | None = None
    check_out: datetime | None = None
    absence_reason: str = ""
    substitute_for: str | None = None
    reviewed: bool = False


class ShiftRowError(RowError):
    """Bad input in one row of the attendance sheet: `row` is 0-based."""

    def __init__(self, row: int, field: str, message: str) -> None:
        super().__init__(MEMBERS, row, field, message)


def check_marks(
    starts_at: datetime, ends_at: datetime, marks: tuple[AttendanceMark, ...], now: datetime
) -> tuple[AttendanceMark, ...]:
    """The attendance rows normalised, or a ShiftRowError naming the row and field.

    `now` is the local wall-clock time: attendance other than an excused absence is taken
    once the shift has started.
    """
    seen: dict[str, int] = {}
    result = []
    for row, mark in enumerate(marks):
        try:
            checked = _mark(starts_at, ends_at, mark, now)
        except ValidationError as error:
            raise ShiftRowError(row, error.field, error.message) from None
        if checked.volunteer_id in seen:
            raise ShiftRowError(row, "volunteer_id", _("This volunteer is listed twice."))
        seen[checked.volunteer_id] = row
        result.append(checked)
    by_volunteer = {m.volunteer_id: m for m in result}
    for row, mark in enumerate(result):
        if mark.substitute_for is None:
            continue
        replaced = by_volunteer.get(mark.substitute_for)
        if replaced is None or replaced.attendance is not Attendance.ABSENT:
            raise ShiftRowError(
                row, "substitute_for", _("A substitute stands in for a member marked absent.")
            )
        if mark.substitute_for == mark.volunteer_id:
            raise ShiftRowError(row, "substitute_for", _("A volunteer cannot stand in for themselves."))
    return tuple(result)


def _mark(starts_at: datetime, ends_at: datetime, mark: AttendanceMark, now: datetime) -> AttendanceMark:
    attendance = checks.choice(Attendance, mark.attendance, "attendance")
    check_in = checks.wall_clock(mark.check_in, to_minute=True) if mark.check_in is not None else None
    check_out = checks.wall_clock(mark.check_out, to_minute=True) if mark.check_out is not None else None
    reason = checks.text(mark.absence_reason, "absence_reason", MAX_REASON)
    substitute_for = mark.substitute_for or None
    if attendance is Attendance.SUBSTITUTE and substitute_for is None:
        raise ValidationError(
            "substitute_for", _("Choose the absent member this volunteer stood in for.")
        )
    if attendance is not Attendance.SUBSTITUTE and substitute_for is not None:
        raise ValidationError("attendance", _("Mark a volunteer who stood in as a substitute."))
    if attendance in (Attendance.PENDING, Attendance.ABSENT):
        if check_in is not None or check_out is not None:
            raise ValidationError(
                "check_in", _("Check-in and check-out times are for members who came.")
            )
        if reason and attendance is Attendance.PENDING:
            raise ValidationError("absence_reason", _("A reason is given only for an absence."))
        return AttendanceMark(mark.volunteer_id, attendance, None, None, reason, None, False)
    if reason:
        raise ValidationError("absence_reason", _("A reason is given only for an absence."))
    if now < starts_at:
        raise ValidationError("attendance", _("This shift has not started yet."))
    if attendance is Attendance.LATE and (check_in is None or check_in <= starts_at):
        raise ValidationError(
            "check_in", _("Enter the check-in time of a late arrival (after the shift's start).")
        )
    if check_in is not None:
        if not starts_at - CHECK_WINDOW <= check_in <= ends_at + CHECK_WINDOW:
            raise ValidationError("check_in", _("The check-in time is far from the shift's time."))
        if check_in > now:
            raise ValidationError("check_in", _("The check-in time is in the future."))
    if check_out is not None:
        if check_out < (check_in or starts_at):
            message = (
                _("The check-out time is before the check-in time.")
                if check_in is not None
                else _("The check-out time is before the shift's start.")
            )
            raise ValidationError("check_out", message)
        if check_out > ends_at + CHECK_WINDOW:
            raise ValidationError("check_out", _("The check-out time is far from the shift's time."))
        if check_out > now:
            raise ValidationError("check_out", _("The check-out time is in the future."))
    return AttendanceMark(
        mark.volunteer_id, attendance, check_in, check_out, "", substitute_for, bool(mark.reviewed)
    )


# --- hours and points --------------------------------------------------------------------


class AttendedTime(NamedTuple):
    """What one attendance row counts: minutes, points, and whether it needs review (a
    tuple: made for thousands of rows, far cheaper than a frozen dataclass)."""

    minutes: int
    points: float
    closed_automatically: bool


def attended_time(
    starts_at: datetime,
    ends_at: datetime,
    attendance: Attendance,
    check_in: datetime | None,
    check_out: datetime | None,
    absence_reason: str = "",
) -> AttendedTime:
    """Minutes and points of one member on one shift (see the module docstring).

    A member who checked in and has no check-out is counted to the shift's end (or not at
    all when they checked in after it) and `closed_automatically` is set.
    """
    if type(attendance) is not Attendance:  # a stored value (the call costs for thousands of rows)
        attendance = Attendance(attendance)
    if attendance is Attendance.ABSENT:
        return AttendedTime(0, 0.0 if absence_reason.strip() else NO_SHOW_PENALTY, False)
    if not attendance.attended:
        return AttendedTime(0, 0.0, False)
    begin = check_in or starts_at
    automatic = check_in is not None and check_out is None
    end = check_out if check_out is not None else max(begin, ends_at)
    minutes = max(0, int((end - begin).total_seconds() // 60))
    points = points_of(minutes // 30, substitutes=int(attendance is Attendance.SUBSTITUTE))
    return AttendedTime(minutes, points, automatic)


def points_of(half_hours: int, substitutes: int = 0, no_shows: int = 0) -> float:
    """The points of `half_hours` whole half hours on duty (counted per shift), `substitutes`
    shifts stood in for and `no_shows` (see the module docstring). The points are multiples
    of a half, exact as floats: summed in any order, they are the same."""
    return (
        half_hours / 2 * POINTS_PER_HOUR + substitutes * SUBSTITUTE_BONUS + no_shows * NO_SHOW_PENALTY
    )


@dataclass(frozen=True)
class AttendanceRecord:
    """One member on one shift, flattened for the hours figures."""

    volunteer_id: str
    name: str
    team_id: str | None
    team_name: str
    shift_id: str
    starts_at: datetime
    ends_at: datetime
    attendance: Attendance
    check_in: datetime | None = None
    check_out: datetime | None = None
    absence_reason: str = ""
    auto_closed: bool = False
    reviewed: bool = False


@dataclass(frozen=True)
class VolunteerHours:
    """A volunteer's figures over a period: shifts rostered and how they went."""

    volunteer_id: str
    name: str
    team_id: str | None
    team_name: str
    shifts: int = 0
    present: int = 0
    late: int = 0
    absent: int = 0
    no_shows: int = 0
    substitutes: int = 0
    pending: int = 0
    minutes: int = 0
    points: float = 0.0
    to_review: int = 0

    @property
    def hours(self) -> float:
        return self.minutes / 60

    @property
    def attended(self) -> int:
        return self.present + self.late + self.substitutes


@dataclass(frozen=True)
class TeamHours:
    """A team's figures over a period."""

    team_id: str | None
    team_name: str
    volunteers: int = 0
    shifts: int = 0
    attended: int = 0
    absent: int = 0
    minutes: int = 0
    points: float = 0.0

    @property
    def hours(self) -> float:
        return self.minutes / 60


@dataclass(frozen=True)
class HoursReport:
    """Hours and points per volunteer and per team for a period (a month for the report)."""

    date_from: date
    date_to: date
    volunteers: tuple[VolunteerHours, ...]
    teams: tuple[TeamHours, ...]

    @property
    def minutes(self) -> int:
        return sum(v.minutes for v in self.volunteers)

    @property
    def points(self) -> float:
        return sum(v.points for v in self.volunteers)

    @property
    def shifts(self) -> int:
        return sum(t.shifts for t in self.teams)

    @property
    def to_review(self) -> int:
        return sum(v.to_review for v in self.volunteers)


def summarise_hours(
    records: Iterable[AttendanceRecord], date_from: date, date_to: date
) -> HoursReport:
    """Per-volunteer and per-team figures; volunteers by hours (most first), then name."""
    people: dict[str, dict[str, object]] = {}
    team_shifts: dict[str | None, set[str]] = {}
    for record in records:
        counted = attended_time(
            record.starts_at, record.ends_at, record.attendance, record.check_in,
            record.check_out, record.absence_reason,
        )
        row = people.setdefault(record.volunteer_id, {
            "name": record.name, "team_id": record.team_id, "team_name": record.team_name,
            "shifts": 0, "present": 0, "late": 0, "absent": 0, "no_shows": 0,
            "substitutes": 0, "pending": 0, "minutes": 0, "points": 0.0, "to_review": 0,
        })
        attendance = Attendance(record.attendance)
        key = {
            Attendance.PRESENT: "present", Attendance.LATE: "late", Attendance.ABSENT: "absent",
            Attendance.SUBSTITUTE: "substitutes", Attendance.PENDING: "pending",
        }[attendance]
        row[key] = int(row[key]) + 1  # type: ignore[call-overload]
        if attendance is not Attendance.SUBSTITUTE:
            row["shifts"] = int(row["shifts"]) + 1  # type: ignore[call-overload]
        if attendance is Attendance.ABSENT and not record.absence_reason.strip():
            row["no_shows"] = int(row["no_shows"]) + 1  # type: ignore[call-overload]
        row["minutes"] = int(row["minutes"]) + counted.minutes  # type: ignore[call-overload]
        row["points"] = float(row["points"]) + counted.points  # type: ignore[arg-type]
        auto = record.auto_closed or counted.closed_automatically
        if auto and not record.reviewed:
            row["to_review"] = int(row["to_review"]) + 1  # type: ignore[call-overload]
        team_shifts.setdefault(record.team_id, set()).add(record.shift_id)
    return hours_report(
        (VolunteerHours(volunteer_id=vid, **values) for vid, values in people.items()),  # type: ignore[arg-type]
        {team_id: len(shifts) for team_id, shifts in team_shifts.items()},
        date_from,
        date_to,
    )


def hours_report(
    people: Iterable[VolunteerHours],
    team_shifts: Mapping[str | None, int],
    date_from: date,
    date_to: date,
) -> HoursReport:
    """The report of the volunteers' figures (volunteers by hours, most first, then name;
    teams by name) with each team's number of shifts (`team_shifts`, by team id)."""
    volunteers = tuple(sorted(people, key=lambda v: (-v.minutes, -v.points, v.name, v.volunteer_id)))
    totals: dict[str | None, list[Any]] = {}
    for person in volunteers:
        team = totals.setdefault(person.team_id, [person.team_name, 0, 0, 0, 0, 0.0])
        team[1] += 1
        team[2] += person.attended
        team[3] += person.absent
        team[4] += person.minutes
        team[5] += person.points
    teams = (
        TeamHours(
            team_id, name, volunteers=count, shifts=team_shifts.get(team_id, 0),
            attended=attended, absent=absent, minutes=minutes, points=points,
        )
        for team_id, (name, count, attended, absent, minutes, points) in totals.items()
    )
    ordered = tuple(sorted(teams, key=lambda t: (t.team_name == "", t.team_name)))
    return HoursReport(date_from, date_to, volunteers, ordered)


@dataclass(frozen=True)
class AttendanceGap:
    """An attendance row to review: the shift is over and attendance is missing, or a
    check-out was closed automatically at the shift's end."""

    kind: GapKind
    shift_id: str
    member_id: str
    volunteer_id: str
    name: str
    starts_at: datetime
    ends_at: datetime
    route: str
    team_name: str


# --- conflicts ---------------------------------------------------------------------------


class ConflictKind(LabelledEnum):
    DOUBLE_BOOKING = "double_booking", N_("Volunteer on two overlapping shifts")  # one volunteer on two overlapping shifts
    OVERLAPPING_SHIFTS = "overlapping_shifts", N_("Overlapping shifts on the same route")  # two shifts of one team on one route overlap


@dataclass(frozen=True)
class ShiftConflict:
    """A conflict to show: which volunteer (for a double booking) and which two shifts."""

    kind: ConflictKind
    first_shift_id: str
    second_shift_id: str
    first_text: str
    second_text: str
    volunteer_id: str | None = None
    volunteer_name: str = ""

    @property
    def message(self) -> str:
        if self.kind is ConflictKind.DOUBLE_BOOKING:
            return _("{name} is on two overlapping shifts: {first} and {second}.").format(
                name=self.volunteer_name, first=self.first_text, second=self.second_text
            )
        return _("Two shifts overlap on the same route: {first} and {second}.").format(
            first=self.first_text, second=self.second_text
        )


def shift_text(starts_at: datetime, ends_at: datetime, route: str) -> str:
    """"2026-03-05 19:00–21:00 A线" (the end's date added when it differs)."""
    text = f"{starts_at:%Y-%m-%d %H:%M}–"
    text += f"{ends_at:%H:%M}" if ends_at.date() == starts_at.date() else f"{ends_at:%Y-%m-%d %H:%M}"
    return f"{text} {route}".strip()


# --- the week grid -----------------------------------------------------------------------


@dataclass(frozen=True)
class WeekRow:
    """One time slot (start–end) of the week and the shifts in it, one tuple per day."""

    start: time
    end: time
    days: tuple[tuple[ShiftDetail, ...], ...]  # 7 entries, Monday first

    @property
    def label(self) -> str:
        return time_range_text(self.start, self.end)


@dataclass(frozen=True)
class RosterWeek:
    """A week of shifts as a grid (days × time slots): the calendar view and the wall roster."""

    week_start: date
    rows: tuple[WeekRow, ...]
    shifts: tuple[ShiftDetail, ...]
    conflicts: tuple[ShiftConflict, ...] = ()
    team_name: str = ""
    holidays: Mapping[date, str] = field(default_factory=dict)  # day → holiday's name

    @property
    def days(self) -> tuple[date, ...]:
        return tuple(self.week_start + timedelta(days=n) for n in range(7))

    @property
    def week_end(self) -> date:
        return self.week_start + timedelta(days=6)

    @property
    def open_seats(self) -> int:
        return sum(shift.open_seats for shift in self.shifts)

    @property
    def label(self) -> str:
        year, week, _day = self.week_start.isocalendar()
        return f"{year}-W{week:02d}"


def week_grid(week_start_day: date, shifts: Iterable[ShiftDetail]) -> tuple[WeekRow, ...]:
    """Rows by time slot (ordered by start, then end); each shift in its start day's column."""
    first = week_start(week_start_day)
    cells: dict[tuple[time, time], list[list[ShiftDetail]]] = {}
    for shift in sorted(shifts, key=lambda s: (s.starts_at, s.route, s.id)):
        offset = (shift.starts_at.date() - first).days
        if not 0 <= offset < 7:
            continue
        key = (shift.starts_at.time(), shift.ends_at.time())
        cells.setdefault(key, [[] for _ in range(7)])[offset].append(shift)
    return tuple(
        WeekRow(start, end, tuple(tuple(day) for day in days))
        for (start, end), days in sorted(cells.items())
    )


# --- small helpers -----------------------------------------------------------------------


WEEKDAY_LABELS = (
    N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
    N_("Saturday"), N_("Sunday"),
)


def weekday_label(iso_day: int) -> str:
    return _(WEEKDAY_LABELS[iso_day - 1])


def time_range_text(start: time, end: time) -> str:
    return f"{start:%H:%M}–{end:%H:%M}"


def _minute(value: time) -> time:
    return value.replace(second=0, microsecond=0, tzinfo=None)


def _seats(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_SEATS:
        raise ValidationError(
            "seats", _("Enter a number of members between 1 and {n}.").format(n=MAX_SEATS)
        )
    return value


def _day(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _birth_date(value: date | None, today: date) -> date | None:
    birth = _optional_day(value, "birth_date")
    if birth is not None and birth > today:
        raise ValidationError("birth_date", _("The birth date is in the future."))
    return birth


def _optional_day(value: date | None, field: str) -> date | None:
    if value is None:
        return None
    if not isinstance(value, date):
        raise ValidationError(field, _("Enter a date."))
    return _day(value)

