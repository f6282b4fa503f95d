"""Writing the audit trail in the same transaction as the change it records.

`append()` adds one hash-chained entry, keyed with the chain key stored in the database
(`AuditChainKey`, read once per transaction). `install_audit_hook()` makes every flush of an audited
model (one with `__audit_name__`) write create / update / delete / restore entries by itself,
with the changed fields' old and new values, so no service can forget to.
The acting user travels in `session.info["actor"]` (a `Principal`).

Which values are written: a column marked `info={"audit": "redact"}` records only that it
changed ("***" on create, `{"changed": true}` on update); `"skip"` leaves it out. A model with
`__audit_redact_all__ = True` (sealed records of minors) redacts every column except its
keys (primary and foreign keys) and columns marked `info={"audit": "keep"}` (ids, enums):
the entry names the fields that changed, never their contents.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, event, insert, inspect, select
from sqlalchemy.orm import Session

from station_desk.db.models import AuditChainKey, AuditRecord
from station_desk.db.models.base import AUDIT_INFO_KEY, utcnow
from station_desk.domain.accounts import SYSTEM, Principal
from station_desk.domain.audit import GENESIS_HASH, AuditAction, AuditEntry, ChainKey, entry_hash
from station_desk.domain.ids import new_id
from station_desk.domain.records import from_row

_HEAD_KEY = "audit_head"
_CHAIN_KEY = "audit_chain_key"
ON_COMMIT_KEY = "audit_on_commit"  # session.info: called with (seq, hash) after a commit
# The database refuses UPDATE and DELETE on the trail (as created by migration 0001).
APPEND_ONLY_TRIGGERS = {
    f"audit_log_no_{verb}": (
        f"CREATE TRIGGER audit_log_no_{verb} BEFORE {verb} ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
    )
    for verb in ("UPDATE", "DELETE")
}
_SKIP_FIELDS = {"updated_at", "updated_by", "created_at", "created_by", "deleted_by"}
# Kept even under `__audit_redact_all__`: soft deletion makes DELETE / RESTORE entries.
_KEPT_FIELDS = {"deleted_at"}


def actor_of(session: Session) -> Principal:
    actor = session.info.get("actor")
    return actor if isinstance(actor, Principal) else SYSTEM


def _head(session: Session) -> tuple[int, str]:
    head = session.info.get(_HEAD_KEY)
    if head is None:
        if session.get_bind().dialect.name == "postgresql":
            # SQLite's BEGIN IMMEDIATE already serialises writers; on the server, the lock
            # (which conflicts with itself, not with readers) keeps two writers from both
            # appending entry n+1. Held until the transaction ends.
            session.connection().exec_driver_sql("LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE")
        row = (
            session.connection()
            .execute(
                select(AuditRecord.seq, AuditRecord.hash).order_by(AuditRecord.seq.desc()).limit(1)
            )
            .first()
        )
        head = (row.seq, row.hash) if row else (0, GENESIS_HASH)
    return head


def read_chain_key(session: Session) -> ChainKey | None:
    """The chain key of the database (None in a database from before encryption)."""
    stmt = select(AuditChainKey.key, AuditChainKey.keyed_from_seq).where(AuditChainKey.id == 1)
    row = session.connection().execute(stmt).first()
    return ChainKey(bytes.fromhex(row.key), int(row.keyed_from_seq)) if row else None


def _chain_key(session: Session) -> ChainKey | None:
    if _CHAIN_KEY not in session.info:
        session.info[_CHAIN_KEY] = read_chain_key(session)
    key = session.info[_CHAIN_KEY]
    return key if isinstance(key, ChainKey) else None


def append(
    session: Session,
    action: AuditAction | str,
    record_type: str = "",
    record_id: str = "",
    details: dict[str, Any] | None = None,
    actor: Principal | None = None,
) -> AuditRecord:
    """Add one chained audit entry to the session's transaction."""
    who = actor or actor_of(session)
    seq, prev_hash = _head(session)
    entry = AuditEntry(
        seq=seq + 1,
        at=utcnow(),
        user_id=who.user_id,
        username=who.username,
        action=str(action),
        record_type=record_type,
        record_id=record_id,
        details=_jsonable(details or {}),
        prev_hash=prev_hash,
    )
    digest = entry_hash(prev_hash, entry, _chain_key(session))
    record = AuditRecord(**_stored(entry, digest))
    session.add(record)
    session.info[_HEAD_KEY] = (entry.seq, digest)
    return record


