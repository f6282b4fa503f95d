"""Start-up benchmark: how long the officer waits for the login dialog and the home page.

Run it from the project root (see tests/perf/README.md):

    .venv/bin/python tests/perf/bench_startup.py [--runs 7] [--scale 100] [--platform offscreen]

On one machine, in one run, it
1. creates a demo database with `station-desk demo --scale N` in a temporary folder;
2. times, as the median of `--runs` fresh processes (after one unmeasured warm-up each):
   (a) a bare PySide6 window, with SQLAlchemy imported, from process launch to its first paint;
   (b) `station-desk --data-dir DIR` from process launch to the login dialog's first paint;
   (c) from pressing Enter in the login dialog to the main window's (home page's) first paint;
   plus, for context, one Argon2 password check (part of (c)) and `station-desk --version`;
   bytecode is compiled by the warm-up run into a temporary PYTHONPYCACHEPREFIX (nothing is
   written into the source tree), as an installed program or a PyInstaller bundle has it;
   `--no-bytecode` measures without (e.g. under PYTHONDONTWRITEBYTECODE=1);
3. prints a table and the ratio (b)/(a), and exits 0.

How (b) and (c) are seen without touching the application: the script runs itself as a small
driver process that creates the QApplication first (`ui.application.start_application()`
reuses an existing one), then calls the real `station_desk.app.run_gui()`. An event filter on
the first window shown (`QWidget.show` wrapped) notes its first Paint event (the login
dialog); then one on the whole application notes the first QMainWindow's. The bare windows
and the sign-in windows take turns run by run, and each driver's CPU time is noted too. For (c) it types the user
name and STATION_DESK_PASSWORD into the dialog's QLineEdits and presses Enter. Times are
`time.perf_counter()` values, a system-wide monotonic clock on Linux, Windows and macOS, so the
parent can subtract its own launch time. The driver exits with `os._exit` as soon as it has
its figure, so tear-down is not measured.

Only public tools are used: subprocess and time.perf_counter. "Cold" means a new process each
time; the operating system's file cache is warm after the warm-up run, as it is on an office PC
that has started the program before.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

MARK = "BENCH-MARK"
PASSWORD = "demo-2026"  # station_desk.demo.DEMO_PASSWORD (not imported: keep it cold)
USERNAME = "admin"
DRIVER_TIMEOUT_S = 120


# -- the driver (runs in the measured child process) --------------------------------------


def _report(label: str) -> None:
    print(f"{MARK} {label} {time.perf_counter():.6f}", flush=True)


def _driver_bare(with_sqlalchemy: bool) -> None:
    if with_sqlalchemy:
        import sqlalchemy  # noqa: F401
        import sqlalchemy.orm  # noqa: F401
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

    app = QApplication(sys.argv)
    window = QWidget()

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                _report("shown")
                os._exit(0)
            return False

    watcher = FirstPaint()
    window.installEventFilter(watcher)
    layout = QVBoxLayout(window)
    layout.addWidget(QLabel("Station Desk"))
    window.resize(440, 240)
    window.show()
    app.exec()


def _driver_app(mode: str, data_dir: Path) -> None:
    """mode 'login': report when the login dialog is painted; 'home': sign in, then report.

    The program's modules are imported before Qt, as `station-desk` does (PySide6 reads the
    source of every module imported after it), and QtTest only to sign in; nothing of Qt that
    the bare window does not use is touched before the figure (the first use of `Qt`'s
    namespace alone makes ~90 enums: 15 ms)."""
    _mark_password_checked()
    from station_desk.app import run_gui  # noqa: I001 - before Qt, as the program does

    start: Callable[[], int] = partial(run_gui, data_dir, "zh_CN")
    if mode == "command":  # the `station-desk` command: its modules (before Qt) and arguments
        from station_desk.cli import main as command_line

        start = partial(command_line, ["--data-dir", str(data_dir), "--lang", "zh_CN"])

    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QDialog, QWidget

    app = QApplication(sys.argv)

    class Watcher(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.dialog_seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() != QEvent.Type.Paint:
                return False
            if isinstance(watched, QDialog) and watched.isWindow() and not self.dialog_seen:
                self.dialog_seen = True
                _report("login")
                if mode in ("login", "command"):
                    os._exit(0)
                from PySide6.QtCore import QTimer

                app.installEventFilter(self)  # the main window: any window painted from now on
                typing_ms = int(float(os.environ.get("BENCH_TYPING_S", "0")) * 1000)
                QTimer.singleShot(typing_ms, lambda: _sign_in(watched))
            elif watched.inherits("QMainWindow") and mode == "home":
                _report("home")
                os._exit(0)
            return False

    watcher = Watcher()
    show = QWidget.show

    def show_watched(widget: QWidget) -> None:
        """The first window shown is watched, itself only: an application-wide filter would
        make a Python wrapper of every object an event goes to (the style sheet's style,
        say, whose class then makes its 14 enums), which the program does not."""
        if not watcher.dialog_seen:
            widget.installEventFilter(watcher)
        show(widget)

    QWidget.show = show_watched  # type: ignore[method-assign]

    def _sign_in(dialog: QDialog) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QLineEdit

        fields = dialog.findChildren(QLineEdit)
        secret = [f for f in fields if f.echoMode() != QLineEdit.EchoMode.Normal]
        plain = [f for f in fields if f.echoMode() == QLineEdit.EchoMode.Normal]
        if not secret or not plain:
            print(f"{MARK} error no user name / password fields in {dialog!r}", flush=True)
            os._exit(3)
        plain[0].setText(USERNAME)
        secret[0].setText(os.environ.get("STATION_DESK_PASSWORD", PASSWORD))
        _report("enter")
        QTest.keyClick(secret[0], Qt.Key.Key_Return)

    code = start()
    print(
        f"{MARK} error the window closed (exit code {code}) before the figure was taken", flush=True
    )
    os._exit(3)


def _mark_password_checked() -> None:
    """Report when the key slot has been unlocked (Argon2id done): `Vault.unlock` wrapped."""
    from station_desk.services.vault import Vault

    unlock = Vault.unlock

    def unlock_and_report(vault: Vault, username: str, password: str) -> bytes:
        key = unlock(vault, username, password)
        _report("checked")
        return key

    Vault.unlock = unlock_and_report  # type: ignore[method-assign, assignment]


def _driver_main(argv: list[str]) -> None:
    mode = argv[0]
    if mode in ("bare", "bare-sqlalchemy"):
        _driver_bare(mode == "bare-sqlalchemy")
    else:
        _driver_app(mode, Path(argv[1]))


# -- the parent (measures) ----------------------------------------------------------------


def _child_env(platform_name: str, pycache: Path | None) -> dict[str, str]:
    """The drivers' environment; with `pycache`, bytecode is compiled once, outside the tree."""
    env = dict(os.environ)
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    env["QT_QPA_PLATFORM"] = platform_name
    env["STATION_DESK_PASSWORD"] = env.get("STATION_DESK_PASSWORD", PASSWORD)
    env["PYTHONIOENCODING"] = "utf-8"
    env.pop("STATION_DESK_TEST", None)
    return env


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run_driver(args: list[str], env: dict[str, str]) -> dict[str, float]:
    """Launch one driver; returns {mark: seconds since launch}, and under "cpu" the CPU time
    (user + system) the driver process used up to its last mark (it leaves at once then)."""
    cpu_before = _children_cpu()
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, __file__, "--driver", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=DRIVER_TIMEOUT_S,
    )
    marks: dict[str, float] = {}
    for line in result.stdout.splitlines():
        parts = line.split(maxsplit=2)
        if len(parts) == 3 and parts[0] == MARK:
            if parts[1] == "error":
                raise RuntimeError(f"driver {args[0]}: {parts[2]}\n{result.stderr}")
            marks[parts[1]] = float(parts[2]) - started
    if not marks:
        raise RuntimeError(f"driver {args[0]} reported nothing:\n{result.stdout}\n{result.stderr}")
    marks["cpu"] = _children_cpu() - cpu_before
    return marks


