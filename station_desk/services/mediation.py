"""Mediation (调解): register cases with a gap-free number, parties, sessions, outcome, return
visits, closing; lists, statistics, the register and the documents.

One public method is one unit of work. Creating and changing records is audited by the audit
hook; printing and exporting are audited by `record_print`. Every write needs EDIT_RECORDS;
every role may read; the number pattern and the time limits are settings (MANAGE_SETTINGS).

Case numbers: `register_case` takes the next sequence number of the year the case was
received from `mediation_case_counters` in the same transaction as the case (every
transaction starts with BEGIN IMMEDIATE, so two saves never read the same counter). A failed
save rolls the counter back with the case, so no number is lost; a deleted case keeps its
number (it is only hidden) and gets it back when restored; the counter never goes down, so a
number is never issued twice. The number is not renumbered when the date received is
corrected later.

"Today" is the local date of `now()` (injectable for tests).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy import text as sql_text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from station_desk.db.database import Database
from station_desk.db.engine import CACHE_KIB
from station_desk.db.models import (
    MediationCase,
    MediationCaseCounter,
    MediationParty,
    MediationReturnVisit,
    MediationSession,
    MediationStatement,
)
from station_desk.db.records import (
    chosen,
    chunks,
    entry_row,
    fill,
    get_live,
    get_record,
    in_order_of,
    live,
    lock_for_writing,
    on_days,
    soft_delete,
    sync_rows,
)
from station_desk.domain.accounts import SYSTEM, Principal
from station_desk.domain.ids import new_id
from station_desk.domain.mediation import (
    DEFAULT_CASE_NUMBER_PATTERN,
    OPEN_STATUSES,
    PARTIES,
    STATEMENTS,
    CaseClosedError,
    CaseDetail,
    CaseDraft,
    CaseOutcome,
    CaseQuery,
    CaseSource,
    CaseStatus,
    CaseSummary,
    CaseUpdate,
    DisputeType,
    IncompleteCaseError,
    MediationCounters,
    MediationDocument,
    MediationKind,
    MediationLimits,
    MediationRowError,
    MediationSettings,
    MediationStatistics,
    OutcomeEntry,
    PartyEntry,
    PartyKind,
    PartyRole,
    PerformanceStatus,
    RegisterParty,
    RegisterRow,
    ReturnVisitEntry,
    Satisfaction,
    SessionEntry,
    StatementEntry,
    check_transition,
    days_left,
    format_case_number,
    is_overdue,
    is_visit_due,
    return_visit_due,
    validated_committee_name,
    validated_draft,
    validated_outcome,
    validated_pattern,
    validated_performance_note,
    validated_reason,
    validated_session,
    validated_update,
    validated_visit,
)
from station_desk.domain.pinyin import normalise_query, search_keys
from station_desk.domain.records import from_row
from station_desk.domain.roles import Permission
from station_desk.domain.validators import parse_resident_id, to_half_width
from station_desk.errors import NotFoundError, ValidationError
from station_desk.i18n import _
from station_desk.services.base import ChunkedRows, RecordService, audit_output
from station_desk.services.contacts import like_pattern
from station_desk.services.holidays import (
    mark_years_applied,
    mark_years_edited,
    unapplied_years,
    with_official,
)
from station_desk.services.id_numbers import reveal_id_in
from station_desk.services.settings import get_flag, read_settings, set_flag

PATTERN_KEY = "mediation_case_number_pattern"
LIMITS_KEY = "mediation_limits"
COMMITTEE_KEY = "mediation_committee_name"
MAX_PARTY_NAMES = 200
DIRECT_LOOKUP = 5000  # party filters matching at most this many cases read them by id
_OPEN = [status.value for status in OPEN_STATUSES]


class MediationService(RecordService):
    # -- settings ------------------------------------------------------------------------
    def case_number_pattern(self, actor: Principal) -> str:
        with self.db.session(actor) as session:
            return stored_pattern(session)

    def set_case_number_pattern(self, actor: Principal, pattern: str) -> str:
        """Change the pattern of new case numbers (numbers already issued keep theirs)."""
        with self.changing(actor, "settings", Permission.MANAGE_SETTINGS) as session:
            pattern = validated_pattern(pattern)
            set_flag(session, PATTERN_KEY, pattern)
        return pattern

    def next_case_number(self, actor: Principal, year: int, pattern: str | None = None) -> str:
        """The number the next case received in `year` will get (not reserved: a preview);
        with `pattern` (validated first), the number it would get under that pattern."""
        pattern = None if pattern is None else validated_pattern(pattern)
        with self.db.session(actor) as session:
            return format_case_number(
                pattern or stored_pattern(session), year, last_case_seq(session, year) + 1
            )

    def limits(self, actor: Principal) -> MediationLimits:
        with self.db.session(actor) as session:
            return stored_limits(session)

    def set_limits(self, actor: Principal, limits: MediationLimits) -> MediationLimits:
        """Change the time limits and holidays; open cases' deadlines follow."""
        with self.changing(actor, "settings", Permission.MANAGE_SETTINGS) as session:
            limits = limits.validated()
            _store_limits(session, limits)
        return limits

    def follow_official_calendar(self) -> int:
        """At start-up: when the program ships official holiday years this room's open cases
        were not yet dated with, move their deadlines to the room's calendar (which now has
        those days, `stored_limits`); returns how many cases changed. Audited as the
        program's own change (user "system")."""
        with self.db.session(SYSTEM) as session:
            if not unapplied_years(session):
                return 0
            limits = stored_limits(session)
            open_cases = live(
                select(MediationCase).where(MediationCase.status.in_(_OPEN)), MediationCase
            )
            moved = 0
            for case in session.scalars(open_cases):
                due = limits.due_date(MediationKind(case.kind), case.received_on)
                if case.due_date != due:
                    case.due_date, moved = due, moved + 1
            mark_years_applied(session)
            return moved

    def settings(self, actor: Principal) -> MediationSettings:
        """The case number pattern and the limits with the holiday calendar, read together."""
        with self.db.session(actor) as session:
            return MediationSettings(
                stored_pattern(session), stored_limits(session), stored_committee(session)
            )

    def update_settings(self, actor: Principal, settings: MediationSettings) -> MediationSettings:
        """Store the pattern and the limits in one unit of work (both validated first, so
        nothing is stored when either is wrong). The due dates of open cases and the next
        return visits of agreed cases are recomputed from their dates with the new limits."""
        with self.changing(actor, "settings", Permission.MANAGE_SETTINGS) as session:
            settings = MediationSettings(
                validated_pattern(settings.pattern),
                settings.limits.validated(),
                validated_committee_name(settings.committee_name),
            )
            set_flag(session, PATTERN_KEY, settings.pattern)
            set_flag(session, COMMITTEE_KEY, settings.committee_name)
            _store_limits(session, settings.limits)
        return settings

    # -- registering and editing -----------------------------------------------------------
    def register_case(self, actor: Principal, draft: CaseDraft) -> CaseDetail:
        """Register a case and issue its number (gap-free per year, never reused)."""
        with self.changing(actor, "mediation_case") as session:
            draft = validated_draft(draft, self.today())
            case = register_case_in(session, actor, draft)
            return _detail(session, case)

    def update_case(self, actor: Principal, update: CaseUpdate) -> CaseDetail:
        """Save the edited registration and parties in one go (the number never changes)."""
        with self.changing(actor, "mediation_case") as session:
            update = validated_update(update, self.today())
            limits = stored_limits(session)
            case = _editable(session, update.id)
            _check_dates_after(session, case, update.received_on)
            _apply_registration(case, update, actor, limits)
            _sync_parties(session, case, update.parties)
            session.flush()
            return _detail(session, case, limits)

    def delete_case(self, actor: Principal, case_id: str) -> None:
        """Hide a case (restorable; it keeps its number). A closed case cannot be deleted."""
        with self.changing(actor, "mediation_case") as session:
            soft_delete(session, _editable(session, case_id))

    def restore_case(self, actor: Principal, case_id: str) -> CaseDetail:
        return self.restore_record(actor, MediationCase, case_id, "mediation_case", _detail)

    # -- sessions ------------------------------------------------------------------------
    def save_session(self, actor: Principal, case_id: str, entry: SessionEntry) -> CaseDetail:
        """Add a session (`entry.id` None) or change one, with its statements; the first
        session puts a registered case in mediation. An empty place is the room's name."""
        with self.changing(actor, "mediation_session") as session:
            case = _editable(session, case_id)
            entry = validated_session(entry, case.received_on)
            parties = {p.id: p for p in _rows(session, MediationParty, "case_id", case.id)}
            row = entry_row(session, MediationSession, entry.id, case_id=case.id)
            fill(row, entry, "starts_at", "ends_at", "mediators", "recorder", "participants")
            fill(row, entry, "rights_explained", "facts_checked", "result")
            row.place = entry.place or read_settings(session).room_name
            session.flush()
            _sync_statements(session, row.id, entry.statements, parties)
            if case.status == CaseStatus.REGISTERED.value:
                case.status = CaseStatus.IN_MEDIATION.value
            session.flush()
            return _detail(session, case)

    def delete_session(self, actor: Principal, session_id: str) -> CaseDetail:
        """Remove a session (restorable from the audit trail); a case left without sessions
        while in mediation goes back to registered."""
        with self.changing(actor, "mediation_session") as session:
            row = get_live(session, MediationSession, session_id)
            case = _editable(session, row.case_id)
            for statement in _rows(session, MediationStatement, "session_id", row.id):
                soft_delete(session, statement)
            soft_delete(session, row)
            session.flush()
            left = _rows(session, MediationSession, "case_id", case.id)
            if not left and case.status == CaseStatus.IN_MEDIATION.value:
                case.status = CaseStatus.REGISTERED.value
            session.flush()
            return _detail(session, case)

    # -- outcome, performance, return visits, closing -----------------------------------------
    def record_outcome(self, actor: Principal, case_id: str, outcome: OutcomeEntry) -> CaseDetail:
        """Record (or correct) the outcome: agreement, no agreement, termination, referral."""
        with self.changing(actor, "mediation_case") as session:
            limits = stored_limits(session)
            case = _editable(session, case_id)
            entry = validated_outcome(outcome, case.received_on, self.today())
            new_status = entry.outcome.status
            if case.status != new_status.value:
                check_transition(CaseStatus(case.status), new_status)
            _check_visits_after(session, case, entry)
            _apply_outcome(case, entry)
            case.status = new_status.value
            if entry.is_agreement:
                case.performance_status = case.performance_status or PerformanceStatus.PENDING.value
            else:
                case.performance_status = None
                case.performance_note = ""
            _refresh_visit_due(session, case, limits)
            session.flush()
            return _detail(session, case, limits)

    def reopen(self, actor: Principal, case_id: str) -> CaseDetail:
        """Take back the outcome of a case not yet closed: it is mediated again (or registered,
        when it has no session). The audit trail keeps the outcome that was recorded."""
        with self.changing(actor, "mediation_case") as session:
            limits = stored_limits(session)
            case = _editable(session, case_id)
            if not CaseStatus(case.status).is_concluded:
                raise ValidationError("status", _("This case has no outcome to take back."))
            check_transition(CaseStatus(case.status), CaseStatus.IN_MEDIATION)
            has_sessions = bool(_rows(session, MediationSession, "case_id", case.id))
            case.status = (CaseStatus.IN_MEDIATION if has_sessions else CaseStatus.REGISTERED).value
            _apply_outcome(case, None)
            case.performance_status = None
            case.performance_note = ""
            case.due_date = limits.due_date(MediationKind(case.kind), case.received_on)
            _refresh_visit_due(session, case, limits)
            session.flush()
            return _detail(session, case, limits)

    def set_performance(
        self, actor: Principal, case_id: str, status: PerformanceStatus, note: str = ""
    ) -> CaseDetail:
        """Whether the agreement is carried out (履行情况), with a note."""
        with self.changing(actor, "mediation_case") as session:
            status = PerformanceStatus(status)
            note = validated_performance_note(note)
            case = _editable(session, case_id)
            if case.outcome != CaseOutcome.AGREEMENT.value:
                raise ValidationError(
                    "performance_status", _("Performance is recorded for an agreement; this case has none.")
                )
            case.performance_status = status.value
            case.performance_note = note
            session.flush()
            return _detail(session, case)

    def save_return_visit(
        self, actor: Principal, case_id: str, visit: ReturnVisitEntry
    ) -> CaseDetail:
        """Add (`visit.id` None) or change a return visit; not before the agreement."""
        with self.changing(actor, "mediation_return_visit") as session:
            limits = stored_limits(session)
            case = _editable(session, case_id)
            if case.outcome != CaseOutcome.AGREEMENT.value or case.concluded_on is None:
                raise ValidationError(
                    "visit_date", _("Return visits follow an agreement; this case has none yet.")
                )
            entry = validated_visit(visit, case.concluded_on, self.today())
            row = entry_row(session, MediationReturnVisit, entry.id, case_id=case.id)
            fill(row, entry, "visit_date", "method", "findings", "satisfaction", "next_due")
            row.visitor = entry.visitor or actor.display_name
            session.flush()
            _refresh_visit_due(session, case, limits)
            session.flush()
            return _detail(session, case, limits)

    def delete_return_visit(self, actor: Principal, visit_id: str) -> CaseDetail:
        with self.changing(actor, "mediation_return_visit") as session:
            limits = stored_limits(session)
            row = get_live(session, MediationReturnVisit, visit_id)
            case = _editable(session, row.case_id)
            soft_delete(session, row)
            session.flush()
            _refresh_visit_due(session, case, limits)
            session.flush()
            return _detail(session, case, limits)

    def close_case(
        self, actor: Principal, case_id: str, confirm_incomplete_reason: str | None = None
    ) -> CaseDetail:
        """Close a case that has an outcome. When the case file lacks a required item it
        refuses (`IncompleteCaseError`, listing them) unless a reason is given, which is kept
        with the case."""
        with self.changing(actor, "mediation_case") as session:
            limits = stored_limits(session)
            case = _editable(session, case_id)
            check_transition(CaseStatus(case.status), CaseStatus.CLOSED)
            missing = _detail(session, case, limits).missing_items
            reason = ""
            if missing:
                if not (confirm_incomplete_reason or "").strip():
                    raise IncompleteCaseError(missing)
                reason = validated_reason(confirm_incomplete_reason)
            case.status = CaseStatus.CLOSED.value
            case.closed_on = self.today()
            case.closed_incomplete_reason = reason
            case.return_visit_due = None
            session.flush()
            return _detail(session, case, limits)

    def record_print(
        self,
        actor: Principal,
        case_id: str | None,
        document: MediationDocument | str,
        how: str,
        target: str,
        details: Mapping[str, object] | None = None,
    ) -> None:
        """Audit that a document was printed (`how="print"`, the printer as `target`) or saved
        (`how="save"`, the path). The register has no case: pass None and put the period in
        `details` (e.g. {"from": ..., "to": ..., "full_ids": False}). The spreadsheet is an
        export of personal data and needs EXPORT; the PDFs need PRINT."""
        document = MediationDocument(document)
        audit_output(
            self.db, actor, document, how, target,
            what="mediation_case",
            export=document is MediationDocument.REGISTER_XLSX,
            record_type="mediation_case" if case_id else "mediation_register",
            record_id=case_id or "",
            details=details,
            described=None if case_id is None else lambda session: {
                "case_number": get_record(session, MediationCase, case_id).case_number
            },
        )

    def reveal_party_id(self, actor: Principal, party_id: str, why: str = "show") -> str:
        """The full ID number of one party, which screens show masked: audited (VIEW_ID,
        with the case number and `why`: "show" from the parties tab, "edit" to change it)."""
        with self.db.session(actor) as session:
            party = session.get(MediationParty, party_id)
            if party is None:
                raise NotFoundError(_("The record no longer exists (it may have been deleted)."))
            case = get_record(session, MediationCase, party.case_id)
            return reveal_id_in(
                session, "mediation_party", party.id, party.resident_id,
                {"case_number": case.case_number, "name": party.name}, why,
            )

    # -- reading -------------------------------------------------------------------------
    def get(self, actor: Principal, case_id: str) -> CaseDetail:
        """Everything about one case (a deleted one too, with `deleted_at` set)."""
        return self.read_record(actor, MediationCase, case_id, _detail)

    def get_session(self, actor: Principal, session_id: str) -> tuple[CaseDetail, SessionEntry]:
        """A session with the case it belongs to (what the mediation record prints)."""
        with self.db.session(actor) as session:
            row = get_live(session, MediationSession, session_id)
            detail = _detail(session, get_record(session, MediationCase, row.case_id))
        found = detail.session(session_id)
        if found is None:  # pragma: no cover - the session was read in the same transaction
            raise NotFoundError(_("The record no longer exists (it may have been deleted)."))
        return detail, found

    def list_cases(self, actor: Principal, query: CaseQuery) -> list[CaseSummary]:
        """Cases matching the filters, newest first (only the list's columns are read).

        Party filters (name, pinyin, ID number) first collect the matching cases from the
        parties; when they are few (the usual search for a person) those cases are read by
        id and filtered here, otherwise the list is read in date order with a subquery.
        """
        today = self.today()
        with self.db.session(actor) as session:
            few, many = _party_matches(session, query)
            if few is not None:
                return _filter_few(session, few, query, today)
            stmt = _list_select(query, today)
            for condition in many:
                stmt = stmt.where(MediationCase.id.in_(select(MediationParty.case_id).where(condition)))
            return [_summary(row, today) for row in session.execute(stmt.limit(query.limit))]

    def earlier_cases(
        self, actor: Principal, resident_id: str, exclude_case_id: str | None = None
    ) -> list[CaseSummary]:
        """The live cases in which the holder of this ID number is a party, newest first."""
        today = self.today()
        number = parse_resident_id(resident_id, today=today).number
        with self.db.session(actor) as session:
            ids = set(_cases_with_id_number(session, number)) - {exclude_case_id}
            return _filter_few(session, ids, CaseQuery(limit=len(ids)), today)

    def statistics(self, actor: Principal, date_from: date, date_to: date) -> MediationStatistics:
        """Counts by type, kind, source and outcome of the cases received in the period, and
        the success rate (agreements / cases with an outcome)."""
        if date_to < date_from:
            raise ValidationError("date_to", _("The end of the period is before its start."))
        stmt = (
            select(
                MediationCase.dispute_type,
                MediationCase.kind,
                MediationCase.source,
                MediationCase.outcome,
                func.count(),
            )
            .where(
                MediationCase.deleted_at.is_(None),
                MediationCase.received_on >= date_from,
                MediationCase.received_on <= date_to,
            )
            .group_by(
                MediationCase.dispute_type, MediationCase.kind, MediationCase.source, MediationCase.outcome
            )
        )
        by_type = dict.fromkeys(DisputeType, 0)
        by_kind = dict.fromkeys(MediationKind, 0)
        by_source = dict.fromkeys(CaseSource, 0)
        by_outcome = dict.fromkeys(CaseOutcome, 0)
        pending = 0
        with self.db.session(actor) as session:
            for dispute_type, kind, source, outcome, count in session.execute(stmt):
                by_type[DisputeType(dispute_type)] += count
                by_kind[MediationKind(kind)] += count
                by_source[CaseSource(source)] += count
                if outcome is None:
                    pending += count
                else:
                    by_outcome[CaseOutcome(outcome)] += count
        concluded = sum(by_outcome.values())
        agreements = by_outcome[CaseOutcome.AGREEMENT]
        return MediationStatistics(
            date_from=date_from,
            date_to=date_to,
            total=concluded + pending,
            by_type=by_type,
            by_kind=by_kind,
            by_source=by_source,
            by_outcome=by_outcome,
            pending=pending,
            concluded=concluded,
            agreements=agreements,
            success_rate=agreements / concluded if concluded else None,
        )

    def register_source(self, actor: Principal, date_from: date, date_to: date) -> RegisterRows:
        """The case register (调解台账) of the cases received in the period, oldest first,
        with every party's full ID number (the documents mask them); read when used,
        `REGISTER_CHUNK` cases at a time: a register of a year's 30,000 cases holds their
        ids, not their rows (about 40 MB)."""
        if date_to < date_from:
            raise ValidationError("date_to", _("The end of the period is before its start."))
        case = MediationCase
        columns: list[Any] = [case.id, case.outcome]
        stmt = (
            live(select(*columns), MediationCase)
            .where(case.received_on >= date_from, case.received_on <= date_to)
            .order_by(case.received_on, case.case_year, case.case_seq)
        )
        with self.db.session(actor) as session, _small_cache(session):
            found = session.execute(stmt).all()
        outcomes = Counter(CaseOutcome(outcome) if outcome else None for _id, outcome in found)
        return RegisterRows(self.db, actor, [case_id for case_id, _outcome in found], outcomes)

    def counters(self, actor: Principal, today: date | None = None) -> MediationCounters:
        """Open cases (not closed), overdue cases and return visits due, for the home page."""
        day = today or self.today()
        base = select(func.count()).select_from(MediationCase).where(MediationCase.deleted_at.is_(None))
        with self.db.session(actor) as session:
            open_cases = session.scalar(base.where(MediationCase.status != CaseStatus.CLOSED.value))
            overdue = session.scalar(
                base.where(MediationCase.status.in_(_OPEN), MediationCase.due_date < day)
            )
            visits = session.scalar(
                base.where(
                    MediationCase.status != CaseStatus.CLOSED.value,
                    MediationCase.return_visit_due <= day,
                )
            )
        return MediationCounters(open_cases or 0, overdue or 0, visits or 0)

    # -- documents (previews: not audited; see record_print) ----------------------------------
    def agreement_pdf(
        self, actor: Principal, case_id: str, language: str, show_full_ids: bool = True
    ) -> bytes:
        """The mediation agreement (调解协议书) of a case with an agreement, as PDF bytes.
        The parties sign and keep it, so it carries the full ID numbers unless asked not to
        (`record_print` audits which)."""
        from station_desk.reports.mediation import MediationAgreement

        case = self.get(actor, case_id)
        if case.agreement is None:
            raise ValidationError("outcome", _("This case has no agreement to print."))
        with self.db.session(actor) as session:
            committee = stored_committee(session)
        context = self.document_context(actor, language, show_full_ids)
        return MediationAgreement(context, case, committee).generate()

    def record_pdf(
        self, actor: Principal, session_id: str, language: str, show_full_ids: bool = True
    ) -> bytes:
        """The record (调解笔录) of one session, as PDF bytes; signed by the parties, it
        carries the full ID numbers unless asked not to."""
        from station_desk.reports.mediation import MediationRecord

        case, entry = self.get_session(actor, session_id)
        return MediationRecord(self.document_context(actor, language, show_full_ids), case, entry).generate()

    def register_pdf(
        self, actor: Principal, date_from: date, date_to: date, language: str,
        show_full_ids: bool = False,
    ) -> bytes:
        """The case register (调解台账) of a period as an A4 landscape PDF (IDs masked)."""
        from station_desk.reports.mediation import MediationRegister

        rows = self.register_source(actor, date_from, date_to)
        context = self.document_context(actor, language, show_full_ids)
        return MediationRegister(context, rows, date_from, date_to, rows.outcomes).generate()

    def register_xlsx(
        self, actor: Principal, date_from: date, date_to: date, language: str,
        show_full_ids: bool = False,
    ) -> bytes:
        """The case register of a period as an .xlsx workbook (IDs masked by default)."""
        from station_desk.reports.mediation import register_workbook

        rows = self.register_source(actor, date_from, date_to)
        return register_workbook(self.document_context(actor, language, show_full_ids), rows, date_from, date_to)


