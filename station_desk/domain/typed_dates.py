"""Dates and times as an officer types them (as in WPS or Excel), read into values.

A date: "20261215", "2026-12-15" (also with / . or 2026年12月15日), "261215", "12-15" or "1215"
(in the year of `reference`), "15" (that day of the month of `reference`). A time: "930",
"0930", "9:30", "09:30" or "9" (o'clock). A moment: a date, a time, or both with a space
between ("20261215 930"); the part not typed is taken from `reference`.

`parse_*` give None for what is not (yet) a valid value; `may_become_typed` says whether the
text could still become one as more characters are typed.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

_SEPARATORS = str.maketrans({"/": "-", ".": "-", "年": "-", "月": "-", "日": None, "．": "-",
                             "－": "-", "：": ":"})
_FULL = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_EIGHT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_SIX = re.compile(r"(\d{2})(\d{2})(\d{2})")
_MONTH_DAY = re.compile(r"(\d{1,2})-(\d{1,2})")
_FOUR = re.compile(r"(\d{1,2})(\d{2})")
_DAY = re.compile(r"\d{1,2}")
_CLOCK = re.compile(r"(\d{1,2})(?::(\d{2}))?(?::\d{2})?")
_CLOCK_DIGITS = re.compile(r"(\d{1,2})(\d{2})")
_TYPED = re.compile(r"[0-9\-/.年月日:：．－ T]{0,20}")


def _clean(text: str) -> str:
    return text.strip().translate(_SEPARATORS).rstrip("-")


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_day(text: str, reference: date) -> date | None:
    """The date `text` means, or None."""
    typed = _clean(text)
    if match := _FULL.fullmatch(typed) or _EIGHT.fullmatch(typed):
        year, month, day = map(int, match.groups())
        return _day(year, month, day)
    if match := _SIX.fullmatch(typed):
        year, month, day = map(int, match.groups())
        return _day(2000 + year, month, day)
    if match := _MONTH_DAY.fullmatch(typed) or _FOUR.fullmatch(typed):
        month, day = map(int, match.groups())
        return _day(reference.year, month, day)
    if _DAY.fullmatch(typed):
        return _day(reference.year, reference.month, int(typed))
    return None


def parse_clock(text: str) -> time | None:
    """The time of day `text` means (to the minute), or None."""
    typed = _clean(text)
    match = _CLOCK.fullmatch(typed) if ":" in typed or len(typed) <= 2 else None
    match = match or _CLOCK_DIGITS.fullmatch(typed)
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    return time(hour, minute) if hour < 24 and minute < 60 else None


def parse_moment(text: str, reference: datetime) -> datetime | None:
    """The date and time `text` means; a part not typed is the `reference`'s."""
    parts = text.strip().replace("T", " ").split()
    if len(parts) == 2:
        day, clock = parse_day(parts[0], reference.date()), parse_clock(parts[1])
        return None if day is None or clock is None else datetime.combine(day, clock)
    if len(parts) != 1:
        return None
    if ":" in parts[0] or "：" in parts[0]:
        clock = parse_clock(parts[0])
        return None if clock is None else datetime.combine(reference.date(), clock)
    day = parse_day(parts[0], reference.date())
    return None if day is None else datetime.combine(day, reference.time())


def may_become_typed(text: str) -> bool:
    """Whether `text` holds only what a typed date or time is made of."""
    return _TYPED.fullmatch(text) is not None
