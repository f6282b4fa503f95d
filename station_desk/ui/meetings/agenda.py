"""The "Agenda" tab (议题): each item with its discussion (讨论情况) and decisions (决定事项).

A new meeting starts with its type's template items. Action items point at agenda items by
position, so when an item is moved or removed `reordered` tells the action items where each
old position went (None: removed).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from station_desk.domain.meetings import AGENDA, MAX_AGENDA_TITLE, AgendaEntry
from station_desk.i18n import N_, _
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

    def add_buttons(self) -> None:
        self.add_button = tool_button(_("Add item"), "new", self.add_item)
        self.buttons.addWidget(self.add_button)

    def build_form(self) -> None:
        self.title = self.watch(self.form.add_field("title", QLineEdit()))
        self.title.setMaxLength(MAX_AGENDA_TITLE)
        self.discussion = self.watch(self.form.add_field("discussion", QPlainTextEdit()))
        self.decisions = self.watch(self.form.add_field("decisions", QPlainTextEdit()))
        self.discussion.setMinimumHeight(DISCUSSION_HEIGHT)
        self.decisions.setMinimumHeight(DECISIONS_HEIGHT)
        for edit in (self.discussion, self.decisions):
            edit.setTabChangesFocus(True)
        self.discussion.setPlaceholderText(_("What was reported and discussed"))
        self.decisions.setPlaceholderText(_("What the meeting decided"))
        self.form.set_label("title", _("Agenda item:"))
        self.form.set_label("discussion", _("Discussion:"))
        self.form.set_label("decisions", _("Decisions:"))

    def load(self, entry: AgendaEntry) -> None:
        self.title.setText(entry.title)
        self.discussion.setPlainText(entry.discussion)
        self.decisions.setPlainText(entry.decisions)

    def collect(self, entry: AgendaEntry) -> AgendaEntry:
        return replace(
            entry,
            title=self.title.text(),
            discussion=self.discussion.toPlainText(),
            decisions=self.decisions.toPlainText(),
        )

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
