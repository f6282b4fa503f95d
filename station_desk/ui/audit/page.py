"""The audit trail page (审计日志, admin only): filter the entries and verify the hash chain.

Each entry reads as a sentence naming the record (`ui/audit/reading.py`); the details pane under
the list shows the chosen entry in full, with the exact stored diff."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QWidget,
)

from station_desk.domain.accounts import Principal
from station_desk.domain.audit import AuditAction, AuditFilter, ChainReport
from station_desk.i18n import _, ngettext
from station_desk.services.container import Services
from station_desk.ui.audit.model import record_type_choices
from station_desk.ui.audit.reading import AUDIT_COLUMNS, ReadEntry, entry_details
from station_desk.ui.errors import user_errors
from station_desk.ui.icons import icon
from station_desk.ui.widgets.filters import filter_grid, period_filters
from station_desk.ui.widgets.jobs import CancelFn, ProgressFn, run_with_progress, show_job_error
from station_desk.ui.widgets.layouts import lay_out, side_by_side
from station_desk.ui.widgets.page import ServicePage
from station_desk.ui.widgets.rows import contents_table, with_mnemonic
from station_desk.ui.widgets.table_model import RowsModel

DEFAULT_DAYS_BACK = 30
RECORD_COLUMN = 5  # a record's name may be long: a column of its own width, the id in its tooltip
RECORD_WIDTH = 200
OK_STYLE = "color: #1b5e20;"
BAD_STYLE = "color: #b00020; font-weight: bold;"


def local_midnight(day: date) -> datetime:
    """The start of `day` in the PC's time zone, as an aware datetime."""
    return datetime.combine(day, time.min).astimezone()


def chain_message(report: ChainReport) -> str:
    if report.ok:
        checked = report.entries_checked
        return ngettext(
            "The audit trail is intact: {n} entry checked.",
            "The audit trail is intact: {n} entries checked.",
            checked,
        ).format(n=checked)
    return _("The audit trail has been altered at entry {seq}: {problem}.").format(
        seq=report.first_bad_seq, problem=report.problem
    )


