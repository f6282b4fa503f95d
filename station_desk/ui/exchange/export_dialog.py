"""The export dialog (导出到U盘): target, period, what to include, passphrase; then progress
with Cancel, and the result summary or the error — the dialog stays open either way, so
nothing typed is lost.

The export runs on the thread pool (`widgets.jobs.run_with_progress`): the
service reports progress through a signal and polls a `threading.Event` that Cancel (or
closing the dialog) sets. `ProgressPanel` is shared with the backup dialog.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from station_desk.domain.accounts import Principal
from station_desk.domain.roles import Permission
from station_desk.domain.youth import MAX_PURPOSE
from station_desk.errors import StationDeskError, ValidationError
from station_desk.exchange.crypto import check_passphrase
from station_desk.i18n import N_, _, ngettext
from station_desk.services.container import Services
from station_desk.services.export import (
    ExportRequest,
    ExportResult,
    needs_passphrase,
    stated_purpose,
)
from station_desk.ui.errors import show_crash
from station_desk.ui.icons import icon
from station_desk.ui.widgets.dialogs import ServiceDialog, add_action, close_box, confirm
from station_desk.ui.widgets.drive_picker import DrivePicker, data_size
from station_desk.ui.widgets.forms import ERROR_STYLE, FieldForm, password_edit
from station_desk.ui.widgets.inputs import date_edit, day_of
from station_desk.ui.widgets.jobs import CancelFn, ProgressFn, run_with_progress
from station_desk.ui.widgets.layouts import lay_out


class ProgressPanel(QWidget):
    """Progress bar, the current step, Cancel, and the result (or error) text."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.step = QLabel()
        self.step.setMinimumHeight(self.step.fontMetrics().height())  # no jump when shown
        self.cancel_button = QPushButton(icon("cancel"), _("Cancel"))
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.result = QPlainTextEdit()
        self.result.setReadOnly(True)
        self.result.setMinimumHeight(110)
        self.result.setPlaceholderText(_("The result will be shown here."))
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        lay_out(self, row, self.step, (self.result, 1), margin=0)
        self.set_running(False)

    def set_running(self, running: bool) -> None:
        self.cancel_button.setEnabled(running)
        if running:
            self.bar.setRange(0, 0)  # busy until the first step is reported
            self.result.clear()
            self.result.setStyleSheet("")

    def report(self, step: int, total: int, label: str) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(step)
        self.step.setText(label)

    def show_result(self, text: str) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.result.setStyleSheet("")
        self.result.setPlainText(text)

    def show_failure(self, message: str) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.step.setText(_("Not finished."))
        self.result.setStyleSheet(ERROR_STYLE)
        self.result.setPlainText(message)


class PassphraseFields:
    """The passphrase typed twice, checked at the form's fields before any work starts."""

    def __init__(self, form: FieldForm) -> None:
        self.first = form.add_field("passphrase", password_edit())
        self.second = form.add_field("passphrase_repeat", password_edit())
        form.set_labels(passphrase=_("Passphrase:"), passphrase_repeat=_("Passphrase again:"))
        assert isinstance(self.first, QLineEdit) and isinstance(self.second, QLineEdit)
        self.first.setPlaceholderText(_("At least 8 characters; tell it to the station apart"))

    def value(self, required: bool) -> str | None:
        """The passphrase (None when not required and not typed); raises ValidationError."""
        first, second = self.first.text(), self.second.text()
        if not first and not second and not required:
            return None
        if not first:
            raise ValidationError("passphrase", _("Type a passphrase to encrypt the files."))
        if first != second:
            raise ValidationError("passphrase_repeat", _("The two passphrases do not match."))
        return check_passphrase(first)


def last_month(today: date) -> tuple[date, date]:
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def export_summary(result: ExportResult) -> str:
    """The result as the officer reads it: where, which files, encrypted or not, records."""
    lines = [
        _("Export finished."),
        _("Folder: {path}").format(path=result.folder),
        _("Encrypted with the passphrase") if result.encrypted else _("Not encrypted"),
        "",
        _("Files:"),
    ]
    for item in result.files:
        state = _("encrypted") if item.encrypted else _("not encrypted")
        lines.append(f"  {item.name} — {data_size(item.size)} ({state})")
    lines += ["", _("Records: {n}").format(n=result.records)]
    counts = sorted(result.record_counts.items())
    lines += [f"  {table}: {count}" for table, count in counts if count]  # tables with records
    for skipped in result.skipped:
        lines.append(_("Not included: {what}").format(what=skipped))
    if result.leftovers_removed:
        lines.append(
            ngettext(
                "Removed {n} unfinished earlier export from the target.",
                "Removed {n} unfinished earlier exports from the target.",
                len(result.leftovers_removed),
            ).format(n=len(result.leftovers_removed))
        )
    return "\n".join(lines)


