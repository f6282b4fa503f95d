"""Attendance of a patrol shift (考勤) and the attendance to review (考勤待核).

`AttendanceDialog` is the attendance sheet of one shift: for each member present, late,
absent (with the reason) or substitute (standing in for an absent member), with the
check-in and check-out times. A check-out before the check-in is refused at once beneath the
row; whatever the service refuses is shown beneath its row and field, and the sheet stays
open. "All present" marks everyone not yet recorded as present; "Add substitute" puts a
volunteer of the team on the sheet.

`AttendanceReviewDialog` lists the attendance gaps: shifts that are over without attendance,
and check-outs nobody recorded, closed at the shift's end (never counted as open-ended
hours). "Mark reviewed" confirms such a check-out, or corrects it with the time typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QWidget,
)

from station_desk.domain.accounts import Principal
from station_desk.domain.roles import Permission
from station_desk.domain.volunteers import (
    Attendance,
    AttendanceGap,
    AttendanceMark,
    GapKind,
    ShiftDetail,
    ShiftMember,
    ShiftRowError,
    shift_text,
    weekday_label,
)
from station_desk.errors import StationDeskError
from station_desk.i18n import N_, _, ngettext
from station_desk.services.container import Services
from station_desk.ui.errors import show_error, user_errors
from station_desk.ui.roster.columns import SHIFT_DATE, SHIFT_ROUTE, SHIFT_TEAM, SHIFT_TIME
from station_desk.ui.widgets.dialogs import ServiceDialog, close_box, confirm, open_dialog
from station_desk.ui.widgets.forms import ERROR_STYLE, GuardedDialog
from station_desk.ui.widgets.inputs import OptionalDateTime, from_qdatetime, set_choice
from station_desk.ui.widgets.layouts import lay_out, side_by_side
from station_desk.ui.widgets.rows import (
    StyledRowsModel,
    button_row,
    connect_rows,
    row_table,
    tool_button,
)
from station_desk.ui.widgets.table_model import Column, TableRows

ROW_FIELDS = ("attendance", "check_in", "check_out", "absence_reason", "substitute_for")
MARKED = (Attendance.PRESENT, Attendance.LATE, Attendance.ABSENT, Attendance.SUBSTITUTE)


@dataclass
class SheetRow:
    """The inputs of one member's line on the attendance sheet."""

    volunteer_id: str
    name: QLabel
    attendance: QComboBox
    check_in: OptionalDateTime
    check_out: OptionalDateTime
    absence_reason: QLineEdit
    substitute_for: QComboBox
    error: QLabel
    reviewed: bool = False

    def widget(self, field: str) -> QWidget:
        return getattr(self, field) if field in ROW_FIELDS else self.attendance

    def value(self) -> Attendance:
        return Attendance(str(self.attendance.currentData()))


