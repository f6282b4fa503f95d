"""Closer to GB/T 9704, read from the page: 28 characters of 16 pt on a 156 mm line, and the
page numbers of the official-style documents ("— n —" at the right on odd pages, at the left
on even ones, one character in from the type area's edge); other documents keep them centred."""

from __future__ import annotations

from datetime import datetime

import pytest

from station_desk import i18n
from station_desk.reports.base import DocumentBase, DocumentContext
from station_desk.reports.duty import DutyReport
from station_desk.reports.mediation import MediationAgreement, MediationRecord
from station_desk.reports.meetings import MeetingMinutes
from station_desk.reports.styles import PAGE_NUMBER_SIZE, PORTRAIT
from tests.reports_helpers import PdfWord, pdf_fonts, pdf_page_count, pdf_words
from tests.unit.reports import test_meeting_documents as meetings
from tests.unit.reports import test_roster_documents as rosters
from tests.unit.reports.test_mediation_documents import LONG_FACTS, SESSION, case, context

MM = 72 / 25.4
LEFT_EDGE = PORTRAIT.left  # the type area: 28 mm from the left, 156 mm wide
RIGHT_EDGE = PORTRAIT.width - PORTRAIT.right


class _Body(DocumentBase):
    title = "行宽测试"

    def story(self) -> list:
        return [self.paragraph("国" * 280, "body_flush"), self.paragraph("国" * 100)]


def test_a_line_holds_28_characters_of_16_pt_within_156_mm() -> None:
    i18n.set_language("zh_CN")
    context = DocumentContext("派出所", "警务室", "张建国", datetime(2026, 3, 6, 9, 0), "zh_CN")
    words = [w for w in pdf_words(_Body(context).generate()) if set(w.text) == {"国"}]
    lines = [len(w.text) for w in words]
    assert lines[:10] == [28] * 10  # the flush paragraph: ten full lines
    assert lines[10] == 26  # an indented paragraph: two characters in
    assert all(w.x0 >= LEFT_EDGE - 0.5 and w.x1 <= RIGHT_EDGE + 0.5 for w in words)
    assert abs(words[0].x1 - words[0].x0 - 156 * MM) < 1  # the line is filled


def _page_numbers(words: list[PdfWord]) -> dict[int, tuple[float, float]]:
    """Each page's "— n —" as (left, right) in points, from its dashes."""
    found: dict[int, list[float]] = {}
    for word in words:
        if word.text == "—" and word.y0 > PORTRAIT.height - PORTRAIT.page_number_baseline - 20:
            found.setdefault(word.page, []).extend((word.x0, word.x1))
    return {page: (min(xs), max(xs)) for page, xs in found.items()}


@pytest.mark.parametrize(
    "build",
    [
        lambda: MediationAgreement(context(), case(facts=LONG_FACTS)),
        lambda: MediationRecord(context(), case(facts=LONG_FACTS), SESSION),
        lambda: MeetingMinutes(meetings.context(), meetings.meeting()),
    ],
    ids=["agreement", "record", "minutes"],
)
def test_official_documents_number_odd_pages_right_and_even_pages_left(build) -> None:  # noqa: ANN001
    i18n.set_language("zh_CN")
    pdf = build().generate()
    numbers = _page_numbers(pdf_words(pdf))
    assert len(numbers) == pdf_page_count(pdf) >= 2
    one_character = PAGE_NUMBER_SIZE
    for page, (left, right) in numbers.items():
        if page % 2:
            assert abs(right - (RIGHT_EDGE - one_character)) < 1, (page, right)
        else:
            assert abs(left - (LEFT_EDGE + one_character)) < 1, (page, left)


def test_other_documents_keep_the_number_centred() -> None:
    i18n.set_language("zh_CN")
    data = rosters.summarise_duty(
        "u", "张建国", rosters.duty_entries(7), rosters.MONDAY, rosters.MONDAY.replace(day=8), 30
    )
    pdf = DutyReport(rosters.context(), data).generate()
    for left, right in _page_numbers(pdf_words(pdf)).values():
        assert abs((left + right) / 2 - PORTRAIT.width / 2) < 1


def test_titles_are_set_in_the_bold_song_title_face_and_the_body_in_song() -> None:
    i18n.set_language("zh_CN")
    pdf = MediationAgreement(context(), case()).generate()
    fonts = {font["name"].split("+")[-1] for font in pdf_fonts(pdf)}
    assert "NotoSerifCJKsc-Bold" in fonts and "UMingCN-0" in fonts
    title = next(w for w in pdf_words(pdf) if w.text == "治安调解协议书" and 100 < w.y0 < 200)
    assert title.y1 - title.y0 > 20  # 22 pt (二号)
