"""The patrol roster page (巡逻排班): the week of shifts, attendance, and the documents.

The week view (grid or list, by team) is the page's centre; the buttons beneath act on the
chosen shift (edit, delete, attendance; Enter or a double-click edits it) or on the week:
the weekly patterns with "Generate shifts", the roster generator ("Fill roster"), the
attendance to review, the weekly patrol roster to print (A4 landscape) or save as .xlsx, and
the monthly hours report with the commendation candidates.

`open_attendance_review()` opens the attendance to review (the home page links to it);
`show_week(day)` shows the week holding `day`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateEdit,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QWidget,
)

from station_desk.documents import VOLUNTEER_HOURS, WEEKLY_ROSTER, Request
from station_desk.domain.accounts import Principal
from station_desk.domain.roles import Permission
from station_desk.domain.volunteers import HoursReport, VolunteerHours
from station_desk.i18n import N_, _, ngettext
from station_desk.services.container import Services
from station_desk.ui.errors import user_errors
from station_desk.ui.icons import icon
from station_desk.ui.roster.attendance_dialog import AttendanceDialog, AttendanceReviewDialog
from station_desk.ui.roster.shift_dialogs import FillRosterDialog, PatternsDialog, ShiftDialog
from station_desk.ui.roster.week_view import RosterWeekView
from station_desk.ui.widgets.dialogs import (
    ServiceDialog,
    close_box,
    confirm_then,
    open_dialog,
)
from station_desk.ui.widgets.layouts import lay_out, side_by_side
from station_desk.ui.widgets.page import ServicePage
from station_desk.ui.widgets.preview import (
    DocumentPreviewDialog,
    ask_file,
    document_name,
    preview_document,
    save_register,
)
from station_desk.ui.widgets.reading import BackgroundRead
from station_desk.ui.widgets.rows import (
    WARN_FOREGROUND,
    StyledRowsModel,
    button_row,
    row_table,
    tool_button,
)
from station_desk.ui.widgets.table_model import Column

# --- the monthly hours -------------------------------------------------------------------


def _hours(minutes: int) -> str:
    return f"{minutes / 60:.1f}"


# the figures of a volunteer's or a team's month
SHIFTS = Column(N_("Shifts"), lambda h: str(h.shifts))
ATTENDED = Column(N_("Attended"), lambda h: str(h.attended))
ABSENT = Column(N_("Absent"), lambda h: str(h.absent))
HOURS = Column(N_("Hours"), lambda h: _hours(h.minutes))
POINTS = Column(N_("Points"), lambda h: f"{h.points:g}")

HOURS_COLUMNS = (
    Column(N_("Volunteer"), lambda v: v.name),
    Column(N_("Team"), lambda v: v.team_name),
    SHIFTS,
    ATTENDED,
    Column(N_("Late"), lambda v: str(v.late)),
    ABSENT,
    Column(N_("No-shows"), lambda v: str(v.no_shows)),
    Column(N_("Stood in"), lambda v: str(v.substitutes)),
    HOURS,
    POINTS,
    Column(N_("To review"), lambda v: str(v.to_review) if v.to_review else ""),
)
TEAM_HOURS_COLUMNS = (
    Column(N_("Team"), lambda t: t.team_name or _("(no team)")),
    Column(N_("Volunteers"), lambda t: str(t.volunteers)),
    SHIFTS,
    ATTENDED,
    ABSENT,
    HOURS,
    POINTS,
)


def month_edit(day: date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, 1))
    edit.setDisplayFormat("yyyy-MM")
    edit.setCalendarPopup(True)
    return edit


class HoursDialog(ServiceDialog):
    """Hours and points per volunteer and team for a month, the quarter's commendation
    candidates, and the monthly hours report to print or save as .xlsx."""

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(services, principal, _("Volunteer hours"), parent=parent)
        self.report: HoursReport | None = None
        self.reads = BackgroundRead(self)  # only the month asked for last is shown
        self.month = month_edit(date.today())
        month_label = QLabel(_("&Month:"))
        month_label.setBuddy(self.month)  # the buttons stand between them
        previous = tool_button("", "previous", lambda: self.step(-1))
        previous.setToolTip(_("Previous month"))
        following = tool_button("", "next", lambda: self.step(1))
        following.setToolTip(_("Next month"))
        self.print_button = tool_button(_("&Print report…"), "print", self.preview)
        self.xlsx_button = tool_button(_("Save as .&xlsx…"), "export", self.ask_xlsx)
        self.print_button.setEnabled(principal.can(Permission.PRINT))
        self.xlsx_button.setEnabled(principal.can(Permission.EXPORT))
        top = side_by_side(
            month_label, previous, self.month, following, None, self.print_button, self.xlsx_button
        )
        self.volunteer_model = StyledRowsModel(HOURS_COLUMNS, self._style, self)
        self.volunteers = row_table(
            self.volunteer_model, widths=(110, 110, 50, 60, 50, 55, 70, 70, 90, 60)
        )
        self.team_model = StyledRowsModel(TEAM_HOURS_COLUMNS, None, self)
        self.teams = row_table(self.team_model, widths=(160, 80, 60, 70, 60, 90))
        self.candidates = QLabel()
        self.candidates.setWordWrap(True)
        self.candidates.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.totals = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        lower = QWidget()
        lay_out(lower, (self.teams, 1), margin=0)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.volunteers)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        lay_out(
            self, top, self.totals, (splitter, 1), self.candidates, self.message, close_box(self)
        )
        self.resize(1000, 620)
        self.month.dateChanged.connect(lambda _day: self.refresh())
        self.refresh()

    def _style(self, row: VolunteerHours) -> tuple[QColor | None, QColor | None]:
        return (WARN_FOREGROUND, None) if row.no_shows or row.to_review else (None, None)

    def chosen_month(self) -> date:
        day = self.month.date()
        return date(day.year(), day.month(), 1)

    def set_month(self, day: date) -> None:
        self.month.setDate(QDate(day.year, day.month, 1))

    def step(self, months: int) -> None:
        self.month.setDate(self.month.date().addMonths(months))

    def subject(self) -> str:
        return f"{self.chosen_month():%Y-%m}"

    def refresh(self) -> None:
        """Read the month on a worker thread (a second for a hundred teams' month); the
        tables show it when it arrives (`reading()` until then)."""
        month = self.chosen_month()
        rosters, principal = self._services.rosters, self._principal

        def read() -> tuple[date, HoursReport, list[VolunteerHours]]:
            report = rosters.monthly_hours(principal, month)
            return month, report, rosters.commendation_candidates(principal, month)

        self.reads.start(read, self._show_month)

    def reading(self) -> bool:
        return self.reads.reading()

    def _show_month(self, result: tuple[date, HoursReport, list[VolunteerHours]]) -> None:
        month, report, candidates = result
        self.report = report
        self.volunteer_model.set_rows(list(report.volunteers))
        self.team_model.set_rows(list(report.teams))
        self.totals.setText(
            _("{month}: {hours} hours, {points} points, {shifts} shifts; {review} to review").format(
                month=f"{month:%Y-%m}",
                hours=_hours(report.minutes),
                points=f"{report.points:g}",
                shifts=report.shifts,
                review=report.to_review,
            )
        )
        quarter = (month.month - 1) // 3 + 1
        names = "、".join(
            _("{name} ({hours} h)").format(name=v.name, hours=_hours(v.minutes)) for v in candidates
        )
        self.candidates.setText(
            _("Commendation candidates, quarter {quarter} of {year}: {names}").format(
                quarter=quarter, year=month.year, names=names or _("none yet")
            )
        )

    def request(self) -> Request:
        return Request(date_from=self.chosen_month(), subject=self.subject())

    def preview(self) -> DocumentPreviewDialog:
        name = document_name(VOLUNTEER_HOURS, self.subject(), self.chosen_month())
        return preview_document(self, VOLUNTEER_HOURS, self.request(), self.subject(), name)

    def ask_xlsx(self) -> QFileDialog:
        name = document_name(VOLUNTEER_HOURS, self.subject(), self.chosen_month(), ".xlsx")
        return ask_file(self, name, self.save_xlsx)

    def save_xlsx(self, path: Path) -> bool:
        return save_register(self, VOLUNTEER_HOURS, self.request(), path, self.message) is not None


# --- the page ----------------------------------------------------------------------------


class RosterPage(ServicePage):
    """The week of patrol shifts with the actions on shifts, attendance and documents."""

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(services, principal, parent)
        self.week = RosterWeekView(services, principal, self)
        self.review_reads = BackgroundRead(self)  # the count of attendance to review
        self.week.shift_activated.connect(self.edit_shift)
        self.week.current_changed.connect(self.update_buttons)
        self.week.week_changed.connect(self.update_review_count)

        self.new_button = tool_button(_("&New shift…"), "new", self.new_shift)
        self.edit_button = tool_button(_("&Edit shift…"), "edit", self.edit_selected)
        self.delete_button = tool_button(_("&Delete shift…"), "delete", self.delete_selected)
        self.attendance_button = tool_button(_("&Attendance…"), "present", self.take_attendance)
        self.patterns_button = tool_button(_("&Patterns…"), "history", self.open_patterns)
        self.fill_button = tool_button(_("Fill r&oster…"), "start", self.open_fill)
        self.review_button = tool_button(_("To re&view"), "absent", self.open_attendance_review)
        self.print_button = QPushButton(icon("print"), _("P&rint roster"))
        menu = QMenu(self.print_button)
        self.print_action = menu.addAction(icon("print"), _("Weekly patrol roster (PDF)…"))
        self.print_action.triggered.connect(self.preview_roster)
        self.xlsx_action = menu.addAction(icon("export"), _("Weekly patrol roster as .xlsx…"))
        self.xlsx_action.triggered.connect(self.ask_roster_xlsx)
        self.print_button.setMenu(menu)
        self.hours_button = tool_button(_("Ho&urs…"), "register", self.open_hours)
        shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.week)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.delete_selected)

        # Two rows of buttons keep the page usable on a 1024 px wide screen.
        shift_buttons = button_row(
            self.new_button, self.edit_button, self.delete_button, self.attendance_button
        )
        roster_buttons = button_row(
            self.patterns_button,
            self.fill_button,
            self.review_button,
            self.print_button,
            self.hours_button,
        )
        lay_out(self, (self.week, 1), shift_buttons, roster_buttons)
        self.read_first()

    # -- refreshing ------------------------------------------------------------------------
    def refresh(self) -> None:
        self.week.load_teams()
        self.week.refresh()
        self.update_review_count()
        self.update_buttons()

    def refresh_shown(self) -> None:
        """Shown by the window: the week is read on a worker thread and shown when read."""
        self.week.read_later(self.update_buttons)
        self.update_review_count()
        self.update_buttons()

    def reading(self) -> bool:
        return self.week.reads.reading()

    def show_week(self, day: date) -> None:
        self.week.show_week(day)

    def update_review_count(self) -> None:
        """The attendance left to review, counted on a worker thread (it reads every live
        shift member: a tenth of a second at a large room's size)."""
        rosters, principal = self._services.rosters, self._principal
        self.review_reads.start(
            lambda: rosters.count_attendance_gaps(principal), self._show_review_count
        )

    def _show_review_count(self, count: int) -> None:
        self.review_button.setText(
            _("To re&view ({n})").format(n=count) if count else _("To re&view")
        )
        self.review_button.setStyleSheet(f"color: {WARN_FOREGROUND.name()};" if count else "")

    def update_buttons(self) -> None:
        chosen = self.week.current_shift()
        may_edit = self._principal.can(Permission.EDIT_RECORDS)
        self.new_button.setEnabled(may_edit)
        self.edit_button.setEnabled(chosen is not None)
        self.delete_button.setEnabled(may_edit and chosen is not None)
        self.attendance_button.setEnabled(chosen is not None and bool(chosen.members))
        self.fill_button.setEnabled(may_edit)
        self.print_action.setEnabled(self._principal.can(Permission.PRINT))
        self.xlsx_action.setEnabled(self._principal.can(Permission.EXPORT))
        self.print_button.setEnabled(
            self._principal.can(Permission.PRINT) or self._principal.can(Permission.EXPORT)
        )

    def _changed(self, shift_id: str | None = None) -> None:
        self.week.refresh()
        if shift_id:
            self.week.select_shift(shift_id)
        self.update_review_count()
        self.update_buttons()

    # -- shifts ----------------------------------------------------------------------------
    def new_shift(self) -> ShiftDialog:
        chosen = self.week.current_shift()
        day = chosen.starts_at.date() if chosen else max(self.week.monday, date.today())
        dialog = ShiftDialog(
            self._services, self._principal, day=day, team_id=self.week.team_id(), parent=self
        )
        return open_dialog(dialog, accepted=lambda: self._shift_saved(dialog))

    def _shift_saved(self, dialog: ShiftDialog) -> None:
        if dialog.saved is None:
            return
        day = dialog.saved.starts_at.date()
        if not 0 <= (day - self.week.monday).days < 7:
            self.week.show_week(day)
        self._changed(dialog.saved.id)

    def edit_selected(self) -> ShiftDialog | None:
        chosen = self.week.current_shift_id()
        return self.edit_shift(chosen) if chosen else None

    def edit_shift(self, shift_id: str) -> ShiftDialog | None:
        with user_errors(self):
            shift = self._services.rosters.get_shift(self._principal, shift_id)
            dialog = ShiftDialog(self._services, self._principal, shift, parent=self)
            if not self._principal.can(Permission.EDIT_RECORDS):
                dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            return open_dialog(dialog, accepted=lambda: self._shift_saved(dialog))
        return None

    def delete_selected(self) -> QMessageBox | None:
        chosen = self.week.current_shift()
        if chosen is None or not self._principal.can(Permission.EDIT_RECORDS):
            return None
        question = _("Delete the shift {shift}?").format(
            shift=f"{chosen.starts_at:%Y-%m-%d %H:%M} {chosen.route}"
        )
        if chosen.members:
            question += "\n" + ngettext(
                "Its {n} member and their attendance go with it.",
                "Its {n} members and their attendance go with it.",
                len(chosen.members),
            ).format(n=len(chosen.members))
        rosters, principal = self._services.rosters, self._principal
        return confirm_then(
            self, question, lambda: rosters.delete_shift(principal, chosen.id), self._changed
        )

    # -- attendance ------------------------------------------------------------------------
    def take_attendance(self) -> AttendanceDialog | None:
        chosen = self.week.current_shift_id()
        if chosen is None:
            return None
        with user_errors(self):
            shift = self._services.rosters.get_shift(self._principal, chosen)
            dialog = AttendanceDialog(self._services, self._principal, shift, self)
            return open_dialog(dialog, accepted=lambda: self._changed(shift.id))
        return None

    def open_attendance_review(self) -> AttendanceReviewDialog:
        """The attendance to review (forgotten check-outs, attendance not taken)."""
        dialog = AttendanceReviewDialog(self._services, self._principal, self)
        dialog.changed.connect(lambda: self._changed(self.week.current_shift_id()))
        dialog.finished.connect(lambda _result: self._changed(self.week.current_shift_id()))
        return open_dialog(dialog)

    # -- patterns and the generator --------------------------------------------------------
    def open_patterns(self) -> PatternsDialog:
        dialog = PatternsDialog(self._services, self._principal, self.week.monday, self)
        dialog.generated.connect(lambda: self._changed(self.week.current_shift_id()))
        return open_dialog(dialog)

    def open_fill(self) -> FillRosterDialog:
        dialog = FillRosterDialog(
            self._services, self._principal, self.week.monday, self.week.team_id(), self
        )
        dialog.filled.connect(lambda: self._changed(self.week.current_shift_id()))
        return open_dialog(dialog)

    # -- documents -------------------------------------------------------------------------
    def roster_subject(self) -> str:
        year, week, _day = self.week.monday.isocalendar()
        subject = f"{year}-W{week:02d}"
        team = self.week.team.currentText() if self.week.team_id() else ""
        return f"{subject} {team}".strip()

    def roster_request(self) -> Request:
        """The weekly roster of the week (and team) shown."""
        return Request(
            self.week.team_id() or "", date_from=self.week.monday, subject=self.roster_subject()
        )

    def roster_pdf(self, language: str) -> bytes:
        """The weekly patrol roster of the week (and team) shown."""
        request = replace(self.roster_request(), language=language)
        return WEEKLY_ROSTER.build(self._services, self._principal, request)

    def preview_roster(self) -> DocumentPreviewDialog:
        subject, monday = self.roster_subject(), self.week.monday
        return preview_document(
            self,
            WEEKLY_ROSTER,
            self.roster_request(),
            subject,
            document_name(WEEKLY_ROSTER, subject, monday),
        )

    def ask_roster_xlsx(self) -> QFileDialog:
        name = document_name(WEEKLY_ROSTER, self.roster_subject(), self.week.monday, ".xlsx")
        return ask_file(self, name, self.save_roster_xlsx)

    def save_roster_xlsx(self, path: Path) -> Path | None:
        return save_register(self, WEEKLY_ROSTER, self.roster_request(), path)

    def open_hours(self) -> HoursDialog:
        return open_dialog(HoursDialog(self._services, self._principal, self))
