"""The home page: station, room, officer on duty, today's date per language, counters."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from station_desk.domain.accounts import Principal
from station_desk.services.container import Services
from station_desk.services.home import HomeCounter, HomeSummary
from station_desk.ui.formatting import long_date
from station_desk.ui.home_page import HomePage
from station_desk.ui.language import apply_language
from tests.conftest import SETUP


def test_shows_room_officer_date_and_counters(
    qtbot: QtBot, services: Services, officer: Principal
) -> None:
    page = HomePage(services, officer)
    qtbot.addWidget(page)
    assert page.room.text() == SETUP.room_name
    assert page.station.text() == SETUP.station_name
    assert page.officer.text() == "Officer on duty: 李明"
    assert page.today.text() == f"Today: {long_date(date.today())}"
    captions = {card.caption.text(): card.value.text() for card in page.counter_cards()}
    assert captions["Active accounts"] == "3"
    assert int(captions["Audit entries today"]) > 0


def test_refresh_replaces_the_counters(qtbot: QtBot, services: Services, admin: Principal) -> None:
    page = HomePage(services, admin)
    qtbot.addWidget(page)
    summary = HomeSummary(
        "站", "室", "张建国", date(2026, 11, 30), [HomeCounter("x", "Late", 2, True)]
    )
    page.show_summary(summary)
    cards = page.counter_cards()
    assert [(c.caption.text(), c.value.text()) for c in cards] == [("Late", "2")]
    assert "b00020" in cards[0].value.styleSheet()


def test_long_date_per_language(qapp) -> None:
    day = date(2026, 11, 30)
    apply_language(qapp, "zh_CN")
    assert long_date(day) == "2026年11月30日 星期一"
    apply_language(qapp, "zh_TW")
    assert long_date(day) == "2026年11月30日 星期一"
    apply_language(qapp, "en")
    assert long_date(day) == "Monday, 30 November 2026"
