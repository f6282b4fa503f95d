"""The home page's charts (图表): mediation cases received per month by dispute type (the last
12 months), the signed-in user's hours in the beat per week against the target (the last
12 weeks) and the opinions received per month by how they were answered (on time, late, not
yet: 件件有回音), and the records behind each bar (a month and type; a week). A bar of
opinions opens the opinion register filtered to its month and reply (`OpinionQuery.timing`).

An opinion is answered on time when its reply is dated on or before its deadline — as the
register's figures count it (`OpinionService.figures`). The opinions chart is only for users
who may open the opinion register.

Counted in Python from plain selects (the same on SQLite and PostgreSQL); the window computes
them off the GUI thread.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from station_desk.db.database import Database
from station_desk.db.models import MediationCase, ResidentOpinion
from station_desk.domain.accounts import Principal
from station_desk.domain.duty import week_start
from station_desk.domain.mediation import CaseQuery, DisputeType
from station_desk.domain.opinions import ReplyTiming
from station_desk.modules import pages
from station_desk.services.base import RecordService
from station_desk.services.duty import DutyService
from station_desk.services.mediation import MediationService
from station_desk.services.worklist import ALL, WorkItem

MONTHS = 12
WEEKS = 12


@dataclass(frozen=True)
class MonthlyCases:
    """`months` are first days, oldest first; `counts[type][i]` the cases of that type received
    in `months[i]` (types without a case in the period left out)."""

    months: tuple[date, ...]
    counts: dict[DisputeType, tuple[int, ...]]


@dataclass(frozen=True)
class WeeklyHours:
    """`weeks` are Mondays, oldest first; hours in the beat of each; the weekly target."""

    user_id: str
    weeks: tuple[date, ...]
    hours: tuple[float, ...]
    target: float


@dataclass(frozen=True)
class MonthlyOpinions:
    """`months` are first days, oldest first; `counts[timing][i]` the opinions received in
    `months[i]` and answered so (every timing, zeros included)."""

    months: tuple[date, ...]
    counts: dict[ReplyTiming, tuple[int, ...]]


def month_start(day: date, back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def month_end(month: date) -> date:
    return month_start(month, -1) - timedelta(days=1)


class ChartService(RecordService):
    def __init__(self, db: Database, mediation: MediationService, duty: DutyService) -> None:
        super().__init__(db, mediation.now)
        self.mediation = mediation
        self.duty = duty

    def _months(self) -> tuple[date, ...]:
        today = self.today()
        return tuple(month_start(today, back) for back in range(MONTHS - 1, -1, -1))

    def mediation_by_month(self, actor: Principal) -> MonthlyCases:
        months = self._months()
        stmt = select(MediationCase.received_on, MediationCase.dispute_type).where(
            MediationCase.deleted_at.is_(None), MediationCase.received_on >= months[0]
        )
        with self.db.session(actor) as session:
            counted = Counter(
                (date(row.received_on.year, row.received_on.month, 1), row.dispute_type)
                for row in session.execute(stmt)
            )
        counts = {
            kind: tuple(counted[(month, kind.value)] for month in months)
            for kind in DisputeType
            if any(counted[(month, kind.value)] for month in months)
        }
        return MonthlyCases(months, counts)

    def cases_of(self, actor: Principal, month: date, kind: DisputeType) -> list[WorkItem]:
        """The cases of one bar: received in `month`, of type `kind`."""
        query = CaseQuery(dispute_type=kind, date_from=month, date_to=month_end(month), limit=ALL)
        return [
            WorkItem("mediation", row.id, row.title, f"{row.case_number}　{row.party_names}",
                     row.received_on)
            for row in self.mediation.list_cases(actor, query)
        ]

    def hours_by_week(self, actor: Principal) -> WeeklyHours:
        monday = week_start(self.today())
        first = monday - timedelta(weeks=WEEKS - 1)
        data = self.duty.report(actor, actor.user_id, first, monday + timedelta(days=6))
        by_week = {week.week_start: week.in_beat_hours for week in data.weeks}
        weeks = tuple(first + timedelta(weeks=i) for i in range(WEEKS))
        return WeeklyHours(
            actor.user_id, weeks, tuple(by_week.get(w, 0.0) for w in weeks), data.weekly_target_hours
        )

    def entries_of(self, actor: Principal, monday: date) -> list[WorkItem]:
        """The signed-in user's duty entries of one week (one bar)."""
        data = self.duty.report(actor, actor.user_id, monday, monday + timedelta(days=6))
        return [
            WorkItem("duty", entry.id, entry.place or entry.notes[:40],
                     f"{entry.starts_at:%H:%M}–{entry.ends_at:%H:%M}", entry.starts_at.date())
            for entry in data.entries
        ]


    # -- opinions answered on time -------------------------------------------------------
    @staticmethod
    def may_see_opinions(actor: Principal) -> bool:
        """Whether `actor` may open the opinion register (the page's permission)."""
        page = next((page for page in pages() if page.key == "opinions"), None)
        return page is not None and (page.permission is None or actor.can(page.permission))

    def opinions_by_month(self, actor: Principal) -> MonthlyOpinions | None:
        """The live opinions received in each of the last 12 months, by how they were
        answered; None for a user who may not see the opinion register."""
        if not self.may_see_opinions(actor):
            return None
        months = self._months()
        model = ResidentOpinion
        # counted per day in SQL (at most 366 × 3 rows), per month here; grouped by plain
        # conditions, no bound values, so that PostgreSQL groups them as SQLite does
        unanswered, in_time = model.replied_on.is_(None), model.replied_on <= model.due_on
        stmt = (
            select(model.received_on, unanswered, in_time, func.count())
            .where(model.deleted_at.is_(None), model.received_on >= months[0])
            .group_by(model.received_on, unanswered, in_time)
        )
        counted: Counter[tuple[date, ReplyTiming]] = Counter()
        with self.db.session(actor) as session:
            for day, is_open, on_time, n in session.execute(stmt):
                how = ReplyTiming.OPEN if is_open else ReplyTiming.ON_TIME if on_time else ReplyTiming.LATE
                counted[(month_start(day), how)] += n
        counts = {
            timing: tuple(counted[(month, timing)] for month in months) for timing in ReplyTiming
        }
        return MonthlyOpinions(months, counts)


def chart_service(db: Database, service: Callable[[str], Any]) -> ChartService:
    """The container's chart service, sharing the modules' services."""
    return ChartService(db, service("mediation"), service("duty"))
