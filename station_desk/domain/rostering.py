"""The roster generator (排班) and conflict detection: pure functions, no database.

`generate_roster(shifts, candidates)` fills the open seats of patrol shifts from volunteers:

- a shift of a team takes only that team's candidates (a shift without a team takes anyone);
- a volunteer is put on a shift only when available for every part of the day it touches
  (`domain.volunteers.is_available`), below their maximum of shifts in that ISO week
  (counting the shifts they are already on), not already on it and not on an overlapping shift;
- each seat goes to the eligible volunteer with the lowest load (earlier load `prior_load`,
  plus shifts already held in the period, plus the ones given so far), then the fewest
  shifts that week, then the longest since their last shift, then the candidates' order;
- a balancing pass then moves new shifts from the most to the least loaded of volunteers who
  are *equally available* (eligible for the same shifts, same weekly limit, same earlier
  load) while their loads differ by two or more.

Guarantees (property-tested): nobody exceeds their weekly limit, is rostered outside their
availability or on two overlapping shifts; when the shifts of the period do not overlap each
other and nobody holds shifts beforehand, the loads of equally available volunteers differ by
at most one. Seats that cannot be filled are reported with the reason. The work is linear in
seats × team size: 200 volunteers and a month of shifts take a few hundredths of a second
(see `tests/perf/bench_roster.py`).

`find_double_bookings()` and `find_overlapping_shifts()` report volunteers on two overlapping
shifts and shifts of one team on one route that overlap, by a sort-and-sweep.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TypeVar

from station_desk.domain.enums import LabelledEnum
from station_desk.domain.volunteers import (
    ANY_TIME,
    DEFAULT_SHIFTS_PER_WEEK,
    Slot,
    slots_of,
    week_key,
)
from station_desk.i18n import N_

Interval = tuple[datetime, datetime]


@dataclass(frozen=True)
class OpenShift:
    """A shift to fill: `seats` members wanted, `assigned` already on it (kept as they are)."""

    key: str
    starts_at: datetime
    ends_at: datetime
    seats: int
    team_id: str | None = None
    assigned: tuple[str, ...] = ()


@dataclass(frozen=True)
class Candidate:
    """A volunteer who may be rostered. `busy` are other shifts they hold (outside the set
    being filled): they count towards the weekly limit and may not be overlapped.
    `prior_load` is their earlier load (e.g. shifts in the previous weeks) so that rotation
    continues from one roster to the next."""

    key: str
    team_id: str | None = None
    availability: frozenset[Slot] = ANY_TIME
    max_per_week: int = DEFAULT_SHIFTS_PER_WEEK
    prior_load: int = 0
    busy: tuple[Interval, ...] = ()


class UnfilledReason(LabelledEnum):
    NO_MEMBERS = "no_members", N_("The team has no active volunteers")
    NOT_AVAILABLE = "not_available", N_("No volunteer is available at this time")
    BUSY = "busy", N_("The available volunteers are on other shifts at this time")
    WEEKLY_LIMIT = "weekly_limit", N_("The available volunteers reached their weekly limit")


@dataclass(frozen=True)
class UnfilledSeats:
    shift_key: str
    missing: int
    reason: UnfilledReason


@dataclass(frozen=True)
class RosterPlan:
    """The new assignments (shift key, volunteer key) in shift order, the seats left open,
    and each candidate's number of new shifts (0 included)."""

    assignments: tuple[tuple[str, str], ...]
    unfilled: tuple[UnfilledSeats, ...]
    load: Mapping[str, int] = field(default_factory=dict)

    def members_of(self, shift_key: str) -> tuple[str, ...]:
        return tuple(v for s, v in self.assignments if s == shift_key)

    @property
    def missing(self) -> int:
        return sum(u.missing for u in self.unfilled)


class _State:
    """What one candidate holds while the roster is built."""

    __slots__ = ("candidate", "order", "total", "weeks", "days", "last", "new")

    def __init__(self, candidate: Candidate, order: int) -> None:
        self.candidate = candidate
        self.order = order
        self.total = candidate.prior_load
        self.weeks: dict[tuple[int, int], int] = defaultdict(int)
        self.days: dict[date, list[tuple[datetime, datetime, str]]] = defaultdict(list)
        self.last: datetime | None = None
        self.new: set[int] = set()  # indices of shifts given by this run
        for start, end in candidate.busy:
            self.hold(start, end, "")

    def hold(self, start: datetime, end: datetime, key: str) -> None:
        self.weeks[week_key(start)] += 1
        for day in _days(start, end):
            self.days[day].append((start, end, key))
        if self.last is None or start > self.last:
            self.last = start

    def release(self, start: datetime, end: datetime, key: str) -> None:
        self.weeks[week_key(start)] -= 1
        for day in _days(start, end):
            self.days[day] = [entry for entry in self.days[day] if entry[2] != key]

    def overlaps(self, start: datetime, end: datetime) -> bool:
        return any(
            a < end and start < b for day in _days(start, end) for a, b, _key in self.days.get(day, ())
        )

    def below_limit(self, start: datetime) -> bool:
        return self.weeks.get(week_key(start), 0) < self.candidate.max_per_week


