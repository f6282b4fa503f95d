"""The small forms of youth guidance (青少年帮教): the purpose of access, the particulars of a
subject (shared by "Register a subject" and the editor), a guardian, a team member, a session,
an evaluation, a grade change, closing, an access grant, the statistics period, and the
print preview of the sealed documents.

Each form is a `FormDialog`: OK runs the check or the service, a `ValidationError` shows under
its field and the dialog stays open, so nothing typed is lost; Cancel with edits asks first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from station_desk.documents import YOUTH_STATISTICS, Request
from station_desk.domain.accounts import Principal
from station_desk.domain.roles import Role
from station_desk.domain.validators import age_on
from station_desk.domain.youth import (
    ADULT_AGE,
    DEFAULT_INTERVAL_DAYS,
    GUARDIANS,
    SENSITIVE_AGE,
    ClosureReason,
    EvaluationEntry,
    GuardianEntry,
    MemberKind,
    RiskGrade,
    SessionKind,
    SubjectDraft,
    SubjectFile,
    SubjectUpdate,
    TeamCandidate,
    TeamMemberEntry,
    TeamRole,
    YouthGroup,
    YouthRowError,
    YouthSessionEntry,
    validated_guardians,
)
from station_desk.errors import StationDeskError, ValidationError
from station_desk.i18n import N_, _, ngettext
from station_desk.services.container import Services
from station_desk.ui.errors import show_error, user_errors
from station_desk.ui.widgets.dialogs import ServiceDialog, open_dialog
from station_desk.ui.widgets.fields import (
    ChoiceField,
    DataChoiceField,
    DayField,
    DeclaredFields,
    GenderField,
    LineField,
    NoteField,
    OptionalDayField,
    TextField,
    WidgetField,
)
from station_desk.ui.widgets.forms import EntryDialog, FieldForm, FormDialog
from station_desk.ui.widgets.id_numbers import id_facts_text, typed_id
from station_desk.ui.widgets.inputs import (
    OptionalDate,
    day_of,
    set_choice,
)
from station_desk.ui.widgets.layouts import lay_out
from station_desk.ui.widgets.preview import DocumentPreviewDialog, document_name, preview_document
from station_desk.ui.widgets.rows import (
    EditableRowsModel,
    button_row,
    chosen_row,
    row_table,
    tab_page,
    tool_button,
)
from station_desk.ui.widgets.table_model import Column

NOTE_STYLE = "color: #8a5a00;"
RIGHT = "right"  # the right-hand column of the particulars
GRADE_COLOURS = {RiskGrade.RED: "#c62828", RiskGrade.YELLOW: "#b8860b", RiskGrade.GREEN: "#2e7d32"}
GRADE_BACKGROUNDS = {
    RiskGrade.RED: "#fde7e9",
    RiskGrade.YELLOW: "#fff4d6",
    RiskGrade.GREEN: "#e6f4ea",
}

GUARDIAN_COLUMNS = (
    Column(N_("Name"), lambda g: g.name),
    Column(N_("Relation"), lambda g: g.relation),
    Column(N_("Phone"), lambda g: g.phone),
    Column(N_("Address"), lambda g: g.address),
)


def grade_html(grade: RiskGrade) -> str:
    return f"<b style='color:{GRADE_COLOURS[grade]}'>● {grade.label}</b>"


class PurposeDialog(FormDialog):
    """Asks why a sealed file is opened or printed; OK runs `act(purpose)` (which may refuse
    with a ValidationError on "purpose"). Nothing is remembered; Cancel means no access."""

    purpose = LineField(N_("Purpose:"), placeholder=N_("e.g. home visit preparation"))

    def __init__(
        self,
        title: str,
        act: Callable[[str], object],
        default: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, parent)
        self._act = act
        self.result_value: object = None
        note = QLabel(
            _(
                "These are sealed records of a minor. State why you need them; the purpose "
                "is written to the audit trail."
            )
        )
        note.setWordWrap(True)
        self.form.insertRow(0, note)
        self.purpose.setText(default)
        self.setMinimumWidth(460)

    def save(self) -> None:
        self.result_value = self._act(self.purpose.text())


class GuardianDialog(FormDialog):
    """Add or change a guardian (checked here; saved with the particulars)."""

    name = LineField(N_("Name:"))
    relation = LineField(N_("Relation:"), placeholder=N_("e.g. mother"))
    phone = LineField(N_("Phone:"))
    address = LineField(N_("Address:"))

    def __init__(self, guardian: GuardianEntry | None, parent: QWidget | None = None) -> None:
        super().__init__(_("Guardian"), parent)
        self._guardian = guardian or GuardianEntry(name="")
        self.entry: GuardianEntry | None = None
        self.show_record(self._guardian)
        self.mark_clean()

    def snapshot(self) -> GuardianEntry:
        return self.read_record(self._guardian)

    def save(self) -> None:
        try:
            (self.entry,) = validated_guardians((self.snapshot(),))
        except YouthRowError as exc:
            raise ValidationError(exc.field, exc.message) from None


class ParticularsForm(QWidget, DeclaredFields):
    """The particulars of a subject and their guardians: what registering and the editor's
    first tab have in common. Gender and birth date come from a valid ID number (shown, not
    typed); without one they are typed. `values()` gives the fields of a draft or update."""

    name = LineField(N_("Name:"))
    resident_id = LineField(N_("ID number:"))
    derived = NoteField(N_("Gender, birth date:"), style=NOTE_STYLE, wrap=True)
    gender = GenderField(N_("Gender:"), empty=N_("Not known"))
    birth_date = DayField(N_("Birth date:"))
    phone = LineField(N_("Phone:"))
    school_or_work = LineField(N_("School or work:"))
    address = LineField(N_("Address:"))
    group = ChoiceField(N_("Group:"), YouthGroup)
    registered_on = DayField(N_("Registered on:"))
    reason = TextField(N_("Reason for guidance:"), height=100, fixed=True, group=RIGHT)
    notes = TextField(N_("Notes:"), height=60, fixed=True, group=RIGHT)

    def __init__(self, extra_left: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = left = FieldForm()
        self.build_fields(left)
        self.right = right = FieldForm()
        self.build_fields(right, RIGHT)
        self.guardian_model = EditableRowsModel(GUARDIAN_COLUMNS)
        self.guardian_table = row_table(self.guardian_model, widths=(80, 60, 105))
        self.guardian_table.setMinimumHeight(90)
        # the address takes what is left (elided, whole in the tooltip): no sideways scrolling
        self.guardian_table.horizontalHeader().setSectionResizeMode(
            len(GUARDIAN_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch
        )
        self.guardian_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.guardian_table.activated.connect(lambda _index: self.edit_guardian())
        self.add_guardian_button = tool_button(_("Add guardian…"), "new", self.add_guardian)
        self.edit_guardian_button = tool_button(_("Edit…"), "edit", self.edit_guardian)
        self.remove_guardian_button = tool_button(_("Remove"), "remove", self.remove_guardian)
        guardians = tab_page(
            button_row(
                self.add_guardian_button, self.edit_guardian_button, self.remove_guardian_button
            ),
            self.guardian_table,
        )
        layout = guardians.layout()
        if layout is not None:
            layout.setContentsMargins(0, 0, 0, 0)
        right.add_field("guardians", guardians)
        right.set_label("guardians", _("Guardians:"))
        for box in (self.reason, self.notes):
            cell = box.parentWidget()  # FieldForm's cell: the box and its error
            if cell is not None:
                cell.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.left_column = QVBoxLayout()
        self.left_column.addLayout(left)
        if not extra_left:
            self.left_column.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.left_column, 1)
        layout.addLayout(right, 1)
        self.resident_id.textChanged.connect(self.id_changed)
        self.birth_date.dateChanged.connect(self.id_changed)
        self.registered_on.dateChanged.connect(self.id_changed)
        self._locked = False
        self.id_changed()

    def add_guardian(self) -> GuardianDialog:
        return self._guardian_dialog(None, -1)

    def edit_guardian(self) -> GuardianDialog | None:
        row = chosen_row(self.guardian_table)
        if row < 0 or self._locked:
            return None
        return self._guardian_dialog(self.guardian_model.row_at(row), row)

    def _guardian_dialog(self, guardian: GuardianEntry | None, row: int) -> GuardianDialog:
        dialog = GuardianDialog(guardian, self)

        def accepted() -> None:
            if dialog.entry is None:
                return
            self.guardian_model.put_row(row, dialog.entry)

        return open_dialog(dialog, accepted=accepted)

    def remove_guardian(self) -> None:
        row = chosen_row(self.guardian_table)
        if row >= 0 and not self._locked:
            self.guardian_model.remove_row(row)

    def id_changed(self, *_args: object) -> None:
        """Show what a valid ID number says; the age and whether a guardian is needed."""
        text = self.resident_id.text().strip()
        typed = not text
        self.gender.setEnabled(typed and not self._locked)
        self.birth_date.setEnabled(typed and not self._locked)
        birth: date | None = None
        parts: list[str] = []
        if text:
            parsed = typed_id(text)
            if parsed is None:
                parts.append(_("Not a valid ID number yet."))
            else:
                birth = parsed.birth_date
                parts.append(id_facts_text(parsed))
        else:
            birth = day_of(self.birth_date)
        if birth is not None:
            age = age_on(birth, date.today())
            parts.append(ngettext("{age} year old", "{age} years old", age).format(age=age))
            if age < SENSITIVE_AGE:
                parts.append(_("under {age}: especially sensitive").format(age=SENSITIVE_AGE))
            if age_on(birth, day_of(self.registered_on)) < ADULT_AGE:
                parts.append(_("a minor: a guardian is required"))
        self.derived.setText("；".join(parts))

    def set_values(self, values: SubjectUpdate | None) -> None:
        if values is None:  # a new subject: empty, born 15 years ago, registered today
            today = date.today()
            values = SubjectUpdate(
                "", "", next(iter(YouthGroup)), "", birth_date=today - timedelta(days=365 * 15),
                registered_on=today,
            )
        self.show_record(values, None)
        self.guardian_model.set_rows(values.guardians)
        self.id_changed()

    def values(self) -> dict[str, Any]:
        typed = not self.resident_id.text().strip()
        values = self.record_values(None)
        values["resident_id"] = values["resident_id"].strip()
        if not typed:
            values["gender"] = values["birth_date"] = None
        values["guardians"] = tuple(self.guardian_model.rows())
        return values

    def set_locked(self, locked: bool) -> None:
        self._locked = locked
        for edit in (self.name, self.resident_id, self.phone, self.school_or_work, self.address):
            edit.setReadOnly(locked)
        for box in (self.reason, self.notes):
            box.setReadOnly(locked)
        for widget in (
            self.group,
            self.registered_on,
            self.add_guardian_button,
            self.edit_guardian_button,
            self.remove_guardian_button,
        ):
            widget.setEnabled(not locked)
        self.id_changed()

    def clear_errors(self) -> None:
        self.form.clear_errors()
        self.right.clear_errors()

    def show_problem(self, error: StationDeskError) -> bool:
        """Show a validation error at its field (a guardian row: select it); False when the
        error names no field here."""
        if isinstance(error, YouthRowError) and error.section == GUARDIANS:
            self.guardian_table.selectRow(error.row)
            guardian = self.guardian_model.row_at(error.row)
            return self.right.show_error(
                "guardians",
                _("Guardian {name}: {message}").format(name=guardian.name, message=error.message),
            )
        if isinstance(error, ValidationError):
            for form in (self.form, self.right):
                if form.knows(error.field):
                    return form.show_error(error.field, error.message)
        return False


class NewSubjectDialog(FormDialog):
    """Register a subject: particulars, guardians, the first risk grade and (admin) the
    officer. `created` holds the full file afterwards."""

    risk_grade = ChoiceField(N_("Risk grade:"), RiskGrade)
    grade_reason = LineField(N_("Why this grade:"))
    officer = DataChoiceField(N_("Assigned officer:"), key="officer_user_id")

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(_("Register a youth guidance subject"), parent)
        self._services, self._principal = services, principal
        self.created: SubjectFile | None = None
        self.particulars = ParticularsForm()
        self.particulars.set_values(None)
        set_choice(self.risk_grade, RiskGrade.YELLOW.value)
        if principal.role is Role.ADMIN:
            with user_errors(self):
                for choice in services.youth.officer_choices(principal):
                    self.officer.addItem(choice.name, choice.user_id)
            set_choice(self.officer, principal.user_id)
        else:
            self.officer.addItem(principal.display_name, principal.user_id)
            self.officer.setEnabled(False)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, self.particulars)
        self.setMinimumWidth(900)
        self.mark_clean()

    def snapshot(self) -> object:
        return (self.particulars.values(), self.record_values())

    def accept(self) -> None:
        self.form.clear_errors()
        self.particulars.clear_errors()
        try:
            self.save()
        except StationDeskError as exc:
            shown = self.particulars.show_problem(exc)
            if not shown and isinstance(exc, ValidationError):
                shown = self.form.show_error(exc.field, exc.message)
            if not shown:
                show_error(self, exc)
            return
        QDialog.accept(self)

    def save(self) -> None:
        self.created = self._services.youth.register(
            self._principal, self.new_record(SubjectDraft, **self.particulars.values())
        )


def show_current_grade(form: FieldForm, subject: SubjectFile) -> None:
    """The subject's grade above the form."""
    grade = grade_html(subject.risk_grade)
    form.insertRow(0, QLabel(_("Current grade: {grade}").format(grade=grade)))


