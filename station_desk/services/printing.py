"""Printing (打印): a meeting's minutes or sign-in sheet as PDF bytes, and the audit of output.

`meeting_document()` builds the PDF for a preview: the room's names from the settings, the
actor as "printed by", the current moment, the language given. It writes no audit entry — a
preview shows nothing that the screen does not. Output is what is audited: `record_output()`
notes that a document went to a printer (`how="print"`, the printer's name as `target`) or to
a file (`how="save"`, the path), and `save_pdf()` writes a file safely (a temporary file in the
same folder, fsynced, audited, then renamed over the target) and audits it in one go.

reportlab is imported only inside `meeting_document()` and `suggested_filename()`: the window
and the command line start without it (it costs about a quarter of a second).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from station_desk.db import audit_trail
from station_desk.db.database import Database
from station_desk.db.models import Meeting
from station_desk.db.models.base import utcnow
from station_desk.db.records import get_record
from station_desk.domain.accounts import Principal
from station_desk.domain.audit import AuditAction
from station_desk.domain.meetings import MeetingDetail, MeetingDocument
from station_desk.domain.roles import Permission
from station_desk.errors import StorageError, ValidationError
from station_desk.i18n import _
from station_desk.services.guard import require
from station_desk.services.meetings import MeetingService
from station_desk.services.settings import read_settings

OUTPUT_WAYS = ("print", "save")


class PrintService:
    """Meeting documents as PDF bytes; printing and saving them is audited."""

    def __init__(
        self,
        db: Database,
        meetings: MeetingService | None = None,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        self.db = db
        self.meetings = meetings or MeetingService(db)
        self.now = now

    def meeting_document(
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
        with self.db.session(actor) as session:
            settings = read_settings(session)
        from station_desk.reports.base import DocumentContext
        from station_desk.reports.meetings import MeetingMinutes, SignInSheet

        context = DocumentContext(
            station_name=settings.station_name,
            room_name=settings.room_name,
            printed_by=actor.display_name,
            printed_at=self.now().astimezone(),
            language=language,
            show_full_ids=show_full_ids,
        )
        kind = MeetingMinutes if document is MeetingDocument.MINUTES else SignInSheet
        return kind(context, meeting).generate()

    def record_output(
        self,
        actor: Principal,
        meeting_id: str,
        document: MeetingDocument | str,
        how: str,
        target: str,
    ) -> None:
        """Audit that a document was printed (`how="print"`) or saved (`how="save"`)."""
        require(self.db, actor, Permission.PRINT, "meeting")
        document = MeetingDocument(document)
        if how not in OUTPUT_WAYS:
            raise ValueError(f"unknown output {how!r}")
        with self.db.session(actor) as session:
            meeting = get_record(session, Meeting, meeting_id)
            audit_trail.append(
                session,
                AuditAction.PRINT,
                "meeting",
                meeting.id,
                {"document": document.value, "title": meeting.title, "how": how, "target": target},
            )

    def save_pdf(
        self,
        actor: Principal,
        meeting_id: str,
        document: MeetingDocument | str,
        data: bytes,
        path: Path,
    ) -> Path:
        """Write `data` to `path` safely and audit it; the file appears only once audited."""
        require(self.db, actor, Permission.PRINT, "meeting")
        target = Path(path).expanduser()
        if target.is_dir():
            raise ValidationError(
                "path", _("{path} is a folder; choose a file name.").format(path=target)
            )
        try:
            temporary = _write_temporary(target, data)
        except OSError as exc:
            raise _storage_error(target, exc) from exc
        try:
            self.record_output(actor, meeting_id, document, "save", str(target.resolve()))
            os.replace(temporary, target)
        except OSError as exc:
            _discard(temporary)
            raise _storage_error(target, exc) from exc
        except BaseException:
            _discard(temporary)
            raise
        return target

    def suggested_filename(self, meeting: MeetingDetail, document: MeetingDocument | str) -> str:
        """A FAT32-safe file name such as "会议记录_2026年3月警情通报会_20260305.pdf"."""
        from station_desk.reports.base import document_filename

        return document_filename(
            MeetingDocument(document).label, meeting.title, meeting.starts_at.date()
        )


def _storage_error(target: Path, exc: OSError) -> StorageError:
    return StorageError(
        _("The file {path} could not be written: {reason}").format(
            path=target, reason=exc.strerror or exc
        )
    )


def _discard(temporary: Path) -> None:
    with contextlib.suppress(OSError):
        temporary.unlink()


def _write_temporary(target: Path, data: bytes) -> Path:
    """`data` in a new file next to `target`, flushed to the disk."""
    handle, name = tempfile.mkstemp(prefix=".station-desk-", suffix=".pdf.tmp", dir=target.parent)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
    except BaseException:
        _discard(temporary)
        raise
    return temporary


def print_service(db: Database, service: Callable[[str], Any]) -> PrintService:
    """The container's printing of meetings, sharing its meeting service."""
    return PrintService(db, service("meetings"))
