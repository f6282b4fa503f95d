"""The audit trail names records as people know them (issue 16, point 6): a case by its number,
a party by its case and name, a meeting by its title; a sealed youth file never by name."""

from __future__ import annotations

from datetime import date

import pytest

from station_desk.domain.accounts import Principal
from station_desk.domain.audit import AuditFilter
from station_desk.domain.enums import Gender
from station_desk.domain.mediation import (
    CaseDraft,
    CaseSource,
    DisputeType,
    MediationKind,
    PartyEntry,
)
from station_desk.domain.youth import RiskGrade, SubjectDraft, YouthGroup
from station_desk.errors import PermissionDeniedError
from station_desk.services.container import Services


def names_of(services: Services, admin: Principal, record_type: str) -> set[str]:
    entries = services.audit.list_entries(admin, AuditFilter(record_type=record_type))
    assert entries
    names = services.audit.record_names(admin, entries)
    return {names.get((e.record_type, e.record_id), "") for e in entries}


def test_cases_parties_and_youth_files_are_named_as_people_know_them(
    services: Services, admin: Principal, officer: Principal
) -> None:
    case = services.mediation.register_case(
        officer,
        CaseDraft(
            date.today(), CaseSource.WALK_IN, DisputeType.NEIGHBOUR, MediationKind.POLICE,
            "楼上漏水纠纷", parties=(PartyEntry("张伟", id_note="护照E1234"),),
        ),
    )
    assert names_of(services, admin, "mediation_case") == {case.case_number}
    assert names_of(services, admin, "mediation_party") == {f"{case.case_number} · 张伟"}

    services.youth.register(
        officer, SubjectDraft(
            "李小明", YouthGroup.IDLE, RiskGrade.GREEN, "辍学在家",
            gender=Gender.MALE, birth_date=date(2004, 5, 1),
        )
    )
    assert names_of(services, admin, "youth_subject") == {""}  # sealed: never named here


def test_only_who_may_read_the_trail_gets_names(
    services: Services, admin: Principal, aux: Principal
) -> None:
    entries = services.audit.list_entries(admin, AuditFilter())
    with pytest.raises(PermissionDeniedError):
        services.audit.record_names(aux, entries)
