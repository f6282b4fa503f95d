"""The small forms of the mediation editor: a party, a session, a return visit, a new case,
and the reason for closing an incomplete case.

Each is a `FormDialog` with declared fields: OK runs the check or the service, a
`ValidationError` shows under its field and the dialog stays open, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from station_desk.domain.accounts import Principal
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
from station_desk.domain.validators import age_on
from station_desk.errors import StationDeskError
from station_desk.i18n import N_, _
from station_desk.services.container import Services
from station_desk.ui.widgets.fields import (
    CheckField,
    ChoiceField,
    DayField,
    DeclaredFields,
    GenderField,
    LineField,
    MomentField,
    NoteField,
    OptionalDayField,
    OptionalMomentField,
    TextField,
)
from station_desk.ui.widgets.forms import EntryDialog, FormDialog
from station_desk.ui.widgets.id_numbers import id_facts_text, typed_id
from station_desk.ui.widgets.inputs import end_follows_start, text_box

NOTE_STYLE = "color: #8a5a00;"
ORGANISATION_KEYS = ("name", "role", "kind", "id_note", "phone", "address", "representative")


class CaseFields(DeclaredFields):
    """What registering a case asks, and the editor's registration tab begins with."""

    received_on = DayField(N_("Received on:"))
    source = ChoiceField(N_("Source:"), CaseSource)
    dispute_type = ChoiceField(N_("Dispute type:"), DisputeType)
    kind = ChoiceField(N_("Kind:"), MediationKind)
    title = LineField(N_("Title:"))
    facts = TextField(N_("Facts:"))


class NewCaseDialog(FormDialog, CaseFields):
    """Register a case: the number is issued when it is saved; `created` afterwards."""

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(_("Register a mediation case"), parent)
        self._services, self._principal = services, principal
        self.created: CaseDetail | None = None
        self.setMinimumWidth(520)

    def save(self) -> None:
        self.created = self._services.mediation.register_case(
            self._principal, self.new_record(CaseDraft)
        )


class PartyDialog(FormDialog):
    """Add or change one party (checked, not saved: the editor saves the case).

    A person: gender and birth date come from a valid ID number; without one they are typed
    (with the other identity proof). A party under 16 on the day the case was received — by
    the ID number or the typed birth date — needs a guardian. An organisation: its name, its
    unified social credit code (kept as the identity note) and its legal representative; it
    has no ID number, gender, birth date or guardian."""

    kind = ChoiceField(N_("Type of party:"), PartyKind)
    name = LineField(N_("Name:"))
    role = ChoiceField(N_("Role:"), PartyRole)
    resident_id = LineField(N_("ID number:"))
    derived = NoteField(N_("Gender, birth date:"))
    earlier = NoteField(N_("Earlier cases:"), wrap=True)
    gender = GenderField(N_("Gender:"), empty=N_("Not known"))
    birth_date = OptionalDayField(N_("Birth date:"), tooltip=N_("Birth date"))
    id_note = LineField()
    representative = LineField(N_("Legal representative:"))
    phone = LineField(N_("Phone:"))
    address = LineField(N_("Address:"))
    guardian_note = NoteField(style=NOTE_STYLE, wrap=True)
    guardian_name = LineField()
    guardian_relation = LineField()
    guardian_phone = LineField()

    def __init__(
        self,
        services: Services,
        principal: Principal,
        received_on: date,
        case_id: str | None,
        party: PartyEntry | None = None,
        parent: QWidget | None = None,
        role: PartyRole = PartyRole.APPLICANT,  # of a new party
    ) -> None:
        super().__init__(
            _("Party") if party is None else _("Party: {name}").format(name=party.name), parent
        )
        self._services, self._principal = services, principal
        self._received_on, self._case_id = received_on, case_id
        self._party_id = party.id if party else None
        self.entry: PartyEntry | None = None
        party = party or PartyEntry(name="", role=role)
        # with an ID number, gender and birth date are derived: none typed
        self.show_record(replace(party, gender=None, birth_date=None) if party.resident_id else party)
        self.minor = False
        self.kind.currentIndexChanged.connect(self.kind_changed)
        self.resident_id.textChanged.connect(self.id_changed)
        self.birth_date.changed.connect(self.id_changed)
        self.form.recheck = self._checked
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
            self.form.show_row(widget, not organisation)
        self.form.show_row(self.representative, organisation)
        self.id_changed()

    def id_changed(self, *_args: object) -> None:
        """Show what a valid ID number says (gender, birth date, earlier cases), and whether
        the party is under 16 by it or, without a number, by the typed birth date."""
        text = self.resident_id.text()
        self.derived.setText("")
        self.earlier.setText("")
        self.minor = False
        parsed = typed_id(text)
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
            self.derived.setText(id_facts_text(parsed))
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
        self.form.set_labels(
            guardian_name=_("Guardian:") + suffix,
            guardian_relation=_("Guardian's relation:") + suffix,
            guardian_phone=_("Guardian's phone:"),
        )
        self.guardian_note.setText(
            _("The party is under {age}: a guardian must take part.").format(age=GUARDIAN_AGE)
            if self.minor
            else ""
        )

    def current_entry(self) -> PartyEntry:
        """The party as typed; what does not fit its kind is left out."""
        values = self.record_values()
        if self.is_organisation():
            values = {key: values[key] for key in ORGANISATION_KEYS}
        else:
            del values["representative"]
        return PartyEntry(**values, id=self._party_id)

    def _checked(self) -> PartyEntry:
        return validated_party(self.current_entry(), self._received_on, date.today())

    def save(self) -> None:
        self.entry = self._checked()


