"""Mediation (调解) against a real database: numbering under every path, parties and the
under-16 rule, sessions, outcome, return visits, deadlines, the case file, lists, statistics,
roles and the audit trail."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from station_desk.domain.accounts import Principal
from station_desk.domain.audit import AuditFilter
from station_desk.domain.enums import Gender
from station_desk.domain.mediation import (
    CaseClosedError,
    CaseDetail,
    CaseDraft,
    CaseOutcome,
    CaseQuery,
    CaseSource,
    CaseStatus,
    DisputeType,
    FileItem,
    IncompleteCaseError,
    MediationDocument,
    MediationKind,
    MediationLimits,
    MediationRowError,
    OutcomeEntry,
    PartyEntry,
    PartyKind,
    PartyRole,
    PerformanceStatus,
    ReturnVisitEntry,
    Satisfaction,
    SessionEntry,
    StatementEntry,
)
from station_desk.errors import NotFoundError, PermissionDeniedError, ValidationError
from station_desk.services import base as services_base
from station_desk.services import mediation as mediation_module
from station_desk.services.container import Services
from station_desk.services.mediation import MediationService
from tests.server_db import open_again

RECEIVED = date(2026, 3, 6)  # a Friday; police cases are due on Wednesday 11 March
ROOM = "和平里社区警务室"
ZHANG = "11010519491231002X"  # 张三, female, born 1949
LI = "440524188001010014"
CHILD = "110105201203040015"  # born 2012-03-04: 13 on RECEIVED


def clock(day: date, hour: int = 10) -> datetime:
    """A `now()` at local `hour` on `day` (as the service sees it)."""
    return datetime.combine(day, time(hour)).astimezone().astimezone(UTC)


@pytest.fixture
def mediation(services: Services) -> MediationService:
    """The service with its clock at 20 March 2026 (two weeks after RECEIVED)."""
    services.mediation.now = lambda: clock(date(2026, 3, 20))
    return services.mediation


def parties() -> tuple[PartyEntry, ...]:
    return (
        PartyEntry("张三", PartyRole.APPLICANT, resident_id=ZHANG, phone="13812345678",
                   address="和平里小区3号楼501室"),
        PartyEntry("李四", PartyRole.RESPONDENT, resident_id=LI),
    )


def register(
    mediation: MediationService, actor: Principal, received: date = RECEIVED, **changes: object
) -> CaseDetail:
    values: dict[str, object] = {
        "received_on": received, "source": CaseSource.WALK_IN, "dispute_type": DisputeType.NEIGHBOUR,
        "kind": MediationKind.POLICE, "title": "楼上漏水纠纷", "facts": "楼上漏水致楼下厨房受损。",
        "parties": parties(),
    }
    values.update(changes)
    return mediation.register_case(actor, CaseDraft(**values))  # type: ignore[arg-type]


def with_session(mediation: MediationService, actor: Principal, case: CaseDetail, **changes: object) -> CaseDetail:
    values: dict[str, object] = {
        "starts_at": datetime(2026, 3, 9, 9, 0), "mediators": "张建国", "rights_explained": True,
        "result": "双方同意和解",
    }
    if "statements" not in changes:
        values["statements"] = tuple(
            StatementEntry(text, party.id)
            for text, party in zip(("要求赔偿800元", "愿意赔偿一部分"), case.parties, strict=False)
        )
    values.update(changes)
    return mediation.save_session(actor, case.id, SessionEntry(**values))  # type: ignore[arg-type]


def agreement(**changes: object) -> OutcomeEntry:
    values: dict[str, object] = {
        "outcome": CaseOutcome.AGREEMENT, "concluded_on": date(2026, 3, 9), "terms": "李四赔偿张三500元",
        "perform_by": date(2026, 3, 12), "performance_method": "现金当面支付",
    }
    values.update(changes)
    return OutcomeEntry(**values)  # type: ignore[arg-type]


def agreed(mediation: MediationService, actor: Principal, **changes: object) -> CaseDetail:
    case = with_session(mediation, actor, register(mediation, actor, **changes))
    return mediation.record_outcome(actor, case.id, agreement())


def numbers(mediation: MediationService, actor: Principal) -> list[str]:
    rows = mediation.list_cases(actor, CaseQuery(include_deleted=True, limit=10_000))
    return sorted(row.case_number for row in rows)


# --- numbering -------------------------------------------------------------------------------


def test_numbers_are_issued_per_year_in_order(mediation: MediationService, officer: Principal) -> None:
    assert mediation.next_case_number(officer, 2026) == "〔2026〕调字第0001号"
    first = register(mediation, officer)
    second = register(mediation, officer)
    older = register(mediation, officer, date(2025, 12, 30))
    assert (first.case_number, second.case_number) == ("〔2026〕调字第0001号", "〔2026〕调字第0002号")
    assert older.case_number == "〔2025〕调字第0001号" and older.case_year == 2025
    assert mediation.next_case_number(officer, 2026) == "〔2026〕调字第0003号"


def test_a_deleted_case_keeps_its_number_and_it_is_never_reused(
    mediation: MediationService, officer: Principal
) -> None:
    first = register(mediation, officer)
    mediation.delete_case(officer, first.id)
    assert mediation.list_cases(officer, CaseQuery()) == []
    second = register(mediation, officer)
    assert second.case_number == "〔2026〕调字第0002号"
    restored = mediation.restore_case(officer, first.id)
    assert restored.case_number == "〔2026〕调字第0001号" and not restored.is_deleted
    assert numbers(mediation, officer) == ["〔2026〕调字第0001号", "〔2026〕调字第0002号"]


def test_a_cancelled_creation_does_not_use_up_a_number(
    mediation: MediationService, officer: Principal, monkeypatch: pytest.MonkeyPatch
) -> None:
    register(mediation, officer)

    def fail(*_args: object) -> None:
        raise RuntimeError("power cut in the middle of the save")

    with monkeypatch.context() as patch:
        patch.setattr(mediation_module, "_sync_parties", fail)
        with pytest.raises(RuntimeError):
            register(mediation, officer)
    with pytest.raises(ValidationError):  # refused before anything is written
        register(mediation, officer, title="")
    assert register(mediation, officer).case_number == "〔2026〕调字第0002号"


def test_cases_saved_at_the_same_moment_get_distinct_gap_free_numbers(
    services: Services, officer: Principal, data_dir: Path
) -> None:
    services.mediation.now = lambda: clock(date(2026, 3, 20))
    other_db = open_again(services.db, data_dir)  # a second connection, as a second window would have
    other = MediationService(other_db, now=services.mediation.now)
    errors: list[BaseException] = []
    start = threading.Barrier(6)

    def work(service: MediationService) -> None:
        try:
            start.wait()
            for _ in range(5):
                register(service, officer)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(svc,)) for svc in [services.mediation, other] * 3]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    other_db.close()
    assert errors == []
    assert numbers(services.mediation, officer) == [f"〔2026〕调字第{n:04d}号" for n in range(1, 31)]


def test_a_number_that_is_already_taken_is_refused_and_nothing_is_used_up(
    mediation: MediationService, officer: Principal, monkeypatch: pytest.MonkeyPatch
) -> None:
    register(mediation, officer)
    with monkeypatch.context() as patch:  # a pattern change that maps onto an issued number
        patch.setattr(mediation_module, "format_case_number", lambda *_args: "〔2026〕调字第0001号")
        with pytest.raises(ValidationError) as error:
            register(mediation, officer)
    assert error.value.field == "case_number"
    assert register(mediation, officer).case_number == "〔2026〕调字第0002号"


def test_the_pattern_is_an_admin_setting(
    mediation: MediationService, admin: Principal, officer: Principal
) -> None:
    first = register(mediation, officer)
    with pytest.raises(PermissionDeniedError):
        mediation.set_case_number_pattern(officer, "和调〔{year}〕{seq:03d}号")
    with pytest.raises(ValidationError) as error:
        mediation.set_case_number_pattern(admin, "调字第{seq}号")
    assert error.value.field == "pattern"
    assert mediation.set_case_number_pattern(admin, "和调〔{year}〕{seq:03d}号") == "和调〔{year}〕{seq:03d}号"
    assert mediation.case_number_pattern(officer) == "和调〔{year}〕{seq:03d}号"
    assert register(mediation, officer).case_number == "和调〔2026〕002号"
    assert mediation.get(officer, first.id).case_number == "〔2026〕调字第0001号"


# --- registering and parties -----------------------------------------------------------------


def test_registration_round_trips_and_derives_from_the_id(mediation: MediationService, aux: Principal) -> None:
    typed = replace(parties()[0], gender=Gender.MALE, birth_date=date(1990, 1, 1))
    case = register(mediation, aux, parties=(typed, parties()[1]), officer="")
    assert case.status is CaseStatus.REGISTERED
    assert case.officer == "王芳"  # the signed-in user
    assert case.due_date == date(2026, 3, 11)
    zhang = case.parties[0]
    assert (zhang.gender, zhang.birth_date) == (Gender.FEMALE, date(1949, 12, 31))
    assert mediation.get(aux, case.id) == case
    summary = mediation.list_cases(aux, CaseQuery())[0]
    assert summary.party_names == "张三、李四" and summary.case_number == case.case_number


def test_a_party_under_16_needs_a_guardian(mediation: MediationService, officer: Principal) -> None:
    child = PartyEntry("李小明", PartyRole.RESPONDENT, resident_id=CHILD)
    with pytest.raises(MediationRowError) as error:
        register(mediation, officer, parties=(parties()[0], child))
    assert (error.value.section, error.value.row, error.value.field) == ("parties", 1, "guardian_name")
    assert mediation.list_cases(officer, CaseQuery()) == []  # nothing saved, no number used
    case = register(mediation, officer, parties=(parties()[0], replace(
        child, guardian_name="李建华", guardian_relation="父亲", guardian_phone="13900001111")))
    assert case.parties[1].guardian_name == "李建华" and case.case_seq == 1


def test_editing_parties_adds_updates_and_removes(mediation: MediationService, officer: Principal) -> None:
    case = register(mediation, officer)
    company = PartyEntry("和平里物业管理有限公司", PartyRole.OTHER, PartyKind.ORGANISATION,
                         id_note="91110105MA01ABCD2X", representative="王经理")
    edited = mediation.update_case(officer, case.to_update(
        parties=(replace(case.parties[0], phone="13900002222"), company),
        kind=MediationKind.PEOPLES, title="漏水及物业维修纠纷",
    ))
    assert [p.name for p in edited.parties] == ["张三", "和平里物业管理有限公司"]
    assert edited.parties[0].id == case.parties[0].id and edited.parties[0].phone == "13900002222"
    assert edited.due_date == date(2026, 4, 6)  # a people's mediation: one month
    assert mediation.list_cases(officer, CaseQuery(party="ls")) == []  # 李四 removed
    stale = replace(case.parties[1], name="李四四")
    with pytest.raises(MediationRowError) as error:
        mediation.update_case(officer, edited.to_update(parties=(stale,)))
    assert error.value.field == "id"


def test_the_same_person_is_recognised_across_cases(mediation: MediationService, officer: Principal) -> None:
    first = register(mediation, officer, title="噪音纠纷")
    second = register(mediation, officer, parties=(PartyEntry("张三", resident_id=ZHANG.lower()),))
    register(mediation, officer, parties=(PartyEntry("王五", resident_id=LI),))
    earlier = mediation.earlier_cases(officer, ZHANG, exclude_case_id=second.id)
    assert [c.id for c in earlier] == [first.id]
    assert {c.id for c in mediation.earlier_cases(officer, "110105491231002")} == {first.id, second.id}
    with pytest.raises(ValidationError):
        mediation.earlier_cases(officer, "123")
    mediation.delete_case(officer, first.id)
    assert mediation.earlier_cases(officer, ZHANG, exclude_case_id=second.id) == []


def test_party_search_by_name_pinyin_initials_and_id(mediation: MediationService, officer: Principal) -> None:
    case = register(mediation, officer)
    other = register(mediation, officer, parties=(PartyEntry("王芳"),))
    for text in ("张", "三", "zs", "zhangsan", "ZHANG SAN", "li"):
        assert [c.id for c in mediation.list_cases(officer, CaseQuery(party=text))] == [case.id], text
    assert [c.id for c in mediation.list_cases(officer, CaseQuery(party="wf"))] == [other.id]
    assert mediation.list_cases(officer, CaseQuery(party="%")) == []
    assert [c.id for c in mediation.list_cases(officer, CaseQuery(resident_id=ZHANG))] == [case.id]
    assert [c.id for c in mediation.list_cases(officer, CaseQuery(resident_id="0014"))] == [case.id]
    assert [c.id for c in mediation.list_cases(officer, CaseQuery(party="张", resident_id=LI))] == [case.id]


@pytest.mark.parametrize("direct_lookup", [0, 5000])
def test_party_filters_combine_with_the_others_on_both_paths(
    mediation: MediationService, officer: Principal, monkeypatch: pytest.MonkeyPatch, direct_lookup: int
) -> None:
    """Few matches are read by id and filtered in Python, many through a subquery: same result."""
    monkeypatch.setattr(mediation_module, "DIRECT_LOOKUP", direct_lookup)
    old = register(mediation, officer, date(2026, 1, 5))
    debt = register(mediation, officer, date(2026, 2, 10), dispute_type=DisputeType.DEBT)
    new = with_session(mediation, officer, register(mediation, officer))
    gone = register(mediation, officer, date(2026, 3, 1))
    mediation.delete_case(officer, gone.id)
    register(mediation, officer, parties=(PartyEntry("王芳"),))

    def ids(**filters: object) -> list[str]:
        query = CaseQuery(party="zs", **filters)  # type: ignore[arg-type]
        return [row.id for row in mediation.list_cases(officer, query)]

    assert ids() == [new.id, debt.id, old.id]
    assert ids(include_deleted=True) == [new.id, gone.id, debt.id, old.id]
    assert ids(status=CaseStatus.IN_MEDIATION) == [new.id]
    assert ids(dispute_type=DisputeType.DEBT, resident_id="0014") == [debt.id]
    assert ids(date_from=date(2026, 1, 6), date_to=date(2026, 3, 1)) == [debt.id]
    assert ids(kind=MediationKind.PEOPLES) == []
    assert ids(overdue_only=True) == [new.id, debt.id, old.id]
    assert ids(limit=2) == [new.id, debt.id]
    assert ids(resident_id=LI) == [new.id, debt.id, old.id]


# --- sessions --------------------------------------------------------------------------------


def test_the_first_session_starts_the_mediation(mediation: MediationService, officer: Principal) -> None:
    case = with_session(mediation, officer, register(mediation, officer), place="")
    assert case.status is CaseStatus.IN_MEDIATION
    session = case.sessions[0]
    assert session.place == ROOM
    assert [(s.speaker, s.text) for s in session.statements] == [("张三", "要求赔偿800元"), ("李四", "愿意赔偿一部分")]
    changed = mediation.save_session(officer, case.id, replace(
        session, result="改期再谈", statements=(replace(session.statements[1], text="不同意"),)))
    assert len(changed.sessions) == 1 and changed.sessions[0].result == "改期再谈"
    assert [s.text for s in changed.sessions[0].statements] == ["不同意"]
    detail, found = mediation.get_session(officer, session.id or "")
    assert detail.id == case.id and found == changed.sessions[0]


def test_a_session_before_the_case_was_received_is_refused(
    mediation: MediationService, officer: Principal
) -> None:
    case = register(mediation, officer)
    with pytest.raises(ValidationError) as error:
        with_session(mediation, officer, case, starts_at=datetime(2026, 3, 5, 9, 0))
    assert error.value.field == "starts_at"
    assert mediation.get(officer, case.id).sessions == ()
    case = with_session(mediation, officer, case)
    with pytest.raises(ValidationError) as error:  # the date received cannot move after it either
        mediation.update_case(officer, case.to_update(received_on=date(2026, 3, 10)))
    assert error.value.field == "received_on"


def test_a_statement_by_a_removed_party_is_refused(mediation: MediationService, officer: Principal) -> None:
    case = register(mediation, officer)
    removed = case.parties[1].id
    case = mediation.update_case(officer, case.to_update(parties=case.parties[:1]))
    with pytest.raises(MediationRowError) as error:
        with_session(mediation, officer, case, statements=(StatementEntry("说明", removed),))
    assert (error.value.section, error.value.field) == ("statements", "party_id")


def test_deleting_the_only_session_goes_back_to_registered(mediation: MediationService, officer: Principal) -> None:
    case = with_session(mediation, officer, register(mediation, officer))
    case = mediation.delete_session(officer, case.sessions[0].id or "")
    assert case.sessions == () and case.status is CaseStatus.REGISTERED
    with pytest.raises(NotFoundError):
        mediation.get_session(officer, "no-such-session")


# --- outcome, performance, return visits -------------------------------------------------------


def test_an_agreement_needs_a_session_and_terms(mediation: MediationService, officer: Principal) -> None:
    case = register(mediation, officer)
    with pytest.raises(ValidationError, match="session before the outcome"):
        mediation.record_outcome(officer, case.id, agreement())
    case = with_session(mediation, officer, case)
    with pytest.raises(ValidationError) as error:
        mediation.record_outcome(officer, case.id, agreement(terms=" "))
    assert error.value.field == "terms"
    done = mediation.record_outcome(officer, case.id, agreement())
    assert done.status is CaseStatus.AGREEMENT and done.agreement is not None
    assert done.performance_status is PerformanceStatus.PENDING
    assert done.return_visit_due == date(2026, 3, 19)  # 7 days after the deadline of 12 March
    assert done.days_left(date(2026, 3, 20)) is None and not done.is_overdue(date(2026, 3, 20))


def test_a_failure_keeps_its_reason_and_can_be_referred_or_reopened(
    mediation: MediationService, officer: Principal
) -> None:
    case = with_session(mediation, officer, register(mediation, officer))
    failed = mediation.record_outcome(officer, case.id, OutcomeEntry(
        CaseOutcome.NO_AGREEMENT, date(2026, 3, 9), reason="分歧较大", routes="可向法院起诉"))
    assert failed.outcome is not None and failed.outcome.reason == "分歧较大"
    assert failed.performance_status is None and failed.return_visit_due is None
    referred = mediation.record_outcome(officer, case.id, OutcomeEntry(
        CaseOutcome.REFERRED, date(2026, 3, 10), referred_to="和平里街道人民调解委员会"))
    assert referred.status is CaseStatus.REFERRED
    reopened = mediation.reopen(officer, case.id)
    assert reopened.status is CaseStatus.IN_MEDIATION and reopened.outcome is None
    with pytest.raises(ValidationError):
        mediation.reopen(officer, case.id)
    mediation.record_outcome(officer, case.id, OutcomeEntry(
        CaseOutcome.TERMINATED, date(2026, 3, 10), reason="申请人撤回"))
    with pytest.raises(ValidationError, match="cannot go from"):  # reopen first
        mediation.record_outcome(officer, case.id, agreement())


def test_return_visits_follow_the_agreement(mediation: MediationService, officer: Principal) -> None:
    case = with_session(mediation, officer, register(mediation, officer))
    with pytest.raises(ValidationError) as error:
        mediation.save_return_visit(officer, case.id, ReturnVisitEntry(date(2026, 3, 15)))
    assert error.value.field == "visit_date"
    case = mediation.record_outcome(officer, case.id, agreement())
    with pytest.raises(ValidationError) as error:
        mediation.save_return_visit(officer, case.id, ReturnVisitEntry(date(2026, 3, 8)))
    assert error.value.field == "visit_date" and "2026-03-09" in error.value.message
    case = mediation.save_return_visit(officer, case.id, ReturnVisitEntry(
        date(2026, 3, 16), findings="已履行", satisfaction=Satisfaction.SATISFIED, next_due=date(2026, 4, 16)))
    assert case.return_visits[0].visitor == "李明" and case.return_visit_due == date(2026, 4, 16)
    with pytest.raises(ValidationError) as error:  # the agreement cannot move after the visit
        mediation.record_outcome(officer, case.id, agreement(concluded_on=date(2026, 3, 17), perform_by=None))
    assert error.value.field == "concluded_on"
    case = mediation.set_performance(officer, case.id, PerformanceStatus.PERFORMED, "3月12日当面付清")
    assert case.performance_status is PerformanceStatus.PERFORMED
    case = mediation.delete_return_visit(officer, case.return_visits[0].id or "")
    assert case.return_visits == () and case.return_visit_due == date(2026, 3, 19)


def test_performance_needs_an_agreement(mediation: MediationService, officer: Principal) -> None:
    case = register(mediation, officer)
    with pytest.raises(ValidationError) as error:
        mediation.set_performance(officer, case.id, PerformanceStatus.PERFORMED)
    assert error.value.field == "performance_status"


# --- deadlines and reminders -----------------------------------------------------------------


def test_days_left_overdue_and_visits_due_in_the_list_and_on_the_home_page(
    services: Services, officer: Principal
) -> None:
    mediation = services.mediation
    mediation.now = lambda: clock(date(2026, 3, 10))
    services.home.now = mediation.now
    services.home.mediation.now = mediation.now
    police = register(mediation, officer)  # due 11 March
    peoples = register(mediation, officer, kind=MediationKind.PEOPLES)  # due 6 April
    rows = {row.id: row for row in mediation.list_cases(officer, CaseQuery())}
    assert rows[police.id].days_left == 1 and not rows[police.id].overdue
    assert rows[peoples.id].days_left == 27

    mediation.now = services.home.now = services.home.mediation.now = lambda: clock(date(2026, 3, 16))
    agreed_case = mediation.record_outcome(
        officer, with_session(mediation, officer, peoples).id, agreement())
    rows = {row.id: row for row in mediation.list_cases(officer, CaseQuery())}
    assert rows[police.id].overdue and rows[police.id].days_left == -5
    assert not rows[agreed_case.id].visit_due  # due on the 19th
    assert [r.id for r in mediation.list_cases(officer, CaseQuery(overdue_only=True))] == [police.id]

    mediation.now = services.home.now = services.home.mediation.now = lambda: clock(date(2026, 3, 19))
    assert [r.id for r in mediation.list_cases(officer, CaseQuery(visit_due_only=True))] == [agreed_case.id]
    counters = {c.key: c for c in services.home.summary(officer).counters}
    assert counters["open_mediation_cases"].value == 2
    assert counters["overdue_mediation_cases"].value == 1 and counters["overdue_mediation_cases"].warn
    assert counters["return_visits_due"].value == 1 and counters["return_visits_due"].warn


def test_limits_are_an_admin_setting_and_move_open_deadlines(
    mediation: MediationService, admin: Principal, officer: Principal
) -> None:
    case = register(mediation, officer)
    with pytest.raises(PermissionDeniedError):
        mediation.set_limits(officer, MediationLimits(police_working_days=5))
    limits = MediationLimits(holidays=(date(2026, 3, 9), date(2026, 3, 10)))
    assert mediation.set_limits(admin, limits) == limits
    assert mediation.limits(officer) == limits
    assert mediation.get(officer, case.id).due_date == date(2026, 3, 13)
    assert register(mediation, officer).due_date == date(2026, 3, 13)
    with pytest.raises(ValidationError):
        mediation.set_limits(admin, MediationLimits(police_working_days=0))


# --- the case file and closing -----------------------------------------------------------------


def test_closing_checks_the_case_file(mediation: MediationService, officer: Principal) -> None:
    case = register(mediation, officer, parties=(parties()[0], PartyEntry("王五", PartyRole.RESPONDENT)))
    case = with_session(mediation, officer, case, rights_explained=False, statements=())
    with pytest.raises(ValidationError, match="outcome before closing"):
        mediation.close_case(officer, case.id)
    case = mediation.record_outcome(officer, case.id, agreement())
    assert case.missing_items == (FileItem.RIGHTS_NOTICE, FileItem.IDENTITY)
    with pytest.raises(IncompleteCaseError) as error:
        mediation.close_case(officer, case.id, "  ")
    assert error.value.missing == (FileItem.RIGHTS_NOTICE, FileItem.IDENTITY)
    assert mediation.get(officer, case.id).status is CaseStatus.AGREEMENT
    closed = mediation.close_case(officer, case.id, "王五拒绝出示身份证件，已在笔录中注明")
    assert closed.status is CaseStatus.CLOSED and closed.closed_on == date(2026, 3, 20)
    assert closed.closed_incomplete_reason == "王五拒绝出示身份证件，已在笔录中注明"
    assert closed.return_visit_due is None


def test_a_complete_case_closes_without_a_reason_and_then_never_changes(
    mediation: MediationService, officer: Principal
) -> None:
    case = agreed(mediation, officer)
    assert case.missing_items == ()
    closed = mediation.close_case(officer, case.id)
    assert closed.is_closed and closed.closed_incomplete_reason == ""
    for attempt in (
        lambda: mediation.update_case(officer, closed.to_update(title="改")),
        lambda: with_session(mediation, officer, closed),
        lambda: mediation.record_outcome(officer, closed.id, agreement()),
        lambda: mediation.save_return_visit(officer, closed.id, ReturnVisitEntry(date(2026, 3, 15))),
        lambda: mediation.reopen(officer, closed.id),
        lambda: mediation.delete_case(officer, closed.id),
        lambda: mediation.close_case(officer, closed.id),
    ):
        with pytest.raises(CaseClosedError):
            attempt()


# --- lists and statistics --------------------------------------------------------------------


def test_list_filters_and_order(mediation: MediationService, officer: Principal) -> None:
    march = register(mediation, officer)
    february = register(mediation, officer, date(2026, 2, 10), dispute_type=DisputeType.DEBT)
    january = register(mediation, officer, date(2026, 1, 5), kind=MediationKind.PEOPLES)
    with_session(mediation, officer, march)
    mediation.delete_case(officer, january.id)

    def ids(**filters: object) -> list[str]:
        return [row.id for row in mediation.list_cases(officer, CaseQuery(**filters))]  # type: ignore[arg-type]

    assert ids() == [march.id, february.id]
    assert ids(include_deleted=True) == [march.id, february.id, january.id]
    assert ids(status=CaseStatus.IN_MEDIATION) == [march.id]
    assert ids(dispute_type=DisputeType.DEBT) == [february.id]
    assert ids(kind=MediationKind.PEOPLES, include_deleted=True) == [january.id]
    assert ids(date_from=date(2026, 2, 1), date_to=date(2026, 2, 28)) == [february.id]
    assert ids(limit=1) == [march.id]


def test_statistics(mediation: MediationService, officer: Principal) -> None:
    agreed(mediation, officer)
    agreed(mediation, officer, dispute_type=DisputeType.FAMILY)
    failed = with_session(mediation, officer, register(mediation, officer))
    mediation.record_outcome(officer, failed.id, OutcomeEntry(CaseOutcome.NO_AGREEMENT, date(2026, 3, 9), reason="分歧"))
    register(mediation, officer, dispute_type=DisputeType.DEBT)
    outside = agreed(mediation, officer, received=date(2026, 2, 1))
    mediation.delete_case(officer, agreed(mediation, officer).id)
    stats = mediation.statistics(officer, date(2026, 3, 1), date(2026, 3, 31))
    assert stats.total == 4 and stats.pending == 1 and stats.concluded == 3 and stats.agreements == 2
    assert stats.success_rate == pytest.approx(2 / 3)
    assert stats.by_type[DisputeType.NEIGHBOUR] == 2 and stats.by_type[DisputeType.FAMILY] == 1
    assert stats.by_outcome[CaseOutcome.NO_AGREEMENT] == 1 and stats.by_kind[MediationKind.POLICE] == 4
    assert outside.received_on < stats.date_from
    empty = mediation.statistics(officer, date(2020, 1, 1), date(2020, 12, 31))
    assert empty.total == 0 and empty.success_rate is None
    with pytest.raises(ValidationError):
        mediation.statistics(officer, date(2026, 3, 31), date(2026, 3, 1))


def test_register_rows_and_documents(mediation: MediationService, officer: Principal) -> None:
    case = agreed(mediation, officer)
    mediation.save_return_visit(officer, case.id, ReturnVisitEntry(date(2026, 3, 16), satisfaction=Satisfaction.SATISFIED))
    register(mediation, officer, title="未调解的案件")
    rows = list(mediation.register_source(officer, date(2026, 3, 1), date(2026, 3, 31)))
    assert [r.case_number for r in rows] == ["〔2026〕调字第0001号", "〔2026〕调字第0002号"]
    assert rows[0].parties[0].resident_id == ZHANG  # full: the documents mask
    assert rows[0].result == "李四赔偿张三500元" and rows[0].return_visits == 1
    assert rows[0].last_satisfaction is Satisfaction.SATISFIED and rows[1].outcome is None
    assert mediation.agreement_pdf(officer, case.id, "zh_CN").startswith(b"%PDF")
    assert mediation.record_pdf(officer, case.sessions[0].id or "", "en").startswith(b"%PDF")
    assert mediation.register_pdf(officer, date(2026, 3, 1), date(2026, 3, 31), "zh_CN").startswith(b"%PDF")
    assert mediation.register_xlsx(officer, date(2026, 3, 1), date(2026, 3, 31), "zh_CN").startswith(b"PK")
    with pytest.raises(ValidationError):
        mediation.agreement_pdf(officer, rows[1].id, "zh_CN")


# --- roles and audit ---------------------------------------------------------------------------


def test_printing_and_exporting_are_audited(
    mediation: MediationService, aux: Principal, officer: Principal, admin: Principal, services: Services
) -> None:
    case = agreed(mediation, aux)
    mediation.record_print(aux, case.id, MediationDocument.AGREEMENT, "print", "HP LaserJet")
    mediation.record_print(aux, None, "register", "save", "/media/usb/台账.pdf",
                           {"from": "2026-03-01", "to": "2026-03-31", "full_ids": False})
    with pytest.raises(PermissionDeniedError):  # the spreadsheet is an export
        mediation.record_print(aux, None, MediationDocument.REGISTER_XLSX, "save", "/media/usb/台账.xlsx")
    mediation.record_print(officer, None, MediationDocument.REGISTER_XLSX, "save", "/media/usb/台账.xlsx")
    with pytest.raises(ValueError):
        mediation.record_print(officer, case.id, MediationDocument.AGREEMENT, "fax", "x")
    prints = services.audit.list_entries(admin, AuditFilter(action="print"))
    details = {e.details["document"]: e for e in prints}
    assert details["agreement"].record_id == case.id
    assert details["agreement"].details["case_number"] == "〔2026〕调字第0001号"
    assert details["agreement"].details["target"] == "HP LaserJet"
    assert details["register"].details["full_ids"] is False
    exports = services.audit.list_entries(admin, AuditFilter(action="export"))
    assert [e.details["document"] for e in exports] == ["register-xlsx"]
    assert services.audit.list_entries(admin, AuditFilter(action="denied"))


def test_changes_are_audited_with_old_and_new_values(
    mediation: MediationService, officer: Principal, admin: Principal, services: Services
) -> None:
    case = register(mediation, officer)
    mediation.update_case(officer, case.to_update(title="改后的标题"))
    entries = services.audit.list_entries(admin, AuditFilter(record_id=case.id))
    actions = [e.action for e in entries]
    assert "create" in actions and "update" in actions
    update = next(e for e in entries if e.action == "update")
    assert update.details["changes"]["title"] == {"old": "楼上漏水纠纷", "new": "改后的标题"}
    created = next(e for e in entries if e.action == "create")
    assert created.details["fields"]["case_number"] == "〔2026〕调字第0001号"
    party = services.audit.list_entries(admin, AuditFilter(record_type="mediation_party"))
    assert len(party) == 2 and all("search_keys" not in e.details["fields"] for e in party)
    assert services.audit.verify().ok


def test_every_role_may_read_and_write(mediation: MediationService, aux: Principal, admin: Principal, services: Services) -> None:
    case = agreed(mediation, aux)
    assert mediation.get(admin, case.id).id == case.id
    assert services.audit.list_entries(admin, AuditFilter(action="denied")) == []


# --- demo data -------------------------------------------------------------------------------


def test_demo_year_is_valid_and_varied(services: Services, admin: Principal) -> None:
    import random

    from station_desk.demo.mediation import CASES_PER_SCALE, generate_mediation
    from station_desk.domain.mediation import (
        validated_outcome,
        validated_party,
        validated_session,
        validated_visit,
    )

    mediation = services.mediation
    register(mediation, admin)  # a case that was there before: numbering continues after it
    created = generate_mediation(services, admin, random.Random(8), 1)
    rows = mediation.list_cases(admin, CaseQuery(limit=10_000))
    assert len(rows) == CASES_PER_SCALE + 1 and created > 5 * CASES_PER_SCALE
    today = mediation.today()
    assert min(r.received_on for r in rows) >= today - timedelta(days=365)
    assert {r.status for r in rows} == set(CaseStatus)
    assert {r.dispute_type for r in rows} == set(DisputeType)
    assert {r.kind for r in rows} == set(MediationKind)
    assert {r.outcome for r in rows} == {*CaseOutcome, None}
    assert any(r.overdue for r in rows)
    per_year: dict[int, list[int]] = {}
    for row in rows:
        detail = mediation.get(admin, row.id)
        per_year.setdefault(detail.case_year, []).append(detail.case_seq)
        for party in detail.parties:  # IDs valid, guardians for minors, typed data consistent
            assert validated_party(party, detail.received_on, today) == party
        for session in detail.sessions:
            validated_session(session, detail.received_on)
        if detail.outcome is not None:
            validated_outcome(detail.outcome, detail.received_on, today)
        for visit in detail.return_visits:
            assert detail.agreement is not None
            validated_visit(visit, detail.agreement.concluded_on, today)
    for year, seqs in per_year.items():
        assert sorted(seqs) == list(range(1, len(seqs) + 1)), year
        assert mediation.next_case_number(admin, year).endswith(f"{len(seqs) + 1:04d}号")
    recognised = 0
    for row in rows[:100]:
        applicant = mediation.get(admin, row.id).parties[0]
        if applicant.resident_id and applicant.resident_id != ZHANG:
            recognised += bool(mediation.earlier_cases(admin, applicant.resident_id, row.id))
    assert recognised  # some residents come back (recognised by their ID number)
    assert services.audit.verify().ok


def test_register_source_reads_chunks_in_order_and_counts_outcomes(
    mediation: MediationService, officer: Principal, monkeypatch: pytest.MonkeyPatch
) -> None:
    from station_desk.reports.base import DocumentContext
    from station_desk.reports.mediation import MediationRegister
    from tests.reports_helpers import pdf_text

    monkeypatch.setattr(services_base, "REGISTER_CHUNK", 2)  # ChunkedRows' chunk
    case = agreed(mediation, officer)
    mediation.save_return_visit(officer, case.id, ReturnVisitEntry(date(2026, 3, 16), satisfaction=Satisfaction.SATISFIED))
    for day in (2, 4, 6):
        register(mediation, officer, received=date(2026, 3, day), title=f"第{day}日的案件")
    mediation.delete_case(officer, register(mediation, officer, title="删除的案件").id)
    failed = with_session(mediation, officer, register(mediation, officer))
    mediation.record_outcome(officer, failed.id, OutcomeEntry(CaseOutcome.NO_AGREEMENT, date(2026, 3, 9), reason="分歧"))
    period = (date(2026, 3, 1), date(2026, 3, 31))
    source = mediation.register_source(officer, *period)
    rows = list(mediation.register_source(officer, *period))
    assert len(source) == len(rows) == 5 and list(source) == rows
    assert [r.received_on for r in rows] == sorted(r.received_on for r in rows)
    assert source[-1] == rows[4] and source[1:4] == rows[1:4] and source[0] == rows[0]
    assert "删除的案件" not in {r.title for r in rows}
    assert source.outcomes == {None: 3, CaseOutcome.AGREEMENT: 1, CaseOutcome.NO_AGREEMENT: 1}
    with pytest.raises(IndexError):
        source[5]
    # the document made from rows read as used is the one made from them all at once
    context = DocumentContext("测试派出所", "第一警务室", "王警官", clock(date(2026, 3, 20)), "zh_CN")
    lazily = MediationRegister(context, source, *period, source.outcomes).generate()
    at_once = MediationRegister(context, rows, *period).generate()
    assert pdf_text(lazily) == pdf_text(at_once) and "第6日的案件" in pdf_text(lazily)
