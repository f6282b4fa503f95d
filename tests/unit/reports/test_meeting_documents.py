"""Sign-in sheet and minutes, read back as a reader would: every typed text, embedded fonts,
long and empty content, all three languages."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from station_desk import i18n
from station_desk.domain.meetings import (
    ActionEntry,
    ActionStatus,
    AgendaEntry,
    AmendmentEntry,
    AttendeeEntry,
    AttendeeKind,
    MeetingDetail,
    MeetingStatus,
    MeetingType,
)
from station_desk.reports.base import DocumentContext
from station_desk.reports.meetings import SPARE_SIGN_IN_ROWS, MeetingMinutes, SignInSheet
from tests.reports_helpers import pdf_body_text, pdf_fonts, pdf_page_count, pdf_text, squash

LONG_ORGANISATION = "和平里街道第三社区居民委员会业主委员会筹备工作小组"  # 25+ characters
DISCUSSION = "本月共接报警情二十三起，其中盗窃电动车五起，电信诈骗三起。" * 170  # ~5,000 characters


def context(language: str = "zh_CN") -> DocumentContext:
    return DocumentContext("朝阳分局和平里派出所", "和平里社区警务室", "张建国",
                           datetime(2026, 3, 6, 9, 0), language)


def meeting(attendees: int = 60) -> MeetingDetail:
    people = tuple(
        AttendeeEntry(AttendeeKind.CONTACT, f"居民代表{n:02d}", organisation=LONG_ORGANISATION + str(n),
                      role="委员", present=n % 4 != 0, absence_reason="出差在外" if n % 4 == 0 else "")
        for n in range(attendees)
    )
    guest = AttendeeEntry(AttendeeKind.GUEST, "阿依古丽·买买提", expected=False, present=True)
    return MeetingDetail(
        id="m1", meeting_type=MeetingType.POLICE_BRIEFING, title="2026年3月警情通报会",
        starts_at=datetime(2026, 3, 5, 19, 0), ends_at=datetime(2026, 3, 5, 21, 0),
        place="和平里社区警务室", host="张建国", recorder="王芳", status=MeetingStatus.FINALISED,
        summary="会议按时召开，各项议程顺利完成。",
        attendees=(*people, guest),
        agenda=(
            AgendaEntry("本月警情通报", DISCUSSION, "加强夜间巡逻 & 提醒居民 <锁好车>。"),
            AgendaEntry("防范提示", ""),
        ),
        actions=(
            ActionEntry("在3号楼加装监控探头", "物业公司", date(2026, 4, 1)),
            ActionEntry("排查群租房", "李明", date(2026, 3, 20), ActionStatus.IN_PROGRESS, "已排查两栋",
                        carried_from_id="a0", carried_from_meeting_title="2026年2月警情通报会"),
        ),
        amendments=(AmendmentEntry("x1", datetime(2026, 3, 8, 2, 0, tzinfo=UTC), "u1", "张建国",
                                   "出席情况", "王五实际出席，误记为缺席。"),),
    )


@pytest.fixture(scope="module")
def minutes_pdf() -> bytes:
    i18n.set_language("zh_CN")
    return MeetingMinutes(context(), meeting()).generate()


def test_minutes_contain_every_typed_text(minutes_pdf: bytes) -> None:
    text = squash(pdf_text(minutes_pdf, "-raw"))
    m = meeting()
    for expected in (m.title, m.place, m.host, m.recorder, m.summary, LONG_ORGANISATION + "59",
                     "阿依古丽·买买提", "出差在外", "加强夜间巡逻&提醒居民<锁好车>。",
                     "在3号楼加装监控探头", "排查群租房", "已排查两栋", "2026年2月警情通报会",
                     "王五实际出席，误记为缺席。", "2026年3月5日19:00–21:00"):
        assert squash(expected) in text, expected
    # 5,000 characters wrapped across pages, none lost (read without the running header/footer)
    assert squash(DISCUSSION) in squash(pdf_body_text(minutes_pdf))


def test_minutes_sections_and_counts_in_chinese(minutes_pdf: bytes) -> None:
    i18n.set_language("zh_CN")
    text = squash(pdf_text(minutes_pdf))
    # 60 expected: 45 present + 15 absent; the walk-in is counted apart, as 列席
    assert "应到60人，实到45人，缺席15人；列席1人。" in text
    assert "阿依古丽·买买提列席" in squash(pdf_text(minutes_pdf, "-raw"))
    assert "已定稿" not in text and squash(i18n._("Status")) + "：" not in text  # no workflow status
    for heading in ("Attendance", "Action items", "Amendments", "Host (signature)",
                    "Follow-up of the previous meeting's action items"):
        assert squash(i18n._(heading)) in text
    assert pdf_page_count(minutes_pdf) >= 5


def test_fonts_are_embedded(minutes_pdf: bytes) -> None:
    fonts = pdf_fonts(minutes_pdf)
    assert fonts and all(font["emb"] == "yes" for font in fonts)


def test_sign_in_sheet_lists_expected_attendees_and_spare_rows() -> None:
    pdf = SignInSheet(context(), meeting()).generate()
    text = squash(pdf_text(pdf))
    assert "居民代表00" in text and "居民代表59" in text
    assert "阿依古丽" not in text  # came unannounced: not on the printed sheet
    assert str(60 + SPARE_SIGN_IN_ROWS) in text
    assert all(font["emb"] == "yes" for font in pdf_fonts(pdf))


def test_empty_meeting_prints_cleanly() -> None:
    empty = replace(meeting(0), attendees=(), agenda=(), actions=(), amendments=(), summary="")
    for document in (SignInSheet(context(), empty), MeetingMinutes(context(), empty)):
        pdf = document.generate()
        assert pdf_page_count(pdf) == 1
        assert "2026年3月警情通报会" in squash(pdf_text(pdf))


@pytest.mark.parametrize("language", ["zh_CN", "zh_TW", "en"])
def test_documents_in_each_language(language: str) -> None:
    i18n.set_language(language)
    pdf = MeetingMinutes(context(language), meeting(3)).generate()
    text = squash(pdf_text(pdf))
    assert squash(i18n._("Minutes")) in text
    assert squash(MeetingType.POLICE_BRIEFING.label) in text
    assert "2026年3月警情通报会" in text


def test_unrecorded_attendance_is_counted_so_the_figures_add_up() -> None:
    i18n.set_language("zh_CN")
    m = meeting(8)
    people = tuple(replace(a, present=None) if n < 3 else a for n, a in enumerate(m.attendees))
    text = squash(pdf_text(MeetingMinutes(context(), replace(m, attendees=people)).generate()))
    assert "应到8人，实到4人，缺席1人，未登记3人；列席1人。" in text  # 4 + 1 + 3 = 8
