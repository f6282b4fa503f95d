"""Checks of a record's fields that every module shares: a text of bounded length, one of an
enumeration's members, a phone number, a date, a local time span, a number in a range, a
person's resident ID number with the gender and birth date it gives.

Each returns the clean value or raises `ValidationError` naming the field, so the form shows
the message under the right input.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum
from typing import TypeVar

from station_desk.domain.enums import Gender
from station_desk.domain.validators import (
    EARLIEST_BIRTH_DATE,
    clean_text,
    normalise_phone,
    parse_date,
    parse_resident_id,
)
from station_desk.errors import ValidationError
from station_desk.i18n import N_, _, ngettext

E = TypeVar("E", bound=Enum)
B = TypeVar("B", date, date | None)


def too_long(max_length: int) -> str:
    """The message for a text longer than `max_length` characters."""
    return ngettext(
        "Enter at most {count} character.", "Enter at most {count} characters.", max_length
    ).format(count=max_length)


def text(
    value: str | None, field: str, max_length: int, *, required: bool = False, strip: bool = True
) -> str:
    """`value` without control characters, stripped (only at the end when not `strip`), at most
    `max_length` long."""
    result = clean_text(value or "")
    result = result.strip() if strip else result.rstrip()
    if required and not result.strip():
        raise ValidationError(field, _("This field is required."))
    if len(result) > max_length:
        raise ValidationError(field, too_long(max_length))
    return result


def choice(kind: type[E], value: object, field: str) -> E:
    """The member of `kind` whose value is `value`."""
    try:
        return kind(str(value))
    except ValueError:
        raise ValidationError(field, _("Choose one of the options.")) from None


def phone(value: str | None, field: str) -> str:
    """A mobile or landline number (normalised), or "" when none is given."""
    number = (value or "").strip()
    return normalise_phone(number, field=field) if number else ""


def day(value: date | str | None, field: str) -> date:
    """A date, given as a date or as text (2025-03-01, 2025年3月1日…)."""
    if value is None:
        raise ValidationError(field, _("Enter a date."))
    if not isinstance(value, date | str):
        raise ValidationError(field, _("Enter a date such as 2025-03-01."))
    return parse_date(value, field=field)


def day_between(
    value: date | str | None, field: str, first: date, today: date, too_early: str, future: str = ""
) -> date:
    """A date (as `day`) from `first` to `today`: `too_early` is the message for one before
    `first` ("{date}" in it is `first`), `future` for one after today (by default "The date
    cannot be in the future.")."""
    result = day(value, field)
    if result < first:
        raise ValidationError(field, too_early.format(date=first.isoformat()))
    if result > today:
        raise ValidationError(field, future or _("The date cannot be in the future."))
    return result


def birth_date(value: date | str | None, today: date) -> date:
    """A person's birth date as typed (as `day`): not in the future, not before 1800."""
    return day_between(
        value, "birth_date", EARLIEST_BIRTH_DATE, today,
        _("The birth date is too early."), _("The birth date cannot be in the future."),
    )


def later_day(value: date | str | None, field: str, after: date, too_early: str) -> date | None:
    """An optional date (None when not given) after the day `after`; `too_early` the message
    for one that is not."""
    if value in (None, ""):
        return None
    result = day(value, field)
    if result <= after:
        raise ValidationError(field, too_early)
    return result


def bounded(value: int, field: str, low: int, high: int) -> None:
    """Refuse a number outside `low`…`high`."""
    if not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(
            field, _("Enter a number from {low} to {high}.").format(low=low, high=high)
        )


def wall_clock(value: datetime, *, to_minute: bool = False) -> datetime:
    """A time as a naive local wall-clock time (an aware one is converted to local), without
    its seconds when `to_minute`."""
    if value.tzinfo is not None:
        value = value.astimezone().replace(tzinfo=None)
    return value.replace(second=0, microsecond=0) if to_minute else value


@dataclass(frozen=True)
class SpanMessages:
    """What `time_span` says (message ids, translated when shown): of a span longer than
    allowed ("{hours}" in it is the limit), a missing start or end, an end before or at the start."""

    too_long: str
    no_start: str = N_("Enter the date and time it started.")
    no_end: str = N_("Enter the date and time it ended.")
    end_before_start: str = N_("The end is before the start.")
    end_at_start: str = N_("The end is the same as the start.")


def time_span(
    starts_at: datetime, ends_at: datetime, max_hours: int, messages: SpanMessages
) -> tuple[datetime, datetime]:
    """Both times as naive local times to the minute; the end after the start, at most
    `max_hours` later."""
    if not isinstance(starts_at, datetime):
        raise ValidationError("starts_at", _(messages.no_start))
    if not isinstance(ends_at, datetime):
        raise ValidationError("ends_at", _(messages.no_end))
    start, end = wall_clock(starts_at, to_minute=True), wall_clock(ends_at, to_minute=True)
    if end < start:
        raise ValidationError("ends_at", _(messages.end_before_start))
    if end == start:
        raise ValidationError("ends_at", _(messages.end_at_start))
    if end - start > timedelta(hours=max_hours):
        raise ValidationError("ends_at", _(messages.too_long).format(hours=max_hours))
    return start, end


def identity(
    resident_id: str | None, gender: object, today: date, birth_date: Callable[[], B]
) -> tuple[str, Gender | None, B]:
    """A person's resident ID number, gender and birth date: with a number, the number
    checked and the gender and birth date it gives; without one, "", the gender as chosen
    (None when not given) and the birth date as `birth_date()` checks the typed one."""
    number = (resident_id or "").strip()
    if number:
        parsed = parse_resident_id(number, today=today)
        return parsed.number, parsed.gender, parsed.birth_date
    return "", choice(Gender, gender, "gender") if gender else None, birth_date()
