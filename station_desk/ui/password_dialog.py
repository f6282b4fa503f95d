"""Changing one's own password (修改密码): the current one, then the new one twice."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from station_desk.domain.accounts import Principal, check_new_password
from station_desk.i18n import N_, _
from station_desk.services.container import Services
from station_desk.ui.widgets.fields import PasswordField
from station_desk.ui.widgets.forms import FormDialog, check_repeat


class ChangePasswordDialog(FormDialog):
    old_password = PasswordField(N_("Current password:"))
    new_password = PasswordField(N_("New password:"))
    repeat = PasswordField(N_("New password again:"))

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(_("Change password"), parent)
        self._services = services
        self._principal = principal

    def save(self) -> None:
        check_new_password(self.new_password.text(), "new_password")
        check_repeat(self.new_password.text(), self.repeat.text())
        self._services.accounts.change_password(
            self._principal, self.old_password.text(), self.new_password.text()
        )