class AttendanceDialog(GuardedDialog, ServiceDialog):
    """The attendance sheet of `shift`; `saved` is the shift as saved (also emitted). Cancel
    after marking asks "Discard what you typed?" first."""

    saved_shift = Signal(object)

    def __init__(
        self,
        services: Services,
        principal: Principal,
        shift: ShiftDetail,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, principal, _("Shift attendance"), parent=parent)
        self.shift = shift
        self.saved: ShiftDetail | None = None
        self.rows: list[SheetRow] = []
        title = QLabel(
            "{day} {text}{team}".format(
                day=weekday_label(shift.starts_at.isoweekday()),
                text=shift_text(shift.starts_at, shift.ends_at, shift.route),
                team=f"（{shift.team_name}）" if shift.team_name else "",
            )
        )
        title.setWordWrap(True)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(8)
        for column, text in enumerate(
            (
                _("Member"),
                _("Attendance on shift"),
                _("Check-in"),
                _("Check-out"),
                _("Reason of absence"),
                _("Stands in for"),
            )
        ):
            header = QLabel(text)
            header.setStyleSheet("font-weight: bold;")
            self.grid.addWidget(header, 0, column)
        self.grid.setColumnStretch(4, 1)
        sheet = QWidget()
        lay_out(sheet, self.grid, None)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(sheet)
        self.all_present_button = tool_button(_("All &present"), "all-present", self.all_present)
        self.substitute = QComboBox()
        self.substitute.setMinimumContentsLength(10)
        self.add_substitute_button = tool_button(_("&Add substitute"), "guest", self.add_substitute)
        tools = side_by_side(
            self.all_present_button,
            None,
            _("S&ubstitute:"),
            self.substitute,
            self.add_substitute_button,
        )
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay_out(self, title, tools, (scroll, 1), self.note, self.buttons)
        for member in shift.members:
            self._add_row(member.volunteer_id, member.name, member)
        self._load_substitutes()
        if not shift.members:
            self.note.setText(_("Nobody is on this shift yet."))
        may_edit = principal.can(Permission.EDIT_RECORDS)
        for widget in (
            self.all_present_button,
            self.add_substitute_button,
            self.buttons.button(QDialogButtonBox.StandardButton.Save),
        ):
            widget.setEnabled(may_edit)
        self.resize(1080, min(560, 200 + 70 * max(3, len(self.rows))))

    # -- rows ------------------------------------------------------------------------------
    def _add_row(self, volunteer_id: str, name: str, member: ShiftMember | None) -> SheetRow:
        attendance = QComboBox()
        for value in (Attendance.PENDING, *MARKED):
            attendance.addItem(value.label, value.value)
        check_in = OptionalDateTime(_("In"))
        check_out = OptionalDateTime(_("Out"))
        reason = QLineEdit()
        reason.setPlaceholderText(_("e.g. ill, away"))
        substitute_for = QComboBox()
        substitute_for.setMinimumContentsLength(6)
        error = QLabel()
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        row = SheetRow(
            volunteer_id,
            QLabel(name),
            attendance,
            check_in,
            check_out,
            reason,
            substitute_for,
            error,
        )
        row.name.setBuddy(attendance)
        current = member.attendance if member else Attendance.SUBSTITUTE
        set_choice(attendance, current.value)
        check_in.set_value(member.check_in if member else None, self.shift.starts_at)
        check_out.set_value(member.check_out if member else None, self.shift.ends_at)
        reason.setText(member.absence_reason if member else "")
        row.reviewed = bool(member and member.reviewed)
        self.rows.append(row)
        line = 2 * len(self.rows) - 1
        widgets = (row.name, *(row.widget(field) for field in ROW_FIELDS))
        for column, widget in enumerate(widgets):
            self.grid.addWidget(widget, line, column)
        self.grid.addWidget(error, line + 1, 1, 1, 5)
        self._fill_substitute_for(row, member.substitute_for_id if member else None)
        attendance.currentIndexChanged.connect(lambda _i, r=row: self._attendance_changed(r))
        for edit in (check_in, check_out):
            edit.changed.connect(lambda r=row: self._check_times(r))
        self._update_row(row)
        return row

    def _fill_substitute_for(self, row: SheetRow, chosen: str | None = None) -> None:
        current = chosen or row.substitute_for.currentData()
        blocked = row.substitute_for.blockSignals(True)
        row.substitute_for.clear()
        row.substitute_for.addItem("", None)
        for other in self.rows:
            if other is not row and other.value() is Attendance.ABSENT:
                row.substitute_for.addItem(other.name.text(), other.volunteer_id)
        if current:
            index = row.substitute_for.findData(current)
            if index < 0:  # the absent member is not marked absent (yet): keep the choice
                name = next(
                    (r.name.text() for r in self.rows if r.volunteer_id == current), current
                )
                row.substitute_for.addItem(name, current)
                index = row.substitute_for.count() - 1
            row.substitute_for.setCurrentIndex(index)
        row.substitute_for.blockSignals(blocked)

    def _attendance_changed(self, row: SheetRow) -> None:
        self._update_row(row)
        for other in self.rows:
            if other is not row:
                self._fill_substitute_for(other)

    def _update_row(self, row: SheetRow) -> None:
        value = row.value()
        came = value.attended
        row.check_in.setEnabled(came)
        row.check_out.setEnabled(came)
        row.absence_reason.setEnabled(value is Attendance.ABSENT)
        row.substitute_for.setEnabled(value is Attendance.SUBSTITUTE)
        if value is Attendance.LATE and not row.check_in.value():
            row.check_in.set_value(from_qdatetime(row.check_in.edit.dateTime()))
        self._check_times(row)

    def _check_times(self, row: SheetRow) -> None:
        """Refuse a check-out before the check-in at once, beneath the row."""
        check_in, check_out = row.check_in.value(), row.check_out.value()
        if row.value().attended and check_in and check_out and check_out < check_in:
            self.show_row_error(
                self.rows.index(row),
                "check_out",
                _("The check-out time is before the check-in time."),
                focus=False,
            )
        elif row.error.text() == _("The check-out time is before the check-in time."):
            row.error.clear()
            row.error.hide()

    def row_of(self, volunteer_id: str) -> SheetRow | None:
        return next((r for r in self.rows if r.volunteer_id == volunteer_id), None)

    def set_mark(
        self,
        volunteer_id: str,
        attendance: Attendance,
        reason: str = "",
        check_in: datetime | None = None,
        check_out: datetime | None = None,
    ) -> None:
        """Fill one row as the officer would (used by "All present" and the tests)."""
        row = self.row_of(volunteer_id)
        if row is None:
            raise KeyError(volunteer_id)
        set_choice(row.attendance, attendance.value)
        row.absence_reason.setText(reason)
        row.check_in.set_value(check_in, from_qdatetime(row.check_in.edit.dateTime()))
        row.check_out.set_value(check_out, from_qdatetime(row.check_out.edit.dateTime()))

    def all_present(self) -> None:
        for row in self.rows:
            if row.value() is Attendance.PENDING:
                set_choice(row.attendance, Attendance.PRESENT.value)

    def _load_substitutes(self) -> None:
        self.substitute.clear()
        with user_errors(self):
            on_sheet = {r.volunteer_id for r in self.rows}
            choices = self._services.rosters.member_choices(self._principal, self.shift.team_id, 1000)
            for volunteer_id, name, _team in choices:
                if volunteer_id not in on_sheet:
                    self.substitute.addItem(name, volunteer_id)
        self.add_substitute_button.setEnabled(
            self.substitute.count() > 0 and self._principal.can(Permission.EDIT_RECORDS)
        )

    def add_substitute(self) -> SheetRow | None:
        volunteer_id = self.substitute.currentData()
        if not volunteer_id:
            return None
        row = self._add_row(str(volunteer_id), self.substitute.currentText(), None)
        absent = [r for r in self.rows if r.value() is Attendance.ABSENT]
        if len(absent) == 1:
            self._fill_substitute_for(row, absent[0].volunteer_id)
        self.substitute.removeItem(self.substitute.currentIndex())
        self.add_substitute_button.setEnabled(self.substitute.count() > 0)
        row.attendance.setFocus()
        return row

    # -- saving ----------------------------------------------------------------------------
    def snapshot(self) -> object:
        """The marks as they would be saved (a substitute put on the sheet is a change)."""
        return self.marks()

    def marks(self) -> tuple[AttendanceMark, ...]:
        result = []
        for row in self.rows:
            value = row.value()
            substitute_for = row.substitute_for.currentData()
            result.append(
                AttendanceMark(
                    volunteer_id=row.volunteer_id,
                    attendance=value,
                    check_in=row.check_in.value() if value.attended else None,
                    check_out=row.check_out.value() if value.attended else None,
                    absence_reason=row.absence_reason.text() if value is Attendance.ABSENT else "",
                    substitute_for=str(substitute_for)
                    if value is Attendance.SUBSTITUTE and substitute_for
                    else None,
                    reviewed=row.reviewed,
                )
            )
        return tuple(result)

    def clear_errors(self) -> None:
        for row in self.rows:
            row.error.clear()
            row.error.hide()

    def show_row_error(self, index: int, field: str, message: str, focus: bool = True) -> None:
        row = self.rows[index]
        row.error.setText(message)
        row.error.show()
        if focus:
            row.widget(field).setFocus()

    def error_text(self, index: int) -> str:
        row = self.rows[index]
        return row.error.text() if not row.error.isHidden() else ""

    def save(self) -> bool:
        self.clear_errors()
        for index, row in enumerate(self.rows):
            self._check_times(row)
            if self.error_text(index):
                row.check_out.setFocus()
                return False
        try:
            self.saved = self._services.rosters.save_attendance(
                self._principal, self.shift.id, self.marks()
            )
        except ShiftRowError as error:
            self.show_row_error(error.row, error.field, error.message)
            return False
        except StationDeskError as error:
            show_error(self, error)
            return False
        self.saved_shift.emit(self.saved)
        return True

    def accept(self) -> None:
        if self.save():
            super().accept()


