"""The order of screens: setup wizard (first run) or sign-in → main window → sign-in again.

The sign-in window comes before the database opens: it unlocks the account's key slot and
opens the database (`services.vault`). A database from before encryption is converted when an
administrator signs in; the first-run setup and the conversion end by showing the recovery
key once. Every screen is shown without a nested event loop, so signing out (or an idle-lock
lockout) can close whatever is open and go straight back to the sign-in dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QDialog, QMessageBox

from station_desk.domain.roles import Role
from station_desk.i18n import _
from station_desk.services.vault import FolderState, RoomLabel, Vault
from station_desk.ui.errors import user_errors
from station_desk.ui.login_dialog import DemoCredentials, LoginDialog
from station_desk.ui.preload import after_first_paint, preload_after_paint
from station_desk.ui.widgets.dialogs import delete_on_close, open_dialog

if TYPE_CHECKING:  # the screens after the sign-in load when they are first shown
    from station_desk.domain.accounts import Principal
    from station_desk.services.container import Services
    from station_desk.ui.main_window import MainWindow
    from station_desk.ui.recovery_dialogs import RecoverDialog


class AppFlow(QObject):
    """Shows one screen after another; `quit_app` ends the program (injectable for tests).

    `services` is the open database once someone signed in (given already open by tests);
    `on_opened(services)` runs when the flow opens it (the daily backup)."""

    def __init__(
        self,
        vault: Vault,
        data_dir: Path,
        demo_login: DemoCredentials | None = None,
        idle_timeout_ms: int | None = None,
        quit_app: Callable[[], None] = QCoreApplication.quit,
        services: Services | None = None,
        on_opened: Callable[[Services], object] | None = None,
    ) -> None:
        super().__init__()
        self._vault = vault
        self.services = services
        self._data_dir = data_dir
        self._demo_login = demo_login
        self._idle_timeout_ms = idle_timeout_ms
        self._quit = quit_app
        self._on_opened = on_opened
        self._recovery_key: str | None = None
        self.window: MainWindow | None = None
        self.dialog: QDialog | None = None

    def start(self) -> None:
        if self.services is not None:
            if self.services.accounts.is_set_up():
                self.show_login()
            else:
                self.show_wizard(self.services)
            return
        state = self._vault.state()
        if state is FolderState.NEW:
            room = self._vault.open_new()
            self._recovery_key = room.recovery_key
            self._opened(room.services)
            self.show_wizard(room.services)
        elif state is FolderState.PLAIN:
            self.show_login(intro=_conversion_intro(), convert=True)
        else:
            self.show_login()

    def _opened(self, services: Services) -> None:
        self.services = services
        if self._on_opened is not None:
            self._on_opened(services)

    # -- first run ---------------------------------------------------------------------------
    def show_wizard(self, services: Services) -> None:
        from station_desk.ui.setup_wizard import SetupWizard

        wizard = SetupWizard(services)
        wizard.accepted.connect(lambda: self._after_setup(wizard.principal))
        wizard.rejected.connect(self._quit)
        self._present(wizard)

    def _after_setup(self, principal: Principal | None) -> None:
        username = principal.username if principal else ""
        if principal is None or self._recovery_key is None:
            self.show_login(username)
            return
        self._show_recovery_key(principal, lambda: self.show_login(username))

    def _show_recovery_key(self, principal: Principal, then: Callable[[], None]) -> None:
        text, self._recovery_key = self._recovery_key or "", None
        from station_desk.ui.recovery_dialogs import RecoveryKeyDialog

        dialog = RecoveryKeyDialog(text, self._label(), principal)
        dialog.accepted.connect(then)
        self._present(dialog)

    def _label(self) -> RoomLabel:
        label = self._vault.label()
        if label is None and self.services is not None:
            settings = self.services.settings.get()
            label = RoomLabel(settings.room_name, settings.station_name, settings.language)
        return label or RoomLabel("", "", "")

    # -- signing in --------------------------------------------------------------------------
    def show_login(
        self, username: str = "", message: str = "", intro: str = "", convert: bool = False
    ) -> None:
        dialog = LoginDialog(
            self._convert if convert else self._sign_in,
            self._vault.label(),
            self._demo_login,
            username,
            message,
            intro,
            offer_recovery=not convert,
        )
        dialog.signed_in.connect(self.open_main_window)
        dialog.rejected.connect(self._quit)
        dialog.recovery_requested.connect(lambda: self.show_recovery(dialog))
        self._present(dialog)
        preload_after_paint(dialog)

    def _sign_in(self, username: str, password: str) -> Principal:
        if self.services is not None:
            return self.services.accounts.authenticate(username, password)
        services, principal = self._vault.sign_in(username, password)
        self._opened(services)
        return principal

    def _convert(self, username: str, password: str) -> Principal:
        from station_desk.services.conversion import convert

        converted = convert(self._data_dir, username, password)
        self._recovery_key = converted.recovery_key
        self._opened(converted.services)
        return converted.principal

    def show_recovery(self, login: QDialog) -> None:
        from station_desk.ui.recovery_dialogs import RecoverDialog

        dialog = RecoverDialog(self._vault, login)
        dialog.accepted.connect(lambda: self._recovered(dialog, login))
        dialog.show()

    def _recovered(self, dialog: RecoverDialog, login: QDialog) -> None:
        if dialog.opened is None:
            return
        services, principal = dialog.opened
        if self.services is not None:
            self.services.close()
        self._opened(services)
        login.hide()
        self.open_main_window(principal)
        login.close()

    def _present(self, dialog: QDialog) -> None:
        # `delete_on_close` uses `Qt`'s namespace, whose first use makes all of its enums
        # (15 ms): for the first window of the process, that waits until it has painted
        # (or is closed, if sooner).
        self.dialog = dialog
        dialog.show()
        after_first_paint(dialog, lambda: delete_on_close(dialog))

    # -- the main window -----------------------------------------------------------------------
    def open_main_window(self, principal: Principal) -> None:
        if self._recovery_key is not None:  # after a conversion: the key first, once
            self._show_recovery_key(principal, lambda: self.open_main_window(principal))
            return
        from station_desk.ui.main_window import MainWindow

        assert self.services is not None
        self.dialog = None
        window = delete_on_close(
            MainWindow(self.services, principal, self._data_dir, self._idle_timeout_ms)
        )
        window.sign_out_requested.connect(self.sign_out)
        window.closed.connect(self._window_closed)
        self.window = window
        window.showMaximized()
        window.activateWindow()
        self._report_integrity(window, principal)

    def _report_integrity(self, window: MainWindow, principal: Principal) -> None:
        """What the checks at opening found (already in the audit trail), told to an admin."""
        problems, self._vault.problems = self._vault.problems, []
        if problems and principal.role is Role.ADMIN:
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                _("Integrity warning"),
                _(
                    "Opening the database found signs of changes made outside Station Desk "
                    "(recorded in the audit trail):"
                )
                + "\n\n"
                + "\n".join(f"• {problem}" for problem in problems),
                QMessageBox.StandardButton.Ok,
                window,
            )
            open_dialog(box)

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
        if self.services is None:
            return
        with user_errors(None):
            self.services.accounts.logout(principal)


def _conversion_intro() -> str:
    return _(
        "This version of Station Desk encrypts the database. An administrator signs in once "
        "to encrypt it; the other accounts then get new passwords from the administrator."
    )