def register_case_in(session: Session, actor: Principal, draft: CaseDraft) -> MediationCase:
    """Register a validated case within `session` (one unit of work with the caller's own
    changes: the reception log makes a case of a 纠纷 entry and links it in the same go)."""
    limits = stored_limits(session)
    year = draft.received_on.year
    seq = last_case_seq(session, year) + 1
    counter = session.get(MediationCaseCounter, year)
    if counter is None:
        session.add(MediationCaseCounter(year=year, last_seq=seq))
    else:
        counter.last_seq = seq
    case = MediationCase(
        id=new_id(),
        case_year=year,
        case_seq=seq,
        case_number=format_case_number(stored_pattern(session), year, seq),
        status=CaseStatus.REGISTERED.value,
        facts="",
        notes="",
    )
    _apply_registration(case, draft, actor, limits)
    session.add(case)
    _flush_number(session)
    _sync_parties(session, case, draft.parties)
    session.flush()
    return case


# --- settings helpers --------------------------------------------------------------------


def stored_pattern(session: Session) -> str:
    stored = get_flag(session, PATTERN_KEY, None)
    return stored if isinstance(stored, str) and stored else DEFAULT_CASE_NUMBER_PATTERN


def stored_committee(session: Session) -> str:
    stored = get_flag(session, COMMITTEE_KEY, None)
    return stored if isinstance(stored, str) else ""


