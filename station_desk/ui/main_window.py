"""The main window (主窗口): navigation on the left, the chosen page on the right.

Only the modules that exist and that the signed-in role may open are listed. Menus: File
(lock screen, sign out, export / backup to USB and their history for users who may export,
quit), Settings (room settings for admins, own password, language),
Help (about). Switching language rebuilds the pages, menus and status bar in the new language.

Ctrl+K opens the search box for every module (`ui/search/`); Ctrl+F puts the cursor in the
page's own search field, or opens the search box where the page has none (or shows a form).
A record found, or listed behind a home figure, opens on its page (`open_record`).

Every page is a `Page` (`ui/widgets/page.py`): a page with unsaved work (an open editor)
says so, and quitting, signing out, switching language or closing the window asks it first
(Save / Discard / Cancel). Signing out forced by the idle lock does not wait.

A page is built (and its module's screens imported) when it is first shown, not with the
window: the navigation lists every page at once, and `pages[key]` builds one on demand.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path

import PySide6
from PySide6.QtCore import QSize, Qt, QTimer, Signal, qVersion
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMenuBar,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QStatusBar,
    QWidget,
)

from station_desk import __version__, i18n
from station_desk.domain.accounts import Principal
from station_desk.domain.roles import Permission
from station_desk.domain.settings import RoomSettings
from station_desk.i18n import _
from station_desk.modules import PageEntry, pages, resolve
from station_desk.paths import database_path
from station_desk.services.container import Services
from station_desk.ui.errors import user_errors
from station_desk.ui.help_dialog import UserGuideDialog
from station_desk.ui.icons import icon
from station_desk.ui.idle_lock import MS_PER_MINUTE, IdleWatcher, ScreenLock
from station_desk.ui.language import apply_language
from station_desk.ui.preload import after_first_paint, import_on_the_gui_thread
from station_desk.ui.search.dialog import SearchDialog
from station_desk.ui.search.openers import OPENERS
from station_desk.ui.search.person_dialog import PersonDialog
from station_desk.ui.widgets.dialogs import open_dialog
from station_desk.ui.widgets.page import PageBase, first_read_deferred

NAVIGATION_WIDTH = 170
NAVIGATION_ICON = 22
PAGE_SHORTCUTS = 9
STATUS_MESSAGE_MS = 5000
PAGE_IMPORT_GAP_MS = 50  # between two modules imported ahead (`_import_pages`), each 1–20 ms


class LazyPages(Mapping[str, PageBase]):
    """The window's pages by key, each built when first asked for (`window.pages["audit"]`)."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window

    def __getitem__(self, key: str) -> PageBase:
        return self._window.page(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._window.page_keys())

    def __len__(self) -> int:
        return len(self._window.page_keys())


def about_text(data_dir: Path) -> str:
    return "\n".join(
        (
            _("Station Desk (警务室工作台), version {version}").format(version=__version__),
            _("Data folder: {path}").format(path=data_dir),
            _("Database: {path}").format(path=database_path(data_dir)),
            _("Qt {qt}, PySide6 {pyside}").format(qt=qVersion(), pyside=PySide6.__version__),
        )
    )


