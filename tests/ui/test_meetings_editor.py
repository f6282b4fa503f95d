"""The meetings page and editor, driven like the officer: create → invite → hold → mark
attendance → record → finalise → amend → preview → save the PDF; unsaved edits are never lost;
bad input is shown at its field or row."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime, QSettings, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from station_desk.domain.accounts import Principal
from station_desk.domain.audit import AuditAction, AuditFilter
from station_desk.domain.contacts import ContactDraft, OrganisationDraft, OrganisationKind
from station_desk.domain.meetings import (
    ActionStatus,
    AttendeeKind,
    MeetingDetail,
    MeetingDocument,
    MeetingDraft,
    MeetingStatus,
    MeetingType,
)
from station_desk.services.container import Services
from station_desk.ui.meetings.amendments import AmendmentDialog
from station_desk.ui.meetings.editor import MeetingEditor
from station_desk.ui.meetings.new_dialog import NewMeetingDialog
from station_desk.ui.meetings.page import MeetingsPage
from station_desk.ui.widgets import preview as pdf_preview
from station_desk.ui.widgets.inputs import to_qdatetime
from station_desk.ui.widgets.preview import DocumentPreviewDialog
from station_desk.ui.widgets.rows import is_locked
from tests.reports_helpers import pdf_text, squash
from tests.ui.helpers import TypeText, click, open_message_box

START = datetime(2026, 12, 3, 19, 0)
TITLE = "十二月警情通报会"
DISCUSSION = "本月共接报警情十二起，其中电动车被盗三起；夜间巡逻需加强。"


@pytest.fixture(autouse=True)
def _private_ui_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The preview remembers its last folder in a settings file of this test only."""
    path = str(tmp_path / "ui-settings.ini")
    monkeypatch.setattr(
        pdf_preview, "ui_settings", lambda: QSettings(path, QSettings.Format.IniFormat)
    )


@pytest.fixture
def zhang_san(services: Services, officer: Principal) -> str:
    committee = services.contacts.create_organisation(
        officer, OrganisationDraft("和平里社区居委会", OrganisationKind.RESIDENTS_COMMITTEE)
    )
    person = services.contacts.create_person(
        officer, ContactDraft("张三", committee.id, "主任", mobile="13812345678")
    )
    return person.id


@pytest.fixture
def page(qtbot: QtBot, services: Services, officer: Principal) -> MeetingsPage:
    page = MeetingsPage(services, officer)
    qtbot.addWidget(page)
    page.resize(1190, 680)
    with qtbot.waitExposed(page):
        page.show()
    return page


def new_meeting(services: Services, actor: Principal, **changes: object) -> MeetingDetail:
    values: dict[str, object] = {
        "meeting_type": MeetingType.POLICE_BRIEFING,
        "title": TITLE,
        "starts_at": START,
    }
    values.update(changes)
    return services.meetings.new_meeting(actor, MeetingDraft(**values))  # type: ignore[arg-type]


def opened(qtbot: QtBot, page: MeetingsPage, meeting: MeetingDetail) -> MeetingEditor:
    page.search()
    page.select(meeting.id)
    qtbot.keyClick(page.list.table, Qt.Key.Key_Return)
    assert page.is_editing()
    return page.editor


def answer(qtbot: QtBot, parent, button: QMessageBox.StandardButton) -> None:
    click(qtbot, open_message_box(parent).button(button))


