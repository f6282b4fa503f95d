"""The reception log (来访来电登记): every visit or call of a resident at the police room.

An entry says when and how the contact came (channel: 来访, 电话, 110 转来, 网上, 走访中), what
it was about (kind: 报警, 求助, 咨询, 办事, 投诉, 建议, 纠纷, 其他), who came (name, phone,
address; a resident ID number only when given, validated and masked on screens and registers),
what they said, how it was handled (当场办结, 移交派出所, 转调解, 转居委会, 转物业, 转其他部门,
with the receiving unit), by whom and with what result, a follow-up due date and whether it is
closed.

A 纠纷 entry becomes a mediation case in one step (`mediation_case_id`), a 建议 or 投诉 an
opinion of the opinion register (`opinion_id`); each side finds the other.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from station_desk.domain import checks
from station_desk.domain.enums import LabelledEnum
from station_desk.domain.masking import MaskedPerson
from station_desk.domain.records import ListQuery, SoftDeleted
from station_desk.domain.validators import normalise_person_name, parse_resident_id
from station_desk.errors import ValidationError
from station_desk.i18n import N_, _

MAX_NAME = 50
MAX_ADDRESS = 200
MAX_CONTENT = 4000
MAX_UNIT = 100
MAX_HANDLER = 50
MAX_RESULT = 2000


class ReceptionChannel(LabelledEnum):
    """How the resident came to the room (来访渠道)."""

    VISIT = "visit", N_("Walk-in visit")  # 来访
    PHONE = "phone", N_("Phone call")  # 电话
    REFERRAL_110 = "referral_110", N_("Passed on by 110")  # 110 转来
    ONLINE = "online", N_("Online")  # 网上
    FIELD = "field", N_("Met on a visit")  # 走访中


class ReceptionKind(LabelledEnum):
    """What the contact was about (事由)."""

    REPORT = "report", N_("Report to the police")  # 报警
    HELP = "help", N_("Request for help")  # 求助
    CONSULT = "consult", N_("Consultation")  # 咨询
    SERVICE = "service", N_("Administrative service")  # 办事
    COMPLAINT = "complaint", N_("Complaint")  # 投诉
    SUGGESTION = "suggestion", N_("Suggestion")  # 建议
    DISPUTE = "dispute", N_("Dispute")  # 纠纷
    OTHER = "other", N_("Other matter")  # 其他

    @property
    def becomes_opinion(self) -> bool:
        return self in (ReceptionKind.COMPLAINT, ReceptionKind.SUGGESTION)


class Handling(LabelledEnum):
    """How the matter was handled (处理方式)."""

    ON_SPOT = "on_spot", N_("Settled on the spot")  # 当场办结
    TO_STATION = "to_station", N_("Passed to the station")  # 移交派出所
    TO_MEDIATION = "to_mediation", N_("Passed to mediation")  # 转调解
    TO_COMMITTEE = "to_committee", N_("Passed to the residents' committee")  # 转居委会
    TO_PROPERTY = "to_property", N_("Passed to the property company")  # 转物业
    TO_OTHER = "to_other", N_("Passed to another department")  # 转其他部门

    @property
    def passed_on(self) -> bool:
        return self is not Handling.ON_SPOT


@dataclass(frozen=True)
class ReceptionDraft:
    """What the quick-entry form sends. An empty `handler` becomes the signed-in user's name;
    `resident_id` is optional and validated when given."""

    received_at: datetime
    channel: ReceptionChannel = ReceptionChannel.VISIT
    kind: ReceptionKind = ReceptionKind.CONSULT
    name: str = ""
    phone: str = ""
    address: str = ""
    resident_id: str = ""
    content: str = ""
    handling: Handling = Handling.ON_SPOT
    receiving_unit: str = ""
    handler: str = ""
    result: str = ""
    follow_up_due: date | None = None
    closed: bool = False


@dataclass(frozen=True, kw_only=True)
class ReceptionEntry(ReceptionDraft, SoftDeleted, MaskedPerson):
    """A saved entry, with its links to a mediation case and an opinion (when made)."""

    id: str
    mediation_case_id: str | None = None
    mediation_case_number: str = ""
    opinion_id: str | None = None
    deleted_at: datetime | None = None


@dataclass(frozen=True)
class ReceptionSummary(SoftDeleted):
    """One row of the reception list: ID number and phone masked."""

    id: str
    received_at: datetime
    channel: ReceptionChannel
    kind: ReceptionKind
    name: str
    masked_phone: str
    masked_id: str
    content: str
    handling: Handling
    handler: str
    follow_up_due: date | None
    closed: bool
    follow_up_overdue: bool
    linked: str  # the case number, "opinion" or ""
    deleted_at: datetime | None = None


@dataclass(frozen=True)
class ReceptionQuery(ListQuery):
    """Filters of the reception list: the days of `received_at`; the text is in the name,
    the phone or what was said."""

    kind: ReceptionKind | None = None
    channel: ReceptionChannel | None = None
    open_only: bool = False


@dataclass(frozen=True)
class ReceptionFigures:
    """The contacts received in a period (live entries): for the briefing and the 述职 report.

    `by_kind` and `by_channel` hold every member (0 when none)."""

    date_from: date
    date_to: date
    total: int
    by_kind: dict[ReceptionKind, int] = field(default_factory=dict)
    by_channel: dict[ReceptionChannel, int] = field(default_factory=dict)
    settled_on_spot: int = 0
    passed_on: int = 0
    closed: int = 0
    to_mediation: int = 0
    to_opinion: int = 0


FigureRow = tuple[ReceptionKind, ReceptionChannel, Handling, bool, bool, bool, int]


def count_figures(date_from: date, date_to: date, rows: list[FigureRow]) -> ReceptionFigures:
    """The figures of grouped rows (kind, channel, handling, closed, made a case, made an
    opinion, how many)."""
    kinds: Counter[ReceptionKind] = Counter()
    channels: Counter[ReceptionChannel] = Counter()
    for row in rows:
        kinds[row[0]] += row[6]
        channels[row[1]] += row[6]
    return ReceptionFigures(
        date_from,
        date_to,
        sum(row[6] for row in rows),
        {kind: kinds.get(kind, 0) for kind in ReceptionKind},
        {channel: channels.get(channel, 0) for channel in ReceptionChannel},
        settled_on_spot=sum(row[6] for row in rows if row[2] is Handling.ON_SPOT),
        passed_on=sum(row[6] for row in rows if row[2].passed_on),
        closed=sum(row[6] for row in rows if row[3]),
        to_mediation=sum(row[6] for row in rows if row[4]),
        to_opinion=sum(row[6] for row in rows if row[5]),
    )


def validated_draft(draft: ReceptionDraft, now: datetime) -> ReceptionDraft:
    """The draft with clean fields, or a `ValidationError` naming the first wrong one."""
    if not isinstance(draft.received_at, datetime):
        raise ValidationError("received_at", _("Enter the date and time."))
    if draft.received_at.replace(tzinfo=None) > now.replace(tzinfo=None):
        raise ValidationError("received_at", _("The time received cannot be in the future."))
    name = checks.text(draft.name, "name", MAX_NAME)
    if name:
        name = normalise_person_name(name, field="name")
    resident_id = (draft.resident_id or "").strip()
    if resident_id:
        resident_id = parse_resident_id(resident_id, today=now.date(), field="resident_id").number
    handling = checks.choice(Handling, draft.handling, "handling")
    unit = checks.text(draft.receiving_unit, "receiving_unit", MAX_UNIT)
    if handling in (Handling.TO_OTHER,) and not unit:
        raise ValidationError("receiving_unit", _("Name the department it was passed to."))
    follow_up = draft.follow_up_due
    if follow_up is not None and follow_up < draft.received_at.date():
        raise ValidationError(
            "follow_up_due", _("The follow-up cannot be due before the day it was received.")
        )
    return replace(
        draft,
        channel=checks.choice(ReceptionChannel, draft.channel, "channel"),
        kind=checks.choice(ReceptionKind, draft.kind, "kind"),
        name=name,
        phone=checks.phone(draft.phone, "phone"),
        address=checks.text(draft.address, "address", MAX_ADDRESS),
        resident_id=resident_id,
        content=checks.text(draft.content, "content", MAX_CONTENT, required=True),
        handling=handling,
        receiving_unit=unit,
        handler=checks.text(draft.handler, "handler", MAX_HANDLER),
        result=checks.text(draft.result, "result", MAX_RESULT),
    )


def is_follow_up_overdue(follow_up_due: date | None, closed: bool, today: date) -> bool:
    return follow_up_due is not None and not closed and follow_up_due < today
