"""Reading and verifying the audit trail (审计日志); only admins may read it."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_desk.db.audit_trail import read_chain_key, to_entry
from station_desk.db.database import Database
from station_desk.db.models import AuditRecord
from station_desk.domain.accounts import Principal
from station_desk.domain.audit import AuditEntry, AuditFilter, ChainReport, verify_entries
from station_desk.domain.roles import Permission
from station_desk.i18n import _
from station_desk.services.audit_names import record_names
from station_desk.services.guard import require

_VERIFY_BATCH = 2000


class AuditService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def list_entries(self, actor: Principal, query: AuditFilter) -> list[AuditEntry]:
        """Newest first, filtered by user, action, record and date range."""
        require(self.db, actor, Permission.VIEW_AUDIT, "audit")
        stmt = select(AuditRecord).order_by(AuditRecord.seq.desc()).limit(query.limit)
        if query.username:
            stmt = stmt.where(AuditRecord.username == query.username)
        if query.action:
            stmt = stmt.where(AuditRecord.action == query.action)
        if query.record_type:
            stmt = stmt.where(AuditRecord.record_type == query.record_type)
        if query.record_id:
            stmt = stmt.where(AuditRecord.record_id == query.record_id)
        if query.date_from:
            stmt = stmt.where(AuditRecord.at >= query.date_from)
        if query.date_to:
            stmt = stmt.where(AuditRecord.at < query.date_to)
        with self.db.session() as session:
            return [to_entry(r) for r in session.scalars(stmt)]

    def record_names(
        self, actor: Principal, entries: list[AuditEntry]
    ) -> dict[tuple[str, str], str]:
        """The human names of the entries' records (see `services/audit_names.py`)."""
        require(self.db, actor, Permission.VIEW_AUDIT, "audit")
        with self.db.session() as session:
            return record_names(session, entries)

    def usernames(self, actor: Principal) -> list[str]:
        require(self.db, actor, Permission.VIEW_AUDIT, "audit")
        with self.db.session() as session:
            stmt = select(AuditRecord.username).distinct().order_by(AuditRecord.username)
            return [name for name in session.scalars(stmt) if name]

    def verify(self, progress: Callable[[int], None] | None = None) -> ChainReport:
        """Recompute the whole hash chain; names the first entry that does not match.
        `progress(entries read so far)` is called after each batch read."""
        return verify_database(self.db, progress)

    def integrity_problems(self) -> list[str]:
        """What `station-desk check` finds beyond the chain: the trail against its witness,
        missing append-only triggers, accounts against the trail (nothing is changed)."""
        from station_desk.services.integrity import (
            account_mismatches,
            compare_witness,
            missing_triggers,
        )

        problems = []
        if self.db.data_dir is not None and self.db.key is not None:
            finding = compare_witness(self.db, self.db.data_dir)
            if not finding.ok:
                problems.append(finding.detail)
        if self.db.engine.dialect.name == "sqlite":
            with self.db.engine.connect() as connection:
                problems.extend(
                    _("the trigger {name} is missing").format(name=name)
                    for name in missing_triggers(connection)
                )
        with self.db.session() as session:
            problems.extend(account_mismatches(session))
        return problems


def verify_database(db: Database, progress: Callable[[int], None] | None = None) -> ChainReport:
    """Recompute the chain with the database's chain key (entries before it: SHA-256)."""
    with db.session() as session:
        return verify_entries(_stream(session, progress), read_chain_key(session))


def _stream(session: Session, progress: Callable[[int], None] | None = None) -> Iterator[AuditEntry]:
    last = 0
    read = 0
    while True:
        stmt = (  # plain rows, no ORM object for each of tens of thousands of entries
            select(*AuditRecord.__table__.columns)
            .where(AuditRecord.seq > last)
            .order_by(AuditRecord.seq)
            .limit(_VERIFY_BATCH)
        )
        batch = session.execute(stmt).all()
        if not batch:
            return
        for row in batch:
            yield to_entry(row)
        last = batch[-1].seq
        read += len(batch)
        if progress is not None:
            progress(read)
