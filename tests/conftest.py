"""Shared fixtures: a real SQLite data directory per test, set up with a room and accounts."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("STATION_DESK_TEST", "1")

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

from station_desk import i18n  # noqa: E402
from station_desk.db.database import Database  # noqa: E402
from station_desk.domain.accounts import NewAccount, Principal  # noqa: E402
from station_desk.domain.roles import Role  # noqa: E402
from station_desk.domain.settings import SetupData  # noqa: E402
from station_desk.services.container import Services  # noqa: E402
from station_desk.services.vault import Vault  # noqa: E402
from tests import server_db  # noqa: E402

# Property tests: no per-example time limit, a loaded CI machine must not turn slowness into failures.
settings.register_profile("station_desk", deadline=None)
settings.load_profile("station_desk")

ADMIN_PASSWORD = "Admin-pass-2026"
OFFICER_PASSWORD = "Officer-pass-2026"
AUX_PASSWORD = "Auxiliary-pass-2026"

SETUP = SetupData(
    station_name="朝阳分局和平里派出所",
    room_name="和平里社区警务室",
    officer_name="张建国",
    badge_number="010123",
    username="admin",
    password=ADMIN_PASSWORD,
    language="zh_CN",
)


@pytest.fixture(autouse=True, scope="session")
def _light_password_hashing() -> Iterator[None]:
    """Argon2id still, but with small cost parameters so the suite does not spend minutes hashing.

    The program's own parameters are the library's recommended ones; tests only need the
    algorithm, not the cost.
    """
    from argon2 import PasswordHasher

    from station_desk.db import keyslots
    from station_desk.services import accounts

    original = accounts._hasher
    original_slots = keyslots.slot_kdf
    accounts._hasher = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)
    keyslots.slot_kdf = keyslots.SlotKdf(time_cost=1, memory_cost=8 * 1024, parallelism=1)
    yield
    accounts._hasher = original
    keyslots.slot_kdf = original_slots


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    """Tests read messages in English unless they switch language themselves."""
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def fresh_services(data_dir: Path) -> Iterator[Services]:
    """Services on an empty, migrated database (before the first-run setup): an encrypted
    file in `data_dir`, or a database of its own on the PostgreSQL test server when
    STATION_DESK_TEST_DATABASE_URL names one (`tests/server_db.py`)."""
    if server_db.on_server():
        url = server_db.new_database()
        services = Services.for_database(Database.open_server(url))
        yield services
        services.close()
        server_db.drop_database(url)
        return
    services = new_room(data_dir)
    yield services
    services.close()


def new_room(data_dir: Path) -> Services:
    """Services on a new, empty encrypted database in `data_dir` (before the setup)."""
    return Vault(data_dir).open_new().services


def reopen(data_dir: Path, username: str = "admin", password: str = ADMIN_PASSWORD) -> Services:
    """The data folder opened again, with the key from `username`'s slot."""
    return Vault(data_dir).open(Vault(data_dir).unlock(username, password))


@pytest.fixture
def services(fresh_services: Services) -> Services:
    """Services on a database that went through setup; accounts: admin, officer, aux."""
    admin = fresh_services.accounts.complete_setup(SETUP)
    fresh_services.accounts.create_account(
        admin, NewAccount("officer", "李明", Role.OFFICER, OFFICER_PASSWORD, "010456")
    )
    fresh_services.accounts.create_account(
        admin, NewAccount("aux", "王芳", Role.AUXILIARY, AUX_PASSWORD)
    )
    return fresh_services


@pytest.fixture
def admin(services: Services) -> Principal:
    return services.accounts.authenticate("admin", ADMIN_PASSWORD)


@pytest.fixture
def officer(services: Services) -> Principal:
    return services.accounts.authenticate("officer", OFFICER_PASSWORD)


@pytest.fixture
def aux(services: Services) -> Principal:
    return services.accounts.authenticate("aux", AUX_PASSWORD)


@pytest.fixture
def no_official_holidays(monkeypatch: pytest.MonkeyPatch) -> None:
    """A room calendar without the shipped official holidays (tests of the calendar itself)."""
    from station_desk.domain.holidays import OfficialCalendar
    from station_desk.services import holidays

    monkeypatch.setattr(holidays, "official_calendar", OfficialCalendar)
