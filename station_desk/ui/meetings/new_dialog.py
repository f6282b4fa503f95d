"""The "New meeting" dialog (新建会议): type, title, time and place of a planned meeting.

The title follows the type, month and room (`suggested_title`) until the officer types one.
The place defaults to the police room; host and recorder to those of the previous meeting of
the same type (until typed over). The end moves with the start. A note warns when a meeting
of that type is already planned in that month. The agenda starts from the type's template;
the open action items of the previous meeting of the same type are carried over, and its
attendees can be invited again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from PySide6.QtWidgets import QWidget

from station_desk.domain.accounts import Principal
from station_desk.domain.duty import month_end
from station_desk.domain.meetings import (
    AttendeeEntry,
    MeetingDetail,
    MeetingDraft,
    MeetingQuery,
    MeetingStatus,
    MeetingSummary,
    MeetingType,
    meeting_times,
    suggested_title,
)
from station_desk.i18n import _
from station_desk.services.container import Services
from station_desk.ui.errors import user_errors
from station_desk.ui.meetings.facts import MeetingFields
from station_desk.ui.widgets.fields import (
    CheckField,
    NoteField,
)
from station_desk.ui.widgets.forms import FormDialog
from station_desk.ui.widgets.inputs import end_follows_start, from_qdatetime
from station_desk.ui.widgets.reading import BackgroundRead

WARNING_STYLE = "color: #8a5a00;"
DEFAULT_START = time(9, 0)
DEFAULT_LENGTH = timedelta(hours=2)


class _Suggestions(NamedTuple):
    """What the dialog's first suggestions are made of (read on a worker thread)."""

    room: str
    previous: MeetingSummary | None  # the latest earlier meeting of the type
    planned: list[MeetingSummary]  # of the type, already planned that month
    earlier: MeetingDetail | None  # the previous meeting, for its host and recorder


def default_start(now: datetime | None = None) -> datetime:
    """Tomorrow at 09:00, the usual time for a meeting in the room."""
    today = (now or datetime.now()).date()
    return datetime.combine(today + timedelta(days=1), DEFAULT_START)


