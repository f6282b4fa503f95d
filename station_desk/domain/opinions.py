"""The opinion register (群众意见建议登记): every opinion gets an answer (件件有回音).

An opinion comes from a resident, a conduct supervisor (警风监督员), a partner organisation or
a meeting (or from the reception log: a 建议 or 投诉 entry), with its content, a category and
the person who gave it (or none: anonymous). It is received on a day and must be answered by
a deadline that follows its urgency: urgent 1 working day, normal 5 working days by default
(an administrator changes both), counted over the room's holiday calendar (法定节假日 off,
调休 working days on: `domain/workdays.py`). The reply says how, what, who and when; the
resident's satisfaction is recorded when known; the opinion is then closed.

The measure is the answered-on-time rate: an opinion is answered on time when its reply is
dated on or before its deadline.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from station_desk.domain import checks
from station_desk.domain.enums import LabelledEnum
from station_desk.domain.masking import MaskedPerson
from station_desk.domain.records import ListQuery, SoftDeleted
from station_desk.domain.validators import normalise_person_name, parse_resident_id
from station_desk.domain.workdays import WorkCalendar
from station_desk.errors import ValidationError
from station_desk.i18n import N_, _

LIMITS_KEY = "opinion_reply_limits"
MAX_CONTENT = 4000
MAX_NAME = 50
MAX_ADDRESS = 200
MAX_REPLY = 4000
MAX_REPLIER = 50
MAX_OUTCOME = 2000
MAX_REPLY_DAYS = 30


class OpinionSource(LabelledEnum):
    """Who gave the opinion (来源)."""

    RESIDENT = "resident", N_("Resident")  # 群众
    SUPERVISOR = "supervisor", N_("Conduct supervisor")  # 警风监督员
    PARTNER = "partner", N_("Partner organisation")  # 共建单位
    MEETING = "meeting", N_("Meeting")  # 会议
    RECEPTION = "reception", N_("Reception log")  # 来访登记


class OpinionCategory(LabelledEnum):
    """What the opinion is about (类别)."""

    SECURITY = "security", N_("Public security and prevention")  # 治安防范
    TRAFFIC = "traffic", N_("Traffic and parking")  # 交通秩序
    SERVICE = "service", N_("Police services")  # 为民服务
    CONDUCT = "conduct", N_("Police conduct")  # 警风警纪
    COMMUNITY = "community", N_("Community affairs")  # 社区管理
    OTHER = "other", N_("Other opinion")  # 其他


class Urgency(LabelledEnum):
    URGENT = "urgent", N_("Urgent")  # 紧急
    NORMAL = "normal", N_("Normal")  # 一般


class ReplyMethod(LabelledEnum):
    """How the reply was given (答复方式)."""

    IN_PERSON = "in_person", N_("In person")  # 当面
    PHONE = "phone", N_("By phone")  # 电话
    WRITTEN = "written", N_("In writing")  # 书面
    MEETING = "meeting", N_("At a meeting")  # 会上答复
    NOTICE = "notice", N_("On the notice board")  # 公示栏


class OpinionSatisfaction(LabelledEnum):
    """The resident's view of the reply (满意度)."""

    SATISFIED = "satisfied", N_("Satisfied")  # 满意
    FAIRLY = "fairly", N_("Fairly satisfied")  # 基本满意
    DISSATISFIED = "dissatisfied", N_("Dissatisfied")  # 不满意


class OpinionStatus(LabelledEnum):
    OPEN = "open", N_("Awaiting reply")  # 待答复
    ANSWERED = "answered", N_("Answered")  # 已答复
    CLOSED = "closed", N_("Closed")  # 已办结


class ReplyTiming(LabelledEnum):
    """How an opinion was answered against its deadline (the on-time rate's parts)."""

    ON_TIME = "on_time", N_("Answered on time")  # 按期答复
    LATE = "late", N_("Answered late")  # 超期答复
    OPEN = "open", N_("Not answered yet")  # 尚未答复


def reply_timing(replied_on: date | None, due_on: date) -> ReplyTiming:
    """Answered by the deadline (on time), after it (late), or not yet."""
    if replied_on is None:
        return ReplyTiming.OPEN
    return ReplyTiming.ON_TIME if replied_on <= due_on else ReplyTiming.LATE