def _time_process(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, env=env, capture_output=True, check=True, timeout=DRIVER_TIMEOUT_S)
    return time.perf_counter() - started


def _samples(measure: Callable[[], float], runs: int) -> list[float]:
    measure()  # warm-up: bytecode and file cache, not counted
    return [measure() for _ in range(runs)]


def _argon2_check_seconds(runs: int) -> list[float]:
    from argon2 import PasswordHasher

    hasher = PasswordHasher()
    stored = hasher.hash(PASSWORD)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        hasher.verify(stored, PASSWORD)
        samples.append(time.perf_counter() - started)
    return samples


def _make_demo(data_dir: Path, scale: int, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "station_desk",
            "demo",
            "--data-dir",
            str(data_dir),
            "--scale",
            str(scale),
            "--lang",
            "en",
        ],
        env=env,
        check=True,
        timeout=3600,
    )
    return time.perf_counter() - started


def _row(label: str, samples: list[float]) -> str:
    median = statistics.median(samples)
    return f"{label:<50}{median:>9.3f}{min(samples):>9.3f}{max(samples):>9.3f}"


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Station Desk start-up benchmark")
    parser.add_argument("--runs", type=int, default=7, help="measured runs per figure (>= 5)")
    parser.add_argument("--scale", type=int, default=100, help="demo data scale (default 100)")
    parser.add_argument(
        "--data-dir",
        type=Path,
        action="append",
        default=[],
        help="time on this existing demo folder instead of making one (repeat it to compare "
        "folders, e.g. scale 1 and scale 100: the first is the reference)",
    )
    parser.add_argument(
        "--platform",
        default="offscreen",
        help="QT_QPA_PLATFORM for the drivers (offscreen, xcb...)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary demo folder")
    parser.add_argument(
        "--typing",
        type=float,
        default=2.0,
        help="seconds between the login dialog's paint and Enter, as an officer types the "
        "password (default 2; the program prepares the sign-in meanwhile)",
    )
    parser.add_argument(
        "--no-bytecode",
        action="store_true",
        help="do not compile bytecode (default: compiled into a temporary PYTHONPYCACHEPREFIX "
        "by the warm-up run, as an installed program has it)",
    )
    args = parser.parse_args(argv)
    if args.runs < 5:
        parser.error("--runs must be at least 5")
    return args


