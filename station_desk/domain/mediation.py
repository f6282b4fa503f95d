"""Mediation (调解): the case register, parties, sessions, outcome, return visits and time limits.

A case (调解案件) is registered with a number issued by the service (〔2026〕调字第0001号: the
pattern is a room setting, the sequence runs per year and is never reused). Its kind is a
public-security mediation by the police (治安调解) or a referral to the people's mediation
committee (人民调解). Status: registered → in mediation (set by the first session) → agreement /
no agreement / terminated / referred (the outcome) → closed; an outcome may be reopened (back to
in mediation) until the case is closed, and a closed case no longer changes.

Parties (当事人) are people or organisations. A person's gender and birth date come from the
resident ID number when there is one (they are not typed twice); a party under 16 on the day
the case was received needs a guardian (监护人). Sessions (调解笔录) record who took part, that
the rights and duties were explained, each party's statement, the facts checked and the result.
An agreement (调解协议) needs its terms; a failure or termination needs its reason. Return visits
(回访) come after the agreement.

Time limits: a 治安调解 is due within `police_working_days` working days of the day received
(3 by default, see `workdays.py`), a people's mediation within `peoples_months` calendar
months (1); the first return visit is due `return_visit_days` after the agreement's
performance deadline (or the agreement itself). A case file (卷宗) is complete when it has the
registration, the notice of rights and duties, the parties' identity, a mediation record and
the agreement or a failure note.

Dates are plain days; session times are local wall-clock times without a zone (as meetings).
Validation raises `ValidationError(field, message)`; a problem in one party or statement raises
`MediationRowError`, which also names the `section` and `row`.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any, TypeVar

from station_desk.domain import checks
from station_desk.domain.documents import MediationDocument as MediationDocument  # re-exported
from station_desk.domain.enums import Gender, LabelledEnum
from station_desk.domain.records import SoftDeleted, from_row
from station_desk.domain.validators import (
    age_on,
    normalise_person_name,
)
from station_desk.domain.workdays import WorkCalendar, add_months
from station_desk.errors import RowError, ValidationError
from station_desk.i18n import N_, _, current_language

MAX_TITLE = 100
MAX_PERSON = 64  # officer, mediator, visitor, guardian, representative
MAX_PEOPLE = 200  # mediators (several names)
MAX_PARTICIPANTS = 500
MAX_PLACE = 100
MAX_ORGANISATION = 100
MAX_RELATION = 32
MAX_ID_NOTE = 200
MAX_ADDRESS = 200
JUDICIAL_CONFIRMATION_DAYS = 30  # 人民调解法 art. 33
MAX_LONG_TEXT = 50_000  # facts, statements, terms, findings...
MAX_NOTE = 2000
MAX_PATTERN = 60
MAX_CASE_NUMBER = 80
GUARDIAN_AGE = 16  # a party younger than this needs a guardian
EARLIEST_CASE_DATE = date(1990, 1, 1)

DEFAULT_CASE_NUMBER_PATTERN = "〔{year}〕调字第{seq:04d}号"

# Section names used by MediationRowError.section (and the editor's tabs).
PARTIES = "parties"
STATEMENTS = "statements"


# --- enumerations ------------------------------------------------------------------------


class CaseSource(LabelledEnum):
    """Where the case came from (案件来源)."""

    WALK_IN = "walk_in", N_("Walk-in")  # 群众来访
    CALL_110 = "call_110", N_("110 referral")  # 110接处警
    PATROL = "patrol", N_("Found on patrol")  # 巡逻发现
    STATION_REFERRAL = "station_referral", N_("Referred by the station")  # 派出所转办
    OTHER = "other", N_("Other source")  # 其他


class DisputeType(LabelledEnum):
    """The kind of dispute (纠纷类型)."""

    NEIGHBOUR = "neighbour", N_("Neighbour dispute")  # 邻里纠纷
    FAMILY = "family", N_("Family dispute")  # 婚姻家庭纠纷
    PROPERTY_MANAGEMENT = "property_management", N_("Property management dispute")  # 物业纠纷
    DEBT = "debt", N_("Debt dispute")  # 债务纠纷
    LABOUR = "labour", N_("Labour dispute")  # 劳务纠纷
    DAMAGE_INJURY = "damage_injury", N_("Minor damage or injury")  # 轻微损害、轻伤纠纷
    OTHER = "other", N_("Other dispute")  # 其他纠纷


class MediationKind(LabelledEnum):
    """Who mediates: the police (治安调解) or the people's mediation committee (人民调解)."""

    POLICE = "police", N_("Public security mediation")  # 治安调解
    PEOPLES = "peoples", N_("People's mediation")  # 人民调解 (referred to the 人民调解委员会)