class JobDialog(ServiceDialog):
    """A dialog that runs one long job (an export, a backup) off the GUI thread with a
    progress panel and Cancel; its `inputs` are locked while it runs, and it stays open after.
    Subclasses have a `form` and `inputs`, then `add_job_controls()` and `start()`."""

    failed = Signal(str)
    failure_text = ""  # shown for an unexpected failure

    form: FieldForm
    inputs: QWidget
    start_button: QAbstractButton
    panel: ProgressPanel
    _cancel: threading.Event | None = None

    def add_job_controls(self, start_text: str, icon_name: str) -> None:
        """The progress panel, and Close with the button that starts the job (the default)."""
        self.panel = ProgressPanel()
        self.panel.cancel_requested.connect(self.cancel)
        self.buttons = close_box(self)
        self.start_button = add_action(self.buttons, start_text, icon_name, self.start)
        self.start_button.setDefault(True)
        self.inputs.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def start(self) -> bool:
        """Check the form and start the job off the GUI thread; False if not started."""
        raise NotImplementedError

    def is_running(self) -> bool:
        return self._cancel is not None

    def run(self, work: Callable[[ProgressFn, CancelFn], object]) -> None:
        self._set_running(True)
        self._cancel = run_with_progress(work, self.panel.report, self._finished, self._failed)

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self.panel.cancel_button.setEnabled(False)
            self.panel.step.setText(_("Cancelling…"))

    def _set_running(self, running: bool) -> None:
        self.inputs.setEnabled(not running)
        self.start_button.setEnabled(not running)
        self.panel.set_running(running)
        if not running:
            self._cancel = None

    def _finished(self, result: object) -> None:
        raise NotImplementedError

    def _failed(self, error: object) -> None:
        self._set_running(False)
        if isinstance(error, ValidationError) and self.form.show_error(error.field, error.message):
            self.panel.show_failure(error.message)
        elif isinstance(error, StationDeskError):
            self.panel.show_failure(str(error))
        elif isinstance(error, BaseException):
            self.panel.show_failure(_(self.failure_text))
            show_crash(type(error), error, error.__traceback__)
        self.failed.emit(self.panel.result.toPlainText())

    def reject(self) -> None:
        if self.is_running():  # Escape or Close while running: cancel first, stay open
            self.cancel()
            return
        super().reject()

    def done(self, result: int) -> None:
        if self._cancel is not None:  # closed from outside (sign-out, idle lock)
            self._cancel.set()
        super().done(result)