@dataclass(frozen=True)
class ReplyLimits:
    """Working days to answer an opinion, by urgency (an administrator's setting)."""

    urgent_days: int = 1
    normal_days: int = 5

    def days(self, urgency: Urgency) -> int:
        return self.urgent_days if Urgency(urgency) is Urgency.URGENT else self.normal_days

    def deadline(self, urgency: Urgency, received_on: date, calendar: WorkCalendar) -> date:
        """The last day of the reply: `days(urgency)` working days after `received_on`."""
        return calendar.add_working_days(received_on, self.days(urgency))

    def validated(self) -> ReplyLimits:
        checks.bounded(self.urgent_days, "urgent_days", 1, MAX_REPLY_DAYS)
        checks.bounded(self.normal_days, "normal_days", 1, MAX_REPLY_DAYS)
        if self.urgent_days > self.normal_days:
            raise ValidationError(
                "urgent_days", _("An urgent opinion cannot have more days than a normal one.")
            )
        return self

    def to_json(self) -> dict[str, int]:
        return {"urgent_days": self.urgent_days, "normal_days": self.normal_days}

    @classmethod
    def from_json(cls, value: Any) -> ReplyLimits:
        """The stored limits; anything missing or unreadable falls back to the default."""
        if not isinstance(value, dict):
            return cls()
        try:
            return cls(int(value["urgent_days"]), int(value["normal_days"])).validated()
        except (KeyError, TypeError, ValueError, ValidationError):
            return cls()


@dataclass(frozen=True)
class OpinionDraft:
    """What the "register an opinion" form sends. `due_on` None: the deadline follows the
    urgency; given, it replaces it (it may not lie in the past nor before the day received).
    `anonymous` drops the person's details."""

    received_on: date
    source: OpinionSource = OpinionSource.RESIDENT
    category: OpinionCategory = OpinionCategory.OTHER
    urgency: Urgency = Urgency.NORMAL
    content: str = ""
    anonymous: bool = False
    name: str = ""
    phone: str = ""
    address: str = ""
    resident_id: str = ""
    handler: str = ""
    due_on: date | None = None


@dataclass(frozen=True)
class ReplyEntry:
    """The answer: how, what, who, when; `satisfaction` when the resident said."""

    replied_on: date
    method: ReplyMethod = ReplyMethod.PHONE
    content: str = ""
    replied_by: str = ""
    satisfaction: OpinionSatisfaction | None = None


@dataclass(frozen=True, kw_only=True)
class Opinion(OpinionDraft, SoftDeleted, MaskedPerson):
    """A saved opinion with its deadline, reply and closure."""

    id: str
    number: str  # 〔2026〕意字第0001号-like: year and sequence
    due_on: date | None = None
    reply: ReplyEntry | None = None
    closed_on: date | None = None
    outcome: str = ""
    reception_id: str | None = None
    deleted_at: datetime | None = None

    @property
    def status(self) -> OpinionStatus:
        return opinion_status(self.reply is not None, self.closed_on)

    @property
    def on_time(self) -> bool | None:
        """Answered by the deadline (None while not answered)."""
        if self.reply is None or self.due_on is None:
            return None
        return self.reply.replied_on <= self.due_on


@dataclass(frozen=True)
class OpinionSummary(SoftDeleted):
    """One row of the opinion list (phone masked)."""

    id: str
    number: str
    received_on: date
    source: OpinionSource
    category: OpinionCategory
    urgency: Urgency
    who: str  # the name, or "anonymous"
    content: str
    due_on: date
    replied_on: date | None
    satisfaction: OpinionSatisfaction | None
    status: OpinionStatus
    overdue: bool
    due_today: bool
    deleted_at: datetime | None = None


@dataclass(frozen=True)
class OpinionQuery(ListQuery):
    """Filters of the opinion list: the days received; the text is in the name or content."""

    status: OpinionStatus | None = None
    category: OpinionCategory | None = None
    overdue_only: bool = False
    timing: ReplyTiming | None = None  # answered on time, late, or not yet


@dataclass(frozen=True)
class OpinionFigures:
    """The opinions received in a period (live ones), for the home page, the register, the
    briefing and the 述职 report. Percentages are of the answered (on time) and of those
    whose satisfaction is known (satisfied); None when there is nothing to divide by."""

    date_from: date
    date_to: date
    received: int
    answered: int
    answered_on_time: int
    rated: int
    satisfied: int  # 满意 and 基本满意
    closed: int
    open_overdue: int

    @property
    def on_time_percent(self) -> float | None:
        return _percent(self.answered_on_time, self.answered)

    @property
    def answered_percent(self) -> float | None:
        return _percent(self.answered, self.received)

    @property
    def satisfied_percent(self) -> float | None:
        return _percent(self.satisfied, self.rated)