def _folder_label(data_dir: Path) -> str:
    size_mb = sum(
        path.stat().st_size for path in data_dir.glob("station_desk.sqlite3*") if path.is_file()
    ) / 1e6
    return f"{data_dir.name} ({size_mb:.0f} MB)"


BARE = ("bare", "bare-sqlalchemy")


def _time_windows(
    folders: list[Path], env: dict[str, str], runs: int
) -> tuple[dict[str, dict[str, list[float]]], dict[Path, dict[str, list[float]]]]:
    """(a), (a') and, for each folder, (b) and (c): the windows taking turns run by run (so
    that a change in the machine's load falls on all of them alike), wall-clock seconds and
    the process's CPU seconds; one unmeasured warm-up each."""
    bare: dict[str, dict[str, list[float]]] = {mode: {"shown": [], "cpu": []} for mode in BARE}
    timed: dict[Path, dict[str, list[float]]] = {
        folder: {
            "login": [],
            "login_cpu": [],
            "command": [],
            "command_cpu": [],
            "home": [],
            "checked": [],
            "after_check": [],
        }
        for folder in folders
    }
    for run in range(runs + 1):
        for mode in BARE:
            marks = _run_driver([mode], env)
            if run:
                bare[mode]["shown"].append(marks["shown"])
                bare[mode]["cpu"].append(marks["cpu"])
        for folder in folders:
            for mode in ("login", "command"):
                marks = _run_driver([mode, str(folder)], env)
                if run:
                    timed[folder][mode].append(marks["login"])
                    timed[folder][f"{mode}_cpu"].append(marks["cpu"])
    for run in range(runs + 1):
        for folder in folders:
            marks = _run_driver(["home", str(folder)], env)
            if run:
                figures = timed[folder]
                figures["home"].append(marks["home"] - marks["enter"])
                figures["checked"].append(marks["checked"] - marks["enter"])
                figures["after_check"].append(marks["home"] - marks["checked"])
    return bare, timed