class ExportDialog(JobDialog):
    """Export to a USB stick or folder; emits `finished_export(result)` or `failed(message)`."""

    finished_export = Signal(object)
    failure_text = N_("The export failed unexpectedly.")

    def __init__(
        self,
        services: Services,
        principal: Principal,
        parent: QWidget | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(services, principal, _("Export to USB"), "export", parent)
        self.export_result: ExportResult | None = None
        self.form = FieldForm()
        self.inputs = QWidget()
        self.inputs.setLayout(self.form)
        self.picker = self.form.add_field("target", DrivePicker(), "target_dir")
        start, end = last_month(today or date.today())
        self.date_from = self.form.add_field("date_from", self._date_edit(start))
        self.date_to = self.form.add_field("date_to", self._date_edit(end))
        self.documents = QCheckBox(_("Documents (PDF)"))
        self.registers = QCheckBox(_("Registers (Excel .xlsx)"))
        self.package = QCheckBox(_("Data package for the station"))
        self.sealed: QCheckBox | None = None
        self.purpose: QLineEdit | None = None
        what = QWidget()
        column = QVBoxLayout(what)
        column.setContentsMargins(0, 0, 0, 0)
        for box in (self.documents, self.registers, self.package):
            box.setChecked(True)
            column.addWidget(box)
        if principal.can(Permission.EXPORT_SEALED):
            self.sealed = QCheckBox(_("Include sealed youth-guidance records"))
            column.addWidget(self.sealed)
        self.form.add_field("include", what)
        if self.sealed is not None:
            self.purpose = QLineEdit()
            self.purpose.setMaxLength(MAX_PURPOSE)
            self.purpose.setPlaceholderText(
                _("Why the sealed records are exported (recorded in the audit trail)")
            )
            self.purpose.setEnabled(False)
            self.sealed.toggled.connect(self._sealed_toggled)
            self.form.add_field("purpose", self.purpose)
            self.form.set_label("purpose", _("Purpose:"))
        self.passphrase = PassphraseFields(self.form)
        self.plain_pdfs = QCheckBox(_("Leave PDFs unencrypted for the station's printer"))
        self.plain_pdfs.toggled.connect(self._plain_toggled)
        self.form.add_field("leave_pdfs_plain", self.plain_pdfs)
        self.form.set_labels(
            target=_("Target:"),
            date_from=_("From:"),
            date_to=_("To:"),
            include=_("Include:"),
            leave_pdfs_plain="",
        )
        self.add_job_controls(_("Export"), "export")
        lay_out(self, self.inputs, (self.panel, 1), self.buttons)
        self.setMinimumWidth(620)
        self.resize(660, 640)

    @staticmethod
    def _date_edit(day: date) -> QDateEdit:
        return date_edit(day)

    def _sealed_toggled(self, checked: bool) -> None:
        assert self.purpose is not None
        self.purpose.setEnabled(checked)  # what was typed stays, should it be ticked again

    def _plain_toggled(self, checked: bool) -> None:
        if not checked:
            return
        self.plain_pdfs.blockSignals(True)
        self.plain_pdfs.setChecked(False)  # only once the officer has confirmed
        self.plain_pdfs.blockSignals(False)
        confirm(
            self,
            _(
                "The PDFs hold personal data of residents. Unencrypted, anyone who finds the "
                "USB stick can read them. Leave the PDFs unencrypted anyway?"
            ),
            self._confirm_plain,
        )

    def _confirm_plain(self) -> None:
        self.plain_pdfs.blockSignals(True)
        self.plain_pdfs.setChecked(True)
        self.plain_pdfs.blockSignals(False)

    # -- running ---------------------------------------------------------------------------
    def request(self) -> ExportRequest:
        """The request from the form; raises ValidationError for a field."""
        target = self.picker.target()
        if target is None:
            raise ValidationError("target", _("Choose a USB stick or a folder."))
        request = ExportRequest(
            target_dir=target,
            date_from=day_of(self.date_from),
            date_to=day_of(self.date_to),
            include_documents=self.documents.isChecked(),
            include_registers=self.registers.isChecked(),
            include_data_package=self.package.isChecked(),
            include_sealed=self.sealed is not None and self.sealed.isChecked(),
            leave_pdfs_plain=self.plain_pdfs.isChecked(),
            volume=self.picker.chosen_volume(),
        )
        if request.include_sealed and self.purpose is not None:
            request = replace(request, purpose=self.purpose.text())
        if request.date_to < request.date_from:
            raise ValidationError("date_to", _("The end of the period is before its start."))
        if not (
            request.include_documents or request.include_registers or request.include_data_package
        ):
            raise ValidationError("include", _("Choose at least one thing to export."))
        stated_purpose(request)
        passphrase = self.passphrase.value(needs_passphrase(request))
        return replace(request, passphrase=passphrase)

    def start(self) -> bool:
        """Check the form and start the export off the GUI thread; False if not started."""
        if self.is_running():
            return False
        self.form.clear_errors()
        try:
            request = self.request()
        except ValidationError as exc:
            self.form.show_error(exc.field, exc.message)
            return False
        service, principal = self._services.export, self._principal
        self.run(lambda progress, cancelled: service.export(principal, request, progress, cancelled))
        return True

    def _finished(self, result: object) -> None:
        self._set_running(False)
        assert isinstance(result, ExportResult)
        self.export_result = result
        self.panel.show_result(export_summary(result))
        self.finished_export.emit(result)