def stored_limits(session: Session) -> MediationLimits:
    """The limits with the room's holiday calendar, which includes the official holidays and
    调休 working days of every shipped year the administrator has not edited yet."""
    limits = MediationLimits.from_json(get_flag(session, LIMITS_KEY, None))
    holidays, workdays = with_official(session, limits.holidays, limits.extra_workdays)
    return replace(limits, holidays=holidays, extra_workdays=workdays)


def _store_limits(session: Session, limits: MediationLimits) -> None:
    """Store validated limits and move the deadlines that follow them: open cases' due
    dates, agreed cases' next return visit (closed cases keep theirs) and the reply
    deadlines of open opinions (over the same holiday calendar). The calendar
    saved is the administrator's: the shipped official years count as edited."""
    set_flag(session, LIMITS_KEY, limits.to_json())
    mark_years_edited(session)
    open_cases = live(select(MediationCase).where(MediationCase.status.in_(_OPEN)), MediationCase)
    for case in session.scalars(open_cases):
        case.due_date = limits.due_date(MediationKind(case.kind), case.received_on)
    agreed = select(MediationCase).where(MediationCase.status == CaseStatus.AGREEMENT.value)
    for case in session.scalars(live(agreed, MediationCase)):
        _refresh_visit_due(session, case, limits)
    from station_desk.services.opinions import follow_calendar_in  # it reads these limits

    follow_calendar_in(session)  # the opinions' reply deadlines count the same working days


