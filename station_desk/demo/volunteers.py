"""Demo volunteers, rosters and duty log (演示数据：群防群治队伍、排班与勤务日志).

`generate_volunteers(services, admin, rng, scale)` adds, per scale step, four teams (two
patrol teams, the 平安志愿者 and the building heads 楼栋长) with about 60 volunteers — fictional
names and valid fictional resident ID numbers, a Uyghur name with ·, a foreign volunteer
without an ID, some paused or left, vests, cards, insurance, allowances, a few commendations
— the teams' weekly patterns, a year of patrol shifts up to today plus two weeks ahead,
filled by the roster generator, with attendance on the past ones (present, late, excused
absences, no-shows, substitutes, forgotten check-outs, mostly reviewed), and a year of duty
log entries of every account (the officers about 30 hours a week in the beat, some weeks
short) with the room's opening hours.

Rows go in with bulk inserts (Core executemany, no ORM flush per record), so the audit hook
does not see them: one audit entry records what the demo added.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast

from sqlalchemy import Table, insert

from station_desk.db import audit_trail
from station_desk.db.models import (
    DutyLogEntry,
    PatrolPattern,
    PatrolShift,
    RoomOpening,
    ShiftMember,
    Volunteer,
    VolunteerCommendation,
    VolunteerTeam,
)
from station_desk.demo.people import People
from station_desk.domain.accounts import Principal
from station_desk.domain.audit import AuditAction
from station_desk.domain.duty import DutyActivity
from station_desk.domain.enums import Gender
from station_desk.domain.ids import new_id
from station_desk.domain.roles import Role
from station_desk.domain.rostering import Candidate, OpenShift, generate_roster
from station_desk.domain.volunteers import (
    ANY_TIME,
    Attendance,
    DayPart,
    TeamKind,
    VolunteerDraft,
    VolunteerRole,
    VolunteerStatus,
    pattern_occurrences,
)
from station_desk.services.container import Services
from station_desk.services.volunteers import volunteer_values

DAYS_BACK = 365
DAYS_AHEAD = 14
BATCH = 2000

SKILLS = ("急救", "电工", "法律咨询", "心理疏导", "摄影", "驾驶", "消防", "英语", "调解", "书法")
ALLOWANCES = ("交通补贴50元/月", "误餐补贴20元/次", "", "", "节日慰问品")

# (name, kind, patrol patterns: (weekdays, start, end, route, seats))
TEAMS: tuple[tuple[str, TeamKind, int, tuple[tuple[frozenset[int], time, time, str, int], ...]], ...] = (
    ("巡逻一队", TeamKind.PATROL, 18, (
        (frozenset({2, 4, 6}), time(19), time(21), "A线（北区—东门—幸福里1至10号楼）", 3),
    )),
    ("巡逻二队", TeamKind.PATROL, 18, (
        (frozenset({1, 3, 5}), time(19), time(21), "B线（南区—小黄庄路—菜市场）", 3),
        (frozenset({7}), time(9), time(11), "C线（商业街—地铁口）", 2),
    )),
    ("平安志愿者", TeamKind.SAFETY_VOLUNTEERS, 14, (
        (frozenset({6}), time(9, 30), time(11, 30), "社区宣传站（防诈骗宣传）", 4),
    )),
    ("楼栋长", TeamKind.BUILDING_HEADS, 10, ()),
)


@dataclass
class _Rows:
    """Rows per table, ready for executemany."""

    user_id: str
    tables: dict[Any, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))

    def add(self, model: Any, values: dict[str, Any], created: date) -> dict[str, Any]:
        moment = datetime.combine(created, time(9, 0), tzinfo=UTC)
        row = {
            "id": values.pop("id", None) or new_id(), "created_at": moment, "updated_at": moment,
            "created_by": self.user_id or None, "updated_by": None, "deleted_at": None,
            "deleted_by": None, **values,
        }
        self.tables[model].append(row)
        return row

    def insert(self, session: Any) -> int:
        total = 0
        order = (VolunteerTeam, Volunteer, VolunteerCommendation, PatrolPattern, PatrolShift,
                 ShiftMember, DutyLogEntry, RoomOpening)
        for model in order:
            rows = self.tables.get(model, [])
            for start in range(0, len(rows), BATCH):
                session.execute(insert(cast(Table, model.__table__)), rows[start : start + BATCH])
            total += len(rows)
        self.tables.clear()
        return total


def generate_volunteers(services: Services, admin: Principal, rng: random.Random, scale: int) -> int:
    """Teams, volunteers, a year of shifts with attendance and a year of duty entries."""
    today = services.volunteers.today()
    first = today - timedelta(days=DAYS_BACK)
    rows = _Rows(admin.user_id)
    made = 0
    for block in range(scale):
        made += _block(services, admin, rng, rows, block, first, today)
    made += _duty(services, admin, rng, rows, first, today)
    with services.db.session(admin) as session:
        made += rows.insert(session)
        audit_trail.append(
            session, AuditAction.CREATE, "volunteers_demo", "", {"scale": scale, "records": made}
        )
    return made


def _block(
    services: Services, admin: Principal, rng: random.Random, rows: _Rows, block: int,
    first: date, today: date,
) -> int:
    """One area's four teams with volunteers, patterns, shifts and attendance (inserted)."""
    prefix = "" if block == 0 else f"{block + 1}片区"
    volunteers: list[dict[str, Any]] = []
    candidates: list[Candidate] = []
    shifts: list[OpenShift] = []
    shift_rows: dict[str, dict[str, Any]] = {}
    for index, (name, kind, size, patterns) in enumerate(TEAMS):
        team = rows.add(VolunteerTeam, {"name": prefix + name, "kind": kind.value, "leader_id": None,
                                        "area": _area(index), "notes": ""}, first)
        members = [_volunteer(rng, team["id"], kind, n, block, today) for n in range(size)]
        for n, draft in enumerate(members):
            row = rows.add(Volunteer, volunteer_values(draft), draft.join_date or first)
            volunteers.append(row)
            if n == 0:
                team["leader_id"] = row["id"]
            if draft.status is VolunteerStatus.ACTIVE:
                candidates.append(
                    Candidate(row["id"], team["id"], draft.availability, draft.max_shifts_per_week)
                )
            if rng.random() < 0.12:
                rows.add(VolunteerCommendation, {
                    "volunteer_id": row["id"],
                    "awarded_on": today - timedelta(days=rng.randrange(30, 700)),
                    "title": rng.choice(("优秀平安志愿者", "群防群治先进个人", "优秀楼栋长", "见义勇为积极分子")),
                    "awarded_by": rng.choice(("和平里街道办事处", "朝阳分局", "和平里社区居委会")),
                    "notes": "",
                }, today)
        for weekdays, start, end, route, seats in patterns:
            pattern = rows.add(PatrolPattern, {
                "team_id": team["id"], "route": route, "weekdays": ",".join(map(str, sorted(weekdays))),
                "start_time": f"{start:%H:%M}", "end_time": f"{end:%H:%M}", "overnight": False,
                "seats": seats, "valid_from": first, "valid_until": None, "notes": "",
            }, first)
            for starts_at, ends_at in pattern_occurrences(
                weekdays, start, end, False, first, today + timedelta(days=DAYS_AHEAD)
            ):
                shift = rows.add(PatrolShift, {
                    "starts_at": starts_at, "ends_at": ends_at, "route": route, "team_id": team["id"],
                    "pattern_id": pattern["id"], "seats": seats, "notes": "",
                }, min(starts_at.date(), today))
                shift_rows[shift["id"]] = shift
                shifts.append(OpenShift(shift["id"], starts_at, ends_at, seats, team["id"]))
    plan = generate_roster(shifts, candidates)
    by_team: dict[str, list[str]] = defaultdict(list)
    for candidate in candidates:
        by_team[candidate.team_id or ""].append(candidate.key)
    now = datetime.combine(today, time(8, 0))
    on_shift: dict[str, list[str]] = defaultdict(list)
    for shift_key, volunteer_key in plan.assignments:
        on_shift[shift_key].append(volunteer_key)
    positions: dict[str, int] = defaultdict(int)
    for shift_key, volunteer_key in plan.assignments:
        shift = shift_rows[shift_key]
        positions[shift_key] += 1
        member = _attendance(rng, shift, now)
        rows.add(ShiftMember, {
            "shift_id": shift_key, "volunteer_id": volunteer_key, "position": positions[shift_key],
            "substitute_for_id": None, **member,
        }, min(shift["starts_at"].date(), today))
        if member["attendance"] == Attendance.ABSENT.value and member["absence_reason"] and rng.random() < 0.5:
            stand_in = _stand_in(rng, by_team[shift["team_id"]], on_shift[shift_key])
            if stand_in is not None:
                positions[shift_key] += 1
                rows.add(ShiftMember, {
                    "shift_id": shift_key, "volunteer_id": stand_in, "position": positions[shift_key],
                    "attendance": Attendance.SUBSTITUTE.value, "check_in": None, "check_out": None,
                    "absence_reason": "", "substitute_for_id": volunteer_key,
                    "auto_closed": False, "reviewed": False,
                }, shift["starts_at"].date())
    with services.db.session(admin) as session:
        return rows.insert(session)


