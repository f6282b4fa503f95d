"""The editor of one record in place of its list (a meeting, a mediation case, a youth file):
Back to list, Save (Ctrl+S), the tabs, and the record's parts — each saved by its own service
call — whose unsaved edits ask Save / Discard / Cancel before the officer leaves.

A subclass names its `parts` (in the order Save saves them; Save always saves the first) and
says for each what is on screen (`current`), how to put it back (`put`) and which service call
saves it (`store`); `fill(record)` shows a record. The shell remembers what was loaded, saves
the edited parts in order — the first error shows at its field (`forms`) and stops, what was
saved stays saved and every edit not yet saved stays on screen — and shows the record the
service returns after a save or an action (`act`), keeping the other parts' unsaved edits.
`unsaved_label` ("Unsaved changes") is shown while any part has unsaved edits, in an editor
that puts it in its layout and calls `show_unsaved()` when something is edited.

Esc or Alt+← go back to the list (asking about unsaved edits first), like "Back to list".
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QTableView, QTabWidget, QWidget

from station_desk.domain.accounts import Principal
from station_desk.errors import StationDeskError, ValidationError
from station_desk.i18n import _
from station_desk.services.container import Services
from station_desk.ui.errors import show_error
from station_desk.ui.widgets.dialogs import ask_to_save, confirm, open_dialog
from station_desk.ui.widgets.fields import DeclaredFields
from station_desk.ui.widgets.forms import FieldForm
from station_desk.ui.widgets.rows import chosen_entry, tool_button

UNSAVED_STYLE = "color: #b00020;"
HEADING_STYLE = "font-size: 15px; font-weight: bold;"
T = TypeVar("T")


class RecordEditor(QWidget, DeclaredFields):
    """One record; `saved(record)` after every change, `back_requested` for the list."""

    saved = Signal(object)
    back_requested = Signal()
    parts: tuple[str, ...] = ("record",)

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(parent)
        self._services, self._principal = services, principal
        self.record: Any = None
        self._baselines: dict[str, object] = {}
        self.forms: dict[str, tuple[FieldForm, int]] = {}  # part -> its form and tab
        self.back_button = tool_button(_("Back to list"), "back", self.go_back, key="B")
        self.save_button = tool_button(_("Save"), "save", self.save, key="S")
        self.save_button.setToolTip(_("Save (Ctrl+S)"))
        self.back_button.setToolTip(_("Back to list (Esc or Alt+←)"))
        self.unsaved_label = QLabel(_("Unsaved changes"))
        self.unsaved_label.setStyleSheet(UNSAVED_STYLE)
        self.unsaved_label.hide()
        self.heading = QLabel()  # what the record is, set by `fill`
        self.heading.setStyleSheet(HEADING_STYLE)
        self.tabs = QTabWidget()
        self._shortcut(QKeySequence(QKeySequence.StandardKey.Save), self.save)
        for keys in (QKeySequence(Qt.Key.Key_Escape), QKeySequence("Alt+Left")):
            self._shortcut(keys, self.go_back)

    def top_row(self, *right: QWidget) -> QHBoxLayout:
        """"Back to list" and the heading, then `right` (Save and the record's own buttons)."""
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.heading, 1)
        for widget in right:
            top.addWidget(widget)
        return top

    def _shortcut(self, keys: QKeySequence, slot: Callable[[], object]) -> None:
        shortcut = QShortcut(keys, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)

    # -- for subclasses --------------------------------------------------------------------
    def fill(self, record: Any) -> None:
        """Show `record` (every tab, and which inputs and buttons are enabled)."""
        raise NotImplementedError

    def current(self, part: str) -> object:
        """What the screen holds of `part` (compared with what was loaded)."""
        raise NotImplementedError

    def put(self, part: str, value: Any) -> None:
        """Show `value` (an earlier `current(part)`) again."""
        raise NotImplementedError

    def store(self, part: str, value: Any) -> Any:
        """Save `value` of `part` by the service; returns the record as saved."""
        raise NotImplementedError

    def may_edit(self) -> bool:
        """Whether the open record can be changed (not while it is in the bin)."""
        return self.record is not None and not self.record.is_deleted

    def unsaved_question(self) -> str:
        raise NotImplementedError

    def part_dirty(self, part: str) -> bool:
        """Whether `part` has unsaved edits."""
        return (
            self.may_edit()
            and part in self._baselines
            and self.current(part) != self._baselines[part]
        )

    # -- loading ---------------------------------------------------------------------------
    def load(self, record: Any, keep: Collection[str] = ()) -> None:
        """Show `record`. The parts named in `keep` that have unsaved edits keep them on screen
        (still unsaved) instead of the stored values."""
        pending = {
            part: self.current(part)
            for part in self.parts
            if part in keep and self.record is not None and self.part_dirty(part)
        }
        self.record = record
        self.clear_errors()
        self.fill(record)
        self._baselines = {part: self.current(part) for part in self.parts}
        for part, value in pending.items():
            self.put(part, value)
        self.show_unsaved()

    def reload(self, record: Any, keep: Collection[str] = ()) -> None:
        """Show `record` as returned by a save or an action on the open record."""
        self.load(record, keep)

    def _loaded(self, record: Any, keep: Collection[str] = ()) -> None:
        if record is not None:
            self.reload(record, keep)
            self.saved.emit(record)

    # -- saving ----------------------------------------------------------------------------
    def dirty_parts(self) -> list[str]:
        return [part for part in self.parts if self.part_dirty(part)]

    def is_dirty(self) -> bool:
        return bool(self.dirty_parts())

    def show_unsaved(self) -> None:
        """Show "Unsaved changes" while there are any (in an editor that placed the mark)."""
        if self.unsaved_label.parentWidget() is None:  # not laid out: it would be a window
            return
        self.unsaved_label.setVisible(bool(self._baselines) and self.is_dirty())

    def save(self) -> bool:
        """Save every part with unsaved edits (the first part always)."""
        return self.save_parts(self.parts, force=self.parts[:1])

    def save_parts(self, parts: Collection[str], force: Collection[str] = ()) -> bool:
        """Save the `parts` that have unsaved edits (and those in `force`) in `parts` order."""
        if not self.may_edit():
            return False
        self.clear_errors()
        todo = [p for p in self.parts if p in parts and (p in force or self.part_dirty(p))]
        values = {part: self.current(part) for part in todo}
        record: Any = None
        saved: set[str] = set()
        for part in todo:
            try:
                record = self.store(part, values[part])
            except StationDeskError as exc:
                self._loaded(record, keep=set(self.parts) - saved)
                self.show_problem(exc, part)
                return False
            saved.add(part)
        self._loaded(record, keep=set(self.parts) - saved)
        return True

    def saved_then(self, action: Callable[[], object]) -> None:
        """Save pending edits first; run `action` only if that worked."""
        if not self.is_dirty() or self.save():
            action()

    def act(self, action: Callable[[], Any], keep: Collection[str] | None = None) -> None:
        """Run a service call that returns the record; show it (keeping unsaved edits)."""
        try:
            record = action()
        except StationDeskError as exc:
            show_error(self, exc)
            return
        self._loaded(record, self.parts if keep is None else keep)

    def confirm_then_act(
        self, question: str, action: Callable[[], Any], keep: Collection[str] | None = None
    ) -> QMessageBox:
        """Ask `question`; on Yes run the service call `action` as `act` does."""
        return confirm(self, question, lambda: self.act(action, keep))

    def edit_chosen(self, table: QTableView, open_form: Callable[[Any], T | None]) -> T | None:
        """`open_form(entry)` of the entry chosen in `table` (of a `RowsModel`), if one is."""
        entry = chosen_entry(table)
        return open_form(entry) if entry is not None else None

    def delete_chosen(
        self,
        table: QTableView,
        question: Callable[[Any], str],
        delete: Callable[[Principal, str], Any],
    ) -> QMessageBox | None:
        """Ask `question(entry)` about the saved entry chosen in `table`; on Yes run the
        service call `delete(principal, its id)` as `act` does. None: no saved entry is chosen,
        or the record may not be changed (`may_edit`)."""
        entry = chosen_entry(table)
        if entry is None or entry.id is None or not self.may_edit():
            return None
        entry_id = entry.id
        return self.confirm_then_act(question(entry), lambda: delete(self._principal, entry_id))

    def open_form(self, dialog: Any) -> Any:
        """Open a dialog that saves at once (its `saved` is the record); show the record."""
        return open_dialog(dialog, accepted=lambda: self._loaded(dialog.saved, keep=self.parts))

    # -- errors ----------------------------------------------------------------------------
    def clear_errors(self) -> None:
        for form, _tab in self.forms.values():
            form.clear_errors()

    def show_problem(self, error: StationDeskError, part: str) -> None:
        """Show a service error under its field on its tab; anything else in a message box."""
        place = self.forms.get(part)
        if place is not None and isinstance(error, ValidationError) and place[0].knows(error.field):
            form, tab = place
            self.tabs.setCurrentIndex(tab)
            form.show_error(error.field, error.message)
            return
        show_error(self, error)

    # -- leaving ---------------------------------------------------------------------------
    def discard(self) -> None:
        """Put the saved values back on screen, dropping the unsaved edits."""
        if self.record is not None:
            self.reload(self.record)

    def leave_then(self, proceed: Callable[[], object]) -> QMessageBox | None:
        """Run `proceed` now, or after Save / Discard when there are unsaved edits."""
        if not self.is_dirty():
            proceed()
            return None
        return ask_to_save(self, self.unsaved_question(), self.save, self.discard, proceed)

    def go_back(self) -> None:
        self.leave_then(self.back_requested.emit)
