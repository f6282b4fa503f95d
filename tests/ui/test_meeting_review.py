"""The meeting editor's "Report and review…" for a 述职会, driven as the recorder would: the
officer's 述职报告 attached, the attendees filled in and rated, the result typed, saved; the
minutes' preview prints them; a 警情通报会 attaches the briefing; other meetings show no button."""

from __future__ import annotations

import gc
from datetime import UTC, date, datetime

import pytest
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QTableWidgetItem
from pytestqt.qtbot import QtBot

from station_desk.domain.accounts import Principal
from station_desk.domain.briefings import BriefingText
from station_desk.domain.meetings import (
    AttendeeEntry,
    AttendeeKind,
    MeetingDocument,
    MeetingDraft,
    MeetingType,
)
from station_desk.domain.work_reports import Quarter, Rating, WorkReportText
from station_desk.services.container import Services
from station_desk.ui.meetings.page import MeetingsPage
from station_desk.ui.reports.review_dialog import REMARKS, MeetingReviewDialog
from station_desk.ui.widgets.preview import DocumentPreviewDialog
from tests.reports_helpers import pdf_text, squash
from tests.ui.conftest import TypeText
from tests.ui.helpers import click


@pytest.fixture(autouse=True)
def _fonts_loaded_on_the_gui_thread() -> None:
    """The first PDF of a process loads reportlab's fonts on the preview's worker thread; after
    the main-window tests that has crashed the process now and then (a segfault inside
    reportlab's font parsing, not reproducible alone). Load them here first, on the GUI
    thread, with earlier tests' widgets collected."""
    from station_desk.reports.fonts import register_fonts

    gc.collect()
    register_fonts()


@pytest.fixture
def page(qtbot: QtBot, services: Services, officer: Principal) -> MeetingsPage:
    widget = MeetingsPage(services, officer)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    return widget


def new_meeting(services: Services, officer: Principal, kind: MeetingType) -> str:
    guests = tuple(AttendeeEntry(AttendeeKind.GUEST, name, organisation="居民代表") for name in ("周大妈", "吴先生"))
    draft = MeetingDraft(kind, "第三季度述职会" if kind is MeetingType.ACCOUNTABILITY else "十一月警情通报会",
                         datetime(2026, 10, 15, 19), attendees=guests)
    return services.meetings.new_meeting(officer, draft).id


def test_rate_the_report_at_an_accountability_meeting(
    qtbot: QtBot, page: MeetingsPage, services: Services, officer: Principal, type_text: TypeText
) -> None:
    services.work_reports.now = lambda: datetime(2026, 12, 7, 2, tzinfo=UTC)
    report = services.work_reports.save_draft(
        officer, officer.user_id, Quarter(2026, 3), WorkReportText("走访群众。", "宣传不够。", "加强宣传。")
    )
    page.open_meeting(new_meeting(services, officer, MeetingType.ACCOUNTABILITY))
    editor = page.editor
    assert editor.review_button.isVisible()
    click(qtbot, editor.review_button)
    dialog = editor.findChild(MeetingReviewDialog)
    assert dialog is not None
    dialog.report.setCurrentIndex(dialog.report.findData(report.id))
    click(qtbot, dialog.attendees_button)
    assert dialog.table.rowCount() == 2
    combo = dialog.table.cellWidget(1, 1)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData(Rating.FAIRLY_SATISFIED.value))
    dialog.table.setItem(1, REMARKS, QTableWidgetItem("希望多巡逻"))
    assert "(2 in all)" in dialog.tally.text()
    type_text(dialog.result_text, "述职通过")
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    review = services.meeting_reviews.get(officer, editor.meeting.id)  # type: ignore[union-attr]
    assert review.work_report_id == report.id and review.result == "述职通过"
    assert [(r.name, r.rating, r.remarks) for r in review.ratings] == [
        ("周大妈", Rating.SATISFIED, ""), ("吴先生", Rating.FAIRLY_SATISFIED, "希望多巡逻"),
    ]
    preview = editor.preview(MeetingDocument.MINUTES)
    assert isinstance(preview, DocumentPreviewDialog)
    qtbot.waitUntil(lambda: preview.page_count() > 0, timeout=30000)
    text = squash(pdf_text(preview.data))
    assert "希望多巡逻" in text and "述职通过" in text and "李明" in text
    preview.done(0)


def test_a_briefing_meeting_attaches_the_briefing(
    qtbot: QtBot, page: MeetingsPage, services: Services, officer: Principal
) -> None:
    services.briefings.now = lambda: datetime(2026, 12, 7, 2, tzinfo=UTC)
    briefing = services.briefings.save(officer, date(2026, 11, 1), date(2026, 11, 30), BriefingText("防诈骗"))
    page.open_meeting(new_meeting(services, officer, MeetingType.POLICE_BRIEFING))
    dialog = page.editor.open_review()
    assert dialog is not None and not dialog.table.isVisible()
    dialog.report.setCurrentIndex(dialog.report.findData(briefing.id))
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    assert services.meeting_reviews.get(officer, page.editor.meeting.id).briefing_id == briefing.id  # type: ignore[union-attr]


def test_other_meetings_have_no_review(page: MeetingsPage, services: Services, officer: Principal) -> None:
    page.open_meeting(new_meeting(services, officer, MeetingType.SECURITY_COMMITTEE))
    assert not page.editor.review_button.isVisible()
