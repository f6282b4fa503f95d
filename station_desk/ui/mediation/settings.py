"""Mediation settings (调解设置, admin only): the case number pattern, the name of the people's
mediation committee that seals people's mediation agreements, the time limits and the
holiday calendar (法定节假日 and 调休上班 days) that working-day limits count with.

The case number is edited as named parts — fixed text, the year, fixed text, the number in the
year with its digits, fixed text (`CaseNumberEditor`; stored as the same format string as
before, `〔{year}〕调字第{seq:04d}号`) — and the number the next case would get is shown as
they are typed. Saving stores the
pattern and the limits together (`MediationService.update_settings`) and recomputes the due
dates of open cases and the next return visits of agreed cases from their own dates; closed
cases keep theirs. Nothing is stored until OK; Cancel with changes asks first.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QWidget,
)

from station_desk import i18n
from station_desk.domain.accounts import Principal
from station_desk.domain.case_numbers import MAX_DIGITS, CaseNumberParts
from station_desk.domain.mediation import MediationLimits, MediationSettings
from station_desk.domain.roles import Permission
from station_desk.errors import StationDeskError, ValidationError
from station_desk.i18n import _
from station_desk.services.container import Services
from station_desk.services.holidays import official_calendar
from station_desk.ui.icons import icon
from station_desk.ui.widgets.forms import ERROR_STYLE, FieldForm, FormDialog
from station_desk.ui.widgets.inputs import date_edit, day_of, to_qdate
from station_desk.ui.widgets.layouts import lay_out, side_by_side

SATURDAY = 5
MAX_RANGE_DAYS = 31
LIST_HEIGHT = 150
HINT_STYLE = "color: #555555;"
CHIP_STYLE = "background: #e3ecf7; border: 1px solid #9fb6d3; border-radius: 3px; padding: 2px 6px;"
WARNING_STYLE = "color: #8a4b00;"
CALENDAR_FIELDS = ("holidays", "extra_workdays", "range")


def day_text(day: date) -> str:
    """2026-10-01 (Thursday) in the current language's day names."""
    language = i18n.current_language()
    locale = QLocale("en_GB") if language == "en" else QLocale(language)
    return "{day} {weekday}".format(
        day=day.isoformat(), weekday=locale.toString(to_qdate(day), "dddd")
    )


def days_in_range(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    return label


class DayList(QGroupBox):
    """A titled list of days (one kind: holidays or make-up working days) with Remove;
    `removed` is emitted when days are taken off."""

    removed = Signal()

    def __init__(self, title: str, remove_text: str) -> None:
        super().__init__(title)
        self.days: set[date] = set()
        self.year: int | None = None
        self.list = QListWidget()
        self.list.setMinimumHeight(LIST_HEIGHT)
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.list.setAccessibleName(title)
        self.remove_button = QPushButton(icon("remove"), remove_text)
        self.remove_button.setEnabled(False)
        self.remove_button.clicked.connect(self.remove_selected)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.remove_selected)
        self.list.itemSelectionChanged.connect(
            lambda: self.remove_button.setEnabled(bool(self.list.selectedItems()))
        )
        self.count = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.count, 1)
        row.addWidget(self.remove_button)
        lay_out(self, self.list, row)

    def set_days(self, days: Iterable[date]) -> None:
        self.days = set(days)
        self.refresh()

    def show_year(self, year: int | None) -> None:
        self.year = year
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        shown = sorted(d for d in self.days if self.year is None or d.year == self.year)
        for day in shown:
            item = QListWidgetItem(day_text(day))
            item.setData(Qt.ItemDataRole.UserRole, day.isoformat())
            self.list.addItem(item)
        self.count.setText(
            i18n.ngettext("{count} day", "{count} days", len(shown)).format(count=len(shown))
        )
        self.remove_button.setEnabled(False)

    def remove_selected(self) -> None:
        """Take the selected days off the list (stored only when the dialog is saved)."""
        chosen = {
            date.fromisoformat(str(item.data(Qt.ItemDataRole.UserRole)))
            for item in self.list.selectedItems()
        }
        self.days -= chosen
        self.refresh()
        self.removed.emit()


