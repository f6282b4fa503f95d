"""The order of screens: wizard on first run, sign-in, main window, back to sign-in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from station_desk.domain.audit import AuditAction, AuditFilter
from station_desk.services.container import Services
from station_desk.services.vault import Vault
from station_desk.ui.flow import AppFlow
from station_desk.ui.login_dialog import LoginDialog
from station_desk.ui.main_window import MainWindow
from station_desk.ui.setup_wizard import SetupWizard
from tests.conftest import ADMIN_PASSWORD, SETUP
from tests.ui.helpers import RECORD_PAGES, click

SIGN_IN_TIMEOUT_MS = 60_000  # it runs on a worker thread; converting a database takes seconds


class Flow:
    """An AppFlow whose quit is recorded instead of ending the test's event loop."""

    def __init__(self, qtbot: QtBot, services: Services, data_dir: Path) -> None:
        self.quits: list[bool] = []
        self.flow = AppFlow(
            Vault(data_dir), data_dir, quit_app=lambda: self.quits.append(True), services=services
        )
        self.qtbot = qtbot

    def dialog(self) -> object:
        dialog = self.flow.dialog
        assert dialog is not None and shiboken6.isValid(dialog)
        return dialog

    def sign_in(self, password: str = ADMIN_PASSWORD) -> MainWindow:
        login = self.dialog()
        assert isinstance(login, LoginDialog) and login.isVisible()
        login.username.setText("admin")
        self.qtbot.keyClicks(login.password, password)
        click(self.qtbot, login.sign_in_button)
        self.qtbot.waitUntil(lambda: not login.signing_in(), timeout=SIGN_IN_TIMEOUT_MS)
        window = self.flow.window
        assert window is not None and window.isVisible()
        return window

    def close(self) -> None:
        """Close what the flow left open (its dialogs delete themselves when closed)."""
        for widget in (self.flow.dialog, self.flow.window):
            if widget is not None and shiboken6.isValid(widget):
                widget.close()


@pytest.fixture
def flow(qtbot: QtBot, services: Services, data_dir: Path) -> Iterator[Flow]:
    runner = Flow(qtbot, services, data_dir)
    yield runner
    runner.close()


def test_first_run_starts_with_the_wizard_then_signs_in(
    qtbot: QtBot, fresh_services: Services, data_dir: Path, request: pytest.FixtureRequest
) -> None:
    runner = Flow(qtbot, fresh_services, data_dir)
    request.addfinalizer(runner.close)
    runner.flow.start()
    wizard = runner.dialog()
    assert isinstance(wizard, SetupWizard)
    wizard.next()
    wizard.room_page.station_name.setText(SETUP.station_name)
    wizard.room_page.room_name.setText(SETUP.room_name)
    wizard.next()
    page = wizard.officer_page
    page.officer_name.setText(SETUP.officer_name)
    page.password.setText(ADMIN_PASSWORD)
    page.repeat.setText(ADMIN_PASSWORD)
    wizard.next()
    click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))

    login = runner.dialog()
    assert isinstance(login, LoginDialog)
    assert login.username.text() == "admin"
    window = runner.sign_in()
    assert window.page_keys() == ["home", *RECORD_PAGES, "accounts", "audit"]


def test_sign_out_returns_to_sign_in(flow: Flow, services: Services) -> None:
    flow.flow.start()
    window = flow.sign_in()
    window.sign_out_requested.emit("")

    assert flow.flow.window is None and not window.isVisible()
    login = flow.dialog()
    assert isinstance(login, LoginDialog) and login.isVisible()
    assert login.username.text() == "admin"
    assert flow.quits == []
    admin = services.accounts.authenticate("admin", ADMIN_PASSWORD)
    logouts = services.audit.list_entries(admin, AuditFilter(action=AuditAction.LOGOUT.value))
    assert [entry.username for entry in logouts] == ["admin"]


def test_locked_out_message_reaches_the_sign_in_dialog(flow: Flow) -> None:
    flow.flow.start()
    window = flow.sign_in()
    window.sign_out_requested.emit("Too many wrong passwords.")
    login = flow.dialog()
    assert login.error.text() == "Too many wrong passwords."


def test_closing_the_window_quits(flow: Flow) -> None:
    flow.flow.start()
    window = flow.sign_in()
    window.close()
    assert flow.quits == [True]
    assert flow.flow.window is None