def save(qtbot: QtBot, editor: MeetingEditor) -> None:
    qtbot.keyClick(editor.tabs, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


# --- the whole flow ------------------------------------------------------------------------


def test_create_invite_hold_record_finalise_preview_and_save(
    qtbot: QtBot,
    page: MeetingsPage,
    services: Services,
    officer: Principal,
    admin: Principal,
    zhang_san: str,
    type_text: TypeText,
    tmp_path: Path,
) -> None:
    # New meeting: the type suggests the title, the place defaults to the room.
    click(qtbot, page.list.new_button)
    dialog = page.findChild(NewMeetingDialog)
    dialog.meeting_type.setCurrentIndex(
        dialog.meeting_type.findData(MeetingType.POLICE_BRIEFING.value)
    )
    dialog.starts_at.setDateTime(to_qdatetime(START))
    assert dialog.title.text() == "和平里社区警务室 Police situation briefing, 2026-12"
    dialog.title.clear()
    type_text(dialog.title, TITLE)
    click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Ok))
    editor = page.editor
    assert page.is_editing() and editor.meeting is not None
    assert editor.facts.place.text() == "和平里社区警务室"
    assert editor.agenda.titles()[0] == "This month's police incidents"

    # Attendees: a contact found by pinyin initials, a member of staff, a guest by name.
    editor.tabs.setCurrentWidget(editor.attendees)
    finder = editor.attendees.finder
    type_text(finder.search, "zs")
    finder.search_now()
    assert finder.matches.count() == 1
    finder.matches.setCurrentRow(0)
    click(qtbot, finder.add_button)
    finder.search.clear()
    type_text(finder.search, "李明")
    finder.search_now()
    finder.matches.setCurrentRow(0)
    click(qtbot, finder.add_button)
    finder.search.clear()
    type_text(finder.search, "赵大妈")
    click(qtbot, finder.guest_button)
    assert editor.attendees.names() == ["张三", "李明", "赵大妈"]
    assert [a.kind for a in editor.attendees.entries()] == [
        AttendeeKind.CONTACT,
        AttendeeKind.USER,
        AttendeeKind.GUEST,
    ]
    assert not editor.attendees.presence.isEnabled()  # not held yet
    editor.facts.host.set_text("李明")
    save(qtbot, editor)
    assert not editor.is_dirty()

    # Held: attendance can be marked.
    click(qtbot, editor.held_button)
    assert editor.meeting.status is MeetingStatus.HELD
    assert editor.attendees.presence.isEnabled()
    editor.attendees.select_row(0)
    click(qtbot, editor.attendees.all_present_button)
    editor.attendees.select_row(2)
    click(qtbot, editor.attendees.absent_button)
    type_text(editor.attendees.reason, "身体不适")

    # Agenda: the discussion of the first item, and a decision.
    editor.tabs.setCurrentWidget(editor.agenda)
    editor.agenda.select_row(0)
    type_text(editor.agenda.discussion, DISCUSSION)
    type_text(editor.agenda.decisions, "增加夜间巡逻。")

    # An action item with its owner and due date.
    editor.tabs.setCurrentWidget(editor.actions)
    own = editor.actions.own
    click(qtbot, own.add_button)
    type_text(own.description, "在3号楼加装监控探头")
    own.owner.set_text("张三")
    own.due.check.setChecked(True)
    own.due.edit.setDate(date(2026, 12, 20))
    own.agenda.setCurrentIndex(1)
    assert editor.is_dirty() and editor.unsaved_label.isVisibleTo(editor)
    click(qtbot, editor.save_button)
    assert not editor.is_dirty()

    saved = services.meetings.get(officer, editor.meeting.id)
    assert [(a.name, a.present, a.absence_reason) for a in saved.attendees] == [
        ("张三", True, ""),
        ("李明", True, ""),
        ("赵大妈", False, "身体不适"),
    ]
    assert saved.host == "李明"
    assert saved.agenda[0].discussion == DISCUSSION
    (action,) = saved.actions
    assert (action.description, action.owner, action.due_date, action.agenda_index) == (
        "在3号楼加装监控探头",
        "张三",
        date(2026, 12, 20),
        0,
    )

    # Finalise (asks first): read-only except amendments.
    click(qtbot, editor.finalise_button)
    answer(qtbot, editor, QMessageBox.StandardButton.Yes)
    assert editor.meeting.status is MeetingStatus.FINALISED
    assert is_locked(editor.facts.title) and is_locked(editor.agenda.discussion)
    assert is_locked(editor.actions.own.status) and not editor.actions.own.add_button.isEnabled()
    assert not editor.attendees.finder.isEnabled()
    assert not editor.save_button.isEnabled() and not editor.finalise_button.isEnabled()
    assert editor.amendments.add_button.isEnabled()
    click(qtbot, editor.amendments.add_button)
    amendment = editor.findChild(AmendmentDialog)
    type_text(amendment.text, "赵大妈实际出席，误记为缺席。")
    click(qtbot, amendment.buttons.button(amendment.buttons.StandardButton.Ok))
    assert editor.amendments.count() == 1
    assert services.meetings.get(officer, editor.meeting.id).amendments[0].by_name == "李明"

    # Preview the minutes, then save them as a PDF.
    click(qtbot, editor.minutes_button)
    preview = editor.findChild(DocumentPreviewDialog)
    qtbot.waitUntil(lambda: preview.page_count() > 0, timeout=20_000)
    assert preview.page_label.text() == f"Page 1 of {preview.page_count()}"
    target = tmp_path / "minutes.pdf"
    file_dialog = preview.save_as()
    assert isinstance(file_dialog, QFileDialog)
    assert file_dialog.selectedFiles()[0].endswith("_20261203.pdf")
    file_dialog.selectFile(str(target))
    file_dialog.accept()
    assert target.exists()
    text = squash(pdf_text(target.read_bytes()))
    assert TITLE in text and "赵大妈实际出席" in text and "在3号楼加装监控探头" in text
    prints = services.audit.list_entries(admin, AuditFilter(action=AuditAction.PRINT.value))
    assert [(e.details["document"], e.details["how"]) for e in prints] == [("minutes", "save")]
    assert pdf_preview.last_folder() == str(tmp_path)
    preview.close()


