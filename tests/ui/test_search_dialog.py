"""The search box (Ctrl+K) driven as the officer uses it: type one or two characters,
initials, a phone or ID tail; hits grouped by kind; Enter opens the record on its page; the
auxiliary police find no youth subject; Ctrl+F goes to a page's own search field."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from station_desk.domain.accounts import Principal
from station_desk.domain.contacts import ContactDraft
from station_desk.domain.opinions import OpinionDraft
from station_desk.domain.reception import ReceptionDraft, ReceptionKind
from station_desk.services.container import Services
from station_desk.ui.search.dialog import SearchDialog
from station_desk.ui.search.person_dialog import PersonDialog
from station_desk.ui.youth.dialogs import PurposeDialog
from tests.search_data import ZHANG, ZHANG_PHONE, fill_search_room
from tests.ui.helpers import MakeWindow, TypeText


def open_search(qtbot: QtBot, make_window: MakeWindow, principal: Principal) -> SearchDialog:
    window = make_window(principal)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = next(d for d in window.findChildren(SearchDialog) if d.isVisible())
    qtbot.waitUntil(lambda: dialog._ready)
    return dialog


def typed(qtbot: QtBot, dialog: SearchDialog, type_text: TypeText, text: str) -> dict[str, list[str]]:
    dialog.text.clear()
    type_text(dialog.text, text)
    qtbot.waitUntil(lambda: not dialog._timer.isActive())
    groups: dict[str, list[str]] = {}
    for hit in dialog.hits():
        groups.setdefault(hit.kind, []).append(hit.record_id)
    return groups


def test_typing_finds_records_across_modules(
    qtbot: QtBot, services: Services, admin: Principal, officer: Principal,
    make_window: MakeWindow, type_text: TypeText,
) -> None:
    room = fill_search_room(services, admin, officer)
    dialog = open_search(qtbot, make_window, officer)
    one = typed(qtbot, dialog, type_text, "三")
    assert {k: one[k] for k in ("mediation", "volunteers", "contacts")} == {
        "mediation": [room.case_id], "volunteers": [room.volunteer_id], "contacts": [room.contact_id],
    }
    assert typed(qtbot, dialog, type_text, "小三") == {"contacts": [room.contact_id]}
    initials = typed(qtbot, dialog, type_text, "zs")
    assert initials["mediation"] == [room.case_id] and initials["volunteers"] == [room.volunteer_id]
    phone = typed(qtbot, dialog, type_text, "5678")
    assert phone["mediation"] == [room.case_id] and phone["volunteers"] == [room.volunteer_id]
    assert typed(qtbot, dialog, type_text, "1002x") == {
        "mediation": [room.case_id], "volunteers": [room.volunteer_id]
    }
    youth = typed(qtbot, dialog, type_text, "zxm")
    assert youth == {"youth": [room.subject_id]}
    assert dialog.results.topLevelItem(0).child(0).text(0) == "张某"


def test_auxiliary_police_find_no_youth_subject(
    qtbot: QtBot, services: Services, admin: Principal, officer: Principal, aux: Principal,
    make_window: MakeWindow, type_text: TypeText,
) -> None:
    fill_search_room(services, admin, officer)
    dialog = open_search(qtbot, make_window, aux)
    for text in ("张", "zxm", "张小明", "小明"):
        assert "youth" not in typed(qtbot, dialog, type_text, text)


def test_enter_opens_the_record_on_its_page(
    qtbot: QtBot, services: Services, admin: Principal, officer: Principal,
    make_window: MakeWindow, type_text: TypeText,
) -> None:
    room = fill_search_room(services, admin, officer)
    dialog = open_search(qtbot, make_window, officer)
    window = dialog.parent()
    typed(qtbot, dialog, type_text, "漏水")
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert window.current_page_key() == "mediation"
    page = window.pages["mediation"]
    qtbot.waitUntil(lambda: page.is_editing())
    assert page.editor.record.id == room.case_id

    dialog = open_search(qtbot, make_window, officer)
    window = dialog.parent()
    typed(qtbot, dialog, type_text, "zxm")
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)
    assert window.current_page_key() == "youth"
    purpose = next(d for d in window.findChildren(PurposeDialog) if d.isVisible())
    purpose.done(QDialog.DialogCode.Rejected)  # opening a sealed file still asks why


def test_ctrl_f_goes_to_the_page_search_or_opens_the_box(
    qtbot: QtBot, officer: Principal, make_window: MakeWindow
) -> None:
    window = make_window(officer)
    window.show_page("volunteers")
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.focusWidget(), QLineEdit)
    assert window.pages["volunteers"].isAncestorOf(window.focusWidget())
    window.show_page("home")
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert any(d.isVisible() for d in window.findChildren(SearchDialog))


def test_person_page_links_the_residents_records(
    qtbot: QtBot, services: Services, admin: Principal, officer: Principal,
    make_window: MakeWindow, type_text: TypeText,
) -> None:
    room = fill_search_room(services, admin, officer)
    contact = services.contacts.create_person(officer, ContactDraft("张三", None, "楼栋长", mobile=ZHANG_PHONE))
    dialog = open_search(qtbot, make_window, officer)
    window = dialog.parent()
    typed(qtbot, dialog, type_text, "zs")
    dialog.select_hit(room.volunteer_id)
    assert dialog.person_button.isEnabled()
    qtbot.mouseClick(dialog.person_button, Qt.MouseButton.LeftButton)
    person = next(d for d in window.findChildren(PersonDialog) if d.isVisible())
    assert person.windowTitle() == "Person: 张三"
    kinds = {(item.kind, item.record_id) for item in person.list.items()}
    assert kinds == {("mediation", room.case_id), ("volunteers", room.volunteer_id), ("contacts", contact.id)}
    assert not any(item.kind == "youth" for item in person.list.items())
    row = next(i for i in range(person.list.topLevelItemCount()) if person.list.items()[i].kind == "mediation")
    person.list.setCurrentItem(person.list.topLevelItem(row))
    person.list.setFocus()
    qtbot.keyClick(person.list, Qt.Key.Key_Return)
    assert window.current_page_key() == "mediation"
    assert window.pages["mediation"].editor.record.id == room.case_id


def test_person_page_links_the_case_volunteer_reception_entry_and_opinion(
    qtbot: QtBot, services: Services, admin: Principal, officer: Principal,
    make_window: MakeWindow, type_text: TypeText,
) -> None:
    """Issue 19's "done when": one resident's mediation case, volunteer record and reception
    entry (and an opinion) on one page; a link opens its record; an anonymous opinion is not
    linked."""
    room = fill_search_room(services, admin, officer)
    visit = services.reception.record(officer, ReceptionDraft(
        datetime(2026, 3, 12, 10, 0), kind=ReceptionKind.CONSULT, name="张三", resident_id=ZHANG,
        phone=ZHANG_PHONE, content="咨询居住证办理",
    ))
    opinion = services.opinions.register(officer, OpinionDraft(
        date(2026, 3, 13), content="小区北门路灯不亮", name="张三", phone=ZHANG_PHONE
    ))
    services.opinions.register(officer, OpinionDraft(
        date(2026, 3, 14), content="张三家门口堆放杂物", anonymous=True
    ))
    dialog = open_search(qtbot, make_window, officer)
    window = dialog.parent()
    typed(qtbot, dialog, type_text, "居住证")
    dialog.select_hit(visit.id)
    assert dialog.person_button.isEnabled()  # the page opens from a reception entry too
    qtbot.mouseClick(dialog.person_button, Qt.MouseButton.LeftButton)
    person = next(d for d in window.findChildren(PersonDialog) if d.isVisible())
    assert person.windowTitle() == "Person: 张三"
    assert {(item.kind, item.record_id) for item in person.list.items()} == {
        ("mediation", room.case_id), ("volunteers", room.volunteer_id),
        ("reception", visit.id), ("opinions", opinion.id),
    }
    rows = [person.list.topLevelItem(i) for i in range(person.list.topLevelItemCount())]
    shown = {(row.text(1), row.text(2)) for row in rows if row is not None}
    assert ("Reception visitor", "咨询居住证办理") in shown and ("Opinion giver", "小区北门路灯不亮") in shown
    person.reject()
    for kind, record_id in (("reception", visit.id), ("opinions", opinion.id)):
        person = open_person_page(window, room.volunteer_id)
        row = next(i for i, item in enumerate(person.list.items()) if item.kind == kind)
        person.list.setCurrentItem(person.list.topLevelItem(row))
        person.list.setFocus()
        qtbot.keyClick(person.list, Qt.Key.Key_Return)
        assert not person.isVisible()
        assert window.current_page_key() == kind
        page = window.pages[kind]
        qtbot.waitUntil(lambda page=page: page.is_editing())
        assert page.editor.record.id == record_id


def open_person_page(window: Any, volunteer_id: str) -> PersonDialog:
    """The person page of a volunteer, opened as the search box's button opens it."""
    person = window.open_person("volunteers", volunteer_id)
    assert isinstance(person, PersonDialog) and person.isVisible()
    return person


