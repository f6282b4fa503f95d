"""Volunteers and teams (群防群治队伍): create, edit, search, commend; the roster list (花名册).

One public method is one unit of work. Changes are audited by the audit hook; printing and
saving documents are audited here (`record_output`; files are written by `services/output`). Every write needs
EDIT_RECORDS; every role may read; a roster list with full resident ID numbers needs EXPORT.

Search is plain `LIKE '%q%'` over the name's search keys (name, full pinyin, initials: 1- and
2-character queries are right on every SQLite version), the phone digits and the last digits
of the resident ID number.

Rules kept here (they need the database): a resident ID number belongs to one live volunteer;
a volunteer's team exists; a team's leader is a live volunteer of that team who has not left
(the leader reference is cleared when the leader leaves, changes team or is deleted); a team
with members who have not left cannot be deleted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from station_desk.db.database import Database
from station_desk.db.models import Volunteer, VolunteerCommendation, VolunteerTeam
from station_desk.db.records import (
    chunks,
    get_live,
    get_record,
    live,
    new_row,
    plain_rows,
    soft_delete,
)
from station_desk.domain.accounts import Principal
from station_desk.domain.ids import new_id
from station_desk.domain.meetings import AttendeeCandidate, AttendeeKind
from station_desk.domain.pinyin import name_pinyin, normalise_query, search_keys
from station_desk.domain.records import from_row
from station_desk.domain.roles import Permission
from station_desk.domain.volunteers import (
    INSURANCE_NOTICE_DAYS,
    CommendationEntry,
    RosterDocument,
    TeamDetail,
    TeamDraft,
    VolunteerDetail,
    VolunteerDraft,
    VolunteerQuery,
    VolunteerRole,
    VolunteerStatus,
    VolunteerSummary,
    availability_text,
    parse_availability,
)
from station_desk.errors import ValidationError
from station_desk.i18n import _, ngettext
from station_desk.services.base import RecordService, audit_output
from station_desk.services.contacts import like_pattern
from station_desk.services.guard import require

OUTPUT_WAYS = ("print", "save", "export")
_NOT_LEFT = (VolunteerStatus.ACTIVE.value, VolunteerStatus.PAUSED.value)


class VolunteerService(RecordService):
    """Teams and volunteers: anyone may read; EDIT_RECORDS may change them."""

    # -- teams ---------------------------------------------------------------------------
    def list_teams(self, actor: Principal, include_deleted: bool = False) -> list[TeamDetail]:
        """Teams by name, each with its leader's name and member counts."""
        with self.db.session(actor) as session:
            stmt = select(VolunteerTeam).order_by(VolunteerTeam.name, VolunteerTeam.id)
            if not include_deleted:
                stmt = live(stmt, VolunteerTeam)
            teams = list(session.scalars(stmt))
            return _team_details(session, teams)

    def team_choices(self, actor: Principal) -> list[tuple[str, str]]:
        """(id, name) of the live teams by name: what a team filter offers (no counts)."""
        stmt = select(VolunteerTeam.id, VolunteerTeam.name).where(VolunteerTeam.deleted_at.is_(None))
        with self.db.session(actor) as session:
            rows = session.execute(stmt.order_by(VolunteerTeam.name, VolunteerTeam.id))
            return [(row[0], row[1]) for row in rows]

    def get_team(self, actor: Principal, team_id: str) -> TeamDetail:
        return self.read_record(actor, VolunteerTeam, team_id, _team_detail)

    def create_team(self, actor: Principal, draft: TeamDraft) -> TeamDetail:
        with self.changing(actor, "volunteer_team") as session:
            draft = draft.validated()
            _check_team_name(session, draft.name, None)
            team = VolunteerTeam(id=new_id(), name=draft.name, kind=draft.kind.value,
                                 leader_id=None, area=draft.area, notes=draft.notes)
            session.add(team)
            session.flush()
            if draft.leader_id is not None:
                team.leader_id = _check_leader(session, team.id, draft.leader_id)
            session.flush()
            return _team_detail(session, team)

    def update_team(self, actor: Principal, team_id: str, draft: TeamDraft) -> TeamDetail:
        with self.changing(actor, "volunteer_team") as session:
            draft = draft.validated()
            team = get_live(session, VolunteerTeam, team_id)
            _check_team_name(session, draft.name, team.id)
            team.name = draft.name
            team.kind = draft.kind.value
            team.area = draft.area
            team.notes = draft.notes
            team.leader_id = (
                _check_leader(session, team.id, draft.leader_id) if draft.leader_id else None
            )
            session.flush()
            return _team_detail(session, team)

    def delete_team(self, actor: Principal, team_id: str) -> None:
        """Hide a team (restorable); refused while volunteers who have not left are in it."""
        with self.changing(actor, "volunteer_team") as session:
            team = get_live(session, VolunteerTeam, team_id)
            members = session.scalar(
                select(func.count()).select_from(Volunteer).where(
                    Volunteer.team_id == team.id, Volunteer.deleted_at.is_(None),
                    Volunteer.status.in_(_NOT_LEFT),
                )
            )
            if members:
                raise ValidationError(
                    "team_id",
                    ngettext(
                        "The team still has {count} volunteer; move them to another team first.",
                        "The team still has {count} volunteers; move them to another team first.",
                        members,
                    ).format(count=members),
                )
            soft_delete(session, team)

    def restore_team(self, actor: Principal, team_id: str) -> TeamDetail:
        return self.restore_record(actor, VolunteerTeam, team_id, "volunteer_team", _team_detail)

    # -- volunteers ----------------------------------------------------------------------
    def create(self, actor: Principal, draft: VolunteerDraft) -> VolunteerDetail:
        """Add a volunteer; the resident ID number must not belong to another volunteer."""
        with self.changing(actor, "volunteer") as session:
            draft = draft.validated(self.today())
            check_volunteer(session, draft, None)
            volunteer = apply_draft(new_row(session, Volunteer), draft)
            session.flush()
            return _detail(session, volunteer)

    def update(self, actor: Principal, volunteer_id: str, draft: VolunteerDraft) -> VolunteerDetail:
        with self.changing(actor, "volunteer") as session:
            draft = draft.validated(self.today())
            volunteer = get_live(session, Volunteer, volunteer_id)
            check_volunteer(session, draft, volunteer.id)
            apply_draft(volunteer, draft)
            _release_leadership(session, volunteer)
            session.flush()
            return _detail(session, volunteer)

    def set_status(
        self, actor: Principal, volunteer_id: str, status: VolunteerStatus
    ) -> VolunteerDetail:
        """Active / paused / left; a leader who leaves is no longer the team's leader."""
        with self.changing(actor, "volunteer") as session:
            status = VolunteerStatus(status)
            volunteer = get_live(session, Volunteer, volunteer_id)
            volunteer.status = status.value
            _release_leadership(session, volunteer)
            session.flush()
            return _detail(session, volunteer)

    def delete(self, actor: Principal, volunteer_id: str) -> None:
        """Hide a volunteer entered by mistake (restorable); shifts keep their history, a
        team they led no longer has them as its leader."""
        self.delete_record(actor, Volunteer, volunteer_id, "volunteer", _release_leadership)

    def restore(self, actor: Principal, volunteer_id: str) -> VolunteerDetail:
        return self.restore_record(
            actor, Volunteer, volunteer_id, "volunteer", _detail, _check_id_still_unique
        )

    def get(self, actor: Principal, volunteer_id: str) -> VolunteerDetail:
        """Everything about one volunteer (a deleted one too, with `deleted_at` set)."""
        return self.read_record(actor, Volunteer, volunteer_id, _detail)

    def search(self, actor: Principal, query: VolunteerQuery | None = None) -> list[VolunteerSummary]:
        """Volunteers matching the filters, by the pinyin of their names (read as plain rows:
        see `roster_list`)."""
        query = query or VolunteerQuery()
        stmt = (
            select(*Volunteer.__table__.columns, VolunteerTeam.name.label("team_name"))
            .outerjoin(VolunteerTeam, VolunteerTeam.id == Volunteer.team_id)
            .order_by(Volunteer.sort_key, Volunteer.name, Volunteer.id)
            .limit(query.limit)
        )
        if not query.include_deleted:
            stmt = stmt.where(Volunteer.deleted_at.is_(None))
        if query.team_id is not None:
            stmt = stmt.where(Volunteer.team_id == query.team_id)
        if query.statuses:
            stmt = stmt.where(Volunteer.status.in_([VolunteerStatus(s).value for s in query.statuses]))
        condition = volunteer_match(query.text)
        if condition is not None:
            stmt = stmt.where(condition)
        if query.insurance_due_on is not None:
            stmt = stmt.where(_insurance_due(query.insurance_due_on))
        with self.db.session(actor) as session:
            return [_summary(row, row[-1]) for row in plain_rows(session, stmt)]

    def count_insurance_due(self, actor: Principal, today: date | None = None) -> int:
        """Volunteers on a team whose accident insurance is missing or ends within
        `INSURANCE_NOTICE_DAYS` days (the home page's figure)."""
        stmt = (
            select(func.count())
            .select_from(Volunteer)
            .where(Volunteer.deleted_at.is_(None), _insurance_due(today or self.today()))
        )
        with self.db.session(actor) as session:
            return session.scalar(stmt) or 0

    def roster_list(
        self, actor: Principal, team_id: str | None = None, include_left: bool = False
    ) -> list[VolunteerDetail]:
        """Live volunteers for the roster list (花名册): by team, leaders first, then by name.

        Read as plain rows, not ORM objects: for a hundred teams' 6,000 volunteers these were
        50,000 objects more for the garbage collector, whose collections run on the GUI
        thread (`station_desk.collector`) while the document is made."""
        with self.db.session(actor) as session:
            stmt = live(select(*Volunteer.__table__.columns), Volunteer)
            if team_id is not None:
                stmt = stmt.where(Volunteer.team_id == team_id)
            if not include_left:
                stmt = stmt.where(Volunteer.status.in_(_NOT_LEFT))
            volunteers = plain_rows(session, stmt)
            details = _details(session, volunteers)
        order = {VolunteerRole.LEADER: 0, VolunteerRole.DEPUTY: 1, VolunteerRole.MEMBER: 2}
        return sorted(
            details,
            key=lambda v: (v.team_name == "", v.team_name, order[v.role], name_pinyin(v.name), v.id),
        )

    # -- commendations -------------------------------------------------------------------
    def add_commendation(
        self, actor: Principal, volunteer_id: str, entry: CommendationEntry
    ) -> VolunteerDetail:
        with self.changing(actor, "volunteer_commendation") as session:
            entry = entry.validated(self.today())
            volunteer = get_live(session, Volunteer, volunteer_id)
            session.add(
                VolunteerCommendation(
                    id=new_id(), volunteer_id=volunteer.id, awarded_on=entry.awarded_on,
                    title=entry.title, awarded_by=entry.awarded_by, notes=entry.notes,
                )
            )
            session.flush()
            return _detail(session, volunteer)

    def remove_commendation(self, actor: Principal, commendation_id: str) -> VolunteerDetail:
        with self.changing(actor, "volunteer_commendation") as session:
            commendation = get_live(session, VolunteerCommendation, commendation_id)
            soft_delete(session, commendation)
            session.flush()
            return _detail(session, get_record(session, Volunteer, commendation.volunteer_id))

    # -- other modules -------------------------------------------------------------------
    def attendee_candidates(
        self, actor: Principal, query: str = "", limit: int = 100
    ) -> list[AttendeeCandidate]:
        """Volunteers who have not left, as meeting attendee candidates (team as organisation)."""
        found = self.search(
            actor,
            VolunteerQuery(
                text=query,
                statuses=frozenset({VolunteerStatus.ACTIVE, VolunteerStatus.PAUSED}),
                limit=limit,
            ),
        )
        return [
            AttendeeCandidate(AttendeeKind.VOLUNTEER, v.id, v.name, v.team_name, v.role.label)
            for v in found
        ]

    # -- documents -----------------------------------------------------------------------
    def roster_list_pdf(
        self,
        actor: Principal,
        language: str,
        team_id: str | None = None,
        include_left: bool = False,
        show_full_ids: bool = False,
    ) -> bytes:
        """The roster list (花名册) as PDF, resident IDs masked unless `show_full_ids` (a
        preview: not audited; needs EXPORT for full ID numbers)."""
        if show_full_ids:
            require(self.db, actor, Permission.EXPORT, "volunteer")
        volunteers = self.roster_list(actor, team_id, include_left)
        team = self.get_team(actor, team_id).name if team_id else ""
        from station_desk.reports.rosters import VolunteerRosterList

        context = self.document_context(actor, language, show_full_ids)
        return VolunteerRosterList(context, volunteers, self.today(), team).generate()

    def roster_list_xlsx(
        self,
        actor: Principal,
        team_id: str | None = None,
        include_left: bool = False,
        show_full_ids: bool = False,
    ) -> bytes:
        """The roster list as an .xlsx register (IDs masked unless `show_full_ids`)."""
        if show_full_ids:
            require(self.db, actor, Permission.EXPORT, "volunteer")
        volunteers = self.roster_list(actor, team_id, include_left)
        from station_desk.exchange.xlsx import workbook_bytes
        from station_desk.reports.rosters import roster_list_sheet

        context = self.document_context(actor, "", show_full_ids)
        return workbook_bytes(roster_list_sheet(context, volunteers))

    def record_output(
        self, actor: Principal, document: RosterDocument | str, how: str, target: str,
        subject: str = "",
    ) -> None:
        record_output(self.db, actor, document, how, target, subject)