class CaseStatus(LabelledEnum):
    """registered → in mediation → agreement / no agreement / terminated / referred → closed."""

    REGISTERED = "registered", N_("Registered")  # 已登记
    IN_MEDIATION = "in_mediation", N_("In mediation")  # 调解中
    AGREEMENT = "agreement", N_("Agreement reached")  # 达成协议
    NO_AGREEMENT = "no_agreement", N_("No agreement")  # 未达成协议
    TERMINATED = "terminated", N_("Mediation terminated")  # 终止调解
    REFERRED = "referred", N_("Referred")  # 移交
    CLOSED = "closed", N_("Closed")  # 已结案

    @property
    def is_open(self) -> bool:
        """Still being mediated: the time limit runs."""
        return self in OPEN_STATUSES

    @property
    def is_concluded(self) -> bool:
        """An outcome is recorded (the case may still be open for closing)."""
        return self in CONCLUDED_STATUSES


OPEN_STATUSES = frozenset({CaseStatus.REGISTERED, CaseStatus.IN_MEDIATION})
CONCLUDED_STATUSES = frozenset(
    {CaseStatus.AGREEMENT, CaseStatus.NO_AGREEMENT, CaseStatus.TERMINATED, CaseStatus.REFERRED}
)


class CaseOutcome(StrEnum):
    """How the mediation ended (调解结果); kept when the case is closed."""

    AGREEMENT = "agreement"  # 达成协议
    NO_AGREEMENT = "no_agreement"  # 未达成协议
    TERMINATED = "terminated"  # 终止调解
    REFERRED = "referred"  # 移交 (people's mediation committee, court, station...)

    @property
    def label(self) -> str:
        return CaseStatus(self.value).label

    @property
    def status(self) -> CaseStatus:
        return CaseStatus(self.value)


class PartyRole(LabelledEnum):
    """A party's side (当事人身份)."""

    APPLICANT = "applicant", N_("Applicant")  # 申请人
    RESPONDENT = "respondent", N_("Respondent")  # 被申请人
    OTHER = "other", N_("Other party")  # 其他当事人


class PartyKind(LabelledEnum):
    """A natural person, or an organisation such as a property company (represented)."""

    PERSON = "person", N_("Person")
    ORGANISATION = "organisation", N_("Organisation")


class PerformanceStatus(LabelledEnum):
    """Whether the agreement is carried out (履行情况)."""

    PENDING = "pending", N_("Not yet performed")  # 待履行
    PERFORMED = "performed", N_("Performed")  # 已履行
    PARTLY = "partly", N_("Partly performed")  # 部分履行
    NOT_PERFORMED = "not_performed", N_("Not performed")  # 未履行


class VisitMethod(LabelledEnum):
    """How a return visit was made (回访方式)."""

    PHONE = "phone", N_("By phone")  # 电话回访
    HOME = "home", N_("Home visit")  # 上门回访
    AT_ROOM = "at_room", N_("At the police room")  # 来室回访
    OTHER = "other", N_("Other way")


class Satisfaction(LabelledEnum):
    """The parties' satisfaction at a return visit (满意度)."""

    VERY_SATISFIED = "very_satisfied", N_("Very satisfied")  # 非常满意
    SATISFIED = "satisfied", N_("Satisfied")  # 满意
    BASICALLY_SATISFIED = "basically_satisfied", N_("Basically satisfied")  # 基本满意
    DISSATISFIED = "dissatisfied", N_("Dissatisfied")  # 不满意


class FileItem(LabelledEnum):
    """The items of a case file (卷宗); the first five are required to close without a note."""

    REGISTRATION = "registration", N_("Registration")  # 受理登记
    RIGHTS_NOTICE = "rights_notice", N_("Notice of rights and duties")  # 权利义务告知
    IDENTITY = "identity", N_("Identity of the parties")  # 当事人身份证明
    RECORD = "record", N_("Mediation record")  # 调解笔录
    CONCLUSION = "conclusion", N_("Agreement or failure note")  # 调解协议书或调解终结（未达成协议）说明
    RETURN_VISIT = "return_visit", N_("Return visit record")  # 回访记录 (optional)


REQUIRED_FILE_ITEMS = (
    FileItem.REGISTRATION,
    FileItem.RIGHTS_NOTICE,
    FileItem.IDENTITY,
    FileItem.RECORD,
    FileItem.CONCLUSION,
)


# --- fixed texts of the documents --------------------------------------------------------

RIGHTS_AND_DUTIES = N_(
    "The mediator explained the parties' rights and duties in mediation: mediation is "
    "voluntary; each party may choose or accept the mediator, accept, refuse or ask to end "
    "the mediation, ask for it to be held in public or in private, and express their views "
    "freely; each party must state the facts truthfully, keep order during the mediation, "
    "respect the other party, and carry out an agreement once it is signed."
)

ROUTES_POLICE = N_(
    "As no agreement was reached (or the agreement is not carried out), the police deal with "
    "the act under the Public Security Administration Punishments Law; for the civil dispute "
    "the parties may bring an action in the people's court."
)
ROUTES_PEOPLES = N_(
    "The parties may apply again to the people's mediation committee, apply to the competent "
    "authority, or bring an action in the people's court."
)


def default_routes(kind: MediationKind) -> str:
    """The routes open to the parties after a failed mediation, as the form's default text."""
    return _(ROUTES_POLICE if MediationKind(kind) is MediationKind.POLICE else ROUTES_PEOPLES)


