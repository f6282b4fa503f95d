"""A clearly visible keyboard focus: a 2-pixel frame in the highlight colour around the button,
check box, radio button or tab that has it, which the base style (Fusion, Windows) only hints
at with a faint dotted line. Someone working with Tab and the arrow keys sees where they are.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOption, QWidget

FOCUS_COLOUR = QColor("#1565c0")
FOCUS_WIDTH = 2
_FRAMED = {
    QStyle.ControlElement.CE_PushButton,
    QStyle.ControlElement.CE_CheckBox,
    QStyle.ControlElement.CE_RadioButton,
    QStyle.ControlElement.CE_TabBarTab,
}


class FocusStyle(QProxyStyle):
    """The application's style, with the keyboard focus framed."""

    def drawControl(  # noqa: N802 - Qt's name
        self,
        element: QStyle.ControlElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawControl(element, option, painter, widget)
        if element in _FRAMED and option.state & QStyle.StateFlag.State_HasFocus:
            painter.save()
            painter.setPen(QPen(FOCUS_COLOUR, FOCUS_WIDTH))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            half = FOCUS_WIDTH / 2
            painter.drawRoundedRect(QRectF(option.rect).adjusted(half, half, -half, -half), 3, 3)
            painter.restore()


def install_focus_style(qapp: QApplication) -> None:
    """Wrap the application's style once (a second call leaves it as it is)."""
    if not isinstance(qapp.style(), FocusStyle):
        qapp.setStyle(FocusStyle(qapp.style().name()))
