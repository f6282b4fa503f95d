"""Working days and calendar months (domain/workdays.py): weekends, holidays, make-up days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_desk.domain.workdays import WorkCalendar, add_months

PLAIN = WorkCalendar()
FRIDAY = date(2026, 3, 6)
# A made-up holiday week and a Sunday made a working day (调休上班), as the State Council does.
HOLIDAYS = WorkCalendar.of(
    holidays=[date(2026, 10, 1) + timedelta(days=n) for n in range(7)],
    extra_workdays=[date(2026, 9, 27)],
)

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))


def test_weekdays_are_working_days_and_weekends_are_not() -> None:
    week = [FRIDAY + timedelta(days=n) for n in range(7)]  # Fri .. Thu
    assert [PLAIN.is_working_day(day) for day in week] == [True, False, False, True, True, True, True]


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (date(2026, 3, 2), date(2026, 3, 5)),  # Monday → Thursday
        (FRIDAY, date(2026, 3, 11)),  # Friday → Wednesday (the weekend does not count)
        (date(2026, 3, 7), date(2026, 3, 11)),  # Saturday → Wednesday
        (date(2026, 3, 8), date(2026, 3, 11)),  # Sunday → Wednesday
    ],
)
def test_three_working_days(start: date, expected: date) -> None:
    assert PLAIN.add_working_days(start, 3) == expected


def test_holidays_and_make_up_working_days() -> None:
    assert not HOLIDAYS.is_working_day(date(2026, 10, 1))  # a Thursday in the holiday
    assert HOLIDAYS.is_working_day(date(2026, 9, 27))  # a Sunday made a working day
    # received on the last working day before the holiday: the holiday week does not count
    assert HOLIDAYS.add_working_days(date(2026, 9, 30), 3) == date(2026, 10, 12)
    # received on Saturday 26 September: the make-up Sunday counts as the first working day
    assert HOLIDAYS.add_working_days(date(2026, 9, 26), 3) == date(2026, 9, 29)


def test_zero_days_is_the_same_day_and_bounds_are_checked() -> None:
    assert PLAIN.add_working_days(FRIDAY, 0) == FRIDAY
    with pytest.raises(ValueError):
        PLAIN.add_working_days(FRIDAY, -1)
    with pytest.raises(ValueError):
        PLAIN.add_working_days(FRIDAY, 10_000)


@given(start=days, count=st.integers(min_value=0, max_value=40))
def test_counting_back_gives_the_same_number(start: date, count: int) -> None:
    end = HOLIDAYS.add_working_days(start, count)
    assert HOLIDAYS.working_days_between(start, end) == count
    assert HOLIDAYS.working_days_between(end, start) == -count
    if count:
        assert HOLIDAYS.is_working_day(end)
        assert end > start


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2026, 3, 15), 1, date(2026, 4, 15)),
        (date(2026, 12, 20), 1, date(2027, 1, 20)),
        (date(2026, 8, 31), 3, date(2026, 11, 30)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@given(start=days, months=st.integers(min_value=1, max_value=24))
def test_add_months_stays_in_the_target_month(start: date, months: int) -> None:
    end = add_months(start, months)
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == months
    assert end.day <= start.day
