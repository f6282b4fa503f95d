"""Youth guidance (青少年帮教): sealed records with access held in the service layer.

Who may see what (checked here, not only by hiding buttons; every refusal is audited as
DENIED before PermissionDeniedError is raised):
- administrators: every subject;
- police officers: the subjects they are the assigned officer of (`officer_user_id`) and the
  ones an administrator granted them (`grant_access`). A grant is read-only: every change
  (particulars, team, plan, sessions, evaluations, grades, closing, reopening, deleting) is
  refused to an officer who sees the subject only by a grant;
- auxiliary police: nothing but `module_summary()` (the module exists; no counts) and
  `count_due()` (None: no counter for them). Every other method refuses them; a refused call
  about one subject names it in the DENIED entry.

Ids of sessions, evaluations and team members cannot be probed: a user who may not see the
subject is refused the same way whether the id exists or not.

Lists and searches return `SubjectSummary` rows with the name masked (surname + 某) and no ID
number. The full file (`SubjectFile`) comes from `open_file(actor, id, purpose)`, which needs a
stated purpose and writes a VIEW_SEALED audit entry; printing and saving a document of a
subject need a purpose too (`record_output`, PRINT / EXPORT entries). Methods that change a
subject return its full file to the user who changed it (the change itself is audited by the
audit hook, which records which fields changed but none of the sealed values: see
`db/models/youth.py`). Reading a file for a document records whether full ID numbers were
shown (`full_ids`).

One public method is one unit of work. Writes need EDIT_RECORDS as well as access to the
subject; a closed subject refuses changes (`SubjectClosedError`) until it is reopened.
"Today" is the local date of `now()` (injectable for tests).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, NoReturn

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

from station_desk.db import audit_trail
from station_desk.db.models import (
    ContactPerson,
    Organisation,
    User,
    Volunteer,
    VolunteerTeam,
    YouthAccessGrant,
    YouthEvaluation,
    YouthGradeChange,
    YouthGuardian,
    YouthSession,
    YouthSubject,
    YouthTeamMember,
)
from station_desk.db.records import (
    child_row,
    entry_row,
    fill,
    get_live,
    live,
    restore,
    soft_delete,
    sync_rows,
)
from station_desk.domain.accounts import Principal
from station_desk.domain.audit import AuditAction
from station_desk.domain.contacts import OrganisationKind
from station_desk.domain.documents import output_details
from station_desk.domain.ids import new_id
from station_desk.domain.masking import mask_name_for_minor
from station_desk.domain.pinyin import matches, normalise_query, search_keys
from station_desk.domain.records import from_row
from station_desk.domain.roles import Permission, Role
from station_desk.domain.validators import age_on, parse_resident_id
from station_desk.domain.volunteers import VolunteerStatus
from station_desk.domain.youth import (
    AccessBasis,
    AccessGrant,
    ClosureReason,
    DueSession,
    EvaluationEntry,
    GradeChange,
    GuardianEntry,
    MemberKind,
    Particulars,
    PlanEntry,
    RiskGrade,
    SubjectClosedError,
    SubjectDraft,
    SubjectFile,
    SubjectQuery,
    SubjectStatus,
    SubjectSummary,
    SubjectUpdate,
    TeamCandidate,
    TeamMemberEntry,
    TeamRole,
    UserChoice,
    YouthDocument,
    YouthGroup,
    YouthModuleSummary,
    YouthSessionEntry,
    YouthStatistics,
    is_under_14,
    next_due_date,
    validated_closure,
    validated_evaluation,
    validated_grade,
    validated_grade_change,
    validated_member,
    validated_note,
    validated_particulars,
    validated_plan,
    validated_purpose,
    validated_session,
)
from station_desk.errors import (
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from station_desk.i18n import _
from station_desk.services.base import RecordService
from station_desk.services.contacts import like_pattern
from station_desk.services.guard import require

RECORD_TYPE = "youth_subject"
DUE_WITHIN_DAYS = 7  # reminders: sessions due within this many days, or overdue
CANDIDATE_LIMIT = 50
_OFFICER_ROLES = (Role.OFFICER.value, Role.ADMIN.value)


class _Refused(Exception):
    """Raised inside a session when the actor has no access; turned into an audited refusal."""


class _ReadOnly(Exception):
    """Raised inside a session when the actor sees the subject only by a grant and would
    change it; turned into an audited refusal."""


@dataclass
class _Open:
    """A subject read in a unit of work, with why the actor may see it."""

    session: Session
    subject: YouthSubject
    basis: AccessBasis

    def refreshed(self, today: date) -> SubjectFile:
        """The subject's file after a change, its grade and next due date recomputed."""
        _refresh(self.session, self.subject)
        self.session.flush()
        return _file(self.session, self.subject, today, self.basis)


