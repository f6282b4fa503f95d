"""Youth guidance (services/youth.py) against a real database: sealed access per role, masking,
audited opening and printing, reminders, the lifecycle and the validation of input."""

from __future__ import annotations

from dataclasses import fields
from datetime import UTC, date, datetime, time, timedelta

import pytest

from station_desk.documents import YOUTH_FILE, YOUTH_STATISTICS, Request
from station_desk.domain.accounts import NewAccount, Principal
from station_desk.domain.audit import AuditAction, AuditFilter
from station_desk.domain.contacts import ContactDraft, OrganisationDraft, OrganisationKind
from station_desk.domain.enums import Gender
from station_desk.domain.roles import Role
from station_desk.domain.validators import resident_id_check_char
from station_desk.domain.youth import (
    GUARDIANS,
    AccessBasis,
    ClosureReason,
    EvaluationEntry,
    GuardianEntry,
    MemberKind,
    PlanEntry,
    RiskGrade,
    SessionKind,
    SubjectClosedError,
    SubjectDraft,
    SubjectFile,
    SubjectQuery,
    SubjectStatus,
    SubjectSummary,
    SubjectUpdate,
    TeamMemberEntry,
    TeamRole,
    YouthDocument,
    YouthGroup,
    YouthRowError,
    YouthSessionEntry,
)
from station_desk.errors import NotFoundError, PermissionDeniedError, ValidationError
from station_desk.services.container import Services
from station_desk.services.output import save_document
from station_desk.services.youth import YouthService

TODAY = date(2026, 6, 15)
REGISTERED = date(2026, 3, 2)
OFFICER2_PASSWORD = "Officer2-pass-2026"


def clock(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour)).astimezone().astimezone(UTC)


def id_number(birth: date, seq: str = "123", region: str = "110105") -> str:
    first17 = f"{region}{birth:%Y%m%d}{seq}"
    return first17 + resident_id_check_char(first17)


BOY = id_number(date(2010, 5, 20), "131")  # 16 on TODAY, male (odd sequence)
GIRL = id_number(date(2014, 9, 1), "242")  # 11 on TODAY, female: under 14


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


def draft(**changes: object) -> SubjectDraft:
    values: dict[str, object] = {
        "name": "张小明",
        "group": YouthGroup.BAD_BEHAVIOUR,
        "risk_grade": RiskGrade.YELLOW,
        "reason": "多次夜不归宿，与社会闲散人员交往。",
        "resident_id": BOY,
        "school_or_work": "和平里中学初三（2）班",
        "address": "和平里小区3号楼501室",
        "registered_on": REGISTERED,
        "guardians": (GuardianEntry("张建军", "父亲", "13812345678"),),
    }
    values.update(changes)
    return SubjectDraft(**values)  # type: ignore[arg-type]


def register(youth: YouthService, actor: Principal, **changes: object) -> SubjectFile:
    return youth.register(actor, draft(**changes))


def session_entry(held_on: date, **changes: object) -> YouthSessionEntry:
    values: dict[str, object] = {
        "held_on": held_on,
        "kind": SessionKind.TALK,
        "participants": "李明、张建军",
        "content": "谈心谈话，了解近期学习生活情况。",
        "state": "情绪稳定，态度端正。",
        "assessment": "有进步。",
    }
    values.update(changes)
    return YouthSessionEntry(**values)  # type: ignore[arg-type]


def entries(services: Services, admin: Principal, action: AuditAction) -> list[object]:
    return list(services.audit.list_entries(admin, AuditFilter(action=str(action))))


def denied(services: Services, admin: Principal) -> list[object]:
    return entries(services, admin, AuditAction.DENIED)


# -- the lifecycle ------------------------------------------------------------------------------


