"""Dialogs of the accounts page: new account, edit account, reset a password."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from station_desk.domain.accounts import NewAccount, Principal, UserAccount, check_new_password
from station_desk.domain.roles import Role
from station_desk.i18n import _
from station_desk.services.container import Services
from station_desk.ui.widgets.forms import FormDialog, check_repeat, password_edit


def role_combo(current: Role = Role.AUXILIARY) -> QComboBox:
    combo = QComboBox()
    for role in Role:
        combo.addItem(role.label, role.value)
    combo.setCurrentIndex(combo.findData(current.value))
    return combo


class NewAccountDialog(FormDialog):
    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(_("New account"), parent)
        self._services = services
        self._principal = principal
        self.created: UserAccount | None = None
        self.username = self.form.add_field("username", QLineEdit())
        self.display_name = self.form.add_field("display_name", QLineEdit(), "name")
        self.badge_number = self.form.add_field("badge_number", QLineEdit())
        self.role = self.form.add_field("role", role_combo())
        self.password = self.form.add_field("password", password_edit())
        self.repeat = self.form.add_field("repeat", password_edit())
        for key, text in (
            ("username", _("User name:")),
            ("display_name", _("Name:")),
            ("badge_number", _("Badge number:")),
            ("role", _("Role:")),
            ("password", _("Password:")),
            ("repeat", _("Password again:")),
        ):
            self.form.set_label(key, text)

    def save(self) -> None:
        check_new_password(self.password.text())
        check_repeat(self.password.text(), self.repeat.text())
        account = NewAccount(
            username=self.username.text(),
            display_name=self.display_name.text(),
            role=Role(self.role.currentData()),
            password=self.password.text(),
            badge_number=self.badge_number.text(),
        )
        self.created = self._services.accounts.create_account(self._principal, account)


class EditAccountDialog(FormDialog):
    def __init__(
        self,
        services: Services,
        principal: Principal,
        account: UserAccount,
        parent: QWidget | None = None,
    ):
        super().__init__(_("Edit account {username}").format(username=account.username), parent)
        self._services = services
        self._principal = principal
        self._account = account
        self.display_name = self.form.add_field(
            "display_name", QLineEdit(account.display_name), "name"
        )
        self.badge_number = self.form.add_field("badge_number", QLineEdit(account.badge_number))
        self.role = self.form.add_field("role", role_combo(account.role))
        self.form.set_label("display_name", _("Name:"))
        self.form.set_label("badge_number", _("Badge number:"))
        self.form.set_label("role", _("Role:"))

    def save(self) -> None:
        self._services.accounts.update_account(
            self._principal,
            self._account.id,
            self.display_name.text(),
            self.badge_number.text(),
            Role(self.role.currentData()),
        )


class ResetPasswordDialog(FormDialog):
    def __init__(
        self,
        services: Services,
        principal: Principal,
        account: UserAccount,
        parent: QWidget | None = None,
    ):
        title = _("Reset the password of {username}").format(username=account.username)
        super().__init__(title, parent)
        self._services = services
        self._principal = principal
        self._account = account
        self.password = self.form.add_field("password", password_edit())
        self.repeat = self.form.add_field("repeat", password_edit())
        self.form.set_label("password", _("New password:"))
        self.form.set_label("repeat", _("Password again:"))

    def save(self) -> None:
        check_new_password(self.password.text())
        check_repeat(self.password.text(), self.repeat.text())
        self._services.accounts.reset_password(
            self._principal, self._account.id, self.password.text()
        )
