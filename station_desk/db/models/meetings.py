"""Meetings (会议): the meeting, its attendees, agenda items, action items and amendments.

`starts_at` / `ends_at` are local wall-clock times stored without a zone (a meeting "at 19:00"
stays at 19:00); every other timestamp is UTC. Rows of a meeting are ordered by `position`.
"""

from __future__ import annotations

__all__ = [
    "ActionItem", "AgendaItem", "Meeting", "MeetingAmendment", "MeetingAttendee", "MeetingRating",
    "MeetingReport",
]

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from station_desk.db.models.base import Base, RecordId, RecordMixin, UTCDateTime


class Meeting(RecordMixin, Base):
    """A meeting (会议): 治保例会, 警情通报会, 述职会, 联席会议, 队伍例会 or other."""

    __tablename__ = "meetings"
    __audit_name__ = "meeting"
    __table_args__ = (
        # the live list, newest first, without sorting 100,000 rows
        Index("ix_meetings_deleted_at_starts_at", "deleted_at", "starts_at"),
        Index("ix_meetings_type_starts_at", "meeting_type", "starts_at"),
        Index("ix_meetings_status_starts_at", "status", "starts_at"),
    )

    meeting_type: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(100))
    starts_at: Mapped[datetime] = mapped_column(DateTime(), index=True)  # local, naive
    ends_at: Mapped[datetime | None] = mapped_column(DateTime())  # local, naive
    place: Mapped[str] = mapped_column(String(100), default="")
    host: Mapped[str] = mapped_column(String(64), default="")
    recorder: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(16))
    summary: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class MeetingAttendee(RecordMixin, Base):
    """An attendee (参会人员): a user, contact or volunteer (`ref_id`), or a guest (no ref)."""

    __tablename__ = "meeting_attendees"
    __audit_name__ = "meeting_attendee"

    meeting_id: Mapped[str] = mapped_column(RecordId, ForeignKey("meetings.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(16))
    ref_id: Mapped[str | None] = mapped_column(String(36), index=True)
    name: Mapped[str] = mapped_column(String(64))
    organisation: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[str] = mapped_column(String(64), default="")
    expected: Mapped[bool] = mapped_column(Boolean, default=True)
    present: Mapped[bool | None] = mapped_column(Boolean)
    absence_reason: Mapped[str] = mapped_column(String(200), default="")


class AgendaItem(RecordMixin, Base):
    """An agenda item (议题) with its discussion (讨论情况) and decisions (决定事项)."""

    __tablename__ = "meeting_agenda_items"
    __audit_name__ = "meeting_agenda_item"

    meeting_id: Mapped[str] = mapped_column(RecordId, ForeignKey("meetings.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(200))
    discussion: Mapped[str] = mapped_column(Text, default="")
    decisions: Mapped[str] = mapped_column(Text, default="")


class ActionItem(RecordMixin, Base):
    """An action item (会议事项); `carried_from_id` is the earlier meeting's item it continues."""

    __tablename__ = "meeting_action_items"
    __audit_name__ = "meeting_action_item"
    __table_args__ = (Index("ix_meeting_action_items_status_due_date", "status", "due_date"),)

    meeting_id: Mapped[str] = mapped_column(RecordId, ForeignKey("meetings.id"), index=True)
    agenda_item_id: Mapped[str | None] = mapped_column(
        RecordId, ForeignKey("meeting_agenda_items.id"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    description: Mapped[str] = mapped_column(String(500))
    owner: Mapped[str] = mapped_column(String(64), default="")
    due_date: Mapped[date | None] = mapped_column(Date())
    status: Mapped[str] = mapped_column(String(16))
    progress: Mapped[str] = mapped_column(Text, default="")
    carried_from_id: Mapped[str | None] = mapped_column(
        RecordId, ForeignKey("meeting_action_items.id"), index=True
    )


class MeetingAmendment(RecordMixin, Base):
    """A correction (更正) to finalised minutes: when (UTC), by whom, which part, what."""

    __tablename__ = "meeting_amendments"
    __audit_name__ = "meeting_amendment"

    meeting_id: Mapped[str] = mapped_column(RecordId, ForeignKey("meetings.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    by_user_id: Mapped[str] = mapped_column(String(36), default="")
    by_name: Mapped[str] = mapped_column(String(64), default="")
    section: Mapped[str] = mapped_column(String(100), default="")
    text: Mapped[str] = mapped_column(Text)


class MeetingReport(RecordMixin, Base):
    """The report a meeting hears: a 述职会's 述职报告 or a 警情通报会's 警情通报, and the
    result of the attendees' 评议 (one row per meeting)."""

    __tablename__ = "meeting_reports"
    __audit_name__ = "meeting_report"

    meeting_id: Mapped[str] = mapped_column(
        RecordId, ForeignKey("meetings.id"), index=True, unique=True
    )
    work_report_id: Mapped[str | None] = mapped_column(RecordId, ForeignKey("work_reports.id"))
    briefing_id: Mapped[str | None] = mapped_column(RecordId, ForeignKey("police_briefings.id"))
    review_result: Mapped[str] = mapped_column(Text, default="")


class MeetingRating(RecordMixin, Base):
    """One attendee's 评议 of the report heard: 满意 / 基本满意 / 不满意, with remarks."""

    __tablename__ = "meeting_ratings"
    __audit_name__ = "meeting_rating"

    meeting_id: Mapped[str] = mapped_column(RecordId, ForeignKey("meetings.id"), index=True)
    attendee_id: Mapped[str | None] = mapped_column(RecordId, ForeignKey("meeting_attendees.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(64))
    rating: Mapped[str] = mapped_column(String(16))
    remarks: Mapped[str] = mapped_column(String(500), default="")
