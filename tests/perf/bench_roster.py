"""Roster benchmark: the generator on 200 volunteers and a month of shifts, and its fairness.

Run it from the project root (not collected by pytest):

    .venv/bin/python tests/perf/bench_roster.py [--volunteers 200] [--days 30] [--runs 7]
                                                [--with-database]

1. The pure generator (`domain.rostering.generate_roster`): four teams of 50 volunteers, each
   team with two patrols a day (09:00–11:00 and 19:00–21:00, three members each) for `--days`
   days — 240 shifts, 720 seats for a 30-day month. Availability is mixed: a third of the
   volunteers only evenings, a sixth only weekends, the rest any time; weekly limits 2–4.
   It prints the median time of `--runs` runs, the seats filled and left open, the largest
   weekly load against the limit, and the fairness spread: the largest difference of load
   between volunteers who are equally available (eligible for the same shifts, same limit).
2. The same on a uniform team (everybody available any time, limit 3): the spread must be
   at most one.
3. With `--with-database`, `RosterService.fill` on a temporary database set up with the same
   volunteers and patterns (reading, the generator, writing the members, the audit trail).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from station_desk.domain.rostering import Candidate, OpenShift, RosterPlan, generate_roster  # noqa: E402
from station_desk.domain.volunteers import ANY_TIME, DayPart, is_available, week_key  # noqa: E402

TEAMS = 4
MONDAY = date(2026, 3, 2)
SLOTS = ((9, 11), (19, 21))
SEATS = 3


def volunteers(count: int, rng: random.Random, uniform: bool) -> list[Candidate]:
    evenings = frozenset((day, DayPart.EVENING) for day in range(1, 8))
    weekends = frozenset((day, part) for day in (6, 7) for part in DayPart)
    people = []
    for n in range(count):
        if uniform:
            availability, limit = ANY_TIME, 3
        else:
            roll = rng.random()
            availability = evenings if roll < 1 / 3 else weekends if roll < 1 / 2 else ANY_TIME
            limit = rng.choice((2, 3, 4))
        people.append(Candidate(f"v{n}", f"t{n % TEAMS}", availability, limit))
    return people


def shifts(days: int) -> list[OpenShift]:
    found = []
    for day in range(days):
        for team in range(TEAMS):
            for start, end in SLOTS:
                on = MONDAY + timedelta(days=day)
                found.append(OpenShift(
                    f"{day}-{team}-{start}", datetime.combine(on, clock_time(start)),
                    datetime.combine(on, clock_time(end)), SEATS, f"t{team}",
                ))
    return found


def fairness(plan: RosterPlan, people: list[Candidate], month: list[OpenShift]) -> int:
    """The largest load difference between equally available volunteers."""
    groups: dict[tuple[frozenset[str], int], list[int]] = defaultdict(list)
    for person in people:
        eligible = frozenset(
            s.key for s in month
            if s.team_id == person.team_id and is_available(person.availability, s.starts_at, s.ends_at)
        )
        groups[(eligible, person.max_per_week)].append(plan.load[person.key])
    return max((max(loads) - min(loads) for loads in groups.values()), default=0)


def weekly_excess(plan: RosterPlan, people: list[Candidate], month: list[OpenShift]) -> int:
    """How far the busiest volunteer-week is over its limit (0 = nobody over)."""
    by_key = {s.key: s for s in month}
    limits = {p.key: p.max_per_week for p in people}
    weeks = Counter((v, week_key(by_key[s].starts_at)) for s, v in plan.assignments)
    return max((count - limits[v] for (v, _w), count in weeks.items()), default=0)


def run(label: str, people: list[Candidate], month: list[OpenShift], runs: int) -> None:
    times = []
    plan = None
    for _ in range(runs):
        started = time.perf_counter()
        plan = generate_roster(month, people)
        times.append(time.perf_counter() - started)
    assert plan is not None
    seats = sum(s.seats for s in month)
    print(f"{label}")
    print(f"  {len(people)} volunteers, {len(month)} shifts, {seats} seats")
    print(f"  generator: median {statistics.median(times) * 1000:.1f} ms "
          f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f}) over {runs} runs")
    print(f"  filled {len(plan.assignments)}, open {plan.missing} "
          f"({len(plan.unfilled)} shifts short)")
    print(f"  busiest volunteer-week minus its limit: {weekly_excess(plan, people, month)} (≤ 0: nobody over)")
    print(f"  fairness spread between equally available volunteers: {fairness(plan, people, month)}")
    loads = sorted(plan.load.values())
    print(f"  shifts per volunteer: min {loads[0]}, median {statistics.median(loads)}, max {loads[-1]}")


def with_database(count: int, days: int) -> None:
    from station_desk.domain.volunteers import PatternDraft, TeamDraft, VolunteerDraft
    from station_desk.services.vault import Vault
    from tests.conftest import SETUP

    folder = Path(tempfile.mkdtemp(prefix="bench-roster-"))
    services = Vault(folder).open_new().services
    admin = services.accounts.complete_setup(SETUP)
    rng = random.Random(3)
    for team in range(TEAMS):
        team_id = services.volunteers.create_team(admin, TeamDraft(f"巡逻{team + 1}队")).id
        for n in range(count // TEAMS):
            services.volunteers.create(admin, VolunteerDraft(
                f"队员{chr(0x4E00 + team * 100 + n)}{chr(0x4E00 + n)}", team_id=team_id,
                max_shifts_per_week=rng.choice((2, 3, 4)),
            ))
        for start, end in SLOTS:
            services.rosters.create_pattern(admin, PatternDraft(
                team_id, f"{team + 1}号线", frozenset(range(1, 8)), clock_time(start), clock_time(end),
                valid_from=date.today(), seats=SEATS,
            ))
    first = date.today() + timedelta(days=1)
    last = first + timedelta(days=days - 1)
    services.rosters.generate_shifts(admin, first, last)
    started = time.perf_counter()
    result = services.rosters.fill(admin, first, last)
    elapsed = time.perf_counter() - started
    print("RosterService.fill on a database (read, generate, write members, audit)")
    print(f"  {result.filled} seats filled, {result.missing} open in {elapsed:.2f} s")
    services.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--volunteers", type=int, default=200)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--with-database", action="store_true")
    args = parser.parse_args()
    rng = random.Random(1)
    month = shifts(args.days)
    run("Mixed availability", volunteers(args.volunteers, rng, uniform=False), month, args.runs)
    run("Uniform team (any time, limit 3)", volunteers(args.volunteers, rng, uniform=True), month, args.runs)
    if args.with_database:
        with_database(args.volunteers, args.days)
    return 0


if __name__ == "__main__":
    sys.exit(main())
