"""The modules of Station Desk (业务模块), each declared once.

A `Module` says what the rest of the program needs to know about one area of work: its pages
in the main window (title, icon, who may open them), its services in the container, its
figures on the home page, its `station-desk list` kinds, its files in a USB export and its
demo generator. The main window, the service container, the CLI, the export and the demo read
`MODULES` — adding a module means writing its own files (domain, db, services, reports, ui)
and adding its `Module` here (and its typed attribute on `Services`).

Code is named as "package.module:name" and imported only when used (`resolve`), so that
reading this list imports neither the database layers nor Qt: `station-desk --version` stays
fast, and the layers stay apart (the services never import the screens).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from station_desk import documents
from station_desk.documents import DocumentKind
from station_desk.domain.roles import Permission
from station_desk.i18n import N_

if TYPE_CHECKING:
    from station_desk.domain.accounts import Principal
    from station_desk.services.container import Services


def resolve(path: str) -> Any:
    """The object named "package.module:name" (imported now)."""
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


@dataclass(frozen=True)
class PageEntry:
    """A page in the main window's navigation: `widget(services, principal)` builds it."""

    key: str
    title: str  # message id
    icon: str  # a name in ui/icons.py
    widget: str  # "station_desk.ui.<module>.page:<Page class>"
    permission: Permission | None = None  # None: every signed-in user


@dataclass(frozen=True)
class ListKind:
    """One kind of `station-desk list KIND`: what it shows and how to fetch it for a user.

    `fetch(services, principal)` returns DTOs (dataclasses) or dicts; the service checks the
    user's permission and audits the read, as it does for the window. `columns` are the fields
    the text table shows; `--json` gives every field.
    """

    help: str  # message id, translated when the parser is built
    fetch: Callable[[Services, Principal], Sequence[Any]]
    columns: tuple[str, ...]


@dataclass(frozen=True)
class ExportEntry:
    """Files a module adds to every USB export: `producer(context)` yields them."""

    kind: str  # "documents" (PDF) or "registers" (.xlsx)
    label: str  # message id
    producer: str  # "package.module:function"


@dataclass(frozen=True)
class Module:
    """One area of work. `services` maps each attribute of `Services` to its class (built with
    the database) or to a factory `(db, service) -> service`, where `service(name)` gives
    another service of the same container."""

    key: str
    pages: tuple[PageEntry, ...] = ()
    services: Mapping[str, str] = field(default_factory=dict)
    home_counters: str = ""  # "package.module:function(home, actor, today) -> [HomeCounter]"
    home_place: int = 0  # where its figures stand on the home page (lower first)
    lists: Mapping[str, ListKind] = field(default_factory=dict)
    documents: tuple[DocumentKind, ...] = ()  # what it prints (`station_desk/documents.py`)
    exports: tuple[ExportEntry, ...] = ()
    demo: str = ""  # "package.module:generate(services, admin, rng, scale) -> records made"
    demo_place: int = 0  # when its generator runs (a later one may use earlier records)
    search: tuple[str, ...] = ()  # "package.module:SOURCE" (`db/search_index.SearchSource`)


def pages() -> list[PageEntry]:
    return [page for module in MODULES for page in module.pages]


def document_kinds() -> dict[str, DocumentKind]:
    return {kind.name: kind for module in MODULES for kind in module.documents}


def list_kinds() -> dict[str, ListKind]:
    return {name: kind for module in MODULES for name, kind in module.lists.items()}


def in_order(place: Callable[[Module], int], wanted: Callable[[Module], object]) -> list[Module]:
    """The modules that have `wanted`, ordered by `place` (then as listed)."""
    return sorted((module for module in MODULES if wanted(module)), key=place)


def _cases(services: Services, user: Principal) -> Sequence[Any]:
    from station_desk.domain.mediation import CaseQuery

    return services.mediation.list_cases(user, CaseQuery())


def _meetings(services: Services, user: Principal) -> Sequence[Any]:
    from station_desk.domain.meetings import MeetingQuery

    return services.meetings.list_meetings(user, MeetingQuery())


HOME = Module(
    "home",
    pages=(PageEntry("home", N_("Home"), "home", "station_desk.ui.home_page:HomePage"),),
    services={
        "home": "station_desk.services.home:home_service",
        "search": "station_desk.services.search:SearchService",
        "charts": "station_desk.services.charts:chart_service",
        "people": "station_desk.services.people:person_service",
    },
)

