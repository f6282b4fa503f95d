"""The police situation briefing (警情通报) and its public notice (警情公示).

For a period (two weeks, a month; at most `MAX_PERIOD_DAYS`) the figures are compiled from
the modules (`domain/figures.py`); the officer adds 防范提示 (prevention advice, read at the
警情通报会 and posted on the board) and remarks (for the meeting only). The briefing is an
official document for the 警情通报会's minutes; the notice is posted publicly and holds no
personal data at all: no names, no phone or ID numbers — so the advice, which it prints, may
not hold a phone or ID number either, and the remarks are not printed on it.

A period that has not begun is refused; one still running is compiled up to today.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from station_desk.domain import checks
from station_desk.domain.figures import FigureSection
from station_desk.errors import ValidationError
from station_desk.i18n import _

MAX_PERIOD_DAYS = 93
MAX_TEXT = 5000

# An ID number (15 or 18 characters) or a mobile number anywhere in a text; digits in full or
# half width. Used to keep them off the public notice.
_ID_NUMBER = re.compile(r"(?<![0-9])([0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9])")
_MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]\s?[0-9]{4}\s?[0-9]{4}(?![0-9])")


def briefing_label(date_from: date, date_to: date, language: str) -> str:
    """"2026年11月1日至2026年11月30日" / "2026-11-01 to 2026-11-30"."""
    if language.startswith("zh"):
        return (f"{date_from.year}年{date_from.month}月{date_from.day}日至"
                f"{date_to.year}年{date_to.month}月{date_to.day}日")
    return f"{date_from.isoformat()} to {date_to.isoformat()}"


def check_period(date_from: date, date_to: date, today: date) -> tuple[date, date]:
    """The days the figures cover: from..to, up to today; a period not begun is refused."""
    if not isinstance(date_from, date) or not isinstance(date_to, date):
        raise ValidationError("date_from", _("Enter the first and the last day."))
    if date_to < date_from:
        raise ValidationError("date_to", _("The last day is before the first day."))
    if (date_to - date_from).days >= MAX_PERIOD_DAYS:
        raise ValidationError("date_to", _("Choose at most {days} days.").format(days=MAX_PERIOD_DAYS))
    if date_from > today:
        raise ValidationError("date_from", _("The period has not begun yet: a briefing reports what happened."))
    return date_from, min(date_to, today)


def has_personal_numbers(text: str) -> bool:
    """Whether `text` holds something like an ID number or a mobile number."""
    from station_desk.domain.validators import to_half_width

    plain = to_half_width(text)
    return bool(_ID_NUMBER.search(plain) or _MOBILE.search(plain))


@dataclass(frozen=True)
class BriefingText:
    """What the officer adds: 防范提示 (public) and remarks (for the meeting only)."""

    advice: str = ""
    remarks: str = ""

    def validated(self) -> BriefingText:
        advice = checks.text(self.advice, "advice", MAX_TEXT, strip=False).strip()
        if has_personal_numbers(advice):
            raise ValidationError(
                "advice",
                _("The prevention advice is posted publicly: remove ID and phone numbers from it."),
            )
        return BriefingText(advice, checks.text(self.remarks, "remarks", MAX_TEXT, strip=False).strip())


@dataclass(frozen=True)
class Briefing:
    """A stored briefing text for a period."""

    id: str
    date_from: date
    date_to: date
    text: BriefingText
    updated_at: datetime | None = None

    def label(self, language: str) -> str:
        return briefing_label(self.date_from, self.date_to, language)


@dataclass(frozen=True)
class BriefingData:
    """What the briefing and the notice print: the period, the days compiled, the sections
    and the officer's text."""

    date_from: date
    date_to: date
    compiled_to: date
    sections: tuple[FigureSection, ...]
    text: BriefingText
    compiled_by: str = ""

    @property
    def partial(self) -> bool:
        return self.compiled_to < self.date_to