def last_case_seq(session: Session, year: int) -> int:
    """The last sequence number issued in `year` (the counter, or the highest number on a
    case should the counter be behind, e.g. after an import)."""
    lock_for_writing(session, "mediation_case_counters")
    counter = session.get(MediationCaseCounter, year)
    highest = session.scalar(
        select(func.max(MediationCase.case_seq)).where(MediationCase.case_year == year)
    )
    return max(counter.last_seq if counter else 0, highest or 0)


def _flush_number(session: Session) -> None:
    try:
        session.flush()
    except IntegrityError as exc:
        raise ValidationError(
            "case_number",
            _("The case number pattern gives a number that is already used; change the pattern."),
        ) from exc


# --- reading helpers ---------------------------------------------------------------------

_SUMMARY_COLUMNS = (
    MediationCase.id,
    MediationCase.case_number,
    MediationCase.received_on,
    MediationCase.source,
    MediationCase.dispute_type,
    MediationCase.kind,
    MediationCase.title,
    MediationCase.party_names,
    MediationCase.officer,
    MediationCase.status,
    MediationCase.outcome,
    MediationCase.due_date,
    MediationCase.return_visit_due,
    MediationCase.deleted_at,
)
_NEWEST_FIRST = (
    MediationCase.received_on.desc(),
    MediationCase.case_year.desc(),
    MediationCase.case_seq.desc(),
)


