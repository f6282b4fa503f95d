"""Youth guidance (青少年帮教): subjects, guardians, the guidance team, the plan, sessions,
evaluations, risk grades with their history, closure — sealed material.

A subject (帮教对象) is a young person aged 6–25 on the day they are registered, in one of the
groups of the work (闲散青少年; 有不良行为的青少年; 流浪乞讨青少年; 服刑在教人员未成年子女;
农村留守儿童; other). Gender and birth date come from the resident ID number when there is one
(not typed twice); without one the birth date is typed. Under 14 (today) the subject is flagged
as especially sensitive (`SENSITIVE_AGE`). A minor (under 18 on the day registered) needs at
least one guardian (监护人: name, relation, phone).

The risk grade (风险等级: red / yellow / green) has a history (`GradeChange`): the grade given
at registration, every change with its date, reason and who made it, and the changes made by
an evaluation (评估). The current grade is the latest change.

The guidance team (帮教小组) has members drawn from the room's users, contacts and volunteers
(or typed in: `MemberKind.OTHER`), each with a role. The plan (帮教计划) has goals, measures
and the interval between sessions; each session (帮教记录: talk 谈话教育, home visit, school
visit, other) sets when the next one is due: its explicit `next_due`, or the session's date
plus the plan's interval (`DEFAULT_INTERVAL_DAYS` without a plan). Before the first session
the first one is due the interval after registration.

Status: open → closed (with a reason: goals met, moved away, aged out, other + note) → open
again by reopening. A closed subject no longer changes (`SubjectClosedError`) until reopened.

These records are sealed (封存, 2022 rules on juvenile records): lists and printouts show the
name masked (surname + 某, `masked_name`) and never the ID number; only an authorised user who
states a purpose opens the full file. Access rules live in `services/youth.py`.

Validation raises `ValidationError(field, message)`; a problem in one guardian row raises
`YouthRowError`, which also names the `section` ("guardians") and the `row`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from station_desk.domain import checks
from station_desk.domain.documents import YouthDocument as YouthDocument  # re-exported
from station_desk.domain.enums import Gender, LabelledEnum
from station_desk.domain.masking import mask_name_for_minor
from station_desk.domain.records import SoftDeleted, from_row
from station_desk.domain.validators import (
    age_on,
    normalise_person_name,
)
from station_desk.errors import RowError, ValidationError
from station_desk.i18n import N_, _

MIN_AGE = 6
MAX_AGE = 25
SENSITIVE_AGE = 14  # under this: especially sensitive (PIPL: minors under 14)
ADULT_AGE = 18  # under this on the day registered: a guardian is required
DEFAULT_INTERVAL_DAYS = 30
MAX_INTERVAL_DAYS = 365
EARLIEST_REGISTRATION = date(1990, 1, 1)

MAX_PERSON = 64
MAX_RELATION = 32
MAX_ADDRESS = 200
MAX_SCHOOL = 100
MAX_PLACE = 100
MAX_PARTICIPANTS = 500
MAX_PURPOSE = 200
MAX_NOTE = 2000
MAX_LONG_TEXT = 50_000
MAX_GUARDIANS = 10

# Section names used by YouthRowError.section (and the editor's tabs).
GUARDIANS = "guardians"


# --- enumerations ------------------------------------------------------------------------


class YouthGroup(LabelledEnum):
    """The group the young person belongs to (重点青少年群体)."""

    IDLE = "idle", N_("Idle youth")  # 闲散青少年
    BAD_BEHAVIOUR = "bad_behaviour", N_("Youth with bad behaviour")  # 有不良行为的青少年
    VAGRANT = "vagrant", N_("Vagrant or begging youth")  # 流浪乞讨青少年
    PRISONERS_CHILD = "prisoners_child", N_("Child of a person in prison or re-education")  # 服刑在教人员未成年子女
    LEFT_BEHIND = "left_behind", N_("Left-behind child")  # 留守儿童
    OTHER = "other", N_("Other group")  # 其他


class RiskGrade(LabelledEnum):
    """Risk grade (风险等级): red (high), yellow (medium), green (low)."""

    RED = "red", N_("Red (high risk)")  # 红
    YELLOW = "yellow", N_("Yellow (medium risk)")  # 黄
    GREEN = "green", N_("Green (low risk)")  # 绿

    @property
    def rank(self) -> int:
        """0 for red (most urgent) to 2 for green: for sorting."""
        return list(RiskGrade).index(self)


class TeamRole(LabelledEnum):
    """A member's role in the guidance team (帮教小组)."""

    OFFICER = "officer", N_("Police officer")  # 民警
    GUARDIAN = "guardian", N_("Guardian")  # 监护人
    TEACHER = "teacher", N_("Teacher")  # 教师
    COMMUNITY_WORKER = "community_worker", N_("Community worker")  # 社区工作者
    VOLUNTEER = "volunteer", N_("Volunteer")  # 志愿者