class YouthService(RecordService):
    # -- access ----------------------------------------------------------------------------
    def may_view(self, actor: Principal) -> bool:
        """Whether the actor's role may see sealed records at all (no audit: for the UI)."""
        return actor.can(Permission.SEALED_RECORDS)

    def module_summary(self, actor: Principal) -> YouthModuleSummary:
        """What every role may know about the module. Auxiliary police learn only that it
        exists (no count of any kind); others get their accessible open subjects and
        reminders due. Never refused, never audited."""
        if not self.may_view(actor):
            return YouthModuleSummary(may_view=False)
        today = self.today()
        with self.db.session(actor) as session:
            stmt = _accessible(
                select(func.count())
                .select_from(YouthSubject)
                .where(
                    YouthSubject.deleted_at.is_(None),
                    YouthSubject.status == SubjectStatus.OPEN.value,
                ),
                actor,
            )
            open_subjects = session.scalar(stmt) or 0
            due = _count_due(session, actor, today, DUE_WITHIN_DAYS)
        return YouthModuleSummary(True, open_subjects, due)

    def officer_choices(self, actor: Principal) -> list[UserChoice]:
        """Active officers and admins: who can be the assigned officer or be granted access."""
        with self.changing(actor, RECORD_TYPE, Permission.SEALED_RECORDS) as session:
            users = session.scalars(
                select(User)
                .where(User.active, User.role.in_(_OFFICER_ROLES), User.deleted_at.is_(None))
                .order_by(User.display_name, User.id)
            )
            return [UserChoice(u.id, u.display_name, u.role == Role.ADMIN.value) for u in users]

    def grants(self, actor: Principal, subject_id: str) -> list[AccessGrant]:
        """The officers granted access to a subject (readable by whoever may see it)."""
        with self._open(actor, subject_id) as ctx:
            return _grants_of(ctx.session, subject_id)

    def grant_access(
        self, actor: Principal, subject_id: str, user_id: str, note: str = ""
    ) -> AccessGrant:
        """Let an officer see a subject (administrators only)."""
        self._require_admin(actor, subject_id)
        note = validated_note(note, "note", 200)
        with self._open(actor, subject_id) as ctx:
            user = _officer_user(ctx.session, user_id, "user_id")
            if user.id == ctx.subject.officer_user_id:
                raise ValidationError("user_id", _("This officer is the assigned officer already."))
            if any(g.user_id == user.id for g in _grants_of(ctx.session, subject_id)):
                raise ValidationError("user_id", _("This officer has access already."))
            grant = YouthAccessGrant(
                id=new_id(),
                subject_id=subject_id,
                user_id=user.id,
                granted_by=actor.user_id,
                note=note,
            )
            ctx.session.add(grant)
            ctx.session.flush()
            return next(g for g in _grants_of(ctx.session, subject_id) if g.id == grant.id)

    def revoke_access(self, actor: Principal, grant_id: str) -> None:
        """Take back a grant (administrators only); the audit trail keeps it."""
        self._require_admin(actor, grant_id)
        with self.db.session(actor) as session:
            soft_delete(session, get_live(session, YouthAccessGrant, grant_id))

    def assign_officer(self, actor: Principal, subject_id: str, user_id: str) -> SubjectFile:
        """Hand the subject over to another officer (the administrator, or the officer assigned
        now — who then loses access unless granted it)."""
        require(self.db, actor, Permission.EDIT_RECORDS, RECORD_TYPE)
        with self._open(actor, subject_id, edit=True) as ctx:
            if ctx.basis is AccessBasis.GRANTED:
                raise _Refused
            user = _officer_user(ctx.session, user_id, "officer_user_id")
            ctx.subject.officer_user_id = user.id
            ctx.session.flush()
            return _file(
                ctx.session, ctx.subject, self.today(), _basis(ctx.session, actor, ctx.subject)
            )

    # -- subjects ---------------------------------------------------------------------------
    def register(self, actor: Principal, draft: SubjectDraft) -> SubjectFile:
        """Register a subject with the first risk grade of its history; the assigned officer
        is the signed-in officer (an administrator may choose any active officer)."""
        self._require_sealed(actor, edit=True)
        today = self.today()
        facts = validated_particulars(draft, today)
        grade = validated_grade(draft.risk_grade)
        grade_reason = validated_note(draft.grade_reason, "grade_reason")
        with self.db.session(actor) as session:
            officer_id = draft.officer_user_id or actor.user_id
            if officer_id != actor.user_id and actor.role is not Role.ADMIN:
                raise ValidationError(
                    "officer_user_id",
                    _(
                        "You can register subjects only for yourself; the administrator can assign another officer."
                    ),
                )
            officer = _officer_user(session, officer_id, "officer_user_id")
            clash = _clashing_subject(session, facts.resident_id, None)
            if clash is not None and _basis(session, actor, clash) is None:
                clash_id = clash.id
                session.rollback()  # the refusal is audited in a transaction of its own
                self._refuse_hidden_clash(actor, clash_id)
            _check_unique_id(session, facts.resident_id, None)
            subject = YouthSubject(
                id=new_id(),
                officer_user_id=officer.id,
                status=SubjectStatus.OPEN.value,
                risk_grade=grade.value,
                plan_goals="",
                plan_measures="",
                closure_note="",
            )
            _apply_particulars(subject, facts)
            session.add(subject)
            session.flush()
            session.add(
                YouthGradeChange(
                    id=new_id(),
                    subject_id=subject.id,
                    changed_on=facts.registered_on,
                    grade=grade.value,
                    reason=grade_reason,
                    changed_by_name=actor.display_name,
                )
            )
            _sync_guardians(session, subject, facts.guardians)
            _refresh(session, subject)
            session.flush()
            return _file(session, subject, today, _basis(session, actor, subject))

    def update(self, actor: Principal, update: SubjectUpdate) -> SubjectFile:
        """Save the edited particulars and guardians in one go."""
        today = self.today()
        with self._open(actor, update.id, edit=True) as ctx:
            facts = validated_particulars(update, today)
            subject, session = ctx.subject, ctx.session
            clash = _clashing_subject(session, facts.resident_id, subject.id)
            if clash is not None and _basis(session, actor, clash) is None:
                clash_id = clash.id
                session.rollback()  # the refusal is audited in a transaction of its own
                self._refuse_hidden_clash(actor, clash_id)
            _check_unique_id(session, facts.resident_id, subject.id)
            if facts.registered_on != subject.registered_on:
                _check_registration_date(session, subject, facts.registered_on)
            _apply_particulars(subject, facts)
            _sync_guardians(session, subject, facts.guardians)
            return ctx.refreshed(today)

    def get(self, actor: Principal, subject_id: str) -> SubjectSummary:
        """One subject as a list row (masked; a deleted one too). Not the file: see
        `open_file`."""
        today = self.today()
        with self._open(actor, subject_id, deleted_ok=True) as ctx:
            return _summary(ctx.subject, _officer_name(ctx.session, ctx.subject), ctx.basis, today)

    def open_file(self, actor: Principal, subject_id: str, purpose: str) -> SubjectFile:
        """The full file of a subject (particulars, guardians, team, plan, sessions,
        evaluations, grade history). Needs a stated purpose (ValidationError on field
        "purpose"); audited as VIEW_SEALED with the purpose."""
        with self._open(actor, subject_id, deleted_ok=True) as ctx:
            stated = validated_purpose(purpose)
            audit_trail.append(
                ctx.session,
                AuditAction.VIEW_SEALED,
                RECORD_TYPE,
                subject_id,
                {"purpose": stated, "subject": mask_name_for_minor(ctx.subject.name)},
            )
            return _file(ctx.session, ctx.subject, self.today(), ctx.basis)

    def list_subjects(
        self, actor: Principal, query: SubjectQuery | None = None
    ) -> list[SubjectSummary]:
        """The subjects the actor may see, matching the filters: masked names, no ID numbers.
        Open subjects first, the most urgent next session first, then by registration."""
        self._require_sealed(actor)
        query = query or SubjectQuery()
        today = self.today()
        with self.db.session(actor) as session:
            stmt = _accessible(_list_select(query, today), actor)
            granted = _granted_ids(session, actor)
            rows = session.execute(stmt.limit(max(1, query.limit))).all()
            result = [
                _summary(subject, officer_name or "", _row_basis(actor, subject, granted), today)
                for subject, officer_name in rows
            ]
        if query.under_14_only:
            result = [row for row in result if row.under_14]
        return result

    def search(self, actor: Principal, text: str, limit: int = 50) -> list[SubjectSummary]:
        """Subjects whose name, full pinyin or initials contain `text` (or whose resident ID
        number is `text`); masked, accessible ones only."""
        return self.list_subjects(actor, SubjectQuery(text=text, limit=limit))

    def delete_subject(self, actor: Principal, subject_id: str) -> None:
        """Hide a subject (restorable). A closed subject cannot be deleted."""
        with self._open(actor, subject_id, edit=True) as ctx:
            soft_delete(ctx.session, ctx.subject)
            ctx.subject.next_due = None

    def restore_subject(self, actor: Principal, subject_id: str) -> SubjectSummary:
        today = self.today()
        with self._open(actor, subject_id, deleted_ok=True, edit_any=True) as ctx:
            restore(ctx.session, ctx.subject)
            _refresh(ctx.session, ctx.subject)
            ctx.session.flush()
            return _summary(ctx.subject, _officer_name(ctx.session, ctx.subject), ctx.basis, today)

    def change_risk_grade(
        self,
        actor: Principal,
        subject_id: str,
        grade: RiskGrade,
        reason: str,
        changed_on: date | None = None,
    ) -> SubjectFile:
        """Record a change of the risk grade (date, grade, reason, by whom) outside an
        evaluation. The grade must differ from the one in effect on that day."""
        today = self.today()
        with self._open(actor, subject_id, edit=True) as ctx:
            subject, session = ctx.subject, ctx.session
            new_grade, text, day = validated_grade_change(
                grade, reason, changed_on or today, subject.registered_on, today
            )
            if _grade_on(session, subject.id, day) == new_grade.value:
                raise ValidationError(
                    "grade", _("The risk grade is {grade} already.").format(grade=new_grade.label)
                )
            session.add(
                YouthGradeChange(
                    id=new_id(),
                    subject_id=subject.id,
                    changed_on=day,
                    grade=new_grade.value,
                    reason=text,
                    changed_by_name=actor.display_name,
                )
            )
            return ctx.refreshed(today)

    # -- the guidance team ------------------------------------------------------------------
    def team_candidates(
        self, actor: Principal, query: str = "", limit: int = CANDIDATE_LIMIT
    ) -> list[TeamCandidate]:
        """Users, contacts and volunteers matching `query` (name, pinyin, initials), to add to
        a team; each with a suggested role."""
        self._require_sealed(actor)
        wanted = normalise_query(query)
        with self.db.session(actor) as session:
            result = _user_candidates(session, wanted)
            result += _contact_candidates(session, wanted, limit)
            result += _volunteer_candidates(session, wanted, limit)
        return result[: max(1, limit) * 3]

    def add_team_member(
        self, actor: Principal, subject_id: str, member: TeamMemberEntry
    ) -> SubjectFile:
        """Add a member; for a user, contact or volunteer their name, phone and unit are
        copied from the record (`ref_id`)."""
        with self._open(actor, subject_id, edit=True) as ctx:
            session, subject = ctx.session, ctx.subject
            entry = _resolve_member(session, validated_member(member))
            existing = _rows(session, YouthTeamMember, subject.id)
            if entry.ref_id and any(
                m.member_kind == entry.kind.value and m.ref_id == entry.ref_id for m in existing
            ):
                raise ValidationError("ref_id", _("This person is in the team already."))
            session.add(
                YouthTeamMember(
                    id=new_id(),
                    subject_id=subject.id,
                    position=max((m.position for m in existing), default=-1) + 1,
                    member_kind=entry.kind.value,
                    ref_id=entry.ref_id,
                    name=entry.name,
                    role=entry.role.value,
                    phone=entry.phone,
                    unit=entry.unit,
                )
            )
            session.flush()
            return _file(session, subject, self.today(), ctx.basis)

    def remove_team_member(self, actor: Principal, member_id: str) -> SubjectFile:
        subject_id = self._parent_of(actor, YouthTeamMember, member_id)
        with self._open(actor, subject_id, edit=True) as ctx:
            soft_delete(ctx.session, child_row(ctx.session, YouthTeamMember, member_id, subject_id=subject_id))
            ctx.session.flush()
            return _file(ctx.session, ctx.subject, self.today(), ctx.basis)

    # -- plan, sessions, evaluations ---------------------------------------------------------
    def set_plan(self, actor: Principal, subject_id: str, plan: PlanEntry) -> SubjectFile:
        """Set (or change) the plan: goals, measures, days between sessions; the next due
        date follows the new interval."""
        with self._open(actor, subject_id, edit=True) as ctx:
            entry = validated_plan(plan)
            ctx.subject.plan_goals = entry.goals
            ctx.subject.plan_measures = entry.measures
            ctx.subject.plan_interval_days = entry.interval_days
            return ctx.refreshed(self.today())

    def save_session(
        self, actor: Principal, subject_id: str, entry: YouthSessionEntry
    ) -> SubjectFile:
        """Add (`entry.id` None) or change a session; not before the subject was registered,
        not in the future. The latest session sets the next due date."""
        today = self.today()
        with self._open(actor, subject_id, edit=True) as ctx:
            session, subject = ctx.session, ctx.subject
            checked = validated_session(entry, subject.registered_on, today)
            row = entry_row(session, YouthSession, checked.id, subject_id=subject.id)
            fill(row, checked, "held_on", "kind", "place", "participants", "content", "state")
            fill(row, checked, "assessment", "next_due")
            row.conducted_by = checked.conducted_by or actor.display_name
            session.flush()
            return ctx.refreshed(today)

    def delete_session(self, actor: Principal, session_id: str) -> SubjectFile:
        subject_id = self._parent_of(actor, YouthSession, session_id)
        with self._open(actor, subject_id, edit=True) as ctx:
            soft_delete(ctx.session, child_row(ctx.session, YouthSession, session_id, subject_id=subject_id))
            ctx.session.flush()
            return ctx.refreshed(self.today())

    def save_evaluation(
        self, actor: Principal, subject_id: str, entry: EvaluationEntry
    ) -> SubjectFile:
        """Add (`entry.id` None) or change an evaluation. A `new_grade` different from the
        grade in effect that day records a grade change (reason required) in the history,
        linked to the evaluation; changing or clearing it later corrects that entry."""
        today = self.today()
        with self._open(actor, subject_id, edit=True) as ctx:
            session, subject = ctx.session, ctx.subject
            checked = validated_evaluation(entry, subject.registered_on, today)
            row = entry_row(session, YouthEvaluation, checked.id, subject_id=subject.id)
            linked = None if checked.id is None else _linked_change(session, row.id)
            fill(row, checked, "evaluated_on", "progress", "next_steps")
            row.evaluator = checked.evaluator or actor.display_name
            session.flush()
            _apply_evaluation_grade(session, subject, row, linked, checked, actor)
            return ctx.refreshed(today)

    def delete_evaluation(self, actor: Principal, evaluation_id: str) -> SubjectFile:
        """Remove an evaluation and the grade change it made."""
        subject_id = self._parent_of(actor, YouthEvaluation, evaluation_id)
        with self._open(actor, subject_id, edit=True) as ctx:
            row = child_row(ctx.session, YouthEvaluation, evaluation_id, subject_id=subject_id)
            linked = _linked_change(ctx.session, row.id)
            if linked is not None:
                soft_delete(ctx.session, linked)
            soft_delete(ctx.session, row)
            ctx.session.flush()
            return ctx.refreshed(self.today())

    def close(
        self,
        actor: Principal,
        subject_id: str,
        reason: ClosureReason,
        note: str = "",
        closed_on: date | None = None,
    ) -> SubjectFile:
        """End the guidance with a reason (OTHER needs a note); no reminders after it."""
        today = self.today()
        with self._open(actor, subject_id, edit=True) as ctx:
            subject = ctx.subject
            checked, text, day = validated_closure(
                reason, note, closed_on or today, subject.registered_on, today
            )
            subject.status = SubjectStatus.CLOSED.value
            subject.closure_reason = checked.value
            subject.closure_note = text
            subject.closed_on = day
            return ctx.refreshed(today)

    def reopen(self, actor: Principal, subject_id: str) -> SubjectFile:
        """Open a closed subject again (the audit trail keeps the closure)."""
        with self._open(actor, subject_id, write=True) as ctx:
            subject = ctx.subject
            if subject.status != SubjectStatus.CLOSED.value:
                raise ValidationError("status", _("This subject's guidance is not closed."))
            subject.status = SubjectStatus.OPEN.value
            subject.closure_reason = None
            subject.closure_note = ""
            subject.closed_on = None
            return ctx.refreshed(self.today())

    # -- reminders, statistics, documents ----------------------------------------------------
    def due_sessions(
        self, actor: Principal, within_days: int = DUE_WITHIN_DAYS, today: date | None = None
    ) -> list[DueSession]:
        """Open subjects whose next session is due within `within_days` or overdue: those the
        actor is the assigned officer of (an administrator: all). Most overdue first."""
        self._require_sealed(actor)
        day = today or self.today()
        with self.db.session(actor) as session:
            stmt = _due_select(actor, day, within_days)
            rows = session.execute(stmt).all()
            return [
                DueSession(
                    subject_id=subject_id,
                    masked_name=mask_name_for_minor(name),
                    risk_grade=RiskGrade(risk_grade),
                    officer_user_id=officer_user_id,
                    officer_name=officer_name or "",
                    next_due=next_due,
                    days_left=(next_due - day).days,
                )
                for subject_id, name, risk_grade, officer_user_id, next_due, officer_name in rows
            ]

    def count_due(
        self, actor: Principal, within_days: int = DUE_WITHIN_DAYS, today: date | None = None
    ) -> int | None:
        """How many reminders `due_sessions` would show, for the home page; None for a role
        that may not see sealed records (the home page shows no counter; not audited)."""
        if not self.may_view(actor):
            return None
        day = today or self.today()
        with self.db.session(actor) as session:
            return _count_due(session, actor, day, within_days)

    def statistics(
        self, actor: Principal, date_from: date | None = None, date_to: date | None = None
    ) -> YouthStatistics:
        """Counts by group, risk grade and status (no names) of every live subject, or of those
        registered in the period; officers and administrators."""
        self._require_sealed(actor)
        if date_from and date_to and date_to < date_from:
            raise ValidationError("date_to", _("The end date cannot be before the start date."))
        day = self.today()
        stmt = select(
            YouthSubject.youth_group,
            YouthSubject.risk_grade,
            YouthSubject.status,
            YouthSubject.birth_date,
            YouthSubject.next_due,
            YouthSubject.id,
            YouthSubject.officer_user_id,
        ).where(YouthSubject.deleted_at.is_(None))
        if date_from:
            stmt = stmt.where(YouthSubject.registered_on >= date_from)
        if date_to:
            stmt = stmt.where(YouthSubject.registered_on <= date_to)
        with self.db.session(actor) as session:
            rows = session.execute(stmt).all()
            granted = _granted_ids(session, actor) if actor.role is not Role.ADMIN else set()
        opens_all = actor.role is Role.ADMIN or all(
            officer == actor.user_id or subject_id in granted for *_counted, subject_id, officer in rows
        )
        by_group = {group: 0 for group in YouthGroup}
        by_grade = {grade: 0 for grade in RiskGrade}
        by_status = {status: 0 for status in SubjectStatus}
        under_14 = due = 0
        for group, grade, status, birth, next_due, *_ids in rows:
            by_group[YouthGroup(group)] += 1
            by_grade[RiskGrade(grade)] += 1
            by_status[SubjectStatus(status)] += 1
            under_14 += is_under_14(birth, day)
            due += status == SubjectStatus.OPEN.value and next_due is not None and next_due <= day
        return YouthStatistics(
            day, date_from, date_to, len(rows), by_group, by_grade, by_status, under_14, due,
            suppress_small=not opens_all,
        )

    def record_output(
        self,
        actor: Principal,
        subject_id: str | None,
        document: YouthDocument | str,
        how: str,
        target: str,
        purpose: str,
        details: Mapping[str, object] | None = None,
    ) -> None:
        """Audit that a document was printed (`how="print"`, the printer as `target`: PRINT
        entry) or saved (`how="save"`, the path: EXPORT entry). A subject's file or session
        record needs access to the subject and a purpose (ValidationError on "purpose"); the
        statistics sheet has no subject (pass None) and an optional purpose. Put e.g. the
        session id in `details`."""
        document = YouthDocument(document)
        info = output_details(document, how, target, details)
        require(self.db, actor, Permission.PRINT, RECORD_TYPE)
        action = AuditAction.PRINT if how == "print" else AuditAction.EXPORT
        if not document.is_personal:
            self._require_sealed(actor)
            info["purpose"] = validated_purpose(purpose) if (purpose or "").strip() else ""
            with self.db.session(actor) as session:
                audit_trail.append(session, action, "youth_statistics", "", info)
            return
        if not subject_id:
            raise ValueError("a subject's document needs its subject_id")
        with self._open(actor, subject_id, deleted_ok=True) as ctx:
            info["purpose"] = validated_purpose(purpose)
            info["subject"] = mask_name_for_minor(ctx.subject.name)
            audit_trail.append(ctx.session, action, RECORD_TYPE, subject_id, info)

    # -- documents (reading the data is audited like open_file; printing and saving via
    # record_output; files are written by services/output) -------------------------------------
    def file_pdf(
        self,
        actor: Principal,
        subject_id: str,
        purpose: str,
        language: str,
        show_full_ids: bool = False,
    ) -> bytes:
        """The guidance file (帮教档案) of a subject as PDF bytes, marked sealed on every page.
        Needs access and a purpose; audited as VIEW_SEALED (document "file") with the purpose.
        Printing or saving it is recorded separately (`record_output`)."""
        from station_desk.reports.youth import YouthFile

        details = {"document": YouthDocument.FILE.value, "full_ids": show_full_ids}
        file = self._read_file(actor, subject_id, purpose, details)
        context = self.document_context(actor, language, show_full_ids, sealed=True)
        return YouthFile(context, file).generate()

    def session_record_pdf(
        self, actor: Principal, session_id: str, purpose: str, language: str
    ) -> bytes:
        """The record (帮教谈话记录) of one session with signature lines, as PDF bytes, marked
        sealed. Needs access to its subject and a purpose; audited as VIEW_SEALED."""
        from station_desk.reports.youth import YouthSessionRecord

        subject_id = self._parent_of(actor, YouthSession, session_id, write=False)
        details = {
            "document": YouthDocument.SESSION_RECORD.value,
            "session": session_id,
            "full_ids": False,
        }
        file = self._read_file(actor, subject_id, purpose, details)
        entry = file.session(session_id)
        if entry is None:
            raise NotFoundError(_("The record no longer exists (it may have been deleted)."))
        context = self.document_context(actor, language, False, sealed=True)
        return YouthSessionRecord(context, file, entry).generate()

    def statistics_pdf(
        self,
        actor: Principal,
        date_from: date | None,
        date_to: date | None,
        language: str,
    ) -> bytes:
        """The count-only statistics sheet (no names; not marked sealed: it may be shared)."""
        from station_desk.reports.youth import YouthStatisticsSheet

        stats = self.statistics(actor, date_from, date_to)
        return YouthStatisticsSheet(self.document_context(actor, language, False), stats).generate()

    def _read_file(
        self, actor: Principal, subject_id: str, purpose: str, details: Mapping[str, object]
    ) -> SubjectFile:
        """`open_file` with extra audit details (which document the data was read for)."""
        with self._open(actor, subject_id, deleted_ok=True) as ctx:
            stated = validated_purpose(purpose)
            info: dict[str, object] = {
                "purpose": stated,
                "subject": mask_name_for_minor(ctx.subject.name),
            }
            info.update(details)
            audit_trail.append(ctx.session, AuditAction.VIEW_SEALED, RECORD_TYPE, subject_id, info)
            return _file(ctx.session, ctx.subject, self.today(), ctx.basis)

    # -- the access guard -------------------------------------------------------------------
    def _require_sealed(self, actor: Principal, *, edit: bool = False, record_id: str = "") -> None:
        """The role may see sealed records (and change records, with `edit`). A refusal of a
        call about one record names it (`record_id`) in its audit entry."""
        if record_id and not actor.can(Permission.SEALED_RECORDS):
            self._deny(actor, record_id, "role")
        require(self.db, actor, Permission.SEALED_RECORDS, RECORD_TYPE)
        if edit:
            require(self.db, actor, Permission.EDIT_RECORDS, RECORD_TYPE)

    def _refuse_hidden_clash(self, actor: Principal, clash_id: str) -> NoReturn:
        """The ID number typed belongs to a subject `actor` may not open: say nothing of it
        (a neutral "ask the administrator"), and audit a refused sealed access naming that
        subject, so the administrator sees the clash in the audit trail."""
        with self.db.session(actor) as session:
            audit_trail.append(
                session,
                AuditAction.DENIED,
                RECORD_TYPE,
                clash_id,
                {"permission": str(Permission.SEALED_RECORDS), "reason": "resident_id_clash"},
            )
        raise ValidationError(
            "resident_id",
            _("This subject cannot be registered with this ID number here. Ask the administrator."),
        )

    def _require_admin(self, actor: Principal, record_id: str) -> None:
        self._require_sealed(actor, record_id=record_id)
        if actor.role is not Role.ADMIN:
            self._deny(actor, record_id, "grant")

    def _deny(
        self,
        actor: Principal,
        record_id: str,
        reason: str = "not_assigned",
        extra: Mapping[str, object] | None = None,
    ) -> NoReturn:
        """Audit a refusal about one record (DENIED, with the reason) and raise it."""
        details: dict[str, object] = {
            "permission": str(Permission.SEALED_RECORDS),
            "reason": reason,
        }
        details.update(extra or {})
        with self.db.session(actor) as session:
            audit_trail.append(session, AuditAction.DENIED, RECORD_TYPE, record_id, details)
        if reason == "role":
            raise PermissionDeniedError(
                _("Your role ({role}) does not allow this.").format(role=actor.role.label)
            )
        if reason == "read_only":
            raise PermissionDeniedError(_("Access granted by the administrator is read-only."))
        raise _refusal()

    @contextmanager
    def _open(
        self,
        actor: Principal,
        subject_id: str,
        *,
        edit: bool = False,
        deleted_ok: bool = False,
        edit_any: bool = False,
        write: bool = False,
    ) -> Iterator[_Open]:
        """One unit of work on a subject the actor may see: refused (and audited) otherwise.
        `edit`: EDIT_RECORDS, and the subject must be live and not closed; `edit_any`:
        EDIT_RECORDS whatever the state (restoring); `write`: EDIT_RECORDS (reopening).
        Any of the three refuses an officer who sees the subject only by a grant: access
        granted by the administrator is read-only."""
        changes = edit or edit_any or write
        self._require_sealed(actor, edit=changes, record_id=subject_id)
        refused: str | None = None
        try:
            with self.db.session(actor) as session:
                subject = _subject(session, subject_id, deleted_ok=deleted_ok)
                basis = _basis(session, actor, subject)
                if basis is None:
                    raise _Refused
                if changes and basis is AccessBasis.GRANTED:
                    raise _ReadOnly
                if edit and subject.status == SubjectStatus.CLOSED.value:
                    raise SubjectClosedError()
                yield _Open(session, subject, basis)
        except _Refused:
            refused = "not_assigned"
        except _ReadOnly:
            refused = "read_only"
        if refused:
            self._deny(actor, subject_id, refused)

    def _parent_of(self, actor: Principal, model: Any, row_id: str, *, write: bool = True) -> str:
        """The subject a child row (session, evaluation, team member) belongs to. A user who
        may not see that subject is refused (audited) exactly as for an id that does not
        exist, so ids cannot be probed; "not found" only for a user who could see it."""
        self._require_sealed(actor, edit=write, record_id=row_id)
        refused = ""
        with self.db.session(actor) as session:
            row = session.get(model, row_id) if row_id else None
            subject = session.get(YouthSubject, row.subject_id) if row is not None else None
            basis = _basis(session, actor, subject) if subject is not None else None
            if basis is None and actor.role is not Role.ADMIN:
                refused = subject.id if subject is not None else row_id
            elif row is None or row.deleted_at is not None:
                raise NotFoundError(_("The record no longer exists (it may have been deleted)."))
            else:
                return str(row.subject_id)
        self._deny(actor, refused, "not_assigned", {"record": row_id})


