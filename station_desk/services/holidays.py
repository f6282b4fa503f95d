"""The room's holiday calendar: its own days plus the official years it has not edited.

The official days ship as data (`resources/calendar/cn-public-holidays.json`, see
`domain/holidays.py`); `room_calendar` gives the days that count — for deadlines in working
days (mediation) and for flagging patrol shifts on holidays. The administrator edits the
calendar in the mediation settings; saving it marks every shipped year as the room's own
(`mark_years_edited`), so a day taken out of the official list stays out. At start-up the
deadlines of open cases and the reply deadlines of open opinions follow newly shipped years
once (`MediationService.follow_official_calendar`, `OpinionService.follow_official_calendar`,
`mark_years_applied`, each with its own key).
"""

from __future__ import annotations

import json
from collections.abc import Collection
from datetime import date
from functools import cache

from sqlalchemy.orm import Session

from station_desk.domain.holidays import OfficialCalendar, merge_official
from station_desk.i18n import _, current_language
from station_desk.paths import calendar_dir
from station_desk.services.settings import get_flag, set_flag

OFFICIAL_FILE = "cn-public-holidays.json"
EDITED_YEARS_KEY = "holiday_years_edited"
APPLIED_YEARS_KEY = "holiday_years_applied"  # open cases' deadlines follow these years
OPINION_YEARS_KEY = "holiday_years_applied_opinions"  # open opinions' reply deadlines too


@cache
def official_calendar() -> OfficialCalendar:
    """The shipped official calendar (read once; empty when the file is missing)."""
    path = calendar_dir() / OFFICIAL_FILE
    if not path.is_file():
        return OfficialCalendar()
    return OfficialCalendar.parse(json.loads(path.read_text(encoding="utf-8")))


def edited_years(session: Session) -> list[int]:
    stored = get_flag(session, EDITED_YEARS_KEY, [])
    return [int(year) for year in stored] if isinstance(stored, list) else []


def mark_years_edited(session: Session) -> None:
    """The administrator saved the calendar: every shipped year is now the room's own."""
    years = sorted(set(edited_years(session)) | official_calendar().years)
    set_flag(session, EDITED_YEARS_KEY, years)


def unapplied_years(session: Session, key: str = APPLIED_YEARS_KEY) -> set[int]:
    """Shipped years the stored deadlines of open records (`key`: whose) were not yet worked
    out with."""
    stored = get_flag(session, key, [])
    applied = {int(year) for year in stored} if isinstance(stored, list) else set()
    return set(official_calendar().years) - applied - set(edited_years(session))


def mark_years_applied(session: Session, key: str = APPLIED_YEARS_KEY) -> None:
    stored = get_flag(session, key, [])
    applied = {int(year) for year in stored} if isinstance(stored, list) else set()
    set_flag(session, key, sorted(applied | official_calendar().years))


def with_official(
    session: Session, holidays: tuple[date, ...], workdays: tuple[date, ...]
) -> tuple[tuple[date, ...], tuple[date, ...]]:
    """The room's days with the official ones of the years it has not edited."""
    return merge_official(holidays, workdays, official_calendar(), edited_years(session))


def holiday_name(day: date, language: str) -> str:
    """The official holiday on `day` in `language`, or ""."""
    holiday = official_calendar().holiday_on(day)
    return holiday.name(language) if holiday is not None else ""


def holiday_label(day: date) -> str:
    """A holiday of the room's calendar as named to the user: the official name in the
    user's language ("元旦"), or "Public holiday" for a day the room added."""
    return holiday_name(day, current_language()) or _("Public holiday")


def holiday_note(day: date, holidays: Collection[date]) -> str:
    """The note of a patrol shift on a holiday of the room's calendar ("" on other days):
    "Public holiday: 元旦" with the official name in the user's language when known."""
    if day not in holidays:
        return ""
    name = holiday_name(day, current_language())
    return _("Public holiday: {name}").format(name=name) if name else _("Public holiday")
