"""Importing a volunteer list (花名册导入): choose a file, look at the preview, then apply.

The preview table shows every row of the file as the service reads it — new, to update,
unchanged or an error — with the recognised cells and the messages (why a row is refused,
what an update changes). "Import" is enabled only when the service says the preview can be
applied (no file problems, no error rows, something to save); it saves everything in one
transaction. Cancel, or closing the dialog, saves nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from station_desk.domain.accounts import Principal
from station_desk.domain.roles import Permission
from station_desk.i18n import N_, _
from station_desk.services.container import Services
from station_desk.services.volunteer_import import (
    FIELD_LABELS,
    ImportPreview,
    ImportResult,
    ImportRow,
    ImportStatus,
)
from station_desk.ui.errors import user_errors
from station_desk.ui.icons import icon
from station_desk.ui.widgets.dialogs import ServiceDialog, open_dialog
from station_desk.ui.widgets.layouts import lay_out
from station_desk.ui.widgets.preview import last_folder, remember_folder
from station_desk.ui.widgets.rows import (
    GREY,
    WARN_BACKGROUND,
    WARN_FOREGROUND,
    StyledRowsModel,
    row_table,
    tool_button,
)
from station_desk.ui.widgets.table_model import Column

FIELD_WIDTHS = {"name": 80, "gender": 45, "resident_id": 165, "phone": 110, "address": 160}
NEW_BACKGROUND = QColor("#e6f4ea")
UPDATE_BACKGROUND = QColor("#fff4d6")


def _row_style(row: ImportRow) -> tuple[QColor | None, QColor | None]:
    if row.status is ImportStatus.ERROR:
        return WARN_FOREGROUND, WARN_BACKGROUND
    if row.status is ImportStatus.NEW:
        return None, NEW_BACKGROUND
    if row.status is ImportStatus.UPDATE:
        return None, UPDATE_BACKGROUND
    return GREY, None


def row_messages(row: ImportRow) -> str:
    """The row's remarks, and for an update which fields change."""
    parts = [str(message) for message in row.messages]
    if row.status is ImportStatus.UPDATE and row.changed:
        labels = [_(FIELD_LABELS.get(name, name)) for name in row.changed if name != "team_id"]
        if "team_id" in row.changed:
            labels.append(_(FIELD_LABELS["team"]))
        parts.append(_("Changes: {fields}").format(fields="、".join(dict.fromkeys(labels))))
    return "；".join(parts)


def preview_columns(preview: ImportPreview) -> list[Column]:
    """Line, status, the file's recognised columns (as headed in the file), then the
    messages last: they are often empty, and long when not, so they take the rest."""

    def cell(index: int):  # noqa: ANN202 - a small closure
        return lambda row: row.cells[index] if index < len(row.cells) else ""

    columns = [
        Column(N_("Line"), lambda row: str(row.line)),
        Column(N_("Result"), lambda row: row.status.label),
    ]
    columns += [Column(match.header, cell(i)) for i, match in enumerate(preview.columns)]
    columns.append(Column(N_("Messages"), row_messages))
    return columns