class MemberKind(LabelledEnum):
    """Where a team member comes from: a user account, a contact, a volunteer, or typed in."""

    USER = "user", N_("User account")
    CONTACT = "contact", N_("Contact")
    VOLUNTEER = "volunteer", N_("Volunteer")
    OTHER = "other", N_("Other person")


class SessionKind(LabelledEnum):
    """The kind of guidance session (帮教形式)."""

    TALK = "talk", N_("Educational talk")  # 谈话教育
    HOME_VISIT = "home_visit", N_("Family home visit")  # 家访
    SCHOOL_VISIT = "school_visit", N_("School visit")  # 走访学校
    OTHER = "other", N_("Other session")  # 其他


class ClosureReason(LabelledEnum):
    """Why the guidance ended (结案原因)."""

    GOALS_MET = "goals_met", N_("Goals met")  # 达到帮教目标
    MOVED_AWAY = "moved_away", N_("Moved away")  # 迁出辖区
    AGED_OUT = "aged_out", N_("Aged out")  # 超出年龄
    OTHER = "other", N_("Other reason")  # 其他


class SubjectStatus(LabelledEnum):
    """open (在帮) → closed (已结案) → open again when reopened."""

    OPEN = "open", N_("Under guidance")
    CLOSED = "closed", N_("Closed")


class AccessBasis(LabelledEnum):
    """Why a user may see a subject: admin, the assigned officer, or a grant by the admin."""

    ADMIN = "admin", N_("Administrator")
    ASSIGNED = "assigned", N_("Assigned officer")
    GRANTED = "granted", N_("Access granted")


# --- DTOs --------------------------------------------------------------------------------


@dataclass(frozen=True)
class GuardianEntry:
    """A guardian (监护人). `id` None = a new row."""

    name: str
    relation: str = ""
    phone: str = ""
    address: str = ""
    id: str | None = None


@dataclass(frozen=True)
class SubjectDraft:
    """What the "register a subject" dialog sends. With a resident ID the service derives
    `gender` and `birth_date` from it; without one both are typed. `officer_user_id` None =
    the signed-in officer (an admin may assign any active officer). `risk_grade` is the first
    entry of the grade history (`grade_reason` optional). `registered_on` None = today."""

    name: str
    group: YouthGroup
    risk_grade: RiskGrade
    reason: str  # reason for guidance (帮教原因)
    resident_id: str = ""
    gender: Gender | None = None
    birth_date: date | None = None
    phone: str = ""
    school_or_work: str = ""
    address: str = ""
    registered_on: date | None = None
    officer_user_id: str | None = None
    grade_reason: str = ""
    guardians: tuple[GuardianEntry, ...] = ()
    notes: str = ""


