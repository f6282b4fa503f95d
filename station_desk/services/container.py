"""All services of one open database, built once by the composition root."""

from __future__ import annotations

from dataclasses import dataclass

from station_desk.db.database import Database
from station_desk.services.accounts import AccountService
from station_desk.services.audit import AuditService
from station_desk.services.backup import BackupService
from station_desk.services.contacts import ContactService
from station_desk.services.duty import DutyService
from station_desk.services.export import ExportService
from station_desk.services.home import HomeService
from station_desk.services.mediation import MediationService
from station_desk.services.meetings import MeetingService
from station_desk.services.printing import PrintService
from station_desk.services.rosters import RosterService
from station_desk.services.settings import SettingsService
from station_desk.services.volunteer_import import VolunteerImportService
from station_desk.services.volunteers import VolunteerService
from station_desk.services.youth import YouthService


@dataclass
class Services:
    db: Database
    accounts: AccountService
    settings: SettingsService
    audit: AuditService
    home: HomeService
    contacts: ContactService
    meetings: MeetingService
    mediation: MediationService
    printing: PrintService
    backup: BackupService
    export: ExportService
    volunteers: VolunteerService
    rosters: RosterService
    duty: DutyService
    volunteer_import: VolunteerImportService
    youth: YouthService

    @classmethod
    def for_database(cls, db: Database) -> Services:
        volunteers = VolunteerService(db)
        meetings = MeetingService(db, volunteer_candidates=volunteers.attendee_candidates)
        mediation, rosters, duty = MediationService(db), RosterService(db), DutyService(db)
        youth = YouthService(db)
        return cls(
            db=db,
            accounts=AccountService(db),
            settings=SettingsService(db),
            audit=AuditService(db),
            home=HomeService(
                db, meetings, mediation=mediation, duty=duty, rosters=rosters, youth=youth
            ),
            contacts=ContactService(db),
            meetings=meetings,
            mediation=mediation,
            printing=PrintService(db, meetings),
            backup=BackupService(db),
            export=ExportService(db),
            volunteers=volunteers,
            rosters=rosters,
            duty=duty,
            volunteer_import=VolunteerImportService(db),
            youth=youth,
        )

    def close(self) -> None:
        self.db.close()
