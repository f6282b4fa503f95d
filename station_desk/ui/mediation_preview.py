"""The print preview of the mediation documents (agreement, record, register).

`PdfPreviewDialog` is written for the meeting documents; `MediationPreviewDialog` reuses its
view, navigation, zoom and printing, and takes instead a `produce(language) -> bytes` job and
the case (or None for the register) that `services.mediation.record_print` audits.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from types import SimpleNamespace

from PySide6.QtCore import QBuffer, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from station_desk import i18n
from station_desk.domain.accounts import Principal
from station_desk.domain.mediation import MediationDocument
from station_desk.errors import StorageError, ValidationError
from station_desk.i18n import _
from station_desk.services.container import Services
from station_desk.ui.errors import user_errors
from station_desk.ui.pdf_preview import (
    PdfPreviewDialog,
    last_folder,
    print_pages,
    remember_folder,
    run_in_background,
)

Producer = Callable[[str], bytes]


def suggested_name(
    document: MediationDocument, ident: str, when: date, suffix: str = ".pdf"
) -> str:
    from station_desk.reports.base import document_filename

    return document_filename(document.label, ident, when)[: -len(".pdf")] + suffix


def save_document(
    services: Services,
    principal: Principal,
    case_id: str | None,
    document: MediationDocument,
    data: bytes,
    path: Path,
    details: Mapping[str, object] | None = None,
) -> Path:
    """Write `data` to `path` through a temporary file; audited before the file appears."""
    target = Path(path).expanduser()
    if target.is_dir():
        raise ValidationError(
            "path", _("{path} is a folder; choose a file name.").format(path=target)
        )
    try:
        handle, name = tempfile.mkstemp(prefix=".station-desk-", dir=target.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
    except OSError as exc:
        raise StorageError(_("The file could not be written: {path}").format(path=target)) from exc
    try:
        services.mediation.record_print(
            principal, case_id, document, "save", str(target.resolve()), details
        )
        os.replace(name, target)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return target


class MediationPreviewDialog(PdfPreviewDialog):
    """Preview of one mediation document with Print… and Save as PDF…."""

    def __init__(
        self,
        services: Services,
        principal: Principal,
        document: MediationDocument,
        title: str,
        produce: Producer,
        case_id: str | None,
        filename: str,
        details: Mapping[str, object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        QDialog.__init__(self, parent)
        self._services = services
        self._principal = principal
        self.document_kind = MediationDocument(document)
        self.meeting = SimpleNamespace(id=case_id, title=title)  # what the base class prints
        self._produce = produce
        self._case_id = case_id
        self._filename = filename
        self._details = dict(details or {})
        self.data = b""
        self._busy = False
        self._buffer = QBuffer(self)
        self.pdf = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.pdf)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.page_label = QLabel()
        self.message = QLabel(_("Preparing the document…"))
        self.setWindowTitle(
            _("{document} — {title}").format(document=self.document_kind.label, title=title)
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self._toolbar())
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)
        self.view.pageNavigator().currentPageChanged.connect(self._show_page_number)
        self.pdf.pageCountChanged.connect(self._show_page_number)
        self._fit_screen()
        self._set_ready(False)
        self.generate()

    def generate(self) -> None:
        produce, language = self._produce, i18n.current_language()
        self._set_busy(True)
        run_in_background(lambda: produce(language), self._generated, self._generation_failed)

    def print_to(self, printer: QPrinter) -> bool:
        with user_errors(self):
            target = printer.printerName() or printer.outputFileName()
            self._services.mediation.record_print(
                self._principal, self._case_id, self.document_kind, "print", target, self._details
            )
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                print_pages(self.pdf, printer)
            finally:
                QGuiApplication.restoreOverrideCursor()
            return True
        return False

    def suggested_path(self) -> str:
        return str(Path(last_folder()) / self._filename)

    def save_to(self, path: Path) -> bool:
        with user_errors(self):
            saved = save_document(
                self._services,
                self._principal,
                self._case_id,
                self.document_kind,
                self.data,
                path,
                self._details,
            )
            remember_folder(saved.parent)
            self.message.setText(_("Saved: {path}").format(path=saved))
            self.message.show()
            return True
        return False
