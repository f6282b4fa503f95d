"""What the audit trail promises, checked (完整性检查): the witness of its head, the
append-only triggers, and each account's role and active flag against what the trail last
set. Used by `station-desk check` (maintenance.py) and at every sign-in, which re-creates
missing triggers and writes an integrity warning into the trail for each problem it finds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from station_desk.db import audit_trail
from station_desk.db.database import Database, storage_error
from station_desk.db.models import AuditRecord, User
from station_desk.db.witness import read_witness
from station_desk.domain.audit import AuditAction
from station_desk.errors import StorageError
from station_desk.i18n import _


@dataclass(frozen=True)
class WitnessFinding:
    ok: bool
    detail: str


def compare_witness(db: Database, data_dir: Path) -> WitnessFinding:
    """The trail against the witness of its head kept beside the database."""
    try:
        witness = read_witness(data_dir)
    except (OSError, ValueError):
        return WitnessFinding(False, _("the witness file beside the database is damaged"))
    with db.session() as session:
        chain = audit_trail.read_chain_key(session)
        head = session.execute(
            select(AuditRecord.seq, AuditRecord.hash).order_by(AuditRecord.seq.desc()).limit(1)
        ).first()
        if witness is None:
            return WitnessFinding(
                False, _("the witness of the audit trail (audit_witness.json) is missing")
            )
        seen = session.execute(
            select(AuditRecord.hash).where(AuditRecord.seq == witness.seq)
        ).scalar()
    if chain is None or not witness.is_genuine(chain.secret):
        return WitnessFinding(False, _("the witness was changed: its seal does not match"))
    last = head.seq if head else 0
    if last < witness.seq:
        return WitnessFinding(
            False,
            _(
                "the trail ends at entry {last}, but entry {seq} existed: entries were cut off "
                "or an older copy of the database was put back"
            ).format(last=last, seq=witness.seq),
        )
    if seen != witness.hash:
        return WitnessFinding(
            False,
            _("entry {seq} is not the one the witness saw: the trail was replaced").format(
                seq=witness.seq
            ),
        )
    return WitnessFinding(True, _("matches entry {seq}").format(seq=witness.seq))


def missing_triggers(connection: Connection) -> list[str]:
    present = {
        row[0]
        for row in connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    }
    return sorted(set(audit_trail.APPEND_ONLY_TRIGGERS) - present)


def restore_triggers(db: Database) -> list[str]:
    """Re-create the append-only triggers that were dropped; returns their names."""
    if db.engine.dialect.name != "sqlite":
        return []
    try:
        with db.engine.begin() as connection:
            missing = missing_triggers(connection)
            for name in missing:
                connection.exec_driver_sql(audit_trail.APPEND_ONLY_TRIGGERS[name])
    except DBAPIError as exc:  # a read-only medium, a full disk
        raise storage_error(exc) or StorageError(str(exc.orig)) from exc
    return missing


def _set_by_trail(details: dict[str, Any], action: str) -> dict[str, Any]:
    if action == AuditAction.CREATE:
        fields = details.get("fields", {})
        return {k: fields[k] for k in ("role", "active") if k in fields}
    changes = details.get("changes", {})
    return {
        k: changes[k]["new"]
        for k in ("role", "active")
        if isinstance(changes.get(k), dict) and "new" in changes[k]
    }


def account_mismatches(session: Session) -> list[str]:
    """Accounts whose role or active flag differs from what the audit trail last set (a
    change made behind the program's back, with sqlite3 or another tool)."""
    last: dict[str, dict[str, Any]] = {}
    stmt = (
        select(AuditRecord.record_id, AuditRecord.action, AuditRecord.details)
        .where(AuditRecord.record_id.in_(select(User.id)))  # by the record_id index: fast
        .where(AuditRecord.record_type == "user")
        .where(AuditRecord.action.in_([AuditAction.CREATE.value, AuditAction.UPDATE.value]))
        .order_by(AuditRecord.seq)
    )
    for record_id, action, details in session.execute(stmt):
        last.setdefault(record_id, {}).update(_set_by_trail(json.loads(details), action))
    problems = []
    for user in session.scalars(select(User).order_by(User.username)):
        expected = last.get(user.id, {})
        if "role" in expected and expected["role"] != user.role:
            problems.append(
                _("account {user}: the role is {now}, the audit trail last set {then}").format(
                    user=user.username, now=user.role, then=expected["role"]
                )
            )
        if "active" in expected and bool(expected["active"]) != bool(user.active):
            problems.append(
                _("account {user}: active is {now}, the audit trail last set {then}").format(
                    user=user.username, now=bool(user.active), then=bool(expected["active"])
                )
            )
        if not expected:
            problems.append(
                _("account {user} has no entry in the audit trail").format(user=user.username)
            )
    return problems


def check_at_sign_in(db: Database, data_dir: Path) -> list[str]:
    """Re-create dropped triggers and compare the witness and the accounts; each problem is
    written into the trail as an integrity warning. Returns the problems (for the user)."""
    problems = []
    restored = restore_triggers(db)
    if restored:
        problems.append(
            _("the audit trail's protection was removed ({names}); it was restored").format(
                names=", ".join(restored)
            )
        )
    finding = compare_witness(db, data_dir)
    if not finding.ok:
        problems.append(_("audit witness: {detail}").format(detail=finding.detail))
    with db.session() as session:
        problems.extend(account_mismatches(session))
        for problem in problems:
            audit_trail.append(session, AuditAction.INTEGRITY, "database", details={"problem": problem})
    return problems



