"""The station view (派出所汇总): every room with its last import, record counts, open
conflicts and quarantined packages; the conflicts waiting for a person, decided here; the
combined registers across rooms (调解台账, 意见建议登记台账, volunteer hours, duty reports per
officer, the reception log), filtered by room and period, saved as a PDF or an .xlsx.

Everything goes through `StationService` (roles checked and audited there)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from station_desk.domain.accounts import Principal
from station_desk.errors import StationDeskError
from station_desk.i18n import N_, _
from station_desk.services.station import KEEP_ROOM, KEEP_STATION, StationService
from station_desk.services.station_registers import (
    PDF,
    REGISTERS,
    XLSX,
    RegisterRequest,
    RegisterTable,
    register_kind,
)
from station_desk.ui.formatting import local_time
from station_desk.ui.widgets.jobs import run_in_background
from station_desk.ui.widgets.layouts import lay_out, side_by_side

RECORD_LABELS = {
    "mediation_cases": N_("Mediation"),
    "meetings": N_("Meetings"),
    "volunteers": N_("Volunteers"),
    "duty_entries": N_("Duty log"),
}


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))


def _shown(value: object) -> str:
    return "" if value is None else str(value)


class StationView(QWidget):
    """The station's three tabs: rooms, conflicts, the combined registers."""

    def __init__(self, station: StationService, actor: Principal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.actor = actor
        self.tabs = QTabWidget()
        self.rooms_table = _table(
            [_("Room"), _("Last import"), _("Records"), _("Open conflicts"), _("Quarantined")]
        )
        self.conflicts_table = _table(
            [_("Room"), _("Record"), _("Field"), _("Station value"), _("Changed at the station"),
             _("Room value"), _("Changed in the room")]
        )
        self.keep_station = QPushButton(_("Keep the station's value"))
        self.keep_room = QPushButton(_("Take the room's value"))
        self.register_kind = QComboBox()
        for kind in REGISTERS.values():
            self.register_kind.addItem(_(kind.label), kind.name)
        self.register_table = _table([])
        self.room_filter = QComboBox()
        self.date_from = QDateEdit(QDate(date.today().year, 1, 1))
        self.date_to = QDateEdit(QDate.currentDate())
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.save_pdf = QPushButton(_("Save as PDF…"))
        self.save_xlsx = QPushButton(_("Export .xlsx…"))
        self.status = QLabel()
        self._loading = 0  # the register list being read in the background (its number)
        self._build()
        self.refresh()

    def _build(self) -> None:
        rooms = QWidget()
        QVBoxLayout(rooms).addWidget(self.rooms_table)
        conflicts = QWidget()
        layout = QVBoxLayout(conflicts)
        layout.addWidget(self.conflicts_table)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.keep_station)
        buttons.addWidget(self.keep_room)
        layout.addLayout(buttons)
        register = QWidget()
        layout = QVBoxLayout(register)
        filters = side_by_side(
            (self.register_kind, 1), _("Room"), (self.room_filter, 1), _("From"), self.date_from,
            _("To"), self.date_to, self.save_pdf, self.save_xlsx,
        )
        layout.addLayout(filters)
        layout.addWidget(self.register_table)
        self.tabs.addTab(rooms, _("Rooms"))
        self.tabs.addTab(conflicts, _("Conflicts"))
        self.tabs.addTab(register, _("Registers"))
        lay_out(self, self.tabs, self.status)
        self.keep_station.clicked.connect(lambda: self.decide(KEEP_STATION))
        self.keep_room.clicked.connect(lambda: self.decide(KEEP_ROOM))
        self.register_kind.currentIndexChanged.connect(self.load_register)
        self.room_filter.currentIndexChanged.connect(self.load_register)
        self.date_from.dateChanged.connect(self.load_register)
        self.date_to.dateChanged.connect(self.load_register)
        self.save_pdf.clicked.connect(lambda: self._ask_and_save(PDF))
        self.save_xlsx.clicked.connect(lambda: self._ask_and_save(XLSX))

    # -- data ------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.rooms = self.station.rooms(self.actor)
        _fill(
            self.rooms_table,
            [
                [
                    room.name,
                    local_time(room.last_import_at) if room.last_import_at else "",
                    " · ".join(f"{_(RECORD_LABELS[k])} {v}" for k, v in room.records.items() if k in RECORD_LABELS),
                    str(room.open_conflicts),
                    str(room.quarantined),
                ]
                for room in self.rooms
            ],
        )
        self.conflicts = self.station.conflicts(self.actor)
        _fill(
            self.conflicts_table,
            [
                [
                    c.room,
                    f"{c.table_name} {c.record_key[:8]}…",
                    c.field,
                    _shown(c.station_value),
                    f"{c.station_changed_by} {c.station_changed_at[:16]}",
                    _shown(c.room_value),
                    f"{c.room_changed_by} {c.room_changed_at[:16]}",
                ]
                for c in self.conflicts
            ],
        )
        self.keep_station.setEnabled(bool(self.conflicts))
        self.keep_room.setEnabled(bool(self.conflicts))
        current = self.room_filter.currentData()
        self.room_filter.blockSignals(True)
        self.room_filter.clear()
        self.room_filter.addItem(_("All rooms"), None)
        for room in self.rooms:
            self.room_filter.addItem(room.name, room.id)
        index = self.room_filter.findData(current)
        self.room_filter.setCurrentIndex(max(0, index))
        self.room_filter.blockSignals(False)
        self.load_register()

    def _period(self) -> tuple[date, date]:
        return self.date_from.date().toPython(), self.date_to.date().toPython()  # type: ignore[return-value]

    def _room_ids(self) -> list[int] | None:
        chosen = self.room_filter.currentData()
        return None if chosen is None else [int(chosen)]

    def kind_name(self) -> str:
        return str(self.register_kind.currentData())

    def load_register(self) -> None:
        """The chosen register's list: a list read straight from the rooms' tables at once,
        a summary the rooms' services compute (hours, duty) in the background."""
        kind = register_kind(self.kind_name())
        self.save_xlsx.setEnabled(XLSX in kind.formats)
        date_from, date_to = self._period()
        rooms = self._room_ids()
        self._loading += 1
        loading = self._loading

        def work() -> RegisterTable:
            return self.station.registers.table(self.actor, kind.name, date_from, date_to, rooms)

        if kind.listing is not None:
            try:
                self._listed(loading, work())
            except StationDeskError as exc:
                self._list_failed(loading, exc)
            return
        self.register_table.setRowCount(0)
        self.status.setText(_("Reading the rooms' registers…"))
        run_in_background(
            work, lambda table: self._listed(loading, table), lambda error: self._list_failed(loading, error)
        )

    def _listed(self, loading: int, table: RegisterTable) -> None:
        if loading != self._loading:
            return  # a later choice is being read
        self.register_table.setColumnCount(len(table.headers))
        self.register_table.setHorizontalHeaderLabels(table.headers)
        _fill(self.register_table, table.rows)
        if table.more:
            text = _("Only the first {shown} rows are shown; the PDF holds them all.").format(shown=len(table.rows))
        else:
            text = _("{count} row(s)").format(count=len(table.rows))
        self.status.setText(text)

    def _list_failed(self, loading: int, error: object) -> None:
        if loading != self._loading:
            return
        if not isinstance(error, StationDeskError):
            raise error if isinstance(error, BaseException) else RuntimeError(str(error))
        self.register_table.setRowCount(0)
        self.status.setText(str(error))

    # -- actions ---------------------------------------------------------------------------
    def decide(self, keep: str) -> None:
        row = self.conflicts_table.currentRow()
        if row < 0 or row >= len(self.conflicts):
            self.status.setText(_("Choose a conflict first."))
            return
        try:
            self.station.resolve(self.actor, self.conflicts[row].id, keep)
        except StationDeskError as exc:
            QMessageBox.warning(self, _("Station"), str(exc))
            return
        self.refresh()
        self.status.setText(_("Decided; the other value stays in the history."))

    def _format(self, path: Path) -> str:
        return XLSX if path.suffix.lower() == ".xlsx" else PDF

    def save_register(self, path: Path) -> Path:
        date_from, date_to = self._period()
        request = RegisterRequest(
            self.kind_name(), date_from, date_to, self._format(path), room_ids=self._room_ids()
        )
        written = self.station.registers.save(self.actor, request, path)
        self.status.setText(_("Saved {path}").format(path=written))
        return written

    def start_save(self, path: Path) -> None:
        """Build and save the chosen register off the GUI thread (seconds for many rooms)."""
        date_from, date_to = self._period()
        rooms = self._room_ids()
        name, fmt = self.kind_name(), self._format(path)
        for button in (self.save_pdf, self.save_xlsx):
            button.setEnabled(False)
        self.status.setText(_("Building the PDF…") if fmt == PDF else _("Building the workbook…"))

        def work() -> Path:
            request = RegisterRequest(name, date_from, date_to, fmt, room_ids=rooms)
            return self.station.registers.save(self.actor, request, path)

        run_in_background(work, self._saved, self._save_failed)

    def _buttons_back(self) -> None:
        self.save_pdf.setEnabled(True)
        self.save_xlsx.setEnabled(XLSX in register_kind(self.kind_name()).formats)

    def _saved(self, written: Path) -> None:
        self._buttons_back()
        self.status.setText(_("Saved {path}").format(path=written))

    def _save_failed(self, error: object) -> None:
        self._buttons_back()
        if not isinstance(error, StationDeskError):
            raise error if isinstance(error, BaseException) else RuntimeError(str(error))
        self.status.setText(str(error))
        QMessageBox.warning(self, _("Station"), str(error))

    def _ask_and_save(self, fmt: str) -> None:
        label = _(register_kind(self.kind_name()).label)
        if fmt == XLSX:
            name, _filter = QFileDialog.getSaveFileName(self, _("Export .xlsx…"), f"{label}.xlsx", "Excel (*.xlsx)")
        else:
            name, _filter = QFileDialog.getSaveFileName(self, _("Save as PDF…"), f"{label}.pdf", "PDF (*.pdf)")
        if name:
            self.start_save(Path(name))


class StationWindow(QMainWindow):
    def __init__(self, station: StationService, actor: Principal) -> None:
        super().__init__()
        self.setWindowTitle(_("Station Desk — the station"))
        self.view = StationView(station, actor, self)
        self.setCentralWidget(self.view)
        self.resize(1280, 720)
        self.view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
