"""Loading, while the sign-in window waits for a password, what the sign-in will need.

The sign-in window paints before the database layers are imported (`station_desk.app`).
Once it is up, a worker thread imports them — SQLAlchemy and the models (with their mappers
configured), the services and the checks at opening — so that the time between the password
check and the home page is not spent importing. Nothing of Qt is imported or made there
(importing a Qt module off the GUI thread while it paints can crash): the screens are
imported on the GUI thread when first shown.

Loading a large module holds Python's interpreter lock: the window cannot repaint meanwhile.
Measured on a loaded 2-core machine, SQLAlchemy and the services pause the dialog for up to
~0.15 s while the officer types the password (keys typed meanwhile are kept). pypinyin is not
loaded here: its dictionaries take 56 MB, and it is needed only when a name is saved or a
document sorted by pinyin (its JSON holds the interpreter lock for ~0.35 s then). An import that fails here fails again, with its message, where it
is really needed.

Once those are loaded, the GUI thread prepares the main window while the dialog still waits
(for the password, or for its check): it imports the main window's and the home page's
modules (`BEFORE_MAIN_WINDOW`) and lets PySide6 make its Python types and enums
(`QT_MODULES`, and `Qt`'s namespace), in slices of SLICE_MS (or of one import), SLICE_GAP_MS
apart, so the dialog keeps taking keys. PySide6 makes a class's enums when the class is first
used, and every class derived from QObject the first time an object of a class it does not
know reaches Python (an event filter on the whole application, the idle lock's, sees Qt's
private ones): about 200 enums and the imports, 40 of the 80 ms of GUI-thread work that the
window's first appearance took before (issue 15, demo scale 100).
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import importlib.util
import linecache
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

# "module" is imported; "module:function" is imported and the function called.
AFTER_SIGN_IN = (
    "station_desk.services.container:warm_up",  # SQLAlchemy, the models, every service
    "station_desk.services.integrity",  # the checks at opening
)

# Imported on the GUI thread once `AFTER_SIGN_IN` is loaded (each under 15 ms), in this order.
BEFORE_MAIN_WINDOW = (
    "station_desk.ui.widgets.page",
    "station_desk.ui.widgets.filters",
    "station_desk.ui.idle_lock",
    "station_desk.ui.search.dialog",
    "station_desk.ui.worklist",
    "station_desk.ui.main_window",
    "station_desk.ui.home_charts",
    "station_desk.ui.home_page",
)
# Whose Python types (each with its enums) PySide6 makes ahead, a few at a time.
QT_MODULES = ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "PySide6.QtCharts")
SLICE_MS = 15  # the GUI thread's longest slice of that work
SLICE_GAP_MS = 40  # the event loop's turn between two slices
OWN_MODULES = "station_desk."  # whose sources `import_on_the_gui_thread` reads for their imports

_started = threading.Event()
_imported = threading.Event()  # `AFTER_SIGN_IN` loaded (or failed)


def _import_all() -> None:
    try:
        _import_after_sign_in()
    finally:
        _imported.set()


def _import_after_sign_in() -> None:
    for name in AFTER_SIGN_IN:
        module, _, function = name.partition(":")
        try:
            loaded = importlib.import_module(module)
            if function:
                getattr(loaded, function)()
        except Exception:  # noqa: BLE001, S112 - reported where the module is really imported
            continue
    # PySide6's import hook reads the source of every module imported after it, to see
    # whether it uses PySide6, and `linecache` keeps those lines: 631 files, about 25 MB of
    # strings once SQLAlchemy and the services are loaded. They serve only tracebacks, which
    # read a file again when needed; dropped here, before the windows fill the memory around
    # them, the window held 222 MB instead of 244 after every page at demo scale 100.
    linecache.clearcache()


class _AfterFirstPaint(QObject):
    """Runs `callbacks` once `watched` has been painted for the first time (from the event
    loop, just after that paint), or at once when it is hidden before it ever painted."""

    def __init__(self, watched: QWidget, callbacks: tuple[Callable[[], object], ...]) -> None:
        super().__init__(watched)
        self._callbacks = callbacks
        watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._run)
        elif event.type() == QEvent.Type.Hide:
            watched.removeEventFilter(self)
            self._run()
        return False

    def _run(self) -> None:
        callbacks, self._callbacks = self._callbacks, ()
        for callback in callbacks:
            callback()


def after_first_paint(widget: QWidget, *callbacks: Callable[[], object]) -> None:
    """Run `callbacks` on the GUI thread once `widget` is first painted: what the first
    window does not need to paint, left until the officer sees it (issue 15). If the widget is
    hidden (closed) before it ever painted, they run then."""
    _AfterFirstPaint(widget, callbacks)


def _start() -> None:
    threading.Thread(target=_import_all, name="preload", daemon=True).start()


def preload_after_paint(widget: QWidget) -> None:
    """Import `AFTER_SIGN_IN` on a worker thread once `widget` is painted, then prepare the
    main window on the GUI thread in slices (`prepare_main_window`); once a process."""
    if _started.is_set():
        return
    _started.set()
    after_first_paint(widget, _start, _prepare_in_slices)


def _main_window_steps() -> Iterator[bool]:
    """The main window's preparation, one short step at a time; each yields whether it was a
    slice's worth on its own (an import: up to 15 ms)."""
    for name in BEFORE_MAIN_WINDOW:
        with contextlib.suppress(ImportError):  # told where the module is really imported
            importlib.import_module(name)
        yield True
    for name in QT_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        for attribute in dir(module):
            getattr(module, attribute, None)  # makes the type and its enums
            yield False
    from PySide6.QtCore import Qt

    for attribute in dir(Qt):
        getattr(Qt, attribute, None)  # Qt.AlignmentFlag and the other ~90 enums
        yield False


