"""Small helpers shared by the widget tests."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from station_desk.ui.main_window import MainWindow

TypeText = Callable[[QWidget, str], None]
MakeWindow = Callable[..., MainWindow]

# The modules of the navigation for officers and admins, in order (admins see Accounts and Audit
# trail after them); auxiliary police do not see youth guidance (sealed records), AUX_PAGES.
RECORD_PAGES = [
    "mediation",
    "reception",
    "opinions",
    "youth",
    "meetings",
    "actions",
    "volunteers",
    "roster",
    "duty",
    "reports",
    "contacts",
]
RECORD_TITLES = [
    "Mediation",
    "Reception log",
    "Opinions",
    "Youth guidance",
    "Meetings",
    "Action items",
    "Volunteers",
    "Patrol roster",
    "Duty log",
    "Reports",
    "Contacts",
]
AUX_PAGES = [key for key in RECORD_PAGES if key != "youth"]
AUX_TITLES = [title for title in RECORD_TITLES if title != "Youth guidance"]


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def open_message_box(parent: QWidget) -> QMessageBox:
    """The visible message box among `parent`'s children (there must be exactly one)."""
    boxes = [box for box in parent.findChildren(QMessageBox) if box.isVisible()]
    assert len(boxes) == 1, boxes
    return boxes[0]
