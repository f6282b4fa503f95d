"""The sign-in dialog (登录): user name and password, with the room's name above them.

A failed sign-in shows the service's one answer (the same for an unknown user, a wrong
password and a locked account, so that user names cannot be found out) and keeps the dialog open; a successful sign-in emits `signed_in` with the `Principal`.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from station_desk.domain.accounts import Principal
from station_desk.errors import StationDeskError
from station_desk.i18n import _
from station_desk.services.container import Services
from station_desk.ui.errors import user_errors
from station_desk.ui.fonts import heading_font
from station_desk.ui.icons import icon
from station_desk.ui.widgets.forms import ERROR_STYLE, password_edit


class DemoCredentials(Protocol):
    """The demo account shown on the dialog (`station_desk.app.DemoLogin`)."""

    @property
    def username(self) -> str: ...

    @property
    def password(self) -> str: ...


class LoginDialog(QDialog):
    """Signs a user in; `principal` is set (and `signed_in` emitted) on success."""

    signed_in = Signal(object)

    def __init__(
        self,
        services: Services,
        demo_login: DemoCredentials | None = None,
        username: str = "",
        message: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self.principal: Principal | None = None
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
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.demo)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def _header(self) -> QHBoxLayout:
        settings = None
        with user_errors(self):
            settings = self._services.settings.get()
        logo = QLabel()
        logo.setPixmap(icon("app").pixmap(48, 48))
        room = QLabel(settings.room_name if settings else "")
        room.setFont(heading_font(16))
        station = QLabel(settings.station_name if settings else "")
        titles = QVBoxLayout()
        titles.addWidget(room)
        titles.addWidget(station)
        header = QHBoxLayout()
        header.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        header.addLayout(titles, 1)
        return header

    def accept(self) -> None:
        try:
            principal = self._services.accounts.authenticate(
                self.username.text(), self.password.text()
            )
        except StationDeskError as exc:
            self.error.setText(str(exc))
            self.password.clear()
            self.password.setFocus()
            return
        self.principal = principal
        self.signed_in.emit(principal)
        super().accept()
