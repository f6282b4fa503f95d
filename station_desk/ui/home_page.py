"""The home page (首页) as a worklist: station and room, who is on duty (辅警 for an
auxiliary account), today's date, the figures, and "today and this week".

Every figure leads to what it counts: clicking a card (or Enter / Space when it has the
focus) opens the list of exactly the records counted (`services/worklist.py`), where Enter
opens one (`open_record_requested(kind, record_id)`); the hours in the beat emit
`open_duty_requested`, the patrol attendance to review `open_attendance_review_requested` and
the volunteers' insurance to renew `open_insurance_due_requested` (the volunteers page,
filtered). The figures of another role are not shown (the accounts and the audit trail are the
administrator's). Below them, what is due today and this week, overdue first; Enter or a
double click opens a row. The main window connects the signals.

The figures, the agenda and the charts are read on worker threads (`widgets/jobs.py`): at a
large room's size they take a few hundred milliseconds, and the page (the first one after
signing in) paints at once with the officer and the date, the figures following;
`figures_shown` is emitted when they are. Built by the window's navigation, the page starts
that reading only once it has been painted (`refresh_shown`): a worker reading while the
window is built and first painted shares the interpreter lock with it, and the window's first
appearance took up to twice its own work (issue 15).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from station_desk.domain.accounts import Principal
from station_desk.domain.roles import Role
from station_desk.i18n import N_, _
from station_desk.services.charts import MonthlyCases, MonthlyOpinions, WeeklyHours
from station_desk.services.container import Services
from station_desk.services.home import HomeCounter, HomeSummary
from station_desk.services.worklist import WorkItem
from station_desk.ui.errors import user_errors
from station_desk.ui.fonts import heading_font
from station_desk.ui.formatting import long_date
from station_desk.ui.home_charts import HomeCharts
from station_desk.ui.preload import after_first_paint
from station_desk.ui.widgets.dialogs import open_dialog
from station_desk.ui.widgets.jobs import run_in_background, show_job_error
from station_desk.ui.widgets.page import ServicePage
from station_desk.ui.worklist import WorkItemsDialog, WorkList

COUNTERS_PER_ROW = 4
WARN_STYLE = "color: #b00020;"
FIRST_READ_LATEST_MS = 300  # shown but not painted (covered): the first reading starts anyway


LINKED_COUNTERS = {
    "duty_hours_week": N_("Open the duty log"),
    "attendance_to_review": N_("Review the patrol attendance"),
    "insurance_due": N_("List the volunteers whose insurance is to be renewed"),
}
SHOW_RECORDS = N_("Show the records counted")

# a reading of the agenda and the charts: (reading, agenda, cases, hours, opinions)
ChartFigures = tuple[int, Any, MonthlyCases, WeeklyHours | None, MonthlyOpinions | None]


class CounterCard(QFrame):
    """One figure with its caption; a card leading to a page emits `clicked`."""

    clicked = Signal(str)

    def __init__(self, counter: HomeCounter) -> None:
        super().__init__()
        self.key = counter.key
        self.count = counter.value
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
        self.linked = True
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip(_(LINKED_COUNTERS.get(counter.key, SHOW_RECORDS)))

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


class HomePage(ServicePage):
    """Emits `open_duty_requested`, `open_attendance_review_requested` and
    `open_record_requested(kind, record_id)` from the cards, their lists and the agenda, and
    `open_opinions_requested(from, to, timing)` from a bar of the opinions chart."""

    open_duty_requested = Signal()
    open_attendance_review_requested = Signal()
    open_insurance_due_requested = Signal()
    figures_shown = Signal()
    open_record_requested = Signal(str, str)
    open_opinions_requested = Signal(object, object, object)  # from, to, ReplyTiming

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(services, principal, parent)
        self.room = QLabel()
        self.room.setFont(heading_font(20))
        self.station = QLabel()
        self.station.setFont(heading_font(13))
        self.officer = QLabel()
        self.today = QLabel()
        self._counters = QGridLayout()
        self._counters.setColumnStretch(COUNTERS_PER_ROW, 1)
        self.agenda_title = QLabel(_("Today and this week"))
        self.agenda_title.setFont(heading_font(13))
        self.agenda = WorkList()
        self.agenda_ready = False
        self.agenda.open_requested.connect(self.open_record_requested)
        self.charts = HomeCharts(services, principal)
        self.charts.open_requested.connect(self.open_record_requested)
        self.charts.open_records.connect(self._show_records)
        self.charts.open_opinions_requested.connect(self.open_opinions_requested)
        lower = QHBoxLayout()
        agenda = QVBoxLayout()
        agenda.addWidget(self.agenda_title)
        agenda.addWidget(self.agenda, 1)
        lower.addLayout(agenda, 1)
        lower.addWidget(self.charts, 1)
        layout = QVBoxLayout(self)
        heading = QHBoxLayout()
        names = QVBoxLayout()
        for widget in (self.room, self.station):
            names.addWidget(widget)
        who = QVBoxLayout()
        for widget in (self.officer, self.today):
            who.addWidget(widget, 0, Qt.AlignmentFlag.AlignRight)
        heading.addLayout(names, 1)
        heading.addLayout(who)
        layout.addLayout(heading)
        layout.addSpacing(8)
        layout.addLayout(self._counters)
        layout.addSpacing(8)
        layout.addLayout(lower, 1)
        layout.setContentsMargins(16, 12, 16, 12)
        self._reading = 0  # the latest reading asked for; an older answer is dropped
        self._shown = 0  # the reading shown
        self._show_officer(principal.display_name, principal.role, date.today())
        self.read_first()

    def refresh_shown(self) -> None:
        """Shown by the window: read again, or, the first time, once the page has painted."""
        if self.has_read:
            self.refresh()
            return
        self._reading += 1  # `reading()` from now on
        after_first_paint(self, self._read_once)
        QTimer.singleShot(FIRST_READ_LATEST_MS, self, self._read_once)

    def _read_once(self) -> None:
        if not self.has_read:
            self.refresh()

    def refresh(self) -> None:
        """Read the figures on a worker thread; once they are shown, the agenda and the
        charts' figures in one more job (one job at a time)."""
        self._reading += 1
        reading = self._reading
        home, principal = self._services.home, self._principal
        run_in_background(
            lambda: (reading, home.summary(principal)), self._summary_read, self._read_failed
        )

    def _read_in_background(self) -> None:
        """Today and this week and the charts' figures, in one job off the GUI thread."""
        services, principal, generation = self._services, self._principal, self._reading

        def work() -> ChartFigures:
            agenda = services.home.agenda(principal)
            cases = services.charts.mediation_by_month(principal)
            hours = services.charts.hours_by_week(principal) if principal.user_id else None
            opinions = services.charts.opinions_by_month(principal)
            return generation, agenda, cases, hours, opinions

        # bound methods: nothing is delivered to a page deleted meanwhile
        run_in_background(work, self._arrived, self._failed)

    def _arrived(self, result: ChartFigures) -> None:
        generation, agenda, cases, hours, opinions = result
        if generation != self._reading:
            return  # an older reading: a newer one is on its way
        self.show_agenda(agenda)
        self.charts.show_figures(cases, hours, opinions)

    def _failed(self, error: object) -> None:
        self.agenda_title.setText(str(error))
        self.charts.failed(error)

    def reading(self) -> bool:
        """Whether figures asked for are still being read."""
        return self._reading != self._shown

    def _summary_read(self, result: tuple[int, HomeSummary]) -> None:
        reading, summary = result
        if reading != self._reading:
            return
        self._shown = reading
        self.show_summary(summary)
        self.figures_shown.emit()
        QTimer.singleShot(0, self, self._read_in_background)

    def _read_failed(self, error: object) -> None:
        self._shown = self._reading
        show_job_error(self, error)

    def _show_officer(self, officer: str, role: Role, today: date) -> None:
        on_duty = (
            _("Auxiliary police on duty: {name}")
            if role is Role.AUXILIARY
            else _("Officer on duty: {name}")
        )
        self.officer.setText(on_duty.format(name=officer))
        self.today.setText(_("Today: {date}").format(date=long_date(today)))

    def show_summary(self, summary: HomeSummary) -> None:
        self.room.setText(summary.room_name)
        self.station.setText(summary.station_name)
        self._show_officer(summary.officer, summary.role, summary.today)
        self._show_counters(summary.counters)

    def show_agenda(self, agenda: tuple[list[WorkItem], int]) -> None:
        """Today and this week (read in the background: the page never waits for it)."""
        items, total = agenda
        self.agenda.show_items(items)
        if not items:
            self.agenda_title.setText(_("Today and this week: nothing due"))
        elif total > len(items):
            self.agenda_title.setText(
                _("Today and this week: the first {n} of {total} (overdue first)").format(
                    n=len(items), total=total
                )
            )
        else:
            self.agenda_title.setText(_("Today and this week"))
        self.agenda_ready = True

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

    def _card_clicked(self, key: str) -> WorkItemsDialog | None:
        if key == "duty_hours_week":
            self.open_duty_requested.emit()
        elif key == "attendance_to_review":
            self.open_attendance_review_requested.emit()
        elif key == "insurance_due":
            self.open_insurance_due_requested.emit()
        else:
            return self.open_counter(key)
        return None

    def open_counter(self, key: str) -> WorkItemsDialog | None:
        """The records the figure `key` counts, in a dialog."""
        card = next((card for card in self.counter_cards() if card.key == key), None)
        with user_errors(self):
            items = self._services.home.counter_items(self._principal, key)
            title, total = (card.caption.text(), card.count) if card else ("", 0)
            return self._show_records(title, items, total)
        return None

    def _show_records(self, title: str, items: list[WorkItem], total: int = 0) -> WorkItemsDialog:
        dialog = WorkItemsDialog(title, items, self, total)
        dialog.open_requested.connect(self.open_record_requested)
        return open_dialog(dialog)

    def counter_cards(self) -> list[CounterCard]:
        items = (self._counters.itemAt(i) for i in range(self._counters.count()))
        widgets = (item.widget() for item in items if item is not None)
        return [widget for widget in widgets if isinstance(widget, CounterCard)]
