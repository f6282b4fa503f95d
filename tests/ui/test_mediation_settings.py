"""The mediation settings dialog: pattern with a live example, time limits, the holiday
calendar; saved values read back, errors at their field, Cancel asks before dropping edits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from station_desk.domain.accounts import Principal
from station_desk.domain.mediation import MediationLimits, MediationSettings
from station_desk.services.container import Services
from station_desk.ui.mediation.settings import DayList, HolidayCalendar, MediationSettingsDialog
from station_desk.ui.widgets.dialogs import open_dialog
from station_desk.ui.widgets.inputs import to_qdate
from tests.integration.services.test_mediation import clock
from tests.ui.helpers import TypeText, open_message_box

# these tests edit the calendar by hand, starting from an empty one (no shipped official days)
pytestmark = pytest.mark.usefixtures("no_official_holidays")

Opener = Callable[[Principal], MediationSettingsDialog]
NATIONAL_DAY = [date(2026, 10, d) for d in range(1, 8)]


@pytest.fixture
def dialog_for(qtbot: QtBot, services: Services) -> Callable[[Principal], MediationSettingsDialog]:
    """Open the dialog (as the main window does) over a host window, "today" 28 Sept. 2026."""
    services.mediation.now = lambda: clock(date(2026, 9, 28))
    host = QWidget()
    qtbot.addWidget(host)
    host.resize(1366, 768)
    with qtbot.waitExposed(host):
        host.show()

    def make(principal: Principal) -> MediationSettingsDialog:
        dialog = MediationSettingsDialog(services, principal, host)
        with qtbot.waitExposed(dialog):
            open_dialog(dialog)
        return dialog

    return make


def choose(dialog: MediationSettingsDialog, first: date, last: date) -> None:
    dialog.calendar.first.setDate(to_qdate(first))
    dialog.calendar.last.setDate(to_qdate(last))


def shown(days_list: DayList) -> list[str]:
    return [
        str(days_list.list.item(row).data(Qt.ItemDataRole.UserRole))
        for row in range(days_list.list.count())
    ]


def test_admin_sets_pattern_limits_and_holidays(
    qtbot: QtBot, dialog_for: Opener, services: Services, admin: Principal, type_text: TypeText
) -> None:
    dialog = dialog_for(admin)
    assert dialog.example.text() == "〔2026〕调字第0001号"
    parts = dialog.pattern
    assert (parts.before.text(), parts.between.text(), parts.after.text()) == ("〔", "〕调字第", "号")
    assert parts.digits.value() == 4
    for edit, text in ((parts.before, "HT"), (parts.between, "-"), (parts.after, "")):
        edit.clear()
        type_text(edit, text)
    parts.digits.setValue(3)
    assert dialog.example.text() == "HT2026-001"

    type_text(dialog.committee, "和平里社区人民调解委员会")
    dialog.police_days.setValue(5)
    dialog.peoples_months.setValue(2)
    dialog.visit_days.setValue(10)

    choose(dialog, date(2026, 10, 1), date(2026, 10, 7))
    dialog.calendar.add_holidays.click()
    assert shown(dialog.calendar.holidays) == [d.isoformat() for d in NATIONAL_DAY]
    assert "7" in dialog.calendar.message.text()

    choose(dialog, date(2026, 9, 26), date(2026, 10, 11))  # only the weekend days are added
    dialog.calendar.add_workdays.click()
    # 3, 4 October were holidays: they move; 26, 27 September and 10, 11 October are added
    assert shown(dialog.calendar.workdays) == [
        "2026-09-26",
        "2026-09-27",
        "2026-10-03",
        "2026-10-04",
        "2026-10-10",
        "2026-10-11",
    ]
    assert "2026-10-03" not in shown(dialog.calendar.holidays)

    # take back what is not wanted: select and remove
    workdays = dialog.calendar.workdays
    for row in range(workdays.list.count()):
        wanted = shown(workdays)[row] in ("2026-09-26", "2026-10-03", "2026-10-04", "2026-10-11")
        workdays.list.item(row).setSelected(wanted)
    workdays.remove_button.click()
    assert shown(workdays) == ["2026-09-27", "2026-10-10"]
    workdays.list.setFocus()
    workdays.list.item(0).setSelected(True)
    qtbot.keyClick(workdays.list, Qt.Key.Key_Delete)  # the Delete key removes too
    assert shown(workdays) == ["2026-10-10"]
    choose(dialog, date(2026, 9, 27), date(2026, 9, 27))
    dialog.calendar.add_workdays.click()
    choose(dialog, date(2026, 10, 3), date(2026, 10, 4))
    dialog.calendar.add_holidays.click()
    assert shown(dialog.calendar.holidays) == [d.isoformat() for d in NATIONAL_DAY]

    # a holiday of another year; the year filter shows one year or all
    choose(dialog, date(2027, 1, 1), date(2027, 1, 1))
    dialog.calendar.add_holidays.click()
    assert shown(dialog.calendar.holidays) == ["2027-01-01"]  # the year just added is shown
    dialog.calendar.year.setCurrentIndex(dialog.calendar.year.findData(0))
    assert len(shown(dialog.calendar.holidays)) == 8

    dialog.accept()
    assert not dialog.isVisible()
    stored = services.mediation.settings(admin)
    assert stored == dialog.saved
    assert stored.committee_name == "和平里社区人民调解委员会"
    assert stored.pattern == "HT{year}-{seq:03d}"
    limits = stored.limits
    assert (limits.police_working_days, limits.peoples_months, limits.return_visit_days) == (
        5,
        2,
        10,
    )
    assert limits.holidays == (*NATIONAL_DAY, date(2027, 1, 1))
    assert limits.extra_workdays == (date(2026, 9, 27), date(2026, 10, 10))

    again = dialog_for(admin)  # read back into a new dialog
    assert again.pattern.before.text() == "HT" and again.pattern.digits.value() == 3
    assert again.police_days.value() == 5
    assert shown(again.calendar.workdays) == ["2026-09-27", "2026-10-10"]


def test_the_case_number_is_named_parts_not_format_codes(
    dialog_for: Opener, services: Services, admin: Principal, type_text: TypeText
) -> None:
    """Issue 16.9: no {year} or {seq:04d} to type; the parts give the stored pattern."""
    dialog = dialog_for(admin)
    texts = [label.text() for label in dialog.findChildren(QLabel) if label.isVisible()]
    assert "Year" in texts and "Number in the year" in texts
    assert not [text for text in texts if "{" in text]
    type_text(dialog.pattern.between, "民")
    dialog.pattern.digits.setValue(5)
    assert dialog.example.text() == "〔2026〕调字第民00001号"
    for edit in (dialog.pattern.before, dialog.pattern.between, dialog.pattern.after):
        edit.setText("x" * 20)  # too long a number: said at once, and at the field
    assert "at most 60 characters" in dialog.example.text()
    dialog.accept()
    assert dialog.isVisible() and dialog.form.error_text("pattern")
    assert services.mediation.settings(admin) == MediationSettings()
    for edit, text in zip(
        (dialog.pattern.before, dialog.pattern.between, dialog.pattern.after),
        ("〔", "〕调字第民", "号"),
        strict=True,
    ):
        edit.setText(text)
    dialog.accept()
    assert not dialog.isVisible()
    assert services.mediation.settings(admin).pattern == "〔{year}〕调字第民{seq:05d}号"


def test_a_pattern_the_parts_cannot_show_is_kept_until_changed(
    dialog_for: Opener, services: Services, admin: Principal
) -> None:
    services.mediation.update_settings(admin, MediationSettings(pattern="{year}-{seq:4d}"))
    dialog = dialog_for(admin)
    assert dialog.example.text() == "2026-   1"
    dialog.accept()
    assert services.mediation.settings(admin).pattern == "{year}-{seq:4d}"
    dialog = dialog_for(admin)
    dialog.pattern.digits.setValue(2)
    assert dialog.example.text() == "〔2026〕调字第01号"


def test_a_wrong_range_is_shown_at_the_calendar(dialog_for: Opener, admin: Principal) -> None:
    dialog = dialog_for(admin)
    choose(dialog, date(2026, 10, 5), date(2026, 10, 9))  # Monday to Friday
    dialog.calendar.add_workdays.click()
    assert "Saturday or Sunday" in dialog.form.error_text("calendar")
    assert shown(dialog.calendar.workdays) == []
    choose(dialog, date(2026, 1, 1), date(2026, 3, 1))
    dialog.calendar.add_holidays.click()
    assert "at most 31 days" in dialog.form.error_text("calendar")
    assert shown(dialog.calendar.holidays) == []


def test_cancel_with_changes_asks_first(
    qtbot: QtBot, dialog_for: Opener, services: Services, admin: Principal
) -> None:
    dialog = dialog_for(admin)
    choose(dialog, date(2026, 10, 1), date(2026, 10, 7))
    dialog.calendar.add_holidays.click()
    dialog.reject()
    assert dialog.isVisible()
    with qtbot.waitSignal(dialog.rejected):
        open_message_box(dialog).button(QMessageBox.StandardButton.Discard).click()
    assert services.mediation.settings(admin).limits.holidays == ()


def test_others_see_the_settings_read_only(dialog_for: Opener, officer: Principal) -> None:
    dialog = dialog_for(officer)
    assert dialog.example.text() == "〔2026〕调字第0001号"
    assert not dialog.pattern.isEnabled() and not dialog.calendar.isEnabled()
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()


def test_warns_while_this_year_or_next_has_no_holidays(qtbot: QtBot) -> None:
    calendar = HolidayCalendar(MediationLimits(holidays=(date(2027, 1, 1),)), 2026)
    qtbot.addWidget(calendar)
    calendar.show()
    assert calendar.warning.isVisible()
    assert calendar.warning.text() == (
        "No public holidays entered for 2026: working days are counted Monday to Friday."
    )
    choose_days(calendar, date(2026, 10, 1), date(2026, 10, 7))
    calendar.add_holidays.click()
    assert not calendar.warning.isVisible()
    calendar.year.setCurrentIndex(calendar.year.findData(2027))
    calendar.holidays.list.selectAll()
    calendar.holidays.remove_button.click()
    assert "2027" in calendar.warning.text() and "2026" not in calendar.warning.text()
    assert calendar.warning.isVisible()


def choose_days(calendar: HolidayCalendar, first: date, last: date) -> None:
    calendar.first.setDate(to_qdate(first))
    calendar.last.setDate(to_qdate(last))
