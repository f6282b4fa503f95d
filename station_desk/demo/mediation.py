"""Demo mediation cases (演示调解案件): a realistic year of a room's mediation work.

About 300 cases a year at scale 1 (scale 100 ≈ 30,000), received over the 365 days up to
today: every dispute type, source and kind, statuses by age (recent cases registered or in
mediation, a few overdue, older ones concluded and mostly closed), parties with fictional
names and valid fictional resident ID numbers (GB 11643 check character), minors with
guardians, a property company and a foreign resident without an ID card, sessions with
statements, agreements with terms and deadlines, failures with reasons, return visits.

Rows go in with bulk inserts (no ORM flush per record), so the audit hook does not see them:
one audit entry records that the demo cases were added. Numbers continue the room's counter.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast

from sqlalchemy import Table, insert

from station_desk.db import audit_trail
from station_desk.db.models import (
    MediationCase,
    MediationCaseCounter,
    MediationParty,
    MediationReturnVisit,
    MediationSession,
    MediationStatement,
)
from station_desk.demo.people import People
from station_desk.domain.accounts import Principal
from station_desk.domain.audit import AuditAction
from station_desk.domain.enums import Gender
from station_desk.domain.ids import new_id
from station_desk.domain.mediation import (
    CaseOutcome,
    CaseSource,
    CaseStatus,
    DisputeType,
    MediationKind,
    MediationLimits,
    OutcomeEntry,
    PartyKind,
    PartyRole,
    PerformanceStatus,
    ReturnVisitEntry,
    Satisfaction,
    VisitMethod,
    default_routes,
    format_case_number,
    return_visit_due,
)
from station_desk.domain.pinyin import search_keys
from station_desk.services.container import Services
from station_desk.services.mediation import (
    last_case_seq,
    party_names,
    stored_limits,
    stored_pattern,
)

CASES_PER_SCALE = 300
BATCH = 2000  # cases per transaction
REPEAT_PARTY = 0.08  # share of applicants who were a party before (recognised by ID number)
MAX_PEOPLE = 5000
CLOSED_SHARE = 0.85  # concluded cases already closed (the rest wait for their paperwork)

TITLES: dict[DisputeType, tuple[str, ...]] = {
    DisputeType.NEIGHBOUR: ("楼上漏水纠纷", "装修噪音扰民纠纷", "楼道堆物纠纷", "犬只咬伤纠纷", "空调外机噪音纠纷"),
    DisputeType.FAMILY: ("夫妻家庭矛盾", "赡养老人纠纷", "子女抚养费纠纷", "兄弟分割房屋纠纷"),
    DisputeType.PROPERTY_MANAGEMENT: ("物业费收缴纠纷", "地库车辆被砸赔偿纠纷", "电梯停运纠纷", "小区停车收费纠纷"),
    DisputeType.DEBT: ("借款归还纠纷", "房租拖欠纠纷", "合伙经营欠款纠纷"),
    DisputeType.LABOUR: ("装修工钱纠纷", "家政服务工资纠纷", "快递站临时工报酬纠纷"),
    DisputeType.DAMAGE_INJURY: ("电动车剐蹭纠纷", "口角推搡致轻微伤纠纷", "酒后损坏财物纠纷", "广场舞场地争执致轻微伤"),
    DisputeType.OTHER: ("快递丢失赔偿纠纷", "网购退款纠纷", "停车位占用纠纷"),
}
TYPE_WEIGHTS = {
    DisputeType.NEIGHBOUR: 30, DisputeType.FAMILY: 15, DisputeType.PROPERTY_MANAGEMENT: 12,
    DisputeType.DEBT: 10, DisputeType.LABOUR: 8, DisputeType.DAMAGE_INJURY: 18, DisputeType.OTHER: 7,
}
SOURCE_WEIGHTS = {
    CaseSource.WALK_IN: 45, CaseSource.CALL_110: 30, CaseSource.PATROL: 8,
    CaseSource.STATION_REFERRAL: 12, CaseSource.OTHER: 5,
}
OUTCOME_WEIGHTS = {
    CaseOutcome.AGREEMENT: 78, CaseOutcome.NO_AGREEMENT: 10, CaseOutcome.TERMINATED: 5,
    CaseOutcome.REFERRED: 7,
}
SATISFACTION_WEIGHTS = {
    Satisfaction.VERY_SATISFIED: 35, Satisfaction.SATISFIED: 45,
    Satisfaction.BASICALLY_SATISFIED: 15, Satisfaction.DISSATISFIED: 5,
}
PROPERTY_COMPANY = "和平里物业管理有限公司"
MEDIATORS = ("张建国", "刘卫东", "张建国、王秀英", "刘卫东、陈志强", "张建国、社区调委会主任周丽华")
RECORDERS = ("王秀英", "陈志强")
PLACES = ("和平里社区警务室调解室", "和平里社区警务室", "和平里社区居委会会议室")


def generate_mediation(services: Services, admin: Principal, rng: random.Random, scale: int) -> int:
    """Add `CASES_PER_SCALE × scale` demo cases; returns the number of rows added."""
    today = services.mediation.today()
    count = CASES_PER_SCALE * scale
    days = sorted(today - timedelta(days=rng.randrange(365)) for _ in range(count))
    created = 0
    keys: dict[str, str] = {}
    people: list[dict[str, Any]] = []
    with services.db.session(admin) as session:
        limits, pattern = stored_limits(session), stored_pattern(session)
        next_seq = {year: last_case_seq(session, year) + 1 for year in {d.year for d in days}}
    for start in range(0, count, BATCH):
        rows = Rows(admin.user_id, keys, people)
        for received_on in days[start : start + BATCH]:
            seq = next_seq[received_on.year]
            next_seq[received_on.year] = seq + 1
            _make_case(rows, rng, received_on, seq, pattern, limits, today)
        with services.db.session(admin) as session:
            created += rows.insert(session)
    with services.db.session(admin) as session:
        for year, seq in next_seq.items():
            counter = session.get(MediationCaseCounter, year)
            if counter is None:
                session.add(MediationCaseCounter(year=year, last_seq=seq - 1))
            else:
                counter.last_seq = max(counter.last_seq, seq - 1)
        audit_trail.append(
            session, AuditAction.CREATE, "mediation_demo", "", {"cases": count, "records": created}
        )
    return created


@dataclass
class Rows:
    """Rows of one batch, per table, ready for executemany."""

    user_id: str
    keys: dict[str, str] = field(default_factory=dict)
    people: list[dict[str, Any]] = field(default_factory=list)

    def search_keys(self, name: str) -> str:
        found = self.keys.get(name)
        if found is None:
            found = self.keys[name] = search_keys(name)
        return found
    cases: list[dict[str, Any]] = field(default_factory=list)
    parties: list[dict[str, Any]] = field(default_factory=list)
    sessions: list[dict[str, Any]] = field(default_factory=list)
    statements: list[dict[str, Any]] = field(default_factory=list)
    visits: list[dict[str, Any]] = field(default_factory=list)

    def insert(self, session: Any) -> int:
        total = 0
        for model, rows in (
            (MediationCase, self.cases),
            (MediationParty, self.parties),
            (MediationSession, self.sessions),
            (MediationStatement, self.statements),
            (MediationReturnVisit, self.visits),
        ):
            if rows:
                session.execute(insert(cast(Table, model.__table__)), rows)  # Core: one executemany
                total += len(rows)
        return total


def _record(rows: Rows, created: date) -> dict[str, Any]:
    moment = datetime.combine(created, time(9, 0), tzinfo=UTC)
    return {
        "id": new_id(), "created_at": moment, "updated_at": moment, "created_by": rows.user_id or None,
        "updated_by": None, "deleted_at": None, "deleted_by": None,
    }


def _pick(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _person(
    rng: random.Random, received_on: date, role: PartyRole, minor: bool = False
) -> dict[str, Any]:
    people = People(rng)
    gender = people.gender()
    age = rng.randint(10, 15) if minor else rng.randint(19, 82)
    birth = people.birth(age, received_on)
    name = people.name(gender, age=age)
    party: dict[str, Any] = {
        "role": role.value, "kind": PartyKind.PERSON.value, "name": name,
        "resident_id": people.resident_id(birth, gender), "gender": gender.value, "birth_date": birth,
        "id_note": "", "phone": "" if minor else people.mobile(), "address": people.address(),
        "representative": "", "guardian_name": "", "guardian_relation": "", "guardian_phone": "",
    }
    if minor:
        relation = rng.choice(("父亲", "母亲"))
        parent = Gender.MALE if relation == "父亲" else Gender.FEMALE
        party.update(
            guardian_name=people.name(parent, surname=name[0]), guardian_relation=relation,
            guardian_phone=people.mobile(),
        )
    elif rng.random() < 0.02:  # a foreign resident without a Chinese ID card
        party.update(
            name=rng.choice(("John Smith", "Anna Müller", "Kim Minjun", "Tanaka Yuki")),
            resident_id=None, id_note=f"护照 E{rng.randrange(10**8):08d}",
        )
    return party


def _parties(
    rows: Rows, rng: random.Random, dispute: DisputeType, received_on: date
) -> list[dict[str, Any]]:
    if rows.people and rng.random() < REPEAT_PARTY:  # someone seen in an earlier case
        applicant = dict(rng.choice(rows.people), role=PartyRole.APPLICANT.value)
    else:
        applicant = _person(rng, received_on, PartyRole.APPLICANT)
        if applicant["resident_id"]:
            if len(rows.people) < MAX_PEOPLE:
                rows.people.append(applicant)
            else:
                rows.people[rng.randrange(MAX_PEOPLE)] = applicant
    if dispute is DisputeType.PROPERTY_MANAGEMENT and rng.random() < 0.7:
        respondent = {
            "role": PartyRole.RESPONDENT.value, "kind": PartyKind.ORGANISATION.value,
            "name": PROPERTY_COMPANY, "resident_id": None, "gender": None, "birth_date": None,
            "id_note": "统一社会信用代码 91110105MA00DEMO1X", "phone": "010-64201234",
            "address": "北京市朝阳区和平里小区物业服务中心", "representative": People(rng).name(),
            "guardian_name": "", "guardian_relation": "", "guardian_phone": "",
        }
    else:
        minor = dispute in (DisputeType.DAMAGE_INJURY, DisputeType.NEIGHBOUR) and rng.random() < 0.08
        respondent = _person(rng, received_on, PartyRole.RESPONDENT, minor=minor)
    parties = [applicant, respondent]
    if rng.random() < 0.1:
        parties.append(_person(rng, received_on, PartyRole.OTHER))
    return parties


def _working_days_after(limits: MediationLimits, start: date, days: int) -> date:
    return limits.calendar.add_working_days(start, days)


def _make_case(
    rows: Rows, rng: random.Random, received_on: date, seq: int, pattern: str,
    limits: MediationLimits, today: date,
) -> None:
    dispute = _pick(rng, TYPE_WEIGHTS)
    kind = MediationKind.POLICE if rng.random() < 0.7 else MediationKind.PEOPLES
    officer = rng.choice(("张建国", "张建国", "刘卫东"))
    parties = _parties(rows, rng, dispute, received_on)
    title = rng.choice(TITLES[dispute])
    a, b = parties[0]["name"], parties[1]["name"]
    case = _record(rows, received_on)
    case.update(
        case_year=received_on.year, case_seq=seq,
        case_number=format_case_number(pattern, received_on.year, seq),
        received_on=received_on, source=_pick(rng, SOURCE_WEIGHTS).value,
        dispute_type=dispute.value, kind=kind.value, title=title,
        facts=f"{received_on.month}月{received_on.day}日，{a}与{b}因{title.removesuffix('纠纷')}问题发生争执，"
        f"{a}到警务室请求调解。经初步了解，双方为同一社区居民，此前已多次协商未果。",
        officer=officer, notes="", due_date=limits.due_date(kind, received_on),
        outcome=None, concluded_on=None, matters_in_dispute="", responsibilities="", terms="",
        performance_method="", perform_by=None, outcome_reason="", routes="", referred_to="",
        performance_status=None, performance_note="", return_visit_due=None, closed_on=None,
        closed_incomplete_reason="", party_names=party_names(p["name"] for p in parties),
        status=CaseStatus.REGISTERED.value,
    )
    party_ids = []
    for position, party in enumerate(parties):
        row = _record(rows, received_on)
        row.update(party, case_id=case["id"], position=position, search_keys=rows.search_keys(party["name"]))
        rows.parties.append(row)
        party_ids.append(row["id"])
    rows.cases.append(case)

    age = (today - received_on).days
    limit_days = 3 if kind is MediationKind.POLICE else 25
    stays_open = age < limit_days or rng.random() < 0.01  # a few overdue ones
    if stays_open and rng.random() < 0.3:
        return  # registered, no session yet
    last = _sessions(rows, rng, case, parties, party_ids, kind, received_on, today, limits, stays_open)
    case["status"] = CaseStatus.IN_MEDIATION.value
    if stays_open:
        return
    _conclude(rows, rng, case, parties, last, today, limits)


def _sessions(
    rows: Rows, rng: random.Random, case: dict[str, Any], parties: list[dict[str, Any]],
    party_ids: list[str], kind: MediationKind, received_on: date, today: date,
    limits: MediationLimits, stays_open: bool,
) -> date:
    count = 1 if stays_open or rng.random() < 0.75 else 2
    day = received_on
    for number in range(count):
        if kind is MediationKind.POLICE:
            day = min(_working_days_after(limits, day, rng.randint(0, 1) if number == 0 else 1), today)
        else:
            day = min(day + timedelta(days=rng.randint(1, 10)), today)
        starts = datetime.combine(day, time(rng.choice((9, 10, 14, 15, 16)), rng.choice((0, 30))))
        session = _record(rows, day)
        session.update(
            case_id=case["id"], starts_at=starts, ends_at=starts + timedelta(minutes=rng.choice((40, 60, 90))),
            place=rng.choice(PLACES), mediators=rng.choice(MEDIATORS), recorder=rng.choice(RECORDERS),
            participants=rng.choice(("", "社区居委会主任周丽华", "楼门长赵大爷")),
            rights_explained=rng.random() < 0.96,
            facts_checked=f"经询问双方并查看现场，{case['title'].removesuffix('纠纷')}情况属实。",
            result="双方同意继续协商。" if number + 1 < count else "调解员提出调解方案，双方表示考虑。",
        )
        rows.sessions.append(session)
        for position, (party, party_id) in enumerate(zip(parties, party_ids, strict=True)):
            statement = _record(rows, day)
            statement.update(
                session_id=session["id"], party_id=party_id, position=position, speaker=party["name"],
                text=rng.choice((
                    "我方认为对方应当承担全部责任，要求赔偿损失。",
                    "事情经过基本属实，但对方要求的金额过高。",
                    "愿意协商解决，希望今后和睦相处。",
                    "我当时并非故意，愿意承担合理费用。",
                )),
            )
            rows.statements.append(statement)
    return day


def _conclude(
    rows: Rows, rng: random.Random, case: dict[str, Any], parties: list[dict[str, Any]],
    day: date, today: date, limits: MediationLimits,
) -> None:
    outcome = _pick(rng, OUTCOME_WEIGHTS)
    a, b = parties[0]["name"], parties[1]["name"]
    case.update(outcome=outcome.value, concluded_on=day, status=outcome.value)
    if outcome is CaseOutcome.AGREEMENT:
        amount = rng.choice((200, 300, 500, 800, 1000, 1500, 2000, 3000))
        perform_by = min(day + timedelta(days=rng.choice((0, 3, 7, 15, 30))), day + timedelta(days=30))
        case.update(
            matters_in_dispute=f"{case['title']}的赔偿（补偿）数额及今后相处方式。",
            responsibilities=f"{b}对纠纷的发生负主要责任，{a}负次要责任。",
            terms=f"一、{b}于{perform_by.year}年{perform_by.month}月{perform_by.day}日前一次性支付{a}人民币{amount}元。\n"
            f"二、双方今后和睦相处，不再就此事发生纠纷。",
            performance_method=rng.choice(("现金当面支付。", "通过银行转账支付。", "微信转账支付。")),
            perform_by=perform_by, performance_status=PerformanceStatus.PENDING.value,
        )
    elif outcome is CaseOutcome.REFERRED:
        case.update(
            referred_to=rng.choice(("和平里街道人民调解委员会", "和平里派出所", "朝阳区人民法院诉前调解中心")),
            outcome_reason="纠纷涉及专业问题，需移交有关部门处理。",
        )
    else:
        case.update(
            outcome_reason=rng.choice(("双方对赔偿数额分歧较大，经多次调解未能达成一致。",
                                       "申请人撤回调解申请。", "一方拒绝继续参加调解。")),
            routes=default_routes(MediationKind(case["kind"])),
        )
    closed_on: date | None = min(day + timedelta(days=rng.randint(1, 5)), today)
    visits: tuple[ReturnVisitEntry, ...] = ()
    if outcome is CaseOutcome.AGREEMENT:
        visit_day = (case["perform_by"] or day) + timedelta(days=rng.randint(3, 12))
        # a few visits still to make, all of them recent (an old one would have been made)
        if visit_day <= today and (rng.random() < 0.95 or (today - visit_day).days > 30):
            satisfaction = _pick(rng, SATISFACTION_WEIGHTS)
            visit = _record(rows, visit_day)
            visit.update(
                case_id=case["id"], visit_date=visit_day, method=rng.choice(list(VisitMethod)).value,
                visitor=case["officer"], findings="协议已履行，双方关系缓和，未再发生纠纷。"
                if satisfaction is not Satisfaction.DISSATISFIED else "协议已部分履行，申请人仍有意见。",
                satisfaction=satisfaction.value, next_due=None,
            )
            rows.visits.append(visit)
            visits = (ReturnVisitEntry(visit_day, id=visit["id"]),)
            performed = satisfaction is not Satisfaction.DISSATISFIED
            case["performance_status"] = (PerformanceStatus.PERFORMED if performed else PerformanceStatus.PARTLY).value
            closed_on = min(visit_day + timedelta(days=rng.randint(0, 3)), today)
        else:
            closed_on = None  # waiting for the return visit
    if closed_on is not None and rng.random() < CLOSED_SHARE:
        case.update(status=CaseStatus.CLOSED.value, closed_on=closed_on)
    outcome_entry = OutcomeEntry(
        outcome, day, terms=case["terms"], perform_by=case["perform_by"]
    )
    case["return_visit_due"] = return_visit_due(limits, CaseStatus(case["status"]), outcome_entry, visits)

