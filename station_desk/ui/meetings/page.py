"""The meetings page (会议): the list of meetings with filters, and the editor of one meeting.

The list filters by type, status, date range and text (title, place, host, recorder) and can
show deleted meetings to restore them. Enter or a double click opens a meeting in the editor,
which takes the page's place until "Back to list"; leaving it with unsaved edits asks first.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QGridLayout,
)

from station_desk.domain.meetings import (
    MeetingQuery,
    MeetingStatus,
    MeetingSummary,
    MeetingType,
)
from station_desk.i18n import N_, Nn_, _
from station_desk.services.container import Services
from station_desk.ui.meetings.editor import MeetingEditor
from station_desk.ui.meetings.new_dialog import NewMeetingDialog
from station_desk.ui.widgets.filters import chosen, period_filters, search_box
from station_desk.ui.widgets.inputs import enum_choice
from station_desk.ui.widgets.record_page import RecordCalls, RecordList, RecordPage
from station_desk.ui.widgets.rows import deleted_grey, status_text, tool_button
from station_desk.ui.widgets.table_model import Column


def meeting_time(summary: MeetingSummary) -> str:
    text = f"{summary.starts_at:%Y-%m-%d %H:%M}"
    if summary.ends_at is not None:
        same_day = summary.ends_at.date() == summary.starts_at.date()
        text += f"–{summary.ends_at:%H:%M}" if same_day else f" – {summary.ends_at:%Y-%m-%d %H:%M}"
    return text


MEETING_COLUMNS = (
    Column(N_("Date and time"), meeting_time),
    Column(N_("Type"), lambda m: m.meeting_type.label),
    Column(N_("Title"), lambda m: m.title),
    Column(N_("Place"), lambda m: m.place),
    Column(N_("Host"), lambda m: m.host),
    Column(N_("Status"), status_text),
)


class MeetingList(RecordList):
    """Filters, the table of meetings and the buttons acting on the chosen one."""

    def __init__(self, page: MeetingsPage) -> None:
        super().__init__(
            page,
            MEETING_COLUMNS,
            deleted_grey,
            (150, 110, 320, 170, 70),
            (_("New meeting…"), page.new_meeting),
            _("Open meeting"),
        )
        self.meeting_type = enum_choice(list(MeetingType), empty=_("All types"))
        self.status = enum_choice(list(MeetingStatus), empty=_("All statuses"))
        self.date_from, self.date_to = period_filters(date(date.today().year, 1, 1))
        self.text = search_box(_("Title, place, host or recorder"))
        self.arrange(self._filters(page), self.button_row())

    def _filters(self, page: MeetingsPage) -> QGridLayout:
        search = tool_button(_("Search"), "search", page.search)
        return self.filters(
            (_("Type:"), self.meeting_type, _("Status:"), self.status, self.date_from,
             self.date_to),
            (_("Text:"), (self.text, 3), search, self.show_deleted),
        )

    def query(self) -> MeetingQuery:
        return self.query_of(
            MeetingQuery,
            meeting_type=chosen(self.meeting_type, MeetingType),
            status=chosen(self.status, MeetingStatus),
            date_from=self.date_from.day(),
            date_to=self.date_to.day(),
            text=self.text.text().strip(),
        )


class MeetingsPage(RecordPage[MeetingList, MeetingEditor]):
    """The list of meetings and, in its place while open, the editor of one."""

    restore_with_deleted = False  # Restore stays on the list
    count_texts = (
        Nn_("{n} meeting", "{n} meetings"),
        N_("The newest {n} meetings are shown; narrow the filters to see others."),
        N_("No meetings yet. Use “New meeting…” to record one."),
    )

    list_type = MeetingList
    editor_type = MeetingEditor

    def record_calls(self, services: Services) -> RecordCalls:
        meetings = services.meetings
        return RecordCalls(meetings.list_meetings, meetings.get, meetings.delete, meetings.restore)

    def delete_question(self, summary: MeetingSummary) -> str:
        return _("Delete the meeting {title}? It can be restored later.").format(
            title=summary.title
        )

    def may_delete(self, summary: MeetingSummary) -> bool:
        return summary.status is not MeetingStatus.FINALISED

    def new_meeting(self) -> NewMeetingDialog:
        chosen = self.list.meeting_type.currentData()
        kind = MeetingType(chosen) if chosen else MeetingType.SECURITY_COMMITTEE
        return self.open_new(NewMeetingDialog(self._services, self._principal, self, kind))

    def open_meeting(self, meeting_id: str) -> None:
        """Show the meeting in the editor (asking first about unsaved edits of another)."""
        self.open_record(meeting_id)
