"""Laying widgets out: top to bottom on their owner, or side by side."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

# an item of `lay_out` / `side_by_side`: a widget or layout, one with its stretch factor, a
# text (the label of the widget after it, its buddy), a number (a space of so many pixels),
# or None for a stretch
LayoutItem = QWidget | QLayout | tuple[QWidget | QLayout, int] | str | int | None


def _add_items(layout: QBoxLayout, items: Sequence[LayoutItem]) -> None:
    label: QLabel | None = None  # waiting for its widget
    for entry in items:
        if isinstance(entry, int):
            layout.addSpacing(entry)
            continue
        item, stretch = entry if isinstance(entry, tuple) else (entry, 0)
        if isinstance(item, str):
            item = QLabel(item)
        elif isinstance(item, QWidget) and label is not None:
            label.setBuddy(item)
        label = item if isinstance(item, QLabel) and isinstance(entry, str) else None
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


def tab_widget(*tabs: tuple[QWidget, str]) -> QTabWidget:
    """Tabs of (page, title) pairs, in that order."""
    widget = QTabWidget()
    for page, title in tabs:
        widget.addTab(page, title)
    return widget
