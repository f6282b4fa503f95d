"""The exports-and-backups history: readable columns and a hint while there is nothing yet."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from station_desk.domain.accounts import Principal
from station_desk.services.container import Services
from station_desk.ui.exchange.history import MIN_COLUMN_WIDTH, ExchangeHistoryDialog


def test_empty_history_says_so_with_readable_columns(
    qtbot: QtBot, services: Services, admin: Principal
) -> None:
    dialog = ExchangeHistoryDialog(services, admin)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    assert dialog.table.rowCount() == 0
    assert dialog.empty.isVisible()
    assert dialog.empty.text() == "No exports, backups or restores yet."
    header = dialog.table.horizontalHeader()
    assert all(header.sectionSize(c) >= MIN_COLUMN_WIDTH for c in range(header.count()))
