"""End to end: `station-desk search QUERY` on a temporary data folder, as each role: the same
hits as the window, youth subjects masked and only for who may open them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from station_desk.domain.accounts import NewAccount
from station_desk.domain.roles import Role
from tests.conftest import ADMIN_PASSWORD, AUX_PASSWORD, OFFICER_PASSWORD, SETUP, new_room
from tests.e2e.test_cli import run
from tests.search_data import BOY, SearchRoom, fill_search_room


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SearchRoom]:
    folder = tmp_path_factory.mktemp("room") / "data"
    services = new_room(folder)
    try:
        admin = services.accounts.complete_setup(SETUP)
        services.accounts.create_account(admin, NewAccount("officer", "李明", Role.OFFICER, OFFICER_PASSWORD))
        services.accounts.create_account(admin, NewAccount("aux", "王芳", Role.AUXILIARY, AUX_PASSWORD))
        officer = services.accounts.authenticate("officer", OFFICER_PASSWORD)
        made = fill_search_room(services, admin, officer)
        services.accounts.logout(officer)
        services.accounts.logout(admin)
    finally:
        services.close()
    return folder, made


def search(folder: Path, user: str, password: str, *args: str) -> list[dict[str, object]]:
    result = run("search", *args, "--data-dir", folder, "--user", user, "--json", password=password)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_search_json_groups_by_kind(room: tuple[Path, SearchRoom]) -> None:
    folder, made = room
    groups = {g["kind"]: g for g in search(folder, "officer", OFFICER_PASSWORD, "zs")}
    assert [h["record_id"] for h in groups["mediation"]["hits"]] == [made.case_id]
    assert [h["record_id"] for h in groups["volunteers"]["hits"]] == [made.volunteer_id]
    assert groups["volunteers"]["label"] == "Volunteers"
    only = search(folder, "officer", OFFICER_PASSWORD, "5678", "--kind", "volunteers")
    assert [g["kind"] for g in only] == ["volunteers"]


def test_youth_masked_and_not_for_auxiliary_police(room: tuple[Path, SearchRoom]) -> None:
    folder, made = room
    text = run("search", "张小明", "--data-dir", folder, "--user", "admin", "--json", password=ADMIN_PASSWORD)
    [group] = [g for g in json.loads(text.stdout) if g["kind"] == "youth"]
    assert [h["title"] for h in group["hits"]] == ["张某"]
    assert "小明" not in text.stdout and BOY not in text.stdout
    assert all(g["kind"] != "youth" for g in search(folder, "aux", AUX_PASSWORD, "张"))
    refused = run("search", "张", "--kind", "youth", "--data-dir", folder, "--user", "aux", password=AUX_PASSWORD)
    assert refused.returncode == 1 and "does not allow" in refused.stderr
    table = run("search", "漏水", "--data-dir", folder, "--user", "officer", password=OFFICER_PASSWORD)
    assert table.returncode == 0 and "楼上漏水纠纷" in table.stdout
