"""Room settings and the own-password dialog: saved through the services, errors at fields."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from station_desk import i18n
from station_desk.domain.accounts import Principal
from station_desk.services.container import Services
from station_desk.ui.home_page import HomePage
from tests.conftest import OFFICER_PASSWORD
from tests.ui.helpers import MakeWindow, TypeText

NEW_PASSWORD = "Fresh-officer-77"


def test_room_settings_are_saved_and_shown(
    qtbot: QtBot,
    make_window: MakeWindow, services: Services, admin: Principal, type_text: TypeText
) -> None:
    window = make_window(admin)
    dialog = window.open_room_settings()
    dialog.room_name.clear()
    type_text(dialog.room_name, "安华里社区警务室")
    dialog.idle_lock.setValue(15)
    dialog.accept()

    stored = services.settings.get()
    assert (stored.room_name, stored.idle_lock_minutes) == ("安华里社区警务室", 15)
    assert "安华里社区警务室" in window.windowTitle()
    assert window.idle.timeout_ms() == 15 * 60_000
    home = window.pages["home"]
    assert isinstance(home, HomePage)
    qtbot.waitUntil(lambda: home.room.text() == "安华里社区警务室", timeout=30_000)


def test_room_settings_show_errors_at_the_field(
    make_window: MakeWindow, services: Services, admin: Principal
) -> None:
    window = make_window(admin)
    dialog = window.open_room_settings()
    dialog.station_name.clear()
    dialog.accept()
    assert dialog.isVisible()
    assert "police station" in dialog.form.error_text("station_name")
    assert services.settings.get().station_name != ""


def test_changing_language_in_room_settings_rebuilds(
    make_window: MakeWindow, services: Services, admin: Principal
) -> None:
    window = make_window(admin)
    dialog = window.open_room_settings()
    dialog.language.setCurrentIndex(dialog.language.findData("zh_TW"))
    dialog.accept()
    assert i18n.current_language() == "zh_TW"
    assert services.settings.get().language == "zh_TW"


def test_change_password_checks_each_field(
    qtbot: QtBot, make_window: MakeWindow, services: Services, officer: Principal
) -> None:
    window = make_window(officer)
    dialog = window.open_change_password()
    qtbot.keyClicks(dialog.old_password, "not-my-password")
    qtbot.keyClicks(dialog.new_password, NEW_PASSWORD)
    qtbot.keyClicks(dialog.repeat, NEW_PASSWORD + "x")
    dialog.accept()
    assert "do not match" in dialog.form.error_text("repeat")

    dialog.repeat.setText(NEW_PASSWORD)
    dialog.accept()
    assert "current password is wrong" in dialog.form.error_text("old_password")

    dialog.old_password.setText(OFFICER_PASSWORD)
    dialog.accept()
    assert not dialog.isVisible()
    assert services.accounts.authenticate("officer", NEW_PASSWORD).username == "officer"
    assert window.statusBar().currentMessage() == "Your password was changed."
