"""The action-item overview and the meetings modules in the main window: open and overdue
items first (highlighted), a double click opens the meeting; quitting with unsaved edits asks."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from station_desk.domain.accounts import Principal
from station_desk.domain.meetings import (
    ActionEntry,
    ActionStatus,
    MeetingDraft,
    MeetingQuery,
    MeetingType,
)
from station_desk.services.container import Services
from station_desk.ui.meetings.actions_page import ActionsPage
from station_desk.ui.meetings.page import MeetingsPage
from station_desk.ui.widgets.rows import WARN_BACKGROUND
from tests.ui.helpers import AUX_PAGES, MakeWindow, TypeText, click, open_message_box


@pytest.fixture
def meeting_id(services: Services, officer: Principal) -> str:
    """A meeting a month ago with an overdue, an open, a dateless and a done item."""
    today = date.today()
    start = datetime.combine(today - timedelta(days=30), datetime.min.time()).replace(hour=9)
    meeting = services.meetings.new_meeting(
        officer, MeetingDraft(MeetingType.SECURITY_COMMITTEE, "上月治保例会", start)
    )
    actions = (
        ActionEntry("回访独居老人", "王芳", today + timedelta(days=10)),
        ActionEntry("更换东门路灯", "物业公司", today - timedelta(days=3)),
        ActionEntry("整理会议台账", "李明"),
        ActionEntry("清理楼道杂物", "物业公司", today - timedelta(days=20), ActionStatus.DONE),
    )
    services.meetings.save(officer, meeting.to_update(actions=actions))
    return meeting.id


@pytest.fixture
def page(meeting_id: str, qtbot: QtBot, services: Services, officer: Principal) -> ActionsPage:
    page = ActionsPage(services, officer)
    qtbot.addWidget(page)
    page.resize(1190, 600)
    with qtbot.waitExposed(page):
        page.show()
    return page


def test_open_and_overdue_first_and_highlighted(page: ActionsPage) -> None:
    assert [row.description for row in page.rows()] == [
        "更换东门路灯",
        "回访独居老人",
        "整理会议台账",
        "清理楼道杂物",
    ]
    assert page.model.index(0, 0).data() == "Open (overdue)"
    background = page.model.index(0, 2).data(Qt.ItemDataRole.BackgroundRole)
    assert isinstance(background, QBrush) and background.color() == WARN_BACKGROUND
    assert page.model.index(1, 2).data(Qt.ItemDataRole.BackgroundRole) is None
    assert page.model.index(0, 4).data() == "上月治保例会"
    assert page.summary.text() == "3 open, 1 overdue"
    page.only_open.setChecked(True)
    assert len(page.rows()) == 3


def test_double_click_asks_to_open_the_meeting(
    qtbot: QtBot, page: ActionsPage, meeting_id: str
) -> None:
    centre = page.table.visualRect(page.model.index(1, 2)).center()
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    with qtbot.waitSignal(page.open_meeting_requested) as blocker:
        qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert blocker.args == [meeting_id]


def test_model_is_consistent(qtmodeltester, page: ActionsPage) -> None:
    qtmodeltester.check(page.model)


def test_every_role_sees_the_meeting_modules(make_window: MakeWindow, aux: Principal) -> None:
    window = make_window(aux)
    assert window.page_keys() == ["home", *AUX_PAGES]


def test_overview_opens_the_meeting_in_the_editor(
    qtbot: QtBot, make_window: MakeWindow, officer: Principal, meeting_id: str
) -> None:
    window = make_window(officer)
    window.show_page("actions")
    actions = window.pages["actions"]
    qtbot.waitUntil(lambda: not actions.reading())  # shown by the window: read on a worker thread
    actions.table.selectRow(0)
    qtbot.keyClick(actions.table, Qt.Key.Key_Return)
    meetings = window.pages["meetings"]
    assert isinstance(meetings, MeetingsPage)
    assert window.current_page_key() == "meetings"
    assert meetings.is_editing() and meetings.editor.meeting.id == meeting_id


def test_quitting_with_unsaved_edits_asks_first(
    qtbot: QtBot,
    make_window: MakeWindow,
    officer: Principal,
    meeting_id: str,
    services: Services,
    type_text: TypeText,
) -> None:
    window = make_window(officer)
    window.open_meeting(meeting_id)
    editor = window.pages["meetings"].editor
    type_text(editor.facts.title, "（草稿）")
    window.show_page("home")
    assert window.has_unsaved_changes()

    window.leave_then(window.close)  # what File › Quit does
    assert window.current_page_key() == "meetings"  # the unsaved meeting is shown
    click(qtbot, open_message_box(editor).button(QMessageBox.StandardButton.Cancel))
    assert window.isVisible()

    window.leave_then(window.close)
    click(qtbot, open_message_box(editor).button(QMessageBox.StandardButton.Save))
    assert not window.isVisible()
    assert services.meetings.get(officer, meeting_id).title == "上月治保例会（草稿）"


def test_switching_language_with_unsaved_edits_asks_first(
    qtbot: QtBot,
    make_window: MakeWindow,
    officer: Principal,
    meeting_id: str,
    type_text: TypeText,
) -> None:
    window = make_window(officer)
    window.open_meeting(meeting_id)
    editor = window.pages["meetings"].editor
    type_text(editor.facts.title, "（草稿）")
    window.leave_then(lambda: window.set_language("zh_TW"))
    click(qtbot, open_message_box(editor).button(QMessageBox.StandardButton.Discard))
    assert not window.has_unsaved_changes()
    window.set_language("en")


def test_the_last_column_starts_on_screen(page: ActionsPage) -> None:
    header = page.table.horizontalHeader()
    last = header.count() - 1
    assert header.sectionPosition(last) < page.table.viewport().width() - 100


def test_an_empty_meetings_list_says_how_to_start(
    qtbot: QtBot, services: Services, officer: Principal
) -> None:
    page = MeetingsPage(services, officer)
    qtbot.addWidget(page)
    assert page.rows() == []
    assert page.list.count.text() == "No meetings yet. Use “New meeting…” to record one."
    page.list.text.setText("治保")
    page.search()
    assert page.list.count.text() == "0 meetings"


def test_optional_dates_do_not_repeat_their_row_label(
    qtbot: QtBot, services: Services, officer: Principal
) -> None:
    page = MeetingsPage(services, officer)
    qtbot.addWidget(page)
    ends_at = page.editor.facts.ends_at.check
    assert ends_at.text() == "Set" and ends_at.toolTip() == "Ends at"


def test_a_task_carried_into_two_planned_meetings_is_one_row(
    page: ActionsPage, services: Services, officer: Principal, meeting_id: str
) -> None:
    """Issue 16.1: a new meeting planned before an already planned one carries the same open
    items again; the overview and the home counts still show each task once."""

    def planned(days: int, title: str) -> None:
        start = datetime.combine(date.today() + timedelta(days=days), datetime.min.time())
        services.meetings.new_meeting(
            officer, MeetingDraft(MeetingType.SECURITY_COMMITTEE, title, start.replace(hour=9))
        )

    planned(20, "下月治保例会")
    planned(10, "本月治保例会")  # before the planned one: carries from last month again
    page.refresh()
    assert sorted(row.description for row in page.rows()) == sorted(
        ["更换东门路灯", "回访独居老人", "整理会议台账", "清理楼道杂物"]
    )
    assert page.rows()[0].meeting_title == "下月治保例会"  # the latest link
    assert page.summary.text() == "3 open, 1 overdue"
    counters = {c.key: c.value for c in services.home.summary(officer).counters}
    assert (counters["open_actions"], counters["overdue_actions"]) == (3, 1)

    # finishing the task in one planned meeting finishes it in the other one too
    meetings = services.meetings.list_meetings(officer, MeetingQuery())
    detail = services.meetings.get(
        officer, next(m.id for m in meetings if m.title == "本月治保例会")
    )
    actions = tuple(
        replace(a, status=ActionStatus.DONE) if a.description == "回访独居老人" else a
        for a in detail.actions
    )
    services.meetings.save(officer, detail.to_update(actions=actions))
    page.refresh()
    assert page.summary.text() == "2 open, 1 overdue"
    assert [r.status for r in page.rows() if r.description == "回访独居老人"] == [ActionStatus.DONE]
