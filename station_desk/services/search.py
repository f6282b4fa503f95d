"""One search box for everything (全局搜索): records of every module by one typed query.

The query is matched against the search keys (`domain/search.py`) that `db/search_index.py`
keeps in the database. For speed the service holds a copy of them in memory, per kind, newest
first and joined into one text, so a keystroke is a few `str.find` calls that stop at the
`limit`-th hit (measured in `tests/perf/bench_search.py`); the database session's change log
says which records changed since the copy was read, and only those are read again.

Sealed kinds (youth subjects) are searched only for users who may see sealed records, only
among the subjects they may open, and their names come back masked; opening one still goes
through the youth service, which asks for a purpose.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from station_desk.db.database import Database
from station_desk.db.models import SearchEntry
from station_desk.db.models.base import utcnow
from station_desk.db.records import chunks
from station_desk.db.search_index import SearchSource, change_log, ensure_built, sources
from station_desk.domain.accounts import Principal
from station_desk.domain.search import SearchGroup, SearchHit, query_key
from station_desk.errors import ValidationError
from station_desk.i18n import _
from station_desk.services.base import RecordService
from station_desk.services.guard import require

DEFAULT_LIMIT = 20  # hits shown per kind
_COLUMNS = (
    SearchEntry.kind, SearchEntry.record_id, SearchEntry.title, SearchEntry.detail,
    SearchEntry.sort_key, SearchEntry.sealed, SearchEntry.keys,
)


@dataclass
class _Kind:
    """The entries of one kind in memory; `text` is their keys, newest first, one a line."""

    hits: dict[str, SearchHit] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    text: str = ""
    stale: bool = True

    def put(self, row: Any) -> None:
        self.hits[row.record_id] = SearchHit(
            row.kind, row.record_id, row.title, row.detail, row.sort_key, row.sealed
        )
        self.keys[row.record_id] = row.keys
        self.stale = True

    def drop(self, record_id: str) -> None:
        self.hits.pop(record_id, None)
        self.keys.pop(record_id, None)
        self.stale = True

    def find(self, key: str, limit: int, allowed: set[str] | None) -> list[SearchHit]:
        """Up to `limit` hits, newest first, among `allowed` ids (None: all)."""
        if self.stale:
            self._arrange()
        found: list[SearchHit] = []
        position = self.text.find(key)
        while position >= 0 and len(found) < limit:
            index = bisect_right(self.starts, position) - 1
            record_id = self.order[index]
            if allowed is None or record_id in allowed:
                found.append(self.hits[record_id])
            following = index + 1
            position = self.text.find(key, self.starts[following]) if following < len(self.starts) else -1
        return found

    def _arrange(self) -> None:
        self.order = sorted(self.hits, key=lambda rid: (self.hits[rid].when, rid), reverse=True)
        self.starts, offset = [], 0
        for record_id in self.order:
            self.starts.append(offset)
            offset += len(self.keys[record_id]) + 1
        self.text = "\n".join(self.keys[rid] for rid in self.order)
        self.stale = False


class SearchService(RecordService):
    def __init__(self, db: Database, now: Callable[[], datetime] = utcnow) -> None:
        super().__init__(db, now)
        self._lock = threading.Lock()  # the window searches on the GUI thread and prepares off it
        self._memory: dict[str, _Kind] = {}
        self._seq = -1  # the change log's seq the memory copy is current with (-1: not read)
        self._ready = False  # `ensure_built` has run

    def kinds(self, actor: Principal) -> list[SearchSource]:
        """The kinds `actor` may search, in the modules' order."""
        return [src for src in sources() if src.may_search(actor)]

    def search(
        self, actor: Principal, query: str, kind: str | None = None, limit: int = DEFAULT_LIMIT
    ) -> list[SearchGroup]:
        """The groups of hits (kinds without a hit left out) for the typed `query`."""
        wanted = self._kinds(actor, kind)
        key = query_key(query)
        if not key:
            return []
        if not self._ready:
            self.ensure_index()
        groups = []
        with self.db.session(actor) as session:
            memory = self._current(session)
            for src in wanted:
                allowed = src.visible(session.connection(), actor)
                hits = memory[src.kind].find(key, limit + 1, allowed) if src.kind in memory else []
                if hits:
                    groups.append(SearchGroup(src.kind, src.label, tuple(hits[:limit]), len(hits) > limit))
        return groups

    def records_with(self, keys: list[str]) -> dict[str, set[str]] | None:
        """Kind → the ids of the records one of whose keys contains one of `keys` (a phone's
        digits, an ID tail), from the memory copy brought up to date; None while the copy has
        not been read (`ensure_index`). Sealed kinds included: the caller filters by user."""
        if not self._ready or self._seq < 0:
            return None
        wanted = [key for key in keys if key]
        with self.db.session() as session:
            memory = self._current(session)
            return {
                kind: {hit.record_id for key in wanted for hit in entries.find(key, len(entries.hits), None)}
                for kind, entries in memory.items()
            }

    def ensure_index(self) -> None:
        """Build what a database from before the index lacks, and read the entries into
        memory (the first time: seconds at demo scale 100; done in the background by the
        window)."""
        with self.db.session() as session:
            if not self._ready:
                ensure_built(session.connection())
                self._ready = True
        with self.db.session() as session:
            self._current(session)

    def _current(self, session: Session) -> dict[str, _Kind]:
        """The memory copy, brought up to date with the records changed since it was read."""
        with self._lock:
            seq, changed = change_log(session).since(self._seq)
            if self._seq < 0 or changed is None:
                self._memory = {src.kind: _Kind() for src in sources()}
                self._read(session, select(*_COLUMNS))
            else:
                for kind, ids in changed.items():
                    target = self._memory.setdefault(kind, _Kind())
                    for record_id in ids:
                        target.drop(record_id)
                    for chunk in chunks(sorted(ids)):
                        stmt = select(*_COLUMNS).where(SearchEntry.kind == kind)
                        self._read(session, stmt.where(SearchEntry.record_id.in_(chunk or ())))
            self._seq = seq
            return self._memory

    def _read(self, session: Session, stmt: Select[*tuple[Any, ...]]) -> None:
        for row in session.execute(stmt):
            target = self._memory.get(row.kind)
            if target is not None:
                target.put(row)

    def _kinds(self, actor: Principal, kind: str | None) -> list[SearchSource]:
        if kind is None:
            return self.kinds(actor)
        src = next((s for s in sources() if s.kind == kind), None)
        if src is None:
            raise ValidationError(
                "kind",
                _("Unknown kind {kind}; one of: {kinds}").format(
                    kind=kind, kinds=", ".join(s.kind for s in sources())
                ),
            )
        if src.permission is not None:
            require(self.db, actor, src.permission, "search")
        return [src]
