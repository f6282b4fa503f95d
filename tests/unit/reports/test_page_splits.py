"""What a page break does to text and to signature blocks: a paragraph continued on the next
page keeps its words apart (English) and gains no spaces (Chinese); the signature lines and
the seal line of a mediation record or agreement never stand alone on the last page."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

import pytest

from station_desk import i18n
from station_desk.domain.mediation import StatementEntry
from station_desk.reports.base import DocumentBase, DocumentContext
from station_desk.reports.mediation import MediationAgreement, MediationRecord
from tests.reports_helpers import pdf_body_text, pdf_page_count, pdf_pages_text, pdf_text, squash
from tests.unit.reports.test_mediation_documents import SESSION, case

ENGLISH = (
    "The parties were told that they may state their views freely, must answer truthfully, "
    "keep to the facts and respect the other party. "
)
CHINESE = "李小明在家中玩耍时致楼下张三家厨房顶棚漏水，双方因赔偿问题发生争执。"
MIXED = "Zhang San (张三) said the water came through the kitchen ceiling and Li Jianhua (李建华) agreed to pay. "
GLUED = (
    "viewsfreely",
    "truthfully,keep",
    "theother",
    "otherparty",
    "mustanswer",
    "LiJianhua",
    "kitchenceiling",
)


def _context(language: str) -> DocumentContext:
    return DocumentContext("Station", "Room", "Officer", datetime(2026, 3, 6, 9, 0), language)


class _Paragraphs(DocumentBase):
    title = "Split test"

    def __init__(self, context: DocumentContext, texts: list[str]) -> None:
        super().__init__(context)
        self.texts = texts

    def story(self) -> list:
        return [self.paragraph(text) for text in self.texts]


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _spaces_inside_chinese_lines(text: str) -> list[str]:
    return [
        m
        for line in text.splitlines()
        for m in re.findall(r"[\u4e00-\u9fff，。] +[\u4e00-\u9fff，。]", line)
    ]


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_paragraph_continued_on_the_next_page_keeps_its_spaces(language: str) -> None:
    i18n.set_language(language)
    filler = "Filler words to push the next paragraph over the page. " * 45
    texts = [
        filler,
        ENGLISH * 20,  # one font run
        filler,
        ENGLISH * 10 + "\n" + ENGLISH * 10,  # several runs (a typed newline)
        filler,
        MIXED * 20,
        MIXED * 10 + "\n" + MIXED * 10,
    ]
    pdf = _Paragraphs(_context(language), texts).generate()
    assert pdf_page_count(pdf) >= 4
    text = _words(pdf_text(pdf, "-raw"))
    for glued in GLUED:
        assert glued not in text, glued
    assert text.count("views freely") == 40
    assert text.count("Li Jianhua") == 40
    assert squash(pdf_body_text(pdf)).count(squash(ENGLISH)) == 40  # nothing lost or doubled


def test_chinese_continued_on_the_next_page_still_wraps_anywhere_without_spaces() -> None:
    i18n.set_language("zh_CN")
    texts = ["填充" * 300, CHINESE * 30, "填充" * 200, CHINESE * 15 + "\n" + CHINESE * 15]
    pdf = _Paragraphs(_context("zh_CN"), texts).generate()
    raw = pdf_text(pdf, "-raw")
    assert _spaces_inside_chinese_lines(raw) == []
    assert squash(pdf_body_text(pdf)).count(CHINESE) == 60
    lines = [line for line in raw.splitlines() if line.startswith(("李", "漏", "赔"))]
    assert lines  # lines may start anywhere inside a word: Chinese wraps by character


def _long_english_case():
    statements = tuple(StatementEntry(ENGLISH * 6, "p1" if n % 2 else "p2", "") for n in range(9))
    session = replace(SESSION, statements=statements, facts_checked=ENGLISH * 4, result=ENGLISH * 3)
    return case(sessions=(session,), facts=ENGLISH * 25), session


def _page_with(pages: list[str], needle: str) -> int:
    found = [number for number, page in enumerate(pages) if needle in squash(page)]
    assert found, needle
    return found[-1]


@pytest.mark.parametrize("padding", range(0, 12, 2))
def test_record_signature_lines_stay_together(padding: int) -> None:
    i18n.set_language("en")
    detail, session = _long_english_case()
    session = replace(session, result=ENGLISH * (3 + padding))
    pdf = MediationRecord(_context("en"), detail, session).generate()
    pages = pdf_pages_text(pdf)
    mediator = _page_with(pages, "Mediator(signature)")
    assert _page_with(pages, "Recorder(signature)") == mediator
    for party in detail.parties:
        assert squash(f"{party.role.label} {party.name} (signature)") in squash(pages[mediator])
    assert "This record was read to the parties" in _words(pages[mediator])
    assert "viewsfreely" not in squash(pages[1]) or "views freely" in _words(pages[1])
    for glued in GLUED:
        assert glued not in _words(pdf_text(pdf, "-raw"))


@pytest.mark.parametrize("padding", range(0, 12, 2))
@pytest.mark.parametrize("few_parties", [True, False])
def test_agreement_seal_line_stays_with_the_signature_boxes(
    padding: int, few_parties: bool
) -> None:
    i18n.set_language("en")
    detail, _session = _long_english_case()
    parties = detail.parties[:1] + detail.parties[3:] if few_parties else detail.parties
    detail = replace(detail, facts=ENGLISH * (25 + 3 * padding), parties=parties)
    pdf = MediationAgreement(_context("en"), detail).generate()
    pages = pdf_pages_text(pdf)
    seal = _page_with(pages, "Publicsecurityorgan")
    assert seal == len(pages) - 1
    page = squash(pages[seal])
    assert "Mediator:" in page and "Signatureorseal" in page  # the header repeats
    assert squash(parties[-1].name) in page  # the last party's box stays with the mediator's
    assert "2026" in page.split("Publicsecurityorgan")[1]  # the date
    if few_parties:  # the boxes never stand without the clauses they sign
        assert "made in 3 copies" in _words(pages[seal])
