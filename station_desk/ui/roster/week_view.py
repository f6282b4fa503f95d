"""The week of patrol shifts (排班周视图): a calendar-like grid and a list of the same shifts.

The grid has the days Monday to Sunday as columns and the week's time slots as rows; a cell
shows one shift (its route, its members and any open places), so a slot with two routes
that day takes two lines of the grid. Shifts involved in a conflict (a volunteer on two
overlapping shifts, or two overlapping shifts of one team on one route) are red and the
conflicts are listed beneath. "Previous", "This week" and "Next" move through the weeks
(also Alt+Left / Alt+Right / Alt+Home); the team box narrows the week to one team. The list
shows the same shifts one per line with their attendance.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from station_desk.domain.accounts import Principal
from station_desk.domain.volunteers import (
    Attendance,
    RosterWeek,
    ShiftDetail,
    week_start,
    weekday_label,
)
from station_desk.i18n import N_, _, ngettext
from station_desk.services.container import Services
from station_desk.ui.errors import user_errors
from station_desk.ui.roster.columns import SHIFT_DATE, SHIFT_DAY, SHIFT_ROUTE, SHIFT_TEAM
from station_desk.ui.widgets.inputs import refill_choices
from station_desk.ui.widgets.layouts import lay_out, side_by_side
from station_desk.ui.widgets.reading import BackgroundRead
from station_desk.ui.widgets.rows import (
    WARN_BACKGROUND,
    WARN_FOREGROUND,
    StyledRowsModel,
    row_table,
    tool_button,
)
from station_desk.ui.widgets.table_model import Column
from station_desk.ui.widgets.weeks import WeekSteps

SHIFT_ROLE = Qt.ItemDataRole.UserRole
OPEN_BACKGROUND = QColor("#fff4d6")
TODAY_BACKGROUND = QColor("#eef4fb")
HOLIDAY_FOREGROUND = QColor("#b00020")
SLOT_HEADER_WIDTH = 96
CONFLICT_LINES = 4


def time_text(shift: ShiftDetail) -> str:
    end = f"{shift.ends_at:%H:%M}"
    if shift.ends_at.date() != shift.starts_at.date():
        end = _("{time} next day").format(time=end)
    return f"{shift.starts_at:%H:%M}–{end}"


def members_text(shift: ShiftDetail) -> str:
    return "、".join(shift.member_names)


def open_text(shift: ShiftDetail) -> str:
    return _("{n} open").format(n=shift.open_seats) if shift.open_seats else ""


def attendance_text(shift: ShiftDetail) -> str:
    """ "3/3 recorded" style summary of the shift's attendance."""
    if not shift.members:
        return ""
    recorded = sum(1 for m in shift.members if m.attendance is not Attendance.PENDING)
    return _("{done} of {total} recorded").format(done=recorded, total=len(shift.members))


def cell_text(shift: ShiftDetail, conflicted: bool) -> str:
    lines = [f"⚠ {shift.route}" if conflicted else shift.route]
    if shift.team_name:
        lines[0] += f"（{shift.team_name}）"
    lines.append(members_text(shift) or _("(nobody yet)"))
    if shift.open_seats:
        lines.append(open_text(shift))
    return "\n".join(lines)


def shift_tooltip(shift: ShiftDetail, messages: Sequence[str]) -> str:
    """The cell's tooltip: when, where, who, what is open, notes and the shift's conflicts."""
    lines = [
        f"{shift.starts_at:%Y-%m-%d} {time_text(shift)}",
        shift.route,
        shift.team_name,
        _("Members: {names}").format(names=members_text(shift) or "—"),
    ]
    if shift.open_seats:
        lines.append(open_text(shift))
    lines.append(shift.notes)
    lines += messages
    return "\n".join(line for line in lines if line)


@dataclass(frozen=True)
class GridCell:
    """A shift's cell of the week's grid, its texts made (on the worker thread that read the
    week, when the window shows the page: a busy week has hundreds of cells)."""

    shift: ShiftDetail
    text: str
    tooltip: str
    conflicted: bool


GridLine = tuple[str, list[GridCell | None]]  # the slot's label (first line only), a cell a day


