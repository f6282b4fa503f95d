"""The figure compiler (数据汇总): one `SectionSource` per source module, each turning a
period's records into a `FigureSection` (`domain/figures.py`).

The 述职报告 (`services/work_reports.py`) and the 警情通报 (`services/briefings.py`) each list
the sources they print; a new module adds a source function here and its name to those
lists (as the reception log and the opinion register did: counts only, no person). A source returns None when the reader may not see
the module at all (youth guidance for a role without sealed access): the section is left out,
not shown as hidden.

Reads only; the documents that print the figures are audited when they are saved.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select

from station_desk.db.database import Database
from station_desk.db.models import MediationCase, Meeting, YouthSession, YouthSubject
from station_desk.domain.accounts import Principal
from station_desk.domain.duty import DutyActivity, hours_text, hours_value, summarise_duty
from station_desk.domain.figures import (
    Chart,
    ChartKind,
    FigureSection,
    FigureTable,
    Series,
    count_figure,
    hours_figure,
    rate_figure,
)
from station_desk.domain.mediation import CaseOutcome, DisputeType
from station_desk.domain.meetings import MeetingStatus, MeetingType
from station_desk.domain.opinions import OpinionSatisfaction
from station_desk.domain.reception import ReceptionChannel, ReceptionKind
from station_desk.domain.roles import Permission
from station_desk.i18n import _


@dataclass(frozen=True)
class Scope:
    """What to compile: the days from..to, and whose duty (None: everyone of the room)."""

    date_from: date
    date_to: date
    user_id: str | None = None


class FigureSources:
    """The modules' services a source reads through (`service(name)` from the container)."""

    def __init__(self, db: Database, service: Callable[[str], Any]) -> None:
        self.db = db
        self.service = service

    def compile(
        self, actor: Principal, scope: Scope, sources: Sequence[SectionSource]
    ) -> tuple[FigureSection, ...]:
        sections = (source(self, actor, scope) for source in sources)
        return tuple(section for section in sections if section is not None)


SectionSource = Callable[[FigureSources, Principal, Scope], FigureSection | None]


def _day_bounds(scope: Scope) -> tuple[datetime, datetime]:
    return (
        datetime.combine(scope.date_from, time.min),
        datetime.combine(scope.date_to + timedelta(days=1), time.min),
    )


# --- the duty log --------------------------------------------------------------------------


def duty_section(sources: FigureSources, actor: Principal, scope: Scope) -> FigureSection:
    """A user's time in the beat week by week against the weekly target, and the work by
    category, with a line chart of the weeks and a bar chart of the categories."""
    assert scope.user_id is not None
    data = sources.service("duty").report(actor, scope.user_id, scope.date_from, scope.date_to)
    weeks_met = sum(1 for week in data.weeks if week.met)
    figures = (
        hours_figure(_("Hours in the beat"), data.in_beat_minutes),
        count_figure(_("Weeks at the weekly target"), weeks_met),
        count_figure(_("Weeks"), len(data.weeks)),
        count_figure(_("Duty log entries"), len(data.entries)),
    )
    week_rows = tuple(
        (week.label, str(week.days_counted), hours_text(week.in_beat_minutes),
         f"{week.target_hours:.1f}", _("Yes") if week.met else _("No"))
        for week in data.weeks
    )
    categories = data.by_category
    category_rows = tuple(
        (total.activity.label, str(total.entries), hours_text(total.minutes)) for total in categories
    )
    week_chart = Chart(
        ChartKind.LINE,
        _("Hours in the beat by week"),
        tuple(f"W{week.week_start.isocalendar()[1]:02d}" for week in data.weeks),
        (
            Series(_("Hours in the beat"), tuple(hours_value(w.in_beat_minutes) for w in data.weeks)),
            Series(_("Target"), tuple(round(w.target_hours, 1) for w in data.weeks)),
        ),
        _("hours"),
    )
    work = [total for total in categories if total.activity.is_work_category]
    category_chart = Chart(
        ChartKind.BAR,
        _("Hours by work category"),
        tuple(total.activity.label for total in work),
        (Series(_("Hours"), tuple(hours_value(total.minutes) for total in work)),),
        _("hours"),
    )
    return FigureSection(
        "duty",
        _("Time in the beat and work by category"),
        figures,
        (
            FigureTable((_("Week"), _("Days"), _("Hours in the beat"), _("Target"), _("Met")), week_rows),
            FigureTable((_("Work category"), _("Entries"), _("Hours")), category_rows),
        ),
        (week_chart, category_chart),
        notes=(_("Weekly target in the beat: {hours} hours.").format(hours=f"{data.weekly_target_hours:g}"),),
        has_data=bool(data.entries),
        empty_text=_("No duty was logged in this period."),
    )


