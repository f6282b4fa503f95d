"""The contacts page (联系单位): partner organisations and their people.

People are found by name, pinyin (full or initials), organisation, position or phone, and
may be filtered to one organisation or to conduct supervisors (警风监督员). Both lists add,
edit, delete (after asking) and — with "Show deleted" — restore.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QWidget,
)

from station_desk.domain.accounts import Principal
from station_desk.domain.contacts import ContactDetail, OrganisationDetail, OrganisationKind
from station_desk.domain.roles import Permission
from station_desk.i18n import N_, _
from station_desk.services.container import Services
from station_desk.ui.contacts.dialogs import ContactDialog, OrganisationDialog
from station_desk.ui.errors import user_errors
from station_desk.ui.formatting import yes_no
from station_desk.ui.widgets.dialogs import confirm, open_dialog
from station_desk.ui.widgets.filters import after_typing, search_box
from station_desk.ui.widgets.layouts import lay_out, tab_widget
from station_desk.ui.widgets.page import ServicePage
from station_desk.ui.widgets.rows import (
    StyledRowsModel,
    button_row,
    deleted_grey,
    row_table,
    tool_button,
)
from station_desk.ui.widgets.table_model import Column, TableRows

SEARCH_DELAY_MS = 250


PEOPLE_COLUMNS = (
    Column(N_("Name"), lambda p: p.name),
    Column(N_("Organisation"), lambda p: p.organisation_name),
    Column(N_("Position"), lambda p: p.position),
    Column(N_("Conduct supervisor"), lambda p: yes_no(p.is_conduct_supervisor)),
    Column(N_("Mobile"), lambda p: p.mobile),
    Column(N_("Landline"), lambda p: p.landline),
    Column(N_("Notes"), lambda p: " ".join(p.notes.split())),
)

ORGANISATION_COLUMNS = (
    Column(N_("Name"), lambda o: o.name),
    Column(N_("Kind"), lambda o: o.kind.label),
    Column(N_("People"), lambda o: str(o.people)),
    Column(N_("Phone"), lambda o: o.phone),
    Column(N_("Address"), lambda o: o.address),
)


class RecordList(QWidget, TableRows):
    """Search box, extra filters, a table and New / Edit / Delete / Restore; `delete` and
    `restore` are the service's calls (the principal, the record's id)."""

    def __init__(
        self,
        services: Services,
        principal: Principal,
        columns: tuple[Column, ...],
        placeholder: str,
        parent: QWidget | None = None,
        widths: tuple[int, ...] = (),
        *,
        delete: Callable[[Principal, str], object],
        restore: Callable[[Principal, str], object],
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._principal = principal
        self._delete, self._restore = delete, restore
        self.search = search_box(placeholder)
        self.show_deleted = QCheckBox(_("Show deleted"))
        self.model = StyledRowsModel(columns, deleted_grey, self)
        self.table = row_table(self.model, widths=widths)
        self.count = QLabel()
        self.filters = QHBoxLayout()
        self.filters.addWidget(self.search, 2)
        self.new_button = tool_button(_("New…"), "new", self.new_record, key="N")
        self.edit_button = tool_button(_("Edit…"), "edit", self.edit_selected, key="E")
        self.delete_button = tool_button(_("Delete…"), "delete", self.delete_selected, key="D")
        self.restore_button = tool_button(_("Restore"), "restore", self.restore_selected, key="R")
        buttons = button_row(
            self.new_button, self.edit_button, self.delete_button, self.restore_button
        )
        lay_out(self, self.filters, buttons, (self.table, 1), self.count)
        self._timer = after_typing(self.search, SEARCH_DELAY_MS, self.reload)
        self.search.returnPressed.connect(self.reload)
        self.show_deleted.toggled.connect(self.reload)
        self.table.activated.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.update_buttons())

    def add_filter(self, widget: QWidget) -> None:
        self.filters.addWidget(widget)

    # -- for subclasses --------------------------------------------------------------------
    def fetch(self) -> list[Any]:
        raise NotImplementedError

    def dialog(self, existing: Any | None) -> QDialog:
        raise NotImplementedError

    def delete(self, record: Any) -> None:
        self._delete(self._principal, record.id)

    def restore(self, record: Any) -> None:
        self._restore(self._principal, record.id)

    def delete_question(self, record: Any) -> str:
        raise NotImplementedError

    # -- the list --------------------------------------------------------------------------
    def reload(self) -> None:
        self._timer.stop()
        rows = None
        with user_errors(self):
            rows = self.fetch()
        self.show_rows(rows)

    def show_rows(self, rows: list[Any] | None) -> None:
        """Fill the table with `rows` read (None: the read failed, the table is left as it
        was), keeping the chosen record chosen."""
        chosen = self.selected()
        if rows is not None:
            self.model.set_rows(rows)
            self.count.setText(_("{n} shown").format(n=len(rows)))
        if chosen is not None:
            self.select(chosen.id)
        self.update_buttons()

    def update_buttons(self) -> None:
        chosen = self.selected()
        may_edit = self._principal.can(Permission.EDIT_RECORDS)
        live = chosen is not None and not chosen.is_deleted
        self.new_button.setEnabled(may_edit)
        self.edit_button.setEnabled(may_edit and live)
        self.delete_button.setEnabled(may_edit and live)
        self.restore_button.setEnabled(may_edit and chosen is not None and chosen.is_deleted)

    # -- actions ---------------------------------------------------------------------------
    def new_record(self) -> QDialog:
        return self._open(self.dialog(None))

    def edit_selected(self) -> QDialog | None:
        chosen = self.selected()
        if chosen is None or chosen.is_deleted:
            return None
        return self._open(self.dialog(chosen))

    def open_record(self, record: Any) -> QDialog:
        return self._open(self.dialog(record))

    def _open(self, dialog: QDialog) -> QDialog:
        def saved() -> None:
            self.reload()
            record = getattr(dialog, "saved", None)
            if record is not None:
                self.select(record.id)

        return open_dialog(dialog, accepted=saved)

    def delete_selected(self) -> QMessageBox | None:
        chosen = self.selected()
        if chosen is None:
            return None
        return confirm(self, self.delete_question(chosen), lambda: self._act(self.delete, chosen))

    def restore_selected(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self._act(self.restore, chosen)

    def _act(self, action: Callable[[Any], object], record: Any) -> None:
        with user_errors(self):
            action(record)
        self.reload()


class PeopleList(RecordList):
    """Contact people, searchable by name, pinyin, organisation, position or phone."""

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(
            services,
            principal,
            PEOPLE_COLUMNS,
            _("Search: name, pinyin initials, organisation, phone"),
            parent,
            widths=(80, 230, 110, 80, 110, 120),
            delete=services.contacts.delete_person,
            restore=services.contacts.restore_person,
        )
        self.organisation = QComboBox()
        self.supervisors = QCheckBox(_("Conduct supervisors only"))
        self.add_filter(self.organisation)
        self.add_filter(self.supervisors)
        self.add_filter(self.show_deleted)
        self.organisation.currentIndexChanged.connect(self.reload)
        self.supervisors.toggled.connect(self.reload)

    def fill_organisations(self, organisations: list[OrganisationDetail]) -> None:
        chosen = self.organisation.currentData()
        blocked = self.organisation.blockSignals(True)
        self.organisation.clear()
        self.organisation.addItem(_("All organisations"), None)
        for organisation in organisations:
            self.organisation.addItem(organisation.name, organisation.id)
        self.organisation.setCurrentIndex(max(0, self.organisation.findData(chosen)))
        self.organisation.blockSignals(blocked)

    def fetch(self) -> list[ContactDetail]:
        return self._services.contacts.search_people(
            self._principal,
            self.search.text(),
            organisation_id=self.organisation.currentData(),
            supervisors_only=self.supervisors.isChecked(),
            include_deleted=self.show_deleted.isChecked(),
        )

    def dialog(self, existing: ContactDetail | None) -> QDialog:
        dialog = ContactDialog(self._services, self._principal, existing, self)
        if existing is None:  # a new contact of the organisation the list shows
            dialog.show_values({"organisation_id": self.organisation.currentData()})
        return dialog

    def delete_question(self, record: ContactDetail) -> str:
        return _("Delete the contact {name}? Meetings keep the name as it was.").format(
            name=record.name
        )


class OrganisationList(RecordList):
    """Partner organisations by name, with the number of their people."""

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(
            services,
            principal,
            ORGANISATION_COLUMNS,
            _("Search: name"),
            parent,
            widths=(280, 170, 60, 120),
            delete=services.contacts.delete_organisation,
            restore=services.contacts.restore_organisation,
        )
        self.kind = QComboBox()
        self.kind.addItem(_("All kinds"), None)
        for kind in OrganisationKind:
            self.kind.addItem(kind.label, kind.value)
        self.add_filter(self.kind)
        self.add_filter(self.show_deleted)
        self.kind.currentIndexChanged.connect(self.reload)

    def fetch(self) -> list[OrganisationDetail]:
        kind = self.kind.currentData()
        return self._services.contacts.list_organisations(
            self._principal,
            self.search.text(),
            kind=OrganisationKind(kind) if kind else None,
            include_deleted=self.show_deleted.isChecked(),
        )

    def dialog(self, existing: OrganisationDetail | None) -> QDialog:
        return OrganisationDialog(self._services, self._principal, existing, self)

    def delete_question(self, record: OrganisationDetail) -> str:
        return _("Delete the organisation {name}? Its people keep its name.").format(
            name=record.name
        )


class ContactsPage(ServicePage):
    """People and organisations in two tabs."""

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(services, principal, parent)
        self.people = PeopleList(services, principal)
        self.organisations = OrganisationList(services, principal)
        self.tabs = tab_widget((self.people, _("People")), (self.organisations, _("Organisations")))
        lay_out(self, self.tabs)
        self.organisations.model.modelReset.connect(self._organisations_changed)
        self.tabs.currentChanged.connect(lambda _index: self.current_list().reload())
        self.refresh()

    def current_list(self) -> RecordList:
        return self.people if self.tabs.currentWidget() is self.people else self.organisations

    def refresh(self) -> None:
        self.organisations.reload()
        self.people.reload()

    def _organisations_changed(self) -> None:
        with user_errors(self):
            live = self._services.contacts.list_organisations(self._principal)
            self.people.fill_organisations(live)
