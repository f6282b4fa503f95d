"""The action-item overview (事项督办一览): every meeting's action items in one list.

Open items come first — overdue ones first and highlighted — then done and cancelled ones
(the order is the service's). A task carried from meeting to meeting appears once, with the
meeting that decided it. Enter or a double click opens the item's meeting.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QWidget

from station_desk.domain.accounts import Principal
from station_desk.domain.meetings import ActionOverviewRow
from station_desk.i18n import N_, _
from station_desk.services.container import Services
from station_desk.ui.errors import user_errors
from station_desk.ui.widgets.layouts import lay_out
from station_desk.ui.widgets.page import ServicePage
from station_desk.ui.widgets.rows import (
    GREY,
    WARN_BACKGROUND,
    WARN_FOREGROUND,
    StyledRowsModel,
    row_table,
    tool_button,
)
from station_desk.ui.widgets.table_model import Column, TableRows


def _due(row: ActionOverviewRow) -> str:
    return row.due_date.isoformat() if row.due_date else ""


def _status(row: ActionOverviewRow) -> str:
    if row.overdue:
        return _("{status} (overdue)").format(status=row.status.label)
    return row.status.label


def _decided_at(row: ActionOverviewRow) -> str:
    when = row.first_meeting_starts_at
    return f"{row.first_meeting_title} ({when:%Y-%m-%d})" if when else row.first_meeting_title


OVERVIEW_COLUMNS = (
    Column(N_("Status"), _status),
    Column(N_("Due"), _due),
    Column(N_("Action item"), lambda r: r.description),
    Column(N_("Owner"), lambda r: r.owner),
    Column(N_("Meeting"), lambda r: r.meeting_title),
    Column(N_("Meeting date"), lambda r: f"{r.meeting_starts_at:%Y-%m-%d}"),
    Column(N_("Decided at"), _decided_at),
    Column(N_("Progress"), lambda r: " ".join(r.progress.split())),
)
# Pixel widths of all but the last column: with them "Progress" (落实情况) starts on screen
# at 1366x768; long texts are cut short with "…" and read whole in their tooltips.
OVERVIEW_WIDTHS = (135, 85, 220, 65, 170, 85, 170)


def overview_style(row: ActionOverviewRow) -> tuple[QColor | None, QColor | None]:
    if row.overdue:
        return WARN_FOREGROUND, WARN_BACKGROUND
    if not row.status.is_open:
        return GREY, None
    return None, None


class ActionsPage(ServicePage, TableRows):
    """Emits `open_meeting_requested(meeting_id)` when an item is opened."""

    open_meeting_requested = Signal(str)

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(services, principal, parent)
        self.only_open = QCheckBox(_("Open items only"))
        self.only_open.toggled.connect(self.refresh)
        self.open_button = tool_button(_("Open meeting"), "open", self.open_selected)
        self.summary = QLabel()
        self.model = StyledRowsModel(OVERVIEW_COLUMNS, overview_style, self)
        self.table = row_table(self.model, widths=OVERVIEW_WIDTHS)
        self.table.activated.connect(lambda _index: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        top = QHBoxLayout()
        top.addWidget(self.open_button)
        top.addWidget(self.only_open)
        top.addStretch(1)
        top.addWidget(self.summary)
        lay_out(self, top, (self.table, 1))
        self.read_first()

    def _read(self, only_open: bool) -> list[ActionOverviewRow]:
        return self._services.meetings.action_overview(
            self._principal, date.today(), only_open=only_open
        )

    def refresh(self) -> None:
        with user_errors(self):
            self._show_rows(self._read(self.only_open.isChecked()))

    def refresh_shown(self) -> None:
        """Shown by the window: read on a worker thread, the rows shown when read."""
        if not self.model.rowCount():
            self.summary.setText(_("Reading…"))
        only_open = self.only_open.isChecked()
        self.background().start(lambda: self._read(only_open), self._show_rows)

    def _show_rows(self, rows: list[ActionOverviewRow]) -> None:
        with user_errors(self):
            self.model.set_rows(rows)
            open_count = sum(1 for row in rows if row.status.is_open)
            overdue = sum(1 for row in rows if row.overdue)
            self.summary.setText(
                _("{open} open, {overdue} overdue").format(open=open_count, overdue=overdue)
            )
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.selected() is not None)

    def open_selected(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.open_meeting_requested.emit(chosen.meeting_id)
