"""The search keys of every searchable record (全局搜索索引), one row per record.

Derived data: rebuilt from the records by `db/search_index.py` whenever they change, so it
has no audit entries of its own. `sealed` rows (youth subjects) are read only for users who
may see sealed records, and their `title` is already masked (surname + 某).
"""

from __future__ import annotations

__all__ = ["SearchEntry"]

from sqlalchemy import Boolean, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from station_desk.db.models.base import Base


class SearchEntry(Base):
    """One record's search keys and what a hit on it shows."""

    __tablename__ = "search_entries"
    __table_args__ = (Index("ix_search_entries_kind_sort_key", "kind", "sort_key"),)

    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sealed: Mapped[bool] = mapped_column(Boolean, default=False)
    title: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(String(200), default="")
    sort_key: Mapped[str] = mapped_column(String(32), default="")
    keys: Mapped[str] = mapped_column(Text, default="")
