"""Demo contacts and meetings (演示数据：联系单位与会议) for the fictional 和平里社区警务室.

`generate_meetings(services, admin, rng, scale)` adds six partner organisations (居委会, 业委会,
物业公司, 内保协会, a school, the health station) with about 25 people — a few of them conduct
supervisors (警风监督员) — and the room's meetings: a monthly 警情通报会 and 治保例会, a
quarterly 述职会, a 联席会议 and a 队伍例会 every other month and a few others, over the last
year and the next six weeks (scale 1). Each past meeting has attendees with attendance and
reasons for absence, agenda items with discussion and decisions, and action items; open
items are carried into the next meeting of the same type and mostly done there. Past
meetings are finalised (the latest of some types only held), a few carry an amendment; the
coming ones are planned. Every name is invented.

Scale: each step adds history — `ceil(0.3 × scale)` years, so scale 100 is 30 years, about
1,300 meetings and 25,000 meeting rows. The meetings are planned in memory first (the
carry-over chains and their final status decided there), then written a year per transaction
through the ORM, so the audit trail records every row as created, as the services would.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from station_desk.db.models import (
    ActionItem,
    AgendaItem,
    Meeting,
    MeetingAmendment,
    MeetingAttendee,
)
from station_desk.demo.people import People
from station_desk.domain.accounts import Principal
from station_desk.domain.contacts import ContactDraft, OrganisationDraft, OrganisationKind
from station_desk.domain.ids import new_id
from station_desk.domain.meetings import ActionStatus, AttendeeKind, MeetingStatus, MeetingType
from station_desk.domain.roles import Role
from station_desk.services.container import Services

YEARS_PER_SCALE = 0.3
STAFF_ROLES = {Role.ADMIN: "社区民警", Role.OFFICER: "社区民警", Role.AUXILIARY: "辅警"}
FUTURE_DAYS = 42
ROOM = "和平里社区警务室"
HALL = "和平里社区党群服务中心多功能厅"
COMMITTEE_ROOM = "和平里社区居委会会议室"

# --- contacts ----------------------------------------------------------------------------

ORGANISATIONS: tuple[tuple[str, OrganisationKind, str, str], ...] = (
    (
        "和平里社区居民委员会",
        OrganisationKind.RESIDENTS_COMMITTEE,
        "和平里北街12号",
        "010-64201230",
    ),
    ("和平里小区业主委员会", OrganisationKind.OWNERS_COMMITTEE, "和平里小区7号楼底商", ""),
    (
        "安居物业服务有限公司和平里项目部",
        OrganisationKind.PROPERTY_COMPANY,
        "和平里小区东门物业楼",
        "010-64201288",
    ),
    (
        "和平里街道内部单位治安保卫协会",
        OrganisationKind.SECURITY_ASSOCIATION,
        "和平里街道办事处三楼",
        "",
    ),
    ("和平里第一小学", OrganisationKind.SCHOOL, "和平里中街5号", "010-64205566"),
    ("和平里社区卫生服务站", OrganisationKind.OTHER, "和平里北街20号", "010-64207720"),
)

# (name, organisation index or None, position, conduct supervisor)
PEOPLE: tuple[tuple[str, int | None, str, bool], ...] = (
    ("刘桂兰", 0, "主任", False),
    ("陈国栋", 0, "副主任", False),
    ("赵德明", 0, "治保主任", False),
    ("孙丽娜", 0, "网格员", False),
    ("周建华", 0, "网格员", False),
    ("吴志刚", 1, "主任", False),
    ("郑秀芳", 1, "副主任", True),
    ("冯立军", 1, "委员", False),
    ("何伟", 2, "项目经理", False),
    ("马超", 2, "安保主管", False),
    ("许静", 2, "客服主管", False),
    ("高建平", 2, "工程主管", False),
    ("林海涛", 3, "秘书长", False),
    ("罗晓燕", 3, "会员单位代表", False),
    ("胡振东", 3, "会员单位代表", False),
    ("谢文华", 4, "副校长", False),
    ("唐敏", 4, "德育主任", False),
    ("韩磊", 4, "保卫干事", False),
    ("曹雪梅", 5, "站长", False),
    ("邓玉珍", None, "3号楼楼门长", False),
    ("彭立新", None, "8号楼楼门长", False),
    ("曾凡荣", None, "退休教师", True),
    ("萧淑贞", None, "区人大代表", True),
    ("田志远", None, "居民代表", True),
    ("欧阳慧", None, "居民代表", False),
)


# --- what the meetings say ----------------------------------------------------------------

AGENDAS: dict[MeetingType, tuple[str, ...]] = {
    MeetingType.POLICE_BRIEFING: ("本月警情通报", "防范提示", "群众意见建议", "下月工作安排"),
    MeetingType.SECURITY_COMMITTEE: (
        "社区治安形势分析",
        "矛盾纠纷和安全隐患排查",
        "重点部位与防范措施",
        "下阶段工作安排",
    ),
    MeetingType.ACCOUNTABILITY: ("社区民警述职", "群众提问与评议", "满意度测评", "整改承诺"),
    MeetingType.JOINT: ("各方通报情况", "共同研究解决的问题", "任务分工"),
    MeetingType.TEAM: ("近期巡逻值守情况讲评", "业务培训与安全提示", "下阶段排班与任务"),
    MeetingType.OTHER: ("会议议题",),
}

JOINT_TOPICS = (
    "小区停车秩序整治",
    "高空抛物防范",
    "电动车集中充电设施建设",
    "老旧小区监控改造",
    "群租房治理",
    "节前安全防范",
    "地下空间清理整治",
    "垃圾分类与楼道堆物清理",
)
OTHER_TITLES = ("冬季消防安全专题会议", "防范电信网络诈骗专题会", "平安建设宣传月动员会")
HOT_SPOTS = (
    "非机动车棚",
    "地下车库",
    "小区东门",
    "菜市场周边",
    "3号楼至5号楼之间的通道",
    "快递驿站",
)
TIMES = ("夜间22时至次日2时", "傍晚下班时段", "上午10时前后", "周末白天")
FRAUDS = ("冒充客服退款", "刷单返利", "冒充公检法", "虚假投资理财", "冒充熟人借钱")
TIPS = (
    "电动车停放要上双锁，尽量停入有监控的车棚",
    "陌生来电涉及转账汇款一律先挂断，再拨打110核实",
    "外出时关好门窗，贵重物品不要放在车内显眼处",
    "不要在楼道内飞线充电，电动车电池不要带进家门",
    "老人接到“保健品”“投资”推销电话要先和子女商量",
)
OPINIONS = (
    ("东门晚上路灯太暗，回家不安全", "物业已答应本周内更换灯具"),
    ("楼道里堆放杂物多，消防通道被占", "居委会将组织楼门长逐栋清理"),
    ("小区里外卖电动车车速太快", "将在主干道增设减速带和提示牌"),
    ("夜间有人在花园里喧哗", "民警将加强夜间巡逻并做好劝导"),
    ("快递驿站门口车辆乱停", "物业和驿站商定划定临时停车区"),
    ("希望多开展防诈骗宣传", "下月将进楼入户开展宣传"),
)
RESIDENT_QUESTIONS = (
    "小区监控什么时候能全覆盖",
    "电动车被盗后多久能破案",
    "群租房问题怎么解决",
    "晚上巡逻能不能再多一些",
    "老年人被骗的钱能追回来吗",
)
ABSENCE_REASONS = ("出差在外", "身体不适", "家中有事", "单位值班", "外出就医", "临时有急事")

# (description, owner: an organisation index, "officer", "aux", or a person's name)
ACTIONS: dict[MeetingType, tuple[tuple[str, object], ...]] = {
    MeetingType.POLICE_BRIEFING: (
        ("在各楼门张贴防范电信诈骗宣传海报", "aux"),
        ("对本月被盗电动车失主进行回访", "officer"),
        ("走访独居老人，面对面开展防诈骗宣传", 0),
        ("在快递驿站设置防诈骗提示牌", 2),
    ),
    MeetingType.SECURITY_COMMITTEE: (
        ("更换小区东门损坏的路灯", 2),
        ("修复3号楼单元门门禁", 2),
        ("清理地下车库堆放的杂物", 2),
        ("在非机动车棚加装监控探头", 2),
        ("排查出租房屋并登记流动人口信息", 0),
        ("组织楼门长开展楼道消防安全检查", 0),
        ("增加夜间保安巡逻频次", 2),
    ),
    MeetingType.ACCOUNTABILITY: (
        ("落实群众提出的夜间巡逻加密要求", "officer"),
        ("每月在警务室公示警情和工作情况", "officer"),
        ("对满意度测评中的意见逐条回复", "officer"),
    ),
    MeetingType.JOINT: (
        ("制定小区停车管理方案，提交业主大会表决", 1),
        ("建设电动车集中充电车棚", 2),
        ("对重点楼栋开展联合检查", 0),
        ("上下学时段在校门口设立护学岗", 4),
    ),
    MeetingType.TEAM: (
        ("调整周末夜间巡逻路线，覆盖地下车库", "aux"),
        ("为新队员发放红袖标和工作证", "aux"),
        ("组织队员参加急救知识培训", 5),
    ),
    MeetingType.OTHER: (
        ("检查各楼栋灭火器是否在有效期内", 2),
        ("组织一次消防疏散演练", 0),
    ),
}


@dataclass
class Person:
    kind: AttendeeKind
    name: str
    ref_id: str | None = None
    organisation: str = ""
    role: str = ""


@dataclass
class PlannedAction:
    id: str
    description: str
    owner: str
    due: date | None
    chain: list[PlannedAction]  # every link of this task, oldest first (shared list)
    progress: str = ""
    carried_from: str | None = None
    agenda_index: int | None = None
    status: ActionStatus = ActionStatus.OPEN


@dataclass
class PlannedMeeting:
    id: str
    kind: MeetingType
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    host: str
    recorder: str
    status: MeetingStatus = MeetingStatus.PLANNED
    attendees: list[tuple[Person, bool, bool | None, str]] = field(default_factory=list)
    agenda: list[tuple[str, str, str]] = field(default_factory=list)
    actions: list[PlannedAction] = field(default_factory=list)
    summary: str = ""
    amendment: str = ""


# --- the generator ------------------------------------------------------------------------


def generate_meetings(services: Services, admin: Principal, rng: random.Random, scale: int) -> int:
    """Contacts and meetings of the demo room; returns the number of records created."""
    made, people = _contacts(services, admin, rng)
    staff = {
        account.username: Person(
            AttendeeKind.USER, account.display_name, account.id, ROOM, STAFF_ROLES[account.role]
        )
        for account in services.accounts.list_accounts(admin)
    }
    today = date.today()
    years = max(1, math.ceil(YEARS_PER_SCALE * scale))
    plan = Planner(rng, people, staff, today).plan(today - timedelta(days=365 * years))
    by_year: dict[int, list[PlannedMeeting]] = {}
    for meeting in plan:
        by_year.setdefault(meeting.starts_at.year, []).append(meeting)
    for batch in by_year.values():
        made += _write(services, admin, batch, rng)
    return made


def _contacts(
    services: Services, admin: Principal, rng: random.Random
) -> tuple[int, dict[str, Person]]:
    """The organisations and people; returns (records made, people by name)."""
    organisations = []
    for name, kind, address, phone in ORGANISATIONS:
        organisation_draft = OrganisationDraft(name, kind, address=address, phone=phone)
        organisations.append(services.contacts.create_organisation(admin, organisation_draft))
    people: dict[str, Person] = {}
    for name, index, position, supervisor in PEOPLE:
        organisation = organisations[index] if index is not None else None
        draft = ContactDraft(
            name,
            organisation.id if organisation else None,
            position,
            is_conduct_supervisor=supervisor,
            mobile=_mobile(rng),
            notes="社区聘请的警风监督员" if supervisor else "",
        )
        person = services.contacts.create_person(admin, draft)
        role = position or ("警风监督员" if supervisor else "")
        people[name] = Person(
            AttendeeKind.CONTACT, name, person.id, organisation.name if organisation else "", role
        )
    return len(organisations) + len(people), people


def _mobile(rng: random.Random) -> str:
    return "1" + rng.choice("35789") + "".join(rng.choice("0123456789") for _ in range(9))


class Planner:
    """Plans the meetings in date order, carrying open action items forward per type."""

    def __init__(
        self, rng: random.Random, people: dict[str, Person], staff: dict[str, Person], today: date
    ) -> None:
        self.rng = rng
        self.people = people
        self.officer = staff.get("admin") or next(iter(staff.values()))
        self.aides = [staff[name] for name in ("aux", "aux2") if name in staff] or [self.officer]
        self.today = today
        self.open_items: dict[MeetingType, list[PlannedAction]] = {}
        self.chains: list[list[PlannedAction]] = []
        self.organisation_heads = [
            next(p for p in people.values() if p.organisation == name)
            for name, *_rest in ORGANISATIONS
        ]

    def plan(self, first_day: date) -> list[PlannedMeeting]:
        slots = sorted(self._slots(first_day, self.today + timedelta(days=FUTURE_DAYS)))
        meetings = [self._meeting(kind, start, index) for index, (start, kind) in enumerate(slots)]
        self._settle_statuses(meetings)
        self._finish_old_items()
        return meetings

    # -- when ------------------------------------------------------------------------------
    def _slots(self, first: date, last: date) -> list[tuple[datetime, MeetingType]]:
        slots = []
        month = date(first.year, first.month, 1)
        while month <= last:
            slots += self._month_slots(month)
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        return [(start, kind) for start, kind in slots if first <= start.date() <= last]

    def _month_slots(self, month: date) -> list[tuple[datetime, MeetingType]]:
        rng = self.rng
        slots = [
            (self._day(month, 5, 9, time(19, 0)), MeetingType.POLICE_BRIEFING),
            (self._day(month, 12, 16, time(9, 30)), MeetingType.SECURITY_COMMITTEE),
        ]
        if month.month in (1, 4, 7, 10):
            slots.append((self._day(month, 20, 24, time(14, 30)), MeetingType.ACCOUNTABILITY))
        if month.month % 2 == 1:
            slots.append((self._day(month, 22, 27, time(14, 0)), MeetingType.JOINT))
        else:
            slots.append((self._day(month, 25, 28, time(19, 30)), MeetingType.TEAM))
        if month.month in (3, 6, 11) and rng.random() < 0.7:
            slots.append((self._day(month, 17, 19, time(10, 0)), MeetingType.OTHER))
        return slots

    def _day(self, month: date, low: int, high: int, at: time) -> datetime:
        day = month.replace(day=self.rng.randint(low, high))
        while day.weekday() >= 5:  # meetings are on working days
            day -= timedelta(days=1)
        return datetime.combine(day, at)

    # -- what ------------------------------------------------------------------------------
    def _meeting(self, kind: MeetingType, start: datetime, index: int) -> PlannedMeeting:
        rng = self.rng
        past = start.date() < self.today
        length = {MeetingType.ACCOUNTABILITY: 120, MeetingType.JOINT: 90}.get(kind, 75)
        meeting = PlannedMeeting(
            id=new_id(),
            kind=kind,
            title=self._title(kind, start, index),
            starts_at=start,
            ends_at=start + timedelta(minutes=length + rng.choice((0, 10, 15, 20))),
            place={MeetingType.ACCOUNTABILITY: HALL, MeetingType.JOINT: COMMITTEE_ROOM}.get(
                kind, ROOM
            ),
            host=self.people["刘桂兰"].name if kind is MeetingType.JOINT else self.officer.name,
            recorder=rng.choice(self.aides).name,
        )
        invited = self._invited(kind)
        for person in invited:
            meeting.attendees.append(self._attendance(person, past))
        if past:
            for _walk_in in range(rng.choice((0, 0, 1, 2))):
                meeting.attendees.append((self._resident(), False, True, ""))
        titles = AGENDAS[kind]
        meeting.agenda = [
            (title, *self._discussion(kind, n, start)) if past else (title, "", "")
            for n, title in enumerate(titles)
        ]
        self._carry_over(meeting, past)
        if past:
            self._new_actions(meeting, invited)
            present = sum(1 for _p, _e, here, _r in meeting.attendees if here)
            meeting.summary = f"会议应到{len(invited)}人，实到{present}人，各项议程顺利完成。"
        return meeting

    def _title(self, kind: MeetingType, start: datetime, index: int) -> str:
        year, month = start.year, start.month
        if kind is MeetingType.POLICE_BRIEFING:
            return f"{year}年{month}月警情通报会"
        if kind is MeetingType.SECURITY_COMMITTEE:
            return f"和平里社区{year}年{month}月治保例会"
        if kind is MeetingType.ACCOUNTABILITY:
            quarter = "一二三四"[(month - 1) // 3]
            return f"{year}年第{quarter}季度社区民警述职会"
        if kind is MeetingType.JOINT:
            return f"关于{JOINT_TOPICS[index % len(JOINT_TOPICS)]}的联席会议（{year}年{month}月）"
        if kind is MeetingType.TEAM:
            return f"平安志愿者巡逻队{year}年{month}月队伍例会"
        return f"{OTHER_TITLES[index % len(OTHER_TITLES)]}（{year}年）"

    def _invited(self, kind: MeetingType) -> list[Person]:
        p, rng = self.people, self.rng
        aide = rng.choice(self.aides)
        staff = [self.officer] if aide is self.officer else [self.officer, aide]
        chosen: dict[MeetingType, list[str]] = {
            MeetingType.SECURITY_COMMITTEE: [
                "赵德明",
                "孙丽娜",
                "周建华",
                "马超",
                "冯立军",
                "林海涛",
                "邓玉珍",
                "彭立新",
            ],
            MeetingType.POLICE_BRIEFING: [
                "赵德明",
                "许静",
                "邓玉珍",
                "彭立新",
                "欧阳慧",
                "曾凡荣",
                "田志远",
            ],
            MeetingType.ACCOUNTABILITY: [
                "刘桂兰",
                "吴志刚",
                "何伟",
                "谢文华",
                "曾凡荣",
                "萧淑贞",
                "田志远",
                "郑秀芳",
            ],
            MeetingType.JOINT: ["刘桂兰", "陈国栋", "吴志刚", "何伟", "高建平"],
            MeetingType.TEAM: [],
            MeetingType.OTHER: ["赵德明", "马超", "高建平", "曹雪梅", "唐敏"],
        }
        people = staff + [p[name] for name in chosen[kind]]
        residents = {
            MeetingType.POLICE_BRIEFING: 4,
            MeetingType.ACCOUNTABILITY: 10,
            MeetingType.TEAM: 7,
        }.get(kind, 0)
        names = {person.name for person in people}
        while residents:
            guest = self._resident("巡逻队员" if kind is MeetingType.TEAM else "居民代表")
            if guest.name not in names:
                names.add(guest.name)
                people.append(guest)
                residents -= 1
        return people

    def _resident(self, role: str = "居民") -> Person:
        rng = self.rng
        name = People(rng).name()
        building = f"{rng.randint(1, 12)}号楼"
        return Person(AttendeeKind.GUEST, name, None, building, role)

    def _attendance(self, person: Person, past: bool) -> tuple[Person, bool, bool | None, str]:
        if not past:
            return person, True, None, ""
        if person.kind is AttendeeKind.USER and person.name == self.officer.name:
            return person, True, True, ""
        if self.rng.random() < 0.12:
            return person, True, False, self.rng.choice(ABSENCE_REASONS)
        return person, True, True, ""

    def _discussion(self, kind: MeetingType, n: int, start: datetime) -> tuple[str, str]:
        rng = self.rng
        if kind is MeetingType.POLICE_BRIEFING and n == 0:
            total = rng.randint(18, 46)
            theft, fraud = rng.randint(2, 7), rng.randint(1, 5)
            text = (
                f"{start.month}月辖区共接报各类警情{total}起，其中盗窃类{theft}起（电动车{rng.randint(1, theft)}起），"
                f"治安类{rng.randint(3, 9)}起，矛盾纠纷类{rng.randint(4, 12)}起，群众求助{rng.randint(5, 15)}起；"
                f"电信网络诈骗{fraud}起，主要为{rng.choice(FRAUDS)}，涉案金额约{rng.randint(3, 90) * 1000}元。"
                f"与上月相比总量{rng.choice(('下降', '上升', '基本持平，略有下降'))}{rng.randint(2, 18)}%。"
                f"发案主要集中在{rng.choice(HOT_SPOTS)}，时段以{rng.choice(TIMES)}为主。"
            )
            return text, "将近期高发案件情况通过楼门长群和宣传栏告知居民。"
        if kind is MeetingType.POLICE_BRIEFING and n == 1:
            tips = rng.sample(TIPS, 2)
            return (
                f"针对近期{rng.choice(FRAUDS)}诈骗多发，民警提醒居民：{tips[0]}；{tips[1]}。"
                f"现场发放宣传资料{rng.randint(40, 150)}份。",
                "",
            )
        if (kind, n) in ((MeetingType.POLICE_BRIEFING, 2), (MeetingType.ACCOUNTABILITY, 1)):
            opinion, answer = rng.choice(OPINIONS)
            question = rng.choice(RESIDENT_QUESTIONS)
            return (
                f"{self._resident().name}反映{opinion}；另有居民询问{question}。民警逐一作了回应：{answer}。",
                f"对“{opinion}”的问题限期解决，并在下次会议上通报结果。",
            )
        if kind is MeetingType.SECURITY_COMMITTEE and n == 1:
            disputes, hazards = rng.randint(2, 9), rng.randint(3, 12)
            return (
                f"本月共排查矛盾纠纷{disputes}起，已调处{rng.randint(1, disputes)}起，其余正在跟进；"
                f"排查安全隐患{hazards}处（楼道堆物、飞线充电、消防通道占用等），已整改{rng.randint(1, hazards)}处。",
                "未整改的隐患由物业和居委会分工负责，两周内完成。",
            )
        if kind is MeetingType.ACCOUNTABILITY and n == 0:
            return (
                f"社区民警{self.officer.name}就本季度工作进行述职：入户走访{rng.randint(120, 260)}户，"
                f"接待群众{rng.randint(60, 140)}人次，调解纠纷{rng.randint(8, 25)}起，开展防范宣传{rng.randint(5, 14)}场，"
                f"每周下沉社区工作均超过30小时。",
                "",
            )
        if kind is MeetingType.ACCOUNTABILITY and n == 2:
            handed = rng.randint(40, 60)
            satisfied = rng.randint(handed - 8, handed)
            return (
                f"现场发放测评表{handed}份，收回{handed}份，满意{satisfied}份，基本满意{handed - satisfied}份，"
                f"满意率{100 * satisfied // handed}%。",
                "",
            )
        if kind is MeetingType.ACCOUNTABILITY and n == 3:
            opinion, answer = rng.choice(OPINIONS)
            return (
                f"针对测评中群众反映的“{opinion}”等问题，社区民警作出整改承诺：{answer}，"
                "下季度述职时向群众报告落实情况。",
                "整改情况在警务室公示栏公示。",
            )
        spot = rng.choice(HOT_SPOTS)
        return (
            f"与会人员围绕{spot}的治安防范进行了讨论，认为{rng.choice(TIPS)}，需要各方共同做好。",
            f"由物业牵头、居委会配合，对{spot}进行一次集中整治。" if rng.random() < 0.5 else "",
        )

    # -- action items ----------------------------------------------------------------------
    def _owner(self, owner: object) -> str:
        if owner == "officer":
            return self.officer.name
        if owner == "aux":
            return self.rng.choice(self.aides).name
        if isinstance(owner, int):
            return self.organisation_heads[owner].name
        return str(owner)

    def _new_actions(self, meeting: PlannedMeeting, invited: list[Person]) -> None:
        rng = self.rng
        pool = ACTIONS[meeting.kind]
        for description, owner in rng.sample(pool, min(len(pool), rng.randint(1, 3))):
            due = meeting.starts_at.date() + timedelta(days=rng.choice((7, 14, 21, 30)))
            item = PlannedAction(new_id(), description, self._owner(owner), due, chain=[])
            item.chain.append(item)
            self.chains.append(item.chain)
            item.agenda_index = rng.choice((None, len(meeting.agenda) - 1))
            meeting.actions.append(item)
        self.open_items[meeting.kind] = [a for a in meeting.actions if a.status.is_open]

    def _carry_over(self, meeting: PlannedMeeting, past: bool) -> None:
        """Copy the previous meeting's open items; at a past meeting most get done."""
        rng = self.rng
        carried = []
        for earlier in self.open_items.get(meeting.kind, []):
            link = PlannedAction(
                new_id(),
                earlier.description,
                earlier.owner,
                earlier.due,
                chain=earlier.chain,
                carried_from=earlier.id,
                status=earlier.status,  # one status per chain, until it changes here
                progress=earlier.progress,
            )
            link.chain.append(link)
            if past:
                roll = rng.random()
                if roll < 0.75:
                    day = meeting.starts_at
                    link.progress = f"已于{day.month}月{day.day}日前完成，经复查符合要求。"
                    _set_chain(link, ActionStatus.DONE)
                elif roll < 0.92:
                    link.due = meeting.starts_at.date() + timedelta(days=rng.choice((14, 21, 30)))
                    link.progress = (
                        f"正在推进，已完成约{rng.choice((30, 50, 70, 80))}%，"
                        f"完成期限延至{link.due.month}月{link.due.day}日。"
                    )
                    _set_chain(link, ActionStatus.IN_PROGRESS)
                elif roll < 0.96:
                    link.progress = "经研究不再实施。"
                    _set_chain(link, ActionStatus.CANCELLED)
            carried.append(link)
        meeting.actions = carried + meeting.actions
        self.open_items[meeting.kind] = [a for a in carried if a.status.is_open]

    # -- status ----------------------------------------------------------------------------
    def _settle_statuses(self, meetings: list[PlannedMeeting]) -> None:
        latest: dict[MeetingType, PlannedMeeting] = {}
        for meeting in meetings:
            if meeting.starts_at.date() < self.today:
                meeting.status = MeetingStatus.FINALISED
                latest[meeting.kind] = meeting
                if self.rng.random() < 0.06:
                    meeting.amendment = self._amendment(meeting)
        for kind in (MeetingType.POLICE_BRIEFING, MeetingType.TEAM):
            if kind in latest:  # last month's minutes are still being written up
                latest[kind].status = MeetingStatus.HELD
                latest[kind].amendment = ""

    def _finish_old_items(self) -> None:
        """Most tasks long past their due date were done between meetings."""
        for chain in self.chains:
            last = chain[-1]
            if not last.status.is_open or last.due is None or last.due >= self.today:
                continue
            chance = 0.85 if last.due < self.today - timedelta(days=7) else 0.5
            if self.rng.random() < chance:
                last.progress = "已完成，情况在警务室工作台账中登记。"
                _set_chain(last, ActionStatus.DONE)

    def _amendment(self, meeting: PlannedMeeting) -> str:
        absent = [person.name for person, _e, here, _r in meeting.attendees if here is False]
        if absent:
            return f"{absent[0]}实际出席了会议，原记录误记为缺席，特此更正。"
        return "会议结束时间记录有误，应为实际结束时间，特此更正。"


