"""Changing one's own password (修改密码): the current one, then the new one twice."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from station_desk.domain.accounts import Principal, check_new_password
from station_desk.i18n import _
from station_desk.services.container import Services
from station_desk.ui.widgets.forms import FormDialog, check_repeat, password_edit


class ChangePasswordDialog(FormDialog):
    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(_("Change password"), parent)
        self._services = services
        self._principal = principal
        self.old_password = self.form.add_field("old_password", password_edit())
        self.new_password = self.form.add_field("new_password", password_edit())
        self.repeat = self.form.add_field("repeat", password_edit())
        self.form.set_label("old_password", _("Current password:"))
        self.form.set_label("new_password", _("New password:"))
        self.form.set_label("repeat", _("New password again:"))

    def save(self) -> None:
        check_new_password(self.new_password.text(), "new_password")
        check_repeat(self.new_password.text(), self.repeat.text())
        self._services.accounts.change_password(
            self._principal, self.old_password.text(), self.new_password.text()
        )
