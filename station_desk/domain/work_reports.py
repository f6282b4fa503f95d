"""The quarterly accountability report (社区民警述职报告) and the 述职会's 评议.

Every quarter the community officer reports on his work to the residents (述职): the
figures are compiled from every module for the quarter (`domain/figures.py`), and the officer
writes three sections himself — 工作总结 (what was done), 存在问题 (problems), 下步打算 (plans).
Those sections are a draft until finalised; a finalised report no longer changes. At the
述职会 the attendees rate it (评议): 满意 / 基本满意 / 不满意, with remarks, and the meeting
records the result.

A quarter is written "2026-Q4" (also 2026Q4, 2026年第4季度). A quarter that has not started
yet cannot be reported on; the current quarter is compiled up to today.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from station_desk.domain import checks
from station_desk.domain.duty import month_end
from station_desk.domain.enums import LabelledEnum
from station_desk.domain.figures import FigureSection
from station_desk.domain.validators import to_half_width
from station_desk.errors import ValidationError
from station_desk.i18n import N_, _

MAX_SECTION_TEXT = 20000
MAX_RATING_REMARKS = 500
MAX_REVIEW_RESULT = 2000
MAX_RATER_NAME = 64

_QUARTER_PATTERNS = (
    re.compile(r"([0-9]{4})\s*-?\s*[Qq]\s*([1-4])"),
    re.compile(r"([0-9]{4})\s*年\s*第?\s*([1-4一二三四])\s*季度?"),
)
_CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter (季度)."""

    year: int
    number: int

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> date:
        return month_end(date(self.year, 3 * self.number, 1))

    @property
    def label(self) -> str:
        """"2026-Q4", as typed on the command line and kept in the audit trail."""
        return f"{self.year}-Q{self.number}"

    def title(self, language: str) -> str:
        """"2026年第四季度" in Chinese, "Q4 2026" in English."""
        if language.startswith("zh"):
            return f"{self.year}年第{'一二三四'[self.number - 1]}季度"
        return f"Q{self.number} {self.year}"

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)


def parse_quarter(text: str | Quarter, *, field: str = "quarter") -> Quarter:
    """A quarter written 2026-Q4, 2026Q4 or 2026年第四季度."""
    if isinstance(text, Quarter):
        return text
    value = to_half_width(text or "").strip()
    for pattern in _QUARTER_PATTERNS:
        match = pattern.fullmatch(value)
        if match is not None:
            number = match.group(2)
            year = int(match.group(1))
            if not 1900 < year < 3000:
                break
            return Quarter(year, _CHINESE_DIGITS.get(number) or int(number))
    raise ValidationError(field, _("Enter a quarter such as 2026-Q4."))


def reported_period(quarter: Quarter, today: date) -> tuple[date, date]:
    """The days a report on `quarter` covers: the whole quarter once it is over, up to today
    while it runs; a quarter not yet begun is refused."""
    if quarter.first_day > today:
        raise ValidationError(
            "quarter",
            _("{quarter} has not begun yet: a report covers work already done.").format(
                quarter=quarter.label
            ),
        )
    return quarter.first_day, min(quarter.last_day, today)


class WorkReportStatus(LabelledEnum):
    DRAFT = "draft", N_("Draft")  # 草稿
    FINAL = "final", N_("Finalised")  # 已定稿


@dataclass(frozen=True)
class WorkReportText:
    """The sections the officer writes: 工作总结, 存在问题, 下步打算."""

    summary: str = ""
    problems: str = ""
    plans: str = ""

    def validated(self) -> WorkReportText:
        return WorkReportText(
            summary=checks.text(self.summary, "summary", MAX_SECTION_TEXT, strip=False).strip(),
            problems=checks.text(self.problems, "problems", MAX_SECTION_TEXT, strip=False).strip(),
            plans=checks.text(self.plans, "plans", MAX_SECTION_TEXT, strip=False).strip(),
        )

    def check_complete(self) -> None:
        """A report is finalised only with every section written."""
        for field, text in (("summary", self.summary), ("problems", self.problems), ("plans", self.plans)):
            if not text.strip():
                raise ValidationError(
                    field, _("Write every section (work summary, problems, plans) before finalising.")
                )