# --- DTOs --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartyEntry:
    """One party (当事人). With a resident ID the service derives `gender` and `birth_date`
    from it (whatever was typed there); without one (a foreigner, a child without a card)
    they are typed and `id_note` says what identity proof there is (passport number...).
    An organisation has no ID number: its credit code goes in `id_note` and the person who
    acts for it in `representative`. `id` None = a new row."""

    name: str
    role: PartyRole = PartyRole.APPLICANT
    kind: PartyKind = PartyKind.PERSON
    resident_id: str = ""
    gender: Gender | None = None
    birth_date: date | None = None
    id_note: str = ""
    phone: str = ""
    address: str = ""
    representative: str = ""
    guardian_name: str = ""
    guardian_relation: str = ""
    guardian_phone: str = ""
    id: str | None = None

    def age_on(self, day: date) -> int | None:
        return age_on(self.birth_date, day) if self.birth_date is not None else None

    @property
    def has_identity(self) -> bool:
        return bool(self.resident_id or self.id_note.strip())


@dataclass(frozen=True)
class StatementEntry:
    """What one party said at a session (当事人陈述). `party_id` is the party's id (None for
    someone else, e.g. a witness: then `speaker` says who); `speaker` is filled with the
    party's name by the service so the record stays right if the party is renamed."""

    text: str
    party_id: str | None = None
    speaker: str = ""
    id: str | None = None


@dataclass(frozen=True)
class SessionEntry:
    """A mediation session and its written record (调解笔录). Times are local, naive."""

    starts_at: datetime
    ends_at: datetime | None = None
    place: str = ""
    mediators: str = ""
    recorder: str = ""
    participants: str = ""
    rights_explained: bool = False
    statements: tuple[StatementEntry, ...] = ()
    facts_checked: str = ""
    result: str = ""
    id: str | None = None


@dataclass(frozen=True)
class OutcomeEntry:
    """The end of the mediation. An agreement (调解协议): the matters in dispute, each party's
    responsibility, the agreed `terms` (required), how and by when they are performed. No
    agreement or termination: the `reason` (required) and the `routes` open to the parties.
    A referral: to whom (`referred_to`, required) and why."""

    outcome: CaseOutcome
    concluded_on: date
    matters_in_dispute: str = ""
    responsibilities: str = ""
    terms: str = ""
    performance_method: str = ""
    perform_by: date | None = None
    reason: str = ""
    routes: str = ""
    referred_to: str = ""

    @property
    def is_agreement(self) -> bool:
        return CaseOutcome(self.outcome) is CaseOutcome.AGREEMENT


@dataclass(frozen=True)
class ReturnVisitEntry:
    """A return visit (回访): when, how, by whom, what was found, satisfaction, next visit."""

    visit_date: date
    method: VisitMethod = VisitMethod.PHONE
    visitor: str = ""
    findings: str = ""
    satisfaction: Satisfaction | None = None
    next_due: date | None = None
    id: str | None = None


@dataclass(frozen=True)
class CaseDraft:
    """What the "register a case" dialog sends; the number is issued when it is saved.
    An empty `officer` becomes the signed-in user's name."""

    received_on: date
    source: CaseSource
    dispute_type: DisputeType
    kind: MediationKind
    title: str
    facts: str = ""
    officer: str = ""
    parties: tuple[PartyEntry, ...] = ()
    notes: str = ""


D = TypeVar("D", bound=CaseDraft)


@dataclass(frozen=True, kw_only=True)
class CaseUpdate(CaseDraft):
    """The edited registration and parties, saved in one go (sessions, outcome and visits
    have their own methods). Parties are matched by id: with an id updates, without one
    adds, a saved party missing from the list is (softly) removed."""

    id: str


@dataclass(frozen=True)
class FileCheck:
    """One item of the case file and whether the case has it."""

    item: FileItem
    present: bool
    required: bool


