"""The human names of audited records (a case number, a person, a meeting's title), so the audit
trail reads "changed meeting 2026年12月治保例会" rather than a record id.

A record is named by its first attribute among `NAME_ATTRIBUTES`; a child row (a party, an
attendee, a session) also by the record it belongs to ("〔2026〕调字第0001号 · 张伟"). A record
that is gone (deleted for good) is named by the values its creation entry kept. Sealed youth
records are never named here: the audit page shows their type only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from station_desk.db.models import Base
from station_desk.domain.audit import AuditAction, AuditEntry

NAME_ATTRIBUTES = ("case_number", "title", "name", "display_name", "username", "description")
WHEN_ATTRIBUTES = ("starts_at", "day")
BOOKKEEPING = frozenset(
    {"created_by", "updated_by", "deleted_by", "carried_from_id", "substitute_for_id",
     "agenda_item_id", "by_user_id", "granted_by", "leader_id", "pattern_id"}
)
SEALED_PREFIX = "youth_"
SEPARATOR = " · "


@cache
def _audited_models() -> dict[str, Any]:
    models = {}
    for mapper in Base.registry.mappers:
        audit_name = getattr(mapper.class_, "__audit_name__", "")
        if audit_name and audit_name != "record":
            models[audit_name] = mapper.class_
    return models


def _own_name(row: Any) -> str:
    for attribute in NAME_ATTRIBUTES:
        value = getattr(row, attribute, None)
        if isinstance(value, str) and value.strip():
            return value.strip()
    for attribute in WHEN_ATTRIBUTES:  # a shift, a duty entry: when it was
        value = getattr(row, attribute, None)
        if isinstance(value, datetime):
            return f"{value:%Y-%m-%d %H:%M}"
        if isinstance(value, date):
            return value.isoformat()
    return ""


def _parents(session: Session, row: Any) -> Iterator[Any]:
    """The audited records `row` belongs to (its foreign keys, but not who changed it)."""
    models = _audited_models().values()
    for column in inspect(type(row)).columns:
        if column.key in BOOKKEEPING:
            continue
        for key in column.foreign_keys:
            parent_id = getattr(row, column.key, None)
            model = next((m for m in models if m.__table__ is key.column.table), None)
            if parent_id and model is not None and model is not type(row):
                parent = session.get(model, parent_id)
                if parent is not None:
                    yield parent


def _row_name(session: Session, row: Any) -> str:
    parts = [_own_name(parent) for parent in _parents(session, row)] + [_own_name(row)]
    return SEPARATOR.join(dict.fromkeys(part for part in parts if part))


def _created_names(entries: Iterable[AuditEntry]) -> dict[tuple[str, str], str]:
    """Names kept by creation entries (for records since deleted for good)."""
    names = {}
    for entry in entries:
        fields = entry.details.get("fields") if entry.action == AuditAction.CREATE.value else None
        if isinstance(fields, dict):
            for attribute in NAME_ATTRIBUTES:
                value = fields.get(attribute)
                if isinstance(value, str) and value.strip() and value != "***":
                    names[(entry.record_type, entry.record_id)] = value.strip()
                    break
    return names


def record_names(session: Session, entries: Iterable[AuditEntry]) -> dict[tuple[str, str], str]:
    """(record type, record id) → the record's name, for the entries' records that have one."""
    entries = list(entries)
    models = _audited_models()
    wanted: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        if entry.record_type in models and not entry.record_type.startswith(SEALED_PREFIX):
            wanted[entry.record_type].add(entry.record_id)
    names = {
        key: name
        for key, name in _created_names(entries).items()
        if not key[0].startswith(SEALED_PREFIX)
    }
    for record_type, ids in wanted.items():
        model = models[record_type]
        if "id" not in model.__table__.columns:
            continue
        for row in session.scalars(select(model).where(model.id.in_(ids))):
            name = _row_name(session, row)
            if name:
                names[(record_type, row.id)] = name
    return names
