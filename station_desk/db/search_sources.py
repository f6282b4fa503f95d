"""The search sources of the modules (what one search box finds), declared in `modules.py`.

Each `build(connection, ids)` reads the live records (all of them when `ids` is None) with
plain selects and returns their entries: the title and detail a hit shows, the date it is
sorted by (newest first) and the keys (`domain/search.py`). People's names are keyed with
their pinyin; other text as typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.sql import Select

from station_desk.db.models import (
    ContactPerson,
    DutyLogEntry,
    MediationCase,
    MediationParty,
    Meeting,
    Organisation,
    ReceptionLogEntry,
    ResidentOpinion,
    User,
    Volunteer,
    VolunteerTeam,
    YouthAccessGrant,
    YouthSubject,
)
from station_desk.db.search_index import Entry, SearchSource, pieces_or_all
from station_desk.domain.accounts import Principal
from station_desk.domain.masking import mask_name_for_minor
from station_desk.domain.opinions import opinion_number
from station_desk.domain.roles import Permission, Role
from station_desk.domain.search import join_keys, person_keys, text_key
from station_desk.i18n import N_


def _detail(*parts: str | None) -> str:
    """The line under a hit: its non-empty parts, a wide space apart."""
    return "　".join(part for part in parts if part)


def _when(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else value.isoformat()


def _rows(
    connection: Connection, stmt: Select[*tuple[Any, ...]], id_column: Any, ids: Sequence[str] | None
) -> Iterable[Any]:
    for chunk in pieces_or_all(ids):
        yield from connection.execute(stmt if chunk is None else stmt.where(id_column.in_(chunk)))


def _entry(record_id: str, title: str, detail: str, when: Any, keys: Iterable[str]) -> Entry:
    return {
        "record_id": record_id,
        "title": title[:200],
        "detail": detail[:200],
        "sort_key": _when(when),
        "keys": join_keys(keys),
    }


# -- mediation: number, title and the parties (name, pinyin, phone, ID tail) ----------------
def _mediation(connection: Connection, ids: Sequence[str] | None) -> list[Entry]:
    cases = select(
        MediationCase.id, MediationCase.case_number, MediationCase.title, MediationCase.received_on,
        MediationCase.party_names,
    ).where(MediationCase.deleted_at.is_(None))
    found = {row.id: row for row in _rows(connection, cases, MediationCase.id, ids)}
    parties: dict[str, list[str]] = {}
    stmt = select(
        MediationParty.case_id, MediationParty.name, MediationParty.phone, MediationParty.resident_id
    ).where(MediationParty.deleted_at.is_(None))
    for row in _rows(connection, stmt, MediationParty.case_id, list(found) if ids is not None else None):
        parties.setdefault(row.case_id, []).append(
            person_keys(row.name, row.phone, resident_id=row.resident_id)
        )
    return [
        _entry(
            case.id,
            case.title,
            f"{case.case_number}　{case.party_names}",
            case.received_on,
            [text_key(case.case_number), text_key(case.title), *parties.get(case.id, ())],
        )
        for case in found.values()
    ]


MEDIATION = SearchSource(
    "mediation",
    N_("Mediation cases"),
    {"mediation_cases": "id", "mediation_parties": "case_id"},
    _mediation,
    page="mediation",
)


# -- contacts and volunteers: people -------------------------------------------------------
def _contacts(connection: Connection, ids: Sequence[str] | None) -> list[Entry]:
    stmt = select(
        ContactPerson.id, ContactPerson.name, ContactPerson.position, ContactPerson.mobile,
        ContactPerson.landline, ContactPerson.created_at, Organisation.name.label("organisation"),
    ).outerjoin(Organisation, Organisation.id == ContactPerson.organisation_id).where(
        ContactPerson.deleted_at.is_(None)
    )
    return [
        _entry(
            row.id,
            row.name,
            _detail(row.organisation, row.position),
            row.created_at,
            [person_keys(row.name, row.mobile, row.landline), text_key(row.organisation)],
        )
        for row in _rows(connection, stmt, ContactPerson.id, ids)
    ]


CONTACTS = SearchSource(
    "contacts", N_("Contacts"), {"contact_people": "id"}, _contacts, page="contacts"
)


def _volunteers(connection: Connection, ids: Sequence[str] | None) -> list[Entry]:
    stmt = select(
        Volunteer.id, Volunteer.name, Volunteer.phone, Volunteer.resident_id, Volunteer.join_date,
        Volunteer.created_at, VolunteerTeam.name.label("team"),
    ).outerjoin(VolunteerTeam, VolunteerTeam.id == Volunteer.team_id).where(
        Volunteer.deleted_at.is_(None)
    )
    return [
        _entry(
            row.id,
            row.name,
            row.team or "",
            row.join_date or row.created_at,
            [person_keys(row.name, row.phone, resident_id=row.resident_id)],
        )
        for row in _rows(connection, stmt, Volunteer.id, ids)
    ]


VOLUNTEERS = SearchSource(
    "volunteers", N_("Volunteers"), {"volunteers": "id"}, _volunteers, page="volunteers"
)


# -- meetings and duty entries: text ---------------------------------------------------------
def _meetings(connection: Connection, ids: Sequence[str] | None) -> list[Entry]:
    stmt = select(
        Meeting.id, Meeting.title, Meeting.place, Meeting.host, Meeting.starts_at
    ).where(Meeting.deleted_at.is_(None))
    return [
        _entry(
            row.id,
            row.title,
            _detail(_when(row.starts_at), row.place),
            row.starts_at,
            [text_key(row.title), text_key(row.place), person_keys(row.host)],
        )
        for row in _rows(connection, stmt, Meeting.id, ids)
    ]


MEETINGS = SearchSource("meetings", N_("Meetings"), {"meetings": "id"}, _meetings, page="meetings")


def _duty(connection: Connection, ids: Sequence[str] | None) -> list[Entry]:
    stmt = select(
        DutyLogEntry.id, DutyLogEntry.place, DutyLogEntry.notes, DutyLogEntry.starts_at,
        User.display_name,
    ).join(User, User.id == DutyLogEntry.user_id).where(DutyLogEntry.deleted_at.is_(None))
    return [
        _entry(
            row.id,
            row.place or row.notes[:40],
            _detail(_when(row.starts_at), row.display_name),
            row.starts_at,
            [text_key(row.place), text_key(row.notes), text_key(row.display_name)],
        )
        for row in _rows(connection, stmt, DutyLogEntry.id, ids)
    ]


DUTY = SearchSource("duty", N_("Duty log entries"), {"duty_entries": "id"}, _duty, page="duty")


# -- youth subjects: sealed, masked, only for users who may open them -------------------------
def _youth(connection: Connection, ids: Sequence[str] | None) -> list[Entry]:
    stmt = select(
        YouthSubject.id, YouthSubject.name, YouthSubject.phone, YouthSubject.resident_id,
        YouthSubject.registered_on,
    ).where(YouthSubject.deleted_at.is_(None))
    return [
        _entry(
            row.id,
            mask_name_for_minor(row.name),
            "",
            row.registered_on,
            [person_keys(row.name, row.phone, resident_id=row.resident_id)],
        )
        for row in _rows(connection, stmt, YouthSubject.id, ids)
    ]


def _youth_visible(connection: Connection, actor: Principal) -> set[str] | None:
    """The subjects `actor` may open: an administrator all; an officer the assigned and
    granted ones (as `services/youth.py`)."""
    if actor.role is Role.ADMIN:
        return None
    assigned = select(YouthSubject.id).where(YouthSubject.officer_user_id == actor.user_id)
    granted = select(YouthAccessGrant.subject_id).where(
        YouthAccessGrant.user_id == actor.user_id, YouthAccessGrant.deleted_at.is_(None)
    )
    return set(connection.execute(assigned.union(granted)).scalars())


YOUTH = SearchSource(
    "youth",
    N_("Youth guidance subjects"),
    {"youth_subjects": "id"},
    _youth,
    page="youth",
    sealed=True,
    permission=Permission.SEALED_RECORDS,
    visible=_youth_visible,
)


# -- the residents' desk: who came or called, and what they said -----------------------------
def _reception(connection: Connection, ids: Sequence[str] | None) -> list[Entry]:
    stmt = select(
        ReceptionLogEntry.id, ReceptionLogEntry.received_at, ReceptionLogEntry.name,
        ReceptionLogEntry.phone, ReceptionLogEntry.resident_id, ReceptionLogEntry.content,
    ).where(ReceptionLogEntry.deleted_at.is_(None))
    return [
        _entry(
            row.id,
            row.name or row.content,
            row.content if row.name else "",
            row.received_at,
            [person_keys(row.name, row.phone, resident_id=row.resident_id), text_key(row.content)],
        )
        for row in _rows(connection, stmt, ReceptionLogEntry.id, ids)
    ]


RECEPTION = SearchSource(
    "reception", N_("Reception log"), {"reception_entries": "id"}, _reception, page="reception"
)


def _opinions(connection: Connection, ids: Sequence[str] | None) -> list[Entry]:
    stmt = select(
        ResidentOpinion.id, ResidentOpinion.year, ResidentOpinion.seq, ResidentOpinion.received_on,
        ResidentOpinion.anonymous, ResidentOpinion.name, ResidentOpinion.phone,
        ResidentOpinion.resident_id, ResidentOpinion.content,
    ).where(ResidentOpinion.deleted_at.is_(None))
    entries = []
    for row in _rows(connection, stmt, ResidentOpinion.id, ids):
        number = opinion_number(row.year, row.seq)
        person = [] if row.anonymous else [
            person_keys(row.name, row.phone, resident_id=row.resident_id)
        ]
        entries.append(
            _entry(row.id, row.content, f"{number}　{'' if row.anonymous else row.name}",
                   row.received_on, [text_key(number), text_key(row.content), *person])
        )
    return entries


OPINIONS = SearchSource(
    "opinions", N_("Opinions"), {"resident_opinions": "id"}, _opinions, page="opinions"
)
