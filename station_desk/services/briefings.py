"""The 警情通报 and 警情公示 of a period: the officer's text (防范提示, remarks) stored per
period, the figures compiled from the modules (`services/figures.py`), the two documents.

Every role may read and print them (youth guidance counts appear only for a role with access
to sealed records); writing the text needs EDIT_RECORDS. Changes are audited by the audit
hook; a saved or printed document through `record_output`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_desk.db.database import Database
from station_desk.db.models import PoliceBriefing
from station_desk.domain.accounts import Principal
from station_desk.domain.briefings import Briefing, BriefingData, BriefingText, check_period
from station_desk.domain.documents import ReportDocument
from station_desk.domain.ids import new_id
from station_desk.domain.roles import Permission
from station_desk.services.base import RecordService, audit_output
from station_desk.services.figures import BRIEFING_SOURCES, FigureSources, Scope
from station_desk.services.guard import require


class BriefingService(RecordService):
    def __init__(self, db: Database, service: Callable[[str], Any]) -> None:
        super().__init__(db)
        self.sources = FigureSources(db, service)

    def get(self, actor: Principal, date_from: date, date_to: date) -> Briefing | None:
        with self.db.session(actor) as session:
            row = _find(session, date_from, date_to)
            return None if row is None else _briefing(row)

    def save(self, actor: Principal, date_from: date, date_to: date, text: BriefingText) -> Briefing:
        """Store the advice and remarks of the period (a period not begun is refused)."""
        require(self.db, actor, Permission.EDIT_RECORDS, "police_briefing")
        check_period(date_from, date_to, self.today())
        text = text.validated()
        with self.db.session(actor) as session:
            row = _find(session, date_from, date_to)
            if row is None:
                row = PoliceBriefing(id=new_id(), date_from=date_from, date_to=date_to)
                session.add(row)
            row.advice, row.remarks = text.advice, text.remarks
            session.flush()
            return _briefing(row)

    def list_briefings(self, actor: Principal, limit: int = 200) -> list[Briefing]:
        """Stored briefings, the latest period first (to attach one to a meeting)."""
        stmt = (
            select(PoliceBriefing).where(PoliceBriefing.deleted_at.is_(None))
            .order_by(PoliceBriefing.date_from.desc(), PoliceBriefing.date_to.desc()).limit(limit)
        )
        with self.db.session(actor) as session:
            return [_briefing(row) for row in session.scalars(stmt)]

    def compile(self, actor: Principal, date_from: date, date_to: date) -> BriefingData:
        """The figures of the period (up to today) and the stored text (empty when none)."""
        first, last = check_period(date_from, date_to, self.today())
        sections = self.sources.compile(actor, Scope(first, last), BRIEFING_SOURCES)
        stored = self.get(actor, date_from, date_to)
        text = stored.text if stored is not None else BriefingText()
        return BriefingData(date_from, date_to, last, sections, text, actor.display_name)

    def document_pdf(
        self, actor: Principal, date_from: date, date_to: date, language: str, public: bool = False
    ) -> bytes:
        """The briefing (official layout) or, `public`, the notice for the board (a preview:
        not audited)."""
        data = self.compile(actor, date_from, date_to)
        from station_desk.reports.briefing import BriefingDocument, PublicNoticeDocument

        kind = PublicNoticeDocument if public else BriefingDocument
        return kind(self.document_context(actor, language), data).generate()

    def record_output(
        self, actor: Principal, date_from: date, date_to: date, public: bool, how: str, target: str
    ) -> None:
        document = ReportDocument.PUBLIC_NOTICE if public else ReportDocument.BRIEFING
        period = {"from": date_from.isoformat(), "to": date_to.isoformat()}
        audit_output(self.db, actor, document, how, target, what=document.value, details=period)


def briefing_service(db: Database, service: Callable[[str], Any]) -> BriefingService:
    return BriefingService(db, service)


def _find(session: Session, date_from: date, date_to: date) -> PoliceBriefing | None:
    return session.scalar(
        select(PoliceBriefing).where(
            PoliceBriefing.date_from == date_from, PoliceBriefing.date_to == date_to,
            PoliceBriefing.deleted_at.is_(None),
        )
    )


def _briefing(row: PoliceBriefing) -> Briefing:
    return Briefing(row.id, row.date_from, row.date_to, BriefingText(row.advice, row.remarks), row.updated_at)
