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
from enum import StrEnum

from station_desk.domain.validators import clean_text, normalise_person_name, normalise_phone
from station_desk.errors import ValidationError
from station_desk.i18n import N_, _, ngettext

MAX_ORGANISATION_NAME = 100
MAX_ADDRESS = 200
MAX_POSITION = 64
MAX_NOTES = 2000


class OrganisationKind(StrEnum):
    """The kind of a partner organisation (单位类别)."""

    RESIDENTS_COMMITTEE = "residents_committee"
    OWNERS_COMMITTEE = "owners_committee"
    PROPERTY_COMPANY = "property_company"
    SECURITY_ASSOCIATION = "security_association"
    SCHOOL = "school"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _(ORGANISATION_KIND_LABELS[self])


ORGANISATION_KIND_LABELS = {
    OrganisationKind.RESIDENTS_COMMITTEE: N_("Residents' committee"),  # 居委会
    OrganisationKind.OWNERS_COMMITTEE: N_("Owners' committee"),  # 业委会
    OrganisationKind.PROPERTY_COMPANY: N_("Property management company"),  # 物业公司
    OrganisationKind.SECURITY_ASSOCIATION: N_("Internal security association"),  # 内保协会
    OrganisationKind.SCHOOL: N_("School"),  # 学校
    OrganisationKind.OTHER: N_("Other organisation"),  # 其他单位
}


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
            name=_text(self.name, "name", MAX_ORGANISATION_NAME, required=True),
            kind=OrganisationKind(self.kind),
            address=_text(self.address, "address", MAX_ADDRESS),
            phone=_phone(self.phone, "phone"),
            notes=_text(self.notes, "notes", MAX_NOTES),
        )


@dataclass(frozen=True)
class OrganisationDetail:
    """An organisation as lists and forms show it; `people` counts its live contacts."""

    id: str
    name: str
    kind: OrganisationKind
    address: str
    phone: str
    notes: str
    people: int = 0
    deleted_at: datetime | None = None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


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
            position=_text(self.position, "position", MAX_POSITION),
            is_conduct_supervisor=bool(self.is_conduct_supervisor),
            mobile=_phone(self.mobile, "mobile"),
            landline=_phone(self.landline, "landline"),
            notes=_text(self.notes, "notes", MAX_NOTES),
        )


@dataclass(frozen=True)
class ContactDetail:
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
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def phone(self) -> str:
        """The number to show in a one-column list: the mobile, else the landline."""
        return self.mobile or self.landline


def _text(value: str | None, field: str, max_length: int, *, required: bool = False) -> str:
    text = clean_text(value or "").strip()
    if required and not text:
        raise ValidationError(field, _("This field is required."))
    if len(text) > max_length:
        raise ValidationError(
            field,
            ngettext(
                "Enter at most {count} character.", "Enter at most {count} characters.", max_length
            ).format(count=max_length),
        )
    return text


def _phone(value: str | None, field: str) -> str:
    text = (value or "").strip()
    return normalise_phone(text, field=field) if text else ""
