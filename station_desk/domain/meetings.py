"""Meetings (会议): types, statuses, agenda templates, the DTOs and the rules of a meeting record.

Types: 治保例会 (security committee), 警情通报会 (police briefing), 述职会 (accountability),
联席会议 (joint meeting with the residents' committee / property company), 队伍例会 (team
meeting) and others. A meeting is planned, then held (attendance is marked), then finalised:
the minutes are then read-only and a later correction is an amendment (更正), dated and
audited, which the minutes print.

Times: a meeting's `starts_at` / `ends_at` are **local wall-clock times without a time zone**
(a meeting "at 19:00" stays at 19:00 whatever the PC's zone later is); only record bookkeeping
(created_at, amendments' `at`) is UTC.

Action items (会议事项) of a meeting that are still open are carried into the next meeting of
the same type as "上次会议事项落实情况"; a carried item keeps a link (`carried_from_id`) to the
item it continues, and a status change anywhere in that chain is applied to the whole chain.

Validation raises `ValidationError(field, message)`; a problem in one row of the attendees,
agenda or action items raises `MeetingRowError`, which also names the `section` and `row`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from station_desk.domain import checks
from station_desk.domain.documents import MeetingDocument as MeetingDocument  # re-exported
from station_desk.domain.enums import LabelledEnum
from station_desk.domain.records import ListQuery, SoftDeleted, from_row
from station_desk.errors import RowError, ValidationError
from station_desk.i18n import N_, _

MAX_TITLE = 100
MAX_PLACE = 100
MAX_PERSON = 64  # host, recorder, attendee name, action owner
MAX_ORGANISATION = 100
MAX_ROLE = 64
MAX_ABSENCE_REASON = 200
MAX_AGENDA_TITLE = 200
MAX_LONG_TEXT = 50_000  # discussion, decisions, summary, notes
MAX_ACTION = 500
MAX_PROGRESS = 2000
MAX_SECTION = 100
MAX_AMENDMENT = 10_000

# Section names used by MeetingRowError.section (and the editor's tabs).
ATTENDEES = "attendees"
AGENDA = "agenda"
ACTIONS = "actions"


# --- enumerations ------------------------------------------------------------------------


class MeetingType(LabelledEnum):
    """The kind of meeting (会议类型); each starts from its own agenda template."""

    SECURITY_COMMITTEE = "security_committee", N_("Security committee meeting")  # 治保例会
    POLICE_BRIEFING = "police_briefing", N_("Police situation briefing")  # 警情通报会
    ACCOUNTABILITY = "accountability", N_("Accountability meeting")  # 述职会
    JOINT = "joint", N_("Joint meeting")  # 联席会议
    TEAM = "team", N_("Team meeting")  # 队伍例会
    OTHER = "other", N_("Other meeting")  # 其他会议


class MeetingStatus(LabelledEnum):
    """planned → held → finalised; held may go back to planned, finalised never changes."""

    PLANNED = "planned", N_("Planned")  # 计划
    HELD = "held", N_("Held")  # 已召开
    FINALISED = "finalised", N_("Finalised")  # 已定稿


class AttendeeKind(LabelledEnum):
    """Where an attendee comes from: a user of the room, a contact, a volunteer, or a guest."""

    USER = "user", N_("Police room staff")
    CONTACT = "contact", N_("Contact")
    VOLUNTEER = "volunteer", N_("Volunteer")
    GUEST = "guest", N_("Guest")


class ActionStatus(LabelledEnum):
    """The state of an action item (落实情况)."""

    OPEN = "open", N_("Open")  # 未落实
    IN_PROGRESS = "in_progress", N_("In progress")  # 落实中
    DONE = "done", N_("Done")  # 已落实
    CANCELLED = "cancelled", N_("Cancelled")  # 已取消

    @property
    def is_open(self) -> bool:
        """Still to be done: carried into the next meeting, counted as overdue when late."""
        return self in OPEN_ACTION_STATUSES


OPEN_ACTION_STATUSES = frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS})


# --- templates ---------------------------------------------------------------------------

AGENDA_TEMPLATES: dict[MeetingType, tuple[str, ...]] = {
    MeetingType.SECURITY_COMMITTEE: (
        N_("Public security situation in the community"),  # 社区治安形势分析
        N_("Disputes and safety hazards found"),  # 矛盾纠纷和安全隐患排查
        N_("Key places and prevention measures"),  # 重点部位与防范措施
        N_("Work plan for the next period"),  # 下阶段工作安排
    ),
    MeetingType.POLICE_BRIEFING: (
        N_("This month's police incidents"),  # 本月警情通报
        N_("Prevention advice"),  # 防范提示
        N_("Residents' opinions and suggestions"),  # 群众意见建议
        N_("Work plan for next month"),  # 下月工作安排
    ),
    MeetingType.ACCOUNTABILITY: (
        N_("The community police officer's work report"),  # 社区民警述职
        N_("Questions and comments from residents"),  # 群众提问与评议
        N_("Satisfaction evaluation"),  # 满意度测评
        N_("Improvement commitments"),  # 整改承诺
    ),
    MeetingType.JOINT: (
        N_("Reports from each party"),  # 各方通报情况
        N_("Community problems to solve together"),  # 共同研究解决的问题
        N_("Division of tasks"),  # 任务分工
    ),
    MeetingType.TEAM: (
        N_("Review of recent patrols and duty"),  # 近期巡逻值守情况讲评
        N_("Training and safety reminders"),  # 业务培训与安全提示
        N_("Rosters and tasks for the next period"),  # 下阶段排班与任务
    ),
    MeetingType.OTHER: (
        N_("Matters discussed"),  # 会议议题
    ),
}

# Heading of the carried action items in the editor and the minutes.
CARRY_OVER_HEADING = N_("Follow-up of the previous meeting's action items")  # 上次会议事项落实情况


def agenda_template(meeting_type: MeetingType) -> list[str]:
    """The agenda titles a new meeting of this type starts with, in the current UI language."""
    return [_(title) for title in AGENDA_TEMPLATES[MeetingType(meeting_type)]]


def suggested_title(meeting_type: MeetingType, starts_at: date, room: str = "") -> str:
    """A title for a new meeting, e.g. 2026年3月警情通报会, or with the room's name before it
    (幸福里警务室2026年3月警情通报会)."""
    kind = MeetingType(meeting_type).label
    if room:
        return _("{room} {kind}, {year}-{month:02d}").format(
            room=room, kind=kind, year=starts_at.year, month=starts_at.month
        )
    return _("{kind}, {year}-{month:02d}").format(
        kind=kind, year=starts_at.year, month=starts_at.month
    )


# --- DTOs --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendeeEntry:
    """One attendee (参会人员). `ref_id` points at the user / contact / volunteer (None for a
    guest); name, organisation and role are copied so the minutes stay right if that record
    changes. `present`: None = not marked, True = present, False = absent (with a reason or not).
    `id` None = a new row (the service assigns it)."""

    kind: AttendeeKind
    name: str
    ref_id: str | None = None
    organisation: str = ""
    role: str = ""
    expected: bool = True  # invited beforehand (on the sign-in sheet); False = came unannounced
    present: bool | None = None
    absence_reason: str = ""
    id: str | None = None


@dataclass(frozen=True)
class AgendaEntry:
    """One agenda item (议题) with its discussion (讨论情况) and decisions (决定事项)."""

    title: str
    discussion: str = ""
    decisions: str = ""
    id: str | None = None


@dataclass(frozen=True)
class ActionEntry:
    """One action item (会议事项): what, who, by when, its status and a progress note.

    `agenda_index` is the position of the agenda item it belongs to in the same meeting's
    agenda list (None = the meeting as a whole). `carried_from_id` is set on items carried over
    from the previous meeting; the `carried_from_meeting_*` fields are filled by the service
    (read-only) with the meeting the item came from.
    """

    description: str
    owner: str = ""
    due_date: date | None = None
    status: ActionStatus = ActionStatus.OPEN
    progress: str = ""
    agenda_index: int | None = None
    carried_from_id: str | None = None
    id: str | None = None
    carried_from_meeting_id: str | None = None
    carried_from_meeting_title: str = ""
    carried_from_meeting_starts_at: datetime | None = None

    @property
    def is_carried(self) -> bool:
        return self.carried_from_id is not None

    def is_overdue(self, today: date) -> bool:
        return (
            ActionStatus(self.status).is_open
            and self.due_date is not None
            and self.due_date < today
        )


@dataclass(frozen=True)
class AmendmentEntry:
    """A correction (更正) to finalised minutes: when (UTC), by whom, which part, what."""

    id: str
    at: datetime
    by_user_id: str
    by_name: str
    section: str
    text: str


@dataclass(frozen=True)
class MeetingDraft:
    """What the "new meeting" dialog sends. An empty `place` becomes the room's name; the
    agenda starts from the type's template and open action items of the previous meeting of
    the same type are carried over, unless switched off."""

    meeting_type: MeetingType
    title: str
    starts_at: datetime  # local wall-clock time, naive
    ends_at: datetime | None = None
    place: str = ""
    host: str = ""
    recorder: str = ""
    attendees: tuple[AttendeeEntry, ...] = ()
    use_template: bool = True
    carry_over: bool = True


@dataclass(frozen=True)
class MeetingUpdate:
    """The whole edited meeting as the editor saves it in one go (status changes separately).

    Rows are matched by id: a row with an id updates that row, a row without one is added,
    and a saved row missing from the list is (softly) deleted.
    """

    id: str
    meeting_type: MeetingType
    title: str
    starts_at: datetime
    ends_at: datetime | None = None
    place: str = ""
    host: str = ""
    recorder: str = ""
    summary: str = ""
    notes: str = ""
    attendees: tuple[AttendeeEntry, ...] = ()
    agenda: tuple[AgendaEntry, ...] = ()
    actions: tuple[ActionEntry, ...] = ()


@dataclass(frozen=True)
class MeetingDetail(SoftDeleted):
    """Everything about one meeting: the editor's model and the minutes' and sign-in sheet's data."""

    id: str
    meeting_type: MeetingType
    title: str
    starts_at: datetime
    ends_at: datetime | None
    place: str
    host: str
    recorder: str
    status: MeetingStatus
    summary: str = ""
    notes: str = ""
    attendees: tuple[AttendeeEntry, ...] = ()
    agenda: tuple[AgendaEntry, ...] = ()
    actions: tuple[ActionEntry, ...] = ()  # own items and carried items, in editor order
    amendments: tuple[AmendmentEntry, ...] = ()  # oldest first
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None

    def to_update(self, **changes: object) -> MeetingUpdate:
        """The editable part of this meeting, with `changes` applied (field=value)."""
        return from_row(MeetingUpdate, self, **changes)

    @property
    def is_finalised(self) -> bool:
        return self.status is MeetingStatus.FINALISED

    @property
    def is_editable(self) -> bool:
        return not self.is_finalised and not self.is_deleted

    @property
    def own_actions(self) -> tuple[ActionEntry, ...]:
        """Action items decided at this meeting."""
        return tuple(a for a in self.actions if a.carried_from_id is None)

    @property
    def carried_actions(self) -> tuple[ActionEntry, ...]:
        """Items carried over from the previous meeting (上次会议事项落实情况)."""
        return tuple(a for a in self.actions if a.carried_from_id is not None)

    @property
    def expected_attendees(self) -> tuple[AttendeeEntry, ...]:
        """Who is printed on the sign-in sheet."""
        return tuple(a for a in self.attendees if a.expected)

    @property
    def present_count(self) -> int:
        return sum(1 for a in self.attendees if a.present is True)

    @property
    def absent_count(self) -> int:
        return sum(1 for a in self.attendees if a.present is False)

    @property
    def unmarked_count(self) -> int:
        return sum(1 for a in self.attendees if a.present is None)

    @property
    def open_action_count(self) -> int:
        return sum(1 for a in self.actions if ActionStatus(a.status).is_open)


