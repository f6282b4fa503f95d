"""The search box for every module (全局搜索, Ctrl+K in the main window).

Type a name (characters, full pinyin or initials), a case number, a title, a place, a phone
tail or the last 4–6 characters of an ID number: the hits appear as you type, grouped by
kind, newest first. Enter (or a double click) opens the chosen hit — the first one when a
group heading is chosen — and closes the box; Down moves from the text into the list.
Youth subjects appear only for users who may open them, masked; opening one asks for the
purpose, as the youth page does. A database from before the search index gets its entries
in the background the first time the box opens.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from station_desk.domain.accounts import Principal
from station_desk.domain.search import SearchGroup, SearchHit
from station_desk.i18n import _
from station_desk.services.container import Services
from station_desk.ui.errors import user_errors
from station_desk.ui.icons import icon
from station_desk.ui.widgets.dialogs import ServiceDialog
from station_desk.ui.widgets.filters import after_typing, search_box
from station_desk.ui.widgets.jobs import run_in_background
from station_desk.ui.widgets.layouts import lay_out, side_by_side

TYPING_PAUSE_MS = 120  # search once the officer pauses typing this long
HIT_ROLE = Qt.ItemDataRole.UserRole


class SearchDialog(ServiceDialog):
    """Emits `open_requested(kind, record_id)` and `person_requested(kind, record_id, query)`."""

    open_requested = Signal(str, str)
    person_requested = Signal(str, str, str)

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(services, principal, _("Search"), "search", parent)
        self._ready = False
        self.resize(760, 520)
        self.text = search_box(
            _("Name, pinyin or initials, number, title, place, phone or ID number tail")
        )
        self.text.installEventFilter(self)
        self.results = QTreeWidget()
        self.results.setColumnCount(3)
        self.results.setHeaderLabels([_("Found"), _("Details"), _("Date")])
        self.results.setColumnWidth(0, 260)
        self.results.setColumnWidth(1, 330)
        self.results.itemActivated.connect(lambda item, _column: self.open_item(item))
        self.results.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.status = QLabel()
        self.open_button = QPushButton(icon("open"), _("Open the record"))
        self.open_button.clicked.connect(self.open_current)
        self.person_button = QPushButton(icon("user"), _("Person page"))
        self.person_button.setToolTip(_("Everything about this person, across the modules"))
        self.person_button.clicked.connect(self.open_person)
        for button in (self.open_button, self.person_button):
            button.setAutoDefault(False)  # Enter in the text opens the hit, once
        buttons = side_by_side((self.status, 1), self.person_button, self.open_button)
        lay_out(self, self.text, (self.results, 1), buttons)
        self._timer = after_typing(self.text, TYPING_PAUSE_MS, self.search)
        self.text.returnPressed.connect(self.open_current)
        self._update_buttons()
        self._prepare()

    # -- searching -------------------------------------------------------------------------
    def _prepare(self) -> None:
        """Make sure the index is built (off the GUI thread: minutes only once, after an
        upgrade), then search what has been typed meanwhile."""
        self.status.setText(_("Preparing the search…"))
        run_in_background(self._services.search.ensure_index, self._prepared, self._failed)

    def _prepared(self, _result: object) -> None:
        self._ready = True
        self.status.clear()
        self.search()

    def _failed(self, error: object) -> None:
        self.status.setText(str(error))

    def search(self) -> None:
        self._timer.stop()
        if not self._ready:
            return
        groups: list[SearchGroup] = []
        with user_errors(self):
            groups = self._services.search.search(self._principal, self.text.text())
        self.show_groups(groups)

    def show_groups(self, groups: list[SearchGroup]) -> None:
        self.results.clear()
        for group in groups:
            count = f"{len(group.hits)}+" if group.more else str(len(group.hits))
            heading = QTreeWidgetItem([f"{_(group.label)} ({count})"])
            heading.setFirstColumnSpanned(True)
            font = heading.font(0)
            font.setBold(True)
            heading.setFont(0, font)
            for hit in group.hits:
                item = QTreeWidgetItem([hit.title, hit.detail, hit.when[:10]])
                item.setData(0, HIT_ROLE, hit)
                heading.addChild(item)
            self.results.addTopLevelItem(heading)
            heading.setExpanded(True)
        items = self._items()
        if items:
            self.results.setCurrentItem(items[0])
        found = sum(len(group.hits) for group in groups)
        if self.text.text().strip():
            self.status.setText(_("{n} found").format(n=found) if found else _("Nothing found."))
        else:
            self.status.clear()
        self._update_buttons()

    # -- the hits --------------------------------------------------------------------------
    def _items(self) -> list[QTreeWidgetItem]:
        """Every hit's row, in the order shown."""
        headings = [self.results.topLevelItem(row) for row in range(self.results.topLevelItemCount())]
        return [
            item
            for heading in headings
            if heading is not None
            for item in (heading.child(i) for i in range(heading.childCount()))
            if item is not None
        ]

    def hits(self) -> list[SearchHit]:
        return [item.data(0, HIT_ROLE) for item in self._items()]

    def current_hit(self) -> SearchHit | None:
        item = self.results.currentItem()
        if item is not None and item.childCount():  # a heading: its first hit
            item = item.child(0)
        hit = item.data(0, HIT_ROLE) if item is not None else None
        return hit if isinstance(hit, SearchHit) else None

    def select_hit(self, record_id: str) -> None:
        for item in self._items():
            if item.data(0, HIT_ROLE).record_id == record_id:
                self.results.setCurrentItem(item)
                return

    def open_item(self, item: QTreeWidgetItem) -> None:
        self.results.setCurrentItem(item)
        self.open_current()

    def open_current(self) -> None:
        if self._timer.isActive():
            self.search()
        hit = self.current_hit()
        if hit is not None:
            self.accept()
            self.open_requested.emit(hit.kind, hit.record_id)

    def open_person(self) -> None:
        """The page of the chosen record's person; a record that names no one (an anonymous
        opinion, a call without a name) says so here, and the search stays open."""
        hit = self.current_hit()
        if hit is None or hit.kind not in self._services.people.kinds:
            return
        if not self._services.people.names_someone(self._principal, hit.kind, hit.record_id):
            self.status.setText(_("This record names no one: it has no person page."))
            return
        self.accept()
        self.person_requested.emit(hit.kind, hit.record_id, self.text.text())

    def _update_buttons(self) -> None:
        hit = self.current_hit()
        self.open_button.setEnabled(hit is not None)
        self.person_button.setEnabled(hit is not None and hit.kind in self._services.people.kinds)

    def eventFilter(self, watched: object, event: object) -> bool:
        """Down (or Page Down) in the text moves into the list."""
        if (
            watched is self.text
            and isinstance(event, QKeyEvent)
            and event.type() == QKeyEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown)
            and self.results.topLevelItemCount()
        ):
            self.results.setFocus()
            return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]
