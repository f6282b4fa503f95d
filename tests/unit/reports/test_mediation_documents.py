"""Mediation agreement, session record and register, read back as a reader would: every typed
text, masked or full ID numbers, embedded fonts, long content, all three languages; and the
register workbook read back with openpyxl."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from station_desk import i18n
from station_desk.domain.enums import Gender
from station_desk.domain.mediation import (
    RIGHTS_AND_DUTIES,
    CaseDetail,
    CaseOutcome,
    CaseSource,
    CaseStatus,
    DisputeType,
    MediationKind,
    OutcomeEntry,
    PartyEntry,
    PartyKind,
    PartyRole,
    RegisterParty,
    RegisterRow,
    Satisfaction,
    SessionEntry,
    StatementEntry,
)
from station_desk.reports.base import DocumentContext
from station_desk.reports.mediation import (
    MediationAgreement,
    MediationRecord,
    MediationRegister,
    register_workbook,
)
from tests.reports_helpers import (
    pdf_body_text,
    pdf_fonts,
    pdf_page_count,
    pdf_page_sizes,
    pdf_text,
    pdf_words,
    squash,
)

ZHANG_ID = "11010519491231002X"
CHILD_ID = "110105201203040015"
LONG_FACTS = "2026年3月1日晚，李小明在家中玩耍时致楼下张三家厨房顶棚漏水，双方因赔偿问题发生争执。" * 110
LONG_TERMS = "一、李建华于2026年3月10日前一次性赔偿张三维修费用人民币伍佰元整。<含税> & 现金。\n" * 60


def context(language: str = "zh_CN", full: bool = False) -> DocumentContext:
    return DocumentContext("朝阳分局和平里派出所", "和平里社区警务室", "张建国",
                           datetime(2026, 3, 6, 9, 0), language, show_full_ids=full)


def parties() -> tuple[PartyEntry, ...]:
    return (
        PartyEntry("张三", PartyRole.APPLICANT, resident_id=ZHANG_ID, gender=Gender.FEMALE,
                   birth_date=date(1949, 12, 31), phone="13812345678", address="和平里小区3号楼2单元501室", id="p1"),
        PartyEntry("李小明", PartyRole.RESPONDENT, resident_id=CHILD_ID, gender=Gender.MALE,
                   birth_date=date(2012, 3, 4), address="和平里小区3号楼2单元601室",
                   guardian_name="李建华", guardian_relation="父亲", guardian_phone="13900001111", id="p2"),
        PartyEntry("北京安居物业管理有限公司", PartyRole.OTHER, PartyKind.ORGANISATION,
                   id_note="统一社会信用代码91110105MA01ABCD2X", representative="王经理", id="p3"),
        PartyEntry("阿依古丽·买买提", PartyRole.OTHER, gender=Gender.FEMALE, birth_date=date(1985, 5, 6),
                   id_note="护照E12345678", id="p4"),
    )


SESSION = SessionEntry(
    datetime(2026, 3, 3, 9, 0), datetime(2026, 3, 3, 10, 30), "和平里社区警务室调解室", "张建国、王芳", "王芳",
    "社区居委会主任刘红", True,
    (StatementEntry("我家厨房顶棚被泡坏了，要求赔偿800元。", "p1", "张三"),
     StatementEntry("漏水是意外，愿意承担部分费用。", "p2", "李小明"),
     StatementEntry("楼门长证实当晚确有漏水。", None, "赵大爷")),
    "经现场查看，张三家厨房顶棚约2平方米受损。", "双方同意由李建华赔偿张三500元。", "s1",
)


def case(**changes: object) -> CaseDetail:
    values: dict[str, object] = {
        "id": "c1", "case_number": "〔2026〕调字第0001号", "case_year": 2026, "case_seq": 1,
        "received_on": date(2026, 3, 2), "source": CaseSource.WALK_IN, "dispute_type": DisputeType.NEIGHBOUR,
        "kind": MediationKind.POLICE, "title": "楼上漏水赔偿纠纷", "facts": "楼上漏水致楼下厨房受损。",
        "officer": "张建国", "status": CaseStatus.AGREEMENT, "due_date": date(2026, 3, 5),
        "parties": parties(), "sessions": (SESSION,),
        "outcome": OutcomeEntry(CaseOutcome.AGREEMENT, date(2026, 3, 3), "漏水损失的赔偿数额。",
                                "李小明一方负主要责任。", "李建华赔偿张三500元。", "现金当面支付。", date(2026, 3, 10)),
    }
    values.update(changes)
    return CaseDetail(**values)  # type: ignore[arg-type]


def register_rows(count: int = 40) -> list[RegisterRow]:
    outcomes = [CaseOutcome.AGREEMENT, CaseOutcome.AGREEMENT, CaseOutcome.NO_AGREEMENT, None]
    return [
        RegisterRow(
            f"〔2026〕调字第{n:04d}号", date(2026, 3, 2), CaseSource.CALL_110, DisputeType.NEIGHBOUR,
            MediationKind.POLICE, f"楼上漏水纠纷{n}",
            (RegisterParty("张三", PartyRole.APPLICANT, ZHANG_ID), RegisterParty("李小明", PartyRole.RESPONDENT, CHILD_ID),
             RegisterParty("John Smith", PartyRole.OTHER, "")),
            "张建国", CaseStatus.CLOSED if outcomes[n % 4] else CaseStatus.IN_MEDIATION, outcomes[n % 4],
            date(2026, 3, 3) if outcomes[n % 4] else None, "李建华赔偿张三500元。" * 8,
            date(2026, 3, 20) if outcomes[n % 4] else None, n % 2, Satisfaction.SATISFIED if n % 2 else None,
        )
        for n in range(1, count + 1)
    ]


@pytest.fixture(scope="module")
def agreement_pdf() -> bytes:
    i18n.set_language("zh_CN")
    return MediationAgreement(context(), case()).generate()


# --- the agreement ---------------------------------------------------------------------------


def test_agreement_contains_every_typed_text(agreement_pdf: bytes) -> None:
    text = squash(pdf_text(agreement_pdf, "-raw"))
    detail = case()
    assert detail.outcome is not None
    for expected in (detail.case_number, "张三", "李小明", "李建华", "父亲", "北京安居物业管理有限公司", "王经理",
                     "阿依古丽·买买提", "护照E12345678", "和平里小区3号楼2单元501室", detail.facts,
                     detail.outcome.matters_in_dispute, detail.outcome.responsibilities, detail.outcome.terms,
                     detail.outcome.performance_method, "2026年3月10日", "张建国、王芳", "和平里社区警务室",
                     "2026年3月3日", "1949年12月31日"):
        assert squash(expected) in text, expected


def test_agreement_masks_ids_and_phones_unless_asked(agreement_pdf: bytes) -> None:
    text = squash(pdf_text(agreement_pdf))
    assert ZHANG_ID not in text and "**************002X" in text
    assert "13812345678" not in text and "138****5678" in text
    full = squash(pdf_text(MediationAgreement(context(full=True), case()).generate()))
    assert ZHANG_ID in full and CHILD_ID in full and "13812345678" in full


def test_agreement_sections_copies_and_signature_boxes(agreement_pdf: bytes) -> None:
    i18n.set_language("zh_CN")
    text = squash(pdf_text(agreement_pdf))
    for heading in ("The parties", "Main facts of the dispute", "Matters in dispute",
                    "Responsibility of each party", "Agreed terms", "How and by when the terms are performed",
                    "Signature or seal", "Fingerprint", "Public security organ"):
        assert squash(i18n._(heading)) in text, heading
    copies = i18n._(
        "This agreement is made in {count} copies: one for each party and one kept on file by the "
        "public security organ."
    ).format(count=5)
    assert squash(copies) in text  # four parties + one for the file
    document = MediationAgreement(context(), case())
    for role, name in ((i18n._("Applicant"), "张三"), (i18n._("Respondent"), "李小明"),
                       (i18n._("Guardian"), "李建华"), (i18n._("Representative"), "王经理"),
                       (i18n._("Mediator"), "张建国、王芳")):
        assert squash(document.pair(role, name)) in text, role  # a box for each signer


def test_police_agreement_is_sealed_by_the_station_and_says_what_follows_non_performance(
    agreement_pdf: bytes,
) -> None:
    text = squash(pdf_text(agreement_pdf))
    assert text.count("治安调解协议书") >= 2  # the title, and the running header
    assert "调解协议书" not in text.replace("治安调解协议书", "")
    assert "公安机关：朝阳分局和平里派出所（盖章）" in text
    assert squash(
        "当事人达成协议后不履行的，公安机关依法对违反治安管理行为人给予处罚，"
        "当事人可以就民事争议依法向人民法院提起民事诉讼。"
    ) in text
    assert "人民调解" not in text and "司法确认" not in text
    assert "本协议书一式5份，当事人各执一份，公安机关留存一份归档。" in text


def test_peoples_agreement_is_sealed_by_the_committee_with_the_effect_and_confirmation_clauses() -> None:
    i18n.set_language("zh_CN")
    detail = case(kind=MediationKind.PEOPLES)
    text = squash(pdf_text(MediationAgreement(context(), detail, "和平里社区人民调解委员会").generate()))
    assert text.count("人民调解协议书") >= 2 and "治安调解" not in text
    assert "人民调解委员会：和平里社区人民调解委员会（盖章）" in text
    assert "公安机关" not in text and "调解组织" not in text
    assert squash(
        "本协议书自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效。"
        "本协议具有法律约束力，当事人应当按照约定履行。"
    ) in text
    assert "双方当事人认为有必要的，可以自本协议生效之日起三十日内共同向人民法院申请司法确认。" in text
    assert "本协议书一式5份，当事人各执一份，人民调解委员会留存一份。" in text
    blank = squash(pdf_text(MediationAgreement(context(), detail).generate()))
    assert "人民调解委员会：________________________（盖章）" in blank  # no name set: a blank


def test_agreed_terms_are_numbered_under_their_heading_and_dates_have_no_spaces() -> None:
    i18n.set_language("zh_CN")
    detail = case()
    assert detail.outcome is not None
    terms = "一、李建华赔偿张三500元。\n\n2. 张三收款后出具收条。\n（3）双方不再就此事纠缠。\n1.5万元另行协商。"
    several = replace(detail, outcome=replace(detail.outcome, terms=terms))
    text = squash(pdf_body_text(MediationAgreement(context(), several).generate()))
    assert ("三、协议内容（一）李建华赔偿张三500元。（二）张三收款后出具收条。"
            "（三）双方不再就此事纠缠。（四）1.5万元另行协商。四、履行方式和期限") in text
    assert "于2026年3月10日前履行完毕。" in text
    single = squash(pdf_body_text(MediationAgreement(context(), detail).generate()))
    assert "三、协议内容李建华赔偿张三500元。四、" in single
    assert "（一）" not in single  # the matters in dispute are no lone （一） under 一、
    assert "争议事项：漏水损失的赔偿数额。" in single


def test_fonts_are_embedded(agreement_pdf: bytes) -> None:
    fonts = pdf_fonts(agreement_pdf)
    assert fonts and all(font["emb"] == "yes" for font in fonts)


def test_long_agreement_keeps_every_character() -> None:
    i18n.set_language("zh_CN")
    detail = case(facts=LONG_FACTS)
    assert detail.outcome is not None
    long = replace(detail, outcome=replace(detail.outcome, terms=LONG_TERMS))
    pdf = MediationAgreement(context(), long).generate()
    body = squash(pdf_body_text(pdf))
    assert squash(LONG_FACTS) in body
    term = squash(LONG_TERMS.splitlines()[0].removeprefix("一、"))
    assert body.count(term) == 60  # "<" and "&" print as typed
    assert "（六十）" + term in body  # each typed line a numbered term
    assert pdf_page_count(pdf) >= 6
    margin_left, margin_right = 28 * 72 / 25.4 - 2, 595 - 26 * 72 / 25.4 + 17  # one hanging comma allowed
    assert all(margin_left <= w.x0 and w.x1 <= margin_right for w in pdf_words(pdf) if 100 < w.y0 < 745)


def test_agreement_refuses_a_case_without_one() -> None:
    with pytest.raises(ValueError):
        MediationAgreement(context(), case(outcome=OutcomeEntry(CaseOutcome.NO_AGREEMENT, date(2026, 3, 3), reason="x")))


# --- the record ------------------------------------------------------------------------------


def test_record_contains_header_body_and_signatures() -> None:
    i18n.set_language("zh_CN")
    pdf = MediationRecord(context(), case(), SESSION).generate()
    text = squash(pdf_text(pdf, "-raw"))
    for expected in ("2026年3月3日09:00–10:30", SESSION.place, "楼上漏水赔偿纠纷", "〔2026〕调字第0001号",
                     SESSION.mediators, SESSION.participants, SESSION.facts_checked, SESSION.result,
                     "我家厨房顶棚被泡坏了，要求赔偿800元。", "楼门长证实当晚确有漏水。", "赵大爷", "阿依古丽·买买提",
                     i18n._(RIGHTS_AND_DUTIES), i18n._("Recorder (signature)"), i18n._("Mediator (signature)"),
                     i18n._("Guardian {name} (signature)").format(name="李建华")):
        assert squash(expected) in text, expected
    assert ZHANG_ID not in text
    assert all(font["emb"] == "yes" for font in pdf_fonts(pdf))


def test_record_without_rights_notice_or_statements_says_so() -> None:
    i18n.set_language("en")
    bare = replace(SESSION, rights_explained=False, statements=(), facts_checked="", result="")
    text = squash(pdf_text(MediationRecord(context("en"), case(parties=()), bare).generate()))
    assert squash("The record does not say that the rights and duties were explained.") in text
    assert squash(i18n._("None recorded")) in text


def test_long_record_keeps_every_statement() -> None:
    i18n.set_language("zh_CN")
    statement = "当晚十点左右我发现厨房顶棚滴水，上楼敲门无人应答，次日早上才联系上对方。" * 80
    long = replace(SESSION, statements=(StatementEntry(statement, "p1", "张三"),) * 3)
    document = MediationRecord(context(), case(), long)
    pdf = document.generate()
    assert squash(pdf_body_text(pdf, foot=document.foot_height)).count(squash(statement)) == 3


# --- the register ----------------------------------------------------------------------------


def test_register_is_landscape_masked_and_counted() -> None:
    i18n.set_language("zh_CN")
    rows = register_rows()
    pdf = MediationRegister(context(), rows, date(2026, 1, 1), date(2026, 3, 31)).generate()
    assert all(width > height for width, height in pdf_page_sizes(pdf))
    text = squash(pdf_text(pdf, "-raw"))
    assert "〔2026〕调字第0001号" in text and "〔2026〕调字第0040号" in text and "楼上漏水纠纷40" in text
    assert ZHANG_ID not in text and "**************002X" in text
    assert squash(i18n._("Success rate: {rate:.1f}%").format(rate=100 * 20 / 30)) in text
    assert squash(i18n._("{start} to {end}").format(start="2026年1月1日", end="2026年3月31日")) in text
    full = squash(pdf_text(MediationRegister(context(full=True), rows, date(2026, 1, 1), date(2026, 3, 31)).generate()))
    assert ZHANG_ID in full
    assert all(font["emb"] == "yes" for font in pdf_fonts(pdf))


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_register_prints_a_masked_id_on_one_line(language: str) -> None:
    """The parties' column is wide enough for a masked ID number, which is never broken."""
    i18n.set_language(language)
    pdf = MediationRegister(context(language), register_rows(), date(2026, 1, 1), date(2026, 3, 31)).generate()
    words = [w.text for w in pdf_words(pdf)]
    assert "**************002X" in words
    assert not [w for w in words if w.strip("*") == "" or w in ("002X", "*002X")]


