"""Room settings (设置, admin only): station and room names, idle lock, language."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from station_desk import i18n
from station_desk.domain.accounts import Principal
from station_desk.domain.settings import RoomSettings
from station_desk.i18n import N_, _
from station_desk.services.container import Services
from station_desk.ui.widgets.fields import DataChoiceField, LineField, NumberField
from station_desk.ui.widgets.forms import FormDialog

MAX_IDLE_LOCK_MINUTES = 240


class RoomSettingsDialog(FormDialog):
    """Edits the room's settings; `saved` holds what was stored after OK."""

    station_name = LineField(N_("Police station:"))
    room_name = LineField(N_("Police room:"))
    idle_lock = NumberField(
        N_("Lock the screen after:"),
        maximum=MAX_IDLE_LOCK_MINUTES,
        suffix=N_(" min. without input"),
        special=N_("Never"),
        key="idle_lock_minutes",
    )
    language = DataChoiceField(N_("Language:"))

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
        for code in i18n.SUPPORTED_LANGUAGES:
            self.language.addItem(i18n.LANGUAGE_NAMES[code], code)
        self.show_record(current)

    def settings(self) -> RoomSettings:
        return self.new_record(RoomSettings)

    def save(self) -> None:
        self.saved = self._services.settings.update(self._principal, self.settings())