# --- documents and their audit (shared by the rosters and duty services) -----------------


def record_output(
    db: Database,
    actor: Principal,
    document: RosterDocument | str,
    how: str,
    target: str,
    subject: str = "",
) -> None:
    """Audit that a document went to a printer ("print"), a PDF file ("save") or a register
    file ("export"); `subject` says which (the week, the month, whose report)."""
    document = RosterDocument(document)
    audit_output(
        db, actor, document, how, target,
        what=document.value,
        export=how == "export",
        details={"subject": subject},
        ways=OUTPUT_WAYS,
    )


# --- matching and validation helpers ------------------------------------------------------


def volunteer_match(query: str) -> ColumnElement[bool] | None:
    """The condition for volunteers matching a typed query (None for an empty one)."""
    wanted = normalise_query(query)
    if not wanted:
        return None
    conditions: list[ColumnElement[bool]] = [
        Volunteer.search_keys.like(like_pattern(wanted), escape="\\")
    ]
    digits = re.sub(r"[^0-9xX]", "", wanted)
    if digits and len(digits) == len(wanted):
        conditions.append(func.replace(Volunteer.phone, "-", "").like(like_pattern(digits), escape="\\"))
        if len(digits) >= 4:
            conditions.append(Volunteer.resident_id.like(f"%{digits.upper()}", escape="\\"))
    return or_(*conditions)


