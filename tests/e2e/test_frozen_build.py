"""The one-folder build (`build_scripts/build.sh`), checked from outside: its self-test, the
data files it must carry and the Qt parts it must not. Skipped when no build exists; CI
builds first (`build_scripts/build.sh` runs the self-test itself) and then runs this file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.frozen_builds import is_current, start_xvfb

ROOT = Path(__file__).resolve().parents[2]
# STATION_DESK_BUILD_DIR: check a build elsewhere (an unpacked release, a build VM's output).
APP_DIR = Path(
    os.environ.get("STATION_DESK_BUILD_DIR") or ROOT / "build/pyinstaller/dist/station-desk"
)
PROGRAM = APP_DIR / ("station-desk-cli.exe" if sys.platform == "win32" else "station-desk")
INTERNAL = APP_DIR / "_internal"


def _build_is_current() -> bool:
    if os.environ.get("STATION_DESK_BUILD_DIR"):
        return PROGRAM.is_file()  # named explicitly: test it as it is
    return is_current(PROGRAM)


pytestmark = pytest.mark.skipif(
    not _build_is_current(), reason="no up-to-date one-folder build (run build_scripts/build.sh)"
)


def test_the_frozen_self_test_passes(tmp_path: Path) -> None:
    env = dict(
        os.environ, QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="utf-8", TMPDIR=str(tmp_path)
    )
    result = subprocess.run(
        [str(PROGRAM), "--self-test"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(one-folder build," in result.stdout
    assert "FAIL" not in result.stdout
    assert list(tmp_path.iterdir()) == []  # the temporary data folder is gone


@pytest.mark.skipif(
    sys.platform != "linux" or not (shutil.which("Xvfb") and shutil.which("xdotool")),
    reason="needs Xvfb and xdotool",
)
def test_the_window_opens_on_an_x_server_in_chinese(tmp_path: Path) -> None:
    data = tmp_path / "room"
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    env.pop("QT_QPA_PLATFORM", None)
    demo = subprocess.run(
        [str(PROGRAM), "demo", "--data-dir", str(data)], capture_output=True, env=env, timeout=120
    )
    assert demo.returncode == 0, demo.stderr
    server, display = start_xvfb()
    env["DISPLAY"] = display
    app = subprocess.Popen(
        [str(PROGRAM), "--data-dir", str(data), "--lang", "zh_CN"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        title = ""
        deadline = time.monotonic() + 60
        while not title and time.monotonic() < deadline and app.poll() is None:
            found = subprocess.run(
                [
                    "xdotool",
                    "search",
                    "--onlyvisible",
                    "--name",
                    "警务室工作台",
                    "getwindowname",
                    "%@",
                ],
                capture_output=True,
                text=True,
                env=env,
            )
            title = found.stdout.strip()
            time.sleep(0.1)
        assert app.poll() is None, app.communicate()[0]
        assert title.startswith("警务室工作台"), title  # the login window, in Chinese
    finally:
        app.kill()
        app.wait()
        server.kill()
        server.wait()


def test_the_data_files_are_bundled_where_the_code_looks() -> None:
    migrations = INTERNAL / "station_desk" / "db" / "migrations"
    assert (migrations / "env.py").is_file()
    versions = {path.name for path in (migrations / "versions").glob("*.py")}
    source = {path.name for path in (ROOT / "station_desk/db/migrations/versions").glob("*.py")}
    assert versions == source
    assert (INTERNAL / "resources" / "fonts" / "wqy-microhei.ttc").is_file()
    assert (INTERNAL / "resources" / "fonts" / "uming.ttc").is_file()
    for language in ("zh_CN", "zh_TW"):
        assert (
            INTERNAL / "resources/translations" / language / "LC_MESSAGES/station_desk.mo"
        ).is_file()
    assert list((INTERNAL / "qtawesome" / "fonts").glob("fontawesome6-solid-*.ttf"))


def test_unused_qt_stays_out() -> None:
    names = {path.name for path in INTERNAL.rglob("*")}
    for unwanted in ("QtQml", "QtQuick", "QtWebEngine", "QtMultimedia", "Qt3D", "QtNetwork"):
        assert not [name for name in names if unwanted in name], unwanted
    qt_translations = {path.name for path in INTERNAL.rglob("translations/*.qm")}
    assert qt_translations <= {"qtbase_zh_CN.qm", "qtbase_zh_TW.qm"}