@dataclass(frozen=True)
class CaseDetail(SoftDeleted):
    """Everything about one case: the editor's model and the documents' data."""

    id: str
    case_number: str
    case_year: int
    case_seq: int
    received_on: date
    source: CaseSource
    dispute_type: DisputeType
    kind: MediationKind
    title: str
    facts: str
    officer: str
    status: CaseStatus
    due_date: date
    notes: str = ""
    parties: tuple[PartyEntry, ...] = ()
    sessions: tuple[SessionEntry, ...] = ()  # oldest first
    outcome: OutcomeEntry | None = None
    performance_status: PerformanceStatus | None = None
    performance_note: str = ""
    return_visits: tuple[ReturnVisitEntry, ...] = ()  # oldest first
    return_visit_due: date | None = None
    confirmation_due: date | None = None  # people's mediation: judicial confirmation (art. 33)
    closed_on: date | None = None
    closed_incomplete_reason: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None

    def to_update(self, **changes: object) -> CaseUpdate:
        """The editable registration of this case, with `changes` applied (field=value)."""
        return from_row(CaseUpdate, self, **changes)

    @property
    def is_closed(self) -> bool:
        return self.status is CaseStatus.CLOSED

    @property
    def is_editable(self) -> bool:
        return not self.is_closed and not self.is_deleted

    @property
    def agreement(self) -> OutcomeEntry | None:
        return self.outcome if self.outcome is not None and self.outcome.is_agreement else None

    @property
    def copies(self) -> int:
        """How many copies of the agreement to print: one per party and one for the file."""
        return len(self.parties) + 1

    def party(self, party_id: str | None) -> PartyEntry | None:
        return next((p for p in self.parties if p.id == party_id and party_id), None)

    def session(self, session_id: str) -> SessionEntry | None:
        return next((s for s in self.sessions if s.id == session_id), None)

    def days_left(self, today: date) -> int | None:
        return days_left(self.status, self.due_date, today)

    def is_overdue(self, today: date) -> bool:
        return is_overdue(self.status, self.due_date, today)

    def is_visit_due(self, today: date) -> bool:
        return is_visit_due(self.status, self.return_visit_due, today)

    @property
    def file_checks(self) -> tuple[FileCheck, ...]:
        return file_checks(self)

    @property
    def missing_items(self) -> tuple[FileItem, ...]:
        """Required case-file items the case lacks (empty when the file is complete)."""
        return tuple(c.item for c in self.file_checks if c.required and not c.present)


@dataclass(frozen=True)
class CaseSummary(SoftDeleted):
    """One row of the case list (only the columns the list shows). `days_left`, `overdue` and
    `visit_due` are worked out for the day the list was read."""

    id: str
    case_number: str
    received_on: date
    source: CaseSource
    dispute_type: DisputeType
    kind: MediationKind
    title: str
    party_names: str
    officer: str
    status: CaseStatus
    outcome: CaseOutcome | None
    due_date: date
    return_visit_due: date | None
    days_left: int | None
    overdue: bool
    visit_due: bool
    deleted_at: datetime | None = None


@dataclass(frozen=True)
class CaseQuery:
    """Filters of the case list; dates are inclusive days of `received_on`. `party` matches a
    party's name, its full pinyin or initials; `resident_id` a party's full ID number."""

    status: CaseStatus | None = None
    dispute_type: DisputeType | None = None
    kind: MediationKind | None = None
    date_from: date | None = None
    date_to: date | None = None
    party: str = ""
    resident_id: str = ""
    overdue_only: bool = False
    visit_due_only: bool = False
    open_only: bool = False  # not closed (the home page's "open cases")
    include_deleted: bool = False
    limit: int = 500


@dataclass(frozen=True)
class MediationLimits:
    """The time limits (configurable by an admin), and the room's holiday calendar."""

    police_working_days: int = 3
    peoples_months: int = 1
    return_visit_days: int = 7
    holidays: tuple[date, ...] = ()
    extra_workdays: tuple[date, ...] = ()

    @property
    def calendar(self) -> WorkCalendar:
        return WorkCalendar.of(self.holidays, self.extra_workdays)

    def due_date(self, kind: MediationKind, received_on: date) -> date:
        """The last day of the time limit of a case of this kind received on `received_on`."""
        if MediationKind(kind) is MediationKind.POLICE:
            return self.calendar.add_working_days(received_on, self.police_working_days)
        return add_months(received_on, self.peoples_months)

    def confirmation_due(self, kind: MediationKind, outcome: OutcomeEntry | None) -> date | None:
        """The last day on which the parties of a people's mediation agreement may jointly
        apply to the people's court for judicial confirmation (人民调解法 art. 33: within 30
        days of the agreement taking effect, taken here as the day it was concluded). The
        count starts the next day and a last day that is not a working day moves to the next
        working day (民法典 art. 201, 203). None for police mediation or without agreement."""
        if MediationKind(kind) is not MediationKind.PEOPLES or outcome is None:
            return None
        if outcome.outcome is not CaseOutcome.AGREEMENT:
            return None
        last = outcome.concluded_on + timedelta(days=JUDICIAL_CONFIRMATION_DAYS)
        calendar = self.calendar
        while not calendar.is_working_day(last):
            last += timedelta(days=1)
        return last

    def first_visit_due(self, outcome: OutcomeEntry) -> date:
        return (outcome.perform_by or outcome.concluded_on) + timedelta(
            days=self.return_visit_days
        )

    def validated(self) -> MediationLimits:
        checks.bounded(self.police_working_days, "police_working_days", 1, 30)
        checks.bounded(self.peoples_months, "peoples_months", 1, 12)
        checks.bounded(self.return_visit_days, "return_visit_days", 0, 365)
        holidays = tuple(sorted({checks.day(d, "holidays") for d in self.holidays}))
        workdays = tuple(sorted({checks.day(d, "extra_workdays") for d in self.extra_workdays}))
        if set(holidays) & set(workdays):
            raise ValidationError(
                "extra_workdays", _("A day cannot be both a holiday and a working day.")
            )
        return MediationLimits(
            self.police_working_days, self.peoples_months, self.return_visit_days,
            holidays, workdays,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "police_working_days": self.police_working_days,
            "peoples_months": self.peoples_months,
            "return_visit_days": self.return_visit_days,
            "holidays": [d.isoformat() for d in self.holidays],
            "extra_workdays": [d.isoformat() for d in self.extra_workdays],
        }

    @classmethod
    def from_json(cls, value: Mapping[str, Any] | None) -> MediationLimits:
        """The stored limits; anything missing or unreadable falls back to the default."""
        default = cls()
        if not isinstance(value, Mapping):
            return default
        try:
            return cls(
                int(value.get("police_working_days", default.police_working_days)),
                int(value.get("peoples_months", default.peoples_months)),
                int(value.get("return_visit_days", default.return_visit_days)),
                tuple(date.fromisoformat(d) for d in value.get("holidays", ())),
                tuple(date.fromisoformat(d) for d in value.get("extra_workdays", ())),
            ).validated()
        except (TypeError, ValueError, ValidationError):
            return default


