"""Issue 16.11: public holidays of the room's calendar (the shipped official ones included)
are named in the roster's week, on screen (column heading) and on the printed roster."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from station_desk.domain.accounts import Principal
from station_desk.services.container import Services
from station_desk.ui.roster.week_view import RosterWeekView
from tests.reports_helpers import pdf_text


def test_the_roster_week_names_its_holidays_on_screen_and_on_paper(
    qtbot: QtBot, services: Services, officer: Principal
) -> None:
    week = services.rosters.week(officer, date(2026, 1, 1))
    assert week.holidays == {date(2026, 1, d): "New Year's Day" for d in (1, 2, 3)}
    view = RosterWeekView(services, officer)
    qtbot.addWidget(view)
    view.show_week(date(2026, 1, 1))
    header = view.grid.horizontalHeaderItem(3)  # Thursday 1 January
    assert header is not None and "New Year's Day" in header.text()
    assert "New Year's Day" not in view.grid.horizontalHeaderItem(0).text()
    pdf = services.rosters.weekly_roster_pdf(officer, date(2026, 1, 1), "en")
    assert "New Year's Day" in pdf_text(pdf)
