"""What the composition root (`station_desk.app`) calls to run the GUI.

`create_application()` makes the QApplication with the bundled fonts, `apply_language()`
switches both our catalogs and Qt's own, `run_main()` runs the screens until the officer
quits, and `show_startup_error()` explains why the program could not start.

The program itself starts with `start_application()`, which does only what its first window
needs to paint; `run_main()` finishes the application (`finish_application()`: the focus frame
and the other bundled faces) once that window has painted, so the sign-in window paints
sooner (issue 15: about 10 ms; the focus style's `QStyle` alone makes 14 enums on first use).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QMessageBox

from station_desk import __version__
from station_desk.i18n import _
from station_desk.paths import APP_AUTHOR, APP_NAME
from station_desk.services.vault import Vault
from station_desk.ui.errors import install_excepthook, user_errors
from station_desk.ui.flow import AppFlow
from station_desk.ui.fonts import SIGN_IN_FONT_FILES, install_fonts, install_other_fonts
from station_desk.ui.icons import icon
from station_desk.ui.input_method import choose_input_method
from station_desk.ui.language import apply_language
from station_desk.ui.login_dialog import DemoCredentials
from station_desk.ui.preload import after_first_paint

if TYPE_CHECKING:
    from station_desk.services.container import Services

__all__ = [
    "apply_language",
    "create_application",
    "finish_application",
    "run_main",
    "show_startup_error",
    "start_application",
]


def create_application() -> QApplication:
    """The QApplication, named, with the CJK fonts loaded, the keyboard focus framed and the
    window icon set."""
    qapp = start_application()
    finish_application(qapp)
    return qapp


def start_application() -> QApplication:
    """The QApplication as the first window needs it to paint: named, with Micro Hei loaded
    and the default font, and the window icon set; `finish_application()` does the rest."""
    existing = QApplication.instance()
    if not isinstance(existing, QApplication):
        choose_input_method()  # Fcitx 5 without a fcitx plugin: Qt reads this at start-up
    qapp = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    qapp.setApplicationName(APP_NAME)
    qapp.setOrganizationName(APP_AUTHOR)
    qapp.setApplicationVersion(__version__)
    install_fonts(qapp, SIGN_IN_FONT_FILES)
    qapp.setWindowIcon(icon("app"))
    return qapp


def finish_application(qapp: QApplication) -> None:
    """What `start_application()` left out: the keyboard focus framed (`focus_style.py`) and
    the other bundled faces (Song, and the fallbacks for rare characters); windows already
    painted are painted again with them."""
    from station_desk.ui.focus_style import install_focus_style

    install_focus_style(qapp)
    if install_other_fonts():
        for window in qapp.topLevelWidgets():
            window.update()


def show_startup_error(message: str) -> None:
    qapp = QApplication.instance()
    if isinstance(qapp, QApplication):
        finish_application(qapp)
    QMessageBox.critical(None, _("Station Desk cannot start"), message)


def run_main(
    qapp: QApplication,
    vault: Vault,
    data_dir: Path,
    demo_login: DemoCredentials | None = None,
    on_opened: Callable[[Services], object] | None = None,
) -> int:
    """Setup (first run), sign-in, main window; returns the exit code when the officer quits.
    The database opened on the way is closed before returning."""
    previous_hook = install_excepthook()
    qapp.setQuitOnLastWindowClosed(False)
    flow = AppFlow(vault, data_dir, demo_login, on_opened=on_opened)
    try:
        with user_errors(None):
            flow.start()
        if flow.dialog is None and flow.window is None:
            return 1
        if flow.dialog is not None:
            after_first_paint(flow.dialog, lambda: finish_application(qapp))
        else:
            finish_application(qapp)
        return qapp.exec()
    finally:
        sys.excepthook = previous_hook
        if flow.services is not None:
            flow.services.close()
