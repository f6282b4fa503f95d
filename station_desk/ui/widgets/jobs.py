"""Work on the thread pool, its results delivered on the GUI thread.

The window stays responsive while a PDF is built or an export is written: `run_with_progress`
runs the work on Qt's thread pool and hands its progress, result or exception back through
signals, so they arrive on the GUI thread (and not at all if their receiver has been deleted
by then). `run_in_background` is the same for work without progress or cancelling.
"""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QWidget

from station_desk.collector import (
    collect_due_generations,
    long_lived_loaded,
    rare_full_collections,
)
from station_desk.errors import StationDeskError

ProgressFn = Callable[[int, int, str], None]
CancelFn = Callable[[], bool]


class _JobSignals(QObject):
    progress = Signal(int, int, str)
    done = Signal(object)
    failed = Signal(object)


_running: set[_JobSignals] = set()  # alive until their result has been delivered
_program_loaded = False  # see `collector`: the first job freezes what is loaded before it
COLLECT_EVERY_MS = 200  # how often the GUI thread collects what is due (automatic collection off)
# How long a worker thread keeps the interpreter lock when the GUI thread asks for it (Python's
# default: 5 ms). The GUI thread lets go of the lock in many Qt calls and then waits that long
# to get it back while a worker computes (a 500-page document, a long list): at 5 ms, the
# roster list's preview held the window for 0.2 s with 10 ms of its own work.
SWITCH_INTERVAL_S = 0.001


def _finished(signals: _JobSignals) -> None:
    """On the GUI thread, once the result is delivered: the signals object goes there too.

    It is owned by the application object, so the worker thread dropping its last Python
    reference never deletes it there (a QObject deleted off its own thread while the GUI
    thread delivers its queued signal crashes the process).
    """
    _running.discard(signals)
    signals.deleteLater()


def run_with_progress(
    work: Callable[[ProgressFn, CancelFn], object],
    progress: Callable[[int, int, str], None],
    done: Callable[[Any], None],
    failed: Callable[[object], None],
) -> threading.Event:
    """Run `work(progress, cancelled)` on the thread pool; `progress`, then `done(result)` or
    `failed(exception)`, run on the GUI thread. Setting the returned event cancels."""
    cancel = threading.Event()
    signals = _JobSignals(QCoreApplication.instance())
    signals.progress.connect(progress)
    signals.done.connect(done)
    signals.failed.connect(failed)
    for signal in (signals.done, signals.failed):
        signal.connect(lambda _result: _finished(signals))
    _running.add(signals)
    global _program_loaded
    if not _program_loaded:  # the modules, services and window: kept for the program's life
        _program_loaded = True
        long_lived_loaded()
        rare_full_collections()
        collect_on_the_gui_thread(QCoreApplication.instance())
        sys.setswitchinterval(SWITCH_INTERVAL_S)

    def job() -> None:
        try:
            result = work(signals.progress.emit, cancel.is_set)
        except Exception as exc:  # handed to the GUI thread, which decides what to show
            signals.failed.emit(exc)
        else:
            signals.done.emit(result)

    QThreadPool.globalInstance().start(job)
    return cancel


def collect_on_the_gui_thread(app: QObject | None) -> None:
    """From now on garbage is collected on the GUI thread only, a timer checking what is due
    (see `collector`): no worker thread starts a collection that could free Qt objects."""
    timer = QTimer(app)
    timer.setObjectName("garbage collection")
    timer.timeout.connect(collect_due_generations)
    timer.start(COLLECT_EVERY_MS)
    gc.disable()


def run_in_background(
    work: Callable[[], Any], done: Callable[[Any], None], failed: Callable[[object], None]
) -> None:
    """Run `work()` on the thread pool; `done(result)` or `failed(exception)` run on the GUI
    thread afterwards."""
    run_with_progress(lambda _progress, _cancelled: work(), no_progress, done, failed)


def no_progress(_step: int, _total: int, _label: str) -> None:
    return None


def show_job_error(parent: QWidget | None, error: object) -> None:
    """What a failed job tells the officer: a StationDeskError's message, else the crash
    dialog with the traceback (as an exception on the GUI thread would)."""
    from station_desk.ui.errors import show_crash, show_error

    if isinstance(error, StationDeskError):
        show_error(parent, error)
    elif isinstance(error, BaseException):
        show_crash(type(error), error, error.__traceback__)
