"""The first-run wizard: filled in and finished it creates the admin; errors show at fields."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWizard
from pytestqt.qtbot import QtBot

from station_desk import i18n
from station_desk.errors import ValidationError
from station_desk.services.container import Services
from station_desk.ui.setup_wizard import SetupWizard
from tests.conftest import SETUP
from tests.ui.helpers import TypeText

PASSWORD = "Strong-pass-2026"


def open_wizard(qtbot: QtBot, services: Services) -> SetupWizard:
    wizard = SetupWizard(services)
    qtbot.addWidget(wizard)
    with qtbot.waitExposed(wizard):
        wizard.show()
    return wizard


def press(qtbot: QtBot, wizard: SetupWizard, which: QWizard.WizardButton) -> None:
    qtbot.mouseClick(wizard.button(which), Qt.MouseButton.LeftButton)


def fill_room(wizard: SetupWizard, type_text: TypeText) -> None:
    type_text(wizard.room_page.station_name, SETUP.station_name)
    type_text(wizard.room_page.room_name, SETUP.room_name)


def fill_officer(wizard: SetupWizard, type_text: TypeText, repeat: str = PASSWORD) -> None:
    page = wizard.officer_page
    type_text(page.officer_name, "张建国")
    type_text(page.badge_number, "010123")
    type_text(page.password, PASSWORD)
    type_text(page.repeat, repeat)


def go_to_officer_page(qtbot: QtBot, wizard: SetupWizard, type_text: TypeText) -> None:
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    fill_room(wizard, type_text)
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.officer_page


def test_finishing_the_wizard_creates_the_admin(
    qtbot: QtBot, fresh_services: Services, type_text: TypeText
) -> None:
    wizard = open_wizard(qtbot, fresh_services)
    go_to_officer_page(qtbot, wizard, type_text)
    assert wizard.officer_page.username.text() == "admin"
    fill_officer(wizard, type_text)
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.summary_page
    with qtbot.waitSignal(wizard.accepted):
        press(qtbot, wizard, QWizard.WizardButton.FinishButton)

    assert fresh_services.accounts.is_set_up()
    principal = fresh_services.accounts.authenticate("admin", PASSWORD)
    assert principal.display_name == "张建国"
    assert principal.role.value == "admin"
    assert wizard.principal is not None and wizard.principal.username == "admin"
    settings = fresh_services.settings.get()
    assert (settings.station_name, settings.room_name) == (SETUP.station_name, SETUP.room_name)


def test_empty_station_name_is_shown_at_its_field(
    qtbot: QtBot, fresh_services: Services, type_text: TypeText
) -> None:
    wizard = open_wizard(qtbot, fresh_services)
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.room_page
    assert "police station" in wizard.room_page.form.error_text("station_name")


def test_password_mismatch_and_shortness_are_shown_at_their_fields(
    qtbot: QtBot, fresh_services: Services, type_text: TypeText
) -> None:
    wizard = open_wizard(qtbot, fresh_services)
    go_to_officer_page(qtbot, wizard, type_text)
    fill_officer(wizard, type_text, repeat="Something-else-1")
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.officer_page
    assert "do not match" in wizard.officer_page.form.error_text("repeat")

    wizard.officer_page.password.setText("short")
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert "at least 8" in wizard.officer_page.form.error_text("password")
    assert wizard.officer_page.form.error_text("repeat") == ""
    assert not fresh_services.accounts.is_set_up()


def test_a_service_field_error_goes_back_to_its_page(
    qtbot: QtBot, fresh_services: Services, type_text: TypeText
) -> None:
    wizard = open_wizard(qtbot, fresh_services)
    go_to_officer_page(qtbot, wizard, type_text)
    fill_officer(wizard, type_text)
    press(qtbot, wizard, QWizard.WizardButton.NextButton)

    wizard.show_field_error(ValidationError("name", "Enter a name."))
    assert wizard.currentPage() is wizard.officer_page
    assert wizard.officer_page.form.error_text("officer_name") == "Enter a name."
    assert wizard.officer_page.officer_name.text() == "张建国"


def test_a_known_service_error_keeps_the_wizard_open(
    qtbot: QtBot, fresh_services: Services, type_text: TypeText
) -> None:
    wizard = open_wizard(qtbot, fresh_services)
    go_to_officer_page(qtbot, wizard, type_text)
    fill_officer(wizard, type_text)
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    fresh_services.accounts.complete_setup(SETUP)  # set up meanwhile by someone else

    press(qtbot, wizard, QWizard.WizardButton.FinishButton)
    box = wizard.findChild(QMessageBox)
    assert box is not None and "already set up" in box.text()
    assert wizard.isVisible() and wizard.principal is None


def test_choosing_a_language_retranslates_the_wizard(
    qtbot: QtBot, fresh_services: Services, type_text: TypeText
) -> None:
    wizard = open_wizard(qtbot, fresh_services)
    english_next = wizard.buttonText(QWizard.WizardButton.NextButton)
    combo = wizard.language_page.combo

    combo.setCurrentIndex(combo.findData("zh_TW"))
    assert i18n.current_language() == "zh_TW"
    assert wizard.buttonText(QWizard.WizardButton.NextButton) != english_next  # Qt's catalog
    assert wizard.windowTitle() == i18n._("Station Desk — first-run setup")

    combo.setCurrentIndex(combo.findData("en"))
    assert wizard.buttonText(QWizard.WizardButton.NextButton) == english_next
    assert wizard.setup_data().language == "en"
