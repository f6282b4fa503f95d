"""The reception log (来访来电登记): record, correct, list, figure; make a 纠纷 entry a mediation
case and a 建议 / 投诉 entry an opinion, each in one unit of work with the link.

Writing needs EDIT_RECORDS (auxiliary police record most entries); every role may read.
Changes are audited by the audit hook. Lists and figures carry no full ID number: the list
shows them masked (the editor, an input, shows what was typed).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from station_desk.db.models import MediationCase, ReceptionLogEntry, ResidentOpinion
from station_desk.db.records import (
    chosen,
    chunks,
    fill,
    get_live,
    get_record,
    in_order_of,
    live,
    new_row,
    on_days,
)
from station_desk.domain.accounts import Principal
from station_desk.domain.masking import mask_phone, mask_resident_id
from station_desk.domain.mediation import (
    MAX_TITLE,
    CaseDetail,
    CaseDraft,
    CaseSource,
    DisputeType,
    MediationKind,
    PartyEntry,
    PartyRole,
)
from station_desk.domain.mediation import validated_draft as validated_case
from station_desk.domain.opinions import (
    Opinion,
    OpinionCategory,
    OpinionDraft,
    OpinionSource,
    Urgency,
)
from station_desk.domain.reception import (
    Handling,
    ReceptionChannel,
    ReceptionDraft,
    ReceptionEntry,
    ReceptionFigures,
    ReceptionKind,
    ReceptionQuery,
    ReceptionSummary,
    count_figures,
    is_follow_up_overdue,
    validated_draft,
)
from station_desk.domain.records import from_row
from station_desk.errors import ValidationError
from station_desk.i18n import _
from station_desk.services.base import ChunkedRows, RecordService
from station_desk.services.contacts import like_pattern
from station_desk.services.id_numbers import reveal_id_in
from station_desk.services.mediation import register_case_in
from station_desk.services.opinions import add_opinion_in, opinion_dto

WHAT = "reception_entry"


class ReceptionService(RecordService):
    # -- writing -------------------------------------------------------------------------
    def record(self, actor: Principal, draft: ReceptionDraft) -> ReceptionEntry:
        """Record a visit or a call."""
        with self.changing(actor, WHAT) as session:
            draft = validated_draft(draft, self._local_now())
            row = new_row(session, ReceptionLogEntry)
            _apply(row, draft, actor)
            session.flush()
            return _entry(session, row)

    def update(self, actor: Principal, entry_id: str, draft: ReceptionDraft) -> ReceptionEntry:
        with self.changing(actor, WHAT) as session:
            draft = validated_draft(draft, self._local_now())
            row = get_live(session, ReceptionLogEntry, entry_id)
            _apply(row, draft, actor)
            session.flush()
            return _entry(session, row)

    def delete(self, actor: Principal, entry_id: str) -> None:
        self.delete_record(actor, ReceptionLogEntry, entry_id, WHAT)

    def restore(self, actor: Principal, entry_id: str) -> ReceptionEntry:
        return self.restore_record(actor, ReceptionLogEntry, entry_id, WHAT, _entry)

    def to_mediation(
        self,
        actor: Principal,
        entry_id: str,
        dispute_type: DisputeType = DisputeType.NEIGHBOUR,
        kind: MediationKind = MediationKind.PEOPLES,
        title: str = "",
    ) -> tuple[ReceptionEntry, CaseDetail]:
        """Make a mediation case of a 纠纷 entry: source 群众来访, the person as the applicant,
        what they said as the facts; the entry is then handled "passed to mediation" and
        points to the case (the case finds it by `for_case`). One unit of work."""
        from station_desk.services.mediation import MediationService

        with self.changing(actor, "mediation_case") as session:
            row = get_live(session, ReceptionLogEntry, entry_id)
            _check_link(row, ReceptionKind.DISPUTE)
            if not row.name:
                raise ValidationError(
                    "name", _("Enter the resident's name before making a mediation case.")
                )
            draft = validated_case(_case_draft(row, dispute_type, kind, title), self.today())
            case = register_case_in(session, actor, draft)
            row.mediation_case_id = case.id
            row.handling = Handling.TO_MEDIATION.value
            session.flush()
            entry = _entry(session, row)
        return entry, MediationService(self.db, self.now).get(actor, case.id)

    def to_opinion(
        self,
        actor: Principal,
        entry_id: str,
        category: OpinionCategory = OpinionCategory.OTHER,
        urgency: Urgency = Urgency.NORMAL,
    ) -> tuple[ReceptionEntry, Opinion]:
        """Register a 建议 or 投诉 entry as an opinion (source: the reception log, the person
        and what they said carried over), linked both ways. One unit of work."""
        with self.changing(actor, "resident_opinion") as session:
            row = get_live(session, ReceptionLogEntry, entry_id)
            if not ReceptionKind(row.kind).becomes_opinion:
                raise ValidationError(
                    "kind", _("Only a suggestion or a complaint becomes an opinion.")
                )
            if _opinion_of(session, row.id) is not None:
                raise ValidationError("kind", _("This entry is already in the opinion register."))
            draft = OpinionDraft(
                received_on=row.received_at.date(),
                source=OpinionSource.RECEPTION,
                category=category,
                urgency=urgency,
                content=row.content,
                anonymous=not row.name,
                name=row.name,
                phone=row.phone,
                address=row.address,
                resident_id=row.resident_id,
                handler=row.handler,
            )
            opinion = add_opinion_in(session, draft, self.today(), reception_id=row.id)
            session.flush()
            return _entry(session, row), opinion_dto(opinion)

    # -- reading -------------------------------------------------------------------------
    def reveal_id(self, actor: Principal, entry_id: str, why: str = "show") -> str:
        """The visitor's full ID number, which the form shows masked: audited (VIEW_ID, with
        when the entry was received, the name and `why`)."""
        with self.db.session(actor) as session:
            row = get_record(session, ReceptionLogEntry, entry_id)
            return reveal_id_in(
                session, WHAT, row.id, row.resident_id,
                {"received_at": f"{row.received_at:%Y-%m-%d %H:%M}", "name": row.name}, why,
            )

    def get(self, actor: Principal, entry_id: str) -> ReceptionEntry:
        return self.read_record(actor, ReceptionLogEntry, entry_id, _entry)

    def for_case(self, actor: Principal, case_id: str) -> ReceptionEntry | None:
        """The reception entry a mediation case was made from (None if it was not)."""
        with self.db.session(actor) as session:
            stmt = live(select(ReceptionLogEntry), ReceptionLogEntry).where(
                ReceptionLogEntry.mediation_case_id == case_id
            )
            row = session.scalars(stmt).first()
            return None if row is None else _entry(session, row)

    def list_entries(self, actor: Principal, query: ReceptionQuery | None = None) -> list[ReceptionSummary]:
        """The entries matching `query`, newest first (at most `query.limit`)."""
        query = query or ReceptionQuery()
        today = self.today()
        with self.db.session(actor) as session:
            stmt = _filtered(select(ReceptionLogEntry), query).limit(query.limit)
            return _summaries(session, list(session.scalars(stmt)), today)

    def register_source(self, actor: Principal, query: ReceptionQuery) -> ChunkedRows[ReceptionSummary]:
        """The entries of `list_entries(query)` oldest first, read `REGISTER_CHUNK` at a time
        when used: a register of a year of contacts holds their ids, not their rows."""
        with self.db.session(actor) as session:
            ids = list(session.scalars(_filtered(select(ReceptionLogEntry.id), query).limit(query.limit)))
        ids.reverse()
        today = self.today()

        def read(chunk: list[str]) -> list[ReceptionSummary]:
            with self.db.session(actor) as session:
                stmt = select(ReceptionLogEntry).where(ReceptionLogEntry.id.in_(chunk))
                return _summaries(session, in_order_of(chunk, session.scalars(stmt)), today)

        return ChunkedRows(ids, read)

    def figures(self, actor: Principal, start: date, end: date) -> ReceptionFigures:
        """Counts of the live entries received from `start` to `end` (inclusive): by kind,
        by channel, settled on the spot, passed on, closed, made a case or an opinion."""
        model = ReceptionLogEntry
        period = ReceptionQuery(date_from=start, date_to=end)
        columns = (
            model.kind, model.channel, model.handling, model.closed,
            model.mediation_case_id.is_not(None),
        )
        grouped = _filtered(select(*columns, func.count()), period).order_by(None).group_by(*columns)
        opinions = _filtered(
            select(func.count()).select_from(model).join(
                ResidentOpinion,
                and_(ResidentOpinion.reception_id == model.id, ResidentOpinion.deleted_at.is_(None)),
            ),
            period,
        ).order_by(None)
        with self.db.session(actor) as session:
            rows = [
                (ReceptionKind(kind), ReceptionChannel(channel), Handling(handling), bool(closed),
                 bool(case), False, count)
                for kind, channel, handling, closed, case, count in session.execute(grouped)
            ]
            made_opinions = session.scalar(opinions) or 0
        return replace(count_figures(start, end, rows), to_opinion=made_opinions)

    def count_follow_ups_due(self, actor: Principal, today: date | None = None) -> int:
        """Open entries whose follow-up is due today or earlier."""
        day = today or self.today()
        with self.db.session(actor) as session:
            stmt = live(select(func.count()).select_from(ReceptionLogEntry), ReceptionLogEntry)
            stmt = stmt.where(
                ReceptionLogEntry.closed.is_(False), ReceptionLogEntry.follow_up_due <= day
            )
            return session.scalar(stmt) or 0

    def _local_now(self) -> datetime:
        return self.now().astimezone().replace(tzinfo=None)


# --- helpers -----------------------------------------------------------------------------


def _apply(row: ReceptionLogEntry, draft: ReceptionDraft, actor: Principal) -> None:
    row.received_at = draft.received_at.replace(tzinfo=None, second=0, microsecond=0)
    fill(row, draft, "channel", "kind", "name", "phone", "address", "resident_id", "content")
    fill(row, draft, "handling", "receiving_unit", "result", "follow_up_due")
    row.handler = draft.handler or actor.display_name
    row.closed = bool(draft.closed)


def _check_link(row: ReceptionLogEntry, kind: ReceptionKind) -> None:
    if ReceptionKind(row.kind) is not kind:
        raise ValidationError("kind", _("Only a dispute becomes a mediation case."))
    if row.mediation_case_id is not None:
        raise ValidationError("kind", _("A mediation case was already made of this entry."))


def _case_draft(
    row: ReceptionLogEntry, dispute_type: DisputeType, kind: MediationKind, title: str
) -> CaseDraft:
    first_line = (row.content.strip().splitlines() or [""])[0]
    party = PartyEntry(
        name=row.name,
        role=PartyRole.APPLICANT,
        resident_id=row.resident_id,
        phone=row.phone,
        address=row.address,
    )
    return CaseDraft(
        received_on=row.received_at.date(),
        source=CaseSource.WALK_IN,
        dispute_type=dispute_type,
        kind=kind,
        title=(title.strip() or first_line)[:MAX_TITLE],
        facts=row.content,
        officer=row.handler,
        parties=(party,),
    )


def _filtered(stmt: Select[*tuple[Any, ...]], query: ReceptionQuery) -> Select[*tuple[Any, ...]]:
    model = ReceptionLogEntry
    if not query.include_deleted:
        stmt = live(stmt, model)
    stmt = stmt.where(*chosen(model.kind, ReceptionKind, query.kind))
    stmt = stmt.where(*chosen(model.channel, ReceptionChannel, query.channel))
    stmt = stmt.where(*on_days(model.received_at, query.date_from, query.date_to))
    if query.open_only:
        stmt = stmt.where(model.closed.is_(False))
    text = query.text.strip()
    if text:
        pattern = like_pattern(text)
        stmt = stmt.where(
            or_(
                model.name.like(pattern, escape="\\"),
                model.phone.like(pattern, escape="\\"),
                model.content.like(pattern, escape="\\"),
            )
        )
    return stmt.order_by(model.received_at.desc(), model.id.desc())


def _opinion_of(session: Session, entry_id: str) -> ResidentOpinion | None:
    stmt = live(select(ResidentOpinion), ResidentOpinion).where(
        ResidentOpinion.reception_id == entry_id
    )
    return session.scalars(stmt).first()


def _opinion_ids(session: Session, entry_ids: list[str]) -> dict[str, str]:
    """Entry id -> the id of the opinion made of it (live opinions only)."""
    found: dict[str, str] = {}
    for chunk in chunks(entry_ids):
        stmt = select(ResidentOpinion.reception_id, ResidentOpinion.id).where(
            ResidentOpinion.deleted_at.is_(None), ResidentOpinion.reception_id.in_(chunk)
        )
        found.update({entry: opinion for entry, opinion in session.execute(stmt) if entry})
    return found


def _case_numbers(session: Session, case_ids: list[str | None]) -> dict[str, str]:
    wanted = sorted({case_id for case_id in case_ids if case_id})
    found: dict[str, str] = {}
    for chunk in chunks(wanted):
        stmt = select(MediationCase.id, MediationCase.case_number).where(MediationCase.id.in_(chunk))
        found.update({case_id: number for case_id, number in session.execute(stmt)})
    return found


def _entry(session: Session, row: ReceptionLogEntry) -> ReceptionEntry:
    opinion = _opinion_of(session, row.id)
    numbers = _case_numbers(session, [row.mediation_case_id])
    return from_row(
        ReceptionEntry,
        row,
        mediation_case_number=numbers.get(row.mediation_case_id or "", ""),
        opinion_id=opinion.id if opinion is not None else None,
    )


def _summaries(session: Session, rows: list[ReceptionLogEntry], today: date) -> list[ReceptionSummary]:
    """The list's summaries of `rows`, in their order."""
    opinions = _opinion_ids(session, [row.id for row in rows])
    numbers = _case_numbers(session, [row.mediation_case_id for row in rows])
    return [_summary(row, opinions, numbers, today) for row in rows]


def _summary(
    row: ReceptionLogEntry, opinions: dict[str, str], numbers: dict[str, str], today: date
) -> ReceptionSummary:
    linked = numbers.get(row.mediation_case_id or "", "")
    if not linked and row.id in opinions:
        linked = _("Opinion register")
    return from_row(
        ReceptionSummary,
        row,
        masked_phone=mask_phone(row.phone),
        masked_id=mask_resident_id(row.resident_id),
        follow_up_overdue=is_follow_up_overdue(row.follow_up_due, row.closed, today),
        linked=linked,
    )
