"""The duty log (勤务日志): users' dated time entries, and the room's opening hours.

Times are local wall-clock times stored without a zone (an entry "09:00–11:30" stays so);
record bookkeeping is UTC.
"""

from __future__ import annotations

__all__ = ["DutyLogEntry", "RoomOpening"]

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from station_desk.db.models.base import Base, RecordId, RecordMixin


class DutyLogEntry(RecordMixin, Base):
    """One duty log entry (勤务记录) of a user: activity, place, in the beat or not."""

    __tablename__ = "duty_entries"
    __audit_name__ = "duty_entry"
    __table_args__ = (
        Index("ix_duty_entries_user_id_starts_at", "user_id", "starts_at"),
        Index("ix_duty_entries_deleted_at_starts_at", "deleted_at", "starts_at"),
    )

    user_id: Mapped[str] = mapped_column(RecordId, ForeignKey("users.id"))
    starts_at: Mapped[datetime] = mapped_column(DateTime())  # local, naive
    ends_at: Mapped[datetime] = mapped_column(DateTime())  # local, naive
    activity: Mapped[str] = mapped_column(String(16))
    place: Mapped[str] = mapped_column(String(100), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    in_beat: Mapped[bool] = mapped_column(Boolean, default=True)


class RoomOpening(RecordMixin, Base):
    """The police room's opening hours on one day (开放时间), local times."""

    __tablename__ = "room_openings"
    __audit_name__ = "room_opening"

    day: Mapped[date] = mapped_column(Date(), index=True)
    opens_at: Mapped[datetime] = mapped_column(DateTime())
    closes_at: Mapped[datetime] = mapped_column(DateTime())
    staff: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