def generate_roster(shifts: Sequence[OpenShift], candidates: Sequence[Candidate]) -> RosterPlan:
    """Fill the open seats of `shifts` from `candidates` (see the module docstring)."""
    ordered = sorted(range(len(shifts)), key=lambda i: (shifts[i].starts_at, shifts[i].ends_at, shifts[i].key))
    states = [_State(candidate, order) for order, candidate in enumerate(candidates)]
    by_key = {state.candidate.key: state for state in states}
    members: list[list[str]] = [list(dict.fromkeys(shift.assigned)) for shift in shifts]
    for index, shift in enumerate(shifts):
        for key in members[index]:
            state = by_key.get(key)
            if state is not None:
                state.total += 1
                state.hold(shift.starts_at, shift.ends_at, shift.key)
    teams: dict[str | None, list[_State]] = defaultdict(list)
    for state in states:
        teams[state.candidate.team_id].append(state)
    availability_cache: dict[tuple[frozenset[Slot], str | None], list[_State]] = {}
    eligible_by_shift: list[list[_State]] = [[] for _ in shifts]
    unfilled: list[UnfilledSeats] = []
    for index in ordered:
        shift = shifts[index]
        pool = states if shift.team_id is None else teams.get(shift.team_id, [])
        slots = slots_of(shift.starts_at, shift.ends_at)
        cache_key = (slots, shift.team_id)
        available = availability_cache.get(cache_key)
        if available is None:
            available = [s for s in pool if slots <= s.candidate.availability]
            availability_cache[cache_key] = available
        eligible_by_shift[index] = available
        need = shift.seats - len(members[index])
        for _seat in range(max(0, need)):
            chosen = _best(shift, members[index], available)
            if chosen is None:
                reason = _reason(shift, members[index], pool, available)
                unfilled.append(UnfilledSeats(shift.key, shift.seats - len(members[index]), reason))
                break
            members[index].append(chosen.candidate.key)
            chosen.total += 1
            chosen.new.add(index)
            chosen.hold(shift.starts_at, shift.ends_at, shift.key)
    _balance(shifts, states, eligible_by_shift, members)
    assignments = tuple(
        (shifts[index].key, key)
        for index in ordered
        for key in members[index]
        if key not in shifts[index].assigned
    )
    load = {state.candidate.key: len(state.new) for state in states}
    return RosterPlan(assignments, tuple(unfilled), load)


def _best(shift: OpenShift, members: list[str], available: list[_State]) -> _State | None:
    best: _State | None = None
    best_rank: tuple[int, int, datetime, int] | None = None
    week = week_key(shift.starts_at)
    for state in available:
        key = state.candidate.key
        if key in members or not state.below_limit(shift.starts_at):
            continue
        rank = (state.total, state.weeks.get(week, 0), state.last or datetime.min, state.order)
        if best_rank is not None and rank >= best_rank:
            continue
        if state.overlaps(shift.starts_at, shift.ends_at):
            continue
        best, best_rank = state, rank
    return best


def _reason(
    shift: OpenShift, members: list[str], pool: list[_State], available: list[_State]
) -> UnfilledReason:
    if not [s for s in pool if s.candidate.key not in members]:
        return UnfilledReason.NO_MEMBERS
    others = [s for s in available if s.candidate.key not in members]
    if not others:
        return UnfilledReason.NOT_AVAILABLE
    if all(not s.below_limit(shift.starts_at) for s in others):
        return UnfilledReason.WEEKLY_LIMIT
    return UnfilledReason.BUSY


def _balance(
    shifts: Sequence[OpenShift],
    states: list[_State],
    eligible_by_shift: list[list[_State]],
    members: list[list[str]],
) -> None:
    """Move new shifts between equally available volunteers until their loads differ by ≤ 1."""
    eligible_for: dict[int, set[int]] = defaultdict(set)
    for index, pool in enumerate(eligible_by_shift):
        for state in pool:
            eligible_for[state.order].add(index)
    groups: dict[tuple[frozenset[int], int, int], list[_State]] = defaultdict(list)
    for state in states:
        profile = (
            frozenset(eligible_for.get(state.order, ())),
            state.candidate.max_per_week,
            state.candidate.prior_load,
        )
        groups[profile].append(state)
    for group in groups.values():
        if len(group) < 2:
            continue
        moved = True
        while moved:
            moved = False
            group.sort(key=lambda s: (s.total, s.order))
            for low in group:
                for high in reversed(group):
                    if high.total - low.total < 2:
                        break
                    if _move_one(shifts, high, low, members):
                        moved = True
                        break
                if moved:
                    break