@dataclass(frozen=True)
class MediationSettings:
    """The admin's mediation settings: the case number pattern, the limits and holidays, and
    the name of the people's mediation committee (人民调解委员会) that seals the agreements
    of people's mediation (empty: the agreement leaves a blank to write it in)."""

    pattern: str = DEFAULT_CASE_NUMBER_PATTERN
    limits: MediationLimits = field(default_factory=MediationLimits)
    committee_name: str = ""


def validated_committee_name(name: str) -> str:
    """The committee's name on one line, trimmed; at most `MAX_ORGANISATION` characters."""
    return checks.text(" ".join((name or "").split()), "committee_name", MAX_ORGANISATION)


@dataclass(frozen=True)
class MediationStatistics:
    """Counts of the cases received in a period (live cases only).

    `by_outcome` counts every outcome and "pending" (no outcome yet); `concluded` is the cases
    with an outcome; `success_rate` = agreements / concluded (None when nothing concluded).
    """

    date_from: date
    date_to: date
    total: int
    by_type: Mapping[DisputeType, int]
    by_kind: Mapping[MediationKind, int]
    by_source: Mapping[CaseSource, int]
    by_outcome: Mapping[CaseOutcome, int]
    pending: int
    concluded: int
    agreements: int
    success_rate: float | None


@dataclass(frozen=True)
class RegisterParty:
    """A party as the register shows it (the ID is masked when printed, unless chosen)."""

    name: str
    role: PartyRole
    resident_id: str = ""


@dataclass(frozen=True)
class RegisterRow:
    """One line of the case register (调解台账)."""

    case_number: str
    received_on: date
    source: CaseSource
    dispute_type: DisputeType
    kind: MediationKind
    title: str
    parties: tuple[RegisterParty, ...]
    officer: str
    status: CaseStatus
    outcome: CaseOutcome | None
    concluded_on: date | None
    result: str  # the agreed terms, or the reason it failed, as recorded
    closed_on: date | None
    return_visits: int
    last_satisfaction: Satisfaction | None
    id: str = ""


@dataclass(frozen=True)
class MediationCounters:
    """The home page's mediation figures."""

    open_cases: int
    overdue_cases: int
    visits_due: int


# --- errors ------------------------------------------------------------------------------


class CaseClosedError(ValidationError):
    """The case is closed: it no longer changes."""

    def __init__(self) -> None:
        super().__init__("status", _("This case is closed and can no longer be changed."))


class IncompleteCaseError(ValidationError):
    """Closing a case whose file lacks required items, without saying why; `missing` lists them."""

    def __init__(self, missing: tuple[FileItem, ...]) -> None:
        separator = "、" if current_language().startswith("zh") else ", "
        super().__init__(
            "confirm_incomplete_reason",
            _("The case file lacks: {items}. Give the reason to close it anyway.").format(
                items=separator.join(item.label for item in missing)
            ),
        )
        self.missing = missing


class MediationRowError(RowError):
    """Bad input in one row of a list: `section` (parties / statements), `row` (0-based)."""


# --- case numbers ------------------------------------------------------------------------


def validated_pattern(pattern: str) -> str:
    """A case number pattern using `{year}` and `{seq}` (with an optional format such as
    `{seq:04d}`) and nothing else in braces, e.g. 〔{year}〕调字第{seq:04d}号."""
    text = (pattern or "").strip()
    if not text:
        raise ValidationError("pattern", _("Enter the pattern of the case number."))
    if len(text) > MAX_PATTERN:
        raise ValidationError("pattern", checks.too_long(MAX_PATTERN))
    message = _(
        "The pattern may only use {{year}} and {{seq}} (for example {{seq:04d}}), "
        "and must use both."
    ).format()  # the msgid doubles the braces; show them single
    try:
        fields = [name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None]
        samples = {format_case_number(text, 2026, seq) for seq in (1, 2, 10, 999, 10000)}
    except (ValueError, KeyError, IndexError, AttributeError, TypeError):
        raise ValidationError("pattern", message) from None
    if set(fields) != {"year", "seq"} or len(samples) != 5:
        raise ValidationError("pattern", message)
    if any(len(sample) > MAX_CASE_NUMBER for sample in samples):
        raise ValidationError("pattern", checks.too_long(MAX_PATTERN))
    return text


