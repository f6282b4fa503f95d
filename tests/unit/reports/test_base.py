"""The document base, checked as a reader would: text, fonts, pages, header, footer, masking.

`ExampleDocument` is a small concrete document exercising the base: a 60-row table of
30-character organisation names, a 5,000-character Chinese paragraph, an empty section, user
text with `<` and `&`, and a resident ID number.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

from station_desk.domain.masking import mask_resident_id
from station_desk.i18n import _
from station_desk.reports import DocumentBase, DocumentContext, document_filename, register_fonts
from station_desk.reports.base import chinese_numeral, fit_widths, scale_widths
from station_desk.reports.fonts import HEI, SONG, fonts_registered, has_glyph
from station_desk.reports.styles import LANDSCAPE, PORTRAIT
from tests.reports_helpers import (
    pdf_fonts,
    pdf_metadata,
    pdf_page_count,
    pdf_page_sizes,
    pdf_pages_text,
    pdf_text,
    pdf_words,
    squash,
)

STATION = "朝阳分局和平里派出所"
ROOM = "和平里社区警务室"
OFFICER = "张建国"
PRINTED_AT = datetime(2026, 1, 5, 9, 30)
ID_NUMBER = "11010519491231002X"
TITLE = "社区警务工作示例文书"
SUBTITLE = "〔2026〕调字第0001号"

_SENTENCES = (
    "本社区位于城区东部，辖区面积约一点二平方公里，常住人口八千余人，流动人口一千余人。",
    "社区民警坚持每周下沉辖区不少于三十个小时，走访群众、调解纠纷、宣传防范知识。",
    "治保会每月召开例会，通报警情，研究部署群防群治工作，落实上次会议事项。",
    "对辖区内的青少年开展帮教工作，与学校、家长、社区工作者共同组成帮教小组。",
)
LONG_TEXT = "".join(_SENTENCES[i % 4] for i in range(150))[:5000]
_ORG_STEM = "幸福里社区居民委员会平安建设志愿服务协调工作站和睦家园"
ORG_NAMES = [(f"第{i:02d}号" + _ORG_STEM)[:30] for i in range(1, 61)]
USER_TEXT = "a < b & c，<b>不是粗体</b> &amp; 原样\n第二行：\"引号\" 'single'"
URL_TEXT = (
    "参考链接：https://www.example.gov.cn/community/police/very-long-path/index.html"
    "?query=abcdefghijklmnopqrstuvwxyz0123456789 以及超长英文单词 "
    "Pneumonoultramicroscopicsilicovolcanoconiosis-Supercalifragilisticexpialidocious"
)
RARE_NAME = "王叕"  # 叕 is missing from UMing and comes from Micro Hei


class ExampleDocument(DocumentBase):
    """A document touching every helper of the base."""

    title = TITLE
    subtitle = SUBTITLE

    def story(self) -> list:
        return [
            self.heading("基本情况", 1),
            self.facts_table(
                [
                    ("调解编号", SUBTITLE),
                    ("当事人", f"张三、{RARE_NAME}"),
                    ("身份证号", self.resident_id(ID_NUMBER)),
                    ("备注", USER_TEXT),
                ]
            ),
            self.heading("事实经过", 2),
            self.heading("起因", 3),
            self.paragraph(LONG_TEXT),
            self.heading("联系单位", 1),
            self.data_table(
                ["序号", "组织名称", "类型"],
                [[str(i), name, "居委会"] for i, name in enumerate(ORG_NAMES, start=1)],
            ),
            self.heading("回访记录", 1),
            self.empty_note(),
            self.heading("用户输入", 1),
            self.paragraph(USER_TEXT),
            self.paragraph(URL_TEXT),
            self.data_table(["项目", "内容"], [["链接", URL_TEXT]], col_widths=[1, 4]),
            self.signature_lines(["主持人（签名）", "日期", "记录人（签名）", "日期"]),
        ]


class LandscapeExample(ExampleDocument):
    landscape = True


class StoryDocument(DocumentBase):
    """A document whose story is given by a function of the document (for small cases)."""

    title = "Story"

    def __init__(self, context: DocumentContext, build: Callable[[DocumentBase], list]) -> None:
        super().__init__(context)
        self._build = build

    def story(self) -> list:
        return self._build(self)


def make_context(**changes: Any) -> DocumentContext:
    base = DocumentContext(STATION, ROOM, OFFICER, PRINTED_AT, "zh_CN")
    return dataclasses.replace(base, **changes)


def body_text(pdf: bytes) -> str:
    """All text without running headers, page numbers and printed-by lines, squashed."""
    kept = []
    for page in pdf_pages_text(pdf):
        for line in page.splitlines():
            flat = squash(line)
            if ROOM in flat or flat.startswith("—") or "Printedby" in flat:
                continue
            kept.append(flat)
    return "".join(kept)


@pytest.fixture(scope="module")
def example_pdf() -> bytes:
    return ExampleDocument(make_context()).generate()


# --- the example as a whole ---------------------------------------------------------------------


def test_generate_returns_pdf_bytes(example_pdf: bytes) -> None:
    assert example_pdf.startswith(b"%PDF-")
    assert pdf_page_count(example_pdf) >= 10


def test_every_typed_string_is_in_the_text(example_pdf: bytes) -> None:
    text = body_text(example_pdf)
    expected = [TITLE, SUBTITLE, "一、基本情况", "（一）事实经过", "1.起因", LONG_TEXT, URL_TEXT]
    expected += ORG_NAMES + [RARE_NAME, "主持人（签名）：", "记录人（签名）：", "日期："]
    for string in expected:
        assert squash(string) in text, string[:40]


def test_line_breaks_keep_chinese_punctuation_off_line_starts(example_pdf: bytes) -> None:
    lines = [line.strip() for line in pdf_text(example_pdf).splitlines()]
    assert not [line for line in lines if line and line[0] in "，。、；：？！）》”"]


def test_a_heading_stays_with_the_start_of_a_long_paragraph(example_pdf: bytes) -> None:
    first_page = squash(pdf_pages_text(example_pdf)[0])
    assert "基本情况" in first_page
    assert "（一）事实经过1.起因" + LONG_TEXT[:20] in first_page


def test_lines_after_a_typed_newline_are_indented_like_the_first(example_pdf: bytes) -> None:
    indented = PORTRAIT.left + 2 * 16  # two characters of the 16 pt body
    words = pdf_words(example_pdf)
    first = [w.x0 for w in words if w.text == "a"]
    second = [w.x0 for w in words if w.text.startswith("第二行")]
    assert indented == pytest.approx(min(first), abs=1)
    assert indented == pytest.approx(min(second), abs=1)


def test_all_fonts_are_embedded_subsets_of_the_bundled_faces(example_pdf: bytes) -> None:
    fonts = pdf_fonts(example_pdf)
    assert fonts
    assert all(font["emb"] == "yes" for font in fonts), fonts
    names = " ".join(font["name"] for font in fonts)
    assert "UMingCN" in names
    assert "WenQuanYiMicroHei" in names
    assert "Helvetica" not in names


def test_every_page_has_header_page_number_and_printed_line(example_pdf: bytes) -> None:
    pages = pdf_pages_text(example_pdf)
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        flat = squash(page)
        assert squash(f"{STATION} · {ROOM}") in flat
        assert f"—{number}—" in flat
        assert squash(_("Page {page} of {total}").format(page=number, total=total)) in flat
        assert OFFICER in flat and "2026-01-0509:30" in flat


def test_metadata_names_title_author_creator_and_language(example_pdf: bytes) -> None:
    meta = pdf_metadata(example_pdf)
    assert meta["/Title"] == TITLE
    assert meta["/Author"] == f"{STATION} · {ROOM}"
    assert meta["/Creator"] == "Station Desk"
    assert meta["/Lang"] == "zh-CN"


def test_resident_id_is_masked_by_default(example_pdf: bytes) -> None:
    text = squash(pdf_text(example_pdf))
    assert ID_NUMBER not in text
    assert mask_resident_id(ID_NUMBER) in text


def test_full_resident_id_when_the_context_allows_it() -> None:
    pdf = ExampleDocument(make_context(show_full_ids=True)).generate()
    assert ID_NUMBER in squash(pdf_text(pdf))


def test_xml_special_characters_print_literally(example_pdf: bytes) -> None:
    text = body_text(example_pdf)
    assert squash("a < b & c，<b>不是粗体</b> &amp; 原样") in text
    assert squash("第二行：\"引号\" 'single'") in text


def test_empty_section_shows_a_note(example_pdf: bytes) -> None:
    assert squash("回访记录" + _("None recorded")) in body_text(example_pdf)


def test_long_table_splits_across_pages_with_the_header_repeated(example_pdf: bytes) -> None:
    pages = [squash(page) for page in pdf_pages_text(example_pdf)]
    table_pages = [page for page in pages if any(name in page for name in ORG_NAMES)]
    assert len(table_pages) >= 2
    assert all("序号组织名称类型" in page for page in table_pages)
    positions = [body_text(example_pdf).find(name) for name in ORG_NAMES]
    assert -1 not in positions and positions == sorted(positions)


def test_nothing_runs_past_the_type_area_sideways(example_pdf: bytes) -> None:
    left = PORTRAIT.left
    right = PORTRAIT.width - PORTRAIT.right
    hanging = 16.5  # one full-width punctuation mark may hang into the right margin
    for word in pdf_words(example_pdf):
        assert word.x0 >= left - 0.5, word
        assert word.x1 <= right + hanging, word
        assert 10 * mm <= word.y0 and word.y1 <= PORTRAIT.height - 5 * mm, word


def test_body_text_stays_inside_the_type_area_vertically(example_pdf: bytes) -> None:
    top = PORTRAIT.top
    bottom = PORTRAIT.height - PORTRAIT.bottom
    for word in pdf_words(example_pdf):
        inside = word.y0 >= top - 1 and word.y1 <= bottom + 1
        clear = word.y1 <= top - 5 * mm or word.y0 >= bottom + 5 * mm
        assert inside or clear, word


# --- variants ------------------------------------------------------------------------------------


def test_sealed_documents_are_marked_on_every_page() -> None:
    sealed = ExampleDocument(make_context(sealed=True)).generate()
    marking = squash(_("Juvenile information · Sealed"))
    pages = pdf_pages_text(sealed)
    assert len(pages) >= 2
    assert all(marking in squash(page) for page in pages)


def test_unsealed_documents_carry_no_sealed_marking(example_pdf: bytes) -> None:
    assert squash(_("Juvenile information · Sealed")) not in squash(pdf_text(example_pdf))


def test_landscape_pages_are_a4_landscape() -> None:
    pdf = LandscapeExample(make_context()).generate()
    width, height = landscape(A4)
    sizes = pdf_page_sizes(pdf)
    assert all(
        w == pytest.approx(width, abs=0.1) and h == pytest.approx(height, abs=0.1) for w, h in sizes
    )
    assert LANDSCAPE.frame_width > PORTRAIT.frame_width
    right = LANDSCAPE.width - LANDSCAPE.right + 16.5
    assert all(word.x1 <= right for word in pdf_words(pdf))


def test_portrait_type_area_is_156_by_225_mm() -> None:
    assert PORTRAIT.frame_width == pytest.approx(156 * mm)
    assert PORTRAIT.frame_height == pytest.approx(225 * mm)
    assert (PORTRAIT.top, PORTRAIT.left) == (pytest.approx(37 * mm), pytest.approx(28 * mm))


@pytest.mark.parametrize(
    ("language", "level_one", "level_two"),
    [("zh_CN", "一、", "（一）"), ("zh_TW", "一、", "（一）"), ("en", "1.", "1.1")],
)
def test_each_language_produces_text(language: str, level_one: str, level_two: str) -> None:
    def build(doc: DocumentBase) -> list:
        return [
            doc.heading("Facts", 1),
            doc.heading("Details", 2),
            doc.paragraph("张三 and 李四 met at the room."),
        ]

    pdf = StoryDocument(make_context(language=language), build).generate()
    text = body_text(pdf)
    assert squash(f"{level_one}Facts") in text
    assert squash(f"{level_two}Details") in text
    assert squash("张三 and 李四 met at the room.") in text
    assert pdf_metadata(pdf)["/Lang"] == language.replace("_", "-")


def test_heading_numbers_count_and_reset() -> None:
    def build(doc: DocumentBase) -> list:
        return [
            doc.heading("甲", 1),
            doc.heading("乙", 2),
            doc.heading("丙", 3),
            doc.heading("丁", 4),
            doc.heading("戊", 2),
            doc.heading("己", 1),
            doc.heading("庚", 2),
            doc.heading("无号", 1, numbered=False),
        ]

    document = StoryDocument(make_context(), build)
    first = body_text(document.generate())
    assert "一、甲（一）乙1.丙（1）丁（二）戊二、己（一）庚无号" in first
    assert body_text(document.generate()) == first  # numbering restarts with every build


def test_a_table_row_taller_than_a_page_is_split_not_lost() -> None:
    tall = LONG_TEXT[:3000]

    def build(doc: DocumentBase) -> list:
        return [doc.data_table(["项目", "内容"], [["事实", tall], ["结果", "调解成功"]])]

    pdf = StoryDocument(make_context(), build).generate()
    assert pdf_page_count(pdf) >= 2
    text = body_text(pdf)
    assert squash(tall[:40]) in text and squash(tall[-40:]) in text
    assert "结果调解成功" in text


def test_an_empty_table_says_so() -> None:
    pdf = StoryDocument(
        make_context(), lambda doc: [doc.data_table(["姓名", "电话"], [])]
    ).generate()
    assert squash("姓名电话" + _("None recorded")) in body_text(pdf)


def test_a_row_wider_than_the_header_is_refused() -> None:
    document = StoryDocument(make_context(), lambda doc: [])
    with pytest.raises(ValueError):
        document.data_table(["a"], [["1", "2"]])


def test_an_empty_story_still_makes_a_page() -> None:
    pdf = StoryDocument(make_context(), lambda doc: []).generate()
    assert pdf_page_count(pdf) == 1


def test_characters_missing_from_song_print_in_hei() -> None:
    assert not has_glyph(SONG, "叕") and has_glyph(HEI, "叕")
    pdf = StoryDocument(
        make_context(printed_by=RARE_NAME), lambda doc: [doc.paragraph(RARE_NAME)]
    ).generate()
    flat = squash(pdf_text(pdf))
    assert flat.count(RARE_NAME) == 2  # the paragraph and the printed-by line


# --- small pieces ----------------------------------------------------------------------------------


def test_register_fonts_is_idempotent() -> None:
    register_fonts()
    song = pdfmetrics.getFont(SONG)
    register_fonts()
    assert fonts_registered()
    assert pdfmetrics.getFont(SONG) is song


def test_document_filename_is_fat32_safe() -> None:
    assert (
        document_filename("调解协议书", "〔2026〕调字第0001号", date(2026, 1, 5))
        == "调解协议书_〔2026〕调字第0001号_20260105.pdf"
    )
    name = document_filename('a/b\\c:d*e?f"g<h>i|j', " x. ", date(2026, 1, 5))
    assert not set('\\/:*?"<>|') & set(name)
    assert name.endswith("_x_20260105.pdf")
    long = document_filename("会议记录", "很长的标题" * 50, date(2026, 12, 31))
    assert len(long) <= 104 and long.endswith("_20261231.pdf")


def test_chinese_numerals() -> None:
    assert [chinese_numeral(n) for n in (1, 9, 10, 11, 20, 21, 99, 100)] == [
        "一",
        "九",
        "十",
        "十一",
        "二十",
        "二十一",
        "九十九",
        "100",
    ]


def test_column_widths_fill_the_width_and_spare_narrow_columns() -> None:
    assert scale_widths([1, 3], 2, 400) == [100, 300]
    assert sum(fit_widths([30, 100, 40], 442)) == pytest.approx(442)
    widths = fit_widths([30, 900, 600, 40], 442)
    assert sum(widths) == pytest.approx(442)
    assert widths[0] == 30 and widths[3] == 40
    with pytest.raises(ValueError):
        scale_widths([1, 0], 2, 400)
