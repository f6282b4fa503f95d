"""Soft deletion shared by every domain record: hidden by default, restorable, audited; the
one way a record's child rows (parties, guardians, agenda items…) follow an edited list; and
the one way a row takes a draft's values (`fill`; the other way is `domain.records.from_row`).

Setting `deleted_at` is recorded by the audit hook as a "delete", clearing it as a "restore".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import Any, TypeVar

from sqlalchemy import Boolean, ColumnElement, DateTime, Integer, Select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from station_desk.db.audit_trail import actor_of
from station_desk.db.models.base import RecordMixin, utcnow
from station_desk.domain.ids import new_id
from station_desk.errors import NotFoundError
from station_desk.i18n import _

R = TypeVar("R", bound=RecordMixin)
E = TypeVar("E")

IN_LIST = 500  # values per IN (…) list: well below every database's limit of bound parameters


class likely(FunctionElement[bool]):  # noqa: N801 - reads as the SQL function it stands for
    """SQLite's `likely(condition)`: the same condition, which the planner will not use to pick
    an index (a hint for a table without statistics). Elsewhere just the condition."""

    type = Boolean()
    inherit_cache = True


@compiles(likely)
def _plain_condition(element: likely, compiler: SQLCompiler, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(likely, "sqlite")
def _sqlite_likely(element: likely, compiler: SQLCompiler, **kw: Any) -> str:
    return f"likely({compiler.process(element.clauses, **kw)})"


class whole_minutes(FunctionElement[int]):  # noqa: N801 - reads as the SQL function it stands for
    """The whole minutes from `begin` to `end` (two naive timestamps), 0 when `end` is not
    after `begin`: Python's `max(0, int((end - begin).total_seconds() // 60))`, to the
    microsecond, written once per dialect."""

    type = Integer()
    inherit_cache = True

    def __init__(self, begin: Any, end: Any) -> None:
        super().__init__(begin, end)


@compiles(whole_minutes)
def _minutes_by_epoch(element: whole_minutes, compiler: SQLCompiler, **kw: Any) -> str:
    begin, end = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"GREATEST(0, CAST(FLOOR(EXTRACT(EPOCH FROM ({end}) - ({begin})) / 60) AS INTEGER))"


@compiles(whole_minutes, "sqlite")
def _minutes_by_text(element: whole_minutes, compiler: SQLCompiler, **kw: Any) -> str:
    """SQLite keeps a timestamp as SQLAlchemy's text 'YYYY-MM-DD HH:MM:SS.ffffff': its whole
    seconds from the first 19 characters, its microseconds from characters 21–26 (exact
    integers, where julianday's fraction of a day would round — as SQLite 3.40 rounds a whole
    timestamp's .9995 s up to the next second). unixepoch() (SQLite 3.38; SQLCipher's is newer)
    is cheaper than CAST(strftime('%s', …) AS INTEGER), for every member of a month."""
    since_epoch = "unixepoch({})" if _has_unixepoch(compiler) else "CAST(strftime('%s', {}) AS INTEGER)"
    begin, end = (
        f"({since_epoch.format(f'substr({text}, 1, 19)')} * 1000000 + CAST(substr({text}, 21, 6) AS INTEGER))"
        for text in (compiler.process(clause, **kw) for clause in element.clauses)
    )
    return f"max(0, ({end} - {begin}) / 60000000)"


def _has_unixepoch(compiler: SQLCompiler) -> bool:
    return (compiler.dialect.server_version_info or (0,)) >= (3, 38)


def chosen(column: Any, kind: type[Enum], value: object) -> list[ColumnElement[bool]]:
    """The condition that `column` holds the member of `kind` that `value` names (a filter
    left empty, None, adds none)."""
    return [] if value is None else [column == kind(value).value]


def on_days(column: Any, date_from: date | None, date_to: date | None) -> list[ColumnElement[bool]]:
    """The conditions that `column` (a day, or a local date and time) falls on the days from
    `date_from` to `date_to`, both included; a missing end leaves that side open."""
    moment = isinstance(column.type, DateTime)
    conditions = []
    if date_from is not None:
        conditions.append(column >= (datetime.combine(date_from, time.min) if moment else date_from))
    if date_to is not None:
        after = date_to + timedelta(days=1)
        conditions.append(column < datetime.combine(after, time.min) if moment else column <= date_to)
    return conditions


def fill(row: R, source: Any, *names: str) -> R:
    """Copy the attributes `names` of `source` (a draft or an entry) onto the row's columns of
    the same names, an enumeration as its stored value; returns the row."""
    for name in names:
        value = getattr(source, name)
        setattr(row, name, value.value if isinstance(value, Enum) else value)
    return row


def lock_for_writing(session: Session, table: str) -> None:
    """Serialise writers of `table` until the transaction ends, as SQLite's BEGIN IMMEDIATE
    already does (no-op there): on the server, two sessions must not both read "the last
    number" and write the next one."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection().exec_driver_sql(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")


def live(stmt: Select[Any], model: type[RecordMixin]) -> Select[Any]:
    """Restrict a query to records that are not deleted."""
    return stmt.where(model.deleted_at.is_(None))


def plain_rows(
    session: Session, stmt: Select[*tuple[Any, ...]], params: dict[str, Any] | None = None
) -> Sequence[Any]:
    """The rows of `stmt` (with the values of its bound `params`), fetched at once, without
    the ORM's row processing (thousands of rows read for a list: several times cheaper); the
    session's changes are flushed first, as the ORM would."""
    session.flush()
    return session.connection().execute(stmt, params).all()


def chunks(values: Sequence[E], size: int = IN_LIST) -> Iterator[Sequence[E]]:
    """`values` in pieces of `size` (an IN (…) list each)."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def in_order_of(ids: Sequence[str], rows: Iterable[Any]) -> list[Any]:
    """`rows` (records or result rows, each with its `id`, read by `id IN ids`) in the order of
    `ids`: a register's chunk, read by its ids in the register's order."""
    found = {row.id: row for row in rows}
    return [found[record_id] for record_id in ids]


def get_record(session: Session, model: type[R], record_id: str) -> R:
    """The record `record_id` (also when deleted)."""
    record = session.get(model, record_id)
    if record is None:
        raise NotFoundError(_("The record no longer exists (it may have been deleted)."))
    return record


def get_live(session: Session, model: type[R], record_id: str) -> R:
    """The record `record_id`, unless it is deleted."""
    record = get_record(session, model, record_id)
    if record.deleted_at is not None:
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


def child_row(session: Session, model: type[R], row_id: str | None, **parent: str) -> R:
    """The live row `row_id` of `model` that belongs to the record `parent` names (its key
    column and id, e.g. `case_id=case.id`); NotFoundError when it is gone or is another's."""
    ((key, parent_id),) = parent.items()
    row = session.get(model, row_id) if row_id else None
    if row is None or row.deleted_at is not None or getattr(row, key) != parent_id:
        raise NotFoundError(_("The record no longer exists (it may have been deleted)."))
    return row


def entry_row(session: Session, model: type[R], entry_id: str | None, **parent: str) -> R:
    """The row an edited entry (a session, a visit…) is saved to: its own (as `child_row`),
    or a new one of the record `parent` names when the entry has no id yet."""
    if entry_id is not None:
        return child_row(session, model, entry_id, **parent)
    return new_row(session, model, **parent)


def new_row(session: Session, model: type[R], **values: Any) -> R:
    """A new row of `model` with its id (set now: the audit hook records it) and `values`,
    added to the session."""
    row = model(id=new_id(), **values)  # type: ignore[call-arg]  # a mapped class takes its columns
    session.add(row)
    return row


def sync_rows(
    session: Session,
    rows: Iterable[R],
    entries: Sequence[E],
    new_row: Callable[[], R],
    stale: Callable[[int], Exception] | None = None,
) -> list[tuple[E, R]]:
    """Make a record's live child `rows` follow the edited list `entries` (DTOs with an `id`):
    an entry without an id gets a new row, a row no entry names is soft-deleted, every row
    takes its entry's `position`. An id that names none of the rows (changed elsewhere in the
    meantime) raises `stale(position)` — or, without `stale`, gets a new row. Returns each
    entry with its row, for the caller to copy the values."""
    existing = {row.id: row for row in rows}
    pairs: list[tuple[E, R]] = []
    for position, entry in enumerate(entries):
        entry_id = getattr(entry, "id", None)
        row = existing.pop(entry_id, None) if entry_id is not None else None
        if row is None:
            if entry_id is not None and stale is not None:
                raise stale(position)
            row = new_row()
            session.add(row)
        row.position = position  # type: ignore[attr-defined]
        pairs.append((entry, row))
    for row in existing.values():
        soft_delete(session, row)
    return pairs
