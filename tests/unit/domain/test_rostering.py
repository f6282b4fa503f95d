"""The roster generator's guarantees, property-tested: weekly limits, availability, no double
booking, seats never overfilled, fairness between equally available volunteers; conflict
detection; availability and pattern arithmetic."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from station_desk.domain.rostering import (
    Booking,
    Candidate,
    OpenShift,
    ShiftSpan,
    UnfilledReason,
    find_double_bookings,
    find_overlapping_shifts,
    generate_roster,
)
from station_desk.domain.volunteers import (
    ANY_TIME,
    DayPart,
    availability_text,
    is_available,
    parse_availability,
    pattern_occurrences,
    slots_of,
    week_grid,
    week_key,
)

MONDAY = date(2026, 3, 2)
SLOTS = [(time(7), time(9)), (time(9), time(11)), (time(14), time(16)), (time(19), time(21)), (time(20), time(22)), (time(22), time(2))]
TEAMS = ["t1", "t2"]

slot_sets = st.frozensets(
    st.tuples(st.integers(1, 7), st.sampled_from(list(DayPart))), min_size=0, max_size=28
)


@st.composite
def shifts_strategy(draw: st.DrawFn, overlapping: bool) -> list[OpenShift]:
    """Shifts over up to three weeks; with `overlapping` False no two shifts overlap in time."""
    count = draw(st.integers(0, 40))
    shifts: list[OpenShift] = []
    used: list[tuple[datetime, datetime]] = []
    for n in range(count):
        day = MONDAY + timedelta(days=draw(st.integers(0, 20)))
        start, end = draw(st.sampled_from(SLOTS if overlapping else SLOTS[:4]))
        starts_at = datetime.combine(day, start)
        ends_at = datetime.combine(day + timedelta(days=1) if end < start else day, end)
        if not overlapping and any(a < ends_at and starts_at < b for a, b in used):
            continue
        used.append((starts_at, ends_at))
        shifts.append(OpenShift(f"s{n}", starts_at, ends_at, draw(st.integers(1, 4)), draw(st.sampled_from(TEAMS + [None]))))
    return shifts


@st.composite
def candidates_strategy(draw: st.DrawFn) -> list[Candidate]:
    count = draw(st.integers(0, 25))
    return [
        Candidate(
            f"v{n}",
            draw(st.sampled_from(TEAMS)),
            draw(st.one_of(st.just(ANY_TIME), slot_sets)),
            draw(st.integers(0, 4)),
        )
        for n in range(count)
    ]


def check_plan_rules(shifts: list[OpenShift], candidates: list[Candidate]) -> dict[str, list[OpenShift]]:
    plan = generate_roster(shifts, candidates)
    by_key = {s.key: s for s in shifts}
    people = {c.key: c for c in candidates}
    members: dict[str, list[str]] = {s.key: list(s.assigned) for s in shifts}
    held: dict[str, list[OpenShift]] = {}
    for shift_key, volunteer in plan.assignments:
        members[shift_key].append(volunteer)
        held.setdefault(volunteer, []).append(by_key[shift_key])
    for shift in shifts:
        assert len(members[shift.key]) <= shift.seats
        assert len(set(members[shift.key])) == len(members[shift.key])
    for volunteer, own in held.items():
        person = people[volunteer]
        weeks = Counter(week_key(s.starts_at) for s in own)
        assert max(weeks.values()) <= person.max_per_week
        for shift in own:
            assert is_available(person.availability, shift.starts_at, shift.ends_at)
            assert shift.team_id is None or shift.team_id == person.team_id
        for a, b in combinations(own, 2):
            assert not (a.starts_at < b.ends_at and b.starts_at < a.ends_at), (volunteer, a, b)
    unfilled = {u.shift_key: u.missing for u in plan.unfilled}
    for shift in shifts:
        missing = shift.seats - len(members[shift.key])
        assert unfilled.get(shift.key, 0) == missing
    assert plan.load == {c.key: len(held.get(c.key, [])) for c in candidates}
    return held


@settings(max_examples=120, deadline=None)
@given(shifts_strategy(overlapping=True), candidates_strategy())
def test_limits_availability_and_no_double_booking(shifts: list[OpenShift], candidates: list[Candidate]) -> None:
    check_plan_rules(shifts, candidates)


@settings(max_examples=120, deadline=None)
@given(shifts_strategy(overlapping=False), candidates_strategy())
def test_equally_available_volunteers_differ_by_at_most_one(
    shifts: list[OpenShift], candidates: list[Candidate]
) -> None:
    held = check_plan_rules(shifts, candidates)
    # equally available: eligible for the same shifts, same weekly limit
    profiles: dict[tuple[frozenset[str], int], list[str]] = {}
    for person in candidates:
        eligible = frozenset(
            s.key for s in shifts
            if (s.team_id is None or s.team_id == person.team_id)
            and is_available(person.availability, s.starts_at, s.ends_at)
        )
        profiles.setdefault((eligible, person.max_per_week), []).append(person.key)
    for group in profiles.values():
        loads = [len(held.get(key, [])) for key in group]
        assert max(loads) - min(loads) <= 1, (group, loads)


@settings(max_examples=60, deadline=None)
@given(shifts_strategy(overlapping=True), candidates_strategy())
def test_kept_members_stay_and_count(shifts: list[OpenShift], candidates: list[Candidate]) -> None:
    """Members already on a shift are kept; the generator only adds."""
    if not candidates or not shifts:
        return
    first = shifts[0]
    fixed = [OpenShift(first.key, first.starts_at, first.ends_at, first.seats, first.team_id, (candidates[0].key,))]
    plan = generate_roster(fixed + shifts[1:], candidates)
    assert (first.key, candidates[0].key) not in plan.assignments
    assert sum(1 for s, _v in plan.assignments if s == first.key) <= first.seats - 1


def test_generator_is_deterministic_and_rotates_by_prior_load() -> None:
    start = datetime(2026, 3, 3, 19)
    shift = OpenShift("s", start, start + timedelta(hours=2), 2, "t1")
    people = [Candidate(f"v{n}", "t1", prior_load=load) for n, load in enumerate((5, 0, 3, 0))]
    plan = generate_roster([shift], people)
    assert plan.members_of("s") == ("v1", "v3")
    assert generate_roster([shift], people) == plan


def test_unfilled_reasons() -> None:
    start = datetime(2026, 3, 3, 19)

    def one(candidates: list[Candidate], team: str = "t1", busy: bool = False) -> UnfilledReason:
        shift = OpenShift("s", start, start + timedelta(hours=2), 1, team)
        return generate_roster([shift], candidates).unfilled[0].reason

    mornings = frozenset({(2, DayPart.MORNING)})
    assert one([]) is UnfilledReason.NO_MEMBERS
    assert one([Candidate("a", "t2")]) is UnfilledReason.NO_MEMBERS
    assert one([Candidate("a", "t1", mornings)]) is UnfilledReason.NOT_AVAILABLE
    assert one([Candidate("a", "t1", max_per_week=0)]) is UnfilledReason.WEEKLY_LIMIT
    busy = Candidate("a", "t1", busy=((start - timedelta(hours=1), start + timedelta(hours=1)),))
    assert one([busy]) is UnfilledReason.BUSY


def test_busy_shifts_count_towards_the_weekly_limit() -> None:
    start = datetime(2026, 3, 3, 19)
    earlier = (datetime(2026, 3, 2, 19), datetime(2026, 3, 2, 21))
    person = Candidate("a", "t1", max_per_week=1, busy=(earlier,))
    plan = generate_roster([OpenShift("s", start, start + timedelta(hours=2), 1, "t1")], [person])
    assert plan.assignments == () and plan.unfilled[0].reason is UnfilledReason.WEEKLY_LIMIT


def test_two_hundred_volunteers_a_month() -> None:
    people = [Candidate(f"v{n}", TEAMS[n % 2], max_per_week=3) for n in range(200)]
    shifts = [
        OpenShift(f"{day}-{team}-{hour}", datetime.combine(MONDAY + timedelta(days=day), time(hour)),
                  datetime.combine(MONDAY + timedelta(days=day), time(hour + 2)), 3, team)
        for day in range(30) for team in TEAMS for hour in (9, 19)
    ]
    plan = generate_roster(shifts, people)
    assert plan.missing == 0
    loads = Counter(plan.load.values())
    assert max(plan.load.values()) - min(plan.load.values()) <= 1, loads


# --- conflicts -----------------------------------------------------------------------------


def test_double_bookings() -> None:
    at = datetime(2026, 3, 3, 19)
    bookings = [
        Booking("a", "s1", at, at + timedelta(hours=2)),
        Booking("a", "s2", at + timedelta(hours=1), at + timedelta(hours=3)),
        Booking("a", "s3", at + timedelta(hours=3), at + timedelta(hours=4)),  # touching s2
        Booking("b", "s1", at, at + timedelta(hours=2)),
    ]
    found = find_double_bookings(bookings)
    assert [(d.volunteer_key, d.first_shift_key, d.second_shift_key) for d in found] == [("a", "s1", "s2")]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 50), st.integers(1, 10)), max_size=12))
def test_double_bookings_match_a_pairwise_check(spans: list[tuple[int, int]]) -> None:
    base = datetime(2026, 3, 3)
    bookings = [
        Booking("a", f"s{n}", base + timedelta(hours=start), base + timedelta(hours=start + length))
        for n, (start, length) in enumerate(spans)
    ]
    expected = {
        frozenset((x.shift_key, y.shift_key))
        for x, y in combinations(bookings, 2)
        if x.starts_at < y.ends_at and y.starts_at < x.ends_at
    }
    found = {frozenset((d.first_shift_key, d.second_shift_key)) for d in find_double_bookings(bookings)}
    assert found == expected


def test_overlapping_shifts_of_a_route() -> None:
    at = datetime(2026, 3, 3, 19)
    spans = [
        ShiftSpan("s1", "t1", "A线", at, at + timedelta(hours=2)),
        ShiftSpan("s2", "t1", " a线 ", at + timedelta(hours=1), at + timedelta(hours=3)),
        ShiftSpan("s3", "t1", "B线", at, at + timedelta(hours=2)),
        ShiftSpan("s4", "t2", "A线", at, at + timedelta(hours=2)),
    ]
    assert find_overlapping_shifts(spans) == [("s1", "s2")]


# --- availability and patterns ---------------------------------------------------------------


@given(slot_sets)
def test_availability_text_round_trip(slots: frozenset[tuple[int, DayPart]]) -> None:
    assert parse_availability(availability_text(slots)) == slots


def test_slots_of_a_shift() -> None:
    assert slots_of(datetime(2026, 3, 3, 19), datetime(2026, 3, 3, 21)) == {(2, DayPart.EVENING)}
    assert slots_of(datetime(2026, 3, 3, 17), datetime(2026, 3, 3, 19)) == {(2, DayPart.AFTERNOON), (2, DayPart.EVENING)}
    assert slots_of(datetime(2026, 3, 8, 22), datetime(2026, 3, 9, 2)) == {(7, DayPart.EVENING), (1, DayPart.NIGHT)}
    assert slots_of(datetime(2026, 3, 3, 12), datetime(2026, 3, 3, 18)) == {(2, DayPart.AFTERNOON)}
    assert availability_text(ANY_TIME) == "*" and availability_text(frozenset()) == ""


def test_pattern_occurrences() -> None:
    made = pattern_occurrences(frozenset({2, 4}), time(19), time(21), False, MONDAY, MONDAY + timedelta(days=13))
    assert [s.day for s, _e in made] == [3, 5, 10, 12]
    night = pattern_occurrences(frozenset({7}), time(22), time(2), True, MONDAY, MONDAY + timedelta(days=6))
    assert night == [(datetime(2026, 3, 8, 22), datetime(2026, 3, 9, 2))]


def test_week_grid_rows_by_time_slot() -> None:
    from station_desk.domain.volunteers import ShiftDetail

    def shift(key: str, day: int, start: int, end: int) -> ShiftDetail:
        at = datetime.combine(MONDAY + timedelta(days=day), time(start))
        return ShiftDetail(key, at, at.replace(hour=end), "A线", None, "", 2, "")

    rows = week_grid(MONDAY, [shift("b", 1, 19, 21), shift("a", 0, 9, 11), shift("c", 1, 9, 11), shift("x", 9, 9, 11)])
    assert [row.label for row in rows] == ["09:00–11:00", "19:00–21:00"]
    assert [[s.id for s in day] for day in rows[0].days][:2] == [["a"], ["c"]]
    assert rows[1].days[1][0].id == "b"