class SubjectDialog(FormDialog):
    """A dialog about one subject that saves at once; `saved` holds the file afterwards.
    `heading` is the title's message id; `prepare()` sets the form up before it counts as
    unchanged."""

    heading = ""

    def __init__(
        self, services: Services, principal: Principal, subject: SubjectFile, parent: QWidget
    ) -> None:
        super().__init__(_(self.heading), parent)
        self._services, self._principal, self._subject = services, principal, subject
        self.saved: SubjectFile | None = None
        self.prepare()
        self.mark_clean()

    def prepare(self) -> None:
        """Fill the form and connect its widgets (the subject is `self._subject`)."""


class GradeChangeDialog(SubjectDialog):
    """Change the risk grade outside an evaluation (date, grade, reason)."""

    heading = N_("Change the risk grade")
    grade = ChoiceField(N_("New grade:"), RiskGrade)
    changed_on = DayField(N_("Date:"))
    reason = TextField(N_("Reason:"), height=60)

    def prepare(self) -> None:
        show_current_grade(self.form, self._subject)
        others = [g for g in RiskGrade if g is not self._subject.risk_grade]
        set_choice(self.grade, others[0].value)

    def snapshot(self) -> object:
        return (self.grade.currentData(), self.reason.toPlainText())

    def save(self) -> None:
        values = self.record_values()
        self.saved = self._services.youth.change_risk_grade(
            self._principal, self._subject.id, values["grade"], values["reason"], values["changed_on"]
        )


