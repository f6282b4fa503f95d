"""The opinion register (群众意见建议登记, 件件有回音): register, reply, rate, close; the reply
deadlines; the figures (answered, on time, satisfied); the reply slip and the register.

Writing needs EDIT_RECORDS (auxiliary police may register and answer); the reply limits are a
setting (MANAGE_SETTINGS); every role may read. The deadline counts working days over the
room's holiday calendar (the one the mediation settings keep: 法定节假日 and 调休 days); the
deadlines of open opinions not set by hand follow that calendar when the administrator saves
it and, at start-up, when the program ships a new year of official holidays (an opinion of
early January dated before that year's holidays were known). The full ID number of a giver,
shown masked, is read with `reveal_id` (audited).
Printing needs PRINT, the register as .xlsx EXPORT; both are audited by `record_output`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import Session

from station_desk.db.models import ResidentOpinion
from station_desk.db.records import chosen, fill, get_live, get_record, in_order_of, live, on_days
from station_desk.domain.accounts import SYSTEM, Principal
from station_desk.domain.documents import OpinionDocument
from station_desk.domain.ids import new_id
from station_desk.domain.masking import mask_phone, mask_resident_id
from station_desk.domain.opinions import (
    LIMITS_KEY,
    Opinion,
    OpinionCategory,
    OpinionDraft,
    OpinionFigures,
    OpinionQuery,
    OpinionSatisfaction,
    OpinionStatus,
    OpinionSummary,
    RegisterRow,
    ReplyEntry,
    ReplyLimits,
    ReplyMethod,
    ReplyTiming,
    Urgency,
    is_overdue,
    opinion_number,
    opinion_status,
    validated_closure,
    validated_draft,
    validated_reply,
)
from station_desk.domain.records import from_row
from station_desk.domain.roles import Permission
from station_desk.domain.workdays import WorkCalendar
from station_desk.errors import ValidationError
from station_desk.i18n import _
from station_desk.services.base import ChunkedRows, RecordService, audit_output
from station_desk.services.contacts import like_pattern
from station_desk.services.guard import require
from station_desk.services.holidays import OPINION_YEARS_KEY, mark_years_applied, unapplied_years
from station_desk.services.id_numbers import reveal_id_in
from station_desk.services.mediation import stored_limits as mediation_limits
from station_desk.services.settings import get_flag, set_flag

WHAT = "resident_opinion"
MAX_REGISTER_DAYS = 3660


class OpinionService(RecordService):
    # -- settings ------------------------------------------------------------------------
    def limits(self, actor: Principal) -> ReplyLimits:
        with self.db.session(actor) as session:
            return stored_limits(session)

    def set_limits(self, actor: Principal, limits: ReplyLimits) -> ReplyLimits:
        """Change the working days to answer; open opinions whose deadline follows their
        urgency get the new one."""
        with self.changing(actor, "settings", Permission.MANAGE_SETTINGS) as session:
            limits = limits.validated()
            set_flag(session, LIMITS_KEY, limits.to_json())
            follow_calendar_in(session)
        return limits

    def follow_official_calendar(self) -> int:
        """At start-up: when the program ships official holiday years the open opinions'
        deadlines were not yet worked out with (an opinion received in January before that
        year's holidays shipped), their deadlines follow the room's calendar, which now has
        those days; returns how many moved. Audited as the program's own change."""
        with self.db.session(SYSTEM) as session:
            if not unapplied_years(session, OPINION_YEARS_KEY):
                return 0
            moved = follow_calendar_in(session)
            mark_years_applied(session, OPINION_YEARS_KEY)
            return moved

    def deadline(self, actor: Principal, urgency: Urgency, received_on: date) -> date:
        """The reply deadline an opinion of `urgency` received on `received_on` gets."""
        with self.db.session(actor) as session:
            return stored_limits(session).deadline(urgency, received_on, room_calendar(session))

    # -- writing -------------------------------------------------------------------------
    def register(self, actor: Principal, draft: OpinionDraft) -> Opinion:
        with self.changing(actor, WHAT) as session:
            row = add_opinion_in(session, draft, self.today(), handler=actor.display_name)
            return opinion_dto(row)

    def update(self, actor: Principal, opinion_id: str, draft: OpinionDraft) -> Opinion:
        """Correct the registration (the number stays; a deadline set by hand stays)."""
        with self.changing(actor, WHAT) as session:
            today = self.today()
            row = get_live(session, ResidentOpinion, opinion_id)
            if draft.due_on is None and row.due_set_by_hand:
                draft = replace(draft, due_on=row.due_on)  # a deadline set by hand stays
            is_new_due = draft.due_on is not None and draft.due_on != row.due_on
            draft = validated_draft(draft, today, is_new=is_new_due)
            if row.replied_on is not None and row.replied_on < draft.received_on:
                raise ValidationError(
                    "received_on", _("The opinion was answered before this day.")
                )
            _apply(session, row, draft)
            session.flush()
            return opinion_dto(row)

    def reply(self, actor: Principal, opinion_id: str, reply: ReplyEntry) -> Opinion:
        """Record (or correct) the reply; nothing is saved unless all of it is right."""
        with self.changing(actor, WHAT) as session:
            row = get_live(session, ResidentOpinion, opinion_id)
            reply = validated_reply(reply, row.received_on, self.today())
            if row.closed_on is not None and reply.replied_on > row.closed_on:
                raise ValidationError("replied_on", _("The opinion was closed before this day."))
            row.replied_on = reply.replied_on
            row.reply_method = reply.method.value
            row.reply_content = reply.content
            row.replied_by = reply.replied_by or actor.display_name
            row.satisfaction = None if reply.satisfaction is None else reply.satisfaction.value
            session.flush()
            return opinion_dto(row)

    def close(self, actor: Principal, opinion_id: str, closed_on: date, outcome: str = "") -> Opinion:
        """Close an answered opinion (办结), with what came of it."""
        with self.changing(actor, WHAT) as session:
            row = get_live(session, ResidentOpinion, opinion_id)
            row.outcome = validated_closure(closed_on, row.replied_on, self.today(), outcome)
            row.closed_on = closed_on
            session.flush()
            return opinion_dto(row)

    def reopen(self, actor: Principal, opinion_id: str) -> Opinion:
        with self.changing(actor, WHAT) as session:
            row = get_live(session, ResidentOpinion, opinion_id)
            row.closed_on = None
            session.flush()
            return opinion_dto(row)

    def delete(self, actor: Principal, opinion_id: str) -> None:
        self.delete_record(actor, ResidentOpinion, opinion_id, WHAT)

    def restore(self, actor: Principal, opinion_id: str) -> Opinion:
        return self.restore_record(
            actor, ResidentOpinion, opinion_id, WHAT, lambda _session, row: opinion_dto(row)
        )

    # -- reading -------------------------------------------------------------------------
    def reveal_id(self, actor: Principal, opinion_id: str, why: str = "show") -> str:
        """The full ID number of the opinion's giver, which the form shows masked: audited
        (VIEW_ID, with the opinion's number and `why`)."""
        with self.db.session(actor) as session:
            row = get_record(session, ResidentOpinion, opinion_id)
            return reveal_id_in(
                session, WHAT, row.id, row.resident_id,
                {"number": _number(row), "name": who_text(row)}, why,
            )

    def get(self, actor: Principal, opinion_id: str) -> Opinion:
        return self.read_record(
            actor, ResidentOpinion, opinion_id, lambda _session, row: opinion_dto(row)
        )

    def list_opinions(self, actor: Principal, query: OpinionQuery | None = None) -> list[OpinionSummary]:
        """The opinions matching `query`, newest first (at most `query.limit`)."""
        query = query or OpinionQuery()
        today = self.today()
        with self.db.session(actor) as session:
            stmt = _filtered(select(ResidentOpinion), query, today).limit(query.limit)
            return [_summary(row, today) for row in session.scalars(stmt)]

    def figures(self, actor: Principal, start: date, end: date) -> OpinionFigures:
        """The opinions received from `start` to `end` (inclusive): how many, answered,
        answered on time, rated, satisfied (满意 and 基本满意), closed, and still open past
        their deadline (as of today)."""
        today = self.today()
        model = ResidentOpinion
        satisfied = (OpinionSatisfaction.SATISFIED.value, OpinionSatisfaction.FAIRLY.value)

        def count(condition: Any) -> Any:
            return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

        totals = select(
            func.count(),
            func.count(model.replied_on),
            count(model.replied_on <= model.due_on),
            func.count(model.satisfaction),
            count(model.satisfaction.in_(satisfied)),
            func.count(model.closed_on),
            count(and_(model.replied_on.is_(None), model.due_on < today)),
        )
        stmt = _filtered(totals, OpinionQuery(date_from=start, date_to=end), today).order_by(None)
        with self.db.session(actor) as session:
            row = session.execute(stmt).one()
        received, answered, on_time, rated, content, closed, overdue = (int(n) for n in row)
        return OpinionFigures(
            start, end, received=received, answered=answered, answered_on_time=on_time,
            rated=rated, satisfied=content, closed=closed, open_overdue=overdue,
        )

    def due_counts(self, actor: Principal, today: date | None = None) -> tuple[int, int]:
        """(overdue, due today) among the live opinions not yet answered."""
        day = today or self.today()
        with self.db.session(actor) as session:
            base = live(select(func.count()).select_from(ResidentOpinion), ResidentOpinion).where(
                ResidentOpinion.replied_on.is_(None)
            )
            overdue = session.scalar(base.where(ResidentOpinion.due_on < day)) or 0
            due_today = session.scalar(base.where(ResidentOpinion.due_on == day)) or 0
        return overdue, due_today

    def register_source(self, actor: Principal, start: date, end: date) -> ChunkedRows[RegisterRow]:
        """The register's rows: the live opinions received in the period, oldest first;
        phones and ID numbers masked. Read `REGISTER_CHUNK` at a time when used: a register
        of a year (the station's, of every room) holds the opinions' ids, not their rows."""
        if end < start:
            raise ValidationError("date_to", _("The end of the period is before its start."))
        if (end - start).days > MAX_REGISTER_DAYS:
            raise ValidationError("date_to", _("Choose a period of at most ten years."))
        model = ResidentOpinion
        stmt = _filtered(select(model.id), OpinionQuery(date_from=start, date_to=end), start)
        stmt = stmt.order_by(None).order_by(model.received_on, model.year, model.seq)
        with self.db.session(actor) as session:
            ids = list(session.scalars(stmt))

        def read(chunk: list[str]) -> list[RegisterRow]:
            with self.db.session(actor) as session:
                found = session.scalars(select(model).where(model.id.in_(chunk)))
                return [_register_row(row) for row in in_order_of(chunk, found)]

        return ChunkedRows(ids, read)

    # -- documents -----------------------------------------------------------------------
    def reply_slip_pdf(self, actor: Principal, opinion_id: str, language: str = "") -> bytes:
        """意见回复单: the opinion and its reply, to hand or post to the resident."""
        from station_desk.reports.opinions import ReplySlip

        require(self.db, actor, Permission.PRINT, WHAT)
        opinion = self.get(actor, opinion_id)
        return ReplySlip(self.document_context(actor, language), opinion).generate()

    def register_pdf(self, actor: Principal, start: date, end: date, language: str = "") -> bytes:
        """意见建议登记台账 of a period, A4 landscape, with the figures; IDs masked."""
        from station_desk.reports.opinions import OpinionRegister

        require(self.db, actor, Permission.PRINT, WHAT)
        rows = self.register_source(actor, start, end)  # read a chunk at a time
        context = self.document_context(actor, language)
        return OpinionRegister(context, rows, self.figures(actor, start, end)).generate()

    def register_xlsx(self, actor: Principal, start: date, end: date, language: str = "") -> bytes:
        """The register as an .xlsx workbook written row by row (IDs masked)."""
        from station_desk.reports.opinions import register_workbook

        require(self.db, actor, Permission.EXPORT, WHAT)
        rows = self.register_source(actor, start, end)  # read a chunk at a time
        context = self.document_context(actor, language)
        return register_workbook(context, rows, self.figures(actor, start, end))

    def record_output(
        self,
        actor: Principal,
        opinion_id: str | None,
        document: OpinionDocument,
        how: str,
        target: str,
        details: Mapping[str, object] | None = None,
    ) -> None:
        """Audit a printed or saved document (the register: no opinion, the period in
        `details`); the spreadsheet is an export of personal data (EXPORT)."""
        audit_output(
            self.db, actor, document, how, target,
            what=WHAT,
            export=document is OpinionDocument.REGISTER_XLSX,
            record_type=WHAT if opinion_id else "opinion_register",
            record_id=opinion_id or "",
            details=details,
            described=None if opinion_id is None else lambda session: {
                "number": _number(get_record(session, ResidentOpinion, opinion_id))
            },
        )


# --- shared with the reception log -------------------------------------------------------


def stored_limits(session: Session) -> ReplyLimits:
    return ReplyLimits.from_json(get_flag(session, LIMITS_KEY, None))


def room_calendar(session: Session) -> WorkCalendar:
    """The room's working-day calendar (the holidays and 调休 days of the settings)."""
    return mediation_limits(session).calendar


def follow_calendar_in(session: Session) -> int:
    """Open (unanswered) opinions whose deadline follows their urgency get it anew from the
    reply limits and the room's calendar (a deadline set by hand stays); how many moved."""
    limits, calendar = stored_limits(session), room_calendar(session)
    stmt = live(select(ResidentOpinion), ResidentOpinion).where(
        ResidentOpinion.replied_on.is_(None), ResidentOpinion.due_set_by_hand.is_(False)
    )
    moved = 0
    for row in session.scalars(stmt):
        due = limits.deadline(Urgency(row.urgency), row.received_on, calendar)
        if row.due_on != due:
            row.due_on, moved = due, moved + 1
    return moved


def add_opinion_in(
    session: Session, draft: OpinionDraft, today: date, *, reception_id: str | None = None,
    handler: str = "",
) -> ResidentOpinion:
    """Register a draft within `session` with the next number of its year."""
    draft = validated_draft(draft, today)
    year = draft.received_on.year
    last = session.scalar(select(func.max(ResidentOpinion.seq)).where(ResidentOpinion.year == year))
    row = ResidentOpinion(id=new_id(), year=year, seq=(last or 0) + 1, reception_id=reception_id)
    row.reply_content, row.replied_by, row.outcome = "", "", ""
    _apply(session, row, draft, handler)
    session.add(row)
    session.flush()
    return row


def _apply(session: Session, row: ResidentOpinion, draft: OpinionDraft, handler: str = "") -> None:
    fill(row, draft, "received_on", "source", "category", "urgency", "content", "anonymous")
    fill(row, draft, "name", "phone", "address", "resident_id")
    row.handler = draft.handler or row.handler or handler
    row.due_set_by_hand = draft.due_on is not None
    row.due_on = draft.due_on or stored_limits(session).deadline(
        draft.urgency, draft.received_on, room_calendar(session)
    )


def opinion_dto(row: ResidentOpinion) -> Opinion:
    reply = None
    if row.replied_on is not None:
        reply = ReplyEntry(
            row.replied_on,
            ReplyMethod(row.reply_method or ReplyMethod.PHONE.value),
            row.reply_content,
            row.replied_by,
            None if row.satisfaction is None else OpinionSatisfaction(row.satisfaction),
        )
    return from_row(
        Opinion,
        row,
        number=_number(row),
        reply=reply,
    )


def who_text(row: ResidentOpinion) -> str:
    return _("Anonymous") if row.anonymous or not row.name else row.name


def _filtered(stmt: Select[*tuple[Any, ...]], query: OpinionQuery, today: date) -> Select[*tuple[Any, ...]]:
    model = ResidentOpinion
    if not query.include_deleted:
        stmt = live(stmt, model)
    if query.status is not None:
        status = OpinionStatus(query.status)
        if status is OpinionStatus.OPEN:
            stmt = stmt.where(model.replied_on.is_(None), model.closed_on.is_(None))
        elif status is OpinionStatus.ANSWERED:
            stmt = stmt.where(model.replied_on.is_not(None), model.closed_on.is_(None))
        else:
            stmt = stmt.where(model.closed_on.is_not(None))
    stmt = stmt.where(*chosen(model.category, OpinionCategory, query.category))
    stmt = stmt.where(*on_days(model.received_on, query.date_from, query.date_to))
    if query.overdue_only:
        stmt = stmt.where(model.replied_on.is_(None), model.due_on < today)
    if query.timing is not None:
        stmt = stmt.where(_TIMING_CONDITIONS[ReplyTiming(query.timing)])
    text = query.text.strip()
    if text:
        pattern = like_pattern(text)
        stmt = stmt.where(
            or_(model.name.like(pattern, escape="\\"), model.content.like(pattern, escape="\\"))
        )
    return stmt.order_by(model.received_on.desc(), model.seq.desc())  # the year follows the day


_TIMING_CONDITIONS = {  # as `reply_timing` tells them apart
    ReplyTiming.ON_TIME: ResidentOpinion.replied_on <= ResidentOpinion.due_on,
    ReplyTiming.LATE: ResidentOpinion.replied_on > ResidentOpinion.due_on,
    ReplyTiming.OPEN: ResidentOpinion.replied_on.is_(None),
}


def _number(row: ResidentOpinion) -> str:
    return opinion_number(row.year, row.seq)


def _summary(row: ResidentOpinion, today: date) -> OpinionSummary:
    replied = row.replied_on is not None
    return from_row(
        OpinionSummary,
        row,
        number=_number(row),
        who=who_text(row),
        status=opinion_status(replied, row.closed_on),
        overdue=is_overdue(row.due_on, replied, today),
        due_today=not replied and row.due_on == today,
    )


def _register_row(row: ResidentOpinion) -> RegisterRow:
    dto = opinion_dto(row)
    return from_row(
        RegisterRow,
        dto,
        received_on=row.received_on,
        who=who_text(row),
        phone=mask_phone(row.phone),
        resident_id=mask_resident_id(row.resident_id),
        content=row.content,
        due_on=row.due_on,
        closed_on=row.closed_on,
        outcome=row.outcome,
    )