class HolidayCalendar(QWidget):
    """Holidays and make-up working days for any number of years: add a day or a range of
    days as either kind, remove selected days, show one year or all."""

    def __init__(self, limits: MediationLimits, this_year: int) -> None:
        super().__init__()
        self._this_year = this_year
        self.first = date_edit(date(this_year, 10, 1))
        self.last = date_edit(date(this_year, 10, 7))
        self.first.setAccessibleName(_("First day"))
        self.last.setAccessibleName(_("Last day"))
        self.first.dateChanged.connect(self._first_changed)
        self.add_holidays = QPushButton(icon("new"), _("Add as &holidays"))
        self.add_workdays = QPushButton(icon("new"), _("Add as &working days"))
        self.add_holidays.clicked.connect(lambda: self._add(holiday=True))
        self.add_workdays.clicked.connect(lambda: self._add(holiday=False))
        self.year = QComboBox()
        self.year.setAccessibleName(_("Year shown"))
        self.holidays = DayList(_("Holidays (days off)"), _("&Remove holidays"))
        self.workdays = DayList(
            _("Make-up working days (weekend days worked)"), _("R&emove working days")
        )
        self.holidays.set_days(limits.holidays)
        self.workdays.set_days(limits.extra_workdays)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(HINT_STYLE)
        self.message.hide()
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(WARNING_STYLE)
        self.holidays.removed.connect(self.update_warning)

        adding = side_by_side(
            _("From:"), self.first, _("To:"), self.last, self.add_holidays, self.add_workdays, None
        )
        showing = side_by_side(_("Show:"), self.year, None)
        lists = QGridLayout()
        lists.addWidget(self.holidays, 0, 0)
        lists.addWidget(self.workdays, 0, 1)
        lay_out(self, adding, self.message, self.warning, showing, lists, margin=0)
        self._fill_years(this_year)
        self.year.currentIndexChanged.connect(self._year_changed)

    # -- reading ---------------------------------------------------------------------------
    def holiday_days(self) -> tuple[date, ...]:
        return tuple(sorted(self.holidays.days))

    def workday_days(self) -> tuple[date, ...]:
        return tuple(sorted(self.workdays.days))

    # -- adding ----------------------------------------------------------------------------
    def chosen_range(self) -> list[date]:
        first, last = day_of(self.first), day_of(self.last)
        if last < first:
            raise ValidationError("range", _("The last day must not be before the first day."))
        if (last - first).days >= MAX_RANGE_DAYS:
            raise ValidationError(
                "range",
                _("Add at most {count} days at a time.").format(count=MAX_RANGE_DAYS),
            )
        return days_in_range(first, last)

    def add_range(self, *, holiday: bool) -> str:
        """Add the chosen days as holidays or as working days; a day in the other list moves.
        Returns what was done; raises ValidationError when nothing can be added."""
        days = self.chosen_range()
        if holiday:
            target, other = self.holidays, self.workdays
        else:
            days = [d for d in days if d.weekday() >= SATURDAY]
            if not days:
                raise ValidationError(
                    "range",
                    _("Monday to Friday are working days already: choose a Saturday or Sunday."),
                )
            target, other = self.workdays, self.holidays
        added = set(days) - target.days
        moved = added & other.days
        target.days |= added
        other.days -= moved
        if days:
            self._fill_years(days[0].year)
        text = i18n.ngettext("{count} day added.", "{count} days added.", len(added)).format(
            count=len(added)
        )
        if moved:
            text += " " + i18n.ngettext(
                "{count} day was moved from the other list.",
                "{count} days were moved from the other list.",
                len(moved),
            ).format(count=len(moved))
        return text

    def _add(self, *, holiday: bool) -> None:
        form = self._form()
        if form is not None:
            form.clear_errors()
        try:
            self.message.setText(self.add_range(holiday=holiday))
            self.message.show()
        except ValidationError as exc:
            self.message.clear()
            self.message.hide()
            if form is not None:
                form.show_error(exc.field, exc.message)

    def _form(self) -> FieldForm | None:
        form = getattr(self.window(), "form", None)
        return form if isinstance(form, FieldForm) else None

    def _first_changed(self) -> None:
        if self.last.date() < self.first.date():
            self.last.setDate(self.first.date())

    # -- years -----------------------------------------------------------------------------
    def _fill_years(self, select: int | None = None) -> None:
        years = sorted(
            {d.year for d in self.holidays.days | self.workdays.days}
            | {self._this_year, self._this_year + 1}
        )
        current = self.year.currentData() if select is None else select
        self.year.blockSignals(True)
        self.year.clear()
        self.year.addItem(_("All years"), 0)
        for year in years:
            self.year.addItem(str(year), year)
        self.year.setCurrentIndex(max(0, self.year.findData(current)))
        self.year.blockSignals(False)
        self._year_changed()

    def _year_changed(self) -> None:
        year = int(self.year.currentData() or 0) or None
        self.holidays.show_year(year)
        self.workdays.show_year(year)
        self.update_warning()

    def update_warning(self) -> None:
        """Warn of this year and next when they have no holidays: limits in working days
        would then count every Monday to Friday."""
        entered = {d.year for d in self.holidays.days}
        missing = [y for y in (self._this_year, self._this_year + 1) if y not in entered]
        self.warning.setText(
            "\n".join(
                _(
                    "No public holidays entered for {year}: working days are counted "
                    "Monday to Friday."
                ).format(year=year)
                for year in missing
            )
        )
        self.warning.setVisible(bool(missing))