# -- access ----------------------------------------------------------------------------------


def _refusal() -> PermissionDeniedError:
    return PermissionDeniedError(
        _(
            "This is a sealed youth-guidance record: only its assigned officer, officers the "
            "administrator granted access and administrators may see it."
        )
    )


def _basis(session: Session, actor: Principal, subject: YouthSubject) -> AccessBasis | None:
    """Why `actor` may see `subject`, or None when they may not."""
    if not actor.can(Permission.SEALED_RECORDS):
        return None
    if actor.role is Role.ADMIN:
        return AccessBasis.ADMIN
    if actor.user_id and subject.officer_user_id == actor.user_id:
        return AccessBasis.ASSIGNED
    if actor.user_id and subject.id in _granted_ids(session, actor):
        return AccessBasis.GRANTED
    return None


def _row_basis(actor: Principal, subject: YouthSubject, granted: set[str]) -> AccessBasis:
    if actor.role is Role.ADMIN:
        return AccessBasis.ADMIN
    if subject.officer_user_id == actor.user_id:
        return AccessBasis.ASSIGNED
    return AccessBasis.GRANTED


def _granted_ids(session: Session, actor: Principal) -> set[str]:
    stmt = select(YouthAccessGrant.subject_id).where(
        YouthAccessGrant.user_id == actor.user_id, YouthAccessGrant.deleted_at.is_(None)
    )
    return set(session.scalars(stmt))