MEDIATION = Module(
    "mediation",
    pages=(
        PageEntry(
            "mediation", N_("Mediation"), "mediation", "station_desk.ui.mediation.page:MediationPage"
        ),
    ),
    services={"mediation": "station_desk.services.mediation:MediationService"},
    home_counters="station_desk.services.home:mediation_counters",
    home_place=3,
    lists={
        "mediation": ListKind(
            N_("mediation cases, newest first (the latest 500)"),
            _cases,
            ("id", "case_number", "received_on", "title", "party_names", "status", "days_left"),
        )
    },
    documents=(documents.AGREEMENT, documents.MEDIATION_RECORD, documents.MEDIATION_REGISTER),
    exports=(
        ExportEntry(
            "documents", N_("Mediation register"), "station_desk.services.export:mediation_register_pdf"
        ),
        ExportEntry(
            "registers", N_("Mediation register"), "station_desk.services.export:mediation_register_xlsx"
        ),
    ),
    demo="station_desk.demo.mediation:generate_mediation",
    search=("station_desk.db.search_sources:MEDIATION",),
)

YOUTH = Module(
    "youth",
    pages=(
        PageEntry(  # sealed records: not even named to auxiliary police
            "youth",
            N_("Youth guidance"),
            "youth",
            "station_desk.ui.youth.page:YouthPage",
            Permission.SEALED_RECORDS,
        ),
    ),
    services={"youth": "station_desk.services.youth:YouthService"},
    home_counters="station_desk.services.home:youth_counters",
    home_place=4,
    lists={
        "youth": ListKind(
            N_("youth-guidance subjects you may see (sealed: names masked, no ID numbers)"),
            lambda services, user: services.youth.list_subjects(user),
            ("id", "masked_name", "age", "group", "risk_grade", "status", "next_due", "officer_name"),
        )
    },
    documents=(documents.YOUTH_FILE, documents.YOUTH_SESSION_RECORD, documents.YOUTH_STATISTICS),
    demo="station_desk.demo.youth:generate_youth",
    demo_place=1,  # last: draws team members from the contacts and the volunteers
    search=("station_desk.db.search_sources:YOUTH",),
)

MEETINGS = Module(
    "meetings",
    pages=(
        PageEntry("meetings", N_("Meetings"), "meetings", "station_desk.ui.meetings.page:MeetingsPage"),
        PageEntry(
            "actions", N_("Action items"), "actions", "station_desk.ui.meetings.actions_page:ActionsPage"
        ),
    ),
    services={
        "meetings": "station_desk.services.meetings:meeting_service",
        "meeting_documents": "station_desk.services.meeting_documents:meeting_document_service",
    },
    home_counters="station_desk.services.home:meeting_counters",
    home_place=2,
    lists={
        "meetings": ListKind(
            N_("meetings, newest first (the latest 500)"),
            _meetings,
            ("id", "starts_at", "meeting_type", "title", "place", "host", "status"),
        )
    },
    documents=(documents.MINUTES, documents.SIGN_IN),
    exports=(
        ExportEntry("documents", N_("Meeting minutes"), "station_desk.services.export:meeting_minutes"),
    ),
    demo="station_desk.demo.meetings:generate_meetings",
    search=("station_desk.db.search_sources:MEETINGS",),
)

VOLUNTEERS = Module(
    "volunteers",
    pages=(
        PageEntry(
            "volunteers", N_("Volunteers"), "volunteers", "station_desk.ui.volunteers.page:VolunteersPage"
        ),
        PageEntry("roster", N_("Patrol roster"), "roster", "station_desk.ui.roster.page:RosterPage"),
    ),
    services={
        "volunteers": "station_desk.services.volunteers:VolunteerService",
        "rosters": "station_desk.services.rosters:RosterService",
        "volunteer_import": "station_desk.services.volunteer_import:VolunteerImportService",
    },
    home_counters="station_desk.services.home:volunteer_counters",
    home_place=4,
    lists={
        "volunteers": ListKind(
            N_("volunteers of the patrol teams (the first 500)"),
            lambda services, user: services.volunteers.search(user),
            ("name", "team_name", "role", "status", "phone", "join_date", "insurance_until"),
        )
    },
    documents=(documents.WEEKLY_ROSTER, documents.VOLUNTEER_HOURS, documents.ROSTER_LIST),
    exports=(
        ExportEntry(
            "registers",
            N_("Volunteer roster list"),
            "station_desk.services.export:volunteer_roster_xlsx",
        ),
    ),
    demo="station_desk.demo.volunteers:generate_volunteers",
    search=("station_desk.db.search_sources:VOLUNTEERS",),
)

