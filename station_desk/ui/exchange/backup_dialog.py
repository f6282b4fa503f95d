"""The backup dialog (备份到U盘): target and passphrase typed twice, then progress with
Cancel and the backup file's path, or the error. The work runs off the GUI thread (see
`widgets.jobs.run_with_progress`) and the dialog stays open afterwards.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QLabel,
    QWidget,
)

from station_desk.domain.accounts import Principal
from station_desk.domain.roles import Permission
from station_desk.errors import ValidationError
from station_desk.i18n import N_, _
from station_desk.services.container import Services
from station_desk.ui.exchange.export_dialog import JobDialog, PassphraseFields
from station_desk.ui.widgets.drive_picker import DrivePicker
from station_desk.ui.widgets.forms import FieldForm
from station_desk.ui.widgets.layouts import lay_out


def backup_refused_text() -> str:
    """Shown instead of the form to a user whose role may not back up."""
    return _(
        "Only an administrator may back up: a backup holds every record of the room, the "
        "sealed youth-guidance records included."
    )


class BackupDialog(JobDialog):
    """An encrypted backup of the whole database; emits `finished_backup(path)` or `failed`."""

    finished_backup = Signal(object)
    failure_text = N_("The backup failed unexpectedly.")

    def __init__(
        self, services: Services, principal: Principal, parent: QWidget | None = None
    ) -> None:
        super().__init__(services, principal, _("Backup to USB"), "backup", parent)
        self.backup_path: Path | None = None
        intro = QLabel(
            _(
                "A backup holds every record of the room, encrypted with the passphrase. "
                "Keep the passphrase apart from the USB stick: without it the backup "
                "cannot be restored."
            )
        )
        intro.setWordWrap(True)
        self.form = FieldForm()
        self.inputs = QWidget()
        self.inputs.setLayout(self.form)
        self.picker = self.form.add_field("target", DrivePicker(), "target_dir")
        self.form.set_label("target", _("Target:"))
        self.passphrase = PassphraseFields(self.form)
        self.add_job_controls(_("Back up"), "backup")
        lay_out(self, intro, self.inputs, (self.panel, 1), self.buttons)
        self.setMinimumWidth(560)
        if not principal.can(Permission.BACKUP):  # the service refuses it too (audited)
            self.inputs.setEnabled(False)
            self.start_button.setEnabled(False)
            self.panel.show_failure(backup_refused_text())

    def start(self) -> bool:
        """Check the form and start the backup off the GUI thread; False if not started."""
        if self.is_running() or not self._principal.can(Permission.BACKUP):
            return False
        self.form.clear_errors()
        try:
            target = self.picker.target()
            if target is None:
                raise ValidationError("target", _("Choose a USB stick or a folder."))
            passphrase = self.passphrase.value(required=True)
            assert passphrase is not None
        except ValidationError as exc:
            self.form.show_error(exc.field, exc.message)
            return False
        service, principal = self._services.backup, self._principal
        self.run(
            lambda progress, cancelled: service.backup_to(
                principal, target, passphrase, progress, cancelled
            )
        )
        return True

    def _finished(self, path: object) -> None:
        self._set_running(False)
        assert isinstance(path, Path)
        self.backup_path = path
        self.panel.show_result(
            "\n".join(
                (
                    _("Backup finished."),
                    _("Backup file: {path}").format(path=path),
                    _("Encrypted with the passphrase"),
                )
            )
        )
        self.finished_backup.emit(path)