def test_register_headers_repeat_once_per_page() -> None:
    i18n.set_language("zh_CN")
    pdf = MediationRegister(context(), register_rows(60), date(2026, 1, 1), date(2026, 3, 31)).generate()
    header = i18n._("Case number")
    first_word = header.split()[0]
    pages = pdf_page_count(pdf)
    heads = [w for w in pdf_words(pdf) if w.text == first_word]
    assert pages > 2 and len({w.page for w in heads}) == pages and len(heads) == pages


def test_empty_register_prints_one_page() -> None:
    pdf = MediationRegister(context(), [], date(2026, 1, 1), date(2026, 1, 31)).generate()
    assert pdf_page_count(pdf) == 1


def test_a_row_with_many_parties_is_cut() -> None:
    i18n.set_language("en")
    many = tuple(RegisterParty(f"居民{n:02d}", PartyRole.APPLICANT, ZHANG_ID) for n in range(40))
    row = replace(register_rows(1)[0], parties=many)
    text = squash(pdf_text(MediationRegister(context("en"), [row], date(2026, 1, 1), date(2026, 1, 31)).generate()))
    assert "居民05" in text and "居民06" not in text and squash("and 34 more") in text


@pytest.mark.parametrize("language", ["zh_CN", "zh_TW", "en"])
def test_documents_in_each_language(language: str) -> None:
    i18n.set_language(language)
    detail = case()
    for document, title in (
        (MediationAgreement(context(language), detail), "Public security mediation agreement"),
        (MediationRecord(context(language), detail, SESSION), "Mediation record"),
        (MediationRegister(context(language), register_rows(3), date(2026, 1, 1), date(2026, 3, 31)), "Mediation register"),
    ):
        text = squash(pdf_text(document.generate(), "-raw"))
        assert squash(i18n._(title)) in text
        assert "张三" in text
    assert squash(MediationKind.POLICE.label) in text  # the register names the kind