def format_case_number(pattern: str, year: int, seq: int) -> str:
    return pattern.format(year=year, seq=seq)


# --- rules -------------------------------------------------------------------------------

ALLOWED_TRANSITIONS: dict[CaseStatus, frozenset[CaseStatus]] = {
    CaseStatus.REGISTERED: frozenset(
        {CaseStatus.IN_MEDIATION, CaseStatus.TERMINATED, CaseStatus.REFERRED}
    ),
    CaseStatus.IN_MEDIATION: CONCLUDED_STATUSES,
    CaseStatus.AGREEMENT: frozenset({CaseStatus.IN_MEDIATION, CaseStatus.CLOSED}),
    CaseStatus.NO_AGREEMENT: frozenset(
        {CaseStatus.IN_MEDIATION, CaseStatus.REFERRED, CaseStatus.CLOSED}
    ),
    CaseStatus.TERMINATED: frozenset({CaseStatus.IN_MEDIATION, CaseStatus.CLOSED}),
    CaseStatus.REFERRED: frozenset({CaseStatus.IN_MEDIATION, CaseStatus.CLOSED}),
    CaseStatus.CLOSED: frozenset(),
}


def check_transition(current: CaseStatus, new: CaseStatus) -> None:
    """Raise unless a case may go from `current` to `new`."""
    current, new = CaseStatus(current), CaseStatus(new)
    if current is CaseStatus.CLOSED:
        raise CaseClosedError()
    if new in ALLOWED_TRANSITIONS[current]:
        return
    if current is CaseStatus.REGISTERED and new in (CaseStatus.AGREEMENT, CaseStatus.NO_AGREEMENT):
        raise ValidationError("status", _("Record a mediation session before the outcome."))
    if new is CaseStatus.CLOSED:
        raise ValidationError("status", _("Record the outcome before closing the case."))
    raise ValidationError(
        "status",
        _("A case cannot go from “{old}” to “{new}”.").format(old=current.label, new=new.label),
    )


def days_left(status: CaseStatus, due: date, today: date) -> int | None:
    """Calendar days until the time limit runs out (negative when overdue); None once concluded."""
    return (due - today).days if CaseStatus(status).is_open else None


def is_overdue(status: CaseStatus, due: date, today: date) -> bool:
    return CaseStatus(status).is_open and today > due


def is_visit_due(status: CaseStatus, visit_due: date | None, today: date) -> bool:
    return CaseStatus(status) is not CaseStatus.CLOSED and visit_due is not None and visit_due <= today


def return_visit_due(
    limits: MediationLimits,
    status: CaseStatus,
    outcome: OutcomeEntry | None,
    visits: tuple[ReturnVisitEntry, ...],
) -> date | None:
    """When the next return visit is due: after an agreement, the first one
    `return_visit_days` after its deadline, then the `next_due` the latest visit set."""
    if CaseStatus(status) is CaseStatus.CLOSED or outcome is None or not outcome.is_agreement:
        return None
    if visits:
        latest = max(visits, key=lambda v: (v.visit_date, v.id or ""))
        return latest.next_due
    return limits.first_visit_due(outcome)


def file_checks(case: CaseDetail) -> tuple[FileCheck, ...]:
    """Which items the case file (卷宗) has; the return visit record is optional."""
    outcome = case.outcome
    conclusion = outcome is not None and (
        bool(outcome.terms.strip()) if outcome.is_agreement
        else bool(outcome.reason.strip() or outcome.referred_to.strip())
    )
    present = {
        FileItem.REGISTRATION: bool(case.title.strip() and case.facts.strip() and case.parties),
        FileItem.RIGHTS_NOTICE: any(s.rights_explained for s in case.sessions),
        FileItem.IDENTITY: bool(case.parties) and all(p.has_identity for p in case.parties),
        FileItem.RECORD: bool(case.sessions),
        FileItem.CONCLUSION: conclusion,
        FileItem.RETURN_VISIT: bool(case.return_visits),
    }
    return tuple(FileCheck(item, present[item], item in REQUIRED_FILE_ITEMS) for item in FileItem)


def validated_draft(draft: D, today: date) -> D:
    """The draft (or update) normalised, or a ValidationError naming the field (or the party
    row)."""
    received_on = _received_on(draft.received_on, today)
    return replace(
        draft,
        received_on=received_on,
        source=checks.choice(CaseSource, draft.source, "source"),
        dispute_type=checks.choice(DisputeType, draft.dispute_type, "dispute_type"),
        kind=checks.choice(MediationKind, draft.kind, "kind"),
        title=checks.text(draft.title, "title", MAX_TITLE, required=True),
        facts=checks.text(draft.facts, "facts", MAX_LONG_TEXT, strip=False),
        officer=checks.text(draft.officer, "officer", MAX_PERSON),
        parties=validated_parties(draft.parties, received_on, today),
        notes=checks.text(draft.notes, "notes", MAX_NOTE, strip=False),
    )


def validated_update(update: CaseUpdate, today: date) -> CaseUpdate:
    return validated_draft(update, today)


