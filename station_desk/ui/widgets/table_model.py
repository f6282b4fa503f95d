"""A read-only table model over a list of DTOs, its columns declared once per list.

Each `Column` says how a row reads in that column; header titles are message ids,
translated when the view asks for them. `selected_row` and `select_row` read and set the
chosen row of a table view over such a model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QTableView

from station_desk.i18n import _

Index = QModelIndex | QPersistentModelIndex

# A column sized to its contents is measured on this many rows (and those in view), not on
# every row: Qt's default (1,000) asks a list of 1,000 entries for 100,000 cells through
# Python each time it is shown (`QHeaderView.setResizeContentsPrecision`).
CONTENTS_SAMPLE_ROWS = 50


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[Any], str]
    tooltip: Callable[[Any], str] | None = None


class RowsModel(QAbstractTableModel):
    """Rows of DTOs shown through `Column`s."""

    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rows(self) -> list[Any]:
        return [self.row_at(row) for row in range(self.rowCount())]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self._columns[index.column()]
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return (column.tooltip or column.text)(row)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return _(self._columns[section].title)
        return str(section + 1)


def selected_row(table: QTableView, model: RowsModel) -> Any | None:
    """The DTO of the row chosen in `table` (a view of `model`), or None."""
    rows = table.selectionModel().selectedRows()
    return model.row_at(rows[0].row()) if rows else None


def select_row(table: QTableView, model: RowsModel, record_id: str) -> None:
    """Choose (and make current) the row whose DTO has the id `record_id`, when it is shown."""
    for row in range(model.rowCount()):
        if model.row_at(row).id == record_id:
            table.selectRow(row)
            table.setCurrentIndex(model.index(row, 0))
            return


class TableRows:
    """Mixin for a widget that shows `model` in `table`: its rows, and the chosen one."""

    table: QTableView
    model: RowsModel

    def rows(self) -> list[Any]:
        return self.model.rows()

    def select(self, record_id: str) -> None:
        """Choose the row of the record `record_id`, when it is shown."""
        select_row(self.table, self.model, record_id)

    def selected(self) -> Any | None:
        """The DTO of the chosen row, or None."""
        return selected_row(self.table, self.model)
