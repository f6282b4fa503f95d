"""Dialogs of the accounts page: new account, edit account, reset a password."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit

from station_desk.domain.accounts import NewAccount, UserAccount, check_new_password
from station_desk.domain.roles import Role
from station_desk.i18n import N_
from station_desk.ui.widgets.fields import ChoiceField, LineField, PasswordField
from station_desk.ui.widgets.forms import RecordDialog, check_repeat


def checked_password(password: QLineEdit, repeat: QLineEdit) -> str:
    """A new password typed twice: long enough, and the same both times."""
    check_new_password(password.text())
    check_repeat(password.text(), repeat.text())
    return password.text()


class AccountDialog(RecordDialog):
    """A dialog about one account (for the administrator); the titles name its user name."""

    @staticmethod
    def title_fields(existing: UserAccount | None) -> dict[str, str]:
        return {"username": existing.username if existing is not None else ""}


class NewAccountDialog(AccountDialog):
    titles = (N_("New account"), "")
    username = LineField(N_("User name:"))
    display_name = LineField(N_("Name:"), aliases=("name",))
    badge_number = LineField(N_("Badge number:"))
    role = ChoiceField(N_("Role:"), Role)
    password = PasswordField(N_("Password:"))
    repeat = PasswordField(N_("Password again:"))

    def prepare(self, existing: None) -> None:
        self.role.setCurrentIndex(self.role.findData(Role.AUXILIARY.value))

    def draft(self) -> NewAccount:
        values = self.record_values()
        values["password"] = checked_password(self.password, self.repeat)
        del values["repeat"]
        return NewAccount(**values)

    def create_record(self, draft: NewAccount) -> UserAccount:
        return self._services.accounts.create_account(self._principal, draft)


class EditAccountDialog(AccountDialog):
    titles = ("", N_("Edit account {username}"))
    display_name = LineField(N_("Name:"), aliases=("name",))
    badge_number = LineField(N_("Badge number:"))
    role = ChoiceField(N_("Role:"), Role)

    def draft(self) -> dict[str, Any]:
        return self.record_values()

    def update_record(self, record_id: str, draft: dict[str, Any]) -> None:
        self._services.accounts.update_account(self._principal, record_id, **draft)


class ResetPasswordDialog(AccountDialog):
    titles = ("", N_("Reset the password of {username}"))
    password = PasswordField(N_("New password:"))
    repeat = PasswordField(N_("Password again:"))

    def draft(self) -> str:
        return checked_password(self.password, self.repeat)

    def update_record(self, record_id: str, draft: str) -> None:
        self._services.accounts.reset_password(self._principal, record_id, draft)


class ReactivateDialog(ResetPasswordDialog):
    """Reactivating an account needs a new password: its key slot went with deactivation."""

    titles = ("", N_("Reactivate {username} with a new password"))

    def update_record(self, record_id: str, draft: str) -> None:
        self._services.accounts.set_active(self._principal, record_id, True, draft)
