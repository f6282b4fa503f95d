"""The "Action items" tab (会议事项): this meeting's items, and the items carried over from
the previous meeting of the same type (上次会议事项落实情况), whose status and progress are
updated here (the service applies a status to the whole carry-over chain).

The service sees one list: carried items first, then this meeting's own, so a
`MeetingRowError` row is mapped back to the table it belongs to.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from station_desk.domain.meetings import (
    ACTIONS,
    CARRY_OVER_HEADING,
    ActionEntry,
    ActionStatus,
)
from station_desk.i18n import N_, _
from station_desk.ui.widgets.fields import (
    ChoiceField,
    DataChoiceField,
    NameField,
    NoteField,
    OptionalDayField,
    TextField,
)
from station_desk.ui.widgets.rows import WARN_FOREGROUND, RowSection, tool_button
from station_desk.ui.widgets.table_model import Column

TEXT_HEIGHT = 56


def due_text(action: ActionEntry) -> str:
    return action.due_date.isoformat() if action.due_date else ""


def overdue_style(action: ActionEntry) -> tuple[QColor | None, QColor | None]:
    return (WARN_FOREGROUND, None) if action.is_overdue(date.today()) else (None, None)


OWN_COLUMNS = (
    Column(N_("Action item"), lambda a: a.description),
    Column(N_("Owner"), lambda a: a.owner),
    Column(N_("Due"), due_text),
    Column(N_("Status"), lambda a: ActionStatus(a.status).label),
    Column(N_("Progress"), lambda a: a.progress),
)

CARRIED_COLUMNS = (
    Column(N_("Action item"), lambda a: a.description),
    Column(N_("Decided at"), lambda a: a.carried_from_meeting_title),
    Column(N_("Owner"), lambda a: a.owner),
    Column(N_("Due"), due_text),
    Column(N_("Status"), lambda a: ActionStatus(a.status).label),
    Column(N_("Progress"), lambda a: a.progress),
)


class OwnActionsSection(RowSection):
    """The action items decided at this meeting."""

    section = ACTIONS
    columns = OWN_COLUMNS
    column_widths = (220, 70, 85, 64)
    table_share = 55
    description = TextField(
        N_("Action item:"), height=TEXT_HEIGHT, fixed=True, placeholder=N_("What is to be done")
    )
    owner = NameField(N_("Owner:"))
    due = OptionalDayField(N_("Due date:"), tooltip=N_("Due by"), key="due_date")
    status = ChoiceField(N_("Status:"), ActionStatus)
    progress = TextField(N_("Progress:"), height=TEXT_HEIGHT, fixed=True)
    agenda = DataChoiceField(
        N_("Agenda item:"), key="agenda_index", aliases=("carried_from_id", "id")
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        self._meeting_day = date.today()
        super().__init__(parent)

    def add_buttons(self) -> None:
        self.add_button = tool_button(_("Add action item"), "new", self.add_item)
        self.buttons.addWidget(self.add_button)

    def build_form(self) -> None:
        super().build_form()
        self.set_agenda([])

    def load(self, entry: ActionEntry) -> None:
        super().load(entry)
        self.due.set_value(entry.due_date, default=self._meeting_day)

    def row_style(self, entry: ActionEntry) -> tuple[QColor | None, QColor | None]:
        return overdue_style(entry)

    def update_buttons(self) -> None:
        self.add_button.setEnabled(self.editable)

    def set_meeting_day(self, day: date) -> None:
        self._meeting_day = day

    def add_item(self) -> None:
        self.append_entry(ActionEntry(description=""))
        self.description.setFocus()

    def set_people(self, names: list[str]) -> None:
        self._loading = True
        try:
            self.owner.set_choices(names)
        finally:
            self._loading = False

    def set_agenda(self, titles: list[str]) -> None:
        """Offer the agenda items (by position) as what an action item belongs to."""
        self._loading = True
        try:
            chosen = self.agenda.currentData()
            self.agenda.clear()
            self.agenda.addItem(_("(the meeting as a whole)"), None)
            for index, title in enumerate(titles):
                self.agenda.addItem(f"{index + 1}. {title}", index)
            self.agenda.setCurrentIndex(max(0, self.agenda.findData(chosen)))
        finally:
            self._loading = False

    def agenda_reordered(self, mapping: dict[int, int | None]) -> None:
        """Follow the agenda items to their new positions (removed ones: the whole meeting)."""
        for row, entry in enumerate(self.entries()):
            if entry.agenda_index is not None:
                moved = replace(entry, agenda_index=mapping.get(entry.agenda_index))
                if moved != entry:
                    self.model.replace_row(row, moved)


class CarriedActionsSection(RowSection):
    """Items carried over from the previous meeting: only status and progress change here."""

    section = ACTIONS
    columns = CARRIED_COLUMNS
    column_widths = (190, 170, 60, 85, 64)
    table_share = 60
    movable = False
    removable = False

    description = NoteField(N_("Action item:"), wrap=True)
    origin = NoteField(
        N_("Decided at:"), wrap=True, key="carried_from_id", aliases=("id", "owner", "due_date")
    )
    status = ChoiceField(N_("Status:"), ActionStatus)
    progress = TextField(N_("Progress:"), height=TEXT_HEIGHT, fixed=True)

    def build_form(self) -> None:
        super().build_form()
        self.description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def load(self, entry: ActionEntry) -> None:
        super().load(entry)
        self.description.setText(entry.description)
        when = entry.carried_from_meeting_starts_at
        day = f" ({when:%Y-%m-%d})" if when else ""
        owner = _("owner: {owner}").format(owner=entry.owner) if entry.owner else ""
        due = _("due: {day}").format(day=due_text(entry)) if entry.due_date else ""
        details = "; ".join(part for part in (owner, due) if part)
        self.origin.setText(f"{entry.carried_from_meeting_title}{day}\n{details}".strip())

    def clear_form(self) -> None:
        super().clear_form()
        self.description.clear()
        self.origin.clear()

    def row_style(self, entry: ActionEntry) -> tuple[QColor | None, QColor | None]:
        return overdue_style(entry)


class ActionsTab(QWidget):
    """Both tables of action items; `changed` when either changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.carried = CarriedActionsSection()
        self.own = OwnActionsSection()
        self.carried_box = QGroupBox(_(CARRY_OVER_HEADING))
        QVBoxLayout(self.carried_box).addWidget(self.carried)
        own_box = QGroupBox(_("Action items of this meeting"))
        QVBoxLayout(own_box).addWidget(self.own)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.carried_box)
        splitter.addWidget(own_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.carried.changed.connect(self.changed)
        self.own.changed.connect(self.changed)

    def set_entries(self, actions: tuple[ActionEntry, ...], meeting_day: date) -> None:
        carried = [a for a in actions if a.is_carried]
        self.carried.set_entries(carried)
        self.carried_box.setVisible(bool(carried))
        self.own.set_meeting_day(meeting_day)
        self.own.set_entries([a for a in actions if not a.is_carried])

    def entries(self) -> tuple[ActionEntry, ...]:
        """Carried items first, then this meeting's own (the order the service numbers)."""
        return self.carried.entries() + self.own.entries()

    def count(self) -> int:
        return self.carried.model.rowCount() + self.own.model.rowCount()

    def set_editable(self, editable: bool) -> None:
        self.carried.set_editable(editable)
        self.own.set_editable(editable)

    def clear_errors(self) -> None:
        self.carried.form.clear_errors()
        self.own.form.clear_errors()

    def show_row_error(self, row: int, field: str, message: str) -> None:
        carried = self.carried.model.rowCount()
        if row < carried:
            self.carried.show_row_error(row, field, message)
        else:
            self.own.show_row_error(row - carried, field, message)
