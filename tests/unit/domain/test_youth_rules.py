"""Youth-guidance rules (domain/youth.py): ages, derived particulars, due dates, purposes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_desk.domain.enums import Gender
from station_desk.domain.validators import age_on, resident_id_check_char
from station_desk.domain.youth import (
    DEFAULT_INTERVAL_DAYS,
    MAX_AGE,
    MIN_AGE,
    ClosureReason,
    GuardianEntry,
    MemberKind,
    PlanEntry,
    RiskGrade,
    SubjectDraft,
    SubjectFile,
    SubjectStatus,
    TeamMemberEntry,
    TeamRole,
    YouthGroup,
    YouthRowError,
    YouthSessionEntry,
    check_age,
    is_under_14,
    next_due_date,
    validated_closure,
    validated_member,
    validated_particulars,
    validated_plan,
    validated_purpose,
    validated_session,
)
from station_desk.errors import ValidationError

TODAY = date(2026, 6, 15)


def id_number(birth: date, seq: str = "124") -> str:
    first17 = f"110105{birth:%Y%m%d}{seq}"
    return first17 + resident_id_check_char(first17)


def draft(**changes: object) -> SubjectDraft:
    values: dict[str, object] = {
        "name": " 张 小明 ",
        "group": "left_behind",
        "risk_grade": RiskGrade.GREEN,
        "reason": "父母外出务工",
        "resident_id": id_number(date(2015, 2, 3)),
        "guardians": (GuardianEntry("张奶奶", "祖母"),),
    }
    values.update(changes)
    return SubjectDraft(**values)  # type: ignore[arg-type]


def test_particulars_come_from_the_id_number() -> None:
    facts = validated_particulars(draft(gender=Gender.MALE, birth_date=date(2000, 1, 1)), TODAY)
    assert facts.name == "张小明"
    assert facts.gender is Gender.FEMALE and facts.birth_date == date(2015, 2, 3)  # not typed twice
    assert facts.group is YouthGroup.LEFT_BEHIND and facts.registered_on == TODAY


def test_without_an_id_number_the_birth_date_is_typed() -> None:
    facts = validated_particulars(
        draft(resident_id="", birth_date="2012-03-04", gender="male"), TODAY
    )
    assert (
        facts.birth_date == date(2012, 3, 4)
        and facts.gender is Gender.MALE
        and facts.resident_id == ""
    )


@given(st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=364))
def test_only_ages_6_to_25_on_the_day_registered_are_accepted(years: int, days: int) -> None:
    registered = date(2026, 3, 1)
    birth = date(registered.year - years, 1, 1) + timedelta(days=days)
    if birth > registered:
        return
    age = age_on(birth, registered)
    if MIN_AGE <= age <= MAX_AGE:
        check_age(birth, registered, "birth_date")
    else:
        with pytest.raises(ValidationError) as error:
            check_age(birth, registered, "birth_date")
        assert error.value.field == "birth_date" and str(age) in error.value.message


def test_the_age_boundaries_are_inclusive() -> None:
    registered = date(2026, 3, 1)
    check_age(date(2020, 3, 1), registered, "x")  # 6 today
    check_age(date(2000, 3, 2), registered, "x")  # 25, turning 26 tomorrow
    with pytest.raises(ValidationError):
        check_age(date(2020, 3, 2), registered, "x")  # 5, turning 6 tomorrow
    with pytest.raises(ValidationError):
        check_age(date(2000, 3, 1), registered, "x")  # 26


def test_under_14_is_flagged() -> None:
    assert is_under_14(date(2012, 6, 16), TODAY)
    assert not is_under_14(date(2012, 6, 15), TODAY)


def test_a_minor_needs_a_guardian_and_guardian_rows_are_named() -> None:
    with pytest.raises(ValidationError) as none:
        validated_particulars(draft(guardians=()), TODAY)
    assert none.value.field == "guardians"
    adult = validated_particulars(
        draft(resident_id=id_number(date(2005, 1, 1)), guardians=()), TODAY
    )
    assert adult.guardians == ()
    with pytest.raises(YouthRowError) as row:
        validated_particulars(draft(guardians=(GuardianEntry("张奶奶", "祖母", "123"),)), TODAY)
    assert (row.value.section, row.value.row, row.value.field) == ("guardians", 0, "phone")


def test_next_due_date() -> None:
    registered = date(2026, 3, 1)
    assert next_due_date(registered, None, None) == registered + timedelta(
        days=DEFAULT_INTERVAL_DAYS
    )
    assert next_due_date(registered, 14, None) == date(2026, 3, 15)
    assert next_due_date(registered, 14, date(2026, 4, 1)) == date(2026, 4, 15)
    assert next_due_date(registered, 14, date(2026, 4, 1), date(2026, 4, 3)) == date(2026, 4, 3)


def test_sessions_stay_between_registration_and_today() -> None:
    registered = date(2026, 3, 1)
    entry = YouthSessionEntry(date(2026, 2, 28), content="谈话")
    with pytest.raises(ValidationError, match="2026-03-01") as early:
        validated_session(entry, registered, TODAY)
    assert early.value.field == "held_on"
    ok = validated_session(YouthSessionEntry("2026-03-01", content="谈话"), registered, TODAY)  # type: ignore[arg-type]
    assert ok.held_on == registered


def test_plan_closure_member_and_purpose() -> None:
    assert validated_plan(PlanEntry(" 目标 ", 14)).goals == " 目标"
    for bad in (0, 366, True):
        with pytest.raises(ValidationError):
            validated_plan(PlanEntry("目标", bad))
    with pytest.raises(ValidationError) as note:
        validated_closure(ClosureReason.OTHER, " ", TODAY, date(2026, 1, 1), TODAY)
    assert note.value.field == "closure_note"
    assert (
        validated_closure("goals_met", "", TODAY, date(2026, 1, 1), TODAY)[0]
        is ClosureReason.GOALS_MET
    )
    with pytest.raises(ValidationError) as ref:
        validated_member(TeamMemberEntry(MemberKind.CONTACT, TeamRole.TEACHER))
    assert ref.value.field == "ref_id"
    typed = validated_member(
        TeamMemberEntry(MemberKind.OTHER, TeamRole.GUARDIAN, ref_id="x", name="李梅")
    )
    assert typed.ref_id is None and typed.name == "李梅"
    assert validated_purpose("  季度  回访 ") == "季度 回访"
    with pytest.raises(ValidationError) as purpose:
        validated_purpose("")
    assert purpose.value.field == "purpose"
    with pytest.raises(ValidationError):
        validated_purpose("x" * 201)


def test_the_file_masks_and_counts_days() -> None:
    file = SubjectFile(
        id="1",
        name="欧阳娜娜",
        gender=Gender.FEMALE,
        resident_id="",
        birth_date=date(2014, 1, 1),
        phone="",
        school_or_work="",
        address="",
        group=YouthGroup.OTHER,
        risk_grade=RiskGrade.RED,
        reason="x",
        registered_on=date(2026, 1, 1),
        officer_user_id="u",
        officer_name="李明",
        status=SubjectStatus.OPEN,
        as_of=TODAY,
        next_due=TODAY - timedelta(days=3),
    )
    assert file.masked_name == "欧阳某" and file.under_14 and file.age == 12
    assert file.days_left == -3 and file.is_editable
    assert file.to_update(address="新地址").address == "新地址"


def test_every_enum_has_a_label() -> None:
    from station_desk.domain import youth

    for kind in (
        youth.YouthGroup,
        youth.RiskGrade,
        youth.TeamRole,
        youth.MemberKind,
        youth.SessionKind,
        youth.ClosureReason,
        youth.SubjectStatus,
        youth.AccessBasis,
        youth.YouthDocument,
    ):
        assert all(member.label for member in kind)
