"""A meeting's documents (会议文书): its minutes and sign-in sheet as PDF bytes, and the audit
of their output.

`build()` makes the PDF for a preview: the room's names from the settings, the actor as
"printed by", the current moment, the language given. It writes no audit entry — a preview
shows nothing that the screen does not. Output is what is audited: `record_output()` notes
that a document went to a printer (`how="print"`, the printer's name as `target`) or to a file
(`how="save"`, the path; written by `services/output.save_document`).

reportlab is imported only inside `build()` and `suggested_filename()`: the window and the
command line start without it (it costs about a quarter of a second).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from station_desk.db.database import Database
from station_desk.db.models import Meeting
from station_desk.db.models.base import utcnow
from station_desk.db.records import get_record
from station_desk.domain.accounts import Principal
from station_desk.domain.meetings import MeetingDetail, MeetingDocument
from station_desk.services.base import audit_output
from station_desk.services.meeting_reviews import MeetingReviewService
from station_desk.services.meetings import MeetingService
from station_desk.services.settings import document_context


class MeetingDocumentService:
    """Meeting documents as PDF bytes; printing and saving them is audited."""

    def __init__(
        self,
        db: Database,
        meetings: MeetingService | None = None,
        now: Callable[[], datetime] = utcnow,
        reviews: MeetingReviewService | None = None,
    ) -> None:
        self.db = db
        self.meetings = meetings or MeetingService(db)
        self.now = now
        self.reviews = reviews or MeetingReviewService(db)

    def build(
        self,
        actor: Principal,
        meeting_id: str,
        document: MeetingDocument | str,
        language: str,
        show_full_ids: bool = False,
    ) -> bytes:
        """The PDF of a meeting's minutes or sign-in sheet (a preview: not audited).

        Fixed texts follow the current `i18n` language; pass `current_language()`.
        """
        document = MeetingDocument(document)
        meeting = self.meetings.get(actor, meeting_id)
        from station_desk.reports.meetings import MeetingMinutes, SignInSheet

        context = document_context(self.db, actor, self.now, language, show_full_ids)
        if document is MeetingDocument.MINUTES:
            review = self.reviews.get(actor, meeting_id)  # the report heard and its 评议
            return MeetingMinutes(context, meeting, review).generate()
        return SignInSheet(context, meeting).generate()

    def record_output(
        self,
        actor: Principal,
        meeting_id: str,
        document: MeetingDocument | str,
        how: str,
        target: str,
    ) -> None:
        """Audit that a document was printed (`how="print"`) or saved (`how="save"`)."""
        audit_output(
            self.db, actor, MeetingDocument(document), how, target,
            what="meeting",
            record_id=meeting_id,
            described=lambda session: {"title": get_record(session, Meeting, meeting_id).title},
        )

    def suggested_filename(self, meeting: MeetingDetail, document: MeetingDocument | str) -> str:
        """A FAT32-safe file name such as "会议记录_2026年3月警情通报会_20260305.pdf"."""
        from station_desk.reports.filenames import document_filename

        return document_filename(
            MeetingDocument(document).label, meeting.title, meeting.starts_at.date()
        )


def meeting_document_service(
    db: Database, service: Callable[[str], Any]
) -> MeetingDocumentService:
    """The container's meeting documents, sharing its meeting service."""
    return MeetingDocumentService(db, service("meetings"), reviews=service("meeting_reviews"))
