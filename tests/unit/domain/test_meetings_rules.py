"""Meeting rules without a database: templates, transitions, validation, counts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_desk.domain.checks import wall_clock
from station_desk.domain.meetings import (
    AGENDA_TEMPLATES,
    ActionEntry,
    ActionStatus,
    AgendaEntry,
    AttendeeEntry,
    AttendeeKind,
    MeetingDetail,
    MeetingDraft,
    MeetingFinalisedError,
    MeetingRowError,
    MeetingStatus,
    MeetingType,
    MeetingUpdate,
    agenda_template,
    check_attendance,
    check_transition,
    suggested_title,
    validated_amendment,
    validated_draft,
    validated_update,
)
from station_desk.errors import ValidationError

START = datetime(2026, 3, 5, 19, 0)


def _update(**changes: object) -> MeetingUpdate:
    values: dict[str, object] = {
        "id": "m1",
        "meeting_type": MeetingType.POLICE_BRIEFING,
        "title": "三月警情通报会",
        "starts_at": START,
        "ends_at": START + timedelta(hours=1),
    }
    values.update(changes)
    return MeetingUpdate(**values)  # type: ignore[arg-type]


def _field_of(update: MeetingUpdate) -> str:
    with pytest.raises(ValidationError) as error:
        validated_update(update)
    return error.value.field


@pytest.mark.parametrize("meeting_type", list(MeetingType))
def test_every_type_has_a_template_and_a_label(meeting_type: MeetingType) -> None:
    titles = agenda_template(meeting_type)
    assert titles and all(titles)
    assert len(set(titles)) == len(titles)
    assert meeting_type.label
    assert meeting_type.label in suggested_title(meeting_type, START.date())
    assert "2026-03" in suggested_title(meeting_type, START.date())


def test_police_briefing_template_is_the_monthly_one() -> None:
    assert agenda_template(MeetingType.POLICE_BRIEFING) == [
        "This month's police incidents",
        "Prevention advice",
        "Residents' opinions and suggestions",
        "Work plan for next month",
    ]
    assert set(AGENDA_TEMPLATES) == set(MeetingType)


def test_labels_exist_for_every_enum_value() -> None:
    for enum in (MeetingStatus, AttendeeKind, ActionStatus):
        for member in enum:  # type: ignore[attr-defined]
            assert member.label


@given(st.sampled_from(list(MeetingStatus)), st.sampled_from(list(MeetingStatus)))
def test_transitions(current: MeetingStatus, new: MeetingStatus) -> None:
    allowed = current is not MeetingStatus.FINALISED and not (
        current is MeetingStatus.PLANNED and new is MeetingStatus.FINALISED
    )
    if allowed:
        check_transition(current, new)
    else:
        with pytest.raises(ValidationError) as error:
            check_transition(current, new)
        assert error.value.field == "status"
        if current is MeetingStatus.FINALISED:
            assert isinstance(error.value, MeetingFinalisedError)


def test_attendance_is_marked_only_after_the_meeting_is_held() -> None:
    marked = (
        AttendeeEntry(AttendeeKind.GUEST, "赵六"),
        AttendeeEntry(AttendeeKind.GUEST, "钱七", present=True),
    )
    with pytest.raises(MeetingRowError) as error:
        check_attendance(MeetingStatus.PLANNED, marked)
    assert (error.value.section, error.value.row, error.value.field) == ("attendees", 1, "present")
    check_attendance(MeetingStatus.HELD, marked)


def test_valid_update_is_normalised() -> None:
    update = validated_update(
        _update(
            title="  三月警情通报会 ",
            place=" 警务室 ",
            attendees=(
                AttendeeEntry(AttendeeKind.USER, " 张建国 ", ref_id="u1", present=True),
                AttendeeEntry(AttendeeKind.GUEST, "物业代表", ref_id="ignored", present=False),
                AttendeeEntry(
                    AttendeeKind.GUEST, "居民代表", present=False, absence_reason=" 生病 "
                ),
            ),
            agenda=(AgendaEntry("本月警情", "讨论" * 3000, "决定"),),
            actions=(
                ActionEntry("加强巡逻", "李明", date(2026, 3, 5), agenda_index=0),
                ActionEntry("继续整改", "王芳", date(2026, 1, 1), carried_from_id="a0"),
                ActionEntry("张贴提示", due_date=datetime(2026, 3, 9, 8, 0)),  # type: ignore[arg-type]
            ),
        )
    )
    assert update.title == "三月警情通报会" and update.place == "警务室"
    assert update.attendees[0].name == "张建国"
    assert update.attendees[1].ref_id is None  # guests have no reference
    assert update.attendees[2].absence_reason == "生病"
    assert len(update.agenda[0].discussion) == 6000
    assert update.actions[2].due_date == date(2026, 3, 9)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "会" * 101}, "title"),
        ({"ends_at": START - timedelta(minutes=1)}, "ends_at"),
        ({"place": "地" * 101}, "place"),
        ({"host": "名" * 65}, "host"),
        ({"summary": "x" * 50_001}, "summary"),
    ],
)
def test_bad_fields_are_refused_at_the_field(changes: dict[str, object], field: str) -> None:
    assert _field_of(_update(**changes)) == field


def test_title_of_exactly_100_characters_is_fine() -> None:
    assert validated_update(_update(title="会" * 100)).title == "会" * 100


@pytest.mark.parametrize(
    ("changes", "section", "row", "field"),
    [
        (
            {
                "attendees": (
                    AttendeeEntry(AttendeeKind.CONTACT, "张三", "c1"),
                    AttendeeEntry(AttendeeKind.CONTACT, "张三", "c1"),
                )
            },
            "attendees",
            1,
            "name",
        ),
        (
            {
                "attendees": (
                    AttendeeEntry(AttendeeKind.GUEST, "物业 代表"),
                    AttendeeEntry(AttendeeKind.GUEST, "物业代表"),
                )
            },
            "attendees",
            1,
            "name",
        ),
        (
            {"attendees": (AttendeeEntry(AttendeeKind.USER, "张建国"),)},
            "attendees",
            0,
            "ref_id",
        ),
        (
            {
                "attendees": (
                    AttendeeEntry(AttendeeKind.GUEST, "赵六", present=True, absence_reason="请假"),
                )
            },
            "attendees",
            0,
            "absence_reason",
        ),
        (
            {"attendees": (AttendeeEntry(AttendeeKind.GUEST, "赵六", absence_reason="请假"),)},
            "attendees",
            0,
            "absence_reason",
        ),
        ({"attendees": (AttendeeEntry(AttendeeKind.GUEST, " "),)}, "attendees", 0, "name"),
        ({"agenda": (AgendaEntry("议题"), AgendaEntry(""))}, "agenda", 1, "title"),
        (
            {"actions": (ActionEntry("巡逻", due_date=START.date() - timedelta(days=1)),)},
            "actions",
            0,
            "due_date",
        ),
        ({"actions": (ActionEntry(""),)}, "actions", 0, "description"),
        ({"actions": (ActionEntry("巡逻", agenda_index=0),)}, "actions", 0, "agenda_index"),
    ],
)
def test_bad_rows_name_their_section_row_and_field(
    changes: dict[str, object], section: str, row: int, field: str
) -> None:
    with pytest.raises(MeetingRowError) as error:
        validated_update(_update(**changes))
    assert (error.value.section, error.value.row, error.value.field) == (section, row, field)


def test_same_person_may_attend_as_user_and_contact_and_absent_without_reason() -> None:
    update = validated_update(
        _update(
            attendees=(
                AttendeeEntry(AttendeeKind.USER, "张三", "x1"),
                AttendeeEntry(AttendeeKind.CONTACT, "张三", "x1"),
                AttendeeEntry(AttendeeKind.GUEST, "张三"),
                AttendeeEntry(AttendeeKind.GUEST, "李四", present=False),
            )
        )
    )
    assert len(update.attendees) == 4


def test_draft_validation() -> None:
    draft = validated_draft(MeetingDraft(MeetingType.JOINT, " 联席会议 ", START))
    assert draft.title == "联席会议" and draft.ends_at is None
    with pytest.raises(ValidationError) as error:
        validated_draft(MeetingDraft(MeetingType.JOINT, "", START))
    assert error.value.field == "title"
    with pytest.raises(ValidationError) as error:
        validated_draft(MeetingDraft(MeetingType.JOINT, "会", START, START - timedelta(hours=1)))
    assert error.value.field == "ends_at"
    with pytest.raises(ValidationError) as error:
        validated_draft(MeetingDraft(MeetingType.JOINT, "会", None))  # type: ignore[arg-type]
    assert error.value.field == "starts_at"


def test_amendment_validation() -> None:
    assert validated_amendment(" 决定事项 ", " 第二项负责人应为李明。 ") == (
        "决定事项",
        "第二项负责人应为李明。",
    )
    with pytest.raises(ValidationError) as error:
        validated_amendment("", "  ")
    assert error.value.field == "text"


def test_wall_clock_keeps_naive_times_and_converts_aware_ones() -> None:
    assert wall_clock(START) == START
    aware = datetime(2026, 3, 5, 11, 0, tzinfo=UTC)
    converted = wall_clock(aware)
    assert converted.tzinfo is None
    assert converted == aware.astimezone().replace(tzinfo=None)


def test_detail_counts_and_groups() -> None:
    detail = MeetingDetail(
        id="m1",
        meeting_type=MeetingType.TEAM,
        title="队伍例会",
        starts_at=START,
        ends_at=None,
        place="警务室",
        host="张建国",
        recorder="王芳",
        status=MeetingStatus.HELD,
        attendees=(
            AttendeeEntry(AttendeeKind.USER, "张建国", "u1", present=True),
            AttendeeEntry(AttendeeKind.USER, "王芳", "u2", present=True),
            AttendeeEntry(AttendeeKind.GUEST, "赵六", present=False, absence_reason="出差"),
            AttendeeEntry(AttendeeKind.GUEST, "钱七", expected=False),
        ),
        actions=(
            ActionEntry(
                "a", status=ActionStatus.OPEN, due_date=date(2026, 3, 1), carried_from_id="x"
            ),
            ActionEntry("b", status=ActionStatus.DONE, due_date=date(2026, 3, 1)),
            ActionEntry("c", status=ActionStatus.IN_PROGRESS),
        ),
    )
    assert (detail.present_count, detail.absent_count, detail.unmarked_count) == (2, 1, 1)
    assert [a.name for a in detail.expected_attendees] == ["张建国", "王芳", "赵六"]
    assert [a.description for a in detail.carried_actions] == ["a"]
    assert [a.description for a in detail.own_actions] == ["b", "c"]
    assert detail.open_action_count == 2
    assert detail.actions[0].is_overdue(date(2026, 3, 2))
    assert not detail.actions[1].is_overdue(date(2026, 3, 2))  # done
    assert not detail.actions[2].is_overdue(date(2026, 3, 2))  # no due date
    assert detail.is_editable and not detail.is_finalised
    update = detail.to_update(title="新标题")
    assert update.title == "新标题" and update.attendees == detail.attendees and update.id == "m1"