@dataclass(frozen=True)
class SubjectUpdate:
    """The edited particulars and guardians, saved in one go. The risk grade, officer, team,
    plan, sessions and evaluations have their own methods. Guardians are matched by id: with
    an id updates, without one adds, a saved guardian missing from the list is removed."""

    id: str
    name: str
    group: YouthGroup
    reason: str
    resident_id: str = ""
    gender: Gender | None = None
    birth_date: date | None = None
    phone: str = ""
    school_or_work: str = ""
    address: str = ""
    registered_on: date | None = None
    guardians: tuple[GuardianEntry, ...] = ()
    notes: str = ""


@dataclass(frozen=True)
class GradeChange:
    """One entry of the risk grade history: the first grade (`previous` None) or a change.
    `evaluation_id` is set when an evaluation made the change. `changed_by` is the name of
    the user who recorded it (a snapshot)."""

    changed_on: date
    grade: RiskGrade
    previous: RiskGrade | None = None
    reason: str = ""
    changed_by: str = ""
    evaluation_id: str | None = None
    id: str | None = None


@dataclass(frozen=True)
class TeamMemberEntry:
    """A member of the guidance team. `kind` + `ref_id` point at the user, contact or
    volunteer; the service copies their name (and phone, unit) when the member is added, so
    the file stays right if the record changes later. `MemberKind.OTHER` has no `ref_id` and a
    typed `name`. `unit` is the school, organisation or team."""

    kind: MemberKind
    role: TeamRole
    ref_id: str | None = None
    name: str = ""
    phone: str = ""
    unit: str = ""
    id: str | None = None


@dataclass(frozen=True)
class TeamCandidate:
    """Someone who can be added to a team (from users, contacts or volunteers)."""

    kind: MemberKind
    ref_id: str
    name: str
    unit: str = ""
    phone: str = ""
    suggested_role: TeamRole = TeamRole.VOLUNTEER


@dataclass(frozen=True)
class PlanEntry:
    """The guidance plan (帮教计划): goals (required), measures, and the days between sessions."""

    goals: str
    interval_days: int = DEFAULT_INTERVAL_DAYS
    measures: str = ""


@dataclass(frozen=True)
class YouthSessionEntry:
    """A guidance session (帮教记录). `next_due` None = the session date + the plan's
    interval; a date = that day. `conducted_by` empty = the signed-in user's name."""

    held_on: date
    kind: SessionKind = SessionKind.TALK
    place: str = ""
    participants: str = ""
    content: str = ""
    state: str = ""  # the young person's state (思想、行为表现)
    assessment: str = ""  # 帮教效果评估
    conducted_by: str = ""
    next_due: date | None = None
    id: str | None = None


@dataclass(frozen=True)
class EvaluationEntry:
    """A periodic evaluation (阶段评估): progress against the goals and, when `new_grade` is
    set and differs from the grade on that day, a change of the risk grade (with
    `grade_reason`). `grade_before` is filled by the service when read back."""

    evaluated_on: date
    progress: str
    new_grade: RiskGrade | None = None
    grade_reason: str = ""
    next_steps: str = ""
    evaluator: str = ""
    grade_before: RiskGrade | None = None
    id: str | None = None


@dataclass(frozen=True)
class AccessGrant:
    """An officer the admin let see one subject."""

    id: str
    subject_id: str
    user_id: str
    user_name: str
    granted_by: str  # the admin's name
    granted_at: datetime | None
    note: str = ""


@dataclass(frozen=True)
class UserChoice:
    """An active officer or admin, for the officer field and the grant picker."""

    user_id: str
    name: str
    is_admin: bool = False


