"""The imports made while the sign-in window waits (`ui/preload.py`) leave no source lines
cached: PySide6's import hook reads every module's source into `linecache` (25 MB with
SQLAlchemy and the services), which only tracebacks use (issue 15, memory). Then the main
window is prepared on the GUI thread, in slices, once those imports are done."""

from __future__ import annotations

import importlib
import linecache
import sys
import threading
from pathlib import Path
from types import ModuleType

import pytest
import sqlalchemy
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from station_desk.ui import preload


def test_preloading_leaves_no_source_lines_cached() -> None:
    assert sqlalchemy.__file__ is not None
    linecache.getlines(sqlalchemy.__file__)  # as PySide6's hook does for a new module
    assert sqlalchemy.__file__ in linecache.cache
    preload._import_all()
    assert "station_desk.services.container" in sys.modules
    assert "station_desk.services.integrity" in sys.modules
    assert sqlalchemy.__file__ not in linecache.cache


def test_preparing_the_main_window_imports_its_modules_and_qt_types() -> None:
    from PySide6 import QtCharts, QtWidgets

    preload.prepare_main_window()
    assert all(name in sys.modules for name in preload.BEFORE_MAIN_WINDOW)
    made = vars(QtWidgets)  # PySide6 puts a type there once it has made it (and its enums)
    assert "QWizard" in made and "QFileDialog" in made and "QChartView" in vars(QtCharts)


def test_the_main_window_is_prepared_in_slices_once_the_worker_has_loaded(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    probe = "tests.ui.preload_probe"
    monkeypatch.delitem(sys.modules, probe, raising=False)
    monkeypatch.setattr(preload, "BEFORE_MAIN_WINDOW", (probe,))
    imported = threading.Event()  # the worker's imports not finished yet
    monkeypatch.setattr(preload, "_imported", imported)
    preload._prepare_in_slices()
    qtbot.wait(3 * preload.SLICE_GAP_MS)
    assert probe not in sys.modules  # an import now would wait for the worker's
    imported.set()
    qtbot.waitUntil(lambda: probe in sys.modules, timeout=3000)


def test_a_module_is_imported_ahead_after_its_own_imports_each_in_a_turn(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    page, imported_first, typing_only = (
        "tests.ui.preload_probe_page",
        "tests.ui.preload_probe",
        "tests.ui.page_import_probe",
    )
    for name in (page, imported_first, typing_only):
        monkeypatch.delitem(sys.modules, name, raising=False)
    monkeypatch.setattr(preload, "OWN_MODULES", "tests.ui.")
    turns: list[list[str]] = []
    import_module = importlib.import_module

    def noted(name: str, package: str | None = None) -> ModuleType:
        if name.startswith("tests.ui."):
            turns.append([other for other in (page, imported_first) if other in sys.modules])
        return import_module(name, package)

    monkeypatch.setattr(importlib, "import_module", noted)
    owner = QObject()
    preload.import_on_the_gui_thread(owner, [page], 1)
    qtbot.waitUntil(lambda: page in sys.modules, timeout=3000)
    assert turns == [[], [imported_first]]  # its import first, alone; then the page
    assert typing_only not in sys.modules


def test_two_modules_importing_each_other_are_imported_ahead(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A module's imports are put ahead of it once: two that import each other at their top
    level do not send the preload round and round (each turn reading the other's source)."""
    package = tmp_path / "preload_cycle"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "first.py").write_text("import preload_cycle.second\n")
    (package / "second.py").write_text("import preload_cycle.first\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(preload, "OWN_MODULES", "preload_cycle.")
    for name in ("preload_cycle", "preload_cycle.first", "preload_cycle.second"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    owner = QObject()
    preload.import_on_the_gui_thread(owner, ["preload_cycle.first"], 1)
    qtbot.waitUntil(lambda: "preload_cycle.first" in sys.modules, timeout=3000)
    assert "preload_cycle.second" in sys.modules
