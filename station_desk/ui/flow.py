"""The order of screens: setup wizard (first run) → sign-in → main window → sign-in again.

Every screen is shown without a nested event loop, so signing out (or an idle-lock lockout)
can close whatever is open and go straight back to the sign-in dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QDialog

from station_desk.domain.accounts import Principal
from station_desk.services.container import Services
from station_desk.ui.errors import user_errors
from station_desk.ui.login_dialog import DemoCredentials, LoginDialog
from station_desk.ui.main_window import MainWindow
from station_desk.ui.setup_wizard import SetupWizard
from station_desk.ui.widgets.dialogs import delete_on_close


class AppFlow(QObject):
    """Shows one screen after another; `quit_app` ends the program (injectable for tests)."""

    def __init__(
        self,
        services: Services,
        data_dir: Path,
        demo_login: DemoCredentials | None = None,
        idle_timeout_ms: int | None = None,
        quit_app: Callable[[], None] = QCoreApplication.quit,
    ) -> None:
        super().__init__()
        self._services = services
        self._data_dir = data_dir
        self._demo_login = demo_login
        self._idle_timeout_ms = idle_timeout_ms
        self._quit = quit_app
        self.window: MainWindow | None = None
        self.dialog: QDialog | None = None

    def start(self) -> None:
        if self._services.accounts.is_set_up():
            self.show_login()
        else:
            self.show_wizard()

    def show_wizard(self) -> None:
        wizard = SetupWizard(self._services)
        wizard.accepted.connect(
            lambda: self.show_login(wizard.principal.username if wizard.principal else "")
        )
        wizard.rejected.connect(self._quit)
        self._present(wizard)

    def show_login(self, username: str = "", message: str = "") -> None:
        dialog = LoginDialog(self._services, self._demo_login, username, message)
        dialog.signed_in.connect(self.open_main_window)
        dialog.rejected.connect(self._quit)
        self._present(dialog)

    def _present(self, dialog: QDialog) -> None:
        self.dialog = delete_on_close(dialog)
        dialog.show()

    def open_main_window(self, principal: Principal) -> None:
        self.dialog = None
        window = delete_on_close(
            MainWindow(self._services, principal, self._data_dir, self._idle_timeout_ms)
        )
        window.sign_out_requested.connect(self.sign_out)
        window.closed.connect(self._window_closed)
        self.window = window
        window.showMaximized()
        window.activateWindow()

    def sign_out(self, message: str = "") -> None:
        """Close the main window (and its dialogs) and ask for a sign-in again."""
        window, self.window = self.window, None
        if window is None:
            return
        self._log_out(window.principal)
        window.close()
        self.show_login(window.principal.username, message)

    def _window_closed(self) -> None:
        if self.window is None:  # closed by sign_out()
            return
        self._log_out(self.window.principal)
        self.window = None
        self._quit()

    def _log_out(self, principal: Principal) -> None:
        with user_errors(None):
            self._services.accounts.logout(principal)
