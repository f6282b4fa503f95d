"""Mediation (调解): cases, their parties, sessions with statements, return visits, and the
per-year counter that issues case numbers.

The outcome (agreement terms, or the reason it failed) lives on the case row: a case has one.
Columns the list needs are kept on the case so the list reads one table: `party_names` (the
parties' names, for display), `due_date` (the time limit, worked out when the case is saved
or the limits change) and `return_visit_due` (when the next return visit is due, kept by the
service). These three are derived, so the audit trail leaves them out.
Session times are local wall-clock times stored without a zone; other timestamps are UTC.
"""

from __future__ import annotations

__all__ = [
    "MediationCase", "MediationCaseCounter", "MediationParty", "MediationReturnVisit",
    "MediationSession", "MediationStatement",
]

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from station_desk.db.models.base import AUDIT_SKIP, Base, RecordId, RecordMixin, UTCDateTime


class _Record(RecordMixin):
    """RecordMixin without the single-column index on `deleted_at`.

    Rows here are looked up by their case (or session, or ID number) with `deleted_at IS NULL`
    added. Without table statistics (no ANALYZE) SQLite takes that `IS NULL` for a selective
    equality and walks the deleted_at index — every row — instead of the case_id index: 7 s
    instead of 0.1 s for a month's register at 100,000 cases. Cases have a composite
    (deleted_at, received_on) index for the live list instead.
    """

    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class MediationCase(_Record, Base):
    """A mediation case (调解案件): 治安调解 or a referral to the people's mediation committee."""

    __tablename__ = "mediation_cases"
    __audit_name__ = "mediation_case"
    __table_args__ = (
        UniqueConstraint("case_year", "case_seq", name="uq_mediation_cases_year_seq"),
        # the live list, newest first, in the list's whole order: read, not sorted (0013)
        Index(
            "ix_mediation_cases_deleted_at_received_on",
            "deleted_at", "received_on", "case_year", "case_seq",
        ),
        Index("ix_mediation_cases_status_received_on", "status", "received_on"),
        Index("ix_mediation_cases_type_received_on", "dispute_type", "received_on"),
        Index("ix_mediation_cases_status_due_date", "status", "due_date"),
    )

    case_year: Mapped[int] = mapped_column(Integer)
    case_seq: Mapped[int] = mapped_column(Integer)
    case_number: Mapped[str] = mapped_column(String(80), unique=True)
    received_on: Mapped[date] = mapped_column(Date(), index=True)
    source: Mapped[str] = mapped_column(String(32))
    dispute_type: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(100))
    facts: Mapped[str] = mapped_column(Text, default="")
    officer: Mapped[str] = mapped_column(String(64), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16))
    due_date: Mapped[date] = mapped_column(Date(), info=AUDIT_SKIP)
    # the outcome (调解结果)
    outcome: Mapped[str | None] = mapped_column(String(16))
    concluded_on: Mapped[date | None] = mapped_column(Date())
    matters_in_dispute: Mapped[str] = mapped_column(Text, default="")
    responsibilities: Mapped[str] = mapped_column(Text, default="")
    terms: Mapped[str] = mapped_column(Text, default="")
    performance_method: Mapped[str] = mapped_column(Text, default="")
    perform_by: Mapped[date | None] = mapped_column(Date())
    outcome_reason: Mapped[str] = mapped_column(Text, default="")
    routes: Mapped[str] = mapped_column(Text, default="")
    referred_to: Mapped[str] = mapped_column(String(100), default="")
    # performance (履行情况), return visits and closing
    performance_status: Mapped[str | None] = mapped_column(String(16))
    performance_note: Mapped[str] = mapped_column(Text, default="")
    return_visit_due: Mapped[date | None] = mapped_column(Date(), index=True, info=AUDIT_SKIP)
    closed_on: Mapped[date | None] = mapped_column(Date())
    closed_incomplete_reason: Mapped[str] = mapped_column(Text, default="")
    party_names: Mapped[str] = mapped_column(String(200), default="", info=AUDIT_SKIP)


class MediationCaseCounter(Base):
    """The last case sequence number issued in a year (never goes down: numbers are not
    reused). Updated in the transaction that creates the case; the case's audit entry
    carries its number."""

    __tablename__ = "mediation_case_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class MediationParty(_Record, Base):
    """A party (当事人) of a case: a person (with or without a resident ID) or an organisation.

    `search_keys` (name, full pinyin, initials; see `domain.pinyin.search_keys`) is derived
    from the name, so the audit trail leaves it out.
    """

    __tablename__ = "mediation_parties"
    __audit_name__ = "mediation_party"

    case_id: Mapped[str] = mapped_column(RecordId, ForeignKey("mediation_cases.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    role: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16), default="person")
    name: Mapped[str] = mapped_column(String(100))
    resident_id: Mapped[str | None] = mapped_column(String(18), index=True)
    gender: Mapped[str | None] = mapped_column(String(8))
    birth_date: Mapped[date | None] = mapped_column(Date())
    id_note: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    representative: Mapped[str] = mapped_column(String(64), default="")
    guardian_name: Mapped[str] = mapped_column(String(64), default="")
    guardian_relation: Mapped[str] = mapped_column(String(32), default="")
    guardian_phone: Mapped[str] = mapped_column(String(32), default="")
    search_keys: Mapped[str] = mapped_column(Text, default="", info=AUDIT_SKIP)


class MediationSession(_Record, Base):
    """A mediation session and its record (调解笔录); times are local wall-clock times."""

    __tablename__ = "mediation_sessions"
    __audit_name__ = "mediation_session"

    case_id: Mapped[str] = mapped_column(RecordId, ForeignKey("mediation_cases.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(DateTime())
    ends_at: Mapped[datetime | None] = mapped_column(DateTime())
    place: Mapped[str] = mapped_column(String(100), default="")
    mediators: Mapped[str] = mapped_column(String(200), default="")
    recorder: Mapped[str] = mapped_column(String(64), default="")
    participants: Mapped[str] = mapped_column(String(500), default="")
    rights_explained: Mapped[bool] = mapped_column(Boolean, default=False)
    facts_checked: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(Text, default="")


class MediationStatement(_Record, Base):
    """One party's statement (当事人陈述) in a session; `speaker` is a copy of the name."""

    __tablename__ = "mediation_statements"
    __audit_name__ = "mediation_statement"

    session_id: Mapped[str] = mapped_column(
        RecordId, ForeignKey("mediation_sessions.id"), index=True
    )
    party_id: Mapped[str | None] = mapped_column(
        RecordId, ForeignKey("mediation_parties.id"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    speaker: Mapped[str] = mapped_column(String(100), default="")
    text: Mapped[str] = mapped_column(Text, default="")


class MediationReturnVisit(_Record, Base):
    """A return visit (回访) after an agreement."""

    __tablename__ = "mediation_return_visits"
    __audit_name__ = "mediation_return_visit"

    case_id: Mapped[str] = mapped_column(RecordId, ForeignKey("mediation_cases.id"), index=True)
    visit_date: Mapped[date] = mapped_column(Date())
    method: Mapped[str] = mapped_column(String(16))
    visitor: Mapped[str] = mapped_column(String(64), default="")
    findings: Mapped[str] = mapped_column(Text, default="")
    satisfaction: Mapped[str | None] = mapped_column(String(24))
    next_due: Mapped[date | None] = mapped_column(Date())