def test_a_record_that_names_no_one_says_so_in_the_search_box(
    qtbot: QtBot, services: Services, admin: Principal, officer: Principal,
    make_window: MakeWindow, type_text: TypeText,
) -> None:
    """An anonymous opinion has no person page: the button says so under the results and the
    search stays open (it used to close and show an error)."""
    anonymous = services.opinions.register(officer, OpinionDraft(
        date(2026, 3, 14), content="张三家门口堆放杂物", anonymous=True
    ))
    named = services.opinions.register(officer, OpinionDraft(
        date(2026, 3, 15), content="张三反映楼道堆放杂物", name="李四", phone="13900001111"
    ))
    dialog = open_search(qtbot, make_window, officer)
    window = dialog.parent()
    typed(qtbot, dialog, type_text, "堆放杂物")
    dialog.select_hit(anonymous.id)
    qtbot.mouseClick(dialog.person_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.status.text() == "This record names no one: it has no person page."
    assert not any(d.isVisible() for d in window.findChildren(PersonDialog))
    dialog.select_hit(named.id)
    qtbot.mouseClick(dialog.person_button, Qt.MouseButton.LeftButton)
    person = next(d for d in window.findChildren(PersonDialog) if d.isVisible())
    assert person.windowTitle() == "Person: 李四"
    assert not dialog.isVisible()