def candidate_text(candidate: TeamCandidate) -> str:
    parts = [candidate.name, f"（{candidate.kind.label}）"]
    if candidate.unit:
        parts.append(f" {candidate.unit}")
    return "".join(parts)


class TeamMemberDialog(SubjectDialog):
    """Add a member to the guidance team: chosen from users, contacts and volunteers (found
    by name or pinyin), or typed in; each with a role."""

    heading = N_("Add a team member")
    query = LineField(N_("Find:"), placeholder=N_("Name or pinyin initials"))
    candidates = WidgetField(N_("Person:"), QListWidget, key="ref_id", aliases=("kind",), read=False)
    other_name = LineField(
        N_("Other person:"), placeholder=N_("Or type the name of someone else"), key="name"
    )
    role = ChoiceField(N_("Role:"), TeamRole)
    phone = LineField(N_("Phone:"))
    unit = LineField(N_("School or unit:"))

    def prepare(self) -> None:
        self.query.setClearButtonEnabled(True)
        self.candidates.setMinimumHeight(160)
        self.query.textChanged.connect(self.find_candidates)
        self.candidates.currentRowChanged.connect(self._chosen)
        self.find_candidates()
        self.setMinimumWidth(520)

    def find_candidates(self, *_args: object) -> None:
        self.candidates.clear()
        with user_errors(self):
            for candidate in self._services.youth.team_candidates(
                self._principal, self.query.text()
            ):
                item = QListWidgetItem(candidate_text(candidate))
                item.setData(Qt.ItemDataRole.UserRole, candidate)
                self.candidates.addItem(item)

    def candidate(self) -> TeamCandidate | None:
        item = self.candidates.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def choose(self, name: str) -> bool:
        """Select the candidate called `name` (for the keyboard and tests)."""
        for row in range(self.candidates.count()):
            candidate = self.candidates.item(row).data(Qt.ItemDataRole.UserRole)
            if candidate.name == name:
                self.candidates.setCurrentRow(row)
                return True
        return False

    def _chosen(self, _row: int) -> None:
        candidate = self.candidate()
        if candidate is not None:
            set_choice(self.role, candidate.suggested_role.value)

    def snapshot(self) -> object:
        candidate = self.candidate()
        return (
            candidate.ref_id if candidate else None,
            self.other_name.text(),
            self.phone.text(),
            self.unit.text(),
        )

    def entry(self) -> TeamMemberEntry:
        role = TeamRole(self.role.currentData())
        candidate = self.candidate()
        contact = {"phone": self.phone.text(), "unit": self.unit.text()}
        if self.other_name.text().strip() or candidate is None:
            return TeamMemberEntry(MemberKind.OTHER, role, name=self.other_name.text(), **contact)
        return TeamMemberEntry(
            candidate.kind, role, ref_id=candidate.ref_id, name=candidate.name, **contact
        )

    def save(self) -> None:
        self.saved = self._services.youth.add_team_member(
            self._principal, self._subject.id, self.entry()
        )