def test_cancelling_sign_in_quits(flow: Flow) -> None:
    flow.flow.start()
    login = flow.dialog()
    login.reject()
    assert flow.quits == [True]


def test_first_run_shows_the_recovery_key_once_then_signs_in(
    qtbot: QtBot, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """No database yet: the wizard, then the recovery key (Continue only after confirming),
    then the sign-in window, which opens the new encrypted database."""
    from station_desk.domain import recovery_key
    from station_desk.ui.recovery_dialogs import RecoveryKeyDialog

    data_dir = tmp_path / "new-room"
    runner = Flow(qtbot, None, data_dir)  # type: ignore[arg-type]
    request.addfinalizer(runner.close)
    request.addfinalizer(lambda: runner.flow.services and runner.flow.services.close())
    runner.flow.start()
    wizard = runner.dialog()
    assert isinstance(wizard, SetupWizard)
    wizard.next()
    wizard.room_page.station_name.setText(SETUP.station_name)
    wizard.room_page.room_name.setText(SETUP.room_name)
    wizard.next()
    page = wizard.officer_page
    page.officer_name.setText(SETUP.officer_name)
    page.password.setText(ADMIN_PASSWORD)
    page.repeat.setText(ADMIN_PASSWORD)
    wizard.next()
    click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))

    shown = runner.dialog()
    assert isinstance(shown, RecoveryKeyDialog)
    assert len(recovery_key.parse(shown.key_label.text())) == 32
    assert not shown.continue_button.isEnabled()
    assert b"%PDF" in shown.sheet("en")[:8]
    shown.confirmed.setChecked(True)
    click(qtbot, shown.continue_button)

    window = runner.sign_in()
    assert window.principal.username == "admin"


def test_an_admin_is_told_what_the_checks_at_opening_found(
    qtbot: QtBot, services: Services, data_dir: Path, request: pytest.FixtureRequest
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from tests.integration.trust.helpers import execute

    key = services.db.key
    services.close()
    execute(data_dir, key, "UPDATE users SET role = 'admin' WHERE username = 'aux'")
    runner = Flow(qtbot, None, data_dir)  # type: ignore[arg-type]
    request.addfinalizer(runner.close)
    request.addfinalizer(lambda: runner.flow.services and runner.flow.services.close())
    runner.flow.start()
    window = runner.sign_in()
    boxes = [box for box in window.findChildren(QMessageBox) if box.isVisible()]
    assert boxes and "account aux: the role is admin" in boxes[0].text()
    boxes[0].close()


def test_a_plain_database_is_encrypted_when_an_admin_signs_in(
    qtbot: QtBot, data_dir: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    """The first start after the upgrade: the sign-in window explains the conversion, an
    officer is refused, the admin's sign-in encrypts, then the recovery key is shown once."""
    from station_desk.db.engine import is_plain_sqlite
    from station_desk.paths import database_path
    from station_desk.ui.recovery_dialogs import RecoveryKeyDialog
    from tests.integration.trust.helpers import make_plain_room

    make_plain_room(data_dir, monkeypatch)
    runner = Flow(qtbot, None, data_dir)  # type: ignore[arg-type]
    request.addfinalizer(runner.close)
    request.addfinalizer(lambda: runner.flow.services and runner.flow.services.close())
    runner.flow.start()
    login = runner.dialog()
    assert isinstance(login, LoginDialog) and "encrypts the database" in login.intro.text()
    login.username.setText("officer")
    qtbot.keyClicks(login.password, "Officer-pass-2026")
    click(qtbot, login.sign_in_button)
    qtbot.waitUntil(lambda: not login.signing_in(), timeout=SIGN_IN_TIMEOUT_MS)
    assert "administrator" in login.error.text() and is_plain_sqlite(database_path(data_dir))
    login.username.setText("admin")
    login.password.clear()
    qtbot.keyClicks(login.password, ADMIN_PASSWORD)
    click(qtbot, login.sign_in_button)
    qtbot.waitUntil(lambda: not login.signing_in(), timeout=SIGN_IN_TIMEOUT_MS)
    shown = runner.dialog()
    assert isinstance(shown, RecoveryKeyDialog)
    assert not is_plain_sqlite(database_path(data_dir))
    shown.confirmed.setChecked(True)
    click(qtbot, shown.continue_button)
    window = runner.flow.window
    assert window is not None and window.isVisible() and window.principal.username == "admin"
