"""Room schemas made by an older program: upgraded before a package is imported (and at
start-up), so packages carrying the newer tables — reception and opinions (0007), the search
entries (0008, rebuilt where opened), work reports and the duty categories (0010) — import
and merge."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from alembic import command
from sqlalchemy import Connection, inspect, text

from station_desk.db import migrate
from station_desk.db.database import Database
from station_desk.db.server import make_server_engine
from station_desk.domain.duty import DutyActivity
from station_desk.domain.mediation import CaseQuery
from station_desk.domain.work_reports import Quarter, WorkReportText
from station_desk.services.station import StationService
from tests.integration.station.conftest import at
from tests.integration.station.test_import import imported, register_case
from tests.integration.station.test_registers import MARCH, fill

OLD = "0006"  # before reception and opinions (0007), search entries (0008), the station (0009), 0010


@contextmanager
def in_room_schema(url: str, schema: str = "room_001") -> Iterator[Connection]:
    engine = make_server_engine(url)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(f'SET LOCAL search_path TO "{schema}"')
            yield connection
    finally:
        engine.dispose()


def put_back_to_an_older_program(url: str) -> None:
    """The room's schema as a program of revision OLD made it (its migrations undone)."""
    with in_room_schema(url) as connection:
        command.downgrade(migrate.alembic_config(connection), OLD)
    with in_room_schema(url) as connection:
        assert migrate.current_revision(connection) == OLD
        assert "reception_entries" not in inspect(connection).get_table_names(schema="room_001")


def room_revision(url: str) -> Any:
    with in_room_schema(url) as connection:
        return migrate.current_revision(connection)


def test_an_import_upgrades_a_room_schema_made_by_an_older_program(
    stationsvc: StationService, station_url, station_admin, make_room
) -> None:
    room = make_room("东区警务室")
    register_case(room, "早先的纠纷")
    imported(stationsvc, station_admin, room.export(at(10)), register=True)
    put_back_to_an_older_program(station_url)

    fill(room, "东")  # reception, an opinion, duty in a 0010 category, a patrol shift
    room.services.work_reports.save_draft(
        room.officer, room.officer.user_id, Quarter(2026, 1), WorkReportText("走访群众120户。")
    )
    report = imported(stationsvc, station_admin, room.export(at(11)))
    assert report.status == "imported" and report.upgraded == ["room_001"] and not report.conflicts
    assert room_revision(station_url) == migrate.HEAD

    registers = stationsvc.registers
    assert "东问户口迁移手续" in str(registers.table(station_admin, "reception", *MARCH).rows)
    assert len(registers.table(station_admin, "opinions", *MARCH).rows) == 1
    (duty,) = stationsvc.room_services(1).duty.list_entries(
        station_admin, None, *MARCH
    )
    assert duty.activity is DutyActivity.SERVICE
    shown = stationsvc.room_services(1).work_reports.list_reports(station_admin)
    assert [r.text.summary for r in shown] == ["走访群众120户。"]
    # the search entries are the station's own: built from the merged records where opened
    cases = stationsvc.room_services(1).mediation.list_cases(station_admin, CaseQuery(party="zs"))
    assert {case.title for case in cases} >= {"早先的纠纷", "东漏水纠纷"}

    # an incremental package of the newer tables merges field by field
    (entry,) = room.services.reception.list_entries(room.officer)
    changed = room.services.reception.get(room.officer, entry.id)
    from dataclasses import replace

    room.services.reception.update(room.officer, entry.id, replace(changed, content="东问户口迁移（已办结）"))
    again = imported(stationsvc, station_admin, room.export(at(12)))
    assert again.updated >= 1 and again.upgraded == [] and not again.conflicts
    assert "东问户口迁移（已办结）" in str(registers.table(station_admin, "reception", *MARCH).rows)


def test_opening_the_station_upgrades_its_room_schemas(
    stationsvc: StationService, station_url, station_admin, make_room
) -> None:
    room = make_room()
    register_case(room)
    imported(stationsvc, station_admin, room.export(at(10)), register=True)
    put_back_to_an_older_program(station_url)
    db = Database.open_server(station_url)  # what every command and the view do first
    try:
        assert room_revision(station_url) == migrate.HEAD
        with db.engine.connect() as connection:
            tables = inspect(connection).get_table_names(schema="room_001")
            assert {"reception_entries", "resident_opinions", "work_reports"} <= set(tables)
            assert connection.execute(text("SELECT count(*) FROM room_001.mediation_cases")).scalar() == 1
    finally:
        db.close()
    assert date(2026, 3, 1) == MARCH[0]
