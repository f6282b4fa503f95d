"""One search box for everything (全局搜索): records of every module by one typed query.

The query is matched against the search keys (`domain/search.py`) kept by
`db/search_index.py`, one query per kind, newest first, so each keystroke reads at most
`limit` rows of each kind from an index in date order (measured in
`tests/perf/bench_search.py`). Sealed kinds (youth subjects) are searched only for users who
may see sealed records, only among the subjects they may open, and their names come back
masked; opening one still goes through the youth service, which asks for a purpose.
"""

from __future__ import annotations

from sqlalchemy import func, select

from station_desk.db.models import SearchEntry
from station_desk.db.search_index import SearchSource, ensure_built, sources
from station_desk.domain.accounts import Principal
from station_desk.domain.search import SearchGroup, SearchHit, query_key
from station_desk.errors import ValidationError
from station_desk.i18n import _
from station_desk.services.base import RecordService
from station_desk.services.guard import require

DEFAULT_LIMIT = 20  # hits shown per kind


class SearchService(RecordService):
    _ready = False

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
        self.ensure_index()
        groups = []
        with self.db.session(actor) as session:
            for src in wanted:
                stmt = (
                    select(SearchEntry)
                    .where(SearchEntry.kind == src.kind, func.instr(SearchEntry.keys, key) > 0)
                    .order_by(SearchEntry.sort_key.desc())
                    .limit(limit + 1)
                )
                visible = src.visible(actor)
                if visible is not None:
                    stmt = stmt.where(visible)
                rows = session.scalars(stmt).all()
                if rows:
                    hits = tuple(_hit(row) for row in rows[:limit])
                    groups.append(SearchGroup(src.kind, src.label, hits, len(rows) > limit))
        return groups

    def ensure_index(self) -> None:
        """Build the entries a database from before the index lacks (once per service)."""
        if self._ready:
            return
        with self.db.session() as session:
            ensure_built(session.connection())
        self._ready = True

    def _kinds(self, actor: Principal, kind: str | None) -> list[SearchSource]:
        if kind is None:
            return self.kinds(actor)
        src = next((s for s in sources() if s.kind == kind), None)
        if src is None:
            raise ValidationError(
                "kind",
                _("Unknown kind {kind}; one of: {kinds}").format(
                    kind=kind, kinds=", ".join(s.kind for s in sources())
                )
            )
        if src.permission is not None:
            require(self.db, actor, src.permission, "search")
        return [src]


def _hit(row: SearchEntry) -> SearchHit:
    return SearchHit(row.kind, row.record_id, row.title, row.detail, row.sort_key, row.sealed)
