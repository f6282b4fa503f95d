"""The duty log (勤务日志): entries of each user, the weekly in-beat figure, duty reports,
room opening hours.

One public method is one unit of work; changes are audited by the audit hook. Writing an
entry (one's own or a colleague's: auxiliary police often do the data entry) needs
EDIT_RECORDS; changing the weekly target needs MANAGE_SETTINGS; every role may read.
Entries of one user may not overlap: the hours would count twice.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from station_desk.db.models import DutyLogEntry, RoomOpening, User
from station_desk.db.records import get_live, live
from station_desk.domain.accounts import Principal
from station_desk.domain.duty import (
    DEFAULT_WEEKLY_TARGET_HOURS,
    TARGET_SETTING_KEY,
    DutyActivity,
    DutyEntry,
    DutyEntryDraft,
    DutyPerson,
    DutyReportData,
    DutyWeek,
    RoomHoursDraft,
    RoomHoursEntry,
    check_target,
    overlap_message,
    overlapping,
    summarise_duty,
    week_label,
    week_start,
)
from station_desk.domain.ids import new_id
from station_desk.domain.records import from_row
from station_desk.domain.roles import Permission
from station_desk.errors import NotFoundError, ValidationError
from station_desk.i18n import _
from station_desk.services.base import RecordService
from station_desk.services.guard import require
from station_desk.services.settings import get_flag, set_flag

MAX_REPORT_DAYS = 366


class DutyService(RecordService):
    # -- the weekly target ---------------------------------------------------------------
    def target_hours(self, actor: Principal | None = None) -> float:
        """The weekly in-beat target in hours (30 unless changed in the settings)."""
        with self.db.session(actor) as session:
            return weekly_target(session)

    def set_target_hours(self, actor: Principal, hours: float) -> float:
        require(self.db, actor, Permission.MANAGE_SETTINGS, "settings")
        hours = check_target(hours)
        with self.db.session(actor) as session:
            set_flag(session, TARGET_SETTING_KEY, hours)
        return hours

    # -- people --------------------------------------------------------------------------
    def people(self, actor: Principal, include_inactive: bool = False) -> list[DutyPerson]:
        """The users whose time can be logged, by display name."""
        stmt = live(select(User), User).order_by(User.display_name, User.username)
        if not include_inactive:
            stmt = stmt.where(User.active.is_(True))
        with self.db.session(actor) as session:
            return [DutyPerson(u.id, u.username, u.display_name, u.active) for u in session.scalars(stmt)]

    def find_person(self, actor: Principal, text: str) -> DutyPerson:
        """The user with this user name or display name (for the command line)."""
        wanted = text.strip()
        with self.db.session(actor) as session:
            users = list(
                session.scalars(
                    live(select(User), User).where(
                        or_(User.username == wanted, User.display_name == wanted)
                    )
                )
            )
        exact = [u for u in users if u.username == wanted] or users
        if len(exact) != 1:
            message = (
                _("No user is called {name}.") if not exact
                else _("Several users are called {name}; use the user name.")
            )
            raise NotFoundError(message.format(name=wanted))
        user = exact[0]
        return DutyPerson(user.id, user.username, user.display_name, user.active)

    # -- entries -------------------------------------------------------------------------
    def add_entry(self, actor: Principal, draft: DutyEntryDraft) -> DutyEntry:
        """Log a time entry; an entry overlapping another of the same user is refused."""
        with self.changing(actor, "duty_entry") as session:
            draft = draft.validated()
            user = _user(session, draft.user_id)
            _check_overlap(session, draft, None)
            entry = _apply(DutyLogEntry(id=new_id()), draft)
            session.add(entry)
            session.flush()
            return _entry(entry, user.display_name)

    def update_entry(self, actor: Principal, entry_id: str, draft: DutyEntryDraft) -> DutyEntry:
        with self.changing(actor, "duty_entry") as session:
            draft = draft.validated()
            entry = get_live(session, DutyLogEntry, entry_id)
            user = _user(session, draft.user_id)
            _check_overlap(session, draft, entry.id)
            _apply(entry, draft)
            session.flush()
            return _entry(entry, user.display_name)

    def delete_entry(self, actor: Principal, entry_id: str) -> None:
        self.delete_record(actor, DutyLogEntry, entry_id, "duty_entry")

    def restore_entry(self, actor: Principal, entry_id: str) -> DutyEntry:
        """Take an entry out of the bin, unless it overlaps one of the user's entries now."""
        return self.restore_record(
            actor, DutyLogEntry, entry_id, "duty_entry", _stored_entry, _check_restorable
        )

    def get_entry(self, actor: Principal, entry_id: str) -> DutyEntry:
        return self.read_record(actor, DutyLogEntry, entry_id, _stored_entry)

    def list_entries(
        self,
        actor: Principal,
        user_id: str | None,
        date_from: date,
        date_to: date,
        activity: DutyActivity | None = None,
    ) -> list[DutyEntry]:
        """Live entries touching the days from..to (of one user, or everyone), by start."""
        with self.db.session(actor) as session:
            return _entries(session, user_id, date_from, date_to, activity)

    # -- figures and reports -------------------------------------------------------------
    def week(self, actor: Principal, user_id: str, day: date | None = None) -> DutyWeek:
        """The in-beat figure of the ISO week holding `day` (this week by default)."""
        monday = week_start(day or self.today())
        return self.report(actor, user_id, monday, monday + timedelta(days=6)).weeks[0]

    def report(
        self, actor: Principal, user_id: str, date_from: date, date_to: date
    ) -> DutyReportData:
        """A user's duty over the days from..to: totals by activity, day and week, entries."""
        if date_to < date_from:
            raise ValidationError("date_to", _("The last day is before the first day."))
        if (date_to - date_from).days >= MAX_REPORT_DAYS:
            raise ValidationError(
                "date_to", _("Choose at most {days} days.").format(days=MAX_REPORT_DAYS)
            )
        with self.db.session(actor) as session:
            user = _user(session, user_id)
            entries = _entries(session, user.id, date_from, date_to, None)
            target = weekly_target(session)
        return summarise_duty(user.id, user.display_name, entries, date_from, date_to, target)

    def report_pdf(
        self, actor: Principal, user_id: str, date_from: date, date_to: date, language: str
    ) -> bytes:
        """The duty report (勤务报告) for a week or a month, as PDF (a preview: not audited)."""
        data = self.report(actor, user_id, date_from, date_to)
        from station_desk.reports.duty import DutyReport

        return DutyReport(self.document_context(actor, language), data).generate()

    def entries_xlsx(self, actor: Principal, user_id: str, date_from: date, date_to: date) -> bytes:
        """The duty log of a user for the period as an .xlsx register, with the totals."""
        data = self.report(actor, user_id, date_from, date_to)
        from station_desk.exchange.xlsx import workbook_bytes
        from station_desk.reports.duty import duty_sheets

        return workbook_bytes(*duty_sheets(self.document_context(actor, ""), data))

    def report_subject(self, data: DutyReportData) -> str:
        """What a saved duty report is about, for the audit trail."""
        period = (
            week_label(data.date_from) if data.is_single_week
            else f"{data.date_from.isoformat()}..{data.date_to.isoformat()}"
        )
        return f"{data.user_name} {period}"

    # -- room opening hours --------------------------------------------------------------
    def record_room_hours(self, actor: Principal, draft: RoomHoursDraft) -> RoomHoursEntry:
        with self.changing(actor, "room_opening") as session:
            draft = draft.validated()
            row = _apply_room_hours(RoomOpening(id=new_id()), draft)
            session.add(row)
            session.flush()
            return _room_hours(row)

    def update_room_hours(
        self, actor: Principal, entry_id: str, draft: RoomHoursDraft
    ) -> RoomHoursEntry:
        with self.changing(actor, "room_opening") as session:
            draft = draft.validated()
            row = _apply_room_hours(get_live(session, RoomOpening, entry_id), draft)
            session.flush()
            return _room_hours(row)

    def delete_room_hours(self, actor: Principal, entry_id: str) -> None:
        self.delete_record(actor, RoomOpening, entry_id, "room_opening")

    def list_room_hours(self, actor: Principal, date_from: date, date_to: date) -> list[RoomHoursEntry]:
        stmt = live(select(RoomOpening), RoomOpening).where(
            RoomOpening.day >= date_from, RoomOpening.day <= date_to
        ).order_by(RoomOpening.day, RoomOpening.opens_at)
        with self.db.session(actor) as session:
            return [_room_hours(row) for row in session.scalars(stmt)]