@dataclass(frozen=True)
class SubjectFile(SoftDeleted):
    """The full file of one subject (帮教档案): what `open_file` returns (audited) and every
    change returns. `age` and `under_14` are for `as_of` (the day it was read)."""

    id: str
    name: str
    gender: Gender | None
    resident_id: str
    birth_date: date
    phone: str
    school_or_work: str
    address: str
    group: YouthGroup
    risk_grade: RiskGrade
    reason: str
    registered_on: date
    officer_user_id: str
    officer_name: str
    status: SubjectStatus
    as_of: date
    next_due: date | None = None
    closed_on: date | None = None
    closure_reason: ClosureReason | None = None
    closure_note: str = ""
    notes: str = ""
    guardians: tuple[GuardianEntry, ...] = ()
    team: tuple[TeamMemberEntry, ...] = ()
    plan: PlanEntry | None = None
    sessions: tuple[YouthSessionEntry, ...] = ()  # oldest first
    evaluations: tuple[EvaluationEntry, ...] = ()  # oldest first
    grade_history: tuple[GradeChange, ...] = ()  # oldest first
    access: AccessBasis = AccessBasis.ADMIN
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None

    @property
    def masked_name(self) -> str:
        return mask_name_for_minor(self.name)

    @property
    def age(self) -> int:
        return age_on(self.birth_date, self.as_of)

    @property
    def age_at_registration(self) -> int:
        return age_on(self.birth_date, self.registered_on)

    @property
    def under_14(self) -> bool:
        return self.age < SENSITIVE_AGE

    @property
    def is_closed(self) -> bool:
        return self.status is SubjectStatus.CLOSED

    @property
    def is_editable(self) -> bool:
        return not self.is_closed and not self.is_deleted

    @property
    def days_left(self) -> int | None:
        """Days until the next session is due on `as_of` (negative: overdue; None: closed)."""
        return None if self.next_due is None else (self.next_due - self.as_of).days

    def session(self, session_id: str) -> YouthSessionEntry | None:
        return next((s for s in self.sessions if s.id == session_id), None)

    def evaluation(self, evaluation_id: str) -> EvaluationEntry | None:
        return next((e for e in self.evaluations if e.id == evaluation_id), None)

    def to_update(self, **changes: object) -> SubjectUpdate:
        """The editable particulars of this subject, with `changes` applied (field=value)."""
        return from_row(SubjectUpdate, self, **changes)


@dataclass(frozen=True)
class SubjectSummary(SoftDeleted):
    """One row of the subject list: the name masked (surname + 某), never the ID number.
    `days_left` / `overdue` are worked out for the day the list was read."""

    id: str
    masked_name: str
    gender: Gender | None
    age: int
    under_14: bool
    group: YouthGroup
    risk_grade: RiskGrade
    status: SubjectStatus
    registered_on: date
    officer_user_id: str
    officer_name: str
    next_due: date | None
    days_left: int | None
    overdue: bool
    access: AccessBasis
    deleted_at: datetime | None = None


@dataclass(frozen=True)
class SubjectQuery:
    """Filters of the subject list. `text` matches the name, its full pinyin or initials, or
    a whole resident ID number; `due_within` (days) keeps subjects whose next session is due
    within that many days or overdue."""

    text: str = ""
    group: YouthGroup | None = None
    risk_grade: RiskGrade | None = None
    status: SubjectStatus | None = None
    officer_user_id: str | None = None
    under_14_only: bool = False
    due_within: int | None = None
    include_deleted: bool = False
    limit: int = 500


@dataclass(frozen=True)
class DueSession:
    """A reminder: the next session of an open subject is due (or overdue)."""

    subject_id: str
    masked_name: str
    risk_grade: RiskGrade
    officer_user_id: str
    officer_name: str
    next_due: date
    days_left: int  # negative when overdue

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


