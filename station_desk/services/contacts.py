"""Contacts (联系单位): partner organisations and their people; every change is audited.

Search is plain `LIKE '%q%'` (no FTS: SQLite's trigram tokenizer is wrong for 1- and
2-character queries, and Chinese names are often two characters) over the person's
`search_keys` (name, full pinyin, initials), the organisation's name, the position and the
phone numbers, so 张三 is found by 张, 三, zs, zhangsan, 居委会 or 1381234.
"""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

from station_desk.db.models import ContactPerson, Organisation
from station_desk.db.records import fill, get_live, live, new_row
from station_desk.domain.accounts import Principal
from station_desk.domain.contacts import (
    ContactDetail,
    ContactDraft,
    OrganisationDetail,
    OrganisationDraft,
    OrganisationKind,
)
from station_desk.domain.pinyin import name_pinyin, normalise_query, search_keys
from station_desk.domain.records import from_row
from station_desk.errors import ValidationError
from station_desk.i18n import _
from station_desk.services.base import RecordService

DEFAULT_LIMIT = 500


def like_pattern(text: str) -> str:
    """`%text%` for `LIKE ... ESCAPE '\\'`, with the wildcards in `text` taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def people_match(query: str) -> ColumnElement[bool] | None:
    """The condition for people matching a typed query (None for an empty query).

    Needs `Organisation` outer-joined (see `people_select`).
    """
    wanted = normalise_query(query)
    if not wanted:
        return None
    pattern = like_pattern(wanted)
    conditions: list[ColumnElement[bool]] = [
        ContactPerson.search_keys.like(pattern, escape="\\"),
        Organisation.name.ilike(pattern, escape="\\"),
        ContactPerson.position.ilike(pattern, escape="\\"),
    ]
    digits = re.sub(r"[^0-9]", "", wanted)
    if digits:
        digit_pattern = like_pattern(digits)
        conditions.append(ContactPerson.mobile.like(digit_pattern, escape="\\"))
        conditions.append(
            func.replace(ContactPerson.landline, "-", "").like(digit_pattern, escape="\\")
        )
    return or_(*conditions)


def people_select() -> Select[ContactPerson, str]:
    """People with their organisation's name, ordered by the pinyin of their name."""
    return (
        select(ContactPerson, Organisation.name)
        .outerjoin(Organisation, Organisation.id == ContactPerson.organisation_id)
        .order_by(ContactPerson.sort_key, ContactPerson.name, ContactPerson.id)
    )


def contact_of(person: ContactPerson, organisation_name: str | None) -> ContactDetail:
    return from_row(ContactDetail, person, organisation_name=organisation_name or "")


def organisation_of(organisation: Organisation, people: int = 0) -> OrganisationDetail:
    return from_row(
        OrganisationDetail,
        organisation,
        people=people,
    )


