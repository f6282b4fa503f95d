"""Sign-in: wrong passwords count down, the fifth locks, the right one returns the principal."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from station_desk.app import DemoLogin
from station_desk.services.container import Services
from station_desk.services.vault import Vault
from station_desk.ui.login_dialog import LoginDialog
from tests.conftest import ADMIN_PASSWORD, OFFICER_PASSWORD, SETUP
from tests.ui.helpers import click


def open_login(qtbot: QtBot, services: Services, **kwargs: object) -> LoginDialog:
    label = Vault(services.db.data_dir).label()  # type: ignore[arg-type]
    dialog = LoginDialog(services.accounts.authenticate, label, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    return dialog


def sign_in(qtbot: QtBot, dialog: LoginDialog, username: str, password: str) -> None:
    dialog.username.setText(username)
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, password)
    click(qtbot, dialog.sign_in_button)
    qtbot.waitUntil(lambda: not dialog.signing_in(), timeout=30_000)  # on a worker thread


def test_the_room_name_heads_the_dialog(qtbot: QtBot, services: Services) -> None:
    dialog = open_login(qtbot, services)
    assert SETUP.room_name in [label.text() for label in dialog.findChildren(type(dialog.error))]


def test_wrong_password_and_unknown_user_get_one_answer(qtbot: QtBot, services: Services) -> None:
    dialog = open_login(qtbot, services)
    sign_in(qtbot, dialog, "nobody-here", "not-the-password")
    unknown = dialog.error.text()
    sign_in(qtbot, dialog, "admin", "not-the-password")
    assert dialog.error.text() == unknown and "attempts left" not in unknown
    assert dialog.isVisible() and dialog.principal is None
    assert dialog.password.text() == ""


def test_right_password_returns_the_principal(qtbot: QtBot, services: Services) -> None:
    dialog = open_login(qtbot, services)
    with qtbot.waitSignal(dialog.signed_in) as signal:
        sign_in(qtbot, dialog, "admin", ADMIN_PASSWORD)
    principal = signal.args[0]
    assert principal.username == "admin" and principal.display_name == SETUP.officer_name
    assert dialog.principal == principal
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_enter_in_the_password_field_signs_in(qtbot: QtBot, services: Services) -> None:
    dialog = open_login(qtbot, services, username="admin")
    assert dialog.username.text() == "admin"
    qtbot.keyClicks(dialog.password, ADMIN_PASSWORD)
    with qtbot.waitSignal(dialog.signed_in):
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def test_five_wrong_passwords_lock_the_account(qtbot: QtBot, services: Services) -> None:
    dialog = open_login(qtbot, services)
    for _attempt in range(5):
        sign_in(qtbot, dialog, "officer", "wrong-password")
    assert "an account is locked for 5 minutes" in dialog.error.text()
    sign_in(qtbot, dialog, "officer", OFFICER_PASSWORD)  # locked: even the right password
    assert "Wrong user name or password" in dialog.error.text()
    assert dialog.principal is None


def test_demo_login_is_shown_and_prefilled(qtbot: QtBot, services: Services) -> None:
    dialog = open_login(qtbot, services, demo_login=DemoLogin("admin", ADMIN_PASSWORD))
    assert dialog.username.text() == "admin"
    assert dialog.demo.isVisible()
    assert dialog.demo.text() == f"Demo login: admin / {ADMIN_PASSWORD}"


def test_a_message_from_before_is_shown(qtbot: QtBot, services: Services) -> None:
    dialog = open_login(qtbot, services, message="Too many wrong passwords.")
    assert dialog.error.text() == "Too many wrong passwords."
    assert not dialog.demo.isVisible()


def test_the_dialog_waits_while_signing_in(qtbot: QtBot, services: Services) -> None:
    dialog = open_login(qtbot, services)
    dialog.username.setText("admin")
    qtbot.keyClicks(dialog.password, ADMIN_PASSWORD)
    with qtbot.waitSignal(dialog.signed_in):
        click(qtbot, dialog.sign_in_button)
        assert dialog.signing_in() and dialog.error.text() == "Signing in…"
        assert not dialog.password.isEnabled() and not dialog.sign_in_button.isEnabled()
        dialog.reject()  # Quit (or Esc) waits for the answer
        assert dialog.isVisible()
    assert not dialog.signing_in() and dialog.result() == QDialog.DialogCode.Accepted
