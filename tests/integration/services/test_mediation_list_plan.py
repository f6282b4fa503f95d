"""The case list is read in its order through an index (migration 0013), whatever the
planner statistics say: with those a scale-100 demo database had (every live case has no
`deleted_at`), SQLite read and sorted all 30,000 cases for the newest 500."""

from __future__ import annotations

from datetime import date

from station_desk.domain.mediation import CaseQuery
from station_desk.services.container import Services
from station_desk.services.mediation import _list_select

# sqlite_stat1 of the mediation cases as the demo database of scale 100 had them
SCALE_100_STATISTICS = {
    None: "30000",
    "ix_mediation_cases_deleted_at_received_on": "30000 30000 83 1 1",
    "ix_mediation_cases_received_on": "30000 83",
    "ix_mediation_cases_status_received_on": "30000 4286 19",
    "ix_mediation_cases_type_received_on": "30000 4286 12",
    "ix_mediation_cases_status_due_date": "30000 4286 20",
    "ix_mediation_cases_return_visit_due": "30000 81",
}


def test_the_newest_cases_are_read_in_order_not_sorted(services: Services) -> None:
    if services.db.engine.dialect.name != "sqlite":
        return  # PostgreSQL plans its own way; the station lists no cases by this query
    with services.db.engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")
        connection.exec_driver_sql("DELETE FROM sqlite_stat1 WHERE tbl = 'mediation_cases'")
        for index, stat in SCALE_100_STATISTICS.items():
            connection.exec_driver_sql(
                "INSERT INTO sqlite_stat1 VALUES ('mediation_cases', ?, ?)", (index, stat)
            )
    services.db.engine.dispose()  # new connections read the statistics
    stmt = _list_select(CaseQuery(), date(2026, 12, 7)).limit(500)
    with services.db.engine.connect() as connection:
        compiled = stmt.compile(connection, compile_kwargs={"literal_binds": True})
        plan = " / ".join(row[3] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}"))
    assert "ix_mediation_cases_deleted_at_received_on" in plan
    assert "TEMP B-TREE" not in plan and "SCAN mediation_cases" not in plan
