"""What the program loads before the sign-in window paints (issue 15): the window must not wait
for the database layers, the services, the icon font, the PDF library or the backup code.

A fresh process starts the real GUI (`station_desk.app.run_gui`) on a set-up, encrypted data
folder and, when the sign-in dialog is first painted, prints the modules loaded by then."""

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
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QDialog

app = QApplication(sys.argv)

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and isinstance(watched, QDialog) and watched.isWindow():
            print(json.dumps({"dialog": type(watched).__name__, "modules": sorted(sys.modules)}))
            sys.stdout.flush()
            os._exit(0)
        return False

watcher = FirstPaint()
app.installEventFilter(watcher)
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
