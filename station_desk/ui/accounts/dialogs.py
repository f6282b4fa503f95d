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

    TITLE = N_("New account")  # a message id; {username}: the account's user name

    def __init__(
        self,
        services: Services,
        principal: Principal,
        account: UserAccount | None = None,
        parent: QWidget | None = None,
    ) -> None:
        username = account.username if account is not None else ""
        super().__init__(_(self.TITLE).format(username=username), parent)
        self._services, self._principal = services, principal
        self._account = account


class NewAccountDialog(AccountDialog):
    username = LineField(N_("User name:"))
    display_name = LineField(N_("Name:"), aliases=("name",))
    badge_number = LineField(N_("Badge number:"))
    role = ChoiceField(N_("Role:"), Role)
    password = PasswordField(N_("Password:"))
    repeat = PasswordField(N_("Password again:"))

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(services, principal, None, parent)
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
    TITLE = N_("Edit account {username}")

    def __init__(
        self,
        services: Services,
        principal: Principal,
        account: UserAccount,
        parent: QWidget | None = None,
    ):
        super().__init__(services, principal, account, parent)
        self.show_record(account)

    def save(self) -> None:
        assert self._account is not None
        self._services.accounts.update_account(
            self._principal, self._account.id, **self.record_values()
        )


class ResetPasswordDialog(AccountDialog):
    password = PasswordField(N_("New password:"))
    repeat = PasswordField(N_("Password again:"))
    TITLE = N_("Reset the password of {username}")

    def save(self) -> None:
        assert self._account is not None
        password = checked_password(self.password, self.repeat)
        self._services.accounts.reset_password(self._principal, self._account.id, password)
