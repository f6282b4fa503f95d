"""Screens benchmark: every page and dialog at a large room's size, with a stall monitor.

Run it from the project root (not collected by pytest):

    .venv/bin/python tests/perf/bench_screens.py --data-dir DIR [--dwell 1.5] [--no-dialogs]
                                                 [--only REGEX] [--trace-stalls]

DIR is a demo folder (`station-desk demo --data-dir DIR --scale 100`, or the folder
`bench_lists.py --data-dir DIR` fills); it is used as it is (signing in adds audit entries).

In one process, on an offscreen `QApplication` (`ui.application.create_application`), it
1. loads and prepares what the sign-in dialog does while the password is typed
   (`ui/preload.py`: `_import_all`, `prepare_main_window`), signs
   in as the demo administrator (`Vault.sign_in`) and shows the real `MainWindow`;
2. visits every page through the navigation, twice: the first visit builds the page. For
   each visit it reports the switch time (from choosing the page to the page's first paint)
   and the longest stall while the page is up for `--dwell` seconds (background reads
   included);
3. then, unless `--no-dialogs`, opens every dialog the window offers: the menus' dialogs
   and, on every page, each button that opens a window (buttons that change records are
   skipped: see SKIP). Each dialog is closed again after `--dwell` seconds (also a modal one
   running its own event loop); its time to first paint and the longest stall are reported;
4. prints the resident set size (RSS) after visiting every page, and its peak;
5. with `--trace-stalls`, for each screen that stalled over STALL_MS: the most common stacks
   of every thread sampled during the stall, how late a watchdog thread's sleeps ended and
   the longest garbage collections (see `StallTracer`). `--only` measures only the screens
   whose label matches.

The stall monitor is an event-loop latency probe: a `QTimer` firing every PROBE_MS on the GUI
thread notes how late each tick comes; a tick late by 250 ms means the window could not
repaint or take a key for 250 ms. A screen's figure is the worst lateness seen while it was
being opened and while it stayed up, with the GUI thread's own CPU time during that gap
("of it CPU", `time.thread_time`): on a loaded machine a gap can be the scheduler's (other
processes) or the GIL's (a worker thread), and the CPU figure tells the GUI thread's own
work apart. "open ms" is the time from asking for the screen to its first paint.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shiboken6  # noqa: E402
from PySide6.QtCore import QEvent, QObject, QThreadPool, QTimer  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractButton,
    QApplication,
    QDialog,
    QMessageBox,
    QWidget,
)

PROBE_MS = 5
STALL_MS = 100  # the target: no stall longer than this
IDLE_LOCK_OFF_MS = 24 * 3600 * 1000
DEMO_PASSWORD = "demo-2026"  # station_desk.demo.DEMO_PASSWORD
# Buttons that change or remove records, leave the window or only move within a page.
SKIP = re.compile(
    r"delet|remov|deactiv|revok|reopen|finalis|held|hold|close case|mark|review|save|restore|"
    r"reset|sign|quit|discard|undo|apply|generate now|copy|previous|next|today|this week|"
    r"cancel|back|up|down|present|absent|^$",
    re.IGNORECASE,
)


class StallProbe(QObject):
    """Notes how late each tick of a `PROBE_MS` timer comes, per screen (`label`)."""

    def __init__(self) -> None:
        super().__init__()
        self.label = "start"
        self.worst: dict[str, float] = {}
        self.busy: dict[str, float] = {}  # the GUI thread's CPU time in the worst gap
        self._last = time.perf_counter()
        self._last_cpu = time.thread_time()
        self._timer = QTimer(self)
        self._timer.setInterval(PROBE_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        late = (now - self._last) * 1000 - PROBE_MS
        busy = (cpu - self._last_cpu) * 1000
        self._last, self._last_cpu = now, cpu
        if late > self.worst.get(self.label, 0.0):
            self.worst[self.label] = late
            self.busy[self.label] = busy

    def start(self, label: str) -> None:
        """From now on, lateness counts for `label` (the tick in flight counts for it too)."""
        self.label = label
        self.worst.setdefault(label, 0.0)


class StallTracer:
    """`--trace-stalls`: a watchdog thread that, while the probe's ticks are overdue, samples
    the stack of every thread (`sys._current_frames`) every TRACE_MS; per stalled screen it
    prints the samples' most common stacks. What the GUI thread waits in (a lock, the
    database, Qt) and what the workers run then names the cause of a gap with little
    GUI-thread work. The watchdog needs the interpreter lock too: its own lateness (how late
    its TRACE_MS sleeps end) tells a worker holding that lock from the scheduler."""

    TRACE_MS = 10
    OVERDUE_MS = 40

    def __init__(self, probe: StallProbe) -> None:
        import threading

        self.probe = probe
        self.main_id = threading.main_thread().ident
        self.samples: dict[str, list[tuple[str, ...]]] = {}
        self.watchdog_late: dict[str, float] = {}
        self.collections: dict[str, list[tuple[float, int, int]]] = {}  # ms, generation, objects
        self._gc_started = 0.0
        import gc

        gc.callbacks.append(self._collected)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="stall-tracer", daemon=True)
        self._thread.start()

    def _collected(self, phase: str, info: dict[str, int]) -> None:
        """A garbage collection (it holds the interpreter lock throughout): its time."""
        if phase == "start":
            self._gc_started = time.perf_counter()
            return
        ms = (time.perf_counter() - self._gc_started) * 1000
        self.collections.setdefault(self.probe.label, []).append(
            (ms, info["generation"], info["collected"])
        )

    def _run(self) -> None:
        import traceback

        last = time.perf_counter()
        while not self._stop.wait(self.TRACE_MS / 1000):
            now = time.perf_counter()
            label = self.probe.label
            late = (now - last) * 1000 - self.TRACE_MS
            last = now
            if late > self.watchdog_late.get(label, 0.0):
                self.watchdog_late[label] = late
            if (now - self.probe._last) * 1000 < self.OVERDUE_MS:
                continue
            frames = sys._current_frames()
            sample = []
            for ident, frame in frames.items():
                if ident == threading_ident():
                    continue
                stack = traceback.extract_stack(frame)[-6:]
                who = "GUI" if ident == self.main_id else f"thread {ident % 10000}"
                sample.append(
                    who + ": " + " <- ".join(
                        f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(stack)
                    )
                )
            self.samples.setdefault(label, []).append(tuple(sorted(sample)))

    def stop(self) -> None:
        import gc

        gc.callbacks.remove(self._collected)
        self._stop.set()
        self._thread.join()

    def report(self, rows: list[Row]) -> None:
        import gc
        from collections import Counter

        tracked = gc.get_objects()
        kinds = Counter(f"{type(o).__module__}.{type(o).__qualname__}" for o in tracked)
        print(f"\nobjects tracked by the garbage collector now: {len(tracked):,} (frozen: "
              f"{gc.get_freeze_count():,}); most: " + ", ".join(f"{k} {n:,}" for k, n in kinds.most_common(8)))
        del tracked

        for row in rows:
            if row.stall_ms <= STALL_MS:
                continue
            samples = self.samples.get(row.screen, [])
            print(f"\n{row.screen}: stall {row.stall_ms:.0f} ms, {len(samples)} samples while "
                  f"overdue; watchdog at most {self.watchdog_late.get(row.screen, 0):.0f} ms late")
            longest = sorted(self.collections.get(row.screen, []), reverse=True)[:3]
            print("  garbage collections, longest: " + (", ".join(
                f"{ms:.0f} ms (generation {generation})" for ms, generation, _n in longest
            ) or "none"))
            lines = Counter(line for sample in samples for line in sample)
            for line, count in lines.most_common(8):
                print(f"  {count:3d}x {line}")


def threading_ident() -> int | None:
    import threading

    return threading.get_ident()


class FirstPaint(QObject):
    """The time of the first Paint event of `widget` (or any widget inside it) since `reset`.

    The first paint of every window is noted too, so that a dialog painted before it was
    found and watched (the offscreen platform may paint a window while showing it) counts."""

    def __init__(self) -> None:
        super().__init__()
        self.target: QWidget | None = None
        self.target_painted: float | None = None
        self.windows: dict[int, float] = {}  # id of a window → its first paint since `reset`

    def reset(self) -> None:
        self.target, self.target_painted, self.windows = None, None, {}

    def watch(self, widget: QWidget | None) -> None:
        self.target, self.target_painted = widget, None

    @property
    def painted_at(self) -> float | None:
        target = self.target
        if target is None or not shiboken6.isValid(target):
            return None
        if target.isWindow():
            return self.windows.get(id(target), self.target_painted)
        return self.target_painted

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.Paint or not isinstance(watched, QWidget):
            return False
        self.windows.setdefault(id(watched.window()), time.perf_counter())
        target = self.target
        if target is not None and not shiboken6.isValid(target):
            self.target = target = None  # closed and deleted before it painted
        if (
            self.target_painted is None
            and target is not None
            and (watched is target or target.isAncestorOf(watched))
        ):
            self.target_painted = time.perf_counter()
        return False


@dataclass
class Row:
    screen: str
    open_ms: float | None
    stall_ms: float = 0.0
    busy_ms: float = 0.0
    notes: list[str] = field(default_factory=list)


def rss_mb() -> float:
    """The resident set size now (Linux /proc; elsewhere the peak)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_rss_mb()


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)


