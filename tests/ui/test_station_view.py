"""The station view: rooms, a conflict decided with a click, the combined register saved as a
PDF (read back as text)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from pytestqt.qtbot import QtBot

from station_desk.services.station import StationService
from tests.integration.station.conftest import (  # noqa: F401 - fixtures
    PASSPHRASE,
    at,
    make_room,
    station,
    station_admin,
    station_db,
    station_server,
    station_url,
    stationsvc,
)
from tests.integration.station.test_import import register_case, retitle


def test_rooms_conflicts_and_the_combined_register(
    qtbot: QtBot, stationsvc: StationService, station_admin, make_room, tmp_path: Path  # noqa: F811
) -> None:
    from station_desk.ui.station.view import StationView

    east, west = make_room("东区警务室"), make_room("西区警务室")
    east_case = register_case(east, "东区漏水纠纷")
    register_case(west, "西区噪音纠纷")
    for room in (east, west):
        stationsvc.import_folder(station_admin, room.export(at(10)), PASSPHRASE, register_unknown=True)
    retitle(stationsvc.room_services(1), station_admin, east_case, "派出所改的")
    retitle(east.services, east.officer, east_case, "警务室改的")
    stationsvc.import_folder(station_admin, east.export(at(11)), PASSPHRASE)

    view = StationView(stationsvc, station_admin)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    assert view.rooms_table.rowCount() == 2
    assert view.rooms_table.item(0, 3).text() == "1"  # one open conflict in 东区
    assert view.conflicts_table.rowCount() == 1
    assert view.conflicts_table.item(0, 3).text() == "派出所改的"
    assert view.conflicts_table.item(0, 5).text() == "警务室改的"
    view.tabs.setCurrentIndex(1)
    view.conflicts_table.selectRow(0)
    qtbot.mouseClick(view.keep_room, qtbot_button())
    assert view.conflicts_table.rowCount() == 0
    assert stationsvc.room_services(1).mediation.get(station_admin, east_case).title == "警务室改的"

    view.tabs.setCurrentIndex(2)
    assert view.register_table.rowCount() == 2
    view.room_filter.setCurrentIndex(view.room_filter.findText("西区警务室"))
    assert view.register_table.rowCount() == 1
    assert view.register_table.item(0, 3).text() == "西区噪音纠纷"
    view.room_filter.setCurrentIndex(0)
    shots = os.environ.get("STATION_DESK_SCREENSHOTS")  # to look at the view: a folder
    if shots:
        for index in range(3):
            view.tabs.setCurrentIndex(index)
            view.grab().save(str(Path(shots) / f"station_tab{index}.png"))
    view.start_save(tmp_path / "register.pdf")  # off the GUI thread, as the button does
    qtbot.waitUntil(lambda: view.save_pdf.isEnabled(), timeout=60_000)
    pdf = tmp_path / "register.pdf"
    assert view.status.text() == f"Saved {pdf.resolve()}" or view.status.text() == f"Saved {pdf}"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    if shots:
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(Path(shots) / "station_register")], check=True)
    assert "东区警务室" in text and "西区警务室" in text and "警务室改的" in text


def qtbot_button():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