def test_register_team_plan_session_evaluation_close_reopen(
    services: Services, youth: YouthService, officer: Principal, admin: Principal
) -> None:
    subject = register(youth, officer)
    assert subject.officer_user_id == officer.user_id and subject.officer_name == "李明"
    assert subject.access is AccessBasis.ASSIGNED
    assert subject.gender is Gender.MALE and subject.birth_date == date(2010, 5, 20)
    assert subject.age == 16 and not subject.under_14
    assert subject.status is SubjectStatus.OPEN
    assert [c.grade for c in subject.grade_history] == [RiskGrade.YELLOW]
    assert subject.grade_history[0].changed_by == "李明"
    assert subject.next_due == REGISTERED + timedelta(days=30)  # default interval

    with_team = youth.add_team_member(
        officer,
        subject.id,
        TeamMemberEntry(MemberKind.USER, TeamRole.OFFICER, ref_id=officer.user_id),
    )
    org = services.contacts.create_organisation(officer, _school())
    teacher = services.contacts.create_person(officer, _teacher(org.id))
    with_team = youth.add_team_member(
        officer,
        subject.id,
        TeamMemberEntry(MemberKind.CONTACT, TeamRole.TEACHER, ref_id=teacher.id),
    )
    with_team = youth.add_team_member(
        officer,
        subject.id,
        TeamMemberEntry(MemberKind.OTHER, TeamRole.GUARDIAN, name="张建军", phone="13812345678"),
    )
    assert [(m.name, m.role) for m in with_team.team] == [
        ("李明", TeamRole.OFFICER),
        ("王老师", TeamRole.TEACHER),
        ("张建军", TeamRole.GUARDIAN),
    ]
    assert with_team.team[1].unit == "和平里中学" and with_team.team[1].phone == "13900001111"
    with pytest.raises(ValidationError) as duplicate:
        youth.add_team_member(
            officer,
            subject.id,
            TeamMemberEntry(MemberKind.USER, TeamRole.OFFICER, ref_id=officer.user_id),
        )
    assert duplicate.value.field == "ref_id"

    planned = youth.set_plan(
        officer, subject.id, PlanEntry("按时上学，不再夜不归宿。", 14, "每两周谈话一次")
    )
    assert planned.plan == PlanEntry("按时上学，不再夜不归宿。", 14, "每两周谈话一次")
    assert planned.next_due == REGISTERED + timedelta(days=14)

    talked = youth.save_session(officer, subject.id, session_entry(date(2026, 3, 10)))
    assert talked.sessions[0].conducted_by == "李明"
    assert talked.next_due == date(2026, 3, 24)
    visited = youth.save_session(
        officer,
        subject.id,
        session_entry(date(2026, 4, 1), kind=SessionKind.HOME_VISIT, next_due=date(2026, 4, 5)),
    )
    assert visited.next_due == date(2026, 4, 5)  # an explicit next date wins

    evaluated = youth.save_evaluation(
        officer,
        subject.id,
        EvaluationEntry(date(2026, 4, 30), "两个月未再夜不归宿。", RiskGrade.GREEN, "表现稳定"),
    )
    assert evaluated.risk_grade is RiskGrade.GREEN
    assert [(c.grade, c.previous) for c in evaluated.grade_history] == [
        (RiskGrade.YELLOW, None),
        (RiskGrade.GREEN, RiskGrade.YELLOW),
    ]
    (evaluation,) = evaluated.evaluations
    assert evaluation.grade_before is RiskGrade.YELLOW and evaluation.new_grade is RiskGrade.GREEN
    assert evaluated.grade_history[1].evaluation_id == evaluation.id

    closed = youth.close(officer, subject.id, ClosureReason.GOALS_MET, "达到帮教目标")
    assert closed.status is SubjectStatus.CLOSED and closed.closed_on == TODAY
    assert closed.next_due is None and not closed.is_editable
    with pytest.raises(SubjectClosedError) as refused:
        youth.update(officer, closed.to_update(address="安贞里小区"))
    assert refused.value.field == "status" and "Reopen" in refused.value.message
    with pytest.raises(SubjectClosedError):
        youth.save_session(officer, subject.id, session_entry(date(2026, 6, 1)))
    with pytest.raises(SubjectClosedError):
        youth.set_plan(officer, subject.id, PlanEntry("x"))

    reopened = youth.reopen(officer, subject.id)
    assert reopened.status is SubjectStatus.OPEN and reopened.closure_reason is None
    assert reopened.next_due == date(2026, 4, 5)
    edited = youth.update(officer, reopened.to_update(address="安贞里小区"))
    assert edited.address == "安贞里小区"
    assert services.audit.verify().ok


def _school() -> OrganisationDraft:
    return OrganisationDraft(name="和平里中学", kind=OrganisationKind.SCHOOL)


def _teacher(org_id: str) -> ContactDraft:
    return ContactDraft(name="王老师", organisation_id=org_id, mobile="13900001111")


