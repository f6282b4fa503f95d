"""The home page (首页): station and room, the officer on duty, today's date and counters.

Some counters lead to the page behind them: clicking the card of the hours in the beat (or
Enter / Space when it has the focus) emits `open_duty_requested`; the card of the patrol
attendance to review emits `open_attendance_review_requested`; the card of the youth-guidance
sessions due (only for users who may see sealed records) emits `open_youth_requested` (the
"youth" page); the residents' desk cards emit `open_page_requested` with their page's key. The main window
connects them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from station_desk.domain.accounts import Principal
from station_desk.i18n import N_, _
from station_desk.services.container import Services
from station_desk.services.home import HomeCounter, HomeSummary
from station_desk.ui.errors import user_errors
from station_desk.ui.fonts import heading_font
from station_desk.ui.formatting import long_date
from station_desk.ui.widgets.page import PageBase

COUNTERS_PER_ROW = 4
WARN_STYLE = "color: #b00020;"


LINKED_COUNTERS = {
    "duty_hours_week": N_("Open the duty log"),
    "attendance_to_review": N_("Review the patrol attendance"),
    "youth_sessions_due": N_("Open youth guidance"),
    "opinions_overdue": N_("Open the opinion register"),
    "opinions_due_today": N_("Open the opinion register"),
    "reception_follow_ups": N_("Open the reception log"),
}
PAGE_OF_COUNTER = {
    "opinions_overdue": "opinions",
    "opinions_due_today": "opinions",
    "reception_follow_ups": "reception",
}


class CounterCard(QFrame):
    """One figure with its caption; a card leading to a page emits `clicked`."""

    clicked = Signal(str)

    def __init__(self, counter: HomeCounter) -> None:
        super().__init__()
        self.key = counter.key
        self.setObjectName(f"counter_{counter.key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel(counter.detail or str(counter.value))
        self.value.setFont(heading_font(26))
        self.caption = QLabel(_(counter.label))
        if counter.warn:
            self.value.setStyleSheet(WARN_STYLE)
        layout = QVBoxLayout(self)
        layout.addWidget(self.value, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.caption, 0, Qt.AlignmentFlag.AlignHCenter)
        self.setMinimumWidth(160)
        self.linked = counter.key in LINKED_COUNTERS
        if self.linked:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            self.setToolTip(_(LINKED_COUNTERS[counter.key]))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.linked and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.key)
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.linked and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit(self.key)
            return
        super().keyPressEvent(event)


class HomePage(PageBase):
    """Emits `open_duty_requested`, `open_attendance_review_requested` and
    `open_youth_requested` from the cards."""

    open_duty_requested = Signal()
    open_attendance_review_requested = Signal()
    open_youth_requested = Signal()
    open_page_requested = Signal(str)  # a page's key (the opinion register's cards)

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(parent)
        self._services = services
        self._principal = principal
        self.room = QLabel()
        self.room.setFont(heading_font(20))
        self.station = QLabel()
        self.station.setFont(heading_font(13))
        self.officer = QLabel()
        self.today = QLabel()
        self._counters = QGridLayout()
        self._counters.setColumnStretch(COUNTERS_PER_ROW, 1)
        layout = QVBoxLayout(self)
        for widget in (self.room, self.station, self.officer, self.today):
            layout.addWidget(widget)
        layout.addSpacing(16)
        layout.addLayout(self._counters)
        layout.addStretch(1)
        layout.setContentsMargins(24, 24, 24, 24)
        self.refresh()

    def refresh(self) -> None:
        with user_errors(self):
            self.show_summary(self._services.home.summary(self._principal))

    def show_summary(self, summary: HomeSummary) -> None:
        self.room.setText(summary.room_name)
        self.station.setText(summary.station_name)
        self.officer.setText(_("Officer on duty: {name}").format(name=summary.officer))
        self.today.setText(_("Today: {date}").format(date=long_date(summary.today)))
        self._show_counters(summary.counters)

    def _show_counters(self, counters: list[HomeCounter]) -> None:
        while (item := self._counters.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        for position, counter in enumerate(counters):
            row, column = divmod(position, COUNTERS_PER_ROW)
            card = CounterCard(counter)
            card.clicked.connect(self._card_clicked)
            self._counters.addWidget(card, row, column)

    def _card_clicked(self, key: str) -> None:
        if key == "duty_hours_week":
            self.open_duty_requested.emit()
        elif key == "attendance_to_review":
            self.open_attendance_review_requested.emit()
        elif key == "youth_sessions_due":
            self.open_youth_requested.emit()
        elif key in PAGE_OF_COUNTER:
            self.open_page_requested.emit(PAGE_OF_COUNTER[key])

    def counter_cards(self) -> list[CounterCard]:
        items = (self._counters.itemAt(i) for i in range(self._counters.count()))
        widgets = (item.widget() for item in items if item is not None)
        return [widget for widget in widgets if isinstance(widget, CounterCard)]
