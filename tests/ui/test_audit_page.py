"""The audit page: lists entries newest first, filters them, and verifies the chain."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from station_desk.domain.accounts import Principal
from station_desk.domain.audit import AuditAction, ChainReport
from station_desk.services.container import Services
from station_desk.ui.audit.model import record_type_label, summarise_details
from station_desk.ui.audit.page import AuditPage, chain_message
from tests.ui.helpers import click


@pytest.fixture
def page(qtbot: QtBot, services: Services, admin: Principal) -> AuditPage:
    page = AuditPage(services, admin)
    qtbot.addWidget(page)
    page.resize(1180, 600)
    with qtbot.waitExposed(page):
        page.show()
    return page


def column(page: AuditPage, number: int) -> list[str]:
    return [page.model.index(row, number).data() for row in range(page.model.rowCount())]


def test_lists_entries_newest_first(page: AuditPage) -> None:
    numbers = [int(n) for n in column(page, 0)]
    assert numbers == sorted(numbers, reverse=True) and len(numbers) >= 5
    actions = column(page, 3)
    assert actions[0] == "Sign in"  # the admin signing in for this test
    assert "First-run setup" in actions and "Create" in actions
    assert "admin" in column(page, 2)
    assert any("username=aux" in details for details in column(page, 6))


def test_model_is_consistent(qtmodeltester, page: AuditPage) -> None:
    qtmodeltester.check(page.model)


def test_filters_by_action_and_user(qtbot: QtBot, page: AuditPage) -> None:
    page.action.setCurrentIndex(page.action.findData(AuditAction.LOGIN.value))
    page.search()
    assert set(column(page, 3)) == {"Sign in"}
    assert set(column(page, 2)) == {"admin"}

    page.user.setCurrentIndex(page.user.findData("system"))
    page.search()
    assert page.model.rowCount() == 0

    page.clear_filters()
    assert page.model.rowCount() >= 5


def test_filters_by_date(page: AuditPage) -> None:
    page.date_to.set_day(date.today() - timedelta(days=1))
    page.search()
    assert page.model.rowCount() == 0
    page.date_to.set_day(None)
    page.date_from.set_day(date.today())
    page.search()
    assert page.model.rowCount() >= 5


def test_filters_by_record_type(qtbot: QtBot, page: AuditPage) -> None:
    labels = [page.record_type.itemText(i) for i in range(page.record_type.count())]
    assert labels[0] == "All record types" and "Mediation case" in labels
    assert "mediation_case" not in labels and len(set(labels)) == len(labels)
    page.record_type.setCurrentIndex(page.record_type.findData("user"))  # searches at once
    assert page.model.rowCount() > 0
    assert set(column(page, 4)) == {"User account"}
    page.record_type.setCurrentIndex(page.record_type.findData("youth_grade_change"))
    assert page.model.rowCount() == 0
    page.clear_filters()
    assert page.record_type.currentIndex() == 0 and page.model.rowCount() >= 5


def test_record_types_read_as_labels() -> None:
    assert record_type_label("mediation_case") == "Mediation case"
    assert record_type_label("weekly-roster") != "weekly-roster"  # a roster document's label
    assert record_type_label("something_new") == "something_new"


def test_verify_chain_reports_ok(qtbot: QtBot, page: AuditPage) -> None:
    verify = next(b for b in page.findChildren(QPushButton) if b.text() == "Verify chain")
    click(qtbot, verify)  # on a worker thread
    qtbot.waitUntil(
        lambda: page.chain.text().startswith("The audit trail is intact:"), timeout=30_000
    )
    assert "entries checked" in page.chain.text()


def test_chain_message_names_the_first_bad_entry() -> None:
    report = ChainReport(
        entries_checked=4, first_bad_seq=5, problem="the entry's content was changed"
    )
    assert chain_message(report) == (
        "The audit trail has been altered at entry 5: the entry's content was changed."
    )


def test_details_read_as_one_line() -> None:
    changes = {
        "changes": {
            "display_name": {"old": "李明", "new": "李明亮"},
            "password_hash": {"changed": True},
            "active": {"old": True, "new": False},
        }
    }
    assert summarise_details(changes) == (
        "display_name: 李明 → 李明亮; password_hash changed; active: Yes → No"
    )
    assert summarise_details({"fields": {"username": "aux", "badge_number": None}}) == (
        "username=aux; badge_number=—"
    )
    assert summarise_details({"permission": "view_audit"}) == "permission: view_audit"
    assert summarise_details({"text": "x" * 100}).endswith("…")
