"""The small forms of youth guidance (青少年帮教): the purpose of access, the particulars of a
subject (shared by "Register a subject" and the editor), a guardian, a team member, a session,
an evaluation, a grade change, closing, an access grant, the statistics period, and the
print preview of the sealed documents.

Each form is a `FormDialog`: OK runs the check or the service, a `ValidationError` shows under
its field and the dialog stays open, so nothing typed is lost; Cancel with edits asks first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from station_desk.domain.accounts import Principal
from station_desk.domain.enums import Gender
from station_desk.domain.roles import Role
from station_desk.domain.validators import age_on, parse_resident_id
from station_desk.domain.youth import (
    ADULT_AGE,
    DEFAULT_INTERVAL_DAYS,
    GUARDIANS,
    MAX_INTERVAL_DAYS,
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
    YouthDocument,
    YouthGroup,
    YouthRowError,
    YouthSessionEntry,
    validated_guardians,
)
from station_desk.errors import StationDeskError, ValidationError
from station_desk.i18n import N_, _
from station_desk.services.container import Services
from station_desk.ui.errors import show_error, user_errors
from station_desk.ui.widgets.dialogs import open_dialog
from station_desk.ui.widgets.forms import FieldForm, FormDialog
from station_desk.ui.widgets.inputs import (
    OptionalDate,
    date_edit,
    enum_choice,
    gender_choice,
    gender_text,
    set_choice,
    text_box,
    to_qdate,
)
from station_desk.ui.widgets.preview import DocumentPreviewDialog, Producer
from station_desk.ui.widgets.rows import EditableRowsModel, row_table, tool_button
from station_desk.ui.widgets.table_model import Column

NOTE_STYLE = "color: #8a5a00;"
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
        self.purpose = self.form.add_field("purpose", QLineEdit(default))
        self.purpose.setPlaceholderText(_("e.g. home visit preparation"))
        self.form.set_label("purpose", _("Purpose:"))
        self.setMinimumWidth(460)

    def save(self) -> None:
        self.result_value = self._act(self.purpose.text())


class GuardianDialog(FormDialog):
    """Add or change a guardian (checked here; saved with the particulars)."""

    def __init__(self, guardian: GuardianEntry | None, parent: QWidget | None = None) -> None:
        super().__init__(_("Guardian"), parent)
        self._id = guardian.id if guardian else None
        guardian = guardian or GuardianEntry(name="")
        self.entry: GuardianEntry | None = None
        self.name = self.form.add_field("name", QLineEdit(guardian.name))
        self.relation = self.form.add_field("relation", QLineEdit(guardian.relation))
        self.phone = self.form.add_field("phone", QLineEdit(guardian.phone))
        self.address = self.form.add_field("address", QLineEdit(guardian.address))
        for key, text in (
            ("name", _("Name:")),
            ("relation", _("Relation:")),
            ("phone", _("Phone:")),
            ("address", _("Address:")),
        ):
            self.form.set_label(key, text)
        self.relation.setPlaceholderText(_("e.g. mother"))
        self.mark_clean()

    def snapshot(self) -> object:
        return GuardianEntry(
            self.name.text(),
            self.relation.text(),
            self.phone.text(),
            self.address.text(),
            self._id,
        )

    def save(self) -> None:
        entry = self.snapshot()
        assert isinstance(entry, GuardianEntry)
        try:
            (self.entry,) = validated_guardians((entry,))
        except YouthRowError as exc:
            raise ValidationError(exc.field, exc.message) from None


class ParticularsForm(QWidget):
    """The particulars of a subject and their guardians: what registering and the editor's
    first tab have in common. Gender and birth date come from a valid ID number (shown, not
    typed); without one they are typed. `values()` gives the fields of a draft or update."""

    def __init__(self, extra_left: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = left = FieldForm()
        self.name = left.add_field("name", QLineEdit())
        self.resident_id = left.add_field("resident_id", QLineEdit())
        self.derived = left.add_field("derived", QLabel())
        self.gender = left.add_field("gender", gender_choice(None))
        self.birth_date = left.add_field("birth_date", date_edit(date.today()))
        self.phone = left.add_field("phone", QLineEdit())
        self.school_or_work = left.add_field("school_or_work", QLineEdit())
        self.address = left.add_field("address", QLineEdit())
        self.group = left.add_field("group", enum_choice(list(YouthGroup)))
        self.registered_on = left.add_field("registered_on", date_edit(date.today()))
        for key, text in (
            ("name", _("Name:")),
            ("resident_id", _("ID number:")),
            ("derived", _("Gender, birth date:")),
            ("gender", _("Gender:")),
            ("birth_date", _("Birth date:")),
            ("phone", _("Phone:")),
            ("school_or_work", _("School or work:")),
            ("address", _("Address:")),
            ("group", _("Group:")),
            ("registered_on", _("Registered on:")),
        ):
            left.set_label(key, text)
        self.derived.setStyleSheet(NOTE_STYLE)
        self.derived.setWordWrap(True)
        self.right = right = FieldForm()
        self.reason = right.add_field("reason", text_box(height=60))
        self.notes = right.add_field("notes", text_box(height=40))
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
        guardians = QWidget()
        column = QVBoxLayout(guardians)
        column.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        for button in (
            self.add_guardian_button,
            self.edit_guardian_button,
            self.remove_guardian_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        column.addWidget(self.guardian_table)
        right.add_field("guardians", guardians)
        right.set_label("reason", _("Reason for guidance:"))
        right.set_label("notes", _("Notes:"))
        right.set_label("guardians", _("Guardians:"))
        self.reason.setFixedHeight(100)
        self.notes.setFixedHeight(60)
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
        row = self._guardian_row()
        if row < 0 or self._locked:
            return None
        return self._guardian_dialog(self.guardian_model.row_at(row), row)

    def _guardian_row(self) -> int:
        rows = self.guardian_table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _guardian_dialog(self, guardian: GuardianEntry | None, row: int) -> GuardianDialog:
        dialog = GuardianDialog(guardian, self)

        def accepted() -> None:
            if dialog.entry is None:
                return
            if row < 0:
                self.guardian_model.insert_row(self.guardian_model.rowCount(), dialog.entry)
            else:
                self.guardian_model.replace_row(row, dialog.entry)

        dialog.accepted.connect(accepted)
        return open_dialog(dialog)

    def remove_guardian(self) -> None:
        row = self._guardian_row()
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
            try:
                parsed = parse_resident_id(text, today=date.today())
            except ValidationError:
                parts.append(_("Not a valid ID number yet."))
            else:
                birth = parsed.birth_date
                parts.append(f"{gender_text(parsed.gender)}  {birth.isoformat()}")
        else:
            birth = self.birth_date.date().toPython()
        if birth is not None:
            age = age_on(birth, date.today())
            parts.append(_("{age} years old").format(age=age))
            if age < SENSITIVE_AGE:
                parts.append(_("under {age}: especially sensitive").format(age=SENSITIVE_AGE))
            if age_on(birth, self.registered_on.date().toPython()) < ADULT_AGE:
                parts.append(_("a minor: a guardian is required"))
        self.derived.setText("；".join(parts))

    def set_values(self, values: SubjectUpdate | None) -> None:
        if values is None:
            for edit in (self.name, self.resident_id, self.phone, self.school_or_work):
                edit.clear()
            self.address.clear()
            self.birth_date.setDate(to_qdate(date.today() - timedelta(days=365 * 15)))
            self.registered_on.setDate(to_qdate(date.today()))
            self.reason.setPlainText("")
            self.notes.setPlainText("")
            self.guardian_model.set_rows([])
            self.id_changed()
            return
        self.name.setText(values.name)
        self.resident_id.setText(values.resident_id)
        set_choice(self.gender, values.gender.value if values.gender else None)
        if values.birth_date:
            self.birth_date.setDate(to_qdate(values.birth_date))
        self.phone.setText(values.phone)
        self.school_or_work.setText(values.school_or_work)
        self.address.setText(values.address)
        set_choice(self.group, values.group.value)
        if values.registered_on:
            self.registered_on.setDate(to_qdate(values.registered_on))
        self.reason.setPlainText(values.reason)
        self.notes.setPlainText(values.notes)
        self.guardian_model.set_rows(values.guardians)
        self.id_changed()

    def values(self) -> dict[str, Any]:
        typed = not self.resident_id.text().strip()
        gender = self.gender.currentData()
        return {
            "name": self.name.text(),
            "group": YouthGroup(self.group.currentData()),
            "reason": self.reason.toPlainText(),
            "resident_id": self.resident_id.text().strip(),
            "gender": Gender(gender) if typed and gender else None,
            "birth_date": self.birth_date.date().toPython() if typed else None,
            "phone": self.phone.text(),
            "school_or_work": self.school_or_work.text(),
            "address": self.address.text(),
            "registered_on": self.registered_on.date().toPython(),
            "guardians": tuple(self.guardian_model.rows()),
            "notes": self.notes.toPlainText(),
        }

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

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(_("Register a youth guidance subject"), parent)
        self._services, self._principal = services, principal
        self.created: SubjectFile | None = None
        self.particulars = ParticularsForm()
        self.particulars.set_values(None)
        form = self.form
        self.risk_grade = form.add_field("risk_grade", enum_choice(list(RiskGrade)))
        set_choice(self.risk_grade, RiskGrade.YELLOW.value)
        self.grade_reason = form.add_field("grade_reason", QLineEdit())
        self.officer = form.add_field("officer_user_id", QComboBox())
        form.set_label("risk_grade", _("Risk grade:"))
        form.set_label("grade_reason", _("Why this grade:"))
        form.set_label("officer_user_id", _("Assigned officer:"))
        is_admin = principal.role is Role.ADMIN
        if is_admin:
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
        return (
            self.particulars.values(),
            self.risk_grade.currentData(),
            self.grade_reason.text(),
            self.officer.currentData(),
        )

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
            self._principal,
            SubjectDraft(
                risk_grade=RiskGrade(self.risk_grade.currentData()),
                grade_reason=self.grade_reason.text(),
                officer_user_id=self.officer.currentData(),
                **self.particulars.values(),
            ),
        )


class GradeChangeDialog(FormDialog):
    """Change the risk grade outside an evaluation (date, grade, reason)."""

    def __init__(
        self, services: Services, principal: Principal, subject: SubjectFile, parent: QWidget
    ):
        super().__init__(_("Change the risk grade"), parent)
        self._services, self._principal, self._subject = services, principal, subject
        self.saved: SubjectFile | None = None
        current = QLabel(_("Current grade: {grade}").format(grade=grade_html(subject.risk_grade)))
        self.form.insertRow(0, current)
        self.grade = self.form.add_field("grade", enum_choice(list(RiskGrade)))
        self.changed_on = self.form.add_field("changed_on", date_edit(date.today()))
        self.reason = self.form.add_field("reason", text_box(height=60))
        self.form.set_label("grade", _("New grade:"))
        self.form.set_label("changed_on", _("Date:"))
        self.form.set_label("reason", _("Reason:"))
        others = [g for g in RiskGrade if g is not subject.risk_grade]
        set_choice(self.grade, others[0].value)
        self.mark_clean()

    def snapshot(self) -> object:
        return (self.grade.currentData(), self.reason.toPlainText())

    def save(self) -> None:
        self.saved = self._services.youth.change_risk_grade(
            self._principal,
            self._subject.id,
            RiskGrade(self.grade.currentData()),
            self.reason.toPlainText(),
            self.changed_on.date().toPython(),
        )


def candidate_text(candidate: TeamCandidate) -> str:
    parts = [candidate.name, f"（{candidate.kind.label}）"]
    if candidate.unit:
        parts.append(f" {candidate.unit}")
    return "".join(parts)


class TeamMemberDialog(FormDialog):
    """Add a member to the guidance team: chosen from users, contacts and volunteers (found
    by name or pinyin), or typed in; each with a role."""

    def __init__(
        self, services: Services, principal: Principal, subject: SubjectFile, parent: QWidget
    ):
        super().__init__(_("Add a team member"), parent)
        self._services, self._principal, self._subject = services, principal, subject
        self.saved: SubjectFile | None = None
        form = self.form
        self.query = form.add_field("query", QLineEdit())
        self.query.setPlaceholderText(_("Name or pinyin initials"))
        self.query.setClearButtonEnabled(True)
        self.candidates = form.add_field("ref_id", QListWidget(), "kind")
        self.candidates.setMinimumHeight(160)
        self.other_name = form.add_field("name", QLineEdit())
        self.other_name.setPlaceholderText(_("Or type the name of someone else"))
        self.role = form.add_field("role", enum_choice(list(TeamRole)))
        self.phone = form.add_field("phone", QLineEdit())
        self.unit = form.add_field("unit", QLineEdit())
        for key, text in (
            ("query", _("Find:")),
            ("ref_id", _("Person:")),
            ("name", _("Other person:")),
            ("role", _("Role:")),
            ("phone", _("Phone:")),
            ("unit", _("School or unit:")),
        ):
            form.set_label(key, text)
        self.query.textChanged.connect(self.find)
        self.candidates.currentRowChanged.connect(self._chosen)
        self.find()
        self.setMinimumWidth(520)
        self.mark_clean()

    def find(self, *_args: object) -> None:
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
        if self.other_name.text().strip() or candidate is None:
            return TeamMemberEntry(
                MemberKind.OTHER,
                role,
                name=self.other_name.text(),
                phone=self.phone.text(),
                unit=self.unit.text(),
            )
        return TeamMemberEntry(
            candidate.kind,
            role,
            ref_id=candidate.ref_id,
            name=candidate.name,
            phone=self.phone.text(),
            unit=self.unit.text(),
        )

    def save(self) -> None:
        self.saved = self._services.youth.add_team_member(
            self._principal, self._subject.id, self.entry()
        )


class SessionDialog(FormDialog):
    """Record (or change) a guidance session; saved at once, `saved` holds the file after."""

    def __init__(
        self,
        services: Services,
        principal: Principal,
        subject: SubjectFile,
        session: YouthSessionEntry | None,
        parent: QWidget,
    ):
        super().__init__(_("Guidance session"), parent)
        self._services, self._principal, self._subject = services, principal, subject
        self._id = session.id if session else None
        self.saved: SubjectFile | None = None
        session = session or YouthSessionEntry(
            held_on=date.today(), conducted_by=principal.display_name
        )
        form = self.form
        self.held_on = form.add_field("held_on", date_edit(session.held_on))
        self.kind = form.add_field("kind", enum_choice(list(SessionKind), session.kind.value))
        self.place = form.add_field("place", QLineEdit(session.place))
        self.participants = form.add_field("participants", QLineEdit(session.participants))
        self.content = form.add_field("content", text_box(session.content, 80))
        self.state = form.add_field("state", text_box(session.state, 50))
        self.assessment = form.add_field("assessment", text_box(session.assessment, 50))
        self.conducted_by = form.add_field("conducted_by", QLineEdit(session.conducted_by))
        self.next_due = form.add_field("next_due", OptionalDate(_("Next session on")))
        self.next_due.set_value(session.next_due)
        interval = subject.plan.interval_days if subject.plan else DEFAULT_INTERVAL_DAYS
        hint = QLabel(
            _("Without a date the next session is due {days} days after this one.").format(
                days=interval
            )
        )
        hint.setStyleSheet(NOTE_STYLE)
        hint.setWordWrap(True)
        form.addRow("", hint)
        for key, text in (
            ("held_on", _("Date:")),
            ("kind", _("Kind:")),
            ("place", _("Place:")),
            ("participants", _("Participants:")),
            ("content", _("Content:")),
            ("state", _("State of the young person:")),
            ("assessment", _("Assessment:")),
            ("conducted_by", _("Conducted by:")),
            ("next_due", ""),
        ):
            form.set_label(key, text)
        self.setMinimumWidth(600)
        self.mark_clean()

    def current_entry(self) -> YouthSessionEntry:
        return YouthSessionEntry(
            held_on=self.held_on.date().toPython(),
            kind=SessionKind(self.kind.currentData()),
            place=self.place.text(),
            participants=self.participants.text(),
            content=self.content.toPlainText(),
            state=self.state.toPlainText(),
            assessment=self.assessment.toPlainText(),
            conducted_by=self.conducted_by.text(),
            next_due=self.next_due.value(),
            id=self._id,
        )

    def snapshot(self) -> object:
        return self.current_entry()

    def save(self) -> None:
        self.saved = self._services.youth.save_session(
            self._principal, self._subject.id, self.current_entry()
        )


class EvaluationDialog(FormDialog):
    """Add (or change) an evaluation; a new risk grade needs its reason."""

    def __init__(
        self,
        services: Services,
        principal: Principal,
        subject: SubjectFile,
        evaluation: EvaluationEntry | None,
        parent: QWidget,
    ):
        super().__init__(_("Evaluation"), parent)
        self._services, self._principal, self._subject = services, principal, subject
        self._id = evaluation.id if evaluation else None
        self.saved: SubjectFile | None = None
        evaluation = evaluation or EvaluationEntry(
            evaluated_on=date.today(), progress="", evaluator=principal.display_name
        )
        form = self.form
        self.evaluated_on = form.add_field("evaluated_on", date_edit(evaluation.evaluated_on))
        self.progress = form.add_field("progress", text_box(evaluation.progress, 80))
        self.new_grade = form.add_field(
            "new_grade",
            enum_choice(
                list(RiskGrade),
                evaluation.new_grade.value if evaluation.new_grade else None,
                _("No change"),
            ),
        )
        if evaluation.new_grade is None:
            self.new_grade.setCurrentIndex(0)
        self.grade_reason = form.add_field("grade_reason", text_box(evaluation.grade_reason, 40))
        self.next_steps = form.add_field("next_steps", text_box(evaluation.next_steps, 50))
        self.evaluator = form.add_field("evaluator", QLineEdit(evaluation.evaluator))
        for key, text in (
            ("evaluated_on", _("Date:")),
            ("progress", _("Progress against the goals:")),
            ("new_grade", _("Risk grade:")),
            ("grade_reason", _("Why the grade changes:")),
            ("next_steps", _("Next steps:")),
            ("evaluator", _("Evaluated by:")),
        ):
            form.set_label(key, text)
        current = QLabel(_("Current grade: {grade}").format(grade=grade_html(subject.risk_grade)))
        form.insertRow(0, current)
        self.new_grade.currentIndexChanged.connect(self._grade_changed)
        self._grade_changed()
        self.setMinimumWidth(560)
        self.mark_clean()

    def _grade_changed(self, *_args: object) -> None:
        self.grade_reason.setEnabled(self.new_grade.currentData() is not None)

    def current_entry(self) -> EvaluationEntry:
        grade = self.new_grade.currentData()
        return EvaluationEntry(
            evaluated_on=self.evaluated_on.date().toPython(),
            progress=self.progress.toPlainText(),
            new_grade=RiskGrade(grade) if grade else None,
            grade_reason=self.grade_reason.toPlainText() if grade else "",
            next_steps=self.next_steps.toPlainText(),
            evaluator=self.evaluator.text(),
            id=self._id,
        )

    def snapshot(self) -> object:
        return self.current_entry()

    def save(self) -> None:
        self.saved = self._services.youth.save_evaluation(
            self._principal, self._subject.id, self.current_entry()
        )


class CloseDialog(FormDialog):
    """Close the guidance with a reason (and a note; required for "other")."""

    def __init__(
        self, services: Services, principal: Principal, subject: SubjectFile, parent: QWidget
    ):
        super().__init__(_("Close the guidance"), parent)
        self._services, self._principal, self._subject = services, principal, subject
        self.saved: SubjectFile | None = None
        note = QLabel(
            _("A closed file can no longer be changed until it is reopened; no reminders follow.")
        )
        note.setWordWrap(True)
        self.form.insertRow(0, note)
        self.reason = self.form.add_field("closure_reason", enum_choice(list(ClosureReason)))
        self.closed_on = self.form.add_field("closed_on", date_edit(date.today()))
        self.note = self.form.add_field("closure_note", text_box(height=60))
        self.form.set_label("closure_reason", _("Reason:"))
        self.form.set_label("closed_on", _("Closed on:"))
        self.form.set_label("closure_note", _("Note:"))
        self.mark_clean()

    def snapshot(self) -> object:
        return (self.reason.currentData(), self.note.toPlainText())

    def save(self) -> None:
        self.saved = self._services.youth.close(
            self._principal,
            self._subject.id,
            ClosureReason(self.reason.currentData()),
            self.note.toPlainText(),
            self.closed_on.date().toPython(),
        )


class GrantDialog(FormDialog):
    """Let an officer see this subject (administrators)."""

    def __init__(
        self, services: Services, principal: Principal, subject: SubjectFile, parent: QWidget
    ):
        super().__init__(_("Grant access"), parent)
        self._services, self._principal, self._subject = services, principal, subject
        self.granted = False
        self.user = self.form.add_field("user_id", QComboBox())
        with user_errors(self):
            for choice in services.youth.officer_choices(principal):
                if not choice.is_admin and choice.user_id != subject.officer_user_id:
                    self.user.addItem(choice.name, choice.user_id)
        self.note = self.form.add_field("note", QLineEdit())
        self.form.set_label("user_id", _("Officer:"))
        self.form.set_label("note", _("Note:"))
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


class PlanIntervalBox(QSpinBox):
    def __init__(self) -> None:
        super().__init__()
        self.setRange(1, MAX_INTERVAL_DAYS)
        self.setValue(DEFAULT_INTERVAL_DAYS)
        self.setSuffix(_(" days"))
        self.setMaximumWidth(160)


# -- printing -----------------------------------------------------------------------------


def suggested_name(document: YouthDocument, ident: str, when: date) -> str:
    from station_desk.reports.base import document_filename

    return document_filename(document.label, ident, when)


class YouthPreviewDialog(DocumentPreviewDialog):
    """Preview of a youth-guidance document with Print… and Save as PDF…; both audited with
    the purpose (`record_output` / `save_output`)."""

    def __init__(
        self,
        services: Services,
        principal: Principal,
        document: YouthDocument,
        title: str,
        produce: Producer,
        subject_id: str | None,
        purpose: str,
        filename: str,
        details: Mapping[str, object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        kind = YouthDocument(document)
        extra = dict(details or {})
        youth = services.youth
        super().__init__(
            principal,
            kind.label,
            title,
            produce,
            filename,
            lambda target: youth.record_output(
                principal, subject_id, kind, "print", target, purpose, extra
            ),
            lambda data, path: youth.save_output(principal, subject_id, kind, data, path, purpose),
            parent,
        )
        self.document_kind = kind
        self.purpose = purpose


class StatisticsDialog(QDialog):
    """The period of the count-only statistics sheet, then "Print…" (preview)."""

    def __init__(self, services: Services, principal: Principal, parent: QWidget) -> None:
        super().__init__(parent)
        self._services, self._principal = services, principal
        self.setWindowTitle(_("Youth guidance statistics"))
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
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(grid)
        layout.addLayout(row)
        self.setMinimumWidth(460)

    def preview(self) -> YouthPreviewDialog:
        services, principal = self._services, self._principal
        start, end = self.date_from.value(), self.date_to.value()
        youth = services.youth
        title = f"{start or ''} – {end or ''}"
        dialog = YouthPreviewDialog(
            services,
            principal,
            YouthDocument.STATISTICS,
            title,
            lambda language: youth.statistics_pdf(principal, start, end, language),
            None,
            "",
            suggested_name(YouthDocument.STATISTICS, "", end or date.today()),
            {"from": start.isoformat() if start else "", "to": end.isoformat() if end else ""},
            self,
        )
        return open_dialog(dialog)
