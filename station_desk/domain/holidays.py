"""The official holiday calendar (法定节假日与调休), as the State Council publishes it each year.

The program ships the published years as data (`resources/calendar/cn-public-holidays.json`,
read by `services/holidays.py`); `OfficialCalendar.parse` turns that data into days. A year
shipped but not yet edited by the room's administrator is added to the room's own holiday
calendar (`merge_official`): deadlines in working days and the patrol roster follow it at
once, and once the administrator saves the calendar, that year is the room's to change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any


@dataclass(frozen=True)
class PublicHoliday:
    """One holiday period (e.g. 春节, 9 days), with its name in each language."""

    names: Mapping[str, str]
    first: date
    last: date

    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    def name(self, language: str) -> str:
        """The name in `language` (zh_CN, zh_TW, en; the Chinese one otherwise)."""
        return (
            self.names.get(language)
            or self.names.get("zh_CN")
            or next(iter(self.names.values()), "")
        )


@dataclass(frozen=True)
class OfficialCalendar:
    """The published years: their holidays and the weekend days worked instead (调休上班)."""

    holidays: tuple[PublicHoliday, ...] = ()
    workdays: frozenset[date] = frozenset()
    sources: Mapping[int, str] = field(default_factory=dict)

    @property
    def years(self) -> frozenset[int]:
        return frozenset(self.sources)

    def holiday_on(self, day: date) -> PublicHoliday | None:
        return next((h for h in self.holidays if h.first <= day <= h.last), None)

    def holiday_days(self, years: Iterable[int] | None = None) -> set[date]:
        wanted = self.years if years is None else set(years)
        return {day for h in self.holidays for day in h.days() if day.year in wanted}

    def workday_days(self, years: Iterable[int] | None = None) -> set[date]:
        wanted = self.years if years is None else set(years)
        return {day for day in self.workdays if day.year in wanted}

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> OfficialCalendar:
        """The calendar from the shipped data: {"years": {"2026": {"source", "holidays":
        [{"name": {lang: name}, "from", "to"}], "workdays": [ISO dates]}}}."""
        holidays: list[PublicHoliday] = []
        workdays: set[date] = set()
        sources: dict[int, str] = {}
        for year, entry in data.get("years", {}).items():
            sources[int(year)] = str(entry.get("source", ""))
            for item in entry.get("holidays", ()):
                first, last = date.fromisoformat(item["from"]), date.fromisoformat(item["to"])
                if last < first:
                    raise ValueError(f"holiday ends before it starts: {item!r}")
                holidays.append(PublicHoliday(dict(item["name"]), first, last))
            workdays.update(date.fromisoformat(day) for day in entry.get("workdays", ()))
        return cls(tuple(sorted(holidays, key=lambda h: h.first)), frozenset(workdays), sources)


def merge_official(
    holidays: Iterable[date],
    workdays: Iterable[date],
    official: OfficialCalendar,
    edited_years: Iterable[int],
) -> tuple[tuple[date, ...], tuple[date, ...]]:
    """The room's holidays and extra working days with the official days of every published
    year the administrator has not edited yet (a day the room lists otherwise keeps the
    room's choice)."""
    own_holidays, own_workdays = set(holidays), set(workdays)
    years = official.years - set(edited_years)
    added_holidays = official.holiday_days(years) - own_workdays
    added_workdays = official.workday_days(years) - own_holidays - added_holidays
    return (
        tuple(sorted(own_holidays | added_holidays)),
        tuple(sorted(own_workdays | added_workdays)),
    )
