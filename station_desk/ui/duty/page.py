"""The duty log page (勤务日志): one person's time entries of one week, the hours in the
beat against the weekly target (下沉社区, 30 hours unless changed), and the room's opening
hours.

The person is the signed-in user unless another is chosen (every role may read the log;
auxiliary police often log time for the officer). "Previous week" / "This week" / "Next week"
move through the weeks; the bar shows the hours in the beat of the week shown against the
target and says when the week is behind the share due by today. New / Edit (double-click or
Enter) / Delete (after asking, with Undo) change the entries; "Duty report…" previews and
prints the duty report (勤务报告) of a week or a month, or saves its entries as .xlsx.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QMessageBox,
    QProgressBar,
    QWidget,
)

from station_desk.domain.accounts import Principal
from station_desk.domain.duty import (
    DutyEntry,
    DutyPerson,
    DutyReportData,
    DutyWeek,
    RoomHoursEntry,
    hours_text,
    week_label,
    week_start,
)
from station_desk.domain.roles import Permission
from station_desk.i18n import N_, _, ngettext
from station_desk.services.container import Services
from station_desk.ui.duty.dialogs import (
    DutyEntryDialog,
    DutyReportDialog,
    RoomHoursDialog,
    TargetDialog,
    period_text,
)
from station_desk.ui.errors import user_errors
from station_desk.ui.fonts import heading_font
from station_desk.ui.formatting import yes_no
from station_desk.ui.widgets.dialogs import confirm, confirm_then, open_dialog
from station_desk.ui.widgets.inputs import refill_choices
from station_desk.ui.widgets.layouts import lay_out, side_by_side, tab_widget
from station_desk.ui.widgets.page import ServicePage
from station_desk.ui.widgets.rows import (
    GREY,
    StyledRowsModel,
    button_row,
    connect_rows,
    row_table,
    tab_page,
    tool_button,
)
from station_desk.ui.widgets.table_model import Column, TableRows, selected_row
from station_desk.ui.widgets.weeks import WeekSteps

WARN_STYLE = "color: #b00020;"
MET_STYLE = "color: #1b6e20;"
WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
PROGRESS_SCALE = 10  # the bar counts tenths of an hour


def day_text(day: date) -> str:
    return f"{day.isoformat()} {_(WEEKDAYS[day.weekday()])}"


def span_text(entry: DutyEntry) -> str:
    end = f"{entry.ends_at:%H:%M}"
    if entry.ends_at.date() != entry.starts_at.date():
        end = _("{time} next day").format(time=end)
    return f"{entry.starts_at:%H:%M}–{end}"


ENTRY_COLUMNS = (
    Column(N_("Date"), lambda e: day_text(e.starts_at.date())),
    Column(N_("Time"), span_text),
    Column(N_("Activity"), lambda e: e.activity.label),
    Column(N_("In the beat"), lambda e: yes_no(e.in_beat)),
    Column(N_("Place"), lambda e: e.place),
    Column(N_("Hours"), lambda e: hours_text(e.minutes)),
    Column(N_("Notes"), lambda e: " ".join(e.notes.split()), lambda e: e.notes),
)

ROOM_COLUMNS = (
    Column(N_("Date"), lambda r: day_text(r.day)),
    Column(N_("Opens"), lambda r: f"{r.opens_at:%H:%M}"),
    Column(N_("Closes"), lambda r: f"{r.closes_at:%H:%M}"),
    Column(N_("Hours"), lambda r: hours_text(r.minutes)),
    Column(N_("Staff"), lambda r: r.staff),
    Column(N_("Notes"), lambda r: " ".join(r.notes.split()), lambda r: r.notes),
)


def _outside_grey(entry: DutyEntry) -> tuple[QColor | None, QColor | None]:
    return (None, None) if entry.in_beat else (GREY, None)


class WeekSummary(QWidget):
    """The hours in the beat of the week shown against the target, as words and a bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figure = QLabel()
        self.figure.setFont(heading_font(13))
        self.bar = QProgressBar()
        self.bar.setTextVisible(True)
        self.bar.setMinimumWidth(120)
        self.bar.setMaximumWidth(360)
        self.state = QLabel()
        self.other = QLabel()
        self.days = QLabel()
        self.days.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top = side_by_side(self.figure, (self.bar, 1), self.state, None)
        bottom = side_by_side(self.days, None, self.other)
        lay_out(self, top, bottom, margin=0).setSpacing(2)

    def show_week(self, data: DutyReportData, today: date) -> None:
        week = data.weeks[0]
        hours, target = week.in_beat_hours, week.target_hours
        if week.week_start == week_start(today):
            text = _("In the beat this week: {hours} of {target} h target")
        else:
            text = _("In the beat in {week}: {hours} of {target} h target")
        self.figure.setText(
            text.format(hours=f"{hours:.1f}", target=f"{target:g}", week=week.label)
        )
        self.bar.setRange(0, max(1, round(target * PROGRESS_SCALE)))
        self.bar.setValue(min(self.bar.maximum(), round(hours * PROGRESS_SCALE)))
        self.bar.setFormat(f"{hours / target:.0%}" if target else "")
        self._show_state(week, today)
        self.other.setText(
            ngettext(
                "Outside the beat: {hours} h · {n} entry",
                "Outside the beat: {hours} h · {n} entries",
                week.entries,
            ).format(hours=f"{week.other_hours:.1f}", n=week.entries)
        )
        by_day = {total.day: total for total in data.by_day}
        parts = []
        for offset in range(7):
            day = week.week_start + timedelta(days=offset)
            total = by_day.get(day)
            minutes = total.in_beat_minutes if total else 0
            parts.append(f"{_(WEEKDAYS[offset])} {hours_text(minutes)}")
        self.days.setText(_("In the beat by day: {days}").format(days=" · ".join(parts)))

    def _show_state(self, week: DutyWeek, today: date) -> None:
        if week.met:
            self.state.setText(_("Target met"))
            self.state.setStyleSheet(MET_STYLE)
        elif week.behind(today):
            if week.week_start + timedelta(days=7) <= today:
                self.state.setText(_("Behind: the target was not met"))
            else:
                self.state.setText(
                    _("Behind: {hours} h were due by today").format(
                        hours=f"{week.expected_by(today):.1f}"
                    )
                )
            self.state.setStyleSheet(WARN_STYLE)
        else:
            self.state.setText(_("{hours} h to go").format(hours=f"{week.remaining_hours:.1f}"))
            self.state.setStyleSheet("")

    def is_behind(self) -> bool:
        return self.state.styleSheet() == WARN_STYLE