def validated_parties(
    parties: tuple[PartyEntry, ...], received_on: date, today: date
) -> tuple[PartyEntry, ...]:
    result: list[PartyEntry] = []
    seen: dict[str, int] = {}
    for row, party in enumerate(parties):
        checked = validated_party(party, received_on, today, row)
        if checked.resident_id:
            if checked.resident_id in seen:
                raise MediationRowError(
                    PARTIES, row, "resident_id",
                    _("This ID number is already given for {name}.").format(
                        name=result[seen[checked.resident_id]].name
                    ),
                )
            seen[checked.resident_id] = row
        result.append(checked)
    return tuple(result)


def validated_party(party: PartyEntry, received_on: date, today: date, row: int = 0) -> PartyEntry:
    """One party normalised; gender and birth date come from the ID number when there is one.

    A person under 16 on the day the case was received needs a guardian (name and relation).
    """
    try:
        return _party(party, received_on, today)
    except MediationRowError:
        raise
    except ValidationError as error:
        raise MediationRowError(PARTIES, row, error.field, error.message) from None


def _party(party: PartyEntry, received_on: date, today: date) -> PartyEntry:
    kind = checks.choice(PartyKind, party.kind, "kind")
    role = checks.choice(PartyRole, party.role, "role")
    resident_id = (party.resident_id or "").strip()
    gender: Gender | None = None
    birth: date | None = None
    if kind is PartyKind.ORGANISATION:
        name = checks.text(party.name, "name", MAX_ORGANISATION, required=True)
        if resident_id:
            raise ValidationError(
                "resident_id",
                _("An organisation has no resident ID number; put its credit code in the identity note."),
            )
    else:
        name = normalise_person_name(party.name, field="name")
        resident_id, gender, birth = checks.identity(
            resident_id, party.gender, today, lambda: _birth_date(party.birth_date, today)
        )
        if birth is not None and birth > received_on:
            raise ValidationError(
                "resident_id" if resident_id else "birth_date",
                _("The birth date is after the day the case was received."),
            )
    minor = kind is PartyKind.PERSON and birth is not None and age_on(birth, received_on) < GUARDIAN_AGE
    guardian_name = _guardian_name(party.guardian_name, required=minor)
    relation = checks.text(party.guardian_relation, "guardian_relation", MAX_RELATION)
    if minor and not relation:
        raise ValidationError(
            "guardian_relation", _("Enter how the guardian is related to the party (father, mother...).")
        )
    return PartyEntry(
        name=name,
        role=role,
        kind=kind,
        resident_id=resident_id,
        gender=gender,
        birth_date=birth,
        id_note=checks.text(party.id_note, "id_note", MAX_ID_NOTE),
        phone=checks.phone(party.phone, "phone"),
        address=checks.text(party.address, "address", MAX_ADDRESS),
        representative=(
            _optional_name(party.representative, "representative")
            if kind is PartyKind.ORGANISATION
            else ""
        ),
        guardian_name=guardian_name,
        guardian_relation=relation,
        guardian_phone=checks.phone(party.guardian_phone, "guardian_phone"),
        id=party.id or None,
    )


def _guardian_name(value: str, *, required: bool) -> str:
    if not (value or "").strip():
        if required:
            raise ValidationError(
                "guardian_name",
                _("The party is under {age}: enter the guardian who takes part.").format(
                    age=GUARDIAN_AGE
                ),
            )
        return ""
    return normalise_person_name(value, field="guardian_name")


def _optional_name(value: str, field: str) -> str:
    return normalise_person_name(value, field=field) if (value or "").strip() else ""


def _birth_date(value: date | str | None, today: date) -> date | None:
    return None if value is None or value == "" else checks.birth_date(value, today)


def validated_session(entry: SessionEntry, received_on: date) -> SessionEntry:
    """A session normalised; it cannot start before the day the case was received."""
    if not isinstance(entry.starts_at, date):
        raise ValidationError("starts_at", _("Enter the date and time of the session."))
    starts_at = _wall_clock(entry.starts_at)
    ends_at = _wall_clock(entry.ends_at) if entry.ends_at is not None else None
    if starts_at.date() < received_on:
        raise ValidationError(
            "starts_at",
            _("A session cannot be before the case was received ({date}).").format(
                date=received_on.isoformat()
            ),
        )
    if ends_at is not None and ends_at < starts_at:
        raise ValidationError("ends_at", _("The session cannot end before it starts."))
    statements = []
    for row, statement in enumerate(entry.statements):
        text = _row_text(STATEMENTS, row, statement.text, "text", MAX_LONG_TEXT, required=True)
        speaker = _row_text(STATEMENTS, row, statement.speaker, "speaker", MAX_PERSON)
        if not statement.party_id and not speaker:
            raise MediationRowError(
                STATEMENTS, row, "party_id", _("Choose the party who made this statement.")
            )
        statements.append(StatementEntry(text, statement.party_id or None, speaker, statement.id or None))
    return SessionEntry(
        starts_at=starts_at,
        ends_at=ends_at,
        place=checks.text(entry.place, "place", MAX_PLACE),
        mediators=checks.text(entry.mediators, "mediators", MAX_PEOPLE, required=True),
        recorder=checks.text(entry.recorder, "recorder", MAX_PERSON),
        participants=checks.text(entry.participants, "participants", MAX_PARTICIPANTS),
        rights_explained=bool(entry.rights_explained),
        statements=tuple(statements),
        facts_checked=checks.text(entry.facts_checked, "facts_checked", MAX_LONG_TEXT, strip=False),
        result=checks.text(entry.result, "result", MAX_LONG_TEXT, strip=False),
        id=entry.id or None,
    )