def _official_note() -> str:
    """Which official years the program brought into the calendar (none: empty)."""
    years = sorted(official_calendar().years)
    if not years:
        return ""
    return _(
        "The official holidays and make-up working days of {years} (notices of the General "
        "Office of the State Council) come with the program; change them here if needed."
    ).format(years="、".join(str(year) for year in years))


class CaseNumberEditor(QWidget):
    """The case number as named parts in a row: text, 年份, text, 序号 (with its number of
    digits), text; `changed` on every edit. A stored pattern the parts cannot express is kept
    (`pattern()`) until a part is changed."""

    changed = Signal()

    def __init__(self, pattern: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        parts = CaseNumberParts.of(pattern)
        self._kept = None if parts is not None else pattern
        parts = parts or CaseNumberParts()
        self._number_first = parts.number_first
        self.before = self._text(parts.before, _("Text before"))
        self.between = self._text(parts.between, _("Text between"))
        self.after = self._text(parts.after, _("Text after"))
        self.digits = QSpinBox()
        self.digits.setRange(1, MAX_DIGITS)
        self.digits.setValue(parts.digits)
        self.digits.setSuffix(_(" digits"))
        self.digits.setToolTip(_("The number is padded with zeros to this many digits"))
        year, number = self._chip(_("Year")), self._chip(_("Number in the year"))
        first, second = (number, year) if parts.number_first else (year, number)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.before, first, self.between, second, self.after):
            row.addWidget(widget)
            if widget is number:
                row.addWidget(self.digits)
        row.addStretch(1)
        self.digits.valueChanged.connect(self._edited)

    def _text(self, value: str, tip: str) -> QLineEdit:
        edit = QLineEdit(value)
        edit.setPlaceholderText(tip)
        edit.setToolTip(tip)
        edit.setMaxLength(20)
        edit.setMaximumWidth(120)
        edit.textChanged.connect(self._edited)
        return edit

    @staticmethod
    def _chip(text: str) -> QLabel:
        chip = QLabel(text)
        chip.setStyleSheet(CHIP_STYLE)
        return chip

    def _edited(self) -> None:
        self._kept = None
        self.changed.emit()

    def parts(self) -> CaseNumberParts:
        return CaseNumberParts(
            self.before.text(),
            self.between.text(),
            self.after.text(),
            self.digits.value(),
            self._number_first,
        )

    def pattern(self) -> str:
        """What is stored: the format string of the parts (or the kept stored pattern)."""
        return self._kept if self._kept is not None else self.parts().pattern()


