"""The "Attendees" tab (参会人员): who is invited, who came, who did not and why.

People are found by name, pinyin initials, organisation or phone among the room's staff and
contacts (`attendee_candidates`) and added with Enter or a double click; anyone else is added
as a guest by name. The same person twice is refused at once, under the search box.
Attendance (present / absent with a reason) is marked once the meeting is held: select rows
and press Present or Absent, or "All present" for everyone not yet marked.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from station_desk.domain.accounts import Principal
from station_desk.domain.meetings import (
    ATTENDEES,
    MAX_ABSENCE_REASON,
    MAX_ORGANISATION,
    MAX_PERSON,
    MAX_ROLE,
    AttendeeCandidate,
    AttendeeEntry,
    AttendeeKind,
    MeetingStatus,
)
from station_desk.i18n import N_, _
from station_desk.services.container import Services
from station_desk.ui.errors import user_errors
from station_desk.ui.formatting import yes_no
from station_desk.ui.icons import icon
from station_desk.ui.widgets.fields import CheckField, DataChoiceField, LineField
from station_desk.ui.widgets.filters import search_box
from station_desk.ui.widgets.forms import ERROR_STYLE
from station_desk.ui.widgets.layouts import lay_out
from station_desk.ui.widgets.rows import GREY, RowSection, tool_button
from station_desk.ui.widgets.table_model import Column

SEARCH_DELAY_MS = 200
CANDIDATE_LIMIT = 60
FINDER_HEIGHT = 130


def presence_text(present: bool | None) -> str:
    if present is True:
        return _("Present")
    if present is False:
        return _("Absent")
    return "—"


def same_person(a: AttendeeEntry, b: AttendeeEntry) -> bool:
    """The service's duplicate rule: a picked person by reference, a guest by name."""
    if a.kind is AttendeeKind.GUEST or b.kind is AttendeeKind.GUEST:
        return a.kind == b.kind and "".join(a.name.split()) == "".join(b.name.split())
    return a.kind == b.kind and a.ref_id == b.ref_id


ATTENDEE_COLUMNS = (
    Column(N_("Name"), lambda a: a.name),
    Column(N_("Organisation"), lambda a: a.organisation),
    Column(N_("Role"), lambda a: a.role),
    Column(N_("Attendance"), lambda a: presence_text(a.present)),
    Column(N_("Reason for absence"), lambda a: a.absence_reason),
    Column(N_("Invited"), lambda a: yes_no(a.expected)),
    Column(N_("From"), lambda a: AttendeeKind(a.kind).label),
)


class AttendeeFinder(QWidget):
    """Search box, matches, and the buttons that add a match or a guest."""

    picked = Signal(list)  # list[AttendeeCandidate]
    guest = Signal(str)

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(parent)
        self._services = services
        self._principal = principal
        self.search = search_box(_("Find people: name, pinyin initials, organisation, phone"))
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        self.matches = QListWidget()
        self.matches.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.matches.setFixedHeight(FINDER_HEIGHT)
        self.add_button = QPushButton(icon("new"), _("Add"))
        self.guest_button = QPushButton(icon("guest"), _("Add as guest"))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        self.search.textChanged.connect(self._typed)
        self.search.returnPressed.connect(self._return_pressed)
        self.matches.itemActivated.connect(lambda _item: self.add_selected())
        self.add_button.clicked.connect(self.add_selected)
        self.guest_button.clicked.connect(self.add_guest)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.guest_button)
        buttons.addStretch(1)
        lay_out(
            self,
            QLabel(_("Add attendees:")),
            self.search,
            self.error,
            self.matches,
            buttons,
            margin=0,
        )

    def _typed(self, text: str) -> None:
        self.show_error("")
        self.guest_button.setEnabled(bool(text.strip()))
        self._timer.start()

    def _return_pressed(self) -> None:
        self.search_now()
        if self.matches.count():
            self.matches.setFocus()
            self.matches.setCurrentRow(0)

    def search_now(self) -> None:
        self._timer.stop()
        self.matches.clear()
        with user_errors(self):
            found = self._services.meetings.attendee_candidates(
                self._principal, self.search.text().strip(), CANDIDATE_LIMIT
            )
            for candidate in found:
                details = " · ".join(
                    part for part in (candidate.organisation, candidate.role) if part
                )
                text = f"{candidate.name}　{details}" if details else candidate.name
                item = QListWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, candidate)
                item.setToolTip(f"{text} ({candidate.kind.label})")
                self.matches.addItem(item)
        self.add_button.setEnabled(self.matches.count() > 0)

    def add_selected(self) -> None:
        chosen = [item.data(Qt.ItemDataRole.UserRole) for item in self.matches.selectedItems()]
        if not chosen and self.matches.currentItem() is not None:
            chosen = [self.matches.currentItem().data(Qt.ItemDataRole.UserRole)]
        if chosen:
            self.picked.emit(chosen)

    def add_guest(self) -> None:
        name = self.search.text().strip()
        if name:
            self.guest.emit(name)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def error_text(self) -> str:
        return self.error.text() if self.error.isVisibleTo(self) else ""


