"""Youth guidance (青少年帮教): subjects with guardians, guidance-team members, sessions,
evaluations, the risk grade history and the access grants — sealed material (封存).

The plan (goals, measures, interval) and the closure live on the subject row: a subject has
one of each. Columns the list and the reminders need are kept on the subject so they read one
table: `risk_grade` (the latest entry of the grade history) and `next_due` (when the next
session is due; None once closed). Both are derived and kept by the service; `next_due` and
`search_keys` are left out of the audit trail.

Every table here is `__audit_redact_all__`: its audit entries name the fields that changed but
hold none of the values (names, ID numbers, birth dates, phones, addresses, school, reasons,
notes, session and evaluation texts, dates), except the keys and the columns marked `KEEP`
(ids, enum codes, positions, the plan interval), which identify no one.

They are the sealed tables (`SEALED_TABLES`, at the end): they stay out of every export
unless an authorised user includes them.
"""

from __future__ import annotations

__all__ = [
    "YouthAccessGrant", "YouthEvaluation", "YouthGradeChange", "YouthGuardian", "YouthSession",
    "YouthSubject", "YouthTeamMember",
]

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from station_desk.db.models.base import AUDIT_INFO_KEY, AUDIT_SKIP, Base, RecordId, RecordMixin

REDACT = {AUDIT_INFO_KEY: "redact"}
KEEP = {AUDIT_INFO_KEY: "keep"}  # a value the audit trail may keep in a redact-all table


class YouthSubject(RecordMixin, Base):
    """A young person under guidance (帮教对象), with the plan and the closure."""

    __tablename__ = "youth_subjects"
    __audit_name__ = "youth_subject"
    __audit_redact_all__ = True
    __table_args__ = (
        Index("ix_youth_subjects_officer_user_id_status", "officer_user_id", "status"),
        Index("ix_youth_subjects_status_next_due", "status", "next_due"),
    )

    name: Mapped[str] = mapped_column(String(64), info=REDACT)
    search_keys: Mapped[str] = mapped_column(Text, default="", info=AUDIT_SKIP)
    gender: Mapped[str | None] = mapped_column(String(8))
    resident_id: Mapped[str | None] = mapped_column(String(18), index=True, info=REDACT)
    birth_date: Mapped[date] = mapped_column(Date())
    phone: Mapped[str] = mapped_column(String(32), default="")
    school_or_work: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    youth_group: Mapped[str] = mapped_column(String(32), info=KEEP)
    risk_grade: Mapped[str] = mapped_column(String(8), info=KEEP)
    reason: Mapped[str] = mapped_column(Text, default="")
    registered_on: Mapped[date] = mapped_column(Date(), index=True)
    officer_user_id: Mapped[str] = mapped_column(RecordId, ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(8), info=KEEP)
    notes: Mapped[str] = mapped_column(Text, default="")
    # the plan (帮教计划); goals empty = no plan yet
    plan_goals: Mapped[str] = mapped_column(Text, default="")
    plan_measures: Mapped[str] = mapped_column(Text, default="")
    plan_interval_days: Mapped[int | None] = mapped_column(Integer, info=KEEP)
    next_due: Mapped[date | None] = mapped_column(Date(), info=AUDIT_SKIP)
    # closure (结案)
    closed_on: Mapped[date | None] = mapped_column(Date())
    closure_reason: Mapped[str | None] = mapped_column(String(16), info=KEEP)
    closure_note: Mapped[str] = mapped_column(Text, default="")


