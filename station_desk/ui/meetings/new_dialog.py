"""The "New meeting" dialog (新建会议): type, title, time and place of a planned meeting.

The title follows the type and month (`suggested_title`) until the officer types one. The
place defaults to the police room. The agenda starts from the type's template; the open
action items of the previous meeting of the same type are carried over, and its attendees
can be invited again.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta

from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

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
from station_desk.i18n import _
from station_desk.services.container import Services
from station_desk.ui.errors import user_errors
from station_desk.ui.meetings.facts import meeting_type_combo
from station_desk.ui.widgets.forms import FormDialog
from station_desk.ui.widgets.inputs import (
    OptionalDateTime,
    date_time_edit,
    from_qdatetime,
)

DEFAULT_START = time(9, 0)
DEFAULT_LENGTH = timedelta(hours=2)


def default_start(now: datetime | None = None) -> datetime:
    """Tomorrow at 09:00, the usual time for a meeting in the room."""
    today = (now or datetime.now()).date()
    return datetime.combine(today + timedelta(days=1), DEFAULT_START)


class NewMeetingDialog(FormDialog):
    """Creates a planned meeting; `created` holds it after OK."""

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
        self.meeting_type = self.form.add_field("meeting_type", meeting_type_combo())
        self.meeting_type.setCurrentIndex(self.meeting_type.findData(meeting_type.value))
        self.title = self.form.add_field("title", QLineEdit())
        self.title.setMaxLength(MAX_TITLE)
        self.starts_at = self.form.add_field("starts_at", date_time_edit(start))
        self.ends_at = self.form.add_field(
            "ends_at", OptionalDateTime(_("Set"), tooltip=_("Ends at"))
        )
        self.ends_at.set_value(None, default=start + DEFAULT_LENGTH)
        self.place = self.form.add_field("place", QLineEdit())
        self.place.setMaxLength(MAX_PLACE)
        with user_errors(self):
            self.place.setPlaceholderText(self._services.settings.get().room_name)
        self.carry_over = self.form.add_field("carry_over", QCheckBox())
        self.invite_again = self.form.add_field("attendees", QCheckBox())
        for key, text in (
            ("meeting_type", _("Meeting type:")),
            ("title", _("Title:")),
            ("starts_at", _("Starts at:")),
            ("ends_at", _("Ends:")),
            ("place", _("Place:")),
            ("carry_over", ""),
            ("attendees", ""),
        ):
            self.form.set_label(key, text)
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
        return MeetingDraft(
            meeting_type=self.chosen_type(),
            title=self.title.text(),
            starts_at=from_qdatetime(self.starts_at.dateTime()),
            ends_at=self.ends_at.value(),
            place=self.place.text(),
            attendees=self._previous_attendees(),
            carry_over=self.carry_over.isChecked(),
        )

    def save(self) -> None:
        self.created = self._services.meetings.new_meeting(self._principal, self.draft())
