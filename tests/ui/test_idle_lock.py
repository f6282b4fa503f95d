"""The idle lock: covers the window and open forms, keeps what was typed, unlocks by password."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from station_desk.domain.accounts import Principal
from station_desk.domain.settings import RoomSettings
from station_desk.services.container import Services
from station_desk.ui.idle_lock import Curtain, IdleWatcher
from station_desk.ui.main_window import MainWindow
from tests.conftest import ADMIN_PASSWORD, OFFICER_PASSWORD
from tests.ui.helpers import MakeWindow, click

IDLE_MS = 300


def covered(widget: QWidget) -> bool:
    curtains = [c for c in widget.findChildren(Curtain) if c.parentWidget() is widget]
    return any(c.isVisible() and c.geometry() == widget.rect() for c in curtains)


def unlock_with(qtbot: QtBot, window: MainWindow, password: str) -> None:
    dialog = window.screen_lock.dialog
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, password)
    click(qtbot, dialog.unlock_button)
    # checked on a worker thread; the last wrong password closes (and deletes) the dialog
    qtbot.waitUntil(
        lambda: not shiboken6.isValid(dialog) or not dialog.checking(), timeout=30_000
    )


def test_idle_lock_keeps_the_open_form_and_unlocks(
    qtbot: QtBot, make_window: MakeWindow, officer: Principal
) -> None:
    window = make_window(officer, idle_timeout_ms=IDLE_MS)
    form = window.open_change_password()
    qtbot.keyClicks(form.old_password, "half-typed")

    qtbot.waitUntil(lambda: window.screen_lock.is_locked, timeout=3000)
    assert covered(window) and covered(form)
    assert window.screen_lock.dialog.isVisible()
    assert window.screen_lock.dialog.isModal()

    unlock_with(qtbot, window, "wrong-password")
    assert window.screen_lock.is_locked
    assert "attempts left" in window.screen_lock.dialog.error.text()

    unlock_with(qtbot, window, OFFICER_PASSWORD)
    window.idle.set_timeout(0)
    assert not window.screen_lock.is_locked
    assert not covered(window) and not covered(form)
    assert form.isVisible()
    assert form.old_password.text() == "half-typed"


def test_ctrl_l_locks_at_once_and_escape_does_not_unlock(
    qtbot: QtBot, make_window: MakeWindow, admin: Principal
) -> None:
    window = make_window(admin)
    qtbot.keyClick(window.nav, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.screen_lock.is_locked and covered(window)
    window.resize(1100, 700)
    qtbot.waitUntil(lambda: covered(window))
    qtbot.keyClick(window.screen_lock.dialog, Qt.Key.Key_Escape)
    assert window.screen_lock.is_locked and covered(window)
    unlock_with(qtbot, window, ADMIN_PASSWORD)
    assert not window.screen_lock.is_locked


def test_too_many_wrong_passwords_sign_out(
    qtbot: QtBot, make_window: MakeWindow, officer: Principal
) -> None:
    window = make_window(officer)
    window.lock_screen()
    for _attempt in range(4):
        unlock_with(qtbot, window, "wrong-password")
    with qtbot.waitSignal(window.sign_out_requested) as signal:
        unlock_with(qtbot, window, "wrong-password")
    assert "locked" in signal.args[0]
    assert not window.screen_lock.is_locked


def test_input_restarts_the_idle_timer(
    qtbot: QtBot, make_window: MakeWindow, admin: Principal
) -> None:
    window = make_window(admin, idle_timeout_ms=8 * IDLE_MS)
    home = window.pages["home"]
    qtbot.waitUntil(lambda: not home.reading(), timeout=30_000)  # no worker thread competing
    for _key in range(10):
        qtbot.wait(IDLE_MS)  # 10 × 300 ms in all, but never 2400 ms without a key
        qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    assert not window.screen_lock.is_locked
    window.idle.set_timeout(0)


def test_idle_minutes_are_reread_after_a_settings_change(
    make_window: MakeWindow, services: Services, admin: Principal
) -> None:
    window = make_window(admin)
    assert window.idle.timeout_ms() == services.settings.get().idle_lock_minutes * 60_000
    dialog = window.open_room_settings()
    dialog.idle_lock.setValue(0)
    dialog.accept()
    assert window.idle.timeout_ms() == 0
    stored: RoomSettings = services.settings.get()
    assert stored.idle_lock_minutes == 0


def test_watcher_with_zero_timeout_never_fires(qtbot: QtBot) -> None:
    watcher = IdleWatcher()
    fired: list[bool] = []
    watcher.idle.connect(lambda: fired.append(True))
    watcher.set_timeout(0)
    qtbot.wait(50)
    watcher.set_timeout(20)
    qtbot.waitUntil(lambda: fired == [True], timeout=1000)
    watcher.stop()
