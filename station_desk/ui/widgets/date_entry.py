"""Date, date-time and time inputs that take a whole value typed at once, as WPS and Excel do.

Qt's date edits take typing section by section ("15" typed into the day may become "05", and
"930" typed into a time is refused). Here the first digit typed replaces the whole text, which
is then read as a whole (`domain/typed_dates.py`: "20261215", "2026-12-15", "12-15", "1215",
"15"; "930", "09:30") when the officer presses Enter, Tab, an arrow key, or leaves the field;
the value follows while typing as soon as the text means one. The arrow keys, the mouse wheel
and the calendar popup work as before.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QFocusEvent, QKeyEvent, QValidator
from PySide6.QtWidgets import QAbstractSpinBox, QDateEdit, QDateTimeEdit, QTimeEdit, QWidget

from station_desk.domain.typed_dates import may_become_typed, parse_clock, parse_day, parse_moment
from station_desk.i18n import N_, _

_ENDS_TYPING = {
    Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown, Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Escape,
}
_PLAIN = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier


def _starts_typing(event: QKeyEvent) -> bool:
    text = event.text()
    return bool(text) and text[0].isdigit() and not (event.modifiers() & ~_PLAIN)


def _qdatetime(moment: datetime) -> QDateTime:
    return QDateTime(QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute))


if TYPE_CHECKING:
    _Base = QDateTimeEdit
else:
    _Base = object


class _TypedEntry(_Base):
    """The typing behaviour shared by the three inputs (a mixin before the Qt class);
    `typed_value` reads the text, shown in `display_format`; `tip` says what may be typed."""

    _typing = False  # set before Qt's constructor may call validate()
    _typed_over = QDateTime()  # the value when typing began: what a part not typed keeps
    display_format = ""
    tip = ""  # a message id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat(self.display_format)
        self.setCalendarPopup(True)  # Qt shows it only where the format has a date
        self.setToolTip(_(self.tip))

    def typed_value(self, text: str, before: QDateTime) -> QDateTime | None:
        raise NotImplementedError

    def _in_range(self, text: str) -> QDateTime | None:
        value = self.typed_value(text, self._typed_over)
        if value is None or not self.minimumDateTime() <= value <= self.maximumDateTime():
            return None
        return value

    def is_typing(self) -> bool:
        return self._typing

    def keyPressEvent(self, event: QKeyEvent, /) -> None:  # noqa: N802 - Qt's name
        if not self._typing and _starts_typing(event):
            self._typing, self._typed_over = True, self.dateTime()
            self.lineEdit().selectAll()
        if self._typing and event.key() not in _ENDS_TYPING:
            QAbstractSpinBox.keyPressEvent(self, event)  # plain text editing, no sections
            return
        self._finish_typing()
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent, /) -> None:  # noqa: N802 - Qt's name
        self._finish_typing()
        super().focusOutEvent(event)

    def _finish_typing(self) -> None:
        """Take what was typed, or, when it means no value, the value from before typing."""
        if not self._typing:
            return
        if self._in_range(self.lineEdit().text()) is None:
            self.setDateTime(self._typed_over)
        else:
            self.interpretText()
        self._typing = False

    def validate(self, text: str, pos: int, /) -> tuple[QValidator.State, str, int]:
        if not self._typing:
            return super().validate(text, pos)
        if self._in_range(text) is not None:
            state = QValidator.State.Acceptable
        elif may_become_typed(text):
            state = QValidator.State.Intermediate
        else:
            state = QValidator.State.Invalid
        return state, text, pos

    def dateTimeFromText(self, text: str, /) -> QDateTime:  # noqa: N802 - Qt's name
        value = self._in_range(text) if self._typing else None
        return value if value is not None else super().dateTimeFromText(text)

    def setDateTime(self, value: QDateTime, /) -> None:  # noqa: N802 - Qt's name
        self._typing = False
        super().setDateTime(value)


class DayEdit(_TypedEntry, QDateEdit):
    """A date: "20261215", "2026-12-15", "12-15", "1215" or "15" typed, or picked."""

    display_format = "yyyy-MM-dd"
    tip = N_("Type the date as 20261215, 2026-12-15, 12-15 or 1215, or pick it")

    def typed_value(self, text: str, before: QDateTime) -> QDateTime | None:
        shown = before.date()
        day = parse_day(text, date(shown.year(), shown.month(), shown.day()))
        return None if day is None else QDateTime(QDate(day.year, day.month, day.day), QTime(0, 0))


class MomentEdit(_TypedEntry, QDateTimeEdit):
    """A date and a time: "20261215 930", a date alone (the time stays) or "9:30" alone."""

    display_format = "yyyy-MM-dd HH:mm"
    tip = N_("Type the date and time as 20261215 930 or 2026-12-15 09:30, or pick it")

    def typed_value(self, text: str, before: QDateTime) -> QDateTime | None:
        day, clock = before.date(), before.time()
        reference = datetime(day.year(), day.month(), day.day(), clock.hour(), clock.minute())
        moment = parse_moment(text, reference)
        return None if moment is None else _qdatetime(moment)


class ClockEdit(_TypedEntry, QTimeEdit):
    """A time of day: "930", "0930", "9:30", "09:30" or "9" typed."""

    display_format = "HH:mm"
    tip = N_("Type the time as 930 or 09:30")

    def typed_value(self, text: str, before: QDateTime) -> QDateTime | None:
        clock = parse_clock(text)
        return None if clock is None else QDateTime(before.date(), QTime(clock.hour, clock.minute))