class SessionDialog(EntryDialog):
    """Record a mediation session (调解笔录) of the case; saved at once, `saved` holds the case
    after."""

    heading = N_("Mediation session")
    starts_at = MomentField(N_("Starts:"))
    ends_at = OptionalMomentField(N_("Ends:"), tooltip=N_("Ended"))
    place = LineField(N_("Place:"))
    mediators = LineField(N_("Mediators:"))
    participants = LineField(N_("Participants:"))
    rights = CheckField(N_("The parties' rights and duties were explained"), key="rights_explained")
    facts_checked = TextField(N_("Facts checked:"), height=50)
    result = TextField(N_("Result:"), height=50)  # type: ignore[assignment]

    def blank(self) -> SessionEntry:
        return SessionEntry(
            starts_at=datetime.now().replace(second=0, microsecond=0),
            place="",
            mediators=self._principal.display_name,
            participants="、".join(p.name for p in self._owner.parties),
        )

    def prepare(self) -> None:
        session = self._entry
        self.ends_at.set_value(session.ends_at, session.starts_at)
        end_follows_start(self.starts_at, self.ends_at)
        said = {s.party_id: s.text for s in session.statements}
        self.statements: list[tuple[PartyEntry, QPlainTextEdit]] = []
        before = self.form.row_of(self.facts_checked)
        for row, party in enumerate(self._owner.parties):  # a box per party, before "Facts checked"
            box = text_box(said.get(party.id, ""), 50)
            self.form.add_field(f"statement{row}", box, at=before + row)
            self.form.set_label(f"statement{row}", _("Statement of {name}:").format(name=party.name))
            self.statements.append((party, box))
        self.setMinimumWidth(600)

    def current_entry(self) -> SessionEntry:
        statements = tuple(
            StatementEntry(box.toPlainText(), party.id)
            for party, box in self.statements
            if box.toPlainText().strip()
        )
        return self.new_record(SessionEntry, statements=statements, id=self._entry.id)

    def save_call(self) -> Callable[[Principal, str, SessionEntry], CaseDetail]:
        return self._services.mediation.save_session


class VisitDialog(EntryDialog):
    """Add a return visit (回访) to the case, or change one; saved at once."""

    heading = N_("Return visit")
    visit_date = DayField(N_("Date:"))
    method = ChoiceField(N_("Method:"), VisitMethod)
    visitor = LineField(N_("Visited by:"))
    findings = TextField(N_("Findings:"))
    satisfaction = ChoiceField(N_("Satisfaction:"), Satisfaction, empty=N_("Not asked"))
    next_due = OptionalDayField(N_("Next visit due:"), tooltip=N_("Next visit due"))

    def blank(self) -> ReturnVisitEntry:
        return ReturnVisitEntry(
            date.today(),
            VisitMethod.PHONE,
            self._principal.display_name,
            satisfaction=Satisfaction.SATISFIED,
        )

    def current_entry(self) -> ReturnVisitEntry:
        return self.new_record(ReturnVisitEntry, id=self._entry.id)

    def save_call(self) -> Callable[[Principal, str, ReturnVisitEntry], CaseDetail]:
        return self._services.mediation.save_return_visit


class CloseReasonDialog(FormDialog):
    """The case file lacks required items: say why it is closed anyway."""

    reason = TextField(N_("Reason:"), key="confirm_incomplete_reason")

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

    def save(self) -> None:
        self.closed = self._close(self.reason.toPlainText())
