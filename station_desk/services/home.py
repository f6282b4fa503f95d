"""The home page summary (首页): station and room, who is on duty, today's counts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from sqlalchemy import func, select

from station_desk.db.database import Database
from station_desk.db.models import AuditRecord, User
from station_desk.db.models.base import utcnow
from station_desk.domain.accounts import Principal
from station_desk.i18n import N_
from station_desk.services.settings import read_settings


@dataclass(frozen=True)
class HomeCounter:
    """One figure on the home page; `label` is an untranslated message id."""

    key: str
    label: str
    value: int
    warn: bool = False


@dataclass(frozen=True)
class HomeSummary:
    station_name: str
    room_name: str
    officer: str
    today: date
    counters: list[HomeCounter] = field(default_factory=list)


class HomeService:
    def __init__(self, db: Database, now: Callable[[], datetime] = utcnow) -> None:
        self.db = db
        self.now = now

    def summary(self, actor: Principal) -> HomeSummary:
        today = self.now().astimezone().date()
        start = datetime.combine(today, time.min).astimezone().astimezone(UTC)
        with self.db.session() as session:
            settings = read_settings(session)
            active = session.scalar(select(func.count()).select_from(User).where(User.active))
            events = session.scalar(
                select(func.count()).select_from(AuditRecord).where(AuditRecord.at >= start)
            )
        counters = [
            HomeCounter("active_accounts", N_("Active accounts"), active or 0),
            HomeCounter("audit_today", N_("Audit entries today"), events or 0),
        ]
        return HomeSummary(settings.station_name, settings.room_name, actor.display_name, today, counters)
