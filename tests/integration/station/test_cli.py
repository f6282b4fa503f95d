"""`station-desk station …` end to end: init, import (asking about an unknown room), rooms,
conflicts and resolve, on the station's PostgreSQL database."""

from __future__ import annotations

import json

import pytest

from station_desk.cli import main
from tests.integration.station.conftest import PASSPHRASE, at
from tests.integration.station.test_import import register_case, retitle


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_station_commands(station_url, make_room, capsys, monkeypatch) -> None:
    monkeypatch.setenv("STATION_DESK_DATABASE_URL", station_url)
    monkeypatch.setenv("STATION_DESK_PASSWORD", "Station-admin-2026")
    monkeypatch.setenv("STATION_DESK_PASSPHRASE", PASSPHRASE)
    code, out, _err = run(capsys, "--lang", "en", "station", "init", "--station", "和平里派出所", "--admin", "chief")
    assert code == 0 and "chief" in out
    room = make_room()
    case_id = register_case(room)
    folder = str(room.export(at(10)))
    code, _out, err = run(capsys, "--lang", "en", "station", "import", folder, "--user", "chief")
    assert code == 1 and "does not know" in err and "Nothing was imported" in err  # no terminal: no
    code, out, _err = run(capsys, "--lang", "en", "station", "import", folder, "--user", "chief", "--register")
    assert code == 0 and "Imported 和平里社区警务室" in out
    code, out, _err = run(capsys, "--lang", "en", "station", "import", folder, "--user", "chief")
    assert code == 0 and "nothing changed" in out
    code, out, _err = run(capsys, "--lang", "en", "station", "rooms", "--user", "chief", "--json")
    (listed,) = json.loads(out)
    assert listed["name"] == "和平里社区警务室" and listed["records"]["mediation_cases"] == 1

    # a conflict: the station's team edits the case, the room too
    from station_desk.db.database import Database
    from station_desk.services.container import Services
    from station_desk.services.station import StationService

    station_db = Database.open_server(station_url)
    chief = Services.for_database(station_db).accounts.authenticate("chief", "Station-admin-2026")
    retitle(StationService(station_db).room_services(1), chief, case_id, "派出所改")
    station_db.close()
    retitle(room.services, room.officer, case_id, "警务室改")
    code, out, _err = run(capsys, "--lang", "en", "station", "import", str(room.export(at(11))), "--user", "chief")
    assert code == 0 and "1 conflict(s)" in out and "派出所改" in out and "警务室改" in out
    code, out, _err = run(capsys, "--lang", "en", "station", "conflicts", "--user", "chief", "--json")
    (conflict,) = json.loads(out)
    assert conflict["field"] == "title"
    code, out, _err = run(
        capsys, "--lang", "en", "station", "resolve", str(conflict["id"]), "--keep", "room", "--user", "chief"
    )
    assert code == 0 and "room's value is kept" in out
    code, out, _err = run(capsys, "--lang", "en", "station", "conflicts", "--user", "chief")
    assert "(none)" in out
    # the usual record commands on the server, signed in against its accounts
    code, out, _err = run(capsys, "--lang", "en", "list", "accounts", "--user", "chief", "--json")
    assert code == 0 and [row["username"] for row in json.loads(out)] == ["chief"]
    monkeypatch.setenv("STATION_DESK_PASSWORD", "wrong")
    code, _out, err = run(capsys, "--lang", "en", "list", "accounts", "--user", "chief")
    assert code == 1 and "Wrong user name or password" in err