# --- nothing lost --------------------------------------------------------------------------


def test_leaving_with_unsaved_edits_asks_save_discard_or_cancel(
    qtbot: QtBot, page: MeetingsPage, services: Services, officer: Principal, type_text: TypeText
) -> None:
    meeting = new_meeting(services, officer)
    editor = opened(qtbot, page, meeting)
    type_text(editor.facts.title, "（改）")
    click(qtbot, editor.back_button)
    answer(qtbot, editor, QMessageBox.StandardButton.Cancel)
    assert page.is_editing() and editor.facts.title.text() == TITLE + "（改）"

    click(qtbot, editor.back_button)
    answer(qtbot, editor, QMessageBox.StandardButton.Discard)
    assert not page.is_editing()
    assert services.meetings.get(officer, meeting.id).title == TITLE

    editor = opened(qtbot, page, meeting)
    type_text(editor.facts.title, "（二）")
    click(qtbot, editor.back_button)
    answer(qtbot, editor, QMessageBox.StandardButton.Save)
    assert not page.is_editing()
    assert services.meetings.get(officer, meeting.id).title == TITLE + "（二）"
    assert page.selected().title == TITLE + "（二）"


def test_a_failed_save_when_leaving_keeps_the_editor_open(
    qtbot: QtBot, page: MeetingsPage, services: Services, officer: Principal
) -> None:
    editor = opened(qtbot, page, new_meeting(services, officer))
    editor.facts.title.clear()
    click(qtbot, editor.back_button)
    answer(qtbot, editor, QMessageBox.StandardButton.Save)
    assert page.is_editing()
    assert "required" in editor.facts.form.error_text("title")


def test_status_change_saves_pending_edits_first(
    qtbot: QtBot, page: MeetingsPage, services: Services, officer: Principal, type_text: TypeText
) -> None:
    meeting = new_meeting(services, officer)
    editor = opened(qtbot, page, meeting)
    editor.tabs.setCurrentWidget(editor.agenda)
    type_text(editor.agenda.discussion, DISCUSSION)
    click(qtbot, editor.held_button)
    saved = services.meetings.get(officer, meeting.id)
    assert saved.status is MeetingStatus.HELD and saved.agenda[0].discussion == DISCUSSION
    assert editor.tabs.currentWidget() is editor.agenda  # the officer stays where they were


# --- errors at the field -------------------------------------------------------------------


def test_empty_title_is_shown_at_the_title(
    qtbot: QtBot, page: MeetingsPage, services: Services, officer: Principal
) -> None:
    editor = opened(qtbot, page, new_meeting(services, officer))
    editor.tabs.setCurrentWidget(editor.agenda)
    editor.facts.title.clear()
    save(qtbot, editor)
    assert editor.tabs.currentWidget() is editor.facts
    assert "required" in editor.facts.form.error_text("title")
    assert editor.is_dirty()  # nothing typed was lost


