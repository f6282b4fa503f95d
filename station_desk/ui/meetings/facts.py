"""The "Facts" tab of the meeting editor: type, title, times, place, host, recorder, summary.

Host and recorder are editable boxes offering the meeting's attendees (and the room's staff);
any name may be typed. Errors of these fields (an empty title, an end before the start) are
shown under the field by the editor through `form.show_error()`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from station_desk.domain.meetings import (
    MAX_PLACE,
    MAX_TITLE,
    MeetingDetail,
    MeetingType,
    meeting_times,
)
from station_desk.i18n import N_
from station_desk.ui.widgets.fields import (
    ChoiceField,
    DeclaredFields,
    LineField,
    MomentField,
    NameField,
    OptionalMomentField,
    TextField,
)
from station_desk.ui.widgets.forms import FieldForm
from station_desk.ui.widgets.inputs import end_follows_start, from_qdatetime
from station_desk.ui.widgets.layouts import lay_out
from station_desk.ui.widgets.rows import lock_input, on_edit

SUMMARY_HEIGHT = 90


class MeetingFields(DeclaredFields):
    """What a meeting is: its type, title, times, place, host and recorder (the fields the
    new-meeting dialog and the editor both show, first)."""

    meeting_type = ChoiceField(N_("Meeting type:"), MeetingType)
    title = LineField(N_("Title:"), max_length=MAX_TITLE)
    starts_at = MomentField(N_("Starts at:"))
    ends_at = OptionalMomentField(N_("Ends:"), tooltip=N_("Ends at"))
    place = LineField(N_("Place:"), max_length=MAX_PLACE)
    host = NameField(N_("Host:"))
    recorder = NameField(N_("Recorder:"))


class FactsSection(QWidget, MeetingFields):
    """The meeting's own fields; `changed` on every edit."""

    changed = Signal()
    summary = TextField(
        N_("Summary:"),
        height=SUMMARY_HEIGHT,
        fixed=True,
        placeholder=N_("Overall summary of the meeting (printed in the minutes)"),
    )
    notes = TextField(N_("Notes:"), height=SUMMARY_HEIGHT, fixed=True)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self.form = FieldForm()
        self.build_fields(self.form)
        for widget in self.input_widgets():
            on_edit(widget, self._edited)
        end_follows_start(self.starts_at, self.ends_at)
        self.form.recheck = lambda: meeting_times(self.starts_at_value(), self.ends_at.value())
        lay_out(self, self.form, None)

    def _edited(self, *_args: object) -> None:
        if not self._loading:
            self.changed.emit()

    def load(self, meeting: MeetingDetail) -> None:
        self._loading = True
        try:
            self.form.clear_errors()
            self.show_record(meeting)
            self.ends_at.set_value(meeting.ends_at, default=meeting.starts_at)
        finally:
            self._loading = False

    def starts_at_value(self) -> datetime:
        return from_qdatetime(self.starts_at.dateTime())

    def values(self) -> dict[str, Any]:
        """The fields as `MeetingUpdate` keyword arguments."""
        return self.record_values()

    def set_people(self, names: list[str]) -> None:
        """Offer these names for host and recorder (what is typed stays)."""
        self._loading = True
        try:
            self.host.set_choices(names)
            self.recorder.set_choices(names)
        finally:
            self._loading = False

    def set_editable(self, editable: bool) -> None:
        for widget in self.input_widgets():
            lock_input(widget, not editable)
