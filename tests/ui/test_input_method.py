"""`ui.input_method.choose_input_method`: when Station Desk asks Qt for IBus (Fcitx 5's IBus
side) and when it leaves the desktop's or the user's setting alone. The real typing through
Fcitx 5 is tested in tests/e2e/test_input_method.py."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from station_desk.ui import input_method
from station_desk.ui.input_method import choose_input_method, fcitx5_running, input_plugins

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="Linux input methods")

IBUS = "libibusplatforminputcontextplugin.so"
COMPOSE = "libcomposeplatforminputcontextplugin.so"
FCITX5 = "libfcitx5platforminputcontextplugin.so"


def plugins(tmp_path: Path, *names: str) -> list[Path]:
    folder = tmp_path / "plugins"
    (folder / "platforminputcontexts").mkdir(parents=True)
    for name in names:
        (folder / "platforminputcontexts" / name).write_bytes(b"")
    return [folder]


def choose(env: dict[str, str], dirs: list[Path], running: bool = True) -> str | None:
    return choose_input_method(env, dirs, lambda: running)


def test_fcitx_desktop_without_a_fcitx_plugin_gets_ibus_through_the_portal(tmp_path: Path) -> None:
    env = {"QT_IM_MODULE": "fcitx", "XMODIFIERS": "@im=fcitx"}
    assert choose(env, plugins(tmp_path, IBUS, COMPOSE)) == "ibus"
    assert env["QT_IM_MODULE"] == "ibus"
    assert env["IBUS_USE_PORTAL"] == "1"


def test_nothing_set_and_fcitx5_running_gets_ibus(tmp_path: Path) -> None:
    env: dict[str, str] = {}
    assert choose(env, plugins(tmp_path, IBUS, COMPOSE)) == "ibus"
    assert env == {"QT_IM_MODULE": "ibus", "IBUS_USE_PORTAL": "1"}


@pytest.mark.parametrize(
    "env",
    [
        {"QT_IM_MODULE": "ibus"},  # an IBus desktop, or the user's choice
        {"QT_IM_MODULE": "compose"},
        {"QT_IM_MODULES": "fcitx;ibus"},  # Qt tries the list itself
        {"QT_IM_MODULE": "fcitx", "QT_IM_MODULES": "wayland;fcitx"},
    ],
)
def test_the_users_or_desktops_own_choice_stands(tmp_path: Path, env: dict[str, str]) -> None:
    before = dict(env)
    assert choose(env, plugins(tmp_path, IBUS, COMPOSE)) is None
    assert env == before


def test_an_installed_fcitx_plugin_is_left_to_qt(tmp_path: Path) -> None:
    env = {"QT_IM_MODULE": "fcitx"}
    assert choose(env, plugins(tmp_path, IBUS, FCITX5)) is None
    assert env == {"QT_IM_MODULE": "fcitx"}


def test_without_fcitx5_running_nothing_changes(tmp_path: Path) -> None:
    env = {"QT_IM_MODULE": "fcitx"}  # e.g. Fcitx 4, which has no IBus side
    assert choose(env, plugins(tmp_path, IBUS), running=False) is None
    assert env == {"QT_IM_MODULE": "fcitx"}


def test_without_the_ibus_plugin_nothing_changes(tmp_path: Path) -> None:
    env: dict[str, str] = {}
    assert choose(env, plugins(tmp_path, COMPOSE)) is None
    assert env == {}


def test_the_qt_of_this_environment_brings_the_ibus_plugin() -> None:
    found = input_plugins(input_method.qt_plugin_dirs({}))
    assert IBUS in found, found


def fake_fcitx5(tmp_path: Path) -> subprocess.Popen[bytes]:
    """A real process named fcitx5 (`sleep` under that name), as the /proc scan sees one."""
    sleeper = tmp_path / "fcitx5"
    sleeper.symlink_to("/bin/sleep")
    return subprocess.Popen([str(sleeper), "30"])


def test_a_running_fcitx5_process_is_found(tmp_path: Path) -> None:
    assert not fcitx5_running(tmp_path)  # an empty folder: no processes
    process = fake_fcitx5(tmp_path)
    try:
        deadline = time.monotonic() + 5  # on a busy machine the new process shows up late
        while not fcitx5_running() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert fcitx5_running()
    finally:
        process.kill()
        process.wait()


def test_the_application_start_up_applies_it(tmp_path: Path) -> None:
    """`create_application()` in a fresh process, a desktop asking for fcitx, Fcitx 5 running."""
    env = {k: v for k, v in os.environ.items() if k not in ("QT_IM_MODULES", "IBUS_USE_PORTAL")}
    env.update(QT_IM_MODULE="fcitx", QT_QPA_PLATFORM="offscreen")
    probe = (
        "import os; from station_desk.ui.application import create_application; "
        "create_application(); print(os.environ['QT_IM_MODULE'], os.environ['IBUS_USE_PORTAL'])"
    )
    process = fake_fcitx5(tmp_path)
    try:
        result = subprocess.run(
            [sys.executable, "-c", probe],
            capture_output=True,
            text=True,
            env=env,
            cwd=Path(__file__).resolve().parents[2],
            timeout=120,
        )
    finally:
        process.kill()
        process.wait()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["ibus", "1"]