class SubjectEntryDialog(EntryDialog):
    """An entry of the subject's file saved at once (a session, an evaluation): what Cancel
    would lose is the entry as it would be saved."""

    def snapshot(self) -> object:
        return self.current_entry()


class SessionDialog(SubjectEntryDialog):
    """Record (or change) a guidance session; saved at once, `saved` holds the file after."""

    heading = N_("Guidance session")
    held_on = DayField(N_("Date:"))
    kind = ChoiceField(N_("Kind:"), SessionKind)
    place = LineField(N_("Place:"))
    participants = LineField(N_("Participants:"))
    content = TextField(N_("Content:"), height=80)
    state = TextField(N_("State of the young person:"), height=50)
    assessment = TextField(N_("Assessment:"), height=50)
    conducted_by = LineField(N_("Conducted by:"))
    next_due = OptionalDayField(check=N_("Next session on"))

    def blank(self) -> YouthSessionEntry:
        return YouthSessionEntry(held_on=date.today(), conducted_by=self._principal.display_name)

    def prepare(self) -> None:
        plan = self._owner.plan
        interval = plan.interval_days if plan else DEFAULT_INTERVAL_DAYS
        hint = QLabel(
            ngettext(
                "Without a date the next session is due {days} day after this one.",
                "Without a date the next session is due {days} days after this one.",
                interval,
            ).format(days=interval)
        )
        hint.setStyleSheet(NOTE_STYLE)
        hint.setWordWrap(True)
        self.form.addRow("", hint)
        self.setMinimumWidth(600)
        self.mark_clean()

    def current_entry(self) -> YouthSessionEntry:
        return self.read_record(self._entry)

    def save_call(self) -> Callable[[Principal, str, YouthSessionEntry], SubjectFile]:
        return self._services.youth.save_session


