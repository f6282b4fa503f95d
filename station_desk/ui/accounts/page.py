"""The accounts page (账号管理, admin only): list, create, edit, deactivate, reset password."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QPushButton,
    QTableView,
    QWidget,
)

from station_desk.domain.accounts import Principal, UserAccount
from station_desk.i18n import N_, _
from station_desk.services.container import Services
from station_desk.ui.accounts.dialogs import (
    EditAccountDialog,
    NewAccountDialog,
    ReactivateDialog,
    ResetPasswordDialog,
)
from station_desk.ui.errors import user_errors
from station_desk.ui.formatting import local_time, yes_no
from station_desk.ui.icons import icon
from station_desk.ui.widgets.dialogs import confirm, open_dialog
from station_desk.ui.widgets.layouts import lay_out
from station_desk.ui.widgets.page import ServicePage
from station_desk.ui.widgets.rows import button_row, contents_table, with_mnemonic
from station_desk.ui.widgets.table_model import (
    Column,
    RowsModel,
    selected_row,
)

ACCOUNT_COLUMNS = (
    Column(N_("User name"), lambda a: a.username),
    Column(N_("Name"), lambda a: a.display_name),
    Column(N_("Badge number"), lambda a: a.badge_number),
    Column(N_("Role"), lambda a: a.role.label),
    Column(N_("Active"), lambda a: yes_no(a.active)),
    Column(N_("Locked until"), lambda a: local_time(a.locked_until)),
    Column(N_("Last sign-in"), lambda a: local_time(a.last_login_at)),
)
NAME_COLUMN = 1  # takes the width the others leave; they fit their contents
MIN_COLUMN_WIDTH = 80


class AccountsPage(ServicePage):
    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(services, principal, parent)
        self.model = RowsModel(ACCOUNT_COLUMNS, self)
        self.table = self._table()
        self.new_button = self._button(with_mnemonic(_("New…"), "N"), "new", self.new_account)
        self.edit_button = self._button(with_mnemonic(_("Edit…"), "E"), "edit", self.edit_selected)
        self.active_button = self._button(_("Deactivate"), "deactivate", self.toggle_active)
        self.reset_button = self._button(
            with_mnemonic(_("Reset password…"), "P"), "password", self.reset_password
        )
        buttons = button_row(
            self.new_button, self.edit_button, self.active_button, self.reset_button
        )
        lay_out(self, buttons, self.table)
        self.refresh()

    def _table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        contents_table(table, NAME_COLUMN)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.horizontalHeader().setMinimumSectionSize(MIN_COLUMN_WIDTH)
        table.doubleClicked.connect(self.edit_selected)
        table.selectionModel().selectionChanged.connect(self._update_buttons)
        return table

    def _button(self, text: str, icon_name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(icon(icon_name), text)
        button.clicked.connect(slot)
        return button

    def refresh(self) -> None:
        selected = self.selected()
        with user_errors(self):
            self.model.set_rows(self._services.accounts.list_accounts(self._principal))
        if selected is not None:
            self.select(selected.username)
        self._update_buttons()

    def select(self, username: str) -> None:
        for row in range(self.model.rowCount()):
            if self.model.row_at(row).username == username:
                self.table.selectRow(row)

    def selected(self) -> UserAccount | None:
        return selected_row(self.table, self.model)

    def _update_buttons(self) -> None:
        account = self.selected()
        for button in (self.edit_button, self.active_button, self.reset_button):
            button.setEnabled(account is not None)
        reactivate = account is not None and not account.active
        self.active_button.setText(_("Reactivate") if reactivate else _("Deactivate"))
        self.active_button.setIcon(icon("reactivate" if reactivate else "deactivate"))

    def _open(self, dialog: QDialog) -> None:
        open_dialog(dialog, accepted=self.refresh)

    def new_account(self) -> None:
        dialog = NewAccountDialog(self._services, self._principal, parent=self)
        self._open(dialog)
        dialog.accepted.connect(lambda: self.select(dialog.saved.username if dialog.saved else ""))

    def edit_selected(self) -> None:
        if (account := self.selected()) is not None:
            self._open(EditAccountDialog(self._services, self._principal, account, self))

    def reset_password(self) -> None:
        if (account := self.selected()) is not None:
            self._open(ResetPasswordDialog(self._services, self._principal, account, self))

    def toggle_active(self) -> None:
        account = self.selected()
        if account is None:
            return
        if not account.active:  # a new password (and key slot) brings it back
            self._open(ReactivateDialog(self._services, self._principal, account, self))
            return
        question = _("Deactivate the account {username}? It can no longer sign in.")
        confirm(
            self,
            question.format(username=account.username),
            lambda: self._set_active(account, False),
        )

    def _set_active(self, account: UserAccount, active: bool) -> None:
        with user_errors(self):
            self._services.accounts.set_active(self._principal, account.id, active)
        self.refresh()