def test_end_before_start_is_shown_at_the_end(
    qtbot: QtBot, page: MeetingsPage, services: Services, officer: Principal
) -> None:
    editor = opened(qtbot, page, new_meeting(services, officer))
    editor.facts.ends_at.check.setChecked(True)
    editor.facts.ends_at.edit.setDateTime(QDateTime(to_qdatetime(START - timedelta(hours=1))))
    click(qtbot, editor.save_button)
    assert "cannot end before it starts" in editor.facts.form.error_text("ends_at")
    assert services.meetings.get(officer, editor.meeting.id).ends_at is None


def test_the_same_attendee_twice_is_refused(
    qtbot: QtBot,
    page: MeetingsPage,
    services: Services,
    officer: Principal,
    zhang_san: str,
    type_text: TypeText,
) -> None:
    editor = opened(qtbot, page, new_meeting(services, officer))
    finder = editor.attendees.finder
    for _round in range(2):
        finder.search.setText("张三")
        finder.search_now()
        finder.matches.setCurrentRow(0)
        click(qtbot, finder.add_button)
    assert finder.error_text() == "张三 is already in the list of attendees."
    finder.search.clear()
    assert finder.error_text() == ""  # typing again clears the message
    type_text(finder.search, "赵大妈")
    click(qtbot, finder.guest_button)
    type_text(finder.search, "赵大妈")
    click(qtbot, finder.guest_button)
    assert "already in the list" in finder.error_text()
    assert editor.attendees.names() == ["张三", "赵大妈"]


def test_due_date_before_the_meeting_is_shown_at_the_row(
    qtbot: QtBot, page: MeetingsPage, services: Services, officer: Principal, type_text: TypeText
) -> None:
    editor = opened(qtbot, page, new_meeting(services, officer))
    own = editor.actions.own
    for text in ("排查群租房", "清理楼道杂物"):
        click(qtbot, own.add_button)
        type_text(own.description, text)
    own.due.check.setChecked(True)
    own.due.edit.setDate(START.date() - timedelta(days=1))
    own.select_row(0)
    editor.tabs.setCurrentWidget(editor.facts)
    click(qtbot, editor.save_button)
    assert editor.tabs.currentWidget() is editor.actions
    assert own.current_row() == 1
    assert "cannot be before the meeting" in own.form.error_text("due_date")


def test_an_empty_agenda_title_selects_its_row(
    qtbot: QtBot, page: MeetingsPage, services: Services, officer: Principal
) -> None:
    editor = opened(qtbot, page, new_meeting(services, officer))
    agenda = editor.agenda
    click(qtbot, agenda.add_button)
    agenda.select_row(0)
    click(qtbot, editor.save_button)
    assert agenda.current_row() == 4
    assert "required" in agenda.form.error_text("title")


# --- carried items, moving agenda items, going back to planned -----------------------------


def test_carried_items_are_updated_from_the_new_meeting(
    qtbot: QtBot, page: MeetingsPage, services: Services, officer: Principal
) -> None:
    from station_desk.domain.meetings import ActionEntry

    first = new_meeting(
        services, officer, title="十一月警情通报会", starts_at=START - timedelta(days=30)
    )
    services.meetings.save(
        officer, first.to_update(actions=(ActionEntry("排查群租房", "李明", date(2026, 11, 20)),))
    )
    second = new_meeting(services, officer)
    editor = opened(qtbot, page, second)
    carried = editor.actions.carried
    assert editor.actions.carried_box.isVisibleTo(editor.actions)
    assert [a.description for a in carried.entries()] == ["排查群租房"]
    assert carried.model.index(0, 1).data() == "十一月警情通报会"
    carried.status.setCurrentIndex(carried.status.findData(ActionStatus.DONE.value))
    click(qtbot, editor.save_button)
    assert services.meetings.get(officer, first.id).actions[0].status is ActionStatus.DONE


