"""Dialogs of the contacts page: an organisation (联系单位) and a contact person (联系人).

Both create a new record or edit one; errors (an empty name, a bad phone number, a duplicate
organisation) are shown under their field and the dialog stays open.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from station_desk.domain.accounts import Principal
from station_desk.domain.contacts import (
    MAX_ADDRESS,
    MAX_ORGANISATION_NAME,
    MAX_POSITION,
    ContactDetail,
    ContactDraft,
    OrganisationDetail,
    OrganisationDraft,
    OrganisationKind,
)
from station_desk.i18n import _
from station_desk.services.container import Services
from station_desk.ui.errors import user_errors
from station_desk.ui.widgets.forms import FormDialog

NOTES_HEIGHT = 70


def kind_combo(current: OrganisationKind = OrganisationKind.OTHER) -> QComboBox:
    combo = QComboBox()
    for kind in OrganisationKind:
        combo.addItem(kind.label, kind.value)
    combo.setCurrentIndex(combo.findData(OrganisationKind(current).value))
    return combo


def notes_edit(text: str = "") -> QPlainTextEdit:
    edit = QPlainTextEdit(text)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(NOTES_HEIGHT)
    return edit


class OrganisationDialog(FormDialog):
    """New organisation, or edit `existing`; `saved` holds the result after OK."""

    def __init__(
        self,
        services: Services,
        principal: Principal,
        existing: OrganisationDetail | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = (
            _("New organisation")
            if existing is None
            else _("Edit organisation {name}").format(name=existing.name)
        )
        super().__init__(title, parent)
        self._services = services
        self._principal = principal
        self._existing = existing
        self.saved: OrganisationDetail | None = None
        self.name = self.form.add_field("name", QLineEdit(existing.name if existing else ""))
        self.name.setMaxLength(MAX_ORGANISATION_NAME)
        self.kind = self.form.add_field(
            "kind", kind_combo(existing.kind if existing else OrganisationKind.RESIDENTS_COMMITTEE)
        )
        self.phone = self.form.add_field("phone", QLineEdit(existing.phone if existing else ""))
        self.address = self.form.add_field(
            "address", QLineEdit(existing.address if existing else "")
        )
        self.address.setMaxLength(MAX_ADDRESS)
        self.notes = self.form.add_field("notes", notes_edit(existing.notes if existing else ""))
        for key, text in (
            ("name", _("Name:")),
            ("kind", _("Kind:")),
            ("phone", _("Phone:")),
            ("address", _("Address:")),
            ("notes", _("Notes:")),
        ):
            self.form.set_label(key, text)

    def draft(self) -> OrganisationDraft:
        return OrganisationDraft(
            name=self.name.text(),
            kind=OrganisationKind(self.kind.currentData()),
            address=self.address.text(),
            phone=self.phone.text(),
            notes=self.notes.toPlainText(),
        )

    def save(self) -> None:
        contacts = self._services.contacts
        if self._existing is None:
            self.saved = contacts.create_organisation(self._principal, self.draft())
        else:
            self.saved = contacts.update_organisation(
                self._principal, self._existing.id, self.draft()
            )


class ContactDialog(FormDialog):
    """New contact person, or edit `existing`; `saved` holds the result after OK."""

    def __init__(
        self,
        services: Services,
        principal: Principal,
        existing: ContactDetail | None = None,
        parent: QWidget | None = None,
        organisation_id: str | None = None,
    ) -> None:
        title = (
            _("New contact")
            if existing is None
            else _("Edit contact {name}").format(name=existing.name)
        )
        super().__init__(title, parent)
        self._services = services
        self._principal = principal
        self._existing = existing
        self.saved: ContactDetail | None = None
        self.name = self.form.add_field("name", QLineEdit(existing.name if existing else ""))
        self.organisation = self.form.add_field("organisation_id", QComboBox())
        self._fill_organisations(existing.organisation_id if existing else organisation_id)
        self.position = self.form.add_field(
            "position", QLineEdit(existing.position if existing else "")
        )
        self.position.setMaxLength(MAX_POSITION)
        self.supervisor = self.form.add_field(
            "is_conduct_supervisor", QCheckBox(_("Conduct supervisor (警风监督员)"))
        )
        self.supervisor.setChecked(bool(existing and existing.is_conduct_supervisor))
        self.mobile = self.form.add_field("mobile", QLineEdit(existing.mobile if existing else ""))
        self.landline = self.form.add_field(
            "landline", QLineEdit(existing.landline if existing else "")
        )
        self.mobile.setPlaceholderText("13812345678")
        self.landline.setPlaceholderText("010-64201234")
        self.notes = self.form.add_field("notes", notes_edit(existing.notes if existing else ""))
        for key, text in (
            ("name", _("Name:")),
            ("organisation_id", _("Organisation:")),
            ("position", _("Position:")),
            ("is_conduct_supervisor", ""),
            ("mobile", _("Mobile:")),
            ("landline", _("Landline:")),
            ("notes", _("Notes:")),
        ):
            self.form.set_label(key, text)

    def _fill_organisations(self, chosen: str | None) -> None:
        self.organisation.addItem(_("(none)"), None)
        with user_errors(self):
            for organisation in self._services.contacts.list_organisations(self._principal):
                self.organisation.addItem(organisation.name, organisation.id)
        index = self.organisation.findData(chosen)
        if index < 0 and chosen is not None and self._existing is not None:
            # a deleted organisation still linked: keep it, named as the contact shows it
            self.organisation.addItem(self._existing.organisation_name, chosen)
            index = self.organisation.count() - 1
        self.organisation.setCurrentIndex(max(0, index))

    def draft(self) -> ContactDraft:
        return ContactDraft(
            name=self.name.text(),
            organisation_id=self.organisation.currentData(),
            position=self.position.text(),
            is_conduct_supervisor=self.supervisor.isChecked(),
            mobile=self.mobile.text(),
            landline=self.landline.text(),
            notes=self.notes.toPlainText(),
        )

    def save(self) -> None:
        contacts = self._services.contacts
        if self._existing is None:
            self.saved = contacts.create_person(self._principal, self.draft())
        else:
            self.saved = contacts.update_person(self._principal, self._existing.id, self.draft())
