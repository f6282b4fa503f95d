"""The demo room (demo/__init__.py): accounts that sign in, reproducible data, safe to re-run."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from station_desk import demo
from station_desk.demo import DEMO_PASSWORD, create_demo, fill_demo
from station_desk.domain.accounts import Principal
from station_desk.domain.roles import Role
from station_desk.errors import StationDeskError
from station_desk.services.container import Services
from tests.conftest import reopen

EXPECTED_ROLES = {
    "admin": Role.ADMIN,
    "officer": Role.OFFICER,
    "aux": Role.AUXILIARY,
    "aux2": Role.AUXILIARY,
}


def test_demo_creates_the_room_and_accounts(fresh_services: Services) -> None:
    result = fill_demo(fresh_services)
    assert result.set_up_now
    assert result.password == DEMO_PASSWORD
    assert set(result.usernames) == set(EXPECTED_ROLES)
    settings = fresh_services.settings.get()
    assert settings.station_name == "朝阳分局和平里派出所"
    assert settings.room_name == "和平里社区警务室"
    for username, role in EXPECTED_ROLES.items():
        user = fresh_services.accounts.authenticate(username, DEMO_PASSWORD)
        assert user.role == role
        assert len(user.display_name) >= 2
    admin = fresh_services.accounts.authenticate("admin", DEMO_PASSWORD)
    assert admin.display_name == "张建国"
    assert fresh_services.audit.verify().ok


def test_demo_is_idempotent(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo, "GENERATORS", ())  # the modules' generators are tested apart
    first = create_demo(data_dir)
    second = create_demo(data_dir)
    assert first.records_created == 3  # the three accounts besides the admin
    assert second.records_created == 0
    assert not second.set_up_now
    services = reopen(data_dir, "admin", DEMO_PASSWORD)
    try:
        admin = services.accounts.authenticate("admin", DEMO_PASSWORD)
        names = sorted(a.username for a in services.accounts.list_accounts(admin))
        assert names == sorted(EXPECTED_ROLES)
        assert services.audit.verify().ok
    finally:
        services.close()


def test_demo_keeps_existing_accounts(fresh_services: Services) -> None:
    fill_demo(fresh_services)
    admin = fresh_services.accounts.authenticate("admin", DEMO_PASSWORD)
    officer_id = next(
        a.id for a in fresh_services.accounts.list_accounts(admin) if a.username == "officer"
    )
    fresh_services.accounts.update_account(admin, officer_id, "赵国庆", "010999", Role.OFFICER)
    fill_demo(fresh_services)
    accounts = {a.username: a for a in fresh_services.accounts.list_accounts(admin)}
    assert accounts["officer"].display_name == "赵国庆"
    assert len(accounts) == len(EXPECTED_ROLES)


def test_demo_refuses_a_room_set_up_by_someone_else(services: Services) -> None:
    with pytest.raises(StationDeskError, match="not a demo folder"):
        fill_demo(services)


@pytest.mark.parametrize("scale", [0, demo.MAX_SCALE + 1])
def test_scale_is_bounded(fresh_services: Services, scale: int) -> None:
    with pytest.raises(StationDeskError):
        fill_demo(fresh_services, scale)


def test_generators_run_once_with_a_reproducible_rng(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, int, float]] = []

    def generate_things(services: Services, user: Principal, rng: random.Random, scale: int) -> int:
        calls.append((user.username, scale, rng.random()))
        return 5 * scale

    monkeypatch.setattr(demo, "GENERATORS", (generate_things,))
    first = create_demo(tmp_path / "one", scale=2)
    again = create_demo(tmp_path / "one", scale=2)
    other = create_demo(tmp_path / "two", scale=2)
    assert first.records_created == 3 + 10
    assert again.records_created == 0
    assert other.records_created == 3 + 10
    assert len(calls) == 2
    assert calls[0] == calls[1]
    assert calls[0][:2] == ("admin", 2)
