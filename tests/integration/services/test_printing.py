"""Meeting documents (services/meeting_documents.py): real PDF bytes for a preview, audit entries only on output."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from station_desk.documents import MINUTES, Request
from station_desk.domain.accounts import Principal
from station_desk.domain.audit import AuditAction, AuditEntry, AuditFilter
from station_desk.domain.meetings import (
    AttendeeEntry,
    AttendeeKind,
    MeetingDetail,
    MeetingDocument,
    MeetingDraft,
    MeetingType,
)
from station_desk.errors import NotFoundError, StorageError, ValidationError
from station_desk.services.container import Services
from station_desk.services.output import save_document
from tests.conftest import SETUP
from tests.reports_helpers import pdf_fonts, pdf_page_count, pdf_text, squash

TITLE = "2026年3月警情通报会"


@pytest.fixture
def meeting(services: Services, officer: Principal) -> MeetingDetail:
    guests = (
        AttendeeEntry(AttendeeKind.GUEST, "赵大妈", organisation="3号楼"),
        AttendeeEntry(AttendeeKind.GUEST, "钱师傅", organisation="物业公司"),
    )
    draft = MeetingDraft(
        MeetingType.POLICE_BRIEFING, TITLE, datetime(2026, 3, 5, 19, 0), attendees=guests
    )
    return services.meetings.new_meeting(officer, draft)


def print_entries(services: Services, admin: Principal) -> list[AuditEntry]:
    query = AuditFilter(action=AuditAction.PRINT.value, record_type="meeting")
    return services.audit.list_entries(admin, query)


@pytest.mark.parametrize("document", list(MeetingDocument))
def test_preview_is_a_real_pdf_and_not_audited(
    services: Services,
    officer: Principal,
    admin: Principal,
    meeting: MeetingDetail,
    document: MeetingDocument,
) -> None:
    data = services.meeting_documents.build(officer, meeting.id, document, "zh_CN")
    assert data.startswith(b"%PDF")
    assert pdf_page_count(data) >= 1
    text = squash(pdf_text(data))
    assert TITLE in text
    assert SETUP.room_name in text  # the running header, from the room settings
    assert "赵大妈" in text
    assert all(font["emb"] == "yes" for font in pdf_fonts(data))
    assert print_entries(services, admin) == []


def test_record_output_writes_one_print_entry(
    services: Services, aux: Principal, admin: Principal, meeting: MeetingDetail
) -> None:
    services.meeting_documents.record_output(
        aux, meeting.id, MeetingDocument.SIGN_IN, "print", "HP LaserJet"
    )
    (entry,) = print_entries(services, admin)
    assert entry.username == "aux"
    assert entry.record_id == meeting.id
    assert entry.details == {
        "document": "sign-in",
        "title": TITLE,
        "how": "print",
        "target": "HP LaserJet",
    }
    assert services.audit.verify().ok


def test_save_document_writes_the_file_and_audits_it(
    services: Services,
    officer: Principal,
    admin: Principal,
    meeting: MeetingDetail,
    tmp_path: Path,
) -> None:
    data = services.meeting_documents.build(officer, meeting.id, MeetingDocument.MINUTES, "en")
    target = tmp_path / "out" / "minutes.pdf"
    target.parent.mkdir()
    save_document(services, officer, MINUTES, Request(meeting.id), data, target)
    assert target.read_bytes() == data
    assert [p.name for p in target.parent.iterdir()] == ["minutes.pdf"]  # no temporary file
    (entry,) = print_entries(services, admin)
    assert entry.details["how"] == "save"
    assert entry.details["target"] == str(target.resolve())


def test_save_document_to_a_missing_folder_leaves_nothing(
    services: Services,
    officer: Principal,
    admin: Principal,
    meeting: MeetingDetail,
    tmp_path: Path,
) -> None:
    with pytest.raises(StorageError, match="could not be written"):
        save_document(
            services, officer, MINUTES, Request(meeting.id), b"%PDF", tmp_path / "gone" / "m.pdf"
        )
    with pytest.raises(ValidationError):
        save_document(services, officer, MINUTES, Request(meeting.id), b"%PDF", tmp_path)
    assert print_entries(services, admin) == []


def test_unknown_meeting_is_a_known_error(services: Services, officer: Principal) -> None:
    with pytest.raises(NotFoundError):
        services.meeting_documents.build(officer, "no-such-id", MeetingDocument.MINUTES, "en")
    with pytest.raises(NotFoundError):
        services.meeting_documents.record_output(officer, "no-such-id", MeetingDocument.MINUTES, "print", "")


def test_suggested_filename_names_document_title_and_day(
    services: Services, meeting: MeetingDetail
) -> None:
    name = services.meeting_documents.suggested_filename(meeting, MeetingDocument.MINUTES)
    assert name == f"Minutes_{TITLE}_20260305.pdf"


def test_the_service_does_not_load_reportlab_until_a_document_is_made() -> None:
    code = "import sys; import station_desk.services.container; print('reportlab' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
