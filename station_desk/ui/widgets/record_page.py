"""The page of a module whose records open in an editor (mediation cases, meetings, youth
guidance subjects): the list, and in its place while a record is open, its `RecordEditor`.

`RecordList` is the list: filters above (each search again when changed), the buttons acting
on the chosen record, the table (a `StyledRowsModel` of summaries with an `id` and
`is_deleted`), and the count under it, which says when only the newest `LIST_LIMIT` records
are shown. `RecordPage` searches, keeps the chosen record over a search, opens a record in the
editor (asking first about another's unsaved edits), deletes after asking and restores; a
module says how to list, get, delete and restore its records and how its texts read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar, cast

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from station_desk.domain.accounts import Principal
from station_desk.domain.roles import Permission
from station_desk.i18n import _, ngettext
from station_desk.services.container import Services
from station_desk.ui.errors import user_errors
from station_desk.ui.widgets.dialogs import confirm, open_dialog
from station_desk.ui.widgets.editor import RecordEditor
from station_desk.ui.widgets.filters import FilterCell, filter_grid
from station_desk.ui.widgets.inputs import DateFilter
from station_desk.ui.widgets.layouts import lay_out
from station_desk.ui.widgets.page import ServicePage
from station_desk.ui.widgets.rows import StyledRowsModel, button_row, row_table, tool_button
from station_desk.ui.widgets.table_model import Column, select_row, selected_row

LIST_LIMIT = 500  # the rows a record list shows at most; narrower filters find the others
Q = TypeVar("Q")
L = TypeVar("L", bound="RecordList | None")  # the page's list (a `RecordList`)
E = TypeVar("E")  # the page's editor (a `RecordEditor`)


def count_text(shown: int, text: str, capped: str, limit: int = LIST_LIMIT) -> str:
    """`text`, or `capped` once the list holds `limit` rows; both formatted with `n`."""
    return (capped if shown >= limit else text).format(n=shown)


@dataclass(frozen=True)
class RecordCalls:
    """The service's calls behind a `RecordPage`, each taking the principal first."""

    fetch: Callable[[Principal, Any], list[Any]]
    get: Callable[[Principal, str], Any] | None
    delete: Callable[[Principal, str], object]
    restore: Callable[[Principal, str], object]


class RecordList(QWidget):
    """Filters, the buttons acting on the chosen record, the table and the count."""

    def __init__(
        self,
        page: RecordPage,
        columns: Sequence[Column],
        style: Callable[[Any], tuple[QColor | None, QColor | None]],
        widths: Sequence[int],
        new: tuple[str, Callable[[], object]],
        open_text: str,
        model_type: type[StyledRowsModel] = StyledRowsModel,
    ) -> None:
        super().__init__(page)
        self._page = page
        self.model = model_type(columns, style, self)
        self.table = row_table(self.model, widths=widths)
        self.count = QLabel()
        self.new_button = tool_button(new[0], "new", new[1], key="N")
        self.open_button = tool_button(open_text, "open", page.open_selected, key="O")
        self.delete_button = tool_button(_("Delete…"), "delete", page.delete_selected, key="D")
        self.restore_button = tool_button(
            _("Restore"), "restore", page.restore_selected, key="R"
        )
        self.show_deleted = QCheckBox(_("Show deleted"))
        self.table.activated.connect(lambda _index: page.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: page.update_buttons())

    def query(self) -> Any:
        """The filters as the service's query (with `limit=LIST_LIMIT`)."""
        raise NotImplementedError

    def query_of(self, query_type: Callable[..., Q], **fields: Any) -> Q:
        """The service's query of `fields`, "Show deleted" and the limit."""
        return query_type(**fields, include_deleted=self.show_deleted.isChecked(), limit=LIST_LIMIT)

    def filtered(self) -> bool:
        """Whether a filter narrows the list ("Show deleted" only widens it)."""
        query = replace(self.query(), include_deleted=False)
        return bool(query != type(query)(limit=LIST_LIMIT))

    def filters(
        self, *rows: Sequence[FilterCell], stretch: Sequence[tuple[int, int]] = ((1, 1), (3, 1))
    ) -> QGridLayout:
        """The filters in rows of cells (see `filter_grid`), each searching again when changed
        (`search_on_change`)."""
        grid = filter_grid(*rows, stretch=stretch)
        cells = (grid.itemAt(index) for index in range(grid.count()))
        self.search_on_change(*(cell.widget() for cell in cells if cell is not None))
        return grid

    def search_on_change(self, *filters: QWidget | None) -> None:
        """Search again when a filter changes; a text box on Enter, or when it is cleared."""
        search = self._page.search
        for widget in filters:
            if isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(search)
            elif isinstance(widget, QCheckBox):
                widget.toggled.connect(search)
            elif isinstance(widget, DateFilter):
                widget.check.toggled.connect(search)
                widget.edit.dateChanged.connect(search)
            elif isinstance(widget, QLineEdit):
                widget.returnPressed.connect(search)
                widget.textChanged.connect(lambda text: None if text else search())

    def button_row(self, *extra: QWidget) -> QHBoxLayout:
        """New, Open, Delete, Restore on the left; `extra` on the right."""
        return button_row(
            self.new_button, self.open_button, self.delete_button, self.restore_button, right=extra
        )

    def arrange(self, *above: QWidget | QLayout) -> None:
        """Lay out `above` (filters, buttons, notes) over the table and the count."""
        lay_out(self, *above, (self.table, 1), self.count, margin=0)


