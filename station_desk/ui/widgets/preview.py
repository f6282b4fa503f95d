"""The print preview (打印预览): a generated PDF on screen, then printed or saved.

`DocumentPreviewDialog` builds the document off the GUI thread (a `QThreadPool` job; the
cursor shows it is busy; closing the preview stops the build at its next page), loads the bytes
into a `QPdfDocument` through a `QBuffer` that lives as long as the dialog, and shows them in
a `QPdfView` with page navigation and zoom. "Print…" opens the system print dialog (any
printer) and draws every page with `QPdfDocument.render()`; "Save as PDF…" asks for a file
name, starting in the folder used last time. Both are audited; looking at the preview is not.

`DocumentPreviewDialog` is the preview of every document a module prints: a `DocumentKind`
(`station_desk/documents.py`) and the `Request` it is made from, a title and the file name to
suggest. The kind builds the PDF and audits a print (before printing starts); a saved copy is
written and audited by `services/output.save_document` — the window writes no file itself.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QPointF,
    QRect,
    QSettings,
    QSize,
    QStandardPaths,
    Qt,
    Signal,
)
from PySide6.QtGui import QGuiApplication, QKeySequence, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QToolBar,
    QToolButton,
    QWidget,
)

from station_desk import i18n
from station_desk.documents import DocumentKind, Request
from station_desk.domain.accounts import Principal
from station_desk.domain.roles import Permission
from station_desk.errors import OperationCancelled, StationDeskError
from station_desk.i18n import _
from station_desk.paths import APP_AUTHOR, APP_NAME
from station_desk.services.container import Services
from station_desk.services.output import save_document
from station_desk.ui.errors import show_crash, show_error, user_errors
from station_desk.ui.icons import icon
from station_desk.ui.widgets.dialogs import ServiceDialog, delete_on_close, open_dialog
from station_desk.ui.widgets.jobs import CancelFn, ProgressFn, no_progress, run_with_progress
from station_desk.ui.widgets.layouts import lay_out

LAST_FOLDER_KEY = "pdf/last_folder"
ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.25, 4.0
MAX_PRINT_DPI = 300  # enough for a laser printer; 1200 dpi A4 pages would need ~0.5 GB each
POINTS_PER_INCH = 72


def ui_settings() -> QSettings:
    """The per-PC window settings (last folders), apart from the room's database."""
    return QSettings(APP_AUTHOR, APP_NAME)


def last_folder() -> str:
    folder = str(ui_settings().value(LAST_FOLDER_KEY, "") or "")
    if folder and Path(folder).is_dir():
        return folder
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


def remember_folder(folder: Path) -> None:
    ui_settings().setValue(LAST_FOLDER_KEY, str(folder))


def print_pages(document: QPdfDocument, printer: QPrinter) -> int:
    """Draw the printer's page range of `document` on `printer`; returns the pages printed."""
    first = max(printer.fromPage(), 1) - 1
    last = (printer.toPage() or document.pageCount()) - 1
    last = min(last, document.pageCount() - 1)
    painter = QPainter()
    if not painter.begin(printer):
        raise StationDeskError(_("The printer could not be started."))
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    try:
        for page in range(first, last + 1):
            if page > first:
                printer.newPage()
            area = painter.viewport()
            size = document.pagePointSize(page)
            scale = min(area.width() / size.width(), area.height() / size.height())
            target = QRect(0, 0, round(size.width() * scale), round(size.height() * scale))
            pixels = QSize(
                math.ceil(size.width() / POINTS_PER_INCH * dpi),
                math.ceil(size.height() / POINTS_PER_INCH * dpi),
            )
            painter.drawImage(target, document.render(page, pixels))
    finally:
        painter.end()
    return max(0, last - first + 1)


