"""The home page figures: meetings coming up, open and overdue action items, the hours in
the beat this week, the patrol attendance to review; what is due today and this week."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from station_desk.domain.accounts import Principal
from station_desk.domain.duty import DutyActivity, DutyEntryDraft
from station_desk.domain.meetings import ActionEntry, MeetingDraft, MeetingType
from station_desk.domain.opinions import OpinionDraft, ReplyEntry, ReplyMethod
from station_desk.domain.reception import ReceptionDraft
from station_desk.services.container import Services
from station_desk.services.home import HomeService


def counters(services: Services, actor: Principal) -> dict[str, int]:
    return {c.key: c.value for c in services.home.summary(actor).counters}


def test_home_counts_upcoming_meetings_and_action_items(
    services: Services, officer: Principal
) -> None:
    today = date.today()
    assert counters(services, officer)["upcoming_meetings"] == 0
    soon = datetime.combine(today + timedelta(days=3), datetime.min.time()).replace(hour=19)
    meeting = services.meetings.new_meeting(
        officer, MeetingDraft(MeetingType.SECURITY_COMMITTEE, "治保例会", soon)
    )
    services.meetings.new_meeting(
        officer, MeetingDraft(MeetingType.TEAM, "队伍例会", soon + timedelta(days=30))
    )
    actions = (
        ActionEntry("排查群租房", "李明", today + timedelta(days=5)),
        ActionEntry("修路灯", "物业公司", today + timedelta(days=10)),
    )
    services.meetings.save(officer, meeting.to_update(actions=actions))
    figures = counters(services, officer)
    assert figures["upcoming_meetings"] == 1
    assert figures["open_actions"] == 2
    assert figures["overdue_actions"] == 0
    summary = services.home.summary(officer)
    assert summary.room_name == "和平里社区警务室" and summary.officer == "李明"


def test_overdue_action_items_are_flagged(services: Services, officer: Principal) -> None:
    today = date.today()
    past = datetime.combine(today - timedelta(days=10), datetime.min.time()).replace(hour=19)
    meeting = services.meetings.new_meeting(
        officer, MeetingDraft(MeetingType.POLICE_BRIEFING, "警情通报会", past)
    )
    late = ActionEntry("张贴防诈骗海报", "王芳", today - timedelta(days=2))
    services.meetings.save(officer, meeting.to_update(actions=(late,)))
    overdue = next(c for c in services.home.summary(officer).counters if c.key == "overdue_actions")
    assert overdue.value == 1 and overdue.warn


def test_in_beat_hours_this_week_against_the_target(services: Services, officer: Principal) -> None:
    thursday = datetime(2026, 3, 5, 9, 0).astimezone()
    home = HomeService(services.db, services.meetings, now=lambda: thursday)
    for day in (2, 3):  # Monday and Tuesday, 6 h each: 18 h were due by Thursday morning
        start = datetime(2026, 3, day, 8, 0)
        services.duty.add_entry(
            officer,
            DutyEntryDraft(officer.user_id, start, start + timedelta(hours=6), DutyActivity.VISIT),
        )
    figures = {c.key: c for c in home.summary(officer).counters}
    assert figures["duty_hours_week"].value == 12 and figures["duty_hours_week"].warn
    assert figures["duty_hours_week"].detail == "12.0 / 30"
    start = datetime(2026, 3, 4, 8, 0)
    services.duty.add_entry(
        officer,
        DutyEntryDraft(officer.user_id, start, start + timedelta(hours=7), DutyActivity.PATROL),
    )
    figures = {c.key: c for c in home.summary(officer).counters}
    assert figures["duty_hours_week"].value == 19 and not figures["duty_hours_week"].warn
    assert figures["attendance_to_review"].value == 0 and not figures["attendance_to_review"].warn


def test_the_container_shares_its_services_with_the_home_page(services: Services) -> None:
    assert services.home.mediation is services.mediation
    assert services.home.duty is services.duty
    assert services.home.rosters is services.rosters


def _subject_due(services: Services, officer: Principal, days_ago: int) -> None:
    from station_desk.domain.youth import GuardianEntry, RiskGrade, SubjectDraft, YouthGroup

    today = date.today()
    services.youth.register(
        officer,
        SubjectDraft(
            name="张小明",
            group=YouthGroup.IDLE,
            risk_grade=RiskGrade.YELLOW,
            reason="辍学在家。",
            birth_date=date(today.year - 15, 1, 1),
            registered_on=today - timedelta(days=days_ago),
            guardians=(GuardianEntry("张建军", "父亲", "13812345678"),),
        ),
    )


def test_youth_sessions_due_for_those_who_may_see_them(
    services: Services, admin: Principal, officer: Principal, aux: Principal
) -> None:
    assert counters(services, officer)["youth_sessions_due"] == 0
    _subject_due(services, officer, 40)  # the first session was due 10 days ago
    _subject_due(services, officer, 1)  # due in 29 days: not yet
    mine = next(c for c in services.home.summary(officer).counters if c.key == "youth_sessions_due")
    assert mine.value == 1 and mine.warn and mine.label == "Youth guidance sessions due"
    assert counters(services, admin)["youth_sessions_due"] == 1
    assert "youth_sessions_due" not in counters(services, aux)  # no counter, not even 0


def test_today_and_this_week_has_opinions_and_reception_follow_ups_due(
    services: Services, officer: Principal
) -> None:
    """Issue 19 point 1: opinions to answer and reception follow-ups due this week are on
    the agenda, overdue first; later ones are not."""
    today = date.today()
    late = services.opinions.register(  # received three weeks ago: past its 5 working days
        officer, OpinionDraft(today - timedelta(days=21), content="楼道灯坏了", name="王芳")
    )
    soon = services.opinions.register(
        officer, OpinionDraft(today, content="加强夜间巡逻", due_on=today + timedelta(days=3))
    )
    services.opinions.register(
        officer, OpinionDraft(today, content="增设停车位", due_on=today + timedelta(days=20))
    )
    answered = services.opinions.register(
        officer, OpinionDraft(today, content="已答复的意见", due_on=today + timedelta(days=2))
    )
    services.opinions.reply(officer, answered.id, ReplyEntry(today, ReplyMethod.PHONE, "已处理"))
    yesterday = today - timedelta(days=1)  # received in the past at any hour the test runs
    follow_up = services.reception.record(officer, ReceptionDraft(
        datetime.combine(yesterday, datetime.min.time()).replace(hour=9), name="赵四",
        content="咨询户口迁移", follow_up_due=today + timedelta(days=2),
    ))
    services.reception.record(officer, ReceptionDraft(
        datetime.combine(yesterday, datetime.min.time()).replace(hour=10), name="钱五",
        content="咨询办证", follow_up_due=today + timedelta(days=30),
    ))
    items, total = services.home.agenda(officer)
    due = [(item.kind, item.record_id, item.overdue) for item in items if item.kind in ("opinions", "reception")]
    assert set(due) == {
        ("opinions", late.id, True), ("opinions", soon.id, False), ("reception", follow_up.id, False)
    }
    assert items[0].record_id == late.id  # overdue first
    assert total == len(items)