def policing_section(sources: FigureSources, actor: Principal, scope: Scope) -> FigureSection:
    """The room's police time (every user): hours in the beat and hours on patrol."""
    entries = sources.service("duty").list_entries(actor, None, scope.date_from, scope.date_to)
    data = summarise_duty("", "", entries, scope.date_from, scope.date_to, 0.0001)
    by_activity = {total.activity: total for total in data.by_activity}
    patrol = by_activity.get(DutyActivity.PATROL)
    return FigureSection(
        "policing",
        _("Police time in the community"),
        (
            hours_figure(_("Police hours in the beat"), data.in_beat_minutes),
            hours_figure(_("Police patrol hours"), patrol.minutes if patrol else 0),
            count_figure(_("Police patrols"), patrol.entries if patrol else 0),
        ),
        has_data=bool(data.entries),
        empty_text=_("No police time was logged in this period."),
    )


# --- meetings ------------------------------------------------------------------------------


def meetings_section(sources: FigureSources, actor: Principal, scope: Scope) -> FigureSection:
    """Meetings held (held or finalised) in the period, by type."""
    start, end = _day_bounds(scope)
    held = (MeetingStatus.HELD.value, MeetingStatus.FINALISED.value)
    stmt = (
        select(Meeting.meeting_type, func.count())
        .where(
            Meeting.deleted_at.is_(None), Meeting.status.in_(held),
            Meeting.starts_at >= start, Meeting.starts_at < end,
        )
        .group_by(Meeting.meeting_type)
    )
    with sources.db.session(actor) as session:
        counts = {MeetingType(kind): int(n) for kind, n in session.execute(stmt)}
    total = sum(counts.values())
    rows = tuple((kind.label, str(counts.get(kind, 0))) for kind in MeetingType)
    return FigureSection(
        "meetings",
        _("Meetings held"),
        (count_figure(_("Meetings held"), total),),
        (FigureTable((_("Meeting type"), _("Held")), rows),),
        has_data=total > 0,
        empty_text=_("No meeting was held in this period."),
    )


# --- mediation -----------------------------------------------------------------------------


def mediation_section(sources: FigureSources, actor: Principal, scope: Scope) -> FigureSection:
    """Cases received in the period (by dispute type), cases concluded in it and how, the
    agreement rate (agreements / concluded) and the cases closed."""
    live = MediationCase.deleted_at.is_(None)
    in_period = lambda column: (column >= scope.date_from) & (column <= scope.date_to)  # noqa: E731
    with sources.db.session(actor) as session:
        received = dict(session.execute(
            select(MediationCase.dispute_type, func.count())
            .where(live, in_period(MediationCase.received_on))
            .group_by(MediationCase.dispute_type)
        ).all())
        outcomes = dict(session.execute(
            select(MediationCase.outcome, func.count())
            .where(live, MediationCase.outcome.is_not(None), in_period(MediationCase.concluded_on))
            .group_by(MediationCase.outcome)
        ).all())
        closed = session.scalar(
            select(func.count()).select_from(MediationCase).where(live, in_period(MediationCase.closed_on))
        ) or 0
    new = sum(received.values())
    concluded = sum(outcomes.values())
    agreements = outcomes.get(CaseOutcome.AGREEMENT.value, 0)
    rows = tuple(
        (kind.label, str(received[kind.value])) for kind in DisputeType if received.get(kind.value)
    )
    return FigureSection(
        "mediation",
        _("Dispute mediation"),
        (
            count_figure(_("New cases"), new),
            count_figure(_("Cases concluded"), concluded),
            count_figure(_("Agreements reached"), agreements),
            rate_figure(_("Agreement rate"), agreements, concluded),
            count_figure(_("Cases closed"), int(closed)),
        ),
        (FigureTable((_("Dispute type"), _("New cases")), rows),) if rows else (),
        has_data=bool(new or concluded or closed),
        empty_text=_("No mediation case was received or concluded in this period."),
    )