def test_evaluation_grade_changes_are_corrected_and_removed(
    youth: YouthService, officer: Principal
) -> None:
    subject = register(youth, officer)
    entry = EvaluationEntry(date(2026, 5, 1), "有反复。", RiskGrade.RED, "再次夜不归宿")
    with pytest.raises(ValidationError) as no_reason:
        youth.save_evaluation(
            officer, subject.id, EvaluationEntry(date(2026, 5, 1), "有反复。", RiskGrade.RED)
        )
    assert no_reason.value.field == "grade_reason"
    evaluated = youth.save_evaluation(officer, subject.id, entry)
    assert evaluated.risk_grade is RiskGrade.RED
    saved = evaluated.evaluations[0]
    cleared = youth.save_evaluation(
        officer, subject.id, EvaluationEntry(saved.evaluated_on, "有反复。", None, id=saved.id)
    )
    assert cleared.risk_grade is RiskGrade.YELLOW and len(cleared.grade_history) == 1
    again = youth.save_evaluation(officer, subject.id, entry)
    assert again.risk_grade is RiskGrade.RED
    removed = youth.delete_evaluation(officer, again.evaluations[-1].id or "")
    assert removed.risk_grade is RiskGrade.YELLOW and len(removed.evaluations) == 1


def test_risk_grade_changes_keep_a_history_with_who_and_why(
    youth: YouthService, officer: Principal, admin: Principal
) -> None:
    subject = register(youth, officer)
    changed = youth.change_risk_grade(
        officer, subject.id, RiskGrade.RED, "打架斗殴", date(2026, 4, 2)
    )
    changed = youth.change_risk_grade(admin, subject.id, RiskGrade.YELLOW, "情况好转")
    assert [(c.changed_on, c.grade, c.previous, c.changed_by) for c in changed.grade_history] == [
        (REGISTERED, RiskGrade.YELLOW, None, "李明"),
        (date(2026, 4, 2), RiskGrade.RED, RiskGrade.YELLOW, "李明"),
        (TODAY, RiskGrade.YELLOW, RiskGrade.RED, "张建国"),
    ]
    with pytest.raises(ValidationError) as same:
        youth.change_risk_grade(officer, subject.id, RiskGrade.YELLOW, "无变化")
    assert same.value.field == "grade"
    with pytest.raises(ValidationError) as no_reason:
        youth.change_risk_grade(officer, subject.id, RiskGrade.GREEN, " ")
    assert no_reason.value.field == "reason"
    with pytest.raises(ValidationError) as early:
        youth.change_risk_grade(officer, subject.id, RiskGrade.GREEN, "x", date(2026, 3, 1))
    assert early.value.field == "changed_on"


# -- sealed access --------------------------------------------------------------------------------


def test_admin_and_assigned_officer_see_the_subject(
    services: Services, youth: YouthService, officer: Principal, admin: Principal
) -> None:
    subject = register(youth, officer)
    assert youth.open_file(admin, subject.id, "审核帮教工作").access is AccessBasis.ADMIN
    assert youth.open_file(officer, subject.id, "开展帮教").name == "张小明"
    assert [s.id for s in youth.list_subjects(admin)] == [subject.id]
    assert [s.access for s in youth.list_subjects(officer)] == [AccessBasis.ASSIGNED]
    assert denied(services, admin) == []


def test_unassigned_officer_is_refused_and_the_refusal_is_audited(
    services: Services,
    youth: YouthService,
    officer: Principal,
    officer2: Principal,
    admin: Principal,
) -> None:
    subject = register(youth, officer)
    assert youth.list_subjects(officer2) == []
    assert youth.search(officer2, "张") == []
    for call in (
        lambda: youth.open_file(officer2, subject.id, "查看"),
        lambda: youth.get(officer2, subject.id),
        lambda: youth.update(officer2, draft_update(subject)),
        lambda: youth.save_session(officer2, subject.id, session_entry(date(2026, 4, 1))),
        lambda: youth.record_output(
            officer2, subject.id, YouthDocument.FILE, "print", "P1", "查看"
        ),
        lambda: youth.close(officer2, subject.id, ClosureReason.GOALS_MET),
        lambda: youth.grants(officer2, subject.id),
    ):
        with pytest.raises(PermissionDeniedError, match="sealed"):
            call()
    refusals = denied(services, admin)
    assert len(refusals) == 7
    assert all(e.username == "officer2" and e.record_id == subject.id for e in refusals)  # type: ignore[attr-defined]
    assert entries(services, admin, AuditAction.VIEW_SEALED) == []
    assert youth.open_file(officer, subject.id, "核对").sessions == ()  # nothing was saved


def draft_update(subject: SubjectFile) -> SubjectUpdate:
    return subject.to_update(address="别处")