def _list_select(query: CaseQuery, today: date) -> Select[*tuple[Any, ...]]:
    stmt: Select[*tuple[Any, ...]] = select(*_SUMMARY_COLUMNS).order_by(*_NEWEST_FIRST)
    if not query.include_deleted:
        stmt = stmt.where(MediationCase.deleted_at.is_(None))
    stmt = stmt.where(*chosen(MediationCase.status, CaseStatus, query.status))
    stmt = stmt.where(*chosen(MediationCase.dispute_type, DisputeType, query.dispute_type))
    stmt = stmt.where(*chosen(MediationCase.kind, MediationKind, query.kind))
    stmt = stmt.where(*on_days(MediationCase.received_on, query.date_from, query.date_to))
    if query.overdue_only:
        stmt = stmt.where(MediationCase.status.in_(_OPEN), MediationCase.due_date < today)
    if query.visit_due_only:
        stmt = stmt.where(
            MediationCase.status != CaseStatus.CLOSED.value, MediationCase.return_visit_due <= today
        )
    if query.open_only:
        stmt = stmt.where(MediationCase.status != CaseStatus.CLOSED.value)
    return stmt


def _party_conditions(query: CaseQuery) -> Iterator[ColumnElement[bool]]:
    """Conditions on one live party each: name / pinyin / initials; the ID number (whole, or
    a part of it such as the last digits)."""
    alive = MediationParty.deleted_at.is_(None)
    wanted = normalise_query(query.party or "")
    if wanted:
        yield alive & MediationParty.search_keys.like(like_pattern(wanted), escape="\\")
    number = "".join(to_half_width(query.resident_id or "").split()).upper()
    if number:
        try:
            full = parse_resident_id(number).number
        except ValidationError:
            yield alive & MediationParty.resident_id.like(like_pattern(number), escape="\\")
        else:
            yield alive & (MediationParty.resident_id == full)


