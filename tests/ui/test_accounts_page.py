"""The accounts page: create through the dialog, errors at fields, edit, deactivate, reset."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from station_desk.domain.accounts import Principal
from station_desk.domain.roles import Role
from station_desk.errors import AuthenticationError
from station_desk.services.container import Services
from station_desk.ui.accounts.dialogs import (
    EditAccountDialog,
    NewAccountDialog,
    ReactivateDialog,
    ResetPasswordDialog,
)
from station_desk.ui.accounts.page import AccountsPage
from tests.conftest import AUX_PASSWORD
from tests.ui.helpers import TypeText, click, open_message_box

NEW_PASSWORD = "Volunteer-pass-9"


@pytest.fixture
def page(qtbot: QtBot, services: Services, admin: Principal) -> AccountsPage:
    page = AccountsPage(services, admin)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    with qtbot.waitExposed(page):
        page.show()
    return page


def usernames(page: AccountsPage) -> list[str]:
    return [page.model.row_at(row).username for row in range(page.model.rowCount())]


def open_new_dialog(qtbot: QtBot, page: AccountsPage) -> NewAccountDialog:
    click(qtbot, page.new_button)
    dialog = page.findChild(NewAccountDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def fill_new(dialog: NewAccountDialog, type_text: TypeText, username: str, repeat: str) -> None:
    type_text(dialog.username, username)
    type_text(dialog.display_name, "赵小红")
    type_text(dialog.badge_number, "F0301")
    dialog.role.setCurrentIndex(dialog.role.findData(Role.AUXILIARY.value))
    type_text(dialog.password, NEW_PASSWORD)
    type_text(dialog.repeat, repeat)


def press_ok(qtbot: QtBot, dialog: NewAccountDialog) -> None:
    click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Ok))


def test_lists_the_accounts(page: AccountsPage) -> None:
    assert usernames(page) == ["admin", "officer", "aux"]
    header = page.model.headerData(0, Qt.Orientation.Horizontal)
    assert header == "User name"
    assert page.model.index(2, 3).data() == "Auxiliary police"


def test_model_is_consistent(qtmodeltester, page: AccountsPage) -> None:
    qtmodeltester.check(page.model)


def test_creating_an_account_through_the_dialog(
    qtbot: QtBot, page: AccountsPage, services: Services, type_text: TypeText
) -> None:
    dialog = open_new_dialog(qtbot, page)
    fill_new(dialog, type_text, "zhaoxh", NEW_PASSWORD)
    press_ok(qtbot, dialog)

    assert not dialog.isVisible()
    assert usernames(page)[-1] == "zhaoxh"
    assert page.selected() is not None and page.selected().username == "zhaoxh"
    created = services.accounts.authenticate("zhaoxh", NEW_PASSWORD)
    assert created.display_name == "赵小红" and created.role == Role.AUXILIARY


def test_new_account_errors_show_at_their_fields(
    qtbot: QtBot, page: AccountsPage, type_text: TypeText
) -> None:
    dialog = open_new_dialog(qtbot, page)
    fill_new(dialog, type_text, "aux", "Different-pass-1")
    press_ok(qtbot, dialog)
    assert "do not match" in dialog.form.error_text("repeat")

    dialog.repeat.setText(NEW_PASSWORD)
    press_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert "already taken" in dialog.form.error_text("username")
    assert dialog.form.error_text("repeat") == ""
    assert usernames(page) == ["admin", "officer", "aux"]


def test_deactivating_asks_first_then_reactivating(
    qtbot: QtBot, page: AccountsPage, services: Services
) -> None:
    page.select("aux")
    assert page.active_button.text() == "Deactivate"
    click(qtbot, page.active_button)
    box = open_message_box(page)
    assert "aux" in box.text()
    click(qtbot, box.button(QMessageBox.StandardButton.No))
    assert services.accounts.authenticate("aux", AUX_PASSWORD).username == "aux"

    click(qtbot, page.active_button)
    click(qtbot, open_message_box(page).button(QMessageBox.StandardButton.Yes))
    assert page.selected().active is False
    assert page.active_button.text() == "Reactivate"
    with pytest.raises(AuthenticationError):
        services.accounts.authenticate("aux", AUX_PASSWORD)

    click(qtbot, page.active_button)  # reactivating asks for a new password (a new key slot)
    dialog = page.findChild(ReactivateDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.password.setText("Reactivated-2026")
    dialog.repeat.setText("Reactivated-2026")
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    assert page.selected().active is True
    assert services.accounts.authenticate("aux", "Reactivated-2026").username == "aux"


def test_deactivating_oneself_is_refused_with_a_message(qtbot: QtBot, page: AccountsPage) -> None:
    page.select("admin")
    click(qtbot, page.active_button)
    click(qtbot, open_message_box(page).button(QMessageBox.StandardButton.Yes))
    assert "your own account" in open_message_box(page).text()
    assert page.selected().active is True


def test_editing_an_account(
    qtbot: QtBot, page: AccountsPage, services: Services, admin: Principal, type_text: TypeText
) -> None:
    page.select("officer")
    click(qtbot, page.edit_button)
    dialog = page.findChild(EditAccountDialog)
    dialog.display_name.clear()
    type_text(dialog.display_name, "李明亮")
    dialog.role.setCurrentIndex(dialog.role.findData(Role.ADMIN.value))
    press_ok(qtbot, dialog)
    account = next(a for a in services.accounts.list_accounts(admin) if a.username == "officer")
    assert (account.display_name, account.role) == ("李明亮", Role.ADMIN)
    assert page.selected().display_name == "李明亮"


def test_resetting_a_password(
    qtbot: QtBot, page: AccountsPage, services: Services, type_text: TypeText
) -> None:
    page.select("aux")
    click(qtbot, page.reset_button)
    dialog = page.findChild(ResetPasswordDialog)
    type_text(dialog.password, "short")
    press_ok(qtbot, dialog)
    assert "at least 8" in dialog.form.error_text("password")
    dialog.password.setText(NEW_PASSWORD)
    type_text(dialog.repeat, NEW_PASSWORD)
    press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert services.accounts.authenticate("aux", NEW_PASSWORD).username == "aux"


def test_double_click_opens_the_edit_dialog(qtbot: QtBot, page: AccountsPage) -> None:
    index = page.model.index(1, 0)
    centre = page.table.visualRect(index).center()
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    dialog = page.findChild(EditAccountDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "Edit account officer"


def test_buttons_need_a_selection(page: AccountsPage) -> None:
    page.table.clearSelection()
    assert not page.edit_button.isEnabled()
    assert not page.reset_button.isEnabled()
    assert page.new_button.isEnabled()


def test_columns_fit_their_contents_and_the_name_takes_the_rest(page: AccountsPage) -> None:
    header = page.table.horizontalHeader()
    last_sign_in = header.count() - 1
    assert header.sectionSize(last_sign_in) < 250  # a time, not the rest of the page
    assert header.sectionSize(1) == max(header.sectionSize(c) for c in range(header.count()))
