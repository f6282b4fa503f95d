"""The "New meeting" dialog (新建会议): type, title, time and place of a planned meeting.

The title follows the type and month (`suggested_title`) until the officer types one. The
place defaults to the police room. The agenda starts from the type's template; the open
action items of the previous meeting of the same type are carried over, and its attendees
can be invited again.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta

from PySide6.QtWidgets import QWidget

from station_desk.domain.accounts import Principal
from station_desk.domain.meetings import (
    MAX_PLACE,
    MAX_TITLE,
    AttendeeEntry,
    MeetingDetail,
    MeetingDraft,
    MeetingSummary,
    MeetingType,
    suggested_title,
)
from station_desk.i18n import N_, _
from station_desk.services.container import Services
from station_desk.ui.errors import user_errors
from station_desk.ui.widgets.fields import (
    CheckField,
    ChoiceField,
    LineField,
    MomentField,
    OptionalMomentField,
)
from station_desk.ui.widgets.forms import FormDialog
from station_desk.ui.widgets.inputs import from_qdatetime

DEFAULT_START = time(9, 0)
DEFAULT_LENGTH = timedelta(hours=2)


def default_start(now: datetime | None = None) -> datetime:
    """Tomorrow at 09:00, the usual time for a meeting in the room."""
    today = (now or datetime.now()).date()
    return datetime.combine(today + timedelta(days=1), DEFAULT_START)


class NewMeetingDialog(FormDialog):
    """Creates a planned meeting; `created` holds it after OK."""

    meeting_type = ChoiceField(N_("Meeting type:"), MeetingType)
    title = LineField(N_("Title:"), max_length=MAX_TITLE)
    starts_at = MomentField(N_("Starts at:"))
    ends_at = OptionalMomentField(N_("Ends:"), tooltip=N_("Ends at"))
    place = LineField(N_("Place:"), max_length=MAX_PLACE)
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
        self._previous: MeetingSummary | None = None
        self.created: MeetingDetail | None = None
        start = default_start()
        self.show_values({"meeting_type": meeting_type, "starts_at": start})
        self.ends_at.set_value(None, default=start + DEFAULT_LENGTH)
        with user_errors(self):
            self.place.setPlaceholderText(self._services.settings.get().room_name)
        self.title.textEdited.connect(self._title_edited)
        self.meeting_type.currentIndexChanged.connect(self._refresh)
        self.starts_at.dateTimeChanged.connect(self._refresh)
        self._refresh()
        self.setMinimumWidth(520)

    def _title_edited(self, text: str) -> None:
        self._title_typed = bool(text.strip())

    def chosen_type(self) -> MeetingType:
        return MeetingType(self.meeting_type.currentData())

    def _refresh(self) -> None:
        """Suggest the title and describe what is taken over from the previous meeting."""
        start = from_qdatetime(self.starts_at.dateTime())
        if not self._title_typed:
            self.title.setText(suggested_title(self.chosen_type(), start.date()))
        with user_errors(self):
            self._previous = self._services.meetings.previous_meeting(
                self._principal, self.chosen_type(), start
            )
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
        self.created = self._services.meetings.new_meeting(self._principal, self.draft())