# --- attendance to review ----------------------------------------------------------------

GAP_COLUMNS = (
    Column(N_("To review"), lambda g: g.kind.label),
    SHIFT_DATE,
    SHIFT_TIME,
    SHIFT_ROUTE,
    SHIFT_TEAM,
    Column(N_("Volunteer"), lambda g: g.name),
)


class AttendanceReviewDialog(ServiceDialog, TableRows):
    """The attendance gaps, oldest first: take the missing attendance, or confirm (or correct)
    a check-out closed at the shift's end. `changed` is emitted after each change."""

    changed = Signal()

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(services, principal, _("Attendance to review"), parent=parent)
        intro = QLabel(
            _(
                "Shifts that are over without attendance, and check-outs nobody recorded: these "
                "were closed at the shift's end and count only to then. Confirm each one, or "
                "type the real check-out time."
            )
        )
        intro.setWordWrap(True)
        self.model = StyledRowsModel(GAP_COLUMNS, None, self)
        self.table = row_table(self.model, widths=(230, 90, 90, 230, 100))
        connect_rows(self.table, self.act_on_selected, self.update_buttons)
        self.take_button = tool_button(_("Take &attendance…"), "present", self.take_attendance)
        self.correction = OptionalDateTime(_("Corrected check-out:"))
        self.review_button = tool_button(_("&Mark reviewed"), "held", self.mark_reviewed)
        actions = button_row(self.take_button, right=(self.correction, self.review_button))
        self.count = QLabel()
        lay_out(self, intro, (self.table, 1), actions, self.count, close_box(self))
        self.resize(1000, 520)
        if principal.can(Permission.EDIT_RECORDS):
            with user_errors(self):
                if services.rosters.close_forgotten_checkouts(principal):
                    self.changed.emit()
        self.refresh()

    def refresh(self) -> None:
        chosen = self.selected()
        with user_errors(self):
            gaps = self._services.rosters.attendance_gaps(self._principal)
            self.model.set_rows(gaps)
            self.count.setText(ngettext("{n} to review", "{n} to review", len(gaps)).format(n=len(gaps)))
        if chosen is not None:
            self.select_gap(chosen.member_id)
        if self.selected() is None and self.model.rowCount():
            self.table.selectRow(0)
        self.update_buttons()

    def gaps(self) -> list[AttendanceGap]:
        return self.rows()

    def select_gap(self, member_id: str) -> bool:
        for row, gap in enumerate(self.gaps()):
            if gap.member_id == member_id:
                self.table.selectRow(row)
                return True
        return False

    def update_buttons(self) -> None:
        chosen = self.selected()
        may_edit = self._principal.can(Permission.EDIT_RECORDS)
        self.take_button.setEnabled(may_edit and chosen is not None)
        checkout = chosen is not None and chosen.kind is GapKind.NO_CHECK_OUT
        self.review_button.setEnabled(may_edit and checkout)
        self.correction.setEnabled(may_edit and checkout)
        if chosen is not None:
            self.correction.set_value(None, chosen.ends_at)

    def act_on_selected(self) -> None:
        chosen = self.selected()
        if chosen is not None and chosen.kind is GapKind.NOT_RECORDED:
            self.take_attendance()
        elif chosen is not None:
            self.mark_reviewed()

    def take_attendance(self) -> AttendanceDialog | None:
        chosen = self.selected()
        if chosen is None:
            return None
        with user_errors(self):
            shift = self._services.rosters.get_shift(self._principal, chosen.shift_id)
            dialog = AttendanceDialog(self._services, self._principal, shift, self)
            return open_dialog(dialog, accepted=self._after_change)
        return None

    def mark_reviewed(self) -> QMessageBox | bool:
        chosen = self.selected()
        if chosen is None or chosen.kind is not GapKind.NO_CHECK_OUT:
            return False
        corrected = self.correction.value()
        if corrected is None:
            return self._review(chosen, None)
        return confirm(
            self,
            _("Set the check-out of {name} to {time} and mark it reviewed?").format(
                name=chosen.name, time=f"{corrected:%Y-%m-%d %H:%M}"
            ),
            lambda: self._review(chosen, corrected),
        )

    def _review(self, gap: AttendanceGap, check_out: datetime | None) -> bool:
        with user_errors(self):
            self._services.rosters.mark_reviewed(self._principal, gap.member_id, check_out)
            self._after_change()
            return True
        return False

    def _after_change(self) -> None:
        self.refresh()
        self.changed.emit()