@dataclass(frozen=True)
class MeetingSummary(SoftDeleted):
    """One row of the meetings list (only the columns the list shows)."""

    id: str
    meeting_type: MeetingType
    title: str
    starts_at: datetime
    ends_at: datetime | None
    place: str
    host: str
    status: MeetingStatus
    deleted_at: datetime | None = None


@dataclass(frozen=True)
class MeetingQuery(ListQuery):
    """Filters of the meetings list: the days of `starts_at`; the text is part of the title,
    place, host or recorder."""

    meeting_type: MeetingType | None = None
    status: MeetingStatus | None = None


@dataclass(frozen=True)
class ActionOverviewRow:
    """One action item in the overview across meetings (事项督办一览).

    Open items come first (overdue first, then by due date), then done and cancelled ones
    (latest due date first). A task carried from meeting to meeting appears once, as its
    latest link; `first_*` name the meeting where it was decided.
    """

    id: str
    meeting_id: str
    meeting_type: MeetingType
    meeting_title: str
    meeting_starts_at: datetime
    description: str
    owner: str
    due_date: date | None
    status: ActionStatus
    progress: str
    overdue: bool
    carried: bool
    first_meeting_id: str = ""
    first_meeting_title: str = ""
    first_meeting_starts_at: datetime | None = None