DUTY = Module(
    "duty",
    pages=(PageEntry("duty", N_("Duty log"), "duty", "station_desk.ui.duty.page:DutyPage"),),
    services={"duty": "station_desk.services.duty:DutyService"},
    documents=(documents.DUTY_REPORT,),
    home_counters="station_desk.services.home:duty_counters",  # and the patrol attendance
    home_place=1,
    search=("station_desk.db.search_sources:DUTY",),
)

REPORTS = Module(
    "reports",
    pages=(PageEntry("reports", N_("Reports"), "reports", "station_desk.ui.reports.page:ReportsPage"),),
    services={
        "work_reports": "station_desk.services.work_reports:work_report_service",
        "briefings": "station_desk.services.briefings:briefing_service",
        "meeting_reviews": "station_desk.services.meeting_reviews:MeetingReviewService",
    },
    documents=(documents.WORK_REPORT, documents.BRIEFING, documents.PUBLIC_NOTICE),
    demo="station_desk.demo.reports:generate_reports",
    demo_place=2,  # after the meetings: reviews their attendees
)

CONTACTS = Module(
    "contacts",
    pages=(
        PageEntry("contacts", N_("Contacts"), "contacts", "station_desk.ui.contacts.page:ContactsPage"),
    ),
    services={"contacts": "station_desk.services.contacts:ContactService"},
    lists={
        "contacts": ListKind(
            N_("contact people of the partner organisations"),
            lambda services, user: services.contacts.search_people(user),
            ("name", "organisation_name", "position", "is_conduct_supervisor", "mobile", "landline"),
        )
    },
    search=("station_desk.db.search_sources:CONTACTS",),
)

RESIDENTS = Module(
    "residents",
    pages=(
        PageEntry(
            "reception", N_("Reception log"), "reception",
            "station_desk.ui.residents.reception:ReceptionPage",
        ),
        PageEntry(
            "opinions", N_("Opinions"), "opinions", "station_desk.ui.residents.opinions:OpinionsPage"
        ),
    ),
    services={
        "reception": "station_desk.services.reception:ReceptionService",
        "opinions": "station_desk.services.opinions:OpinionService",
    },
    home_counters="station_desk.services.residents_home:residents_counters",
    search=(
        "station_desk.db.search_sources:RECEPTION",
        "station_desk.db.search_sources:OPINIONS",
    ),
    home_place=3,
    lists={
        "reception": ListKind(
            N_("the reception log, newest first (the latest 500; ID numbers masked)"),
            lambda services, user: services.reception.list_entries(user),
            ("received_at", "channel", "kind", "name", "masked_phone", "handling", "closed", "linked"),
        ),
        "opinions": ListKind(
            N_("the opinion register, newest first (the latest 500)"),
            lambda services, user: services.opinions.list_opinions(user),
            ("number", "received_on", "category", "urgency", "who", "due_on", "replied_on", "status"),
        ),
    },
    documents=(documents.OPINION_REPLY_SLIP, documents.OPINION_REGISTER),
    exports=(
        ExportEntry(
            "documents", N_("Opinion register"), "station_desk.services.export:opinion_register_pdf"
        ),
        ExportEntry(
            "registers", N_("Opinion register"), "station_desk.services.export:opinion_register_xlsx"
        ),
    ),
    demo="station_desk.demo.residents:generate_residents",  # after mediation: links its cases
)

ADMINISTRATION = Module(
    "administration",
    pages=(
        PageEntry(
            "accounts",
            N_("Accounts"),
            "accounts",
            "station_desk.ui.accounts.page:AccountsPage",
            Permission.MANAGE_ACCOUNTS,
        ),
        PageEntry(
            "audit", N_("Audit trail"), "audit", "station_desk.ui.audit.page:AuditPage", Permission.VIEW_AUDIT
        ),
    ),
    services={
        "accounts": "station_desk.services.accounts:AccountService",
        "settings": "station_desk.services.settings:SettingsService",
        "audit": "station_desk.services.audit:AuditService",
        "backup": "station_desk.services.backup:BackupService",
        "export": "station_desk.services.export:ExportService",
    },
    home_counters="station_desk.services.home:administration_counters",
    home_place=5,
    lists={
        "accounts": ListKind(
            N_("user accounts (administrators only)"),
            lambda services, user: services.accounts.list_accounts(user),
            ("username", "display_name", "role", "badge_number", "active", "last_login_at"),
        )
    },
)

# In the order of the navigation (and of the home page's figures, the lists and the export).
MODULES: tuple[Module, ...] = (
    HOME,
    MEDIATION,
    RESIDENTS,
    YOUTH,
    MEETINGS,
    VOLUNTEERS,
    DUTY,
    REPORTS,
    CONTACTS,
    ADMINISTRATION,
)
