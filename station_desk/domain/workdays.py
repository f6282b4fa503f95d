"""Working days (工作日) and calendar months, for time limits such as "within 3 working days".

A working day is Monday to Friday, except the room's extra holidays (法定节假日, e.g. the
Spring Festival week); a weekend day the State Council declares a working day (调休上班) can be
listed as an extra working day. Both lists are optional: without them only weekends are off.

"Within N working days of day D" counts the working days *after* D: registered on a Friday,
3 working days run out on the next Wednesday. "Within one month" ends on the same day of the
next month, or on that month's last day when it is shorter (31 January → 28/29 February).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

SATURDAY = 5
MAX_WORKING_DAYS = 366


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are working days: Monday–Friday, minus `holidays`, plus `extra_workdays`."""

    holidays: frozenset[date] = field(default_factory=frozenset)
    extra_workdays: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def of(
        cls, holidays: Iterable[date] = (), extra_workdays: Iterable[date] = ()
    ) -> WorkCalendar:
        return cls(frozenset(holidays), frozenset(extra_workdays))

    def is_working_day(self, day: date) -> bool:
        if day in self.holidays:
            return False
        if day in self.extra_workdays:
            return True
        return day.weekday() < SATURDAY

    def add_working_days(self, start: date, days: int) -> date:
        """The day on which the `days`-th working day after `start` falls (`start` itself if 0)."""
        if not 0 <= days <= MAX_WORKING_DAYS:
            raise ValueError(f"working days must be 0–{MAX_WORKING_DAYS}, not {days}")
        day, left = start, days
        while left:
            day += timedelta(days=1)
            if self.is_working_day(day):
                left -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative when end < start)."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(
            1 for offset in range(1, (end - start).days + 1)
            if self.is_working_day(start + timedelta(days=offset))
        )


def add_months(start: date, months: int) -> date:
    """The same day `months` later, or the last day of that month when it is shorter."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last))