class NewMeetingDialog(FormDialog, MeetingFields):
    """Creates a planned meeting; `created` holds it after OK."""

    already_planned = NoteField(style=WARNING_STYLE, wrap=True)
    carry_over = CheckField("")
    invite_again = CheckField("", key="attendees")

    def __init__(
        self,
        services: Services,
        principal: Principal,
        parent: QWidget | None = None,
        meeting_type: MeetingType = MeetingType.SECURITY_COMMITTEE,
    ) -> None:
        super().__init__(_("New meeting"), parent)
        self._services = services
        self._principal = principal
        self._title_typed = False
        self._people_typed = False
        self._previous: MeetingSummary | None = None
        self._people_from = ""  # the id of the meeting whose host and recorder are shown
        self.created: MeetingDetail | None = None
        start = default_start()
        self.show_values({"meeting_type": meeting_type, "starts_at": start})
        self.ends_at.set_value(None, default=start + DEFAULT_LENGTH)
        self._room: str | None = None  # the room's name, read with the suggestions
        self.reads = BackgroundRead(self)
        self.title.textEdited.connect(self._title_edited)
        for name in (self.host, self.recorder):
            typed = name.lineEdit()
            assert typed is not None  # an editable box
            typed.textEdited.connect(self._people_edited)
        end_follows_start(self.starts_at, self.ends_at)
        self.form.recheck = lambda: meeting_times(self._start(), self.ends_at.value())
        self.meeting_type.currentIndexChanged.connect(self._refresh)
        self.starts_at.dateTimeChanged.connect(self._refresh)
        self._refresh_later()
        self.setMinimumWidth(520)

    def _title_edited(self, text: str) -> None:
        self._title_typed = bool(text.strip())

    def _people_edited(self) -> None:
        self._people_typed = True

    def chosen_type(self) -> MeetingType:
        return MeetingType(self.meeting_type.currentData())

    def _start(self) -> datetime:
        return from_qdatetime(self.starts_at.dateTime())

    def _refresh_later(self) -> None:
        """The first suggestions, read on a worker thread: the dialog paints at once."""
        services, principal = self._services, self._principal
        meeting_type, start = self.chosen_type(), self._start()
        query = self._planned_query(start.date())

        def read() -> _Suggestions:
            previous = services.meetings.previous_meeting(principal, meeting_type, start)
            return _Suggestions(
                services.settings.get().room_name,
                previous,
                services.meetings.list_meetings(principal, query),
                services.meetings.get(principal, previous.id) if previous is not None else None,
            )

        self._show_previous()
        self.reads.start(read, self._show_read)

    def reading(self) -> bool:
        """Whether the first suggestions are still being read."""
        return self.reads.reading()

    def _show_read(self, read: _Suggestions) -> None:
        untouched = not self.has_changes()
        self._show_room(read.room)
        self._suggest_title(self._start())
        self._previous = read.previous
        self._show_planned(read.planned)
        self._suggest_people(lambda _meeting_id: read.earlier)
        self._show_previous()
        if untouched:  # what was suggested is not typed: closing does not ask
            self.mark_clean()

    def _show_room(self, room: str) -> None:
        self._room = room
        self.place.setPlaceholderText(room)

    def _refresh(self) -> None:
        """Suggest the title, host and recorder, warn of a meeting of the type already planned
        that month, and describe what is taken over from the previous meeting."""
        self.reads.supersede()  # the first suggestions, if still read, would come too late
        start = self._start()
        meetings = self._services.meetings
        with user_errors(self):
            if self._room is None:
                self._show_room(self._services.settings.get().room_name)
        self._suggest_title(start)
        with user_errors(self):
            self._previous = meetings.previous_meeting(self._principal, self.chosen_type(), start)
            self._show_planned(
                meetings.list_meetings(self._principal, self._planned_query(start.date()))
            )
            self._suggest_people(lambda meeting_id: meetings.get(self._principal, meeting_id))
        self._show_previous()

    def _suggest_title(self, start: datetime) -> None:
        if not self._title_typed:
            self.title.setText(suggested_title(self.chosen_type(), start.date(), self._room or ""))

    def _show_previous(self) -> None:
        """What is taken over from the previous meeting of the type, if there is one."""
        previous = self._previous
        for box in (self.carry_over, self.invite_again):
            box.setEnabled(previous is not None)
            box.setChecked(previous is not None)
        if previous is None:
            self.carry_over.setText(_("No earlier meeting of this type to carry action items from"))
            self.invite_again.setText(_("Invite the attendees of the previous meeting"))
        else:
            self.carry_over.setText(
                _("Carry over the open action items of {title}").format(title=previous.title)
            )
            self.invite_again.setText(
                _("Invite the attendees of {title} again").format(title=previous.title)
            )

    def _suggest_people(self, detail: Callable[[str], MeetingDetail | None]) -> None:
        """The host and recorder of the previous meeting of the type, until typed over;
        `detail` reads a meeting (by id)."""
        previous_id = self._previous.id if self._previous is not None else ""
        if self._people_typed or previous_id == self._people_from:
            return
        self._people_from = previous_id
        earlier = detail(previous_id) if previous_id else None
        self.host.set_text(earlier.host if earlier else "")
        self.recorder.set_text(earlier.recorder if earlier else "")

    def _planned_query(self, day: date) -> MeetingQuery:
        """Meetings of the chosen type planned in the month of `day` (a few are named)."""
        first = day.replace(day=1)
        return MeetingQuery(
            meeting_type=self.chosen_type(),
            date_from=first,
            date_to=month_end(first),
            status=MeetingStatus.PLANNED,
            limit=5,
        )

    def _show_planned(self, planned: list[MeetingSummary]) -> None:
        """Warn when a meeting of the chosen type is already planned in that month."""
        self.already_planned.setText(
            _("Already planned that month: {meetings}").format(
                meetings=_("; ").join(
                    f"{m.title} ({m.starts_at:%Y-%m-%d %H:%M})" for m in planned
                )
            )
            if planned
            else ""
        )
        self.form.show_row(self.already_planned, bool(planned))

    def _previous_attendees(self) -> tuple[AttendeeEntry, ...]:
        if self._previous is None or not self.invite_again.isChecked():
            return ()
        earlier = self._services.meetings.get(self._principal, self._previous.id)
        return tuple(
            replace(a, id=None, present=None, absence_reason="", expected=True)
            for a in earlier.attendees
        )

    def draft(self) -> MeetingDraft:
        values = self.record_values()
        values["attendees"] = self._previous_attendees()
        return MeetingDraft(**values)

    def save(self) -> None:
        if self.reads.reading():  # OK before the suggestions arrived: they are read now
            self._refresh()
        self.created = self._services.meetings.new_meeting(self._principal, self.draft())