def prepare_main_window() -> None:
    """All of the main window's preparation at once (what the sign-in dialog does in slices
    while it waits; for benchmarks and tests)."""
    for _step in _main_window_steps():
        pass


def _prepare_in_slices() -> None:
    """Prepare the main window in slices of SLICE_MS (or of one import), SLICE_GAP_MS apart,
    on the GUI thread, once `AFTER_SIGN_IN` is loaded (an import here would wait for the
    worker's). It goes on
    after the sign-in: what is left is made then, a slice at a time, rather than all at once
    by the window's first appearance."""
    app = QCoreApplication.instance()
    if app is None:
        return
    steps = _main_window_steps()

    def next_slice() -> None:
        if _imported.is_set():
            end = time.perf_counter() + SLICE_MS / 1000
            for whole_slice in steps:
                if whole_slice or time.perf_counter() >= end:
                    break
            else:
                return
        QTimer.singleShot(SLICE_GAP_MS, app, next_slice)

    QTimer.singleShot(SLICE_GAP_MS, app, next_slice)


def import_on_the_gui_thread(owner: QObject, modules: list[str], gap_ms: int) -> None:
    """Import `modules` one at a time, `gap_ms` apart, on the GUI thread (a Qt module imported
    off it can crash), while `owner` lives: screens imported before they are first shown. A
    module's own imports not loaded yet are imported first, each in a turn of its own
    (`missing_imports`): the mediation page alone took 40–65 ms, its editor, forms, preview
    and the exchange's cryptography with it. A module that fails to import here fails again,
    told, where it is needed."""
    waiting = list(modules)
    tried: set[str] = set()  # one that failed is not tried again for another module
    expanded: set[str] = set()  # whose imports were put ahead (once: two may import each other)

    def next_one() -> None:
        while waiting and (waiting[0] in sys.modules or waiting[0] in tried):
            waiting.pop(0)
        if not waiting:
            return
        name = waiting[0]
        missing = [] if name in expanded else [m for m in missing_imports(name) if m not in tried]
        expanded.add(name)
        if missing:
            waiting[:0] = missing  # this turn only read the module's source
        else:
            tried.add(waiting[0])
            with contextlib.suppress(ImportError):
                importlib.import_module(waiting.pop(0))
        QTimer.singleShot(gap_ms, owner, next_one)

    QTimer.singleShot(gap_ms, owner, next_one)


def missing_imports(name: str) -> list[str]:
    """The modules `name`'s source imports at its top level (not under `if TYPE_CHECKING:` or
    in a function) that are not loaded yet; none for a module outside the program, or when
    its source is not at hand (the build ships the sources of `station_desk.ui` for this:
    `station_desk.spec`; the self-test checks it)."""
    if not name.startswith(OWN_MODULES):
        return []
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return []
    if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
        return []
    try:
        tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return []
    found: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
    return [module for module in dict.fromkeys(found) if module not in sys.modules]
