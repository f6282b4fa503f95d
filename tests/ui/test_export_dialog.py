"""The export dialog: real services, real folders; progress, cancel, summary, field errors,
the plain-PDF warning, the history, and who sees the File menu actions."""

from __future__ import annotations

import json
import threading
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from station_desk.domain.accounts import Principal
from station_desk.exchange.crypto import KdfParams
from station_desk.exchange.drives import Drive
from station_desk.services.container import Services
from station_desk.ui.exchange.export_dialog import ExportDialog, last_month
from station_desk.ui.exchange.history import ExchangeHistoryDialog
from station_desk.ui.widgets.drive_picker import DrivePicker, drive_text
from tests.ui.helpers import MakeWindow, TypeText, click, open_message_box
from tests.ui.test_main_window import all_action_texts

PASSPHRASE = "Station-pass-2026"
EXPORT_ACTIONS = ["&Export to USB…", "&Backup to USB…", "Export &history…"]
TIMEOUT = 30_000


@pytest.fixture(autouse=True)
def _light_kdf(services: Services) -> None:
    """Argon2id with a small cost: the dialog is under test, not the key derivation."""
    light = KdfParams(time_cost=1, memory_cost=8 * 1024, parallelism=1)
    services.export.kdf = light
    services.backup.kdf = light


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


def make_dialog(qtbot: QtBot, services: Services, user: Principal, usb: Path) -> ExportDialog:
    dialog = ExportDialog(services, user, today=date(2026, 12, 5))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.picker.set_folder(usb)
    return dialog


def type_passphrase(dialog: ExportDialog, first: str, second: str | None = None) -> None:
    dialog.passphrase.first.setText(first)
    dialog.passphrase.second.setText(first if second is None else second)


def exported_folders(usb: Path) -> list[Path]:
    return sorted(path for path in usb.iterdir())


def test_defaults_to_last_month_and_offers_sealed_records_to_admins_only(
    qtbot: QtBot,
    services: Services,
    admin: Principal,
    officer: Principal,
    aux: Principal,
    usb: Path,
) -> None:
    assert last_month(date(2026, 1, 15)) == (date(2025, 12, 1), date(2025, 12, 31))
    dialog = make_dialog(qtbot, services, admin, usb)
    assert dialog.date_from.date().toPython() == date(2026, 11, 1)
    assert dialog.date_to.date().toPython() == date(2026, 11, 30)
    assert dialog.sealed is not None and not dialog.sealed.isChecked()
    assert dialog.sealed.text() == "Include sealed youth-guidance records"
    assert not dialog.plain_pdfs.isChecked()
    assert dialog.picker.target() == usb
    type_passphrase(dialog, PASSPHRASE)
    assert not dialog.request().include_sealed
    assert dialog.purpose is not None and not dialog.purpose.isEnabled()
    dialog.sealed.setChecked(True)
    assert dialog.purpose.isEnabled()
    dialog.purpose.setText("移交分局核查")
    assert dialog.request().include_sealed
    assert dialog.request().purpose == "移交分局核查"
    for user in (officer, aux):  # every subject goes into the package: admin only
        other = make_dialog(qtbot, services, user, usb)
        assert other.sealed is None and other.purpose is None
        assert not other.form.knows("purpose")


def test_sealed_records_need_a_purpose_shown_at_the_field_and_audited(
    qtbot: QtBot, services: Services, admin: Principal, usb: Path, type_text: TypeText
) -> None:
    dialog = make_dialog(qtbot, services, admin, usb)
    type_passphrase(dialog, PASSPHRASE)
    assert dialog.sealed is not None and dialog.purpose is not None
    dialog.purpose.setText("typed while unticked")  # not enabled: cannot happen by hand
    assert dialog.request().purpose == ""  # ignored without sealed records
    dialog.purpose.clear()
    dialog.sealed.setFocus()
    qtbot.keyClick(dialog.sealed, Qt.Key.Key_Space)  # by keyboard
    assert dialog.sealed.isChecked() and dialog.purpose.isEnabled()
    assert not dialog.start()
    assert "State the purpose" in dialog.form.error_text("purpose")
    assert dialog.focusWidget() is dialog.purpose
    assert exported_folders(usb) == []
    type_text(dialog.purpose, "  移交分局青少年科核查 ")
    dialog.sealed.setChecked(False)  # unticked and ticked again: what was typed stays
    assert not dialog.purpose.isEnabled()
    dialog.sealed.setChecked(True)
    assert dialog.purpose.text() == "  移交分局青少年科核查 "
    with qtbot.waitSignal(dialog.finished_export, timeout=TIMEOUT):
        assert dialog.start()
    assert dialog.form.error_text("purpose") == ""
    (entry,) = services.export.history(admin)
    assert entry.details["include_sealed"] is True
    assert entry.details["purpose"] == "移交分局青少年科核查"


