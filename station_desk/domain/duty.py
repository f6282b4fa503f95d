"""The duty log (勤务日志): dated time entries of the officer and other users, the weekly
in-beat figure (下沉社区, at least 30 hours a week by default) and room opening hours.

An entry has a local wall-clock start and end (naive datetimes), an activity in the
community-policing work categories (走访调查、治安巡逻、警务宣传、监督检查、矛盾化解、情报信息、
为民服务、警务室接待) or a meeting, training or other duty,
a place and notes, and says whether it was spent **in the beat** (辖区): every activity counts
by default except training, which usually takes place at the station; the user can change
that per entry. Entries of one user may not overlap (the hours would count twice); an entry
lasts at most 24 hours and may run past midnight: figures split it at midnight, so each day
and each ISO week (Monday–Sunday) gets its own minutes.

The weekly target (`DEFAULT_WEEKLY_TARGET_HOURS`, stored as the setting
`TARGET_SETTING_KEY`) applies per ISO week; a period that is not whole weeks (a month) gets
the target in proportion to its days. On the home page the week so far is compared with a
pro-rata target over the working days already past (Monday–Friday): on Wednesday morning two
fifths of the target should be done, from Saturday all of it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Protocol, TypeVar

from station_desk.domain import checks
from station_desk.domain.enums import LabelledEnum
from station_desk.domain.records import from_row
from station_desk.domain.validators import to_half_width
from station_desk.errors import ValidationError
from station_desk.i18n import N_, _

DEFAULT_WEEKLY_TARGET_HOURS = 30.0
TARGET_SETTING_KEY = "duty_weekly_target_hours"
MAX_WEEKLY_TARGET_HOURS = 84.0
MAX_ENTRY_HOURS = 24
MAX_PLACE = 100
MAX_NOTES = 2000
MAX_STAFF = 200
WORKING_DAYS_PER_WEEK = 5

E = TypeVar("E", bound=StrEnum)


class DutyActivity(LabelledEnum):
    """What the time was spent on: the community-policing work categories (社区警务工作类别),
    plus meetings, training and other duty.

    The stored values of the categories the log had before them are kept (a household visit
    became 走访调查, mediation 矛盾化解 …): migration 0010 maps every stored entry and turns
    anything unknown into OTHER.
    """

    VISIT = "visit", N_("Visits and enquiries")  # 走访调查
    PATROL = "patrol", N_("Security patrol")  # 治安巡逻
    PUBLICITY = "publicity", N_("Police publicity")  # 警务宣传
    INSPECTION = "inspection", N_("Supervision and inspection")  # 监督检查
    MEDIATION = "mediation", N_("Dispute resolution")  # 矛盾化解
    INTELLIGENCE = "intelligence", N_("Intelligence and information")  # 情报信息
    SERVICE = "service", N_("Service to residents")  # 为民服务
    RECEPTION = "reception", N_("Reception at the room")  # 警务室接待
    MEETING = "meeting", N_("Meeting")  # 会议
    TRAINING = "training", N_("Training")  # 培训
    OTHER = "other", N_("Other duty")  # 其他

    @property
    def in_beat_by_default(self) -> bool:
        return self is not DutyActivity.TRAINING

    @property
    def is_work_category(self) -> bool:
        """One of the eight community-policing work categories (not meeting/training/other)."""
        return self not in (DutyActivity.MEETING, DutyActivity.TRAINING, DutyActivity.OTHER)


# --- weeks and days ----------------------------------------------------------------------

_WEEK_PATTERNS = (
    re.compile(r"([0-9]{4})\s*-?\s*[Ww]\s*([0-9]{1,2})"),
    re.compile(r"([0-9]{4})\s*年\s*第?\s*([0-9]{1,2})\s*周"),
    re.compile(r"([0-9]{4})-([0-9]{1,2})"),
)


def week_start(day: date) -> date:
    """The Monday of the ISO week holding `day`."""
    return day - timedelta(days=day.weekday())


def week_label(day: date) -> str:
    """The ISO week of `day` as "2026-W48"."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def parse_week(text: str | date, *, field: str = "week") -> date:
    """The Monday of a week written as 2026-W48, 2026W48, 2026年第48周 (or a date in it)."""
    if isinstance(text, datetime):
        return week_start(text.date())
    if isinstance(text, date):
        return week_start(text)
    value = to_half_width(text or "").strip()
    for pattern in _WEEK_PATTERNS:
        match = pattern.fullmatch(value)
        if match is not None:
            year, week = int(match.group(1)), int(match.group(2))
            try:
                return date.fromisocalendar(year, week, 1)
            except ValueError:
                raise ValidationError(
                    field, _("{value} is not a week of that year.").format(value=value)
                ) from None
    from station_desk.domain.validators import parse_date

    try:
        return week_start(parse_date(value, field=field))
    except ValidationError:
        raise ValidationError(field, _("Enter a week such as 2026-W48.")) from None


