"""The room's database keeps one connection open (its page cache warm); another one, needed
while the first is in use on another thread, is opened for that use; of the two, the one
given back last is closed, its page cache freed (issue 15: two kept connections each filled a 32 MB cache)."""

from __future__ import annotations

import threading

from sqlalchemy import event, text
from sqlalchemy.pool import QueuePool

from station_desk.db.engine import KEPT_CONNECTIONS, release_freed_memory
from station_desk.services.container import Services
from tests.server_db import sqlite_only


@sqlite_only  # the room's pool; the station's server engine keeps its own
def test_one_connection_is_kept_and_a_second_is_closed_when_given_back(
    services: Services,
) -> None:
    engine = services.db.engine
    engine.pool.dispose()
    closed: list[object] = []
    event.listen(engine.pool, "close", lambda dbapi, _record: closed.append(dbapi))
    first = engine.connect()
    seen: list[int] = []

    def other_thread() -> None:  # the worker reading while the GUI thread holds `first`
        with engine.connect() as second:
            seen.append(second.execute(text("SELECT count(*) FROM users")).scalar_one())

    worker = threading.Thread(target=other_thread)
    worker.start()
    worker.join()
    assert seen and seen[0] >= 1
    assert closed == []  # given back first: kept
    first.close()
    assert len(closed) == 1  # given back when one is kept already: closed
    pool = engine.pool
    assert isinstance(pool, QueuePool)
    assert pool.checkedin() == KEPT_CONNECTIONS == 1
    with engine.connect() as again:  # the kept one is used again, no other is opened
        assert again.execute(text("SELECT count(*) FROM users")).scalar_one() == seen[0]
    assert len(closed) == 1


def test_releasing_freed_memory_is_harmless(services: Services) -> None:
    release_freed_memory()
    with services.db.engine.connect() as connection:
        assert connection.execute(text("SELECT 1")).scalar_one() == 1
