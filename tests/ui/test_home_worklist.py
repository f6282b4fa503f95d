"""The home page as a worklist, on the demo room: every figure opens exactly the records it
counts (the number on the card is the number of rows), "today and this week" lists what is
due with overdue first, youth sessions only for who may see them; the charts arrive from the
background and a bar opens its records."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCharts import QValueAxis
from PySide6.QtCore import QPointF, Qt
from pytestqt.qtbot import QtBot

from station_desk.demo import DEMO_PASSWORD, fill_demo
from station_desk.domain.accounts import Principal
from station_desk.domain.mediation import DisputeType
from station_desk.domain.opinions import OpinionQuery, reply_timing
from station_desk.services.charts import month_end
from station_desk.services.container import Services
from station_desk.services.worklist import ALL, AUDIT_SHOWN
from station_desk.ui.home_charts import HomeCharts
from station_desk.ui.home_page import HomePage
from station_desk.ui.main_window import MainWindow
from station_desk.ui.worklist import WorkItemsDialog
from tests.conftest import new_room, reopen


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo room at scale 1, made once for the module (the tests only read it)."""
    folder = tmp_path_factory.mktemp("demo") / "data"
    services = new_room(folder)
    try:
        fill_demo(services)
    finally:
        services.close()
    return folder


@pytest.fixture
def demo(demo_dir: Path) -> Iterator[Services]:
    services = reopen(demo_dir, "admin", DEMO_PASSWORD)
    yield services
    services.close()


def opened_rows(qtbot: QtBot, page: HomePage, key: str) -> list[object]:
    card = next(card for card in page.counter_cards() if card.key == key)
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    dialog = next(d for d in page.findChildren(WorkItemsDialog) if d.isVisible())
    rows = dialog.list.items()
    dialog.reject()
    return rows


@pytest.mark.parametrize("username", ["admin", "officer", "aux"])
def test_each_figure_opens_exactly_its_records(qtbot: QtBot, demo: Services, username: str) -> None:
    user = demo.accounts.authenticate(username, DEMO_PASSWORD)
    page = HomePage(demo, user)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: not page.reading())  # the figures are read on a worker thread
    checked = 0
    for card in page.counter_cards():
        if card.key in ("duty_hours_week", "attendance_to_review", "insurance_due"):
            continue  # these lead to the duty log, the attendance review, the volunteers page
        rows = opened_rows(qtbot, page, card.key)
        expected = int(card.value.text())
        if card.key == "audit_today":  # the newest 500 listed; the audit page has them all
            expected = min(expected, AUDIT_SHOWN)
        assert len(rows) == expected, card.key
        checked += 1
    assert checked >= 6
    nonzero = [c.key for c in page.counter_cards() if c.value.text() not in ("0", "")]
    assert "open_mediation_cases" in nonzero


def test_rows_open_the_record(qtbot: QtBot, demo: Services) -> None:
    admin = demo.accounts.authenticate("admin", DEMO_PASSWORD)
    page = HomePage(demo, admin)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: not page.reading())
    card = next(card for card in page.counter_cards() if card.key == "open_mediation_cases")
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    dialog = next(d for d in page.findChildren(WorkItemsDialog) if d.isVisible())
    first = dialog.list.items()[0]
    with qtbot.waitSignal(page.open_record_requested) as opened:
        dialog.list.setFocus()
        qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    assert opened.args == ["mediation", first.record_id]
    assert not dialog.isVisible()


def test_today_and_this_week_overdue_first_youth_only_for_officers(qtbot: QtBot, demo: Services) -> None:
    admin = demo.accounts.authenticate("admin", DEMO_PASSWORD)
    aux = demo.accounts.authenticate("aux", DEMO_PASSWORD)
    page = HomePage(demo, admin)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: not page.reading())
    qtbot.waitUntil(lambda: page.agenda_ready)
    items = page.agenda.items()
    assert items, "the demo room has work due this week"
    flags = [item.overdue for item in items]
    assert flags == sorted(flags, reverse=True)  # overdue first
    assert {"mediation", "roster"} <= {item.kind for item in items}
    shifts = [item for item in items if item.kind == "roster"]
    assert all(item.detail for item in shifts)  # who is on
    aux_page = HomePage(demo, aux)
    qtbot.addWidget(aux_page)
    qtbot.waitUntil(lambda: aux_page.agenda_ready)
    assert aux_page.agenda.items() and all(item.kind != "youth" for item in aux_page.agenda.items())


def test_charts_arrive_and_a_bar_opens_its_cases(qtbot: QtBot, demo: Services) -> None:
    admin = demo.accounts.authenticate("admin", DEMO_PASSWORD)
    page = HomePage(demo, admin)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: not page.reading())
    qtbot.waitUntil(lambda: page.charts.cases is not None and page.charts.hours is not None)
    cases = page.charts.cases
    assert cases is not None and len(cases.months) == 12
    kind, counts = next((k, c) for k, c in cases.counts.items() if any(c))
    index = max(range(12), key=lambda i: counts[i])
    with qtbot.waitSignal(page.charts.open_records) as opened:
        page.charts.open_month(index, kind)
    title, rows = opened.args
    assert len(rows) == counts[index]
    assert all(row.kind == "mediation" for row in rows)
    hours = page.charts.hours
    assert hours is not None and len(hours.weeks) == 12 and hours.target == 30