# --- the residents' desk: reception log and opinion register -------------------------------


def reception_section(sources: FigureSources, actor: Principal, scope: Scope) -> FigureSection:
    """Visits and calls received in the period: by kind and by channel, how they were
    handled (settled on the spot, passed on, made a mediation case or an opinion), closed;
    counts only (no person), with a bar chart of the kinds."""
    got = sources.service("reception").figures(actor, scope.date_from, scope.date_to)
    return FigureSection(
        "reception",
        _("Visits and calls received"),
        (
            count_figure(_("Visits and calls"), got.total),
            count_figure(_("Settled on the spot"), got.settled_on_spot),
            count_figure(_("Passed on to others"), got.passed_on),
            count_figure(_("Made mediation cases"), got.to_mediation),
            count_figure(_("Registered as opinions"), got.to_opinion),
            count_figure(_("Matters concluded"), got.closed),
        ),
        (
            FigureTable((_("Kind"), _("Number received")),
                        tuple((kind.label, str(got.by_kind[kind])) for kind in ReceptionKind)),
            FigureTable((_("Channel"), _("Number received")),
                        tuple((channel.label, str(got.by_channel[channel])) for channel in ReceptionChannel)),
        ),
        (Chart(
            ChartKind.BAR, _("Visits and calls by kind"), tuple(kind.label for kind in ReceptionKind),
            (Series(_("Visits and calls"), tuple(float(got.by_kind[kind]) for kind in ReceptionKind)),),
            counts=True,
        ),),
        has_data=got.total > 0,
        empty_text=_("No visit or call was recorded in this period."),
    )


def opinions_section(sources: FigureSources, actor: Principal, scope: Scope) -> FigureSection:
    """Opinions received in the period, answered, answered on time (of the answered) and
    satisfied (of those rated: 满意 and 基本满意), closed, still unanswered past their deadline;
    for a period of more than one month a bar chart of them by month."""
    opinions = sources.service("opinions")
    got = opinions.figures(actor, scope.date_from, scope.date_to)
    charts: tuple[Chart, ...] = ()
    months = _months(scope.date_from, scope.date_to)
    if len(months) > 1 and got.received:
        monthly = [opinions.figures(actor, first, last) for first, last in months]
        charts = (Chart(
            ChartKind.BAR, _("Opinions by month"), _month_labels(months),
            (
                Series(_("Opinions received"), tuple(float(m.received) for m in monthly)),
                Series(_("Opinions answered"), tuple(float(m.answered) for m in monthly)),
                Series(_("Answered on time"), tuple(float(m.answered_on_time) for m in monthly)),
            ),
            counts=True,
        ),)
    satisfied = "、".join if _chinese() else " and ".join
    return FigureSection(
        "opinions",
        _("Opinions and their answers"),
        (
            count_figure(_("Opinions received"), got.received),
            rate_figure(_("Opinions answered"), got.answered, got.received),
            rate_figure(_("Answered on time rate"), got.answered_on_time, got.answered),
            rate_figure(_("Satisfaction rate"), got.satisfied, got.rated),
            count_figure(_("Opinions closed"), got.closed),
            count_figure(_("Unanswered past the deadline"), got.open_overdue),
        ),
        charts=charts,
        notes=(
            _("Answered on time: of the opinions answered. Satisfied ({levels}): of the replies "
              "the residents rated.").format(
                levels=satisfied((OpinionSatisfaction.SATISFIED.label, OpinionSatisfaction.FAIRLY.label))
            ),
        ),
        has_data=got.received > 0,
        empty_text=_("No opinion was received in this period."),
    )


