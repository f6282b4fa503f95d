"""Dialogs of the contacts page: an organisation (联系单位) and a contact person (联系人).

Both create a new record or edit one; errors (an empty name, a bad phone number, a duplicate
organisation) are shown under their field and the dialog stays open.
"""

from __future__ import annotations

from station_desk.domain.contacts import (
    MAX_ADDRESS,
    MAX_ORGANISATION_NAME,
    MAX_POSITION,
    ContactDetail,
    ContactDraft,
    OrganisationDraft,
    OrganisationKind,
)
from station_desk.i18n import N_, _
from station_desk.ui.errors import user_errors
from station_desk.ui.widgets.fields import (
    CheckField,
    ChoiceField,
    DataChoiceField,
    LineField,
    TextField,
)
from station_desk.ui.widgets.forms import RecordDialog, SaveCalls

NOTES_HEIGHT = 70


class OrganisationDialog(RecordDialog):
    """New organisation, or edit `existing`; `saved` holds the result after OK."""

    titles = (N_("New organisation"), N_("Edit organisation {name}"))
    draft_type = OrganisationDraft
    name = LineField(N_("Name:"), max_length=MAX_ORGANISATION_NAME)
    kind = ChoiceField(N_("Kind:"), OrganisationKind)
    phone = LineField(N_("Phone:"))
    address = LineField(N_("Address:"), max_length=MAX_ADDRESS)
    notes = TextField(N_("Notes:"), height=NOTES_HEIGHT, fixed=True)

    def blank(self) -> OrganisationDraft:
        return OrganisationDraft("", OrganisationKind.RESIDENTS_COMMITTEE)

    def save_calls(self) -> SaveCalls:
        contacts = self._services.contacts
        return SaveCalls(contacts.create_organisation, contacts.update_organisation)


class ContactDialog(RecordDialog):
    """New contact person, or edit `existing`; `saved` holds the result after OK."""

    titles = (N_("New contact"), N_("Edit contact {name}"))
    draft_type = ContactDraft
    name = LineField(N_("Name:"))
    organisation = DataChoiceField(N_("Organisation:"), key="organisation_id")
    position = LineField(N_("Position:"), max_length=MAX_POSITION)
    supervisor = CheckField(N_("Conduct supervisor (警风监督员)"), key="is_conduct_supervisor")
    mobile = LineField(N_("Mobile:"), placeholder="13812345678")
    landline = LineField(N_("Landline:"), placeholder="010-64201234")
    notes = TextField(N_("Notes:"), height=NOTES_HEIGHT, fixed=True)

    def prepare(self, existing: ContactDetail | None) -> None:
        self.organisation.addItem(_("(none)"), None)
        with user_errors(self):
            for organisation in self._services.contacts.list_organisations(self._principal):
                self.organisation.addItem(organisation.name, organisation.id)
        linked = existing.organisation_id if existing is not None else None
        if existing is not None and linked is not None and self.organisation.findData(linked) < 0:
            # a deleted organisation still linked: keep it, named as the contact shows it
            self.organisation.addItem(existing.organisation_name, linked)

    def blank(self) -> ContactDraft:
        return ContactDraft("")

    def save_calls(self) -> SaveCalls:
        contacts = self._services.contacts
        return SaveCalls(contacts.create_person, contacts.update_person)
