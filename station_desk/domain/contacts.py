"""Contacts (联系单位): partner organisations and their people, the pool of meeting attendees.

Organisations are residents' committees (居委会), owners' committees (业委会), property
companies (物业公司), internal security associations (内保协会), schools and others. A contact
person may belong to one of them (or to none) and may be a conduct supervisor (警风监督员),
a resident who watches the police room's conduct and is invited to its meetings.

Drafts are what a form sends; `validated()` returns the normalised draft or raises
`ValidationError(field, message)` naming the form field. Details are what lists and forms show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from station_desk.domain import checks
from station_desk.domain.enums import LabelledEnum
from station_desk.domain.records import SoftDeleted
from station_desk.domain.validators import normalise_person_name
from station_desk.i18n import N_

MAX_ORGANISATION_NAME = 100
MAX_ADDRESS = 200
MAX_POSITION = 64
MAX_NOTES = 2000


class OrganisationKind(LabelledEnum):
    """The kind of a partner organisation (单位类别)."""

    RESIDENTS_COMMITTEE = "residents_committee", N_("Residents' committee")
    OWNERS_COMMITTEE = "owners_committee", N_("Owners' committee")
    PROPERTY_COMPANY = "property_company", N_("Property management company")
    SECURITY_ASSOCIATION = "security_association", N_("Internal security association")
    SCHOOL = "school", N_("School")
    OTHER = "other", N_("Other organisation")


@dataclass(frozen=True)
class OrganisationDraft:
    """An organisation as typed into the form (new or edited)."""

    name: str
    kind: OrganisationKind = OrganisationKind.OTHER
    address: str = ""
    phone: str = ""
    notes: str = ""

    def validated(self) -> OrganisationDraft:
        return OrganisationDraft(
            name=checks.text(self.name, "name", MAX_ORGANISATION_NAME, required=True),
            kind=OrganisationKind(self.kind),
            address=checks.text(self.address, "address", MAX_ADDRESS),
            phone=checks.phone(self.phone, "phone"),
            notes=checks.text(self.notes, "notes", MAX_NOTES),
        )


@dataclass(frozen=True)
class OrganisationDetail(SoftDeleted):
    """An organisation as lists and forms show it; `people` counts its live contacts."""

    id: str
    name: str
    kind: OrganisationKind
    address: str
    phone: str
    notes: str
    people: int = 0
    deleted_at: datetime | None = None


@dataclass(frozen=True)
class ContactDraft:
    """A contact person as typed into the form; phones may be empty."""

    name: str
    organisation_id: str | None = None
    position: str = ""
    is_conduct_supervisor: bool = False
    mobile: str = ""
    landline: str = ""
    notes: str = ""

    def validated(self) -> ContactDraft:
        return ContactDraft(
            name=normalise_person_name(self.name, field="name"),
            organisation_id=self.organisation_id or None,
            position=checks.text(self.position, "position", MAX_POSITION),
            is_conduct_supervisor=bool(self.is_conduct_supervisor),
            mobile=checks.phone(self.mobile, "mobile"),
            landline=checks.phone(self.landline, "landline"),
            notes=checks.text(self.notes, "notes", MAX_NOTES),
        )


@dataclass(frozen=True)
class ContactDetail(SoftDeleted):
    """A contact person with the name of their organisation (empty when none)."""

    id: str
    name: str
    organisation_id: str | None
    organisation_name: str
    position: str
    is_conduct_supervisor: bool
    mobile: str
    landline: str
    notes: str
    deleted_at: datetime | None = None

    @property
    def phone(self) -> str:
        """The number to show in a one-column list: the mobile, else the landline."""
        return self.mobile or self.landline
