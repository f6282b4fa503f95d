"""The main window: modules by role, shortcuts, menus, language switch, fits 1366×768."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QLabel, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from station_desk import __version__, i18n
from station_desk.domain.accounts import Principal
from station_desk.modules import PageEntry
from station_desk.services.container import Services
from station_desk.ui.accounts.page import AccountsPage
from station_desk.ui.audit.page import AuditPage
from station_desk.ui.home_page import HomePage
from station_desk.ui.main_window import MainWindow
from station_desk.ui.meetings.page import MeetingsPage
from tests.conftest import SETUP
from tests.ui.helpers import AUX_PAGES, AUX_TITLES, RECORD_PAGES, RECORD_TITLES, MakeWindow


def nav_texts(window: MainWindow) -> list[str]:
    return [window.nav.item(row).text() for row in range(window.nav.count())]


def menu_texts(window: MainWindow) -> list[str]:
    return [action.text() for action in window.menuBar().actions()]


def menu_actions(window: MainWindow) -> list[QAction]:
    return [a for menu in window.menuBar().findChildren(QMenu) for a in menu.actions()]


def all_action_texts(window: MainWindow) -> list[str]:
    return [action.text() for action in menu_actions(window)]


def test_admin_sees_home_accounts_and_audit(make_window: MakeWindow, admin: Principal) -> None:
    window = make_window(admin)
    assert window.page_keys() == ["home", *RECORD_PAGES, "accounts", "audit"]
    assert nav_texts(window) == ["Home", *RECORD_TITLES, "Accounts", "Audit trail"]
    assert isinstance(window.stack.currentWidget(), HomePage)
    assert "&Room settings…" in all_action_texts(window)


def test_auxiliary_police_see_home_and_records(make_window: MakeWindow, aux: Principal) -> None:
    """Issue 16.5: no youth guidance (sealed records) in their navigation, not even its name."""
    window = make_window(aux)
    assert window.page_keys() == ["home", *AUX_PAGES]
    assert nav_texts(window) == ["Home", *AUX_TITLES]
    assert "youth" not in window.pages
    assert "&Room settings…" not in all_action_texts(window)
    assert "Change &password…" in all_action_texts(window)


def test_ctrl_number_switches_pages(
    qtbot: QtBot, make_window: MakeWindow, admin: Principal
) -> None:
    window = make_window(admin)
    keys = window.page_keys()
    for number in (3, 6, 9, 1):
        qtbot.keyClick(
            window.nav, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier
        )
        assert window.current_page_key() == keys[number - 1]
    assert isinstance(window.pages["meetings"], MeetingsPage)
    assert isinstance(window.pages["accounts"], AccountsPage)
    assert isinstance(window.pages["audit"], AuditPage)


def test_window_fits_the_officers_screen(
    qtbot: QtBot, make_window: MakeWindow, admin: Principal
) -> None:
    window = make_window(admin)
    window.show_page("audit")
    hint = window.minimumSizeHint()
    assert hint.width() <= 1024 and hint.height() <= 700, hint
    for size in (QSize(1366, 768), QSize(1024, 700)):
        window.resize(size)
        qtbot.waitUntil(lambda size=size: window.size() == size)
        assert window.centralWidget().geometry().bottom() < window.statusBar().geometry().top()
        assert window.stack.currentWidget().width() > 700


def test_status_bar_names_user_role_room_and_folder(
    make_window: MakeWindow, officer: Principal, data_dir: Path
) -> None:
    window = make_window(officer)
    status = " | ".join(label.text() for label in window.statusBar().findChildren(QLabel))
    assert "李明 (officer), Police officer" in status
    assert SETUP.room_name in status
    assert str(data_dir) in status
    assert SETUP.room_name in window.windowTitle()


def test_admin_language_switch_is_saved_and_rebuilds(
    make_window: MakeWindow, services: Services, admin: Principal
) -> None:
    window = make_window(admin)
    window.show_page("accounts")
    old_menu_bar = window.menuBar()

    window.set_language("zh_TW")

    assert i18n.current_language() == "zh_TW"
    assert services.settings.get().language == "zh_TW"
    assert window.menuBar() is not old_menu_bar
    assert menu_texts(window) == [i18n._("&File"), i18n._("&Settings"), i18n._("&Help")]
    assert nav_texts(window) == [
        i18n._(text) for text in ("Home", *RECORD_TITLES, "Accounts", "Audit trail")
    ]
    assert window.current_page_key() == "accounts"
    # Qt's own catalog is installed too: its standard button text is translated.
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") != "Cancel"

    window.set_language("en")
    assert menu_texts(window) == ["&File", "&Settings", "&Help"]
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_language_menu_switches_after_the_click(
    qtbot: QtBot, make_window: MakeWindow, services: Services, admin: Principal
) -> None:
    window = make_window(admin)
    language_menu = next(
        m for m in window.menuBar().findChildren(QMenu) if m.title() == "&Language"
    )
    chinese = next(a for a in language_menu.actions() if a.data() == "zh_CN")
    chinese.trigger()
    qtbot.waitUntil(lambda: i18n.current_language() == "zh_CN")
    assert services.settings.get().language == "zh_CN"


def test_other_roles_switch_language_for_this_session_only(
    make_window: MakeWindow, services: Services, aux: Principal
) -> None:
    stored = services.settings.get().language
    window = make_window(aux)
    window.set_language("zh_TW")
    assert i18n.current_language() == "zh_TW"
    assert services.settings.get().language == stored


def test_about_names_version_folders_and_qt(
    make_window: MakeWindow, admin: Principal, data_dir: Path
) -> None:
    window = make_window(admin)
    box = window.show_about()
    text = box.text()
    assert __version__ in text
    assert str(data_dir) in text
    assert "station_desk.sqlite3" in text
    assert "PySide6" in text and "Qt" in text


def test_sign_out_is_requested(qtbot: QtBot, make_window: MakeWindow, admin: Principal) -> None:
    window = make_window(admin)
    sign_out = next(a for a in menu_actions(window) if a.text() == "Sign &out")
    with qtbot.waitSignal(window.sign_out_requested):
        sign_out.trigger()


def test_home_cards_lead_to_duty_log_youth_and_attendance_review(
    qtbot: QtBot, make_window: MakeWindow, officer: Principal
) -> None:
    window = make_window(officer)
    home = window.pages["home"]
    assert isinstance(home, HomePage)
    home.open_duty_requested.emit()
    assert window.current_page_key() == "duty"
    home.open_record_requested.emit("meetings", "no-such-meeting")
    assert window.current_page_key() == "meetings"
    for box in window.findChildren(QMessageBox):  # "not found", said on the meetings page
        box.close()
    home.open_record_requested.emit("audit", "1")  # a row of an admin's page: not hers
    assert window.current_page_key() == "meetings"
    home.open_attendance_review_requested.emit()
    assert window.current_page_key() == "roster"
    reviews = [w for w in window.findChildren(QDialog) if w.isVisible()]
    assert len(reviews) == 1
    reviews[0].close()


def test_mediation_settings_are_for_admins(
    make_window: MakeWindow, admin: Principal, officer: Principal
) -> None:
    assert "&Mediation settings…" not in all_action_texts(make_window(officer))
    window = make_window(admin)
    (action,) = [a for a in menu_actions(window) if a.text() == "&Mediation settings…"]
    action.trigger()
    dialogs = [w for w in window.findChildren(QDialog) if w.isVisible()]
    assert [type(d).__name__ for d in dialogs] == ["MediationSettingsDialog"]
    dialogs[0].close()


def test_page_modules_are_imported_ahead_after_the_first_paint(
    qtbot: QtBot, services: Services, data_dir: Path, admin: Principal, monkeypatch: pytest.MonkeyPatch
) -> None:
    probe = "tests.ui.page_import_probe"
    monkeypatch.delitem(sys.modules, probe, raising=False)
    window = MainWindow(services, admin, data_dir)
    qtbot.addWidget(window)
    entry = PageEntry("probe", "Probe", "home", f"{probe}:ProbePage")
    window._entries = {"probe": entry, **window._entries}  # the first to be imported
    assert probe not in sys.modules
    window.show()
    qtbot.waitUntil(lambda: probe in sys.modules, timeout=3000)
    assert "probe" not in window.built  # imported, not built
