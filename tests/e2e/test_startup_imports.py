"""What the program loads before the sign-in window paints (issue 15): the window must not wait
for the database layers, the services, the icon font, the PDF library or the backup code, nor
for what only later windows need (the form machinery, the focus style, Qt's namespace of
enums, OpenSSL's hashes); what was left out is there once the window has painted.

A fresh process starts the real GUI (`station_desk.app.run_gui`) on a set-up, encrypted data
folder and, when the sign-in dialog is first painted, notes the modules loaded by then and
whether `PySide6.QtCore.Qt` was made yet (PySide6 makes a class when first used); a moment
later it notes what the application finished after that paint, and prints both."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from station_desk.services.container import Services

DRIVER = r"""
import json, os, sys
from pathlib import Path
import PySide6.QtCore
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

app = QApplication(sys.argv)
report = {}

def finished(dialog):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFontDatabase
    from station_desk.ui.focus_style import FocusStyle

    report["focus_style"] = isinstance(app.style(), FocusStyle)
    report["delete_on_close"] = dialog.testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    report["fallback_font"] = "HanaMinB" in QFontDatabase.families()
    print(json.dumps(report))
    sys.stdout.flush()
    os._exit(0)

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and isinstance(watched, QDialog) and not report:
            report["dialog"] = type(watched).__name__
            report["modules"] = sorted(sys.modules)
            report["qt_namespace"] = "Qt" in vars(PySide6.QtCore)
            QTimer.singleShot(300, lambda: finished(watched))
        return False

watcher = FirstPaint()
show = QWidget.show

def show_watched(widget):  # the window itself is watched: no wrapper made of other objects
    widget.installEventFilter(watcher)
    show(widget)

QWidget.show = show_watched
from station_desk.app import run_gui
run_gui(Path(sys.argv[1]), "en")
os._exit(3)
"""

# Loaded after the sign-in (or when first used), never before the window paints.
NOT_BEFORE_SIGN_IN = (
    "sqlalchemy",
    "alembic",
    "qtawesome",
    "qtpy",
    "reportlab",
    "openpyxl",
    "pypinyin",
    "station_desk.db.database",
    "station_desk.db.models",
    "station_desk.services.container",
    "station_desk.services.backup",
    "station_desk.services.export",
    "station_desk.db.migrate",
    "station_desk.ui.main_window",
    "station_desk.ui.home_page",
    "station_desk.ui.widgets.forms",  # the sign-in window's password box is in widgets.password
    "station_desk.ui.focus_style",  # installed once the window has painted
    "_hashlib",  # OpenSSL's hashes: the key file is only read for the room's name
    "station_desk.domain.accounts",  # the signed-in principal: after the sign-in
)


def _loaded_before_sign_in(data_dir: Path) -> dict[str, object]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("STATION_DESK_TEST", None)
    result = subprocess.run(
        [sys.executable, "-c", DRIVER, str(data_dir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert lines, f"no report from the driver (exit {result.returncode}):\n{result.stderr}"
    report: dict[str, object] = json.loads(lines[-1])
    return report


def test_sign_in_window_paints_before_the_database_layers_load(
    services: Services, data_dir: Path
) -> None:
    services.close()
    report = _loaded_before_sign_in(data_dir)
    assert report["dialog"] == "LoginDialog"
    modules = report["modules"]
    assert isinstance(modules, list)
    early = sorted(
        name
        for name in modules
        if any(name == bad or name.startswith(bad + ".") for bad in NOT_BEFORE_SIGN_IN)
    )
    assert early == []
    assert "station_desk.services.vault" in modules  # the sign-in itself is there
    assert report["qt_namespace"] is False  # its ~90 enums are made after the paint


def test_what_the_sign_in_window_left_out_is_done_once_it_painted(
    services: Services, data_dir: Path
) -> None:
    services.close()
    report = _loaded_before_sign_in(data_dir)
    assert report["focus_style"] is True
    assert report["delete_on_close"] is True
    assert report["fallback_font"] is True
