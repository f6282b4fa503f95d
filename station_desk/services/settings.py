"""Room settings (设置): read by everyone, changed by an admin; every change is audited."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from dataclasses import asdict, fields
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_desk.db.database import Database
from station_desk.db.models import Setting
from station_desk.domain.accounts import Principal
from station_desk.domain.roles import Permission
from station_desk.domain.settings import RoomSettings
from station_desk.errors import StationDeskError
from station_desk.services.guard import require

SETUP_DONE_KEY = "setup_done"

if TYPE_CHECKING:  # reportlab is imported only when a document is built
    from station_desk.reports.base import DocumentContext


def read_settings(session: Session) -> RoomSettings:
    stored = {row.key: json.loads(row.value) for row in session.scalars(select(Setting))}
    known = {f.name for f in fields(RoomSettings)}
    return RoomSettings(**{k: v for k, v in stored.items() if k in known})


def write_settings(session: Session, settings: RoomSettings) -> None:
    """Store the settings; the audit hook records each value that changed."""
    for key, value in asdict(settings).items():
        set_flag(session, key, value)


def set_flag(session: Session, key: str, value: Any) -> None:
    text = json.dumps(value, ensure_ascii=False)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=text))
    elif row.value != text:
        row.value = text


def get_flag(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(Setting, key)
    return default if row is None else json.loads(row.value)


class SettingsService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self) -> RoomSettings:
        with self.db.session() as session:
            return read_settings(session)

    def update(self, actor: Principal, settings: RoomSettings) -> RoomSettings:
        require(self.db, actor, Permission.MANAGE_SETTINGS, "settings")
        settings = settings.validated()
        with self.db.session(actor) as session:
            write_settings(session, settings)
        self._label_key_file(settings)
        return settings

    def _label_key_file(self, settings: RoomSettings) -> None:
        """The sign-in window shows the room's name before the database opens: keep the copy
        in the key file current (a failure here costs nothing but the label)."""
        from station_desk.db.keyslots import KeySlots

        if self.db.key is None or self.db.data_dir is None:
            return
        with contextlib.suppress(StationDeskError, OSError):
            slots = KeySlots.load(self.db.data_dir)
            if slots is not None:
                label = slots.with_room(settings.room_name, settings.station_name, settings.language)
                label.save(self.db.data_dir)


def document_context(
    db: Database,
    actor: Principal,
    now: Callable[[], datetime],
    language: str,
    show_full_ids: bool = False,
    sealed: bool = False,
) -> DocumentContext:
    """Who prints, where and when (and the room's names), for a document of any module; an
    empty `language` is the current one."""
    from station_desk.i18n import current_language
    from station_desk.reports.base import DocumentContext

    with db.session(actor) as session:
        settings = read_settings(session)
    return DocumentContext(
        station_name=settings.station_name,
        room_name=settings.room_name,
        printed_by=actor.display_name,
        printed_at=now().astimezone(),
        language=language or current_language(),
        show_full_ids=show_full_ids,
        sealed=sealed,
    )
