"""One page per person (人员页): the same resident across the modules.

A person is known by a record of theirs (a mediation party, a volunteer, a contact, …) and
is the same resident as another record when both carry the same resident ID number, or —
where one has no ID number — the same name and the same phone number (its last 11 digits).
A record with a different ID number is another person, whatever the name.

Each module gives its records of a person through a `PersonSource` in `PERSON_SOURCES`
(a function of the session, the person, the user and `among`: the only records worth
reading, which the search's memory copy gives — those whose keys hold the person's phone or
ID tail); a module added later adds one. A reception visitor and an opinion giver are matched
as the others; an anonymous opinion matches no one (and starts no page). The record the page
was opened from is always on it (a visitor may have left only a name). Youth subjects (sealed) are linked only for users who may open
them, masked (surname + 某), and a page that shows such a link is audited (VIEW_SEALED,
naming the subjects, never their names). Users who may not see sealed records learn
nothing of them: no link, no count, no hint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.orm import Session

from station_desk.db import audit_trail
from station_desk.db.database import Database
from station_desk.db.models import (
    ContactPerson,
    MediationCase,
    MediationParty,
    Organisation,
    ReceptionLogEntry,
    ResidentOpinion,
    Volunteer,
    VolunteerTeam,
    YouthAccessGrant,
    YouthSubject,
)
from station_desk.db.models.base import utcnow
from station_desk.domain.accounts import Principal
from station_desk.domain.audit import AuditAction
from station_desk.domain.masking import mask_name_for_minor, mask_phone, mask_resident_id
from station_desk.domain.opinions import opinion_number
from station_desk.domain.pinyin import matches
from station_desk.domain.reception import ReceptionChannel, ReceptionKind
from station_desk.domain.roles import Permission, Role
from station_desk.domain.search import digits, id_tail
from station_desk.errors import NotFoundError
from station_desk.i18n import N_, _
from station_desk.services.base import RecordService
from station_desk.services.search import SearchService

PHONE_DIGITS = 11


@dataclass(frozen=True)
class Person:
    """Who the page is about: a name, and a resident ID number and/or a phone number."""

    name: str
    resident_id: str = ""
    phone: str = ""
    origin: tuple[str, str] = ("", "")  # the record the page was opened from: (kind, id)

    @property
    def phone_key(self) -> str:
        return digits(self.phone)[-PHONE_DIGITS:]


@dataclass(frozen=True)
class PersonLink:
    """One record of the person: `kind` as the search kinds (`db/search_sources.py`), `label`
    a message id saying what the person is there ("Party in mediation", "Volunteer", …)."""

    kind: str
    record_id: str
    label: str
    title: str
    detail: str
    when: str = ""
    sealed: bool = False


@dataclass(frozen=True)
class PersonPage:
    name: str
    masked_id: str  # the last four characters only
    masked_phone: str
    links: tuple[PersonLink, ...]


Among = Mapping[str, set[str]] | None
"""Kind → the only records that can be the person's (those whose search keys hold the
person's phone or ID tail), or None: look through all of them."""

PersonSource = Callable[[Session, Person, Principal, Among], Iterable[PersonLink]]
MAX_NARROWED = 500  # more candidates than this: look through all the records instead


Query = TypeVar("Query", bound=Select[*tuple[Any, ...]])


def _narrowed(stmt: Query, among: Among, kind: str, id_column: Any) -> Query:
    """`stmt` limited to the candidates of `kind` (the search's memory copy points at them)."""
    if among is None or len(among.get(kind, ())) > MAX_NARROWED:
        return stmt
    return stmt.where(id_column.in_(sorted(among.get(kind, ()))))


def _same(person: Person, id_column: Any, name_column: Any) -> ColumnElement[bool]:
    """Rows with the person's ID number, or (when a row has none) with the person's name."""
    by_name: ColumnElement[bool] = name_column == person.name
    if not person.resident_id:
        return by_name & (or_(id_column.is_(None), id_column == ""))
    return or_(
        id_column == person.resident_id,
        by_name & or_(id_column.is_(None), id_column == ""),
    )


def _is_person(person: Person, record: tuple[str, str], row_id: str | None, *phones: str | None) -> bool:
    """A row found by its ID number is the person; one found by name needs the same phone —
    except in the record the page was opened from (a visitor who left only a name)."""
    if record == person.origin or (person.resident_id and row_id == person.resident_id):
        return True
    key = person.phone_key
    return bool(key) and any(digits(phone)[-PHONE_DIGITS:] == key for phone in phones)


