"""The contacts page: organisations and people added through their dialogs, errors at the
field, search by pinyin initials / organisation / phone, delete (asked) and restore."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from station_desk.domain.accounts import Principal
from station_desk.domain.contacts import ContactDraft, OrganisationDraft, OrganisationKind
from station_desk.services.container import Services
from station_desk.ui.contacts.dialogs import ContactDialog, OrganisationDialog
from station_desk.ui.contacts.page import ContactsPage
from tests.ui.helpers import TypeText, click, open_message_box


@pytest.fixture
def page(qtbot: QtBot, services: Services, aux: Principal) -> ContactsPage:
    page = ContactsPage(services, aux)  # auxiliary police may keep contacts (EDIT_RECORDS)
    qtbot.addWidget(page)
    page.resize(1190, 680)
    with qtbot.waitExposed(page):
        page.show()
    return page


@pytest.fixture
def some_people(services: Services, officer: Principal) -> None:
    committee = services.contacts.create_organisation(
        officer, OrganisationDraft("和平里社区居委会", OrganisationKind.RESIDENTS_COMMITTEE)
    )
    company = services.contacts.create_organisation(
        officer, OrganisationDraft("安居物业服务有限公司", OrganisationKind.PROPERTY_COMPANY)
    )
    people = (
        ContactDraft("张三", committee.id, "主任", mobile="13812345678"),
        ContactDraft("李四", company.id, "项目经理", landline="010-64201234"),
        ContactDraft("王五", None, "", is_conduct_supervisor=True, mobile="13900001111"),
    )
    for draft in people:
        services.contacts.create_person(officer, draft)


def names(page: ContactsPage) -> list[str]:
    return [person.name for person in page.people.rows()]


def search(page: ContactsPage, text: str) -> list[str]:
    page.people.search.setText(text)
    page.people.reload()
    return names(page)


def ok(qtbot: QtBot, dialog) -> None:
    click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Ok))


def test_adding_an_organisation_and_a_person(
    qtbot: QtBot, page: ContactsPage, services: Services, aux: Principal, type_text: TypeText
) -> None:
    page.tabs.setCurrentWidget(page.organisations)
    click(qtbot, page.organisations.new_button)
    dialog = page.findChild(OrganisationDialog)
    type_text(dialog.name, "和平里小学")
    dialog.kind.setCurrentIndex(dialog.kind.findData(OrganisationKind.SCHOOL.value))
    ok(qtbot, dialog)
    assert [o.name for o in page.organisations.rows()] == ["和平里小学"]

    page.tabs.setCurrentWidget(page.people)
    click(qtbot, page.people.new_button)
    dialog = page.findChild(ContactDialog)
    type_text(dialog.name, "赵老师")
    dialog.organisation.setCurrentIndex(dialog.organisation.findText("和平里小学"))
    type_text(dialog.position, "德育主任")
    type_text(dialog.mobile, "1381234")  # too short
    dialog.supervisor.setChecked(True)
    ok(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.form.error_text("mobile") != ""
    dialog.mobile.setText("13812340000")
    ok(qtbot, dialog)
    assert not dialog.isVisible()
    (person,) = page.people.rows()
    assert (person.name, person.organisation_name, person.is_conduct_supervisor) == (
        "赵老师",
        "和平里小学",
        True,
    )
    assert page.people.selected().id == person.id
    assert services.contacts.search_people(aux, "zls")[0].mobile == "13812340000"


def test_duplicate_organisation_is_refused_at_the_name(
    some_people: None, qtbot: QtBot, page: ContactsPage, type_text: TypeText
) -> None:
    page.tabs.setCurrentWidget(page.organisations)
    click(qtbot, page.organisations.new_button)
    dialog = page.findChild(OrganisationDialog)
    type_text(dialog.name, "和平里社区居委会")
    ok(qtbot, dialog)
    assert "already exists" in dialog.form.error_text("name")


def test_search_by_initials_organisation_and_phone(some_people: None, page: ContactsPage) -> None:
    assert names(page) == ["李四", "王五", "张三"]  # by pinyin
    assert search(page, "zs") == ["张三"]
    assert search(page, "三") == ["张三"]
    assert search(page, "物业") == ["李四"]
    assert search(page, "6420") == ["李四"]
    assert search(page, "1390000") == ["王五"]
    assert search(page, "") == ["李四", "王五", "张三"]
    page.people.supervisors.setChecked(True)
    assert names(page) == ["王五"]
    page.people.supervisors.setChecked(False)
    page.people.organisation.setCurrentIndex(page.people.organisation.findText("和平里社区居委会"))
    assert names(page) == ["张三"]


def test_a_new_contact_belongs_to_the_organisation_the_list_shows(
    some_people: None, qtbot: QtBot, page: ContactsPage
) -> None:
    """With the list narrowed to one organisation, "New…" starts a contact of it, and closing
    the dialog untouched does not ask to discard anything."""
    filter_ = page.people.organisation
    filter_.setCurrentIndex(filter_.findText("和平里社区居委会"))
    click(qtbot, page.people.new_button)
    dialog = page.findChild(ContactDialog)
    assert dialog.organisation.currentText() == "和平里社区居委会"
    assert dialog.organisation.currentData() == filter_.currentData()
    assert not dialog.has_changes()
    dialog.reject()
    assert not dialog.isVisible()
    filter_.setCurrentIndex(0)  # all organisations: a new contact has none
    click(qtbot, page.people.new_button)
    dialog = next(d for d in page.findChildren(ContactDialog) if d.isVisible())
    assert dialog.organisation.currentData() is None


def test_search_as_you_type(some_people: None, qtbot: QtBot, page: ContactsPage) -> None:
    page.people.search.setText("ls")
    qtbot.waitUntil(lambda: names(page) == ["李四"])


def test_delete_asks_then_restore(
    some_people: None, qtbot: QtBot, page: ContactsPage, services: Services, aux: Principal
) -> None:
    page.people.select(next(p.id for p in page.people.rows() if p.name == "张三"))
    click(qtbot, page.people.delete_button)
    box = open_message_box(page.people)
    assert "张三" in box.text()
    click(qtbot, box.button(QMessageBox.StandardButton.No))
    assert "张三" in names(page)
    click(qtbot, page.people.delete_button)
    click(qtbot, open_message_box(page.people).button(QMessageBox.StandardButton.Yes))
    assert names(page) == ["李四", "王五"]

    page.people.show_deleted.setChecked(True)
    assert "张三" in names(page)
    page.people.select(next(p.id for p in page.people.rows() if p.name == "张三"))
    assert page.people.restore_button.isEnabled() and not page.people.edit_button.isEnabled()
    click(qtbot, page.people.restore_button)
    page.people.show_deleted.setChecked(False)
    assert names(page) == ["李四", "王五", "张三"]
    assert services.contacts.search_people(aux, "zs")[0].is_deleted is False


def test_editing_a_person_with_enter(
    some_people: None, qtbot: QtBot, page: ContactsPage, type_text: TypeText
) -> None:
    from PySide6.QtCore import Qt

    page.people.select(next(p.id for p in page.people.rows() if p.name == "李四"))
    qtbot.keyClick(page.people.table, Qt.Key.Key_Return)
    dialog = page.findChild(ContactDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.landline.text() == "010-64201234"
    dialog.position.clear()
    type_text(dialog.position, "经理")
    ok(qtbot, dialog)
    assert page.people.selected().position == "经理"


def test_models_are_consistent(qtmodeltester, some_people: None, page: ContactsPage) -> None:
    qtmodeltester.check(page.people.model)
    qtmodeltester.check(page.organisations.model)
