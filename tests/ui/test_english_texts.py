"""English that reads right (issue 16, point 7): list columns as wide as their content (no
"Security comm…"), plural forms where a number meets a noun ("in 1 day"), and one date format
(ISO) in every date input, the list filters included (no "1/1/26")."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from types import SimpleNamespace

from PySide6.QtWidgets import QDateTimeEdit, QStyle, QTableView
from pytestqt.qtbot import QtBot

from station_desk.domain.accounts import Principal
from station_desk.domain.mediation import CaseDraft, CaseSource, DisputeType, MediationKind
from station_desk.domain.meetings import MeetingDraft, MeetingType
from station_desk.services.container import Services
from station_desk.ui.audit.page import AuditPage
from station_desk.ui.mediation.page import MediationPage
from station_desk.ui.meetings.page import MeetingsPage
from station_desk.ui.youth.page import due_text


def cells_fit(table: QTableView, column: int) -> bool:
    """Every shown cell of `column` fits its width (with the item's text margins)."""
    header = table.horizontalHeader()
    metrics = table.fontMetrics()
    margins = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
    model = table.model()
    for row in range(model.rowCount()):
        text = model.index(row, column).data()
        if metrics.horizontalAdvance(text) + margins > header.sectionSize(column):
            return False
    return True


def test_list_columns_are_as_wide_as_their_english_content(
    qtbot: QtBot, services: Services, officer: Principal
) -> None:
    services.meetings.new_meeting(
        officer, MeetingDraft(MeetingType.SECURITY_COMMITTEE, "治保例会", datetime(2026, 12, 3, 9))
    )
    meetings = MeetingsPage(services, officer)
    qtbot.addWidget(meetings)
    meetings.resize(1340, 680)
    meetings.show()
    meetings.search()
    assert meetings.list.model.index(0, 1).data() == "Security committee meeting"
    assert cells_fit(meetings.list.table, 1)

    services.mediation.register_case(
        officer,
        CaseDraft(
            date.today(), CaseSource.WALK_IN, DisputeType.PROPERTY_MANAGEMENT,
            MediationKind.PEOPLES, "物业纠纷",
        ),
    )
    mediation = MediationPage(services, officer)
    qtbot.addWidget(mediation)
    mediation.resize(1340, 680)
    mediation.show()
    mediation.search()
    assert mediation.list.model.index(0, 4).data() == "Property management dispute"
    assert cells_fit(mediation.list.table, 4) and cells_fit(mediation.list.table, 5)


def test_one_day_is_singular() -> None:
    today = date.today()
    summary = SimpleNamespace(next_due=today + timedelta(days=1), days_left=1, overdue=False)
    assert due_text(summary).endswith("(in 1 day)")  # type: ignore[arg-type]
    summary.days_left, summary.overdue = -1, True
    assert due_text(summary).endswith("overdue by 1 day")  # type: ignore[arg-type]


def test_date_filters_show_iso_dates(
    qtbot: QtBot, services: Services, admin: Principal, officer: Principal
) -> None:
    pages = [MeetingsPage(services, officer), MediationPage(services, officer),
             AuditPage(services, admin)]
    for page in pages:
        qtbot.addWidget(page)
        for edit in page.findChildren(QDateTimeEdit):
            text = edit.text()
            assert "/" not in text and text[:4].isdigit() and text[4] == "-", text


def test_due_today_says_today() -> None:
    summary = SimpleNamespace(next_due=date.today(), days_left=0, overdue=False)
    assert due_text(summary) == f"{date.today().isoformat()} (today)"  # type: ignore[arg-type]
