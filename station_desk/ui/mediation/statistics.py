"""Mediation statistics for a chosen period: how many cases were received, counted by dispute
type, outcome, kind and source, and the success rate (agreements / cases with an outcome).

The period defaults to this year; the figures follow the dates as they are changed. They are
counted on a worker thread (a year of a large room's cases takes a few hundred ms), so the
dialog paints at once and fills its tables when counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from station_desk.domain.accounts import Principal
from station_desk.domain.mediation import MediationStatistics
from station_desk.errors import StationDeskError
from station_desk.i18n import N_, _
from station_desk.services.container import Services
from station_desk.ui.widgets.dialogs import ServiceDialog, close_box
from station_desk.ui.widgets.forms import ERROR_STYLE
from station_desk.ui.widgets.inputs import date_edit, day_of
from station_desk.ui.widgets.layouts import lay_out, side_by_side
from station_desk.ui.widgets.reading import BackgroundRead
from station_desk.ui.widgets.rows import StyledRowsModel, row_table
from station_desk.ui.widgets.table_model import Column

# One table row: (what is counted, how many, the share of the period's cases)
StatRow = tuple[str, int, str]

TYPE_COLUMNS = (
    Column(N_("Type"), lambda r: r[0]),
    Column(N_("Cases"), lambda r: str(r[1])),
    Column(N_("Share"), lambda r: r[2]),
)
OUTCOME_COLUMNS = (Column(N_("Outcome"), lambda r: r[0]), *TYPE_COLUMNS[1:])
KIND_COLUMNS = (Column(N_("Kind"), lambda r: r[0]), *TYPE_COLUMNS[1:])
SOURCE_COLUMNS = (Column(N_("Source"), lambda r: r[0]), *TYPE_COLUMNS[1:])


def share(count: int, total: int) -> str:
    return f"{100 * count / total:.1f}%" if total else "–"


def stat_rows(counts: Mapping[Any, int], total: int) -> list[StatRow]:
    """Every member with its label and count, largest first (empty members kept, at the end)."""
    rows = [(member.label, count, share(count, total)) for member, count in counts.items()]
    return sorted(rows, key=lambda row: -row[1])


def outcome_rows(stats: MediationStatistics) -> list[StatRow]:
    rows = [
        (member.label, count, share(count, stats.total))
        for member, count in stats.by_outcome.items()
    ]
    rows.append((_("No outcome yet"), stats.pending, share(stats.pending, stats.total)))
    return rows


def summary_text(stats: MediationStatistics) -> str:
    parts = [
        _("Cases received: {count}").format(count=stats.total),
        _("With an outcome: {count}").format(count=stats.concluded),
        _("Pending: {count}").format(count=stats.pending),
        _("Agreements: {count}").format(count=stats.agreements),
        (
            _("Success rate: {rate:.1f}%").format(rate=100 * stats.success_rate)
            if stats.success_rate is not None
            else _("Success rate: no case has an outcome yet")
        ),
    ]
    return "　".join(parts)


class StatisticsDialog(ServiceDialog):
    """The period (From / To) and the tables of counts; `stats` is the last result read."""

    def __init__(
        self, services: Services, principal: Principal, parent: QWidget | None = None
    ) -> None:
        super().__init__(services, principal, _("Mediation statistics"), parent=parent)
        self.stats: MediationStatistics | None = None
        self.reads = BackgroundRead(self)  # the counts, read on a worker thread
        today = date.today()
        self.date_from = date_edit(date(today.year, 1, 1))
        self.date_to = date_edit(today)
        period = side_by_side(_("From:"), self.date_from, _("To:"), self.date_to, None)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: bold;")
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        self.type_model = StyledRowsModel(TYPE_COLUMNS, None, self)
        self.outcome_model = StyledRowsModel(OUTCOME_COLUMNS, None, self)
        self.kind_model = StyledRowsModel(KIND_COLUMNS, None, self)
        self.source_model = StyledRowsModel(SOURCE_COLUMNS, None, self)
        grid = QGridLayout()
        for position, (title, model) in enumerate(
            (
                (_("By dispute type"), self.type_model),
                (_("By outcome"), self.outcome_model),
                (_("By kind"), self.kind_model),
                (_("By source"), self.source_model),
            )
        ):
            grid.addWidget(
                self._box(title, row_table(model, widths=(190, 70))), *divmod(position, 2)
            )
        lay_out(self, period, self.error, self.summary, (grid, 1), close_box(self))
        self.resize(820, 660)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self.refresh)
        self.refresh()

    @staticmethod
    def _box(title: str, table: QTableView) -> QGroupBox:
        box = QGroupBox(title)
        QVBoxLayout(box).addWidget(table)
        return box

    def period(self) -> tuple[date, date]:
        return day_of(self.date_from), day_of(self.date_to)

    def reading(self) -> bool:
        """Whether the counts of the period shown are still being read."""
        return self.reads.reading()

    def refresh(self) -> None:
        """Count the period's cases on a worker thread; `show_stats` fills the tables."""
        start, end = self.period()
        services, principal = self._services, self._principal

        def read() -> MediationStatistics | StationDeskError:
            try:
                return services.mediation.statistics(principal, start, end)
            except StationDeskError as exc:  # shown in the dialog, under the period
                return exc

        self.summary.setText(_("Reading…"))
        self.reads.start(read, self.show_stats)

    def show_stats(self, stats: MediationStatistics | StationDeskError) -> None:
        self.error.hide()
        if isinstance(stats, StationDeskError):
            self.error.setText(str(stats))
            self.error.show()
            self.stats = None
            self.summary.clear()
            for model in self._models():
                model.set_rows([])
            return
        self.stats = stats
        self.summary.setText(summary_text(stats))
        self.type_model.set_rows(stat_rows(stats.by_type, stats.total))
        self.outcome_model.set_rows(outcome_rows(stats))
        self.kind_model.set_rows(stat_rows(stats.by_kind, stats.total))
        self.source_model.set_rows(stat_rows(stats.by_source, stats.total))

    def _models(self) -> Iterable[StyledRowsModel]:
        return (self.type_model, self.outcome_model, self.kind_model, self.source_model)