def _area(index: int) -> str:
    return ("北区1至10号楼", "南区11至20号楼", "全社区", "各楼栋")[index]


def _volunteer(
    rng: random.Random, team_id: str, kind: TeamKind, n: int, block: int, today: date
) -> VolunteerDraft:
    special = block == 0 and kind is TeamKind.SAFETY_VOLUNTEERS and n in (1, 2)
    people = People(rng)
    gender = people.gender()
    birth = date(rng.randrange(1948, 1998), rng.randrange(1, 13), rng.randrange(1, 29))
    if special and n == 1:
        name, resident_id, id_note = "买买提·艾力", people.resident_id(birth, Gender.MALE, "650102"), ""
        gender = Gender.MALE
    elif special:
        name, resident_id, id_note = "Anna Schmidt", "", "护照 C" + "".join(rng.choice("0123456789") for _ in range(8))
        gender = Gender.FEMALE
    else:
        name = people.name(gender)
        resident_id, id_note = people.resident_id(birth, gender, "110105"), ""
    status = VolunteerStatus.ACTIVE
    if n > 0:
        roll = rng.random()
        status = VolunteerStatus.PAUSED if roll < 0.07 else VolunteerStatus.LEFT if roll < 0.11 else status
    joined = today - timedelta(days=rng.randrange(60, 3000))
    if kind is TeamKind.PATROL:
        evenings = frozenset((day, DayPart.EVENING) for day in range(1, 8) if rng.random() < 0.8)
        mornings = frozenset((day, DayPart.MORNING) for day in (6, 7) if rng.random() < 0.5)
        availability = (evenings | mornings) or ANY_TIME
        limit = rng.choice((2, 2, 3, 3, 4))
    else:
        availability = ANY_TIME if rng.random() < 0.6 else frozenset(
            (day, part) for day in (6, 7) for part in (DayPart.MORNING, DayPart.AFTERNOON)
        )
        limit = rng.choice((1, 2))
    return VolunteerDraft(
        name=name,
        gender=gender if not resident_id else None,
        resident_id=resident_id,
        birth_date=birth if not resident_id else None,
        id_note=id_note,
        phone=people.mobile(),
        address=people.address(),
        team_id=team_id,
        role=VolunteerRole.LEADER if n == 0 else VolunteerRole.DEPUTY if n == 1 and kind is TeamKind.PATROL else VolunteerRole.MEMBER,
        skills=tuple(rng.sample(SKILLS, rng.choice((0, 0, 1, 2)))),
        join_date=joined,
        status=status,
        vest_issued=rng.random() < 0.9,
        card_issued=rng.random() < 0.8,
        insurance_until=date(today.year + (rng.random() < 0.85), 12, 31) if rng.random() < 0.9 else None,
        allowance=rng.choice(ALLOWANCES),
        contact_notes=rng.choice(("", "", "每月电话联系一次", "春节走访慰问", "身体不好，注意排班")),
        notes="外籍，无身份证" if special and n == 2 else "",
        availability=availability,
        max_shifts_per_week=limit,
    ).validated(today)


