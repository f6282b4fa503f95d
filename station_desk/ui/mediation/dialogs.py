"""The small forms of the mediation editor: a party, a session, a return visit, a new case,
the reason for closing an incomplete case, and the register's period.

Each is a `FormDialog`: OK runs the check or the service, a `ValidationError` shows under its
field and the dialog stays open, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from station_desk.domain.accounts import Principal
from station_desk.domain.enums import Gender
from station_desk.domain.mediation import (
    GUARDIAN_AGE,
    CaseDetail,
    CaseDraft,
    CaseSource,
    DisputeType,
    FileItem,
    MediationKind,
    PartyEntry,
    PartyKind,
    PartyRole,
    ReturnVisitEntry,
    Satisfaction,
    SessionEntry,
    StatementEntry,
    VisitMethod,
    validated_party,
)
from station_desk.domain.validators import age_on, parse_resident_id
from station_desk.errors import StationDeskError, ValidationError
from station_desk.i18n import _
from station_desk.services.container import Services
from station_desk.ui.widgets.forms import FormDialog
from station_desk.ui.widgets.inputs import (
    OptionalDate,
    OptionalDateTime,
    date_edit,
    date_time_edit,
)

NOTE_STYLE = "color: #8a5a00;"


def enum_choice(members: list, current: object = None, empty: str | None = None) -> QComboBox:
    combo = QComboBox()
    if empty is not None:
        combo.addItem(empty, None)
    for member in members:
        combo.addItem(member.label, member.value)
    if current is not None:
        combo.setCurrentIndex(max(0, combo.findData(str(current))))
    return combo


def text_box(text: str = "", height: int = 70) -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setTabChangesFocus(True)
    box.setMinimumHeight(height)
    return box


def gender_text(gender: Gender | None) -> str:
    if gender is None:
        return ""
    return _("Male") if Gender(gender) is Gender.MALE else _("Female")


class NewCaseDialog(FormDialog):
    """Register a case: the number is issued when it is saved; `created` afterwards."""

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(_("Register a mediation case"), parent)
        self._services, self._principal = services, principal
        self.created: CaseDetail | None = None
        self.received_on = self.form.add_field("received_on", date_edit(date.today()))
        self.source = self.form.add_field("source", enum_choice(list(CaseSource)))
        self.dispute_type = self.form.add_field("dispute_type", enum_choice(list(DisputeType)))
        self.kind = self.form.add_field("kind", enum_choice(list(MediationKind)))
        self.title = self.form.add_field("title", QLineEdit())
        self.facts = self.form.add_field("facts", text_box())
        for key, text in (
            ("received_on", _("Received on:")),
            ("source", _("Source:")),
            ("dispute_type", _("Dispute type:")),
            ("kind", _("Kind:")),
            ("title", _("Title:")),
            ("facts", _("Facts:")),
        ):
            self.form.set_label(key, text)
        self.setMinimumWidth(520)

    def save(self) -> None:
        self.created = self._services.mediation.register_case(
            self._principal,
            CaseDraft(
                received_on=self.received_on.date().toPython(),
                source=CaseSource(self.source.currentData()),
                dispute_type=DisputeType(self.dispute_type.currentData()),
                kind=MediationKind(self.kind.currentData()),
                title=self.title.text(),
                facts=self.facts.toPlainText(),
            ),
        )


def gender_choice(current: Gender | None) -> QComboBox:
    combo = QComboBox()
    combo.addItem(_("Not known"), None)
    for gender in Gender:
        combo.addItem(gender_text(gender), gender.value)
    if current is not None:
        combo.setCurrentIndex(max(0, combo.findData(Gender(current).value)))
    return combo


class PartyDialog(FormDialog):
    """Add or change one party (checked, not saved: the editor saves the case).

    A person: gender and birth date come from a valid ID number; without one they are typed
    (with the other identity proof). A party under 16 on the day the case was received — by
    the ID number or the typed birth date — needs a guardian. An organisation: its name, its
    unified social credit code (kept as the identity note) and its legal representative; it
    has no ID number, gender, birth date or guardian."""

    def __init__(
        self,
        services: Services,
        principal: Principal,
        received_on: date,
        case_id: str | None,
        party: PartyEntry | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            _("Party") if party is None else _("Party: {name}").format(name=party.name), parent
        )
        self._services, self._principal = services, principal
        self._received_on, self._case_id = received_on, case_id
        self._party_id = party.id if party else None
        self.entry: PartyEntry | None = None
        party = party or PartyEntry(name="")
        form = self.form
        self.kind = form.add_field("kind", enum_choice(list(PartyKind), party.kind))
        self.name = form.add_field("name", QLineEdit(party.name))
        self.role = form.add_field("role", enum_choice(list(PartyRole), party.role))
        self.resident_id = form.add_field("resident_id", QLineEdit(party.resident_id))
        self.derived = form.add_field("derived", QLabel())
        self.earlier = form.add_field("earlier", QLabel())
        self.earlier.setWordWrap(True)
        typed_birth = party.birth_date if not party.resident_id else None
        self.gender = form.add_field(
            "gender", gender_choice(party.gender if not party.resident_id else None)
        )
        self.birth_date = form.add_field(
            "birth_date", OptionalDate(_("Set"), tooltip=_("Birth date"))
        )
        self.birth_date.set_value(typed_birth)
        self.id_note = form.add_field("id_note", QLineEdit(party.id_note))
        self.representative = form.add_field("representative", QLineEdit(party.representative))
        self.phone = form.add_field("phone", QLineEdit(party.phone))
        self.address = form.add_field("address", QLineEdit(party.address))
        self.guardian_note = form.add_field("guardian_note", QLabel())
        self.guardian_note.setStyleSheet(NOTE_STYLE)
        self.guardian_note.setWordWrap(True)
        self.guardian_name = form.add_field("guardian_name", QLineEdit(party.guardian_name))
        self.guardian_relation = form.add_field(
            "guardian_relation", QLineEdit(party.guardian_relation)
        )
        self.guardian_phone = form.add_field("guardian_phone", QLineEdit(party.guardian_phone))
        for key, text in (
            ("kind", _("Type of party:")),
            ("role", _("Role:")),
            ("resident_id", _("ID number:")),
            ("derived", _("Gender, birth date:")),
            ("earlier", _("Earlier cases:")),
            ("gender", _("Gender:")),
            ("birth_date", ""),
            ("representative", _("Legal representative:")),
            ("phone", _("Phone:")),
            ("address", _("Address:")),
            ("guardian_note", ""),
        ):
            form.set_label(key, text)
        self.minor = False
        self.kind.currentIndexChanged.connect(self.kind_changed)
        self.resident_id.textChanged.connect(self.id_changed)
        self.birth_date.changed.connect(self.id_changed)
        self.kind_changed()
        self.setMinimumWidth(540)

    def is_organisation(self) -> bool:
        return self.kind.currentData() == PartyKind.ORGANISATION.value

    def kind_changed(self) -> None:
        """Show the rows that fit a person or an organisation."""
        organisation = self.is_organisation()
        self.form.set_label("name", _("Name of the organisation:") if organisation else _("Name:"))
        self.form.set_label(
            "id_note",
            _("Unified social credit code:") if organisation else _("Other identity proof:"),
        )
        person_rows = (
            self.resident_id,
            self.derived,
            self.earlier,
            self.gender,
            self.birth_date,
            self.guardian_note,
            self.guardian_name,
            self.guardian_relation,
            self.guardian_phone,
        )
        for widget in person_rows:
            self._show_row(widget, not organisation)
        self._show_row(self.representative, organisation)
        self.id_changed()

    def _show_row(self, widget: QWidget, visible: bool) -> None:
        cell = widget.parentWidget()  # FieldForm puts each field in a cell with its error
        if cell is not None:
            self.form.setRowVisible(cell, visible)

    def id_changed(self, *_args: object) -> None:
        """Show what a valid ID number says (gender, birth date, earlier cases), and whether
        the party is under 16 by it or, without a number, by the typed birth date."""
        text = self.resident_id.text()
        self.derived.setText("")
        self.earlier.setText("")
        self.minor = False
        parsed = None
        if text.strip():
            try:
                parsed = parse_resident_id(text, today=date.today())
            except ValidationError:
                parsed = None
        typed = not text.strip()
        self.gender.setEnabled(typed)
        self.birth_date.setEnabled(typed)
        birth = self.birth_date.value() if typed else None
        if self.is_organisation():
            pass
        elif typed and birth is not None:
            self.minor = age_on(birth, self._received_on) < GUARDIAN_AGE
        elif parsed is not None:
            self.minor = age_on(parsed.birth_date, self._received_on) < GUARDIAN_AGE
            self.derived.setText(f"{gender_text(parsed.gender)}  {parsed.birth_date.isoformat()}")
            try:
                earlier = self._services.mediation.earlier_cases(
                    self._principal, parsed.number, self._case_id
                )
            except StationDeskError:
                earlier = []
            self.earlier.setText(
                "；".join(f"{c.case_number} {c.title}（{c.status.label}）" for c in earlier)
                or _("None")
            )
        suffix = " *" if self.minor else ""
        self.form.set_label("guardian_name", _("Guardian:") + suffix)
        self.form.set_label("guardian_relation", _("Guardian's relation:") + suffix)
        self.form.set_label("guardian_phone", _("Guardian's phone:"))
        self.guardian_note.setText(
            _("The party is under {age}: a guardian must take part.").format(age=GUARDIAN_AGE)
            if self.minor
            else ""
        )

    def current_entry(self) -> PartyEntry:
        """The party as typed; what does not fit its kind is left out."""
        if self.is_organisation():
            return PartyEntry(
                name=self.name.text(),
                role=PartyRole(self.role.currentData()),
                kind=PartyKind.ORGANISATION,
                id_note=self.id_note.text(),
                phone=self.phone.text(),
                address=self.address.text(),
                representative=self.representative.text(),
                id=self._party_id,
            )
        gender = self.gender.currentData()
        return PartyEntry(
            name=self.name.text(),
            role=PartyRole(self.role.currentData()),
            resident_id=self.resident_id.text(),
            gender=Gender(gender) if gender else None,
            birth_date=self.birth_date.value(),
            id_note=self.id_note.text(),
            phone=self.phone.text(),
            address=self.address.text(),
            guardian_name=self.guardian_name.text(),
            guardian_relation=self.guardian_relation.text(),
            guardian_phone=self.guardian_phone.text(),
            id=self._party_id,
        )

    def save(self) -> None:
        self.entry = validated_party(self.current_entry(), self._received_on, date.today())


class SessionDialog(FormDialog):
    """Record a mediation session (调解笔录); saved at once, `saved` holds the case after."""

    def __init__(
        self,
        services: Services,
        principal: Principal,
        case: CaseDetail,
        session: SessionEntry | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Mediation session"), parent)
        self._services, self._principal, self._case = services, principal, case
        self._session_id = session.id if session else None
        self.saved: CaseDetail | None = None
        now = datetime.now().replace(second=0, microsecond=0)
        session = session or SessionEntry(
            starts_at=now,
            place="",
            mediators=principal.display_name,
            participants="、".join(p.name for p in case.parties),
        )
        form = self.form
        self.starts_at = form.add_field("starts_at", date_time_edit(session.starts_at))
        self.ends_at = form.add_field("ends_at", OptionalDateTime(_("Set"), tooltip=_("Ended")))
        self.ends_at.set_value(session.ends_at, session.starts_at)
        self.place = form.add_field("place", QLineEdit(session.place))
        self.mediators = form.add_field("mediators", QLineEdit(session.mediators))
        self.participants = form.add_field("participants", QLineEdit(session.participants))
        self.rights = form.add_field(
            "rights_explained", QCheckBox(_("The parties' rights and duties were explained"))
        )
        self.rights.setChecked(session.rights_explained)
        said = {s.party_id: s.text for s in session.statements}
        self.statements: list[tuple[PartyEntry, QPlainTextEdit]] = []
        for row, party in enumerate(case.parties):
            box = form.add_field(f"statement{row}", text_box(said.get(party.id, ""), 50))
            form.set_label(f"statement{row}", _("Statement of {name}:").format(name=party.name))
            self.statements.append((party, box))
        self.facts_checked = form.add_field("facts_checked", text_box(session.facts_checked, 50))
        self.result = form.add_field("result", text_box(session.result, 50))
        for key, text in (
            ("starts_at", _("Starts:")),
            ("ends_at", _("Ends:")),
            ("place", _("Place:")),
            ("mediators", _("Mediators:")),
            ("participants", _("Participants:")),
            ("rights_explained", ""),
            ("facts_checked", _("Facts checked:")),
            ("result", _("Result:")),
        ):
            form.set_label(key, text)
        self.setMinimumWidth(600)

    def current_entry(self) -> SessionEntry:
        statements = tuple(
            StatementEntry(box.toPlainText(), party.id)
            for party, box in self.statements
            if box.toPlainText().strip()
        )
        return SessionEntry(
            starts_at=self.starts_at.dateTime().toPython().replace(second=0, microsecond=0),
            ends_at=self.ends_at.value(),
            place=self.place.text(),
            mediators=self.mediators.text(),
            participants=self.participants.text(),
            rights_explained=self.rights.isChecked(),
            statements=statements,
            facts_checked=self.facts_checked.toPlainText(),
            result=self.result.toPlainText(),
            id=self._session_id,
        )

    def save(self) -> None:
        self.saved = self._services.mediation.save_session(
            self._principal, self._case.id, self.current_entry()
        )


class VisitDialog(FormDialog):
    """Add a return visit (回访), or change `visit`; saved at once."""

    def __init__(
        self,
        services: Services,
        principal: Principal,
        case: CaseDetail,
        parent: QWidget | None = None,
        visit: ReturnVisitEntry | None = None,
    ) -> None:
        super().__init__(_("Return visit"), parent)
        self._services, self._principal, self._case = services, principal, case
        self._visit_id = visit.id if visit else None
        self.saved: CaseDetail | None = None
        visit = visit or ReturnVisitEntry(
            date.today(),
            VisitMethod.PHONE,
            principal.display_name,
            satisfaction=Satisfaction.SATISFIED,
        )
        form = self.form
        self.visit_date = form.add_field("visit_date", date_edit(visit.visit_date))
        self.method = form.add_field("method", enum_choice(list(VisitMethod), visit.method))
        self.visitor = form.add_field("visitor", QLineEdit(visit.visitor))
        self.findings = form.add_field("findings", text_box(visit.findings))
        self.satisfaction = form.add_field(
            "satisfaction", enum_choice(list(Satisfaction), visit.satisfaction, _("Not asked"))
        )
        if visit.satisfaction is None:
            self.satisfaction.setCurrentIndex(0)
        self.next_due = form.add_field(
            "next_due", OptionalDate(_("Set"), tooltip=_("Next visit due"))
        )
        self.next_due.set_value(visit.next_due)
        for key, text in (
            ("visit_date", _("Date:")),
            ("method", _("Method:")),
            ("visitor", _("Visited by:")),
            ("findings", _("Findings:")),
            ("satisfaction", _("Satisfaction:")),
            ("next_due", ""),
        ):
            form.set_label(key, text)

    def current_entry(self) -> ReturnVisitEntry:
        satisfaction = self.satisfaction.currentData()
        return ReturnVisitEntry(
            visit_date=self.visit_date.date().toPython(),
            method=VisitMethod(self.method.currentData()),
            visitor=self.visitor.text(),
            findings=self.findings.toPlainText(),
            satisfaction=Satisfaction(satisfaction) if satisfaction else None,
            next_due=self.next_due.value(),
            id=self._visit_id,
        )

    def save(self) -> None:
        self.saved = self._services.mediation.save_return_visit(
            self._principal, self._case.id, self.current_entry()
        )


class CloseReasonDialog(FormDialog):
    """The case file lacks required items: say why it is closed anyway."""

    def __init__(
        self,
        missing: tuple[FileItem, ...],
        close: Callable[[str], CaseDetail],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Close an incomplete case"), parent)
        self._close = close
        self.closed: CaseDetail | None = None
        lacking = QLabel(
            _("The case file lacks: {items}.").format(items="、".join(i.label for i in missing))
        )
        lacking.setWordWrap(True)
        self.form.insertRow(0, lacking)
        self.reason = self.form.add_field("confirm_incomplete_reason", text_box())
        self.form.set_label("confirm_incomplete_reason", _("Reason:"))

    def save(self) -> None:
        self.closed = self._close(self.reason.toPlainText())
