"""Declarative base and the columns every domain record carries.

Every record has a UUIDv7 id, created/updated timestamps (UTC), the users who created and last
changed it, and soft deletion: `deleted_at` set means hidden by default but restorable.
"""

from __future__ import annotations

__all__ = ["Base", "RecordMixin"]

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    DateTime,
    Dialect,
    MetaData,
    String,
    Text,
    TypeDecorator,
    cast,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeEngine, UserDefinedType

from station_desk.domain.clock import utcnow as utcnow  # re-exported: the models' clock
from station_desk.domain.ids import new_id

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Column.info key: "redact" keeps a column's values out of the audit trail (password hashes);
# "skip" leaves out bookkeeping that has audit entries of its own (failed sign-ins).
AUDIT_INFO_KEY = "audit"
AUDIT_SKIP = {AUDIT_INFO_KEY: "skip"}


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp read back as timezone-aware UTC: `timestamp with time zone` on PostgreSQL,
    naive UTC on SQLite (which has no zone)."""

    impl = DateTime
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        return dialect.type_descriptor(DateTime(timezone=dialect.name == "postgresql"))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        value = value.astimezone(UTC)
        return value if dialect.name == "postgresql" else value.replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class _JSONB(UserDefinedType[str]):
    """PostgreSQL's `jsonb` holding what the program reads and writes as JSON text: the text
    is cast to jsonb on the way in and back to text on the way out (in jsonb's own form: the
    same values, keys reordered; readers parse it)."""

    cache_ok = True

    def get_col_spec(self, **kw: Any) -> str:
        return "JSONB"

    def bind_expression(self, bindvalue: BindParameter[str]) -> ColumnElement[str]:
        return cast(bindvalue, postgresql.JSONB)

    def column_expression(self, colexpr: ColumnElement[str]) -> ColumnElement[str]:
        return cast(colexpr, Text)


# JSON kept as text by the code: `jsonb` on PostgreSQL, TEXT on SQLite.
JSONText = Text().with_variant(_JSONB(), "postgresql")


NIL_ID = "00000000-0000-0000-0000-000000000000"  # no record's id (they are UUIDv7)


class RecordId(TypeDecorator[str]):
    """A record's id, UUIDv7 text in the program: `uuid` on PostgreSQL, varchar(36) on SQLite.
    Used for the ids and the foreign keys to them; references that may hold other text
    (authors: "" for the program; the trail's and the search index's record ids) stay text.
    On PostgreSQL text that is no UUID (an id typed or made up) names no record, as on SQLite:
    it is sent as the nil UUID instead of failing the statement."""

    impl = String(36)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.UUID(as_uuid=False))
        return dialect.type_descriptor(String(36))

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None or dialect.name != "postgresql":
            return value
        try:
            uuid.UUID(value)
        except (ValueError, TypeError, AttributeError):
            return NIL_ID
        return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class RecordMixin:
    """Id, timestamps, authorship and soft deletion shared by every audited domain record."""

    id: Mapped[str] = mapped_column(RecordId(), primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(36))
    updated_by: Mapped[str | None] = mapped_column(String(36))
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    deleted_by: Mapped[str | None] = mapped_column(String(36))

    # Name used in the audit trail; subclasses override with their domain name.
    __audit_name__ = "record"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None
