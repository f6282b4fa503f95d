"""The station's fixtures: a PostgreSQL database of its own per test (the server of
STATION_DESK_TEST_DATABASE_URL, else a throwaway one started for this run with
build_scripts/pg_test_server.sh), and rooms on encrypted SQLite files that export to it."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from station_desk.db.database import Database
from station_desk.domain.accounts import NewAccount, Principal
from station_desk.domain.roles import Role
from station_desk.domain.settings import SetupData
from station_desk.exchange.crypto import KdfParams
from station_desk.services.container import Services
from station_desk.services.export import ExportRequest, ExportService
from station_desk.services.station import StationService
from tests import server_db
from tests.conftest import ADMIN_PASSWORD, OFFICER_PASSWORD, new_room

ROOT = Path(__file__).resolve().parents[3]
PASSPHRASE = "station-2026-passphrase"
LIGHT = KdfParams(time_cost=1, memory_cost=8 * 1024, parallelism=1)
STATION_ADMIN_PASSWORD = "Station-admin-2026"
STATION_OFFICER_PASSWORD = "Station-officer-2026"


def export_period() -> tuple[date, date]:
    """Mediation cases are received in March 2026; other records are chosen by their creation
    time, which is now: the period runs from the cases to tomorrow."""
    return date(2026, 1, 1), date.today() + timedelta(days=1)


@pytest.fixture(scope="session")
def station_server() -> Iterator[str]:
    """The URL of a PostgreSQL server for the station tests."""
    given = server_db.server_url()
    if given:
        yield given
        return
    if shutil.which("initdb") is None and not Path("/usr/lib/postgresql").is_dir() and os.geteuid() != 0:
        pytest.skip("no PostgreSQL server: install postgresql or set STATION_DESK_TEST_DATABASE_URL")
    # not under pytest's folders (0700, owned by root): the server runs as an unprivileged user
    folder = Path(tempfile.mkdtemp(prefix="station-pg."))
    script = ROOT / "build_scripts" / "pg_test_server.sh"
    url = subprocess.run(
        [str(script), "start", str(folder)], check=True, capture_output=True, text=True
    ).stdout.strip()
    try:
        yield url
    finally:
        subprocess.run([str(script), "stop", str(folder)], check=False, capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def station_url(station_server: str) -> Iterator[str]:
    url = server_db.new_database(station_server)
    yield url
    server_db.drop_database(url)


@pytest.fixture
def station_db(station_url: str) -> Iterator[Database]:
    db = Database.open_server(station_url)
    yield db
    db.close()


@pytest.fixture
def station(station_db: Database) -> Services:
    """The station's services after `station init`: an admin and an officer account."""
    services = Services.for_database(station_db)
    admin = services.accounts.complete_setup(
        SetupData(
            station_name="朝阳分局和平里派出所",
            room_name="朝阳分局和平里派出所",
            officer_name="陈所长",
            badge_number="",
            username="stadmin",
            password=STATION_ADMIN_PASSWORD,
            language="zh_CN",
        )
    )
    services.accounts.create_account(
        admin, NewAccount("stofficer", "周警官", Role.OFFICER, STATION_OFFICER_PASSWORD, "010999")
    )
    return services


@pytest.fixture
def station_admin(station: Services) -> Principal:
    return station.accounts.authenticate("stadmin", STATION_ADMIN_PASSWORD)


@pytest.fixture
def station_officer(station: Services) -> Principal:
    return station.accounts.authenticate("stofficer", STATION_OFFICER_PASSWORD)


@pytest.fixture
def stationsvc(station: Services) -> StationService:
    return StationService(station.db)


class Room:
    """A room on its own encrypted SQLite file, with an officer, that exports packages."""

    def __init__(self, folder: Path, name: str) -> None:
        self.folder = folder
        self.services = new_room(folder / "data")
        admin = self.services.accounts.complete_setup(
            SetupData(
                station_name="朝阳分局和平里派出所",
                room_name=name,
                officer_name="张建国",
                badge_number="010123",
                username="admin",
                password=ADMIN_PASSWORD,
                language="zh_CN",
            )
        )
        self.services.accounts.create_account(
            admin, NewAccount("officer", "李明", Role.OFFICER, OFFICER_PASSWORD, "010456")
        )
        self.admin = self.services.accounts.authenticate("admin", ADMIN_PASSWORD)
        self.officer = self.services.accounts.authenticate("officer", OFFICER_PASSWORD)
        self.exports = 0

    def export(self, at: datetime, include_sealed: bool = False, period: tuple[date, date] | None = None) -> Path:
        """One export folder (documents left out: the station imports the data package)."""
        self.exports += 1
        target = self.folder / f"stick{self.exports}"
        target.mkdir()
        service = ExportService(self.services.db, now=lambda: at, kdf=LIGHT, sources=[])
        actor = self.admin if include_sealed else self.officer
        start, end = period or export_period()
        request = ExportRequest(
            target, start, end, include_documents=False, include_registers=False,
            passphrase=PASSPHRASE, include_sealed=include_sealed,
            purpose="派出所汇总帮教工作" if include_sealed else "",
        )
        return service.export(actor, request).folder

    def close(self) -> None:
        self.services.close()


@pytest.fixture
def make_room(tmp_path: Path) -> Iterator[object]:
    rooms: list[Room] = []

    def make(name: str = "和平里社区警务室") -> Room:
        room = Room(tmp_path / f"room{len(rooms)}", name)
        rooms.append(room)
        return room

    yield make
    for room in rooms:
        room.close()


def at(day: int, hour: int = 9) -> datetime:
    """A moment in March 2026 (UTC)."""
    return datetime(2026, 3, day, hour, 0, tzinfo=UTC)