class ContactService(RecordService):
    """Organisations and contact people: anyone may read; EDIT_RECORDS may change them."""

    # -- organisations -------------------------------------------------------------------
    def list_organisations(
        self,
        actor: Principal,
        query: str = "",
        kind: OrganisationKind | None = None,
        include_deleted: bool = False,
    ) -> list[OrganisationDetail]:
        """Organisations by name, each with the number of its (live) people."""
        people = (
            select(func.count(ContactPerson.id))
            .where(
                ContactPerson.organisation_id == Organisation.id, ContactPerson.deleted_at.is_(None)
            )
            .correlate(Organisation)
            .scalar_subquery()
        )
        stmt = select(Organisation, people).order_by(Organisation.name, Organisation.id)
        if not include_deleted:
            stmt = stmt.where(Organisation.deleted_at.is_(None))
        if kind is not None:
            stmt = stmt.where(Organisation.kind == OrganisationKind(kind).value)
        wanted = normalise_query(query)
        if wanted:
            stmt = stmt.where(Organisation.name.ilike(like_pattern(wanted), escape="\\"))
        with self.db.session(actor) as session:
            return [organisation_of(org, count or 0) for org, count in session.execute(stmt)]

    def get_organisation(self, actor: Principal, organisation_id: str) -> OrganisationDetail:
        return self.read_record(actor, Organisation, organisation_id, _organisation_detail)

    def create_organisation(self, actor: Principal, draft: OrganisationDraft) -> OrganisationDetail:
        with self.changing(actor, "organisation") as session:
            draft = draft.validated()
            _check_unique_name(session, draft.name, None)
            organisation = new_row(session, Organisation)
            _apply_organisation(organisation, draft)
            session.flush()
            return organisation_of(organisation)

    def update_organisation(
        self, actor: Principal, organisation_id: str, draft: OrganisationDraft
    ) -> OrganisationDetail:
        with self.changing(actor, "organisation") as session:
            draft = draft.validated()
            organisation = get_live(session, Organisation, organisation_id)
            _check_unique_name(session, draft.name, organisation.id)
            _apply_organisation(organisation, draft)
            session.flush()
            return _organisation_detail(session, organisation)

    def delete_organisation(self, actor: Principal, organisation_id: str) -> None:
        """Hide the organisation; its people keep the link and show its name."""
        self.delete_record(actor, Organisation, organisation_id, "organisation")

    def restore_organisation(self, actor: Principal, organisation_id: str) -> OrganisationDetail:
        return self.restore_record(
            actor, Organisation, organisation_id, "organisation", _organisation_detail, _name_still_free
        )

    # -- people --------------------------------------------------------------------------
    def search_people(
        self,
        actor: Principal,
        query: str = "",
        organisation_id: str | None = None,
        supervisors_only: bool = False,
        include_deleted: bool = False,
        limit: int = DEFAULT_LIMIT,
    ) -> list[ContactDetail]:
        """People whose name, pinyin, initials, organisation, position or phone match."""
        stmt = people_select().limit(limit)
        if not include_deleted:
            stmt = stmt.where(ContactPerson.deleted_at.is_(None))
        condition = people_match(query)
        if condition is not None:
            stmt = stmt.where(condition)
        if organisation_id is not None:
            stmt = stmt.where(ContactPerson.organisation_id == organisation_id)
        if supervisors_only:
            stmt = stmt.where(ContactPerson.is_conduct_supervisor.is_(True))
        with self.db.session(actor) as session:
            return [contact_of(person, org_name) for person, org_name in session.execute(stmt)]

    def get_person(self, actor: Principal, person_id: str) -> ContactDetail:
        return self.read_record(actor, ContactPerson, person_id, _contact_detail)

    def create_person(self, actor: Principal, draft: ContactDraft) -> ContactDetail:
        with self.changing(actor, "contact_person") as session:
            draft = draft.validated()
            _check_organisation(session, draft.organisation_id)
            person = new_row(session, ContactPerson)
            _apply_person(person, draft)
            session.flush()
            return _contact_detail(session, person)

    def update_person(self, actor: Principal, person_id: str, draft: ContactDraft) -> ContactDetail:
        with self.changing(actor, "contact_person") as session:
            draft = draft.validated()
            person = get_live(session, ContactPerson, person_id)
            if draft.organisation_id != person.organisation_id:
                _check_organisation(session, draft.organisation_id)
            _apply_person(person, draft)
            session.flush()
            return _contact_detail(session, person)

    def delete_person(self, actor: Principal, person_id: str) -> None:
        """Hide the person; meetings they attended keep their name as it was."""
        self.delete_record(actor, ContactPerson, person_id, "contact_person")

    def restore_person(self, actor: Principal, person_id: str) -> ContactDetail:
        return self.restore_record(actor, ContactPerson, person_id, "contact_person", _contact_detail)


def _organisation_detail(session: Session, organisation: Organisation) -> OrganisationDetail:
    people = session.scalar(
        select(func.count(ContactPerson.id)).where(
            ContactPerson.organisation_id == organisation.id, ContactPerson.deleted_at.is_(None)
        )
    )
    return organisation_of(organisation, people or 0)


def _contact_detail(session: Session, person: ContactPerson) -> ContactDetail:
    organisation = (
        session.get(Organisation, person.organisation_id) if person.organisation_id else None
    )
    return contact_of(person, organisation.name if organisation else None)


def _name_still_free(session: Session, organisation: Organisation) -> None:
    _check_unique_name(session, organisation.name, organisation.id)


def _check_unique_name(session: Session, name: str, own_id: str | None) -> None:
    stmt = live(select(Organisation.id).where(Organisation.name == name), Organisation)
    if own_id is not None:
        stmt = stmt.where(Organisation.id != own_id)
    if session.scalars(stmt).first() is not None:
        raise ValidationError("name", _("An organisation with this name already exists."))


def _check_organisation(session: Session, organisation_id: str | None) -> None:
    if organisation_id is None:
        return
    organisation = session.get(Organisation, organisation_id)
    if organisation is None or organisation.deleted_at is not None:
        raise ValidationError("organisation_id", _("This organisation no longer exists."))


def _apply_organisation(organisation: Organisation, draft: OrganisationDraft) -> None:
    fill(organisation, draft, "name", "address", "phone", "notes")
    organisation.kind = OrganisationKind(draft.kind).value


def _apply_person(person: ContactPerson, draft: ContactDraft) -> None:
    fill(person, draft, "name", "organisation_id", "position", "is_conduct_supervisor")
    fill(person, draft, "mobile", "landline", "notes")
    person.search_keys = search_keys(draft.name)
    person.sort_key = name_pinyin(draft.name)[:200]