def _accessible(stmt: Select[*tuple[Any, ...]], actor: Principal) -> Select[*tuple[Any, ...]]:
    """Restrict a query over subjects to those `actor` may see."""
    if actor.role is Role.ADMIN:
        return stmt
    granted = select(YouthAccessGrant.subject_id).where(
        YouthAccessGrant.user_id == actor.user_id, YouthAccessGrant.deleted_at.is_(None)
    )
    return stmt.where(
        or_(YouthSubject.officer_user_id == actor.user_id, YouthSubject.id.in_(granted))
    )


def _grants_of(session: Session, subject_id: str) -> list[AccessGrant]:
    rows = session.execute(
        select(YouthAccessGrant, User.display_name)
        .join(User, User.id == YouthAccessGrant.user_id)
        .where(YouthAccessGrant.subject_id == subject_id, YouthAccessGrant.deleted_at.is_(None))
        .order_by(YouthAccessGrant.id)
    ).all()
    names = _user_names(session, {grant.granted_by for grant, _name in rows})
    return [
        from_row(
            AccessGrant,
            grant,
            user_name=name,
            granted_by=names.get(grant.granted_by, ""),
            granted_at=grant.created_at,
        )
        for grant, name in rows
    ]


def _user_names(session: Session, ids: set[str]) -> dict[str, str]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    rows = session.execute(select(User.id, User.display_name).where(User.id.in_(ids)))
    return {user_id: name for user_id, name in rows}