def _party_matches(
    session: Session, query: CaseQuery
) -> tuple[set[str] | None, list[ColumnElement[bool]]]:
    """(the ids of the cases matching every party filter when there are at most
    DIRECT_LOOKUP of them, else None; the conditions left for a subquery).
    (None, []) when the query has no party filter."""
    few: set[str] | None = None
    many: list[ColumnElement[bool]] = []
    for condition in _party_conditions(query):
        found = session.scalars(
            select(MediationParty.case_id).where(condition).distinct().limit(DIRECT_LOOKUP + 1)
        ).all()
        if len(found) > DIRECT_LOOKUP:
            many.append(condition)
        else:
            few = set(found) if few is None else few & set(found)
    if few is not None:
        for condition in many:  # a common name together with a rarer filter
            few = {
                case_id
                for chunk in chunks(sorted(few))
                for case_id in session.scalars(
                    select(MediationParty.case_id).where(condition, MediationParty.case_id.in_(chunk))
                )
            }
        many = []
    return few, many


def _filter_few(session: Session, ids: set[str], query: CaseQuery, today: date) -> list[CaseSummary]:
    """The cases among `ids` that pass the other filters, ordered as the SQL list is.

    Read by primary key only: without table statistics SQLite would rather walk a status or
    deleted_at index over every case than look up a few hundred ids.
    """
    rows = [
        row
        for chunk in chunks(sorted(ids))
        for row in session.execute(
            select(*_SUMMARY_COLUMNS, MediationCase.case_year, MediationCase.case_seq).where(
                MediationCase.id.in_(chunk)
            )
        )
    ]
    rows.sort(key=lambda row: (row.received_on, row.case_year, row.case_seq), reverse=True)
    found: list[CaseSummary] = []
    for row in rows:
        summary = _summary(row, today)
        if _passes(summary, query):
            found.append(summary)
            if len(found) >= query.limit:
                break
    return found


def _passes(row: CaseSummary, query: CaseQuery) -> bool:
    """The filters of `_list_select` other than the party ones, on one summary row."""
    return all((
        query.include_deleted or not row.is_deleted,
        query.status is None or row.status is CaseStatus(query.status),
        query.dispute_type is None or row.dispute_type is DisputeType(query.dispute_type),
        query.kind is None or row.kind is MediationKind(query.kind),
        query.date_from is None or row.received_on >= query.date_from,
        query.date_to is None or row.received_on <= query.date_to,
        not query.overdue_only or row.overdue,
        not query.visit_due_only or row.visit_due,
        not query.open_only or row.status is not CaseStatus.CLOSED,
    ))


def _cases_with_id_number(session: Session, number: str) -> list[str]:
    stmt = select(MediationParty.case_id).where(
        MediationParty.resident_id == number, MediationParty.deleted_at.is_(None)
    )
    return sorted(set(session.scalars(stmt)))


def _summary(row: Any, today: date) -> CaseSummary:
    status = CaseStatus(row.status)
    return from_row(
        CaseSummary,
        row,
        status=status,
        days_left=days_left(status, row.due_date, today),
        overdue=is_overdue(status, row.due_date, today),
        visit_due=is_visit_due(status, row.return_visit_due, today),
    )


def _editable(session: Session, case_id: str) -> MediationCase:
    case = get_live(session, MediationCase, case_id)
    if case.status == CaseStatus.CLOSED.value:
        raise CaseClosedError()
    return case


def _rows(session: Session, model: Any, key: str, value: str) -> list[Any]:
    column = getattr(model, key)
    stmt = live(select(model).where(column == value), model)
    if hasattr(model, "position"):
        stmt = stmt.order_by(model.position, model.id)
    elif model is MediationSession:
        stmt = stmt.order_by(MediationSession.starts_at, MediationSession.id)
    elif model is MediationReturnVisit:
        stmt = stmt.order_by(MediationReturnVisit.visit_date, MediationReturnVisit.id)
    return list(session.scalars(stmt))


