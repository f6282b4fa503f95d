"""The sign-in dialog (登录): user name and password, with the room's name above them.

It is shown before the database opens: `sign_in(username, password)` unlocks the key slot,
opens the database and signs in (the flow's job); the room's names come from the key file.
A failed sign-in shows the service's one answer (the same for an unknown user, a wrong
password and a locked account, so that user names cannot be found out) and keeps the dialog
open; a successful sign-in emits `signed_in` with the `Principal`. "Use the recovery key…"
appears when the flow offers it.

The window is laid out with stretches rather than alignment flags: the first use of `Qt`'s
namespace makes all of its ~90 enums (15 ms), which is left until after the first paint.

Signing in runs on a worker thread (`widgets/jobs.py`): the key slot's Argon2id, opening the
database and its checks take a noticeable moment, during which the dialog keeps painting and
says "Signing in…" with its fields and buttons disabled (`signing_in()`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_desk.errors import StationDeskError
from station_desk.i18n import _
from station_desk.services.vault import RoomLabel
from station_desk.ui.fonts import heading_font
from station_desk.ui.icons import icon
from station_desk.ui.widgets.jobs import run_in_background, show_job_error
from station_desk.ui.widgets.password import ERROR_STYLE, password_edit

if TYPE_CHECKING:
    from station_desk.domain.accounts import Principal


class DemoCredentials(Protocol):
    """The demo account shown on the dialog (`station_desk.app.DemoLogin`)."""

    @property
    def username(self) -> str: ...

    @property
    def password(self) -> str: ...


class LoginDialog(QDialog):
    """Signs a user in; `principal` is set (and `signed_in` emitted) on success."""

    signed_in = Signal(object)
    recovery_requested = Signal()

    def __init__(
        self,
        sign_in: Callable[[str, str], Principal],
        label: RoomLabel | None = None,
        demo_login: DemoCredentials | None = None,
        username: str = "",
        message: str = "",
        intro: str = "",
        offer_recovery: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._sign_in = sign_in
        self._label = label
        self.principal: Principal | None = None
        self._busy = False
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.intro.setVisible(bool(intro))
        self.recover_button = QPushButton(_("Use the recovery key…"))
        self.recover_button.setFlat(True)
        self.recover_button.setAutoDefault(False)  # Enter signs in
        self.recover_button.setVisible(offer_recovery)
        self.recover_button.clicked.connect(self.recovery_requested.emit)
        self.username = QLineEdit(demo_login.username if demo_login else username)
        self.password = password_edit()
        self.error = QLabel(message)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.demo = QLabel()
        if demo_login is not None:
            self.demo.setText(
                _("Demo login: {user} / {password}").format(
                    user=demo_login.username, password=demo_login.password
                )
            )
        self.demo.setVisible(demo_login is not None)
        self._lay_out()
        (self.password if self.username.text() else self.username).setFocus()

    def _lay_out(self) -> None:
        self.setWindowTitle(_("Station Desk — sign in"))
        self.setWindowIcon(icon("app"))
        buttons = QDialogButtonBox()
        self._buttons = buttons
        self.sign_in_button = buttons.addButton(
            _("Sign in"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.sign_in_button.setDefault(True)
        buttons.addButton(_("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("User name:"), self.username)
        form.addRow(_("Password:"), self.password)
        layout = QVBoxLayout(self)
        layout.addLayout(self._header())
        layout.addSpacing(12)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.demo)
        layout.addLayout(_at_left(self.recover_button))
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def _header(self) -> QHBoxLayout:
        label = self._label
        logo = QLabel()
        logo.setPixmap(icon("app").pixmap(48, 48))
        room = QLabel(label.room_name if label else _("Station Desk"))
        room.setFont(heading_font(16))
        station = QLabel(label.station_name if label else "")
        titles = QVBoxLayout()
        titles.addWidget(room)
        titles.addWidget(station)
        header = QHBoxLayout()
        header.addLayout(_at_top(logo))
        header.addLayout(titles, 1)
        return header

    def signing_in(self) -> bool:
        """Whether a sign-in is under way (on the worker thread)."""
        return self._busy

    def accept(self) -> None:
        if self._busy:
            return
        username, password, sign_in = self.username.text(), self.password.text(), self._sign_in
        self._set_busy(True)
        run_in_background(lambda: sign_in(username, password), self._signed_in, self._refused)

    def reject(self) -> None:
        if not self._busy:  # the database may be opening: wait for the answer
            super().reject()

    def _signed_in(self, principal: Principal) -> None:
        self._set_busy(False)
        self.principal = principal
        self.signed_in.emit(principal)
        super().accept()

    def _refused(self, error: object) -> None:
        self._set_busy(False)
        self.error.clear()
        if isinstance(error, StationDeskError):
            self.error.setText(str(error))
            self.password.clear()
            self.password.setFocus()
        else:
            show_job_error(self, error)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.username, self.password, self._buttons, self.recover_button):
            widget.setEnabled(not busy)
        self.error.setStyleSheet("" if busy else ERROR_STYLE)
        if busy:
            self.error.setText(_("Signing in…"))


def _at_left(widget: QWidget) -> QHBoxLayout:
    """`widget` at its preferred width, on the left (as `Qt.AlignmentFlag.AlignLeft`)."""
    row = QHBoxLayout()
    row.addWidget(widget)
    row.addStretch(1)
    return row


def _at_top(widget: QWidget) -> QVBoxLayout:
    """`widget` at its preferred height, at the top (as `Qt.AlignmentFlag.AlignTop`)."""
    column = QVBoxLayout()
    column.addWidget(widget)
    column.addStretch(1)
    return column
