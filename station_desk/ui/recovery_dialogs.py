"""The recovery key on screen (恢复密钥): shown once after the first-run setup or the
conversion to an encrypted database, with its one-page sheet to print; and the dialog that
uses it to give an administrator a new password when no password works any more.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_desk import i18n
from station_desk.domain.accounts import Principal, check_new_password
from station_desk.i18n import _
from station_desk.services.container import Services
from station_desk.services.vault import RoomLabel, Vault, recovery_sheet_pdf, save_private_file
from station_desk.ui.icons import icon
from station_desk.ui.widgets.dialogs import open_dialog
from station_desk.ui.widgets.forms import FormDialog, check_repeat, password_edit


class RecoveryKeyDialog(QDialog):
    """Shows the recovery key once; Continue is enabled when the officer confirms having
    printed or written it down."""

    def __init__(
        self, recovery_key: str, label: RoomLabel, principal: Principal, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.recovery_key = recovery_key
        self._label = label
        self._principal = principal
        self.setWindowTitle(_("Recovery key — write it down now"))
        self.setWindowIcon(icon("app"))
        intro = QLabel(
            _(
                "The room's database is encrypted. If every administrator password is lost, "
                "only this recovery key can open it. It is shown only now: print the sheet "
                "(or write the key down) and keep it in the station safe, away from this PC."
            )
        )
        intro.setWordWrap(True)
        groups = recovery_key.split("-")
        self.key_label = QLabel("-".join(groups[:4]) + "-\n" + "-".join(groups[4:]))
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(15)
        font.setBold(True)
        self.key_label.setFont(font)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.print_button = QPushButton(icon("print"), _("Save the recovery sheet to print…"))
        self.print_button.clicked.connect(self.preview_sheet)
        self.saved_label = QLabel()
        self.confirmed = QCheckBox(_("I have printed or written down the recovery key"))
        buttons = QDialogButtonBox()
        self.continue_button = buttons.addButton(_("Continue"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.continue_button.setEnabled(False)
        self.confirmed.toggled.connect(self.continue_button.setEnabled)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        for widget in (intro, self.key_label, self.print_button, self.saved_label, self.confirmed, buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(560)

    def sheet(self, language: str | None = None) -> bytes:
        return recovery_sheet_pdf(
            self.recovery_key,
            self._label,
            self._principal.display_name,
            language or i18n.current_language(),
        )

    def preview_sheet(self) -> QDialog:
        """Save the one-page sheet as a PDF (readable by its owner only) to print it."""
        from PySide6.QtWidgets import QFileDialog

        from station_desk.ui.widgets.preview import last_folder

        suggested = str(Path(last_folder()) / "recovery_key.pdf")
        dialog = QFileDialog(self, _("Save as PDF"), suggested, _("PDF files (*.pdf)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.selectFile(suggested)
        dialog.fileSelected.connect(lambda name: self.save_sheet(Path(name)))
        return open_dialog(dialog)

    def save_sheet(self, path: Path) -> Path:
        saved = save_private_file(self.sheet(), path)
        self.saved_label.setText(_("Saved: {path}").format(path=saved))
        return saved

    def reject(self) -> None:
        """Esc does not skip the key: only Continue (after confirming) closes the dialog."""


class RecoverDialog(FormDialog):
    """Recovery key + administrator + new password; `opened` holds the signed-in result."""

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(_("Use the recovery key"), parent)
        self._vault = vault
        self.opened: tuple[Services, Principal] | None = None
        self.recovery_key = self.form.add_field("recovery_key", QLineEdit())
        self.username = self.form.add_field("username", QLineEdit())
        self.password = self.form.add_field("password", password_edit())
        self.repeat = self.form.add_field("repeat", password_edit())
        self.recovery_key.setPlaceholderText("XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX")
        self.form.set_labels(
            recovery_key=_("Recovery key:"),
            username=_("Administrator:"),
            password=_("New password:"),
            repeat=_("New password again:"),
        )
        self.setMinimumWidth(560)

    def save(self) -> None:
        check_new_password(self.password.text())
        check_repeat(self.password.text(), self.repeat.text())
        self.opened = self._vault.reset_with_recovery(
            self.recovery_key.text(), self.username.text(), self.password.text()
        )


