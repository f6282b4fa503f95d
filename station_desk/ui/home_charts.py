"""The home page's charts (QtCharts): mediation cases per month by type (12 months), the
signed-in user's hours in the beat per week against the target (12 weeks) and the opinions
received per month answered on time, late or not yet (12 months; only for users who may open
the opinion register).

The figures are read off the GUI thread by the home page (with "today and this week", in
one job of `ui/widgets/jobs.py`); the window never waits for them. They are drawn one chart
per turn of the event loop, the tab shown first (each takes 5–10 ms, together with the
agenda up to 50 ms on a loaded machine: issue 15). Clicking a bar emits
`open_records(title, items)` with the records behind it (the cases of that month and type;
the duty entries of that week), which the home page lists; a bar of opinions opens the
opinion register filtered to exactly them (that month, answered so).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from functools import partial
from typing import TypeVar

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QTabWidget, QWidget

from station_desk.domain.accounts import Principal
from station_desk.domain.mediation import DisputeType
from station_desk.domain.opinions import ReplyTiming
from station_desk.i18n import _
from station_desk.services.charts import MonthlyCases, MonthlyOpinions, WeeklyHours, month_end
from station_desk.services.container import Services
from station_desk.ui.errors import user_errors
from station_desk.ui.fonts import default_font, heading_font

CHART_HEIGHT = 150
LEGEND_POINTS = 8
TARGET_COLOUR = QColor("#b00020")
TIMING_COLOURS = {
    ReplyTiming.ON_TIME: QColor("#2e7d32"),
    ReplyTiming.LATE: QColor("#ef6c00"),
    ReplyTiming.OPEN: QColor("#9e9e9e"),
}


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setTitleFont(heading_font(11))
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
    chart.legend().setFont(default_font(LEGEND_POINTS))  # seven dispute types fit at 1366×768
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    return chart


def _view(chart: QChart) -> QChartView:
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(CHART_HEIGHT)
    return view


K = TypeVar("K")


def _stacked_by_month(
    title: str,
    months: Sequence[date],
    counts: Mapping[K, Sequence[int]],
    name: Callable[[K], str],
    clicked: Callable[[int, K], object],
    colours: Mapping[K, QColor] | None = None,
) -> QChart:
    """The chart `title` (its `{start}` and `{end}`: the first and last month) of bars per
    month stacked from one set per key of `counts`; a click on a bar calls `clicked(the
    month's index, its key)`."""
    chart = _chart(title.format(start=f"{months[0]:%Y-%m}", end=f"{months[-1]:%Y-%m}"))
    series = QStackedBarSeries()
    for key, numbers in counts.items():
        bars = QBarSet(name(key))
        if colours is not None:
            bars.setColor(colours[key])
        bars.append([float(n) for n in numbers])
        bars.clicked.connect(lambda index, key=key: clicked(index, key))
        series.append(bars)
    chart.addSeries(series)
    totals = [sum(row[i] for row in counts.values()) for i in range(len(months))]
    _axes(chart, series, [_month_label(month) for month in months], max(totals, default=0))
    return chart


def _axes(chart: QChart, series: object, categories: list[str], top: float) -> QBarCategoryAxis:
    x = QBarCategoryAxis()
    x.append(categories)
    y = QValueAxis()
    y.setRange(0, max(1.0, top * 1.1))
    y.applyNiceNumbers()  # ticks at round numbers (0, 5, 10, …)
    if y.max() < y.tickCount() - 1:  # steps under one (0, 0.2, …): counts have none between
        whole = math.ceil(y.max())
        y.setRange(0, whole)
        y.setTickCount(whole + 1)
    y.setLabelFormat("%d")
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    for axis in (x, y):
        series.attachAxis(axis)  # type: ignore[attr-defined]
    return x


class HomeCharts(QTabWidget):
    """Tabs of charts; emits `open_records(title, items)` when a bar is clicked, and for a
    bar of opinions `open_opinions_requested(first day, last day, ReplyTiming)`."""

    open_records = Signal(str, list)
    open_requested = Signal(str, str)
    open_opinions_requested = Signal(object, object, object)

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(parent)
        self._services = services
        self._principal = principal
        self.cases: MonthlyCases | None = None
        self.hours: WeeklyHours | None = None
        self.opinions: MonthlyOpinions | None = None
        self.cases_view = _view(_chart(_("Mediation cases per month, by type")))
        self.hours_view = _view(_chart(_("Hours in the beat per week")))
        self.opinions_view = _view(_chart(_("Opinions answered on time, per month")))
        self.addTab(self.cases_view, _("Mediation"))
        self.addTab(self.hours_view, _("Hours in the beat"))
        if services.charts.may_see_opinions(principal):
            self.addTab(self.opinions_view, _("Opinions"))

    def show_figures(
        self, cases: MonthlyCases, hours: WeeklyHours | None, opinions: MonthlyOpinions | None = None
    ) -> None:
        """Draw the figures (read off the GUI thread by the home page): the chart of the tab
        shown now, the others one per later turn of the event loop."""
        charts: list[tuple[QChartView, Callable[[], object]]] = [
            (self.cases_view, partial(self.show_cases, cases))
        ]
        if hours is not None:
            charts.append((self.hours_view, partial(self.show_hours, hours)))
        if opinions is not None:
            charts.append((self.opinions_view, partial(self.show_opinions, opinions)))
        current = self.currentWidget()
        charts.sort(key=lambda chart: chart[0] is not current)  # stable: the shown one first
        self._draw_in_turns([draw for _view, draw in charts])

    def _draw_in_turns(self, charts: list[Callable[[], object]]) -> None:
        charts.pop(0)()
        if charts:
            QTimer.singleShot(0, self, partial(self._draw_in_turns, charts))

    def failed(self, error: object) -> None:
        self.cases_view.chart().setTitle(str(error))

    # -- mediation cases per month -----------------------------------------------------------
    def show_cases(self, cases: MonthlyCases) -> None:
        self.cases = cases
        chart = _stacked_by_month(
            _("Mediation cases per month, by type ({start} – {end})"),
            cases.months, cases.counts, lambda kind: _(kind.label), self.open_month,
        )
        self.cases_view.setChart(chart)

    def open_month(self, index: int, kind: DisputeType) -> None:
        if self.cases is None:
            return
        month = self.cases.months[index]
        with user_errors(self):
            items = self._services.charts.cases_of(self._principal, month, kind)
            title = _("{type} cases received in {month}").format(
                type=_(kind.label), month=f"{month:%Y-%m}"
            )
            self.open_records.emit(title, items)

    # -- hours in the beat per week --------------------------------------------------------
    def show_hours(self, hours: WeeklyHours) -> None:
        self.hours = hours
        chart = _chart(_("Hours in the beat per week (weeks from Monday)"))
        bars = QBarSet(_("Hours in the beat"))
        bars.append(list(hours.hours))
        bars.clicked.connect(self.open_week)
        series = QBarSeries()
        series.append(bars)
        chart.addSeries(series)
        target = QLineSeries()
        target.setName(_("Target: {hours:g} h").format(hours=hours.target))
        target.setPen(QPen(TARGET_COLOUR, 2, Qt.PenStyle.DashLine))
        for x in (-0.5, len(hours.weeks) - 0.5):
            target.append(QPointF(x, hours.target))
        chart.addSeries(target)
        _axes(chart, series, [f"{week:%m-%d}" for week in hours.weeks], max(*hours.hours, hours.target))
        for axis in chart.axes():
            target.attachAxis(axis)
        self.hours_view.setChart(chart)

    def open_week(self, index: int) -> None:
        if self.hours is None:
            return
        monday = self.hours.weeks[index]
        with user_errors(self):
            items = self._services.charts.entries_of(self._principal, monday)
            title = _("Duty entries of the week from {date}").format(date=monday.isoformat())
            self.open_records.emit(title, items)

    # -- opinions answered on time per month -----------------------------------------------
    def show_opinions(self, opinions: MonthlyOpinions) -> None:
        self.opinions = opinions
        chart = _stacked_by_month(
            _("Opinions received per month, by reply ({start} – {end})"),
            opinions.months, opinions.counts, lambda timing: timing.label, self.open_opinions,
            TIMING_COLOURS,
        )
        self.opinions_view.setChart(chart)

    def open_opinions(self, index: int, timing: ReplyTiming) -> None:
        """The opinion register filtered to the bar's month and reply."""
        if self.opinions is None:
            return
        month = self.opinions.months[index]
        self.open_opinions_requested.emit(month, month_end(month), timing)


def _month_label(month: date) -> str:
    """The month's number (the title says which twelve months)."""
    return str(month.month)
