"""The first-run setup wizard (首次设置): language, station and room, the officer's account.

Finishing it stores the room settings and creates the officer as the first administrator in
one service call. Choosing a language on the first page re-translates the wizard at once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from station_desk import i18n
from station_desk.domain.accounts import Principal, check_new_password, check_username
from station_desk.domain.settings import RoomSettings, SetupData
from station_desk.domain.validators import normalise_person_name
from station_desk.errors import StationDeskError, ValidationError
from station_desk.i18n import N_, _
from station_desk.services.container import Services
from station_desk.ui.errors import show_error
from station_desk.ui.icons import icon
from station_desk.ui.language import apply_language
from station_desk.ui.widgets.forms import FieldForm, check_repeat, password_edit

DEFAULT_USERNAME = "admin"


class _FormPage(QWizardPage):
    """A wizard page holding one FieldForm below an explanation; its texts (message ids) are
    `texts` (title, subtitle, explanation) and `labels` (the field's key, its label)."""

    texts: tuple[str, str, str] = ("", "", "")
    labels: tuple[tuple[str, str], ...] = ()

    def __init__(self) -> None:
        super().__init__()
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.form = FieldForm()
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addStretch(1)

    def retranslate(self) -> None:
        title, subtitle, intro = self.texts
        self.setTitle(_(title))
        self.setSubTitle(_(subtitle))
        self.intro.setText(_(intro))
        for key, label in self.labels:
            self.form.set_label(key, _(label))

    def cleanupPage(self) -> None:
        """Keep what was typed when the officer goes back (Qt would reset it)."""


class LanguagePage(_FormPage):
    language_chosen = Signal(str)
    texts = (
        N_("Welcome to Station Desk"),
        N_("A few questions set up this police room's workstation."),
        N_("Choose the language of the program. An administrator can change it later."),
    )
    labels = (("language", N_("Language:")),)

    def __init__(self) -> None:
        super().__init__()
        self.combo = QComboBox()
        for code in i18n.SUPPORTED_LANGUAGES:
            self.combo.addItem(i18n.LANGUAGE_NAMES[code], code)
        self.combo.setCurrentIndex(self.combo.findData(i18n.current_language()))
        self.combo.currentIndexChanged.connect(lambda: self.language_chosen.emit(self.language()))
        self.form.add_field("language", self.combo)

    def language(self) -> str:
        return str(self.combo.currentData())


class RoomPage(_FormPage):
    texts = (
        N_("Station and police room"),
        N_("These names head every page and printout."),
        N_("For example: 和平里派出所 and 和平里社区警务室."),
    )
    labels = (("station_name", N_("Police station:")), ("room_name", N_("Police room:")))

    def __init__(self) -> None:
        super().__init__()
        self.station_name = self.form.add_field("station_name", QLineEdit())
        self.room_name = self.form.add_field("room_name", QLineEdit())

    def validatePage(self) -> bool:
        return self.form.attempt(
            lambda: RoomSettings(self.station_name.text(), self.room_name.text()).validated()
        )


class OfficerPage(_FormPage):
    texts = (
        N_("The community police officer"),
        N_("The officer becomes the administrator of this workstation."),
        N_("Choose a password of at least 8 characters and keep it to yourself."),
    )
    labels = (
        ("officer_name", N_("Officer's name:")),
        ("badge_number", N_("Badge number:")),
        ("username", N_("User name:")),
        ("password", N_("Password:")),
        ("repeat", N_("Password again:")),
    )

    def __init__(self) -> None:
        super().__init__()
        self.officer_name = self.form.add_field("officer_name", QLineEdit(), "name", "display_name")
        self.badge_number = self.form.add_field("badge_number", QLineEdit())
        self.username = self.form.add_field("username", QLineEdit(DEFAULT_USERNAME))
        self.password = self.form.add_field("password", password_edit())
        self.repeat = self.form.add_field("repeat", password_edit())

    def validatePage(self) -> bool:
        return self.form.attempt(self._check)

    def _check(self) -> None:
        normalise_person_name(self.officer_name.text(), field="officer_name")
        check_username(self.username.text())
        check_new_password(self.password.text())
        check_repeat(self.password.text(), self.repeat.text())


class SummaryPage(QWizardPage):
    """What will be saved, to read over before finishing."""

    def __init__(self, read: Callable[[], SetupData]) -> None:
        super().__init__()
        self._read = read
        self._values = QFormLayout(self)

    def retranslate(self) -> None:
        self.setTitle(_("Ready to start"))
        self.setSubTitle(_("Check these details, then press Finish."))
        self.initializePage()

    def initializePage(self) -> None:
        data = self._read()
        while self._values.rowCount():
            self._values.removeRow(0)
        for label, value in (
            (_("Language:"), i18n.LANGUAGE_NAMES.get(data.language, data.language)),
            (_("Police station:"), data.station_name),
            (_("Police room:"), data.room_name),
            (_("Officer's name:"), data.officer_name),
            (_("Badge number:"), data.badge_number),
            (_("User name:"), data.username),
        ):
            self._values.addRow(label, QLabel(value))


class SetupWizard(QWizard):
    """Collects `SetupData` and calls `complete_setup`; `principal` is the new admin."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.principal: Principal | None = None
        self.language_page = LanguagePage()
        self.room_page = RoomPage()
        self.officer_page = OfficerPage()
        self.summary_page = SummaryPage(self.setup_data)
        for page in self._pages():
            self.addPage(page)
        self.language_page.language_chosen.connect(self.change_language)
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setWindowIcon(icon("app"))
        self.setPixmap(QWizard.WizardPixmap.LogoPixmap, icon("app").pixmap(48, 48))
        self.setMinimumSize(640, 480)
        self.retranslate()

    def _pages(self) -> tuple[LanguagePage, RoomPage, OfficerPage, SummaryPage]:
        return self.language_page, self.room_page, self.officer_page, self.summary_page

    def change_language(self, language: str) -> None:
        apply_language(QApplication.instance(), language)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Station Desk — first-run setup"))
        for page in self._pages():
            page.retranslate()

    def setup_data(self) -> SetupData:
        return SetupData(
            station_name=self.room_page.station_name.text(),
            room_name=self.room_page.room_name.text(),
            officer_name=self.officer_page.officer_name.text(),
            badge_number=self.officer_page.badge_number.text(),
            username=self.officer_page.username.text(),
            password=self.officer_page.password.text(),
            language=self.language_page.language(),
        )

    def accept(self) -> None:
        try:
            self.principal = self._services.accounts.complete_setup(self.setup_data())
        except ValidationError as exc:
            self.show_field_error(exc)
            return
        except StationDeskError as exc:
            show_error(self, exc)
            return
        super().accept()

    def show_field_error(self, error: ValidationError) -> None:
        for page_id in self.pageIds():
            page = self.page(page_id)
            if isinstance(page, _FormPage) and page.form.knows(error.field):
                while self.currentId() != page_id:
                    self.back()
                page.form.show_error(error.field, error.message)
                return
        show_error(self, error)