class AttendeesSection(RowSection):
    """The attendee list with the finder and the form of the chosen attendee."""

    section = ATTENDEES
    columns = ATTENDEE_COLUMNS
    column_widths = (80, 150, 90, 64, 100, 50)
    table_share = 58
    movable = True
    name = LineField(N_("Name:"), max_length=MAX_PERSON, aliases=("ref_id",))
    organisation = LineField(N_("Organisation:"), max_length=MAX_ORGANISATION)
    role = LineField(N_("Role:"), max_length=MAX_ROLE)
    expected = CheckField(N_("Invited (printed on the sign-in sheet)"))
    presence = DataChoiceField(
        N_("Attendance:"),
        items=((N_("Not recorded"), None), (N_("Present"), True), (N_("Absent"), False)),
        key="present",
    )
    reason = LineField(
        N_("Reason for absence:"), max_length=MAX_ABSENCE_REASON, key="absence_reason"
    )

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        self._services = services
        self._principal = principal
        self._status = MeetingStatus.PLANNED
        super().__init__(parent)
        self.finder.picked.connect(self.add_candidates)
        self.finder.guest.connect(self.add_guest)

    # -- building --------------------------------------------------------------------------
    def multi_select(self) -> bool:
        return True

    def top_panel(self) -> QWidget:
        self.finder = AttendeeFinder(self._services, self._principal)
        return self.finder

    def add_buttons(self) -> None:
        self.present_button = tool_button(_("Present"), "present", lambda: self.mark(True))
        self.absent_button = tool_button(_("Absent"), "absent", lambda: self.mark(False))
        self.all_present_button = tool_button(
            _("All present"), "all-present", self.mark_all_present
        )
        self.present_button.setShortcut("Alt+P")
        self.absent_button.setShortcut("Alt+A")
        for button in (self.present_button, self.absent_button, self.all_present_button):
            self.buttons.addWidget(button)

    def collect(self, entry: AttendeeEntry) -> AttendeeEntry:
        attendee = self.read_record(entry)
        return attendee if attendee.present is False else replace(attendee, absence_reason="")

    def row_style(self, entry: AttendeeEntry) -> tuple[QColor | None, QColor | None]:
        return (GREY, None) if entry.present is False else (None, None)

    def update_form_state(self, entry: AttendeeEntry | None) -> None:
        if entry is None:
            return
        held = self._status is not MeetingStatus.PLANNED
        self.name.setReadOnly(entry.kind is not AttendeeKind.GUEST)
        self.presence.setEnabled(held)
        self.reason.setReadOnly(not (held and entry.present is False))

    def update_buttons(self) -> None:
        editable = self.editable
        marking = editable and self._status is not MeetingStatus.PLANNED
        has_rows = bool(self.table.selectionModel().selectedRows())
        self.present_button.setEnabled(marking and has_rows)
        self.absent_button.setEnabled(marking and has_rows)
        self.all_present_button.setEnabled(marking and self.model.rowCount() > 0)
        self.finder.setEnabled(editable)

    def set_status(self, status: MeetingStatus) -> None:
        """Attendance can be marked only once the meeting is held."""
        self._status = MeetingStatus(status)
        self._update_state()

    def names(self) -> list[str]:
        return [entry.name for entry in self.entries()]

    # -- adding and marking ----------------------------------------------------------------
    def add_candidates(self, candidates: list[AttendeeCandidate]) -> None:
        held = self._status is not MeetingStatus.PLANNED
        for candidate in candidates:
            entry = candidate.as_attendee(expected=not held)
            if not self._add(entry):
                return
        self.finder.matches.clearSelection()

    def add_guest(self, name: str) -> None:
        held = self._status is not MeetingStatus.PLANNED
        if self._add(AttendeeEntry(AttendeeKind.GUEST, name, expected=not held)):
            self.finder.search.clear()

    def _add(self, entry: AttendeeEntry) -> bool:
        for existing in self.entries():
            if same_person(existing, entry):
                self.finder.show_error(
                    _("{name} is already in the list of attendees.").format(name=entry.name)
                )
                return False
        self.finder.show_error("")
        self.append_entry(entry)
        return True

    def mark(self, present: bool) -> None:
        """Mark the selected attendees present or absent."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        for row in rows:
            entry = self.model.row_at(row)
            reason = entry.absence_reason if present is False else ""
            self.model.replace_row(row, replace(entry, present=present, absence_reason=reason))
        self._reload_current()
        if present is False and len(rows) == 1:
            self.reason.setFocus()
        self.changed.emit()

    def mark_all_present(self) -> None:
        for row, entry in enumerate(self.entries()):
            if entry.present is None:
                self.model.replace_row(row, replace(entry, present=True))
        self._reload_current()
        self.changed.emit()

    def _reload_current(self) -> None:
        row = self.current_row()
        if row >= 0:
            self._loading = True
            try:
                self.load(self.model.row_at(row))
            finally:
                self._loading = False
            self._update_state()
