"""Laying widgets out: top to bottom on their owner, or side by side."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLayout, QVBoxLayout, QWidget

# an item of `lay_out` / `side_by_side`: a widget or layout, one with its stretch factor, or
# None for a stretch
LayoutItem = QWidget | QLayout | tuple[QWidget | QLayout, int] | None


def _add_items(layout: QBoxLayout, items: Sequence[LayoutItem]) -> None:
    for entry in items:
        item, stretch = entry if isinstance(entry, tuple) else (entry, 0)
        if item is None:
            layout.addStretch(1)
        elif isinstance(item, QLayout):
            layout.addLayout(item, stretch)
        else:
            layout.addWidget(item, stretch)


def lay_out(owner: QWidget, *items: LayoutItem, margin: int | None = None) -> QVBoxLayout:
    """`items` top to bottom on `owner` (see `LayoutItem`); `margin` instead of the style's."""
    layout = QVBoxLayout(owner)
    if margin is not None:
        layout.setContentsMargins(margin, margin, margin, margin)
    _add_items(layout, items)
    return layout


def side_by_side(*items: LayoutItem) -> QHBoxLayout:
    """`items` left to right (see `LayoutItem`)."""
    row = QHBoxLayout()
    _add_items(row, items)
    return row
