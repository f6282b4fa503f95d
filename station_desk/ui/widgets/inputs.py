"""Small inputs of the forms: a choice of an enum's members, a text box, gender, optional date /
date-time, and a name box with choices.

Times are naive local wall-clock times (see `domain/meetings.py`): the widgets give and take
naive `datetime`s and `date`s, never time zones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time, timedelta
from enum import Enum

from PySide6.QtCore import QDate, QDateTime, QEvent, QTime, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QTimeEdit,
    QWidget,
)

from station_desk.domain.enums import Gender
from station_desk.i18n import _
from station_desk.ui.widgets.date_entry import ClockEdit, DayEdit, MomentEdit


def enum_choice(members: Sequence[Enum], current: object = None, empty: str | None = None) -> QComboBox:
    """The members' labels as choices (their values as data); `empty` first, for "any"/"none"."""
    combo = QComboBox()
    if empty is not None:
        combo.addItem(empty, None)
    for member in members:
        combo.addItem(member.label, member.value)  # type: ignore[attr-defined]
    if current is not None:
        combo.setCurrentIndex(max(0, combo.findData(str(current))))
    return combo


def set_choice(combo: QComboBox, data: object) -> None:
    """Choose the item whose data is `data` (the first item when none is)."""
    combo.setCurrentIndex(max(0, combo.findData(None if data is None else str(data))))


def refill_choices(
    combo: QComboBox, choices: Iterable[tuple[str, object]], *preferred: object
) -> None:
    """Make (text, data) `choices` those of `combo`, the first of `preferred` that is among
    them chosen (else the first choice), without signalling the change."""
    blocked = combo.blockSignals(True)
    combo.clear()
    for text, data in choices:
        combo.addItem(text, data)
    found = [index for index in (combo.findData(data) for data in preferred if data) if index >= 0]
    combo.setCurrentIndex(found[0] if found else 0)
    combo.blockSignals(blocked)


def text_box(text: str = "", height: int = 70) -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setTabChangesFocus(True)
    box.setMinimumHeight(height)
    return box


def gender_text(gender: Gender | None) -> str:
    return "" if gender is None else Gender(gender).label


def gender_choice(current: Gender | None, empty: str = "") -> QComboBox:
    """Male, female, and first `empty` (by default "Not known") for None."""
    combo = QComboBox()
    combo.addItem(empty or _("Not known"), None)
    for gender in Gender:
        combo.addItem(gender_text(gender), gender.value)
    if current is not None:
        combo.setCurrentIndex(max(0, combo.findData(Gender(current).value)))
    return combo


def day_of(edit: QDateTimeEdit) -> date:
    """The date shown by a date (or date-time) edit."""
    value = edit.date()
    return date(value.year(), value.month(), value.day())


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def to_qdatetime(moment: datetime) -> QDateTime:
    return QDateTime(to_qdate(moment.date()), QTime(moment.hour, moment.minute, moment.second))


def from_qdatetime(value: QDateTime) -> datetime:
    day, clock = value.date(), value.time()
    return datetime(day.year(), day.month(), day.day(), clock.hour(), clock.minute())


def to_time(value: QTime) -> time:
    """A time edit's value to the minute."""
    return time(value.hour(), value.minute())


def time_edit(value: time | None = None) -> QTimeEdit:
    edit = ClockEdit()
    if value is not None:
        edit.setTime(QTime(value.hour, value.minute))
    return edit


def span_of(day: date, start: time, end: time, next_day: bool) -> tuple[datetime, datetime]:
    """A span starting on `day` that ends that day, or the next day when `next_day`."""
    end_day = day + timedelta(days=1) if next_day else day
    return datetime.combine(day, start), datetime.combine(end_day, end)


def date_time_edit(moment: datetime | None = None) -> QDateTimeEdit:
    edit = MomentEdit()
    if moment is not None:
        edit.setDateTime(to_qdatetime(moment))
    return edit


def date_edit(day: date | None = None) -> QDateEdit:
    edit = DayEdit()
    if day is not None:
        edit.setDate(to_qdate(day))
    return edit


class DatePeriod:
    """A dialog's From and To days (`date_from`, `date_to`), read and set together."""

    date_from: QDateEdit
    date_to: QDateEdit

    def period_inputs(self, first: date, last: date) -> None:
        """Make the From and To inputs, set to `first` and `last`."""
        self.date_from, self.date_to = date_edit(first), date_edit(last)

    def period(self) -> tuple[date, date]:
        return day_of(self.date_from), day_of(self.date_to)

    def set_period(self, first: date, last: date) -> None:
        self.date_from.setDate(to_qdate(first))
        self.date_to.setDate(to_qdate(last))


