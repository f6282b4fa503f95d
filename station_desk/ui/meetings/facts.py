"""The "Facts" tab of the meeting editor: type, title, times, place, host, recorder, summary.

Host and recorder are editable boxes offering the meeting's attendees (and the room's staff);
any name may be typed. Errors of these fields (an empty title, an end before the start) are
shown under the field by the editor through `form.show_error()`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from station_desk.domain.meetings import (
    MAX_PLACE,
    MAX_TITLE,
    MeetingDetail,
    MeetingType,
)
from station_desk.i18n import _
from station_desk.ui.widgets.forms import FieldForm
from station_desk.ui.widgets.inputs import (
    NameCombo,
    OptionalDateTime,
    date_time_edit,
    from_qdatetime,
    to_qdatetime,
)
from station_desk.ui.widgets.rows import lock_input

SUMMARY_HEIGHT = 90


def meeting_type_combo() -> QComboBox:
    combo = QComboBox()
    for kind in MeetingType:
        combo.addItem(kind.label, kind.value)
    return combo


class FactsSection(QWidget):
    """The meeting's own fields; `changed` on every edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self.form = FieldForm()
        self.meeting_type = self.form.add_field("meeting_type", meeting_type_combo())
        self.title = self.form.add_field("title", QLineEdit())
        self.title.setMaxLength(MAX_TITLE)
        self.starts_at = self.form.add_field("starts_at", date_time_edit())
        self.ends_at = self.form.add_field(
            "ends_at", OptionalDateTime(_("Set"), tooltip=_("Ends at"))
        )
        self.place = self.form.add_field("place", QLineEdit())
        self.place.setMaxLength(MAX_PLACE)
        self.host = self.form.add_field("host", NameCombo())
        self.recorder = self.form.add_field("recorder", NameCombo())
        self.summary = self.form.add_field("summary", QPlainTextEdit())
        self.notes = self.form.add_field("notes", QPlainTextEdit())
        for edit in (self.summary, self.notes):
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(SUMMARY_HEIGHT)
        for key, text in (
            ("meeting_type", _("Meeting type:")),
            ("title", _("Title:")),
            ("starts_at", _("Starts at:")),
            ("ends_at", _("Ends:")),
            ("place", _("Place:")),
            ("host", _("Host:")),
            ("recorder", _("Recorder:")),
            ("summary", _("Summary:")),
            ("notes", _("Notes:")),
        ):
            self.form.set_label(key, text)
        self.summary.setPlaceholderText(
            _("Overall summary of the meeting (printed in the minutes)")
        )
        self._inputs: list[QWidget] = [
            self.meeting_type,
            self.title,
            self.starts_at,
            self.ends_at,
            self.place,
            self.host,
            self.recorder,
            self.summary,
            self.notes,
        ]
        self.meeting_type.currentIndexChanged.connect(self._edited)
        self.title.textChanged.connect(self._edited)
        self.starts_at.dateTimeChanged.connect(self._edited)
        self.ends_at.changed.connect(self._edited)
        self.place.textChanged.connect(self._edited)
        for combo in (self.host, self.recorder):
            combo.editTextChanged.connect(self._edited)
            combo.currentIndexChanged.connect(self._edited)
        self.summary.textChanged.connect(self._edited)
        self.notes.textChanged.connect(self._edited)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addStretch(1)

    def _edited(self, *_args: object) -> None:
        if not self._loading:
            self.changed.emit()

    def load(self, meeting: MeetingDetail) -> None:
        self._loading = True
        try:
            self.form.clear_errors()
            self.meeting_type.setCurrentIndex(
                self.meeting_type.findData(meeting.meeting_type.value)
            )
            self.title.setText(meeting.title)
            self.starts_at.setDateTime(to_qdatetime(meeting.starts_at))
            self.ends_at.set_value(meeting.ends_at, default=meeting.starts_at)
            self.place.setText(meeting.place)
            self.host.set_text(meeting.host)
            self.recorder.set_text(meeting.recorder)
            self.summary.setPlainText(meeting.summary)
            self.notes.setPlainText(meeting.notes)
        finally:
            self._loading = False

    def values(self) -> dict[str, Any]:
        """The fields as `MeetingUpdate` keyword arguments."""
        return {
            "meeting_type": MeetingType(self.meeting_type.currentData()),
            "title": self.title.text(),
            "starts_at": from_qdatetime(self.starts_at.dateTime()),
            "ends_at": self.ends_at.value(),
            "place": self.place.text(),
            "host": self.host.text(),
            "recorder": self.recorder.text(),
            "summary": self.summary.toPlainText(),
            "notes": self.notes.toPlainText(),
        }

    def set_people(self, names: list[str]) -> None:
        """Offer these names for host and recorder (what is typed stays)."""
        self._loading = True
        try:
            self.host.set_choices(names)
            self.recorder.set_choices(names)
        finally:
            self._loading = False

    def set_editable(self, editable: bool) -> None:
        for widget in self._inputs:
            lock_input(widget, not editable)