class DutyPage(ServicePage, TableRows, WeekSteps):
    """The duty log of one person and week, the week's figure and the room's opening hours."""

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(services, principal, parent)
        self.monday = week_start(self.today())
        self.data: DutyReportData | None = None
        self.deleted: DutyEntry | None = None
        self.person = QComboBox()
        self.person.setMinimumContentsLength(10)
        self.person_label = QLabel(_("&Whose duty:"))
        self.person_label.setBuddy(self.person)
        self.previous_button = tool_button(_("&Previous week"), "previous", self.previous_week)
        self.this_week_button = tool_button(_("T&his week"), "this-week", self.this_week)
        self.next_button = tool_button(_("Ne&xt week"), "next", self.next_week)
        self.week_label = QLabel()
        self.week_label.setFont(heading_font(12))
        navigation = side_by_side(
            self.person_label,
            self.person,
            16,
            self.previous_button,
            self.this_week_button,
            self.next_button,
            8,
            self.week_label,
            None,
        )
        self.summary = WeekSummary()
        self.tabs = tab_widget(
            (self._entries_tab(), _("Duty log")), (self._room_tab(), _("Room opening hours"))
        )
        lay_out(self, navigation, self.summary, (self.tabs, 1))
        for keys, slot in (
            ("Alt+PgUp", self.previous_week),
            ("Alt+PgDown", self.next_week),
            ("Alt+Home", self.this_week),
            ("Ctrl+N", self.new_entry),
        ):
            QShortcut(QKeySequence(keys), self, slot)
        self.person.currentIndexChanged.connect(lambda _index: self.reload())
        self.refresh()

    # -- building --------------------------------------------------------------------------
    def _entries_tab(self) -> QWidget:
        self.model = StyledRowsModel(ENTRY_COLUMNS, _outside_grey, self)
        self.table = row_table(self.model, widths=(130, 130, 130, 80, 190, 90))
        self.new_button = tool_button(_("&New entry…"), "new", self.new_entry)
        self.edit_button = tool_button(_("&Edit…"), "edit", self.edit_selected)
        self.delete_button = tool_button(_("&Delete…"), "delete", self.delete_selected)
        self.undo_button = tool_button(_("&Undo delete"), "restore", self.undo_delete)
        self.report_button = tool_button(_("Duty &report…"), "print", self.open_report)
        self.target_button = tool_button(_("Weekly &target…"), "duty-target", self.open_target)
        self.target_button.setVisible(self._principal.can(Permission.MANAGE_SETTINGS))
        self.message = QLabel()
        buttons = side_by_side(
            self.new_button,
            self.edit_button,
            self.delete_button,
            self.undo_button,
            (self.message, 1),
            self.report_button,
            self.target_button,
        )
        connect_rows(self.table, self.edit_selected, self.update_buttons)
        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.delete_selected)
        return tab_page(buttons, (self.table, 1))

    def _room_tab(self) -> QWidget:
        self.room_model = StyledRowsModel(ROOM_COLUMNS, None, self)
        self.room_table = row_table(self.room_model, widths=(130, 70, 70, 90, 260))
        self.room_new_button = tool_button(
            _("Record opening &hours…"), "room-hours", self.new_room_hours
        )
        self.room_edit_button = tool_button(_("Edit…"), "edit", self.edit_room_hours)
        self.room_delete_button = tool_button(_("Delete…"), "delete", self.delete_room_hours)
        buttons = button_row(self.room_new_button, self.room_edit_button, self.room_delete_button)
        connect_rows(self.room_table, self.edit_room_hours, self.update_buttons)
        return tab_page(buttons, (self.room_table, 1))

    def fill_people(self) -> None:
        chosen = self.person.currentData() or self._principal.user_id
        people: list[DutyPerson] = []
        with user_errors(self):
            people = self._services.duty.people(self._principal)
        choices = [(person.display_name, person.user_id) for person in people]
        refill_choices(self.person, choices, chosen, self._principal.user_id)

    # -- state -----------------------------------------------------------------------------
    def today(self) -> date:
        return self._services.duty.today()

    def chosen_person(self) -> DutyPerson | None:
        user_id = self.person.currentData()
        if user_id is None:
            return None
        return DutyPerson(user_id, "", self.person.currentText())

    def refresh(self) -> None:
        self.fill_people()
        self.reload()

    def reload(self) -> None:
        person = self.chosen_person()
        sunday = self.monday + timedelta(days=6)
        self.week_label.setText(period_text(self.monday, sunday))
        self.week_label.setToolTip(week_label(self.monday))
        chosen = self.selected()
        with user_errors(self):
            rooms = self._services.duty.list_room_hours(self._principal, self.monday, sunday)
            self.room_model.set_rows(rooms)
            if person is not None:
                self.data = self._services.duty.report(
                    self._principal, person.user_id, self.monday, sunday
                )
                self.model.set_rows(list(self.data.entries))
                self.summary.show_week(self.data, self.today())
        if chosen is not None:
            self.select(chosen.id)
        self.update_buttons()

    def entries(self) -> list[DutyEntry]:
        return list(self.data.entries) if self.data else []

    def week(self) -> DutyWeek | None:
        return self.data.weeks[0] if self.data else None

    def selected_room_hours(self) -> RoomHoursEntry | None:
        return selected_row(self.room_table, self.room_model)

    def update_buttons(self) -> None:
        may_edit = self._principal.can(Permission.EDIT_RECORDS)
        person = self.chosen_person() is not None
        chosen = self.selected() is not None
        self.new_button.setEnabled(may_edit and person)
        self.edit_button.setEnabled(may_edit and chosen)
        self.delete_button.setEnabled(may_edit and chosen)
        self.undo_button.setVisible(self.deleted is not None)
        self.undo_button.setEnabled(may_edit and self.deleted is not None)
        self.report_button.setEnabled(person)
        room = self.selected_room_hours() is not None
        self.room_new_button.setEnabled(may_edit)
        self.room_edit_button.setEnabled(may_edit and room)
        self.room_delete_button.setEnabled(may_edit and room)

    # -- weeks -----------------------------------------------------------------------------
    def show_week(self, day: date) -> None:
        self.monday = week_start(day)
        self.reload()

    def show_person(self, user_id: str) -> None:
        index = self.person.findData(user_id)
        if index >= 0:
            self.person.setCurrentIndex(index)

    # -- entries ---------------------------------------------------------------------------
    def _new_entry_start(self) -> tuple[date, time | None]:
        """The day of a new entry (today in this week, else the chosen entry's or Monday)
        and its start: the end of that day's last entry, if any."""
        chosen = self.selected()
        day = chosen.starts_at.date() if chosen is not None else self.day_shown()
        ends = [e.ends_at for e in self.entries() if e.starts_at.date() == day]
        last = max(ends) if ends else None
        if last is not None and last.date() == day and last.time() < time(22, 0):
            return day, last.time()
        return day, None

    def new_entry(self) -> QDialog | None:
        person = self.chosen_person()
        if person is None or not self._principal.can(Permission.EDIT_RECORDS):
            return None
        day, start = self._new_entry_start()
        dialog = DutyEntryDialog(self._services, self._principal, person, None, day, start, self)
        return self._open(dialog)

    def edit_selected(self) -> QDialog | None:
        entry, person = self.selected(), self.chosen_person()
        if entry is None or person is None or not self._principal.can(Permission.EDIT_RECORDS):
            return None
        dialog = DutyEntryDialog(self._services, self._principal, person, entry, parent=self)
        return self._open(dialog)

    def _open(self, dialog: DutyEntryDialog) -> DutyEntryDialog:
        def saved() -> None:
            entry = dialog.saved
            if entry is not None and week_start(entry.starts_at.date()) != self.monday:
                self.monday = week_start(entry.starts_at.date())
            self.reload()
            if entry is not None:
                self.select(entry.id)
                self.message.setText(_("Saved."))

        return open_dialog(dialog, accepted=saved)

    def delete_selected(self) -> QMessageBox | None:
        entry = self.selected()
        if entry is None or not self._principal.can(Permission.EDIT_RECORDS):
            return None
        question = _("Delete the entry {activity} on {day}, {time}?").format(
            activity=entry.activity.label,
            day=day_text(entry.starts_at.date()),
            time=span_text(entry),
        )
        return confirm(self, question, lambda: self.delete_entry(entry))

    def delete_entry(self, entry: DutyEntry) -> None:
        with user_errors(self):
            self._services.duty.delete_entry(self._principal, entry.id)
            self.deleted = entry
            self.message.setText(_("Entry deleted."))
        self.reload()

    def undo_delete(self) -> None:
        entry = self.deleted
        if entry is None:
            return
        with user_errors(self):
            restored = self._services.duty.restore_entry(self._principal, entry.id)
            self.deleted = None
            self.message.setText(_("Entry restored."))
            self.reload()
            self.select(restored.id)
        self.update_buttons()

    # -- room opening hours ----------------------------------------------------------------
    def new_room_hours(self) -> RoomHoursDialog:
        day = self.day_shown()
        return self._open_room(RoomHoursDialog(self._services, self._principal, None, day, self))

    def edit_room_hours(self) -> RoomHoursDialog | None:
        chosen = self.selected_room_hours()
        if chosen is None or not self._principal.can(Permission.EDIT_RECORDS):
            return None
        return self._open_room(
            RoomHoursDialog(self._services, self._principal, chosen, parent=self)
        )

    def _open_room(self, dialog: RoomHoursDialog) -> RoomHoursDialog:
        def saved() -> None:
            if dialog.saved is not None:
                self.monday = week_start(dialog.saved.day)
            self.reload()

        return open_dialog(dialog, accepted=saved)

    def delete_room_hours(self) -> QMessageBox | None:
        chosen = self.selected_room_hours()
        if chosen is None:
            return None
        question = _("Delete the opening hours of {day}?").format(day=day_text(chosen.day))
        duty, principal = self._services.duty, self._principal
        return confirm_then(
            self, question, lambda: duty.delete_room_hours(principal, chosen.id), self.reload
        )

    # -- report and target -----------------------------------------------------------------
    def open_report(self) -> DutyReportDialog | None:
        person = self.chosen_person()
        if person is None:
            return None
        return open_dialog(
            DutyReportDialog(self._services, self._principal, person, self.monday, self)
        )

    def open_target(self) -> TargetDialog:
        dialog = TargetDialog(self._services, self._principal, self)
        return open_dialog(dialog, accepted=self.reload)
