"""The Qt binding in use does not corrupt Python's reference counts.

PySide6 6.12.0 dropped a reference to None on every Qt call that returns nothing; on Python
3.11 that aborts the program after some thousands of calls — an officer's afternoon. This
runs such calls in a child process, so a bad binding fails the test instead of the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys

CHILD = """
import sys
from PySide6.QtCore import QObject
item = QObject()
before = sys.getrefcount(None)
for _ in range(50_000):
    item.setObjectName("x")
print(sys.getrefcount(None) - before)
"""


def test_void_qt_calls_keep_none_alive() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 0, result.stderr[-500:]
    assert abs(int(result.stdout.strip())) < 100


SCANNED = """
import sys
import inspect, json, typing  # loaded before Qt, as at start-up
import station_desk.ui
import PySide6  # loaded already by station_desk.ui
feature = sys.modules["shibokensupport.feature"]
scanned = []
scan = feature._mod_uses_pyside
feature._mod_uses_pyside = lambda module: scanned.append(module.__name__) or scan(module)
import inspect, json, typing  # named again by the sign-in window's modules
from station_desk.ui.errors import user_errors  # a screen module: still looked at
print(" ".join(scanned))
"""


def test_modules_loaded_before_qt_are_not_read_again_by_its_import_hook() -> None:
    """PySide6 reads the source of each module an import names after it is loaded (to find a
    `__feature__` selection); `station_desk.ui` marks those loaded before as using none."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", SCANNED], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 0, result.stderr[-500:]
    scanned = result.stdout.split()
    assert "station_desk.ui.errors" in scanned  # the hook is there and was watched
    assert not {"inspect", "json", "typing"} & set(scanned)
