"""The audit page: lists entries newest first, filters them, and verifies the chain."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from station_desk.domain.accounts import Principal
from station_desk.domain.audit import AuditAction, AuditEntry, ChainReport
from station_desk.domain.meetings import (
    AttendeeEntry,
    AttendeeKind,
    MeetingDraft,
    MeetingStatus,
    MeetingType,
    MeetingUpdate,
)
from station_desk.services.container import Services
from station_desk.ui.audit.model import record_type_label
from station_desk.ui.audit.page import AuditPage, chain_message
from station_desk.ui.audit.reading import sentence
from station_desk.ui.language import apply_language
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
    assert "admin created User account “王芳”" in column(page, 6)


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
    verify = next(b for b in page.findChildren(QPushButton) if b.text() == "&Verify chain")
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


def test_details_read_as_sentences() -> None:
    entry = AuditEntry(
        1, datetime(2026, 12, 7, 9, 0), "", "admin", "update", "user", "u-1",
        {
            "changes": {
                "display_name": {"old": "李明", "new": "李明亮"},
                "password_hash": {"changed": True},
                "active": {"old": True, "new": False},
            }
        },
    )
    assert sentence(entry, "李明亮") == (
        "admin changed User account “李明亮”: Display name: 李明 → 李明亮; Password changed; "
        "Active: Yes → No"
    )
    created = replace(entry, action="create", details={"fields": {"username": "aux"}})
    assert sentence(created, "王芳") == "admin created User account “王芳”"
    denied = replace(entry, action="denied", record_type="audit", details={"permission": "x"})
    assert sentence(denied) == "admin: Access refused — Audit trail: permission: x"
    assert sentence(replace(entry, details={"changes": {"notes": {"old": "", "new": "x" * 99}}})
                    ).endswith("…")


def test_an_attendance_change_reads_in_chinese_with_the_meeting_title(
    qtbot: QtBot, qapp, services: Services, admin: Principal, officer: Principal
) -> None:
    start = datetime(2026, 12, 3, 19, 0)
    meeting = services.meetings.new_meeting(
        officer,
        MeetingDraft(
            MeetingType.SECURITY_COMMITTEE, "十二月治保例会", start,
            attendees=(AttendeeEntry(AttendeeKind.GUEST, "赵六"),),
        ),
    )
    services.meetings.set_status(officer, meeting.id, MeetingStatus.HELD)
    held = services.meetings.get(officer, meeting.id)
    update = MeetingUpdate(
        id=held.id, meeting_type=held.meeting_type, title=held.title, starts_at=held.starts_at,
        ends_at=held.ends_at, place=held.place, host=held.host, recorder=held.recorder,
        summary=held.summary, notes=held.notes, agenda=held.agenda, actions=held.actions,
        attendees=(replace(held.attendees[0], present=False, absence_reason="出差"),),
    )
    services.meetings.save(officer, update)
    apply_language(qapp, "zh_CN")
    page = AuditPage(services, admin)
    qtbot.addWidget(page)
    page.record_type.setCurrentIndex(page.record_type.findData("meeting_attendee"))
    texts = column(page, 6)
    changed = next(text for text in texts if "缺席原因" in text)
    assert changed.startswith("officer修改了参会人员「十二月治保例会 · 赵六」：")
    assert "缺席原因：— → 出差" in changed
    assert "{" not in changed and "present" not in changed and "pending" not in changed
    row = texts.index(changed)
    page.table.selectRow(row)
    details = page.details.toPlainText()
    assert details.startswith(changed) and '"absence_reason"' in details  # the exact diff
