"""Errors: known ones in a message box, unexpected ones in a crash dialog with the traceback."""

from __future__ import annotations

import sys

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from station_desk.errors import NotFoundError
from station_desk.ui.errors import CrashDialog, install_excepthook, user_errors
from tests.ui.helpers import open_message_box


def test_known_error_shows_its_message_and_skips_the_rest(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    reached = []
    with user_errors(parent):
        raise NotFoundError("No such account.")
        reached.append(True)  # noqa: B018 - must not run
    assert reached == []
    assert open_message_box(parent).text() == "No such account."


def test_unexpected_error_opens_the_crash_dialog(qtbot: QtBot, capsys) -> None:
    previous = install_excepthook()
    try:
        try:
            raise ValueError("a bug")
        except ValueError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = previous
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, CrashDialog)]
    assert len(dialogs) == 1
    dialog = dialogs[0]
    qtbot.addWidget(dialog)
    assert "ValueError: a bug" in dialog.details.toPlainText()
    assert "Traceback" in dialog.details.toPlainText()
    dialog.copy_details()
    assert "ValueError: a bug" in QGuiApplication.clipboard().text()
    assert "ValueError: a bug" in capsys.readouterr().err
