"""What every record service holds and does: the database and the clock; a unit of work that
the actor's role allows; reading one record; moving a record to the bin and back.

`now` is a parameter so that tests can fix the time; `today()` is the local date of it, what
"today" means for deadlines, reminders and reports.

`audit_output()` is the audit entry of a document that went to a printer or a file, the one
shape every service's `record_output` fills in with its differences.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy.orm import Session

from station_desk.db import audit_trail
from station_desk.db.database import Database
from station_desk.db.models.base import RecordMixin, utcnow
from station_desk.db.records import get_live, get_record, restore, soft_delete
from station_desk.domain.accounts import Principal
from station_desk.domain.audit import AuditAction
from station_desk.domain.documents import OUTPUT_WAYS, output_details
from station_desk.domain.enums import LabelledEnum
from station_desk.domain.records import RowsAsUsed
from station_desk.domain.roles import Permission
from station_desk.services.guard import require
from station_desk.services.settings import document_context

if TYPE_CHECKING:  # reportlab is imported only when a document is built
    from station_desk.reports.base import DocumentContext

R = TypeVar("R", bound=RecordMixin)
T = TypeVar("T")


class RecordService:
    def __init__(self, db: Database, now: Callable[[], datetime] = utcnow) -> None:
        self.db = db
        self.now = now

    def today(self) -> date:
        """The local date of `now()`."""
        return self.now().astimezone().date()

    def document_context(
        self, actor: Principal, language: str, show_full_ids: bool = False, *, sealed: bool = False
    ) -> DocumentContext:
        """Who prints, where and when, for a document `actor` makes now (`language` empty:
        the current one)."""
        return document_context(self.db, actor, self.now, language, show_full_ids, sealed)

    @contextmanager
    def changing(
        self, actor: Principal, what: str, permission: Permission = Permission.EDIT_RECORDS
    ) -> Iterator[Session]:
        """A unit of work on records of the kind `what` (as the audit trail names it), refused
        (and the refusal audited) unless `actor` has `permission`."""
        require(self.db, actor, permission, what)
        with self.db.session(actor) as session:
            yield session

    def read_record(
        self, actor: Principal, model: type[R], record_id: str, shown: Callable[[Session, R], T]
    ) -> T:
        """The record `record_id` (one in the bin too) as `shown(session, record)`."""
        with self.db.session(actor) as session:
            return shown(session, get_record(session, model, record_id))

    def delete_record(
        self,
        actor: Principal,
        model: type[R],
        record_id: str,
        what: str,
        then: Callable[[Session, R], None] | None = None,
    ) -> None:
        """Move the live record `record_id` to the bin (restorable); `then(session, record)`
        changes what the deletion changes elsewhere, in the same unit of work."""
        with self.changing(actor, what) as session:
            record = get_live(session, model, record_id)
            soft_delete(session, record)
            if then is not None:
                then(session, record)

    def restore_record(
        self,
        actor: Principal,
        model: type[R],
        record_id: str,
        what: str,
        shown: Callable[[Session, R], T],
        check: Callable[[Session, R], None] | None = None,
    ) -> T:
        """Take the record `record_id` out of the bin; returns `shown(session, record)`.
        `check(session, record)` first refuses what would clash (a name taken meanwhile)."""
        with self.changing(actor, what) as session:
            record = get_record(session, model, record_id)
            if check is not None:
                check(session, record)
            restore(session, record)
            session.flush()
            return shown(session, record)


def audit_output(
    db: Database,
    actor: Principal,
    document: LabelledEnum,
    how: str,
    target: str,
    *,
    what: str,
    export: bool = False,
    record_type: str = "",
    record_id: str = "",
    details: Mapping[str, object] | None = None,
    ways: tuple[str, ...] = OUTPUT_WAYS,
    described: Callable[[Session], Mapping[str, object]] | None = None,
) -> None:
    """Audit that `document` went out `how` (one of `ways`) to `target` (the printer, the
    file), refused (and the refusal audited) unless `actor` may print records of the kind
    `what` or, for an `export` of personal data (a register file), export them. The PRINT or
    EXPORT entry names the record (`record_type`, by default `what`, and `record_id`) and
    holds `details` and what `described(session)` adds (the record's number, its title)."""
    info = output_details(document, how, target, details, ways)
    require(db, actor, Permission.EXPORT if export else Permission.PRINT, what)
    with db.session(actor) as session:
        if described is not None:
            info.update(described(session))
        action = AuditAction.EXPORT if export else AuditAction.PRINT
        audit_trail.append(session, action, record_type or what, record_id, info)


REGISTER_CHUNK = 500  # records read at a time for a register


class ChunkedRows(RowsAsUsed[T]):
    """A register's rows in order, read `REGISTER_CHUNK` at a time by `read(ids)` (the rows of
    those ids, in their order) when asked for: a document walks them a page at a time, so a
    register of a year holds its records' ids, not their rows. The last chunk read is kept."""

    def __init__(self, ids: list[str], read: Callable[[list[str]], list[T]]) -> None:
        self.ids, self.read = ids, read
        self._start = -1
        self._rows: list[T] = []

    def __len__(self) -> int:
        return len(self.ids)

    def row(self, index: int) -> T:
        start = index - index % REGISTER_CHUNK
        if start != self._start:
            self.release()  # let the previous chunk go before reading
            self._rows, self._start = self.read(self.ids[start : start + REGISTER_CHUNK]), start
        return self._rows[index - start]

    def release(self) -> None:
        """Let the chunk read last go (read again if asked for)."""
        self._rows, self._start = [], -1