def month_end(first: date) -> date:
    """The last day of the month starting on `first`."""
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - timedelta(days=1)


def split_by_day(starts_at: datetime, ends_at: datetime) -> list[tuple[date, int]]:
    """(day, minutes) for each day a span covers, cut at midnight."""
    parts = []
    moment = starts_at
    while moment < ends_at:
        midnight = datetime.combine(moment.date() + timedelta(days=1), time.min)
        end = min(midnight, ends_at)
        parts.append((moment.date(), int((end - moment).total_seconds() // 60)))
        moment = end
    return parts


def working_days_before(monday: date, today: date) -> int:
    """Monday–Friday days of the week starting `monday` that are over before `today`."""
    return max(0, min((today - monday).days, WORKING_DAYS_PER_WEEK))


def pro_rata_target(target_hours: float, monday: date, today: date) -> float:
    """The share of the weekly target that should be done by the start of `today`."""
    return target_hours * working_days_before(monday, today) / WORKING_DAYS_PER_WEEK


def check_target(hours: float) -> float:
    if isinstance(hours, bool) or not isinstance(hours, int | float):
        raise ValidationError("target_hours", _("Enter a number of hours."))
    if not 0 < float(hours) <= MAX_WEEKLY_TARGET_HOURS:
        raise ValidationError(
            "target_hours",
            _("The weekly target must be more than 0 and at most {n} hours.").format(
                n=int(MAX_WEEKLY_TARGET_HOURS)
            ),
        )
    return float(hours)


# --- entries -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DutyEntryDraft:
    """A duty log entry as typed; `in_beat` None takes the activity's default."""

    user_id: str
    starts_at: datetime
    ends_at: datetime
    activity: DutyActivity
    place: str = ""
    notes: str = ""
    in_beat: bool | None = None

    def validated(self) -> DutyEntryDraft:
        if not self.user_id:
            raise ValidationError("user_id", _("Choose whose time this is."))
        starts_at, ends_at = check_span(self.starts_at, self.ends_at)
        activity = checks.choice(DutyActivity, self.activity, "activity")
        in_beat = activity.in_beat_by_default if self.in_beat is None else bool(self.in_beat)
        return DutyEntryDraft(
            user_id=self.user_id,
            starts_at=starts_at,
            ends_at=ends_at,
            activity=activity,
            place=checks.text(self.place, "place", MAX_PLACE),
            notes=checks.text(self.notes, "notes", MAX_NOTES, strip=False),
            in_beat=in_beat,
        )


_ENTRY_SPAN = checks.SpanMessages(N_("An entry lasts at most {hours} hours."))


def check_span(starts_at: datetime, ends_at: datetime) -> tuple[datetime, datetime]:
    """Both times naive local, to the minute; the end after the start, at most 24 h later."""
    return checks.time_span(starts_at, ends_at, MAX_ENTRY_HOURS, _ENTRY_SPAN)


@dataclass(frozen=True)
class DutyEntry:
    """A saved duty log entry, with the user's display name."""

    id: str
    user_id: str
    user_name: str
    starts_at: datetime
    ends_at: datetime
    activity: DutyActivity
    place: str
    notes: str
    in_beat: bool
    deleted_at: datetime | None = None

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def hours(self) -> float:
        return self.minutes / 60

    def to_draft(self, **changes: object) -> DutyEntryDraft:
        return from_row(DutyEntryDraft, self, **changes)


def overlapping(
    entries: Iterable[DutyEntry], starts_at: datetime, ends_at: datetime, skip_id: str | None = None
) -> DutyEntry | None:
    """The first entry that overlaps the span (touching ends do not overlap)."""
    for entry in sorted(entries, key=lambda e: e.starts_at):
        if entry.id != skip_id and entry.starts_at < ends_at and starts_at < entry.ends_at:
            return entry
    return None


def overlap_message(entry: DutyEntry) -> str:
    return _("This time overlaps another entry: {activity} {start}–{end}.").format(
        activity=entry.activity.label,
        start=f"{entry.starts_at:%Y-%m-%d %H:%M}",
        end=f"{entry.ends_at:%H:%M}" if entry.ends_at.date() == entry.starts_at.date()
        else f"{entry.ends_at:%Y-%m-%d %H:%M}",
    )


# --- room opening hours --------------------------------------------------------------------


@dataclass(frozen=True)
class RoomHoursDraft:
    """When the police room was open on a day (开放时间) and who was there."""

    day: date
    opens_at: time
    closes_at: time
    staff: str = ""
    notes: str = ""

    def validated(self) -> RoomHoursDraft:
        if not isinstance(self.day, date):
            raise ValidationError("day", _("Enter a date."))
        if not isinstance(self.opens_at, time) or not isinstance(self.closes_at, time):
            raise ValidationError("opens_at", _("Enter the opening and closing times."))
        opens = self.opens_at.replace(second=0, microsecond=0, tzinfo=None)
        closes = self.closes_at.replace(second=0, microsecond=0, tzinfo=None)
        if closes <= opens:
            raise ValidationError("closes_at", _("The room cannot close before it opens."))
        day = self.day.date() if isinstance(self.day, datetime) else self.day
        return RoomHoursDraft(
            day=day,
            opens_at=opens,
            closes_at=closes,
            staff=checks.text(self.staff, "staff", MAX_STAFF),
            notes=checks.text(self.notes, "notes", MAX_NOTES),
        )


@dataclass(frozen=True)
class RoomHoursEntry:
    id: str
    day: date
    opens_at: time
    closes_at: time
    staff: str
    notes: str

    @property
    def minutes(self) -> int:
        start = datetime.combine(self.day, self.opens_at)
        return int((datetime.combine(self.day, self.closes_at) - start).total_seconds() // 60)


# --- figures -----------------------------------------------------------------------------


class _Figure(Protocol):
    @property
    def in_beat_minutes(self) -> int: ...

    @property
    def target_hours(self) -> float: ...


class _InBeatHours:
    """The hours in the beat of a week or a period, and whether they meet its target."""

    @property
    def in_beat_hours(self: _Figure) -> float:
        return self.in_beat_minutes / 60

    @property
    def met(self: _Figure) -> bool:
        return self.in_beat_minutes / 60 + 1e-9 >= self.target_hours


@dataclass(frozen=True)
class DutyWeek(_InBeatHours):
    """One ISO week's figure: minutes in the beat against the target (for the days counted)."""

    week_start: date
    target_hours: float
    in_beat_minutes: int = 0
    other_minutes: int = 0
    entries: int = 0
    days_counted: int = 7

    @property
    def other_hours(self) -> float:
        return self.other_minutes / 60

    @property
    def remaining_hours(self) -> float:
        return max(0.0, self.target_hours - self.in_beat_hours)

    @property
    def label(self) -> str:
        return week_label(self.week_start)

    def expected_by(self, today: date) -> float:
        """The pro-rata target at the start of `today` (see the module docstring)."""
        return pro_rata_target(self.target_hours, self.week_start, today)

    def behind(self, today: date) -> bool:
        return self.in_beat_hours + 1e-9 < self.expected_by(today)


@dataclass(frozen=True)
class ActivityTotal:
    activity: DutyActivity
    entries: int
    minutes: int
    in_beat_minutes: int

    @property
    def hours(self) -> float:
        return self.minutes / 60


@dataclass(frozen=True)
class DayTotal:
    day: date
    in_beat_minutes: int
    other_minutes: int
    entries: int

    @property
    def minutes(self) -> int:
        return self.in_beat_minutes + self.other_minutes


@dataclass(frozen=True)
class DutyReportData(_InBeatHours):
    """A user's duty over a period: entries, totals by activity, by day and by week."""

    user_id: str
    user_name: str
    date_from: date
    date_to: date
    weekly_target_hours: float
    entries: tuple[DutyEntry, ...]
    by_activity: tuple[ActivityTotal, ...]
    by_day: tuple[DayTotal, ...]
    weeks: tuple[DutyWeek, ...]

    @property
    def days(self) -> int:
        return (self.date_to - self.date_from).days + 1

    @property
    def target_hours(self) -> float:
        """The weekly target in proportion to the period's days (one week: the target)."""
        return self.weekly_target_hours * self.days / 7

    @property
    def in_beat_minutes(self) -> int:
        return sum(day.in_beat_minutes for day in self.by_day)

    @property
    def other_minutes(self) -> int:
        return sum(day.other_minutes for day in self.by_day)

    @property
    def is_single_week(self) -> bool:
        return self.days == 7 and self.date_from.weekday() == 0

    @property
    def by_category(self) -> tuple[ActivityTotal, ...]:
        """`by_activity` with every work category (those with no time too), then the rest."""
        return category_totals(self.by_activity)


def category_totals(totals: Iterable[ActivityTotal]) -> tuple[ActivityTotal, ...]:
    """Every work category in its order (zero when absent), then meeting/training/other if any."""
    found = {total.activity: total for total in totals}
    return tuple(
        found.get(activity) or ActivityTotal(activity, 0, 0, 0)
        for activity in DutyActivity
        if activity.is_work_category or activity in found
    )


def summarise_duty(
    user_id: str,
    user_name: str,
    entries: Iterable[DutyEntry],
    date_from: date,
    date_to: date,
    weekly_target_hours: float,
) -> DutyReportData:
    """Totals of the entries' minutes that fall on the days from..to (inclusive)."""
    if date_to < date_from:
        raise ValidationError("date_to", _("The last day is before the first day."))
    kept = sorted(
        (e for e in entries if e.starts_at.date() <= date_to and e.ends_at > datetime.combine(date_from, time.min)),
        key=lambda e: (e.starts_at, e.ends_at, e.id),
    )
    days: dict[date, list[int]] = {}
    activities: dict[DutyActivity, list[int]] = defaultdict(lambda: [0, 0, 0])
    for entry in kept:
        counted = False
        for day, minutes in split_by_day(entry.starts_at, entry.ends_at):
            if not date_from <= day <= date_to:
                continue
            totals = days.setdefault(day, [0, 0, 0])
            totals[0 if entry.in_beat else 1] += minutes
            if not counted:
                totals[2] += 1
            activity = activities[entry.activity]
            activity[1] += minutes
            if entry.in_beat:
                activity[2] += minutes
            counted = True
        if counted:
            activities[entry.activity][0] += 1
    by_day = tuple(DayTotal(day, t[0], t[1], t[2]) for day, t in sorted(days.items()))
    by_activity = tuple(
        ActivityTotal(activity, *activities[activity])
        for activity in DutyActivity
        if activity in activities
    )
    weeks = []
    monday = week_start(date_from)
    while monday <= date_to:
        first, last = max(monday, date_from), min(monday + timedelta(days=6), date_to)
        counted_days = (last - first).days + 1
        inside = [d for d in by_day if first <= d.day <= last]
        weeks.append(
            DutyWeek(
                week_start=monday,
                target_hours=weekly_target_hours * counted_days / 7,
                in_beat_minutes=sum(d.in_beat_minutes for d in inside),
                other_minutes=sum(d.other_minutes for d in inside),
                entries=sum(d.entries for d in inside),
                days_counted=counted_days,
            )
        )
        monday += timedelta(days=7)
    return DutyReportData(
        user_id, user_name, date_from, date_to, weekly_target_hours, tuple(kept),
        by_activity, by_day, tuple(weeks),
    )


def hours_value(minutes: int) -> float:
    """Minutes as hours rounded half up to one decimal (90 → 1.5, 3 → 0.1, 15 → 0.3): the
    one rounding of hours on paper, on screen and in spreadsheets, so they agree."""
    return float((Decimal(minutes) / 60).quantize(Decimal("0.1"), ROUND_HALF_UP))


def hours_text(minutes: int) -> str:
    """Minutes as hours with one decimal: 90 → "1.5" (rounded as `hours_value`)."""
    return f"{hours_value(minutes):.1f}"


# --- helpers -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DutyPerson:
    """A user whose time can be logged (the officer, auxiliary police, other accounts)."""

    user_id: str
    username: str
    display_name: str
    active: bool = True