# --- the register workbook -------------------------------------------------------------------


def test_register_workbook_reads_back() -> None:
    i18n.set_language("zh_CN")
    rows = register_rows(5)
    data = register_workbook(context(), rows, date(2026, 1, 1), date(2026, 3, 31))
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet["A1"].value == i18n._("Mediation register")
    assert "和平里社区警务室" in sheet["A2"].value
    header = [c.value for c in sheet[3]]
    assert header[1] == i18n._("Case number") and header[8] == i18n._("Resident ID number")
    first = [c.value for c in sheet[4]]
    assert first[0] == 1 and first[1] == "〔2026〕调字第0001号" and first[2] == datetime(2026, 3, 2)
    assert first[7].splitlines()[0].startswith("张三")
    ids = first[8].splitlines()
    assert ids == ["**************002X", "**************0015", "—"]
    assert sheet.cell(row=4, column=9).data_type == "s" and sheet.cell(row=4, column=9).number_format == "@"
    assert sheet.max_row == 3 + len(rows) and sheet.freeze_panes == "A4"
    full = load_workbook(io.BytesIO(register_workbook(context(full=True), rows, date(2026, 1, 1), date(2026, 3, 31))))
    assert full.worksheets[0].cell(row=4, column=9).value.splitlines()[0] == ZHANG_ID


def test_register_wraps_agreed_terms_instead_of_cutting_them() -> None:
    i18n.set_language("zh_CN")
    rows = register_rows(4)
    text = squash(pdf_text(MediationRegister(context(), rows, date(2026, 1, 1), date(2026, 3, 31)).generate(), "-raw"))
    assert squash("李建华赔偿张三500元。" * 8) in text  # 88 characters, in full
    assert "…" not in text