def test_export_writes_the_folder_and_summarises_it(
    qtbot: QtBot, services: Services, officer: Principal, usb: Path
) -> None:
    dialog = make_dialog(qtbot, services, officer, usb)
    type_passphrase(dialog, PASSPHRASE)
    steps: list[str] = []
    dialog.panel.bar.valueChanged.connect(lambda _v: steps.append(dialog.panel.step.text()))
    with qtbot.waitSignal(dialog.finished_export, timeout=TIMEOUT):
        click(qtbot, dialog.start_button)
        assert dialog.is_running() and not dialog.inputs.isEnabled()
    (folder,) = exported_folders(usb)
    assert folder.name.startswith("和平里社区警务室_") and not folder.name.endswith(".partial")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest
    summary = dialog.panel.result.toPlainText()
    assert "Export finished." in summary and str(folder) in summary
    assert "Encrypted with the passphrase" in summary
    assert dialog.export_result is not None and dialog.export_result.files
    for item in dialog.export_result.files:
        assert item.name in summary and (folder / item.name).is_file()
    assert f"Records: {dialog.export_result.records}" in summary
    assert steps and "Export finished" in steps[-1]
    assert dialog.isVisible() and dialog.inputs.isEnabled()  # stays open, nothing lost
    assert dialog.passphrase.first.text() == PASSPHRASE

    history = ExchangeHistoryDialog(services, officer)
    qtbot.addWidget(history)
    assert history.table.rowCount() == 1
    when, user, what, target = history.row_texts(0)
    assert when and user == "officer" and what == "Export"
    assert str(usb) in target and folder.name in target


def test_passphrase_mismatch_and_empty_are_shown_at_the_field(
    qtbot: QtBot, services: Services, officer: Principal, usb: Path
) -> None:
    dialog = make_dialog(qtbot, services, officer, usb)
    assert not dialog.start()
    assert "Type a passphrase" in dialog.form.error_text("passphrase")
    type_passphrase(dialog, PASSPHRASE, PASSPHRASE + "x")
    click(qtbot, dialog.start_button)
    assert not dialog.is_running()
    assert "do not match" in dialog.form.error_text("passphrase_repeat")
    assert dialog.form.error_text("passphrase") == ""
    type_passphrase(dialog, "short")
    assert not dialog.start()
    assert "at least 8" in dialog.form.error_text("passphrase")
    dialog.package.setChecked(False)
    dialog.registers.setChecked(False)
    dialog.documents.setChecked(False)
    assert not dialog.start()
    assert "at least one" in dialog.form.error_text("include")
    assert exported_folders(usb) == []


def test_plain_pdfs_need_a_confirmation(
    qtbot: QtBot, services: Services, officer: Principal, usb: Path
) -> None:
    dialog = make_dialog(qtbot, services, officer, usb)
    dialog.plain_pdfs.setChecked(True)
    box = open_message_box(dialog)
    assert "personal data" in box.text()
    assert not dialog.plain_pdfs.isChecked()
    click(qtbot, box.button(box.StandardButton.No))
    assert not dialog.plain_pdfs.isChecked()
    dialog.plain_pdfs.setChecked(True)
    box = open_message_box(dialog)
    click(qtbot, box.button(box.StandardButton.Yes))
    assert dialog.plain_pdfs.isChecked()
    # PDFs alone, left plain: no passphrase needed
    dialog.registers.setChecked(False)
    dialog.package.setChecked(False)
    with qtbot.waitSignal(dialog.finished_export, timeout=TIMEOUT):
        assert dialog.start()
    assert dialog.export_result is not None and not dialog.export_result.encrypted
    assert "Not encrypted" in dialog.panel.result.toPlainText()


