"""The reports page driven as the officer would: the 述职报告's three sections typed, saved as
a draft, reloaded, finalised (then read-only) and previewed; the 警情通报's advice typed and
saved, the last-month button, the briefing and the public notice previewed and saved."""

from __future__ import annotations

import gc
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from station_desk.documents import BRIEFING, PUBLIC_NOTICE, WORK_REPORT
from station_desk.domain.accounts import Principal
from station_desk.domain.duty import DutyActivity, DutyEntryDraft
from station_desk.domain.work_reports import Quarter, WorkReportStatus
from station_desk.services.container import Services
from station_desk.ui.reports.page import ReportsPage
from station_desk.ui.widgets.preview import DocumentPreviewDialog
from tests.reports_helpers import pdf_text, squash
from tests.ui.conftest import TypeText
from tests.ui.helpers import click, open_message_box


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
def page(qtbot: QtBot, services: Services, officer: Principal) -> ReportsPage:
    today = services.work_reports.today()
    start = datetime(today.year, today.month, 1, 9) if today.day > 1 else datetime(today.year, today.month, 1, 0)
    services.duty.add_entry(officer, DutyEntryDraft(officer.user_id, start, start.replace(hour=start.hour + 2), DutyActivity.SERVICE))
    widget = ReportsPage(services, officer)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    return widget


def wait_for(qtbot: QtBot, preview: DocumentPreviewDialog | None) -> str:
    assert isinstance(preview, DocumentPreviewDialog)
    qtbot.waitUntil(lambda: preview.page_count() > 0, timeout=30000)
    return squash(pdf_text(preview.data))


def test_write_save_finalise_and_preview_the_work_report(
    qtbot: QtBot, page: ReportsPage, services: Services, officer: Principal, type_text: TypeText
) -> None:
    tab = page.work_report
    quarter = Quarter.of(services.work_reports.today())
    assert tab.chosen_quarter() == quarter and not tab.person.isEnabled()  # only his own
    assert not tab.save_button.isEnabled() and not tab.finalise_button.isEnabled()
    type_text(tab.editors["summary"], "本季度走访群众80户")
    assert page.has_unsaved_changes() and tab.save_button.isEnabled()
    click(qtbot, tab.save_button)
    assert not page.has_unsaved_changes()
    stored = services.work_reports.get(officer, officer.user_id, quarter)
    assert stored is not None and stored.text.summary == "本季度走访群众80户"
    click(qtbot, tab.finalise_button)  # asks, then refuses: two sections are empty
    click(qtbot, open_message_box(tab).button(QMessageBox.StandardButton.Yes))
    assert "Write every section" in open_message_box(tab).text()
    open_message_box(tab).accept()
    type_text(tab.editors["problems"], "夜间巡逻不足")
    type_text(tab.editors["plans"], "加强夜间巡逻")
    click(qtbot, tab.finalise_button)
    click(qtbot, open_message_box(tab).button(QMessageBox.StandardButton.Yes))
    assert services.work_reports.get(officer, officer.user_id, quarter).status is WorkReportStatus.FINAL  # type: ignore[union-attr]
    assert tab.editors["summary"].isReadOnly() and not tab.finalise_button.isEnabled()
    preview = tab.preview()
    assert preview is not None and preview.kind is WORK_REPORT
    text = wait_for(qtbot, preview)
    assert "本季度走访群众80户" in text and "加强夜间巡逻" in text and "李明" in text
    preview.done(0)
    tab.quarter.setCurrentIndex(1)  # the previous quarter: nothing written
    assert tab.editors["summary"].toPlainText() == "" and not tab.editors["summary"].isReadOnly()


def test_the_briefing_and_its_public_notice(
    qtbot: QtBot, page: ReportsPage, services: Services, officer: Principal, type_text: TypeText, tmp_path: Path
) -> None:
    tab = page.briefing
    page.tabs.setCurrentWidget(tab)
    click(qtbot, tab.month_button)
    first, last = tab.period()
    assert first.day == 1 and last.month == first.month and last > first
    type_text(tab.advice, "谨防冒充客服诈骗")
    type_text(tab.remarks, "李明跟进")
    click(qtbot, tab.save_button)
    assert services.briefings.get(officer, first, last).text.advice == "谨防冒充客服诈骗"  # type: ignore[union-attr]
    tab.last_two_weeks()
    assert tab.advice.toPlainText() == ""
    tab.set_period(first, last)
    assert tab.advice.toPlainText() == "谨防冒充客服诈骗"
    briefing = tab.preview(False)
    assert briefing is not None and briefing.kind is BRIEFING
    text = wait_for(qtbot, briefing)
    assert "谨防冒充客服诈骗" in text and "李明跟进" in text
    briefing.done(0)
    notice = tab.preview(True)
    assert notice is not None and notice.kind is PUBLIC_NOTICE
    text = wait_for(qtbot, notice)
    assert "谨防冒充客服诈骗" in text and "李明" not in text
    assert notice.save_to(tmp_path / "notice.pdf")
    assert (tmp_path / "notice.pdf").read_bytes().startswith(b"%PDF")
    notice.done(0)


def test_a_phone_number_in_the_advice_is_refused(
    qtbot: QtBot, page: ReportsPage, services: Services, officer: Principal, type_text: TypeText
) -> None:
    tab = page.briefing
    type_text(tab.advice, "有事打13812345678")
    click(qtbot, tab.save_button)
    assert "remove ID and phone numbers" in open_message_box(tab).text()
    open_message_box(tab).accept()
    assert services.briefings.get(officer, *tab.period()) is None and page.has_unsaved_changes()


def test_an_administrator_chooses_whose_report(qtbot: QtBot, services: Services, admin: Principal) -> None:
    widget = ReportsPage(services, admin)
    qtbot.addWidget(widget)
    names = [widget.work_report.person.itemText(i) for i in range(widget.work_report.person.count())]
    assert "李明" in names and "王芳" in names and widget.work_report.person.isEnabled()

