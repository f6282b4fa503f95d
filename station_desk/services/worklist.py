"""The home page as a worklist (工作清单): the records behind each figure, and "today and
this week".

`counter_items(home, actor, key, today)` lists exactly the records a home figure counts
(the number on the card is the number of rows the card opens: same filters, same service
calls). `agenda(home, actor, today)` is what is due today and this week: meetings, return
visits due, youth-guidance sessions due (only for users who may see sealed records, names
masked), today's patrol shifts with who is on, open action items, opinions to answer and
reception follow-ups due; overdue first.

A `WorkItem` names its record by search kind (`db/search_sources.py`) and id, so the window
opens it as it opens a search hit; `kind` may also be a page key ("roster", "accounts",
"audit") for rows that open a page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

from station_desk.db.models import AuditRecord, User
from station_desk.domain.accounts import Principal
from station_desk.domain.mediation import CaseQuery, CaseSummary
from station_desk.domain.meetings import MeetingQuery, MeetingStatus
from station_desk.domain.opinions import OpinionQuery, OpinionStatus
from station_desk.domain.reception import ReceptionQuery
from station_desk.domain.roles import Permission
from station_desk.domain.volunteers import ShiftQuery
from station_desk.i18n import N_
from station_desk.services.opinions import OpinionService
from station_desk.services.reception import ReceptionService

if TYPE_CHECKING:
    from station_desk.services.home import HomeService

ALL = 1_000_000  # "no limit" for the lists behind a figure
WEEK_DAYS = 7
UPCOMING_DAYS = 14  # "meetings in the next two weeks"
AGENDA_ROWS = 60  # "today and this week" shows at most this many (overdue first)
AUDIT_SHOWN = 500  # the newest audit entries of today listed behind their figure


@dataclass(frozen=True)
class WorkItem:
    """One row of a worklist: `title` and `detail` as shown, `day` its date (due date, date of
    the meeting or shift), `overdue` when it is past due."""

    kind: str
    record_id: str
    title: str
    detail: str
    day: date | None = None
    overdue: bool = False
    label: str = ""  # what it is (message id), e.g. "Return visit due"


def _case(row: CaseSummary, day: date | None, overdue: bool, label: str = "") -> WorkItem:
    detail = f"{row.case_number}　{row.party_names}"
    return WorkItem("mediation", row.id, row.title, detail, day, overdue, label)


def _cases(home: HomeService, actor: Principal, query: CaseQuery) -> list[CaseSummary]:
    return home.mediation.list_cases(actor, replace(query, limit=ALL))


def open_cases(home: HomeService, actor: Principal, today: date) -> list[WorkItem]:
    return [_case(row, row.due_date, row.overdue) for row in _cases(home, actor, CaseQuery(open_only=True))]


def overdue_cases(home: HomeService, actor: Principal, today: date) -> list[WorkItem]:
    return [_case(row, row.due_date, True) for row in _cases(home, actor, CaseQuery(overdue_only=True))]


def visits_due(home: HomeService, actor: Principal, today: date) -> list[WorkItem]:
    rows = _cases(home, actor, CaseQuery(visit_due_only=True))
    return [
        _case(row, row.return_visit_due, bool(row.return_visit_due and row.return_visit_due < today),
              N_("Return visit due"))
        for row in rows
    ]


def upcoming_meetings(
    home: HomeService, actor: Principal, today: date, days: int = UPCOMING_DAYS
) -> list[WorkItem]:
    query = MeetingQuery(
        status=MeetingStatus.PLANNED, date_from=today, date_to=today + timedelta(days=days)
    )
    return [
        WorkItem("meetings", row.id, row.title, f"{row.starts_at:%H:%M}　{row.place}",
                 row.starts_at.date(), label=N_("Meeting"))
        for row in home.meetings.list_meetings(actor, query)
    ]


def open_actions(home: HomeService, actor: Principal, today: date, overdue_only: bool = False) -> list[WorkItem]:
    rows = home.meetings.action_overview(actor, today, only_open=True, limit=ALL)
    return [
        WorkItem("meetings", row.meeting_id, row.description,
                 "　".join(part for part in (row.owner, row.meeting_title) if part),
                 row.due_date, row.overdue, N_("Action item"))
        for row in rows
        if row.overdue or not overdue_only
    ]


def overdue_actions(home: HomeService, actor: Principal, today: date) -> list[WorkItem]:
    return open_actions(home, actor, today, overdue_only=True)


def youth_due(home: HomeService, actor: Principal, today: date) -> list[WorkItem]:
    """Guidance sessions due (masked names); nothing for a role without sealed records."""
    if not home.youth.may_view(actor):
        return []
    return [
        WorkItem("youth", row.subject_id, row.masked_name, row.officer_name, row.next_due,
                 row.overdue, N_("Guidance session due"))
        for row in home.youth.due_sessions(actor, today=today)
    ]


def shifts_on(home: HomeService, actor: Principal, day: date) -> list[WorkItem]:
    """The patrol shifts of a day with who is on them."""
    shifts = home.rosters.list_shifts(actor, ShiftQuery(date_from=day, date_to=day))
    return [
        WorkItem("roster", shift.id, f"{shift.starts_at:%H:%M}–{shift.ends_at:%H:%M}　{shift.route}",
                 "、".join(member.name for member in shift.rostered) or shift.team_name,
                 day, label=N_("Patrol shift"))
        for shift in shifts
    ]


def open_opinions(home: HomeService, actor: Principal, today: date) -> list[WorkItem]:
    """The opinions not yet answered, by their reply deadline (overdue when past it)."""
    rows = OpinionService(home.db, home.now).list_opinions(
        actor, OpinionQuery(status=OpinionStatus.OPEN, limit=ALL)
    )
    return [
        WorkItem("opinions", row.id, row.content, f"{row.number}　{row.who}", row.due_on,
                 row.due_on < today, N_("Opinion to answer"))
        for row in rows
        if row.replied_on is None
    ]


def open_follow_ups(home: HomeService, actor: Principal, today: date) -> list[WorkItem]:
    """The open reception entries with a follow-up date (overdue when past it)."""
    rows = ReceptionService(home.db, home.now).list_entries(
        actor, ReceptionQuery(open_only=True, limit=ALL)
    )
    return [
        WorkItem("reception", row.id, row.name or row.content, row.content if row.name else "",
                 row.follow_up_due, row.follow_up_due < today, N_("Reception follow-up"))
        for row in rows
        if not row.closed and row.follow_up_due is not None
    ]


def reception_follow_ups(home: HomeService, actor: Principal, today: date) -> list[WorkItem]:
    """The open reception entries whose follow-up is due today or earlier."""
    return [item for item in open_follow_ups(home, actor, today) if item.day and item.day <= today]


def opinions_overdue(home: HomeService, actor: Principal, today: date) -> list[WorkItem]:
    return [item for item in open_opinions(home, actor, today) if item.overdue]


def opinions_due_today(home: HomeService, actor: Principal, today: date) -> list[WorkItem]:
    return [item for item in open_opinions(home, actor, today) if item.day == today]


def active_accounts(home: HomeService, actor: Principal, today: date) -> list[WorkItem]:
    with home.db.session() as session:
        users = session.scalars(select(User).where(User.active).order_by(User.created_at)).all()
        return [WorkItem("accounts", user.id, user.display_name, user.username) for user in users]


def audit_today(home: HomeService, actor: Principal, today: date) -> list[WorkItem]:
    """The newest `AUDIT_SHOWN` entries of today (the audit page shows them all)."""
    start = datetime.combine(today, time.min).astimezone().astimezone(UTC)
    with home.db.session() as session:
        rows = session.scalars(
            select(AuditRecord)
            .where(AuditRecord.at >= start)
            .order_by(AuditRecord.seq.desc())
            .limit(AUDIT_SHOWN)
        ).all()
        return [
            WorkItem("audit", str(row.seq), f"{row.action}　{row.record_type}", row.username,
                     row.at.astimezone().date())
            for row in rows
        ]


CounterItems = Callable[["HomeService", Principal, date], list[WorkItem]]

COUNTER_ITEMS: dict[str, CounterItems] = {
    "upcoming_meetings": upcoming_meetings,
    "open_actions": open_actions,
    "overdue_actions": overdue_actions,
    "open_mediation_cases": open_cases,
    "overdue_mediation_cases": overdue_cases,
    "return_visits_due": visits_due,
    "youth_sessions_due": youth_due,
    "opinions_overdue": opinions_overdue,
    "opinions_due_today": opinions_due_today,
    "reception_follow_ups": reception_follow_ups,
    "active_accounts": active_accounts,
    "audit_today": audit_today,
}
"""Home figure key → the records it counts (a figure without one leads to a page)."""

COUNTER_PERMISSIONS: dict[str, Permission] = {
    "active_accounts": Permission.MANAGE_ACCOUNTS,
    "audit_today": Permission.VIEW_AUDIT,
}


def agenda(home: HomeService, actor: Principal, today: date) -> tuple[list[WorkItem], int]:
    """Today and this week: overdue first (oldest first), then by day; at most
    `AGENDA_ROWS` of them, and how many there are in all."""
    week_end = today + timedelta(days=WEEK_DAYS - 1)
    items = [
        *upcoming_meetings(home, actor, today, days=WEEK_DAYS - 1),
        *visits_due(home, actor, today),
        *(item for item in youth_due(home, actor, today) if item.day and item.day <= week_end),
        *shifts_on(home, actor, today),
        *(item for item in open_actions(home, actor, today) if item.day and item.day <= week_end),
        *(item for item in open_opinions(home, actor, today) if item.day and item.day <= week_end),
        *(item for item in open_follow_ups(home, actor, today) if item.day and item.day <= week_end),
    ]
    items.sort(key=lambda item: (not item.overdue, item.day or today, item.title))
    return items[:AGENDA_ROWS], len(items)