@dataclass(frozen=True)
class YouthStatistics:
    """Counts only, no names (the sheet may be shared). Subjects registered in the period
    (every live subject when no period is given); `under_14` counts subjects under 14 on
    `as_of`; `due` the open ones whose next session is due on `as_of` or overdue.

    `suppress_small`: the reader may not open every counted subject, so a count of 1 or 2
    (which could single a child out: "the one subject registered that day is in group X")
    is shown as "<3", and its share not at all (`shown`, `share`)."""

    as_of: date
    date_from: date | None
    date_to: date | None
    total: int
    by_group: Mapping[YouthGroup, int]
    by_grade: Mapping[RiskGrade, int]
    by_status: Mapping[SubjectStatus, int]
    under_14: int
    due: int
    suppress_small: bool = False

    def is_hidden(self, count: int) -> bool:
        return self.suppress_small and 0 < count < SMALLEST_SHOWN_COUNT

    def shown(self, count: int) -> str:
        """A count as printed: "<3" where it is hidden."""
        return f"<{SMALLEST_SHOWN_COUNT}" if self.is_hidden(count) else str(count)

    def share(self, count: int) -> str:
        """A count's share of the total, "—" when either is hidden or the total is 0."""
        if not self.total or self.is_hidden(count) or self.is_hidden(self.total):
            return "—"
        return f"{100 * count / self.total:.1f}%"


SMALLEST_SHOWN_COUNT = 3


@dataclass(frozen=True)
class YouthModuleSummary:
    """What every role may know: the module exists. `may_view` False (auxiliary police): no
    count is given at all; otherwise the numbers of accessible open subjects and reminders."""

    may_view: bool
    open_subjects: int | None = None
    due_sessions: int | None = None


# --- errors ------------------------------------------------------------------------------


class SubjectClosedError(ValidationError):
    """The subject's guidance is closed: it no longer changes until it is reopened."""

    def __init__(self) -> None:
        super().__init__(
            "status",
            _("This subject's guidance is closed. Reopen it before making changes."),
        )


class YouthRowError(RowError):
    """Bad input in one row of a list: `section` ("guardians"), `row` (0-based)."""


# --- rules -------------------------------------------------------------------------------


def next_due_date(
    registered_on: date,
    interval_days: int | None,
    last_session_on: date | None,
    explicit_next_due: date | None = None,
) -> date:
    """When the next session is due: the latest session's explicit date, else the latest
    session (or the registration, before any session) plus the interval."""
    if explicit_next_due is not None:
        return explicit_next_due
    interval = interval_days or DEFAULT_INTERVAL_DAYS
    return (last_session_on or registered_on) + timedelta(days=interval)


def is_under_14(birth_date: date, on: date) -> bool:
    return age_on(birth_date, on) < SENSITIVE_AGE


@dataclass(frozen=True)
class Particulars:
    """The validated particulars (what draft and update have in common)."""

    name: str
    group: YouthGroup
    reason: str
    resident_id: str
    gender: Gender | None
    birth_date: date
    phone: str
    school_or_work: str
    address: str
    registered_on: date
    guardians: tuple[GuardianEntry, ...]
    notes: str


def validated_particulars(value: SubjectDraft | SubjectUpdate, today: date) -> Particulars:
    """Particulars normalised; the age on the day registered must be 6–25; a minor needs a
    guardian. Raises ValidationError naming the field (YouthRowError for a guardian row)."""
    registered_on = (
        today if value.registered_on in (None, "") else checks.day(value.registered_on, "registered_on")
    )
    if registered_on > today:
        raise ValidationError("registered_on", _("The date cannot be in the future."))
    if registered_on < EARLIEST_REGISTRATION:
        raise ValidationError("registered_on", _("The date is too early."))
    name = normalise_person_name(value.name, field="name")
    resident_id, gender, birth = checks.identity(
        value.resident_id, value.gender, today, lambda: _birth_date(value.birth_date, today)
    )
    check_age(birth, registered_on, "resident_id" if resident_id else "birth_date")
    guardians = validated_guardians(value.guardians)
    if not guardians and age_on(birth, registered_on) < ADULT_AGE:
        raise ValidationError(
            "guardians", _("The subject is a minor: enter at least one guardian.")
        )
    return Particulars(
        name=name,
        group=checks.choice(YouthGroup, value.group, "group"),
        reason=checks.text(value.reason, "reason", MAX_LONG_TEXT, required=True, strip=False),
        resident_id=resident_id,
        gender=gender,
        birth_date=birth,
        phone=checks.phone(value.phone, "phone"),
        school_or_work=checks.text(value.school_or_work, "school_or_work", MAX_SCHOOL),
        address=checks.text(value.address, "address", MAX_ADDRESS),
        registered_on=registered_on,
        guardians=guardians,
        notes=checks.text(value.notes, "notes", MAX_NOTE, strip=False),
    )