class EvaluationDialog(SubjectEntryDialog):
    """Add (or change) an evaluation; a new risk grade needs its reason."""

    heading = N_("Evaluation")
    evaluated_on = DayField(N_("Date:"))
    progress = TextField(N_("Progress against the goals:"), height=80)
    new_grade = ChoiceField(N_("Risk grade:"), RiskGrade, empty=N_("No change"))
    grade_reason = TextField(N_("Why the grade changes:"), height=40)
    next_steps = TextField(N_("Next steps:"), height=50)
    evaluator = LineField(N_("Evaluated by:"))

    def blank(self) -> EvaluationEntry:
        return EvaluationEntry(
            evaluated_on=date.today(), progress="", evaluator=self._principal.display_name
        )

    def prepare(self) -> None:
        show_current_grade(self.form, self._owner)
        self.new_grade.currentIndexChanged.connect(self._grade_changed)
        self._grade_changed()
        self.setMinimumWidth(560)
        self.mark_clean()

    def _grade_changed(self, *_args: object) -> None:
        self.grade_reason.setEnabled(self.new_grade.currentData() is not None)

    def current_entry(self) -> EvaluationEntry:
        entry = self.new_record(EvaluationEntry, id=self._entry.id)
        return entry if entry.new_grade else replace(entry, grade_reason="")

    def save_call(self) -> Callable[[Principal, str, EvaluationEntry], SubjectFile]:
        return self._services.youth.save_evaluation


