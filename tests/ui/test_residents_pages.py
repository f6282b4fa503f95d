"""The residents' desk screens driven as the officer would: a visit typed with the keyboard
alone (Ctrl+N, Tab, Enter) in a few seconds, masked in the list; a dispute made a mediation
case from its editor; a suggestion added to the opinion register; an opinion registered,
answered (an empty reply refused at its field), closed; the reply slip and the register
previewed; the reply limits for administrators only."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from station_desk.domain.accounts import Principal
from station_desk.domain.audit import AuditFilter
from station_desk.domain.opinions import (
    OpinionDraft,
    OpinionStatus,
    ReplyEntry,
    ReplyMethod,
    ReplyTiming,
    Urgency,
)
from station_desk.domain.reception import ReceptionChannel, ReceptionDraft, ReceptionKind
from station_desk.services.container import Services
from station_desk.ui.residents.opinions import (
    CloseDialog,
    LimitsDialog,
    NewOpinionDialog,
    OpinionRegisterDialog,
    OpinionsPage,
)
from station_desk.ui.residents.reception import (
    ReceptionDialog,
    ReceptionPage,
    ToMediationDialog,
    ToOpinionDialog,
)
from station_desk.ui.widgets.inputs import to_qdate
from station_desk.ui.worklist import WorkItemsDialog
from tests.reports_helpers import pdf_text, squash
from tests.ui.helpers import MakeWindow, TypeText, click

ID = "11010519491231002X"


def shown(qtbot: QtBot, page):  # type: ignore[no-untyped-def]
    qtbot.addWidget(page)
    page.resize(1366, 700)
    with qtbot.waitExposed(page):
        page.show()
    return page


def ok(qtbot: QtBot, dialog) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Ok))


def active_dialog(kind: type) -> object:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    assert len(found) == 1, found
    return found[0]


def test_a_visit_is_typed_with_the_keyboard_alone(
    qtbot: QtBot, services: Services, aux: Principal, type_text: TypeText
) -> None:
    page = shown(qtbot, ReceptionPage(services, aux))
    started = time.monotonic()
    page.list.table.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = active_dialog(ReceptionDialog)
    assert isinstance(dialog, ReceptionDialog)
    qtbot.waitUntil(lambda: dialog.kind.hasFocus())
    qtbot.keyClick(dialog.kind, Qt.Key.Key_Up)  # Consultation (the default) → Request for help
    qtbot.keyClick(dialog.kind, Qt.Key.Key_Tab)
    type_text(QApplication.focusWidget(), "张三")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "13812345678")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    type_text(QApplication.focusWidget(), "钥匙锁在家里，求助开锁")
    for _ in range(3):  # handling (on the spot), receiving unit, result
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    type_text(QApplication.focusWidget(), "已联系开锁公司")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    elapsed = time.monotonic() - started
    assert elapsed < 30
    [row] = page.rows()
    assert row.kind is ReceptionKind.HELP and row.name == "张三"
    assert row.masked_phone == "138****5678" and page.selected().id == row.id
    assert not page.is_editing()  # the list stays for the next visitor
    assert "This month: 1 contacts (Request for help 1)" in page.list.figures.text()
    entry = services.reception.get(aux, row.id)
    assert entry.content == "钥匙锁在家里，求助开锁" and entry.result == "已联系开锁公司"
    assert entry.handler == "王芳"


def test_a_bad_id_number_shows_at_its_field_and_nothing_is_saved(
    qtbot: QtBot, services: Services, officer: Principal, type_text: TypeText
) -> None:
    page = shown(qtbot, ReceptionPage(services, officer))
    dialog = page.new_entry()
    assert dialog is not None
    type_text(dialog.content, "咨询")
    dialog.resident_id.edit.setText("110105194912310021")
    ok(qtbot, dialog)
    assert dialog.isVisible() and "check digit" in dialog.form.error_text("resident_id")
    assert dialog.resident_id.edit.echoMode() is QLineEdit.EchoMode.PasswordEchoOnEdit  # not on screen
    assert not dialog.resident_id.show_button.isVisible()  # typed here: nothing to show
    assert services.reception.list_entries(officer) == []
    dialog.resident_id.edit.setText(ID)
    ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert page.rows()[0].masked_id == "**************002X"


def test_the_visitors_id_number_is_masked_in_the_editor_until_shown_and_audited(
    qtbot: QtBot, services: Services, officer: Principal, aux: Principal, admin: Principal
) -> None:
    entry = services.reception.record(officer, ReceptionDraft(
        received_at=datetime.now().replace(second=0, microsecond=0) - timedelta(hours=1),
        name="张三", content="办理居住证", resident_id=ID))
    page = shown(qtbot, ReceptionPage(services, aux))
    page.open_record(entry.id)
    field = page.editor.resident_id
    assert field.edit.text() == "**************002X" and field.edit.isReadOnly()
    assert field.edit.echoMode() is QLineEdit.EchoMode.Normal
    click(qtbot, field.show_button)
    assert field.edit.text() == ID and not page.editor.is_dirty()
    [shown_id] = services.audit.list_entries(admin, AuditFilter(action="view_id"))
    assert (shown_id.username, shown_id.record_type, shown_id.record_id) == ("aux", "reception_entry", entry.id)
    assert shown_id.details["name"] == "张三" and shown_id.details["why"] == "show"
    page.editor.go_back()
    page.open_record(entry.id)
    assert page.editor.resident_id.masked  # opened again: masked again


def test_a_dispute_becomes_a_case_from_its_editor(
    qtbot: QtBot, services: Services, officer: Principal
) -> None:
    entry = services.reception.record(officer, ReceptionDraft(
        received_at=datetime.now().replace(second=0, microsecond=0) - timedelta(hours=1),
        kind=ReceptionKind.DISPUTE, name="张三", content="邻居装修噪音扰民", resident_id=ID,
    ))
    page = shown(qtbot, ReceptionPage(services, officer))
    page.select(entry.id)
    page.open_selected()
    assert page.is_editing() and page.editor.mediation_button.isEnabled()
    assert not page.editor.opinion_button.isEnabled()
    page.editor.to_mediation()
    dialog = active_dialog(ToMediationDialog)
    ok(qtbot, dialog)
    assert not dialog.isVisible()
    case = services.mediation.get(officer, page.editor.record.mediation_case_id)
    assert case.title == "邻居装修噪音扰民" and case.parties[0].name == "张三"
    assert case.case_number in page.editor.link.text()
    assert not page.editor.mediation_button.isEnabled()
    page.editor.go_back()
    assert page.rows()[0].linked == case.case_number
    from station_desk.ui.mediation.editor import MediationEditor

    mediation = MediationEditor(services, officer)  # and back: the case names its source
    qtbot.addWidget(mediation)
    mediation.load(case)
    assert "From the reception log" in mediation.checklist.text()


def test_a_suggestion_goes_to_the_opinion_register(
    qtbot: QtBot, services: Services, aux: Principal
) -> None:
    entry = services.reception.record(aux, ReceptionDraft(
        received_at=datetime.now().replace(second=0, microsecond=0) - timedelta(minutes=5),
        channel=ReceptionChannel.PHONE, kind=ReceptionKind.SUGGESTION, content="建议晚上多巡逻",
    ))
    page = shown(qtbot, ReceptionPage(services, aux))
    page.open_record(entry.id)
    page.editor.to_opinion()
    dialog = active_dialog(ToOpinionDialog)
    ok(qtbot, dialog)
    [opinion] = services.opinions.list_opinions(aux)
    assert opinion.content == "建议晚上多巡逻" and opinion.who == "Anonymous"
    assert "opinion register" in page.editor.link.text()


def test_an_opinion_registered_answered_and_closed(
    qtbot: QtBot, services: Services, officer: Principal, type_text: TypeText
) -> None:
    page = shown(qtbot, OpinionsPage(services, officer))
    dialog = page.new_opinion()
    assert isinstance(dialog, NewOpinionDialog)
    type_text(dialog.content, "小区东门路灯不亮")
    type_text(dialog.name, "李四")
    dialog.urgency.setCurrentIndex(dialog.urgency.findData(Urgency.URGENT.value))
    ok(qtbot, dialog)
    assert page.is_editing()
    editor = page.editor
    opinion = editor.record
    assert opinion.due_on is not None and editor.due_note.text() == opinion.due_on.isoformat()
    # an empty reply marked answered is refused at its field; nothing is saved
    editor.replied_on.set_value(date.today())
    assert not editor.save()
    assert "Write what was answered" in editor.reply_form.error_text("reply_content")
    assert services.opinions.get(officer, opinion.id).reply is None
    type_text(editor.reply_content, "已联系物业，明晚前修复")
    assert editor.save()
    assert editor.record.status is OpinionStatus.ANSWERED and editor.close_button.isEnabled()
    editor.close_opinion()
    closing = active_dialog(CloseDialog)
    assert isinstance(closing, CloseDialog)
    type_text(closing.outcome, "路灯已修复")
    ok(qtbot, closing)
    assert editor.record.status is OpinionStatus.CLOSED
    preview = editor.preview_slip()
    qtbot.waitUntil(lambda: preview.page_count() > 0, timeout=20000)
    text = squash(pdf_text(preview.data))
    assert "小区东门路灯不亮" in text and "已联系物业，明晚前修复" in text
    preview.done(0)
    editor.go_back()
    assert "1 received, 1 answered, 100.0% on time" in page.list.figures.text()


def test_overdue_opinions_are_flagged_and_the_register_previews(
    qtbot: QtBot, services: Services, officer: Principal
) -> None:
    services.opinions.register(officer, OpinionDraft(
        received_on=date.today() - timedelta(days=30), content="楼道堆物", name="王五"))
    page = shown(qtbot, OpinionsPage(services, officer))
    page.list.overdue_only.setChecked(True)
    [row] = page.rows()
    assert row.overdue
    register = OpinionRegisterDialog(page)
    qtbot.addWidget(register)
    register.date_from.setDate(to_qdate(date.today() - timedelta(days=60)))
    preview = register.preview()
    qtbot.waitUntil(lambda: preview.page_count() > 0, timeout=20000)
    assert "楼道堆物" in squash(pdf_text(preview.data))
    preview.done(0)


@pytest.mark.parametrize("who", ["officer", "admin"])
def test_reply_limits_for_administrators_only(
    qtbot: QtBot, services: Services, who: str, request: pytest.FixtureRequest
) -> None:
    principal: Principal = request.getfixturevalue(who)
    page = shown(qtbot, OpinionsPage(services, principal))
    assert page.list.limits_button.isVisible() == (who == "admin")
    if who == "admin":
        dialog = page.open_limits()
        assert isinstance(dialog, LimitsDialog) and dialog.normal_days.value() == 5
        dialog.normal_days.setValue(3)
        ok(qtbot, dialog)
        assert services.opinions.limits(principal).normal_days == 3


def test_home_counts_overdue_and_due_today_and_opens_the_register(
    qtbot: QtBot, services: Services, officer: Principal, make_window: MakeWindow
) -> None:
    today = date.today()
    services.opinions.register(officer, OpinionDraft(today - timedelta(days=30), content="楼道堆物"))
    services.opinions.register(officer, OpinionDraft(today, content="路灯不亮", due_on=today))
    window = make_window(officer)
    home = window.pages["home"]
    qtbot.waitUntil(lambda: not home.reading())  # the figures are read on a worker thread
    cards = {card.key: card for card in home.counter_cards()}
    assert cards["opinions_overdue"].value.text() == "1"
    assert cards["opinions_due_today"].value.text() == "1"
    assert cards["reception_follow_ups"].value.text() == "0"
    assert "b00020" in cards["opinions_overdue"].value.styleSheet()
    qtbot.mouseClick(cards["opinions_overdue"], Qt.MouseButton.LeftButton)
    dialog = next(d for d in home.findChildren(WorkItemsDialog) if d.isVisible())
    [item] = dialog.list.items()
    assert (item.kind, item.title) == ("opinions", "楼道堆物")
    dialog.list.setFocus()
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)  # the row opens the opinion on its page
    assert window.current_page_key() == "opinions"
    assert isinstance(window.pages["opinions"], OpinionsPage)


def test_a_deadline_in_the_past_is_refused_at_its_field(
    qtbot: QtBot, services: Services, aux: Principal, type_text: TypeText
) -> None:
    page = shown(qtbot, OpinionsPage(services, aux))
    dialog = page.new_opinion()
    type_text(dialog.content, "楼道灯坏了")
    dialog.due_on.set_value(date.today() - timedelta(days=1))
    ok(qtbot, dialog)
    assert dialog.isVisible() and "in the past" in dialog.form.error_text("due_on")
    assert services.opinions.list_opinions(aux) == []
    dialog.due_on.set_value(None)
    ok(qtbot, dialog)
    assert not dialog.isVisible() and len(services.opinions.list_opinions(aux)) == 1


def test_the_register_filters_by_how_an_opinion_was_answered(
    qtbot: QtBot, services: Services, officer: Principal
) -> None:
    """The 答复情况 filter: answered on time, late, or not yet (as the home chart counts)."""
    received = date.today() - timedelta(days=40)
    ids = {}
    for name, replied in (("按期", received), ("超期", received + timedelta(days=30)), ("未答", None)):
        opinion = services.opinions.register(
            officer, OpinionDraft(received_on=received, content=f"{name}的意见", name="王五")
        )
        if replied is not None:
            services.opinions.reply(officer, opinion.id, ReplyEntry(replied, ReplyMethod.PHONE, "已答复"))
        ids[name] = opinion.id
    page = shown(qtbot, OpinionsPage(services, officer))
    page.list.date_from.set_day(received)
    assert {row.id for row in page.rows()} == set(ids.values())
    for timing, name in ((ReplyTiming.ON_TIME, "按期"), (ReplyTiming.LATE, "超期"), (ReplyTiming.OPEN, "未答")):
        page.list.timing.setCurrentIndex(page.list.timing.findData(timing.value))
        assert [row.id for row in page.rows()] == [ids[name]], timing
    page.list.timing.setCurrentIndex(0)
    assert len(page.rows()) == 3


def test_the_opinion_givers_id_number_is_masked_until_shown_and_audited(
    qtbot: QtBot, services: Services, officer: Principal, aux: Principal, admin: Principal,
    type_text: TypeText,
) -> None:
    """As in the mediation parties' tab: the form shows the ID number masked; "Show ID
    number" shows it for that opinion only, and the audit trail records who saw whose."""
    other_id = "110105200001010016"
    first = services.opinions.register(officer, OpinionDraft(
        received_on=date.today(), content="楼道灯坏了", name="李四", resident_id=ID))
    second = services.opinions.register(officer, OpinionDraft(
        received_on=date.today(), content="停车难", name="王五", resident_id=other_id))
    page = shown(qtbot, OpinionsPage(services, aux))
    page.open_record(first.id)
    field = page.editor.resident_id
    assert field.edit.text() == "*" * 14 + ID[-4:] and field.edit.isReadOnly() and field.masked
    assert field.show_button.isVisible() and field.show_button.isEnabled()
    assert ID not in field.edit.text() and not page.editor.is_dirty()
    assert services.audit.list_entries(admin, AuditFilter(action="view_id")) == []

    click(qtbot, field.show_button)
    assert field.edit.text() == ID and not field.edit.isReadOnly() and not field.show_button.isEnabled()
    assert not page.editor.is_dirty()  # showing is not an edit
    [entry] = services.audit.list_entries(admin, AuditFilter(action="view_id"))
    assert (entry.username, entry.record_type, entry.record_id) == ("aux", "resident_opinion", first.id)
    assert entry.details == {"number": first.number, "name": "李四", "why": "show"}

    page.editor.go_back()
    page.open_record(second.id)  # another opinion: masked
    assert page.editor.resident_id.edit.text() == "*" * 14 + other_id[-4:]
    page.editor.go_back()
    page.open_record(first.id)  # the same one opened again: masked again
    assert page.editor.resident_id.masked
    assert len(services.audit.list_entries(admin, AuditFilter(action="view_id"))) == 1

    # saving the opinion while masked keeps the number; shown, it can be corrected
    type_text(page.editor.content, "，三楼")
    assert page.editor.save()
    assert services.opinions.get(officer, first.id).resident_id == ID
    click(qtbot, field.show_button)
    field.edit.setText(other_id)
    assert page.editor.is_dirty() and page.editor.save()
    assert services.opinions.get(officer, first.id).resident_id == other_id
    assert page.editor.resident_id.masked  # shown again masked after the save

    dialog = page.new_opinion()  # a new opinion: typed as is, nothing to show
    assert not dialog.resident_id.show_button.isVisible() and not dialog.resident_id.edit.isReadOnly()
    type_text(dialog.resident_id.edit, ID)
    assert dialog.resident_id.edit.text() == ID
    dialog.discard()


def test_the_counts_under_the_lists_say_one_entry_and_one_opinion(
    qtbot: QtBot, services: Services, aux: Principal
) -> None:
    services.reception.record(aux, ReceptionDraft(
        received_at=datetime.now().replace(second=0, microsecond=0) - timedelta(minutes=5),
        channel=ReceptionChannel.PHONE, kind=ReceptionKind.SUGGESTION, content="建议晚上多巡逻",
    ))
    reception = shown(qtbot, ReceptionPage(services, aux))
    assert reception.list.count.text() == "1 entry"
    reception.open_record(reception.rows()[0].id)
    reception.editor.to_opinion()
    ok(qtbot, active_dialog(ToOpinionDialog))
    assert shown(qtbot, OpinionsPage(services, aux)).list.count.text() == "1 opinion"