class RecordPage(ServicePage, Generic[L, E]):
    """The list and, in its place while a record is open, the editor of that record.

    A page declares its `list_type`, its `editor_type` and its service's `record_calls`; the
    page makes the list, and the editor when first needed. (A page that shows its screens
    only to some sets `calls` and calls `show_screens` itself.)"""

    # the count under the list: `Nn_("{n} case", "{n} cases")`, "the newest {n} are shown…",
    # "no cases yet…"
    count_texts: tuple[tuple[str, str], str, str] = (("", ""), "", "")
    calls: RecordCalls  # `record_calls(services)`, or set before `show_screens`
    list_type: Callable[[Any], L] | None = None  # made with the page, as `self.list`
    editor_type: Callable[[Services, Principal], RecordEditor] | None = None
    restore_with_deleted = True  # Restore is shown only while "Show deleted" is ticked

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(services, principal, parent)
        self._records: RecordList | None = None  # subclasses also keep them, typed, as
        self._editor: RecordEditor | None = None  # `self.list` and `self.editor`
        self._make_editor: Callable[[], RecordEditor] | None = None
        self.stack = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        editor_type = self.editor_type
        if self.list_type is not None and editor_type is not None:
            self.calls = self.record_calls(services)
            self.list = self.list_type(self)
            self.show_screens(
                cast(RecordList, self.list), lambda: editor_type(services, principal)
            )

    def record_calls(self, services: Services) -> RecordCalls:
        """How the service lists, gets, deletes and restores the page's records."""
        raise NotImplementedError

    def show_screens(
        self, records: RecordList, editor: RecordEditor | Callable[[], RecordEditor]
    ) -> None:
        """Put the list and the editor on the page, and list the records. `editor` may be
        the function that makes it: then it is built when first needed (`built_editor`),
        not with the page (its tabs and forms are most of a page's building)."""
        self._records = records
        self.stack.addWidget(records)
        self.stack.setCurrentWidget(records)
        if isinstance(editor, RecordEditor):
            self._place_editor(editor)
        else:
            self._make_editor = editor
        self.read_first()  # noted as read: the window does not read it again when first shown

    @property
    def editor(self) -> E:
        """The editor, typed (built when first needed)."""
        return cast(E, self.built_editor())

    def built_editor(self) -> RecordEditor | None:
        """The editor, built now if it was not needed before (None: the page has none)."""
        if self._editor is None and self._make_editor is not None:
            self._place_editor(self._make_editor())
        return self._editor

    def _place_editor(self, editor: RecordEditor) -> None:
        self._editor = editor
        editor.back_requested.connect(self.show_list)
        editor.saved.connect(lambda _record: self.search())
        self.stack.addWidget(editor)

    # -- for subclasses --------------------------------------------------------------------
    def fetch(self, query: Any) -> list[Any]:
        """The summaries the service lists for `query`."""
        return self.calls.fetch(self._principal, query)

    def get(self, record_id: str) -> Any:
        """The record to open in the editor."""
        assert self.calls.get is not None
        return self.calls.get(self._principal, record_id)

    def delete(self, record_id: str) -> None:
        self.calls.delete(self._principal, record_id)

    def restore(self, record_id: str) -> None:
        self.calls.restore(self._principal, record_id)

    def delete_question(self, summary: Any) -> str:
        raise NotImplementedError

    def may_change(self, summary: Any) -> bool:
        """Whether the user may delete or restore this record (given EDIT_RECORDS)."""
        return True

    def may_delete(self, summary: Any) -> bool:
        """Whether a live record in this state may be deleted (not once closed or final)."""
        return True

    def fetch_more(self) -> Any:
        """What the page shows besides the rows (`show_more`), read with them."""
        return None

    def show_more(self, more: Any) -> None:
        """Show what `fetch_more()` read (after `searched`)."""

    def searched(self, rows: list[Any]) -> None:
        """Called after a search with what it found."""

    # -- the list --------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the list (the open editor keeps what is typed)."""
        self.search()

    def refresh_shown(self) -> None:
        """Shown by the window: the list is read on a worker thread and filled when read."""
        if self._records is None or self.is_editing():
            self.refresh()
            return
        query = self._records.query()
        if not self._records.model.rowCount():
            self._records.count.setText(_("Reading…"))
        self.background().start(lambda: self._read(query), self._show_rows)

    def _read(self, query: Any) -> tuple[list[Any], Any]:
        return self.fetch(query), self.fetch_more()

    def search(self) -> None:
        if self._records is None:
            return
        self.background().supersede()  # a list read on a worker thread would come too late
        with user_errors(self):
            self._show_rows(self._read(self._records.query()))

    def _show_rows(self, found: tuple[list[Any], Any]) -> None:
        if self._records is None:
            return
        rows, more = found
        chosen = self.selected()
        with user_errors(self):
            self._records.model.set_rows(rows)
            (one, many), capped, empty = self.count_texts
            counted = ngettext(one, many, len(rows))
            self._records.count.setText(count_text(len(rows), counted, _(capped)))
            if not rows and not self._records.filtered():
                self._records.count.setText(_(empty))
            self.searched(rows)
            self.show_more(more)
        if chosen is not None:
            self.select(chosen.id)
        self.update_buttons()

    def rows(self) -> list[Any]:
        return self._records.model.rows() if self._records is not None else []

    def select(self, record_id: str) -> None:
        """Choose (and make current) the row of the record `record_id`, when it is listed."""
        if self._records is None:
            return
        select_row(self._records.table, self._records.model, record_id)

    def selected(self) -> Any | None:
        """The summary of the chosen row, or None."""
        if self._records is None:
            return None
        return selected_row(self._records.table, self._records.model)

    def update_buttons(self) -> None:
        if self._records is None:
            return
        chosen = self.selected()
        may_edit = self._principal.can(Permission.EDIT_RECORDS)
        may_change = may_edit and chosen is not None and self.may_change(chosen)
        deleted = chosen is not None and chosen.is_deleted
        self._records.new_button.setEnabled(may_edit)
        self._records.open_button.setEnabled(chosen is not None)
        self._records.delete_button.setEnabled(
            may_change and not deleted and self.may_delete(chosen)
        )
        self._records.restore_button.setEnabled(may_change and deleted)
        if self.restore_with_deleted:
            self._records.restore_button.setVisible(self._records.show_deleted.isChecked())

    # -- opening ---------------------------------------------------------------------------
    def open_new(self, dialog: Any) -> Any:
        """Open a dialog that registers a record (`created` after OK), then open the record."""

        def accepted() -> None:
            if dialog.created is not None:
                self.created(dialog.created.id)

        return open_dialog(dialog, accepted=accepted)

    def created(self, record_id: str) -> None:
        """A new record was saved: list it, choose it and open it."""
        self.search()
        self.select(record_id)
        self.open_record(record_id)

    def open_selected(self) -> object:
        chosen = self.selected()
        return self.open_record(chosen.id) if chosen is not None else None

    def open_record(self, record_id: str) -> object:
        """Show the record in the editor (asking first about unsaved edits of another)."""
        editor = self.built_editor()
        if editor is None or (
            self.is_editing() and editor.record is not None and editor.record.id == record_id
        ):
            return None
        self.leave_then(lambda: self._open(record_id))
        return None

    def _open(self, record_id: str) -> None:
        editor = self.built_editor()
        assert editor is not None
        with user_errors(self):
            editor.load(self.get(record_id))
            self.show_editor()

    def show_editor(self) -> None:
        editor = self.built_editor()
        assert editor is not None
        editor.tabs.setCurrentIndex(0)
        self.stack.setCurrentWidget(editor)
        editor.tabs.setFocus()

    def show_list(self) -> None:
        if self._records is None or self._editor is None:
            return
        record = self._editor.record
        self.left_editor()
        self.stack.setCurrentWidget(self._records)
        self.search()
        if record is not None:
            self.select(record.id)
        self._records.table.setFocus()

    def left_editor(self) -> None:
        """Called when the officer goes back from the editor to the list."""

    def is_editing(self) -> bool:
        return self._editor is not None and self.stack.currentWidget() is self._editor

    # -- deleting and restoring ------------------------------------------------------------
    def delete_selected(self) -> QMessageBox | None:
        chosen = self.selected()
        if chosen is None or not self.may_change(chosen):
            return None
        return confirm(
            self, self.delete_question(chosen), lambda: self._act(lambda: self.delete(chosen.id))
        )

    def restore_selected(self) -> None:
        chosen = self.selected()
        if chosen is not None and chosen.is_deleted:
            self._act(lambda: self.restore(chosen.id))

    def _act(self, action: Callable[[], object]) -> None:
        with user_errors(self):
            action()
        self.search()

    # -- leaving ---------------------------------------------------------------------------
    def has_unsaved_changes(self) -> bool:
        return self.is_editing() and self._editor is not None and self._editor.is_dirty()

    def leave_then(self, proceed: Callable[[], object]) -> None:
        """Run `proceed` now, or once the officer has saved or discarded the open record."""
        if self._editor is None or not self.is_editing():
            proceed()
            return
        self._editor.leave_then(proceed)