def _parties(session: Session, person: Person, _actor: Principal, among: Among) -> Iterable[PersonLink]:
    stmt = (
        select(MediationParty, MediationCase)
        .join(MediationCase, MediationCase.id == MediationParty.case_id)
        .where(
            MediationParty.deleted_at.is_(None),
            MediationCase.deleted_at.is_(None),
            _same(person, MediationParty.resident_id, MediationParty.name),
        )
        .order_by(MediationCase.received_on.desc())
    )
    for party, case in session.execute(_narrowed(stmt, among, "mediation", MediationCase.id)):
        if _is_person(person, ("mediation", case.id), party.resident_id, party.phone):
            yield PersonLink("mediation", case.id, N_("Party in mediation"), case.title,
                             case.case_number, case.received_on.isoformat())


def _volunteers(session: Session, person: Person, _actor: Principal, among: Among) -> Iterable[PersonLink]:
    stmt = (
        select(Volunteer, VolunteerTeam.name)
        .outerjoin(VolunteerTeam, VolunteerTeam.id == Volunteer.team_id)
        .where(Volunteer.deleted_at.is_(None), _same(person, Volunteer.resident_id, Volunteer.name))
    )
    for volunteer, team in session.execute(_narrowed(stmt, among, "volunteers", Volunteer.id)):
        if _is_person(person, ("volunteers", volunteer.id), volunteer.resident_id, volunteer.phone):
            when = volunteer.join_date.isoformat() if volunteer.join_date else ""
            yield PersonLink("volunteers", volunteer.id, N_("Volunteer"), volunteer.name, team or "", when)


def _contacts(session: Session, person: Person, _actor: Principal, among: Among) -> Iterable[PersonLink]:
    stmt = (
        select(ContactPerson, Organisation.name)
        .outerjoin(Organisation, Organisation.id == ContactPerson.organisation_id)
        .where(ContactPerson.deleted_at.is_(None), ContactPerson.name == person.name)
    )
    for contact, organisation in session.execute(_narrowed(stmt, among, "contacts", ContactPerson.id)):
        if _is_person(person, ("contacts", contact.id), None, contact.mobile, contact.landline):
            detail = "　".join(part for part in (organisation, contact.position) if part)
            yield PersonLink("contacts", contact.id, N_("Contact"), contact.name, detail)


def _youth(session: Session, person: Person, actor: Principal, among: Among) -> Iterable[PersonLink]:
    """Sealed: only subjects the user may open, masked; nothing at all for other roles."""
    if not actor.can(Permission.SEALED_RECORDS):
        return
    stmt = select(YouthSubject).where(
        YouthSubject.deleted_at.is_(None), _same(person, YouthSubject.resident_id, YouthSubject.name)
    )
    if actor.role is not Role.ADMIN:
        granted = select(YouthAccessGrant.subject_id).where(
            YouthAccessGrant.user_id == actor.user_id, YouthAccessGrant.deleted_at.is_(None)
        )
        stmt = stmt.where(
            or_(YouthSubject.officer_user_id == actor.user_id, YouthSubject.id.in_(granted))
        )
    for subject in session.scalars(_narrowed(stmt, among, "youth", YouthSubject.id)):
        if _is_person(person, ("youth", subject.id), subject.resident_id, subject.phone):
            yield PersonLink("youth", subject.id, N_("Youth guidance subject"),
                             mask_name_for_minor(subject.name), "", subject.registered_on.isoformat(),
                             sealed=True)


def _reception(session: Session, person: Person, _actor: Principal, among: Among) -> Iterable[PersonLink]:
    """The visits and calls of the person (来访来电登记)."""
    stmt = (
        select(ReceptionLogEntry)
        .where(
            ReceptionLogEntry.deleted_at.is_(None),
            _same(person, ReceptionLogEntry.resident_id, ReceptionLogEntry.name),
        )
        .order_by(ReceptionLogEntry.received_at.desc())
    )
    for entry in session.scalars(_narrowed(stmt, among, "reception", ReceptionLogEntry.id)):
        if _is_person(person, ("reception", entry.id), entry.resident_id, entry.phone):
            how = f"{ReceptionChannel(entry.channel).label}　{ReceptionKind(entry.kind).label}"
            yield PersonLink("reception", entry.id, N_("Reception visitor"), _short(entry.content),
                             how, entry.received_at.date().isoformat())


def _opinions(session: Session, person: Person, _actor: Principal, among: Among) -> Iterable[PersonLink]:
    """The opinions the person gave (群众意见建议); an anonymous one is no one's."""
    stmt = (
        select(ResidentOpinion)
        .where(
            ResidentOpinion.deleted_at.is_(None),
            ResidentOpinion.anonymous.is_(False),
            _same(person, ResidentOpinion.resident_id, ResidentOpinion.name),
        )
        .order_by(ResidentOpinion.received_on.desc(), ResidentOpinion.seq.desc())
    )
    for opinion in session.scalars(_narrowed(stmt, among, "opinions", ResidentOpinion.id)):
        if _is_person(person, ("opinions", opinion.id), opinion.resident_id, opinion.phone):
            yield PersonLink("opinions", opinion.id, N_("Opinion giver"), _short(opinion.content),
                             opinion_number(opinion.year, opinion.seq), opinion.received_on.isoformat())


