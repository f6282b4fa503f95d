"""A station's list of one kind of record across its rooms, as an A4 landscape table, for the
registers whose rooms have no document of their own (the reception log)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.platypus import Flowable

from station_desk.i18n import N_, _
from station_desk.reports.base import DocumentBase, DocumentContext, RowTexts
from station_desk.reports.mediation import period_text
from station_desk.reports.rosters import MonthlyHoursReport


class StationTable(DocumentBase):
    """A title (a message id), the period, and one row per record, the room first."""

    landscape = True

    def __init__(
        self,
        context: DocumentContext,
        title: str,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        date_from: date | None,
        date_to: date | None,
        widths: Sequence[float] | None = None,
        empty: str = "",
    ) -> None:
        super().__init__(context)
        self.title = title
        self.header = list(header)
        self.rows = rows  # walked a page at a time (the rooms' parts joined as read)
        self.period = (date_from, date_to)
        self.widths = widths
        self.empty = empty

    def display_subtitle(self) -> str:
        date_from, date_to = self.period
        if date_from is None or date_to is None:
            return ""
        return period_text(date_from, date_to, self.context.language)

    def story(self) -> list[Flowable]:
        if not self.rows:
            return [self.empty_note(self.empty or None)]
        numbered = RowTexts(self.rows, lambda index, row: [str(index + 1), *row])
        widths = [5, *self.widths] if self.widths else None
        table = self.data_table([_("No."), *self.header], numbered, col_widths=widths)
        return [table, self.paragraph(_("{count} in all").format(count=len(self.rows)), "small")]


class StationHoursReport(MonthlyHoursReport):
    """The rooms' volunteer hours of any period (the room's report is of a month): the same
    tables, each team under its room, the period as the subtitle."""

    title = N_("Volunteer hours")

    def display_subtitle(self) -> str:
        return period_text(self.report.date_from, self.report.date_to, self.context.language)
