"""All services of one open database, built once by the composition root from the modules'
declarations (`station_desk/modules.py`); the fields give them their types."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from station_desk.db.database import Database
from station_desk.modules import MODULES, resolve
from station_desk.services.accounts import AccountService
from station_desk.services.audit import AuditService
from station_desk.services.backup import BackupService
from station_desk.services.briefings import BriefingService
from station_desk.services.charts import ChartService
from station_desk.services.contacts import ContactService
from station_desk.services.duty import DutyService
from station_desk.services.export import ExportService
from station_desk.services.home import HomeService
from station_desk.services.mediation import MediationService
from station_desk.services.meeting_documents import MeetingDocumentService
from station_desk.services.meeting_reviews import MeetingReviewService
from station_desk.services.meetings import MeetingService
from station_desk.services.opinions import OpinionService
from station_desk.services.people import PersonService
from station_desk.services.reception import ReceptionService
from station_desk.services.rosters import RosterService
from station_desk.services.search import SearchService
from station_desk.services.settings import SettingsService
from station_desk.services.volunteer_import import VolunteerImportService
from station_desk.services.volunteers import VolunteerService
from station_desk.services.work_reports import WorkReportService
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
    meeting_documents: MeetingDocumentService
    backup: BackupService
    export: ExportService
    volunteers: VolunteerService
    rosters: RosterService
    duty: DutyService
    volunteer_import: VolunteerImportService
    youth: YouthService
    reception: ReceptionService
    opinions: OpinionService
    search: SearchService
    charts: ChartService
    people: PersonService
    work_reports: WorkReportService
    briefings: BriefingService
    meeting_reviews: MeetingReviewService

    @classmethod
    def for_database(cls, db: Database) -> Services:
        """Every module's services (`station_desk.modules`), each built once; a service that
        needs another gets it from the same container."""
        factories = {name: path for module in MODULES for name, path in module.services.items()}
        built: dict[str, Any] = {}

        def service(name: str) -> Any:
            if name not in built:
                factory = resolve(factories[name])
                built[name] = factory(db) if isinstance(factory, type) else factory(db, service)
            return built[name]

        return cls(db=db, **{name: service(name) for name in factories})

    def close(self) -> None:
        self.db.close()


def warm_up() -> None:
    """Finish what SQLAlchemy otherwise does at the first query (configuring the mappers of
    every model), so that it can be done on a worker thread before the database opens
    (`ui/preload.py`, while the sign-in window waits for a password)."""
    import sqlalchemy.dialects.sqlite  # noqa: F401 - loaded by the first engine otherwise
    from sqlalchemy.orm import configure_mappers

    configure_mappers()
