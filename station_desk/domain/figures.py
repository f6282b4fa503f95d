"""Compiled figures (汇总数据): what the 述职报告 and the 警情通报 print, section by section.

Each source module (the duty log, meetings, mediation, youth guidance, patrols and
volunteers, the reception log and the opinion register) contributes one
`FigureSection`: a few headline `Figure`s, tables and charts. The documents lay out whatever
sections they are given, so a module is added by adding its source, not by changing them.

Counts of youth guidance are printed for readers who may not see sealed records (a notice
board, a residents' meeting): a count of 1 or 2 could point at a family, so `count_figure`
with `suppress_small` prints it as "<3" (see `domain/youth.SMALLEST_SHOWN_COUNT`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from station_desk.domain.duty import hours_text, hours_value
from station_desk.domain.youth import SMALLEST_SHOWN_COUNT
from station_desk.i18n import _


@dataclass(frozen=True)
class Figure:
    """One headline figure: its label, its value (None when suppressed) and how it prints."""

    label: str
    value: float | None
    text: str

    @property
    def suppressed(self) -> bool:
        return self.value is None


def count_figure(label: str, count: int, suppress_small: bool = False) -> Figure:
    """A count; with `suppress_small`, 1 and 2 print as "<3" (0 is not hidden)."""
    if suppress_small and 0 < count < SMALLEST_SHOWN_COUNT:
        return Figure(label, None, f"<{SMALLEST_SHOWN_COUNT}")
    return Figure(label, count, str(count))


def hours_figure(label: str, minutes: int) -> Figure:
    """Minutes as hours with one decimal (the one rounding of `domain/duty.hours_value`)."""
    return Figure(label, hours_value(minutes), _("{hours} hours").format(hours=hours_text(minutes)))


def rate_figure(label: str, part: int, whole: int) -> Figure:
    """A share as "85.7%（6/7）"; "—" when there is nothing to divide by."""
    if whole <= 0:
        return Figure(label, None, "—")
    rate = part / whole
    return Figure(label, round(rate * 100, 1), f"{rate * 100:.1f}% ({part}/{whole})")


class ChartKind(StrEnum):
    BAR = "bar"
    LINE = "line"


@dataclass(frozen=True)
class Series:
    """One line or one set of bars: its name and a value per category."""

    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Chart:
    """A chart drawn by the document (bars or lines over `categories`)."""

    kind: ChartKind
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = ""
    counts: bool = False  # whole numbers: bar labels and axis steps without decimals


@dataclass(frozen=True)
class FigureTable:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class FigureSection:
    """One source module's part of a compiled report.

    `has_data` False: nothing was recorded in the period; the document says so (`empty_text`)
    instead of printing tables of zeros.
    """

    key: str
    title: str
    figures: tuple[Figure, ...] = ()
    tables: tuple[FigureTable, ...] = ()
    charts: tuple[Chart, ...] = ()
    notes: tuple[str, ...] = ()
    has_data: bool = True
    empty_text: str = ""

    def figure(self, label: str) -> Figure:
        """The figure with this label (for tests and for the screens)."""
        for figure in self.figures:
            if figure.label == label:
                return figure
        raise KeyError(label)


def any_data(sections: tuple[FigureSection, ...]) -> bool:
    return any(section.has_data for section in sections)
