"""Dates and times typed as in WPS or Excel (issue 16, point 3): a whole date typed into any
form's date field ("20261215", "2026-12-15", "12-15", "1215"), a time typed into the duty
entry ("930", "09:30") with its duration shown as it is typed; a meeting's end that follows
its start (to another day too); a message under a field that goes once the field is right."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from station_desk.domain.accounts import Principal
from station_desk.domain.duty import DutyPerson
from station_desk.domain.meetings import MeetingDraft, MeetingType
from station_desk.domain.typed_dates import parse_clock, parse_day, parse_moment
from station_desk.services.container import Services
from station_desk.ui.duty.dialogs import DutyEntryDialog
from station_desk.ui.mediation.page import MediationPage
from station_desk.ui.meetings.editor import MeetingEditor
from station_desk.ui.meetings.new_dialog import NewMeetingDialog
from station_desk.ui.widgets.date_entry import ClockEdit, DayEdit
from station_desk.ui.widgets.inputs import from_qdatetime, to_qdate, to_qdatetime
from tests.ui.helpers import TypeText, click

SHOWN = date(2026, 12, 7)


def typed(qtbot: QtBot, widget: QWidget, text: str, then: Qt.Key = Qt.Key.Key_Return) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text)
    if then is not None:
        qtbot.keyClick(widget, then)


@pytest.mark.parametrize("text", ["20261215", "2026-12-15", "2026/12/15", "12-15", "1215", "15"])
def test_a_date_typed_whole_is_read_as_wps_reads_it(qtbot: QtBot, text: str) -> None:
    edit = DayEdit()
    qtbot.addWidget(edit)
    edit.setDate(to_qdate(SHOWN))
    edit.show()
    typed(qtbot, edit, text)
    assert edit.date() == QDate(2026, 12, 15)
    assert edit.text() == "2026-12-15"


def test_what_is_no_date_leaves_the_date_as_it_was(qtbot: QtBot) -> None:
    edit = DayEdit()
    qtbot.addWidget(edit)
    edit.setDate(to_qdate(SHOWN))
    edit.show()
    typed(qtbot, edit, "1399")  # month 13
    assert edit.date() == to_qdate(SHOWN) and edit.text() == "2026-12-07"
    qtbot.keyClick(edit, Qt.Key.Key_Up)  # the arrow keys still step the section
    assert edit.date() != to_qdate(SHOWN)


def test_typed_values_read_alone() -> None:
    assert parse_day("261215", SHOWN) == date(2026, 12, 15)
    assert parse_day("2026年12月15日", SHOWN) == date(2026, 12, 15)
    assert parse_day("0230", SHOWN) is None
    assert parse_clock("930") == time(9, 30) and parse_clock("21") == time(21, 0)
    assert parse_clock("2460") is None
    reference = datetime(2026, 12, 7, 19, 0)
    assert parse_moment("20261215 930", reference) == datetime(2026, 12, 15, 9, 30)
    assert parse_moment("9:30", reference) == datetime(2026, 12, 7, 9, 30)
    assert parse_moment("1215", reference) == datetime(2026, 12, 15, 19, 0)


def test_every_form_date_field_takes_typing(
    qtbot: QtBot, services: Services, officer: Principal
) -> None:
    page = MediationPage(services, officer)
    qtbot.addWidget(page)
    dialog = page.new_case()
    assert isinstance(dialog.received_on, DayEdit)
    dialog.received_on.setDate(to_qdate(SHOWN))
    dialog.show()
    typed(qtbot, dialog.received_on, "1203", Qt.Key.Key_Tab)
    assert dialog.received_on.date() == QDate(2026, 12, 3)
    dialog.discard()


@pytest.fixture
def duty_dialog(qtbot: QtBot, services: Services, officer: Principal) -> DutyEntryDialog:
    person = DutyPerson(officer.user_id, officer.username, officer.display_name)
    dialog = DutyEntryDialog(services, officer, person, day=SHOWN, start=time(8, 30))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_duty_times_take_typed_digits_and_show_the_duration_as_typed(
    qtbot: QtBot, duty_dialog: DutyEntryDialog
) -> None:
    assert isinstance(duty_dialog.starts, ClockEdit)
    assert duty_dialog.duration.text() == "2 hours"
    typed(qtbot, duty_dialog.starts, "930", then=None)
    assert duty_dialog.starts.time().hour() == 9 and duty_dialog.starts.time().minute() == 30
    assert duty_dialog.duration.text() == "1 hour"  # to 10:30
    typed(qtbot, duty_dialog.ends, "12:15", Qt.Key.Key_Tab)
    assert duty_dialog.duration.text() == "2 hours 45 minutes"
    assert duty_dialog.span() == (datetime(2026, 12, 7, 9, 30), datetime(2026, 12, 7, 12, 15))


def test_the_meeting_end_follows_the_start_to_another_day(
    qtbot: QtBot, services: Services, officer: Principal
) -> None:
    dialog = NewMeetingDialog(services, officer)
    qtbot.addWidget(dialog)
    dialog.starts_at.setDateTime(to_qdatetime(datetime(2026, 12, 7, 19, 0)))
    dialog.ends_at.set_value(datetime(2026, 12, 7, 21, 0))
    dialog.show()
    typed(qtbot, dialog.starts_at, "20261215 930")
    assert dialog.ends_at.value() == datetime(2026, 12, 15, 11, 30)
    dialog.discard()


def test_a_message_goes_when_its_field_is_right(
    qtbot: QtBot, services: Services, officer: Principal, type_text: TypeText
) -> None:
    start = datetime(2026, 12, 7, 19, 0)
    meeting = services.meetings.new_meeting(
        officer, MeetingDraft(MeetingType.POLICE_BRIEFING, "十二月警情通报会", start)
    )
    editor = MeetingEditor(services, officer)
    qtbot.addWidget(editor)
    editor.load(meeting)
    editor.show()
    facts = editor.facts
    facts.ends_at.set_value(start - timedelta(hours=1))
    assert not editor.save()
    assert "cannot end before it starts" in facts.form.error_text("ends_at")
    typed(qtbot, facts.starts_at, "1207 1730")  # the end moves along: the message stays
    qtbot.wait(5)
    assert "cannot end before it starts" in facts.form.error_text("ends_at")
    facts.ends_at.edit.setDateTime(to_qdatetime(datetime(2026, 12, 7, 19, 30)))
    qtbot.waitUntil(lambda: facts.form.error_text("ends_at") == "")
    assert from_qdatetime(facts.starts_at.dateTime()) == datetime(2026, 12, 7, 17, 30)

    facts.title.clear()
    assert not editor.save()
    assert facts.form.error_text("title")
    type_text(facts.title, "警情通报会")
    qtbot.waitUntil(lambda: facts.form.error_text("title") == "")


def test_a_party_id_message_goes_once_the_number_is_right(
    qtbot: QtBot, services: Services, officer: Principal
) -> None:
    page = MediationPage(services, officer)
    qtbot.addWidget(page)
    page.show()
    dialog = page.new_case()
    dialog.title.setText("漏水纠纷")
    dialog.accept()
    party = page.editor.add_party()
    party.name.setText("张伟")
    party.resident_id.setText("11010519491231002")  # one character short
    click(qtbot, party.buttons.button(party.buttons.StandardButton.Ok))
    assert party.isVisible() and party.form.error_text("resident_id")
    message = party.form.error_text("resident_id")
    qtbot.keyClicks(party.resident_id, "1")  # 18 characters, a wrong check character
    qtbot.waitUntil(lambda: party.form.error_text("resident_id") not in ("", message))
    qtbot.keyClick(party.resident_id, Qt.Key.Key_Backspace)
    qtbot.keyClicks(party.resident_id, "X")
    qtbot.waitUntil(lambda: party.form.error_text("resident_id") == "")


def test_a_mediation_session_end_follows_its_start(
    qtbot: QtBot, services: Services, officer: Principal
) -> None:
    page = MediationPage(services, officer)
    qtbot.addWidget(page)
    page.show()
    dialog = page.new_case()
    dialog.title.setText("漏水纠纷")
    dialog.accept()
    session = page.editor.add_session()
    session.starts_at.setDateTime(to_qdatetime(datetime(2026, 12, 7, 9, 0)))
    session.ends_at.set_value(datetime(2026, 12, 7, 10, 30))
    typed(qtbot, session.starts_at, "1208 1400")
    assert session.ends_at.value() == datetime(2026, 12, 8, 15, 30)
    session.discard()


def test_the_duty_end_message_goes_once_the_times_are_right(
    qtbot: QtBot, duty_dialog: DutyEntryDialog
) -> None:
    typed(qtbot, duty_dialog.ends, "0800", Qt.Key.Key_Tab)  # before the start at 08:30
    click(qtbot, duty_dialog.buttons.button(duty_dialog.buttons.StandardButton.Ok))
    assert "before the start" in duty_dialog.form.error_text("ends_at")
    assert duty_dialog.duration.text() == "—"
    typed(qtbot, duty_dialog.starts, "730", Qt.Key.Key_Tab)  # the start moves, not the end
    qtbot.waitUntil(lambda: duty_dialog.form.error_text("ends_at") == "")
    assert duty_dialog.duration.text() == "30 minutes"
