"""The quarterly 述职报告: the officer's own sections kept as a draft until finalised, the
figures compiled from every module (`services/figures.py`), the printed report.

The report is its author's own: a user reads, writes and prints only his own, an
administrator every user's (a refusal is audited). Writing needs EDIT_RECORDS; a finalised
report no longer changes. Every change is audited by the audit hook; a saved or printed
report through `record_output`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_desk.db import audit_trail
from station_desk.db.database import Database
from station_desk.db.models import User
from station_desk.db.models import WorkReport as WorkReportRow
from station_desk.domain.accounts import Principal
from station_desk.domain.audit import AuditAction
from station_desk.domain.documents import ReportDocument
from station_desk.domain.ids import new_id
from station_desk.domain.records import from_row
from station_desk.domain.roles import Permission, Role
from station_desk.domain.work_reports import (
    Quarter,
    WorkReport,
    WorkReportData,
    WorkReportStatus,
    WorkReportText,
    reported_period,
)
from station_desk.errors import NotFoundError, PermissionDeniedError, ValidationError
from station_desk.i18n import _
from station_desk.services.base import RecordService, audit_output
from station_desk.services.figures import WORK_REPORT_SOURCES, FigureSources, Scope
from station_desk.services.guard import require
from station_desk.services.meeting_reviews import reviews_of_report


class WorkReportService(RecordService):
    def __init__(self, db: Database, service: Callable[[str], Any]) -> None:
        super().__init__(db)
        self.sources = FigureSources(db, service)

    # -- the officer's text ----------------------------------------------------------------
    def get(self, actor: Principal, user_id: str, quarter: Quarter) -> WorkReport | None:
        """The stored report of `user_id` for the quarter (None before anything is written)."""
        self._require_own(actor, user_id)
        with self.db.session(actor) as session:
            row = _find(session, user_id, quarter)
            return None if row is None else _report(row, _user(session, user_id).display_name)

    def save_draft(
        self, actor: Principal, user_id: str, quarter: Quarter, text: WorkReportText
    ) -> WorkReport:
        """Create or change the draft; a finalised report and a quarter not begun are refused."""
        require(self.db, actor, Permission.EDIT_RECORDS, "work_report")
        self._require_own(actor, user_id)
        reported_period(quarter, self.today())
        text = text.validated()
        with self.db.session(actor) as session:
            user = _user(session, user_id)
            row = _find(session, user_id, quarter)
            if row is None:
                row = WorkReportRow(
                    id=new_id(), user_id=user_id, year=quarter.year, quarter=quarter.number,
                    status=WorkReportStatus.DRAFT.value,
                )
                session.add(row)
            elif row.status == WorkReportStatus.FINAL.value:
                raise ValidationError("status", _("The report is finalised and can no longer be changed."))
            row.summary, row.problems, row.plans = text.summary, text.problems, text.plans
            session.flush()
            return _report(row, user.display_name)

    def finalise(self, actor: Principal, user_id: str, quarter: Quarter) -> WorkReport:
        """Finalise the report (定稿): every section written; it no longer changes."""
        require(self.db, actor, Permission.EDIT_RECORDS, "work_report")
        self._require_own(actor, user_id)
        with self.db.session(actor) as session:
            row = _find(session, user_id, quarter)
            if row is None:
                raise ValidationError("summary", _("Write the report before finalising it."))
            if row.status == WorkReportStatus.FINAL.value:
                raise ValidationError("status", _("The report is already finalised."))
            WorkReportText(row.summary, row.problems, row.plans).check_complete()
            row.status = WorkReportStatus.FINAL.value
            row.finalised_at = self.now()
            session.flush()
            return _report(row, _user(session, user_id).display_name)

    def list_reports(self, actor: Principal) -> list[WorkReport]:
        """The reports the actor may see (his own; an administrator's: all), newest first."""
        stmt = (
            select(WorkReportRow, User.display_name)
            .join(User, User.id == WorkReportRow.user_id)
            .where(WorkReportRow.deleted_at.is_(None))
            .order_by(WorkReportRow.year.desc(), WorkReportRow.quarter.desc(), User.display_name)
        )
        if actor.role is not Role.ADMIN:
            stmt = stmt.where(WorkReportRow.user_id == actor.user_id)
        with self.db.session(actor) as session:
            return [_report(row, name) for row, name in session.execute(stmt)]

    # -- the compiled report ---------------------------------------------------------------
    def compile(self, actor: Principal, user_id: str, quarter: Quarter) -> WorkReportData:
        """The figures of the quarter (up to today while it runs) and the officer's text."""
        self._require_own(actor, user_id)
        date_from, date_to = reported_period(quarter, self.today())
        sections = self.sources.compile(actor, Scope(date_from, date_to, user_id), WORK_REPORT_SOURCES)
        with self.db.session(actor) as session:
            user = _user(session, user_id)
            row = _find(session, user_id, quarter)
            name, badge = user.display_name, user.badge_number
            reviews = () if row is None else reviews_of_report(session, row.id)
        text = WorkReportText() if row is None else WorkReportText(row.summary, row.problems, row.plans)
        status = WorkReportStatus.DRAFT if row is None else WorkReportStatus(row.status)
        return WorkReportData(name, badge, quarter, date_from, date_to, sections, text, status, reviews)

    def report_pdf(self, actor: Principal, user_id: str, quarter: Quarter, language: str) -> bytes:
        """The 述职报告 as PDF (a preview: saving or printing it is audited by `record_output`)."""
        data = self.compile(actor, user_id, quarter)
        from station_desk.reports.work_report import WorkReportDocument

        return WorkReportDocument(self.document_context(actor, language), data).generate()

    def record_output(
        self, actor: Principal, user_id: str, quarter: Quarter, how: str, target: str
    ) -> None:
        """Audit that the report went to a printer or a file."""
        document = ReportDocument.WORK_REPORT
        require(self.db, actor, Permission.PRINT, document.value)  # first, as everywhere here
        self._require_own(actor, user_id)
        audit_output(
            self.db, actor, document, how, target,
            what=document.value, record_id=user_id, details={"quarter": quarter.label},
        )

    # -- access ----------------------------------------------------------------------------
    def _require_own(self, actor: Principal, user_id: str) -> None:
        if actor.role is Role.ADMIN or actor.user_id == user_id:
            return
        with self.db.session(actor) as session:
            audit_trail.append(
                session, AuditAction.DENIED, "work_report", user_id, {"reason": "not own report"}
            )
        raise PermissionDeniedError(_("A work report may be read only by its author and administrators."))


def work_report_service(db: Database, service: Callable[[str], Any]) -> WorkReportService:
    return WorkReportService(db, service)


def _find(session: Session, user_id: str, quarter: Quarter) -> WorkReportRow | None:
    return session.scalar(
        select(WorkReportRow).where(
            WorkReportRow.user_id == user_id,
            WorkReportRow.year == quarter.year,
            WorkReportRow.quarter == quarter.number,
            WorkReportRow.deleted_at.is_(None),
        )
    )


def _user(session: Session, user_id: str) -> User:
    user = session.get(User, user_id)
    if user is None or user.deleted_at is not None:
        raise NotFoundError(_("The user no longer exists."))
    return user


def _report(row: WorkReportRow, user_name: str) -> WorkReport:
    return from_row(
        WorkReport,
        row,
        user_name=user_name,
        quarter=Quarter(row.year, row.quarter),
        text=WorkReportText(row.summary, row.problems, row.plans),
    )
