"""The audit table (审计日志). Rows are only ever inserted; triggers refuse UPDATE and DELETE."""

from __future__ import annotations

__all__ = ["AuditChainKey", "AuditRecord"]

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from station_desk.db.models.base import Base, UTCDateTime


class AuditRecord(Base):
    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    user_id: Mapped[str] = mapped_column(String(36), default="")
    username: Mapped[str] = mapped_column(String(64), default="", index=True)
    action: Mapped[str] = mapped_column(String(32), index=True)
    record_type: Mapped[str] = mapped_column(String(32), default="")
    record_id: Mapped[str] = mapped_column(String(64), default="", index=True)
    details: Mapped[str] = mapped_column(Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditChainKey(Base):
    """The secret that keys the audit chain (HMAC-SHA256), kept only inside the encrypted
    database; one row. Entries before `keyed_from_seq` (written before the database was
    encrypted) keep their plain SHA-256 links; the first keyed entry covers the last of them."""

    __tablename__ = "audit_chain_key"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    key: Mapped[str] = mapped_column(String(64))
    keyed_from_seq: Mapped[int] = mapped_column(Integer)
