"""Dialogs of the duty log page (勤务日志): a duty entry, the room's opening hours, the weekly
target, and the duty report (勤务报告) of a week or a month with its preview.

The entry and opening-hours editors are `FormDialog`s: OK runs the service, a
`ValidationError` (the end before the start, an overlapping entry) shows under its field and
the dialog stays open, so nothing typed is lost.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from station_desk.domain.accounts import Principal
from station_desk.domain.duty import (
    MAX_PLACE,
    MAX_STAFF,
    MAX_WEEKLY_TARGET_HOURS,
    DutyActivity,
    DutyEntry,
    DutyEntryDraft,
    DutyPerson,
    RoomHoursDraft,
    RoomHoursEntry,
    month_end,
    week_label,
    week_start,
)
from station_desk.domain.roles import Permission
from station_desk.domain.volunteers import RosterDocument
from station_desk.i18n import _
from station_desk.services.container import Services
from station_desk.ui.errors import user_errors
from station_desk.ui.widgets.dialogs import open_dialog
from station_desk.ui.widgets.forms import FormDialog
from station_desk.ui.widgets.inputs import date_edit, enum_choice, text_box, to_qdate
from station_desk.ui.widgets.preview import DocumentPreviewDialog, last_folder, remember_folder
from station_desk.ui.widgets.rows import tool_button

TIME_FORMAT = "HH:mm"
DEFAULT_START = time(8, 30)
DEFAULT_LENGTH = timedelta(hours=2)


def time_edit(value: time) -> QTimeEdit:
    edit = QTimeEdit(QTime(value.hour, value.minute))
    edit.setDisplayFormat(TIME_FORMAT)
    return edit


def to_time(edit: QTimeEdit) -> time:
    value = edit.time()
    return time(value.hour(), value.minute())


def period_text(first: date, last: date) -> str:
    return f"{first.isoformat()} – {last.isoformat()}"


# --- a duty entry ------------------------------------------------------------------------


class DutyEntryDialog(FormDialog):
    """New duty entry of `person` on `day`, or edit `existing`; `saved` holds the result."""

    def __init__(
        self,
        services: Services,
        principal: Principal,
        person: DutyPerson,
        existing: DutyEntry | None = None,
        day: date | None = None,
        start: time | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = (
            _("New duty entry of {name}").format(name=person.display_name)
            if existing is None
            else _("Edit duty entry of {name}").format(name=person.display_name)
        )
        super().__init__(title, parent)
        self._services = services
        self._principal = principal
        self._person = person
        self._existing = existing
        self.saved: DutyEntry | None = None
        if existing is not None:
            starts_at, ends_at = existing.starts_at, existing.ends_at
        else:
            starts_at = datetime.combine(day or date.today(), start or DEFAULT_START)
            ends_at = min(
                starts_at + DEFAULT_LENGTH,
                datetime.combine(starts_at.date(), time(23, 59)),
            )
        self.whose = self.form.add_field("user_id", QLabel(person.display_name))
        self.day = self.form.add_field("day", date_edit(starts_at.date()))
        self.starts = self.form.add_field("starts_at", time_edit(starts_at.time()))
        ends_cell = QWidget()
        row = QHBoxLayout(ends_cell)
        row.setContentsMargins(0, 0, 0, 0)
        self.ends = time_edit(ends_at.time())
        self.next_day = QCheckBox(_("Ends the next day (after midnight)"))
        self.next_day.setChecked(ends_at.date() > starts_at.date())
        row.addWidget(self.ends)
        row.addWidget(self.next_day, 1)
        ends_cell.setFocusProxy(self.ends)
        self.form.add_field("ends_at", ends_cell)
        activity = existing.activity if existing else DutyActivity.PATROL
        self.activity = self.form.add_field("activity", enum_choice(list(DutyActivity), activity))
        self.in_beat = self.form.add_field(
            "in_beat", QCheckBox(_("Spent in the beat (counts towards the weekly target)"))
        )
        self.in_beat.setChecked(existing.in_beat if existing else activity.in_beat_by_default)
        self.place = self.form.add_field("place", QLineEdit(existing.place if existing else ""))
        self.place.setMaxLength(MAX_PLACE)
        self.place.setPlaceholderText(_("Where, e.g. 3号楼 or the north area"))
        self.notes = self.form.add_field("notes", text_box(existing.notes if existing else ""))
        for key, text in (
            ("user_id", _("Whose time:")),
            ("day", _("Date:")),
            ("starts_at", _("Start:")),
            ("ends_at", _("End:")),
            ("activity", _("Activity:")),
            ("in_beat", ""),
            ("place", _("Place:")),
            ("notes", _("Notes:")),
        ):
            self.form.set_label(key, text)
        self.activity.currentIndexChanged.connect(self._activity_changed)
        self.setMinimumWidth(480)

    def _activity_changed(self) -> None:
        self.in_beat.setChecked(DutyActivity(self.activity.currentData()).in_beat_by_default)

    def span(self) -> tuple[datetime, datetime]:
        day = self.day.date().toPython()
        starts_at = datetime.combine(day, to_time(self.starts))
        end_day = day + timedelta(days=1) if self.next_day.isChecked() else day
        return starts_at, datetime.combine(end_day, to_time(self.ends))

    def draft(self) -> DutyEntryDraft:
        starts_at, ends_at = self.span()
        return DutyEntryDraft(
            user_id=self._person.user_id,
            starts_at=starts_at,
            ends_at=ends_at,
            activity=DutyActivity(self.activity.currentData()),
            place=self.place.text(),
            notes=self.notes.toPlainText(),
            in_beat=self.in_beat.isChecked(),
        )

    def save(self) -> None:
        duty = self._services.duty
        if self._existing is None:
            self.saved = duty.add_entry(self._principal, self.draft())
        else:
            self.saved = duty.update_entry(self._principal, self._existing.id, self.draft())


# --- room opening hours ------------------------------------------------------------------


class RoomHoursDialog(FormDialog):
    """When the room was open on a day (开放时间); `saved` holds the result after OK."""

    def __init__(
        self,
        services: Services,
        principal: Principal,
        existing: RoomHoursEntry | None = None,
        day: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = _("Room opening hours") if existing is None else _("Edit room opening hours")
        super().__init__(title, parent)
        self._services = services
        self._principal = principal
        self._existing = existing
        self.saved: RoomHoursEntry | None = None
        self.day = self.form.add_field(
            "day", date_edit(existing.day if existing else day or date.today())
        )
        self.opens = self.form.add_field(
            "opens_at", time_edit(existing.opens_at if existing else time(8, 30))
        )
        self.closes = self.form.add_field(
            "closes_at", time_edit(existing.closes_at if existing else time(17, 30))
        )
        self.staff = self.form.add_field("staff", QLineEdit(existing.staff if existing else ""))
        self.staff.setMaxLength(MAX_STAFF)
        self.staff.setPlaceholderText(_("Who was in the room"))
        self.notes = self.form.add_field("notes", text_box(existing.notes if existing else ""))
        for key, text in (
            ("day", _("Date:")),
            ("opens_at", _("Opens:")),
            ("closes_at", _("Closes:")),
            ("staff", _("Staff:")),
            ("notes", _("Notes:")),
        ):
            self.form.set_label(key, text)

    def draft(self) -> RoomHoursDraft:
        return RoomHoursDraft(
            day=self.day.date().toPython(),
            opens_at=to_time(self.opens),
            closes_at=to_time(self.closes),
            staff=self.staff.text(),
            notes=self.notes.toPlainText(),
        )

    def save(self) -> None:
        duty = self._services.duty
        if self._existing is None:
            self.saved = duty.record_room_hours(self._principal, self.draft())
        else:
            self.saved = duty.update_room_hours(self._principal, self._existing.id, self.draft())


# --- the weekly target -------------------------------------------------------------------


class TargetDialog(FormDialog):
    """The weekly target of hours in the beat (30 unless changed); admins only."""

    def __init__(
        self, services: Services, principal: Principal, parent: QWidget | None = None
    ) -> None:
        super().__init__(_("Weekly target in the beat"), parent)
        self._services = services
        self._principal = principal
        self.saved: float | None = None
        self.hours = self.form.add_field("target_hours", QDoubleSpinBox())
        self.hours.setRange(0.5, MAX_WEEKLY_TARGET_HOURS)
        self.hours.setDecimals(1)
        self.hours.setSingleStep(1.0)
        self.hours.setSuffix(_(" h"))
        with user_errors(self):
            self.hours.setValue(services.duty.target_hours(principal))
        self.form.set_label("target_hours", _("Hours per week:"))

    def save(self) -> None:
        self.saved = self._services.duty.set_target_hours(self._principal, self.hours.value())


# --- the duty report ---------------------------------------------------------------------


class DutyPreviewDialog(DocumentPreviewDialog):
    """Preview of a duty report with Print… and Save as PDF…, audited by the duty service."""

    def __init__(
        self,
        services: Services,
        principal: Principal,
        person: DutyPerson,
        first: date,
        last: date,
        parent: QWidget | None = None,
    ) -> None:
        duty = services.duty
        super().__init__(
            principal,
            RosterDocument.DUTY_REPORT.label,
            f"{person.display_name} {period_text(first, last)}",
            lambda language: duty.report_pdf(principal, person.user_id, first, last, language),
            suggested_name(person, first, last, ".pdf"),
            lambda target: duty.record_output(principal, "print", target, self.subject()),
            lambda data, path: duty.save_output(principal, data, path, self.subject()),
            parent,
        )
        self.person = person
        self.first, self.last = first, last

    def subject(self) -> str:
        if self.last - self.first == timedelta(days=6) and self.first.weekday() == 0:
            period = week_label(self.first)
        else:
            period = f"{self.first.isoformat()}..{self.last.isoformat()}"
        return f"{self.person.display_name} {period}"


def suggested_name(person: DutyPerson, first: date, last: date, suffix: str) -> str:
    from station_desk.reports.base import document_filename

    ident = f"{person.display_name}_{first:%Y%m%d}"
    return document_filename(RosterDocument.DUTY_REPORT.label, ident, last)[: -len(".pdf")] + suffix


class DutyReportDialog(QDialog):
    """The period of a duty report — the week shown, its month, or any days — then
    "Print duty report…" (preview) or "Save entries as .xlsx…"."""

    def __init__(
        self,
        services: Services,
        principal: Principal,
        person: DutyPerson,
        monday: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._principal = principal
        self.person = person
        self._monday = week_start(monday)
        self.setWindowTitle(_("Duty report of {name}").format(name=person.display_name))
        self.date_from = date_edit(self._monday)
        self.date_to = date_edit(self._monday + timedelta(days=6))
        self.week_button = tool_button(_("The week shown"), "duty-week", self.choose_week)
        self.month_button = tool_button(_("Its month"), "duty-month", self.choose_month)
        presets = QHBoxLayout()
        presets.addWidget(self.week_button)
        presets.addWidget(self.month_button)
        presets.addStretch(1)
        form = QFormLayout()
        form.addRow(_("Period:"), presets)
        form.addRow(_("From:"), self.date_from)
        form.addRow(_("To:"), self.date_to)
        self.preview_button = tool_button(_("Print duty report…"), "print", self.preview)
        self.xlsx_button = tool_button(_("Save entries as .xlsx…"), "export", self.ask_xlsx)
        self.xlsx_button.setEnabled(principal.can(Permission.EXPORT))
        row = QHBoxLayout()
        row.addWidget(self.preview_button)
        row.addWidget(self.xlsx_button)
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.preview_button.setDefault(True)
        self.setMinimumWidth(460)

    def choose_week(self) -> None:
        self.set_period(self._monday, self._monday + timedelta(days=6))

    def choose_month(self) -> None:
        first = self._monday.replace(day=1)
        self.set_period(first, month_end(first))

    def set_period(self, first: date, last: date) -> None:
        self.date_from.setDate(to_qdate(first))
        self.date_to.setDate(to_qdate(last))

    def period(self) -> tuple[date, date]:
        return self.date_from.date().toPython(), self.date_to.date().toPython()

    def preview(self) -> DutyPreviewDialog | None:
        first, last = self.period()
        with user_errors(self):
            # the same checks as the report, at once rather than in the preview
            self._services.duty.report(self._principal, self.person.user_id, first, last)
            dialog = DutyPreviewDialog(
                self._services, self._principal, self.person, first, last, self
            )
            return open_dialog(dialog)
        return None

    def suggested_xlsx(self) -> str:
        first, last = self.period()
        return str(Path(last_folder()) / suggested_name(self.person, first, last, ".xlsx"))

    def ask_xlsx(self) -> QFileDialog:
        dialog = QFileDialog(
            self, _("Save as .xlsx"), self.suggested_xlsx(), _("Workbooks (*.xlsx)")
        )
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("xlsx")
        dialog.selectFile(self.suggested_xlsx())
        dialog.fileSelected.connect(lambda name: self.save_xlsx(Path(name)))
        return open_dialog(dialog)

    def save_xlsx(self, path: Path) -> bool:
        first, last = self.period()
        duty = self._services.duty
        with user_errors(self):
            data = duty.entries_xlsx(self._principal, self.person.user_id, first, last)
            subject = f"{self.person.display_name} {first.isoformat()}..{last.isoformat()}"
            saved = duty.save_output(self._principal, data, path, subject)
            remember_folder(saved.parent)
            self.message.setText(_("Saved: {path}").format(path=saved))
            return True
        return False