class DocumentPreviewDialog(ServiceDialog):
    """Preview of one document with Print… and Save as PDF…; `loaded` when shown.

    The kind builds the PDF (in the language shown) off the GUI thread; a print is audited
    first (an error stops it); a saved copy is written and audited by the service."""

    loaded = Signal()
    failed = Signal(str)

    def __init__(
        self,
        services: Services,
        principal: Principal,
        kind: DocumentKind,
        request: Request,
        title: str,
        filename: str,
        parent: QWidget | None = None,
    ) -> None:
        heading = _("{document} — {title}").format(document=kind.document.label, title=title)
        super().__init__(services, principal, heading, parent=parent)
        self.kind = kind
        self.request = request
        self.title = title
        self.filename = filename
        self.data: bytes = b""
        self._busy = False
        self._buffer = QBuffer(self)
        self.pdf = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.pdf)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.page_label = QLabel()
        self.message = QLabel(_("Preparing the document…"))
        lay_out(self, self._toolbar(), self.message, (self.view, 1))
        self.view.pageNavigator().currentPageChanged.connect(self._show_page_number)
        self.pdf.pageCountChanged.connect(self._show_page_number)
        self._fit_screen()
        self._set_ready(False)
        self.generate()

    # -- building --------------------------------------------------------------------------
    def _toolbar(self) -> QToolBar:
        bar = QToolBar()
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.previous_action = self._add(
            bar, _("Previous page"), "previous", self.previous_page, "PgUp"
        )
        bar.addWidget(self.page_label)
        self.next_action = self._add(bar, _("Next page"), "next", self.next_page, "PgDown")
        bar.addSeparator()
        self.zoom_out_action = self._add(bar, _("Zoom out"), "zoom-out", self.zoom_out, "Ctrl+-")
        self.zoom_in_action = self._add(bar, _("Zoom in"), "zoom-in", self.zoom_in, "Ctrl++")
        self.fit_action = self._add(bar, _("Fit width"), "fit-width", self.fit_width, "Ctrl+0")
        bar.addSeparator()
        self.print_action = self._add(bar, _("Print…"), "print", self.print_document, "Ctrl+P")
        self.save_action = self._add(bar, _("Save as PDF…"), "save-pdf", self.save_as, "Ctrl+S")
        for action in (
            self.previous_action,
            self.next_action,
            self.zoom_out_action,
            self.zoom_in_action,
            self.fit_action,
        ):
            button = bar.widgetForAction(action)
            if isinstance(button, QToolButton):
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        return bar

    def _add(
        self, bar: QToolBar, text: str, icon_name: str, slot: Callable[[], object], keys: str
    ):  # -> QAction
        action = bar.addAction(icon(icon_name), text)
        action.setShortcut(QKeySequence(keys))
        action.setToolTip(
            f"{text} ({QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)})"
        )
        action.triggered.connect(slot)
        return action

    def _fit_screen(self) -> None:
        screen = QGuiApplication.primaryScreen()
        available = screen.availableGeometry().size() if screen else QSize(1366, 728)
        self.resize(min(1000, available.width() - 40), max(480, available.height() - 60))

    # -- generating ------------------------------------------------------------------------
    def generate(self) -> None:
        """Build the PDF on the thread pool; `loaded` is emitted once it is shown. Once the
        preview is closed, the build stops at its next page (a register of 10,000 pages
        would otherwise keep a core busy for minutes)."""
        produce, language = self.produce, i18n.current_language()

        def build(_progress: ProgressFn, cancelled: CancelFn) -> bytes:
            from station_desk.reports.base import watching_pages  # reportlab: on the worker

            def page_begun(_page: int) -> None:
                if cancelled():
                    raise OperationCancelled(_("Cancelled."))

            with watching_pages(page_begun):
                return produce(language)

        self._set_busy(True)
        self._cancel = run_with_progress(
            build, no_progress, self._generated, self._generation_failed
        )

    def produce(self, language: str) -> bytes:
        """The document in `language`, as the preview shows it (built, not audited)."""
        request = replace(self.request, language=language)
        return self.kind.build(self._services, self._principal, request)

    def _generated(self, data: bytes) -> None:
        self._set_busy(False)
        self.data = data
        self._buffer.close()
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf.load(self._buffer)
        self.message.hide()
        self._set_ready(self.pdf.pageCount() > 0)
        self._show_page_number()
        self.loaded.emit()

    def _generation_failed(self, error: object) -> None:
        self._set_busy(False)
        if isinstance(error, OperationCancelled):
            return  # closed while it was built: nothing to tell
        if isinstance(error, StationDeskError):
            self.message.setText(str(error))
            self.failed.emit(str(error))
            show_error(self, error)
        elif isinstance(error, BaseException):
            self.message.setText(_("The document could not be made."))
            self.failed.emit(str(error))
            show_crash(type(error), error, error.__traceback__)

    def _set_busy(self, busy: bool) -> None:
        if busy and not self._busy:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        elif self._busy and not busy:
            QGuiApplication.restoreOverrideCursor()
        self._busy = busy

    def _set_ready(self, ready: bool) -> None:
        for action in (
            self.previous_action,
            self.next_action,
            self.zoom_in_action,
            self.zoom_out_action,
            self.fit_action,
        ):
            action.setEnabled(ready)
        may_print = ready and self._principal.can(Permission.PRINT)
        self.print_action.setEnabled(may_print)
        self.save_action.setEnabled(may_print)

    def done(self, result: int) -> None:
        self._cancel.set()  # the build stops at its next page
        self._set_busy(False)
        super().done(result)

    # -- navigating ------------------------------------------------------------------------
    def page_count(self) -> int:
        return self.pdf.pageCount()

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def go_to_page(self, page: int) -> None:
        if 0 <= page < self.page_count():
            navigator = self.view.pageNavigator()
            navigator.jump(page, QPointF(), navigator.currentZoom())
            self._show_page_number()

    def previous_page(self) -> None:
        self.go_to_page(self.current_page() - 1)

    def next_page(self) -> None:
        self.go_to_page(self.current_page() + 1)

    def _show_page_number(self) -> None:
        total = self.page_count()
        current = self.current_page() + 1 if total else 0
        self.page_label.setText(_("Page {page} of {total}").format(page=current, total=total))
        self.previous_action.setEnabled(current > 1)
        self.next_action.setEnabled(current < total)

    def zoom_in(self) -> None:
        self._zoom(self.view.zoomFactor() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._zoom(self.view.zoomFactor() / ZOOM_STEP)

    def _zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(min(ZOOM_MAX, max(ZOOM_MIN, factor)))

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    # -- printing and saving ---------------------------------------------------------------
    def print_document(self) -> QPrintDialog:
        """Open the system print dialog (not blocking); printing starts when it is accepted."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.title)
        printer.setFromTo(1, self.page_count())
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, self.page_count())
        dialog.accepted.connect(lambda: self.print_to(printer))
        delete_on_close(dialog)
        QDialog.open(dialog)  # QPrintDialog.open() itself wants a receiver and a slot
        return dialog

    def print_to(self, printer: QPrinter) -> bool:
        """Print on `printer` (already set up) and audit it; False when it failed."""
        with user_errors(self):
            target = printer.printerName() or printer.outputFileName()
            self.kind.audit(self._services, self._principal, self.request, "print", target)
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                print_pages(self.pdf, printer)
            finally:
                QGuiApplication.restoreOverrideCursor()
            return True
        return False

    def suggested_path(self) -> str:
        return str(Path(last_folder()) / self.filename)

    def save_as(self) -> QFileDialog:
        """Ask where to save (non-blocking); `save_to()` runs with the chosen file."""
        dialog = QFileDialog(self, _("Save as PDF"), self.suggested_path(), _("PDF files (*.pdf)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setDefaultSuffix("pdf")
        dialog.selectFile(self.suggested_path())
        dialog.fileSelected.connect(lambda name: self.save_to(Path(name)))
        return open_dialog(dialog)

    def save_to(self, path: Path) -> bool:
        """Write the previewed PDF to `path` (audited); remembers the folder."""
        with user_errors(self):
            saved = save_document(
                self._services, self._principal, self.kind, self.request, self.data, path
            )
            remember_folder(saved.parent)
            self.message.setText(_("Saved: {path}").format(path=saved))
            self.message.show()
            return True
        return False


def ask_file(parent: QWidget, filename: str, save: Callable[[Path], object]) -> QFileDialog:
    """Ask where to save a register (.xlsx), starting in the folder used last (non-blocking);
    `save(path)` runs with the file chosen."""
    suggested = str(Path(last_folder()) / filename)
    dialog = QFileDialog(parent, _("Save as .xlsx"), suggested, _("Workbooks (*.xlsx)"))
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix("xlsx")
    dialog.selectFile(suggested)
    dialog.fileSelected.connect(lambda name: save(Path(name)))
    return open_dialog(dialog)


class ServiceWidget(Protocol):
    """A page, editor or dialog working through the services as the signed-in officer."""

    _services: Services
    _principal: Principal


def save_register(
    parent: ServiceWidget,
    kind: DocumentKind,
    request: Request,
    path: Path,
    note: QLabel | None = None,
) -> Path | None:
    """Build the register (.xlsx) of `request` for `parent`'s officer and save it to `path`,
    audited; the folder is remembered, and `note` says where it was saved. An error is shown
    (and None returned)."""
    assert isinstance(parent, QWidget)
    services, principal = parent._services, parent._principal
    with user_errors(parent):
        request = replace(request, fmt="xlsx", language=i18n.current_language())
        data = kind.build(services, principal, request)
        saved = save_document(services, principal, kind, request, data, path)
        remember_folder(saved.parent)
        if note is not None:
            note.setText(_("Saved: {path}").format(path=saved))
        return saved
    return None


def preview_document(
    parent: ServiceWidget, kind: DocumentKind, request: Request, title: str, filename: str
) -> DocumentPreviewDialog:
    """Open the preview of the document `kind` makes of `request`, for `parent`'s officer."""
    assert isinstance(parent, QWidget)
    return open_dialog(
        DocumentPreviewDialog(
            parent._services, parent._principal, kind, request, title, filename, parent
        )
    )


def document_name(kind: DocumentKind, ident: str, when: date, suffix: str = ".pdf") -> str:
    """A FAT32-safe file name: the document's label, what it is about, the day, the suffix."""
    from station_desk.reports.filenames import document_filename

    return document_filename(kind.document.label, ident, when)[: -len(".pdf")] + suffix
