"""How dates, times and flags read in the interface, per language."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QLocale

from station_desk import i18n
from station_desk.i18n import _

_LONG_DATE_FORMATS = {"zh_CN": "yyyy年M月d日 dddd", "zh_TW": "yyyy年M月d日 dddd"}
_ENGLISH_LONG_DATE = "dddd, d MMMM yyyy"


def long_date(day: date) -> str:
    """Today's date as the home page shows it: 2026年11月30日 星期一 / Monday, 30 November 2026."""
    language = i18n.current_language()
    locale = QLocale("en_GB") if language == "en" else QLocale(language)
    shown = QDate(day.year, day.month, day.day)
    return locale.toString(shown, _LONG_DATE_FORMATS.get(language, _ENGLISH_LONG_DATE))


def local_time(moment: datetime | None) -> str:
    """A stored UTC moment in the PC's local time, to the second; empty for None."""
    if moment is None:
        return ""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def yes_no(flag: bool) -> str:
    return _("Yes") if flag else _("No")
