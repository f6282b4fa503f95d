"""The recovery key in the window: a typo is named, a right key sets a new admin password."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from station_desk.services.vault import Vault
from station_desk.ui.recovery_dialogs import RecoverDialog
from tests.conftest import SETUP
from tests.ui.helpers import click


def test_recover_with_the_key_sets_a_new_admin_password(qtbot: QtBot, tmp_path: Path) -> None:
    data_dir = tmp_path / "room"
    room = Vault(data_dir).open_new()
    room.services.accounts.complete_setup(SETUP)
    room.services.close()
    dialog = RecoverDialog(Vault(data_dir))
    qtbot.addWidget(dialog)
    dialog.show()
    groups = room.recovery_key.split("-")
    # a wrong check character: always a typo (a changed data character keeps its check
    # character valid one time in 32)
    groups[1] = groups[1][:-1] + ("0" if groups[1][-1] != "0" else "1")
    dialog.recovery_key.setText("-".join(groups))
    dialog.username.setText("admin")
    dialog.password.setText("Recovered-2026")
    dialog.repeat.setText("Recovered-2026")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    click(qtbot, ok)
    assert "Group 2" in dialog.form.error_text("recovery_key")
    assert dialog.opened is None
    dialog.recovery_key.setText(room.recovery_key.lower())
    click(qtbot, ok)
    assert dialog.opened is not None
    services, principal = dialog.opened
    services.close()
    assert principal.username == "admin"
    again, _admin = Vault(data_dir).sign_in("admin", "Recovered-2026")
    again.close()
