"""User accounts (用户账号) and room settings (设置)."""

from __future__ import annotations

__all__ = ["Setting", "User"]

from datetime import datetime

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from station_desk.db.models.base import (
    AUDIT_INFO_KEY,
    AUDIT_SKIP,
    Base,
    RecordMixin,
    UTCDateTime,
    utcnow,
)


class User(RecordMixin, Base):
    """A person who signs in: admin, officer or auxiliary. Deactivated, never deleted."""

    __tablename__ = "users"
    __audit_name__ = "user"

    username: Mapped[str] = mapped_column(String(32), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    badge_number: Mapped[str] = mapped_column(String(32), default="")
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255), info={AUDIT_INFO_KEY: "redact"})
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, info=AUDIT_SKIP)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), info=AUDIT_SKIP)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), info=AUDIT_SKIP)


class Setting(Base):
    """One room-wide setting as a JSON value under a key (station name, idle lock, language...)."""

    __tablename__ = "settings"
    __audit_name__ = "setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(36))
