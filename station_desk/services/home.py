"""The home page summary (首页): station and room, who is on duty, today's counts; the
records behind each count and "today and this week" are in `services/worklist.py`.

Besides meetings and mediation, the signed-in user's hours in the beat this week against the
weekly target (a warning when below the share due by today, see `domain/duty.py`) and the
volunteers' patrol attendance left to review, and — for users who may see sealed records —
the youth-guidance sessions due within a week or overdue (no counter at all for auxiliary
police: they learn nothing about sealed records here).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import func, select

from station_desk.db.database import Database
from station_desk.db.models import AuditRecord, User
from station_desk.db.models.base import utcnow
from station_desk.domain.accounts import Principal
from station_desk.domain.roles import Permission, Role
from station_desk.errors import NotFoundError
from station_desk.i18n import N_, _
from station_desk.modules import in_order, resolve
from station_desk.services import worklist
from station_desk.services.duty import DutyService
from station_desk.services.guard import require
from station_desk.services.mediation import MediationService
from station_desk.services.meetings import MeetingService
from station_desk.services.rosters import RosterService
from station_desk.services.settings import read_settings
from station_desk.services.volunteers import VolunteerService
from station_desk.services.worklist import WorkItem
from station_desk.services.youth import YouthService


@dataclass(frozen=True)
class HomeCounter:
    """One figure on the home page; `label` is an untranslated message id."""

    key: str
    label: str
    value: int
    warn: bool = False
    detail: str = ""  # a finer figure the card shows instead of the value, e.g. "12.5 / 30"


@dataclass(frozen=True)
class HomeSummary:
    station_name: str
    room_name: str
    officer: str
    today: date
    counters: list[HomeCounter] = field(default_factory=list)
    role: Role = Role.OFFICER  # the signed-in user's: 辅警 is not labelled 值班民警


UPCOMING_MEETING_DAYS = worklist.UPCOMING_DAYS


class HomeService:
    def __init__(
        self,
        db: Database,
        meetings: MeetingService,
        now: Callable[[], datetime] = utcnow,
        mediation: MediationService | None = None,
        duty: DutyService | None = None,
        rosters: RosterService | None = None,
        youth: YouthService | None = None,
    ) -> None:
        self.db = db
        self.meetings = meetings
        self.now = now
        self.mediation = mediation or MediationService(db, now)
        self.duty = duty or DutyService(db, now)
        self.rosters = rosters or RosterService(db, now)
        self.youth = youth or YouthService(db, now)

    def summary(self, actor: Principal) -> HomeSummary:
        today = self.now().astimezone().date()
        with self.db.session() as session:
            settings = read_settings(session)
        counters = [
            counter
            for module in in_order(lambda m: m.home_place, lambda m: m.home_counters)
            for counter in resolve(module.home_counters)(self, actor, today)
        ]
        return HomeSummary(
            settings.station_name,
            settings.room_name,
            actor.display_name,
            today,
            counters,
            actor.role,
        )

    def agenda(self, actor: Principal) -> tuple[list[WorkItem], int]:
        """Today and this week (`services/worklist.agenda`): the rows shown, and how many
        are due in all."""
        return worklist.agenda(self, actor, self.now().astimezone().date())

    def counter_items(self, actor: Principal, key: str) -> list[WorkItem]:
        """Exactly the records the figure `key` counts (a figure of another role: refused)."""
        permission = worklist.COUNTER_PERMISSIONS.get(key)
        if permission is not None:
            require(self.db, actor, permission, "home")
        items = worklist.COUNTER_ITEMS.get(key)
        if items is None:
            raise NotFoundError(_("No list behind the figure {key}.").format(key=key))
        return items(self, actor, self.now().astimezone().date())


def meeting_counters(home: HomeService, actor: Principal, today: date) -> list[HomeCounter]:
    """Counted from the very lists the figures open (`services/worklist.py`)."""
    upcoming = worklist.upcoming_meetings(home, actor, today, UPCOMING_MEETING_DAYS)
    open_items = worklist.open_actions(home, actor, today)
    overdue = sum(1 for item in open_items if item.overdue)
    return [
        HomeCounter("upcoming_meetings", N_("Meetings in the next two weeks"), len(upcoming)),
        HomeCounter("open_actions", N_("Open action items"), len(open_items)),
        HomeCounter("overdue_actions", N_("Overdue action items"), overdue, warn=overdue > 0),
    ]

def mediation_counters(home: HomeService, actor: Principal, today: date) -> list[HomeCounter]:
    figures = home.mediation.counters(actor, today)
    overdue, visits = figures.overdue_cases, figures.visits_due
    return [
        HomeCounter("open_mediation_cases", N_("Open mediation cases"), figures.open_cases),
        HomeCounter(
            "overdue_mediation_cases",
            N_("Mediation cases past their time limit"),
            overdue,
            warn=overdue > 0,
        ),
        HomeCounter("return_visits_due", N_("Return visits due"), visits, warn=visits > 0),
    ]

def youth_counters(home: HomeService, actor: Principal, today: date) -> list[HomeCounter]:
    """Guidance sessions due within a week or overdue (the assigned officer's; an
    administrator's: all); none for a role that may not see sealed records."""
    due = home.youth.count_due(actor, today=today)
    if due is None:
        return []
    return [
        HomeCounter("youth_sessions_due", N_("Youth guidance sessions due"), due, warn=due > 0)
    ]

def volunteer_counters(home: HomeService, actor: Principal, today: date) -> list[HomeCounter]:
    """Volunteers whose accident insurance is missing or ends within 30 days."""
    due = VolunteerService(home.db, home.now).count_insurance_due(actor, today)
    return [
        HomeCounter("insurance_due", N_("Volunteer insurance to renew"), due, warn=due > 0)
    ]


def duty_counters(home: HomeService, actor: Principal, today: date) -> list[HomeCounter]:
    """The signed-in user's hours in the beat this week against the target, and the
    volunteers' attendance rows to review."""
    counters = []
    if actor.user_id and actor.role is not Role.AUXILIARY:  # the weekly target is the officers'
        week = home.duty.week(actor, actor.user_id, today)
        counters.append(
            HomeCounter(
                "duty_hours_week",
                N_("Hours in the beat this week"),
                int(week.in_beat_hours),
                warn=week.behind(today),
                detail=f"{week.in_beat_hours:.1f} / {week.target_hours:g}",
            )
        )
    gaps = home.rosters.count_attendance_gaps(actor)
    counters.append(
        HomeCounter(
            "attendance_to_review", N_("Patrol attendance to review"), gaps, warn=gaps > 0
        )
    )
    return counters


def administration_counters(home: HomeService, actor: Principal, today: date) -> list[HomeCounter]:
    """Active accounts, and the audit entries written since midnight: the administrator's
    figures, not shown to other roles."""
    start = datetime.combine(today, time.min).astimezone().astimezone(UTC)
    counters = []
    with home.db.session() as session:
        if actor.can(Permission.MANAGE_ACCOUNTS):
            active = session.scalar(select(func.count()).select_from(User).where(User.active))
            counters.append(HomeCounter("active_accounts", N_("Active accounts"), active or 0))
        if actor.can(Permission.VIEW_AUDIT):
            events = session.scalar(
                select(func.count()).select_from(AuditRecord).where(AuditRecord.at >= start)
            )
            counters.append(HomeCounter("audit_today", N_("Audit entries today"), events or 0))
    return counters


def home_service(db: Database, service: Callable[[str], Any]) -> HomeService:
    """The container's home page service, sharing the modules' services."""
    return HomeService(
        db,
        service("meetings"),
        mediation=service("mediation"),
        duty=service("duty"),
        rosters=service("rosters"),
        youth=service("youth"),
    )