def grid_lines(week: RosterWeek) -> list[GridLine]:
    """The grid's lines: each time slot as deep as its busiest day."""
    messages: dict[str, list[str]] = defaultdict(list)
    for conflict in week.conflicts:
        messages[conflict.first_shift_id].append(conflict.message)
        if conflict.second_shift_id != conflict.first_shift_id:
            messages[conflict.second_shift_id].append(conflict.message)

    def cell(shift: ShiftDetail) -> GridCell:
        conflicted = shift.id in messages
        return GridCell(
            shift, cell_text(shift, conflicted), shift_tooltip(shift, messages.get(shift.id, [])),
            conflicted,
        )

    lines: list[GridLine] = []
    for week_row in week.rows:
        depth = max(1, *(len(day) for day in week_row.days))
        for line in range(depth):
            cells = [cell(day[line]) if line < len(day) else None for day in week_row.days]
            lines.append((week_row.label if line == 0 else "", cells))
    return lines


SHIFT_COLUMNS = (
    SHIFT_DATE,
    SHIFT_DAY,
    Column(N_("Time"), time_text),
    SHIFT_ROUTE,
    SHIFT_TEAM,
    Column(N_("Places"), lambda s: f"{len(s.rostered)}/{s.seats}"),
    Column(N_("Attendance on shift"), attendance_text),
    Column(N_("Members"), members_text),
)


