"""The meetings page (会议): the list of meetings with filters, and the editor of one meeting.

The list filters by type, status, date range and text (title, place, host, recorder) and can
show deleted meetings to restore them. Enter or a double click opens a meeting in the editor,
which takes the page's place until "Back to list"; leaving it with unsaved edits asks first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from station_desk.domain.accounts import Principal
from station_desk.domain.meetings import (
    MeetingQuery,
    MeetingStatus,
    MeetingSummary,
    MeetingType,
)
from station_desk.domain.roles import Permission
from station_desk.i18n import N_, _
from station_desk.services.container import Services
from station_desk.ui.audit.page import DateFilter
from station_desk.ui.errors import user_errors
from station_desk.ui.meetings.editor import MeetingEditor
from station_desk.ui.meetings.new_dialog import NewMeetingDialog
from station_desk.ui.widgets.dialogs import confirm, open_dialog
from station_desk.ui.widgets.record_page import (
    LIST_LIMIT,
    count_text,
    select_record,
    selected_record,
)
from station_desk.ui.widgets.rows import GREY, StyledRowsModel, row_table, tool_button
from station_desk.ui.widgets.table_model import Column


def meeting_time(summary: MeetingSummary) -> str:
    text = f"{summary.starts_at:%Y-%m-%d %H:%M}"
    if summary.ends_at is not None:
        same_day = summary.ends_at.date() == summary.starts_at.date()
        text += f"–{summary.ends_at:%H:%M}" if same_day else f" – {summary.ends_at:%Y-%m-%d %H:%M}"
    return text


def meeting_status(summary: MeetingSummary) -> str:
    if summary.is_deleted:
        return _("{status} (deleted)").format(status=summary.status.label)
    return summary.status.label


MEETING_COLUMNS = (
    Column(N_("Date and time"), meeting_time),
    Column(N_("Type"), lambda m: m.meeting_type.label),
    Column(N_("Title"), lambda m: m.title),
    Column(N_("Place"), lambda m: m.place),
    Column(N_("Host"), lambda m: m.host),
    Column(N_("Status"), meeting_status),
)


def _deleted_grey(summary: MeetingSummary) -> tuple[QColor | None, QColor | None]:
    return (GREY, None) if summary.is_deleted else (None, None)


def enum_combo(everything: str, members: list[MeetingType] | list[MeetingStatus]) -> QComboBox:
    combo = QComboBox()
    combo.addItem(everything, None)
    for member in members:
        combo.addItem(member.label, member.value)
    return combo


class MeetingList(QWidget):
    """Filters, the table of meetings and the buttons acting on the chosen one."""

    def __init__(self, page: MeetingsPage) -> None:
        super().__init__(page)
        self._page = page
        self.meeting_type = enum_combo(_("All types"), list(MeetingType))
        self.status = enum_combo(_("All statuses"), list(MeetingStatus))
        today = date.today()
        self.date_from = DateFilter(_("From"), date(today.year, 1, 1))
        self.date_to = DateFilter(_("To"), today)
        self.text = QLineEdit()
        self.text.setPlaceholderText(_("Title, place, host or recorder"))
        self.text.setClearButtonEnabled(True)
        self.show_deleted = QCheckBox(_("Show deleted"))
        self.model = StyledRowsModel(MEETING_COLUMNS, _deleted_grey, self)
        self.table = row_table(self.model, widths=(150, 110, 320, 170, 70))
        self.count = QLabel()
        self.new_button = tool_button(_("New meeting…"), "new", page.new_meeting)
        self.open_button = tool_button(_("Open meeting"), "open", page.open_selected)
        self.delete_button = tool_button(_("Delete…"), "delete", page.delete_selected)
        self.restore_button = tool_button(_("Restore"), "restore", page.restore_selected)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._filters())
        layout.addLayout(self._buttons())
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        self.table.activated.connect(lambda _index: page.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: page.update_buttons())
        for combo in (self.meeting_type, self.status):
            combo.currentIndexChanged.connect(page.search)
        for date_filter in (self.date_from, self.date_to):
            date_filter.check.toggled.connect(page.search)
            date_filter.edit.dateChanged.connect(page.search)
        self.show_deleted.toggled.connect(page.search)
        self.text.returnPressed.connect(page.search)
        self.text.textChanged.connect(lambda text: text or page.search())

    def _filters(self) -> QGridLayout:
        search = tool_button(_("Search"), "search", self._page.search)
        grid = QGridLayout()
        grid.addWidget(QLabel(_("Type:")), 0, 0)
        grid.addWidget(self.meeting_type, 0, 1)
        grid.addWidget(QLabel(_("Status:")), 0, 2)
        grid.addWidget(self.status, 0, 3)
        grid.addWidget(self.date_from, 0, 4)
        grid.addWidget(self.date_to, 0, 5)
        grid.addWidget(QLabel(_("Text:")), 1, 0)
        grid.addWidget(self.text, 1, 1, 1, 3)
        grid.addWidget(search, 1, 4)
        grid.addWidget(self.show_deleted, 1, 5)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return grid

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for button in (self.new_button, self.open_button, self.delete_button, self.restore_button):
            row.addWidget(button)
        row.addStretch(1)
        return row

    def query(self) -> MeetingQuery:
        return MeetingQuery(
            meeting_type=self.meeting_type.currentData(),
            status=self.status.currentData(),
            date_from=self.date_from.day(),
            date_to=self.date_to.day(),
            text=self.text.text(),
            include_deleted=self.show_deleted.isChecked(),
            limit=LIST_LIMIT,
        )

    def filtered(self) -> bool:
        """Whether a filter narrows the list ("Show deleted" only widens it)."""
        query = replace(self.query(), text=self.text.text().strip(), include_deleted=False)
        return query != MeetingQuery(limit=LIST_LIMIT)


class MeetingsPage(QWidget):
    """The list of meetings and, in its place while open, the editor of one."""

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(parent)
        self._services = services
        self._principal = principal
        self.list = MeetingList(self)
        self.editor = MeetingEditor(services, principal)
        self.editor.back_requested.connect(self.show_list)
        self.editor.saved.connect(lambda _detail: self.search())
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list)
        self.stack.addWidget(self.editor)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self.search()

    # -- the list --------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the list (the open editor keeps what is typed)."""
        self.search()

    def search(self) -> None:
        chosen = self.selected()
        with user_errors(self):
            rows = self._services.meetings.list_meetings(self._principal, self.list.query())
            self.list.model.set_rows(rows)
            capped = _("The newest {n} meetings are shown; narrow the filters to see others.")
            self.list.count.setText(count_text(len(rows), _("{n} meetings"), capped))
            if not rows and not self.list.filtered():
                self.list.count.setText(_("No meetings yet. Use “New meeting…” to record one."))
        if chosen is not None:
            self.select(chosen.id)
        self.update_buttons()

    def rows(self) -> list[MeetingSummary]:
        return self.list.model.rows()

    def select(self, meeting_id: str) -> None:
        select_record(self.list, meeting_id)

    def selected(self) -> MeetingSummary | None:
        return selected_record(self.list)

    def update_buttons(self) -> None:
        chosen = self.selected()
        may_edit = self._principal.can(Permission.EDIT_RECORDS)
        self.list.new_button.setEnabled(may_edit)
        self.list.open_button.setEnabled(chosen is not None)
        deletable = chosen is not None and not chosen.is_deleted
        deletable = deletable and chosen.status is not MeetingStatus.FINALISED
        self.list.delete_button.setEnabled(may_edit and deletable)
        self.list.restore_button.setEnabled(may_edit and chosen is not None and chosen.is_deleted)

    # -- acting on meetings ----------------------------------------------------------------
    def new_meeting(self) -> NewMeetingDialog:
        chosen = self.list.meeting_type.currentData()
        kind = MeetingType(chosen) if chosen else MeetingType.SECURITY_COMMITTEE
        dialog = NewMeetingDialog(self._services, self._principal, self, kind)
        dialog.accepted.connect(lambda: dialog.created and self._created(dialog.created.id))
        return open_dialog(dialog)

    def _created(self, meeting_id: str) -> None:
        self.search()
        self.select(meeting_id)
        self.open_meeting(meeting_id)

    def open_selected(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.open_meeting(chosen.id)

    def open_meeting(self, meeting_id: str) -> None:
        """Show the meeting in the editor (asking first about unsaved edits of another)."""
        if self.is_editing() and self.editor.meeting and self.editor.meeting.id == meeting_id:
            return
        self.leave_then(lambda: self._open(meeting_id))

    def _open(self, meeting_id: str) -> None:
        with user_errors(self):
            self.editor.load(self._services.meetings.get(self._principal, meeting_id))
            self.stack.setCurrentWidget(self.editor)
            self.editor.tabs.setFocus()

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list)
        self.search()
        if self.editor.meeting is not None:
            self.select(self.editor.meeting.id)
        self.list.table.setFocus()

    def is_editing(self) -> bool:
        return self.stack.currentWidget() is self.editor

    def delete_selected(self) -> QMessageBox | None:
        chosen = self.selected()
        if chosen is None:
            return None
        return confirm(
            self,
            _("Delete the meeting {title}? It can be restored later.").format(title=chosen.title),
            lambda: self._act(lambda: self._services.meetings.delete(self._principal, chosen.id)),
        )

    def restore_selected(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self._act(lambda: self._services.meetings.restore(self._principal, chosen.id))

    def _act(self, action: Callable[[], object]) -> None:
        with user_errors(self):
            action()
        self.search()

    # -- leaving ---------------------------------------------------------------------------
    def has_unsaved_changes(self) -> bool:
        return self.editor.is_dirty()

    def leave_then(self, proceed: Callable[[], object]) -> None:
        """Run `proceed` now, or once the officer has saved or discarded the open meeting."""
        self.editor.leave_then(proceed)
