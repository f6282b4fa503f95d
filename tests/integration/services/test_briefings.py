"""警情通报 and 警情公示: each figure against the records it counts, the officer's text, a
period without records, a period not begun, and a public notice holding no personal data."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

import pytest

from station_desk import i18n
from station_desk.domain.accounts import Principal
from station_desk.domain.briefings import BriefingText
from station_desk.domain.duty import DutyActivity, DutyEntryDraft
from station_desk.domain.mediation import CaseOutcome
from station_desk.domain.volunteers import Attendance
from station_desk.errors import ValidationError
from station_desk.services.container import Services
from tests.figure_records import add_case, add_guidance, add_shift
from tests.reports_helpers import pdf_text, squash
from tests.residents_records import (
    MARCH_BY_CHANNEL,
    MARCH_BY_KIND,
    MARCH_FIGURES,
    add_residents_desk,
)
from tests.residents_records import PERSONAL as VISITORS

MARCH = (date(2026, 3, 1), date(2026, 3, 31))
PERSONAL = ("李明", "王芳", "张建国", "张三", "李四", "王大爷", "刘阿姨", "赵小明", "钱小红",
            "13700002222", "13900001111", "11010519491231002X")


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour))


@pytest.fixture
def march(services: Services, admin: Principal, officer: Principal, aux: Principal) -> Services:
    services.briefings.now = lambda: datetime(2026, 12, 7, 2, tzinfo=UTC)
    duty = services.duty
    duty.add_entry(officer, DutyEntryDraft(officer.user_id, at(date(2026, 3, 3), 9), at(date(2026, 3, 3), 12), DutyActivity.PATROL))
    duty.add_entry(officer, DutyEntryDraft(officer.user_id, at(date(2026, 3, 4), 9), at(date(2026, 3, 4), 11), DutyActivity.TRAINING))
    duty.add_entry(aux, DutyEntryDraft(aux.user_id, at(date(2026, 3, 3), 9), at(date(2026, 3, 3), 11), DutyActivity.RECEPTION))
    duty.add_entry(aux, DutyEntryDraft(aux.user_id, at(date(2026, 4, 3), 9), at(date(2026, 4, 3), 11), DutyActivity.PATROL))
    db = services.db
    add_case(db, admin, date(2026, 2, 25), outcome=CaseOutcome.AGREEMENT.value, concluded_on=date(2026, 3, 2),
             closed_on=date(2026, 3, 20))
    add_case(db, admin, date(2026, 3, 5), outcome=CaseOutcome.AGREEMENT.value, concluded_on=date(2026, 3, 6))
    add_case(db, admin, date(2026, 3, 10), outcome=CaseOutcome.TERMINATED.value, concluded_on=date(2026, 3, 12))
    add_case(db, admin, date(2026, 3, 28))
    add_case(db, admin, date(2026, 4, 1))
    add_guidance(db, admin, officer.user_id, [date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 16)])
    add_guidance(db, admin, officer.user_id, [date(2026, 3, 20)], name="钱小红")
    add_shift(db, admin, at(date(2026, 3, 6), 19), 2, [Attendance.PRESENT, Attendance.PRESENT, Attendance.ABSENT])
    add_shift(db, admin, at(date(2026, 3, 13), 19), 3, [Attendance.LATE])
    return services


def figures(services: Services, actor: Principal) -> dict[str, dict[str, str]]:
    data = services.briefings.compile(actor, *MARCH)
    return {s.key: {f.label: f.text for f in s.figures} for s in data.sections}


def test_each_figure_counts_its_records(march: Services, officer: Principal) -> None:
    got = figures(march, officer)
    assert got["mediation"] == {
        "New cases": "3", "Cases concluded": "3", "Agreements reached": "2",
        "Agreement rate": "66.7% (2/3)", "Cases closed": "1",
    }
    assert got["policing"] == {  # 3 h officer patrol + 2 h aux reception; training is not in the beat
        "Police hours in the beat": "5.0 hours", "Police patrol hours": "3.0 hours", "Police patrols": "1",
    }
    assert got["volunteers"] == {
        "Patrol shifts": "2", "Volunteer attendances": "3", "Volunteers who served": "3",
        "Volunteer hours": "7.0 hours",
    }
    assert got["youth"] == {"Guidance sessions held": "4", "Young people reached": "<3"}
    assert got["reception"]["Visits and calls"] == "0" and got["opinions"]["Opinions received"] == "0"
    assert list(got) == ["reception", "mediation", "policing", "volunteers", "opinions", "youth"]


def test_no_youth_counts_for_auxiliary_police(march: Services, aux: Principal) -> None:
    assert "youth" not in figures(march, aux)
    text = squash(pdf_text(march.briefings.document_pdf(aux, *MARCH, "en", public=True)))
    assert "guidance" not in text.lower()


def test_advice_and_remarks(march: Services, officer: Principal) -> None:
    briefings = march.briefings
    with pytest.raises(ValidationError, match="remove ID and phone numbers") as caught:
        briefings.save(officer, *MARCH, BriefingText("有事请拨打 138 1234 5678", ""))
    assert caught.value.field == "advice"
    with pytest.raises(ValidationError, match="remove ID and phone numbers"):
        briefings.save(officer, *MARCH, BriefingText("身份证１１０１０５１９４９１２３１００２Ｘ", ""))
    briefings.save(officer, *MARCH, BriefingText("谨防电信诈骗，不要轻信陌生来电。", "张三家门锁已修好"))
    briefing = squash(pdf_text(briefings.document_pdf(officer, *MARCH, "zh_CN")))
    notice = squash(pdf_text(briefings.document_pdf(officer, *MARCH, "zh_CN", public=True)))
    assert "谨防电信诈骗" in briefing and "谨防电信诈骗" in notice
    assert "张三家门锁已修好" in briefing and "张三" not in notice
    assert [b.label("en") for b in briefings.list_briefings(officer)] == ["2026-03-01 to 2026-03-31"]


@pytest.mark.parametrize("language", ["zh_CN", "zh_TW", "en"])
def test_the_public_notice_holds_no_personal_data(march: Services, officer: Principal, language: str) -> None:
    i18n.set_language(language)
    march.briefings.save(officer, *MARCH, BriefingText("夜间注意关好门窗。", "李明负责跟进张三的求助"))
    text = pdf_text(march.briefings.document_pdf(officer, *MARCH, language, public=True))
    plain = squash(text)
    for personal in PERSONAL:
        assert personal not in plain, personal
    assert not re.search(r"1[3-9]\d{9}|\d{17}[\dXx]", plain)
    assert squash(i18n._("Police situation notice")) in plain and "66.7%" in plain
    assert "打印" not in plain and "Printed" not in plain  # no "printed by" line
    assert "夜间注意关好门窗" in plain


def test_the_briefing_prints_every_figure(march: Services, officer: Principal) -> None:
    i18n.set_language("zh_CN")
    text = squash(pdf_text(march.briefings.document_pdf(officer, *MARCH, "zh_CN"), "-raw"))
    for expected in ("警情通报", "2026年3月1日至2026年3月31日", "66.7%(2/3)", "5.0小时", "7.0小时", "<3",
                     "防范提示", "通报人（签名）", "李明"):
        assert squash(expected) in text, expected


def test_a_period_without_records_says_so(services: Services, officer: Principal) -> None:
    services.briefings.now = lambda: datetime(2026, 12, 7, 2, tzinfo=UTC)
    for public in (False, True):
        text = squash(pdf_text(services.briefings.document_pdf(officer, *MARCH, "en", public=public)))
        assert squash("Nothing was recorded in this period.") in text
        assert squash("Dispute type") not in text and squash("New cases") not in text
        assert squash("Number received") not in text and squash("Opinions received") not in text


def test_a_period_not_begun_is_refused(services: Services, officer: Principal) -> None:
    services.briefings.now = lambda: datetime(2026, 12, 7, 2, tzinfo=UTC)
    with pytest.raises(ValidationError, match="has not begun"):
        services.briefings.compile(officer, date(2027, 1, 1), date(2027, 1, 31))
    with pytest.raises(ValidationError, match="before the first day"):
        services.briefings.compile(officer, date(2026, 3, 31), date(2026, 3, 1))
    data = services.briefings.compile(officer, date(2026, 12, 1), date(2026, 12, 31))
    assert data.compiled_to == date(2026, 12, 7) and data.partial
    with pytest.raises(ValidationError, match="has not begun"):
        services.briefings.save(officer, date(2027, 1, 1), date(2027, 1, 31), BriefingText("x"))
    assert services.briefings.list_briefings(officer) == []


@pytest.fixture
def residents(march: Services, aux: Principal) -> Services:
    add_residents_desk(march, aux)
    return march


def test_reception_and_opinion_figures_count_their_records(residents: Services, officer: Principal) -> None:
    data = residents.briefings.compile(officer, *MARCH)
    sections = {section.key: section for section in data.sections}
    got = {key: {f.label: f.text for f in sections[key].figures} for key in MARCH_FIGURES}
    assert got == MARCH_FIGURES
    by_kind, by_channel = sections["reception"].tables
    assert dict(by_kind.rows) == {kind.label: str(n) for kind, n in MARCH_BY_KIND.items()}
    assert dict(by_channel.rows) == {channel.label: str(n) for channel, n in MARCH_BY_CHANNEL.items()}
    [chart] = sections["reception"].charts
    assert dict(zip(chart.categories, chart.series[0].values, strict=True)) == {
        kind.label: float(n) for kind, n in MARCH_BY_KIND.items()
    }
    assert sections["opinions"].charts == ()  # one month: no chart by month
    opinions = residents.opinions.figures(officer, *MARCH)  # the register's own figures agree
    assert (opinions.on_time_percent, opinions.satisfied_percent) == (66.7, 50.0)
    assert sections["mediation"].figure("New cases").text == "4"  # the dispute made a case


@pytest.mark.parametrize("public", [False, True])
def test_the_documents_print_the_reception_and_opinion_figures(
    residents: Services, officer: Principal, public: bool
) -> None:
    text = squash(pdf_text(residents.briefings.document_pdf(officer, *MARCH, "en", public=public), "-raw"))
    for figures in MARCH_FIGURES.values():
        for label, value in figures.items():
            assert squash(f"{label}:{value}") in text, (label, value)
    for kind, count in MARCH_BY_KIND.items():
        assert squash(f"{kind.label}{count}") in text, kind
    for channel, count in MARCH_BY_CHANNEL.items():
        assert squash(f"{channel.label}{count}") in text, channel


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_public_notice_names_no_visitor_or_opinion_giver(
    residents: Services, officer: Principal, language: str
) -> None:
    i18n.set_language(language)
    notice = squash(pdf_text(residents.briefings.document_pdf(officer, *MARCH, language, public=True)))
    assert squash(i18n._("Visits and calls received")) in notice and "60.0%(3/5)" in notice
    for personal in VISITORS + PERSONAL:
        assert personal not in notice, personal
    assert not re.search(r"1[3-9]\d{9}|\d{17}[\dXx]|\*{6,}", notice)  # nor a masked one


def test_a_period_without_visits_or_opinions_names_them_instead_of_empty_tables(
    march: Services, officer: Principal
) -> None:
    text = squash(pdf_text(march.briefings.document_pdf(officer, *MARCH, "en")))
    assert squash("Nothing recorded in this period: Visits and calls received, Opinions and their answers") in text
    assert squash("Number received") not in text and squash("Visits and calls by kind") not in text
