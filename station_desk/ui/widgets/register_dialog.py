"""The dialog of a module's register (调解台账, 意见建议登记台账): a period, then the printed
register (a preview) or the .xlsx workbook."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QFormLayout, QLabel, QWidget

from station_desk.documents import DocumentKind, Request
from station_desk.i18n import _
from station_desk.ui.widgets.dialogs import ServiceDialog, close_box
from station_desk.ui.widgets.inputs import date_edit, day_of
from station_desk.ui.widgets.layouts import lay_out, side_by_side
from station_desk.ui.widgets.preview import (
    DocumentPreviewDialog,
    ServiceWidget,
    ask_file,
    document_name,
    preview_document,
    save_register,
)
from station_desk.ui.widgets.rows import tool_button


class RegisterDialog(ServiceDialog):
    """The register's period, then "Print register…" (preview) or "Save as .xlsx…"; a
    module's register sets its `kind` and `texts` (the title and the explanation)."""

    kind: DocumentKind
    texts: tuple[str, str]

    def __init__(self, page: ServiceWidget) -> None:
        assert isinstance(page, QWidget)
        super().__init__(page._services, page._principal, _(self.texts[0]), parent=page)
        today = date.today()
        self.date_from = date_edit(date(today.year, 1, 1))
        self.date_to = date_edit(today)
        self.explanation = QLabel(_(self.texts[1]))
        self.explanation.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("From:"), self.date_from)
        form.addRow(_("To:"), self.date_to)
        self.preview_button = tool_button(_("Print register…"), "print", self.preview)
        self.xlsx_button = tool_button(_("Save as .xlsx…"), "export", self.ask_xlsx)
        self.message = QLabel()
        self.message.setWordWrap(True)
        row = side_by_side(self.preview_button, self.xlsx_button)
        lay_out(self, self.explanation, form, row, self.message, close_box(self))

    def period(self) -> tuple[date, date]:
        return day_of(self.date_from), day_of(self.date_to)

    def request(self) -> Request:
        start, end = self.period()
        return Request(date_from=start, date_to=end)

    def preview(self) -> DocumentPreviewDialog:
        start, end = self.period()
        return preview_document(
            self,
            self.kind,
            self.request(),
            f"{start.isoformat()} – {end.isoformat()}",
            document_name(self.kind, "", end),
        )

    def ask_xlsx(self) -> QFileDialog:
        name = document_name(self.kind, "", self.period()[1], ".xlsx")
        return ask_file(self, name, self.save_xlsx)

    def save_xlsx(self, path: Path) -> bool:
        return save_register(self, self.kind, self.request(), path, self.message) is not None
