"""The print preview: built off the GUI thread, pages and zoom, printing and saving audited."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from station_desk.documents import MEETING_DOCUMENTS, Request
from station_desk.domain.accounts import Principal
from station_desk.domain.audit import AuditAction, AuditEntry, AuditFilter
from station_desk.domain.meetings import (
    AgendaEntry,
    AttendeeEntry,
    AttendeeKind,
    MeetingDetail,
    MeetingDocument,
    MeetingDraft,
    MeetingType,
)
from station_desk.errors import OperationCancelled
from station_desk.services.container import Services
from station_desk.ui.widgets import preview as pdf_preview
from station_desk.ui.widgets.jobs import run_in_background
from station_desk.ui.widgets.preview import DocumentPreviewDialog
from tests.reports_helpers import pdf_page_count, pdf_text, squash
from tests.ui.helpers import click, open_message_box

TITLE = "2026年12月治保例会"
LONG_DISCUSSION = "小区东门夜间照明不足，居民反映有陌生人徘徊，建议物业增设路灯并加强巡逻。" * 120


@pytest.fixture(autouse=True)
def _private_ui_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = str(tmp_path / "ui-settings.ini")
    monkeypatch.setattr(
        pdf_preview, "ui_settings", lambda: QSettings(path, QSettings.Format.IniFormat)
    )


@pytest.fixture
def meeting(services: Services, officer: Principal) -> MeetingDetail:
    people = tuple(
        AttendeeEntry(AttendeeKind.GUEST, f"居民代表{n:02d}", organisation="和平里社区")
        for n in range(30)
    )
    draft = MeetingDraft(
        MeetingType.SECURITY_COMMITTEE, TITLE, datetime(2026, 12, 8, 9, 0), attendees=people
    )
    created = services.meetings.new_meeting(officer, draft)
    agenda = (AgendaEntry("社区治安形势分析", LONG_DISCUSSION),)
    return services.meetings.save(officer, created.to_update(agenda=agenda))


def prints(services: Services, admin: Principal) -> list[AuditEntry]:
    return services.audit.list_entries(admin, AuditFilter(action=AuditAction.PRINT.value))


def meeting_preview(
    services: Services, user: Principal, meeting: MeetingDetail, document: MeetingDocument
) -> DocumentPreviewDialog:
    """The preview the meeting editor opens (the kind of the document, the meeting)."""
    name = services.meeting_documents.suggested_filename(meeting, document)
    kind, request = MEETING_DOCUMENTS[document], Request(meeting.id)
    return DocumentPreviewDialog(services, user, kind, request, meeting.title, name)


def open_preview(
    qtbot: QtBot,
    services: Services,
    user: Principal,
    meeting: MeetingDetail,
    document: MeetingDocument = MeetingDocument.MINUTES,
) -> DocumentPreviewDialog:
    dialog = meeting_preview(services, user, meeting, document)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=20_000):
        dialog.show()
    return dialog


def test_pages_navigation_and_zoom(
    qtbot: QtBot, services: Services, officer: Principal, admin: Principal, meeting: MeetingDetail
) -> None:
    dialog = open_preview(qtbot, services, officer, meeting)
    total = dialog.page_count()
    assert total >= 3
    assert dialog.page_label.text() == f"Page 1 of {total}"
    assert not dialog.previous_action.isEnabled() and dialog.next_action.isEnabled()
    dialog.next_action.trigger()
    assert dialog.current_page() == 1
    assert dialog.page_label.text() == f"Page 2 of {total}"
    dialog.go_to_page(total - 1)
    assert not dialog.next_action.isEnabled()
    dialog.previous_action.trigger()
    assert dialog.current_page() == total - 2

    assert dialog.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    before = dialog.view.zoomFactor()
    dialog.zoom_in_action.trigger()
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.Custom
    assert dialog.view.zoomFactor() == pytest.approx(before * pdf_preview.ZOOM_STEP)
    dialog.zoom_out_action.trigger()
    dialog.zoom_out_action.trigger()
    assert dialog.view.zoomFactor() < before
    dialog.fit_action.trigger()
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    assert prints(services, admin) == []  # looking is not printing


def test_printing_draws_every_page_and_is_audited(
    qtbot: QtBot,
    services: Services,
    aux: Principal,
    admin: Principal,
    meeting: MeetingDetail,
    tmp_path: Path,
) -> None:
    dialog = open_preview(qtbot, services, aux, meeting, MeetingDocument.SIGN_IN)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    assert dialog.print_to(printer)
    assert pdf_page_count(printed.read_bytes()) == dialog.page_count()
    (entry,) = prints(services, admin)
    assert entry.username == "aux"
    assert entry.details["document"] == "sign-in"
    assert entry.details["how"] == "print" and entry.details["target"] == str(printed)


def test_the_print_dialog_opens_without_blocking(
    qtbot: QtBot, services: Services, officer: Principal, meeting: MeetingDetail
) -> None:
    dialog = open_preview(qtbot, services, officer, meeting)
    print_dialog = dialog.print_document()
    qtbot.waitExposed(print_dialog)
    assert print_dialog.isVisible() and print_dialog.isModal()
    gone: list[bool] = []
    print_dialog.destroyed.connect(lambda: gone.append(True))
    print_dialog.reject()
    qtbot.waitUntil(lambda: gone == [True])  # deleted once closed


def test_save_remembers_the_folder_and_suggests_a_name(
    qtbot: QtBot,
    services: Services,
    officer: Principal,
    admin: Principal,
    meeting: MeetingDetail,
    tmp_path: Path,
) -> None:
    dialog = open_preview(qtbot, services, officer, meeting)
    folder = tmp_path / "usb"
    folder.mkdir()
    assert dialog.save_to(folder / "会议记录.pdf")
    text = squash(pdf_text((folder / "会议记录.pdf").read_bytes()))
    assert TITLE in text and "居民代表29" in text
    assert Path(dialog.suggested_path()) == folder / f"Minutes_{TITLE}_20261208.pdf"
    assert "Saved" in dialog.message.text()
    assert [e.details["how"] for e in prints(services, admin)] == ["save"]


def test_saving_to_a_missing_folder_says_so(
    qtbot: QtBot, services: Services, officer: Principal, meeting: MeetingDetail, tmp_path: Path
) -> None:
    dialog = open_preview(qtbot, services, officer, meeting)
    assert not dialog.save_to(tmp_path / "gone" / "m.pdf")
    box = open_message_box(dialog)
    assert "could not be written" in box.text()
    click(qtbot, box.buttons()[0])


def test_a_missing_meeting_is_explained(
    qtbot: QtBot, services: Services, officer: Principal, meeting: MeetingDetail
) -> None:
    gone = replace(meeting, id="no-such-meeting")
    dialog = meeting_preview(services, officer, gone, MeetingDocument.MINUTES)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.failed, timeout=20_000):
        dialog.show()
    assert "no longer exists" in dialog.message.text()
    assert not dialog.print_action.isEnabled() and not dialog.save_action.isEnabled()
    click(qtbot, open_message_box(dialog).buttons()[0])


def test_background_jobs_report_back_on_the_gui_thread(qtbot: QtBot) -> None:
    results: list[object] = []
    run_in_background(lambda: b"done", results.append, results.append)
    qtbot.waitUntil(lambda: results == [b"done"])
    run_in_background(lambda: 1 / 0, results.append, results.append)  # type: ignore[arg-type, return-value]
    qtbot.waitUntil(lambda: len(results) == 2)
    assert isinstance(results[1], ZeroDivisionError)


def test_closing_the_preview_stops_the_build(
    qtbot: QtBot, services: Services, officer: Principal, meeting: MeetingDetail
) -> None:
    """A long document is not built on for minutes after its preview was closed: the build
    stops at its next page, and nothing is shown or reported."""
    kind, request = MEETING_DOCUMENTS[MeetingDocument.MINUTES], Request(meeting.id)
    closed = threading.Event()
    outcome: list[object] = []

    def build_after_closing(services: Services, user: Principal, request: Request) -> bytes:
        closed.wait(20)  # the officer closes the preview while it is being built
        try:
            data = kind.build(services, user, request)
        except Exception as exc:
            outcome.append(exc)
            raise
        outcome.append(data)
        return data

    slow = replace(kind, build=build_after_closing)
    dialog = DocumentPreviewDialog(services, officer, slow, request, meeting.title, "x.pdf")
    qtbot.addWidget(dialog)
    loaded: list[bool] = []
    dialog.loaded.connect(lambda: loaded.append(True))
    dialog.show()
    dialog.reject()
    closed.set()
    qtbot.waitUntil(lambda: len(outcome) == 1, timeout=20_000)
    qtbot.wait(50)  # the job's result reaches the GUI thread
    assert isinstance(outcome[0], OperationCancelled)
    assert not loaded and not dialog._busy
    assert QApplication.activeModalWidget() is None  # no error box