class YouthGuardian(RecordMixin, Base):
    """A guardian (监护人) of a subject."""

    __tablename__ = "youth_guardians"
    __audit_name__ = "youth_guardian"
    __audit_redact_all__ = True

    subject_id: Mapped[str] = mapped_column(RecordId, ForeignKey("youth_subjects.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0, info=KEEP)
    name: Mapped[str] = mapped_column(String(64))
    relation: Mapped[str] = mapped_column(String(32), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    address: Mapped[str] = mapped_column(String(200), default="")


class YouthTeamMember(RecordMixin, Base):
    """A member of the guidance team (帮教小组). `member_kind` + `ref_id` point at a user,
    contact person or volunteer (a plain reference: the three live in different tables);
    `name`, `phone` and `unit` are copies made when the member was added."""

    __tablename__ = "youth_team_members"
    __audit_name__ = "youth_team_member"
    __audit_redact_all__ = True

    subject_id: Mapped[str] = mapped_column(RecordId, ForeignKey("youth_subjects.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0, info=KEEP)
    member_kind: Mapped[str] = mapped_column(String(16), info=KEEP)
    ref_id: Mapped[str | None] = mapped_column(String(36), info=KEEP)
    name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(24), info=KEEP)
    phone: Mapped[str] = mapped_column(String(32), default="")
    unit: Mapped[str] = mapped_column(String(100), default="")


class YouthSession(RecordMixin, Base):
    """A guidance session (帮教记录). `next_due` is the explicit next date, if one was given."""

    __tablename__ = "youth_sessions"
    __audit_name__ = "youth_session"
    __audit_redact_all__ = True

    subject_id: Mapped[str] = mapped_column(RecordId, ForeignKey("youth_subjects.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date())
    kind: Mapped[str] = mapped_column(String(16), info=KEEP)
    place: Mapped[str] = mapped_column(String(100), default="")
    participants: Mapped[str] = mapped_column(String(500), default="")
    content: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(Text, default="")
    assessment: Mapped[str] = mapped_column(Text, default="")
    conducted_by: Mapped[str] = mapped_column(String(64), default="")
    next_due: Mapped[date | None] = mapped_column(Date())


class YouthEvaluation(RecordMixin, Base):
    """A periodic evaluation (阶段评估); a grade change it made is in the grade history."""

    __tablename__ = "youth_evaluations"
    __audit_name__ = "youth_evaluation"
    __audit_redact_all__ = True

    subject_id: Mapped[str] = mapped_column(RecordId, ForeignKey("youth_subjects.id"), index=True)
    evaluated_on: Mapped[date] = mapped_column(Date())
    progress: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")
    evaluator: Mapped[str] = mapped_column(String(64), default="")


class YouthGradeChange(RecordMixin, Base):
    """One entry of a subject's risk grade history (风险等级变更)."""

    __tablename__ = "youth_grade_changes"
    __audit_name__ = "youth_grade_change"
    __audit_redact_all__ = True

    subject_id: Mapped[str] = mapped_column(RecordId, ForeignKey("youth_subjects.id"), index=True)
    changed_on: Mapped[date] = mapped_column(Date())
    grade: Mapped[str] = mapped_column(String(8), info=KEEP)
    reason: Mapped[str] = mapped_column(Text, default="")
    changed_by_name: Mapped[str] = mapped_column(String(64), default="")
    evaluation_id: Mapped[str | None] = mapped_column(
        RecordId, ForeignKey("youth_evaluations.id"), index=True
    )


class YouthAccessGrant(RecordMixin, Base):
    """An officer the admin let see one subject (授权查阅); revoking deletes it (softly)."""

    __tablename__ = "youth_access_grants"
    __audit_name__ = "youth_access_grant"
    __audit_redact_all__ = True

    subject_id: Mapped[str] = mapped_column(RecordId, ForeignKey("youth_subjects.id"), index=True)
    user_id: Mapped[str] = mapped_column(RecordId, ForeignKey("users.id"), index=True)
    granted_by: Mapped[str] = mapped_column(String(36), default="", info=KEEP)
    note: Mapped[str] = mapped_column(String(200), default="")


# 封存: out of every export unless an authorised user includes them (`services/export.py`), and
# a backup holding rows of them says so in its audit entry (`services/backup.py`).
SEALED_TABLES = frozenset(
    model.__tablename__
    for model in (
        YouthSubject, YouthGuardian, YouthTeamMember, YouthSession, YouthEvaluation,
        YouthGradeChange, YouthAccessGrant,
    )
)