class OptionalDate(QWidget):
    """A check box that switches a date input on; off means "no date" (None).

    In a form row give the check box a short `text` (_("Set")) and the row's label as
    `tooltip`, so the row does not read "Ends at: ☑ Ends at"."""

    changed = Signal()

    def __init__(self, text: str, parent: QWidget | None = None, *, tooltip: str = "") -> None:
        super().__init__(parent)
        self.check = QCheckBox(text)
        if tooltip:  # a short `text` ("Set") next to a row label that says what is set
            self.check.setToolTip(tooltip)
            self.check.setAccessibleName(tooltip)
        self.edit = self.make_edit()
        self.edit.setEnabled(False)
        self.check.toggled.connect(self._toggled)
        self.edit.dateTimeChanged.connect(self.changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)
        self.setFocusProxy(self.check)

    def make_edit(self) -> QDateTimeEdit:
        return date_edit(date.today())

    def _toggled(self, on: bool) -> None:
        self.edit.setEnabled(on and self.isEnabled())
        self.changed.emit()

    def value(self) -> date | None:
        return day_of(self.edit) if self.check.isChecked() else None

    def show_value(self, value: date) -> None:
        self.edit.setDate(to_qdate(value))

    def set_value(self, value: date | None, default: date | None = None) -> None:
        shown = value or default
        if shown is not None:
            self.show_value(shown)
        self.check.setChecked(value is not None)
        self.edit.setEnabled(value is not None and self.isEnabled())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        self.edit.setEnabled(self.isEnabled() and self.check.isChecked())


class OptionalDateTime(OptionalDate):
    """A check box that switches a date-time input on; off means "not set" (None)."""

    def make_edit(self) -> QDateTimeEdit:
        return date_time_edit()

    def value(self) -> datetime | None:
        return from_qdatetime(self.edit.dateTime()) if self.check.isChecked() else None

    def show_value(self, value: date) -> None:
        moment = value if isinstance(value, datetime) else datetime.combine(value, time())
        self.edit.setDateTime(to_qdatetime(moment))


class EndTime(QWidget):
    """The end of a span: a time, and whether it falls on the next day (after midnight)."""

    def __init__(self, next_day_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = time_edit()
        self.next_day = QCheckBox(next_day_text)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit)
        row.addWidget(self.next_day, 1)
        self.setFocusProxy(self.edit)

    def show_span(self, starts_at: datetime, ends_at: datetime) -> None:
        self.edit.setTime(QTime(ends_at.hour, ends_at.minute))
        self.next_day.setChecked(ends_at.date() > starts_at.date())

    def span(self, day: date, start: time) -> tuple[datetime, datetime]:
        return span_of(day, start, to_time(self.edit.time()), self.next_day.isChecked())


class DateFilter(QWidget):
    """A check box that switches a date edit on; off means "any date" (a list's filter)."""

    def __init__(self, text: str, day: date) -> None:
        super().__init__()
        self.check = QCheckBox(text)
        self.edit = date_edit(day)
        self.edit.setEnabled(False)
        self.check.toggled.connect(self.edit.setEnabled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit)

    def day(self) -> date | None:
        return day_of(self.edit) if self.check.isChecked() else None

    def set_day(self, day: date | None) -> None:
        self.check.setChecked(day is not None)
        if day is not None:
            self.edit.setDate(to_qdate(day))


class NameCombo(QComboBox):
    """An editable box for a person's name with the meeting's people as choices."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMinimumContentsLength(8)

    def text(self) -> str:
        return self.currentText().strip()

    def set_text(self, text: str) -> None:
        self.setEditText(text)

    def set_choices(self, names: Iterable[str]) -> None:
        """Replace the choices, keeping what is typed."""
        typed = self.currentText()
        blocked = self.blockSignals(True)
        self.clear()
        self.addItems(list(dict.fromkeys(name for name in names if name)))
        self.setCurrentIndex(-1)
        self.setEditText(typed)
        self.blockSignals(blocked)


def on_edit(widget: QWidget, slot: Callable[..., object]) -> None:
    """Call `slot` whenever the officer edits the input `widget`."""
    if isinstance(widget, QLineEdit | QPlainTextEdit):
        widget.textChanged.connect(slot)
    elif isinstance(widget, QComboBox):
        widget.currentIndexChanged.connect(slot)
        if widget.isEditable():
            widget.editTextChanged.connect(slot)
    elif isinstance(widget, QAbstractButton):
        widget.toggled.connect(slot)
    elif isinstance(widget, QDateTimeEdit):
        widget.dateTimeChanged.connect(slot)
    elif hasattr(widget, "changed"):
        widget.changed.connect(slot)


def end_follows_start(start: QDateTimeEdit, end: OptionalDateTime | QDateTimeEdit) -> None:
    """When `start` moves (to another time or day), `end` moves by as much: the length stays."""
    edit = end.edit if isinstance(end, OptionalDateTime) else end
    last = [start.dateTime()]

    def moved(value: QDateTime) -> None:
        shift = last[0].secsTo(value)
        last[0] = value
        if shift:
            edit.setDateTime(edit.dateTime().addSecs(shift))

    start.dateTimeChanged.connect(moved)
