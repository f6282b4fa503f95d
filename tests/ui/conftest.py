"""Widget-test fixtures: the bundled fonts, Qt's language reset, a main-window factory.

The offscreen platform plugin has no `propagateSizeHints()` and warns whenever a shown
window's minimum size changes (a dialog showing, an error label appearing, the window
rebuilt in another language). The widgets are right to change it and the xcb plugin stays
silent, so only that one message is ignored in these tests; every other Qt warning fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from station_desk.domain.accounts import Principal
from station_desk.services.container import Services
from station_desk.ui.fonts import install_fonts
from station_desk.ui.language import apply_language
from station_desk.ui.main_window import MainWindow
from tests.ui.helpers import MakeWindow, TypeText

OFFSCREEN_ONLY_WARNINGS = (r"This plugin does not support propagateSizeHints\(\)",)
_HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.path)).resolve().is_relative_to(_HERE):
            item.add_marker(pytest.mark.qt_log_ignore(*OFFSCREEN_ONLY_WARNINGS))


@pytest.fixture(scope="session", autouse=True)
def _bundled_fonts(qapp) -> None:
    install_fonts(qapp)


@pytest.fixture(autouse=True)
def _qt_in_english(qapp) -> Iterator[None]:
    """Leave Qt's own translator and the default locale in English after each test."""
    yield
    apply_language(qapp, "en")


@pytest.fixture(autouse=True)
def _background_jobs_finish(qapp) -> Iterator[None]:
    """A document still being built for a closed preview must not run into the next test."""
    yield
    QThreadPool.globalInstance().waitForDone(30_000)
    qapp.processEvents()


@pytest.fixture
def type_text(qtbot: QtBot) -> TypeText:
    """Type like the officer: key presses for ASCII, an input-method commit for Chinese.

    (QTest can only press keys for ASCII characters; Chinese arrives from the IME.)
    """

    def type_into(widget: QWidget, text: str) -> None:
        if text.isascii():
            qtbot.keyClicks(widget, text)
            return
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(widget, event)

    return type_into


@pytest.fixture
def make_window(qtbot: QtBot, services: Services, data_dir: Path) -> MakeWindow:
    """Show a main window for a principal; the idle lock follows the settings unless given."""

    def make(principal: Principal, idle_timeout_ms: int | None = None) -> MainWindow:
        window = MainWindow(services, principal, data_dir, idle_timeout_ms)
        qtbot.addWidget(window)
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        return window

    return make