class Walker:
    def __init__(self, app: QApplication, window: QWidget, dwell_s: float) -> None:
        self.app = app
        self.window = window
        self.dwell_s = dwell_s
        self.probe = StallProbe()
        self.paint = FirstPaint()
        app.installEventFilter(self.paint)
        self.rows: list[Row] = []
        self.only: re.Pattern[str] | None = None

    def wanted(self, label: str) -> bool:
        """`--only`: whether `label` is measured."""
        return self.only is None or self.only.search(label) is not None

    def wait(self, seconds: float, until: Callable[[], bool] | None = None) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            self.app.processEvents()
            if until is not None and until():
                return
            time.sleep(0.001)

    def settle(self, limit_s: float = 300.0) -> None:
        """Let background work end, with its results delivered (counted to the screen); the
        event loop keeps running meanwhile, as in the program."""
        pool = QThreadPool.globalInstance()
        self.wait(limit_s, until=lambda: pool.activeThreadCount() == 0)
        self.wait(0.05)

    def visit(self, label: str, show: Callable[[], QWidget | None]) -> Row:
        """Open a screen with `show` (returns the widget to watch), keep it up, measure."""
        self.settle()
        self.wait(0.05)
        self.probe.start(label)
        started = time.perf_counter()
        self.paint.reset()
        widget = show()
        self.paint.watch(widget)
        self.wait(5.0, until=lambda: self.paint.painted_at is not None)
        painted = self.paint.painted_at
        self.wait(self.dwell_s)
        self.settle()
        row = Row(label, None if painted is None else (painted - started) * 1000)
        row.stall_ms = self.probe.worst.get(label, 0.0)
        row.busy_ms = self.probe.busy.get(label, 0.0)
        self.rows.append(row)
        self.probe.start("between screens")
        return row


