"""The compiled documents' bar charts: counts in whole steps, long category names slanted
below a taller drawing (the bars keep their height), room for a legend."""

from __future__ import annotations

import pytest

from station_desk.domain.figures import Chart, ChartKind, Series
from station_desk.reports.figures import CHART_HEIGHT, _count_step, bar_chart
from station_desk.reports.fonts import register_fonts

WIDTH = 450.0


@pytest.fixture(autouse=True)
def _fonts() -> None:
    register_fonts()


def chart(categories: tuple[str, ...], *series: tuple[float, ...], counts: bool = True) -> Chart:
    return Chart(ChartKind.BAR, "title", categories,
                 tuple(Series(f"s{i}", values) for i, values in enumerate(series)), counts=counts)


def test_count_steps_are_whole_and_round() -> None:
    assert [_count_step(top) for top in (1.15, 2.3, 5, 6.9, 24.15, 64.4, 230)] == [1, 1, 1, 2, 5, 20, 50]


def test_counts_print_without_decimals_on_whole_steps() -> None:
    drawing = bar_chart(chart(("报警", "求助"), (2.0, 21.0)), WIDTH)
    bars = drawing.contents[-1]
    assert bars.barLabelFormat == "%d" and bars.valueAxis.valueStep == 5 and bars.valueAxis.valueMax == 25
    hours = bar_chart(chart(("a", "b"), (2.0, 21.5), counts=False), WIDTH).contents[-1]
    assert hours.barLabelFormat == "%.1f"


def test_long_names_are_slanted_below_a_taller_drawing() -> None:
    short = bar_chart(chart(("报警", "求助", "咨询", "办事", "投诉", "建议", "纠纷", "其他"), (1.0,) * 8), WIDTH)
    names = ("Report to the police", "Request for help", "Consultation", "Administrative service",
             "Complaint", "Suggestion", "Dispute", "Other matter")
    long = bar_chart(chart(names, (1.0,) * 8), WIDTH)
    assert short.height == CHART_HEIGHT and short.contents[-1].categoryAxis.labels.angle == 0
    bars = long.contents[-1]
    assert long.height > CHART_HEIGHT and bars.categoryAxis.labels.angle == 30
    assert bars.height == short.contents[-1].height  # the bars keep their height


def test_several_series_leave_room_for_the_legend() -> None:
    one = bar_chart(chart(("7月", "8月"), (1.0, 2.0)), WIDTH)
    three = bar_chart(chart(("7月", "8月"), (1.0, 2.0), (1.0, 1.0), (0.0, 1.0)), WIDTH)
    assert three.contents[-2].y > one.contents[-1].y  # the bars above the legend
