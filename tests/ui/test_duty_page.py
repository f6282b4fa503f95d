"""The duty log page: an entry logged through its dialog shows in the week's table and moves
the week's figure; the end before the start is refused at the field; delete (asked) and
undo; weeks and people; room opening hours; the duty report's preview."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from station_desk.documents import DUTY_REPORT
from station_desk.domain.accounts import Principal
from station_desk.domain.duty import DutyActivity, DutyEntryDraft, week_start
from station_desk.services.container import Services
from station_desk.ui.duty.dialogs import (
    DutyEntryDialog,
    DutyReportDialog,
    RoomHoursDialog,
    TargetDialog,
)
from station_desk.ui.duty.page import DutyPage
from station_desk.ui.widgets.inputs import to_qdate
from station_desk.ui.widgets.preview import DocumentPreviewDialog
from tests.reports_helpers import pdf_text, squash
from tests.ui.helpers import TypeText, click, open_message_box


def this_monday() -> date:
    return week_start(date.today())


@pytest.fixture
def page(qtbot: QtBot, services: Services, officer: Principal) -> DutyPage:
    page = DutyPage(services, officer)
    qtbot.addWidget(page)
    page.resize(1190, 680)
    with qtbot.waitExposed(page):
        page.show()
    return page


def ok(qtbot: QtBot, dialog) -> None:
    click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Ok))


def log(services: Services, actor: Principal, day: date, start: int, end: int, **values: object):
    draft = DutyEntryDraft(
        actor.user_id,
        datetime.combine(day, time(start)),
        datetime.combine(day, time(end)),
        values.pop("activity", DutyActivity.PATROL),  # type: ignore[arg-type]
        **values,  # type: ignore[arg-type]
    )
    return services.duty.add_entry(actor, draft)


def places(page: DutyPage) -> list[str]:
    return [entry.place for entry in page.entries()]


def test_logging_an_entry_shows_it_and_moves_the_week_figure(
    qtbot: QtBot, page: DutyPage, type_text: TypeText
) -> None:
    assert page.person.currentText() == "李明"  # the signed-in user by default
    assert page.week().in_beat_minutes == 0
    assert "this week: 0.0 of 30 h target" in page.summary.figure.text()
    click(qtbot, page.new_button)
    dialog = page.findChild(DutyEntryDialog)
    dialog.day.setDate(to_qdate(this_monday()))
    dialog.starts.setTime(QTime(9, 0))
    dialog.ends.setTime(QTime(11, 30))
    dialog.activity.setCurrentIndex(dialog.activity.findData(DutyActivity.VISIT.value))
    assert dialog.in_beat.isChecked()
    type_text(dialog.place, "3号楼独居老人家")
    type_text(dialog.notes, "提示防范电信诈骗")
    ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert places(page) == ["3号楼独居老人家"]
    row = [page.model.index(0, c).data() for c in range(page.model.columnCount())]
    assert row[1] == "09:00–11:30" and row[2] == "Visits and enquiries" and row[5] == "2.5"
    assert page.week().in_beat_minutes == 150
    assert "this week: 2.5 of 30 h target" in page.summary.figure.text()
    assert page.summary.bar.value() == 25

    # training is outside the beat by default: listed, but not counted
    click(qtbot, page.new_button)
    dialog = page.findChild(DutyEntryDialog)
    dialog.day.setDate(to_qdate(this_monday()))
    dialog.starts.setTime(QTime(14, 0))
    dialog.ends.setTime(QTime(16, 0))
    dialog.activity.setCurrentIndex(dialog.activity.findData(DutyActivity.TRAINING.value))
    assert not dialog.in_beat.isChecked()
    ok(qtbot, dialog)
    assert len(page.entries()) == 2
    assert page.week().in_beat_minutes == 150 and page.week().other_minutes == 120


def test_end_before_start_is_shown_at_the_field(
    qtbot: QtBot, page: DutyPage, services: Services, officer: Principal, type_text: TypeText
) -> None:
    click(qtbot, page.new_button)
    dialog = page.findChild(DutyEntryDialog)
    dialog.starts.setTime(QTime(15, 0))
    dialog.ends.setTime(QTime(14, 0))
    type_text(dialog.place, "北区")
    ok(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.form.error_text("ends_at") == "The end is before the start."
    assert dialog.place.text() == "北区"  # nothing typed is lost
    # a night patrol past midnight is fine once it says so
    dialog.next_day.setChecked(True)
    ok(qtbot, dialog)
    assert not dialog.isVisible()
    saved = dialog.saved
    assert saved is not None and saved.minutes == 23 * 60
    assert services.duty.get_entry(officer, saved.id).place == "北区"


def test_overlapping_entry_is_refused_at_the_start(
    qtbot: QtBot, page: DutyPage, services: Services, officer: Principal
) -> None:
    log(services, officer, this_monday(), 9, 11, place="南区")
    page.reload()
    click(qtbot, page.new_button)
    dialog = page.findChild(DutyEntryDialog)
    dialog.day.setDate(to_qdate(this_monday()))
    dialog.starts.setTime(QTime(10, 0))
    dialog.ends.setTime(QTime(12, 0))
    ok(qtbot, dialog)
    assert dialog.isVisible()
    assert "overlaps another entry" in dialog.form.error_text("starts_at")


def test_edit_delete_with_confirmation_and_undo(
    qtbot: QtBot, page: DutyPage, services: Services, officer: Principal
) -> None:
    log(services, officer, this_monday(), 9, 11, place="南区")
    log(services, officer, this_monday(), 14, 15, place="菜市场")
    page.reload()
    assert places(page) == ["南区", "菜市场"]
    page.table.selectRow(1)
    dialog = page.edit_selected()
    assert isinstance(dialog, DutyEntryDialog) and dialog.place.text() == "菜市场"
    dialog.ends.setTime(QTime(16, 0))
    ok(qtbot, dialog)
    assert page.week().in_beat_minutes == 4 * 60

    page.table.selectRow(0)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)  # the Delete key asks too
    box = open_message_box(page)
    assert "Delete the entry Security patrol" in box.text()
    click(qtbot, box.button(QMessageBox.StandardButton.No))
    assert places(page) == ["南区", "菜市场"]
    page.table.selectRow(0)
    click(qtbot, page.delete_button)
    click(qtbot, open_message_box(page).button(QMessageBox.StandardButton.Yes))
    assert places(page) == ["菜市场"]
    assert page.week().in_beat_minutes == 2 * 60
    assert page.undo_button.isVisible()
    click(qtbot, page.undo_button)
    assert places(page) == ["南区", "菜市场"]
    assert not page.undo_button.isVisible()


def test_weeks_and_people(
    qtbot: QtBot, page: DutyPage, services: Services, officer: Principal, aux: Principal
) -> None:
    log(services, officer, this_monday() - timedelta(days=7), 9, 12, place="上周")
    log(services, aux, this_monday(), 8, 9, place="王芳的巡逻")
    page.reload()
    assert places(page) == []
    click(qtbot, page.previous_button)
    assert places(page) == ["上周"]
    assert "in the beat in" in page.summary.figure.text().lower()
    assert page.summary.is_behind()  # a past week below its target
    click(qtbot, page.this_week_button)
    page.show_person(aux.user_id)
    assert places(page) == ["王芳的巡逻"]
    click(qtbot, page.next_button)
    assert page.monday == this_monday() + timedelta(days=7) and places(page) == []


def test_room_opening_hours(qtbot: QtBot, page: DutyPage, type_text: TypeText) -> None:
    page.tabs.setCurrentIndex(1)
    click(qtbot, page.room_new_button)
    dialog = page.findChild(RoomHoursDialog)
    dialog.day.setDate(to_qdate(this_monday()))
    dialog.opens.setTime(QTime(17, 0))
    dialog.closes.setTime(QTime(9, 0))
    type_text(dialog.staff, "李明、王芳")
    ok(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.form.error_text("closes_at") == "The room cannot close before it opens."
    dialog.opens.setTime(QTime(8, 30))
    dialog.closes.setTime(QTime(17, 30))
    ok(qtbot, dialog)
    assert [r.staff for r in page.room_model.rows()] == ["李明、王芳"]
    page.room_table.selectRow(0)
    click(qtbot, page.room_delete_button)
    click(qtbot, open_message_box(page).button(QMessageBox.StandardButton.Yes))
    assert page.room_model.rows() == []


def test_duty_report_preview_holds_the_entry(
    qtbot: QtBot, page: DutyPage, services: Services, officer: Principal
) -> None:
    log(services, officer, this_monday(), 9, 11, place="和平里菜市场")
    page.reload()
    click(qtbot, page.report_button)
    report = page.findChild(DutyReportDialog)
    assert report.period() == (this_monday(), this_monday() + timedelta(days=6))
    click(qtbot, report.month_button)
    first = this_monday().replace(day=1)
    assert report.period()[0] == first
    click(qtbot, report.week_button)
    preview = report.preview()
    assert isinstance(preview, DocumentPreviewDialog) and preview.kind is DUTY_REPORT
    qtbot.waitUntil(lambda: preview.page_count() > 0, timeout=20000)
    text = squash(pdf_text(preview.data))
    assert "和平里菜市场" in text and "李明" in text
    produced = preview.produce("zh_CN")
    assert "和平里菜市场" in squash(pdf_text(produced))
    preview.done(0)


def test_saving_the_report_and_the_entries(
    qtbot: QtBot, page: DutyPage, services: Services, officer: Principal, tmp_path
) -> None:
    log(services, officer, this_monday(), 9, 11, place="和平里菜市场")
    page.reload()
    report = page.open_report()
    assert report is not None and report.xlsx_button.isEnabled()
    assert report.save_xlsx(tmp_path / "duty.xlsx")
    assert (tmp_path / "duty.xlsx").read_bytes()[:2] == b"PK"
    assert report.message.text() == f"Saved: {tmp_path / 'duty.xlsx'}"
    preview = report.preview()
    assert preview is not None
    qtbot.waitUntil(lambda: preview.page_count() > 0, timeout=20000)
    assert preview.save_to(tmp_path / "duty.pdf")
    assert (tmp_path / "duty.pdf").read_bytes().startswith(b"%PDF")
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert preview.print_to(printer)
    assert (tmp_path / "printed.pdf").stat().st_size > 0
    preview.done(0)


def test_weekly_target_for_admins(
    qtbot: QtBot, services: Services, admin: Principal, officer: Principal
) -> None:
    officer_page = DutyPage(services, officer)
    qtbot.addWidget(officer_page)
    assert officer_page.target_button.isHidden()
    page = DutyPage(services, admin)
    qtbot.addWidget(page)
    page.show()
    click(qtbot, page.target_button)
    dialog = page.findChild(TargetDialog)
    assert dialog.hours.value() == 30
    dialog.hours.setValue(25)
    ok(qtbot, dialog)
    assert services.duty.target_hours(admin) == 25
    assert "of 25 h target" in page.summary.figure.text()


def test_auxiliary_police_may_log_for_the_officer(
    qtbot: QtBot, services: Services, officer: Principal, aux: Principal
) -> None:
    page = DutyPage(services, aux)
    qtbot.addWidget(page)
    page.show()
    assert page.person.currentText() == "王芳"
    page.show_person(officer.user_id)
    assert page.new_button.isEnabled()
    dialog = page.new_entry()
    assert isinstance(dialog, DutyEntryDialog)
    assert dialog.whose.text() == "李明"
    dialog.starts.setTime(QTime(8, 0))
    dialog.ends.setTime(QTime(9, 0))
    ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert services.duty.week(officer, officer.user_id, dialog.saved.starts_at.date()).entries == 1
    report = page.open_report()
    assert report is not None and not report.xlsx_button.isEnabled()  # no EXPORT