def open_pages(walker: Walker, window: object, rounds: int) -> None:
    keys = window.page_keys()  # type: ignore[attr-defined]
    for round_number in range(1, rounds + 1):
        for key in keys:

            def show(key: str = key) -> QWidget:
                window.show_page(key)  # type: ignore[attr-defined]
                return window.stack.currentWidget()  # type: ignore[attr-defined]

            suffix = " (first visit)" if round_number == 1 else ""
            label = f"page {key}{suffix}"
            if walker.wanted(label):
                walker.visit(label, show)


class DialogCloser(QObject):
    """Closes every dialog that is open after `dwell_s` — also a modal one in its own loop."""

    def __init__(self, app: QApplication, window: QWidget) -> None:
        super().__init__()
        self.app = app
        self.window = window
        self.opened: list[str] = []

    def close_all(self) -> None:
        for widget in self.app.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                self.opened.append(widget.windowTitle() or type(widget).__name__)
                if isinstance(widget, QMessageBox):
                    widget.done(QMessageBox.StandardButton.Cancel)
                else:
                    widget.done(QDialog.DialogCode.Rejected)


def visible_dialog() -> QWidget | None:
    modal = QApplication.activeModalWidget()
    if modal is not None:
        return modal
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
    return dialogs[-1] if dialogs else None


def open_dialogs(walker: Walker, window: object, closer: DialogCloser) -> None:
    menu_dialogs = (
        "open_room_settings",
        "open_mediation_settings",
        "open_change_password",
        "open_export",
        "open_backup",
        "open_exchange_history",
        "show_about",
    )
    for name in menu_dialogs:
        opener = getattr(window, name, None)
        if opener is not None and walker.wanted(f"dialog {name}"):
            walk_dialog(walker, closer, f"dialog {name}", opener)
    for key in window.page_keys():  # type: ignore[attr-defined]
        window.show_page(key)  # type: ignore[attr-defined]
        walker.settle()
        page = window.stack.currentWidget()  # type: ignore[attr-defined]
        buttons = [
            button
            for button in page.findChildren(QAbstractButton)
            if button.isVisible() and button.isEnabled() and not button.isCheckable()
        ]
        for button in buttons:
            text = button.text().replace("&", "").strip()
            if SKIP.search(text) or not walker.wanted(f"{key}: {text}"):
                continue
            walk_dialog(walker, closer, f"{key}: {text}", button.click)