def test_cancel_during_the_export_leaves_no_folder(
    qtbot: QtBot,
    services: Services,
    officer: Principal,
    usb: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reached, proceed = threading.Event(), threading.Event()
    original = services.export.export

    def export(actor, request, progress, cancelled):  # type: ignore[no-untyped-def]
        def hold(step: int, total: int, label: str) -> None:
            progress(step, total, label)
            if step == 2:  # the data package is being written: wait for the officer's click
                reached.set()
                proceed.wait(TIMEOUT / 1000)

        return original(actor, request, hold, cancelled)

    monkeypatch.setattr(services.export, "export", export)
    dialog = make_dialog(qtbot, services, officer, usb)
    type_passphrase(dialog, PASSPHRASE)
    with qtbot.waitSignal(dialog.failed, timeout=TIMEOUT):
        assert dialog.start()
        qtbot.waitUntil(reached.is_set, timeout=TIMEOUT)
        qtbot.waitUntil(lambda: dialog.panel.bar.maximum() > 0)
        click(qtbot, dialog.panel.cancel_button)
        assert "Cancelling" in dialog.panel.step.text()
        proceed.set()
    assert "Cancelled" in dialog.panel.result.toPlainText()
    assert exported_folders(usb) == []
    assert dialog.isVisible() and dialog.passphrase.second.text() == PASSPHRASE


def test_escape_while_running_cancels_instead_of_closing(
    qtbot: QtBot, services: Services, officer: Principal, usb: Path
) -> None:
    dialog = make_dialog(qtbot, services, officer, usb)
    type_passphrase(dialog, PASSPHRASE)
    with qtbot.waitSignals([dialog.failed], timeout=TIMEOUT, raising=False):
        assert dialog.start()
        dialog.reject()
        assert dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.is_running(), timeout=TIMEOUT)
    assert dialog.isVisible()


def test_a_missing_target_is_explained_and_the_dialog_stays_open(
    qtbot: QtBot, services: Services, officer: Principal, usb: Path
) -> None:
    dialog = make_dialog(qtbot, services, officer, usb)
    type_passphrase(dialog, PASSPHRASE)
    usb.rmdir()  # the stick was pulled out
    with qtbot.waitSignal(dialog.failed, timeout=TIMEOUT):
        assert dialog.start()
    assert "does not exist" in dialog.panel.result.toPlainText()
    assert dialog.isVisible() and dialog.inputs.isEnabled()


def test_the_drive_picker_lists_drives_with_space_and_file_system(
    qtbot: QtBot, tmp_path: Path
) -> None:
    stick = Drive(tmp_path, "KINGSTON", "vfat", 16 * 1024**3, 3 * 1024**3, True)
    picker = DrivePicker(drives=lambda: [stick])
    qtbot.addWidget(picker)
    assert picker.target() == tmp_path
    text = picker.combo.itemText(0)
    assert text == drive_text(stick)
    assert "KINGSTON" in text and "vfat" in text and "free" in text
    other = tmp_path / "elsewhere"
    picker.set_folder(other)
    picker.refresh()
    assert picker.target() == other and picker.combo.count() == 2
    empty = DrivePicker(drives=list)
    qtbot.addWidget(empty)
    assert empty.target() is None


def test_export_actions_only_for_users_who_may_export(
    make_window: MakeWindow, admin: Principal, officer: Principal, aux: Principal
) -> None:
    assert all(text in all_action_texts(make_window(admin)) for text in EXPORT_ACTIONS)
    officer_texts = all_action_texts(make_window(officer))  # a full backup holds sealed records
    assert [text for text in EXPORT_ACTIONS if text in officer_texts] == [
        "&Export to USB…",
        "Export &history…",
    ]
    aux_texts = all_action_texts(make_window(aux))
    assert not any(text in aux_texts for text in EXPORT_ACTIONS)


def test_the_menu_opens_the_dialogs(
    qtbot: QtBot, make_window: MakeWindow, admin: Principal
) -> None:
    window = make_window(admin)
    for dialog in (window.open_export(), window.open_backup(), window.open_exchange_history()):
        qtbot.waitExposed(dialog)
        assert dialog.isVisible() and dialog.isModal()
        dialog.reject()