def check_volunteer(session: Session, draft: VolunteerDraft, volunteer_id: str | None) -> None:
    """The rules that need the database: a unique resident ID, an existing team."""
    if draft.resident_id:
        _check_unique_id(session, draft.resident_id, volunteer_id)
    if draft.team_id is not None:
        team = session.get(VolunteerTeam, draft.team_id)
        if team is None or team.deleted_at is not None:
            raise ValidationError("team_id", _("The team no longer exists."))


def _check_id_still_unique(session: Session, volunteer: Volunteer) -> None:
    if volunteer.resident_id:
        _check_unique_id(session, volunteer.resident_id, volunteer.id)


def _check_unique_id(session: Session, resident_id: str, volunteer_id: str | None) -> None:
    stmt = live(select(Volunteer).where(Volunteer.resident_id == resident_id), Volunteer)
    if volunteer_id is not None:
        stmt = stmt.where(Volunteer.id != volunteer_id)
    other = session.scalars(stmt.limit(1)).first()
    if other is not None:
        raise ValidationError(
            "resident_id",
            _("This resident ID number is already recorded for the volunteer {name}.").format(
                name=other.name
            ),
        )


def volunteer_values(draft: VolunteerDraft) -> dict[str, Any]:
    """The stored column values of a validated draft (search keys included)."""
    return {
        "name": draft.name,
        "gender": draft.gender.value if draft.gender else None,
        "resident_id": draft.resident_id or None,
        "birth_date": draft.birth_date,
        "id_note": draft.id_note,
        "phone": draft.phone,
        "address": draft.address,
        "team_id": draft.team_id,
        "role": VolunteerRole(draft.role).value,
        "skills": ",".join(draft.skills),
        "join_date": draft.join_date,
        "status": VolunteerStatus(draft.status).value,
        "vest_issued": draft.vest_issued,
        "card_issued": draft.card_issued,
        "insurance_until": draft.insurance_until,
        "allowance": draft.allowance,
        "contact_notes": draft.contact_notes,
        "notes": draft.notes,
        "availability": availability_text(draft.availability),
        "max_shifts_per_week": draft.max_shifts_per_week,
        "search_keys": search_keys(draft.name),
        "sort_key": name_pinyin(draft.name)[:200],
    }