@dataclass(frozen=True)
class AttendeeCandidate:
    """Someone who can be picked as an attendee (a user, a contact, later a volunteer)."""

    kind: AttendeeKind
    ref_id: str
    name: str
    organisation: str = ""
    role: str = ""

    def as_attendee(self, *, expected: bool = True) -> AttendeeEntry:
        return AttendeeEntry(
            kind=self.kind,
            name=self.name,
            ref_id=self.ref_id,
            organisation=self.organisation,
            role=self.role,
            expected=expected,
        )


# --- errors ------------------------------------------------------------------------------


class MeetingFinalisedError(ValidationError):
    """The meeting is finalised: its minutes are read-only; corrections are amendments."""

    def __init__(self) -> None:
        super().__init__(
            "status",
            _("The minutes of this meeting are finalised and cannot be changed; add an amendment."),
        )


class MeetingRowError(RowError):
    """Bad input in one row of a list: `section` (attendees / agenda / actions), `row` (0-based)."""


# --- rules -------------------------------------------------------------------------------


def check_transition(current: MeetingStatus, new: MeetingStatus) -> None:
    """Raise unless a meeting may go from `current` to `new` (the same status is a no-op)."""
    current, new = MeetingStatus(current), MeetingStatus(new)
    if current is MeetingStatus.FINALISED:
        raise MeetingFinalisedError()
    if current is MeetingStatus.PLANNED and new is MeetingStatus.FINALISED:
        raise ValidationError(
            "status", _("Mark the meeting as held before finalising its minutes.")
        )