def test_a_granted_officer_sees_the_subject_until_revoked(
    services: Services,
    youth: YouthService,
    officer: Principal,
    officer2: Principal,
    admin: Principal,
) -> None:
    subject = register(youth, officer)
    with pytest.raises(PermissionDeniedError):
        youth.grant_access(officer, subject.id, officer2.user_id)  # only the admin grants
    grant = youth.grant_access(admin, subject.id, officer2.user_id, "协助帮教")
    assert (grant.user_name, grant.granted_by, grant.note) == ("赵刚", "张建国", "协助帮教")
    assert [g.id for g in youth.grants(officer, subject.id)] == [grant.id]
    with pytest.raises(ValidationError) as twice:
        youth.grant_access(admin, subject.id, officer2.user_id)
    assert twice.value.field == "user_id"
    rows = youth.list_subjects(officer2)
    assert [(r.id, r.access) for r in rows] == [(subject.id, AccessBasis.GRANTED)]
    assert youth.open_file(officer2, subject.id, "协助帮教").access is AccessBasis.GRANTED
    assert (
        youth.due_sessions(officer2, within_days=365) == []
    )  # reminders go to the assigned officer
    youth.revoke_access(admin, grant.id)
    with pytest.raises(PermissionDeniedError):
        youth.open_file(officer2, subject.id, "再看")
    assert youth.list_subjects(officer2) == []
    assert [e.username for e in denied(services, admin)] == ["officer2", "officer"]  # type: ignore[attr-defined]


def test_auxiliary_police_learn_only_that_the_module_exists(
    services: Services, youth: YouthService, officer: Principal, aux: Principal, admin: Principal
) -> None:
    subject = register(youth, officer)
    summary = youth.module_summary(aux)
    assert not summary.may_view and summary.open_subjects is None and summary.due_sessions is None
    assert youth.count_due(aux) is None
    assert denied(services, admin) == []  # asking whether the module exists is no refusal
    calls = [
        lambda: youth.list_subjects(aux),
        lambda: youth.search(aux, "zxm"),
        lambda: youth.open_file(aux, subject.id, "查看"),
        lambda: youth.get(aux, subject.id),
        lambda: youth.register(aux, draft(resident_id=GIRL, name="李小红")),
        lambda: youth.due_sessions(aux),
        lambda: youth.statistics(aux),
        lambda: youth.team_candidates(aux),
        lambda: youth.record_output(aux, subject.id, YouthDocument.FILE, "print", "P1", "看看"),
    ]
    for call in calls:
        with pytest.raises(PermissionDeniedError):
            call()
    refusals = denied(services, admin)
    assert len(refusals) == len(calls)
    assert all(e.username == "aux" for e in refusals)  # type: ignore[attr-defined]
    assert youth.module_summary(officer).open_subjects == 1


# -- masking and audited opening ---------------------------------------------------------------


def test_lists_and_searches_mask_names_and_hide_id_numbers(
    youth: YouthService, officer: Principal
) -> None:
    register(youth, officer)
    register(
        youth,
        officer,
        name="欧阳娜娜",
        resident_id=GIRL,
        group=YouthGroup.LEFT_BEHIND,
        guardians=(GuardianEntry("欧阳秀英", "祖母"),),
    )
    rows = youth.list_subjects(officer)
    assert sorted(r.masked_name for r in rows) == ["张某", "欧阳某"]
    assert "resident_id" not in {f.name for f in fields(SubjectSummary)}
    assert "name" not in {f.name for f in fields(SubjectSummary)}
    girl = next(r for r in rows if r.masked_name == "欧阳某")
    assert girl.under_14 and girl.age == 11 and girl.gender is Gender.FEMALE
    assert [r.masked_name for r in youth.search(officer, "zxm")] == ["张某"]
    assert [r.masked_name for r in youth.search(officer, "娜娜")] == ["欧阳某"]
    assert [r.masked_name for r in youth.search(officer, GIRL)] == ["欧阳某"]
    assert [
        r.masked_name for r in youth.list_subjects(officer, SubjectQuery(under_14_only=True))
    ] == ["欧阳某"]
    assert [
        r.masked_name
        for r in youth.list_subjects(officer, SubjectQuery(group=YouthGroup.LEFT_BEHIND))
    ] == ["欧阳某"]
    for row in rows:
        assert "张小明" not in repr(row) and BOY not in repr(row)


def test_opening_a_file_needs_a_purpose_and_is_audited(
    services: Services, youth: YouthService, officer: Principal, admin: Principal
) -> None:
    subject = register(youth, officer)
    with pytest.raises(ValidationError) as missing:
        youth.open_file(officer, subject.id, "   ")
    assert missing.value.field == "purpose"
    assert entries(services, admin, AuditAction.VIEW_SEALED) == []
    opened = youth.open_file(officer, subject.id, "季度帮教回访")
    assert opened.resident_id == BOY and opened.guardians[0].name == "张建军"
    (entry,) = services.audit.list_entries(admin, AuditFilter(action="view_sealed"))
    assert entry.username == "officer" and entry.record_id == subject.id
    assert entry.details["purpose"] == "季度帮教回访"
    assert entry.details["subject"] == "张某"
    assert "张小明" not in str(entry.details)