def test_opinions_chart_counts_the_register_and_a_click_opens_exactly_them(
    qtbot: QtBot, demo: Services, demo_dir: Path
) -> None:
    """The opinions answered on time per month: each bar is the register's opinions of that
    month answered so; a click on the bar opens the opinion register filtered to exactly them."""
    officer = demo.accounts.authenticate("officer", DEMO_PASSWORD)
    window = MainWindow(demo, officer, demo_dir)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    page = window.pages["home"]
    assert isinstance(page, HomePage)
    qtbot.waitUntil(lambda: page.charts.opinions is not None)
    chart = page.charts.opinions
    assert chart is not None and len(chart.months) == 12
    register = {
        (opinion.id, month, reply_timing(opinion.replied_on, opinion.due_on))
        for month in chart.months
        for opinion in demo.opinions.list_opinions(
            officer, OpinionQuery(date_from=month, date_to=month_end(month), limit=ALL)
        )
    }
    for timing, counts in chart.counts.items():
        assert list(counts) == [
            sum(1 for _id, m, t in register if m == month and t is timing) for month in chart.months
        ], timing
    timing, index = max(
        ((t, i) for t, counts in chart.counts.items() for i in range(12)),
        key=lambda pair: chart.counts[pair[0]][pair[1]],
    )
    assert chart.counts[timing][index] > 0, "the demo room has opinions this year"
    page.charts.setCurrentWidget(page.charts.opinions_view)
    view = page.charts.opinions_view
    series = view.chart().series()[0]
    bars = next(b for b in series.barSets() if b.label() == timing.label)
    below = sum(chart.counts[t][index] for t in list(chart.counts)[: list(chart.counts).index(timing)])
    middle = view.chart().mapToPosition(QPointF(index, below + chart.counts[timing][index] / 2), series)
    with qtbot.waitSignal(bars.clicked) as clicked:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(middle))
    assert clicked.args == [index]
    assert window.current_page_key() == "opinions"
    opinions = window.pages["opinions"]
    month = chart.months[index]
    assert {row.id for row in opinions.rows()} == {rid for rid, m, t in register if m == month and t is timing}
    assert opinions.list.timing.currentText() == timing.label
    assert (opinions.list.date_from.day(), opinions.list.date_to.day()) == (month, month_end(month))


def test_the_charts_are_drawn_one_per_turn_the_tab_shown_first(
    qtbot: QtBot, demo: Services
) -> None:
    officer = demo.accounts.authenticate("officer", DEMO_PASSWORD)
    charts = HomeCharts(demo, officer)
    qtbot.addWidget(charts)
    charts.setCurrentWidget(charts.hours_view)
    cases = demo.charts.mediation_by_month(officer)
    hours = demo.charts.hours_by_week(officer)
    opinions = demo.charts.opinions_by_month(officer)
    charts.show_figures(cases, hours, opinions)
    assert charts.hours is hours and charts.cases is None and charts.opinions is None
    qtbot.waitUntil(lambda: charts.opinions is opinions)
    assert charts.cases is cases
    assert charts.cases_view.chart().series() and charts.opinions_view.chart().series()


def test_a_chart_of_few_or_no_records_counts_in_whole_numbers(
    qtbot: QtBot, services: Services, officer: Principal
) -> None:
    """A new room's charts: the count axis steps by whole numbers (it showed 0, 0.2, … as
    "0, 0, 0, 0, 0, 1" with no records, and 0, 0.5, … as "0, 0, 1, 1, 2" with two)."""
    charts = HomeCharts(services, officer)
    qtbot.addWidget(charts)
    charts.show_figures(
        services.charts.mediation_by_month(officer), services.charts.hours_by_week(officer),
        services.charts.opinions_by_month(officer),
    )
    qtbot.waitUntil(lambda: charts.opinions is not None)
    for view in (charts.cases_view, charts.opinions_view):
        axis = view.chart().axes(Qt.Orientation.Vertical)[0]
        assert isinstance(axis, QValueAxis)
        assert (axis.min(), axis.max(), axis.tickCount()) == (0, 1, 2)
    cases = services.charts.mediation_by_month(officer)
    few = replace(cases, counts={next(iter(DisputeType)): (2,) + (0,) * 11})
    charts.show_cases(few)
    axis = charts.cases_view.chart().axes(Qt.Orientation.Vertical)[0]
    assert isinstance(axis, QValueAxis)
    step = (axis.max() - axis.min()) / (axis.tickCount() - 1)
    assert step >= 1 and step == int(step) and axis.max() >= 2
