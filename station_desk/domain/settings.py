"""Room-wide settings (设置) and the facts asked for by the first-run setup wizard."""

from __future__ import annotations

from dataclasses import dataclass

from station_desk.errors import ValidationError
from station_desk.i18n import SUPPORTED_LANGUAGES, _

DEFAULT_IDLE_LOCK_MINUTES = 5


@dataclass(frozen=True)
class RoomSettings:
    station_name: str = ""
    room_name: str = ""
    language: str = "zh_CN"
    idle_lock_minutes: int = DEFAULT_IDLE_LOCK_MINUTES

    def validated(self) -> RoomSettings:
        station = self.station_name.strip()
        room = self.room_name.strip()
        if not station:
            raise ValidationError("station_name", _("Enter the name of the police station."))
        if not room:
            raise ValidationError("room_name", _("Enter the name of the police room."))
        if len(station) > 60 or len(room) > 60:
            raise ValidationError("room_name", _("Names are limited to 60 characters."))
        if self.language not in SUPPORTED_LANGUAGES:
            raise ValidationError("language", _("This language is not available."))
        if not (0 <= self.idle_lock_minutes <= 240):
            raise ValidationError(
                "idle_lock_minutes", _("The idle lock must be between 0 (off) and 240 minutes.")
            )
        return RoomSettings(station, room, self.language, self.idle_lock_minutes)


@dataclass(frozen=True)
class SetupData:
    """What the first-run wizard collects; the officer becomes the first admin account."""

    station_name: str
    room_name: str
    officer_name: str
    badge_number: str
    username: str
    password: str
    language: str = "zh_CN"