def main(argv: list[str]) -> int:
    if argv[:1] == ["--driver"]:
        _driver_main(argv[1:])
        return 0
    args = _parse(argv)
    workdir = Path(tempfile.mkdtemp(prefix="station-desk-bench-"))
    env = _child_env(args.platform, None if args.no_bytecode else workdir / "pycache")
    env["BENCH_TYPING_S"] = str(args.typing)
    folders: list[Path] = list(args.data_dir)
    try:
        if not folders:
            data_dir = workdir / "demo"
            print(f"creating demo data: station-desk demo --scale {args.scale} in {data_dir}")
            demo_seconds = _make_demo(data_dir, args.scale, env)
            size_kb = (data_dir / "station_desk.sqlite3").stat().st_size / 1024
            print(f"  done in {demo_seconds:.1f} s, database {size_kb:.0f} KiB\n")
            folders = [data_dir]
        windows, timed = _time_windows(folders, env, args.runs)
        bare, bare_sa = windows["bare"]["shown"], windows["bare-sqlalchemy"]["shown"]
        argon2 = _argon2_check_seconds(args.runs)
        version_argv = [sys.executable, "-m", "station_desk", "--version"]
        version = _samples(lambda: _time_process(version_argv, env), args.runs)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print(
        f"Station Desk start-up, {args.runs} runs each (after 1 warm-up), seconds; "
        f"QT_QPA_PLATFORM={args.platform}; "
        f"bytecode {'not compiled' if args.no_bytecode else 'compiled (warm-up)'}; "
        f"{args.typing:g} s of typing before Enter; load average {os.getloadavg()[0]:.1f}"
    )
    print(f"Python {platform.python_version()} on {platform.platform()}, {os.cpu_count()} CPUs")
    print(f"{'':<50}{'median':>9}{'min':>9}{'max':>9}")
    print(_row("(a) bare PySide6 window", bare))
    print(_row("    its CPU time (user + system)", windows["bare"]["cpu"]))
    print(_row("(a') bare PySide6 window + SQLAlchemy ORM", bare_sa))
    for folder, figures in timed.items():
        print(f"-- {_folder_label(folder)}")
        print(_row("(b) station-desk -> login dialog shown", figures["login"]))
        print(_row("    its CPU time (user + system)", figures["login_cpu"]))
        print(_row("(b') the same through the command line", figures["command"]))
        print(_row("    its CPU time (user + system)", figures["command_cpu"]))
        print(_row("(c) login (Enter) -> home page shown", figures["home"]))
        print(_row("    Enter -> password checked (Argon2id slot)", figures["checked"]))
        print(_row("    password checked -> home page shown", figures["after_check"]))
    print(_row("one Argon2id password check (library default)", argon2))
    print(_row("station-desk --version (CLI start)", version))
    print()
    for folder, figures in timed.items():
        ratio = statistics.median(figures["login"]) / statistics.median(bare)
        ratio_sa = statistics.median(figures["login"]) / statistics.median(bare_sa)
        ratio_cpu = statistics.median(figures["login_cpu"]) / statistics.median(
            windows["bare"]["cpu"]
        )
        command = statistics.median(figures["command"]) / statistics.median(bare)
        command_cpu = statistics.median(figures["command_cpu"]) / statistics.median(
            windows["bare"]["cpu"]
        )
        print(
            f"{_folder_label(folder)}: (b)/(a) {ratio:.2f}, (b)/(a') {ratio_sa:.2f}; "
            f"CPU time (b)/(a) {ratio_cpu:.2f}; through the command line (b')/(a) "
            f"{command:.2f}, CPU time {command_cpu:.2f}"
        )
    if len(timed) > 1:
        first, *others = timed.values()
        for folder, figures in zip(folders[1:], others, strict=True):
            growth = statistics.median(figures["login"]) / statistics.median(first["login"])
            print(f"(b) {_folder_label(folder)} / {_folder_label(folders[0])}: {growth:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