class MainWindow(QMainWindow):
    """Emits `sign_out_requested(message)` to go back to sign-in and `closed` when closed."""

    sign_out_requested = Signal(str)
    closed = Signal()

    def __init__(
        self,
        services: Services,
        principal: Principal,
        data_dir: Path,
        idle_timeout_ms: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self.principal = principal
        self._data_dir = data_dir
        self._idle_override = idle_timeout_ms
        self._settings = RoomSettings()
        self._entries: dict[str, PageEntry] = {}
        self.built: dict[str, PageBase] = {}  # the pages shown so far
        self.pages = LazyPages(self)
        self.screen_lock = ScreenLock(self, services, principal)
        self.screen_lock.sign_out_requested.connect(self.sign_out_requested)
        self.idle = IdleWatcher(self)
        self.idle.idle.connect(self.screen_lock.lock)
        self.setWindowIcon(icon("app"))
        self.resize(1280, 720)
        self.build()
        self.apply_idle_timeout()
        after_first_paint(self, self._import_pages)

    # -- building --------------------------------------------------------------------------
    def build(self) -> None:
        """(Re)create the pages, menus and status bar in the current language."""
        current = self.current_page_key() or "home"
        with user_errors(self):
            self._settings = self._services.settings.get()
        self.setWindowTitle(_("Station Desk — {room}").format(room=self._settings.room_name))
        self.setCentralWidget(self._central())
        self.setMenuBar(self._menus())
        self.setStatusBar(self._status_bar())
        self.show_page(current)

    def _central(self) -> QWidget:
        self.nav = QListWidget()
        self.nav.setFixedWidth(NAVIGATION_WIDTH)
        self.nav.setIconSize(QSize(NAVIGATION_ICON, NAVIGATION_ICON))
        self.nav.setSpacing(2)
        self.stack = QStackedWidget()
        self._entries = {}
        self.built = {}
        for entry in pages():
            if entry.permission is None or self.principal.can(entry.permission):
                self._entries[entry.key] = entry
                self.stack.addWidget(QWidget())  # the page's place until it is first shown
                self.nav.addItem(QListWidgetItem(icon(entry.icon), _(entry.title)))
        self.nav.currentRowChanged.connect(self._page_chosen)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        for keys, slot in (("Ctrl+K", self.open_search), ("Ctrl+F", self.find_on_page)):
            action = QAction(central)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(slot)
            central.addAction(action)
        for number in range(1, PAGE_SHORTCUTS + 1):
            action = QAction(central)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(partial(self._go_to_row, number - 1))
            central.addAction(action)
        return central

    def _menus(self) -> QMenuBar:
        bar = QMenuBar()
        file_menu = bar.addMenu(_("&File"))
        self._action(file_menu, _("&Lock screen"), "lock", self.lock_screen, "Ctrl+L")
        self._action(
            file_menu,
            _("Sign &out"),
            "logout",
            lambda: self.leave_then(lambda: self.sign_out_requested.emit("")),
        )
        if self.principal.can(Permission.EXPORT):
            file_menu.addSeparator()
            self._action(file_menu, _("&Export to USB…"), "export", self.open_export)
            if self.principal.can(Permission.BACKUP):  # a full copy holds the sealed records
                self._action(file_menu, _("&Backup to USB…"), "backup", self.open_backup)
            self._action(file_menu, _("Export &history…"), "history", self.open_exchange_history)
        file_menu.addSeparator()
        self._action(file_menu, _("&Quit"), "quit", lambda: self.leave_then(self.close), "Ctrl+Q")
        settings_menu = bar.addMenu(_("&Settings"))
        if self.principal.can(Permission.MANAGE_SETTINGS):
            self._action(settings_menu, _("&Room settings…"), "settings", self.open_room_settings)
            self._action(
                settings_menu, _("&Mediation settings…"), "settings", self.open_mediation_settings
            )
        self._action(settings_menu, _("Change &password…"), "password", self.open_change_password)
        self._language_menu(settings_menu.addMenu(icon("language"), _("&Language")))
        help_menu = bar.addMenu(_("&Help"))
        self._action(help_menu, _("&User guide"), "help", self.show_guide, "F1")
        self._action(help_menu, _("&About Station Desk"), "about", self.show_about)
        return bar

    def _action(
        self, menu: QMenu, text: str, icon_name: str, slot: Callable[[], object], keys: str = ""
    ) -> QAction:
        action = menu.addAction(icon(icon_name), text)
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        return action

    def _language_menu(self, menu: QMenu) -> None:
        group = QActionGroup(menu)
        for code in i18n.SUPPORTED_LANGUAGES:
            action = menu.addAction(i18n.LANGUAGE_NAMES[code])
            action.setCheckable(True)
            action.setChecked(code == i18n.current_language())
            action.setData(code)
            group.addAction(action)
            # Rebuilding deletes this menu: do it after the click has been handled.
            action.triggered.connect(
                lambda _checked=False, code=code: QTimer.singleShot(
                    0, self, partial(self.leave_then, partial(self.set_language, code))
                )
            )

    def _status_bar(self) -> QStatusBar:
        bar = QStatusBar()
        user = QLabel(
            _("Signed in: {name} ({username}), {role}").format(
                name=self.principal.display_name,
                username=self.principal.username,
                role=self.principal.role.label,
            )
        )
        room = QLabel(self._settings.room_name)
        folder = QLabel(_("Data folder: {path}").format(path=self._data_dir))
        folder.setToolTip(str(self._data_dir))
        folder.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        bar.addWidget(user)
        bar.addWidget(room)
        bar.addWidget(folder, 1)
        return bar

    def _import_pages(self) -> None:
        """The pages' modules, imported while the officer looks at the home page, so that a
        page's first visit does not import it (the mediation page: 45 ms of its 90)."""
        modules = [entry.widget.partition(":")[0] for entry in self._entries.values()]
        import_on_the_gui_thread(self, modules, PAGE_IMPORT_GAP_MS)

    def page(self, key: str) -> PageBase:
        """The page `key`, built now if it was not shown before (KeyError: not this user's)."""
        built = self.built.get(key)
        if built is not None:
            return built
        entry = self._entries[key]
        page: PageBase = resolve(entry.widget)(self._services, self.principal)
        index = self.page_keys().index(key)
        placeholder = self.stack.widget(index)
        current = self.stack.currentIndex()
        self.stack.insertWidget(index, page)
        if placeholder is not None:
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
        self.stack.setCurrentIndex(current)
        self.built[key] = page
        self._connect_page(key, page)
        return page

    def _connect_page(self, key: str, page: PageBase) -> None:
        """The links between pages (a card on the home page opens another page)."""
        if key == "actions":
            page.open_meeting_requested.connect(self.open_meeting)  # type: ignore[attr-defined]
        elif key == "home":
            page.open_duty_requested.connect(partial(self.show_page, "duty"))  # type: ignore[attr-defined]
            page.open_record_requested.connect(self.open_record)  # type: ignore[attr-defined]
            page.open_attendance_review_requested.connect(self.open_attendance_review)  # type: ignore[attr-defined]
            page.open_insurance_due_requested.connect(self.open_insurance_due)  # type: ignore[attr-defined]
            page.open_opinions_requested.connect(self.open_opinions)  # type: ignore[attr-defined]

    # -- navigation ------------------------------------------------------------------------
    def page_keys(self) -> list[str]:
        return list(self._entries)

    def current_page_key(self) -> str | None:
        keys = self.page_keys()
        index = self.stack.currentIndex() if keys else -1
        return keys[index] if 0 <= index < len(keys) else None

    def show_page(self, key: str) -> None:
        keys = self.page_keys()
        self.nav.setCurrentRow(keys.index(key) if key in keys else 0)

    def _go_to_row(self, row: int) -> None:
        if row < self.nav.count():
            self.nav.setCurrentRow(row)

    def current_page(self) -> PageBase | None:
        key = self.current_page_key()
        return self.built.get(key) if key is not None else None

    def _page_chosen(self, row: int) -> None:
        keys = self.page_keys()
        if not 0 <= row < len(keys):
            return
        fresh = keys[row] not in self.built
        with user_errors(self):
            with first_read_deferred():  # a long read runs on a worker thread (refresh_shown)
                page = self.page(keys[row])
            self.stack.setCurrentIndex(row)
            if not (fresh and page.has_read):  # a page that read while being built is current
                page.refresh_shown()

    def refresh_current(self) -> None:
        page = self.current_page()
        if page is not None:
            page.refresh()

    def open_meeting(self, meeting_id: str) -> None:
        """Show a meeting in the meetings page's editor (from the action-item overview)."""
        if "meetings" in self._entries:
            self.show_page("meetings")
            self.page("meetings").open_meeting(meeting_id)  # type: ignore[attr-defined]

    # -- search (Ctrl+K; Ctrl+F where the page has no search field of its own) ------------
    def open_search(self) -> SearchDialog:
        dialog = SearchDialog(self._services, self.principal, self)
        dialog.open_requested.connect(self.open_record)
        dialog.person_requested.connect(self.open_person)
        return open_dialog(dialog)

    def open_person(self, kind: str, record_id: str, query: str = "") -> PersonDialog | None:
        """The page of the person of a record (the party matching `query` in a case)."""
        with user_errors(self):
            page = self._services.people.page(self.principal, kind, record_id, query)
            dialog = PersonDialog(page, self)
            dialog.open_requested.connect(self.open_record)
            return open_dialog(dialog)
        return None

    def find_on_page(self) -> object:
        page = self.stack.currentWidget()
        editing = bool(getattr(page, "is_editing", lambda: False)())  # a form, not a search
        fields = [f for f in page.findChildren(QLineEdit) if f.isVisible()] if page and not editing else []
        if not fields:
            return self.open_search()
        fields[0].setFocus()
        fields[0].selectAll()
        return fields[0]

    def open_record(self, kind: str, record_id: str) -> object:
        """Show the page of a kind of record (a search kind, or a page key) and open the
        record there (`ui/search/openers.py`)."""
        page_key, opener = OPENERS.get(kind, (kind, None))
        page = self.pages.get(page_key)
        if page is None:
            return None
        self.show_page(page_key)
        return opener(page, self._services, self.principal, record_id) if opener else page

    # -- unsaved work ----------------------------------------------------------------------
    def open_attendance_review(self) -> None:
        if "roster" in self._entries:
            self.show_page("roster")
            self.page("roster").open_attendance_review()  # type: ignore[attr-defined]

    def open_insurance_due(self) -> None:
        if "volunteers" in self._entries:
            self.show_page("volunteers")
            self.page("volunteers").show_insurance_due()  # type: ignore[attr-defined]

    def open_opinions(self, date_from: date, date_to: date, timing: object) -> None:
        """The opinion register filtered to a bar of the home page's chart."""
        if "opinions" in self._entries:
            self.show_page("opinions")
            self.page("opinions").show_opinions(date_from, date_to, timing)  # type: ignore[attr-defined]

    def has_unsaved_changes(self) -> bool:
        return any(page.has_unsaved_changes() for page in self.built.values())

    def leave_then(self, proceed: Callable[[], object]) -> None:
        """Run `proceed` once no page has unsaved work (each such page asks first)."""
        pending = [page for page in self.built.values() if page.has_unsaved_changes()]
        if not pending:
            proceed()
            return
        page = pending[0]
        self.stack.setCurrentWidget(page)
        self.nav.setCurrentRow(self.stack.currentIndex())
        page.leave_then(lambda: self.leave_then(proceed))

    # -- actions ---------------------------------------------------------------------------
    def lock_screen(self) -> None:
        self.screen_lock.lock()

    def apply_idle_timeout(self) -> None:
        """Start the idle lock from the settings (or the timeout given for tests)."""
        if self._idle_override is not None:
            self.idle.set_timeout(self._idle_override)
        else:
            self.idle.set_timeout(self._settings.idle_lock_minutes * MS_PER_MINUTE)

    def set_language(self, language: str) -> None:
        """Switch language: an admin saves it for the room, others for this session only."""
        with user_errors(self):
            if self.principal.can(Permission.MANAGE_SETTINGS):
                current = self._services.settings.get()
                self._services.settings.update(self.principal, replace(current, language=language))
            apply_language(QApplication.instance(), language)
            self.build()

    def open_room_settings(self) -> QDialog:
        from station_desk.ui.settings_dialog import RoomSettingsDialog

        dialog = RoomSettingsDialog(self._services, self.principal, self._settings, self)
        return open_dialog(dialog, accepted=lambda: self._settings_saved(dialog.saved))

    def open_mediation_settings(self) -> QDialog:
        """Case numbers, time limits and holidays; open cases' due dates move with them."""
        from station_desk.ui.mediation.settings import MediationSettingsDialog

        dialog = MediationSettingsDialog(self._services, self.principal, self)
        return open_dialog(dialog, accepted=self.refresh_current)

    def _settings_saved(self, settings: RoomSettings | None) -> None:
        if settings is not None and settings.language != i18n.current_language():
            apply_language(QApplication.instance(), settings.language)
        self.build()
        self.apply_idle_timeout()

    def open_change_password(self) -> QDialog:
        from station_desk.ui.password_dialog import ChangePasswordDialog

        dialog = ChangePasswordDialog(self._services, self.principal, self)
        dialog.accepted.connect(
            lambda: self.statusBar().showMessage(_("Your password was changed."), STATUS_MESSAGE_MS)
        )
        return open_dialog(dialog)

    def open_export(self) -> QDialog:
        from station_desk.ui.exchange.export_dialog import ExportDialog

        return open_dialog(ExportDialog(self._services, self.principal, self))

    def open_backup(self) -> QDialog:
        from station_desk.ui.exchange.backup_dialog import BackupDialog

        return open_dialog(BackupDialog(self._services, self.principal, self))

    def open_exchange_history(self) -> QDialog:
        from station_desk.ui.exchange.history import ExchangeHistoryDialog

        return open_dialog(ExchangeHistoryDialog(self._services, self.principal, self))

    def show_guide(self) -> UserGuideDialog:
        guide = self.findChild(UserGuideDialog)
        if guide is None:
            guide = UserGuideDialog(self)
        guide.show()
        guide.activateWindow()
        return guide

    def show_about(self) -> QMessageBox:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            _("About Station Desk"),
            about_text(self._data_dir),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return open_dialog(box)

    def close_dialogs(self) -> None:
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible():
                dialog.done(QDialog.DialogCode.Rejected)

    def closeEvent(self, event: QCloseEvent) -> None:
        if event.spontaneous() and self.has_unsaved_changes():
            event.ignore()  # the window's close button: ask first, then close for real
            self.leave_then(self.close)
            return
        self.idle.stop()
        self.close_dialogs()
        super().closeEvent(event)
        self.closed.emit()