def _detail(
    session: Session, case: MediationCase, limits: MediationLimits | None = None
) -> CaseDetail:
    """The case as the editor shows it (with the stored time limits unless `limits`)."""
    limits = stored_limits(session) if limits is None else limits
    sessions = _rows(session, MediationSession, "case_id", case.id)
    statements = _statements_of(session, [row.id for row in sessions])
    return from_row(
        CaseDetail,
        case,
        parties=tuple(_party_entry(p) for p in _rows(session, MediationParty, "case_id", case.id)),
        sessions=tuple(_session_entry(s, statements.get(s.id, [])) for s in sessions),
        outcome=_outcome_entry(case),
        return_visits=tuple(
            _visit_entry(v) for v in _rows(session, MediationReturnVisit, "case_id", case.id)
        ),
        confirmation_due=limits.confirmation_due(MediationKind(case.kind), _outcome_entry(case)),
    )


def _party_entry(row: MediationParty) -> PartyEntry:
    return from_row(
        PartyEntry,
        row,
        resident_id=row.resident_id or "",
    )


def _session_entry(row: MediationSession, statements: list[MediationStatement]) -> SessionEntry:
    return from_row(
        SessionEntry,
        row,
        statements=tuple(from_row(StatementEntry, s) for s in statements),
    )


def _outcome_entry(case: MediationCase) -> OutcomeEntry | None:
    if case.outcome is None or case.concluded_on is None:
        return None
    return from_row(
        OutcomeEntry, case, outcome=CaseOutcome(case.outcome), reason=case.outcome_reason
    )


def _visit_entry(row: MediationReturnVisit) -> ReturnVisitEntry:
    return from_row(
        ReturnVisitEntry,
        row,
    )


def _statements_of(session: Session, session_ids: Sequence[str]) -> dict[str, list[MediationStatement]]:
    found: dict[str, list[MediationStatement]] = {}
    for chunk in chunks(session_ids):
        stmt = live(
            select(MediationStatement).where(MediationStatement.session_id.in_(chunk)),
            MediationStatement,
        ).order_by(MediationStatement.position, MediationStatement.id)
        for row in session.scalars(stmt):
            found.setdefault(row.session_id, []).append(row)
    return found


def _parties_of(session: Session, case_ids: Sequence[str]) -> dict[str, list[RegisterParty]]:
    found: dict[str, list[RegisterParty]] = {}
    for chunk in chunks(case_ids):
        stmt = (
            select(MediationParty.case_id, MediationParty.name, MediationParty.role, MediationParty.resident_id)
            .where(MediationParty.case_id.in_(chunk), MediationParty.deleted_at.is_(None))
            .order_by(MediationParty.position, MediationParty.id)
        )
        for case_id, name, role, resident_id in session.execute(stmt):
            found.setdefault(case_id, []).append(RegisterParty(name, PartyRole(role), resident_id or ""))
    return found


def _visits_of(session: Session, case_ids: Sequence[str]) -> dict[str, list[tuple[date, str | None]]]:
    found: dict[str, list[tuple[date, str | None]]] = {}
    for chunk in chunks(case_ids):
        stmt = (
            select(MediationReturnVisit.case_id, MediationReturnVisit.visit_date, MediationReturnVisit.satisfaction)
            .where(MediationReturnVisit.case_id.in_(chunk), MediationReturnVisit.deleted_at.is_(None))
            .order_by(MediationReturnVisit.visit_date, MediationReturnVisit.id)
        )
        for case_id, visit_date, satisfaction in session.execute(stmt):
            found.setdefault(case_id, []).append((visit_date, satisfaction))
    return found


REGISTER_CACHE_KIB = 2048  # SQLite's page cache while reading them


@contextmanager
def _small_cache(session: Session) -> Iterator[None]:
    """SQLite's page cache kept small for reading a register: its pages are read once, and a
    full cache (`CACHE_KIB`) stayed resident beside the document made of them (the memory
    given back is rarely returned to the system)."""
    if session.get_bind().dialect.name != "sqlite":  # the station's server keeps its own
        yield
        return
    session.execute(sql_text(f"PRAGMA cache_size = -{REGISTER_CACHE_KIB}"))
    session.execute(sql_text("PRAGMA shrink_memory"))
    try:
        yield
    finally:
        session.execute(sql_text(f"PRAGMA cache_size = -{CACHE_KIB}"))


class RegisterRows(ChunkedRows[RegisterRow]):
    """The register's rows in order, read from the database `REGISTER_CHUNK` at a time when
    asked for (a document walks them a page at a time; the last chunk read is kept).
    `outcomes` counts the rows' outcomes (None: pending) for the totals."""

    def __init__(
        self, db: Database, actor: Principal, ids: list[str], outcomes: Counter[CaseOutcome | None]
    ) -> None:
        super().__init__(ids, self._read)
        self.db, self.actor, self.outcomes = db, actor, outcomes

    def _read(self, ids: list[str]) -> list[RegisterRow]:
        case = MediationCase
        columns: list[Any] = [
            case.id, case.case_number, case.received_on, case.source, case.dispute_type, case.kind,
            case.title, case.officer, case.status, case.outcome, case.concluded_on, case.terms,
            case.outcome_reason, case.referred_to, case.closed_on,
        ]  # plain rows, not whole cases
        with self.db.session(self.actor) as session, _small_cache(session):
            cases = in_order_of(ids, session.execute(select(*columns).where(case.id.in_(ids))))
            parties = _parties_of(session, ids)
            visits = _visits_of(session, ids)
        return [_register_row(c, parties.get(c.id, []), visits.get(c.id, [])) for c in cases]


