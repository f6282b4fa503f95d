"""Reports the officer writes over compiled figures: the quarterly 述职报告's own sections
(kept as a draft until finalised) and the 警情通报's prevention advice and remarks.

The figures themselves are never stored: they are compiled from the modules when printed.
"""

from __future__ import annotations

__all__ = ["PoliceBriefing", "WorkReport"]

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from station_desk.db.models.base import Base, RecordId, RecordMixin, UTCDateTime


class WorkReport(RecordMixin, Base):
    """A user's quarterly 述职报告: 工作总结, 存在问题, 下步打算; draft until finalised."""

    __tablename__ = "work_reports"
    __audit_name__ = "work_report"
    __table_args__ = (
        Index("ix_work_reports_user_id_year_quarter", "user_id", "year", "quarter", unique=True),
    )

    user_id: Mapped[str] = mapped_column(RecordId, ForeignKey("users.id"))
    year: Mapped[int] = mapped_column(Integer)
    quarter: Mapped[int] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(Text, default="")
    problems: Mapped[str] = mapped_column(Text, default="")
    plans: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16))
    finalised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class PoliceBriefing(RecordMixin, Base):
    """What the officer adds to a period's 警情通报 / 警情公示: 防范提示 and remarks."""

    __tablename__ = "police_briefings"
    __audit_name__ = "police_briefing"
    __table_args__ = (
        Index("ix_police_briefings_date_from_date_to", "date_from", "date_to", unique=True),
    )

    date_from: Mapped[date] = mapped_column(Date())
    date_to: Mapped[date] = mapped_column(Date())
    advice: Mapped[str] = mapped_column(Text, default="")
    remarks: Mapped[str] = mapped_column(Text, default="")
