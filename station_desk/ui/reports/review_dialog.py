"""The report a meeting hears and its 评议 (opened from the meeting editor).

A 述职会: choose the 述职报告 heard, give each attendee's rating (满意 / 基本满意 / 不满意) and
remarks — the attendees who came are filled in with one click — and write the result. A
警情通报会: choose the 警情通报 read. OK saves everything at once through the service (nothing
is saved when it refuses); a finalised meeting's review opens read-only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_desk.domain.accounts import Principal
from station_desk.domain.meetings import MeetingDetail, MeetingStatus, MeetingType
from station_desk.domain.work_reports import MeetingReview, Rating, RatingEntry, tally_text
from station_desk.i18n import _, current_language
from station_desk.services.container import Services
from station_desk.ui.errors import user_errors
from station_desk.ui.widgets.dialogs import ServiceDialog
from station_desk.ui.widgets.rows import button_row, tool_button

NAME, RATING, REMARKS = range(3)
ATTENDEE_ROLE = Qt.ItemDataRole.UserRole  # on the name cell: the attendee rated (or None)
ID_ROLE = Qt.ItemDataRole.UserRole + 1  # on the name cell: the saved rating's id


class MeetingReviewDialog(ServiceDialog):
    """Attach the report heard; for a 述职会 also the ratings and the result."""

    def __init__(
        self, services: Services, principal: Principal, meeting: MeetingDetail, parent: QWidget | None = None
    ) -> None:
        title = _("Report heard and its review — {title}").format(title=meeting.title)
        super().__init__(services, principal, title, parent=parent)
        self.meeting = meeting
        self.accountability = meeting.meeting_type is MeetingType.ACCOUNTABILITY
        self.review: MeetingReview = services.meeting_reviews.get(principal, meeting.id)
        self.report = QComboBox()
        self.report.addItem(_("(none)"), None)
        self._fill_reports()
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([_("Name"), _("Rating"), _("Remarks")])
        self.table.horizontalHeader().setSectionResizeMode(REMARKS, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.result_text = QPlainTextEdit(self.review.result)
        self.result_text.setTabChangesFocus(True)
        self.result_text.setMaximumHeight(110)  # the table of ratings takes the room
        self.tally = QLabel()
        self.attendees_button = tool_button(_("Add the attendees"), "present", self.add_attendees)
        self.add_button = tool_button(_("Add a row"), "new", lambda: self.add_row(RatingEntry("", Rating.SATISFIED)))
        self.remove_button = tool_button(_("Remove the row"), "remove", self.remove_row)
        for entry in self.review.ratings:
            self.add_row(entry)
        form = QFormLayout()
        form.addRow(
            _("Accountability report:") if self.accountability else _("Police situation report:"), self.report
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if self.accountability:
            row = button_row(
                self.attendees_button, self.add_button, self.remove_button, right=(self.tally,)
            )
            layout.addWidget(QLabel(_("Ratings by the attendees:")))
            layout.addLayout(row)
            layout.addWidget(self.table, 1)
            layout.addWidget(QLabel(_("Result of the review:")))
            layout.addWidget(self.result_text)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.table.itemChanged.connect(self._show_tally)
        self._set_editable(meeting.status is not MeetingStatus.FINALISED)
        self._show_tally()
        self.resize(760, 560 if self.accountability else 160)

    # -- the report heard --------------------------------------------------------------------
    def _fill_reports(self) -> None:
        language = current_language()
        if self.accountability:
            for report in self._services.work_reports.list_reports(self._principal):
                label = f"{report.user_name} · {report.quarter.title(language)} · {report.status.label}"
                self.report.addItem(label, report.id)
            chosen = self.review.work_report_id
        else:
            for briefing in self._services.briefings.list_briefings(self._principal):
                self.report.addItem(briefing.label(language), briefing.id)
            chosen = self.review.briefing_id
        self.report.setCurrentIndex(max(0, self.report.findData(chosen)))

    # -- ratings -----------------------------------------------------------------------------
    def add_row(self, entry: RatingEntry) -> None:
        row = self.table.rowCount()
        self.table.blockSignals(True)  # no tally of a half-built row
        self.table.insertRow(row)
        name = QTableWidgetItem(entry.name)
        name.setData(ATTENDEE_ROLE, entry.attendee_id)
        name.setData(ID_ROLE, entry.id)
        self.table.setItem(row, NAME, name)
        rating = QComboBox()
        for member in Rating:
            rating.addItem(member.label, member.value)
        rating.setCurrentIndex(rating.findData(Rating(entry.rating).value))
        rating.currentIndexChanged.connect(self._show_tally)
        self.table.setCellWidget(row, RATING, rating)
        self.table.setItem(row, REMARKS, QTableWidgetItem(entry.remarks))
        self.table.blockSignals(False)
        self._show_tally()

    def add_attendees(self) -> None:
        """A row for every attendee who came (or every expected one before attendance is
        marked) not yet in the table."""
        listed = {entry.attendee_id for entry in self.entries()}
        for attendee in self.meeting.attendees:
            came = attendee.present is True or (attendee.present is None and attendee.expected)
            if came and attendee.id not in listed:
                self.add_row(RatingEntry(attendee.name, Rating.SATISFIED, attendee_id=attendee.id))

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self._show_tally()

    def entries(self) -> list[RatingEntry]:
        entries = []
        for row in range(self.table.rowCount()):
            name = self.table.item(row, NAME)
            remarks = self.table.item(row, REMARKS)
            combo = self.table.cellWidget(row, RATING)
            assert name is not None and isinstance(combo, QComboBox)
            entries.append(RatingEntry(
                name.text(), Rating(combo.currentData()), remarks.text() if remarks else "",
                attendee_id=name.data(ATTENDEE_ROLE), id=name.data(ID_ROLE),
            ))
        return entries

    def _show_tally(self) -> None:
        self.tally.setText(tally_text(MeetingReview(self.meeting.id, ratings=tuple(self.entries()))))

    # -- saving ------------------------------------------------------------------------------
    def save(self) -> None:
        chosen = self.report.currentData()
        with user_errors(self):
            self.review = self._services.meeting_reviews.save(
                self._principal, self.meeting.id,
                work_report_id=chosen if self.accountability else None,
                briefing_id=None if self.accountability else chosen,
                ratings=self.entries() if self.accountability else (),
                result=self.result_text.toPlainText() if self.accountability else "",
            )
            self.accept()

    def _set_editable(self, editable: bool) -> None:
        controls: tuple[QWidget, ...] = (self.report, self.attendees_button, self.add_button, self.remove_button)
        for control in controls:
            control.setEnabled(editable)
        self.result_text.setReadOnly(not editable)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers if editable else QAbstractItemView.EditTrigger.NoEditTriggers
        )
        for row in range(self.table.rowCount()):
            widget = self.table.cellWidget(row, RATING)
            if widget is not None:
                widget.setEnabled(editable)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(editable)