def test_bad_packages_are_refused_with_a_clear_message(station_url, make_room, capsys, monkeypatch) -> None:
    monkeypatch.setenv("STATION_DESK_DATABASE_URL", station_url)
    monkeypatch.setenv("STATION_DESK_PASSWORD", "Station-admin-2026")
    run(capsys, "--lang", "en", "station", "init", "--station", "和平里派出所", "--admin", "chief")
    room = make_room()
    register_case(room)
    folder = room.export(at(10))
    monkeypatch.setenv("STATION_DESK_PASSPHRASE", "not the passphrase")
    code, _out, err = run(capsys, "--lang", "en", "station", "import", str(folder), "--user", "chief", "--register")
    assert code == 1 and "passphrase" in err.lower()
    monkeypatch.setenv("STATION_DESK_PASSPHRASE", PASSPHRASE)
    package = next(folder.glob("*.sdpkg"))
    data = bytearray(package.read_bytes())
    package.write_bytes(bytes(data[: len(data) // 2]))  # cut off, as by a stick pulled early
    code, _out, err = run(capsys, "--lang", "en", "station", "import", str(folder), "--user", "chief", "--register")
    assert code == 1 and "does not match its manifest" in err and "Nothing was imported" in err
    data[len(data) // 2] ^= 0x01
    package.write_bytes(bytes(data))  # one bit changed
    code, _out, err = run(capsys, "--lang", "en", "station", "import", str(folder), "--user", "chief", "--register")
    assert code == 1 and "does not match its manifest" in err
    code, out, _err = run(capsys, "--lang", "en", "station", "rooms", "--user", "chief")
    assert "(none)" in out  # nothing half-imported


def test_a_package_from_a_newer_version_is_refused(station_url, make_room, capsys, monkeypatch) -> None:
    from station_desk.services import export

    monkeypatch.setenv("STATION_DESK_DATABASE_URL", station_url)
    monkeypatch.setenv("STATION_DESK_PASSWORD", "Station-admin-2026")
    monkeypatch.setenv("STATION_DESK_PASSPHRASE", PASSPHRASE)
    run(capsys, "--lang", "en", "station", "init", "--station", "和平里派出所", "--admin", "chief")
    room = make_room()
    monkeypatch.setattr(export, "_schema_revision", lambda _session: "0999")
    folder = room.export(at(10))
    code, _out, err = run(capsys, "--lang", "en", "station", "import", str(folder), "--user", "chief", "--register")
    assert code == 1 and "newer version" in err and "0999" in err


def test_combined_registers_on_the_command_line(station_url, make_room, capsys, monkeypatch, tmp_path) -> None:
    from tests.integration.station.test_registers import fill

    monkeypatch.setenv("STATION_DESK_DATABASE_URL", station_url)
    monkeypatch.setenv("STATION_DESK_PASSWORD", "Station-admin-2026")
    monkeypatch.setenv("STATION_DESK_PASSPHRASE", PASSPHRASE)
    run(capsys, "--lang", "en", "station", "init", "--station", "和平里派出所", "--admin", "chief")
    for name, who in (("东区警务室", "东"), ("西区警务室", "西")):
        room = make_room(name)
        fill(room, who)
        code, _out, _err = run(capsys, "station", "import", str(room.export(at(10))), "--user", "chief", "--register")
        assert code == 0
    period = ("--from", "2026-03-01", "--to", "2026-03-31")
    code, out, _err = run(capsys, "--lang", "en", "station", "register", "reception", *period, "--user", "chief")
    assert code == 0 and "Room" in out and "东问户口迁移手续" in out and "西问户口迁移手续" in out
    code, out, _err = run(
        capsys, "station", "register", "duty", *period, "--room", "2", "--json", "--user", "chief"
    )
    (row,) = json.loads(out)
    assert list(row.values())[:2] == ["西区警务室", "李明"]
    target = tmp_path / "hours.xlsx"
    code, out, _err = run(capsys, "--lang", "en", "station", "print", "volunteer-hours", *period, "-o", str(target), "--user", "chief")
    assert code == 0 and target.stat().st_size > 0 and "Saved" in out
    code, _out, err = run(capsys, "--lang", "en", "station", "print", "duty", *period, "-o", str(tmp_path / "d.doc"), "--user", "chief")
    assert code != 0 and ".pdf, .xlsx" in err
    code, _out, err = run(capsys, "--lang", "en", "station", "register", "opinions", *period, "--room", "7", "--user", "chief")
    assert code != 0 and "No such room" in err
