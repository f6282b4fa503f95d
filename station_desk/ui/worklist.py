"""Lists of work items (`services/worklist.py`) on the home page: "today and this week", and
the records behind a home figure (a dialog). Enter or a double click on a row emits
`open_requested(kind, record_id)`; the main window opens the record on its page.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from station_desk.i18n import _
from station_desk.services.worklist import WorkItem
from station_desk.ui.widgets.dialogs import close_box
from station_desk.ui.widgets.layouts import lay_out

ITEM_ROLE = Qt.ItemDataRole.UserRole
OVERDUE = QColor("#b00020")


class WorkList(QTreeWidget):
    """Date, what, title, details; overdue rows in red."""

    open_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setMinimumHeight(120)
        self.setHeaderLabels([_("Date"), _("What"), _("Title"), _("Details")])
        for column, width in enumerate((150, 100, 230)):
            self.setColumnWidth(column, width)
        self.itemActivated.connect(self._activated)

    def show_items(self, items: list[WorkItem]) -> None:
        self.clear()
        for item in items:
            day = item.day.isoformat() if item.day else ""
            if item.overdue:
                day = _("{date} (overdue)").format(date=day)
            row = QTreeWidgetItem([day, _(item.label) if item.label else "", item.title, item.detail])
            row.setData(0, ITEM_ROLE, item)
            if item.overdue:
                for column in range(4):
                    row.setForeground(column, QBrush(OVERDUE))
            self.addTopLevelItem(row)

    def items(self) -> list[WorkItem]:
        rows = (self.topLevelItem(i) for i in range(self.topLevelItemCount()))
        return [row.data(0, ITEM_ROLE) for row in rows if row is not None]

    def _activated(self, row: QTreeWidgetItem, _column: int) -> None:
        item = row.data(0, ITEM_ROLE)
        if isinstance(item, WorkItem):
            self.open_requested.emit(item.kind, item.record_id)


class WorkListDialog(QDialog):
    """A list of records; emits `open_requested(kind, record_id)` when one is opened (and
    closes)."""

    open_requested = Signal(str, str)

    def show_list(self, items: list[WorkItem], count: QLabel, *above: QWidget) -> None:
        """`above`, the list of `items` (the first one chosen), `count` and Close."""
        self.list = WorkList()
        self.list.show_items(items)
        self.list.open_requested.connect(self._open)
        first = self.list.topLevelItem(0)
        if first is not None:
            self.list.setCurrentItem(first)
        lay_out(self, *above, (self.list, 1), count, close_box(self))

    def _open(self, kind: str, record_id: str) -> None:
        self.accept()
        self.open_requested.emit(kind, record_id)


class WorkItemsDialog(WorkListDialog):
    """The records behind one home figure; opening one closes the dialog."""

    def __init__(
        self, title: str, items: list[WorkItem], parent: QWidget | None = None, total: int = 0
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(820, 480)
        count = QLabel(_("{n} shown").format(n=len(items)))
        if total > len(items):
            count.setText(_("The newest {n} of {total} are shown.").format(n=len(items), total=total))
        self.show_list(items, count)
