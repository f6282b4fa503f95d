"""Youth guidance, the privacy review of issue #5: the audit trail keeps no sealed values,
printing with full ID numbers is recorded, refusals name the subject, a grant is read-only,
and ids of sessions, evaluations and team members cannot be probed."""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import closing
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from station_desk.db.engine import connect
from station_desk.domain.accounts import NewAccount, Principal
from station_desk.domain.audit import AuditAction, AuditFilter
from station_desk.domain.roles import Role
from station_desk.domain.youth import (
    ClosureReason,
    EvaluationEntry,
    GuardianEntry,
    MemberKind,
    PlanEntry,
    RiskGrade,
    SessionKind,
    SubjectFile,
    TeamMemberEntry,
    TeamRole,
)
from station_desk.errors import NotFoundError, PermissionDeniedError
from station_desk.paths import database_path
from station_desk.services.container import Services
from station_desk.services.youth import YouthService
from tests.integration.services.test_youth import (
    BOY,
    OFFICER2_PASSWORD,
    TODAY,
    clock,
    register,
    session_entry,
)
from tests.server_db import sqlite_only

SECRETS = {
    "name": "张小明",
    "resident_id": BOY,
    "birth_date": "2010-05-20",
    "subject_phone": "13500001234",
    "school": "和平里中学初三",
    "address": "和平里小区3号楼501室",
    "reason": "多次夜不归宿",
    "notes": "父母离异",
    "guardian": "张建军",
    "guardian_phone": "13812345678",
    "guardian_address": "安贞里8号",
    "member": "王阿姨",
    "member_phone": "13711112222",
    "member_unit": "和平里社区居委会",
    "goals": "按时上学",
    "measures": "每两周谈话一次",
    "place": "学校心理咨询室",
    "participants": "李明、张建军",
    "content": "谈心谈话",
    "state": "情绪稳定",
    "assessment": "有进步",
    "progress": "两个月未再夜不归宿",
    "next_steps": "继续跟进学业",
    "grade_reason": "表现稳定",
    "closure": "达到帮教目标，家长配合",
    "grant_note": "协助帮教",
    "new_address": "新源里小区9号楼",
    "new_guardian_phone": "13899998888",
    "new_content": "复学情况良好",
}


@pytest.fixture
def youth(services: Services) -> YouthService:
    services.youth.now = lambda: clock(TODAY)
    return services.youth


@pytest.fixture
def officer2(services: Services, admin: Principal) -> Principal:
    services.accounts.create_account(
        admin, NewAccount("officer2", "赵刚", Role.OFFICER, OFFICER2_PASSWORD, "010789")
    )
    return services.accounts.authenticate("officer2", OFFICER2_PASSWORD)


def raw_audit(services: Services) -> list[tuple[str, str, str, str]]:
    """Every audit row as stored (action, record type, record id, details JSON)."""
    path = database_path(services.db.data_dir)  # type: ignore[arg-type]
    with closing(connect(path, services.db.key)) as raw:
        return list(
            raw.execute(
                "SELECT action, record_type, record_id, details FROM audit_log ORDER BY seq"
            )
        )


def full_subject(youth: YouthService, officer: Principal) -> SubjectFile:
    return register(
        youth,
        officer,
        phone=SECRETS["subject_phone"],
        school_or_work=SECRETS["school"] + "（2）班",
        address=SECRETS["address"],
        reason=SECRETS["reason"] + "，与社会闲散人员交往。",
        notes=SECRETS["notes"],
        guardians=(
            GuardianEntry(
                SECRETS["guardian"], "父亲", SECRETS["guardian_phone"], SECRETS["guardian_address"]
            ),
        ),
    )


