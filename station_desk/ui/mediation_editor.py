"""The editor of one mediation case: tabs for the registration, parties, sessions, outcome and
follow-up, the case-file checklist beside them, Save (Ctrl+S) and Close case….

The registration and the parties are saved together (`update_case`); the outcome and the
performance by their own button (or by Save with the rest); a session and a return visit by
their own dialog, which also edits one, and each can be deleted (after a confirmation). A
recorded outcome can be taken back ("Reopen…"). Leaving with unsaved edits in any tab
(registration, parties, outcome, performance) asks Save / Discard / Cancel; saving a session
or a visit keeps the other tabs' unsaved edits on screen. Errors show at their field (or
party row).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from station_desk.domain.accounts import Principal
from station_desk.domain.mediation import (
    PARTIES,
    CaseDetail,
    CaseOutcome,
    CaseSource,
    CaseUpdate,
    DisputeType,
    IncompleteCaseError,
    MediationDocument,
    MediationKind,
    MediationRowError,
    OutcomeEntry,
    PartyEntry,
    PartyKind,
    PerformanceStatus,
    ReturnVisitEntry,
    SessionEntry,
    default_routes,
)
from station_desk.errors import StationDeskError, ValidationError
from station_desk.i18n import N_, _
from station_desk.services.container import Services
from station_desk.ui.dialogs import ask_to_save, confirm, open_dialog
from station_desk.ui.errors import show_error
from station_desk.ui.forms import FieldForm
from station_desk.ui.mediation_dialogs import (
    CloseReasonDialog,
    PartyDialog,
    SessionDialog,
    VisitDialog,
    enum_choice,
    gender_text,
    text_box,
)
from station_desk.ui.mediation_preview import MediationPreviewDialog, suggested_name
from station_desk.ui.meeting_rows import (
    EditableRowsModel,
    button_row,
    row_table,
    tab_page,
    tool_button,
)
from station_desk.ui.meeting_widgets import OptionalDate, date_edit, to_qdate
from station_desk.ui.table_model import Column

REGISTRATION, OUTCOME, PERFORMANCE = "registration", "outcome", "performance"
PARTS = (REGISTRATION, OUTCOME, PERFORMANCE)  # the order Save saves them in
OUTCOME_TAB, FOLLOW_UP_TAB = 3, 4


def _party_name(party: PartyEntry) -> str:
    if party.kind is PartyKind.ORGANISATION:
        return _("{name} (organisation)").format(name=party.name)
    return party.name


PARTY_COLUMNS = (
    Column(N_("Name"), _party_name),
    Column(N_("Role"), lambda p: p.role.label),
    Column(N_("Gender"), lambda p: gender_text(p.gender)),
    Column(N_("Birth date"), lambda p: p.birth_date.isoformat() if p.birth_date else ""),
    Column(N_("ID number"), lambda p: p.resident_id or p.id_note),
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


class MediationEditor(QWidget):
    """One case; `saved(detail)` after every change, `back_requested` for the list."""

    saved = Signal(object)
    back_requested = Signal()

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(parent)
        self._services, self._principal = services, principal
        self.case: CaseDetail | None = None
        self._baseline: CaseUpdate | None = None
        self._outcome_baseline: OutcomeEntry | None = None
        self._performance_baseline: tuple[str, str] | None = None
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.back_button = tool_button(_("Back to list"), "back", self.go_back)
        self.save_button = tool_button(_("Save"), "save", self.save)
        self.save_button.setToolTip(_("Save (Ctrl+S)"))
        self.close_button = tool_button(_("Close case…"), "close-case", self.close_case)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._registration_tab(), _("Registration"))
        self.tabs.addTab(self._parties_tab(), _("Parties"))
        self.tabs.addTab(self._sessions_tab(), _("Sessions"))
        self.tabs.addTab(self._outcome_tab(), _("Outcome"))
        self.tabs.addTab(self._follow_up_tab(), _("Follow-up"))
        self.checklist = QLabel()
        self.checklist.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.checklist.setMinimumWidth(200)
        self.checklist.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.heading, 1)
        top.addWidget(self.save_button)
        top.addWidget(self.close_button)
        body = QHBoxLayout()
        body.addWidget(self.tabs, 1)
        body.addWidget(self.checklist)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)

    # -- building --------------------------------------------------------------------------
    def _registration_tab(self) -> QWidget:
        form = self.form = FieldForm()
        self.received_on = form.add_field("received_on", date_edit(date.today()))
        self.source = form.add_field("source", enum_choice(list(CaseSource)))
        self.dispute_type = form.add_field("dispute_type", enum_choice(list(DisputeType)))
        self.kind = form.add_field("kind", enum_choice(list(MediationKind)))
        self.title = form.add_field("title", QLineEdit())
        self.facts = form.add_field("facts", text_box(height=160))
        self.officer = form.add_field("officer", QLineEdit())
        self.notes = form.add_field("notes", text_box(height=50))
        for key, text in (
            ("received_on", _("Received on:")),
            ("source", _("Source:")),
            ("dispute_type", _("Dispute type:")),
            ("kind", _("Kind:")),
            ("title", _("Title:")),
            ("facts", _("Facts:")),
            ("officer", _("Handling officer:")),
            ("notes", _("Notes:")),
        ):
            form.set_label(key, text)
        return tab_page(form)

    def _parties_tab(self) -> QWidget:
        self.party_model = EditableRowsModel(PARTY_COLUMNS)
        self.party_table = row_table(self.party_model, widths=(110, 90, 50, 100, 170))
        self.party_table.activated.connect(lambda _index: self.edit_party())
        self.add_party_button = tool_button(_("Add party…"), "new", self.add_party)
        self.edit_party_button = tool_button(_("Edit party…"), "edit", self.edit_party)
        self.remove_party_button = tool_button(_("Remove party"), "remove", self.remove_party)
        self.party_error = QLabel()
        self.party_error.setStyleSheet("color: #b00020;")
        buttons = button_row(self.add_party_button, self.edit_party_button, self.remove_party_button)
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
        form = self.outcome_form = FieldForm()
        self.outcome = form.add_field("outcome", enum_choice(list(CaseOutcome)))
        self.concluded_on = form.add_field("concluded_on", date_edit(date.today()))
        self.matters = form.add_field("matters_in_dispute", text_box(height=50))
        self.responsibilities = form.add_field("responsibilities", text_box(height=50))
        self.terms = form.add_field("terms", text_box(height=70))
        self.performance_method = form.add_field("performance_method", QLineEdit())
        self.perform_by = form.add_field(
            "perform_by", OptionalDate(_("Set"), tooltip=_("Perform by"))
        )
        self.confirmation = form.add_field("confirmation_due", QLabel())
        self.confirmation.setWordWrap(True)
        self.reason = form.add_field("reason", text_box(height=60))
        self.routes = form.add_field("routes", text_box(height=50))
        self.referred_to = form.add_field("referred_to", QLineEdit())
        for key, text in (
            ("outcome", _("Outcome:")),
            ("concluded_on", _("Date:")),
            ("matters_in_dispute", _("Matters in dispute:")),
            ("responsibilities", _("Responsibilities:")),
            ("terms", _("Agreed terms:")),
            ("performance_method", _("How performed:")),
            ("perform_by", ""),
            ("confirmation_due", _("Judicial confirmation:")),
            ("reason", _("Reason:")),
            ("routes", _("Routes open to the parties:")),
            ("referred_to", _("Referred to:")),
        ):
            form.set_label(key, text)
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
        return tab_page(buttons, form, None)

    def _follow_up_tab(self) -> QWidget:
        form = self.performance_form = FieldForm()
        self.performance = form.add_field(
            "performance_status", enum_choice(list(PerformanceStatus))
        )
        self.performance_note = form.add_field("performance_note", QLineEdit())
        form.set_label("performance_status", _("Performance:"))
        form.set_label("performance_note", _("Note:"))
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
            form,
            button_row(self.save_performance_button),
            button_row(
                self.add_visit_button,
                self.edit_visit_button,
                self.delete_visit_button,
                self.visit_due,
            ),
            self.visit_table,
        )

    # -- loading ---------------------------------------------------------------------------
    def load(self, case: CaseDetail, keep: Collection[str] = ()) -> None:
        """Show `case`. The parts named in `keep` (REGISTRATION, OUTCOME, PERFORMANCE) that
        have unsaved edits keep them on screen (still unsaved) instead of the stored values."""
        pending_update = self.current_update() if self._keeps(REGISTRATION, keep) else None
        pending_outcome = self.current_outcome() if self._keeps(OUTCOME, keep) else None
        pending_performance = self.current_performance() if self._keeps(PERFORMANCE, keep) else None
        self.case = case
        self.clear_errors()
        self.heading.setText(f"{case.case_number}  {case.title}  （{case.status.label}）")
        self._show_registration(case.to_update())
        self.session_model.set_rows(case.sessions)
        self.visit_model.set_rows(case.return_visits)
        self._load_outcome(case)
        self._load_checklist(case)
        self._baseline = self.current_update()
        self._outcome_baseline = self.current_outcome()
        self._performance_baseline = self.current_performance()
        editable = case.is_editable
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
        if pending_update is not None:
            self._show_registration(pending_update)
        if pending_outcome is not None:
            self._show_outcome(pending_outcome)
        if pending_performance is not None:
            self._show_performance(*pending_performance)

    def _keeps(self, part: str, keep: Collection[str]) -> bool:
        return part in keep and self.case is not None and self._dirty(part)

    def _show_registration(self, update: CaseUpdate) -> None:
        self.received_on.setDate(to_qdate(update.received_on))
        for combo, value in (
            (self.source, update.source),
            (self.dispute_type, update.dispute_type),
            (self.kind, update.kind),
        ):
            combo.setCurrentIndex(max(0, combo.findData(value.value)))
        self.title.setText(update.title)
        self.facts.setPlainText(update.facts)
        self.officer.setText(update.officer)
        self.notes.setPlainText(update.notes)
        self.party_model.set_rows(update.parties)

    def _load_outcome(self, case: CaseDetail) -> None:
        outcome = case.outcome or OutcomeEntry(CaseOutcome.AGREEMENT, date.today())
        self._show_outcome(replace(outcome, routes=outcome.routes or default_routes(case.kind)))
        status = case.performance_status or PerformanceStatus.PENDING
        self._show_performance(status.value, case.performance_note)
        self._show_confirmation(case)
        due = case.return_visit_due
        self.visit_due.setText(
            _("Next return visit due: {date}").format(date=due.isoformat()) if due else ""
        )

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
        self.outcome_form.setRowVisible(self.confirmation.parentWidget(), due is not None)

    def _show_performance(self, status: str, note: str) -> None:
        self.performance.setCurrentIndex(max(0, self.performance.findData(status)))
        self.performance_note.setText(note)

    def _show_outcome(self, outcome: OutcomeEntry) -> None:
        self.outcome.setCurrentIndex(max(0, self.outcome.findData(outcome.outcome.value)))
        self.concluded_on.setDate(to_qdate(outcome.concluded_on))
        self.matters.setPlainText(outcome.matters_in_dispute)
        self.responsibilities.setPlainText(outcome.responsibilities)
        self.terms.setPlainText(outcome.terms)
        self.performance_method.setText(outcome.performance_method)
        self.perform_by.set_value(outcome.perform_by)
        self.reason.setPlainText(outcome.reason)
        self.routes.setPlainText(outcome.routes)
        self.referred_to.setText(outcome.referred_to)
        self._outcome_kind_changed()

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
                _("Overdue by {n} days").format(n=-left)
                if left < 0
                else _("{n} days left (due {date})").format(n=left, date=case.due_date.isoformat())
            )
        if case.closed_incomplete_reason:
            lines.append(
                _("Closed incomplete: {reason}").format(reason=case.closed_incomplete_reason)
            )
        self.checklist.setText("<br>".join(lines))

    # -- the registration and parties --------------------------------------------------------
    def current_update(self) -> CaseUpdate:
        assert self.case is not None
        return self.case.to_update(
            received_on=self.received_on.date().toPython(),
            source=CaseSource(self.source.currentData()),
            dispute_type=DisputeType(self.dispute_type.currentData()),
            kind=MediationKind(self.kind.currentData()),
            title=self.title.text(),
            facts=self.facts.toPlainText(),
            officer=self.officer.text(),
            notes=self.notes.toPlainText(),
            parties=tuple(self.party_model.rows()),
        )

    def current_performance(self) -> tuple[str, str]:
        return str(self.performance.currentData()), self.performance_note.text()

    def _dirty(self, part: str) -> bool:
        """Whether `part` (REGISTRATION, OUTCOME, PERFORMANCE) has unsaved edits."""
        if self.case is None or not self.case.is_editable:
            return False
        if part == REGISTRATION:
            return self._baseline is not None and self.current_update() != self._baseline
        if part == OUTCOME:
            return (
                self._outcome_baseline is not None
                and self.current_outcome() != self._outcome_baseline
            )
        return (
            self.case.agreement is not None
            and self._performance_baseline is not None
            and self.current_performance() != self._performance_baseline
        )

    def dirty_parts(self) -> list[str]:
        return [part for part in PARTS if self._dirty(part)]

    def is_dirty(self) -> bool:
        return bool(self.dirty_parts())

    def save(self) -> bool:
        """Save every tab with unsaved edits (the registration and parties always)."""
        return self._save_parts(PARTS, force=(REGISTRATION,))

    def _save_parts(self, parts: Collection[str], force: Collection[str] = ()) -> bool:
        """Save the `parts` that have unsaved edits (and those in `force`) in PARTS order.
        The first error shows at its field and stops; what was saved before stays saved,
        and every edit not yet saved stays on screen."""
        if self.case is None or not self.case.is_editable:
            return False
        self.clear_errors()
        case_id = self.case.id
        update, outcome = self.current_update(), self.current_outcome()
        status, note = self.current_performance()
        mediation, principal = self._services.mediation, self._principal
        actions: dict[str, Callable[[], CaseDetail]] = {
            REGISTRATION: lambda: mediation.update_case(principal, update),
            OUTCOME: lambda: mediation.record_outcome(principal, case_id, outcome),
            PERFORMANCE: lambda: mediation.set_performance(
                principal, case_id, PerformanceStatus(status), note
            ),
        }
        todo = [p for p in PARTS if p in parts and (p in force or self._dirty(p))]
        detail: CaseDetail | None = None
        saved: set[str] = set()
        for part in todo:
            try:
                detail = actions[part]()
            except StationDeskError as exc:
                self._loaded(detail, keep=set(PARTS) - saved)
                self.show_problem(exc, part)
                return False
            saved.add(part)
        self._loaded(detail, keep=set(PARTS) - saved)
        return True

    def _loaded(self, detail: CaseDetail | None, keep: Collection[str] = ()) -> None:
        if detail is not None:
            self.load(detail, keep)
            self.saved.emit(detail)

    def clear_errors(self) -> None:
        for form in (self.form, self.outcome_form, self.performance_form):
            form.clear_errors()
        self.party_error.clear()

    def show_problem(self, error: StationDeskError, part: str = REGISTRATION) -> None:
        if part in (OUTCOME, PERFORMANCE):
            form = self.outcome_form if part == OUTCOME else self.performance_form
            if isinstance(error, ValidationError) and form.knows(error.field):
                self.tabs.setCurrentIndex(OUTCOME_TAB if part == OUTCOME else FOLLOW_UP_TAB)
                form.show_error(error.field, error.message)
            else:
                show_error(self, error)
            return
        if isinstance(error, MediationRowError) and error.section == PARTIES:
            self.tabs.setCurrentIndex(1)
            self.party_table.selectRow(error.row)
            self.party_error.setText(error.message)
            return
        if isinstance(error, ValidationError) and self.form.knows(error.field):
            self.tabs.setCurrentIndex(0)
            self.form.show_error(error.field, error.message)
            return
        show_error(self, error)

    def _party_row(self) -> int:
        rows = self.party_table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def add_party(self) -> PartyDialog | None:
        return self._party_dialog(None, -1)

    def edit_party(self) -> PartyDialog | None:
        row = self._party_row()
        return self._party_dialog(self.party_model.row_at(row), row) if row >= 0 else None

    def _party_dialog(self, party: PartyEntry | None, row: int) -> PartyDialog | None:
        if self.case is None:
            return None
        dialog = PartyDialog(
            self._services,
            self._principal,
            self.received_on.date().toPython(),
            self.case.id,
            party,
            self,
        )

        def accepted() -> None:
            if dialog.entry is None:
                return
            if row < 0:
                self.party_model.insert_row(self.party_model.rowCount(), dialog.entry)
            else:
                self.party_model.replace_row(row, dialog.entry)

        dialog.accepted.connect(accepted)
        return open_dialog(dialog)

    def remove_party(self) -> None:
        row = self._party_row()
        if row >= 0:
            self.party_model.remove_row(row)

    # -- sessions, outcome, follow-up -------------------------------------------------------
    def _saved_then(self, action: Callable[[], object]) -> None:
        if not self.is_dirty() or self.save():
            action()

    def add_session(self) -> SessionDialog | None:
        return self._session_dialog(None)

    def edit_session(self) -> SessionDialog | None:
        session = self._selected_session()
        return self._session_dialog(session) if session is not None else None

    def _selected_session(self) -> SessionEntry | None:
        rows = self.session_table.selectionModel().selectedRows()
        return self.session_model.row_at(rows[0].row()) if rows else None

    def _session_dialog(self, session: SessionEntry | None) -> SessionDialog | None:
        # the statements name the parties: those must be saved first
        if self.case is None or (
            self._dirty(REGISTRATION) and not self._save_parts((REGISTRATION,))
        ):
            return None
        dialog = SessionDialog(self._services, self._principal, self.case, session, self)
        dialog.accepted.connect(lambda: self._loaded(dialog.saved, keep=PARTS))
        return open_dialog(dialog)

    def delete_session(self) -> QMessageBox | None:
        session = self._selected_session()
        if self.case is None or session is None or session.id is None:
            return None
        session_id = session.id
        return confirm(
            self,
            _("Delete the session of {moment} and its record?").format(
                moment=f"{session.starts_at:%Y-%m-%d %H:%M}"
            ),
            lambda: self._act(
                lambda: self._services.mediation.delete_session(self._principal, session_id)
            ),
        )

    def _act(self, action: Callable[[], CaseDetail], keep: Collection[str] = PARTS) -> None:
        """Run a service call that returns the case; show it (keeping unsaved edits)."""
        try:
            detail = action()
        except StationDeskError as exc:
            show_error(self, exc)
            return
        self._loaded(detail, keep)

    def current_outcome(self) -> OutcomeEntry:
        return OutcomeEntry(
            outcome=CaseOutcome(self.outcome.currentData()),
            concluded_on=self.concluded_on.date().toPython(),
            matters_in_dispute=self.matters.toPlainText(),
            responsibilities=self.responsibilities.toPlainText(),
            terms=self.terms.toPlainText(),
            performance_method=self.performance_method.text(),
            perform_by=self.perform_by.value(),
            reason=self.reason.toPlainText(),
            routes=self.routes.toPlainText(),
            referred_to=self.referred_to.text(),
        )

    def save_outcome(self) -> bool:
        """Record the outcome (saving the registration first when it was edited)."""
        return self._save_parts((REGISTRATION, OUTCOME), force=(OUTCOME,))

    def save_performance(self) -> bool:
        return self._save_parts((PERFORMANCE,), force=(PERFORMANCE,))

    def reopen(self) -> QMessageBox | None:
        """Take back the outcome (confirmed first); unsaved outcome edits are dropped."""
        if self.case is None or not self.case.status.is_concluded:
            return None
        case_id = self.case.id
        return confirm(
            self,
            _(
                "Take back the outcome “{outcome}” of the case {number}? The case is mediated "
                "again; the audit trail keeps the outcome that was recorded."
            ).format(outcome=self.case.status.label, number=self.case.case_number),
            lambda: self._act(
                lambda: self._services.mediation.reopen(self._principal, case_id),
                keep=(REGISTRATION,),
            ),
        )

    def _selected_visit(self) -> ReturnVisitEntry | None:
        rows = self.visit_table.selectionModel().selectedRows()
        return self.visit_model.row_at(rows[0].row()) if rows else None

    def add_visit(self) -> VisitDialog | None:
        return self._visit_dialog(None)

    def edit_visit(self) -> VisitDialog | None:
        visit = self._selected_visit()
        return self._visit_dialog(visit) if visit is not None else None

    def _visit_dialog(self, visit: ReturnVisitEntry | None) -> VisitDialog | None:
        if self.case is None or not self.case.is_editable:
            return None
        dialog = VisitDialog(self._services, self._principal, self.case, self, visit)
        dialog.accepted.connect(lambda: self._loaded(dialog.saved, keep=PARTS))
        return open_dialog(dialog)

    def delete_visit(self) -> QMessageBox | None:
        visit = self._selected_visit()
        if self.case is None or visit is None or visit.id is None:
            return None
        visit_id = visit.id
        return confirm(
            self,
            _("Delete the return visit of {date}?").format(date=visit.visit_date.isoformat()),
            lambda: self._act(
                lambda: self._services.mediation.delete_return_visit(self._principal, visit_id)
            ),
        )

    # -- closing ------------------------------------------------------------------------------
    def close_case(self) -> QMessageBox | None:
        if self.case is None:
            return None
        return confirm(
            self,
            _("Close the case {number}? It can no longer be changed afterwards.").format(
                number=self.case.case_number
            ),
            lambda: self._saved_then(self._close),
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
            dialog.accepted.connect(lambda: self._loaded(dialog.closed))
            return open_dialog(dialog)
        except StationDeskError as exc:
            show_error(self, exc)
        return None

    # -- printing ---------------------------------------------------------------------------
    def preview_agreement(self) -> MediationPreviewDialog | None:
        if self.case is None or self.case.agreement is None:
            return None
        case, full = self.case, self.full_ids.isChecked()
        agreed_on = self.case.agreement.concluded_on
        services, principal = self._services, self._principal
        dialog = MediationPreviewDialog(
            services,
            principal,
            MediationDocument.AGREEMENT,
            case.case_number,
            lambda language: services.mediation.agreement_pdf(principal, case.id, language, full),
            case.id,
            suggested_name(MediationDocument.AGREEMENT, case.case_number, agreed_on),
            {"full_ids": full},
            self,
        )
        return open_dialog(dialog)

    def preview_record(self) -> MediationPreviewDialog | None:
        if self.case is None or not self.case.sessions:
            return None
        session = self._selected_session() or self.case.sessions[-1]
        session_id = session.id or ""
        case, services, principal = self.case, self._services, self._principal
        full = self.full_ids.isChecked()
        dialog = MediationPreviewDialog(
            services,
            principal,
            MediationDocument.RECORD,
            case.case_number,
            lambda language: services.mediation.record_pdf(principal, session_id, language, full),
            case.id,
            suggested_name(MediationDocument.RECORD, case.case_number, session.starts_at.date()),
            {"session_id": session_id, "full_ids": full},
            self,
        )
        return open_dialog(dialog)

    # -- leaving ---------------------------------------------------------------------------
    def discard(self) -> None:
        """Put the saved values back on screen, dropping the unsaved edits."""
        if self.case is not None:
            self.load(self.case)

    def leave_then(self, proceed: Callable[[], object]) -> QMessageBox | None:
        if not self.is_dirty():
            proceed()
            return None
        return ask_to_save(
            self,
            _("The case {number} has unsaved changes. Save them?").format(
                number=self.case.case_number if self.case else ""
            ),
            self.save,
            self.discard,
            proceed,
        )

    def go_back(self) -> None:
        self.leave_then(self.back_requested.emit)
