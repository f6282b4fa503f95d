"""The home page figures: meetings coming up, open and overdue action items."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from station_desk.domain.accounts import Principal
from station_desk.domain.meetings import ActionEntry, MeetingDraft, MeetingType
from station_desk.services.container import Services


def counters(services: Services, actor: Principal) -> dict[str, int]:
    return {c.key: c.value for c in services.home.summary(actor).counters}


def test_home_counts_upcoming_meetings_and_action_items(services: Services, officer: Principal) -> None:
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
