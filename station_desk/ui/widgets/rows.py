"""Row lists of the meeting editor: a table of rows above or beside a form for the chosen row.

`RowSection` is the shared master–detail widget of the attendees, agenda and action items:
the table lists the rows (frozen DTOs), the `FieldForm` beside it edits the current one and
writes every keystroke straight back into the row, so nothing is lost when another row is
chosen. A `MeetingRowError` from the service selects its row and shows the message under the
field (`show_row_error`). `StyledRowsModel` adds colours (deleted rows grey, overdue rows red)
to the read-only `RowsModel` of the list pages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from station_desk.i18n import _
from station_desk.ui.errors import show_error
from station_desk.ui.icons import icon
from station_desk.ui.widgets.fields import DeclaredFields
from station_desk.ui.widgets.forms import FieldForm
from station_desk.ui.widgets.inputs import on_edit as on_edit  # used by the sections
from station_desk.ui.widgets.layouts import LayoutItem, lay_out
from station_desk.ui.widgets.table_model import CONTENTS_SAMPLE_ROWS, Column, Index, RowsModel

MAX_FITTED_WIDTH = 260  # a column grows to show a label (a type, a status) up to this width;
TEXT_COLUMN_WIDTH = 140  # a column given this width or more holds free text: it stays as given

GREY = QColor("#777777")
WARN_FOREGROUND = QColor("#b00020")
WARN_BACKGROUND = QColor("#fde7e9")
Style = tuple[QColor | None, QColor | None]  # a row's (foreground, background)


def status_text(record: Any) -> str:
    """A record's status, marked "(deleted)" when it is deleted."""
    if record.is_deleted:
        return _("{status} (deleted)").format(status=record.status.label)
    return str(record.status.label)


def deleted_grey(record: Any) -> Style:
    """A deleted record's row in grey."""
    return flagged_style(False, record.is_deleted)


def overdue_style(record: Any) -> Style:
    """A deleted record's row in grey, an overdue one in red."""
    return flagged_style(record.overdue, record.is_deleted)


def flagged_style(flagged: bool, deleted: bool) -> Style:
    """A deleted row in grey, a flagged one (overdue, due) in red."""
    if flagged and not deleted:
        return WARN_FOREGROUND, WARN_BACKGROUND
    return (GREY, None) if deleted else (None, None)


class StyledRowsModel(RowsModel):
    """A `RowsModel` whose rows may be coloured: `style(row)` → (foreground, background)."""

    def __init__(
        self,
        columns: Sequence[Column],
        style: Callable[[Any], Style] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(columns, parent)
        self._style = style

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            index.isValid()
            and self._style is not None
            and role
            in (
                Qt.ItemDataRole.ForegroundRole,
                Qt.ItemDataRole.BackgroundRole,
            )
        ):
            foreground, background = self._style(self.row_at(index.row()))
            colour = foreground if role == Qt.ItemDataRole.ForegroundRole else background
            return QBrush(colour) if colour is not None else None
        return super().data(index, role)


class EditableRowsModel(StyledRowsModel):
    """Rows that the editor changes one at a time (the table itself is not edited in place)."""

    def replace_row(self, row: int, entry: Any) -> None:
        self._rows[row] = entry
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def insert_row(self, row: int, entry: Any) -> None:
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, entry)
        self.endInsertRows()

    def put_row(self, row: int, entry: Any) -> None:
        """`entry` in place of row `row`, or added at the end when `row` is -1 (a new one)."""
        if row < 0:
            self.insert_row(self.rowCount(), entry)
        else:
            self.replace_row(row, entry)

    def remove_row(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()

    def move_row(self, row: int, to: int) -> None:
        """Move `row` to position `to` (one step up or down)."""
        destination = to + 1 if to > row else to
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        self._rows.insert(to, self._rows.pop(row))
        self.endMoveRows()


class RowTable(QTableView):
    """A `row_table`: rows that came while it was hidden (a list behind a grid, a page not
    shown yet) have its columns fitted when it is shown, not measured unseen."""

    unfitted = False
    widths: tuple[int, ...] = ()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.unfitted:
            self.unfitted = False
            fit_columns(self, self.widths)


def row_table(model: RowsModel, multi: bool = False, widths: Sequence[int] = ()) -> QTableView:
    """A read-only table of whole rows, as every list here uses; `widths` of the first
    columns in pixels at least, wider where the rows shown or the header need it (an English
    "Security committee meeting" is not cut); the last column takes the rest."""
    table = RowTable()
    table.widths = tuple(widths)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection
        if multi
        else QAbstractItemView.SelectionMode.SingleSelection
    )
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    header.setHighlightSections(False)
    header.setResizeContentsPrecision(CONTENTS_SAMPLE_ROWS)  # columns fitted to rows in view
    for column, width in enumerate(widths):
        header.resizeSection(column, width)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    if widths:
        fit = partial(fit_columns, table, tuple(widths))
        model.modelReset.connect(fit)
        model.rowsInserted.connect(fit)
        model.dataChanged.connect(fit)
    return table