def check_age(birth: date, registered_on: date, field: str) -> None:
    """The work is for ages 6–25 on the day the subject is registered."""
    if birth > registered_on:
        raise ValidationError(field, _("The birth date is after the day of registration."))
    age = age_on(birth, registered_on)
    if not MIN_AGE <= age <= MAX_AGE:
        raise ValidationError(
            field,
            _(
                "The subject was {age} on the day of registration; youth guidance is for "
                "ages {low} to {high}."
            ).format(age=age, low=MIN_AGE, high=MAX_AGE),
        )


def validated_guardians(guardians: tuple[GuardianEntry, ...]) -> tuple[GuardianEntry, ...]:
    if len(guardians) > MAX_GUARDIANS:
        raise ValidationError(
            "guardians",
            _("Enter at most {count} guardians.").format(count=MAX_GUARDIANS),
        )
    result = []
    for row, guardian in enumerate(guardians):
        try:
            result.append(
                GuardianEntry(
                    name=normalise_person_name(guardian.name, field="name"),
                    relation=checks.text(guardian.relation, "relation", MAX_RELATION, required=True),
                    phone=checks.phone(guardian.phone, "phone"),
                    address=checks.text(guardian.address, "address", MAX_ADDRESS),
                    id=guardian.id or None,
                )
            )
        except ValidationError as error:
            raise YouthRowError(GUARDIANS, row, error.field, error.message) from None
    return tuple(result)


def validated_grade(grade: RiskGrade | str | None, field: str = "risk_grade") -> RiskGrade:
    if grade in (None, ""):
        raise ValidationError(field, _("Choose one of the options."))
    return checks.choice(RiskGrade, grade, field)  # type: ignore[no-any-return]


def validated_plan(plan: PlanEntry) -> PlanEntry:
    interval = plan.interval_days
    if (
        isinstance(interval, bool)
        or not isinstance(interval, int)
        or not (1 <= interval <= MAX_INTERVAL_DAYS)
    ):
        raise ValidationError(
            "interval_days",
            _("Enter a number from {low} to {high}.").format(low=1, high=MAX_INTERVAL_DAYS),
        )
    return PlanEntry(
        goals=checks.text(plan.goals, "goals", MAX_LONG_TEXT, required=True, strip=False),
        interval_days=interval,
        measures=checks.text(plan.measures, "measures", MAX_LONG_TEXT, strip=False),
    )


def validated_session(
    entry: YouthSessionEntry, registered_on: date, today: date
) -> YouthSessionEntry:
    """A session normalised: between the day registered and today; content required; an
    explicit next due date after the session."""
    held_on = _since_registration(entry.held_on, "held_on", registered_on, today)
    next_due = checks.later_day(
        entry.next_due, "next_due", held_on, _("The next session must be after this one.")
    )
    return YouthSessionEntry(
        held_on=held_on,
        kind=checks.choice(SessionKind, entry.kind, "kind"),
        place=checks.text(entry.place, "place", MAX_PLACE),
        participants=checks.text(entry.participants, "participants", MAX_PARTICIPANTS),
        content=checks.text(entry.content, "content", MAX_LONG_TEXT, required=True, strip=False),
        state=checks.text(entry.state, "state", MAX_LONG_TEXT, strip=False),
        assessment=checks.text(entry.assessment, "assessment", MAX_LONG_TEXT, strip=False),
        conducted_by=checks.text(entry.conducted_by, "conducted_by", MAX_PERSON),
        next_due=next_due,
        id=entry.id or None,
    )


