"""The file of one youth-guidance subject (帮教档案), opened with a stated purpose: tabs for the
particulars (with guardians and the risk grade's history), the guidance team, the plan, the
sessions, the evaluations, the closure and — for administrators — access.

The particulars and the plan are edited in place and saved by Save (Ctrl+S); team members,
sessions, evaluations, grade changes and closing go through their own dialogs and are saved
at once (keeping unsaved edits of the other tabs on screen). A closed (or deleted) file is
read-only and says so, and so is a file the user sees only by the administrator's grant. Leaving with unsaved edits asks Save / Discard / Cancel. The full name
is shown only here; the list shows it masked.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import replace
from datetime import date
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QScrollArea,
    QWidget,
)

from station_desk.documents import YOUTH_FILE, YOUTH_SESSION_RECORD, DocumentKind, Request
from station_desk.domain.accounts import Principal
from station_desk.domain.roles import Permission, Role
from station_desk.domain.youth import (
    DEFAULT_INTERVAL_DAYS,
    MAX_INTERVAL_DAYS,
    AccessBasis,
    AccessGrant,
    EvaluationEntry,
    PlanEntry,
    SubjectFile,
    SubjectUpdate,
    YouthSessionEntry,
    next_due_date,
    validated_purpose,
)
from station_desk.errors import StationDeskError
from station_desk.i18n import N_, _, ngettext
from station_desk.services.container import Services
from station_desk.ui.errors import user_errors
from station_desk.ui.widgets.dialogs import confirm, open_dialog
from station_desk.ui.widgets.editor import RecordEditor
from station_desk.ui.widgets.fields import NumberField, TextField
from station_desk.ui.widgets.forms import FieldForm
from station_desk.ui.widgets.inputs import set_choice
from station_desk.ui.widgets.layouts import lay_out
from station_desk.ui.widgets.preview import DocumentPreviewDialog, document_name, preview_document
from station_desk.ui.widgets.rows import (
    EditableRowsModel,
    button_row,
    chosen_entry,
    row_table,
    tab_page,
    tool_button,
)
from station_desk.ui.widgets.table_model import Column
from station_desk.ui.youth.dialogs import (
    CloseDialog,
    EvaluationDialog,
    GradeChangeDialog,
    GrantDialog,
    ParticularsForm,
    PurposeDialog,
    SessionDialog,
    TeamMemberDialog,
    grade_html,
)

PARTICULARS, PLAN = "particulars", "plan"
PARTS = (PARTICULARS, PLAN)
PARTICULARS_TAB, TEAM_TAB, PLAN_TAB, SESSIONS_TAB, EVALUATIONS_TAB, CLOSURE_TAB = range(6)
CLOSED_STYLE = "background: #fde7e9; color: #b00020; padding: 4px; font-weight: bold;"
SEALED_STYLE = "color: #8a5a00;"

D = TypeVar("D", bound=QDialog)


def _one_line(text: str) -> str:
    return text.replace("\n", " ")


HISTORY_COLUMNS = (
    Column(N_("Date"), lambda c: c.changed_on.isoformat()),
    Column(N_("Grade"), lambda c: c.grade.label),
    Column(N_("Previous"), lambda c: c.previous.label if c.previous else ""),
    Column(N_("Changed by"), lambda c: c.changed_by),
    Column(N_("Reason"), lambda c: _one_line(c.reason)),
)
TEAM_COLUMNS = (
    Column(N_("Name"), lambda m: m.name),
    Column(N_("Role"), lambda m: m.role.label),
    Column(N_("Taken from"), lambda m: m.kind.label),
    Column(N_("Phone"), lambda m: m.phone),
    Column(N_("School or unit"), lambda m: m.unit),
)
SESSION_COLUMNS = (
    Column(N_("Date"), lambda s: s.held_on.isoformat()),
    Column(N_("Kind"), lambda s: s.kind.label),
    Column(N_("Conducted by"), lambda s: s.conducted_by),
    Column(N_("Content"), lambda s: _one_line(s.content)),
)
EVALUATION_COLUMNS = (
    Column(N_("Date"), lambda e: e.evaluated_on.isoformat()),
    Column(N_("Evaluated by"), lambda e: e.evaluator),
    Column(
        N_("Risk grade"),
        lambda e: (
            f"{e.grade_before.label if e.grade_before else ''} → {e.new_grade.label}"
            if e.new_grade
            else _("No change")
        ),
    ),
    Column(N_("Progress against the goals"), lambda e: _one_line(e.progress)),
)
GRANT_COLUMNS = (
    Column(N_("Officer"), lambda g: g.user_name),
    Column(N_("Granted by"), lambda g: g.granted_by),
    Column(N_("Note"), lambda g: g.note),
)


def evaluation_question(entry: EvaluationEntry) -> str:
    question = _("Delete the evaluation of {date}?").format(date=entry.evaluated_on.isoformat())
    if entry.new_grade is not None:
        question += " " + _("The grade change it made is taken back too.")
    return question


class YouthEditor(RecordEditor):
    """One subject's file; `saved(file)` after every change, `back_requested` for the list."""

    parts = (PARTICULARS, PLAN)
    goals = TextField(N_("Goals:"), height=120, group=PLAN)
    interval = NumberField(
        N_("Days between sessions:"),
        minimum=1,
        maximum=MAX_INTERVAL_DAYS,
        suffix=N_(" days"),
        max_width=160,
        key="interval_days",
        group=PLAN,
    )
    measures = TextField(N_("Measures:"), height=120, group=PLAN)

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(services, principal, parent)
        self.purpose = ""
        self.sealed = QLabel(_("Sealed material — minor's information"))
        self.sealed.setStyleSheet(SEALED_STYLE)
        self.print_button = tool_button(_("Print file…"), "print", self.print_file)
        self.closed_banner = QLabel()
        self.closed_banner.setStyleSheet(CLOSED_STYLE)
        self.closed_banner.setWordWrap(True)
        self.tabs.addTab(self._particulars_tab(), _("Particulars"))
        self.tabs.addTab(self._team_tab(), _("Guidance team"))
        self.tabs.addTab(self._plan_tab(), _("Plan"))
        self.tabs.addTab(self._sessions_tab(), _("Guidance sessions"))
        self.tabs.addTab(self._evaluations_tab(), _("Evaluations"))
        self.tabs.addTab(self._closure_tab(), _("Closure"))
        self.is_admin = principal.role is Role.ADMIN
        self.access_tab = self._access_tab()
        if self.is_admin:
            self.tabs.addTab(self.access_tab, _("Access"))
        top = self.top_row(self.sealed, self.print_button, self.save_button)
        lay_out(self, top, self.closed_banner, (self.tabs, 1), margin=0)

    @property
    def subject(self) -> SubjectFile | None:
        return self.record

    # -- building --------------------------------------------------------------------------
    def _particulars_tab(self) -> QWidget:
        self.particulars = ParticularsForm(extra_left=True)
        self.grade_label = QLabel()
        self.change_grade_button = tool_button(_("Change grade…"), "edit", self.change_grade)
        self.officer_label = QLabel()
        self.history_model = EditableRowsModel(HISTORY_COLUMNS)
        self.history_table = row_table(self.history_model, widths=(90, 120, 120, 80))
        self.history_table.setMinimumHeight(90)
        grade_box = QHBoxLayout()
        grade_box.addWidget(QLabel(_("Risk grade:")))
        grade_box.addWidget(self.grade_label)
        grade_box.addWidget(self.change_grade_button)
        grade_box.addStretch(1)
        self.particulars.left_column.addWidget(self.officer_label)
        self.particulars.left_column.addLayout(grade_box)
        self.particulars.left_column.addWidget(self.history_table, 1)
        content = tab_page(self.particulars)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        return scroll

    def _team_tab(self) -> QWidget:
        self.team_model = EditableRowsModel(TEAM_COLUMNS)
        self.team_table = row_table(self.team_model, widths=(120, 120, 100, 120))
        self.add_member_button = tool_button(_("Add member…"), "new", self.add_member)
        self.remove_member_button = tool_button(_("Remove member…"), "remove", self.remove_member)
        return tab_page(button_row(self.add_member_button, self.remove_member_button), self.team_table)

    def _plan_tab(self) -> QWidget:
        form = self.plan_form = FieldForm()
        self.build_fields(form, PLAN)
        self.forms[PLAN] = (form, PLAN_TAB)
        self.plan_note = QLabel()
        self.plan_note.setStyleSheet(SEALED_STYLE)
        return tab_page(form, self.plan_note, None)

    def _sessions_tab(self) -> QWidget:
        columns = list(SESSION_COLUMNS)
        columns.insert(3, Column(N_("Next due"), self._session_next_due))
        self.session_model = EditableRowsModel(columns)
        self.session_table = row_table(self.session_model, widths=(90, 110, 100, 90))
        self.session_table.activated.connect(lambda _index: self.edit_session())
        self.add_session_button = tool_button(
            _("Record a guidance session…"), "new", self.add_session
        )
        self.edit_session_button = tool_button(
            _("Edit guidance session…"), "edit", self.edit_session
        )
        self.delete_session_button = tool_button(
            _("Delete guidance session…"), "delete", self.delete_session
        )
        self.print_session_button = tool_button(
            _("Print session record…"), "print", self.print_session
        )
        self.next_due_label = QLabel()
        return tab_page(
            button_row(
                self.add_session_button,
                self.edit_session_button,
                self.delete_session_button,
                self.print_session_button,
            ),
            self.next_due_label,
            self.session_table,
        )

    def _session_next_due(self, session: YouthSessionEntry) -> str:
        """When the session after this one is (or was) due: its own date, or the interval."""
        if self.subject is None:
            return ""
        plan = self.subject.plan
        due = next_due_date(
            self.subject.registered_on,
            plan.interval_days if plan else None,
            session.held_on,
            session.next_due,
        )
        return due.isoformat()

    def _evaluations_tab(self) -> QWidget:
        self.evaluation_model = EditableRowsModel(EVALUATION_COLUMNS)
        self.evaluation_table = row_table(self.evaluation_model, widths=(90, 100, 200))
        self.evaluation_table.activated.connect(lambda _index: self.edit_evaluation())
        self.add_evaluation_button = tool_button(_("Add evaluation…"), "new", self.add_evaluation)
        self.edit_evaluation_button = tool_button(
            _("Edit evaluation…"), "edit", self.edit_evaluation
        )
        self.delete_evaluation_button = tool_button(
            _("Delete evaluation…"), "delete", self.delete_evaluation
        )
        return tab_page(
            button_row(
                self.add_evaluation_button,
                self.edit_evaluation_button,
                self.delete_evaluation_button,
            ),
            self.evaluation_table,
        )

    def _closure_tab(self) -> QWidget:
        self.closure_text = QLabel()
        self.closure_text.setWordWrap(True)
        self.closure_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = tool_button(_("Close the guidance…"), "close-case", self.close_subject)
        self.reopen_button = tool_button(_("Reopen guidance…"), "reopen", self.reopen)
        return tab_page(self.closure_text, button_row(self.close_button, self.reopen_button), None)

    def _access_tab(self) -> QWidget:
        self.officer_choice = QComboBox()
        self.assign_button = tool_button(_("Assign"), "user", self.assign_officer)
        form = QFormLayout()
        officer_row = QHBoxLayout()
        officer_row.addWidget(self.officer_choice, 1)
        officer_row.addWidget(self.assign_button)
        form.addRow(_("Assigned officer:"), officer_row)
        self.grant_model = EditableRowsModel(GRANT_COLUMNS)
        self.grant_table = row_table(self.grant_model, widths=(140, 140))
        self.grant_button = tool_button(_("Grant access…"), "new", self.grant)
        self.revoke_button = tool_button(_("Revoke…"), "remove", self.revoke)
        note = QLabel(
            _(
                "Only administrators, the assigned officer and officers granted access here "
                "may open this file."
            )
        )
        note.setWordWrap(True)
        return tab_page(form, note, button_row(self.grant_button, self.revoke_button), self.grant_table)

    # -- showing a file -----------------------------------------------------------------------
    def load(self, subject: SubjectFile, keep: Collection[str] = (), purpose: str = "") -> None:
        """Show `subject`. The parts named in `keep` that have unsaved edits keep them."""
        if purpose:
            self.purpose = purpose
        super().load(subject, keep)

    def fill(self, subject: SubjectFile) -> None:
        flags = []
        if subject.under_14:
            flags.append(_("under 14"))
        if subject.is_deleted:
            flags.append(_("deleted"))
        flag_text = f"  ⚠ {'、'.join(flags)}" if flags else ""
        self.heading.setText(
            ngettext(
                "{name}, {age} year  ({status}){flags}", "{name}, {age} years  ({status}){flags}",
                subject.age,
            ).format(
                name=subject.name, age=subject.age, status=subject.status.label, flags=flag_text
            )
        )
        self.particulars.set_values(subject.to_update())
        self.grade_label.setText(grade_html(subject.risk_grade))
        self.officer_label.setText(_("Assigned officer: {name}").format(name=subject.officer_name))
        self.history_model.set_rows(tuple(reversed(subject.grade_history)))
        self.team_model.set_rows(subject.team)
        plan = subject.plan
        self.put(PLAN, plan or PlanEntry("", DEFAULT_INTERVAL_DAYS))
        self.plan_note.setText("" if plan else _("No plan yet: sessions are due every 30 days."))
        self.session_model.set_rows(subject.sessions)
        self.evaluation_model.set_rows(subject.evaluations)
        self._show_next_due(subject)
        self._show_closure(subject)
        if self.is_admin:
            self._load_access(subject)
        self._set_editable(subject)

    def _show_next_due(self, subject: SubjectFile) -> None:
        left = subject.days_left
        if subject.next_due is None or left is None:
            text = _("No session is due (the guidance is closed).") if subject.is_closed else ""
        elif left < 0:
            text = ngettext(
                "The next session was due on {date}: overdue by {n} day.",
                "The next session was due on {date}: overdue by {n} days.",
                -left,
            ).format(date=subject.next_due.isoformat(), n=-left)
        elif left == 0:
            text = _("The next session is due today ({date}).").format(
                date=subject.next_due.isoformat()
            )
        else:
            text = ngettext(
                "The next session is due on {date} (in {n} day).",
                "The next session is due on {date} (in {n} days).",
                left,
            ).format(date=subject.next_due.isoformat(), n=left)
        self.next_due_label.setText(text)
        self.next_due_label.setStyleSheet(
            "color: #b00020; font-weight: bold;" if left is not None and left < 0 else ""
        )

    def _show_closure(self, subject: SubjectFile) -> None:
        if subject.is_closed and subject.closure_reason is not None:
            lines = [
                _("Closed on {date}: {reason}").format(
                    date=subject.closed_on.isoformat() if subject.closed_on else "",
                    reason=subject.closure_reason.label,
                )
            ]
            if subject.closure_note:
                lines.append(subject.closure_note)
            self.closure_text.setText("\n".join(lines))
            self.closed_banner.setText(
                _(
                    "This guidance is closed ({reason}); the file is read-only. "
                    "Reopen it (Closure tab) to make changes."
                ).format(reason=subject.closure_reason.label)
            )
            self.closed_banner.show()
        else:
            self.closure_text.setText(
                _("Receiving guidance since {date}.").format(date=subject.registered_on.isoformat())
            )
            self.closed_banner.setVisible(subject.is_deleted)
            self.closed_banner.setText(
                _("This subject is deleted; restore it from the list to make changes.")
            )
        if subject.access is AccessBasis.GRANTED:  # closed or not: a grant only lets one read
            self.closed_banner.setText(
                _(
                    "The administrator granted you access to this file: you may read and "
                    "print it, but only the assigned officer and administrators change it."
                )
            )
            self.closed_banner.show()

    def _load_access(self, subject: SubjectFile) -> None:
        self.officer_choice.clear()
        with user_errors(self):
            for choice in self._services.youth.officer_choices(self._principal):
                self.officer_choice.addItem(choice.name, choice.user_id)
            self.grant_model.set_rows(self._services.youth.grants(self._principal, subject.id))
        set_choice(self.officer_choice, subject.officer_user_id)

    def _may_edit(self, subject: SubjectFile) -> bool:
        """Open, live, and not seen by a grant only (access granted by the administrator is
        read-only; the service refuses such changes too)."""
        return (
            subject.is_editable
            and subject.access is not AccessBasis.GRANTED
            and self._principal.can(Permission.EDIT_RECORDS)
        )

    def _set_editable(self, subject: SubjectFile) -> None:
        editable = self._may_edit(subject)
        self.particulars.set_locked(not editable)
        for box in (self.goals, self.measures):
            box.setReadOnly(not editable)
        self.interval.setReadOnly(not editable)
        for widget in (
            self.save_button,
            self.change_grade_button,
            self.add_member_button,
            self.remove_member_button,
            self.add_session_button,
            self.edit_session_button,
            self.delete_session_button,
            self.add_evaluation_button,
            self.edit_evaluation_button,
            self.delete_evaluation_button,
            self.close_button,
            self.assign_button,
            self.grant_button,
            self.revoke_button,
        ):
            widget.setEnabled(editable)
        self.reopen_button.setEnabled(
            subject.is_closed
            and not subject.is_deleted
            and subject.access is not AccessBasis.GRANTED
            and self._principal.can(Permission.EDIT_RECORDS)
        )
        self.close_button.setVisible(not subject.is_closed)
        self.reopen_button.setVisible(subject.is_closed)
        may_print = self._principal.can(Permission.PRINT)
        self.print_button.setEnabled(may_print)
        self.print_session_button.setEnabled(may_print and bool(subject.sessions))

    # -- the parts: the particulars and the plan ---------------------------------------------
    def current(self, part: str) -> object:
        if part == PARTICULARS:
            return self.current_update()
        return self.new_record(PlanEntry, PLAN)

    def put(self, part: str, value: object) -> None:
        if part == PARTICULARS:
            assert isinstance(value, SubjectUpdate)
            self.particulars.set_values(value)
        else:
            self.show_record(value, PLAN)

    def store(self, part: str, value: object) -> SubjectFile:
        assert self.subject is not None
        if part == PARTICULARS:
            assert isinstance(value, SubjectUpdate)
            return self._services.youth.update(self._principal, value)
        assert isinstance(value, PlanEntry)
        return self._services.youth.set_plan(self._principal, self.subject.id, value)

    def current_update(self) -> SubjectUpdate:
        assert self.subject is not None
        return self.subject.to_update(**self.particulars.values())

    def may_edit(self) -> bool:
        return self.subject is not None and self._may_edit(self.subject)

    def clear_errors(self) -> None:
        super().clear_errors()
        self.particulars.clear_errors()

    def show_problem(self, error: StationDeskError, part: str = PARTICULARS) -> None:
        if part == PARTICULARS:
            self.tabs.setCurrentIndex(PARTICULARS_TAB)
            if self.particulars.show_problem(error):
                return
        super().show_problem(error, part)

    def unsaved_question(self) -> str:
        return _("The file of {name} has unsaved changes. Save them?").format(
            name=self.subject.name if self.subject else ""
        )

    # -- grade, team ------------------------------------------------------------------------
    def _subject_form(self, make: Callable[..., D], *entry: object) -> D | None:
        """Open `make(services, principal, subject, *entry, editor)`, a dialog that saves the
        open subject at once, when the subject may be changed."""
        if self.subject is None or not self._may_edit(self.subject):
            return None
        return self.open_form(make(self._services, self._principal, self.subject, *entry, self))  # type: ignore[no-any-return]

    def change_grade(self) -> GradeChangeDialog | None:
        return self._subject_form(GradeChangeDialog)

    def add_member(self) -> TeamMemberDialog | None:
        return self._subject_form(TeamMemberDialog)

    def remove_member(self) -> QMessageBox | None:
        return self.delete_chosen(
            self.team_table,
            lambda member: _("Remove {name} from the guidance team?").format(name=member.name),
            self._services.youth.remove_team_member,
        )

    # -- sessions, evaluations -----------------------------------------------------------------
    def selected_session(self) -> YouthSessionEntry | None:
        session = chosen_entry(self.session_table)
        return session if isinstance(session, YouthSessionEntry) else None

    def add_session(self) -> SessionDialog | None:
        return self._subject_form(SessionDialog, None)

    def edit_session(self) -> SessionDialog | None:
        return self.edit_chosen(self.session_table, lambda s: self._subject_form(SessionDialog, s))

    def delete_session(self) -> QMessageBox | None:
        return self.delete_chosen(
            self.session_table,
            lambda session: _("Delete the session of {date}?").format(
                date=session.held_on.isoformat()
            ),
            self._services.youth.delete_session,
        )

    def add_evaluation(self) -> EvaluationDialog | None:
        return self._subject_form(EvaluationDialog, None)

    def edit_evaluation(self) -> EvaluationDialog | None:
        return self.edit_chosen(
            self.evaluation_table, lambda entry: self._subject_form(EvaluationDialog, entry)
        )

    def delete_evaluation(self) -> QMessageBox | None:
        return self.delete_chosen(
            self.evaluation_table, evaluation_question, self._services.youth.delete_evaluation
        )

    def delete_selected(self) -> QMessageBox | None:
        """The Delete key: delete the chosen row of the current tab (after asking)."""
        index = self.tabs.currentIndex()
        if index == SESSIONS_TAB:
            return self.delete_session()
        if index == EVALUATIONS_TAB:
            return self.delete_evaluation()
        if index == TEAM_TAB:
            return self.remove_member()
        return None

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Delete and self.delete_selected() is not None:
            return
        super().keyPressEvent(event)

    # -- closing ------------------------------------------------------------------------------
    def close_subject(self) -> CloseDialog | None:
        if self.subject is None or not self._may_edit(self.subject):
            return None
        if self.is_dirty() and not self.save():
            return None
        dialog = CloseDialog(self._services, self._principal, self.subject, self)
        return self.open_form(dialog)

    def reopen(self) -> QMessageBox | None:
        if self.subject is None or not self.subject.is_closed:
            return None
        if self.subject.access is AccessBasis.GRANTED:
            return None
        subject_id = self.subject.id
        return self.confirm_then_act(
            _("Reopen the guidance of {name}? The audit trail keeps the closure.").format(
                name=self.subject.name
            ),
            lambda: self.act(lambda: self._services.youth.reopen(self._principal, subject_id)),
        )

    # -- access (administrators) --------------------------------------------------------------
    def assign_officer(self) -> QMessageBox | None:
        if self.subject is None:
            return None
        user_id = self.officer_choice.currentData()
        if not user_id or user_id == self.subject.officer_user_id:
            return None
        subject_id = self.subject.id
        return confirm(
            self,
            _("Hand this subject over to {name}?").format(name=self.officer_choice.currentText()),
            lambda: self._services.youth.assign_officer(self._principal, subject_id, user_id),
        )

    def grant(self) -> GrantDialog | None:
        if self.subject is None:
            return None
        dialog = GrantDialog(self._services, self._principal, self.subject, self)
        dialog.accepted.connect(lambda: self._load_access(self.subject))  # type: ignore[arg-type]
        return open_dialog(dialog)

    def revoke(self) -> QMessageBox | None:
        grant = chosen_entry(self.grant_table)
        if not isinstance(grant, AccessGrant) or self.subject is None:
            return None

        def revoke() -> None:
            with user_errors(self):
                self._services.youth.revoke_access(self._principal, grant.id)
            if self.subject is not None:
                self._load_access(self.subject)

        return confirm(
            self,
            _("Take back the access of {name}?").format(name=grant.user_name),
            revoke,
        )

    # -- printing ---------------------------------------------------------------------------
    def print_file(self) -> PurposeDialog | None:
        """Ask the purpose (default: the one given on opening), then preview the file."""
        if self.subject is None:
            return None
        dialog = PurposeDialog(_("Print the guidance file"), self.preview_file, self.purpose, self)
        return open_dialog(dialog)

    def preview_file(self, purpose: str) -> DocumentPreviewDialog:
        return self._preview(YOUTH_FILE, Request(purpose=purpose), date.today())

    def _preview(self, kind: DocumentKind, request: Request, when: date) -> DocumentPreviewDialog:
        """The preview of a sealed document of the subject; the purpose is checked first."""
        assert self.subject is not None
        subject = self.subject
        request = replace(request, record_id=subject.id, purpose=validated_purpose(request.purpose))
        name = document_name(kind, subject.masked_name, when)
        return preview_document(self, kind, request, subject.masked_name, name)

    def print_session(self) -> PurposeDialog | None:
        if self.subject is None or not self.subject.sessions:
            return None
        session = self.selected_session() or self.subject.sessions[-1]
        dialog = PurposeDialog(
            _("Print the session record"),
            lambda purpose: self.preview_session(session, purpose),
            self.purpose,
            self,
        )
        return open_dialog(dialog)

    def preview_session(
        self, session: YouthSessionEntry, purpose: str
    ) -> DocumentPreviewDialog:
        request = Request(item_id=session.id or "", purpose=purpose)
        return self._preview(YOUTH_SESSION_RECORD, request, session.held_on)

    # -- leaving ---------------------------------------------------------------------------
    def forget(self) -> None:
        """Clear the full file from the screen (after going back to the masked list)."""
        self.record = None
        self._baselines = {}
        self.heading.clear()
        self.particulars.set_values(None)
        for model in (
            self.history_model,
            self.team_model,
            self.session_model,
            self.evaluation_model,
            self.grant_model,
        ):
            model.set_rows([])
        self.put(PLAN, PlanEntry("", DEFAULT_INTERVAL_DAYS))