def _officer_user(session: Session, user_id: str | None, field: str) -> User:
    user = session.get(User, user_id) if user_id else None
    if (
        user is None
        or not user.active
        or user.deleted_at is not None
        or user.role not in _OFFICER_ROLES
    ):
        raise ValidationError(field, _("Choose an active police officer."))
    return user


# -- reading ---------------------------------------------------------------------------------


def _subject(session: Session, subject_id: str, *, deleted_ok: bool = False) -> YouthSubject:
    subject = session.get(YouthSubject, subject_id)
    if subject is None or (subject.deleted_at is not None and not deleted_ok):
        raise NotFoundError(_("The record no longer exists (it may have been deleted)."))
    return subject


def _rows(session: Session, model: Any, subject_id: str) -> list[Any]:
    stmt = live(select(model).where(model.subject_id == subject_id), model)
    order: dict[Any, tuple[Any, ...]] = {
        YouthGuardian: (YouthGuardian.position, YouthGuardian.id),
        YouthTeamMember: (YouthTeamMember.position, YouthTeamMember.id),
        YouthSession: (YouthSession.held_on, YouthSession.id),
        YouthEvaluation: (YouthEvaluation.evaluated_on, YouthEvaluation.id),
        YouthGradeChange: (YouthGradeChange.changed_on, YouthGradeChange.id),
        YouthAccessGrant: (YouthAccessGrant.id,),
    }
    return list(session.scalars(stmt.order_by(*order[model])))