# --- youth guidance (sealed: counts only) --------------------------------------------------


def youth_section(sources: FigureSources, actor: Principal, scope: Scope) -> FigureSection | None:
    """Guidance sessions held and youths they reached, counts only, 1 and 2 shown as "<3";
    left out for a reader without access to sealed records."""
    if not actor.can(Permission.SEALED_RECORDS):
        return None
    stmt = (
        select(func.count(), func.count(func.distinct(YouthSession.subject_id)))
        .select_from(YouthSession)
        .join(YouthSubject, YouthSubject.id == YouthSession.subject_id)
        .where(
            YouthSession.deleted_at.is_(None), YouthSubject.deleted_at.is_(None),
            YouthSession.held_on >= scope.date_from, YouthSession.held_on <= scope.date_to,
        )
    )
    with sources.db.session(actor) as session:
        sessions, youths = session.execute(stmt).one()
    return FigureSection(
        "youth",
        _("Youth guidance (counts only)"),
        (
            count_figure(_("Guidance sessions held"), int(sessions), suppress_small=True),
            count_figure(_("Young people reached"), int(youths), suppress_small=True),
        ),
        notes=(_("Counts of 1 or 2 are shown as \"<3\"; no names are given."),),
        has_data=bool(sessions),
        empty_text=_("No guidance session was recorded in this period."),
    )


# --- patrols and volunteers ----------------------------------------------------------------


def volunteers_section(sources: FigureSources, actor: Principal, scope: Scope) -> FigureSection:
    """Volunteer patrol shifts, attendances, volunteers who served and their hours, with a bar
    chart of the hours by month for a period of more than one month."""
    report = sources.service("rosters").hours(actor, scope.date_from, scope.date_to)
    attended = sum(v.present + v.late for v in report.volunteers)
    served = sum(1 for v in report.volunteers if v.minutes > 0)
    charts: tuple[Chart, ...] = ()
    months = _months(scope.date_from, scope.date_to)
    if len(months) > 1 and report.shifts:
        hours = []
        for first, last in months:
            hours.append(hours_value(sources.service("rosters").hours(actor, first, last).minutes))
        charts = (Chart(
            ChartKind.BAR, _("Volunteer hours by month"),
            _month_labels(months),
            (Series(_("Volunteer hours"), tuple(hours)),), _("hours"),
        ),)
    return FigureSection(
        "volunteers",
        _("Patrols and volunteers"),
        (
            count_figure(_("Patrol shifts"), report.shifts),
            count_figure(_("Volunteer attendances"), attended),
            count_figure(_("Volunteers who served"), served),
            hours_figure(_("Volunteer hours"), report.minutes),
        ),
        charts=charts,
        has_data=bool(report.shifts),
        empty_text=_("No patrol shift was scheduled in this period."),
    )


def _months(date_from: date, date_to: date) -> list[tuple[date, date]]:
    from station_desk.domain.duty import month_end

    months = []
    first = date(date_from.year, date_from.month, 1)
    while first <= date_to:
        last = month_end(first)
        months.append((max(first, date_from), min(last, date_to)))
        first = last + timedelta(days=1)
    return months


def _month_labels(months: list[tuple[date, date]]) -> tuple[str, ...]:
    return tuple(f"{first.month}月" if _chinese() else f"{first:%b}" for first, _last in months)


def _chinese() -> bool:
    from station_desk.i18n import current_language

    return current_language().startswith("zh")


# The sources of each document, in printed order. Add a module's source here.
WORK_REPORT_SOURCES: tuple[SectionSource, ...] = (
    duty_section, meetings_section, mediation_section, youth_section, volunteers_section,
    reception_section, opinions_section,
)
BRIEFING_SOURCES: tuple[SectionSource, ...] = (
    reception_section, mediation_section, policing_section, volunteers_section, opinions_section,
    youth_section,
)
