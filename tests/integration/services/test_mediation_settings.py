"""Mediation settings against a real database: the holiday calendar moves the deadlines of
open cases, make-up working days (调休) count, the pattern and limits are saved together, and
only an admin may change them (a refusal is audited)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from station_desk.domain.accounts import Principal
from station_desk.domain.audit import AuditAction, AuditFilter
from station_desk.domain.mediation import (
    CaseDraft,
    CaseOutcome,
    CaseSource,
    DisputeType,
    MediationKind,
    MediationLimits,
    MediationSettings,
    OutcomeEntry,
    PartyEntry,
    PartyRole,
)
from station_desk.errors import PermissionDeniedError, ValidationError
from station_desk.services.container import Services
from station_desk.services.mediation import MediationService
from tests.integration.services.test_mediation import clock, with_session

# these tests edit the calendar by hand, starting from an empty one (no shipped official days)
pytestmark = pytest.mark.usefixtures("no_official_holidays")

NATIONAL_DAY = tuple(date(2026, 10, 1) + timedelta(days=n) for n in range(7))  # Thu 1 – Wed 7 Oct
MAKE_UP_SATURDAY = date(2026, 10, 10)  # a Saturday declared a working day (调休上班)
BEFORE_HOLIDAY = date(2026, 9, 30)  # a Wednesday


@pytest.fixture
def mediation(services: Services) -> MediationService:
    services.mediation.now = lambda: clock(date(2026, 10, 12))
    return services.mediation


def register(mediation: MediationService, actor: Principal, received: date) -> str:
    draft = CaseDraft(
        received_on=received,
        source=CaseSource.WALK_IN,
        dispute_type=DisputeType.NEIGHBOUR,
        kind=MediationKind.POLICE,
        title="楼道堆物纠纷",
        facts="楼道堆放杂物引发争吵。",
        parties=(PartyEntry("张三", PartyRole.APPLICANT), PartyEntry("李四", PartyRole.RESPONDENT)),
    )
    return mediation.register_case(actor, draft).id


def denied(services: Services, admin: Principal) -> list[object]:
    return list(services.audit.list_entries(admin, AuditFilter(action=str(AuditAction.DENIED))))


def test_without_holidays_three_working_days_run_through_national_day(
    mediation: MediationService, officer: Principal
) -> None:
    case_id = register(mediation, officer, BEFORE_HOLIDAY)
    assert mediation.get(officer, case_id).due_date == date(2026, 10, 5)


def test_national_day_holidays_move_the_due_date_of_an_open_case(
    mediation: MediationService, admin: Principal, officer: Principal
) -> None:
    case_id = register(mediation, officer, BEFORE_HOLIDAY)
    settings = mediation.settings(officer)
    limits = MediationLimits(holidays=NATIONAL_DAY)
    mediation.update_settings(admin, MediationSettings(settings.pattern, limits))
    # Thu 8, Fri 9, Mon 12 October are the three working days after the holiday.
    assert mediation.get(officer, case_id).due_date == date(2026, 10, 12)
    assert register(mediation, officer, BEFORE_HOLIDAY) != case_id
    assert mediation.limits(officer).holidays == NATIONAL_DAY


def test_a_make_up_saturday_counts_as_a_working_day(
    mediation: MediationService, admin: Principal, officer: Principal
) -> None:
    case_id = register(mediation, officer, BEFORE_HOLIDAY)
    limits = MediationLimits(holidays=NATIONAL_DAY, extra_workdays=(MAKE_UP_SATURDAY,))
    mediation.update_settings(admin, MediationSettings(limits=limits))
    assert mediation.get(officer, case_id).due_date == date(2026, 10, 10)  # Thu 8, Fri 9, Sat 10
    stored = mediation.settings(officer).limits
    assert stored.extra_workdays == (MAKE_UP_SATURDAY,)
    assert stored.calendar.is_working_day(MAKE_UP_SATURDAY)


def test_removing_the_holidays_moves_the_due_date_back(
    mediation: MediationService, admin: Principal, officer: Principal
) -> None:
    mediation.update_settings(
        admin, MediationSettings(limits=MediationLimits(holidays=NATIONAL_DAY))
    )
    case_id = register(mediation, officer, BEFORE_HOLIDAY)
    assert mediation.get(officer, case_id).due_date == date(2026, 10, 12)
    mediation.update_settings(admin, MediationSettings())
    assert mediation.get(officer, case_id).due_date == date(2026, 10, 5)


def test_pattern_and_limits_are_saved_together_or_not_at_all(
    mediation: MediationService, admin: Principal, officer: Principal
) -> None:
    register(mediation, officer, BEFORE_HOLIDAY)
    before = mediation.settings(officer)
    with pytest.raises(ValidationError) as error:
        mediation.update_settings(
            admin, MediationSettings("调字第{seq}号", MediationLimits(police_working_days=5))
        )
    assert error.value.field == "pattern"
    with pytest.raises(ValidationError) as error:
        mediation.update_settings(
            admin, MediationSettings("和调〔{year}〕{seq:03d}号", MediationLimits(peoples_months=0))
        )
    assert error.value.field == "peoples_months"
    with pytest.raises(ValidationError) as error:
        clash = MediationLimits(holidays=(MAKE_UP_SATURDAY,), extra_workdays=(MAKE_UP_SATURDAY,))
        mediation.update_settings(admin, MediationSettings(limits=clash))
    assert error.value.field == "extra_workdays"
    assert mediation.settings(officer) == before

    saved = mediation.update_settings(
        admin,
        MediationSettings(
            " 和调〔{year}〕{seq:03d}号 ", MediationLimits(5, 2, 14, NATIONAL_DAY[::-1])
        ),
    )
    assert saved.pattern == "和调〔{year}〕{seq:03d}号"
    assert saved.limits == MediationLimits(5, 2, 14, NATIONAL_DAY)
    assert mediation.settings(officer) == saved


def test_changing_the_pattern_keeps_numbering_gap_free(
    mediation: MediationService, admin: Principal, officer: Principal
) -> None:
    first = register(mediation, officer, BEFORE_HOLIDAY)
    assert (
        mediation.next_case_number(officer, 2026, "和调〔{year}〕{seq:03d}号")
        == "和调〔2026〕002号"
    )
    with pytest.raises(ValidationError) as error:
        mediation.next_case_number(officer, 2026, "调字{seq")
    assert error.value.field == "pattern"
    mediation.update_settings(admin, MediationSettings("和调〔{year}〕{seq:03d}号"))
    second = mediation.get(officer, register(mediation, officer, BEFORE_HOLIDAY))
    assert second.case_number == "和调〔2026〕002号"
    assert mediation.get(officer, first).case_number == "〔2026〕调字第0001号"


def test_only_an_admin_changes_the_settings_and_a_refusal_is_audited(
    services: Services,
    mediation: MediationService,
    admin: Principal,
    officer: Principal,
    aux: Principal,
) -> None:
    before = mediation.settings(officer)
    for actor in (officer, aux):
        with pytest.raises(PermissionDeniedError):
            mediation.update_settings(
                actor, MediationSettings(limits=MediationLimits(holidays=NATIONAL_DAY))
            )
    assert mediation.settings(officer) == before
    refusals = denied(services, admin)
    assert {e.username for e in refusals} == {officer.username, aux.username}  # type: ignore[attr-defined]
    assert all(e.record_type == "settings" for e in refusals)  # type: ignore[attr-defined]

    mediation.update_settings(
        admin, MediationSettings(limits=MediationLimits(holidays=NATIONAL_DAY))
    )
    changes = services.audit.list_entries(admin, AuditFilter(record_type="setting"))
    assert any(e.record_id == "mediation_limits" and e.username == admin.username for e in changes)


def test_committee_name_is_a_setting_and_seals_the_peoples_agreement(
    mediation: MediationService, admin: Principal, officer: Principal
) -> None:
    from station_desk import i18n
    from tests.reports_helpers import pdf_text, squash

    i18n.set_language("zh_CN")

    saved = mediation.update_settings(
        admin,
        MediationSettings(
            committee_name="  和平里社区\n人民调解委员会 ", limits=MediationLimits(holidays=NATIONAL_DAY)
        ),
    )
    assert saved.committee_name == "和平里社区 人民调解委员会"
    assert mediation.settings(officer).committee_name == "和平里社区 人民调解委员会"
    mediation.update_settings(
        admin, replace(saved, committee_name="和平里社区人民调解委员会")
    )
    with pytest.raises(ValidationError) as error:
        mediation.update_settings(admin, MediationSettings(committee_name="委" * 101))
    assert error.value.field == "committee_name"

    case_id = register(mediation, officer, date(2026, 9, 1))
    detail = mediation.get(officer, case_id)
    mediation.update_case(officer, detail.to_update(kind=MediationKind.PEOPLES))
    with_session(mediation, officer, detail, starts_at=datetime(2026, 9, 2, 9, 0))
    agreed = mediation.record_outcome(
        officer, case_id, OutcomeEntry(CaseOutcome.AGREEMENT, date(2026, 9, 5), terms="李四赔偿张三500元")
    )
    # 30 days from 5 September is Monday 5 October, a holiday: the next working day is Thursday 8
    assert agreed.confirmation_due == date(2026, 10, 8)
    text = squash(pdf_text(mediation.agreement_pdf(officer, case_id, "zh_CN")))
    assert "人民调解协议书" in text and "和平里社区人民调解委员会（盖章）" in text
    assert "三十日内共同向人民法院申请司法确认" in text or "30日内共同向人民法院申请司法确认" in text

    police = register(mediation, officer, date(2026, 9, 1))
    with_session(mediation, officer, mediation.get(officer, police), starts_at=datetime(2026, 9, 2, 9, 0))
    done = mediation.record_outcome(
        officer, police, OutcomeEntry(CaseOutcome.AGREEMENT, date(2026, 9, 5), terms="李四赔偿张三500元")
    )
    assert done.confirmation_due is None