class MediationSettingsDialog(FormDialog):
    """Edits the mediation settings; `saved` holds what was stored after OK."""

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(_("Mediation settings"), parent)
        self._services = services
        self._principal = principal
        self.saved: MediationSettings | None = None
        self._year = services.mediation.today().year
        current = services.mediation.settings(principal)
        limits = current.limits

        self.pattern = self.form.add_field(
            "pattern", CaseNumberEditor(current.pattern), "case_number"
        )
        self.example = self.form.add_field("example", QLabel())
        self.example.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.pattern_hint = self.form.add_field(
            "pattern_hint",
            _hint(
                _(
                    "The case number is made of the year and the number in the year, with the "
                    "fixed text around them. Numbers already issued keep theirs; the count "
                    "continues from the year's last number, so no number is skipped or used twice."
                )
            ),
        )
        self.committee = self.form.add_field(
            "committee_name", QLineEdit(current.committee_name)
        )
        self.committee.setMaxLength(100)
        self.committee.setPlaceholderText(_("e.g. Heping Li Community People's Mediation Committee"))
        self.police_days = self.form.add_field(
            "police_working_days", self._spin(1, 30, limits.police_working_days, _(" working days"))
        )
        self.peoples_months = self.form.add_field(
            "peoples_months", self._spin(1, 12, limits.peoples_months, _(" month(s)"))
        )
        self.visit_days = self.form.add_field(
            "return_visit_days",
            self._spin(0, 365, limits.return_visit_days, _(" days after the performance deadline")),
        )
        self.calendar = self.form.add_field(
            "calendar", HolidayCalendar(limits, self._year), *CALENDAR_FIELDS
        )
        self.official_note = self.form.add_field("official_note", _hint(_official_note()))
        self.recompute_note = self.form.add_field(
            "recompute_note",
            _hint(
                _(
                    "Working days are Monday to Friday, minus the holidays, plus the make-up "
                    "working days. When you save, the due dates of open cases and the next "
                    "return visits of agreed cases are worked out again from their own dates "
                    "with these settings; closed cases keep theirs."
                )
            ),
        )
        self.form.set_labels(
            pattern=_("Case number pattern:"),
            example=_("Next number:"),
            committee_name=_("People's mediation committee:"),
            police_working_days=_("Police mediation within:"),
            peoples_months=_("People's mediation within:"),
            return_visit_days=_("First return visit:"),
            calendar=_("Holiday calendar:"),
        )
        self.pattern.changed.connect(self.update_example)
        self.update_example()
        if not principal.can(Permission.MANAGE_SETTINGS):
            self._read_only()
        self.setMinimumWidth(820)
        self.resize(self.sizeHint())

    @staticmethod
    def _spin(low: int, high: int, value: int, suffix: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setSuffix(suffix)
        spin.setValue(value)
        return spin

    def _read_only(self) -> None:
        for widget in (
            self.pattern,
            self.committee,
            self.police_days,
            self.peoples_months,
            self.visit_days,
            self.calendar,
        ):
            widget.setEnabled(False)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(False)
        self.recompute_note.setText(_("Only an administrator can change these settings."))

    def update_example(self) -> None:
        """Show the next number under the typed pattern, or why the pattern is wrong."""
        try:
            number = self._services.mediation.next_case_number(
                self._principal, self._year, self.pattern.pattern()
            )
        except ValidationError as exc:
            self.example.setStyleSheet(ERROR_STYLE)
            self.example.setText(exc.message)
            return
        except StationDeskError as exc:
            self.example.setStyleSheet(ERROR_STYLE)
            self.example.setText(str(exc))
            return
        self.example.setStyleSheet("")
        self.example.setText(number)

    def settings(self) -> MediationSettings:
        return MediationSettings(
            pattern=self.pattern.pattern(),
            limits=MediationLimits(
                police_working_days=self.police_days.value(),
                peoples_months=self.peoples_months.value(),
                return_visit_days=self.visit_days.value(),
                holidays=self.calendar.holiday_days(),
                extra_workdays=self.calendar.workday_days(),
            ),
            committee_name=self.committee.text(),
        )

    def snapshot(self) -> object:
        """What Cancel would lose: the values, not the date pickers or the year shown."""
        return self.settings()

    def save(self) -> None:
        self.saved = self._services.mediation.update_settings(self._principal, self.settings())
