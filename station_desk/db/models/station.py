"""The station's own tables (派出所): the rooms it takes packages from, each import, the
rooms' audit-trail links it has seen, what it last imported of every record, and conflicts.

They exist in every database (one set of migrations) but are filled only in a station's
database on its PostgreSQL server (`services/station.py`). Each room's records live in a
schema of their own there (`room_<number>`), in the same tables as in a room's file.
"""

from __future__ import annotations

__all__ = [
    "StationAuditLink", "StationConflict", "StationImport", "StationRecordState", "StationRoom",
]

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from station_desk.db.models.base import Base, JSONText, UTCDateTime


class StationRoom(Base):
    """A room whose packages the station imports (警务室), registered by a person."""

    __tablename__ = "station_rooms"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(100))
    station_name: Mapped[str] = mapped_column(String(100), default="")
    schema_name: Mapped[str] = mapped_column(String(40), unique=True)
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    registered_by: Mapped[str] = mapped_column(String(64), default="")
    last_import_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_package_at: Mapped[str] = mapped_column(
        String(40), default=""
    )  # the newest package's time
    audit_seq: Mapped[int] = mapped_column(Integer, default=0)  # the newest audit head imported
    audit_head: Mapped[str] = mapped_column(String(64), default="")


class StationImport(Base):
    """One package taken in: imported, quarantined (its audit trail does not continue the
    room's), or refused before anything was written (not recorded here)."""

    __tablename__ = "station_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("station_rooms.id"), index=True)
    folder: Mapped[str] = mapped_column(String(255))
    manifest_sha256: Mapped[str] = mapped_column(String(64), index=True)
    package_created_at: Mapped[str] = mapped_column(String(40))
    period_from: Mapped[str] = mapped_column(String(10), default="")
    period_to: Mapped[str] = mapped_column(String(10), default="")
    include_sealed: Mapped[bool] = mapped_column(Boolean, default=False)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime())
    imported_by: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(16))  # "imported" or "quarantined"
    summary: Mapped[str] = mapped_column(JSONText, default="{}")  # JSON: counts, conflicts, gap


class StationAuditLink(Base):
    """One link of a room's audit chain as its packages showed it: enough to tell that a
    later package continues the same trail (the entries themselves stay in the room)."""

    __tablename__ = "station_audit_links"

    room_id: Mapped[int] = mapped_column(ForeignKey("station_rooms.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class StationRecordState(Base):
    """What the station last imported of one record of a room: the room's values (JSON, in
    the package's form) and the package they came from. The base of the three-way compare
    that tells a room's change from a change made at the station."""

    __tablename__ = "station_record_states"

    room_id: Mapped[int] = mapped_column(ForeignKey("station_rooms.id"), primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    record_key: Mapped[str] = mapped_column(String(80), primary_key=True)
    package_created_at: Mapped[str] = mapped_column(String(40))
    room_values: Mapped[str] = mapped_column(JSONText)
    deleted_in_room: Mapped[bool] = mapped_column(Boolean, default=False)


class StationConflict(Base):
    """One field a room and the station both changed (冲突): decided by a person."""

    __tablename__ = "station_conflicts"
    __table_args__ = (Index("ix_station_conflicts_room_id_status", "room_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("station_rooms.id"))
    import_id: Mapped[int] = mapped_column(ForeignKey("station_imports.id"))
    table_name: Mapped[str] = mapped_column(String(40))
    record_key: Mapped[str] = mapped_column(String(80))
    field: Mapped[str] = mapped_column(String(64))
    station_value: Mapped[str] = mapped_column(JSONText)  # JSON
    room_value: Mapped[str] = mapped_column(JSONText)  # JSON
    station_changed_at: Mapped[str] = mapped_column(String(40), default="")
    station_changed_by: Mapped[str] = mapped_column(String(64), default="")
    room_changed_at: Mapped[str] = mapped_column(String(40), default="")
    room_changed_by: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(16), default="open")  # open / resolved
    kept: Mapped[str] = mapped_column(String(16), default="")  # "station" or "room"
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_by: Mapped[str] = mapped_column(String(64), default="")
