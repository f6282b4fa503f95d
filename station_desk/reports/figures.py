"""Compiled figures on paper: a section's headline figures, its charts and tables.

`CompiledDocument` lays out `FigureSection`s (`domain/figures.py`) whatever module they come
from. Charts are drawn with reportlab's own graphics (`reportlab.graphics`): vector bars and
lines embedded in the PDF, in the document's fonts, so they print sharp and their labels can
be searched like the text.
"""

from __future__ import annotations

import math
from typing import Any, TypeVar

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether

from station_desk.domain.figures import Chart, ChartKind, FigureSection
from station_desk.reports.base import DataDocument
from station_desk.reports.fonts import HEI, SONG

CHART_HEIGHT = 62 * mm
CHART_COLOURS = (colors.HexColor("#1F4E79"), colors.HexColor("#C00000"), colors.HexColor("#7F7F7F"))
AXIS_SIZE = 8
TITLE_SIZE = 10
LABEL_ANGLE = 30  # degrees: category names too long to stand side by side


T = TypeVar("T")


class CompiledDocument(DataDocument[T]):
    """A document made of compiled sections (the 述职报告, the 警情通报, the 警情公示)."""

    official = True  # GB/T 9704 page numbers

    def section_story(self, section: FigureSection, level: int = 2) -> list[Flowable]:
        """The section's heading, then its figures, charts, tables and notes — or the
        sentence saying nothing was recorded."""
        story: list[Flowable] = [self.heading(section.title, level)]
        if not section.has_data:
            return story + [self.paragraph(section.empty_text or self.empty_text(), "body")]
        story.append(self.facts_table([(figure.label, figure.text) for figure in section.figures]))
        story += [chart_flowable(chart, self.frame_width) for chart in section.charts]
        story += [self.data_table(table.header, table.rows) for table in section.tables]
        story += [self.paragraph(note, "small") for note in section.notes]
        return story


def chart_flowable(chart: Chart, width: float) -> Flowable:
    """The chart as a drawing the width of the type area (kept on one page)."""
    drawing = bar_chart(chart, width) if chart.kind is ChartKind.BAR else line_chart(chart, width)
    return KeepTogether([drawing])


def _frame(chart: Chart, width: float, height: float = CHART_HEIGHT) -> Drawing:
    drawing = Drawing(width, height)
    drawing.add(String(width / 2, height - TITLE_SIZE - 2, chart.title, fontName=HEI,
                       fontSize=TITLE_SIZE, textAnchor="middle"))
    if chart.unit:
        drawing.add(String(0, height - TITLE_SIZE - 2, f"({chart.unit})", fontName=SONG,
                           fontSize=AXIS_SIZE))
    return drawing


def _value_axis_top(chart: Chart) -> float:
    top = max((max(series.values, default=0.0) for series in chart.series), default=0.0)
    return max(1.0, top * 1.15)


def bar_chart(chart: Chart, width: float) -> Drawing:
    bars = VerticalBarChart()
    bottom = 16 * mm if len(chart.series) == 1 else 22 * mm  # room for the legend below
    plot_width = width - 14 * mm
    longest = max((stringWidth(name, SONG, AXIS_SIZE) for name in chart.categories), default=0.0)
    slanted = longest > 0.95 * plot_width / max(1, len(chart.categories))  # they would overlap
    extra = min(longest * math.sin(math.radians(LABEL_ANGLE)), 20 * mm) if slanted else 0.0
    drawing = _frame(chart, width, CHART_HEIGHT + extra)  # the bars keep their height
    bars.x, bars.y = 10 * mm, bottom + extra
    bars.width, bars.height = plot_width, CHART_HEIGHT - bottom - 10 * mm - TITLE_SIZE
    _plot(bars, chart)
    if slanted:  # long names (English) read slanted, each ending under its bars
        bars.categoryAxis.labels.angle = LABEL_ANGLE
        bars.categoryAxis.labels.boxAnchor = "ne"
    if chart.counts:  # whole steps of 1, 2, 5, 10, 20, 50…
        step = _count_step(bars.valueAxis.valueMax)
        bars.valueAxis.valueStep = step
        bars.valueAxis.valueMax = math.ceil(bars.valueAxis.valueMax / step) * step
    bars.barLabelFormat = "%d" if chart.counts else "%.1f"
    bars.barLabels.fontName = SONG
    bars.barLabels.fontSize = AXIS_SIZE - 1
    bars.barLabels.nudge = 6
    for index in range(len(chart.series)):
        bars.bars[index].fillColor = CHART_COLOURS[index % len(CHART_COLOURS)]
        bars.bars[index].strokeColor = None
    drawing.add(bars)
    if len(chart.series) > 1:
        drawing.add(_legend(chart, width))
    return drawing


def _plot(plot: Any, chart: Chart) -> None:
    """The chart's values and categories on `plot` (bars or lines), with the axes' labels in
    Song and the value axis from 0 to a round top."""
    plot.data = [list(series.values) for series in chart.series]
    plot.categoryAxis.categoryNames = list(chart.categories)
    for labels in (plot.categoryAxis.labels, plot.valueAxis.labels):
        labels.fontName = SONG
        labels.fontSize = AXIS_SIZE
    plot.categoryAxis.labels.boxAnchor = "n"
    plot.valueAxis.valueMin = 0
    plot.valueAxis.valueMax = _value_axis_top(chart)


def _count_step(top: float, ticks: int = 5) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50… that splits 0..top into at most `ticks` steps."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if factor * magnitude * ticks >= top:
                return factor * magnitude
        magnitude *= 10


def line_chart(chart: Chart, width: float) -> Drawing:
    drawing = _frame(chart, width)
    lines = HorizontalLineChart()
    lines.x, lines.y = 10 * mm, 16 * mm
    lines.width, lines.height = width - 14 * mm, CHART_HEIGHT - 16 * mm - 10 * mm - TITLE_SIZE
    _plot(lines, chart)
    lines.joinedLines = 1
    for index in range(len(chart.series)):
        lines.lines[index].strokeColor = CHART_COLOURS[index % len(CHART_COLOURS)]
        lines.lines[index].strokeWidth = 1.5 if index == 0 else 1
        if index:
            lines.lines[index].strokeDashArray = (4, 2)
    drawing.add(lines)
    drawing.add(_legend(chart, width))
    return drawing


def _legend(chart: Chart, width: float) -> Legend:
    legend = Legend()
    legend.x, legend.y = width / 2 - 30 * mm, 4 * mm
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 40 * mm
    legend.fontName = SONG
    legend.fontSize = AXIS_SIZE
    legend.boxAnchor = "sw"
    legend.colorNamePairs = [
        (CHART_COLOURS[index % len(CHART_COLOURS)], series.name)
        for index, series in enumerate(chart.series)
    ]
    return legend
