"""How dates and times read on paper, per document language (no Qt here)."""

from __future__ import annotations

from datetime import date, datetime


def paper_date(day: date | None, language: str) -> str:
    """2026年3月5日 in Chinese, 2026-03-05 in English; empty for None."""
    if day is None:
        return ""
    if language.startswith("zh"):
        return f"{day.year}年{day.month}月{day.day}日"
    return day.isoformat()


def paper_time_range(start: datetime, end: datetime | None, language: str) -> str:
    """2026年3月5日 19:00–21:00 (the end's date is added when it differs)."""
    text = f"{paper_date(start.date(), language)} {start:%H:%M}"
    if end is None:
        return text
    if end.date() != start.date():
        return f"{text} – {paper_date(end.date(), language)} {end:%H:%M}"
    return f"{text}–{end:%H:%M}"


def paper_moment(moment: datetime, language: str) -> str:
    """A stored (UTC) moment in the PC's local time, to the minute."""
    local = moment.astimezone() if moment.tzinfo else moment
    return f"{paper_date(local.date(), language)} {local:%H:%M}"