def _attendance(rng: random.Random, shift: dict[str, Any], now: datetime) -> dict[str, Any]:
    starts_at, ends_at = shift["starts_at"], shift["ends_at"]
    values: dict[str, Any] = {
        "attendance": Attendance.PENDING.value, "check_in": None, "check_out": None,
        "absence_reason": "", "auto_closed": False, "reviewed": False,
    }
    if starts_at >= now:
        return values
    recent = now - starts_at < timedelta(days=3)
    roll = rng.random()
    if recent and roll < 0.15:
        return values  # attendance not taken yet: shows as a gap to review
    if roll < 0.80:
        values.update(attendance=Attendance.PRESENT.value, check_in=starts_at - timedelta(minutes=rng.randrange(0, 10)),
                      check_out=ends_at + timedelta(minutes=rng.randrange(0, 15)))
    elif roll < 0.86:
        values.update(attendance=Attendance.LATE.value, check_in=starts_at + timedelta(minutes=rng.randrange(10, 45)),
                      check_out=ends_at)
    elif roll < 0.94:
        values.update(attendance=Attendance.ABSENT.value,
                      absence_reason=rng.choice(("生病", "出差", "家中有事", "接送孩子", "天气原因")))
    elif roll < 0.96:
        values.update(attendance=Attendance.ABSENT.value)  # a no-show
    else:
        values.update(attendance=Attendance.PRESENT.value, check_in=starts_at, check_out=ends_at,
                      auto_closed=True, reviewed=not recent)  # forgot to check out
    return values