def check_attendance(status: MeetingStatus, attendees: tuple[AttendeeEntry, ...]) -> None:
    """Attendance (present / absent) is marked only once the meeting has been held."""
    if MeetingStatus(status) is not MeetingStatus.PLANNED:
        return
    for row, attendee in enumerate(attendees):
        if attendee.present is not None:
            raise MeetingRowError(
                ATTENDEES,
                row,
                "present",
                _("Attendance can be marked once the meeting is held."),
            )


def validated_draft(draft: MeetingDraft) -> MeetingDraft:
    """The draft normalised, or a ValidationError naming the field."""
    starts_at, ends_at = meeting_times(draft.starts_at, draft.ends_at)
    attendees = _attendees(draft.attendees)
    check_attendance(MeetingStatus.PLANNED, attendees)
    return MeetingDraft(
        meeting_type=MeetingType(draft.meeting_type),
        title=checks.text(draft.title, "title", MAX_TITLE, required=True),
        starts_at=starts_at,
        ends_at=ends_at,
        place=checks.text(draft.place, "place", MAX_PLACE),
        host=checks.text(draft.host, "host", MAX_PERSON),
        recorder=checks.text(draft.recorder, "recorder", MAX_PERSON),
        attendees=attendees,
        use_template=draft.use_template,
        carry_over=draft.carry_over,
    )


def validated_update(update: MeetingUpdate) -> MeetingUpdate:
    """The whole edited meeting normalised, or the first problem as a ValidationError."""
    starts_at, ends_at = meeting_times(update.starts_at, update.ends_at)
    agenda = _agenda(update.agenda)
    return MeetingUpdate(
        id=update.id,
        meeting_type=MeetingType(update.meeting_type),
        title=checks.text(update.title, "title", MAX_TITLE, required=True),
        starts_at=starts_at,
        ends_at=ends_at,
        place=checks.text(update.place, "place", MAX_PLACE),
        host=checks.text(update.host, "host", MAX_PERSON),
        recorder=checks.text(update.recorder, "recorder", MAX_PERSON),
        summary=checks.text(update.summary, "summary", MAX_LONG_TEXT, strip=False),
        notes=checks.text(update.notes, "notes", MAX_LONG_TEXT, strip=False),
        attendees=_attendees(update.attendees),
        agenda=agenda,
        actions=_actions(update.actions, starts_at.date(), len(agenda)),
    )


def validated_amendment(section: str, text: str) -> tuple[str, str]:
    return (
        checks.text(section, "section", MAX_SECTION),
        checks.text(text, "text", MAX_AMENDMENT, required=True),
    )


def meeting_times(
    starts_at: datetime, ends_at: datetime | None
) -> tuple[datetime, datetime | None]:
    """The start and the end (if set) as wall-clock times; the end may not be before the start."""
    if not isinstance(starts_at, datetime):
        raise ValidationError("starts_at", _("Enter the date and time the meeting starts."))
    start = checks.wall_clock(starts_at)
    end = checks.wall_clock(ends_at) if ends_at is not None else None
    if end is not None and end < start:
        raise ValidationError("ends_at", _("The meeting cannot end before it starts."))
    return start, end


