"""Shapes the migration scripts share: the columns every record table has, and its indexes.

The scripts of past revisions use these, so what they create must never change: a new shape
gets a new function, and a test compares a fresh database's schema with the models."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from station_desk.db.models.base import UTCDateTime


def record_columns(deleted_at_first: bool = False) -> list[sa.Column[Any]]:
    """Id, timestamps, authorship and soft deletion (`RecordMixin`), in the order of the table
    they were first created in (some tables have `deleted_at` before the others)."""
    deleted_at: sa.Column[Any] = sa.Column("deleted_at", UTCDateTime(), nullable=True)
    columns: list[sa.Column[Any]] = [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("updated_by", sa.String(length=36), nullable=True),
    ]
    if deleted_at_first:
        return [deleted_at, *columns, sa.Column("deleted_by", sa.String(length=36), nullable=True)]
    return [*columns, deleted_at, sa.Column("deleted_by", sa.String(length=36), nullable=True)]


def create_index(table: str, name: str, columns: list[str], unique: bool = False) -> None:
    op.create_index(op.f(name), table, columns, unique=unique)


def drop_indexes(table: str, *names: str) -> None:
    for name in names:
        op.drop_index(op.f(name), table_name=table)


def analyse_index(name: str) -> None:
    """Gather the SQLite planner's statistics of the index `name` just made, when the database
    has statistics for the others (without them the planner may not trust it; a database
    without any is analysed as a whole when it is opened). Nothing on PostgreSQL."""
    bind = op.get_bind()
    known = "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'"
    if bind.dialect.name == "sqlite" and bind.exec_driver_sql(known).first() is not None:
        op.execute(f"ANALYZE {name}")