def _officer_name(session: Session, subject: YouthSubject) -> str:
    return session.scalar(select(User.display_name).where(User.id == subject.officer_user_id)) or ""


def _summary(
    subject: YouthSubject, officer_name: str, basis: AccessBasis, today: date
) -> SubjectSummary:
    days = None if subject.next_due is None else (subject.next_due - today).days
    return from_row(
        SubjectSummary,
        subject,
        masked_name=mask_name_for_minor(subject.name),
        age=age_on(subject.birth_date, today),
        under_14=is_under_14(subject.birth_date, today),
        group=YouthGroup(subject.youth_group),
        officer_name=officer_name,
        days_left=days,
        overdue=days is not None and days < 0,
        access=basis,
    )


def _file(
    session: Session, subject: YouthSubject, today: date, basis: AccessBasis | None
) -> SubjectFile:
    history = _history(session, subject.id)
    linked = {change.evaluation_id: change for change in history if change.evaluation_id}
    evaluations = tuple(
        _evaluation_entry(row, linked.get(row.id), history)
        for row in _rows(session, YouthEvaluation, subject.id)
    )
    plan = (
        PlanEntry(subject.plan_goals, subject.plan_interval_days or 0, subject.plan_measures)
        if subject.plan_goals
        else None
    )
    return from_row(
        SubjectFile,
        subject,
        resident_id=subject.resident_id or "",
        group=YouthGroup(subject.youth_group),
        officer_name=_officer_name(session, subject),
        as_of=today,
        guardians=tuple(from_row(GuardianEntry, g) for g in _rows(session, YouthGuardian, subject.id)),
        team=tuple(
            from_row(TeamMemberEntry, m, kind=MemberKind(m.member_kind))
            for m in _rows(session, YouthTeamMember, subject.id)
        ),
        plan=plan,
        sessions=tuple(_session_entry(s) for s in _rows(session, YouthSession, subject.id)),
        evaluations=evaluations,
        grade_history=tuple(history),
        access=basis or AccessBasis.ADMIN,
    )


