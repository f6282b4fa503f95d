"""What the record list pages share (mediation cases, meetings, youth guidance subjects).

Each page keeps its own list widget, with a `table` over a `model` (a `StyledRowsModel` of
summaries that have an `id`); these helpers find the chosen record, choose one by id, and
word the count under the list, which says when only the newest `limit` records are shown.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtWidgets import QTableView

from station_desk.ui.widgets.rows import StyledRowsModel

LIST_LIMIT = 500  # the rows a record list shows at most; narrower filters find the others


class RecordList(Protocol):
    table: QTableView
    model: StyledRowsModel


def selected_record(records: RecordList) -> Any | None:
    """The summary of the chosen row, or None."""
    rows = records.table.selectionModel().selectedRows()
    return records.model.row_at(rows[0].row()) if rows else None


def select_record(records: RecordList, record_id: str) -> None:
    """Choose (and make current) the row of the record `record_id`, when it is listed."""
    for row, summary in enumerate(records.model.rows()):
        if summary.id == record_id:
            records.table.selectRow(row)
            records.table.setCurrentIndex(records.model.index(row, 0))
            return


def count_text(shown: int, text: str, capped: str, limit: int = LIST_LIMIT) -> str:
    """`text`, or `capped` once the list holds `limit` rows; both formatted with `n`."""
    return (capped if shown >= limit else text).format(n=shown)
