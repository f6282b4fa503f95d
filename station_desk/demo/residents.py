"""Demo reception log and opinion register (演示来访登记与意见建议): a year of the residents' desk.

About 800 visits and calls a year at scale 1 (scale 100 ≈ 80,000), on working days mostly,
during opening hours: every channel and kind, handled on the spot or passed on, follow-ups
(older ones closed, a few recent ones open or overdue); some disputes linked to the walk-in
mediation cases of the demo, the visitor being the case's first party (so a person page links
the two). About 120 opinions a year (scale 100 ≈ 12,000): from residents,
conduct supervisors, partners, meetings and the reception log (its suggestions and complaints,
linked both ways); deadlines by urgency over the room's calendar; most answered on time,
some late, a few still open (one or two overdue and one due today); satisfaction and closure.

Rows go in with bulk inserts (no ORM flush per record), so the audit hook does not see them:
one audit entry records that the demo entries were added.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from station_desk.db import audit_trail
from station_desk.db.models import MediationCase, MediationParty, ReceptionLogEntry, ResidentOpinion
from station_desk.demo.people import People
from station_desk.domain.accounts import Principal
from station_desk.domain.audit import AuditAction
from station_desk.domain.ids import new_id
from station_desk.domain.mediation import CaseSource
from station_desk.domain.opinions import (
    OpinionCategory,
    OpinionSatisfaction,
    OpinionSource,
    ReplyMethod,
    Urgency,
)
from station_desk.domain.reception import Handling, ReceptionChannel, ReceptionKind
from station_desk.domain.workdays import WorkCalendar
from station_desk.services.container import Services
from station_desk.services.opinions import room_calendar, stored_limits

ENTRIES_PER_SCALE = 800
OPINIONS_PER_SCALE = 120
BATCH = 5000

CONTENTS: dict[ReceptionKind, tuple[str, ...]] = {
    ReceptionKind.REPORT: ("电动车电瓶被盗", "楼道内发现可疑人员", "快递柜包裹被冒领", "车辆玻璃被砸"),
    ReceptionKind.HELP: ("老人走失，请求协助寻找", "钥匙锁在家里，求助开锁", "孩子放学未归", "家中老人摔倒求助"),
    ReceptionKind.CONSULT: ("咨询户口迁移手续", "咨询居住证办理", "咨询身份证补办", "咨询无犯罪记录证明"),
    ReceptionKind.SERVICE: ("办理居住登记", "开具户籍证明", "出租房屋登记", "领取身份证"),
    ReceptionKind.COMPLAINT: ("投诉夜间广场舞噪音", "投诉小区车辆乱停乱放", "投诉群租房人员杂乱", "投诉商铺占道经营"),
    ReceptionKind.SUGGESTION: ("建议增加夜间巡逻", "建议在东门加装监控", "建议开展防诈骗宣传", "建议增设电动车充电桩"),
    ReceptionKind.DISPUTE: ("楼上漏水，双方协商不成", "装修噪音扰民引发争执", "停车位被占引发口角", "宠物狗咬伤邻居"),
    ReceptionKind.OTHER: ("拾到钱包一个，交警务室", "反映小区路灯不亮", "询问社区活动时间"),
}
KIND_WEIGHTS = {
    ReceptionKind.REPORT: 8, ReceptionKind.HELP: 12, ReceptionKind.CONSULT: 30, ReceptionKind.SERVICE: 20,
    ReceptionKind.COMPLAINT: 7, ReceptionKind.SUGGESTION: 6, ReceptionKind.DISPUTE: 9, ReceptionKind.OTHER: 8,
}
CHANNEL_WEIGHTS = {
    ReceptionChannel.VISIT: 50, ReceptionChannel.PHONE: 30, ReceptionChannel.REFERRAL_110: 8,
    ReceptionChannel.ONLINE: 5, ReceptionChannel.FIELD: 7,
}
PASSED_ON: dict[ReceptionKind, tuple[Handling, str]] = {
    ReceptionKind.REPORT: (Handling.TO_STATION, "和平里派出所"),
    ReceptionKind.DISPUTE: (Handling.TO_MEDIATION, ""),
    ReceptionKind.COMPLAINT: (Handling.TO_PROPERTY, "和平里物业服务中心"),
    ReceptionKind.SUGGESTION: (Handling.TO_COMMITTEE, "和平里社区居委会"),
}
RESULTS = ("已当场答复", "已办结", "已告知办理流程", "已登记，待回访")
OPINIONS: dict[OpinionCategory, tuple[str, ...]] = {
    OpinionCategory.SECURITY: ("建议增加夜间巡逻频次", "小区东门监控损坏，希望尽快修复", "希望加强电动车防盗"),
    OpinionCategory.TRAFFIC: ("学校门口接送车辆拥堵", "小区内车辆乱停占用消防通道"),
    OpinionCategory.SERVICE: ("希望警务室周末开放", "户籍办理能否网上预约"),
    OpinionCategory.CONDUCT: ("辅警接待态度好，提出表扬", "希望民警走访时提前告知"),
    OpinionCategory.COMMUNITY: ("楼道堆物存在火灾隐患", "广场舞噪音影响休息"),
    OpinionCategory.OTHER: ("希望多开展防诈骗讲座", "建议公示社区民警联系方式"),
}
REPLIES = (
    "已联系物业落实整改，并于次日复查。",
    "已纳入巡逻重点，增加夜间巡逻频次。",
    "已向派出所反映，近期予以答复办理。",
    "已与居委会协商，本月内解决。",
    "感谢您的意见，已在警情通报会上通报。",
)
SATISFACTION_WEIGHTS = {
    OpinionSatisfaction.SATISFIED: 70, OpinionSatisfaction.FAIRLY: 22, OpinionSatisfaction.DISSATISFIED: 8,
}


def generate_residents(services: Services, admin: Principal, rng: random.Random, scale: int) -> int:
    """Add the demo reception entries and opinions; returns the number of rows added."""
    today = services.reception.today()
    now = services.reception.now().astimezone().replace(tzinfo=None, second=0, microsecond=0)
    people = People(rng)
    with services.db.session(admin) as session:
        limits, calendar = stored_limits(session), room_calendar(session)
        walk_ins = _walk_in_applicants(session, 200 * scale)
        next_seq = {
            year: (seq or 0) + 1 for year, seq in session.execute(
                select(ResidentOpinion.year, func.max(ResidentOpinion.seq)).group_by(ResidentOpinion.year)
            )
        }
    entries = [_entry(rng, people, today, calendar, admin) for _ in range(ENTRIES_PER_SCALE * scale)]
    for row in entries:  # none later than now
        row["received_at"] = min(row["received_at"], now)
    entries.sort(key=lambda row: row["received_at"])
    for row in entries:
        if row["kind"] == ReceptionKind.DISPUTE.value and walk_ins and rng.random() < 0.5:
            case_id, applicant = walk_ins.pop()
            row.update(applicant, mediation_case_id=case_id)  # the visitor is the applicant
    wanted = OPINIONS_PER_SCALE * scale
    candidates = [row for row in entries if ReceptionKind(row["kind"]).becomes_opinion]
    # spread over the year (every period's briefing and 述职 report has some)
    from_reception = rng.sample(candidates, min(len(candidates), wanted // 3))
    opinions = [_opinion_from(rng, row) for row in from_reception]
    opinions += [_opinion(rng, people, today) for _ in range(wanted - len(opinions))]
    opinions.sort(key=lambda row: row["received_on"])
    for row in opinions:
        _deadline_and_reply(rng, row, limits.days(Urgency(row["urgency"])), calendar, today)
        year = row["received_on"].year
        row["year"], row["seq"] = year, next_seq.get(year, 1)
        next_seq[year] = row["seq"] + 1
        _stamp(row, row["received_on"], admin)
    _mark_due_today(opinions, today)
    for table, rows in ((ReceptionLogEntry, entries), (ResidentOpinion, opinions)):
        for start in range(0, len(rows), BATCH):
            with services.db.session(admin) as session:
                session.execute(insert(cast(Table, table.__table__)), rows[start : start + BATCH])
    with services.db.session(admin) as session:
        details = {"reception_entries": len(entries), "opinions": len(opinions)}
        audit_trail.append(session, AuditAction.CREATE, "residents_demo", "", details)
    return len(entries) + len(opinions)


def _walk_in_applicants(session: Session, limit: int) -> list[tuple[str, dict[str, str]]]:
    """Walk-in cases and their first party (who came to the room): name, phone, ID, address."""
    party = MediationParty
    stmt = (
        select(MediationCase.id, party.name, party.phone, party.resident_id, party.address)
        .join(party, party.case_id == MediationCase.id)
        .where(MediationCase.source == CaseSource.WALK_IN.value, party.deleted_at.is_(None))
        .order_by(MediationCase.id, party.position)
    )
    first: dict[str, dict[str, str]] = {}
    for row in session.execute(stmt):
        if len(first) >= limit and row.id not in first:
            break
        first.setdefault(row.id, {
            "name": row.name, "phone": row.phone, "resident_id": row.resident_id or "",
            "address": row.address,
        })
    return list(first.items())


def _pick(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _stamp(row: dict[str, Any], day: date, admin: Principal) -> None:
    moment = datetime.combine(day, time(18, 0), tzinfo=UTC)
    row.update(
        id=row.get("id") or new_id(), created_at=moment, updated_at=moment,
        created_by=admin.user_id or None, updated_by=None, deleted_at=None, deleted_by=None,
    )


def _working_day(rng: random.Random, today: date, calendar: WorkCalendar) -> date:
    """A day of the last year (today and the 364 before), mostly a working one: a day off
    steps back to the working day before it, but never out of the year."""
    oldest = today - timedelta(days=364)
    day = today - timedelta(days=rng.randrange(365))
    while day > oldest and not calendar.is_working_day(day) and rng.random() < 0.85:
        day -= timedelta(days=1)
    return day


def _entry(
    rng: random.Random, people: People, today: date, calendar: WorkCalendar, admin: Principal
) -> dict[str, Any]:
    day = _working_day(rng, today, calendar)
    kind = _pick(rng, KIND_WEIGHTS)
    channel = _pick(rng, CHANNEL_WEIGHTS)
    at = datetime.combine(day, time(rng.randint(8, 19), rng.choice((0, 10, 20, 30, 40, 50))))
    handling, unit = PASSED_ON.get(kind, (Handling.ON_SPOT, ""))
    if rng.random() < 0.4:
        handling, unit = Handling.ON_SPOT, ""
    follow_up = day + timedelta(days=rng.randint(2, 10)) if handling.passed_on else None
    age = (today - day).days
    anonymous_call = channel is ReceptionChannel.PHONE and rng.random() < 0.15
    gender = people.gender()
    row: dict[str, Any] = {
        "received_at": at, "channel": channel.value, "kind": kind.value,
        "name": "" if anonymous_call else people.name(gender),
        "phone": people.mobile() if rng.random() < 0.8 else "",
        "address": people.address() if rng.random() < 0.6 else "",
        "resident_id": (
            people.resident_id(people.birth(rng.randint(20, 80), day), gender)
            if kind is ReceptionKind.SERVICE and not anonymous_call else ""
        ),
        "content": rng.choice(CONTENTS[kind]),
        "handling": handling.value, "receiving_unit": unit,
        "handler": rng.choice(("张建国", "刘卫东", "王秀英", "陈志强")),
        "result": rng.choice(RESULTS) if age > 3 else "",
        "follow_up_due": follow_up,
        "closed": follow_up is None or (age > 14 and (rng.random() < 0.97 or age > 45)),
        "mediation_case_id": None,
    }
    _stamp(row, day, admin)
    return row


def _opinion_base(rng: random.Random, received_on: date) -> dict[str, Any]:
    return {
        "received_on": received_on,
        "urgency": (Urgency.URGENT if rng.random() < 0.2 else Urgency.NORMAL).value,
        "handler": rng.choice(("张建国", "刘卫东", "王秀英")),
        "due_set_by_hand": False, "reply_content": "", "replied_by": "", "outcome": "",
        "replied_on": None, "reply_method": None, "satisfaction": None, "closed_on": None,
    }


def _opinion_from(rng: random.Random, entry: dict[str, Any]) -> dict[str, Any]:
    row = _opinion_base(rng, entry["received_at"].date())
    row.update(
        source=OpinionSource.RECEPTION.value,
        category=rng.choice(list(OpinionCategory)).value,
        content=entry["content"], anonymous=not entry["name"], name=entry["name"],
        phone=entry["phone"], address=entry["address"], resident_id=entry["resident_id"],
        reception_id=entry["id"],
    )
    return row


def _opinion(rng: random.Random, people: People, today: date) -> dict[str, Any]:
    row = _opinion_base(rng, today - timedelta(days=rng.randrange(365)))
    category = rng.choice(list(OpinionCategory))
    anonymous = rng.random() < 0.15
    row.update(
        source=rng.choice([s for s in OpinionSource if s is not OpinionSource.RECEPTION]).value,
        category=category.value, content=rng.choice(OPINIONS[category]), anonymous=anonymous,
        name="" if anonymous else people.name(), phone="" if anonymous else people.mobile(),
        address="", resident_id="", reception_id=None,
    )
    return row


def _deadline_and_reply(
    rng: random.Random, row: dict[str, Any], days: int, calendar: WorkCalendar, today: date
) -> None:
    received = row["received_on"]
    row["due_on"] = due = calendar.add_working_days(received, days)
    age = (today - received).days
    if age < 2 or (age < 20 and rng.random() < 0.05):
        return  # not answered yet (an old one is overdue)
    late = rng.random() < 0.08
    replied = calendar.add_working_days(due, rng.randint(1, 3)) if late else received + timedelta(
        days=rng.randint(0, max(0, (due - received).days))
    )
    replied = min(replied, today)
    row.update(
        replied_on=replied, reply_method=rng.choice(list(ReplyMethod)).value,
        reply_content=rng.choice(REPLIES), replied_by=row["handler"],
    )
    if rng.random() < 0.85:
        row["satisfaction"] = _pick(rng, SATISFACTION_WEIGHTS).value
    if age > 10 and rng.random() < 0.9:
        row["closed_on"] = min(replied + timedelta(days=rng.randint(0, 5)), today)
        row["outcome"] = "已落实"


def _mark_due_today(rows: list[dict[str, Any]], today: date) -> None:
    """The newest opinion received before today waits for its reply, due today (the home
    page's figure)."""
    for row in reversed(rows):
        if row["received_on"] < today:
            row.update(
                due_on=today, due_set_by_hand=True, replied_on=None, reply_method=None,
                reply_content="", replied_by="", satisfaction=None, closed_on=None, outcome="",
            )
            return