# --- helpers -----------------------------------------------------------------------------


def weekly_target(session: Session) -> float:
    value = get_flag(session, TARGET_SETTING_KEY, DEFAULT_WEEKLY_TARGET_HOURS)
    try:
        return check_target(float(value))
    except (TypeError, ValueError, ValidationError):
        return DEFAULT_WEEKLY_TARGET_HOURS


def _user(session: Session, user_id: str) -> User:
    user = session.get(User, user_id)
    if user is None or user.deleted_at is not None:
        raise ValidationError("user_id", _("The user no longer exists."))
    return user


def _entries(
    session: Session,
    user_id: str | None,
    date_from: date,
    date_to: date,
    activity: DutyActivity | None,
) -> list[DutyEntry]:
    start = datetime.combine(date_from, time.min)
    end = datetime.combine(date_to + timedelta(days=1), time.min)
    stmt = (
        select(DutyLogEntry, User.display_name)
        .join(User, User.id == DutyLogEntry.user_id)
        .where(
            DutyLogEntry.deleted_at.is_(None),
            DutyLogEntry.starts_at < end,
            DutyLogEntry.ends_at > start,
            # entries last at most a day: bound the start too, so the index is used
            DutyLogEntry.starts_at >= start - timedelta(days=1),
        )
        .order_by(DutyLogEntry.starts_at, DutyLogEntry.ends_at, DutyLogEntry.id)
    )
    if user_id is not None:
        stmt = stmt.where(DutyLogEntry.user_id == user_id)
    if activity is not None:
        stmt = stmt.where(DutyLogEntry.activity == DutyActivity(activity).value)
    return [_entry(row, name) for row, name in session.execute(stmt)]