class VolunteerImportDialog(ServiceDialog):
    """Preview a file of volunteers, then import it all or nothing; `imported` after it."""

    imported = Signal(object)  # ImportResult

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(services, principal, _("Import volunteers"), parent=parent)
        self.preview: ImportPreview | None = None
        self.import_result: ImportResult | None = None
        self.path = QLineEdit()
        self.path.setReadOnly(True)
        self.path.setPlaceholderText(_("Choose an .xlsx or .csv file of volunteers (花名册)"))
        self.choose_button = tool_button(_("Choose file…"), "open", self.choose_file)
        self.reload_button = tool_button(_("Read again"), "reset", self.read_again)
        self.summary = QLabel(
            _(
                "Nothing is saved until you press Import. The header may be in Chinese or "
                "English; rows with errors must be corrected in the file first."
            )
        )
        self.summary.setWordWrap(True)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.hide()
        self.model = StyledRowsModel(preview_columns(ImportPreview("")), _row_style, self)
        self.table = row_table(self.model)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button: QPushButton = self.buttons.addButton(
            _("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.apply_button.setIcon(icon("import"))
        self.apply_button.setEnabled(False)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("File:")))
        top.addWidget(self.path, 1)
        top.addWidget(self.choose_button)
        top.addWidget(self.reload_button)
        lay_out(self, top, self.summary, self.details, (self.table, 1), self.buttons)
        self.reload_button.setEnabled(False)
        self._fit_screen()

    def _fit_screen(self) -> None:
        screen = QGuiApplication.primaryScreen()
        width, height = 1200, 620
        if screen is not None:
            available = screen.availableGeometry().size()
            width = min(width, available.width() - 40)
            height = min(height, available.height() - 60)
        self.resize(width, height)

    # -- choosing and reading --------------------------------------------------------------
    def choose_file(self) -> QFileDialog:
        dialog = QFileDialog(
            self,
            _("Import volunteers"),
            last_folder(),
            _("Spreadsheets (*.xlsx *.csv);;All files (*)"),
        )
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(lambda name: self.load(Path(name)))
        return open_dialog(dialog)

    def read_again(self) -> None:
        if self.path.text():
            self.load(Path(self.path.text()))

    def load(self, path: Path) -> ImportPreview | None:
        """Read `path` and show what importing it would do (nothing is written)."""
        self.path.setText(str(path))
        self.reload_button.setEnabled(True)
        remember_folder(Path(path).parent)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            with user_errors(self):
                self.show_preview(self._services.volunteer_import.preview(self._principal, path))
                return self.preview
        finally:
            QGuiApplication.restoreOverrideCursor()
        return None

    def show_preview(self, preview: ImportPreview) -> None:
        self.preview = preview
        self.model = StyledRowsModel(preview_columns(preview), _row_style, self)
        self.table.setModel(self.model)
        self.model.set_rows(list(preview.rows))
        self._size_columns(preview)
        self.summary.setText(preview.summary())
        self.summary.setStyleSheet(
            f"color: {WARN_FOREGROUND.name()};" if preview.problems or preview.error_rows else ""
        )
        self.details.setText(self._details_text(preview))
        self.details.setVisible(bool(self.details.text()))
        self.apply_button.setEnabled(
            preview.can_apply and self._principal.can(Permission.EDIT_RECORDS)
        )

    def _size_columns(self, preview: ImportPreview) -> None:
        header = self.table.horizontalHeader()
        widths: Sequence[int] = (
            50,
            90,
            *(FIELD_WIDTHS.get(match.field, 100) for match in preview.columns),
        )
        for column, width in enumerate(widths):
            header.resizeSection(column, width)
        # the messages (last column) stretch over the rest; a long one shows whole as tooltip

    @staticmethod
    def _details_text(preview: ImportPreview) -> str:
        parts = []
        if preview.sheet:
            parts.append(_("Sheet: {sheet}").format(sheet=preview.sheet))
        if preview.header_line:
            parts.append(_("Header on line {line}").format(line=preview.header_line))
        if preview.ignored:
            parts.append(_("Columns ignored: {columns}").format(columns="、".join(preview.ignored)))
        if preview.new_teams:
            parts.append(_("Teams to create: {teams}").format(teams="、".join(preview.new_teams)))
        return "；".join(parts)

    def rows(self) -> list[ImportRow]:
        return self.model.rows()

    # -- applying --------------------------------------------------------------------------
    def apply(self) -> bool:
        """Import the previewed rows (all or nothing); closes the dialog when done."""
        if self.preview is None or not self.apply_button.isEnabled():
            return False
        with user_errors(self):
            self.import_result = self._services.volunteer_import.apply(
                self._principal, self.preview
            )
            self.imported.emit(self.import_result)
            self.accept()
            return True
        self.read_again()  # the volunteers changed meanwhile: show what the file does now
        return False
