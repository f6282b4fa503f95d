"""Room settings (设置, admin only): station and room names, idle lock, language."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox, QWidget

from station_desk import i18n
from station_desk.domain.accounts import Principal
from station_desk.domain.settings import RoomSettings
from station_desk.i18n import _
from station_desk.services.container import Services
from station_desk.ui.widgets.forms import FormDialog

MAX_IDLE_LOCK_MINUTES = 240


def language_combo(current: str) -> QComboBox:
    combo = QComboBox()
    for code in i18n.SUPPORTED_LANGUAGES:
        combo.addItem(i18n.LANGUAGE_NAMES[code], code)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


class RoomSettingsDialog(FormDialog):
    """Edits the room's settings; `saved` holds what was stored after OK."""

    def __init__(
        self,
        services: Services,
        principal: Principal,
        current: RoomSettings,
        parent: QWidget | None = None,
    ):
        super().__init__(_("Room settings"), parent)
        self._services = services
        self._principal = principal
        self.saved: RoomSettings | None = None
        self.station_name = self.form.add_field("station_name", QLineEdit(current.station_name))
        self.room_name = self.form.add_field("room_name", QLineEdit(current.room_name))
        self.idle_lock = self.form.add_field("idle_lock_minutes", self._idle_spin(current))
        self.language = self.form.add_field("language", language_combo(current.language))
        for key, text in (
            ("station_name", _("Police station:")),
            ("room_name", _("Police room:")),
            ("idle_lock_minutes", _("Lock the screen after:")),
            ("language", _("Language:")),
        ):
            self.form.set_label(key, text)

    @staticmethod
    def _idle_spin(current: RoomSettings) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(0, MAX_IDLE_LOCK_MINUTES)
        spin.setSuffix(_(" min. without input"))
        spin.setSpecialValueText(_("Never"))
        spin.setValue(current.idle_lock_minutes)
        return spin

    def settings(self) -> RoomSettings:
        return RoomSettings(
            station_name=self.station_name.text(),
            room_name=self.room_name.text(),
            language=str(self.language.currentData()),
            idle_lock_minutes=self.idle_lock.value(),
        )

    def save(self) -> None:
        self.saved = self._services.settings.update(self._principal, self.settings())
