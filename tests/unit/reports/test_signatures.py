"""Signatures never stand alone: on every document the page that holds the signature lines
also holds text they sign (read from the page: words above the first signature line), also
for a 16-page set of minutes whose end falls at any point of a page; and the session record
has the parties' signature / fingerprint line at the foot of every page."""

from __future__ import annotations

from dataclasses import replace

import pytest

from station_desk import i18n
from station_desk.domain.mediation import StatementEntry
from station_desk.domain.meetings import AgendaEntry
from station_desk.reports.mediation import MediationAgreement, MediationRecord
from station_desk.reports.meetings import MeetingMinutes
from tests.reports_helpers import PdfWord, pdf_page_count, pdf_words
from tests.unit.reports.test_mediation_documents import SESSION, case
from tests.unit.reports.test_mediation_documents import context as mediation_context
from tests.unit.reports.test_meeting_documents import DISCUSSION, context, meeting

TYPE_AREA_TOP = 37 * 72 / 25.4  # points from the page's top
SENTENCE = "会议强调，各楼栋长要做好夜间巡查记录，发现可疑情况及时报告警务室。"


def text_above(words: list[PdfWord], label: str) -> tuple[int, str]:
    """The page of the first word starting `label`, and the body text above it there."""
    first = next(w for w in words if w.text.startswith(label))
    above = [
        w.text for w in words
        if w.page == first.page and TYPE_AREA_TOP - 2 < w.y0 < first.y0 - 1
    ]
    return first.page, "".join(above)


def sixteen_page_minutes(padding: int):  # noqa: ANN201 - a MeetingDetail
    agenda = tuple(AgendaEntry(f"议题{n}", DISCUSSION[: 1500 + 40 * n]) for n in range(5))
    return replace(meeting(30), agenda=agenda, amendments=(), summary=SENTENCE * padding)


@pytest.mark.parametrize("padding", range(0, 24, 2))
def test_minutes_of_16_pages_never_end_with_a_page_of_signatures_only(padding: int) -> None:
    i18n.set_language("zh_CN")
    pdf = MeetingMinutes(context(), sixteen_page_minutes(padding)).generate()
    assert pdf_page_count(pdf) >= 15
    page, above = text_above(pdf_words(pdf), "主持人（签名）")
    assert page == pdf_page_count(pdf)
    assert len(above) >= 20, above  # at least a line of the summary, not only the heading


@pytest.mark.parametrize("padding", range(0, 12, 2))
def test_agreement_boxes_come_with_text_of_the_agreement(padding: int) -> None:
    i18n.set_language("zh_CN")
    statement = "对方漏水导致我家厨房吊顶损坏，要求赔偿维修费用。"
    detail = case(facts=statement * (30 + 9 * padding))
    pdf = MediationAgreement(mediation_context(), detail).generate()
    page, above = text_above(pdf_words(pdf), "签名或盖章")  # the header of the boxes
    assert len(above) >= 20, (page, above)


@pytest.mark.parametrize("padding", range(0, 12, 3))
def test_record_signature_lines_come_with_text_and_every_page_has_the_foot_line(padding: int) -> None:
    i18n.set_language("zh_CN")
    statements = tuple(StatementEntry(SENTENCE * (8 + padding), "p1", "张三") for _n in range(6))
    session = replace(SESSION, statements=statements)
    document = MediationRecord(mediation_context(), case(), session)
    pdf = document.generate()
    words = pdf_words(pdf)
    pages = pdf_page_count(pdf)
    assert pages >= 3
    page, above = text_above(words, "调解员（签名）")
    assert len(above) >= 20, above
    foot = i18n._("Parties (signature or fingerprint on each page):")
    feet = [w for w in words if w.text.startswith(foot[:4])]
    assert sorted(w.page for w in feet) == list(range(1, pages + 1))
    bottom_of_text = max(w.y1 for w in words if w.page == 1 and w not in feet and w.y1 < 760)
    assert all(w.y0 > 842 - 45 * 72 / 25.4 for w in feet)  # under the shortened type area
    assert all(w.y0 >= bottom_of_text - 1 for w in feet if w.page == 1)