def _register_row(
    case: Any, parties: list[RegisterParty], visits: list[tuple[date, str | None]]
) -> RegisterRow:
    """A register line from a case's columns (a row of `register_source`'s select)."""
    last = next((s for _d, s in reversed(visits) if s), None)
    result = case.terms if case.outcome == CaseOutcome.AGREEMENT.value else case.outcome_reason
    if case.outcome == CaseOutcome.REFERRED.value:
        result = "\n".join(part for part in (case.referred_to, case.outcome_reason) if part)
    return from_row(
        RegisterRow,
        case,
        parties=tuple(parties),
        result=result,
        return_visits=len(visits),
        last_satisfaction=Satisfaction(last) if last else None,
    )


# --- writing helpers ---------------------------------------------------------------------


def _apply_registration(
    case: MediationCase, draft: CaseDraft, actor: Principal, limits: MediationLimits
) -> None:
    fill(case, draft, "received_on", "source", "dispute_type", "kind", "title", "facts", "notes")
    case.officer = draft.officer or actor.display_name
    if case.status is None or CaseStatus(case.status).is_open or case.due_date is None:
        case.due_date = limits.due_date(draft.kind, draft.received_on)


def _check_dates_after(session: Session, case: MediationCase, received_on: date) -> None:
    """A corrected date received may not come after the case's sessions or outcome."""
    first = session.scalar(
        select(func.min(MediationSession.starts_at)).where(
            MediationSession.case_id == case.id, MediationSession.deleted_at.is_(None)
        )
    )
    if first is not None and first.date() < received_on:
        raise ValidationError(
            "received_on",
            _("A session of this case took place on {date}, before this date.").format(
                date=first.date().isoformat()
            ),
        )
    if case.concluded_on is not None and case.concluded_on < received_on:
        raise ValidationError(
            "received_on",
            _("The outcome of this case is dated {date}, before this date.").format(
                date=case.concluded_on.isoformat()
            ),
        )


def _check_visits_after(session: Session, case: MediationCase, entry: OutcomeEntry) -> None:
    """An agreement's date may not move after return visits already made."""
    if not entry.is_agreement:
        return
    first = session.scalar(
        select(func.min(MediationReturnVisit.visit_date)).where(
            MediationReturnVisit.case_id == case.id, MediationReturnVisit.deleted_at.is_(None)
        )
    )
    if first is not None and first < entry.concluded_on:
        raise ValidationError(
            "concluded_on",
            _("A return visit was made on {date}, before this date.").format(date=first.isoformat()),
        )


def _apply_outcome(case: MediationCase, entry: OutcomeEntry | None) -> None:
    case.outcome = entry.outcome.value if entry else None
    case.concluded_on = entry.concluded_on if entry else None
    case.matters_in_dispute = entry.matters_in_dispute if entry else ""
    case.responsibilities = entry.responsibilities if entry else ""
    case.terms = entry.terms if entry else ""
    case.performance_method = entry.performance_method if entry else ""
    case.perform_by = entry.perform_by if entry else None
    case.outcome_reason = entry.reason if entry else ""
    case.routes = entry.routes if entry else ""
    case.referred_to = entry.referred_to if entry else ""


def _refresh_visit_due(session: Session, case: MediationCase, limits: MediationLimits) -> None:
    visits = tuple(_visit_entry(v) for v in _rows(session, MediationReturnVisit, "case_id", case.id))
    case.return_visit_due = return_visit_due(
        limits, CaseStatus(case.status), _outcome_entry(case), visits
    )


def _sync_parties(session: Session, case: MediationCase, parties: Sequence[PartyEntry]) -> None:
    """Make the case's live parties equal to `parties` (matched by id)."""
    pairs = sync_rows(
        session,
        _rows(session, MediationParty, "case_id", case.id),
        parties,
        lambda: MediationParty(id=new_id(), case_id=case.id),
        lambda position: MediationRowError(PARTIES, position, "id", _stale_row_message()),
    )
    for entry, row in pairs:
        row.role = PartyRole(entry.role).value
        row.kind = PartyKind(entry.kind).value
        row.resident_id = entry.resident_id or None
        row.gender = entry.gender.value if entry.gender else None
        fill(row, entry, "name", "birth_date", "id_note", "phone", "address", "representative")
        fill(row, entry, "guardian_name", "guardian_relation", "guardian_phone")
        row.search_keys = search_keys(entry.name)
    case.party_names = party_names(p.name for p in parties)


def party_names(names: Iterable[str]) -> str:
    """The parties' names as the list shows them: 张三、李四 (cut to fit the column)."""
    text = "、".join(names)
    return text if len(text) <= MAX_PARTY_NAMES else text[: MAX_PARTY_NAMES - 1] + "…"


def _sync_statements(
    session: Session,
    session_id: str,
    statements: Sequence[StatementEntry],
    parties: Mapping[str, MediationParty],
) -> None:
    for position, entry in enumerate(statements):
        if entry.party_id and entry.party_id not in parties:
            raise MediationRowError(
                STATEMENTS, position, "party_id", _("This party is no longer part of the case.")
            )
    pairs = sync_rows(
        session,
        _rows(session, MediationStatement, "session_id", session_id),
        statements,
        lambda: MediationStatement(id=new_id(), session_id=session_id),
        lambda position: MediationRowError(STATEMENTS, position, "id", _stale_row_message()),
    )
    for entry, row in pairs:
        party = parties.get(entry.party_id or "")
        row.party_id = party.id if party else None
        row.speaker = party.name if party else entry.speaker
        row.text = entry.text


def _stale_row_message() -> str:
    return _("This row was changed elsewhere in the meantime; reopen the case and try again.")