def test_moving_an_agenda_item_keeps_the_action_link(
    qtbot: QtBot, page: MeetingsPage, services: Services, officer: Principal, type_text: TypeText
) -> None:
    editor = opened(qtbot, page, new_meeting(services, officer))
    own = editor.actions.own
    click(qtbot, own.add_button)
    type_text(own.description, "发放防诈骗宣传单")
    own.agenda.setCurrentIndex(2)  # agenda item 2 (index 1)
    editor.agenda.select_row(1)
    click(qtbot, editor.agenda.up_button)
    assert own.entries()[0].agenda_index == 0
    click(qtbot, editor.save_button)
    saved = services.meetings.get(officer, editor.meeting.id)
    assert saved.agenda[0].title == "Prevention advice"
    assert saved.actions[0].agenda_index == 0


def test_back_to_planned_asks_and_clears_attendance(
    qtbot: QtBot, page: MeetingsPage, services: Services, officer: Principal
) -> None:
    meeting = new_meeting(services, officer)
    editor = opened(qtbot, page, meeting)
    editor.attendees.add_guest("赵大妈")
    click(qtbot, editor.held_button)
    click(qtbot, editor.attendees.all_present_button)
    click(qtbot, editor.planned_button)
    answer(qtbot, editor, QMessageBox.StandardButton.Yes)
    assert editor.meeting.status is MeetingStatus.PLANNED
    assert [a.present for a in services.meetings.get(officer, meeting.id).attendees] == [None]


# --- the list ------------------------------------------------------------------------------


def test_list_filters_and_delete_restore(
    qtbot: QtBot, page: MeetingsPage, services: Services, officer: Principal
) -> None:
    briefing = new_meeting(services, officer)
    new_meeting(
        services,
        officer,
        meeting_type=MeetingType.SECURITY_COMMITTEE,
        title="治保例会",
        starts_at=datetime(2026, 6, 1, 9, 0),
    )
    page.search()
    assert [m.title for m in page.rows()] == [TITLE, "治保例会"]  # newest first
    page.list.meeting_type.setCurrentIndex(
        page.list.meeting_type.findData(MeetingType.SECURITY_COMMITTEE.value)
    )
    assert [m.title for m in page.rows()] == ["治保例会"]
    page.list.meeting_type.setCurrentIndex(0)
    page.list.text.setText("警情")
    page.search()
    assert [m.title for m in page.rows()] == [TITLE]
    page.list.text.clear()
    page.list.date_to.set_day(date(2026, 7, 1))
    assert [m.title for m in page.rows()] == ["治保例会"]
    page.list.date_to.set_day(None)

    page.select(briefing.id)
    click(qtbot, page.list.delete_button)
    answer(qtbot, page, QMessageBox.StandardButton.Yes)
    assert [m.title for m in page.rows()] == ["治保例会"]
    page.list.show_deleted.setChecked(True)
    page.select(briefing.id)
    assert page.list.restore_button.isEnabled() and not page.list.delete_button.isEnabled()
    click(qtbot, page.list.restore_button)
    page.list.show_deleted.setChecked(False)
    assert len(page.rows()) == 2


def test_models_are_consistent(
    qtmodeltester, qtbot: QtBot, page: MeetingsPage, services: Services, officer: Principal
) -> None:
    editor = opened(qtbot, page, new_meeting(services, officer))
    editor.attendees.add_guest("赵大妈")
    click(qtbot, editor.actions.own.add_button)
    for model in (
        page.list.model,
        editor.agenda.model,
        editor.attendees.model,
        editor.actions.own.model,
        editor.actions.carried.model,
        editor.amendments.model,
    ):
        qtmodeltester.check(model)


def test_preview_of_the_sign_in_sheet_from_a_planned_meeting(
    qtbot: QtBot, page: MeetingsPage, services: Services, officer: Principal
) -> None:
    editor = opened(qtbot, page, new_meeting(services, officer))
    editor.attendees.add_guest("赵大妈")
    preview = editor.preview(MeetingDocument.SIGN_IN)  # saves the new attendee first
    assert preview is not None
    with qtbot.waitSignal(preview.loaded, timeout=20_000):
        pass
    assert "赵大妈" in squash(preview.pdf.getAllText(0).text())
    assert services.meetings.get(officer, editor.meeting.id).attendees[0].name == "赵大妈"
    preview.close()
