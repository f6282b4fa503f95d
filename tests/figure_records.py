"""Records the compiled figures count, written straight into a real database (one session per
call): mediation cases, meetings, guidance sessions, patrol shifts with their members.

The compiled figures (`services/figures.py`) are checked against exactly these rows.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from station_desk.db.database import Database
from station_desk.db.models import (
    MediationCase,
    Meeting,
    PatrolShift,
    ShiftMember,
    Volunteer,
    VolunteerTeam,
    YouthSession,
    YouthSubject,
)
from station_desk.domain.accounts import Principal
from station_desk.domain.mediation import CaseSource, DisputeType, MediationKind
from station_desk.domain.meetings import MeetingStatus, MeetingType
from station_desk.domain.volunteers import Attendance, TeamKind, VolunteerRole, VolunteerStatus
from station_desk.domain.youth import RiskGrade, SessionKind, SubjectStatus, YouthGroup

_sequence = iter(range(1, 10**6))


def add_case(
    db: Database, actor: Principal, received_on: date, *, outcome: str | None = None,
    concluded_on: date | None = None, closed_on: date | None = None,
    dispute_type: DisputeType = DisputeType.NEIGHBOUR, deleted: bool = False,
) -> None:
    seq = next(_sequence)
    with db.session(actor) as session:
        session.add(MediationCase(
            case_year=received_on.year, case_seq=seq, case_number=f"〔{received_on.year}〕调字第{seq:04d}号",
            received_on=received_on, source=CaseSource.WALK_IN.value, dispute_type=dispute_type.value,
            kind=MediationKind.POLICE.value, title="邻里纠纷", status="registered",
            due_date=received_on + timedelta(days=5), outcome=outcome, concluded_on=concluded_on,
            closed_on=closed_on, party_names="张三、李四",
            deleted_at=datetime.now().astimezone() if deleted else None,
        ))


def add_meeting(
    db: Database, actor: Principal, kind: MeetingType, starts_at: datetime,
    status: MeetingStatus = MeetingStatus.HELD,
) -> None:
    with db.session(actor) as session:
        session.add(Meeting(
            meeting_type=kind.value, title=kind.label, starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=1), status=status.value,
        ))


def add_guidance(db: Database, actor: Principal, officer_id: str, days: list[date], name: str = "赵小明") -> None:
    """One subject with a session on each of `days`."""
    with db.session(actor) as session:
        subject = YouthSubject(
            name=name, birth_date=date(2010, 5, 1), phone="13900001111", youth_group=YouthGroup.IDLE.value,
            risk_grade=RiskGrade.YELLOW.value, registered_on=date(2025, 12, 1),
            officer_user_id=officer_id, status=SubjectStatus.OPEN.value,
        )
        session.add(subject)
        session.flush()
        for day in days:
            session.add(YouthSession(subject_id=subject.id, held_on=day, kind=SessionKind.TALK.value))


def add_shift(
    db: Database, actor: Principal, starts_at: datetime, hours: int, attendance: list[Attendance],
    names: tuple[str, ...] = ("王大爷", "刘阿姨", "陈师傅"),
) -> None:
    """A patrol shift with one member per `attendance` (named from `names`)."""
    with db.session(actor) as session:
        team = VolunteerTeam(name="巡逻一队", kind=TeamKind.PATROL.value)
        session.add(team)
        session.flush()
        shift = PatrolShift(
            team_id=team.id, starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours), route="北区",
        )
        session.add(shift)
        session.flush()
        for position, mark in enumerate(attendance):
            volunteer = Volunteer(
                name=names[position], team_id=team.id, role=VolunteerRole.LEADER.value,
                status=VolunteerStatus.ACTIVE.value, phone="13700002222",
            )
            session.add(volunteer)
            session.flush()
            session.add(ShiftMember(shift_id=shift.id, volunteer_id=volunteer.id, position=position,
                                    attendance=mark.value))
