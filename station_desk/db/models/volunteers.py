"""Volunteers and duty rosters (群防群治队伍与排班): teams, volunteers, commendations, weekly
patterns, patrol shifts and their members with attendance.

Shift times (`starts_at`, `ends_at`, `check_in`, `check_out`) are local wall-clock times
stored without a zone, like meetings; record bookkeeping is UTC. A team's leader is a plain
reference (`leader_id`, no foreign key: teams and volunteers would refer to each other); the
service keeps it pointing at a live member of the team.
"""

from __future__ import annotations

__all__ = [
    "PatrolPattern", "PatrolShift", "ShiftMember", "Volunteer", "VolunteerCommendation",
    "VolunteerTeam",
]

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from station_desk.db.models.base import AUDIT_SKIP, Base, RecordId, RecordMixin


class VolunteerTeam(RecordMixin, Base):
    """A team (队伍): patrol team, 平安志愿者, building heads (楼栋长) or another group."""

    __tablename__ = "volunteer_teams"
    __audit_name__ = "volunteer_team"

    name: Mapped[str] = mapped_column(String(50), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    leader_id: Mapped[str | None] = mapped_column(String(36), index=True)
    area: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class Volunteer(RecordMixin, Base):
    """A volunteer (志愿者) with the "五适" care items.

    `availability` is the stored availability text ("*", or tokens such as "2E 4E");
    `search_keys` and `sort_key` are derived from the name, so the audit trail leaves them out.
    """

    __tablename__ = "volunteers"
    __audit_name__ = "volunteer"
    __table_args__ = (
        Index("ix_volunteers_deleted_at_sort_key", "deleted_at", "sort_key"),
        Index("ix_volunteers_team_id_status", "team_id", "status"),
    )

    name: Mapped[str] = mapped_column(String(64))
    gender: Mapped[str | None] = mapped_column(String(8))
    resident_id: Mapped[str | None] = mapped_column(String(18), index=True)
    birth_date: Mapped[date | None] = mapped_column(Date())
    id_note: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(32), default="", index=True)
    address: Mapped[str] = mapped_column(String(200), default="")
    team_id: Mapped[str | None] = mapped_column(RecordId, ForeignKey("volunteer_teams.id"))
    role: Mapped[str] = mapped_column(String(16))
    skills: Mapped[str] = mapped_column(String(500), default="")
    join_date: Mapped[date | None] = mapped_column(Date())
    status: Mapped[str] = mapped_column(String(16), index=True)
    vest_issued: Mapped[bool] = mapped_column(Boolean, default=False)
    card_issued: Mapped[bool] = mapped_column(Boolean, default=False)
    insurance_until: Mapped[date | None] = mapped_column(Date())
    allowance: Mapped[str] = mapped_column(String(100), default="")
    contact_notes: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    availability: Mapped[str] = mapped_column(String(100), default="*")
    max_shifts_per_week: Mapped[int] = mapped_column(Integer, default=3)
    search_keys: Mapped[str] = mapped_column(Text, default="", info=AUDIT_SKIP)
    sort_key: Mapped[str] = mapped_column(String(200), default="", info=AUDIT_SKIP)


class VolunteerCommendation(RecordMixin, Base):
    """A commendation (表彰) of a volunteer."""

    __tablename__ = "volunteer_commendations"
    __audit_name__ = "volunteer_commendation"

    volunteer_id: Mapped[str] = mapped_column(RecordId, ForeignKey("volunteers.id"), index=True)
    awarded_on: Mapped[date] = mapped_column(Date())
    title: Mapped[str] = mapped_column(String(100))
    awarded_by: Mapped[str] = mapped_column(String(100), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class PatrolPattern(RecordMixin, Base):
    """A weekly pattern (排班规则): weekdays ("2,4"), times ("19:00"), route, team, seats."""

    __tablename__ = "patrol_patterns"
    __audit_name__ = "patrol_pattern"

    team_id: Mapped[str] = mapped_column(RecordId, ForeignKey("volunteer_teams.id"), index=True)
    route: Mapped[str] = mapped_column(String(100))
    weekdays: Mapped[str] = mapped_column(String(16))
    start_time: Mapped[str] = mapped_column(String(5))
    end_time: Mapped[str] = mapped_column(String(5))
    overnight: Mapped[bool] = mapped_column(Boolean, default=False)
    seats: Mapped[int] = mapped_column(Integer, default=3)
    valid_from: Mapped[date] = mapped_column(Date())
    valid_until: Mapped[date | None] = mapped_column(Date())
    notes: Mapped[str] = mapped_column(Text, default="")


class PatrolShift(RecordMixin, Base):
    """A patrol shift (巡逻班次); `pattern_id` names the weekly pattern that made it."""

    __tablename__ = "patrol_shifts"
    __audit_name__ = "patrol_shift"
    __table_args__ = (
        Index("ix_patrol_shifts_deleted_at_starts_at", "deleted_at", "starts_at"),
        Index("ix_patrol_shifts_team_id_starts_at", "team_id", "starts_at"),
        Index("ix_patrol_shifts_pattern_id_starts_at", "pattern_id", "starts_at"),
    )

    starts_at: Mapped[datetime] = mapped_column(DateTime())  # local, naive
    ends_at: Mapped[datetime] = mapped_column(DateTime())  # local, naive
    route: Mapped[str] = mapped_column(String(100))
    team_id: Mapped[str | None] = mapped_column(RecordId, ForeignKey("volunteer_teams.id"))
    pattern_id: Mapped[str | None] = mapped_column(RecordId, ForeignKey("patrol_patterns.id"))
    seats: Mapped[int] = mapped_column(Integer, default=3)
    notes: Mapped[str] = mapped_column(Text, default="")


class ShiftMember(RecordMixin, Base):
    """A volunteer on a shift, with attendance (出勤) and check-in/out (local times).

    `substitute_for_id` is the volunteer this member stood in for; `auto_closed` marks a
    check-out filled in at the shift's end because none was recorded, `reviewed` that the
    officer has looked at it.
    """

    __tablename__ = "patrol_shift_members"
    __audit_name__ = "patrol_shift_member"
    __table_args__ = (
        Index("ix_patrol_shift_members_volunteer_id_shift_id", "volunteer_id", "shift_id"),
        Index("ix_patrol_shift_members_attendance", "attendance", "auto_closed", "reviewed"),
        # the forgotten check-outs to review (check_out IS NULL AND check_in IS NOT NULL)
        Index("ix_patrol_shift_members_check_out_check_in", "check_out", "check_in"),
    )

    shift_id: Mapped[str] = mapped_column(RecordId, ForeignKey("patrol_shifts.id"), index=True)
    volunteer_id: Mapped[str] = mapped_column(RecordId, ForeignKey("volunteers.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    attendance: Mapped[str] = mapped_column(String(16), default="pending")
    check_in: Mapped[datetime | None] = mapped_column(DateTime())
    check_out: Mapped[datetime | None] = mapped_column(DateTime())
    absence_reason: Mapped[str] = mapped_column(String(200), default="")
    substitute_for_id: Mapped[str | None] = mapped_column(String(36))
    auto_closed: Mapped[bool] = mapped_column(Boolean, default=False)
    reviewed: Mapped[bool] = mapped_column(Boolean, default=False)