def _stand_in(rng: random.Random, team: list[str], on_shift: list[str]) -> str | None:
    free = [key for key in team if key not in on_shift]
    return rng.choice(free) if free else None


# --- the duty log --------------------------------------------------------------------------

ACTIVITY_WEIGHTS = (
    (DutyActivity.PATROL, 26), (DutyActivity.VISIT, 22), (DutyActivity.RECEPTION, 16),
    (DutyActivity.MEDIATION, 8), (DutyActivity.PUBLICITY, 6), (DutyActivity.INSPECTION, 5),
    (DutyActivity.SERVICE, 5), (DutyActivity.INTELLIGENCE, 3), (DutyActivity.MEETING, 5),
    (DutyActivity.TRAINING, 2), (DutyActivity.OTHER, 2),
)
PLACES = {
    DutyActivity.PATROL: ("北区", "南区", "商业街", "小黄庄路沿线", "和平里菜市场"),
    DutyActivity.VISIT: ("3号楼独居老人家", "12号楼出租屋", "和平里第一小学", "安居物业项目部", "15号楼重点人员家"),
    DutyActivity.RECEPTION: ("和平里社区警务室",),
    DutyActivity.MEDIATION: ("社区调解室", "和平里社区警务室"),
    DutyActivity.PUBLICITY: ("社区宣传站", "和平里第一小学", "菜市场门口"),
    DutyActivity.INSPECTION: ("安居物业项目部", "和平里菜市场", "商业街网吧", "12号楼出租屋"),
    DutyActivity.INTELLIGENCE: ("和平里社区警务室", "社区居委会"),
    DutyActivity.SERVICE: ("和平里社区警务室", "3号楼独居老人家", "社区服务站"),
    DutyActivity.MEETING: ("社区居委会会议室", "和平里社区警务室"),
    DutyActivity.TRAINING: ("派出所会议室", "分局培训中心"),
    DutyActivity.OTHER: ("和平里社区警务室",),
}
NOTES = {
    DutyActivity.PATROL: ("巡查重点部位，未发现异常", "检查电动车集中停放点", "社区治安巡逻"),
    DutyActivity.VISIT: ("走访独居老人，提示防范电信诈骗", "核查出租屋登记情况", "了解邻里矛盾情况"),
    DutyActivity.RECEPTION: ("接待群众咨询户籍事宜", "受理求助", "接待来访群众"),
    DutyActivity.MEDIATION: ("调解邻里噪音纠纷", "调解物业费纠纷"),
    DutyActivity.PUBLICITY: ("防诈骗宣传", "消防安全宣传", "禁毒宣传"),
    DutyActivity.INSPECTION: ("检查出租屋消防安全", "检查物业监控运行", "检查网吧落实实名登记"),
    DutyActivity.INTELLIGENCE: ("收集整理辖区情况", "核实群众反映线索", "更新重点人员动态"),
    DutyActivity.SERVICE: ("帮助老人办理居住证", "为居民开具证明", "上门为行动不便老人采集信息"),
    DutyActivity.MEETING: ("参加治保例会", "参加联席会议"),
    DutyActivity.TRAINING: ("业务培训", "执法规范化培训"),
    DutyActivity.OTHER: ("整理台账", "处理文书"),
}
# Notes that name a time of day, with the hours an entry may start in: the morning's patrol
# is not a night patrol.
TIMED_NOTES: dict[DutyActivity, tuple[tuple[time, time, str], ...]] = {
    DutyActivity.PATROL: (
        (time(7), time(9, 30), "早高峰治安巡逻"),
        (time(11), time(13), "午间治安巡逻"),
        (time(17), time(19), "傍晚治安巡逻"),
        (time(19), time(23, 59), "夜间治安巡逻"),
    ),
}


