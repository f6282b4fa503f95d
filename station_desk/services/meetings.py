"""Meetings (会议): create from a template with carry-over, edit in one save, finalise, amend.

One public method is one unit of work. Creating and changing records is audited by the audit
hook (create / update with old and new values, delete / restore); printing is audited here.
Every write needs EDIT_RECORDS; every role may read.

- `new_meeting` fills the agenda from the type's template (titles in the UI language at that
  moment) and carries the open action items of the previous meeting of the same type (the
  latest live one starting before it) as new items linked by `carried_from_id`.
- `save` takes the whole edited meeting: rows with an id are updated, rows without one added,
  saved rows missing from the lists softly deleted, all in one transaction. A status change of
  an action item is applied to every item of its carry-over chain (earlier and later links,
  even in finalised meetings), so the overview and the next meeting tell the same story.
- A finalised meeting refuses every change (`MeetingFinalisedError`) except `add_amendment`.
- Going back from held to planned clears the attendance marks (the meeting did not take place
  yet); the audit trail keeps what they were.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Select, bindparam, case, exists, or_, select
from sqlalchemy.orm import Session, aliased

from station_desk.db.database import Database
from station_desk.db.models import (
    ActionItem,
    AgendaItem,
    ContactPerson,
    Meeting,
    MeetingAmendment,
    MeetingAttendee,
    User,
)
from station_desk.db.models.base import utcnow
from station_desk.db.records import (
    chosen,
    fill,
    get_live,
    live,
    on_days,
    plain_rows,
    soft_delete,
    sync_rows,
)
from station_desk.domain.accounts import Principal
from station_desk.domain.ids import new_id
from station_desk.domain.meetings import (
    ACTIONS,
    AGENDA,
    ATTENDEES,
    OPEN_ACTION_STATUSES,
    ActionEntry,
    ActionOverviewRow,
    ActionStatus,
    AgendaEntry,
    AmendmentEntry,
    AttendeeCandidate,
    AttendeeEntry,
    AttendeeKind,
    MeetingDetail,
    MeetingDraft,
    MeetingFinalisedError,
    MeetingQuery,
    MeetingRowError,
    MeetingStatus,
    MeetingSummary,
    MeetingType,
    MeetingUpdate,
    agenda_template,
    check_attendance,
    check_transition,
    validated_amendment,
    validated_draft,
    validated_update,
)
from station_desk.domain.pinyin import matches
from station_desk.domain.records import from_row, frozen_record
from station_desk.domain.roles import Role
from station_desk.errors import ValidationError
from station_desk.i18n import _
from station_desk.services.base import RecordService
from station_desk.services.contacts import like_pattern, people_match, people_select
from station_desk.services.settings import read_settings

_OPEN = [status.value for status in OPEN_ACTION_STATUSES]
DEFAULT_OVERVIEW_LIMIT = 2000


VolunteerCandidates = Callable[[Principal, str, int], list[AttendeeCandidate]]


class MeetingService(RecordService):
    def __init__(
        self,
        db: Database,
        now: Callable[[], datetime] = utcnow,
        volunteer_candidates: VolunteerCandidates | None = None,
    ) -> None:
        super().__init__(db, now)
        self.volunteer_candidates = volunteer_candidates

    # -- creating and editing ------------------------------------------------------------
    def new_meeting(self, actor: Principal, draft: MeetingDraft) -> MeetingDetail:
        """A planned meeting with the type's agenda and the previous meeting's open items."""
        with self.changing(actor, "meeting") as session:
            draft = validated_draft(draft)
            previous = (
                _previous(session, draft.meeting_type, draft.starts_at)
                if draft.carry_over
                else None
            )
            meeting = Meeting(
                id=new_id(),
                meeting_type=draft.meeting_type.value,
                title=draft.title,
                starts_at=draft.starts_at,
                ends_at=draft.ends_at,
                place=draft.place or read_settings(session).room_name,
                host=draft.host,
                recorder=draft.recorder,
                status=MeetingStatus.PLANNED.value,
                summary="",
                notes="",
            )
            session.add(meeting)
            session.flush()  # the rows below refer to it (no relationship() orders the inserts)
            for position, attendee in enumerate(draft.attendees):
                session.add(
                    _apply_attendee(_new_row(MeetingAttendee, meeting.id), attendee, position)
                )
            if draft.use_template:
                for position, title in enumerate(agenda_template(draft.meeting_type)):
                    item = AgendaEntry(title=title)
                    session.add(_apply_agenda(_new_row(AgendaItem, meeting.id), item, position))
            if previous is not None:
                _carry_over(session, previous.id, meeting.id)
            session.flush()
            return _detail(session, meeting)

    def save(self, actor: Principal, update: MeetingUpdate) -> MeetingDetail:
        """Save the whole edited meeting at once (fields, attendees, agenda, action items)."""
        with self.changing(actor, "meeting") as session:
            update = validated_update(update)
            meeting = _editable(session, update.id)
            check_attendance(MeetingStatus(meeting.status), update.attendees)
            fill(meeting, update, "meeting_type", "title", "starts_at", "ends_at", "place", "host")
            fill(meeting, update, "recorder", "summary", "notes")
            _sync(
                session, MeetingAttendee, meeting.id, ATTENDEES, update.attendees, _apply_attendee
            )
            agenda = _sync(session, AgendaItem, meeting.id, AGENDA, update.agenda, _apply_agenda)
            session.flush()  # new agenda items exist before action items refer to them
            _save_actions(session, meeting.id, update.actions, [row.id for row in agenda])
            session.flush()
            return _detail(session, meeting)

    def set_status(self, actor: Principal, meeting_id: str, status: MeetingStatus) -> MeetingDetail:
        """planned → held → finalised; held → planned clears attendance; finalised is final."""
        with self.changing(actor, "meeting") as session:
            status = MeetingStatus(status)
            meeting = get_live(session, Meeting, meeting_id)
            current = MeetingStatus(meeting.status)
            check_transition(current, status)
            if status is MeetingStatus.PLANNED and current is not MeetingStatus.PLANNED:
                for attendee in _rows(session, MeetingAttendee, meeting.id):
                    attendee.present = None
                    attendee.absence_reason = ""
            meeting.status = status.value
            session.flush()
            return _detail(session, meeting)

    def add_amendment(
        self, actor: Principal, meeting_id: str, section: str, text: str
    ) -> MeetingDetail:
        """Add a dated correction (更正) to finalised minutes; the minutes print it."""
        with self.changing(actor, "meeting") as session:
            section, text = validated_amendment(section, text)
            meeting = get_live(session, Meeting, meeting_id)
            if meeting.status != MeetingStatus.FINALISED.value:
                raise ValidationError(
                    "status", _("Amendments are for finalised minutes; edit this meeting directly.")
                )
            session.add(
                MeetingAmendment(
                    id=new_id(),
                    meeting_id=meeting.id,
                    at=self.now(),
                    by_user_id=actor.user_id,
                    by_name=actor.display_name,
                    section=section,
                    text=text,
                )
            )
            session.flush()
            return _detail(session, meeting)

    def delete(self, actor: Principal, meeting_id: str) -> None:
        """Hide a meeting (restorable); finalised minutes cannot be deleted."""
        with self.changing(actor, "meeting") as session:
            soft_delete(session, _editable(session, meeting_id))

    def restore(self, actor: Principal, meeting_id: str) -> MeetingDetail:
        return self.restore_record(actor, Meeting, meeting_id, "meeting", _detail)

    # -- reading -------------------------------------------------------------------------
    def get(self, actor: Principal, meeting_id: str) -> MeetingDetail:
        """Everything about one meeting (a deleted one too, with `deleted_at` set)."""
        return self.read_record(actor, Meeting, meeting_id, _detail)

    def list_meetings(self, actor: Principal, query: MeetingQuery) -> list[MeetingSummary]:
        """Meetings matching the filters, newest first (only the list's columns are read)."""
        stmt = (
            select(*_SUMMARY_COLUMNS)
            .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
            .limit(query.limit)
        )
        if not query.include_deleted:
            stmt = stmt.where(Meeting.deleted_at.is_(None))
        stmt = stmt.where(*chosen(Meeting.meeting_type, MeetingType, query.meeting_type))
        stmt = stmt.where(*chosen(Meeting.status, MeetingStatus, query.status))
        stmt = stmt.where(*on_days(Meeting.starts_at, query.date_from, query.date_to))
        text = query.text.strip()
        if text:
            pattern = like_pattern(text)
            stmt = stmt.where(
                or_(*(column.ilike(pattern, escape="\\") for column in _TEXT_COLUMNS))
            )
        with self.db.session(actor) as session:
            return [_summary(row) for row in session.execute(stmt)]

    def previous_meeting(
        self, actor: Principal, meeting_type: MeetingType, before: datetime
    ) -> MeetingSummary | None:
        """The latest live meeting of this type starting before `before` (local time)."""
        with self.db.session(actor) as session:
            meeting = _previous(session, MeetingType(meeting_type), before)
            return _summary(meeting) if meeting is not None else None

    def action_overview(
        self,
        actor: Principal,
        today: date,
        only_open: bool = False,
        limit: int = DEFAULT_OVERVIEW_LIMIT,
    ) -> list[ActionOverviewRow]:
        """Action items of all live meetings: open ones first (overdue first, then by due
        date, none last), then done and cancelled ones (latest due date first).

        A task carried from meeting to meeting appears once, as its latest link — also when
        it was carried into two planned meetings (one row per task, counted once).
        """
        with self.db.session(actor) as session:
            connection = session.connection()  # plain rows: no ORM row processing (read only)
            wanted = (True,) if only_open else (True, False)
            rows = [
                _OverviewItem._make(row)
                for open_items in wanted
                for row in connection.execute(_overview_select(open_items), {"today": today}).all()
            ]
            parent_of, origins = _carried_links(session)
            roots = _roots(parent_of, [row.carried_from_id for row in rows if row.carried_from_id])
            rows = _one_per_task(rows, roots)[:limit]
        return [
            _overview_row(row, today, origins.get(roots.get(row.carried_from_id or "", "")))
            for row in rows
        ]

    def attendee_candidates(
        self, actor: Principal, query: str = "", limit: int = 100
    ) -> list[AttendeeCandidate]:
        """Users of the room (active), contacts and volunteers matching the query, in that
        order (volunteers come from the volunteers module, wired in by the container)."""
        with self.db.session(actor) as session:
            room = read_settings(session).room_name
            users = session.scalars(
                live(select(User).where(User.active.is_(True)), User).order_by(User.display_name)
            ).all()
            found = [
                AttendeeCandidate(AttendeeKind.USER, u.id, u.display_name, room, Role(u.role).label)
                for u in users
                if matches(u.display_name, query)
            ][:limit]
            stmt = (
                people_select()
                .where(ContactPerson.deleted_at.is_(None))
                .limit(max(0, limit - len(found)))
            )
            condition = people_match(query)
            if condition is not None:
                stmt = stmt.where(condition)
            for person, organisation in session.execute(stmt):
                role = person.position or (
                    _("Conduct supervisor") if person.is_conduct_supervisor else ""
                )
                found.append(
                    AttendeeCandidate(
                        AttendeeKind.CONTACT, person.id, person.name, organisation or "", role
                    )
                )
        if self.volunteer_candidates is not None and len(found) < limit:
            found += self.volunteer_candidates(actor, query, limit - len(found))
        return found


# --- reading helpers ---------------------------------------------------------------------

_SUMMARY_COLUMNS = (
    Meeting.id,
    Meeting.meeting_type,
    Meeting.title,
    Meeting.starts_at,
    Meeting.ends_at,
    Meeting.place,
    Meeting.host,
    Meeting.status,
    Meeting.deleted_at,
)
_TEXT_COLUMNS = (Meeting.title, Meeting.place, Meeting.host, Meeting.recorder)


def _summary(row: Any) -> MeetingSummary:
    return from_row(
        MeetingSummary,
        row,
    )


def _editable(session: Session, meeting_id: str) -> Meeting:
    meeting = get_live(session, Meeting, meeting_id)
    if meeting.status == MeetingStatus.FINALISED.value:
        raise MeetingFinalisedError()
    return meeting


def _previous(session: Session, meeting_type: MeetingType, before: datetime) -> Meeting | None:
    stmt = (
        live(select(Meeting), Meeting)
        .where(Meeting.meeting_type == meeting_type.value, Meeting.starts_at < before)
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(1)
    )
    return session.scalars(stmt).first()


def _rows(session: Session, model: Any, meeting_id: str) -> list[Any]:
    stmt = live(select(model).where(model.meeting_id == meeting_id), model)
    if hasattr(model, "position"):
        stmt = stmt.order_by(model.position, model.id)
    return list(session.scalars(stmt))


def _detail(session: Session, meeting: Meeting) -> MeetingDetail:
    agenda = _rows(session, AgendaItem, meeting.id)
    agenda_index = {item.id: index for index, item in enumerate(agenda)}
    actions = _rows(session, ActionItem, meeting.id)
    sources = _sources(session, [a.carried_from_id for a in actions if a.carried_from_id])
    amendments = session.scalars(
        live(
            select(MeetingAmendment).where(MeetingAmendment.meeting_id == meeting.id),
            MeetingAmendment,
        ).order_by(MeetingAmendment.at, MeetingAmendment.id)
    )
    return from_row(
        MeetingDetail,
        meeting,
        attendees=tuple(_attendee_entry(a) for a in _rows(session, MeetingAttendee, meeting.id)),
        agenda=tuple(
            from_row(AgendaEntry, a)
            for a in agenda
        ),
        actions=tuple(_action_entry(a, agenda_index, sources) for a in actions),
        amendments=tuple(
            from_row(AmendmentEntry, a)
            for a in amendments
        ),
    )


def _attendee_entry(row: MeetingAttendee) -> AttendeeEntry:
    return from_row(AttendeeEntry, row)


def _action_entry(
    row: ActionItem, agenda_index: dict[str, int], sources: dict[str, tuple[str, str, datetime]]
) -> ActionEntry:
    source = sources.get(row.carried_from_id or "")
    return from_row(
        ActionEntry,
        row,
        agenda_index=agenda_index.get(row.agenda_item_id or ""),
        carried_from_meeting_id=source[0] if source else None,
        carried_from_meeting_title=source[1] if source else "",
        carried_from_meeting_starts_at=source[2] if source else None,
    )


def _sources(session: Session, item_ids: Sequence[str]) -> dict[str, tuple[str, str, datetime]]:
    """For action item ids: (meeting id, title, starts_at) of the meeting each belongs to."""
    if not item_ids:
        return {}
    stmt = (
        select(ActionItem.id, Meeting.id, Meeting.title, Meeting.starts_at)
        .join(Meeting, Meeting.id == ActionItem.meeting_id)
        .where(ActionItem.id.in_(set(item_ids)))
    )
    return {row[0]: (row[1], row[2], row[3]) for row in session.execute(stmt)}


def _carried_links(
    session: Session,
) -> tuple[dict[str, str], dict[str, tuple[str, str, datetime]]]:
    """Every link of the chains of carried items (item id: the id it was carried from) and,
    for every item carried from, (meeting id, title, starts_at) of its meeting — as
    `_sources` gives them — read at once: a chain's first item is one of these. (Asked by
    the ids of the 2,000 roots of an overview, `_sources` took three times as long.) The
    meetings are read apart, all of them, and matched here: each read once, not once per link
    (scale 100: 1,270 meetings, 3,101 links; 10.3 → 8.6 ms)."""
    parent = aliased(ActionItem)
    links = (
        select(ActionItem.id, ActionItem.carried_from_id, parent.meeting_id)
        .outerjoin(parent, parent.id == ActionItem.carried_from_id)
        .where(ActionItem.carried_from_id.is_not(None))
    )
    meetings = {
        row[0]: (row[0], row[1], row[2])
        for row in plain_rows(session, select(Meeting.id, Meeting.title, Meeting.starts_at))
    }
    parent_of: dict[str, str] = {}
    origins: dict[str, tuple[str, str, datetime]] = {}
    for item_id, carried_from_id, meeting_id in plain_rows(session, links):
        parent_of[item_id] = str(carried_from_id)
        meeting = meetings.get(meeting_id)
        if meeting is not None:
            origins[carried_from_id] = meeting
    return parent_of, origins


def _roots(parent_of: dict[str, str], item_ids: Sequence[str]) -> dict[str, str]:
    """For carried-from ids: the id of the item where the chain started (walking up the
    links of `_carried_links`)."""
    root_of: dict[str, str] = {}
    for item_id in item_ids:
        chain = [item_id]
        while chain[-1] in parent_of and chain[-1] not in root_of and len(chain) <= len(parent_of):
            chain.append(parent_of[chain[-1]])
        root = root_of.get(chain[-1], chain[-1])
        root_of.update(dict.fromkeys(chain, root))
    return {item_id: root_of[item_id] for item_id in item_ids}


def _one_per_task(rows: Sequence[Any], roots: dict[str, str]) -> list[Any]:
    """Keep, in list order, one row per task: the link in the latest meeting of its chain
    (a task carried into two meetings has two unfinished links)."""
    latest: dict[str, Any] = {}
    for row in rows:
        task = (
            roots.get(row.carried_from_id, row.carried_from_id) if row.carried_from_id else row.id
        )
        kept = latest.get(task)
        if kept is None or (row.starts_at, row.meeting_id) > (kept.starts_at, kept.meeting_id):
            latest[task] = row
    chosen = {id(row) for row in latest.values()}
    return [row for row in rows if id(row) in chosen]


class _OverviewItem(NamedTuple):
    """A row of `_overview_select` (a tuple: its fields are read far faster than a
    SQLAlchemy row's, for thousands of rows)."""

    id: str
    meeting_id: str
    meeting_type: str
    title: str
    starts_at: datetime
    description: str
    owner: str
    due_date: date | None
    status: str
    progress: str
    carried_from_id: str | None


_STATUSES = {status.value: status for status in ActionStatus}  # cheaper than ActionStatus(value)
_MEETING_TYPES = {kind.value: kind for kind in MeetingType}


@cache  # built once: making the two selects and their cache keys took 2 ms of each overview
def _overview_select(open_items: bool) -> Select[*tuple[Any, ...]]:
    """Live action items that were not carried on into a later live meeting, in list order
    (the open ones overdue before :today first)."""
    successor = aliased(ActionItem)
    successor_meeting = aliased(Meeting)
    carried_on = exists().where(
        successor.carried_from_id == ActionItem.id,
        successor.deleted_at.is_(None),
        successor_meeting.id == successor.meeting_id,
        successor_meeting.deleted_at.is_(None),
    )
    stmt = (
        select(
            ActionItem.id,
            ActionItem.meeting_id,
            Meeting.meeting_type,
            Meeting.title,
            Meeting.starts_at,
            ActionItem.description,
            ActionItem.owner,
            ActionItem.due_date,
            ActionItem.status,
            ActionItem.progress,
            ActionItem.carried_from_id,
        )
        .join(Meeting, Meeting.id == ActionItem.meeting_id)
        .where(ActionItem.deleted_at.is_(None), Meeting.deleted_at.is_(None), ~carried_on)
    )
    if open_items:
        overdue_first = case((ActionItem.due_date < bindparam("today"), 0), else_=1)
        return stmt.where(ActionItem.status.in_(_OPEN)).order_by(
            overdue_first,
            ActionItem.due_date.asc().nulls_last(),
            Meeting.starts_at.desc(),
            ActionItem.position,
        )
    return stmt.where(ActionItem.status.not_in(_OPEN)).order_by(
        ActionItem.due_date.desc().nulls_last(), Meeting.starts_at.desc(), ActionItem.position
    )


def _overview_row(
    row: _OverviewItem, today: date, origin: tuple[str, str, datetime] | None
) -> ActionOverviewRow:
    """The overview's row (made as `frozen_record` makes records: 2,000 of them through
    `from_row` took a quarter of the overview)."""
    status = _STATUSES[row.status]
    first = origin or (row.meeting_id, row.title, row.starts_at)
    return frozen_record(
        ActionOverviewRow,
        {
            "id": row.id,
            "meeting_id": row.meeting_id,
            "meeting_type": _MEETING_TYPES[row.meeting_type],
            "meeting_title": row.title,
            "meeting_starts_at": row.starts_at,
            "description": row.description,
            "owner": row.owner,
            "due_date": row.due_date,
            "status": status,
            "progress": row.progress,
            "overdue": status.is_open and row.due_date is not None and row.due_date < today,
            "carried": row.carried_from_id is not None,
            "first_meeting_id": first[0],
            "first_meeting_title": first[1],
            "first_meeting_starts_at": first[2],
        },
    )


# --- writing helpers ---------------------------------------------------------------------


def _new_row(model: Any, meeting_id: str) -> Any:
    return model(id=new_id(), meeting_id=meeting_id)


def _apply_attendee(row: MeetingAttendee, entry: AttendeeEntry, position: int) -> MeetingAttendee:
    row.position = position
    row.kind = AttendeeKind(entry.kind).value
    names = ("ref_id", "name", "organisation", "role", "expected", "present", "absence_reason")
    return fill(row, entry, *names)


def _apply_agenda(row: AgendaItem, entry: AgendaEntry, position: int) -> AgendaItem:
    row.position = position
    return fill(row, entry, "title", "discussion", "decisions")


def _sync(
    session: Session,
    model: Any,
    meeting_id: str,
    section: str,
    entries: Iterable[Any],
    apply: Callable[[Any, Any, int], Any],
) -> list[Any]:
    """Make the meeting's live rows of `model` equal to `entries` (matched by id)."""
    pairs = sync_rows(
        session,
        _rows(session, model, meeting_id),
        list(entries),
        lambda: _new_row(model, meeting_id),
        lambda position: MeetingRowError(section, position, "id", _stale_row_message()),
    )
    return [apply(row, entry, position) for position, (entry, row) in enumerate(pairs)]


def _stale_row_message() -> str:
    return _("This row was changed elsewhere in the meantime; reopen the meeting and try again.")


def _save_actions(
    session: Session, meeting_id: str, entries: Sequence[ActionEntry], agenda_ids: list[str]
) -> None:
    pairs = sync_rows(
        session,
        _rows(session, ActionItem, meeting_id),
        entries,
        lambda: _new_row(ActionItem, meeting_id),
        lambda position: MeetingRowError(ACTIONS, position, "id", _stale_row_message()),
    )
    changed: list[ActionItem] = []
    for position, (entry, row) in enumerate(pairs):
        if entry.id is None:
            row.carried_from_id = _carried_source(
                session, meeting_id, position, entry.carried_from_id
            )
            if row.carried_from_id is not None:
                changed.append(row)
        elif row.status != entry.status.value:
            changed.append(row)
        fill(row, entry, "description", "owner", "due_date", "status", "progress")
        row.agenda_item_id = (
            agenda_ids[entry.agenda_index] if entry.agenda_index is not None else None
        )
    for row in changed:
        _spread_status(session, row)


def _carried_source(
    session: Session, meeting_id: str, position: int, source_id: str | None
) -> str | None:
    if source_id is None:
        return None
    source = session.get(ActionItem, source_id)
    if source is None or source.deleted_at is not None or source.meeting_id == meeting_id:
        raise MeetingRowError(
            ACTIONS, position, "carried_from_id", _("The earlier action item no longer exists.")
        )
    return source.id


def _carry_over(session: Session, previous_id: str, meeting_id: str) -> None:
    """Copy the previous meeting's open action items into the new meeting, linked to them."""
    for position, item in enumerate(
        row for row in _rows(session, ActionItem, previous_id) if row.status in _OPEN
    ):
        copy = _new_row(ActionItem, meeting_id)
        copy.position = position
        fill(copy, item, "description", "owner", "due_date", "status", "progress")
        copy.carried_from_id = item.id
        session.add(copy)


def _spread_status(session: Session, item: ActionItem) -> None:
    """Give every live item of `item`'s carry-over chain its status: earlier and later links,
    and the links of the same task carried into another meeting (a branch of the chain)."""
    chain: dict[str, ActionItem] = {item.id: item}
    root: ActionItem = item
    while root.carried_from_id and root.carried_from_id not in chain:
        parent = session.get(ActionItem, root.carried_from_id)
        if parent is None:
            break
        chain[parent.id] = root = parent
    frontier, walked = {root.id}, {root.id}
    while frontier:
        later = session.scalars(
            select(ActionItem).where(ActionItem.carried_from_id.in_(frontier))
        ).all()
        frontier = {row.id for row in later} - walked
        walked |= frontier
        chain.update({row.id: row for row in later})
    for row in chain.values():
        if row.id != item.id and row.deleted_at is None and row.status != item.status:
            row.status = item.status


def meeting_service(db: Database, service: Callable[[str], Any]) -> MeetingService:
    """The container's meeting service: volunteers are offered as attendees."""
    return MeetingService(db, volunteer_candidates=service("volunteers").attendee_candidates)
