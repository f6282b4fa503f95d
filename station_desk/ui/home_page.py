"""The home page (首页): station and room, the officer on duty, today's date and counters."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from station_desk.domain.accounts import Principal
from station_desk.i18n import _
from station_desk.services.container import Services
from station_desk.services.home import HomeCounter, HomeSummary
from station_desk.ui.errors import user_errors
from station_desk.ui.fonts import heading_font
from station_desk.ui.formatting import long_date

COUNTERS_PER_ROW = 4
WARN_STYLE = "color: #b00020;"


class CounterCard(QFrame):
    """One figure with its caption."""

    def __init__(self, counter: HomeCounter) -> None:
        super().__init__()
        self.setObjectName(f"counter_{counter.key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel(str(counter.value))
        self.value.setFont(heading_font(26))
        self.caption = QLabel(_(counter.label))
        if counter.warn:
            self.value.setStyleSheet(WARN_STYLE)
        layout = QVBoxLayout(self)
        layout.addWidget(self.value, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.caption, 0, Qt.AlignmentFlag.AlignHCenter)
        self.setMinimumWidth(160)


class HomePage(QWidget):
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
            if item.widget() is not None:
                item.widget().hide()
                item.widget().deleteLater()
        for position, counter in enumerate(counters):
            row, column = divmod(position, COUNTERS_PER_ROW)
            self._counters.addWidget(CounterCard(counter), row, column)

    def counter_cards(self) -> list[CounterCard]:
        items = (self._counters.itemAt(i) for i in range(self._counters.count()))
        return [item.widget() for item in items if isinstance(item.widget(), CounterCard)]