def duty_note(rng: random.Random, activity: DutyActivity, starts_at: datetime) -> str:
    """A note for a demo duty entry that fits its time of day."""
    hour = starts_at.time()
    timed = [note for start, end, note in TIMED_NOTES.get(activity, ()) if start <= hour < end]
    return rng.choice(NOTES[activity] + tuple(timed))


def _duty(
    services: Services, admin: Principal, rng: random.Random, rows: _Rows, first: date, today: date
) -> int:
    """A year of duty entries of every account, and the room's opening hours."""
    accounts = services.accounts.list_accounts(admin)
    made = 0
    day = first
    while day <= today:
        if day.weekday() < 5 or rng.random() < 0.15:
            staff = []
            for account in accounts:
                officer = account.role in (Role.ADMIN, Role.OFFICER)
                hours_goal = 6.5 if officer else 5.0
                if rng.random() < (0.08 if officer else 0.12):
                    continue  # leave, a day at the station
                staff.append(account.display_name)
                _day_entries(rng, rows, account.id, day, hours_goal * rng.uniform(0.8, 1.15), officer)
            if day.weekday() < 5 and staff:
                rows.add(RoomOpening, {
                    "day": day, "opens_at": datetime.combine(day, time(8, 30)),
                    "closes_at": datetime.combine(day, time(17, 30)), "staff": "、".join(staff[:3]),
                    "notes": "",
                }, day)
        day += timedelta(days=1)
        if len(rows.tables.get(DutyLogEntry, ())) > BATCH * 5:
            with services.db.session(admin) as session:
                made += rows.insert(session)
    return made


def _day_entries(
    rng: random.Random, rows: _Rows, user_id: str, day: date, hours: float, officer: bool
) -> None:
    """Consecutive entries from 08:30 with breaks, about `hours` long in all (never overlapping)."""
    moment = datetime.combine(day, time(8, 30))
    left = hours * 60
    while left > 20:
        activities, weights = zip(*ACTIVITY_WEIGHTS, strict=True)
        activity = rng.choices(activities, weights)[0]
        if not officer and activity in (DutyActivity.MEDIATION, DutyActivity.INTELLIGENCE):
            activity = DutyActivity.RECEPTION
        minutes = min(left, rng.choice((45, 60, 90, 120, 150)))
        end = moment + timedelta(minutes=minutes)
        rows.add(DutyLogEntry, {
            "user_id": user_id, "starts_at": moment, "ends_at": end, "activity": activity.value,
            "place": rng.choice(PLACES[activity]), "notes": duty_note(rng, activity, moment),
            "in_beat": activity.in_beat_by_default,
        }, day)
        left -= minutes
        moment = end + timedelta(minutes=rng.choice((0, 15, 30)))
        if moment.time() >= time(12) and moment.time() < time(14):
            moment = datetime.combine(day, time(14))
        if moment.time() >= time(21):
            break
