"""The history of exports, backups and restores (导出与备份记录), from the audit trail:
when, who, what, and where to. Read-only; "Refresh" reads it again.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from station_desk.domain.accounts import Principal
from station_desk.domain.audit import AuditAction, AuditEntry
from station_desk.i18n import N_, _
from station_desk.services.container import Services
from station_desk.ui.errors import user_errors
from station_desk.ui.formatting import local_time
from station_desk.ui.widgets.dialogs import ServiceDialog, add_action, close_box
from station_desk.ui.widgets.layouts import lay_out
from station_desk.ui.widgets.rows import contents_table

MIN_COLUMN_WIDTH = 90
TARGET_COLUMN = 3  # the folder or file: the long one, it takes the rest of the width


def what_text(entry: AuditEntry) -> str:
    try:
        return AuditAction(entry.action).label
    except ValueError:
        return entry.action


def target_text(entry: AuditEntry) -> str:
    details: dict[str, Any] = entry.details or {}
    if entry.action == AuditAction.RESTORE_BACKUP:
        return str(details.get("backup", ""))
    target = str(details.get("target", ""))
    name = str(details.get("folder") or details.get("file") or entry.record_id)
    return f"{target} › {name}" if target and name else target or name


class ExchangeHistoryDialog(ServiceDialog):
    """A table of past exports, backups and restores, newest first."""

    HEADERS = (N_("Time"), N_("User"), N_("What"), N_("Target"))

    def __init__(
        self, services: Services, principal: Principal, parent: QWidget | None = None
    ) -> None:
        super().__init__(services, principal, _("Exports and backups"), "history", parent)
        self.entries: list[AuditEntry] = []
        self.table = contents_table(QTableWidget(0, len(self.HEADERS)), TARGET_COLUMN)
        self.table.setHorizontalHeaderLabels([_(h) for h in self.HEADERS])
        # readable even while empty
        self.table.horizontalHeader().setMinimumSectionSize(MIN_COLUMN_WIDTH)
        self.empty = QLabel(_("No exports, backups or restores yet."))
        self.empty.setWordWrap(True)
        buttons = close_box(self)
        add_action(buttons, _("Refresh"), "reset", self.refresh)
        lay_out(self, (self.table, 1), self.empty, buttons)
        self.resize(820, 420)
        self.refresh()

    def refresh(self) -> None:
        with user_errors(self):
            self.entries = self._services.export.history(self._principal)
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            cells = (local_time(entry.at), entry.username, what_text(entry), target_text(entry))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.empty.setVisible(not self.entries)

    def row_texts(self, row: int) -> list[str]:
        items = (self.table.item(row, column) for column in range(self.table.columnCount()))
        return [item.text() if item is not None else "" for item in items]