def _move_one(
    shifts: Sequence[OpenShift], high: _State, low: _State, members: list[list[str]]
) -> bool:
    """Give one of `high`'s new shifts to `low` when `low` can take it."""
    for index in sorted(high.new, key=lambda i: shifts[i].starts_at, reverse=True):
        shift = shifts[index]
        if low.candidate.key in members[index] or not low.below_limit(shift.starts_at):
            continue
        if low.overlaps(shift.starts_at, shift.ends_at):
            continue
        members[index][members[index].index(high.candidate.key)] = low.candidate.key
        high.release(shift.starts_at, shift.ends_at, shift.key)
        high.new.discard(index)
        high.total -= 1
        low.hold(shift.starts_at, shift.ends_at, shift.key)
        low.new.add(index)
        low.total += 1
        return True
    return False


def _days(start: datetime, end: datetime) -> list[date]:
    """The days a span touches (its end exclusive; an empty span touches its start day)."""
    first = start.date()
    last = (end - timedelta(microseconds=1)).date() if end > start else first
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


# --- conflicts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Booking:
    """A volunteer on a shift."""

    volunteer_key: str
    shift_key: str
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class DoubleBooking:
    volunteer_key: str
    first_shift_key: str
    second_shift_key: str


def find_double_bookings(bookings: Iterable[Booking]) -> list[DoubleBooking]:
    """Every pair of overlapping shifts one volunteer is on (touching ends do not overlap)."""
    by_volunteer: dict[str, list[Booking]] = defaultdict(list)
    for booking in bookings:
        by_volunteer[booking.volunteer_key].append(booking)
    found: list[DoubleBooking] = []
    for volunteer, items in by_volunteer.items():
        found.extend(
            DoubleBooking(volunteer, first.shift_key, second.shift_key)
            for first, second in _overlapping_pairs(items)
        )
    return found


@dataclass(frozen=True)
class ShiftSpan:
    shift_key: str
    team_id: str | None
    route: str
    starts_at: datetime
    ends_at: datetime


T = TypeVar("T", Booking, ShiftSpan)


def find_overlapping_shifts(spans: Iterable[ShiftSpan]) -> list[tuple[str, str]]:
    """Pairs of shifts of one team on one route (compared without case or spaces) that overlap."""
    groups: dict[tuple[str | None, str], list[ShiftSpan]] = defaultdict(list)
    for span in spans:
        groups[(span.team_id, "".join(span.route.casefold().split()))].append(span)
    found: list[tuple[str, str]] = []
    for items in groups.values():
        found.extend((a.shift_key, b.shift_key) for a, b in _overlapping_pairs(items))
    return found


def _overlapping_pairs(items: list[T]) -> list[tuple[T, T]]:
    ordered = sorted(items, key=lambda item: (item.starts_at, item.ends_at, item.shift_key))
    pairs: list[tuple[T, T]] = []
    active: list[T] = []
    for item in ordered:
        active = [other for other in active if other.ends_at > item.starts_at]
        pairs.extend(
            (other, item) for other in active if other.shift_key != item.shift_key
        )
        active.append(item)
    return pairs


# --- what the service returns ------------------------------------------------------------


@dataclass(frozen=True)
class FilledSeat:
    """A volunteer the generator put on a shift."""

    shift_id: str
    starts_at: datetime
    ends_at: datetime
    route: str
    team_name: str
    volunteer_id: str
    volunteer_name: str


@dataclass(frozen=True)
class OpenSeats:
    """Seats of a shift the generator could not fill, and why."""

    shift_id: str
    starts_at: datetime
    ends_at: datetime
    route: str
    team_name: str
    missing: int
    reason: UnfilledReason


@dataclass(frozen=True)
class VolunteerLoad:
    """How many shifts a volunteer got from this run, and their weekly limit."""

    volunteer_id: str
    name: str
    team_name: str
    new_shifts: int
    weekly_limit: int


@dataclass(frozen=True)
class RosterFill:
    """The result of filling a period's shifts: saved (`applied`) or only proposed."""

    date_from: date
    date_to: date
    applied: bool
    assignments: tuple[FilledSeat, ...]
    unfilled: tuple[OpenSeats, ...]
    loads: tuple[VolunteerLoad, ...]

    @property
    def filled(self) -> int:
        return len(self.assignments)

    @property
    def missing(self) -> int:
        return sum(item.missing for item in self.unfilled)


@dataclass(frozen=True)
class PatternRun:
    """Shifts made from weekly patterns: the new shifts' ids and how many existed already."""

    created: tuple[str, ...]
    existing: int