def connect_rows(
    table: QTableView, opened: Callable[[], object], chosen: Callable[[], object]
) -> None:
    """Run `opened` on Enter or a double-click on a row of `table`, and `chosen` when the
    chosen rows change."""
    table.activated.connect(lambda _index: opened())
    table.selectionModel().selectionChanged.connect(lambda *_: chosen())


T = TypeVar("T", bound=QTableView)


def contents_table(table: T, stretch: int | None = None) -> T:
    """`table` read-only, by whole rows, without row numbers; each column as wide as its
    contents (the first rows measured) and the column `stretch` taking the rest."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setResizeContentsPrecision(CONTENTS_SAMPLE_ROWS)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def fit_columns(table: QTableView, widths: Sequence[int], *_args: object) -> None:
    """Widen each label column (given less than `TEXT_COLUMN_WIDTH`) to what its header and
    the rows shown need, up to `MAX_FITTED_WIDTH`; free-text columns (a title, the parties)
    keep their width and are cut. A column is never made narrower than the officer left it."""
    if isinstance(table, RowTable) and not table.isVisible():
        table.unfitted = True  # measured once shown
        return
    header = table.horizontalHeader()
    for column, least in enumerate(widths):
        if column >= header.count() - 1:  # the last column stretches
            break
        if least >= TEXT_COLUMN_WIDTH:
            continue
        needed = max(header.sectionSizeHint(column), table.sizeHintForColumn(column))
        fitted = max(least, min(needed, MAX_FITTED_WIDTH))
        if fitted > header.sectionSize(column):
            header.resizeSection(column, fitted)


def chosen_row(table: QTableView) -> int:
    """The row chosen in `table`, or -1."""
    rows = table.selectionModel().selectedRows()
    return rows[0].row() if rows else -1


def chosen_entry(table: QTableView) -> Any:
    """The entry (a DTO) of the row chosen in a table of a `RowsModel`, or None."""
    row, model = chosen_row(table), table.model()
    return model.row_at(row) if row >= 0 and isinstance(model, RowsModel) else None


def lock_input(widget: QWidget, locked: bool) -> None:
    """Make an input read-only: text stays selectable, other inputs are disabled."""
    if isinstance(widget, QLineEdit | QPlainTextEdit):
        widget.setReadOnly(locked)
    elif isinstance(widget, QComboBox) and widget.isEditable():
        widget.setEnabled(not locked)
    elif isinstance(widget, QAbstractSpinBox):
        widget.setReadOnly(locked)
        widget.setEnabled(not locked)
    else:
        widget.setEnabled(not locked)


def tool_button(
    text: str, icon_name: str, slot: Callable[[], object], key: str = ""
) -> QPushButton:
    """A button with an icon; with `key`, Alt+`key` presses it (`with_mnemonic`)."""
    button = QPushButton(icon(icon_name), with_mnemonic(text, key) if key else text)
    button.clicked.connect(slot)
    return button


def with_mnemonic(text: str, key: str) -> str:
    """`text` with Alt+`key` as its keyboard shortcut: the letter underlined where an English
    text has it ("&New case…"), else "(&N)" after the text, as Chinese programs show it
    ("新建案件(&N)…")."""
    if "&" in text:
        return text
    index = text.lower().find(key.lower())
    latin = not any(character >= "\u2e80" for character in text)  # no Chinese characters
    if latin and index >= 0:
        return f"{text[:index]}&{text[index:]}"
    ellipsis = "…" if text.endswith("…") else ""
    space = " " if latin else ""  # "Register subject (&N)…", "登记帮教对象(&N)…"
    return f"{text.removesuffix(ellipsis)}{space}(&{key.upper()}){ellipsis}"


def is_locked(widget: QWidget) -> bool:
    if isinstance(widget, QLineEdit | QPlainTextEdit):
        return widget.isReadOnly()
    return not widget.isEnabled()


class RowSection(QWidget, DeclaredFields):
    """Master–detail editing of one list of a meeting (attendees, agenda or action items).

    Subclasses set `section` and `columns` and declare their fields (`ui/widgets/fields.py`):
    each is watched, shows the chosen row (`load`) and is read back into it (`collect`).
    """

    changed = Signal()
    section = ""
    columns: tuple[Column, ...] = ()
    column_widths: tuple[int, ...] = ()
    table_share = 55  # percent of the width for the table
    movable = True
    removable = True

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self._editable = True
        self._inputs: list[QWidget] = []
        self.model = EditableRowsModel(self.columns, self.row_style, self)
        self.table = row_table(self.model, self.multi_select(), self.column_widths)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.update_buttons())
        self.form = FieldForm()
        self.form_panel = QWidget()
        panel = QVBoxLayout(self.form_panel)
        panel.setContentsMargins(0, 0, 4, 0)
        top = self.top_panel()
        if top is not None:
            panel.addWidget(top)
        panel.addLayout(self.form)
        panel.addStretch(1)
        self.build_form()
        self.buttons = QHBoxLayout()
        self.add_buttons()
        self.remove_button = tool_button(_("Remove"), "remove", self.remove_current)
        self.up_button = tool_button(_("Up"), "up", lambda: self.move_current(-1))
        self.down_button = tool_button(_("Down"), "down", lambda: self.move_current(1))
        for button, wanted in (
            (self.remove_button, self.removable),
            (self.up_button, self.movable),
            (self.down_button, self.movable),
        ):
            if wanted:
                self.buttons.addWidget(button)
            else:
                button.hide()
        self.buttons.addStretch(1)
        self._layout()
        self._update_state()

    # -- for subclasses --------------------------------------------------------------------
    def multi_select(self) -> bool:
        return False

    def build_form(self) -> None:
        self.build_fields(self.form)
        for widget in self.input_widgets():
            self.watch(widget)

    def top_panel(self) -> QWidget | None:
        """A widget shown above the row's form (the attendee finder), or None."""
        return None

    def add_buttons(self) -> None:
        """Add the section's own buttons (Add…) to `self.buttons`."""

    def load(self, entry: Any) -> None:
        self.show_record(entry)

    def collect(self, entry: Any) -> Any:
        return self.read_record(entry)

    def row_style(self, entry: Any) -> tuple[QColor | None, QColor | None]:
        return None, None

    def update_form_state(self, entry: Any | None) -> None:
        """Enable or disable fields for `entry` (called after load and after each edit)."""

    def rows_changed(self) -> None:
        """Called after rows were added, removed or moved."""

    # -- building --------------------------------------------------------------------------
    def _layout(self) -> None:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.form_panel)
        left = QWidget()
        lay_out(left, self.buttons, (self.table, 1), margin=0)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, self.table_share)
        splitter.setStretchFactor(1, 100 - self.table_share)
        splitter.setSizes([self.table_share * 10, (100 - self.table_share) * 10])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.splitter = splitter

    def watch(self, widget: QWidget) -> QWidget:
        """Register an input of the form: its edits are written back into the current row."""
        self._inputs.append(widget)
        on_edit(widget, self._edited)
        return widget

    # -- rows ------------------------------------------------------------------------------
    def entries(self) -> tuple[Any, ...]:
        return tuple(self.model.rows())

    def set_entries(self, entries: Sequence[Any]) -> None:
        self.model.set_rows(list(entries))
        if entries:
            self.select_row(0)
        else:
            self._current_changed(QModelIndex(), QModelIndex())
        self.rows_changed()

    def current_row(self) -> int:
        index = self.table.selectionModel().currentIndex()
        return index.row() if index.isValid() else -1

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.table.selectRow(row)
            self.table.setCurrentIndex(self.model.index(row, 0))
            self.table.scrollTo(self.model.index(row, 0))

    def append_entry(self, entry: Any) -> int:
        row = self.model.rowCount()
        self.model.insert_row(row, entry)
        self.select_row(row)
        self.rows_changed()
        self.changed.emit()
        return row

    def remove_current(self) -> None:
        row = self.current_row()
        if row < 0 or not self._editable:
            return
        self.model.remove_row(row)
        self.rows_removed(row)
        if self.model.rowCount():
            self.select_row(min(row, self.model.rowCount() - 1))
        else:
            self._current_changed(QModelIndex(), QModelIndex())
        self.rows_changed()
        self.changed.emit()

    def rows_removed(self, row: int) -> None:
        """Called after `row` was removed (before `rows_changed`)."""

    def move_current(self, step: int) -> None:
        row = self.current_row()
        to = row + step
        if row < 0 or not 0 <= to < self.model.rowCount() or not self._editable:
            return
        self.model.move_row(row, to)
        self.rows_moved(row, to)
        self.select_row(to)
        self.rows_changed()
        self.changed.emit()

    def rows_moved(self, row: int, to: int) -> None:
        """Called after `row` moved to `to`."""

    # -- the form --------------------------------------------------------------------------
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.form.clear_errors()
        self._loading = True
        try:
            entry = self.model.row_at(current.row()) if current.isValid() else None
            if entry is not None:
                self.load(entry)
            else:
                self.clear_form()
        finally:
            self._loading = False
        self._update_state()

    def clear_form(self) -> None:
        for widget in self._inputs:
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                widget.clear()
            elif isinstance(widget, QComboBox):
                if widget.isEditable():
                    widget.setEditText("")
                widget.setCurrentIndex(-1 if widget.isEditable() else 0)

    def _edited(self, *_args: object) -> None:
        if self._loading:
            return
        row = self.current_row()
        if row < 0:
            return
        entry = self.collect(self.model.row_at(row))
        if entry != self.model.row_at(row):
            self.model.replace_row(row, entry)
            self.update_form_state(entry)
            self.changed.emit()

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self._update_state()

    @property
    def editable(self) -> bool:
        return self._editable

    def _update_state(self) -> None:
        row = self.current_row()
        has_row = row >= 0
        for widget in self._inputs:
            lock_input(widget, not (self._editable and has_row))
        self.remove_button.setEnabled(self._editable and has_row)
        self.up_button.setEnabled(self._editable and row > 0)
        self.down_button.setEnabled(self._editable and 0 <= row < self.model.rowCount() - 1)
        self.update_buttons()
        if has_row and self._editable:
            self.update_form_state(self.model.row_at(row))

    def update_buttons(self) -> None:
        """Enable the section's own buttons (called whenever the state changes)."""

    def show_row_error(self, row: int, field: str, message: str) -> None:
        """Select `row` and show `message` under `field` (a message box if no such field)."""
        self.select_row(row)
        if not self.form.show_error(field, message):
            show_error(self, message)


def tab_page(*items: LayoutItem) -> QWidget:
    """A tab's page: widgets and layouts stacked top to bottom; `None` is a stretch."""
    page = QWidget()
    lay_out(page, *items)
    return page


def button_row(*widgets: QWidget, right: Sequence[QWidget] = ()) -> QHBoxLayout:
    """Widgets side by side, pushed to the left (and those in `right` to the right)."""
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    for widget in right:
        row.addWidget(widget)
    return row
