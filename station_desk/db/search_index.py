"""Keeping the search keys (`SearchEntry`) in step with the records, in the same transaction.

A `SearchSource` says how one kind of record is searched: which tables hold what its keys are
made of (`watch`: table name → the column that holds the indexed record's id) and how its
entries are built from the database (`build(connection, ids)`). Modules declare their sources
in `station_desk/modules.py` (`Module.search`); adding a kind later is one `SearchSource` and
one line there.

`install_search_hook()` makes every flush that adds, changes or deletes a row of a watched
table rebuild the entries of the records it touches, and a bulk insert through
`session.execute(insert(table), rows)` (the demo, the volunteer import) does the same with the
ids in its rows. After each commit the records whose entries changed are added to the
database's `ChangeLog`, from which the search's memory copy (`services/search.py`) reads
only what changed. A database from before the index gets its entries on first use
(`ensure_built`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import chain
from typing import Any

from sqlalchemy import Connection, delete, event, insert, select
from sqlalchemy.orm import ORMExecuteState, Session

from station_desk.db import records
from station_desk.db.models import SearchEntry
from station_desk.domain.accounts import Principal
from station_desk.domain.roles import Permission

BUILT = "_built"  # the kind of the marker rows of `ensure_built` (never searched)
_PENDING = "search_pending"  # session.info: kind → ids to index at the end of the flush
_WRITTEN = "search_written"  # session.info: kind → ids indexed in this transaction
_LOG = "search_change_log"  # session.info (shared by the factory's sessions): ChangeLog

Entry = dict[str, Any]  # record_id, title, detail, sort_key, keys
Builder = Callable[[Connection, Sequence[str] | None], Iterable[Entry]]


@dataclass(frozen=True)
class SearchSource:
    """One kind of searchable record. `label` is a message id (the group's heading); `page`
    the main window page that opens it; `visible(connection, actor)` gives the record ids
    a user may find (None: all), for sealed kinds together with `permission`."""

    kind: str
    label: str
    watch: Mapping[str, str]
    build: Builder
    page: str = ""
    sealed: bool = False
    permission: Permission | None = None
    visible: Callable[[Connection, Principal], set[str] | None] = field(
        default=lambda _connection, _actor: None
    )

    def may_search(self, actor: Principal) -> bool:
        return self.permission is None or actor.can(self.permission)


@cache
def sources() -> tuple[SearchSource, ...]:
    """Every module's search sources, in the modules' order."""
    from station_desk.modules import MODULES, resolve

    return tuple(resolve(path) for module in MODULES for path in module.search)


def source(kind: str) -> SearchSource:
    found = next((s for s in sources() if s.kind == kind), None)
    if found is None:
        raise KeyError(kind)
    return found


@cache
def _watchers() -> dict[str, list[tuple[SearchSource, str]]]:
    found: dict[str, list[tuple[SearchSource, str]]] = {}
    for src in sources():
        for table, column in src.watch.items():
            found.setdefault(table, []).append((src, column))
    return found


def rebuild(connection: Connection, src: SearchSource, ids: Iterable[str] | None = None) -> int:
    """Write the entries of `ids` (None: every record of the kind); returns how many."""
    if ids is None:
        connection.execute(delete(SearchEntry).where(SearchEntry.kind == src.kind))
        return _insert(connection, src, src.build(connection, None))
    written = 0
    for chunk in records.chunks(sorted(set(ids))):
        connection.execute(
            delete(SearchEntry).where(SearchEntry.kind == src.kind, SearchEntry.record_id.in_(chunk))
        )
        written += _insert(connection, src, src.build(connection, chunk))
    return written


def _insert(connection: Connection, src: SearchSource, entries: Iterable[Entry]) -> int:
    rows = [{**entry, "kind": src.kind, "sealed": src.sealed} for entry in entries]
    for piece in records.chunks(rows, records.IN_LIST * 4):
        connection.execute(insert(SearchEntry), piece)
    return len(rows)


def ensure_built(connection: Connection) -> list[str]:
    """Build every kind not built yet (a database from before the index, or a kind added
    since); returns the kinds built. A marker row (kind `BUILT`, record_id the kind) says a
    kind was built whole; records changed before that were indexed by the hooks and are
    written again."""
    done = set(
        connection.execute(select(SearchEntry.record_id).where(SearchEntry.kind == BUILT)).scalars()
    )
    built = []
    for src in sources():
        if src.kind in done:
            continue
        rebuild(connection, src)
        connection.execute(
            insert(SearchEntry).values(
                kind=BUILT, record_id=src.kind, sealed=False, title="", detail="", sort_key="", keys=""
            )
        )
        built.append(src.kind)
    return built


def pieces_or_all(ids: Sequence[str] | None) -> Iterator[Sequence[str] | None]:
    """`ids` in IN-list sized pieces (None: one piece meaning "all")."""
    if ids is None:
        yield None
    else:
        yield from records.chunks(ids)


# -- keeping it current -------------------------------------------------------------------
def _touch(session: Session, table: str, rows: Iterable[Any], get: Callable[[Any, str], Any]) -> None:
    watchers = _watchers().get(table)
    if not watchers:
        return
    pending: dict[str, set[str]] = session.info.setdefault(_PENDING, {})
    for row in rows:
        for src, column in watchers:
            owner = get(row, column)
            if owner:
                pending.setdefault(src.kind, set()).add(str(owner))


def _after_flush(session: Session, _context: Any) -> None:
    for obj in chain(session.new, session.dirty, session.deleted):
        table = getattr(obj, "__tablename__", None)
        if table:
            _touch(session, table, (obj,), getattr)


def _after_flush_postexec(session: Session, _context: Any) -> None:
    _apply(session)


def _apply(session: Session) -> None:
    pending: dict[str, set[str]] = session.info.pop(_PENDING, {})
    if not pending:
        return
    connection = session.connection()
    written: dict[str, set[str]] = session.info.setdefault(_WRITTEN, {})
    for kind, ids in pending.items():
        rebuild(connection, source(kind), ids)
        written.setdefault(kind, set()).update(ids)


def _after_commit(session: Session) -> None:
    written = session.info.pop(_WRITTEN, None)
    log = session.info.get(_LOG)
    if written and isinstance(log, ChangeLog):
        log.add(written)


def _after_rollback(session: Session) -> None:
    session.info.pop(_WRITTEN, None)
    session.info.pop(_PENDING, None)


class ChangeLog:
    """The records whose entries were committed, in order, for the search's memory copy
    (`services/search.py`): one log per database, shared by its sessions. `since(seq)`
    gives what changed after `seq` (None: too much to tell, read everything again)."""

    KEEP = 5000

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[tuple[int, str, frozenset[str]]] = []
        self.seq = 0

    def add(self, written: Mapping[str, set[str]]) -> None:
        with self._lock:
            for kind, ids in written.items():
                self.seq += 1
                self._entries.append((self.seq, kind, frozenset(ids)))
            del self._entries[: -self.KEEP]

    def since(self, seq: int) -> tuple[int, dict[str, set[str]] | None]:
        """(the current seq, kind → ids changed after `seq`, or None when forgotten)."""
        with self._lock:
            if self._entries and self._entries[0][0] > seq + 1:
                return self.seq, None
            changed: dict[str, set[str]] = {}
            for entry_seq, kind, ids in self._entries:
                if entry_seq > seq:
                    changed.setdefault(kind, set()).update(ids)
            return self.seq, changed


def change_log(session: Session) -> ChangeLog:
    log = session.info.get(_LOG)
    if not isinstance(log, ChangeLog):
        raise RuntimeError("the search hook is not installed on this session factory")
    return log


def _on_execute(state: ORMExecuteState) -> Any:
    """A bulk insert into a watched table: index the records its rows belong to."""
    if not state.is_insert:
        return None
    table = getattr(getattr(state.statement, "table", None), "name", None)
    if table not in _watchers():
        return None
    result = state.invoke_statement()
    params = state.parameters
    rows = params if isinstance(params, list) else [params] if params else []
    _touch(state.session, table, rows, lambda row, column: row.get(column))
    _apply(state.session)
    return result


def install_search_hook(session_factory: Any) -> None:
    """Keep the entries of the factory's sessions current; its sessions share a `ChangeLog`
    (in `Session.info`, which each session copies from the factory)."""
    session_factory.kw.setdefault("info", {})[_LOG] = ChangeLog()
    event.listen(session_factory, "after_commit", _after_commit)
    event.listen(session_factory, "after_rollback", _after_rollback)
    event.listen(session_factory, "after_flush", _after_flush)
    event.listen(session_factory, "after_flush_postexec", _after_flush_postexec)
    event.listen(session_factory, "do_orm_execute", _on_execute)