# The sections in their printed order: (attribute, title message id).
TEXT_SECTIONS = (
    ("summary", N_("Work summary")),  # 工作总结
    ("problems", N_("Problems")),  # 存在问题
    ("plans", N_("Plans for the next quarter")),  # 下步打算
)


@dataclass(frozen=True)
class WorkReport:
    """A user's 述职报告 for a quarter as stored (the text; the figures are compiled)."""

    id: str
    user_id: str
    user_name: str
    quarter: Quarter
    text: WorkReportText
    status: WorkReportStatus
    finalised_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def is_final(self) -> bool:
        return self.status is WorkReportStatus.FINAL


@dataclass(frozen=True)
class WorkReportData:
    """Everything the printed 述职报告 holds: who, which quarter, the days covered, the
    compiled sections and the officer's text (empty when nothing is written yet)."""

    user_name: str
    badge_number: str
    quarter: Quarter
    date_from: date
    date_to: date
    sections: tuple[FigureSection, ...]
    text: WorkReportText
    status: WorkReportStatus
    reviews: tuple[MeetingReview, ...] = ()  # the 述职会 that heard it, with their 评议

    @property
    def partial(self) -> bool:
        """The quarter is still running: the figures go up to `date_to` only."""
        return self.date_to < self.quarter.last_day


# --- 评议 at the 述职会 ---------------------------------------------------------------------


class Rating(LabelledEnum):
    """An attendee's 评议 of the report heard."""

    SATISFIED = "satisfied", N_("Satisfied")  # 满意
    FAIRLY_SATISFIED = "fairly_satisfied", N_("Fairly satisfied")  # 基本满意
    DISSATISFIED = "dissatisfied", N_("Dissatisfied")  # 不满意


@dataclass(frozen=True)
class RatingEntry:
    """One attendee's rating; `attendee_id` links the meeting's attendee (None: typed in)."""

    name: str
    rating: Rating
    remarks: str = ""
    attendee_id: str | None = None
    id: str | None = None

    def validated(self) -> RatingEntry:
        name = checks.text(self.name, "name", MAX_RATER_NAME)
        if not name:
            raise ValidationError("name", _("Enter who gave the rating."))
        return RatingEntry(
            name=name,
            rating=checks.choice(Rating, self.rating, "rating"),
            remarks=checks.text(self.remarks, "remarks", MAX_RATING_REMARKS),
            attendee_id=self.attendee_id or None,
            id=self.id,
        )


@dataclass(frozen=True)
class MeetingReview:
    """The report a meeting heard (a 述职报告 or a 警情通报), its 评议 and the result."""

    meeting_id: str
    work_report_id: str | None = None
    work_report_label: str = ""  # "李明 · 2026年第四季度" for the screens and the minutes
    briefing_id: str | None = None
    briefing_label: str = ""
    briefing_advice: str = ""  # the 防范提示 read at the meeting
    ratings: tuple[RatingEntry, ...] = ()
    result: str = ""

    @property
    def tally(self) -> dict[Rating, int]:
        counts = dict.fromkeys(Rating, 0)
        for entry in self.ratings:
            counts[entry.rating] += 1
        return counts

    @property
    def is_empty(self) -> bool:
        return not (self.work_report_id or self.briefing_id or self.ratings or self.result.strip())


def tally_text(review: MeetingReview) -> str:
    """"满意 5，基本满意 2，不满意 0（共 7 人）"."""
    from station_desk.i18n import current_language

    parts = [f"{rating.label} {count}" for rating, count in review.tally.items()]
    separator = "，" if current_language().startswith("zh") else ", "
    return _("{parts} ({n} in all)").format(parts=separator.join(parts), n=len(review.ratings))
