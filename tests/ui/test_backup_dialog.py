"""The backup dialog: an encrypted backup on a real folder, errors at the fields, history."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from station_desk.domain.accounts import Principal
from station_desk.exchange.crypto import KdfParams
from station_desk.services.container import Services
from station_desk.ui.exchange.backup_dialog import BackupDialog
from station_desk.ui.exchange.history import ExchangeHistoryDialog
from tests.ui.helpers import click

PASSPHRASE = "Station-pass-2026"
TIMEOUT = 30_000


@pytest.fixture(autouse=True)
def _light_kdf(services: Services) -> None:
    services.backup.kdf = KdfParams(time_cost=1, memory_cost=8 * 1024, parallelism=1)


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


def make_dialog(qtbot: QtBot, services: Services, user: Principal, target: Path) -> BackupDialog:
    dialog = BackupDialog(services, user)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.picker.set_folder(target)
    return dialog


def test_backup_writes_an_encrypted_file_and_shows_its_path(
    qtbot: QtBot, services: Services, admin: Principal, usb: Path
) -> None:
    dialog = make_dialog(qtbot, services, admin, usb)
    dialog.passphrase.first.setText(PASSPHRASE)
    dialog.passphrase.second.setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.finished_backup, timeout=TIMEOUT):
        click(qtbot, dialog.start_button)
    path = dialog.backup_path
    assert path is not None and path.is_file() and path.suffix == ".sdbackup"
    assert path.parent.parent == usb and (path.parent / "manifest.json").is_file()
    assert str(path) in dialog.panel.result.toPlainText()
    assert dialog.isVisible()

    history = ExchangeHistoryDialog(services, admin)
    qtbot.addWidget(history)
    when, user, what, target = history.row_texts(0)
    assert user == "admin" and what == "Backup" and str(usb) in target


def test_passphrase_errors_are_shown_at_the_fields(
    qtbot: QtBot, services: Services, admin: Principal, usb: Path
) -> None:
    dialog = make_dialog(qtbot, services, admin, usb)
    assert not dialog.start()
    assert "Type a passphrase" in dialog.form.error_text("passphrase")
    dialog.passphrase.first.setText(PASSPHRASE)
    dialog.passphrase.second.setText("something else")
    assert not dialog.start()
    assert "do not match" in dialog.form.error_text("passphrase_repeat")
    assert list(usb.iterdir()) == []


def test_a_missing_target_is_reported(
    qtbot: QtBot, services: Services, admin: Principal, tmp_path: Path
) -> None:
    gone = tmp_path / "stick"
    dialog = make_dialog(qtbot, services, admin, gone)
    dialog.passphrase.first.setText(PASSPHRASE)
    dialog.passphrase.second.setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.failed, timeout=TIMEOUT):
        assert dialog.start()
    assert "does not exist" in dialog.panel.result.toPlainText()
    assert dialog.inputs.isEnabled() and dialog.passphrase.first.text() == PASSPHRASE


def test_an_officer_cannot_start_a_backup(
    qtbot: QtBot, services: Services, officer: Principal, usb: Path
) -> None:
    """A backup holds the sealed youth-guidance records: administrators only."""
    dialog = make_dialog(qtbot, services, officer, usb)
    assert not dialog.start_button.isEnabled() and not dialog.inputs.isEnabled()
    assert "Only an administrator may back up" in dialog.panel.result.toPlainText()
    dialog.passphrase.first.setText(PASSPHRASE)
    dialog.passphrase.second.setText(PASSPHRASE)
    assert not dialog.start()
    assert list(usb.iterdir()) == []