def validated_evaluation(
    entry: EvaluationEntry, registered_on: date, today: date
) -> EvaluationEntry:
    evaluated_on = _since_registration(entry.evaluated_on, "evaluated_on", registered_on, today)
    new_grade = validated_grade(entry.new_grade, "new_grade") if entry.new_grade else None
    return EvaluationEntry(
        evaluated_on=evaluated_on,
        progress=checks.text(entry.progress, "progress", MAX_LONG_TEXT, required=True, strip=False),
        new_grade=new_grade,
        grade_reason=checks.text(entry.grade_reason, "grade_reason", MAX_NOTE, strip=False)
        if new_grade
        else "",
        next_steps=checks.text(entry.next_steps, "next_steps", MAX_LONG_TEXT, strip=False),
        evaluator=checks.text(entry.evaluator, "evaluator", MAX_PERSON),
        id=entry.id or None,
    )


def validated_grade_change(
    grade: RiskGrade | str, reason: str, changed_on: date, registered_on: date, today: date
) -> tuple[RiskGrade, str, date]:
    checked = validated_grade(grade, "grade")
    text = checks.text(reason, "reason", MAX_NOTE, required=True, strip=False)
    day = _since_registration(changed_on, "changed_on", registered_on, today)
    return checked, text, day


def validated_closure(
    reason: ClosureReason | str, note: str, closed_on: date, registered_on: date, today: date
) -> tuple[ClosureReason, str, date]:
    checked = checks.choice(ClosureReason, reason, "closure_reason")
    text = checks.text(note, "closure_note", MAX_NOTE, strip=False)
    if checked is ClosureReason.OTHER and not text.strip():
        raise ValidationError("closure_note", _("Enter why the guidance ends."))
    day = _since_registration(closed_on, "closed_on", registered_on, today)
    return checked, text, day


def validated_member(entry: TeamMemberEntry) -> TeamMemberEntry:
    kind = checks.choice(MemberKind, entry.kind, "kind")
    ref_id = (entry.ref_id or "").strip() or None
    if kind is MemberKind.OTHER:
        ref_id = None
        name = normalise_person_name(entry.name, field="name")
    else:
        if ref_id is None:
            raise ValidationError("ref_id", _("Choose the person to add."))
        name = (entry.name or "").strip()
    return TeamMemberEntry(
        kind=kind,
        role=checks.choice(TeamRole, entry.role, "role"),
        ref_id=ref_id,
        name=name,
        phone=checks.phone(entry.phone, "phone"),
        unit=checks.text(entry.unit, "unit", MAX_SCHOOL),
        id=entry.id or None,
    )


def validated_note(value: str | None, field: str, max_length: int = MAX_NOTE) -> str:
    """An optional short text (a grant's note, the reason of the first grade), trimmed."""
    return checks.text(value, field, max_length)


def validated_purpose(purpose: str | None) -> str:
    """The purpose stated for opening, printing or exporting a sealed file (required)."""
    text = " ".join((purpose or "").split())
    if not text:
        raise ValidationError(
            "purpose", _("State the purpose: sealed records are opened only for a stated purpose.")
        )
    if len(text) > MAX_PURPOSE:
        raise ValidationError("purpose", checks.too_long(MAX_PURPOSE))
    return text


# --- helpers -----------------------------------------------------------------------------


def _since_registration(value: date | str, field: str, registered_on: date, today: date) -> date:
    """A date from the day the subject was registered to today."""
    too_early = _("The date cannot be before the subject was registered ({date}).")
    return checks.day_between(value, field, registered_on, today, too_early)


def _birth_date(value: date | str | None, today: date) -> date:
    if value is None or value == "":
        raise ValidationError("birth_date", _("Enter the birth date (or the resident ID number)."))
    return checks.birth_date(value, today)