@sqlite_only
def test_the_audit_trail_names_changed_fields_but_keeps_no_sealed_values(
    services: Services,
    youth: YouthService,
    officer: Principal,
    officer2: Principal,
    admin: Principal,
) -> None:
    subject = full_subject(youth, officer)
    youth.add_team_member(
        officer,
        subject.id,
        TeamMemberEntry(
            MemberKind.OTHER,
            TeamRole.COMMUNITY_WORKER,
            name=SECRETS["member"],
            phone=SECRETS["member_phone"],
            unit=SECRETS["member_unit"],
        ),
    )
    youth.set_plan(officer, subject.id, PlanEntry(SECRETS["goals"], 14, SECRETS["measures"]))
    talked = youth.save_session(
        officer,
        subject.id,
        session_entry(
            date(2026, 4, 1),
            place=SECRETS["place"],
            participants=SECRETS["participants"],
            content=SECRETS["content"] + "，了解近期学习生活情况。",
            state=SECRETS["state"],
            assessment=SECRETS["assessment"],
        ),
    )
    youth.save_session(
        officer,
        subject.id,
        replace(talked.sessions[0], kind=SessionKind.HOME_VISIT, content=SECRETS["new_content"]),
    )
    youth.save_evaluation(
        officer,
        subject.id,
        EvaluationEntry(
            date(2026, 4, 30),
            SECRETS["progress"] + "。",
            RiskGrade.GREEN,
            SECRETS["grade_reason"],
            SECRETS["next_steps"],
        ),
    )
    current = youth.open_file(officer, subject.id, "开展帮教")
    guardian = current.guardians[0]
    youth.update(
        officer,
        current.to_update(
            address=SECRETS["new_address"],
            guardians=(
                GuardianEntry(
                    guardian.name,
                    guardian.relation,
                    SECRETS["new_guardian_phone"],
                    guardian.address,
                    guardian.id,
                ),
            ),
        ),
    )
    youth.close(officer, subject.id, ClosureReason.OTHER, SECRETS["closure"])
    youth.reopen(officer, subject.id)
    youth.grant_access(admin, subject.id, officer2.user_id, SECRETS["grant_note"])

    rows = raw_audit(services)
    stored = "\n".join(details for _a, _t, _i, details in rows)
    for what, secret in SECRETS.items():
        assert secret not in stored, what
    listed = str([e.details for e in services.audit.list_entries(admin, AuditFilter())])
    for what, secret in SECRETS.items():
        assert secret not in listed, what

    def details(action: str, record_type: str) -> list[dict[str, Any]]:
        return [json.loads(d) for a, t, _i, d in rows if a == action and t == record_type]

    (created,) = details("create", "youth_subject")
    fields = created["fields"]
    assert fields["name"] == fields["phone"] == fields["address"] == fields["birth_date"] == "***"
    assert fields["risk_grade"] == "yellow" and fields["status"] == "open"  # enum codes stay
    assert fields["officer_user_id"] == officer.user_id  # keys stay
    (guardian_created,) = details("create", "youth_guardian")
    assert guardian_created["fields"]["name"] == "***"
    assert guardian_created["fields"]["subject_id"] == subject.id
    session_changes = [c["changes"] for c in details("update", "youth_session")]
    assert {"content": {"changed": True}}.items() <= session_changes[0].items()
    assert session_changes[0]["kind"] == {"old": "talk", "new": "home_visit"}
    subject_changes = [c["changes"] for c in details("update", "youth_subject")]
    assert any(c.get("address") == {"changed": True} for c in subject_changes)
    assert any(
        c.get("status") == {"old": "open", "new": "closed"}
        and c.get("closure_note") == {"changed": True}
        for c in subject_changes
    )
    guardian_changes = [c["changes"] for c in details("update", "youth_guardian")]
    assert guardian_changes == [{"phone": {"changed": True}}]
    assert services.audit.verify().ok


def test_printing_records_whether_full_id_numbers_were_shown(
    services: Services, youth: YouthService, officer: Principal, admin: Principal
) -> None:
    subject = register(youth, officer)
    session_id = youth.save_session(officer, subject.id, session_entry(date(2026, 4, 1)))
    youth.file_pdf(officer, subject.id, "季度帮教回访", "en")
    youth.file_pdf(admin, subject.id, "报送派出所", "en", show_full_ids=True)
    youth.session_record_pdf(officer, session_id.sessions[0].id or "", "存档", "en")
    views = services.audit.list_entries(admin, AuditFilter(action="view_sealed"))
    found = sorted((e.details["document"], e.details["full_ids"]) for e in views)
    assert found == [("file", False), ("file", True), ("session_record", False)]


def test_refusals_of_auxiliary_police_name_the_subject(
    services: Services, youth: YouthService, officer: Principal, aux: Principal, admin: Principal
) -> None:
    subject = register(youth, officer)
    session_id = youth.save_session(officer, subject.id, session_entry(date(2026, 4, 1)))
    entry_id = session_id.sessions[0].id or ""
    calls: list[tuple[str, Callable[[], object]]] = [
        (subject.id, lambda: youth.open_file(aux, subject.id, "查看")),
        (subject.id, lambda: youth.get(aux, subject.id)),
        (subject.id, lambda: youth.file_pdf(aux, subject.id, "查看", "en")),
        (subject.id, lambda: youth.close(aux, subject.id, ClosureReason.GOALS_MET)),
        (subject.id, lambda: youth.grants(aux, subject.id)),
        (subject.id, lambda: youth.grant_access(aux, subject.id, aux.user_id)),
        (entry_id, lambda: youth.delete_session(aux, entry_id)),
        (entry_id, lambda: youth.session_record_pdf(aux, entry_id, "查看", "en")),
    ]
    for _record, call in calls:
        with pytest.raises(PermissionDeniedError, match="does not allow"):
            call()
    refusals = services.audit.list_entries(admin, AuditFilter(action="denied"))
    assert sorted((e.username, e.record_id, e.details["reason"]) for e in refusals) == sorted(
        ("aux", record, "role") for record, _call in calls
    )


