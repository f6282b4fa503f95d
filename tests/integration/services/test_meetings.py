"""Meetings (会议): templates, one-save editing, carry-over, finalising and amending, lists."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from station_desk.domain.accounts import Principal
from station_desk.domain.audit import AuditFilter
from station_desk.domain.contacts import ContactDraft, OrganisationDraft, OrganisationKind
from station_desk.domain.meetings import (
    ActionEntry,
    ActionStatus,
    AgendaEntry,
    AttendeeEntry,
    AttendeeKind,
    MeetingDetail,
    MeetingDocument,
    MeetingDraft,
    MeetingFinalisedError,
    MeetingQuery,
    MeetingRowError,
    MeetingStatus,
    MeetingType,
    agenda_template,
)
from station_desk.errors import NotFoundError, ValidationError
from station_desk.services.container import Services
from station_desk.services.meetings import MeetingService

START = datetime(2026, 3, 5, 19, 0)
ROOM = "和平里社区警务室"


def _new(
    services: Services,
    actor: Principal,
    meeting_type: MeetingType = MeetingType.POLICE_BRIEFING,
    starts_at: datetime = START,
    title: str = "三月警情通报会",
    **changes: object,
) -> MeetingDetail:
    draft = MeetingDraft(meeting_type, title, starts_at, **changes)  # type: ignore[arg-type]
    return services.meetings.new_meeting(actor, draft)


def _with_actions(
    services: Services, actor: Principal, meeting: MeetingDetail, *actions: ActionEntry
) -> MeetingDetail:
    return services.meetings.save(actor, meeting.to_update(actions=meeting.actions + actions))


def _strip_ids(detail: MeetingDetail) -> MeetingDetail:
    return replace(
        detail,
        attendees=tuple(replace(a, id=None) for a in detail.attendees),
        agenda=tuple(replace(a, id=None) for a in detail.agenda),
        actions=tuple(replace(a, id=None) for a in detail.actions),
        updated_at=None,
    )


@pytest.fixture
def zhang_san(services: Services, officer: Principal) -> str:
    committee = services.contacts.create_organisation(
        officer, OrganisationDraft("和平里社区居委会", OrganisationKind.RESIDENTS_COMMITTEE)
    )
    person = services.contacts.create_person(officer, ContactDraft("张三", committee.id, "主任"))
    return person.id


# --- creating ------------------------------------------------------------------------------


@pytest.mark.parametrize("meeting_type", list(MeetingType))
def test_new_meeting_starts_from_the_type_template(
    services: Services, officer: Principal, meeting_type: MeetingType
) -> None:
    meeting = _new(services, officer, meeting_type)
    assert [item.title for item in meeting.agenda] == agenda_template(meeting_type)
    assert meeting.place == ROOM  # default: the room's name from the settings
    assert meeting.status is MeetingStatus.PLANNED
    assert meeting.actions == () and meeting.attendees == ()
    assert services.meetings.get(officer, meeting.id) == meeting


def test_new_meeting_without_template_keeps_the_typed_place(
    services: Services, officer: Principal
) -> None:
    meeting = _new(services, officer, place="居委会会议室", use_template=False)
    assert meeting.place == "居委会会议室" and meeting.agenda == ()


def test_new_meeting_with_attendees(services: Services, aux: Principal, zhang_san: str) -> None:
    candidates = services.meetings.attendee_candidates(aux, "zs")
    assert [(c.kind, c.name) for c in candidates] == [(AttendeeKind.CONTACT, "张三")]
    meeting = _new(services, aux, attendees=(candidates[0].as_attendee(),))
    assert meeting.attendees[0].ref_id == zhang_san
    assert meeting.attendees[0].organisation == "和平里社区居委会"
    assert meeting.attendees[0].role == "主任"


# --- saving and reloading -----------------------------------------------------------------


def test_every_field_round_trips_through_save_and_reload(
    services: Services, officer: Principal, zhang_san: str
) -> None:
    meeting = _new(services, officer)
    meeting = services.meetings.set_status(officer, meeting.id, MeetingStatus.HELD)
    users = {c.name: c for c in services.meetings.attendee_candidates(officer, "")}
    long_discussion = "与会人员围绕本月盗窃电动车警情展开讨论。" * 300  # 6,000 characters
    update = meeting.to_update(
        meeting_type=MeetingType.POLICE_BRIEFING,
        title="2026年3月警情通报会",
        starts_at=datetime(2026, 3, 6, 19, 30),
        ends_at=datetime(2026, 3, 6, 21, 0),
        place="和平里社区居委会二楼会议室",
        host="张建国",
        recorder="王芳",
        summary="本月警情总体平稳。",
        notes="会后张贴防范提示。",
        attendees=(
            users["张建国"].as_attendee(),
            replace(users["王芳"].as_attendee(), present=True),
            AttendeeEntry(
                AttendeeKind.CONTACT,
                "张三",
                zhang_san,
                "和平里社区居委会",
                "主任",
                True,
                False,
                "出差",
            ),
            AttendeeEntry(AttendeeKind.CONTACT, "张三", zhang_san[:-1] + "x", present=False),
            AttendeeEntry(
                AttendeeKind.GUEST, "安居物业代表", None, "安居物业", "经理", False, True
            ),
            AttendeeEntry(AttendeeKind.VOLUNTEER, "赵志愿", "v-1", "巡逻队", "队长"),
        ),
        agenda=(
            AgendaEntry("本月警情通报", long_discussion, "一、加强夜间巡逻。\n二、张贴提示。"),
            AgendaEntry("群众意见建议", "", ""),
        ),
        actions=(
            ActionEntry(
                "加强夜间巡逻", "李明", date(2026, 3, 31), ActionStatus.IN_PROGRESS, "已排班", 0
            ),
            ActionEntry("张贴防范提示", "王芳", date(2026, 3, 6), ActionStatus.DONE, "", None),
            ActionEntry("回复群众意见", "张建国", None, ActionStatus.OPEN, "", 1),
        ),
    )
    saved = services.meetings.save(officer, update)
    reloaded = services.meetings.get(officer, meeting.id)
    assert reloaded == saved
    for name in (
        "meeting_type",
        "title",
        "starts_at",
        "ends_at",
        "place",
        "host",
        "recorder",
        "summary",
        "notes",
    ):
        assert getattr(reloaded, name) == getattr(update, name), name
    assert [replace(a, id=None) for a in reloaded.attendees] == list(update.attendees)
    assert [replace(a, id=None) for a in reloaded.agenda] == list(update.agenda)
    assert [replace(a, id=None) for a in reloaded.actions] == list(update.actions)
    assert len(reloaded.agenda[0].discussion) == 6000
    assert (reloaded.present_count, reloaded.absent_count, reloaded.unmarked_count) == (2, 2, 2)

    # a second save: change one row, remove one, add one; ids of kept rows stay
    second = reloaded.to_update(
        attendees=reloaded.attendees[:2],
        agenda=(replace(reloaded.agenda[1], decisions="逐条答复"), AgendaEntry("下月工作安排")),
        actions=(
            replace(reloaded.actions[0], status=ActionStatus.DONE, agenda_index=None),
            ActionEntry("制定下月计划", "李明", date(2026, 4, 1), agenda_index=1),
        ),
    )
    again = services.meetings.save(officer, second)
    assert [a.id for a in again.attendees] == [a.id for a in reloaded.attendees[:2]]
    assert again.agenda[0].id == reloaded.agenda[1].id and again.agenda[0].decisions == "逐条答复"
    assert again.actions[0].id == reloaded.actions[0].id
    assert again.actions[0].status is ActionStatus.DONE and again.actions[0].agenda_index is None
    assert again.actions[1].agenda_index == 1 and again.actions[1].id is not None
    assert services.meetings.get(officer, meeting.id) == again

    # and amendments once finalised
    services.meetings.set_status(officer, meeting.id, MeetingStatus.FINALISED)
    amended = services.meetings.add_amendment(officer, meeting.id, "决定事项", "第一项由李明负责。")
    final = services.meetings.get(officer, meeting.id)
    assert final == amended and final.is_finalised
    amendment = final.amendments[0]
    assert (amendment.section, amendment.text) == ("决定事项", "第一项由李明负责。")
    assert amendment.by_name == "李明" and amendment.by_user_id == officer.user_id
    assert amendment.at.tzinfo is not None


def test_meeting_times_are_stored_as_wall_clock(services: Services, officer: Principal) -> None:
    meeting = _new(services, officer, starts_at=datetime(2026, 7, 1, 19, 0))
    assert meeting.starts_at == datetime(2026, 7, 1, 19, 0) and meeting.starts_at.tzinfo is None


def test_a_failed_save_changes_nothing(services: Services, officer: Principal) -> None:
    meeting = _new(services, officer)
    meeting = services.meetings.save(
        officer, meeting.to_update(summary="已保存的内容", actions=(ActionEntry("巡逻", "李明"),))
    )
    bad = meeting.to_update(
        summary="新的内容",
        attendees=(
            AttendeeEntry(AttendeeKind.GUEST, "赵六"),
            AttendeeEntry(AttendeeKind.GUEST, "赵六"),
        ),
    )
    with pytest.raises(MeetingRowError) as error:
        services.meetings.save(officer, bad)
    assert (error.value.section, error.value.row, error.value.field) == ("attendees", 1, "name")
    assert services.meetings.get(officer, meeting.id) == meeting


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "会" * 101}, "title"),
        ({"ends_at": START - timedelta(hours=1)}, "ends_at"),
        (
            {"actions": (ActionEntry("巡逻", due_date=START.date() - timedelta(days=1)),)},
            "due_date",
        ),
        (
            {"attendees": (AttendeeEntry(AttendeeKind.GUEST, "赵六", absence_reason="请假"),)},
            "absence_reason",
        ),
        ({"attendees": (AttendeeEntry(AttendeeKind.GUEST, "赵六", present=True),)}, "present"),
    ],
)
def test_bad_input_is_refused_at_the_field(
    services: Services, officer: Principal, changes: dict[str, object], field: str
) -> None:
    meeting = _new(services, officer)
    with pytest.raises(ValidationError) as error:
        services.meetings.save(officer, meeting.to_update(**changes))
    assert error.value.field == field
    assert services.meetings.get(officer, meeting.id) == meeting


def test_an_attendee_twice_is_refused(
    services: Services, officer: Principal, zhang_san: str
) -> None:
    meeting = _new(services, officer)
    contact = AttendeeEntry(AttendeeKind.CONTACT, "张三", zhang_san)
    with pytest.raises(ValidationError) as error:
        services.meetings.save(officer, meeting.to_update(attendees=(contact, contact)))
    assert error.value.field == "name" and "already" in error.value.message
    with pytest.raises(ValidationError) as error:
        _new(services, officer, attendees=(contact, replace(contact, name="张三 ")))
    assert error.value.field == "name"


def test_a_row_deleted_elsewhere_is_reported(services: Services, officer: Principal) -> None:
    meeting = _new(services, officer)
    stale = replace(meeting.agenda[0], id="not-a-row-of-this-meeting")
    with pytest.raises(MeetingRowError) as error:
        services.meetings.save(officer, meeting.to_update(agenda=(stale,)))
    assert (error.value.section, error.value.field) == ("agenda", "id")


# --- carry-over -------------------------------------------------------------------------


def test_open_action_items_are_carried_to_the_next_meeting_of_the_type(
    services: Services, officer: Principal
) -> None:
    march = _new(services, officer)
    march = _with_actions(
        services,
        officer,
        march,
        ActionEntry("整治楼道堆物", "物业", date(2026, 3, 20), ActionStatus.OPEN),
        ActionEntry("加装监控", "居委会", date(2026, 3, 31), ActionStatus.IN_PROGRESS, "已报价"),
        ActionEntry("张贴提示", "王芳", date(2026, 3, 6), ActionStatus.DONE),
        ActionEntry("组织演练", "李明", None, ActionStatus.CANCELLED),
    )
    _new(services, officer, MeetingType.SECURITY_COMMITTEE, START + timedelta(days=10))
    april = _new(services, officer, starts_at=datetime(2026, 4, 2, 19, 0), title="四月警情通报会")
    carried = april.carried_actions
    assert [a.description for a in carried] == ["整治楼道堆物", "加装监控"]
    assert [a.carried_from_id for a in carried] == [march.actions[0].id, march.actions[1].id]
    assert carried[1].status is ActionStatus.IN_PROGRESS and carried[1].progress == "已报价"
    assert carried[1].due_date == date(2026, 3, 31)  # the old due date stays, though passed
    assert all(a.carried_from_meeting_id == march.id for a in carried)
    assert carried[0].carried_from_meeting_title == "三月警情通报会"
    assert carried[0].carried_from_meeting_starts_at == START
    assert april.own_actions == ()
    previous = services.meetings.previous_meeting(
        officer, MeetingType.POLICE_BRIEFING, april.starts_at
    )
    assert previous is not None and previous.id == march.id

    # the carried items save with the meeting (their past due date is accepted)
    april = services.meetings.save(officer, april.to_update(title="四月警情通报会（修订）"))

    # finishing a carried item in April also finishes it in March, even when March is final
    services.meetings.set_status(officer, march.id, MeetingStatus.HELD)
    services.meetings.set_status(officer, march.id, MeetingStatus.FINALISED)
    done = replace(april.actions[0], status=ActionStatus.DONE, progress="已清理")
    april = services.meetings.save(officer, april.to_update(actions=(done, april.actions[1])))
    march_now = services.meetings.get(officer, march.id)
    assert march_now.actions[0].status is ActionStatus.DONE
    assert march_now.actions[0].progress == ""  # only the status follows
    assert march_now.actions[1].status is ActionStatus.IN_PROGRESS

    # May gets only what is still open, continuing the chain
    may = _new(services, officer, starts_at=datetime(2026, 5, 7, 19, 0), title="五月警情通报会")
    assert [a.description for a in may.carried_actions] == ["加装监控"]
    assert may.carried_actions[0].carried_from_id == april.actions[1].id
    finished = replace(may.actions[0], status=ActionStatus.DONE)
    services.meetings.save(officer, may.to_update(actions=(finished,)))
    assert services.meetings.get(officer, march.id).actions[1].status is ActionStatus.DONE
    assert services.meetings.get(officer, april.id).actions[1].status is ActionStatus.DONE


def test_carry_over_skips_deleted_meetings_and_can_be_switched_off(
    services: Services, officer: Principal
) -> None:
    january = _new(services, officer, starts_at=datetime(2026, 1, 8, 19, 0), title="一月")
    _with_actions(services, officer, january, ActionEntry("一月事项", due_date=date(2026, 1, 31)))
    february = _new(services, officer, starts_at=datetime(2026, 2, 5, 19, 0), title="二月")
    february = _with_actions(
        services, officer, february, ActionEntry("二月事项", due_date=date(2026, 2, 28))
    )
    services.meetings.delete(officer, february.id)
    march = _new(services, officer)
    assert [a.description for a in march.carried_actions] == ["一月事项"]
    april = _new(services, officer, starts_at=datetime(2026, 4, 2, 19), carry_over=False)
    assert april.actions == ()


# --- statuses, finalising and amending -------------------------------------------------


def test_finalised_meeting_refuses_every_edit_but_amendments(
    services: Services, officer: Principal, admin: Principal
) -> None:
    meeting = _new(services, officer)
    with pytest.raises(ValidationError) as error:
        services.meetings.set_status(officer, meeting.id, MeetingStatus.FINALISED)
    assert error.value.field == "status"  # must be held first
    with pytest.raises(ValidationError) as error:
        services.meetings.add_amendment(officer, meeting.id, "", "更正")
    assert error.value.field == "status"  # not finalised: edit directly
    services.meetings.set_status(officer, meeting.id, MeetingStatus.HELD)
    final = services.meetings.set_status(officer, meeting.id, MeetingStatus.FINALISED)
    assert final.is_finalised and not final.is_editable

    attempts = [
        lambda: services.meetings.save(officer, final.to_update(title="改标题")),
        lambda: services.meetings.set_status(officer, meeting.id, MeetingStatus.HELD),
        lambda: services.meetings.set_status(officer, meeting.id, MeetingStatus.PLANNED),
        lambda: services.meetings.set_status(officer, meeting.id, MeetingStatus.FINALISED),
        lambda: services.meetings.delete(officer, meeting.id),
    ]
    for attempt in attempts:
        with pytest.raises(MeetingFinalisedError):
            attempt()
    assert services.meetings.get(officer, meeting.id) == final

    with pytest.raises(ValidationError) as error:
        services.meetings.add_amendment(officer, meeting.id, "决定事项", " ")
    assert error.value.field == "text"
    clock = datetime(2026, 3, 9, 2, 30, tzinfo=UTC)
    dated = MeetingService(services.db, now=lambda: clock)
    dated.add_amendment(officer, meeting.id, "参会人员", "赵六实际出席。")
    amended = services.meetings.add_amendment(officer, meeting.id, "", "会议结束时间为21:00。")
    assert [a.text for a in amended.amendments] == ["赵六实际出席。", "会议结束时间为21:00。"]
    assert amended.amendments[0].at == clock
    entries = services.audit.list_entries(admin, AuditFilter(record_type="meeting_amendment"))
    assert len(entries) == 2 and all(e.action == "create" for e in entries)
    assert entries[0].details["fields"]["text"] == "会议结束时间为21:00。"


def test_back_to_planned_clears_attendance(
    services: Services, officer: Principal, admin: Principal
) -> None:
    meeting = _new(services, officer, attendees=(AttendeeEntry(AttendeeKind.GUEST, "赵六"),))
    held = services.meetings.set_status(officer, meeting.id, MeetingStatus.HELD)
    absent = replace(held.attendees[0], present=False, absence_reason="生病")
    held = services.meetings.save(officer, held.to_update(attendees=(absent,)))
    assert held.absent_count == 1
    planned = services.meetings.set_status(officer, meeting.id, MeetingStatus.PLANNED)
    assert planned.status is MeetingStatus.PLANNED
    assert planned.attendees[0].present is None and planned.attendees[0].absence_reason == ""
    entry = services.audit.list_entries(admin, AuditFilter(record_id=absent.id or ""))[0]
    assert entry.details["changes"]["absence_reason"] == {"old": "生病", "new": ""}


def test_delete_and_restore(services: Services, aux: Principal, admin: Principal) -> None:
    meeting = _new(services, aux)
    services.meetings.delete(aux, meeting.id)
    assert services.meetings.list_meetings(aux, MeetingQuery()) == []
    listed = services.meetings.list_meetings(aux, MeetingQuery(include_deleted=True))
    assert [m.id for m in listed] == [meeting.id] and listed[0].is_deleted
    assert services.meetings.get(aux, meeting.id).is_deleted
    with pytest.raises(NotFoundError):
        services.meetings.save(aux, meeting.to_update(title="改"))
    with pytest.raises(NotFoundError):
        services.meetings.get(aux, "no-such-meeting")
    restored = services.meetings.restore(aux, meeting.id)
    assert not restored.is_deleted
    actions = [
        e.action for e in services.audit.list_entries(admin, AuditFilter(record_id=meeting.id))
    ]
    assert actions == ["restore", "delete", "create"]


# --- audit and roles -------------------------------------------------------------------


def test_saving_writes_create_and_update_entries(
    services: Services, officer: Principal, admin: Principal
) -> None:
    meeting = _new(services, officer)
    update = meeting.to_update(
        title="三月警情通报会（第二次）", attendees=(AttendeeEntry(AttendeeKind.GUEST, "赵六"),)
    )
    saved = services.meetings.save(officer, update)
    entries = services.audit.list_entries(admin, AuditFilter(record_id=meeting.id))
    assert [e.action for e in entries] == ["update", "create"]
    assert entries[0].username == "officer"
    assert entries[0].details["changes"]["title"] == {
        "old": "三月警情通报会",
        "new": "三月警情通报会（第二次）",
    }
    assert entries[1].details["fields"]["status"] == "planned"
    attendee = services.audit.list_entries(
        admin, AuditFilter(record_id=saved.attendees[0].id or "")
    )
    assert [(e.action, e.record_type) for e in attendee] == [("create", "meeting_attendee")]
    assert attendee[0].details["fields"]["name"] == "赵六"
    agenda = services.audit.list_entries(admin, AuditFilter(record_type="meeting_agenda_item"))
    assert len(agenda) == len(meeting.agenda)


def test_printing_is_audited(services: Services, aux: Principal, admin: Principal) -> None:
    meeting = _new(services, aux)
    services.meeting_documents.record_output(aux, meeting.id, MeetingDocument.SIGN_IN, "print", "")
    services.meeting_documents.record_output(aux, meeting.id, "minutes", "print", "")
    entries = services.audit.list_entries(admin, AuditFilter(action="print"))
    assert [e.details["document"] for e in entries] == ["minutes", "sign-in"]
    assert all(e.record_id == meeting.id and e.record_type == "meeting" for e in entries)
    with pytest.raises(ValueError):
        services.meeting_documents.record_output(aux, meeting.id, "poster", "print", "")


def test_every_role_may_read_and_aux_may_edit(
    services: Services, aux: Principal, officer: Principal, admin: Principal
) -> None:
    meeting = _new(services, aux)
    meeting = services.meetings.save(aux, meeting.to_update(summary="辅警录入"))
    for actor in (aux, officer, admin):
        assert services.meetings.get(actor, meeting.id).summary == "辅警录入"
        assert len(services.meetings.list_meetings(actor, MeetingQuery())) == 1
        services.meetings.action_overview(actor, date(2026, 3, 10))
    assert services.audit.list_entries(admin, AuditFilter(action="denied")) == []


# --- lists -------------------------------------------------------------------------------


def test_list_meetings_filters_and_order(services: Services, officer: Principal) -> None:
    a = _new(
        services, officer, MeetingType.POLICE_BRIEFING, datetime(2026, 1, 8, 19), "一月警情通报会"
    )
    b = _new(
        services, officer, MeetingType.SECURITY_COMMITTEE, datetime(2026, 2, 3, 9), "二月治保例会"
    )
    c = _new(
        services,
        officer,
        MeetingType.POLICE_BRIEFING,
        datetime(2026, 2, 28, 23, 30),
        "二月警情通报会",
        host="张建国",
    )
    services.meetings.set_status(officer, b.id, MeetingStatus.HELD)

    def ids(**query: object) -> list[str]:
        rows = services.meetings.list_meetings(officer, MeetingQuery(**query))  # type: ignore[arg-type]
        return [row.id for row in rows]

    assert ids() == [c.id, b.id, a.id]  # newest first
    assert ids(meeting_type=MeetingType.POLICE_BRIEFING) == [c.id, a.id]
    assert ids(status=MeetingStatus.HELD) == [b.id]
    assert ids(date_from=date(2026, 2, 1), date_to=date(2026, 2, 28)) == [c.id, b.id]
    assert ids(date_to=date(2026, 2, 27)) == [b.id, a.id]
    assert ids(text="治保") == [b.id]
    assert ids(text="张建国") == [c.id]
    assert ids(text=ROOM[:3]) == [c.id, b.id, a.id]  # the place
    assert ids(text="%") == []
    assert ids(limit=1) == [c.id]
    row = services.meetings.list_meetings(officer, MeetingQuery(status=MeetingStatus.HELD))[0]
    assert (row.meeting_type, row.title, row.place, row.status) == (
        MeetingType.SECURITY_COMMITTEE,
        "二月治保例会",
        ROOM,
        MeetingStatus.HELD,
    )


def test_action_overview_puts_overdue_first(services: Services, officer: Principal) -> None:
    today = date(2026, 3, 15)
    jan = _new(services, officer, MeetingType.TEAM, datetime(2026, 1, 10, 9), "一月队伍例会")
    _with_actions(
        services,
        officer,
        jan,
        ActionEntry("早已逾期", due_date=date(2026, 2, 1)),
        ActionEntry("已完成", due_date=date(2026, 1, 20), status=ActionStatus.DONE),
    )
    march = _new(services, officer, MeetingType.JOINT, datetime(2026, 3, 1, 14), "三月联席会议")
    _with_actions(
        services,
        officer,
        march,
        ActionEntry("没有期限"),
        ActionEntry("下月到期", due_date=date(2026, 4, 10), status=ActionStatus.IN_PROGRESS),
        ActionEntry("近期逾期", due_date=date(2026, 3, 10)),
        ActionEntry("本周到期", due_date=date(2026, 3, 20)),
        ActionEntry("已取消", due_date=date(2026, 3, 2), status=ActionStatus.CANCELLED),
    )
    feb_team = _new(services, officer, MeetingType.TEAM, datetime(2026, 2, 10, 9), "二月队伍例会")
    assert [a.description for a in feb_team.carried_actions] == ["早已逾期"]

    rows = services.meetings.action_overview(officer, today)
    assert [r.description for r in rows] == [
        "早已逾期",  # overdue, shown once: its latest link, in February's meeting
        "近期逾期",
        "本周到期",
        "下月到期",
        "没有期限",
        "已取消",  # closed ones last, latest due date first
        "已完成",
    ]
    first = rows[0]
    assert first.overdue and first.carried and first.meeting_title == "二月队伍例会"
    assert first.first_meeting_id == jan.id and first.first_meeting_title == "一月队伍例会"
    assert rows[1].meeting_title == "三月联席会议" and rows[1].meeting_type is MeetingType.JOINT
    assert rows[1].first_meeting_id == march.id
    assert [r.overdue for r in rows] == [True, True, False, False, False, False, False]
    open_only = services.meetings.action_overview(officer, today, only_open=True)
    assert [r.description for r in open_only] == [r.description for r in rows[:5]]

    services.meetings.delete(officer, feb_team.id)  # the January item is its own latest again
    rows = services.meetings.action_overview(officer, today, only_open=True)
    assert rows[0].meeting_id == jan.id and not rows[0].carried


def test_attendee_candidates(
    services: Services, officer: Principal, admin: Principal, zhang_san: str
) -> None:
    everyone = services.meetings.attendee_candidates(officer)
    assert [(c.kind, c.name) for c in everyone] == [
        (AttendeeKind.USER, "张建国"),
        (AttendeeKind.USER, "李明"),
        (AttendeeKind.USER, "王芳"),
        (AttendeeKind.CONTACT, "张三"),
    ]
    zhang = services.meetings.attendee_candidates(officer, "张")
    assert {(c.kind, c.name) for c in zhang} == {
        (AttendeeKind.USER, "张建国"),
        (AttendeeKind.CONTACT, "张三"),
    }
    user = next(c for c in zhang if c.kind is AttendeeKind.USER)
    assert user.organisation == ROOM and user.role == "Administrator"
    assert user.ref_id == admin.user_id
    contact = next(c for c in zhang if c.kind is AttendeeKind.CONTACT)
    assert (contact.ref_id, contact.organisation, contact.role) == (
        zhang_san,
        "和平里社区居委会",
        "主任",
    )
    assert [c.name for c in services.meetings.attendee_candidates(officer, "lm")] == ["李明"]
    assert len(services.meetings.attendee_candidates(officer, "", limit=2)) == 2


def test_volunteers_are_offered_as_attendees(services: Services, officer: Principal) -> None:
    from station_desk.domain.volunteers import VolunteerDraft

    volunteer = services.volunteers.create(officer, VolunteerDraft("阿依古丽·买买提"))
    found = services.meetings.attendee_candidates(officer, "阿依")
    assert [(c.kind, c.ref_id) for c in found] == [(AttendeeKind.VOLUNTEER, volunteer.id)]


def test_action_overview_names_the_first_meeting_of_a_long_chain(
    services: Services, officer: Principal
) -> None:
    """The chain's links are read at once (issue 15): a task carried through four meetings
    shows once, in its latest meeting, with the first one named; a finished side task of
    the second meeting has that meeting as its first."""
    jan = _new(services, officer, MeetingType.TEAM, datetime(2026, 1, 10, 9), "一月队伍例会")
    _with_actions(services, officer, jan, ActionEntry("长期整改", due_date=date(2026, 1, 31)))
    feb = _new(services, officer, MeetingType.TEAM, datetime(2026, 2, 10, 9), "二月队伍例会")
    _with_actions(services, officer, feb, ActionEntry("二月新事", status=ActionStatus.DONE))
    _new(services, officer, MeetingType.TEAM, datetime(2026, 3, 10, 9), "三月队伍例会")
    april = _new(services, officer, MeetingType.TEAM, datetime(2026, 4, 10, 9), "四月队伍例会")
    assert [a.description for a in april.carried_actions] == ["长期整改"]

    rows = services.meetings.action_overview(officer, date(2026, 4, 15))
    assert [(r.description, r.meeting_title, r.first_meeting_title) for r in rows] == [
        ("长期整改", "四月队伍例会", "一月队伍例会"),
        ("二月新事", "二月队伍例会", "二月队伍例会"),
    ]
    assert rows[0].carried and rows[0].first_meeting_id == jan.id and not rows[1].carried
    assert rows[0].first_meeting_starts_at == datetime(2026, 1, 10, 9)
    assert rows[0].meeting_type is MeetingType.TEAM and rows[1].status is ActionStatus.DONE
    # rows made without their __init__ (`frozen_record`, thousands of rows): every field
    # set, as __init__ (through `replace`) sets them
    assert all(vars(row) == vars(replace(row)) for row in rows)
