"""The report a meeting hears and its 评议: a 述职会 attaches the officer's 述职报告 and records
each attendee's rating (满意 / 基本满意 / 不满意, with remarks) and the result; a 警情通报会
attaches the period's 警情通报. The minutes print them (`reports/meetings.py`).

Rules: a 述职报告 only on a 述职会 (and only one the actor may read: his own, or any for an
administrator), a 警情通报 only on a 警情通报会, ratings only on a 述职会, and a rating that
names an attendee names one of this meeting's. A finalised meeting refuses every change, as
its minutes do. Writing needs EDIT_RECORDS; changes are audited by the audit hook.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_desk.db.models import (
    Meeting,
    MeetingAttendee,
    MeetingRating,
    MeetingReport,
    PoliceBriefing,
    User,
    WorkReport,
)
from station_desk.db.records import get_live, get_record, sync_rows
from station_desk.domain import checks
from station_desk.domain.accounts import Principal
from station_desk.domain.briefings import briefing_label
from station_desk.domain.ids import new_id
from station_desk.domain.meetings import MeetingFinalisedError, MeetingStatus, MeetingType
from station_desk.domain.records import from_row
from station_desk.domain.roles import Role
from station_desk.domain.work_reports import (
    MAX_REVIEW_RESULT,
    MeetingReview,
    Quarter,
    Rating,
    RatingEntry,
)
from station_desk.errors import ValidationError
from station_desk.i18n import _, current_language
from station_desk.services.base import RecordService


class MeetingReviewService(RecordService):
    def get(self, actor: Principal, meeting_id: str) -> MeetingReview:
        """The report the meeting heard, its ratings and result (empty when none)."""
        with self.db.session(actor) as session:
            get_record(session, Meeting, meeting_id)
            return _review(session, meeting_id)

    def save(
        self,
        actor: Principal,
        meeting_id: str,
        *,
        work_report_id: str | None = None,
        briefing_id: str | None = None,
        ratings: Sequence[RatingEntry] = (),
        result: str = "",
    ) -> MeetingReview:
        """Attach a report, set the ratings (in order) and the result, all or nothing."""
        with self.changing(actor, "meeting_report") as session:
            entries = [entry.validated() for entry in ratings]
            result = checks.text(result, "result", MAX_REVIEW_RESULT, strip=False).strip()
            meeting = get_live(session, Meeting, meeting_id)
            if meeting.status == MeetingStatus.FINALISED.value:
                raise MeetingFinalisedError()
            kind = MeetingType(meeting.meeting_type)
            _check_work_report(session, actor, kind, work_report_id)
            _check_briefing(session, kind, briefing_id)
            if (entries or result) and kind is not MeetingType.ACCOUNTABILITY:
                raise ValidationError("ratings", _("Ratings are given at an accountability meeting (述职会)."))
            attendees = set(session.scalars(
                select(MeetingAttendee.id).where(
                    MeetingAttendee.meeting_id == meeting_id, MeetingAttendee.deleted_at.is_(None)
                )
            ))
            for entry in entries:
                if entry.attendee_id is not None and entry.attendee_id not in attendees:
                    raise ValidationError("ratings", _("{name} is not an attendee of this meeting.").format(name=entry.name))
            row = _report_row(session, meeting_id)
            if row is None:
                row = MeetingReport(id=new_id(), meeting_id=meeting_id)
                session.add(row)
            row.work_report_id = work_report_id or None
            row.briefing_id = briefing_id or None
            row.review_result = result
            current = _ratings(session, meeting_id)
            for entry, rating in sync_rows(
                session, current, entries, lambda: MeetingRating(id=new_id(), meeting_id=meeting_id)
            ):
                rating.name, rating.rating = entry.name, Rating(entry.rating).value
                rating.remarks, rating.attendee_id = entry.remarks, entry.attendee_id
            session.flush()
            return _review(session, meeting_id)


def reviews_of_report(session: Session, work_report_id: str) -> tuple[MeetingReview, ...]:
    """The reviews of the 述职会 that heard this report (live meetings, earliest first)."""
    meeting_ids = session.scalars(
        select(MeetingReport.meeting_id)
        .join(Meeting, Meeting.id == MeetingReport.meeting_id)
        .where(
            MeetingReport.work_report_id == work_report_id, MeetingReport.deleted_at.is_(None),
            Meeting.deleted_at.is_(None),
        )
        .order_by(Meeting.starts_at)
    ).all()
    return tuple(_review(session, meeting_id) for meeting_id in meeting_ids)


def _check_work_report(
    session: Session, actor: Principal, kind: MeetingType, work_report_id: str | None
) -> None:
    if not work_report_id:
        return
    if kind is not MeetingType.ACCOUNTABILITY:
        raise ValidationError("work_report_id", _("A work report is attached to an accountability meeting (述职会)."))
    report = get_live(session, WorkReport, work_report_id)
    if actor.role is not Role.ADMIN and report.user_id != actor.user_id:
        raise ValidationError("work_report_id", _("A work report may be read only by its author and administrators."))


def _check_briefing(session: Session, kind: MeetingType, briefing_id: str | None) -> None:
    if not briefing_id:
        return
    if kind is not MeetingType.POLICE_BRIEFING:
        raise ValidationError("briefing_id", _("A police briefing is attached to a police situation briefing meeting (警情通报会)."))
    get_live(session, PoliceBriefing, briefing_id)


def _report_row(session: Session, meeting_id: str) -> MeetingReport | None:
    return session.scalar(
        select(MeetingReport).where(MeetingReport.meeting_id == meeting_id, MeetingReport.deleted_at.is_(None))
    )


def _ratings(session: Session, meeting_id: str) -> list[MeetingRating]:
    return list(session.scalars(
        select(MeetingRating)
        .where(MeetingRating.meeting_id == meeting_id, MeetingRating.deleted_at.is_(None))
        .order_by(MeetingRating.position)
    ))


def _review(session: Session, meeting_id: str) -> MeetingReview:
    row = _report_row(session, meeting_id)
    ratings = tuple(from_row(RatingEntry, r) for r in _ratings(session, meeting_id))
    if row is None:
        return MeetingReview(meeting_id, ratings=ratings)
    report_label = briefing = advice = ""
    if row.work_report_id:
        report = session.get(WorkReport, row.work_report_id)
        if report is not None:
            user = session.get(User, report.user_id)
            name = user.display_name if user is not None else ""
            report_label = f"{name} · {Quarter(report.year, report.quarter).title(current_language())}"
    if row.briefing_id:
        found = session.get(PoliceBriefing, row.briefing_id)
        if found is not None:
            briefing = briefing_label(found.date_from, found.date_to, current_language())
            advice = found.advice
    return MeetingReview(
        meeting_id, row.work_report_id, report_label, row.briefing_id, briefing, advice, ratings,
        row.review_result,
    )