def _history(session: Session, subject_id: str) -> list[GradeChange]:
    result: list[GradeChange] = []
    previous: RiskGrade | None = None
    for row in _rows(session, YouthGradeChange, subject_id):
        grade = RiskGrade(row.grade)
        result.append(
            from_row(
                GradeChange,
                row,
                grade=grade,
                previous=previous,
                changed_by=row.changed_by_name,
            )
        )
        previous = grade
    return result


def _evaluation_entry(
    row: YouthEvaluation, change: GradeChange | None, history: Sequence[GradeChange]
) -> EvaluationEntry:
    if change is not None:
        before = change.previous
    else:
        earlier = [c for c in history if c.changed_on <= row.evaluated_on]
        before = earlier[-1].grade if earlier else None
    return from_row(
        EvaluationEntry,
        row,
        new_grade=change.grade if change else None,
        grade_reason=change.reason if change else "",
        grade_before=before,
    )


def _session_entry(row: YouthSession) -> YouthSessionEntry:
    return from_row(YouthSessionEntry, row)


def _list_select(query: SubjectQuery, today: date) -> Select[*tuple[Any, ...]]:
    stmt = select(YouthSubject, User.display_name).outerjoin(
        User, User.id == YouthSubject.officer_user_id
    )
    if not query.include_deleted:
        stmt = stmt.where(YouthSubject.deleted_at.is_(None))
    for condition in _conditions(query, today):
        stmt = stmt.where(condition)
    return stmt.order_by(
        YouthSubject.status.desc(),  # "open" before "closed"
        YouthSubject.next_due.is_(None),
        YouthSubject.next_due,
        YouthSubject.registered_on.desc(),
        YouthSubject.id,
    )


def _conditions(query: SubjectQuery, today: date) -> Iterator[ColumnElement[bool]]:
    if query.group:
        yield YouthSubject.youth_group == YouthGroup(query.group).value
    if query.risk_grade:
        yield YouthSubject.risk_grade == RiskGrade(query.risk_grade).value
    if query.status:
        yield YouthSubject.status == SubjectStatus(query.status).value
    if query.officer_user_id:
        yield YouthSubject.officer_user_id == query.officer_user_id
    if query.due_within is not None:
        yield YouthSubject.status == SubjectStatus.OPEN.value
        yield YouthSubject.next_due <= date.fromordinal(today.toordinal() + query.due_within)
    text = normalise_query(query.text)
    if text:
        number = _id_number(text)
        if number:
            yield YouthSubject.resident_id == number
        else:
            yield YouthSubject.search_keys.like(like_pattern(text), escape="\\")


def _id_number(text: str) -> str | None:
    if len(text) not in (15, 18) or not text[:15].isdigit():
        return None
    try:
        return parse_resident_id(text).number
    except ValidationError:
        return None


def _due_select(actor: Principal, day: date, within_days: int) -> Select[*tuple[Any, ...]]:
    """The due subjects' columns a reminder shows (not whole subjects: hundreds at a time)."""
    stmt = (
        select(
            YouthSubject.id,
            YouthSubject.name,
            YouthSubject.risk_grade,
            YouthSubject.officer_user_id,
            YouthSubject.next_due,
            User.display_name,
        )
        .outerjoin(User, User.id == YouthSubject.officer_user_id)
        .where(
            YouthSubject.deleted_at.is_(None),
            YouthSubject.status == SubjectStatus.OPEN.value,
            YouthSubject.next_due <= date.fromordinal(day.toordinal() + max(0, within_days)),
        )
        .order_by(YouthSubject.next_due, YouthSubject.id)
    )
    if actor.role is not Role.ADMIN:
        stmt = stmt.where(YouthSubject.officer_user_id == actor.user_id)
    return stmt


def _count_due(session: Session, actor: Principal, day: date, within_days: int) -> int:
    stmt = _due_select(actor, day, within_days).with_only_columns(func.count()).order_by(None)
    return session.scalar(stmt) or 0


# -- writing ---------------------------------------------------------------------------------


def _apply_particulars(subject: YouthSubject, facts: Particulars) -> None:
    fill(subject, facts, "name", "birth_date", "phone", "school_or_work", "address", "reason")
    fill(subject, facts, "registered_on", "notes")
    subject.search_keys = search_keys(facts.name)
    subject.gender = facts.gender.value if facts.gender else None
    subject.resident_id = facts.resident_id or None
    subject.youth_group = facts.group.value


def _clashing_subject(session: Session, number: str, own_id: str | None) -> YouthSubject | None:
    """A live subject other than `own_id` registered with the resident ID `number`."""
    if not number:
        return None
    stmt = live(select(YouthSubject).where(YouthSubject.resident_id == number), YouthSubject)
    return next((found for found in session.scalars(stmt) if found.id != own_id), None)


def _check_unique_id(session: Session, number: str, own_id: str | None) -> None:
    if not number:
        return
    stmt = live(select(YouthSubject.id).where(YouthSubject.resident_id == number), YouthSubject)
    if any(found != own_id for found in session.scalars(stmt)):
        raise ValidationError(
            "resident_id", _("A subject with this resident ID number is registered already.")
        )


def _check_registration_date(session: Session, subject: YouthSubject, registered_on: date) -> None:
    """Nothing may be dated before the registration; the first grade moves with it."""
    dates = [s.held_on for s in _rows(session, YouthSession, subject.id)]
    dates += [e.evaluated_on for e in _rows(session, YouthEvaluation, subject.id)]
    changes = _rows(session, YouthGradeChange, subject.id)
    dates += [c.changed_on for c in changes[1:]]
    if subject.closed_on is not None:
        dates.append(subject.closed_on)
    if dates and min(dates) < registered_on:
        raise ValidationError(
            "registered_on",
            _(
                "Sessions or evaluations are dated before {date}; the registration cannot be later."
            ).format(date=min(dates).isoformat()),
        )
    if changes:
        changes[0].changed_on = registered_on


