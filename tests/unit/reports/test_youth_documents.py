"""Youth guidance documents read back as a reader would: the sealed marking on every page of
the file and the session record (not on the statistics sheet), the particulars, masked or full
ID numbers, embedded fonts, long content over several pages, all three languages, and a
statistics sheet that names no one."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from station_desk import i18n
from station_desk.domain.enums import Gender
from station_desk.domain.youth import (
    ClosureReason,
    EvaluationEntry,
    GradeChange,
    GuardianEntry,
    MemberKind,
    PlanEntry,
    RiskGrade,
    SessionKind,
    SubjectFile,
    SubjectStatus,
    TeamMemberEntry,
    TeamRole,
    YouthGroup,
    YouthSessionEntry,
    YouthStatistics,
)
from station_desk.reports.base import DocumentContext
from station_desk.reports.youth import YouthFile, YouthSessionRecord, YouthStatisticsSheet
from tests.reports_helpers import (
    pdf_body_text,
    pdf_fonts,
    pdf_page_count,
    pdf_pages_text,
    pdf_text,
    squash,
)

BOY_ID = "110105201005201318"


def sealed_mark() -> str:
    return squash(i18n._("Juvenile information · Sealed"))


def context(language: str = "zh_CN", full: bool = False, sealed: bool = True) -> DocumentContext:
    return DocumentContext(
        "朝阳分局和平里派出所",
        "和平里社区警务室",
        "李明",
        datetime(2026, 6, 15, 9, 0),
        language,
        show_full_ids=full,
        sealed=sealed,
    )


def session(n: int = 1, **changes: object) -> YouthSessionEntry:
    values: dict[str, object] = {
        "held_on": date(2026, 3, 1 + n % 28),
        "kind": SessionKind.HOME_VISIT if n % 2 else SessionKind.TALK,
        "place": "和平里小区3号楼501室",
        "participants": "李明、张建军、王老师",
        "content": f"第{n}次帮教：谈心谈话，了解近期学习生活情况 <认真> & 守时。",
        "state": "情绪稳定，态度端正。",
        "assessment": "有进步，继续帮教。",
        "conducted_by": "李明",
        "next_due": date(2026, 4, 1),
        "id": f"s{n}",
    }
    values.update(changes)
    return YouthSessionEntry(**values)  # type: ignore[arg-type]


def subject(**changes: object) -> SubjectFile:
    values: dict[str, object] = {
        "id": "y1",
        "name": "张小明",
        "gender": Gender.MALE,
        "resident_id": BOY_ID,
        "birth_date": date(2010, 5, 20),
        "phone": "13912345678",
        "school_or_work": "和平里中学初三（2）班",
        "address": "和平里小区3号楼501室",
        "group": YouthGroup.BAD_BEHAVIOUR,
        "risk_grade": RiskGrade.GREEN,
        "reason": "多次夜不归宿，与社会闲散人员交往。",
        "registered_on": date(2026, 3, 2),
        "officer_user_id": "u1",
        "officer_name": "李明",
        "status": SubjectStatus.OPEN,
        "as_of": date(2026, 6, 15),
        "next_due": date(2026, 7, 1),
        "notes": "父母离异，随父亲生活。",
        "guardians": (
            GuardianEntry("张建军", "父亲", "13812345678", "和平里小区3号楼501室", "g1"),
        ),
        "team": (
            TeamMemberEntry(
                MemberKind.USER, TeamRole.OFFICER, "u1", "李明", "13700000000", "和平里社区警务室"
            ),
            TeamMemberEntry(MemberKind.CONTACT, TeamRole.TEACHER, "c1", "王芳", "", "和平里中学"),
            TeamMemberEntry(
                MemberKind.VOLUNTEER, TeamRole.VOLUNTEER, "v1", "刘红", "", "和平里巡逻队"
            ),
        ),
        "plan": PlanEntry("按时上学，不再夜不归宿。", 30, "每月谈话一次，与学校保持联系。"),
        "sessions": (session(1), session(2, kind=SessionKind.SCHOOL_VISIT)),
        "evaluations": (
            EvaluationEntry(
                date(2026, 5, 30),
                "已按时上学，夜不归宿情况消失。",
                RiskGrade.GREEN,
                "表现明显好转",
                "继续巩固",
                "李明",
                RiskGrade.YELLOW,
                "e1",
            ),
        ),
        "grade_history": (
            GradeChange(date(2026, 3, 2), RiskGrade.YELLOW, None, "登记时评定", "李明"),
            GradeChange(
                date(2026, 5, 30), RiskGrade.GREEN, RiskGrade.YELLOW, "表现明显好转", "李明", "e1"
            ),
        ),
    }
    values.update(changes)
    return SubjectFile(**values)  # type: ignore[arg-type]


def statistics() -> YouthStatistics:
    return YouthStatistics(
        date(2026, 6, 15),
        date(2026, 1, 1),
        date(2026, 6, 30),
        7,
        {YouthGroup.IDLE: 3, YouthGroup.BAD_BEHAVIOUR: 2, YouthGroup.LEFT_BEHIND: 2},
        {RiskGrade.RED: 1, RiskGrade.YELLOW: 2, RiskGrade.GREEN: 4},
        {SubjectStatus.OPEN: 5, SubjectStatus.CLOSED: 2},
        under_14=2,
        due=3,
    )


@pytest.fixture(scope="module")
def file_pdf() -> bytes:
    i18n.set_language("zh_CN")
    return YouthFile(context(), subject()).generate()


def test_file_holds_the_particulars_team_plan_sessions_evaluations_and_history(
    file_pdf: bytes,
) -> None:
    i18n.set_language("zh_CN")
    text = squash(pdf_text(file_pdf, "-raw"))
    for expected in (
        i18n._("Guidance file"),
        "张小明",
        "和平里中学初三（2）班",
        "多次夜不归宿，与社会闲散人员交往。",
        "张建军",
        "父亲",
        "王芳",
        "和平里中学",
        "刘红",
        "按时上学，不再夜不归宿。",
        "每月谈话一次，与学校保持联系。",
        "第1次帮教",
        "第2次帮教",
        "<认真>&守时",
        "已按时上学",
        "表现明显好转",
        "继续巩固",
        "登记时评定",
        "父母离异，随父亲生活。",
    ):
        assert squash(expected) in text, expected
    for label in (
        YouthGroup.BAD_BEHAVIOUR.label,
        RiskGrade.GREEN.label,
        TeamRole.TEACHER.label,
        SessionKind.SCHOOL_VISIT.label,
        SubjectStatus.OPEN.label,
    ):
        assert squash(label) in text, label


def test_file_is_marked_sealed_on_every_page_and_masks_ids(file_pdf: bytes) -> None:
    i18n.set_language("zh_CN")
    pages = pdf_pages_text(file_pdf)
    assert pages and all(sealed_mark() in squash(page) for page in pages)
    text = squash(pdf_text(file_pdf))
    assert BOY_ID not in text and BOY_ID[-4:] in text
    assert "13812345678" not in text and "13912345678" not in text
    full = squash(pdf_text(YouthFile(context(full=True), subject()).generate()))
    assert BOY_ID in full and "13812345678" in full


def test_fonts_are_embedded(file_pdf: bytes) -> None:
    fonts = pdf_fonts(file_pdf)
    assert fonts and all(font["emb"] == "yes" for font in fonts)


def test_a_long_file_runs_over_pages_and_keeps_every_session() -> None:
    i18n.set_language("zh_CN")
    many = tuple(
        session(n, content=f"第{n}次帮教：" + "了解近期学习生活情况，督促按时上学。" * 12)
        for n in range(1, 41)
    )
    pdf = YouthFile(context(), subject(sessions=many)).generate()
    assert pdf_page_count(pdf) > 3
    pages = pdf_pages_text(pdf)
    assert all(sealed_mark() in squash(page) for page in pages)
    body = squash(pdf_body_text(pdf))
    for n in range(1, 41):
        assert f"第{n}次帮教" in body, n


def test_an_empty_closed_file_says_what_is_missing() -> None:
    i18n.set_language("en")
    closed = subject(
        guardians=(),
        team=(),
        plan=None,
        sessions=(),
        evaluations=(),
        next_due=None,
        status=SubjectStatus.CLOSED,
        closed_on=date(2026, 6, 1),
        closure_reason=ClosureReason.GOALS_MET,
        closure_note="已复学",
    )
    text = squash(pdf_text(YouthFile(context("en"), closed).generate(), "-raw"))
    assert squash("No plan has been set.") in text
    assert squash("None recorded") in text
    assert squash("Goals met") in text and "已复学" in text


def test_session_record_has_the_session_and_signature_lines() -> None:
    i18n.set_language("zh_CN")
    pdf = YouthSessionRecord(context(), subject(), session(3)).generate()
    pages = pdf_pages_text(pdf)
    assert all(sealed_mark() in squash(page) for page in pages)
    text = squash(pdf_text(pdf, "-raw"))
    for expected in (
        i18n._("Guidance session record"),
        "张小明",
        "第3次帮教",
        "情绪稳定，态度端正。",
        "有进步，继续帮教。",
        "和平里小区3号楼501室",
        "李明、张建军、王老师",
    ):
        assert squash(expected) in text, expected
    assert BOY_ID not in text and BOY_ID[-4:] in text
    for signer in (
        i18n._("Officer {name} (signature)").format(name="李明"),
        i18n._("Young person {name} (signature)").format(name="张小明"),
        i18n._("Guardian {name} (signature)").format(name="张建军"),
    ):
        assert squash(signer) in text, signer


def test_a_long_session_record_is_sealed_on_every_page() -> None:
    i18n.set_language("zh_CN")
    long_entry = session(4, content="谈话内容：" + "了解近期学习生活情况，督促按时上学。" * 200)
    pdf = YouthSessionRecord(context(), subject(), long_entry).generate()
    assert pdf_page_count(pdf) > 1
    assert all(sealed_mark() in squash(page) for page in pdf_pages_text(pdf))
    assert squash(long_entry.content) in squash(pdf_body_text(pdf))


def test_statistics_sheet_counts_without_names_and_is_not_sealed() -> None:
    i18n.set_language("zh_CN")
    pdf = YouthStatisticsSheet(context(sealed=False), statistics()).generate()
    text = squash(pdf_text(pdf, "-raw"))
    assert squash(i18n._("Youth guidance statistics")) in text
    assert sealed_mark() not in text and "封存" not in text
    assert "张小明" not in text and "张某" not in text
    for label in (YouthGroup.IDLE.label, RiskGrade.RED.label, SubjectStatus.CLOSED.label):
        assert squash(label) in text
    assert "57.1%" in text  # 4 of 7 green


@pytest.mark.parametrize("language", ["zh_CN", "zh_TW", "en"])
def test_documents_in_each_language(language: str) -> None:
    i18n.set_language(language)
    documents = (
        (YouthFile(context(language), subject()), "Guidance file", True),
        (
            YouthSessionRecord(context(language), subject(), session()),
            "Guidance session record",
            True,
        ),
        (
            YouthStatisticsSheet(context(language, sealed=False), statistics()),
            "Youth guidance statistics",
            False,
        ),
    )
    for document, title, sealed in documents:
        pdf = document.generate()
        text = squash(pdf_text(pdf, "-raw"))
        assert squash(i18n._(title)) in text
        assert (squash(i18n._("Juvenile information · Sealed")) in text) is sealed
        assert ("张小明" in text) is sealed
    i18n.set_language("zh_CN")


def test_a_file_without_id_number_or_gender_prints() -> None:
    i18n.set_language("zh_CN")
    pdf = YouthFile(context(), replace(subject(), resident_id="", gender=None, phone="")).generate()
    assert "张小明" in squash(pdf_text(pdf))


def test_statistics_sheet_has_the_filled_in_and_reviewed_by_block() -> None:
    i18n.set_language("zh_CN")
    pdf = YouthStatisticsSheet(context(sealed=False), statistics()).generate()
    text = squash(pdf_text(pdf))
    for label in ("填报人（签名）", "审核人（签名）", "日期"):
        assert label in text
    assert text.index("填报人") > text.index(squash(i18n._("By status")))


def test_file_labels_an_under_14_subject_with_the_protection_rules_term() -> None:
    i18n.set_language("zh_CN")
    young = subject(birth_date=date(2013, 1, 5), resident_id="")
    text = squash(pdf_text(YouthFile(context(), young).generate()))
    assert "不满十四周岁，属敏感个人信息" in text and "特别敏感" not in text
    assert squash(i18n._("Juvenile information · Sealed")) in text  # every page: 封存