@dataclass(frozen=True)
class RegisterRow:
    """One opinion in the register (意见建议登记台账)."""

    number: str
    received_on: date
    source: OpinionSource
    category: OpinionCategory
    urgency: Urgency
    who: str
    phone: str  # masked
    resident_id: str  # masked
    content: str
    due_on: date
    reply: ReplyEntry | None
    on_time: bool | None
    closed_on: date | None
    outcome: str


def _percent(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(100.0 * part / whole, 1)


def opinion_status(replied: bool, closed_on: date | None) -> OpinionStatus:
    if closed_on is not None:
        return OpinionStatus.CLOSED
    return OpinionStatus.ANSWERED if replied else OpinionStatus.OPEN


def is_overdue(due_on: date, replied: bool, today: date) -> bool:
    return not replied and due_on < today


def validated_draft(draft: OpinionDraft, today: date, is_new: bool = True) -> OpinionDraft:
    """Clean fields; a `due_on` given by hand may not be before the day received, nor (for a
    new opinion) in the past."""
    received = checks.day(draft.received_on, "received_on")
    if received > today:
        raise ValidationError("received_on", _("The day received cannot be in the future."))
    if draft.due_on is not None:
        if is_new and draft.due_on < today:
            raise ValidationError("due_on", _("The reply deadline cannot be in the past."))
        if draft.due_on < received:
            raise ValidationError(
                "due_on", _("The reply deadline cannot be before the day received.")
            )
    anonymous = bool(draft.anonymous)
    name = "" if anonymous else checks.text(draft.name, "name", MAX_NAME)
    if name:
        name = normalise_person_name(name, field="name")
    resident_id = "" if anonymous else (draft.resident_id or "").strip()
    if resident_id:
        resident_id = parse_resident_id(resident_id, today=today, field="resident_id").number
    return replace(
        draft,
        received_on=received,
        source=checks.choice(OpinionSource, draft.source, "source"),
        category=checks.choice(OpinionCategory, draft.category, "category"),
        urgency=checks.choice(Urgency, draft.urgency, "urgency"),
        content=checks.text(draft.content, "content", MAX_CONTENT, required=True),
        anonymous=anonymous,
        name=name,
        phone="" if anonymous else checks.phone(draft.phone, "phone"),
        address="" if anonymous else checks.text(draft.address, "address", MAX_ADDRESS),
        resident_id=resident_id,
        handler=checks.text(draft.handler, "handler", MAX_REPLIER),
    )


def validated_reply(reply: ReplyEntry, received_on: date, today: date) -> ReplyEntry:
    """A reply needs its content, a date not before the day received and not in the future."""
    replied_on = checks.day_between(
        reply.replied_on,
        "replied_on",
        received_on,
        today,
        _("The reply cannot be dated before the opinion was received ({date})."),
        _("The reply cannot be dated in the future."),
    )
    content = checks.text(reply.content, "reply_content", MAX_REPLY)
    if not content.strip():
        raise ValidationError(
            "reply_content", _("Write what was answered before marking the opinion answered.")
        )
    satisfaction = reply.satisfaction
    return ReplyEntry(
        replied_on,
        checks.choice(ReplyMethod, reply.method, "method"),
        content,
        checks.text(reply.replied_by, "replied_by", MAX_REPLIER),
        None if satisfaction is None else checks.choice(
            OpinionSatisfaction, satisfaction, "satisfaction"
        ),
    )


def validated_closure(closed_on: date, replied_on: date | None, today: date, outcome: str) -> str:
    """An opinion is closed after its reply, not in the future; returns the clean outcome."""
    if replied_on is None:
        raise ValidationError("closed_on", _("Answer the opinion before closing it."))
    if closed_on < replied_on:
        raise ValidationError("closed_on", _("An opinion cannot be closed before its reply."))
    if closed_on > today:
        raise ValidationError("closed_on", _("The day closed cannot be in the future."))
    return checks.text(outcome, "outcome", MAX_OUTCOME)


def opinion_number(year: int, seq: int) -> str:
    return f"{year}-{seq:04d}"