def _sync_guardians(
    session: Session, subject: YouthSubject, guardians: Sequence[GuardianEntry]
) -> None:
    pairs = sync_rows(
        session,
        _rows(session, YouthGuardian, subject.id),
        guardians,
        lambda: YouthGuardian(id=new_id(), subject_id=subject.id),
    )
    for entry, row in pairs:
        fill(row, entry, "name", "relation", "phone", "address")


def _refresh(session: Session, subject: YouthSubject) -> None:
    """Recompute the derived columns: the current grade and the next due date."""
    session.flush()
    changes = _rows(session, YouthGradeChange, subject.id)
    if changes:
        subject.risk_grade = changes[-1].grade
    if subject.status != SubjectStatus.OPEN.value or subject.deleted_at is not None:
        subject.next_due = None
        return
    sessions = _rows(session, YouthSession, subject.id)
    last = sessions[-1] if sessions else None
    subject.next_due = next_due_date(
        subject.registered_on,
        subject.plan_interval_days,
        last.held_on if last else None,
        last.next_due if last else None,
    )


def _grade_on(session: Session, subject_id: str, day: date, skip: str | None = None) -> str | None:
    earlier = [
        c
        for c in _rows(session, YouthGradeChange, subject_id)
        if c.changed_on <= day and c.id != skip
    ]
    return earlier[-1].grade if earlier else None


def _linked_change(session: Session, evaluation_id: str) -> YouthGradeChange | None:
    stmt = live(
        select(YouthGradeChange).where(YouthGradeChange.evaluation_id == evaluation_id),
        YouthGradeChange,
    )
    return session.scalars(stmt).first()


def _apply_evaluation_grade(
    session: Session,
    subject: YouthSubject,
    row: YouthEvaluation,
    linked: YouthGradeChange | None,
    entry: EvaluationEntry,
    actor: Principal,
) -> None:
    before = _grade_on(session, subject.id, entry.evaluated_on, skip=linked.id if linked else None)
    changes = entry.new_grade is not None and entry.new_grade.value != before
    if not changes:
        if linked is not None:
            soft_delete(session, linked)
        return
    if not entry.grade_reason.strip():
        raise ValidationError("grade_reason", _("Enter why the risk grade changes."))
    if linked is None:
        linked = YouthGradeChange(
            id=new_id(),
            subject_id=subject.id,
            evaluation_id=row.id,
            changed_by_name=actor.display_name,
        )
        session.add(linked)
    assert entry.new_grade is not None
    linked.changed_on = entry.evaluated_on
    linked.grade = entry.new_grade.value
    linked.reason = entry.grade_reason


# -- the team --------------------------------------------------------------------------------


def _resolve_member(session: Session, entry: TeamMemberEntry) -> TeamMemberEntry:
    """Copy name, phone and unit from the referenced record (a typed member stays as is)."""
    missing = ValidationError("ref_id", _("The person chosen no longer exists."))
    if entry.kind is MemberKind.USER:
        user = session.get(User, entry.ref_id)
        if user is None or not user.active:
            raise missing
        return _copy(entry, user.display_name, entry.phone, entry.unit)
    if entry.kind is MemberKind.CONTACT:
        person = session.get(ContactPerson, entry.ref_id)
        if person is None or person.deleted_at is not None:
            raise missing
        organisation = (
            session.get(Organisation, person.organisation_id) if person.organisation_id else None
        )
        unit = organisation.name if organisation else person.position
        return _copy(entry, person.name, person.mobile or person.landline, unit)
    if entry.kind is MemberKind.VOLUNTEER:
        volunteer = session.get(Volunteer, entry.ref_id)
        if volunteer is None or volunteer.deleted_at is not None:
            raise missing
        team = session.get(VolunteerTeam, volunteer.team_id) if volunteer.team_id else None
        return _copy(entry, volunteer.name, volunteer.phone, team.name if team else "")
    return entry


def _copy(entry: TeamMemberEntry, name: str, phone: str, unit: str) -> TeamMemberEntry:
    return replace(
        entry,
        name=name[:64],
        phone=(entry.phone or phone or "")[:32],
        unit=(entry.unit or unit or "")[:100],
    )


def _user_candidates(session: Session, wanted: str) -> list[TeamCandidate]:
    users = session.scalars(
        select(User).where(User.active, User.deleted_at.is_(None)).order_by(User.display_name)
    )
    return [
        TeamCandidate(MemberKind.USER, u.id, u.display_name, "", "", TeamRole.OFFICER)
        for u in users
        if not wanted or matches(u.display_name, wanted)
    ]


def _contact_candidates(session: Session, wanted: str, limit: int) -> list[TeamCandidate]:
    stmt = (
        select(ContactPerson, Organisation.name, Organisation.kind)
        .outerjoin(Organisation, Organisation.id == ContactPerson.organisation_id)
        .where(ContactPerson.deleted_at.is_(None))
    )
    if wanted:
        stmt = stmt.where(ContactPerson.search_keys.like(like_pattern(wanted), escape="\\"))
    stmt = stmt.order_by(ContactPerson.sort_key, ContactPerson.id).limit(limit)
    return [
        TeamCandidate(
            MemberKind.CONTACT,
            person.id,
            person.name,
            organisation or person.position,
            person.mobile or person.landline,
            TeamRole.TEACHER
            if kind == OrganisationKind.SCHOOL.value
            else TeamRole.COMMUNITY_WORKER,
        )
        for person, organisation, kind in session.execute(stmt)
    ]


def _volunteer_candidates(session: Session, wanted: str, limit: int) -> list[TeamCandidate]:
    stmt = (
        select(Volunteer, VolunteerTeam.name)
        .outerjoin(VolunteerTeam, VolunteerTeam.id == Volunteer.team_id)
        .where(Volunteer.deleted_at.is_(None), Volunteer.status != VolunteerStatus.LEFT.value)
    )
    if wanted:
        stmt = stmt.where(Volunteer.search_keys.like(like_pattern(wanted), escape="\\"))
    stmt = stmt.order_by(Volunteer.sort_key, Volunteer.id).limit(limit)
    return [
        TeamCandidate(MemberKind.VOLUNTEER, v.id, v.name, team or "", v.phone, TeamRole.VOLUNTEER)
        for v, team in session.execute(stmt)
    ]
