"""The residents' desk: the reception log and the opinion register against a real database —
deadlines over holidays and 调休 days, replies, figures, the links to mediation and opinions,
bad input refused with nothing saved, the documents read back as text."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from station_desk.domain import checks
from station_desk.domain.accounts import Principal
from station_desk.domain.audit import AuditAction, AuditFilter
from station_desk.domain.documents import OpinionDocument
from station_desk.domain.mediation import CaseSource, DisputeType, MediationLimits
from station_desk.domain.opinions import (
    OpinionCategory,
    OpinionDraft,
    OpinionQuery,
    OpinionSatisfaction,
    OpinionSource,
    OpinionStatus,
    ReplyEntry,
    ReplyLimits,
    ReplyMethod,
    Urgency,
)
from station_desk.domain.reception import (
    Handling,
    ReceptionChannel,
    ReceptionDraft,
    ReceptionKind,
    ReceptionQuery,
)
from station_desk.errors import PermissionDeniedError, ValidationError
from station_desk.services.container import Services
from station_desk.services.opinions import OpinionService
from station_desk.services.reception import ReceptionService
from tests.reports_helpers import pdf_text, squash

ID = "11010519491231002X"
NOW = datetime(2026, 10, 9, 10, 0).astimezone()  # a Friday: 2026-10-09


def fixed(services: Services) -> tuple[ReceptionService, OpinionService]:
    return ReceptionService(services.db, lambda: NOW), OpinionService(services.db, lambda: NOW)


def visit(**values: object) -> ReceptionDraft:
    base = dict(
        received_at=datetime(2026, 10, 9, 9, 30), channel=ReceptionChannel.VISIT,
        kind=ReceptionKind.CONSULT, name="张三", phone="13812345678", content="问户口迁移手续",
    )
    base.update(values)
    return ReceptionDraft(**base)  # type: ignore[arg-type]


def opinion(**values: object) -> OpinionDraft:
    base = dict(received_on=date(2026, 10, 9), content="小区东门晚上路灯不亮", name="李四")
    base.update(values)
    return OpinionDraft(**base)  # type: ignore[arg-type]


def test_auxiliary_police_record_a_visit_masked_in_the_list(services: Services, aux: Principal) -> None:
    reception, _ = fixed(services)
    entry = reception.record(aux, visit(resident_id=ID.lower(), address="幸福里3-201"))
    assert entry.resident_id == ID and entry.handler == "王芳"
    [row] = reception.list_entries(aux)
    assert row.masked_id == "**************002X" and row.masked_phone == "138****5678"
    assert ID not in repr(row) and "13812345678" not in repr(row)
    assert reception.list_entries(aux, ReceptionQuery(text="户口"))[0].id == entry.id
    assert reception.list_entries(aux, ReceptionQuery(kind=ReceptionKind.DISPUTE)) == []


def test_bad_visits_are_refused_and_nothing_is_saved(services: Services, officer: Principal) -> None:
    reception, _ = fixed(services)
    for values, field in (
        ({"resident_id": "110105194912310021"}, "resident_id"),
        ({"content": "  "}, "content"),
        ({"received_at": datetime(2026, 10, 10, 9, 0)}, "received_at"),
        ({"handling": Handling.TO_OTHER}, "receiving_unit"),
        ({"follow_up_due": date(2026, 10, 8)}, "follow_up_due"),
        ({"phone": "12345"}, "phone"),
    ):
        with pytest.raises(ValidationError) as caught:
            reception.record(officer, visit(**values))
        assert caught.value.field == field
    assert reception.list_entries(officer, ReceptionQuery(include_deleted=True)) == []


def test_a_dispute_becomes_a_mediation_case_in_one_step(services: Services, officer: Principal) -> None:
    reception, _ = fixed(services)
    entry = reception.record(officer, visit(
        kind=ReceptionKind.DISPUTE, content="楼上漏水，邻居不肯维修\n要求赔偿", resident_id=ID,
        address="幸福里3-201",
    ))
    linked, case = reception.to_mediation(officer, entry.id, DisputeType.NEIGHBOUR)
    assert case.source is CaseSource.WALK_IN and case.title == "楼上漏水，邻居不肯维修"
    assert case.facts.startswith("楼上漏水") and case.parties[0].name == "张三"
    assert case.parties[0].resident_id == ID and case.parties[0].phone == "13812345678"
    assert linked.mediation_case_id == case.id and linked.handling is Handling.TO_MEDIATION
    assert linked.mediation_case_number == case.case_number
    assert reception.for_case(officer, case.id).id == entry.id  # and back
    assert reception.list_entries(officer)[0].linked == case.case_number
    with pytest.raises(ValidationError, match="already"):
        reception.to_mediation(officer, entry.id)
    consult = reception.record(officer, visit())
    with pytest.raises(ValidationError, match="Only a dispute"):
        reception.to_mediation(officer, consult.id)


def test_a_suggestion_becomes_an_opinion_linked_both_ways(services: Services, aux: Principal) -> None:
    reception, opinions = fixed(services)
    entry = reception.record(aux, visit(kind=ReceptionKind.SUGGESTION, content="建议增加夜间巡逻"))
    linked, made = reception.to_opinion(aux, entry.id, OpinionCategory.SECURITY, Urgency.URGENT)
    assert made.source is OpinionSource.RECEPTION and made.reception_id == entry.id
    assert made.name == "张三" and made.content == "建议增加夜间巡逻" and made.number == "2026-0001"
    assert linked.opinion_id == made.id
    # Friday + 1 working day: Saturday 10 October, a 调休 working day in the shipped 2026 calendar
    assert made.due_on == date(2026, 10, 10)
    with pytest.raises(ValidationError, match="already"):
        reception.to_opinion(aux, entry.id)
    assert len(opinions.list_opinions(aux)) == 1


def test_reply_deadline_over_holidays_and_adjusted_working_days(services: Services, admin: Principal) -> None:
    _, opinions = fixed(services)
    services.mediation.set_limits(admin, MediationLimits(
        holidays=tuple(date(2026, 10, d) for d in range(1, 8)),
        extra_workdays=(date(2026, 9, 27), date(2026, 10, 10)),  # 调休 Sunday and Saturday
    ))
    # received on 30 September: the National Day week is off, Saturday 10 October is worked
    assert opinions.deadline(admin, Urgency.URGENT, date(2026, 9, 30)) == date(2026, 10, 8)
    assert opinions.deadline(admin, Urgency.NORMAL, date(2026, 9, 30)) == date(2026, 10, 13)
    assert opinions.deadline(admin, Urgency.URGENT, date(2026, 9, 26)) == date(2026, 9, 27)
    made = opinions.register(admin, opinion(received_on=date(2026, 9, 30)))
    assert made.due_on == date(2026, 10, 13)
    opinions.set_limits(admin, ReplyLimits(urgent_days=2, normal_days=3))
    assert opinions.get(admin, made.id).due_on == date(2026, 10, 10)  # follows the new limits
    with pytest.raises(ValidationError):
        opinions.set_limits(admin, ReplyLimits(urgent_days=6, normal_days=3))


def test_reply_limits_are_an_administrators_setting(services: Services, officer: Principal) -> None:
    _, opinions = fixed(services)
    with pytest.raises(PermissionDeniedError):
        opinions.set_limits(officer, ReplyLimits(2, 4))
    assert opinions.limits(officer) == ReplyLimits(1, 5)


def test_bad_opinions_and_replies_are_refused(services: Services, officer: Principal) -> None:
    _, opinions = fixed(services)
    with pytest.raises(ValidationError) as caught:
        opinions.register(officer, opinion(received_on=date(2026, 9, 28), due_on=date(2026, 10, 1)))
    assert caught.value.field == "due_on" and "past" in caught.value.message
    made = opinions.register(officer, opinion(received_on=date(2026, 10, 5)))
    for reply, field in (
        (ReplyEntry(date(2026, 10, 2), content="已修复"), "replied_on"),
        (ReplyEntry(date(2026, 10, 12), content="已修复"), "replied_on"),
        (ReplyEntry(date(2026, 10, 8), content="   "), "reply_content"),
    ):
        with pytest.raises(ValidationError) as caught:
            opinions.reply(officer, made.id, reply)
        assert caught.value.field == field
    after = opinions.get(officer, made.id)
    assert after.reply is None and after.status is OpinionStatus.OPEN  # nothing half-saved
    with pytest.raises(ValidationError, match="Answer the opinion"):
        opinions.close(officer, made.id, date(2026, 10, 9))


@pytest.mark.usefixtures("no_official_holidays")  # the room's own calendar only
def test_reply_satisfaction_closure_and_figures(services: Services, officer: Principal, aux: Principal) -> None:
    _, opinions = fixed(services)
    on_time = opinions.register(aux, opinion(received_on=date(2026, 10, 5)))  # due 12 Oct
    late = opinions.register(aux, opinion(received_on=date(2026, 9, 28), urgency=Urgency.URGENT))
    waiting = opinions.register(aux, opinion(received_on=date(2026, 9, 30), anonymous=True))
    today = opinions.register(aux, opinion(received_on=date(2026, 10, 8), urgency=Urgency.URGENT))
    august = opinions.register(aux, opinion(received_on=date(2026, 8, 3)))  # outside the period
    answered = opinions.reply(aux, on_time.id, ReplyEntry(
        date(2026, 10, 7), ReplyMethod.PHONE, "已联系物业修复路灯", "王芳", OpinionSatisfaction.SATISFIED))
    assert answered.status is OpinionStatus.ANSWERED and answered.on_time
    opinions.reply(aux, late.id, ReplyEntry(
        date(2026, 10, 2), ReplyMethod.IN_PERSON, "已答复", satisfaction=OpinionSatisfaction.DISSATISFIED))
    closed = opinions.close(officer, on_time.id, date(2026, 10, 8), "路灯已修复")
    assert closed.status is OpinionStatus.CLOSED
    assert opinions.get(aux, waiting.id).name == ""
    figures = opinions.figures(officer, date(2026, 9, 1), date(2026, 10, 31))
    assert (figures.received, figures.answered, figures.answered_on_time) == (4, 2, 1)
    assert (figures.rated, figures.satisfied, figures.closed) == (2, 1, 1)
    assert figures.on_time_percent == 50.0 and figures.satisfied_percent == 50.0
    assert figures.open_overdue == 1  # `waiting`, due 7 Oct; `today` is due today
    assert opinions.due_counts(officer) == (2, 1)  # and the one of August
    overdue = opinions.list_opinions(officer, OpinionQuery(overdue_only=True))
    assert [row.id for row in overdue] == [waiting.id, august.id] and overdue[0].who == "Anonymous"
    assert [r.id for r in opinions.list_opinions(officer) if r.due_today] == [today.id]


def test_reception_figures_by_kind(services: Services, officer: Principal) -> None:
    reception, _ = fixed(services)
    for kind in (ReceptionKind.REPORT, ReceptionKind.REPORT, ReceptionKind.DISPUTE, ReceptionKind.HELP):
        reception.record(officer, visit(kind=kind, channel=ReceptionChannel.PHONE))
    dispute = reception.list_entries(officer, ReceptionQuery(kind=ReceptionKind.DISPUTE))[0]
    reception.to_mediation(officer, dispute.id)
    reception.record(officer, visit(received_at=datetime(2026, 9, 1, 9, 0)))
    deleted = reception.record(officer, visit())
    reception.delete(officer, deleted.id)
    figures = reception.figures(officer, date(2026, 10, 1), date(2026, 10, 31))
    assert figures.total == 4 and figures.by_kind[ReceptionKind.REPORT] == 2
    assert figures.by_kind[ReceptionKind.SUGGESTION] == 0
    assert figures.by_channel[ReceptionChannel.PHONE] == 4 and figures.to_mediation == 1
    assert figures.passed_on == 1 and figures.settled_on_spot == 3


def test_the_register_and_the_reply_slip(services: Services, officer: Principal, admin: Principal) -> None:
    _, opinions = fixed(services)
    made = opinions.register(officer, opinion(resident_id=ID, phone="13812345678"))
    opinions.reply(officer, made.id, ReplyEntry(date(2026, 10, 9), ReplyMethod.PHONE, "已联系物业修复"))
    text = squash(pdf_text(opinions.register_pdf(officer, date(2026, 10, 1), date(2026, 10, 31))))
    assert "小区东门晚上路灯不亮" in text and "已联系物业修复" in text and "2026-0001" in text
    assert "13812345678" not in text, text
    empty = squash(pdf_text(opinions.register_pdf(officer, date(2025, 1, 1), date(2025, 1, 31))))
    assert squash("No opinions were received in this period") in empty
    assert squash("Reply due by") not in empty  # no empty table
    quiet = load_workbook(io.BytesIO(opinions.register_xlsx(officer, date(2025, 1, 1), date(2025, 1, 31))))
    cells = [value for row in quiet.active.iter_rows(values_only=True) for value in row if value]
    assert "No opinions were received in this period." in cells
    slip = squash(pdf_text(opinions.reply_slip_pdf(officer, made.id)))
    assert squash("Opinion reply slip") in slip and "李四" in slip and ID not in slip
    book = load_workbook(io.BytesIO(opinions.register_xlsx(officer, date(2026, 10, 1), date(2026, 10, 31))))
    sheet = book.active
    values = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert values[3][1] == "2026-0001" and values[3][8] == "**************002X"
    assert values[3][2] == datetime(2026, 10, 9)
    opinions.record_output(officer, made.id, OpinionDocument.REPLY_SLIP, "save", "/tmp/x.pdf")
    [printed] = services.audit.list_entries(admin, AuditFilter(action=AuditAction.PRINT.value, record_id=made.id))
    assert printed.details["document"] == "reply-slip" and printed.details["number"] == "2026-0001"
    created = services.audit.list_entries(admin, AuditFilter(record_type="resident_opinion", record_id=made.id))
    assert {entry.action for entry in created} >= {AuditAction.CREATE, AuditAction.UPDATE}


def test_the_register_spreadsheet_needs_export(services: Services, aux: Principal) -> None:
    _, opinions = fixed(services)
    with pytest.raises(PermissionDeniedError):
        opinions.register_xlsx(aux, date(2026, 10, 1), date(2026, 10, 31))
    assert opinions.register_pdf(aux, date(2026, 10, 1), date(2026, 10, 31)).startswith(b"%PDF")


def test_utc_clock_gives_local_today(services: Services, officer: Principal) -> None:
    reception = ReceptionService(services.db, lambda: datetime.combine(date(2026, 10, 9), time(2), UTC))
    assert reception.record(officer, visit(received_at=datetime(2026, 10, 9, 0, 1))).id


NAMES = st.sampled_from(["", "张三", "欧阳娜娜", "买买提·艾力", "John Smith"])
TEXTS = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=60)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.sampled_from(list(ReceptionKind)),
    channel=st.sampled_from(list(ReceptionChannel)),
    handling=st.sampled_from(list(Handling)),
    name=NAMES,
    content=TEXTS,
    minutes=st.integers(0, 60 * 24 * 300),
    with_id=st.booleans(),
)
def test_an_entry_reads_back_as_saved(
    services: Services, officer: Principal, kind: ReceptionKind, channel: ReceptionChannel,
    handling: Handling, name: str, content: str, minutes: int, with_id: bool,
) -> None:
    reception, _ = fixed(services)
    draft = ReceptionDraft(
        received_at=(NOW.replace(tzinfo=None) - timedelta(minutes=minutes)).replace(second=0, microsecond=0),
        channel=channel, kind=kind, name=name, content=content, handling=handling,
        receiving_unit="居委会" if handling is Handling.TO_OTHER else "",
        resident_id=ID if with_id else "",
    )
    try:
        saved = reception.record(officer, draft)
    except ValidationError as exc:  # only a text that is blank once cleaned
        assert exc.field == "content" and not content.strip()
        return
    again = reception.get(officer, saved.id)
    assert again == saved
    assert (again.kind, again.channel, again.handling) == (kind, channel, handling)
    assert again.received_at == draft.received_at and again.resident_id == draft.resident_id
    assert again.content == checks.text(content, "content", 4000)  # cleaned, then kept as is


def test_follow_ups_due_until_closed(services: Services, officer: Principal) -> None:
    reception, _ = fixed(services)
    due = reception.record(officer, visit(
        received_at=datetime(2026, 10, 1, 9, 0), handling=Handling.TO_PROPERTY,
        receiving_unit="和平里物业", follow_up_due=date(2026, 10, 8),
    ))
    reception.record(officer, visit(follow_up_due=date(2026, 10, 20)))  # not due yet
    assert reception.count_follow_ups_due(officer) == 1
    assert [row.follow_up_overdue for row in reception.list_entries(officer)] == [False, True]
    reception.update(officer, due.id, replace(visit(
        received_at=datetime(2026, 10, 1, 9, 0), handling=Handling.TO_PROPERTY,
        receiving_unit="和平里物业", follow_up_due=date(2026, 10, 8)), closed=True, result="已修复"))
    assert reception.count_follow_ups_due(officer) == 0
    assert reception.list_entries(officer, ReceptionQuery(open_only=True))[0].closed is False


@pytest.fixture
def shipped_calendar(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[bool], None]]:
    """Ship a calendar file: the real one, or the real one plus a (made-up) 2027."""
    from station_desk.paths import calendar_dir
    from station_desk.services import holidays

    real = json.loads((calendar_dir() / holidays.OFFICIAL_FILE).read_text(encoding="utf-8"))

    def ship(with_2027: bool) -> None:
        data = json.loads(json.dumps(real))
        if with_2027:
            data["years"]["2027"] = {
                "source": "test",
                "holidays": [{"name": {"zh_CN": "春节", "en": "Spring Festival"}, "from": "2027-02-03",
                              "to": "2027-02-10"}],
                "workdays": ["2027-01-31"],
            }
        folder = tmp_path / ("calendar-2027" if with_2027 else "calendar")
        folder.mkdir(exist_ok=True)
        (folder / holidays.OFFICIAL_FILE).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        monkeypatch.setattr(holidays, "calendar_dir", lambda: folder)
        holidays.official_calendar.cache_clear()

    yield ship
    holidays.official_calendar.cache_clear()


def test_open_opinions_follow_a_newly_shipped_holiday_year(
    services: Services, admin: Principal, shipped_calendar: Callable[[bool], None]
) -> None:
    """Received on Friday 29 January 2027 by a program whose calendar ends with 2026: due five
    working days later, 5 February. The next program ships 2027 (调休 Sunday 31 January, a
    holiday 3–10 February): at its start the open opinion is due 12 February; an answered one
    and one with a deadline set by hand keep theirs; it happens once."""
    shipped_calendar(False)
    opinions = OpinionService(services.db, lambda: datetime(2027, 1, 29, 10).astimezone())
    received = date(2027, 1, 29)
    open_one = opinions.register(admin, opinion(received_on=received))
    by_hand = opinions.register(admin, opinion(received_on=received, due_on=date(2027, 2, 3)))
    answered = opinions.register(admin, opinion(received_on=received))
    opinions.reply(admin, answered.id, ReplyEntry(received, ReplyMethod.PHONE, "已答复"))
    assert open_one.due_on == answered.due_on == date(2027, 2, 5)
    assert opinions.follow_official_calendar() == 0  # the same program starts again

    shipped_calendar(True)  # the new program starts
    assert opinions.deadline(admin, Urgency.NORMAL, received) == date(2027, 2, 12)
    assert opinions.follow_official_calendar() == 1
    assert opinions.get(admin, open_one.id).due_on == date(2027, 2, 12)
    assert opinions.get(admin, by_hand.id).due_on == date(2027, 2, 3)
    assert opinions.get(admin, answered.id).due_on == date(2027, 2, 5)
    assert opinions.follow_official_calendar() == 0  # once
    moved = services.audit.list_entries(admin, AuditFilter(record_type="resident_opinion", record_id=open_one.id))
    assert [(entry.action, entry.username) for entry in moved if entry.action == AuditAction.UPDATE] == [
        (AuditAction.UPDATE, "system")
    ]


def test_open_opinions_follow_the_holidays_the_administrator_saves(
    services: Services, admin: Principal, no_official_holidays: None
) -> None:
    _, opinions = fixed(services)
    made = opinions.register(admin, opinion(received_on=date(2026, 10, 9)))  # Friday: due Friday 16th
    assert made.due_on == date(2026, 10, 16)
    services.mediation.set_limits(admin, MediationLimits(holidays=(date(2026, 10, 12), date(2026, 10, 13))))
    assert opinions.get(admin, made.id).due_on == date(2026, 10, 20)