def test_access_granted_by_the_administrator_is_read_only(
    services: Services,
    youth: YouthService,
    officer: Principal,
    officer2: Principal,
    admin: Principal,
) -> None:
    subject = register(youth, officer)
    youth.add_team_member(
        officer,
        subject.id,
        TeamMemberEntry(MemberKind.OTHER, TeamRole.VOLUNTEER, name="王阿姨"),
    )
    youth.save_session(officer, subject.id, session_entry(date(2026, 4, 1)))
    subject = youth.save_evaluation(
        officer, subject.id, EvaluationEntry(date(2026, 4, 30), "有进步。")
    )
    youth.grant_access(admin, subject.id, officer2.user_id, "协助帮教")
    seen = youth.open_file(officer2, subject.id, "协助帮教")  # reading works
    assert seen.access.value == "granted"
    session_id, evaluation_id = seen.sessions[0].id or "", seen.evaluations[0].id or ""
    member_id = seen.team[0].id or ""
    writes: list[Callable[[], object]] = [
        lambda: youth.update(officer2, seen.to_update(address="别处")),
        lambda: youth.save_session(officer2, subject.id, session_entry(date(2026, 5, 1))),
        lambda: youth.delete_session(officer2, session_id),
        lambda: youth.save_evaluation(officer2, subject.id, EvaluationEntry(date(2026, 5, 2), "x")),
        lambda: youth.delete_evaluation(officer2, evaluation_id),
        lambda: youth.set_plan(officer2, subject.id, PlanEntry("按时上学", 14)),
        lambda: youth.add_team_member(
            officer2, subject.id, TeamMemberEntry(MemberKind.OTHER, TeamRole.VOLUNTEER, name="x")
        ),
        lambda: youth.remove_team_member(officer2, member_id),
        lambda: youth.change_risk_grade(officer2, subject.id, RiskGrade.RED, "打架"),
        lambda: youth.close(officer2, subject.id, ClosureReason.GOALS_MET),
        lambda: youth.assign_officer(officer2, subject.id, officer2.user_id),
        lambda: youth.delete_subject(officer2, subject.id),
    ]
    for call in writes:
        with pytest.raises(PermissionDeniedError, match="read-only"):
            call()
    youth.close(admin, subject.id, ClosureReason.GOALS_MET)
    with pytest.raises(PermissionDeniedError, match="read-only"):
        youth.reopen(officer2, subject.id)
    youth.reopen(admin, subject.id)
    youth.delete_subject(officer, subject.id)
    with pytest.raises(PermissionDeniedError, match="read-only"):
        youth.restore_subject(officer2, subject.id)

    refusals = services.audit.list_entries(admin, AuditFilter(action="denied"))
    assert len(refusals) == len(writes) + 2
    assert all(
        (e.username, e.record_id, e.details["reason"]) == ("officer2", subject.id, "read_only")
        for e in refusals
    )
    after = youth.open_file(officer, subject.id, "核对")
    assert (after.address, len(after.sessions), len(after.evaluations)) == (
        seen.address,
        1,
        1,
    )
    assert after.plan is None and len(after.team) == 1 and after.officer_user_id == officer.user_id


def test_ids_of_sessions_evaluations_and_members_cannot_be_probed(
    services: Services,
    youth: YouthService,
    officer: Principal,
    officer2: Principal,
    admin: Principal,
) -> None:
    subject = register(youth, officer)
    youth.add_team_member(
        officer, subject.id, TeamMemberEntry(MemberKind.OTHER, TeamRole.VOLUNTEER, name="王阿姨")
    )
    youth.save_session(officer, subject.id, session_entry(date(2026, 4, 1)))
    subject = youth.save_evaluation(
        officer, subject.id, EvaluationEntry(date(2026, 4, 30), "有进步。")
    )
    real = {
        "session": subject.sessions[0].id or "",
        "evaluation": subject.evaluations[0].id or "",
        "member": subject.team[0].id or "",
    }
    made_up = "0190f0f0-0000-7000-8000-000000000000"

    def calls(ids: dict[str, str]) -> list[Callable[[], object]]:
        return [
            lambda: youth.delete_session(officer2, ids["session"]),
            lambda: youth.session_record_pdf(officer2, ids["session"], "查看", "en"),
            lambda: youth.delete_evaluation(officer2, ids["evaluation"]),
            lambda: youth.remove_team_member(officer2, ids["member"]),
        ]

    messages = []
    for ids in (real, dict.fromkeys(real, made_up)):
        for call in calls(ids):
            with pytest.raises(PermissionDeniedError) as refused:
                call()
            messages.append(str(refused.value))
    assert len(set(messages)) == 1 and "sealed" in messages[0]
    refusals = services.audit.list_entries(admin, AuditFilter(action="denied"))
    assert len(refusals) == 8 and all(e.username == "officer2" for e in refusals)
    assert {e.details["record"] for e in refusals} == {*real.values(), made_up}
    assert youth.open_file(officer, subject.id, "核对").sessions  # nothing was deleted
    assert services.audit.list_entries(admin, AuditFilter(action=str(AuditAction.DELETE))) == []
    # "not found" only for who may see the subject: a deleted row, or any id for the admin
    youth.delete_session(officer, real["session"])
    with pytest.raises(NotFoundError):
        youth.delete_session(officer, real["session"])
    with pytest.raises(NotFoundError):
        youth.delete_session(admin, made_up)
    assert len(services.audit.list_entries(admin, AuditFilter(action="denied"))) == 8
