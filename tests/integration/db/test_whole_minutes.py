"""`db.records.whole_minutes` on SQLite: the whole minutes between two stored timestamps, to
the microsecond, as Python counts them — by unixepoch() where SQLite has it (3.38 and later)
and by strftime('%s') on an older SQLite (a source install on a system Python)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import DateTime, column, create_engine, select, table

from station_desk.db.records import whole_minutes

START = datetime(2026, 3, 1, 10, 0, 0, 999_600)
PAIRS = [
    (START, START + timedelta(minutes=30)),
    (START, START + timedelta(minutes=30, microseconds=-1)),  # a microsecond short of 30
    (datetime(2026, 3, 1, 23, 59, 59, 999_999), datetime(2026, 3, 2, 0, 30)),  # over midnight
    (START, START - timedelta(minutes=5)),  # the end before the start: nothing
    (datetime(2026, 3, 1, 8, 0), datetime(2026, 3, 1, 12, 0)),  # whole seconds
]


@pytest.mark.parametrize("sqlite_version", [None, (3, 37, 2)])
def test_whole_minutes_are_pythons_to_the_microsecond(sqlite_version: tuple[int, ...] | None) -> None:
    engine = create_engine("sqlite://")
    times = table("times", column("begin", DateTime()), column("end", DateTime()))
    with engine.begin() as connection:
        if sqlite_version is not None:  # compiled as for an SQLite without unixepoch()
            connection.dialect.server_version_info = sqlite_version
        connection.exec_driver_sql('CREATE TABLE times ("begin" TEXT, "end" TEXT)')
        connection.execute(times.insert(), [{"begin": b, "end": e} for b, e in PAIRS])
        stmt = select(whole_minutes(times.c.begin, times.c.end))
        compiled = str(stmt.compile(connection))
        assert ("unixepoch" in compiled) is (sqlite_version is None)
        found = connection.execute(stmt).scalars().all()
    assert found == [max(0, int((e - b).total_seconds() // 60)) for b, e in PAIRS]
