"""Dialogs of the duty log page (勤务日志): a duty entry, the room's opening hours, the weekly
target, and the duty report (勤务报告) of a week or a month with its preview.

The entry and opening-hours editors are `FormDialog`s: OK runs the service, a
`ValidationError` (the end before the start, an overlapping entry) shows under its field and
the dialog stays open, so nothing typed is lost.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtWidgets import QDoubleSpinBox, QFileDialog, QFormLayout, QLabel, QWidget

from station_desk.documents import DUTY_REPORT, Request
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
    check_span,
    month_end,
    week_start,
)
from station_desk.domain.roles import Permission
from station_desk.i18n import N_, _, ngettext
from station_desk.services.container import Services
from station_desk.ui.errors import user_errors
from station_desk.ui.widgets.dialogs import ServiceDialog, close_box
from station_desk.ui.widgets.fields import (
    CheckField,
    ChoiceField,
    DayField,
    LineField,
    NoteField,
    TextField,
    TimeField,
    WidgetField,
)
from station_desk.ui.widgets.forms import FormDialog, RecordDialog, SaveCalls
from station_desk.ui.widgets.inputs import (
    DatePeriod,
    EndTime,
    day_of,
    on_edit,
    to_qdate,
    to_time,
)
from station_desk.ui.widgets.layouts import lay_out, side_by_side
from station_desk.ui.widgets.preview import (
    DocumentPreviewDialog,
    ask_file,
    document_name,
    preview_document,
    save_register,
)
from station_desk.ui.widgets.rows import button_row, tool_button

DEFAULT_START = time(8, 30)
DEFAULT_LENGTH = timedelta(hours=2)


def duration_text(minutes: int) -> str:
    """2 hours 30 minutes / 2小时30分钟."""
    hours, rest = divmod(minutes, 60)
    parts = [ngettext("{n} hour", "{n} hours", hours).format(n=hours)] if hours else []
    if rest or not hours:
        parts.append(ngettext("{n} minute", "{n} minutes", rest).format(n=rest))
    return " ".join(parts)


def period_text(first: date, last: date) -> str:
    return f"{first.isoformat()} – {last.isoformat()}"


# --- a duty entry ------------------------------------------------------------------------


class DutyEntryDialog(RecordDialog):
    """New duty entry of `person` on `day`, or edit `existing`; `saved` holds the result."""

    titles = (N_("New duty entry of {name}"), N_("Edit duty entry of {name}"))
    whose = NoteField(N_("Whose time:"), key="user_id")
    day = DayField(N_("Date:"))
    starts = TimeField(N_("Start:"), key="starts_at")
    end = WidgetField(
        N_("End:"), lambda: EndTime(_("Ends the next day (after midnight)")), key="ends_at", read=False
    )
    duration = NoteField(N_("Duration:"))
    activity = ChoiceField(N_("Activity:"), DutyActivity)
    in_beat = CheckField(N_("Spent in the beat (counts towards the weekly target)"))
    place = LineField(
        N_("Place:"), max_length=MAX_PLACE, placeholder=N_("Where, e.g. 3号楼 or the north area")
    )
    notes = TextField(N_("Notes:"))

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
        super().__init__(services, principal, existing, parent)
        self.setWindowTitle(_(self.titles[existing is not None]).format(name=person.display_name))
        self._person = person
        self.ends, self.next_day = self.end.edit, self.end.next_day
        shown = existing or self._new_entry(day or date.today(), start or DEFAULT_START)
        self.show_record(shown)  # the start time, activity, in the beat, place, notes
        self.whose.setText(person.display_name)
        self.day.setDate(to_qdate(shown.starts_at.date()))
        self.end.show_span(shown.starts_at, shown.ends_at)
        self.activity.currentIndexChanged.connect(self._activity_changed)
        for widget in (self.day, self.starts, self.ends, self.next_day):
            on_edit(widget, self._show_duration)
        self.form.recheck = lambda: check_span(*self.span())
        self._show_duration()
        self.setMinimumWidth(480)

    def _show_duration(self) -> None:
        """How long the entry lasts, as the times are typed."""
        starts_at, ends_at = self.span()
        minutes = int((ends_at - starts_at).total_seconds() // 60)
        self.duration.setText(duration_text(minutes) if minutes > 0 else "—")

    @staticmethod
    def _new_entry(day: date, start: time) -> DutyEntryDraft:
        """A patrol of two hours (ending by midnight)."""
        starts_at = datetime.combine(day, start)
        ends_at = min(starts_at + DEFAULT_LENGTH, datetime.combine(day, time(23, 59)))
        activity = DutyActivity.PATROL
        return DutyEntryDraft("", starts_at, ends_at, activity, in_beat=activity.in_beat_by_default)

    def _activity_changed(self) -> None:
        self.in_beat.setChecked(DutyActivity(self.activity.currentData()).in_beat_by_default)

    def span(self) -> tuple[datetime, datetime]:
        return self.end.span(day_of(self.day), to_time(self.starts.time()))

    def draft(self) -> DutyEntryDraft:
        starts_at, ends_at = self.span()
        values = self.record_values()
        del values["day"]
        values.update(user_id=self._person.user_id, starts_at=starts_at, ends_at=ends_at)
        return DutyEntryDraft(**values)

    def save_calls(self) -> SaveCalls:
        return SaveCalls(self._services.duty.add_entry, self._services.duty.update_entry)


# --- room opening hours ------------------------------------------------------------------


class RoomHoursDialog(RecordDialog):
    """When the room was open on a day (开放时间); `saved` holds the result after OK."""

    titles = (N_("Room opening hours"), N_("Edit room opening hours"))
    draft_type = RoomHoursDraft
    day = DayField(N_("Date:"))
    opens = TimeField(N_("Opens:"), key="opens_at")
    closes = TimeField(N_("Closes:"), key="closes_at")
    staff = LineField(N_("Staff:"), max_length=MAX_STAFF, placeholder=N_("Who was in the room"))
    notes = TextField(N_("Notes:"))

    def __init__(
        self,
        services: Services,
        principal: Principal,
        existing: RoomHoursEntry | None = None,
        day: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        self._day = day or date.today()  # a new entry's day
        super().__init__(services, principal, existing, parent)

    def blank(self) -> RoomHoursDraft:
        return RoomHoursDraft(self._day, time(8, 30), time(17, 30))

    def save_calls(self) -> SaveCalls:
        duty = self._services.duty
        return SaveCalls(duty.record_room_hours, duty.update_room_hours)


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


class DutyReportDialog(ServiceDialog, DatePeriod):
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
        title = _("Duty report of {name}").format(name=person.display_name)
        super().__init__(services, principal, title, parent=parent)
        self.person = person
        self._monday = week_start(monday)
        self.period_inputs(self._monday, self._monday + timedelta(days=6))
        self.week_button = tool_button(_("The week shown"), "duty-week", self.choose_week)
        self.month_button = tool_button(_("Its month"), "duty-month", self.choose_month)
        form = QFormLayout()
        form.addRow(_("Period:"), button_row(self.week_button, self.month_button))
        form.addRow(_("From:"), self.date_from)
        form.addRow(_("To:"), self.date_to)
        self.preview_button = tool_button(_("Print duty report…"), "print", self.preview)
        self.xlsx_button = tool_button(_("Save entries as .xlsx…"), "export", self.ask_xlsx)
        self.xlsx_button.setEnabled(principal.can(Permission.EXPORT))
        self.message = QLabel()
        self.message.setWordWrap(True)
        row = side_by_side(self.preview_button, self.xlsx_button)
        lay_out(self, form, row, self.message, close_box(self))
        self.preview_button.setDefault(True)
        self.setMinimumWidth(460)

    def choose_week(self) -> None:
        self.set_period(self._monday, self._monday + timedelta(days=6))

    def choose_month(self) -> None:
        first = self._monday.replace(day=1)
        self.set_period(first, month_end(first))

    def request(self, subject: str) -> Request:
        first, last = self.period()
        return Request(date_from=first, date_to=last, person=self.person.user_id, subject=subject)

    def file_name(self, suffix: str) -> str:
        first, last = self.period()
        return document_name(DUTY_REPORT, f"{self.person.display_name}_{first:%Y%m%d}", last, suffix)

    def preview(self) -> DocumentPreviewDialog | None:
        first, last = self.period()
        with user_errors(self):
            # the same checks as the report, at once rather than in the preview
            report = self._services.duty.report(self._principal, self.person.user_id, first, last)
            return preview_document(
                self,
                DUTY_REPORT,
                self.request(self._services.duty.report_subject(report)),
                f"{self.person.display_name} {period_text(first, last)}",
                self.file_name(".pdf"),
            )
        return None

    def ask_xlsx(self) -> QFileDialog:
        return ask_file(self, self.file_name(".xlsx"), self.save_xlsx)

    def save_xlsx(self, path: Path) -> bool:
        first, last = self.period()
        subject = f"{self.person.display_name} {first.isoformat()}..{last.isoformat()}"
        return save_register(self, DUTY_REPORT, self.request(subject), path, self.message) is not None