def _check_overlap(session: Session, draft: DutyEntryDraft, entry_id: str | None) -> None:
    stmt = live(select(DutyLogEntry), DutyLogEntry).where(
        DutyLogEntry.user_id == draft.user_id,
        DutyLogEntry.starts_at < draft.ends_at,
        DutyLogEntry.ends_at > draft.starts_at,
    )
    others = [_entry(row, "") for row in session.scalars(stmt)]
    clash = overlapping(others, draft.starts_at, draft.ends_at, skip_id=entry_id)
    if clash is not None:
        raise ValidationError("starts_at", overlap_message(clash))


def _check_restorable(session: Session, entry: DutyLogEntry) -> None:
    _check_overlap(session, _draft_of(entry), entry.id)


def _apply(entry: DutyLogEntry, draft: DutyEntryDraft) -> DutyLogEntry:
    entry.user_id = draft.user_id
    entry.starts_at = draft.starts_at
    entry.ends_at = draft.ends_at
    entry.activity = DutyActivity(draft.activity).value
    entry.place = draft.place
    entry.notes = draft.notes
    entry.in_beat = bool(draft.in_beat)
    return entry


def _draft_of(entry: DutyLogEntry) -> DutyEntryDraft:
    return from_row(DutyEntryDraft, entry)


def _entry(row: DutyLogEntry, user_name: str) -> DutyEntry:
    return from_row(DutyEntry, row, user_name=user_name)


def _stored_entry(session: Session, row: DutyLogEntry) -> DutyEntry:
    return _entry(row, _user(session, row.user_id).display_name)


def _apply_room_hours(row: RoomOpening, draft: RoomHoursDraft) -> RoomOpening:
    row.day = draft.day
    row.opens_at = datetime.combine(draft.day, draft.opens_at)
    row.closes_at = datetime.combine(draft.day, draft.closes_at)
    row.staff = draft.staff
    row.notes = draft.notes
    return row


def _room_hours(row: RoomOpening) -> RoomHoursEntry:
    return from_row(RoomHoursEntry, row, opens_at=row.opens_at.time(), closes_at=row.closes_at.time())
