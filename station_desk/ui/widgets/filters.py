"""The filters over a record list: a grid of labelled filters, a search box, choices narrow
enough for 1024 px, an enum's chosen member and the From / To period."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from enum import Enum
from typing import TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLayout, QLineEdit, QWidget

from station_desk.i18n import _
from station_desk.ui.widgets.inputs import DateFilter

E = TypeVar("E", bound=Enum)

# a cell of `filter_grid`: a widget or layout, a text (the label of what follows), None (left
# empty), or one of those with the number of columns it spans
FilterCell = QWidget | QLayout | str | None | tuple[QWidget | QLayout | None, int]


def filter_grid(
    *rows: Sequence[FilterCell], stretch: Sequence[tuple[int, int]] = ((1, 1), (3, 1))
) -> QGridLayout:
    """The filters over a list, one row of cells each; `stretch`: (column, factor) pairs."""
    grid = QGridLayout()
    for row, cells in enumerate(rows):
        column = 0
        for cell in cells:
            item, span = cell if isinstance(cell, tuple) else (cell, 1)
            if isinstance(item, str):
                item = QLabel(item)
            if isinstance(item, QLayout):
                grid.addLayout(item, row, column, 1, span)
            elif item is not None:
                grid.addWidget(item, row, column, 1, span)
            column += span
    for column, factor in stretch:
        grid.setColumnStretch(column, factor)
    return grid


def chosen(combo: QComboBox, kind: type[E]) -> E | None:
    """The member chosen in an `enum_choice` (None for its "any" or "none" item)."""
    data = combo.currentData()
    return kind(data) if data else None


def narrow_choices(*combos: QComboBox, length: int = 6) -> None:
    """Let the choices shrink to about `length` characters (a list's filters fit 1024 px)."""
    for combo in combos:
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(length)


def search_box(placeholder: str) -> QLineEdit:
    """A one-line text box for searching, with `placeholder` and a clear button."""
    box = QLineEdit()
    box.setPlaceholderText(placeholder)
    box.setClearButtonEnabled(True)
    return box


def period_filters(first: date) -> tuple[DateFilter, DateFilter]:
    """A list's From and To filters (off until ticked), set to `first` and today."""
    return DateFilter(_("From"), first), DateFilter(_("To"), date.today())


def after_typing(box: QLineEdit, pause_ms: int, then: Callable[[], object]) -> QTimer:
    """Run `then` once typing in `box` pauses for `pause_ms` (the timer, to stop it when
    searching at once)."""
    timer = QTimer(box)
    timer.setSingleShot(True)
    timer.setInterval(pause_ms)
    timer.timeout.connect(then)
    box.textChanged.connect(lambda _text: timer.start())
    return timer