def apply_draft(volunteer: Volunteer, draft: VolunteerDraft) -> Volunteer:
    """Copy a validated draft onto a volunteer row (search keys included)."""
    for key, value in volunteer_values(draft).items():
        setattr(volunteer, key, value)
    return volunteer


def draft_of(volunteer: Any) -> VolunteerDraft:
    """The editable part of a stored volunteer (a model, or a row of its columns)."""
    return from_row(
        VolunteerDraft,
        volunteer,
        resident_id=volunteer.resident_id or "",
        skills=tuple(s for s in volunteer.skills.split(",") if s),
        availability=parse_availability(volunteer.availability),
    )


def _release_leadership(session: Session, volunteer: Volunteer) -> None:
    """Clear the leader reference of teams this volunteer no longer leads (left, deleted or
    moved to another team)."""
    keeps = volunteer.deleted_at is None and volunteer.status != VolunteerStatus.LEFT.value
    led = select(VolunteerTeam).where(VolunteerTeam.leader_id == volunteer.id)
    for team in session.scalars(led):
        if not keeps or team.id != volunteer.team_id:
            team.leader_id = None


def _check_team_name(session: Session, name: str, team_id: str | None) -> None:
    stmt = live(select(VolunteerTeam.id).where(func.lower(VolunteerTeam.name) == name.lower()), VolunteerTeam)
    if team_id is not None:
        stmt = stmt.where(VolunteerTeam.id != team_id)
    if session.scalars(stmt.limit(1)).first() is not None:
        raise ValidationError("name", _("A team with this name already exists."))


