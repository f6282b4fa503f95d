"""All services of one open database, built by the composition root from the modules'
declarations (`station_desk/modules.py`); the annotations give them their types.

Each service is built (and its module imported) when first used, then kept: a command that
needs one service (`station-desk backup`) does not import the other twenty-odd modules
(0.24 s). The window imports them all on a worker thread while the sign-in waits for a
password (`warm_up`, from `ui/preload.py`), so building one there costs no import.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from station_desk.modules import MODULES, resolve

if TYPE_CHECKING:
    from station_desk.db.database import Database
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


def service_factories() -> dict[str, str]:
    """Every module's services: attribute name -> "package.module:factory"."""
    return {name: path for module in MODULES for name, path in module.services.items()}


class Services:
    """The services of `db`, each built once, when first used (a service that needs another
    gets it from the same container)."""

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

    def __init__(self, db: Database) -> None:
        self.db = db
        self._factories = service_factories()
        self._building = threading.RLock()  # worker threads may ask for the same service

    @classmethod
    def for_database(cls, db: Database) -> Services:
        """Every module's services (`station_desk.modules`), each built when first used."""
        return cls(db)

    if not TYPE_CHECKING:  # the annotations above are what the type checker sees

        def __getattr__(self, name: str) -> Any:
            """Build the service `name` (only called while it is not built yet)."""
            factories = self.__dict__.get("_factories")
            if factories is None or name not in factories:
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
            with self._building:
                if name not in self.__dict__:
                    factory = resolve(factories[name])
                    self.__dict__[name] = (
                        factory(self.db)
                        if isinstance(factory, type)
                        else factory(self.db, lambda other: getattr(self, other))
                    )
            return self.__dict__[name]

    def close(self) -> None:
        self.db.close()


def warm_up() -> None:
    """Import every service module and finish what SQLAlchemy otherwise does at the first
    query (configuring the mappers of every model), so that it can be done on a worker thread
    before the database opens (`ui/preload.py`, while the sign-in window waits for a
    password)."""
    import sqlalchemy.dialects.sqlite  # noqa: F401 - loaded by the first engine otherwise
    from sqlalchemy.orm import configure_mappers

    import station_desk.db.database  # noqa: F401 - what every service stands on

    for path in service_factories().values():
        resolve(path)
    configure_mappers()