class CloseDialog(SubjectDialog):
    """Close the guidance with a reason (and a note; required for "other")."""

    heading = N_("Close the guidance")
    reason = ChoiceField(N_("Reason:"), ClosureReason, key="closure_reason")
    closed_on = DayField(N_("Closed on:"))
    note = TextField(N_("Note:"), height=60, key="closure_note")

    def prepare(self) -> None:
        note = QLabel(
            _("A closed file can no longer be changed until it is reopened; no reminders follow.")
        )
        note.setWordWrap(True)
        self.form.insertRow(0, note)

    def snapshot(self) -> object:
        return (self.reason.currentData(), self.note.toPlainText())

    def save(self) -> None:
        values = self.record_values()
        self.saved = self._services.youth.close(
            self._principal,
            self._subject.id,
            values["closure_reason"],
            values["closure_note"],
            values["closed_on"],
        )


class GrantDialog(FormDialog):
    """Let an officer see this subject (administrators)."""

    user = DataChoiceField(N_("Officer:"), key="user_id")
    note = LineField(N_("Note:"))

    def __init__(
        self, services: Services, principal: Principal, subject: SubjectFile, parent: QWidget
    ):
        super().__init__(_("Grant access"), parent)
        self._services, self._principal, self._subject = services, principal, subject
        self.granted = False
        with user_errors(self):
            for choice in services.youth.officer_choices(principal):
                if not choice.is_admin and choice.user_id != subject.officer_user_id:
                    self.user.addItem(choice.name, choice.user_id)
        self.none_left = QLabel(_("There is no other officer to grant access to."))
        self.none_left.setWordWrap(True)
        nobody = self.user.count() == 0
        self.none_left.setVisible(nobody)
        layout = self.layout()
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(1, self.none_left)
        if nobody:
            self.user.setEnabled(False)
            self.note.setEnabled(False)
            ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
            ok.setEnabled(False)
            ok.setDefault(False)
        self.mark_clean()

    def snapshot(self) -> object:
        return self.note.text()

    def accept(self) -> None:
        if self.user.count() == 0:
            return
        super().accept()

    def save(self) -> None:
        self._services.youth.grant_access(
            self._principal, self._subject.id, self.user.currentData() or "", self.note.text()
        )
        self.granted = True


# -- printing -----------------------------------------------------------------------------


class StatisticsDialog(ServiceDialog):
    """The period of the count-only statistics sheet, then "Print…" (preview)."""

    def __init__(self, services: Services, principal: Principal, parent: QWidget) -> None:
        super().__init__(services, principal, _("Youth guidance statistics"), parent=parent)
        self.date_from = OptionalDate(_("From"))
        self.date_to = OptionalDate(_("To"))
        today = date.today()
        self.date_from.set_value(None, date(today.year, 1, 1))
        self.date_to.set_value(None, today)
        note = QLabel(
            _(
                "Counts only, no names: by group, risk grade and status. Without a period: every subject."
            )
        )
        note.setWordWrap(True)
        grid = QGridLayout()
        grid.addWidget(self.date_from, 0, 0)
        grid.addWidget(self.date_to, 0, 1)
        self.print_button = tool_button(_("Print…"), "print", self.preview)
        close = tool_button(_("Close"), "cancel", self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.print_button)
        row.addWidget(close)
        lay_out(self, note, grid, row)
        self.setMinimumWidth(460)

    def preview(self) -> DocumentPreviewDialog:
        start, end = self.date_from.value(), self.date_to.value()
        return preview_document(
            self,
            YOUTH_STATISTICS,
            Request(date_from=start, date_to=end),
            f"{start or ''} – {end or ''}",
            document_name(YOUTH_STATISTICS, "", end or date.today()),
        )