def _check_leader(session: Session, team_id: str, leader_id: str) -> str:
    leader = session.get(Volunteer, leader_id)
    if (
        leader is None
        or leader.deleted_at is not None
        or leader.team_id != team_id
        or leader.status == VolunteerStatus.LEFT.value
    ):
        raise ValidationError("leader_id", _("The leader must be a volunteer of this team."))
    return leader.id


def _team_detail(session: Session, team: VolunteerTeam) -> TeamDetail:
    return _team_details(session, [team])[0]


def _team_details(session: Session, teams: list[VolunteerTeam]) -> list[TeamDetail]:
    ids = [team.id for team in teams]
    counts: dict[tuple[str, str], int] = {}
    if ids:
        stmt = (
            select(Volunteer.team_id, Volunteer.status, func.count())
            .where(Volunteer.team_id.in_(ids), Volunteer.deleted_at.is_(None))
            .group_by(Volunteer.team_id, Volunteer.status)
        )
        counts = {(str(row[0]), str(row[1])): int(row[2]) for row in session.execute(stmt)}
    leader_ids = [team.leader_id for team in teams if team.leader_id]
    leaders = (
        {row[0]: row[1] for row in session.execute(select(Volunteer.id, Volunteer.name).where(Volunteer.id.in_(leader_ids)))}
        if leader_ids
        else {}
    )
    return [
        from_row(
            TeamDetail,
            team,
            leader_name=leaders.get(team.leader_id or "", ""),
            active_members=counts.get((team.id, VolunteerStatus.ACTIVE.value), 0),
            members=sum(counts.get((team.id, status), 0) for status in _NOT_LEFT),
        )
        for team in teams
    ]


