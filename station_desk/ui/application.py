"""What the composition root (`station_desk.app`) calls to run the GUI.

`create_application()` makes the QApplication with the bundled fonts, `apply_language()`
switches both our catalogs and Qt's own, `run_main()` runs the screens until the officer
quits, and `show_startup_error()` explains why the program could not start.
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
from station_desk.ui.focus_style import install_focus_style
from station_desk.ui.fonts import install_fonts
from station_desk.ui.icons import icon
from station_desk.ui.input_method import choose_input_method
from station_desk.ui.language import apply_language
from station_desk.ui.login_dialog import DemoCredentials

if TYPE_CHECKING:
    from station_desk.services.container import Services

__all__ = ["apply_language", "create_application", "run_main", "show_startup_error"]


def create_application() -> QApplication:
    """The QApplication, named, with the CJK fonts loaded and the window icon set."""
    existing = QApplication.instance()
    if not isinstance(existing, QApplication):
        choose_input_method()  # Fcitx 5 without a fcitx plugin: Qt reads this at start-up
    qapp = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    qapp.setApplicationName(APP_NAME)
    qapp.setOrganizationName(APP_AUTHOR)
    qapp.setApplicationVersion(__version__)
    install_fonts(qapp)
    install_focus_style(qapp)
    qapp.setWindowIcon(icon("app"))
    return qapp


def show_startup_error(message: str) -> None:
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
        return qapp.exec()
    finally:
        sys.excepthook = previous_hook
        if flow.services is not None:
            flow.services.close()