def test_printing_and_saving_need_a_purpose_and_are_audited(
    services: Services, youth: YouthService, officer: Principal, admin: Principal
) -> None:
    subject = register(youth, officer)
    with pytest.raises(ValidationError) as missing:
        youth.record_output(officer, subject.id, YouthDocument.FILE, "print", "HP LaserJet", "")
    assert missing.value.field == "purpose"
    youth.record_output(
        officer, subject.id, YouthDocument.FILE, "print", "HP LaserJet", "报送派出所"
    )
    youth.record_output(
        officer,
        subject.id,
        YouthDocument.SESSION_RECORD,
        "save",
        "/media/usb/记录.pdf",
        "存档",
        {"session_id": "s1"},
    )
    youth.record_output(officer, None, YouthDocument.STATISTICS, "print", "HP LaserJet", "")
    (printed,) = services.audit.list_entries(
        admin, AuditFilter(action="print", record_id=subject.id)
    )
    assert printed.details["purpose"] == "报送派出所" and printed.details["target"] == "HP LaserJet"
    (saved,) = services.audit.list_entries(
        admin, AuditFilter(action="export", record_id=subject.id)
    )
    assert saved.details["document"] == "session_record" and saved.details["session_id"] == "s1"
    stats = services.audit.list_entries(admin, AuditFilter(record_type="youth_statistics"))
    assert [e.details["document"] for e in stats] == ["statistics"]


def test_the_audit_trail_does_not_keep_the_name_or_id_number(
    services: Services, youth: YouthService, officer: Principal, admin: Principal
) -> None:
    subject = register(youth, officer)
    (created,) = services.audit.list_entries(
        admin, AuditFilter(record_type="youth_subject", action="create")
    )
    assert created.record_id == subject.id
    assert "张小明" not in str(created.details) and BOY not in str(created.details)


# -- reminders ---------------------------------------------------------------------------------------


def test_due_and_overdue_sessions_for_the_assigned_officer(
    youth: YouthService, officer: Principal, officer2: Principal, admin: Principal
) -> None:
    overdue = register(youth, officer)  # due REGISTERED + 30 = 2026-04-01: overdue
    soon = register(
        youth,
        officer2,
        name="李小红",
        resident_id=GIRL,
        registered_on=TODAY - timedelta(days=10),
        guardians=(GuardianEntry("李梅", "母亲"),),
    )
    youth.set_plan(officer2, soon.id, PlanEntry("稳定情绪", 14))  # due TODAY + 4
    later = register(
        youth,
        officer,
        name="王大伟",
        resident_id=id_number(date(2008, 1, 1), "355"),
        registered_on=TODAY,
        guardians=(),
    )  # 18: no guardian needed; due in 30 days
    mine = youth.due_sessions(officer)
    assert [(d.subject_id, d.masked_name, d.days_left, d.overdue) for d in mine] == [
        (overdue.id, "张某", (date(2026, 4, 1) - TODAY).days, True)
    ]
    assert youth.count_due(officer) == 1
    everyone = youth.due_sessions(admin)
    assert [(d.subject_id, d.days_left) for d in everyone] == [
        (overdue.id, (date(2026, 4, 1) - TODAY).days),
        (soon.id, 4),
    ]
    assert youth.count_due(admin) == 2
    assert youth.count_due(admin, within_days=0) == 1
    assert [d.subject_id for d in youth.due_sessions(officer, within_days=30)] == [
        overdue.id,
        later.id,
    ]
    youth.save_session(officer, overdue.id, session_entry(TODAY))
    assert youth.due_sessions(officer) == []
    youth.close(officer2, soon.id, ClosureReason.MOVED_AWAY)
    assert youth.count_due(admin) == 0
    assert youth.module_summary(officer).due_sessions == 0
    due = youth.list_subjects(admin, SubjectQuery(due_within=30))
    assert {r.id for r in due} == {overdue.id, later.id}