def team_names(session: Session, team_ids: Iterable[str | None]) -> dict[str, str]:
    wanted = {team_id for team_id in team_ids if team_id}
    if not wanted:
        return {}
    stmt = select(VolunteerTeam.id, VolunteerTeam.name).where(VolunteerTeam.id.in_(wanted))
    return {row[0]: row[1] for row in session.execute(stmt)}


def _insurance_due(today: date) -> ColumnElement[bool]:
    """The database's side of `domain.volunteers.insurance_due`."""
    until = today + timedelta(days=INSURANCE_NOTICE_DAYS)
    return (Volunteer.status != VolunteerStatus.LEFT.value) & (
        Volunteer.insurance_until.is_(None) | (Volunteer.insurance_until <= until)
    )


def _summary(volunteer: Any, team_name: str | None) -> VolunteerSummary:
    """The summary of a volunteer (a model, or a row of its columns)."""
    return from_row(
        VolunteerSummary,
        volunteer,
        team_name=team_name or "",
        has_resident_id=bool(volunteer.resident_id),
    )


def _detail(session: Session, volunteer: Volunteer) -> VolunteerDetail:
    return _details(session, [volunteer])[0]


def _details(session: Session, volunteers: Sequence[Any]) -> list[VolunteerDetail]:
    """Details of `volunteers` (models, or rows of the volunteers' columns); their
    commendations are read as plain rows."""
    names = team_names(session, (v.team_id for v in volunteers))
    commendations: dict[str, list[CommendationEntry]] = {}
    ids = [v.id for v in volunteers]
    c = VolunteerCommendation
    for chunk in chunks(ids):
        stmt = (
            select(c.volunteer_id, c.awarded_on, c.title, c.awarded_by, c.notes, c.id)
            .where(c.volunteer_id.in_(chunk), c.deleted_at.is_(None))
            .order_by(c.awarded_on, c.id)
        )
        for row in session.execute(stmt):
            commendations.setdefault(row.volunteer_id, []).append(from_row(CommendationEntry, row))
    return [_detail_of(v, names.get(v.team_id or "", ""), commendations.get(v.id, [])) for v in volunteers]


def _detail_of(
    volunteer: Any, team_name: str, commendations: list[CommendationEntry]
) -> VolunteerDetail:
    draft = draft_of(volunteer)
    values: dict[str, Any] = {name: getattr(draft, name) for name in VolunteerDraft.__dataclass_fields__}
    return from_row(
        VolunteerDetail, volunteer, **values, team_name=team_name, commendations=tuple(commendations)
    )
