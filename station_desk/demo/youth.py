"""Demo youth-guidance subjects (演示帮教对象): a room's caseload, fictional through and through.

16 subjects at scale 1 (16 × scale), registered over the last year and a half, in every group
and risk grade, split between the admin officer (张建国) and the second officer: guardians,
a guidance team (the assigned officer, a guardian, and a teacher, community worker or
volunteer from the demo contacts and volunteers when they exist), a plan with goals and an
interval, sessions at about that interval (some subjects fall behind, so reminders are due or
overdue), evaluations every three months or so with grade changes, and a few closed files.
Names, ID numbers (valid GB 11643 check characters), schools and addresses are made up.

Everything goes through `YouthService`, so the records are validated and audited like typed
ones. The generator runs last (it draws team members from the contacts and volunteers).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from station_desk.demo.people import People
from station_desk.domain.accounts import Principal
from station_desk.domain.enums import Gender
from station_desk.domain.validators import age_on
from station_desk.domain.youth import (
    ClosureReason,
    EvaluationEntry,
    GuardianEntry,
    MemberKind,
    PlanEntry,
    RiskGrade,
    SessionKind,
    SubjectDraft,
    TeamCandidate,
    TeamMemberEntry,
    TeamRole,
    YouthGroup,
    YouthSessionEntry,
)
from station_desk.errors import ValidationError
from station_desk.services.container import Services

SUBJECTS_PER_SCALE = 16
MAX_SESSIONS = 40

SCHOOLS = ("和平里第一小学", "和平里中学", "安贞里中学", "兴化路小学", "北京市某职业技术学校")
WORKPLACES = ("无固定职业", "待业", "某快递站临时工", "某餐馆学徒", "某汽修店学徒")

# group: (age range at registration, weight, reasons, goals)
GROUPS: dict[YouthGroup, tuple[tuple[int, int], int, tuple[str, ...], tuple[str, ...]]] = {
    YouthGroup.IDLE: (
        (16, 22),
        3,
        (
            "初中毕业后辍学在家，长期无业，常在网吧通宵。",
            "职校退学后无所事事，与社会闲散人员交往频繁。",
        ),
        (
            "帮助其参加职业技能培训并实现就业；戒除通宵上网习惯。",
            "联系社区推荐就业岗位，三个月内稳定就业。",
        ),
    ),
    YouthGroup.BAD_BEHAVIOUR: (
        (13, 18),
        4,
        (
            "多次夜不归宿，曾因在校外打架被学校处分。",
            "有小偷小摸行为，曾在超市盗窃零食被发现。",
            "经常旷课，参与校外聚众滋事。",
        ),
        ("按时上学不旷课；不再夜不归宿；远离不良交友。", "改正小偷小摸行为，树立正确的是非观念。"),
    ),
    YouthGroup.VAGRANT: (
        (12, 17),
        1,
        ("随外地亲属来京后在地铁站附近乞讨，已联系救助站。",),
        ("协助救助站护送返乡，落实监护责任并恢复上学。",),
    ),
    YouthGroup.PRISONERS_CHILD: (
        (7, 15),
        2,
        (
            "父亲服刑，母亲外出务工，由祖父母照看，缺乏管教。",
            "母亲在戒毒所，随姑姑生活，性格孤僻。",
        ),
        ("落实临时监护，保障正常上学；定期心理疏导。", "帮助其融入班集体，提高学习成绩。"),
    ),
    YouthGroup.LEFT_BEHIND: (
        (8, 13),
        3,
        (
            "父母均在外地务工，与年迈的祖母同住，放学后无人看管。",
            "父母离异后均在外地，由外公外婆抚养。",
        ),
        (
            "保障课后有人看护；每月与父母视频联系；安全教育。",
            "关注心理健康，协调学校安排课后托管。",
        ),
    ),
    YouthGroup.OTHER: (
        (14, 19),
        1,
        ("网络交友被骗后情绪低落，家长请求协助。",),
        ("增强网络安全意识，恢复正常学习生活。",),
    ),
}
GRADE_WEIGHTS = {RiskGrade.RED: 2, RiskGrade.YELLOW: 5, RiskGrade.GREEN: 4}
TALKS = (
    "了解近期学习、生活和交友情况，讲解《预防未成年人犯罪法》有关规定。",
    "针对上次提到的旷课问题谈心，帮助其分析原因，约定按时到校。",
    "与监护人一起谈话，交流近期在家表现，提醒监护人履行监护职责。",
    "开展禁毒、防诈骗宣传教育，观看警示教育短片。",
    "了解就业意向，介绍社区职业技能培训报名方式。",
)
HOME_VISITS = (
    "到家中走访，查看居住环境，与祖母交流孩子的饮食起居。",
    "家访时监护人反映孩子最近能按时回家，作业基本完成。",
)
SCHOOL_VISITS = (
    "走访学校，与班主任了解在校表现和出勤情况。",
    "与学校德育处沟通，商定课后托管安排。",
)
STATES = (
    "情绪稳定，态度配合。",
    "起初较抵触，谈话后能敞开心扉。",
    "精神状态良好，主动讲述近况。",
    "有些沉默，需继续关注。",
)
ASSESSMENTS = (
    "有明显进步。",
    "基本稳定，继续观察。",
    "仍有反复，需加强帮教。",
    "进步较大，可考虑降低风险等级。",
)
PROGRESS = (
    "阶段目标基本达成：出勤正常，未发现新的不良行为。",
    "部分达成：夜不归宿次数明显减少，但仍有旷课。",
    "情况稳定，与家人关系改善，成绩有所提高。",
    "出现反复，近期又与社会闲散人员来往。",
)
PLACES = ("和平里社区警务室", "家中", "学校会议室", "社区居委会")


def generate_youth(services: Services, admin: Principal, rng: random.Random, scale: int) -> int:
    """Register `SUBJECTS_PER_SCALE × scale` demo subjects with their files; returns the number
    of records created (subjects, guardians, team members, grade changes, sessions,
    evaluations)."""
    youth = services.youth
    today = youth.today()
    officers = [c for c in youth.officer_choices(admin) if c.user_id]
    candidates = youth.team_candidates(admin, limit=200)
    helpers = [c for c in candidates if c.kind is not MemberKind.USER]
    used_ids: set[str] = set()
    created = 0
    groups = list(GROUPS)
    weights = [GROUPS[g][1] for g in groups]
    for index in range(SUBJECTS_PER_SCALE * scale):
        group = rng.choices(groups, weights)[0]
        officer = officers[index % len(officers)]
        created += _one_subject(
            services, admin, rng, today, group, officer.user_id, helpers, used_ids
        )
    return created


def _one_subject(
    services: Services,
    admin: Principal,
    rng: random.Random,
    today: date,
    group: YouthGroup,
    officer_id: str,
    helpers: list[TeamCandidate],
    used_ids: set[str],
) -> int:
    youth = services.youth
    (low, high), _weight, reasons, goals = GROUPS[group]
    registered_on = today - timedelta(days=rng.randint(20, 540))
    age = rng.randint(low, high)
    birth = registered_on - timedelta(days=age * 365 + rng.randint(30, 330))
    people = People(rng)
    male = rng.random() < 0.6
    name = people.name(Gender.MALE if male else Gender.FEMALE, age=age)
    surname = name[0]
    grade = rng.choices(list(GRADE_WEIGHTS), list(GRADE_WEIGHTS.values()))[0]
    try:
        subject = youth.register(
            admin,
            SubjectDraft(
                name=name,
                group=group,
                risk_grade=grade,
                reason=rng.choice(reasons),
                resident_id=_id_number(people, birth, male, used_ids),
                phone="" if age < 14 else people.mobile(),
                school_or_work=_school_or_work(rng, age, group),
                address=people.address(),
                registered_on=registered_on,
                officer_user_id=officer_id,
                grade_reason="初次评定",
                guardians=_guardians(rng, surname, group, age_on(birth, registered_on)),
            ),
        )
    except ValidationError:  # an unlucky birth date at the edge of the ages: skip this one
        return 0
    created = 1 + len(subject.guardians) + 1
    created += _team(services, admin, rng, subject.id, officer_id, subject.guardians, helpers)
    interval = rng.choice((14, 30, 30))
    youth.set_plan(
        admin,
        subject.id,
        PlanEntry(rng.choice(goals), interval, "定期谈话教育，联系学校和家庭共同做好帮教。"),
    )
    added, last = _sessions_and_evaluations(
        services, admin, rng, today, subject.id, registered_on, interval, grade
    )
    created += added
    if (today - registered_on).days > 300 and rng.random() < 0.35:
        closed_on = min(today, last + timedelta(days=rng.randint(3, 20)))
        reason = rng.choice(
            (ClosureReason.GOALS_MET, ClosureReason.GOALS_MET, ClosureReason.MOVED_AWAY)
        )
        youth.close(admin, subject.id, reason, "帮教小组评估后结案。", closed_on)
    return created


def _id_number(people: People, birth: date, male: bool, used: set[str]) -> str:
    while True:
        number = people.resident_id(birth, Gender.MALE if male else Gender.FEMALE)
        if number not in used:
            used.add(number)
            return number


def _school_or_work(rng: random.Random, age: int, group: YouthGroup) -> str:
    if group is YouthGroup.IDLE or age >= 19:
        return rng.choice(WORKPLACES)
    school = rng.choice(SCHOOLS[:2] if age < 12 else SCHOOLS[1:])
    return f"{school}{rng.randint(1, 6)}年级" if "小学" in school else school


def _guardians(
    rng: random.Random, surname: str, group: YouthGroup, age: int
) -> tuple[GuardianEntry, ...]:
    if age >= 18 and rng.random() < 0.5:
        return ()
    people = People(rng)
    phone = people.mobile()
    if group in (YouthGroup.LEFT_BEHIND, YouthGroup.PRISONERS_CHILD):
        relation = rng.choice(("祖母", "祖父", "外婆", "姑姑"))
        family = surname if relation in ("祖母", "祖父", "姑姑") else ""
        gender = Gender.MALE if relation == "祖父" else Gender.FEMALE
        return (GuardianEntry(people.name(gender, surname=family), relation, phone),)
    father = GuardianEntry(people.name(Gender.MALE, surname=surname), "父亲", phone)
    mother = GuardianEntry(people.name(Gender.FEMALE), "母亲")
    return (father, mother) if rng.random() < 0.5 else (father,)


def _team(
    services: Services,
    admin: Principal,
    rng: random.Random,
    subject_id: str,
    officer_id: str,
    guardians: tuple[GuardianEntry, ...],
    helpers: list[TeamCandidate],
) -> int:
    youth = services.youth
    members = [TeamMemberEntry(MemberKind.USER, TeamRole.OFFICER, ref_id=officer_id)]
    if guardians:
        guardian = guardians[0]
        members.append(
            TeamMemberEntry(
                MemberKind.OTHER, TeamRole.GUARDIAN, name=guardian.name, phone=guardian.phone
            )
        )
    for helper in rng.sample(helpers, min(len(helpers), rng.randint(1, 2))):
        members.append(TeamMemberEntry(helper.kind, helper.suggested_role, ref_id=helper.ref_id))
    if not helpers:
        members.append(
            TeamMemberEntry(
                MemberKind.OTHER, TeamRole.COMMUNITY_WORKER, name="周丽华", unit="和平里社区居委会"
            )
        )
    for member in members:
        youth.add_team_member(admin, subject_id, member)
    return len(members)


def _sessions_and_evaluations(
    services: Services,
    admin: Principal,
    rng: random.Random,
    today: date,
    subject_id: str,
    registered_on: date,
    interval: int,
    grade: RiskGrade,
) -> tuple[int, date]:
    """Sessions at about the plan's interval, an evaluation every three months; returns the
    number of records and the day of the last session (the registration without one)."""
    youth = services.youth
    created = 0
    last = registered_on
    behind = rng.random() < 0.25  # this subject's sessions fell behind: a reminder is overdue
    stop = today - timedelta(days=interval + rng.randint(3, 20)) if behind else today
    day = registered_on + timedelta(days=rng.randint(1, 7))
    next_evaluation = registered_on + timedelta(days=90)
    count = 0
    while day <= stop and count < MAX_SESSIONS:
        kind = rng.choices(list(SessionKind)[:3], (5, 2, 1))[0]
        content = {
            SessionKind.TALK: TALKS,
            SessionKind.HOME_VISIT: HOME_VISITS,
            SessionKind.SCHOOL_VISIT: SCHOOL_VISITS,
        }[kind]
        youth.save_session(
            admin,
            subject_id,
            YouthSessionEntry(
                held_on=day,
                kind=kind,
                place=PLACES[1] if kind is SessionKind.HOME_VISIT else rng.choice(PLACES),
                participants="帮教民警、监护人" if rng.random() < 0.6 else "帮教民警、班主任",
                content=rng.choice(content),
                state=rng.choice(STATES),
                assessment=rng.choice(ASSESSMENTS),
            ),
        )
        created += 1
        count += 1
        last = day
        if day >= next_evaluation:
            better = {RiskGrade.RED: RiskGrade.YELLOW, RiskGrade.YELLOW: RiskGrade.GREEN}.get(grade)
            change = better if better and rng.random() < 0.5 else None
            youth.save_evaluation(
                admin,
                subject_id,
                EvaluationEntry(
                    evaluated_on=day,
                    progress=rng.choice(PROGRESS),
                    new_grade=change,
                    grade_reason="帮教小组评估，表现好转" if change else "",
                    next_steps="继续按计划开展帮教。",
                ),
            )
            created += 1 + (change is not None)
            grade = change or grade
            next_evaluation = day + timedelta(days=90)
        day += timedelta(days=interval + rng.randint(-3, 5))
    return created, last
