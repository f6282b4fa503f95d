"""The time every record and check uses: aware UTC (kept apart from the database models so
that the sign-in window can use it without loading SQLAlchemy)."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)