def _attendees(rows: tuple[AttendeeEntry, ...]) -> tuple[AttendeeEntry, ...]:
    seen: set[tuple[str, str]] = set()
    result = []
    for row, attendee in enumerate(rows):
        checked = _attendee(row, attendee)
        key = (
            ("guest", _name_key(checked.name))
            if checked.kind is AttendeeKind.GUEST
            else (str(checked.kind), checked.ref_id or "")
        )
        if key in seen:
            raise MeetingRowError(
                ATTENDEES,
                row,
                "name",
                _("{name} is already in the list of attendees.").format(name=checked.name),
            )
        seen.add(key)
        result.append(checked)
    return tuple(result)


def _attendee(row: int, attendee: AttendeeEntry) -> AttendeeEntry:
    kind = AttendeeKind(attendee.kind)
    name = _row_text(ATTENDEES, row, attendee.name, "name", MAX_PERSON, required=True)
    ref_id = (attendee.ref_id or "").strip() or None
    if kind is AttendeeKind.GUEST:
        ref_id = None
    elif ref_id is None:
        raise MeetingRowError(
            ATTENDEES, row, "ref_id", _("Pick this attendee from the list, or add them as a guest.")
        )
    reason = _row_text(
        ATTENDEES, row, attendee.absence_reason, "absence_reason", MAX_ABSENCE_REASON
    )
    if reason and attendee.present is not False:
        raise MeetingRowError(
            ATTENDEES, row, "absence_reason", _("A reason for absence is given only when absent.")
        )
    return AttendeeEntry(
        kind=kind,
        name=name,
        ref_id=ref_id,
        organisation=_row_text(
            ATTENDEES, row, attendee.organisation, "organisation", MAX_ORGANISATION
        ),
        role=_row_text(ATTENDEES, row, attendee.role, "role", MAX_ROLE),
        expected=bool(attendee.expected),
        present=attendee.present,
        absence_reason=reason,
        id=attendee.id or None,
    )


def _agenda(rows: tuple[AgendaEntry, ...]) -> tuple[AgendaEntry, ...]:
    return tuple(
        AgendaEntry(
            title=_row_text(AGENDA, row, item.title, "title", MAX_AGENDA_TITLE, required=True),
            discussion=_row_text(
                AGENDA, row, item.discussion, "discussion", MAX_LONG_TEXT, strip=False
            ),
            decisions=_row_text(
                AGENDA, row, item.decisions, "decisions", MAX_LONG_TEXT, strip=False
            ),
            id=item.id or None,
        )
        for row, item in enumerate(rows)
    )


def _actions(
    rows: tuple[ActionEntry, ...], meeting_day: date, agenda_size: int
) -> tuple[ActionEntry, ...]:
    result = []
    for row, action in enumerate(rows):
        if action.due_date is not None and not isinstance(action.due_date, date):
            raise MeetingRowError(ACTIONS, row, "due_date", _("Enter a date."))
        due = action.due_date.date() if isinstance(action.due_date, datetime) else action.due_date
        # Carried items keep the due date set at the earlier meeting, which may have passed.
        if due is not None and action.carried_from_id is None and due < meeting_day:
            raise MeetingRowError(
                ACTIONS, row, "due_date", _("The due date cannot be before the meeting.")
            )
        if action.agenda_index is not None and not 0 <= action.agenda_index < agenda_size:
            raise MeetingRowError(
                ACTIONS, row, "agenda_index", _("This agenda item does not exist.")
            )
        result.append(
            ActionEntry(
                description=_row_text(
                    ACTIONS, row, action.description, "description", MAX_ACTION, required=True
                ),
                owner=_row_text(ACTIONS, row, action.owner, "owner", MAX_PERSON),
                due_date=due,
                status=ActionStatus(action.status),
                progress=_row_text(ACTIONS, row, action.progress, "progress", MAX_PROGRESS),
                agenda_index=action.agenda_index,
                carried_from_id=action.carried_from_id or None,
                id=action.id or None,
            )
        )
    return tuple(result)


def _name_key(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).casefold().split())


def _row_text(
    section: str,
    row: int,
    value: str | None,
    field: str,
    max_length: int,
    *,
    required: bool = False,
    strip: bool = True,
) -> str:
    try:
        return checks.text(value, field, max_length, required=required, strip=strip)
    except ValidationError as error:
        raise MeetingRowError(section, row, field, error.message) from None
