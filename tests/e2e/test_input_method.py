"""Chinese input through Fcitx 5, as on a Kylin/UOS desktop: pinyin typed into the real
sign-in window comes out as Chinese characters.

A private X server (Xvfb), D-Bus session bus and Fcitx 5 with its pinyin engine (Debian's
`fcitx5` and `fcitx5-chinese-addons`), the desktop's usual `QT_IM_MODULE=fcitx`; the program
(from source, and every up-to-date one-folder build: build/pyinstaller and build/glibc228)
opens the sign-in window of a demo data folder; xdotool types ``zhangsan`` and a space into
the user-name field, then selects it all; X's PRIMARY selection (read with xclip) must be
张三. Qt's bundled ibus plugin talks to Fcitx 5's IBus side (`ui.input_method`).
Skipped where those programs are missing, unless STATION_DESK_REQUIRE_INPUT_METHOD=1 (CI),
which makes a missing one a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.frozen_builds import ROOT, current_builds, start_xvfb

TOOLS = ("Xvfb", "xdotool", "xclip", "dbus-daemon", "fcitx5", "fcitx5-remote")
PINYIN_ADDON = Path("/usr/share/fcitx5/addon/pinyin.conf")
TITLE = "警务室工作台"
PROFILE = """[Groups/0]
Name=Default
Default Layout=us
DefaultIM=pinyin

[Groups/0/Items/0]
Name=keyboard-us
Layout=

[Groups/0/Items/1]
Name=pinyin
Layout=

[GroupOrder]
0=Default
"""

MISSING = [tool for tool in (*TOOLS, "dbus-send") if not shutil.which(tool)]
MISSING += [] if PINYIN_ADDON.is_file() else ["Fcitx 5's pinyin (fcitx5-chinese-addons)"]
if MISSING and os.environ.get("STATION_DESK_REQUIRE_INPUT_METHOD") == "1":
    raise RuntimeError(f"the input-method test needs {', '.join(MISSING)}")
pytestmark = pytest.mark.skipif(
    sys.platform != "linux" or bool(MISSING), reason=f"needs {', '.join(MISSING)}"
)


def _programs() -> list[pytest.param]:  # type: ignore[valid-type]
    params = [pytest.param([sys.executable, "-m", "station_desk"], id="source")]
    params += [pytest.param([str(program)], id=name) for name, program in current_builds().items()]
    return params


def _wait_for(check, seconds: float, what: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"timed out after {seconds:.0f} s waiting for {what}")


def _run(command: list[str], env: dict[str, str], timeout: float = 20) -> str:
    return subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=timeout
    ).stdout.strip()


@pytest.fixture(scope="module")
def desktop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Xvfb + a D-Bus session bus + Fcitx 5 (pinyin), in a private home; yields the env."""
    home = tmp_path_factory.mktemp("im-home")
    runtime = home / "run"
    runtime.mkdir(mode=0o700)
    (home / ".config/fcitx5").mkdir(parents=True)
    (home / ".config/fcitx5/profile").write_text(PROFILE, encoding="utf-8")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("QT_", "IBUS_", "DBUS_", "XDG_", "GTK_IM"))
    }
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), XDG_RUNTIME_DIR=str(runtime))
    env.update(LANG="C.UTF-8", PYTHONIOENCODING="utf-8")
    processes: list[subprocess.Popen[bytes]] = []
    try:
        xvfb, env["DISPLAY"] = start_xvfb()
        processes.append(xvfb)
        bus = subprocess.Popen(
            ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
            stdout=subprocess.PIPE,
            env=env,
        )
        processes.append(bus)
        assert bus.stdout is not None
        env["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().decode().strip()
        fcitx = subprocess.Popen(
            ["fcitx5", "--replace"],
            stdout=subprocess.DEVNULL,
            stderr=(home / "fcitx5.log").open("wb"),
            env=env,
        )
        processes.append(fcitx)
        _wait_for(
            lambda: "org.freedesktop.portal.IBus" in _run(_list_names(), env),
            30,
            "Fcitx 5's IBus portal on the session bus",
        )
        # What a Fcitx desktop session sets (im-config, fcitx5's autostart):
        env.update(QT_IM_MODULE="fcitx", XMODIFIERS="@im=fcitx", GTK_IM_MODULE="fcitx")
        yield env
    finally:
        for process in reversed(processes):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _list_names() -> list[str]:
    return [
        "dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
        "/org/freedesktop/DBus", "org.freedesktop.DBus.ListNames",
    ]  # fmt: skip


@pytest.fixture(scope="module")
def demo_room(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo data folder, made once; each program signs in to a copy of it."""
    room = tmp_path_factory.mktemp("demo") / "room"
    demo = subprocess.run(
        [sys.executable, "-m", "station_desk", "demo", "--data-dir", str(room)],
        capture_output=True,
        cwd=ROOT,
        timeout=300,
    )
    assert demo.returncode == 0, demo.stderr
    return room


@pytest.mark.parametrize("program", _programs())
def test_pinyin_typed_into_the_sign_in_window_becomes_chinese(
    desktop: dict[str, str], demo_room: Path, program: list[str], tmp_path: Path
) -> None:
    env = dict(desktop)
    data = tmp_path / "room"
    shutil.copytree(demo_room, data)
    app = subprocess.Popen(
        [*program, "--data-dir", str(data), "--lang", "zh_CN"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=ROOT,
    )
    try:
        window = _wait_for(
            lambda: (
                app.poll() is None
                and _run(["xdotool", "search", "--onlyvisible", "--name", TITLE], env).split()
            ),
            90,
            "the sign-in window",
        )[0]
        _run(["xdotool", "windowactivate", "--sync", window], env)
        _run(["xdotool", "windowfocus", "--sync", window], env)
        text = _type_pinyin(env, "zhangsan")
        assert app.poll() is None, app.communicate()[0]
        assert text == "张三", f"the user-name field reads {text!r}"
    finally:
        app.kill()
        output = app.communicate()[0].decode(errors="replace")
    assert "Traceback" not in output, output


def _type_pinyin(env: dict[str, str], pinyin: str) -> str:
    """Select the focused field, switch Fcitx 5 to pinyin, type, take the first candidate."""
    _wait_for(
        lambda: _run(["fcitx5-remote"], env) in ("1", "2"),
        20,
        "an input context of the program at Fcitx 5 (fcitx5-remote says 1 or 2)",
    )
    _run(["xdotool", "key", "ctrl+a"], env)  # the typed text replaces any name shown
    _run(["fcitx5-remote", "-o"], env)  # pinyin on, as Ctrl+Space would
    _wait_for(lambda: _run(["fcitx5-remote"], env) == "2", 10, "pinyin switched on")
    _run(["xdotool", "type", "--delay", "120", pinyin], env)
    _run(["xdotool", "key", "space"], env)  # commit the first candidate

    def selected() -> str:
        _run(["xdotool", "key", "ctrl+a"], env)
        text = _run(["xclip", "-o", "-selection", "primary"], env, timeout=5)
        return text if text and pinyin not in text else ""

    try:
        return _wait_for(selected, 15, "Chinese text in the field")
    except AssertionError:
        return _run(["xclip", "-o", "-selection", "primary"], env, timeout=5)