class AuditPage(ServicePage):
    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(services, principal, parent)
        self.user = QComboBox()
        self.action = QComboBox()
        self.action.addItem(_("All actions"), "")
        for action in AuditAction:
            self.action.addItem(action.label, action.value)
        self.record_type = QComboBox()
        self.record_type.addItem(_("All record types"), "")
        for label, record_type in record_type_choices():
            self.record_type.addItem(label, record_type)
        self.record_id = QLineEdit()
        first_day = date.today() - timedelta(days=DEFAULT_DAYS_BACK)
        self.date_from, self.date_to = period_filters(first_day)
        self.chain = QLabel()
        self.chain.setWordWrap(True)
        self.model = RowsModel(AUDIT_COLUMNS, self)
        self.table = self._table()
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setPlaceholderText(_("Choose an entry to see everything it recorded."))
        self.table.selectionModel().currentRowChanged.connect(self._show_details)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        lay_out(self, self._filters(), (split, 1), self.chain)
        self.read_first()

    def _table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        contents_table(table)
        header = table.horizontalHeader()
        header.setSectionResizeMode(RECORD_COLUMN, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(RECORD_COLUMN, RECORD_WIDTH)
        header.setStretchLastSection(True)
        return table

    def _filters(self) -> QGridLayout:
        search = QPushButton(icon("search"), with_mnemonic(_("Search"), "S"))
        search.clicked.connect(self.search)
        clear = QPushButton(icon("reset"), with_mnemonic(_("Clear filters"), "C"))
        clear.clicked.connect(self.clear_filters)
        verify = QPushButton(icon("verify"), with_mnemonic(_("Verify chain"), "V"))
        verify.clicked.connect(self.verify)
        self.verify_button = verify
        self.record_id.returnPressed.connect(self.search)
        self.record_type.currentIndexChanged.connect(self.search)
        buttons = side_by_side(search, clear, verify)
        return filter_grid(
            (_("User:"), self.user, _("Action:"), self.action, self.date_from, self.date_to),
            (_("Record type:"), self.record_type, _("Record id:"), self.record_id, (buttons, 2)),
        )

    def refresh(self) -> None:
        """Reload the user list (keeping the choice) and the entries."""
        with user_errors(self):
            self._show_users(self._services.audit.usernames(self._principal))
        self.search()

    def refresh_shown(self) -> None:
        """Shown by the window: the users and the entries are read on a worker thread."""
        audit, principal, wanted = self._services.audit, self._principal, self.current_filter()

        def read() -> tuple[list[str], list[ReadEntry]]:
            return audit.usernames(principal), self._read(wanted)

        def show(found: tuple[list[str], list[ReadEntry]]) -> None:
            self._show_users(found[0])
            self._show_entries(found[1])

        self.background().start(read, show)

    def _show_users(self, names: list[str]) -> None:
        chosen = self.user.currentData()
        self.user.clear()
        self.user.addItem(_("All users"), "")
        for name in names:
            self.user.addItem(name, name)
        self.user.setCurrentIndex(max(0, self.user.findData(chosen)))

    def current_filter(self) -> AuditFilter:
        day_from, day_to = self.date_from.day(), self.date_to.day()
        return AuditFilter(
            username=self.user.currentData() or None,
            action=self.action.currentData() or None,
            record_type=self.record_type.currentData() or None,
            record_id=self.record_id.text().strip() or None,
            date_from=local_midnight(day_from) if day_from else None,
            date_to=local_midnight(day_to + timedelta(days=1)) if day_to else None,
        )

    def search(self) -> None:
        self.background().supersede()  # entries read on a worker thread would come too late
        with user_errors(self):
            self._show_entries(self._read(self.current_filter()))

    def _read(self, wanted: AuditFilter) -> list[ReadEntry]:
        audit = self._services.audit
        entries = audit.list_entries(self._principal, wanted)
        names = audit.record_names(self._principal, entries)
        return [ReadEntry(e, names.get((e.record_type, e.record_id), "")) for e in entries]

    def _show_entries(self, rows: list[ReadEntry]) -> None:
        self.model.set_rows(rows)
        self.details.clear()

    def _show_details(self, current: QModelIndex) -> None:
        if current.isValid():
            row = self.model.row_at(current.row())
            self.details.setPlainText(entry_details(row.entry, row.name))
        else:
            self.details.clear()

    def clear_filters(self) -> None:
        self.user.setCurrentIndex(0)
        self.action.setCurrentIndex(0)
        blocked = self.record_type.blockSignals(True)
        self.record_type.setCurrentIndex(0)
        self.record_type.blockSignals(blocked)
        self.record_id.clear()
        self.date_from.set_day(None)
        self.date_to.set_day(None)
        self.search()

    def verify(self) -> None:
        """Recompute the chain on a worker thread (seconds for a large room's trail), the
        entries checked so far shown meanwhile."""
        audit = self._services.audit

        def work(progress: ProgressFn, _cancelled: CancelFn) -> tuple[ChainReport, list[str]]:
            report = audit.verify(lambda read: progress(read, 0, ""))
            return report, audit.integrity_problems()

        self.verify_button.setEnabled(False)
        self.chain.setStyleSheet("")
        self.chain.setText(_("Checking the audit trail…"))
        run_with_progress(work, self._verify_progress, self._verified, self._verify_failed)

    def _verify_progress(self, read: int, _total: int, _label: str) -> None:
        self.chain.setText(_("Checking the audit trail: {n} entries so far…").format(n=read))

    def _verified(self, result: tuple[ChainReport, list[str]]) -> None:
        report, problems = result
        self.verify_button.setEnabled(True)
        self.chain.setText("\n".join([chain_message(report), *problems]))
        self.chain.setStyleSheet(OK_STYLE if report.ok and not problems else BAD_STYLE)

    def _verify_failed(self, error: object) -> None:
        self.verify_button.setEnabled(True)
        self.chain.clear()
        show_job_error(self, error)
