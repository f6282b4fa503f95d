"""Tables that read well, read from the page: names, dates, numbers and IDs are never broken
inside, an opening bracket never ends a line and closing punctuation never starts one, short
headers (序号) stay whole, and columns are wide enough for their names and dates."""

from __future__ import annotations

import re
from datetime import date

import pytest

from station_desk import i18n
from station_desk.reports.base import minimum_widths, respect_minimums, unbreakable_units
from station_desk.reports.linebreak import may_break_before
from station_desk.reports.rosters import MonthlyHoursReport, VolunteerRosterList
from tests.reports_helpers import pdf_words
from tests.unit.reports import test_roster_documents as rosters


def breaks(text: str) -> list[int]:
    return [i for i in range(1, len(text)) if may_break_before(text, i)]


@pytest.mark.parametrize(
    "text",
    [
        "Schmidt", "买买提·艾力", "2026年11月16日", "11010519491231002X", "09:00", "1.5", "2026-03-05",
        "**************002X", "138****5678",  # masked (domain.masking)
    ],
)
def test_names_dates_and_numbers_have_no_break_inside(text: str) -> None:
    assert breaks(text) == []


def test_chinese_punctuation_rules() -> None:
    text = "时长（小时），合计：3人。"
    allowed = breaks(text)
    assert text.index("（") + 1 not in allowed  # an opening bracket never ends a line
    for mark in "）：，。":
        assert text.index(mark) not in allowed  # closing marks never start one
    assert text.index("长") + 1 in allowed  # between two characters: allowed
    assert breaks("Anna Schmidt") == [5]  # after the space only
    assert unbreakable_units("序号") == ["序号"]
    assert unbreakable_units("于2026年3月10日前履行完毕，逾期") == [
        "于", "2026年3月10日", "前", "履", "行", "完", "毕，", "逾", "期"
    ]


def test_columns_get_at_least_their_header_and_longest_unit() -> None:
    header = ["序号", "姓名", "说明"]
    rows = [["1", "买买提·艾力", "很长的说明文字" * 20]]
    minimums = minimum_widths(header, rows, 400)
    widths = respect_minimums([10, 20, 370], minimums)
    assert all(w >= m - 0.01 for w, m in zip(widths, minimums, strict=True))
    assert abs(sum(widths) - 400) < 0.01


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_tables_never_break_inside_names_dates_or_after_an_opening_bracket(language: str) -> None:
    i18n.set_language(language)
    people = rosters.volunteers(16)
    pdfs = [VolunteerRosterList(rosters.context(language), people, date(2026, 3, 6)).generate()]
    report = rosters.summarise_hours(rosters.hours_records(16), date(2026, 3, 1), date(2026, 3, 31))
    pdfs.append(MonthlyHoursReport(rosters.context(language), report, report.volunteers[:3]).generate())
    for pdf in pdfs:
        words = [w.text for w in pdf_words(pdf)]
        joined = " ".join(words)
        assert "Schm" not in words and "idt" not in words
        assert all("买买提" not in w or "买买提·艾力" in w for w in words), joined
        assert not any(w.endswith(("（", "(")) for w in words), joined
        assert not any(w.startswith(("）", "，", "。", "、", "：")) for w in words), joined
        assert "序" not in words and "号" not in words  # 序号 stays whole
        assert not [w for w in words if re.match(r"[日月]\d|日$|日（", w) or re.search(r"\d年$|\d月\d+$", w)]