def validated_outcome(entry: OutcomeEntry, received_on: date, today: date) -> OutcomeEntry:
    """The outcome normalised: an agreement needs its terms, a failure or termination its
    reason, a referral where it went; the date lies between the day received and today."""
    outcome = checks.choice(CaseOutcome, entry.outcome, "outcome")
    concluded_on = checks.day_between(
        entry.concluded_on,
        "concluded_on",
        received_on,
        today,
        _("The outcome cannot be before the case was received ({date})."),
    )
    agreement = outcome is CaseOutcome.AGREEMENT
    terms = checks.text(entry.terms, "terms", MAX_LONG_TEXT, strip=False)
    if agreement and not terms.strip():
        raise ValidationError("terms", _("An agreement needs its terms: what the parties agreed."))
    reason = checks.text(entry.reason, "reason", MAX_LONG_TEXT, strip=False)
    if outcome in (CaseOutcome.NO_AGREEMENT, CaseOutcome.TERMINATED) and not reason.strip():
        raise ValidationError("reason", _("Enter why the mediation ended without an agreement."))
    referred_to = checks.text(entry.referred_to, "referred_to", MAX_ORGANISATION)
    if outcome is CaseOutcome.REFERRED and not referred_to:
        raise ValidationError("referred_to", _("Enter where the case was referred to."))
    perform_by = None
    if agreement and entry.perform_by not in (None, ""):
        perform_by = checks.day(entry.perform_by, "perform_by")
        if perform_by < concluded_on:
            raise ValidationError(
                "perform_by", _("The deadline for performing cannot be before the agreement.")
            )
    return OutcomeEntry(
        outcome=outcome,
        concluded_on=concluded_on,
        matters_in_dispute=checks.text(entry.matters_in_dispute, "matters_in_dispute", MAX_LONG_TEXT, strip=False)
        if agreement else "",
        responsibilities=checks.text(entry.responsibilities, "responsibilities", MAX_LONG_TEXT, strip=False)
        if agreement else "",
        terms=terms if agreement else "",
        performance_method=checks.text(entry.performance_method, "performance_method", MAX_NOTE, strip=False)
        if agreement else "",
        perform_by=perform_by,
        reason=reason if not agreement else "",
        routes=checks.text(entry.routes, "routes", MAX_NOTE, strip=False) if not agreement else "",
        referred_to=referred_to if outcome is CaseOutcome.REFERRED else "",
    )


def validated_visit(entry: ReturnVisitEntry, agreement_on: date, today: date) -> ReturnVisitEntry:
    """A return visit normalised: not before the agreement, not in the future; the next one
    due after it."""
    visit_date = checks.day_between(
        entry.visit_date,
        "visit_date",
        agreement_on,
        today,
        _("A return visit cannot be before the agreement ({date})."),
    )
    next_due = checks.later_day(
        entry.next_due, "next_due", visit_date, _("The next visit must be after this one.")
    )
    return ReturnVisitEntry(
        visit_date=visit_date,
        method=checks.choice(VisitMethod, entry.method, "method"),
        visitor=checks.text(entry.visitor, "visitor", MAX_PERSON),
        findings=checks.text(entry.findings, "findings", MAX_LONG_TEXT, strip=False),
        satisfaction=checks.choice(Satisfaction, entry.satisfaction, "satisfaction") if entry.satisfaction else None,
        next_due=next_due,
        id=entry.id or None,
    )


def validated_performance_note(text: str | None) -> str:
    return checks.text(text, "performance_note", MAX_NOTE, strip=False)


def validated_reason(text: str | None) -> str:
    return checks.text(text, "confirm_incomplete_reason", MAX_NOTE, required=True)


# --- helpers -----------------------------------------------------------------------------


def _received_on(value: date | str, today: date) -> date:
    received_on = checks.day(value, "received_on")
    if received_on > today:
        raise ValidationError("received_on", _("The date cannot be in the future."))
    if received_on < EARLIEST_CASE_DATE:
        raise ValidationError("received_on", _("The date is too early."))
    return received_on


def _wall_clock(value: date) -> datetime:
    if not isinstance(value, datetime):
        return datetime.combine(value, time.min)
    return checks.wall_clock(value)


def _row_text(
    section: str, row: int, value: str | None, field: str, max_length: int, *, required: bool = False
) -> str:
    try:
        return checks.text(value, field, max_length, required=required, strip=False).strip("\n")
    except ValidationError as error:
        raise MediationRowError(section, row, field, error.message) from None

