"""Keyboard and help (issue 16, point 10): Esc or Alt+← leaves an editor for its list (asking
first about unsaved edits); the list buttons have Alt+letter mnemonics; the keyboard focus is
framed clearly; Help → User guide (F1) shows the daily tasks in the three languages."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from station_desk.domain.accounts import Principal
from station_desk.domain.meetings import MeetingDraft, MeetingType
from station_desk.services.container import Services
from station_desk.ui.accounts.page import AccountsPage
from station_desk.ui.audit.page import AuditPage
from station_desk.ui.focus_style import FOCUS_COLOUR, install_focus_style
from station_desk.ui.help_dialog import UserGuideDialog
from station_desk.ui.language import apply_language
from station_desk.ui.meetings.new_dialog import NewMeetingDialog
from station_desk.ui.meetings.page import MeetingsPage
from station_desk.ui.widgets.rows import with_mnemonic
from tests.ui.helpers import MakeWindow, TypeText, click, open_message_box

ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def page(qtbot: QtBot, services: Services, officer: Principal) -> MeetingsPage:
    page = MeetingsPage(services, officer)
    qtbot.addWidget(page)
    page.resize(1190, 680)
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    return page


def open_meeting(qtbot: QtBot, page: MeetingsPage, services: Services, officer: Principal):
    meeting = services.meetings.new_meeting(
        officer, MeetingDraft(MeetingType.POLICE_BRIEFING, "警情通报会", datetime(2026, 12, 3, 19))
    )
    page.search()
    page.select(meeting.id)
    qtbot.keyClick(page.list.table, Qt.Key.Key_Return)
    assert page.is_editing()
    return page.editor


def test_esc_and_alt_left_go_back_to_the_list_asking_about_unsaved_edits(
    qtbot: QtBot, page: MeetingsPage, services: Services, officer: Principal, type_text: TypeText
) -> None:
    editor = open_meeting(qtbot, page, services, officer)
    qtbot.keyClick(editor.facts.place, Qt.Key.Key_Escape)
    assert not page.is_editing()  # nothing changed: straight back

    qtbot.keyClick(page.list.table, Qt.Key.Key_Return)
    assert page.is_editing()
    type_text(editor.facts.title, "（改）")
    qtbot.keyClick(editor.facts.title, Qt.Key.Key_Left, ALT)
    click(qtbot, open_message_box(editor).button(QMessageBox.StandardButton.Cancel))
    assert page.is_editing()
    qtbot.keyClick(editor.facts.title, Qt.Key.Key_Escape)
    click(qtbot, open_message_box(editor).button(QMessageBox.StandardButton.Discard))
    assert not page.is_editing()


def test_list_buttons_have_mnemonics(qtbot: QtBot, page: MeetingsPage) -> None:
    texts = [b.text() for b in (page.list.new_button, page.list.open_button,
                                page.list.delete_button, page.list.restore_button)]
    assert all("&" in text for text in texts), texts
    assert texts[0] == "&New meeting…"
    page.list.table.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_N, ALT)  # the button is pressed (animated) at once
    qtbot.waitUntil(lambda: page.findChild(NewMeetingDialog) is not None)
    dialog = page.findChild(NewMeetingDialog)
    assert dialog.isVisible()
    dialog.discard()
    assert with_mnemonic("新建案件…", "n") == "新建案件(&N)…"
    assert with_mnemonic("Restore", "r") == "&Restore"
    assert with_mnemonic("Register subject…", "n") == "Register subject (&N)…"


def _frame_colour(button: QPushButton) -> tuple[int, int, int]:
    image: QImage = button.grab().toImage()
    colour = image.pixelColor(1, image.height() // 2)
    return colour.red(), colour.green(), colour.blue()


def test_the_keyboard_focus_is_framed(qtbot: QtBot, qapp) -> None:
    install_focus_style(qapp)
    window = QWidget()
    qtbot.addWidget(window)
    first, second = QPushButton("保存"), QPushButton("返回")
    layout = QVBoxLayout(window)
    layout.addWidget(first)
    layout.addWidget(second)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    first.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(first.hasFocus)
    focus = (FOCUS_COLOUR.red(), FOCUS_COLOUR.green(), FOCUS_COLOUR.blue())
    assert _frame_colour(first) == focus
    assert _frame_colour(second) != focus


@pytest.mark.parametrize(
    ("language", "words"),
    [("zh_CN", ("使用说明", "20261215", "Esc", "调解")), ("zh_TW", ("使用說明", "調解", "F1")),
     ("en", ("user guide", "20261215", "Alt+←", "Mediation"))],
)
def test_f1_opens_the_user_guide(
    qtbot: QtBot, qapp, make_window: MakeWindow, officer: Principal, language: str,
    words: tuple[str, ...],
) -> None:
    apply_language(qapp, language)
    window = make_window(officer)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = window.findChild(UserGuideDialog)
    assert guide is not None and guide.isVisible()
    text = guide.text.toPlainText()
    for word in words:
        assert word in text
    guide.close()


def test_accounts_and_audit_buttons_have_mnemonics(
    qtbot: QtBot, services: Services, admin: Principal
) -> None:
    accounts, audit = AccountsPage(services, admin), AuditPage(services, admin)
    for page in (accounts, audit):
        qtbot.addWidget(page)
    assert accounts.new_button.text() == "&New…"
    texts = {button.text() for button in audit.findChildren(QPushButton)}
    assert {"&Search", "&Clear filters", "&Verify chain"} <= texts
