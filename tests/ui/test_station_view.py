"""The station view: rooms, a conflict decided with a click, the combined register saved as a
PDF (read back as text)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from PySide6.QtCore import QDate
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
    view.date_from.setDate(QDate(2026, 3, 1))  # the cases were received in March 2026
    view.date_to.setDate(QDate(2026, 3, 31))
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


def test_each_combined_register_in_the_view(
    qtbot: QtBot, stationsvc: StationService, station_admin, make_room, tmp_path: Path  # noqa: F811
) -> None:
    from openpyxl import load_workbook

    from station_desk.ui.station.view import StationView
    from tests.integration.station.test_registers import fill

    for name, who in (("东区警务室", "东"), ("西区警务室", "西")):
        room = make_room(name)
        fill(room, who)
        stationsvc.import_folder(station_admin, room.export(at(10)), PASSPHRASE, register_unknown=True)
    view = StationView(stationsvc, station_admin)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    view.tabs.setCurrentIndex(2)
    view.date_from.setDate(view.date_from.date().fromString("2026-03-01", "yyyy-MM-dd"))
    view.date_to.setDate(view.date_to.date().fromString("2026-03-31", "yyyy-MM-dd"))
    shots = os.environ.get("STATION_DESK_SCREENSHOTS")
    for kind, wanted in (
        ("reception", "东问户口迁移手续"), ("opinions", "李四"), ("duty", "李明"), ("volunteer-hours", "西王大爷"),
    ):
        view.register_kind.setCurrentIndex(view.register_kind.findData(kind))
        qtbot.waitUntil(lambda: "row(s)" in view.status.text(), timeout=30_000)
        assert view.register_table.rowCount() == 2
        cells = [view.register_table.item(r, c).text() for r in range(2) for c in range(view.register_table.columnCount())]
        assert wanted in cells and {"东区警务室", "西区警务室"} <= set(cells)
        if shots:
            view.grab().save(str(Path(shots) / f"station_register_{kind}.png"))
    view.room_filter.setCurrentIndex(view.room_filter.findText("东区警务室"))
    qtbot.waitUntil(lambda: view.register_table.rowCount() == 1, timeout=30_000)
    assert view.save_xlsx.isEnabled()
    view.start_save(tmp_path / "hours.xlsx")
    qtbot.waitUntil(lambda: view.save_pdf.isEnabled(), timeout=60_000)
    book = load_workbook(tmp_path / "hours.xlsx", read_only=True)
    cells = {str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row}
    assert "东王大爷" in cells and "西王大爷" not in cells


def qtbot_button():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
