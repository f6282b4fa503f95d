"""All services of one open database, built once by the composition root."""

from __future__ import annotations

from dataclasses import dataclass

from station_desk.db.database import Database
from station_desk.services.accounts import AccountService
from station_desk.services.audit import AuditService
from station_desk.services.contacts import ContactService
from station_desk.services.home import HomeService
from station_desk.services.meetings import MeetingService
from station_desk.services.settings import SettingsService


@dataclass
class Services:
    db: Database
    accounts: AccountService
    settings: SettingsService
    audit: AuditService
    home: HomeService
    contacts: ContactService
    meetings: MeetingService

    @classmethod
    def for_database(cls, db: Database) -> Services:
        meetings = MeetingService(db)
        return cls(
            db=db,
            accounts=AccountService(db),
            settings=SettingsService(db),
            audit=AuditService(db),
            home=HomeService(db, meetings),
            contacts=ContactService(db),
            meetings=meetings,
        )

    def close(self) -> None:
        self.db.close()
