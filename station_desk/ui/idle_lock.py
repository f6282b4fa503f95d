"""The idle screen lock (锁屏): after some minutes without input the window is covered.

`IdleWatcher` is an application-wide event filter that restarts a timer on every keyboard or
mouse event. `ScreenLock` covers the main window and each of its open dialogs with an opaque
`Curtain` and asks for the signed-in user's password. Nothing underneath is closed or reset,
so an open form and what was typed in it are there again after unlocking. Too many wrong
passwords lock the account; the window then signs out.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from station_desk.domain.accounts import Principal
from station_desk.errors import AccountLockedError, StationDeskError
from station_desk.i18n import _
from station_desk.services.container import Services
from station_desk.ui.fonts import heading_font
from station_desk.ui.icons import icon
from station_desk.ui.widgets.dialogs import ServiceDialog
from station_desk.ui.widgets.forms import ERROR_STYLE, password_edit
from station_desk.ui.widgets.jobs import run_in_background, show_job_error

MS_PER_MINUTE = 60_000

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.InputMethod,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.TabletMove,
    }
)


class IdleWatcher(QObject):
    """Emits `idle` once `timeout_ms` pass without keyboard or mouse input (0 = never)."""

    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_timeout(self, timeout_ms: int) -> None:
        self._timer.stop()
        self._timer.setInterval(max(0, timeout_ms))
        if timeout_ms > 0:
            self._timer.start()

    def timeout_ms(self) -> int:
        return self._timer.interval()

    def stop(self) -> None:
        """Stop watching for good (the window is closing)."""
        self._timer.stop()
        self._timer.setInterval(0)
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS and self._timer.interval() > 0:
            self._timer.start()
        return False


class Curtain(QWidget):
    """An opaque cover over every child of `window`, following its size."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setAutoFillBackground(True)
        label = QLabel()
        label.setPixmap(icon("lock").pixmap(64, 64))
        layout = QVBoxLayout(self)
        layout.addWidget(label, 0, Qt.AlignmentFlag.AlignCenter)
        window.installEventFilter(self)
        self.setGeometry(window.rect())
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        parent = self.parentWidget()
        if event.type() == QEvent.Type.Resize and parent is not None and watched is parent:
            self.setGeometry(parent.rect())
        return False

    def lift(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            parent.removeEventFilter(self)
        self.hide()
        self.deleteLater()


class LockDialog(ServiceDialog):
    """Asks for the password; Escape and the close button do not unlock."""

    sign_out_requested = Signal(str)

    def __init__(self, services: Services, principal: Principal, parent: QWidget) -> None:
        super().__init__(services, principal, _("Station Desk — locked"), "lock", parent)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.password = password_edit()
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self._checking = False
        self._lay_out()

    def _lay_out(self) -> None:
        title = QLabel(_("The screen is locked"))
        title.setFont(heading_font(14))
        who = QLabel(
            _("Signed in: {name} ({username}). Enter your password to continue.").format(
                name=self._principal.display_name, username=self._principal.username
            )
        )
        who.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.unlock_button = buttons.addButton(_("Unlock"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.unlock_button.setIcon(icon("unlock"))
        self.unlock_button.setDefault(True)
        sign_out = buttons.addButton(_("Sign out"), QDialogButtonBox.ButtonRole.DestructiveRole)
        sign_out.setIcon(icon("logout"))
        sign_out.clicked.connect(lambda: self._sign_out(""))
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        for widget in (title, who, self.password, self.error, buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(420)
        self.password.setFocus()

    def checking(self) -> bool:
        """Whether the password is being checked (Argon2id, on a worker thread)."""
        return self._checking

    def accept(self) -> None:
        if self._checking:
            return
        accounts, principal, password = self._services.accounts, self._principal, self.password.text()
        self._set_checking(True)
        run_in_background(
            lambda: accounts.confirm_password(principal, password), self._confirmed, self._refused
        )

    def _confirmed(self, _result: object) -> None:
        self._set_checking(False)
        super().accept()

    def _refused(self, error: object) -> None:
        self._set_checking(False)
        if isinstance(error, AccountLockedError):
            self._sign_out(str(error))
        elif isinstance(error, StationDeskError):
            self.error.setText(str(error))
            self.password.clear()
        else:
            show_job_error(self, error)

    def _set_checking(self, checking: bool) -> None:
        self._checking = checking
        self.password.setEnabled(not checking)
        self.unlock_button.setEnabled(not checking)

    def reject(self) -> None:
        """Escape keeps the screen locked."""

    def _sign_out(self, message: str) -> None:
        self.done(QDialog.DialogCode.Rejected)
        self.sign_out_requested.emit(message)


class ScreenLock(QObject):
    """The locked state of one main window: curtains plus the password dialog."""

    unlocked = Signal()
    sign_out_requested = Signal(str)

    def __init__(self, window: QWidget, services: Services, principal: Principal) -> None:
        super().__init__(window)
        self._window = window
        self._services = services
        self._principal = principal
        self._curtains: list[Curtain] = []
        self.dialog: LockDialog | None = None

    @property
    def is_locked(self) -> bool:
        return self.dialog is not None

    def lock(self) -> None:
        if self.is_locked or not self._window.isVisible():
            return
        _close_popups()
        covered = [self._window, *self._open_dialogs()]
        self._curtains = [Curtain(window) for window in covered]
        self.dialog = LockDialog(self._services, self._principal, self._window)
        self.dialog.accepted.connect(self._unlock)
        self.dialog.sign_out_requested.connect(self._sign_out)
        self.dialog.show()

    def _open_dialogs(self) -> list[QDialog]:
        return [d for d in self._window.findChildren(QDialog) if d.isVisible()]

    def _lift_curtains(self) -> None:
        for curtain in self._curtains:
            curtain.lift()
        self._curtains = []
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None

    def _unlock(self) -> None:
        self._lift_curtains()
        self.unlocked.emit()

    def _sign_out(self, message: str) -> None:
        self._lift_curtains()
        self.sign_out_requested.emit(message)


def _close_popups() -> None:
    """Close open menus and combo-box lists: they float above any curtain."""
    popup = QApplication.activePopupWidget()
    while popup is not None:
        popup.close()
        following = QApplication.activePopupWidget()
        popup = None if following is popup else following
