"""The residents' desk: the reception log (来访来电登记) and the opinion register (群众意见建议).

Times received are local wall-clock times stored without a zone; record bookkeeping is UTC.
A reception entry points to the mediation case or the opinion made from it; an opinion made
from an entry points back (`reception_id`).
"""

from __future__ import annotations

__all__ = ["ReceptionLogEntry", "ResidentOpinion"]

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

from station_desk.db.models.base import Base, RecordId, RecordMixin


class ReceptionLogEntry(RecordMixin, Base):
    """One visit or call (来访来电登记)."""

    __tablename__ = "reception_entries"
    __audit_name__ = "reception_entry"
    __table_args__ = (
        Index("ix_reception_entries_deleted_at_received_at", "deleted_at", "received_at"),
    )

    received_at: Mapped[datetime] = mapped_column(DateTime(), index=True)  # local, naive
    channel: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(50), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    resident_id: Mapped[str] = mapped_column(String(18), default="")
    content: Mapped[str] = mapped_column(Text, default="")
    handling: Mapped[str] = mapped_column(String(16))
    receiving_unit: Mapped[str] = mapped_column(String(100), default="")
    handler: Mapped[str] = mapped_column(String(50), default="")
    result: Mapped[str] = mapped_column(Text, default="")
    follow_up_due: Mapped[date | None] = mapped_column(Date())
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    mediation_case_id: Mapped[str | None] = mapped_column(
        RecordId, ForeignKey("mediation_cases.id"), index=True
    )


class ResidentOpinion(RecordMixin, Base):
    """One opinion or suggestion of the residents (群众意见建议), with its reply."""

    __tablename__ = "resident_opinions"
    __audit_name__ = "resident_opinion"
    __table_args__ = (
        UniqueConstraint("year", "seq", name="uq_resident_opinions_year_seq"),
        Index("ix_resident_opinions_deleted_at_received_on", "deleted_at", "received_on"),
    )

    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    received_on: Mapped[date] = mapped_column(Date())
    source: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(16))
    urgency: Mapped[str] = mapped_column(String(16))
    content: Mapped[str] = mapped_column(Text, default="")
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    name: Mapped[str] = mapped_column(String(50), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    resident_id: Mapped[str] = mapped_column(String(18), default="")
    handler: Mapped[str] = mapped_column(String(50), default="")
    due_on: Mapped[date] = mapped_column(Date(), index=True)
    due_set_by_hand: Mapped[bool] = mapped_column(Boolean, default=False)
    replied_on: Mapped[date | None] = mapped_column(Date())
    reply_method: Mapped[str | None] = mapped_column(String(16))
    reply_content: Mapped[str] = mapped_column(Text, default="")
    replied_by: Mapped[str] = mapped_column(String(50), default="")
    satisfaction: Mapped[str | None] = mapped_column(String(16))
    closed_on: Mapped[date | None] = mapped_column(Date())
    outcome: Mapped[str] = mapped_column(Text, default="")
    reception_id: Mapped[str | None] = mapped_column(
        RecordId, ForeignKey("reception_entries.id"), index=True
    )
