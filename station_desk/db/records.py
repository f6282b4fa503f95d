"""Soft deletion shared by every domain record: hidden by default, restorable, audited.

Setting `deleted_at` is recorded by the audit hook as a "delete", clearing it as a "restore".
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select
from sqlalchemy.orm import Session

from station_desk.db.audit_trail import actor_of
from station_desk.db.models.base import RecordMixin, utcnow
from station_desk.errors import NotFoundError
from station_desk.i18n import _

R = TypeVar("R", bound=RecordMixin)


def live(stmt: Select[Any], model: type[RecordMixin]) -> Select[Any]:
    """Restrict a query to records that are not deleted."""
    return stmt.where(model.deleted_at.is_(None))


def get_live(session: Session, model: type[R], record_id: str) -> R:
    record = session.get(model, record_id)
    if record is None or record.deleted_at is not None:
        raise NotFoundError(_("The record no longer exists (it may have been deleted)."))
    return record


def soft_delete(session: Session, record: RecordMixin) -> None:
    if record.deleted_at is None:
        record.deleted_at = utcnow()
        record.deleted_by = actor_of(session).user_id or None


def restore(session: Session, record: RecordMixin) -> None:
    if record.deleted_at is not None:
        record.deleted_at = None
        record.deleted_by = None
