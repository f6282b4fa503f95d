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
