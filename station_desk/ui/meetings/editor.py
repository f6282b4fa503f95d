"""The meeting editor (会议编辑): one meeting in tabs — facts, attendees, agenda, action items,
amendments — saved in one go (Ctrl+S), with the status actions and the two printouts.

Nothing typed is lost: leaving with unsaved edits asks Save / Discard / Cancel
(`leave_then()`), and a status change or a printout saves pending edits first. Errors come
back from the service and are shown where they belong: a field error under the field of the
Facts tab, a row error (`MeetingRowError`) on its tab with the row selected and the message
under the field. Finalised minutes open read-only; only amendments may then be added.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QWidget

from station_desk.documents import MEETING_DOCUMENTS, Request
from station_desk.domain.accounts import Principal
from station_desk.domain.meetings import (
    ACTIONS,
    AGENDA,
    ATTENDEES,
    MeetingDetail,
    MeetingDocument,
    MeetingRowError,
    MeetingStatus,
    MeetingType,
    MeetingUpdate,
)
from station_desk.errors import StationDeskError
from station_desk.i18n import _
from station_desk.services.container import Services
from station_desk.ui.fonts import heading_font
from station_desk.ui.meetings.actions import ActionsTab
from station_desk.ui.meetings.agenda import AgendaSection
from station_desk.ui.meetings.amendments import AmendmentsTab
from station_desk.ui.meetings.attendees import AttendeesSection
from station_desk.ui.meetings.facts import FactsSection
from station_desk.ui.widgets.dialogs import confirm, open_dialog
from station_desk.ui.widgets.editor import RecordEditor
from station_desk.ui.widgets.layouts import lay_out
from station_desk.ui.widgets.preview import DocumentPreviewDialog, preview_document
from station_desk.ui.widgets.rows import button_row, status_text, tool_button

if TYPE_CHECKING:
    from station_desk.ui.reports.review_dialog import MeetingReviewDialog

REVIEWED_MEETINGS = (MeetingType.ACCOUNTABILITY, MeetingType.POLICE_BRIEFING)  # hear a report
STATUS_STYLES = {
    MeetingStatus.PLANNED: "color: #35506b;",
    MeetingStatus.HELD: "color: #1b5e20;",
    MeetingStatus.FINALISED: "color: #555555;",
}


@dataclass(frozen=True)
class EditorPlace:
    """Where the officer was: the tab and the chosen row of each list (kept over a save)."""

    tab: int
    rows: tuple[int, ...]


class MeetingEditor(RecordEditor):
    """Edits one meeting; `back_requested` asks the page to show the list again, `saved(detail)`
    after every save or status change."""

    parts = ("meeting",)
    actions: ActionsTab  # type: ignore[assignment]  # the tab, in place of QWidget.actions()

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(services, principal, parent)
        self.facts = FactsSection()
        self.attendees = AttendeesSection(services, principal)
        self.agenda = AgendaSection()
        self.actions = ActionsTab()
        self.amendments = AmendmentsTab(services, principal)
        for widget in (self.facts, self.attendees, self.agenda, self.actions, self.amendments):
            self.tabs.addTab(widget, "")
        self.forms["meeting"] = (self.facts.form, 0)
        lay_out(self, self._title_row(), self._button_row(), (self.tabs, 1), margin=0)
        self._connect()

    @property
    def meeting(self) -> MeetingDetail | None:
        return self.record

    # -- building --------------------------------------------------------------------------
    def _title_row(self) -> QHBoxLayout:
        self.title_label = QLabel()
        self.title_label.setFont(heading_font(13))
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.back_button)
        row.addWidget(self.title_label, 1)
        row.addWidget(self.unsaved_label)
        row.addWidget(self.status_label)
        return row

    def _button_row(self) -> QHBoxLayout:
        self.held_button = tool_button(_("Mark as held"), "held", self.mark_held)
        self.planned_button = tool_button(_("Back to planned"), "unhold", self.back_to_planned)
        self.finalise_button = tool_button(_("Finalise…"), "finalise", self.finalise)
        self.sign_in_button = tool_button(
            _("Print sign-in sheet…"), "sign-in", lambda: self.preview(MeetingDocument.SIGN_IN)
        )
        self.minutes_button = tool_button(
            _("Print minutes…"), "minutes", lambda: self.preview(MeetingDocument.MINUTES)
        )
        self.review_button = tool_button(_("Review…"), "review", self.open_review)
        self.review_button.setToolTip(_("The report heard and the attendees' ratings"))
        self.review_button.hide()  # shown for a meeting that hears a report
        return button_row(
            self.save_button,
            self.held_button,
            self.planned_button,
            self.finalise_button,
            right=(self.review_button, self.sign_in_button, self.minutes_button),
        )

    def _connect(self) -> None:
        for section in (self.facts, self.attendees, self.agenda, self.actions):
            section.changed.connect(self._changed)
        self.attendees.changed.connect(self._people_changed)
        self.agenda.changed.connect(self._agenda_changed)
        self.agenda.reordered.connect(self.actions.own.agenda_reordered)
        self.amendments.added.connect(self._loaded)

    # -- loading ---------------------------------------------------------------------------
    def load(self, meeting: MeetingDetail, keep: Collection[str] = ()) -> None:
        """Show `meeting` (saved state) on its first tab."""
        self._show(meeting, EditorPlace(0, (0, 0, 0, 0)))

    def reload(self, meeting: MeetingDetail, keep: Collection[str] = ()) -> None:
        """Show `meeting` as saved, keeping the tab and the chosen rows."""
        self._show(meeting, self.place())

    def _show(self, meeting: MeetingDetail, place: EditorPlace) -> None:
        super().load(meeting)
        self._restore_place(place)
        self._changed()

    def fill(self, meeting: MeetingDetail) -> None:
        self.facts.load(meeting)
        self.attendees.set_status(meeting.status)
        self.attendees.set_entries(meeting.attendees)
        self.agenda.set_entries(meeting.agenda)
        self.actions.set_entries(meeting.actions, meeting.starts_at.date())
        self.amendments.set_meeting(meeting)
        self._people_changed()
        self._agenda_changed()
        self._apply_state(meeting)

    def place(self) -> EditorPlace:
        sections = (self.attendees, self.agenda, self.actions.carried, self.actions.own)
        return EditorPlace(self.tabs.currentIndex(), tuple(s.current_row() for s in sections))

    def _restore_place(self, place: EditorPlace) -> None:
        sections = (self.attendees, self.agenda, self.actions.carried, self.actions.own)
        for section, row in zip(sections, place.rows, strict=True):
            section.select_row(min(max(row, 0), section.model.rowCount() - 1))
        self.tabs.setCurrentIndex(place.tab)

    def _apply_state(self, meeting: MeetingDetail) -> None:
        editable = meeting.is_editable
        self.facts.set_editable(editable)
        for section in (self.attendees, self.agenda, self.actions):
            section.set_editable(editable)
        self.save_button.setEnabled(editable)
        live = not meeting.is_deleted
        self.held_button.setEnabled(live and meeting.status is MeetingStatus.PLANNED)
        self.planned_button.setEnabled(live and meeting.status is MeetingStatus.HELD)
        self.finalise_button.setEnabled(live and meeting.status is MeetingStatus.HELD)
        self.review_button.setVisible(meeting.meeting_type in REVIEWED_MEETINGS)
        self.review_button.setEnabled(live)
        self.title_label.setText(meeting.title)
        self.status_label.setText(status_text(meeting))
        self.status_label.setStyleSheet(STATUS_STYLES[meeting.status])

    def _people_changed(self) -> None:
        names = self.attendees.names()
        if self.meeting is not None:
            names += [self.meeting.host, self.meeting.recorder]
        self.facts.set_people(names)
        self.actions.own.set_people(names)

    def _agenda_changed(self) -> None:
        self.actions.own.set_agenda(self.agenda.titles())

    def _changed(self) -> None:
        self.tabs.setTabText(0, _("Facts"))
        self.tabs.setTabText(1, _("Attendees ({n})").format(n=self.attendees.model.rowCount()))
        self.tabs.setTabText(2, _("Agenda ({n})").format(n=self.agenda.model.rowCount()))
        self.tabs.setTabText(3, _("Action items ({n})").format(n=self.actions.count()))
        self.tabs.setTabText(4, _("Amendments ({n})").format(n=self.amendments.count()))
        self.actions.own.set_meeting_day(self.facts.values()["starts_at"].date())
        self.show_unsaved()

    # -- the edited meeting ----------------------------------------------------------------
    def current(self, part: str) -> MeetingUpdate:
        return self.current_update()

    def current_update(self) -> MeetingUpdate:
        if self.meeting is None:
            raise RuntimeError("no meeting loaded")
        return MeetingUpdate(
            id=self.meeting.id,
            attendees=self.attendees.entries(),
            agenda=self.agenda.entries(),
            actions=self.actions.entries(),
            **self.facts.values(),
        )

    def store(self, part: str, value: MeetingUpdate) -> MeetingDetail:
        return self._services.meetings.save(self._principal, value)

    def may_edit(self) -> bool:
        return self.meeting is not None and self.meeting.is_editable

    def clear_errors(self) -> None:
        self.facts.form.clear_errors()
        self.attendees.form.clear_errors()
        self.attendees.finder.show_error("")
        self.agenda.form.clear_errors()
        self.actions.clear_errors()

    def show_problem(self, error: StationDeskError, part: str = "meeting") -> None:
        """Show a service error at its field or row; anything else in a message box."""
        if isinstance(error, MeetingRowError):
            tabs: dict[str, AttendeesSection | AgendaSection | ActionsTab] = {
                ATTENDEES: self.attendees,
                AGENDA: self.agenda,
                ACTIONS: self.actions,
            }
            target = tabs.get(error.section)
            if target is not None:
                self.tabs.setCurrentWidget(target)
                target.show_row_error(error.row, error.field, error.message)
                return
        super().show_problem(error, part)

    def unsaved_question(self) -> str:
        return _("The meeting {title} has unsaved changes. Save them?").format(
            title=self.facts.values()["title"] or (self.meeting.title if self.meeting else "")
        )

    # -- status ----------------------------------------------------------------------------
    def _set_status(self, status: MeetingStatus) -> None:
        if self.meeting is not None:
            meeting_id = self.meeting.id
            self.act(
                lambda: self._services.meetings.set_status(self._principal, meeting_id, status)
            )

    def mark_held(self) -> None:
        self.saved_then(lambda: self._set_status(MeetingStatus.HELD))

    def back_to_planned(self) -> QMessageBox:
        return confirm(
            self,
            _("Set the meeting back to planned? The attendance marks will be cleared."),
            lambda: self.saved_then(lambda: self._set_status(MeetingStatus.PLANNED)),
        )

    def finalise(self) -> QMessageBox:
        return confirm(
            self,
            _(
                "Finalise the minutes? They can no longer be edited; later corrections are "
                "added as amendments."
            ),
            lambda: self.saved_then(lambda: self._set_status(MeetingStatus.FINALISED)),
        )

    # -- the report heard (述职报告 / 警情通报) and its 评议 ------------------------------------
    def open_review(self) -> MeetingReviewDialog | None:
        """The report the meeting heard and the ratings (pending edits are saved first)."""
        if self.meeting is None or (self.is_dirty() and not self.save()):
            return None
        from station_desk.ui.reports.review_dialog import MeetingReviewDialog

        return open_dialog(MeetingReviewDialog(self._services, self._principal, self.meeting, self))

    # -- printing --------------------------------------------------------------------------
    def preview(self, document: MeetingDocument) -> DocumentPreviewDialog | None:
        """Open the print preview of the saved meeting (pending edits are saved first)."""
        if self.meeting is None or (self.is_dirty() and not self.save()):
            return None
        meeting, kind = self.meeting, MEETING_DOCUMENTS[document]
        name = self._services.meeting_documents.suggested_filename(meeting, document)
        return preview_document(self, kind, Request(meeting.id), meeting.title, name)