# -- validation --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"resident_id": BOY[:-1] + ("0" if BOY[-1] != "0" else "1")}, "resident_id"),
        ({"resident_id": id_number(date(2020, 5, 1))}, "resident_id"),  # 5 on the day registered
        ({"resident_id": id_number(date(2000, 3, 1))}, "resident_id"),  # 26
        ({"resident_id": "", "birth_date": date(2021, 1, 1)}, "birth_date"),
        ({"resident_id": "", "birth_date": None}, "birth_date"),
        ({"guardians": ()}, "guardians"),  # a minor
        ({"registered_on": TODAY + timedelta(days=1)}, "registered_on"),
        ({"name": ""}, "name"),
        ({"reason": "  "}, "reason"),
        ({"group": "gang"}, "group"),
        ({"phone": "12345"}, "phone"),
    ],
)
def test_invalid_registrations_name_the_field(
    youth: YouthService, officer: Principal, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        register(youth, officer, **changes)
    assert error.value.field == field
    assert error.value.message


def test_ages_6_and_25_are_accepted(youth: YouthService, officer: Principal) -> None:
    six = register(youth, officer, resident_id=id_number(REGISTERED.replace(year=2020), "111"))
    assert six.age_at_registration == 6 and six.under_14
    adult = register(
        youth, officer, name="王大伟", resident_id=id_number(date(2000, 3, 3), "113"), guardians=()
    )
    assert adult.age_at_registration == 25


def test_a_bad_guardian_row_is_named(youth: YouthService, officer: Principal) -> None:
    guardians = (GuardianEntry("张建军", "父亲"), GuardianEntry("李梅", "", "13800001111"))
    with pytest.raises(YouthRowError) as error:
        register(youth, officer, guardians=guardians)
    assert (error.value.section, error.value.row, error.value.field) == (GUARDIANS, 1, "relation")


def test_a_session_before_registration_or_in_the_future_is_refused(
    youth: YouthService, officer: Principal
) -> None:
    subject = register(youth, officer)
    with pytest.raises(ValidationError, match="registered") as early:
        youth.save_session(officer, subject.id, session_entry(REGISTERED - timedelta(days=1)))
    assert early.value.field == "held_on"
    with pytest.raises(ValidationError) as future:
        youth.save_session(officer, subject.id, session_entry(TODAY + timedelta(days=1)))
    assert future.value.field == "held_on"
    with pytest.raises(ValidationError) as no_content:
        youth.save_session(officer, subject.id, session_entry(TODAY, content=""))
    assert no_content.value.field == "content"
    with pytest.raises(ValidationError) as next_due:
        youth.save_session(officer, subject.id, session_entry(TODAY, next_due=TODAY))
    assert next_due.value.field == "next_due"
    with_session = youth.save_session(officer, subject.id, session_entry(date(2026, 3, 5)))
    with pytest.raises(ValidationError) as moved:
        youth.update(officer, with_session.to_update(registered_on=date(2026, 3, 6)))
    assert moved.value.field == "registered_on"
    with pytest.raises(ValidationError) as other_reason:
        youth.close(officer, subject.id, ClosureReason.OTHER, "")
    assert other_reason.value.field == "closure_note"
    with pytest.raises(ValidationError) as interval:
        youth.set_plan(officer, subject.id, PlanEntry("目标", 0))
    assert interval.value.field == "interval_days"


def test_an_id_number_is_registered_once(youth: YouthService, officer: Principal) -> None:
    register(youth, officer)
    with pytest.raises(ValidationError) as error:
        register(youth, officer, name="张晓明")
    assert error.value.field == "resident_id"


def test_officers_register_for_themselves_and_admins_assign(
    youth: YouthService, officer: Principal, officer2: Principal, admin: Principal, aux: Principal
) -> None:
    with pytest.raises(ValidationError) as other:
        register(youth, officer, officer_user_id=officer2.user_id)
    assert other.value.field == "officer_user_id"
    assigned = register(youth, admin, officer_user_id=officer2.user_id)
    assert assigned.officer_name == "赵刚" and assigned.access is AccessBasis.ADMIN
    with pytest.raises(ValidationError) as not_officer:
        youth.assign_officer(admin, assigned.id, aux.user_id)
    assert not_officer.value.field == "officer_user_id"
    handed = youth.assign_officer(officer2, assigned.id, officer.user_id)
    assert handed.officer_user_id == officer.user_id
    with pytest.raises(PermissionDeniedError):
        youth.open_file(officer2, assigned.id, "看看")
    assert [c.name for c in youth.officer_choices(officer)] == sorted(["张建国", "李明", "赵刚"])


# -- the rest -------------------------------------------------------------------------------------


def test_delete_restore_and_statistics(
    youth: YouthService, officer: Principal, officer2: Principal
) -> None:
    first = register(youth, officer)
    second = register(
        youth,
        officer2,
        name="李小红",
        resident_id=GIRL,
        group=YouthGroup.LEFT_BEHIND,
        risk_grade=RiskGrade.GREEN,
        guardians=(GuardianEntry("李梅", "母亲"),),
    )
    youth.close(officer2, second.id, ClosureReason.MOVED_AWAY)
    stats = youth.statistics(officer)  # counts of every subject, no names
    assert stats.total == 2 and stats.under_14 == 1 and stats.due == 1
    assert (
        stats.by_group[YouthGroup.BAD_BEHAVIOUR] == 1
        and stats.by_group[YouthGroup.LEFT_BEHIND] == 1
    )
    assert stats.by_grade[RiskGrade.YELLOW] == 1 and stats.by_grade[RiskGrade.GREEN] == 1
    assert stats.by_status == {SubjectStatus.OPEN: 1, SubjectStatus.CLOSED: 1}
    assert youth.statistics(officer, date(2026, 4, 1), TODAY).total == 0
    with pytest.raises(SubjectClosedError):
        youth.delete_subject(officer2, second.id)
    youth.delete_subject(officer, first.id)
    assert youth.list_subjects(officer) == []
    assert youth.statistics(officer).total == 1
    with pytest.raises(NotFoundError):
        youth.save_session(officer, first.id, session_entry(TODAY))
    assert youth.list_subjects(officer, SubjectQuery(include_deleted=True))[0].is_deleted
    restored = youth.restore_subject(officer, first.id)
    assert not restored.is_deleted and restored.next_due is not None


def test_team_candidates_come_from_users_contacts_and_volunteers(
    services: Services, youth: YouthService, officer: Principal
) -> None:
    org = services.contacts.create_organisation(officer, _school())
    services.contacts.create_person(officer, _teacher(org.id))
    candidates = youth.team_candidates(officer)
    kinds = {(c.kind, c.name, c.suggested_role) for c in candidates}
    assert (MemberKind.USER, "李明", TeamRole.OFFICER) in kinds
    assert (MemberKind.CONTACT, "王老师", TeamRole.TEACHER) in kinds
    assert [c.name for c in youth.team_candidates(officer, "wls")] == ["王老师"]
    subject = register(youth, officer)
    with_member = youth.add_team_member(
        officer,
        subject.id,
        TeamMemberEntry(MemberKind.USER, TeamRole.OFFICER, ref_id=officer.user_id),
    )
    removed = youth.remove_team_member(officer, with_member.team[0].id or "")
    assert removed.team == ()


def test_youth_tables_are_sealed_out_of_exports() -> None:
    from station_desk.db.models import Base
    from station_desk.db.models.youth import SEALED_TABLES
    from station_desk.services.export import table_plan

    youth_tables = {name for name in Base.metadata.tables if name.startswith("youth_")}
    assert youth_tables == SEALED_TABLES
    assert youth_tables.isdisjoint(rule.table.name for rule in table_plan())
    included = {rule.table.name: rule for rule in table_plan(include_sealed=True)}
    assert youth_tables <= set(included)
    assert (
        included["youth_sessions"].how == "child"
        and included["youth_sessions"].parent == "youth_subjects"
    )


# -- documents (file_pdf, session_record_pdf, statistics_pdf, save_document) -----------------


def test_file_pdf_is_sealed_masked_and_audited_as_a_view(
    services: Services, youth: YouthService, officer: Principal, admin: Principal
) -> None:
    from station_desk import i18n
    from tests.reports_helpers import pdf_pages_text, pdf_text, squash

    i18n.set_language("zh_CN")
    subject = register(youth, officer)
    youth.save_session(officer, subject.id, session_entry(date(2026, 4, 1)))
    with pytest.raises(ValidationError) as missing:
        youth.file_pdf(officer, subject.id, " ", "zh_CN")
    assert missing.value.field == "purpose"
    assert entries(services, admin, AuditAction.VIEW_SEALED) == []
    pdf = youth.file_pdf(officer, subject.id, "季度帮教回访", "zh_CN")
    mark = squash(i18n._("Juvenile information · Sealed"))
    assert all(mark in squash(page) for page in pdf_pages_text(pdf))
    text = squash(pdf_text(pdf, "-raw"))
    assert "张小明" in text and "谈心谈话" in text
    assert BOY not in text and BOY[-4:] in text
    assert BOY in squash(pdf_text(youth.file_pdf(admin, subject.id, "核对", "zh_CN", True)))
    views = entries(services, admin, AuditAction.VIEW_SEALED)
    assert len(views) == 2
    assert {e.details["purpose"] for e in views} == {"季度帮教回访", "核对"}  # type: ignore[attr-defined]
    assert all(e.details["document"] == "file" for e in views)  # type: ignore[attr-defined]
    assert entries(services, admin, AuditAction.PRINT) == []  # the preview prints nothing


def test_file_pdf_is_refused_to_unassigned_officers_and_auxiliary_police(
    services: Services,
    youth: YouthService,
    officer: Principal,
    officer2: Principal,
    aux: Principal,
    admin: Principal,
) -> None:
    subject = register(youth, officer)
    entry = youth.save_session(officer, subject.id, session_entry(date(2026, 4, 1))).sessions[0]
    assert entry.id
    for call in (
        lambda: youth.file_pdf(officer2, subject.id, "查看", "zh_CN"),
        lambda: youth.file_pdf(aux, subject.id, "查看", "zh_CN"),
        lambda: youth.session_record_pdf(officer2, entry.id or "", "查看", "zh_CN"),
    ):
        with pytest.raises(PermissionDeniedError):
            call()
    refusals = denied(services, admin)
    users = sorted(e.username for e in refusals)  # type: ignore[attr-defined]
    assert users == ["aux", "officer2", "officer2"]
    assert entries(services, admin, AuditAction.VIEW_SEALED) == []
    with pytest.raises(PermissionDeniedError):
        youth.statistics_pdf(aux, None, None, "zh_CN")


def test_session_record_pdf_and_statistics_pdf(
    services: Services, youth: YouthService, officer: Principal, admin: Principal
) -> None:
    from station_desk import i18n
    from tests.reports_helpers import pdf_text, squash

    i18n.set_language("zh_CN")
    subject = register(youth, officer)
    saved = youth.save_session(
        officer, subject.id, session_entry(date(2026, 4, 1), content="谈心谈话，督促按时上学。")
    )
    entry = saved.sessions[0]
    pdf = youth.session_record_pdf(officer, entry.id or "", "存档", "zh_CN")
    text = squash(pdf_text(pdf, "-raw"))
    assert "督促按时上学" in text and "张小明" in text and "张建军" in text
    assert squash(i18n._("Juvenile information · Sealed")) in text
    (view,) = entries(services, admin, AuditAction.VIEW_SEALED)
    assert view.details["document"] == "session_record"  # type: ignore[attr-defined]
    assert view.details["session"] == entry.id  # type: ignore[attr-defined]
    sheet = squash(pdf_text(youth.statistics_pdf(officer, None, None, "zh_CN"), "-raw"))
    assert "张" not in sheet and squash(i18n._("Juvenile information · Sealed")) not in sheet
    assert squash(YouthGroup.BAD_BEHAVIOUR.label) in sheet


def test_save_document_writes_the_file_and_audits_it(
    services: Services,
    youth: YouthService,
    officer: Principal,
    officer2: Principal,
    admin: Principal,
    tmp_path: object,
) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    subject = register(youth, officer)
    data = youth.file_pdf(officer, subject.id, "存档", "zh_CN")
    with pytest.raises(ValidationError) as missing:
        save_document(services, officer, YOUTH_FILE, Request(subject.id), data, folder / "a.pdf")
    assert missing.value.field == "purpose"
    assert not (folder / "a.pdf").exists()
    with pytest.raises(PermissionDeniedError):
        request = Request(subject.id, purpose="存档")
        save_document(services, officer2, YOUTH_FILE, request, data, folder / "b.pdf")
    assert not (folder / "b.pdf").exists()
    request = Request(subject.id, purpose="报送")
    written = save_document(services, officer, YOUTH_FILE, request, data, folder / "档案.pdf")
    assert written.read_bytes() == data
    (saved,) = services.audit.list_entries(
        admin, AuditFilter(action="export", record_id=subject.id)
    )
    assert saved.details["purpose"] == "报送" and saved.details["how"] == "save"
    assert saved.details["target"] == str(written.resolve())
    sheet = youth.statistics_pdf(officer, date(2026, 1, 1), date(2026, 12, 31), "en")
    save_document(services, officer, YOUTH_STATISTICS, Request(), sheet, folder / "s.pdf")
    stats = services.audit.list_entries(admin, AuditFilter(record_type="youth_statistics"))
    assert [e.details["how"] for e in stats] == ["save"]
    with pytest.raises(ValidationError) as folder_error:
        save_document(services, officer, YOUTH_STATISTICS, Request(), sheet, folder)
    assert folder_error.value.field == "path"