def walk_dialog(walker: Walker, closer: DialogCloser, label: str, open_it: Callable[[], object]) -> None:
    before = len(closer.opened)
    shown: list[QWidget | None] = []

    def show() -> QWidget | None:
        # a modal dialog runs its own loop inside open_it(): watch and close it from a timer
        QTimer.singleShot(0, lambda: (shown.append(visible_dialog()), walker.paint.watch(shown[-1])))
        QTimer.singleShot(int(walker.dwell_s * 1000) + 500, closer.close_all)
        open_it()
        return shown[-1] if shown else visible_dialog()

    row = walker.visit(label, show)
    closer.close_all()
    walker.settle()
    if len(closer.opened) == before:
        row.notes.append("no dialog")
    else:
        row.notes.append(" / ".join(closer.opened[before:]))


def print_rows(rows: list[Row]) -> None:
    width = max(len(r.screen) for r in rows)
    print(f"{'screen':<{width}}  {'open ms':>8}  {'stall ms':>8}  {'of it CPU':>9}  notes")
    for r in rows:
        opened = "-" if r.open_ms is None else f"{r.open_ms:.0f}"
        flag = "  STALL" if r.stall_ms > STALL_MS else ""
        print(
            f"{r.screen:<{width}}  {opened:>8}  {r.stall_ms:>8.0f}  {r.busy_ms:>9.0f}  "
            f"{'; '.join(r.notes)}{flag}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="a demo folder")
    parser.add_argument("--dwell", type=float, default=1.0, help="seconds each screen stays up")
    parser.add_argument("--no-dialogs", action="store_true", help="pages only")
    parser.add_argument("--user", default="admin")
    parser.add_argument("--only", help="measure only the screens whose label matches (regex)")
    parser.add_argument(
        "--trace-stalls", action="store_true", help="sample every thread's stack during stalls"
    )
    args = parser.parse_args()

    from PySide6.QtCore import qInstallMessageHandler

    from station_desk import i18n
    from station_desk.services.vault import Vault
    from station_desk.ui.application import apply_language, create_application

    def quiet(_kind: object, _context: object, message: str) -> None:  # offscreen chatter
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(quiet)
    i18n.set_language("en")
    app = create_application()
    apply_language(app, "en")
    started_rss = rss_mb()
    from station_desk.ui import preload

    preload._import_all()  # what the sign-in dialog loads while the password is typed
    preload.prepare_main_window()  # and what it prepares then on the GUI thread, in slices
    vault = Vault(args.data_dir)
    sign_in_started = time.perf_counter()
    services, principal = vault.sign_in(args.user, os.environ.get("STATION_DESK_PASSWORD", DEMO_PASSWORD))
    sign_in_ms = (time.perf_counter() - sign_in_started) * 1000
    try:
        from station_desk.ui.main_window import MainWindow

        holder: list[MainWindow] = []
        walker = Walker(app, QWidget(), args.dwell)
        walker.only = re.compile(args.only, re.IGNORECASE) if args.only else None
        tracer = StallTracer(walker.probe) if args.trace_stalls else None

        def show_window() -> QWidget:
            # no idle lock while the benchmark waits for long documents
            window = MainWindow(services, principal, args.data_dir, IDLE_LOCK_OFF_MS)
            holder.append(window)
            window.resize(1366, 768)
            window.show()
            return window

        walker.visit("main window with the home page", show_window)
        window = holder[0]
        open_pages(walker, window, rounds=2)
        after_pages_rss = rss_mb()
        if not args.no_dialogs:
            closer = DialogCloser(app, window)
            open_dialogs(walker, window, closer)
        print(f"data folder {args.data_dir}; signed in as {args.user} in {sign_in_ms:.0f} ms "
              f"(on the GUI thread here; the window does it the same way)")
        print_rows(walker.rows)
        if tracer is not None:
            tracer.stop()
            tracer.report(walker.rows)
        worst = max(walker.rows, key=lambda r: r.stall_ms)
        visits = [r for r in walker.rows if r.screen.startswith("page ") and r.open_ms is not None]
        slowest = max(visits, key=lambda r: r.open_ms or 0.0, default=None)
        print()
        busiest = max(walker.rows, key=lambda r: r.busy_ms)
        print(f"longest stall: {worst.stall_ms:.0f} ms ({worst.screen})")
        print(f"longest GUI-thread work in one gap: {busiest.busy_ms:.0f} ms ({busiest.screen})")
        print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        if slowest is not None:  # none with an --only that matches no page
            print(f"slowest page switch: {slowest.open_ms:.0f} ms ({slowest.screen})")
        print(
            f"RSS: {started_rss:.0f} MB at start, {after_pages_rss:.0f} MB after visiting every "
            f"page, {rss_mb():.0f} MB at the end; peak {peak_rss_mb():.0f} MB"
        )
        pool = services.db.engine.pool
        print(f"database connections kept open (each with its page cache): {pool.checkedin()}")
        window.close()
    finally:
        services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