def _short(text: str, length: int = 40) -> str:
    line = " ".join(text.split())
    return line if len(line) <= length else line[: length - 1] + "…"


PERSON_SOURCES: list[PersonSource] = [_parties, _volunteers, _contacts, _reception, _opinions, _youth]
"""Where a person's records are looked for; a module adds its own."""


def _live(session: Session, model: Any, record_id: str) -> Any:
    row = session.get(model, record_id)
    return row if row is not None and row.deleted_at is None else None


def _volunteer_person(session: Session, record_id: str, _query: str) -> Person | None:
    row = _live(session, Volunteer, record_id)
    return row and Person(row.name, row.resident_id or "", row.phone)


def _contact_person(session: Session, record_id: str, _query: str) -> Person | None:
    row = _live(session, ContactPerson, record_id)
    return row and Person(row.name, "", row.mobile or row.landline)


def _visitor(session: Session, record_id: str, _query: str) -> Person | None:
    row = _live(session, ReceptionLogEntry, record_id)
    return Person(row.name, row.resident_id, row.phone) if row is not None and row.name else None


def _opinion_giver(session: Session, record_id: str, _query: str) -> Person | None:
    row = _live(session, ResidentOpinion, record_id)
    if row is None or row.anonymous or not row.name:
        return None  # an anonymous opinion is no one's
    return Person(row.name, row.resident_id, row.phone)


def _party(session: Session, record_id: str, query: str) -> Person | None:
    """The party of a case matching the typed `query`, else the first party."""
    parties = session.scalars(
        select(MediationParty)
        .where(MediationParty.case_id == record_id, MediationParty.deleted_at.is_(None))
        .order_by(MediationParty.position)
    ).all()
    if not parties:
        return None
    party = next((p for p in parties if _party_matches(p, query)), parties[0])
    return Person(party.name, party.resident_id or "", party.phone)


PERSON_OF: dict[str, Callable[[Session, str, str], Person | None]] = {
    "mediation": _party,
    "volunteers": _volunteer_person,
    "contacts": _contact_person,
    "reception": _visitor,
    "opinions": _opinion_giver,
}
"""The kinds of record a person's page can start from: the record's person (None: no one)."""


class PersonService(RecordService):
    """`search` (when given) narrows each module's records to those whose search keys hold
    the person's phone or ID tail: at demo scale 100 the reception log alone is 80,000 rows."""

    kinds: frozenset[str] = frozenset(PERSON_OF)

    def __init__(
        self, db: Database, now: Callable[[], datetime] = utcnow, search: SearchService | None = None
    ) -> None:
        super().__init__(db, now)
        self.search = search

    def page(self, actor: Principal, kind: str, record_id: str, query: str = "") -> PersonPage:
        """The page of the person of a record (for a mediation case: the party matching the
        typed `query`, else the first party). Audited when it links sealed records."""
        with self.db.session(actor) as session:
            person = self._person(session, kind, record_id, query)
        among = self.search.records_with([person.phone_key, id_tail(person.resident_id)]) if self.search else None
        if among is not None:
            among.setdefault(kind, set()).add(record_id)
        with self.db.session(actor) as session:
            links = tuple(
                link for source in PERSON_SOURCES for link in source(session, person, actor, among)
            )
            sealed = [link.record_id for link in links if link.sealed]
            if sealed:
                audit_trail.append(
                    session, AuditAction.VIEW_SEALED, "person_page", sealed[0],
                    {"subjects": sealed, "from": f"{kind}:{record_id}"},
                )
        return PersonPage(
            person.name, mask_resident_id(person.resident_id), mask_phone(person.phone), links
        )

    def names_someone(self, actor: Principal, kind: str, record_id: str) -> bool:
        """Whether the record has a person whose page `page` can show (an anonymous opinion,
        a call without a name, a case without parties has none)."""
        of = PERSON_OF.get(kind)
        if of is None:
            return False
        with self.db.session(actor) as session:
            return of(session, record_id, "") is not None

    def _person(self, session: Session, kind: str, record_id: str, query: str) -> Person:
        of = PERSON_OF.get(kind)
        person = of(session, record_id, query) if of is not None else None
        if person is None:
            raise NotFoundError(_("There is no person to show for this record."))
        return replace(person, origin=(kind, record_id))


def _party_matches(party: MediationParty, query: str) -> bool:
    text = query.strip().lower()
    if not text:
        return False
    return matches(party.name, text) or bool(
        digits(text) and (digits(text) in digits(party.phone) or (party.resident_id or "").lower().endswith(text))
    )


def person_service(db: Database, service: Callable[[str], Any]) -> PersonService:
    """The container's person service, narrowed by the container's search service."""
    search = service("search")
    return PersonService(db, search.now, search)