def append_many(
    session: Session,
    action: AuditAction | str,
    record_type: str,
    entries: list[tuple[str, dict[str, Any]]],
    chunk: int = 2000,
) -> None:
    """Add one chained entry per (record id, details) of a bulk change (an import of
    thousands of rows), inserted in chunks without ORM objects: the same chain as `append`
    would make, written in a fraction of the time the write lock would otherwise be held."""
    if not entries:
        return
    session.flush()  # entries appended one by one before these come first in the chain
    who = actor_of(session)
    seq, prev_hash = _head(session)
    key = _chain_key(session)
    rows = []
    for record_id, details in entries:
        seq += 1
        entry = AuditEntry(
            seq=seq, at=utcnow(), user_id=who.user_id, username=who.username, action=str(action),
            record_type=record_type, record_id=record_id, details=_jsonable(details),
            prev_hash=prev_hash,
        )
        digest = entry_hash(prev_hash, entry, key)
        rows.append(_stored(entry, digest))
        prev_hash = digest
    for start in range(0, len(rows), chunk):
        session.execute(insert(AuditRecord), rows[start : start + chunk])
    session.info[_HEAD_KEY] = (seq, prev_hash)


def to_entry(record: AuditRecord | Row[Any]) -> AuditEntry:
    """The entry of a stored record, or of a row of the audit table's columns."""
    return from_row(AuditEntry, record, details=json.loads(record.details))


def _stored(entry: AuditEntry, digest: str) -> dict[str, Any]:
    """The columns of the audit record of `entry`, whose hash is `digest`."""
    details = json.dumps(entry.details, ensure_ascii=False, sort_keys=True)
    columns = {f.name: getattr(entry, f.name) for f in fields(entry)}
    return {**columns, "details": details, "hash": digest}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _changes(obj: Any) -> Iterator[tuple[str, Any, Any, bool]]:
    """(field, old, new, redacted) for each column whose value really changed."""
    state = inspect(obj)
    for attr in state.mapper.column_attrs:
        mode = attr.columns[0].info.get(AUDIT_INFO_KEY)
        if attr.key in _SKIP_FIELDS or mode == "skip":
            continue
        history = state.attrs[attr.key].history
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if old == new:
            continue
        yield attr.key, old, new, _redacted(obj, attr.columns[0], mode)


def _redacted(obj: Any, column: Any, mode: str | None) -> bool:
    """Whether only the fact of a change may be recorded, not the values."""
    if mode in ("redact", "keep"):
        return mode == "redact"
    if not getattr(obj, "__audit_redact_all__", False):
        return False
    return not (column.primary_key or column.foreign_keys or column.key in _KEPT_FIELDS)


def _record_id(obj: Any) -> str:
    identity = inspect(obj).identity
    if identity:
        return ",".join(str(part) for part in identity)
    return str(getattr(obj, "id", "") or getattr(obj, "key", ""))


def _audit_new(session: Session, obj: Any) -> None:
    if hasattr(obj, "id") and obj.id is None:
        obj.id = new_id()  # the column default runs only at INSERT, after this entry is made
    fields = {
        key: ("***" if redacted else new)
        for key, _old, new, redacted in _changes(obj)
        if new is not None
    }
    record_id = str(getattr(obj, "id", None) or getattr(obj, "key", ""))
    append(session, AuditAction.CREATE, obj.__audit_name__, record_id, {"fields": fields})


def _audit_dirty(session: Session, obj: Any) -> None:
    changes = list(_changes(obj))
    if not changes:
        return
    action = AuditAction.UPDATE
    for key, _old, new, _redacted in changes:
        if key == "deleted_at":
            action = AuditAction.DELETE if new is not None else AuditAction.RESTORE
    diff = {
        key: ({"changed": True} if redacted else {"old": old, "new": new})
        for key, old, new, redacted in changes
        if key != "deleted_at"
    }
    append(session, action, obj.__audit_name__, _record_id(obj), {"changes": diff})


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    actor = actor_of(session)
    for obj in list(session.new):
        if hasattr(obj, "__audit_name__"):
            if hasattr(obj, "created_by") and obj.created_by is None and actor.user_id:
                obj.created_by = actor.user_id
            _audit_new(session, obj)
    for obj in list(session.dirty):
        if hasattr(obj, "__audit_name__") and session.is_modified(obj):
            if hasattr(obj, "updated_by") and actor.user_id:
                obj.updated_by = actor.user_id
            _audit_dirty(session, obj)
    for obj in list(session.deleted):
        if hasattr(obj, "__audit_name__"):
            append(session, AuditAction.DELETE, obj.__audit_name__, _record_id(obj), {"hard": True})


def _after_commit(session: Session) -> None:
    head = session.info.pop(_HEAD_KEY, None)
    session.info.pop(_CHAIN_KEY, None)
    on_commit = session.info.get(ON_COMMIT_KEY)
    if head is not None and on_commit is not None:
        on_commit(*head)


def _after_rollback(session: Session) -> None:
    session.info.pop(_HEAD_KEY, None)
    session.info.pop(_CHAIN_KEY, None)


def install_audit_hook(session_factory: Any) -> None:
    event.listen(session_factory, "before_flush", _before_flush)
    event.listen(session_factory, "after_commit", _after_commit)
    event.listen(session_factory, "after_rollback", _after_rollback)