def _set_chain(link: PlannedAction, status: ActionStatus) -> None:
    """A status given anywhere in a carry-over chain holds for every link (as the service does)."""
    for item in link.chain:
        item.status = status


# --- writing ------------------------------------------------------------------------------


def _write(
    services: Services, admin: Principal, meetings: list[PlannedMeeting], rng: random.Random
) -> int:
    """One transaction for these meetings and their rows; returns the rows made."""
    made = 0
    with services.db.session(admin) as session:
        for planned in meetings:
            session.add(_meeting_row(planned))
        session.flush()  # no relationship() orders the inserts: parents first
        agenda_ids: dict[str, list[str]] = {}
        for planned in meetings:
            ids = agenda_ids[planned.id] = []
            for position, (title, discussion, decisions) in enumerate(planned.agenda):
                row = AgendaItem(
                    id=new_id(),
                    meeting_id=planned.id,
                    position=position,
                    title=title,
                    discussion=discussion,
                    decisions=decisions,
                )
                ids.append(row.id)
                session.add(row)
        session.flush()
        for planned in meetings:
            made += 1 + len(planned.agenda)
            for position, (person, expected, present, reason) in enumerate(planned.attendees):
                session.add(
                    MeetingAttendee(
                        id=new_id(),
                        meeting_id=planned.id,
                        position=position,
                        kind=person.kind.value,
                        ref_id=person.ref_id,
                        name=person.name,
                        organisation=person.organisation,
                        role=person.role,
                        expected=expected,
                        present=present,
                        absence_reason=reason,
                    )
                )
            for position, item in enumerate(planned.actions):
                agenda = agenda_ids[planned.id]
                session.add(
                    ActionItem(
                        id=item.id,
                        meeting_id=planned.id,
                        position=position,
                        agenda_item_id=agenda[item.agenda_index]
                        if item.agenda_index is not None
                        else None,
                        description=item.description,
                        owner=item.owner,
                        due_date=item.due,
                        status=item.status.value,
                        progress=item.progress,
                        carried_from_id=item.carried_from,
                    )
                )
            made += len(planned.attendees) + len(planned.actions)
            if planned.amendment:
                session.add(
                    MeetingAmendment(
                        id=new_id(),
                        meeting_id=planned.id,
                        at=datetime.combine(
                            planned.ends_at.date() + timedelta(days=3), time(1, 30), UTC
                        ),
                        by_user_id=admin.user_id,
                        by_name=admin.display_name,
                        section="出席情况",
                        text=planned.amendment,
                    )
                )
                made += 1
    return made


def _meeting_row(planned: PlannedMeeting) -> Meeting:
    return Meeting(
        id=planned.id,
        meeting_type=planned.kind.value,
        title=planned.title,
        starts_at=planned.starts_at,
        ends_at=planned.ends_at,
        place=planned.place,
        host=planned.host,
        recorder=planned.recorder,
        status=planned.status.value,
        summary=planned.summary,
        notes="",
    )
