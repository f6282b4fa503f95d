"""The editor of one mediation case: tabs for the registration, parties, sessions, outcome and
follow-up, the case-file checklist beside them, Save (Ctrl+S) and Close case….

The registration and the parties are saved together (`update_case`); the outcome and the
performance by their own button (or by Save with the rest); a session and a return visit by
their own dialog, which also edits one, and each can be deleted (after a confirmation). A
recorded outcome can be taken back ("Reopen…"). Leaving with unsaved edits in any tab
(registration, parties, outcome, performance) asks Save / Discard / Cancel; saving a session
or a visit keeps the other tabs' unsaved edits on screen (`RecordEditor`). Errors show at
their field (or party row).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QMessageBox, QWidget

from station_desk.documents import AGREEMENT, MEDIATION_RECORD, Request
from station_desk.domain.accounts import Principal
from station_desk.domain.masking import mask_resident_id
from station_desk.domain.mediation import (
    PARTIES,
    CaseDetail,
    CaseOutcome,
    CaseUpdate,
    IncompleteCaseError,
    MediationRowError,
    OutcomeEntry,
    PartyEntry,
    PartyKind,
    PartyRole,
    PerformanceStatus,
    ReturnVisitEntry,
    SessionEntry,
    default_routes,
)
from station_desk.errors import StationDeskError
from station_desk.i18n import N_, _, ngettext
from station_desk.services.container import Services
from station_desk.ui.errors import show_error
from station_desk.ui.mediation.dialogs import (
    CaseFields,
    CloseReasonDialog,
    PartyDialog,
    SessionDialog,
    VisitDialog,
)
from station_desk.ui.widgets.dialogs import confirm, open_dialog
from station_desk.ui.widgets.editor import RecordEditor
from station_desk.ui.widgets.fields import (
    ChoiceField,
    DayField,
    LineField,
    OptionalDayField,
    TextField,
    WidgetField,
)
from station_desk.ui.widgets.forms import FieldForm
from station_desk.ui.widgets.id_numbers import fetch_full_id, show_id_button
from station_desk.ui.widgets.inputs import day_of, gender_text, on_edit
from station_desk.ui.widgets.layouts import lay_out
from station_desk.ui.widgets.preview import DocumentPreviewDialog, document_name, preview_document
from station_desk.ui.widgets.rows import (
    EditableRowsModel,
    button_row,
    chosen_entry,
    chosen_row,
    row_table,
    tab_page,
    tool_button,
)
from station_desk.ui.widgets.table_model import Column

REGISTRATION, OUTCOME, PERFORMANCE = "registration", "outcome", "performance"
REGISTRATION_TAB, PARTIES_TAB, OUTCOME_TAB, FOLLOW_UP_TAB = 0, 1, 3, 4


def _party_name(party: PartyEntry) -> str:
    if party.kind is PartyKind.ORGANISATION:
        return _("{name} (organisation)").format(name=party.name)
    return party.name


def party_columns(shown: set[str]) -> tuple[Column, ...]:
    """The parties' columns; an ID number is masked unless it is in `shown` (revealed by
    "Show ID number", audited, or typed in this editor)."""

    def id_number(party: PartyEntry) -> str:
        number = party.resident_id
        if not number:
            return party.id_note
        return number if number in shown else mask_resident_id(number)

    return (
        Column(N_("Name"), _party_name),
        Column(N_("Role"), lambda p: p.role.label),
        Column(N_("Gender"), lambda p: gender_text(p.gender)),
        Column(N_("Birth date"), lambda p: p.birth_date.isoformat() if p.birth_date else ""),
        Column(N_("ID number"), id_number),
        Column(N_("Guardian"), lambda p: p.guardian_name),
    )


SESSION_COLUMNS = (
    Column(N_("Starts"), lambda s: f"{s.starts_at:%Y-%m-%d %H:%M}"),
    Column(N_("Place"), lambda s: s.place),
    Column(N_("Mediators"), lambda s: s.mediators),
    Column(N_("Rights explained"), lambda s: "✓" if s.rights_explained else "✗"),
    Column(N_("Result"), lambda s: s.result.replace("\n", " ")),
)
VISIT_COLUMNS = (
    Column(N_("Date"), lambda v: v.visit_date.isoformat()),
    Column(N_("Method"), lambda v: v.method.label),
    Column(N_("Visited by"), lambda v: v.visitor),
    Column(N_("Satisfaction"), lambda v: v.satisfaction.label if v.satisfaction else ""),
    Column(N_("Next visit due"), lambda v: v.next_due.isoformat() if v.next_due else ""),
    Column(N_("Findings"), lambda v: v.findings.replace("\n", " ")),
)


def next_party_role(parties: list[PartyEntry]) -> PartyRole:
    """The side a new party is most likely on: the applicant first, then the respondent."""
    roles = {party.role for party in parties}
    for role in (PartyRole.APPLICANT, PartyRole.RESPONDENT):
        if role not in roles:
            return role
    return PartyRole.OTHER


class MediationEditor(RecordEditor, CaseFields):
    """One case; `saved(detail)` after every change, `back_requested` for the list."""

    parts = (REGISTRATION, OUTCOME, PERFORMANCE)  # the order Save saves them in
    # the registration tab: what registering asks (CaseFields), with more room, and more
    facts = TextField(N_("Facts:"), height=160)
    officer = LineField(N_("Handling officer:"))
    notes = TextField(N_("Notes:"), height=50)
    # the outcome tab
    outcome = ChoiceField(N_("Outcome:"), CaseOutcome, group=OUTCOME)
    concluded_on = DayField(N_("Date:"), group=OUTCOME)
    matters = TextField(N_("Matters in dispute:"), height=50, key="matters_in_dispute", group=OUTCOME)
    responsibilities = TextField(N_("Responsibilities:"), height=50, group=OUTCOME)
    terms = TextField(N_("Agreed terms:"), group=OUTCOME)
    performance_method = LineField(N_("How performed:"), group=OUTCOME)
    perform_by = OptionalDayField(N_("Perform by:"), tooltip=N_("Perform by"), group=OUTCOME)
    confirmation = WidgetField(
        N_("Judicial confirmation:"), QLabel, key="confirmation_due", read=False, group=OUTCOME
    )
    reason = TextField(N_("Reason:"), height=60, group=OUTCOME)
    routes = TextField(N_("Routes open to the parties:"), height=50, group=OUTCOME)
    referred_to = LineField(N_("Referred to:"), group=OUTCOME)
    # the follow-up tab
    performance = ChoiceField(
        N_("Performance:"), PerformanceStatus, key="performance_status", group=PERFORMANCE
    )
    performance_note = LineField(N_("Note:"), group=PERFORMANCE)

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(services, principal, parent)
        self.close_button = tool_button(_("Close case…"), "close-case", self.close_case)
        self.tabs.addTab(self._registration_tab(), _("Registration"))
        self.tabs.addTab(self._parties_tab(), _("Parties"))
        self.tabs.addTab(self._sessions_tab(), _("Sessions"))
        self.tabs.addTab(self._outcome_tab(), _("Outcome"))
        self.tabs.addTab(self._follow_up_tab(), _("Follow-up"))
        self.checklist = QLabel()
        self.checklist.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.checklist.setMinimumWidth(200)
        self.checklist.setWordWrap(True)
        top = self.top_row(self.unsaved_label, self.save_button, self.close_button)
        body = QHBoxLayout()
        body.addWidget(self.tabs, 1)
        body.addWidget(self.checklist)
        lay_out(self, top, (body, 1), margin=0)
        self._watch_edits()

    def _watch_edits(self) -> None:
        """Every edit refreshes the "Unsaved changes" mark and the case-file checklist."""
        for widget in self.input_widgets(None):
            on_edit(widget, self._edited)
        model = self.party_model
        for signal in (model.dataChanged, model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self._edited)

    def _edited(self, *_args: object) -> None:
        if self.case is None or self._filling:
            return
        self.show_unsaved()
        self._load_checklist(self._as_edited(self.case))

    def _as_edited(self, case: CaseDetail) -> CaseDetail:
        """The case as it will be once the edits on screen are saved (for the checklist)."""
        if not self.may_edit():
            return case
        registration = self.current_update()
        edited = replace(
            case, title=registration.title, facts=registration.facts, parties=registration.parties
        )
        if case.outcome is not None or self.part_dirty(OUTCOME):
            edited = replace(edited, outcome=self.current_outcome())
        return edited

    @property
    def case(self) -> CaseDetail | None:
        return self.record

    # -- building --------------------------------------------------------------------------
    def _registration_tab(self) -> QWidget:
        self.form = FieldForm()
        self.build_fields(self.form)
        self.forms[REGISTRATION] = (self.form, REGISTRATION_TAB)
        return tab_page(self.form)

    def _parties_tab(self) -> QWidget:
        self.shown_ids: set[str] = set()
        self._reloading = False
        self.party_model = EditableRowsModel(party_columns(self.shown_ids))
        self.party_table = row_table(self.party_model, widths=(110, 90, 50, 100, 170))
        self.party_table.activated.connect(lambda _index: self.edit_party())
        self.add_party_button = tool_button(_("Add party…"), "new", self.add_party)
        self.edit_party_button = tool_button(_("Edit party…"), "edit", self.edit_party)
        self.remove_party_button = tool_button(_("Remove party"), "remove", self.remove_party)
        self.show_id_button = show_id_button(self.show_party_id)
        self.party_error = QLabel()
        self.party_error.setStyleSheet("color: #b00020;")
        buttons = button_row(
            self.add_party_button,
            self.edit_party_button,
            self.remove_party_button,
            self.show_id_button,
        )
        return tab_page(buttons, self.party_table, self.party_error)

    def _sessions_tab(self) -> QWidget:
        self.session_model = EditableRowsModel(SESSION_COLUMNS)
        self.session_table = row_table(self.session_model, widths=(130, 150, 150, 90))
        self.session_table.activated.connect(lambda _index: self.edit_session())
        self.add_session_button = tool_button(_("Record a session…"), "new", self.add_session)
        self.edit_session_button = tool_button(_("Edit session…"), "edit", self.edit_session)
        self.delete_session_button = tool_button(
            _("Delete session…"), "delete", self.delete_session
        )
        self.print_record_button = tool_button(_("Print record…"), "print", self.preview_record)
        buttons = button_row(
            self.add_session_button,
            self.edit_session_button,
            self.delete_session_button,
            self.print_record_button,
        )
        return tab_page(buttons, self.session_table)

    def _outcome_tab(self) -> QWidget:
        self.outcome_form = FieldForm()
        self.build_fields(self.outcome_form, OUTCOME)
        self.forms[OUTCOME] = (self.outcome_form, OUTCOME_TAB)
        self.confirmation.setWordWrap(True)
        self.outcome.currentIndexChanged.connect(self._outcome_kind_changed)
        self.save_outcome_button = tool_button(_("Record outcome"), "save", self.save_outcome)
        self.reopen_button = tool_button(_("Reopen…"), "reopen", self.reopen)
        self.reopen_button.setToolTip(
            _("Take back the recorded outcome: the case is mediated again.")
        )
        self.full_ids = QCheckBox(_("Print full ID numbers"))
        self.full_ids.setChecked(True)  # the parties sign and keep the agreement and the record
        self.full_ids.setToolTip(
            _(
                "The agreement and the session records are signed and kept by the parties: "
                "they carry the full ID numbers. Clear this to print them masked. Either way "
                "the print is recorded in the audit trail."
            )
        )
        self.print_agreement_button = tool_button(
            _("Print agreement…"), "print", self.preview_agreement
        )
        buttons = button_row(
            self.save_outcome_button,
            self.reopen_button,
            self.print_agreement_button,
            self.full_ids,
        )
        return tab_page(buttons, self.outcome_form, None)

    def _follow_up_tab(self) -> QWidget:
        self.performance_form = FieldForm()
        self.build_fields(self.performance_form, PERFORMANCE)
        self.forms[PERFORMANCE] = (self.performance_form, FOLLOW_UP_TAB)
        self.save_performance_button = tool_button(
            _("Save performance"), "save", self.save_performance
        )
        self.visit_model = EditableRowsModel(VISIT_COLUMNS)
        self.visit_table = row_table(self.visit_model, widths=(100, 100, 90, 90, 110))
        self.visit_table.activated.connect(lambda _index: self.edit_visit())
        self.add_visit_button = tool_button(_("Add return visit…"), "new", self.add_visit)
        self.edit_visit_button = tool_button(_("Edit return visit…"), "edit", self.edit_visit)
        self.delete_visit_button = tool_button(
            _("Delete return visit…"), "delete", self.delete_visit
        )
        self.visit_due = QLabel()
        return tab_page(
            self.performance_form,
            button_row(self.save_performance_button),
            button_row(
                self.add_visit_button,
                self.edit_visit_button,
                self.delete_visit_button,
                self.visit_due,
            ),
            self.visit_table,
        )

    # -- showing a case -----------------------------------------------------------------------
    def load(self, record: CaseDetail, keep: Collection[str] = ()) -> None:
        if not self._reloading:
            self.shown_ids.clear()  # a case opened starts with its ID numbers masked
        super().load(record, keep)

    def reload(self, record: CaseDetail, keep: Collection[str] = ()) -> None:
        """After a save the numbers shown stay shown."""
        self._reloading = True
        try:
            super().reload(record, keep)
        finally:
            self._reloading = False

    _filling = False

    def fill(self, case: CaseDetail) -> None:
        self._filling = True
        try:
            self._fill(case)
        finally:
            self._filling = False

    def _fill(self, case: CaseDetail) -> None:
        self.heading.setText(f"{case.case_number}  {case.title}  （{case.status.label}）")
        self.put(REGISTRATION, case.to_update())
        self.session_model.set_rows(case.sessions)
        self.visit_model.set_rows(case.return_visits)
        outcome = case.outcome or OutcomeEntry(CaseOutcome.AGREEMENT, date.today())
        self.put(OUTCOME, replace(outcome, routes=outcome.routes or default_routes(case.kind)))
        status = case.performance_status or PerformanceStatus.PENDING
        self.put(PERFORMANCE, {"performance_status": status, "performance_note": case.performance_note})
        self._show_confirmation(case)
        due = case.return_visit_due
        self.visit_due.setText(
            _("Next return visit due: {date}").format(date=due.isoformat()) if due else ""
        )
        self._load_checklist(case)
        editable = case.is_editable
        widget: QWidget
        for widget in (
            self.save_button,
            self.close_button,
            self.add_party_button,
            self.edit_party_button,
            self.remove_party_button,
            self.add_session_button,
            self.edit_session_button,
            self.delete_session_button,
            self.save_outcome_button,
            self.add_visit_button,
            self.edit_visit_button,
            self.delete_visit_button,
        ):
            widget.setEnabled(editable)
        self.reopen_button.setEnabled(editable and case.status.is_concluded)
        follow_up = editable and case.agreement is not None
        for widget in (self.performance, self.performance_note, self.save_performance_button):
            widget.setEnabled(follow_up)
        self.print_agreement_button.setEnabled(case.agreement is not None)
        self.print_record_button.setEnabled(bool(case.sessions))

    def _outcome_kind_changed(self) -> None:
        agreement = self.outcome.currentData() == CaseOutcome.AGREEMENT.value
        referred = self.outcome.currentData() == CaseOutcome.REFERRED.value
        for widget in (
            self.matters,
            self.responsibilities,
            self.terms,
            self.performance_method,
            self.perform_by,
        ):
            widget.setEnabled(agreement)
        for widget in (self.reason, self.routes):
            widget.setEnabled(not agreement)
        self.referred_to.setEnabled(referred)

    def _load_checklist(self, case: CaseDetail) -> None:
        heading = _("Case file")
        lines = [f"<b>{heading}</b>"]
        for check in case.file_checks:
            mark = "✓" if check.present else ("✗" if check.required else "–")
            colour = "#1b7a1b" if check.present else ("#b00020" if check.required else "#777777")
            lines.append(f"<span style='color:{colour}'>{mark}</span> {check.item.label}")
        left = case.days_left(date.today())
        if left is not None:
            lines.append("")
            lines.append(
                ngettext("Overdue by {n} day", "Overdue by {n} days", -left).format(n=-left)
                if left < 0
                else ngettext(
                    "{n} day left (due {date})", "{n} days left (due {date})", left
                ).format(n=left, date=case.due_date.isoformat())
            )
        if case.closed_incomplete_reason:
            lines.append(
                _("Closed incomplete: {reason}").format(reason=case.closed_incomplete_reason)
            )
        source = self._services.reception.for_case(self._principal, case.id)
        if source is not None:  # made from a 纠纷 of the reception log (来访登记)
            when = f"{source.received_at:%Y-%m-%d %H:%M}"
            lines += ["", _("From the reception log ({time})").format(time=when)]
        self.checklist.setText("<br>".join(lines))

    # -- the parts: registration (with the parties), outcome, performance -------------------
    def current(self, part: str) -> object:
        if part == REGISTRATION:
            return self.current_update()
        if part == OUTCOME:
            return self.current_outcome()
        return self.record_values(PERFORMANCE)

    def put(self, part: str, value: object) -> None:
        if part == REGISTRATION:
            assert isinstance(value, CaseUpdate)
            self.show_record(value)
            self.party_model.set_rows(value.parties)
        elif part == OUTCOME:
            self.show_record(value, OUTCOME)
            self._outcome_kind_changed()
        else:
            assert isinstance(value, dict)
            self.show_values(value, PERFORMANCE)

    def store(self, part: str, value: object) -> CaseDetail:
        assert self.case is not None
        mediation, principal = self._services.mediation, self._principal
        if part == REGISTRATION:
            assert isinstance(value, CaseUpdate)
            return mediation.update_case(principal, value)
        if part == OUTCOME:
            assert isinstance(value, OutcomeEntry)
            return mediation.record_outcome(principal, self.case.id, value)
        assert isinstance(value, dict)
        return mediation.set_performance(
            principal, self.case.id, value["performance_status"], value["performance_note"]
        )

    def current_update(self) -> CaseUpdate:
        assert self.case is not None
        return self.case.to_update(**self.record_values(), parties=tuple(self.party_model.rows()))

    def current_outcome(self) -> OutcomeEntry:
        return self.new_record(OutcomeEntry, OUTCOME)

    def may_edit(self) -> bool:
        return self.case is not None and self.case.is_editable

    def part_dirty(self, part: str) -> bool:
        if part == PERFORMANCE and (self.case is None or self.case.agreement is None):
            return False
        return super().part_dirty(part)

    def save_outcome(self) -> bool:
        """Record the outcome (saving the registration first when it was edited)."""
        return self.save_parts((REGISTRATION, OUTCOME), force=(OUTCOME,))

    def save_performance(self) -> bool:
        return self.save_parts((PERFORMANCE,), force=(PERFORMANCE,))

    def unsaved_question(self) -> str:
        return _("The case {number} has unsaved changes. Save them?").format(
            number=self.case.case_number if self.case else ""
        )

    def clear_errors(self) -> None:
        super().clear_errors()
        self.party_error.clear()

    def show_problem(self, error: StationDeskError, part: str = REGISTRATION) -> None:
        if part == REGISTRATION and isinstance(error, MediationRowError) and error.section == PARTIES:
            self.tabs.setCurrentIndex(PARTIES_TAB)
            self.party_table.selectRow(error.row)
            self.party_error.setText(error.message)
            return
        super().show_problem(error, part)

    # -- parties (saved with the registration) ------------------------------------------------
    def add_party(self) -> PartyDialog | None:
        return self._party_dialog(None, -1)

    def edit_party(self) -> PartyDialog | None:
        """Change the chosen party; its full ID number is shown for that (audited)."""
        row = chosen_row(self.party_table)
        if row < 0 or not self._reveal(row, "edit"):
            return None
        return self._party_dialog(self.party_model.row_at(row), row)

    def show_party_id(self) -> None:
        """Show the chosen party's full ID number in the table (audited)."""
        row = chosen_row(self.party_table)
        if row >= 0:
            self._reveal(row, "show")

    def _reveal(self, row: int, why: str) -> bool:
        """Make the party's full number shown: a saved party's is read again from the
        record, which the audit trail notes; one typed in this editor is shown as is."""
        party: PartyEntry = self.party_model.row_at(row)
        number = party.resident_id
        if not number or number in self.shown_ids:
            return True
        if party.id is not None:
            party_id = party.id
            revealed = fetch_full_id(
                self, lambda: self._services.mediation.reveal_party_id(self._principal, party_id, why)
            )
            if revealed is None:
                return False
            number = revealed
        self.shown_ids.add(number)
        self.party_model.replace_row(row, party)
        return True

    def _party_dialog(self, party: PartyEntry | None, row: int) -> PartyDialog | None:
        if self.case is None:
            return None
        dialog = PartyDialog(
            self._services,
            self._principal,
            day_of(self.received_on),
            self.case.id,
            party,
            self,
            role=next_party_role(self.party_model.rows()),
        )

        def accepted() -> None:
            if dialog.entry is None:
                return
            if dialog.entry.resident_id:  # typed or changed here: no need to hide it
                self.shown_ids.add(dialog.entry.resident_id)
            self.party_model.put_row(row, dialog.entry)

        return open_dialog(dialog, accepted=accepted)

    def remove_party(self) -> None:
        row = chosen_row(self.party_table)
        if row >= 0:
            self.party_model.remove_row(row)

    # -- sessions and return visits (saved at once by their dialogs) ------------------------
    def selected_session(self) -> SessionEntry | None:
        return chosen_entry(self.session_table)

    def add_session(self) -> SessionDialog | None:
        return self._session_dialog(None)

    def edit_session(self) -> SessionDialog | None:
        return self.edit_chosen(self.session_table, self._session_dialog)

    def _session_dialog(self, session: SessionEntry | None) -> SessionDialog | None:
        # the statements name the parties: those must be saved first
        if self.case is None or (
            self.part_dirty(REGISTRATION) and not self.save_parts((REGISTRATION,))
        ):
            return None
        return self.open_form(
            SessionDialog(self._services, self._principal, self.case, session, self)
        )

    def delete_session(self) -> QMessageBox | None:
        return self.delete_chosen(
            self.session_table,
            lambda session: _("Delete the session of {moment} and its record?").format(
                moment=f"{session.starts_at:%Y-%m-%d %H:%M}"
            ),
            self._services.mediation.delete_session,
        )

    def add_visit(self) -> VisitDialog | None:
        return self._visit_dialog(None)

    def edit_visit(self) -> VisitDialog | None:
        return self.edit_chosen(self.visit_table, self._visit_dialog)

    def _visit_dialog(self, visit: ReturnVisitEntry | None) -> VisitDialog | None:
        if self.case is None or not self.case.is_editable:
            return None
        return self.open_form(VisitDialog(self._services, self._principal, self.case, visit, self))

    def delete_visit(self) -> QMessageBox | None:
        return self.delete_chosen(
            self.visit_table,
            lambda visit: _("Delete the return visit of {date}?").format(
                date=visit.visit_date.isoformat()
            ),
            self._services.mediation.delete_return_visit,
        )

    # -- the outcome, closing ---------------------------------------------------------------
    def reopen(self) -> QMessageBox | None:
        """Take back the outcome (confirmed first); unsaved outcome edits are dropped."""
        if self.case is None or not self.case.status.is_concluded:
            return None
        case_id = self.case.id
        return self.confirm_then_act(
            _(
                "Take back the outcome “{outcome}” of the case {number}? The case is mediated "
                "again; the audit trail keeps the outcome that was recorded."
            ).format(outcome=self.case.status.label, number=self.case.case_number),
            lambda: self._services.mediation.reopen(self._principal, case_id),
            keep=(REGISTRATION,),
        )

    def close_case(self) -> QMessageBox | None:
        if self.case is None:
            return None
        return confirm(
            self,
            _("Close the case {number}? It can no longer be changed afterwards.").format(
                number=self.case.case_number
            ),
            lambda: self.saved_then(self._close),
        )

    def _close(self) -> CloseReasonDialog | None:
        assert self.case is not None
        case_id = self.case.id
        try:
            self._loaded(self._services.mediation.close_case(self._principal, case_id))
        except IncompleteCaseError as exc:
            dialog = CloseReasonDialog(
                exc.missing,
                lambda reason: self._services.mediation.close_case(
                    self._principal, case_id, reason
                ),
                self,
            )
            return open_dialog(dialog, accepted=lambda: self._loaded(dialog.closed))
        except StationDeskError as exc:
            show_error(self, exc)
        return None

    def _show_confirmation(self, case: CaseDetail) -> None:
        """People's mediation with an agreement: until when the parties may jointly apply to
        the court for judicial confirmation (30 days from the agreement taking effect)."""
        due = case.confirmation_due
        agreement = case.agreement
        self.confirmation.setText(
            _(
                "The parties may jointly apply to the people's court for judicial confirmation "
                "until {date} (30 days from {start}, the day the agreement took effect)."
            ).format(date=due.isoformat(), start=agreement.concluded_on.isoformat())
            if due and agreement
            else ""
        )
        self.outcome_form.show_row(self.confirmation, due is not None)

    # -- printing ---------------------------------------------------------------------------
    def preview_agreement(self) -> DocumentPreviewDialog | None:
        if self.case is None or self.case.agreement is None:
            return None
        case, full = self.case, self.full_ids.isChecked()
        name = document_name(AGREEMENT, case.case_number, self.case.agreement.concluded_on)
        request = Request(case.id, full_ids=full)
        return preview_document(self, AGREEMENT, request, case.case_number, name)

    def preview_record(self) -> DocumentPreviewDialog | None:
        if self.case is None or not self.case.sessions:
            return None
        session = self.selected_session() or self.case.sessions[-1]
        case = self.case
        name = document_name(MEDIATION_RECORD, case.case_number, session.starts_at.date())
        request = Request(case.id, session.id or "", full_ids=self.full_ids.isChecked())
        return preview_document(self, MEDIATION_RECORD, request, case.case_number, name)
