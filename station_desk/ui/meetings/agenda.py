"""The "Agenda" tab (议题): each item with its discussion (讨论情况) and decisions (决定事项).

A new meeting starts with its type's template items. Action items point at agenda items by
position, so when an item is moved or removed `reordered` tells the action items where each
old position went (None: removed).
"""

from __future__ import annotations

from PySide6.QtCore import Signal

from station_desk.domain.meetings import AGENDA, MAX_AGENDA_TITLE, AgendaEntry
from station_desk.i18n import N_, _
from station_desk.ui.widgets.fields import LineField, TextField
from station_desk.ui.widgets.rows import RowSection, tool_button
from station_desk.ui.widgets.table_model import Column

DISCUSSION_HEIGHT = 230
DECISIONS_HEIGHT = 110
PREVIEW_CHARS = 40


def first_line(text: str, limit: int = PREVIEW_CHARS) -> str:
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    return line if len(line) <= limit else line[: limit - 1] + "…"


AGENDA_COLUMNS = (
    Column(N_("Agenda item"), lambda a: a.title),
    Column(N_("Discussion"), lambda a: first_line(a.discussion)),
)


class AgendaSection(RowSection):
    """The agenda items; the form edits the title, discussion and decisions of one."""

    section = AGENDA
    columns = AGENDA_COLUMNS
    column_widths = (170,)
    table_share = 32
    reordered = Signal(object)  # dict[int, int | None]: old position → new position
    title = LineField(N_("Agenda item:"), max_length=MAX_AGENDA_TITLE)
    discussion = TextField(
        N_("Discussion:"), height=DISCUSSION_HEIGHT, placeholder=N_("What was reported and discussed")
    )
    decisions = TextField(
        N_("Decisions:"), height=DECISIONS_HEIGHT, placeholder=N_("What the meeting decided")
    )

    def add_buttons(self) -> None:
        self.add_button = tool_button(_("Add item"), "new", self.add_item)
        self.buttons.addWidget(self.add_button)

    def update_buttons(self) -> None:
        self.add_button.setEnabled(self.editable)

    def titles(self) -> list[str]:
        return [entry.title for entry in self.entries()]

    def add_item(self) -> None:
        self.append_entry(AgendaEntry(title=""))
        self.title.setFocus()

    def rows_removed(self, row: int) -> None:
        count = self.model.rowCount() + 1
        mapping = {old: (None if old == row else old - (old > row)) for old in range(count)}
        self.reordered.emit(mapping)

    def rows_moved(self, row: int, to: int) -> None:
        mapping = {old: old for old in range(self.model.rowCount())}
        mapping[row], mapping[to] = to, row
        self.reordered.emit(mapping)