class RosterWeekView(QWidget, WeekSteps):
    """The week's shifts as a grid or a list; emits `shift_activated(id)` on Enter or a
    double-click and `current_changed()` when the chosen shift changes."""

    shift_activated = Signal(str)
    current_changed = Signal()
    week_changed = Signal()

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(parent)
        self._services = services
        self._principal = principal
        self.monday = week_start(date.today())
        self.week: RosterWeek | None = None
        self._conflicted: set[str] = set()

        self.previous_button = tool_button(_("Previous week"), "previous", self.previous_week)
        self.today_button = tool_button(_("This week"), "home", self.this_week)
        self.next_button = tool_button(_("Next week"), "next", self.next_week)
        for button, keys in (
            (self.previous_button, "Alt+Left"),
            (self.today_button, "Alt+Home"),
            (self.next_button, "Alt+Right"),
        ):
            sequence = QKeySequence(keys)
            shortcut = QShortcut(sequence, self)
            shortcut.activated.connect(button.click)
            button.setToolTip(
                f"{button.text()} ({sequence.toString(QKeySequence.SequenceFormat.NativeText)})"
            )
        self.title = QLabel()
        title_font = QFont(self.title.font())
        title_font.setBold(True)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.15)
        self.title.setFont(title_font)
        self.title.setWordWrap(True)  # may take two lines on a narrow screen
        self.team = QComboBox()
        self.team.setMinimumContentsLength(10)
        self.grid_button = QPushButton(_("&Grid"))
        self.list_button = QPushButton(_("&List"))
        self.view_group = QButtonGroup(self)
        for index, button in enumerate((self.grid_button, self.list_button)):
            button.setCheckable(True)
            self.view_group.addButton(button, index)
        self.grid_button.setChecked(True)

        top = side_by_side(
            self.previous_button,
            self.today_button,
            self.next_button,
            8,
            (self.title, 1),
            _("&Team:"),
            self.team,
            8,
            self.grid_button,
            self.list_button,
        )

        self.grid = QTableWidget(0, 7)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid.setWordWrap(True)
        self.grid.setTabKeyNavigation(False)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.horizontalHeader().setHighlightSections(False)
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self.grid.resizeRowsToContents)
        self.grid.horizontalHeader().sectionResized.connect(self._fit_rows)
        self.grid.verticalHeader().setFixedWidth(SLOT_HEADER_WIDTH)
        self.grid.verticalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignTop
        )
        self.grid.itemActivated.connect(self._grid_activated)
        self.grid.currentCellChanged.connect(lambda *_: self.current_changed.emit())

        self.model = StyledRowsModel(SHIFT_COLUMNS, self._row_style, self)
        self.table = row_table(self.model, widths=(90, 85, 110, 250, 100, 60, 130))
        self.table.activated.connect(self._list_activated)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.current_changed.emit())

        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.grid)
        self.stack.addWidget(self.table)
        self.view_group.idToggled.connect(self._view_toggled)

        self.conflicts = QLabel()
        self.conflicts.setWordWrap(True)
        self.conflicts.setStyleSheet(f"color: {WARN_FOREGROUND.name()};")
        self.conflicts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.conflicts.hide()
        self.summary = QLabel()

        lay_out(self, top, (self.stack, 1), self.empty, self.conflicts, self.summary, margin=0)

        self.reads = BackgroundRead(self)  # the week read on a worker thread (read_later)
        self.team.addItem(_("All teams"), None)  # the teams: `load_teams` (the page reads them)
        self.team.currentIndexChanged.connect(lambda _index: self.refresh())

    # -- teams and weeks -------------------------------------------------------------------
    def load_teams(self) -> None:
        with user_errors(self):
            self._show_teams(self._services.volunteers.team_choices(self._principal))

    def _show_teams(self, teams: list[tuple[str, str]]) -> None:
        choices = [(_("All teams"), None), *((name, team_id) for team_id, name in teams)]
        refill_choices(self.team, choices, self.team_id())

    def team_id(self) -> str | None:
        value = self.team.currentData()
        return str(value) if value else None

    def set_team(self, team_id: str | None) -> None:
        self.team.setCurrentIndex(max(0, self.team.findData(team_id)) if team_id else 0)

    def show_week(self, day: date) -> None:
        self.monday = week_start(day)
        self.refresh()
        self.week_changed.emit()

    def is_list(self) -> bool:
        return self.stack.currentWidget() is self.table

    def show_list(self, on: bool) -> None:
        (self.list_button if on else self.grid_button).setChecked(True)

    def _view_toggled(self, button_id: int, checked: bool) -> None:
        if not checked:
            return
        chosen = self.current_shift_id()
        self.stack.setCurrentIndex(button_id)
        if chosen:
            self.select_shift(chosen)
        (self.table if button_id else self.grid).setFocus()
        self.current_changed.emit()

    # -- loading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        self.reads.supersede()  # a week read on a worker thread would come too late
        with user_errors(self):
            week = self._services.rosters.week(self._principal, self.monday, self.team_id())
            self._show_week(week, grid_lines(week))

    def read_later(self, shown: Callable[[], object]) -> None:
        """The teams and the week read on a worker thread; shown, then `shown()`, when read."""
        if self.week is None:
            self.summary.setText(_("Reading…"))
        volunteers, rosters, principal = self._services.volunteers, self._services.rosters, self._principal
        monday, team_id = self.monday, self.team_id()

        def read() -> tuple[list[tuple[str, str]], RosterWeek, list[GridLine]]:
            week = rosters.week(principal, monday, team_id)
            return volunteers.team_choices(principal), week, grid_lines(week)

        def show(found: tuple[list[tuple[str, str]], RosterWeek, list[GridLine]]) -> None:
            self._show_teams(found[0])
            self._show_week(found[1], found[2])
            shown()

        self.reads.start(read, show)

    def _show_week(self, week: RosterWeek, lines: list[GridLine]) -> None:
        chosen = self.current_shift_id()
        self.week = week
        with user_errors(self):
            self._show(week, lines)
        if chosen:
            self.select_shift(chosen)
        self.current_changed.emit()

    def _show(self, week: RosterWeek, lines: list[GridLine]) -> None:
        year, number, _day = week.week_start.isocalendar()
        self.title.setText(
            _("Week {number}, {year}: {first} – {last}").format(
                number=number,
                year=year,
                first=f"{week.week_start:%Y-%m-%d}",
                last=f"{week.week_end:%m-%d}",
            )
        )
        self._conflicted = {c.first_shift_id for c in week.conflicts} | {
            c.second_shift_id for c in week.conflicts
        }
        self._fill_grid(week, lines)
        self.model.set_rows(list(week.shifts))
        messages = [c.message for c in week.conflicts]
        if messages:
            shown = messages[:CONFLICT_LINES]
            if len(messages) > CONFLICT_LINES:
                shown.append(_("… and {n} more.").format(n=len(messages) - CONFLICT_LINES))
            self.conflicts.setText("\n".join(["⚠ " + m for m in shown]))
        self.conflicts.setVisible(bool(messages))
        self.empty.setText(
            _("No shifts this week. Make them from the weekly patterns (Patterns…) or add one.")
            if not week.shifts
            else ""
        )
        self.empty.setVisible(not week.shifts)
        self.summary.setText(
            _(", ").join(
                (
                    ngettext("{n} shift", "{n} shifts", len(week.shifts)).format(
                        n=len(week.shifts)
                    ),
                    ngettext("{n} open place", "{n} open places", week.open_seats).format(
                        n=week.open_seats
                    ),
                    ngettext("{n} conflict", "{n} conflicts", len(week.conflicts)).format(
                        n=len(week.conflicts)
                    ),
                )
            )
        )

    def _fill_grid(self, week: RosterWeek, lines: list[GridLine]) -> None:
        self.grid.clear()
        today = date.today()
        headers = []
        for index, day in enumerate(week.days):
            item = QTableWidgetItem(f"{weekday_label(index + 1)}\n{day:%m-%d}")
            if day in week.holidays:  # 法定节假日: flagged in the header
                item.setText(f"{item.text()} {week.holidays[day]}")
                item.setForeground(QBrush(HOLIDAY_FOREGROUND))
                item.setToolTip(_("Public holiday: {name}").format(name=week.holidays[day]))
            if day == today:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
                item.setText(item.text() + " " + _("(today)"))
            headers.append(item)
        for column, item in enumerate(headers):
            self.grid.setHorizontalHeaderItem(column, item)
        self.grid.setRowCount(len(lines))
        top_left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        warn_foreground, warn_background = QBrush(WARN_FOREGROUND), QBrush(WARN_BACKGROUND)
        open_background, today_background = QBrush(OPEN_BACKGROUND), QBrush(TODAY_BACKGROUND)
        for row, (label, cells) in enumerate(lines):
            self.grid.setVerticalHeaderItem(row, QTableWidgetItem(label))
            for column, cell in enumerate(cells):
                item = QTableWidgetItem()
                if cell is not None:
                    item.setText(cell.text)
                    item.setData(SHIFT_ROLE, cell.shift.id)
                    item.setToolTip(cell.tooltip)
                    if cell.conflicted:
                        item.setForeground(warn_foreground)
                        item.setBackground(warn_background)
                    elif cell.shift.open_seats:
                        item.setBackground(open_background)
                else:
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                    if week.days[column] == today:
                        item.setBackground(today_background)
                item.setTextAlignment(top_left)
                self.grid.setItem(row, column, item)
        self.grid.resizeRowsToContents()
        self._fit_rows()

    def _fit_rows(self, *_args: object) -> None:
        """Row heights for the wrapped text at the columns' width, once the layout settled."""
        self._fit_timer.start()

    def _row_style(self, shift: ShiftDetail) -> tuple[QColor | None, QColor | None]:
        if shift.id in self._conflicted:
            return WARN_FOREGROUND, WARN_BACKGROUND
        if shift.open_seats:
            return None, OPEN_BACKGROUND
        return None, None

    # -- the chosen shift ------------------------------------------------------------------
    def shifts(self) -> tuple[ShiftDetail, ...]:
        return self.week.shifts if self.week is not None else ()

    def shift(self, shift_id: str) -> ShiftDetail | None:
        return next((s for s in self.shifts() if s.id == shift_id), None)

    def current_shift_id(self) -> str | None:
        if self.is_list():
            rows = self.table.selectionModel().selectedRows()
            return self.model.row_at(rows[0].row()).id if rows else None
        item = self.grid.currentItem()
        if item is None or not item.isSelected():
            return None
        value = item.data(SHIFT_ROLE)
        return str(value) if value else None

    def current_shift(self) -> ShiftDetail | None:
        chosen = self.current_shift_id()
        return self.shift(chosen) if chosen else None

    def select_shift(self, shift_id: str) -> bool:
        for row in range(self.model.rowCount()):
            if self.model.row_at(row).id == shift_id:
                self.table.selectRow(row)
                self.table.setCurrentIndex(self.model.index(row, 0))
                break
        for row in range(self.grid.rowCount()):
            for column in range(self.grid.columnCount()):
                item = self.grid.item(row, column)
                if item is not None and item.data(SHIFT_ROLE) == shift_id:
                    self.grid.setCurrentCell(row, column)
                    self.grid.scrollToItem(item)
                    return True
        return False

    def grid_cell_text(self, shift_id: str) -> str:
        """The text the grid shows for a shift ("" when it is not in the grid)."""
        for row in range(self.grid.rowCount()):
            for column in range(self.grid.columnCount()):
                item = self.grid.item(row, column)
                if item is not None and item.data(SHIFT_ROLE) == shift_id:
                    return item.text()
        return ""

    def _grid_activated(self, item: QTableWidgetItem) -> None:
        value = item.data(SHIFT_ROLE)
        if value:
            self.shift_activated.emit(str(value))

    def _list_activated(self, index) -> None:
        if index.isValid():
            self.shift_activated.emit(self.model.row_at(index.row()).id)
