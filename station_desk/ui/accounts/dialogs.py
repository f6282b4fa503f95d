"""Dialogs of the accounts page: new account, edit account, reset a password."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from station_desk.domain.accounts import NewAccount, Principal, UserAccount, check_new_password
from station_desk.domain.roles import Role
from station_desk.i18n import N_, _
from station_desk.services.container import Services
from station_desk.ui.widgets.fields import ChoiceField, LineField, PasswordField
from station_desk.ui.widgets.forms import FormDialog, check_repeat


def checked_password(password: QLineEdit, repeat: QLineEdit) -> str:
    """A new password typed twice: long enough, and the same both times."""
    check_new_password(password.text())
    check_repeat(password.text(), repeat.text())
    return password.text()


class AccountDialog(FormDialog):
    """A dialog about one account (for the administrator)."""

    def __init__(
        self, title: str, services: Services, principal: Principal, parent: QWidget | None
    ) -> None:
        super().__init__(title, parent)
        self._services, self._principal = services, principal


class NewAccountDialog(AccountDialog):
    username = LineField(N_("User name:"))
    display_name = LineField(N_("Name:"), aliases=("name",))
    badge_number = LineField(N_("Badge number:"))
    role = ChoiceField(N_("Role:"), Role)
    password = PasswordField(N_("Password:"))
    repeat = PasswordField(N_("Password again:"))

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(_("New account"), services, principal, parent)
        self.created: UserAccount | None = None
        self.role.setCurrentIndex(self.role.findData(Role.AUXILIARY.value))

    def save(self) -> None:
        values = self.record_values()
        values["password"] = checked_password(self.password, self.repeat)
        del values["repeat"]
        self.created = self._services.accounts.create_account(self._principal, NewAccount(**values))


class EditAccountDialog(AccountDialog):
    display_name = LineField(N_("Name:"), aliases=("name",))
    badge_number = LineField(N_("Badge number:"))
    role = ChoiceField(N_("Role:"), Role)

    def __init__(
        self,
        services: Services,
        principal: Principal,
        account: UserAccount,
        parent: QWidget | None = None,
    ):
        title = _("Edit account {username}").format(username=account.username)
        super().__init__(title, services, principal, parent)
        self._account = account
        self.show_record(account)

    def save(self) -> None:
        self._services.accounts.update_account(
            self._principal, self._account.id, **self.record_values()
        )


class ResetPasswordDialog(AccountDialog):
    password = PasswordField(N_("New password:"))
    repeat = PasswordField(N_("Password again:"))

    def __init__(
        self,
        services: Services,
        principal: Principal,
        account: UserAccount,
        parent: QWidget | None = None,
    ):
        title = _("Reset the password of {username}").format(username=account.username)
        super().__init__(title, services, principal, parent)
        self._account = account

    def save(self) -> None:
        password = checked_password(self.password, self.repeat)
        self._services.accounts.reset_password(self._principal, self._account.id, password)
