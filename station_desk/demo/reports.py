"""Demo 述职报告, 警情通报 and 评议: the officer's finalised report for every quarter that ended
since the demo meetings began, a briefing text for every month, and on each held 述职会 the
previous quarter's report with the attendees' ratings, on each held 警情通报会 the previous
month's briefing. Runs after the meetings (it reads their attendees).
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_desk.db.models import (
    MeetingAttendee,
    MeetingRating,
    MeetingReport,
    PoliceBriefing,
    WorkReport,
)
from station_desk.domain.accounts import Principal
from station_desk.domain.duty import month_end
from station_desk.domain.ids import new_id
from station_desk.domain.meetings import MeetingQuery, MeetingStatus, MeetingType
from station_desk.domain.roles import Role
from station_desk.domain.work_reports import Quarter, Rating, WorkReportStatus
from station_desk.services.container import Services

SUMMARIES = (
    "本季度坚持每周下沉社区，走访辖区住户和商户，核查出租屋登记，开展防诈骗、消防安全宣传。",
    "本季度共调解邻里、物业等各类纠纷，组织群防群治队伍夜间巡逻，辖区未发生重大案事件。",
    "本季度重点做好老年人防诈骗宣传和青少年帮教工作，警务室接待群众来访咨询、办事。",
)
PROBLEMS = (
    "夜间巡逻力量不足，部分老旧小区监控覆盖不够。",
    "部分出租屋登记信息更新不及时，流动人口底数不够清。",
    "电动车楼道停放充电现象仍有反复。",
)
PLANS = (
    "加强夜间巡逻，推动老旧小区技防建设，继续做好防诈骗宣传。",
    "联合居委会、物业开展出租屋清查和消防安全检查。",
    "完善群防群治队伍排班，提高志愿者参与率。",
)
ADVICE = (
    "近期冒充客服退款诈骗多发，请勿向陌生人转账，不点击不明链接。",
    "天气干燥，电动车请勿进楼入户充电，楼道内不堆放杂物。",
    "外出请关好门窗，贵重物品不放在车内显眼处。",
    "谨防冒充公检法诈骗，公安机关不会通过电话要求转账。",
)
RATING_WEIGHTS = ((Rating.SATISFIED, 80), (Rating.FAIRLY_SATISFIED, 17), (Rating.DISSATISFIED, 3))
REMARKS = ("", "", "", "希望夜间多巡逻", "宣传到位", "办事热情", "停车问题请继续关注")


def generate_reports(services: Services, admin: Principal, rng: random.Random, scale: int) -> int:
    """Reports, briefings and reviews of the demo meetings; returns the records made."""
    today = date.today()
    officer = next(
        (a for a in services.accounts.list_accounts(admin) if a.role is Role.OFFICER), None
    )
    meetings = [
        m for m in services.meetings.list_meetings(admin, MeetingQuery(limit=100_000))
        if m.status is not MeetingStatus.PLANNED and m.starts_at.date() <= today
    ]
    if officer is None or not meetings:
        return 0
    first = min(m.starts_at.date() for m in meetings) - timedelta(days=92)
    made = 0
    with services.db.session(admin) as session:
        reports: dict[Quarter, str] = {}
        quarter = Quarter.of(first)
        while quarter.last_day < today:
            row = WorkReport(
                id=new_id(), user_id=officer.id, year=quarter.year, quarter=quarter.number,
                summary=rng.choice(SUMMARIES), problems=rng.choice(PROBLEMS), plans=rng.choice(PLANS),
                status=WorkReportStatus.FINAL.value,
                finalised_at=datetime.combine(quarter.last_day + timedelta(days=10), time(9), UTC),
            )
            session.add(row)
            reports[quarter] = row.id
            quarter = Quarter(quarter.year + quarter.number // 4, quarter.number % 4 + 1)
        briefings: dict[date, str] = {}
        month = date(first.year, first.month, 1)
        while month_end(month) < today:
            briefing = PoliceBriefing(
                id=new_id(), date_from=month, date_to=month_end(month), advice=rng.choice(ADVICE), remarks="",
            )
            session.add(briefing)
            briefings[month] = briefing.id
            month = month_end(month) + timedelta(days=1)
        made += len(reports) + len(briefings)
        session.flush()
        for meeting in meetings:
            day = meeting.starts_at.date()
            if meeting.meeting_type is MeetingType.ACCOUNTABILITY:
                report_id = reports.get(Quarter.of(day).previous())
                if report_id is not None:
                    made += _review(session, rng, meeting.id, report_id)
            elif meeting.meeting_type is MeetingType.POLICE_BRIEFING:
                previous = (day.replace(day=1) - timedelta(days=1)).replace(day=1)
                if previous in briefings:
                    session.add(MeetingReport(id=new_id(), meeting_id=meeting.id, briefing_id=briefings[previous]))
                    made += 1
    return made


def _review(session: Session, rng: random.Random, meeting_id: str, report_id: str) -> int:
    """The 述职报告 on a 述职会, a rating by every attendee who came, and the result."""
    attendees = session.scalars(
        select(MeetingAttendee).where(MeetingAttendee.meeting_id == meeting_id, MeetingAttendee.present.is_(True))
        .order_by(MeetingAttendee.position)
    ).all()
    ratings = [rating for rating, _weight in RATING_WEIGHTS]
    weights = [weight for _rating, weight in RATING_WEIGHTS]
    satisfied = 0
    for position, attendee in enumerate(attendees):
        rating = rng.choices(ratings, weights)[0]
        satisfied += rating is not Rating.DISSATISFIED
        session.add(MeetingRating(
            id=new_id(), meeting_id=meeting_id, attendee_id=attendee.id, position=position,
            name=attendee.name, rating=rating.value, remarks=rng.choice(REMARKS),
        ))
    share = f"{100 * satisfied / len(attendees):.0f}%" if attendees else "—"
    result = f"参加评议{len(attendees)}人，满意和基本满意{satisfied}人（{share}），述职通过。"
    session.add(MeetingReport(id=new_id(), meeting_id=meeting_id, work_report_id=report_id, review_result=result))
    return 1 + len(attendees)
