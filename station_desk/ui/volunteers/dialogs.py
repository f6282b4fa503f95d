"""Dialogs of the volunteers page: a volunteer (志愿者), a commendation (表彰), a team (队伍)
and the list of teams.

The volunteer dialog has three tabs — the person (a valid resident ID number gives gender and
birth date), the team (team, role, skills, join date, status, shifts per week) and the "五适"
care items (vest, card, insurance, allowance, commendations, notes of contact). A
`ValidationError` shows under its field, on its tab, and the dialog stays open; Cancel with
changes asks before anything typed is thrown away. Commendations added or removed in the
dialog are saved with the volunteer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from station_desk.domain.accounts import Principal
from station_desk.domain.enums import Gender
from station_desk.domain.validators import parse_resident_id
from station_desk.domain.volunteers import (
    ANY_TIME,
    MAX_ADDRESS,
    MAX_ALLOWANCE,
    MAX_AREA,
    MAX_AWARDED_BY,
    MAX_COMMENDATION,
    MAX_ID_NOTE,
    MAX_SHIFTS_PER_WEEK,
    MAX_TEAM_NAME,
    CommendationEntry,
    DayPart,
    Slot,
    TeamDetail,
    TeamDraft,
    TeamKind,
    VolunteerDetail,
    VolunteerDraft,
    VolunteerQuery,
    VolunteerRole,
    VolunteerStatus,
    weekday_label,
)
from station_desk.errors import StationDeskError, ValidationError
from station_desk.i18n import N_, _
from station_desk.services.container import Services
from station_desk.ui.contacts.page import RecordList
from station_desk.ui.errors import show_error, user_errors
from station_desk.ui.widgets.dialogs import open_dialog
from station_desk.ui.widgets.forms import FieldForm, FormDialog, GuardedDialog
from station_desk.ui.widgets.inputs import (
    OptionalDate,
    date_edit,
    enum_choice,
    gender_text,
    text_box,
)
from station_desk.ui.widgets.rows import StyledRowsModel, row_table, tool_button
from station_desk.ui.widgets.table_model import Column

NOTES_HEIGHT = 60

COMMENDATION_COLUMNS = (
    Column(N_("Date"), lambda c: c.awarded_on.isoformat()),
    Column(N_("Commendation"), lambda c: c.title),
    Column(N_("Awarded by"), lambda c: c.awarded_by),
    Column(N_("Notes"), lambda c: " ".join(c.notes.split())),
)


def team_combo(
    services: Services, principal: Principal, chosen: str | None, chosen_name: str = ""
) -> QComboBox:
    """The live teams (and "(no team)"); a deleted team still chosen is kept by its name."""
    combo = QComboBox()
    combo.addItem(_("(no team)"), None)
    try:
        teams = services.volunteers.list_teams(principal)
    except StationDeskError:
        teams = []
    for team in teams:
        combo.addItem(team.name, team.id)
    index = combo.findData(chosen)
    if index < 0 and chosen is not None:
        combo.addItem(chosen_name or chosen, chosen)
        index = combo.count() - 1
    combo.setCurrentIndex(max(0, index))
    return combo


# short column headers of the availability grid (the domain's labels wrap in a narrow column)
DAY_PART_HEADERS = {
    DayPart.NIGHT: N_("Night 0–6"),
    DayPart.MORNING: N_("Morning 6–12"),
    DayPart.AFTERNOON: N_("Afternoon 12–18"),
    DayPart.EVENING: N_("Evening 18–24"),
}


class AvailabilityGrid(QWidget):
    """When a volunteer can be rostered: days of the week × four parts of the day."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.boxes: dict[Slot, QCheckBox] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        for column, part in enumerate(DayPart, start=1):
            label = QLabel(_(DAY_PART_HEADERS[part]))
            label.setToolTip(part.label)
            grid.addWidget(label, 0, column)
            grid.setColumnStretch(column, 1)
        for day in range(1, 8):
            grid.addWidget(QLabel(weekday_label(day)), day, 0)
            for column, part in enumerate(DayPart, start=1):
                box = QCheckBox()
                box.setAccessibleName(f"{weekday_label(day)} {part.label}")
                self.boxes[(day, part)] = box
                grid.addWidget(box, day, column)
        self.any_time = QPushButton(_("Any time"))
        self.any_time.clicked.connect(lambda: self.set_value(ANY_TIME))
        self.no_time = QPushButton(_("Clear"))
        self.no_time.clicked.connect(lambda: self.set_value(frozenset()))
        grid.addWidget(self.any_time, 8, 1, 1, 2)
        grid.addWidget(self.no_time, 8, 3, 1, 2)

    def value(self) -> frozenset[Slot]:
        return frozenset(slot for slot, box in self.boxes.items() if box.isChecked())

    def set_value(self, slots: frozenset[Slot]) -> None:
        for slot, box in self.boxes.items():
            box.setChecked(slot in slots)


@dataclass(frozen=True)
class _Snapshot:
    draft: VolunteerDraft
    commendations: tuple[CommendationEntry, ...]


class CommendationDialog(FormDialog):
    """One commendation, checked (not saved: the volunteer dialog saves it); `entry` after OK."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Add a commendation"), parent)
        self.entry: CommendationEntry | None = None
        self.awarded_on = self.form.add_field("awarded_on", date_edit(date.today()))
        self.title = self.form.add_field("title", QLineEdit())
        self.title.setMaxLength(MAX_COMMENDATION)
        self.title.setPlaceholderText(_("e.g. Outstanding volunteer 2025"))
        self.awarded_by = self.form.add_field("awarded_by", QLineEdit())
        self.awarded_by.setMaxLength(MAX_AWARDED_BY)
        self.notes = self.form.add_field("notes", text_box("", NOTES_HEIGHT))
        for key, text in (
            ("awarded_on", _("Date:")),
            ("title", _("Commendation:")),
            ("awarded_by", _("Awarded by:")),
            ("notes", _("Notes:")),
        ):
            self.form.set_label(key, text)

    def save(self) -> None:
        self.entry = CommendationEntry(
            awarded_on=self.awarded_on.date().toPython(),
            title=self.title.text(),
            awarded_by=self.awarded_by.text(),
            notes=self.notes.toPlainText(),
        ).validated(date.today())


class VolunteerDialog(GuardedDialog):
    """New volunteer, or edit `existing`; `saved` holds the result after OK."""

    def __init__(
        self,
        services: Services,
        principal: Principal,
        existing: VolunteerDetail | None = None,
        parent: QWidget | None = None,
        team_id: str | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._principal = principal
        self._existing = existing
        self.saved: VolunteerDetail | None = None
        self.setWindowTitle(
            _("New volunteer")
            if existing is None
            else _("Edit volunteer {name}").format(name=existing.name)
        )
        draft = existing.to_draft() if existing else VolunteerDraft(name="", team_id=team_id)
        self.person_form = FieldForm()
        self.team_form = FieldForm()
        self.care_form = FieldForm()
        self._build_person(draft)
        self._build_team(draft, existing.team_name if existing else "")
        self._build_care(draft)
        self.commendations = StyledRowsModel(COMMENDATION_COLUMNS, None, self)
        self.commendations.set_rows(list(existing.commendations) if existing else [])
        self.commendation_table = row_table(self.commendations, widths=(90, 200, 140))
        self.commendation_table.setMinimumHeight(110)
        self.add_commendation_button = tool_button(
            _("Add commendation…"), "new", self.add_commendation
        )
        self.remove_commendation_button = tool_button(
            _("Remove"), "remove", self.remove_commendation
        )
        self.tabs = QTabWidget()
        self.tabs.addTab(self._page(self.person_form), _("Personal details"))
        self.tabs.addTab(self._page(self.team_form), _("Team"))
        self.tabs.addTab(self._care_page(), _("Care (五适)"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self.resident_id.textChanged.connect(self.id_changed)
        self.id_changed(self.resident_id.text())
        self.mark_clean()
        self.setMinimumWidth(600)

    # -- building --------------------------------------------------------------------------
    def _page(self, form: FieldForm) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addStretch(1)
        return page

    def _care_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(self.care_form)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Commendations:")))
        row.addStretch(1)
        row.addWidget(self.add_commendation_button)
        row.addWidget(self.remove_commendation_button)
        layout.addLayout(row)
        layout.addWidget(self.commendation_table, 1)
        return page

    def _build_person(self, draft: VolunteerDraft) -> None:
        form = self.person_form
        self.name = form.add_field("name", QLineEdit(draft.name))
        self.resident_id = form.add_field("resident_id", QLineEdit(draft.resident_id))
        self.resident_id.setPlaceholderText(_("18 characters; empty for a foreign volunteer"))
        self.derived = form.add_field("derived", QLabel())
        self.gender = form.add_field("gender", QComboBox())
        self.gender.addItem(_("(not given)"), None)
        self.gender.addItem(_("Male"), Gender.MALE.value)
        self.gender.addItem(_("Female"), Gender.FEMALE.value)
        self.gender.setCurrentIndex(
            max(0, self.gender.findData(Gender(draft.gender).value if draft.gender else None))
        )
        self.birth_date = form.add_field("birth_date", OptionalDate(_("Known")))
        self.birth_date.set_value(draft.birth_date)
        self.id_note = form.add_field("id_note", QLineEdit(draft.id_note))
        self.id_note.setMaxLength(MAX_ID_NOTE)
        self.id_note.setPlaceholderText(_("e.g. passport number, for a volunteer without an ID"))
        self.phone = form.add_field("phone", QLineEdit(draft.phone))
        self.phone.setPlaceholderText("13812345678")
        self.address = form.add_field("address", QLineEdit(draft.address))
        self.address.setMaxLength(MAX_ADDRESS)
        for key, text in (
            ("name", _("Name:")),
            ("resident_id", _("ID number:")),
            ("derived", _("From the ID number:")),
            ("gender", _("Gender:")),
            ("birth_date", _("Birth date:")),
            ("id_note", _("Other identity proof:")),
            ("phone", _("Phone:")),
            ("address", _("Address:")),
        ):
            form.set_label(key, text)

    def _build_team(self, draft: VolunteerDraft, team_name: str) -> None:
        form = self.team_form
        self.team = form.add_field(
            "team_id",
            team_combo(self._services, self._principal, draft.team_id, team_name),
            "team",
        )
        self.role = form.add_field("role", enum_choice(list(VolunteerRole), draft.role))
        self.skills = form.add_field("skills", QLineEdit("、".join(draft.skills)))
        self.skills.setPlaceholderText(_("e.g. 急救、电工 (separate with 、 or commas)"))
        self.join_date = form.add_field("join_date", OptionalDate(_("Known")))
        self.join_date.set_value(draft.join_date)
        self.status = form.add_field("status", enum_choice(list(VolunteerStatus), draft.status))
        self.max_shifts = form.add_field("max_shifts_per_week", QSpinBox())
        self.max_shifts.setRange(0, MAX_SHIFTS_PER_WEEK)
        self.max_shifts.setValue(draft.max_shifts_per_week)
        self.max_shifts.setToolTip(_("0 keeps the volunteer off generated rosters."))
        self.availability = form.add_field("availability", AvailabilityGrid())
        self.availability.set_value(draft.availability)
        for key, text in (
            ("team_id", _("Team:")),
            ("role", _("Team role:")),
            ("skills", _("Skills:")),
            ("join_date", _("Joined:")),
            ("status", _("Status:")),
            ("max_shifts_per_week", _("Shifts per week at most:")),
            ("availability", _("Available:")),
        ):
            form.set_label(key, text)

    def _build_care(self, draft: VolunteerDraft) -> None:
        form = self.care_form
        self.vest = form.add_field("vest_issued", QCheckBox(_("Vest issued")))
        self.vest.setChecked(draft.vest_issued)
        self.card = form.add_field("card_issued", QCheckBox(_("Volunteer card issued")))
        self.card.setChecked(draft.card_issued)
        self.insurance = form.add_field("insurance_until", OptionalDate(_("Insured")))
        self.insurance.set_value(draft.insurance_until)
        self.allowance = form.add_field("allowance", QLineEdit(draft.allowance))
        self.allowance.setMaxLength(MAX_ALLOWANCE)
        self.allowance.setPlaceholderText(_("e.g. 交通补贴50元/月"))
        self.contact_notes = form.add_field(
            "contact_notes", text_box(draft.contact_notes, NOTES_HEIGHT)
        )
        self.notes = form.add_field("notes", text_box(draft.notes, NOTES_HEIGHT))
        for key, text in (
            ("vest_issued", ""),
            ("card_issued", ""),
            ("insurance_until", _("Insured until:")),
            ("allowance", _("Allowance:")),
            ("contact_notes", _("Notes of contact:")),
            ("notes", _("Notes:")),
        ):
            form.set_label(key, text)

    # -- the resident ID -------------------------------------------------------------------
    def id_changed(self, text: str) -> None:
        """A valid ID number fills gender and birth date (and locks them); else typed."""
        parsed = None
        if text.strip():
            try:
                parsed = parse_resident_id(text, today=date.today())
            except ValidationError:
                parsed = None
        if parsed is not None:
            self.derived.setText(f"{gender_text(parsed.gender)}  {parsed.birth_date.isoformat()}")
            self.gender.setCurrentIndex(max(0, self.gender.findData(parsed.gender.value)))
            self.birth_date.set_value(parsed.birth_date)
        elif text.strip():
            self.derived.setText(_("Not a valid ID number yet."))
        else:
            self.derived.setText(_("No ID number: type gender and birth date if known."))
        self.gender.setEnabled(parsed is None)
        self.birth_date.setEnabled(parsed is None)

    # -- commendations ---------------------------------------------------------------------
    def add_commendation(self) -> CommendationDialog:
        dialog = CommendationDialog(self)

        def added() -> None:
            if dialog.entry is not None:
                rows = [*self.commendations.rows(), dialog.entry]
                self.commendations.set_rows(sorted(rows, key=lambda c: c.awarded_on))

        dialog.accepted.connect(added)
        return open_dialog(dialog)

    def remove_commendation(self) -> None:
        chosen = self.commendation_table.selectionModel().selectedRows()
        if not chosen:
            return
        rows = self.commendations.rows()
        del rows[chosen[0].row()]
        self.commendations.set_rows(rows)

    # -- the draft -------------------------------------------------------------------------
    def draft(self) -> VolunteerDraft:
        gender = self.gender.currentData()
        return VolunteerDraft(
            name=self.name.text(),
            gender=Gender(gender) if gender else None,
            resident_id=self.resident_id.text(),
            birth_date=self.birth_date.value(),
            id_note=self.id_note.text(),
            phone=self.phone.text(),
            address=self.address.text(),
            team_id=self.team.currentData(),
            role=VolunteerRole(self.role.currentData()),
            skills=self.skills.text(),  # type: ignore[arg-type]  # split by the validator
            join_date=self.join_date.value(),
            status=VolunteerStatus(self.status.currentData()),
            vest_issued=self.vest.isChecked(),
            card_issued=self.card.isChecked(),
            insurance_until=self.insurance.value(),
            allowance=self.allowance.text(),
            contact_notes=self.contact_notes.toPlainText(),
            notes=self.notes.toPlainText(),
            availability=self.availability.value(),
            max_shifts_per_week=self.max_shifts.value(),
        )

    def snapshot(self) -> _Snapshot:
        return _Snapshot(self.draft(), tuple(self.commendations.rows()))

    def has_changes(self) -> bool:
        return self.saved is None and super().has_changes()

    def discard_question(self) -> str:
        return _("Discard the changes to this volunteer?")

    def error_text(self, field: str) -> str:
        for form in (self.person_form, self.team_form, self.care_form):
            if form.knows(field):
                return form.error_text(field)
        return ""

    # -- saving ----------------------------------------------------------------------------
    def save(self) -> None:
        """Save the volunteer, then the commendations added or removed in the dialog."""
        volunteers = self._services.volunteers
        if self._existing is None:
            detail = volunteers.create(self._principal, self.draft())
            self._existing = detail  # saved: a second OK (after a failed commendation) updates
        else:
            detail = volunteers.update(self._principal, self._existing.id, self.draft())
        self.saved = detail
        kept = {c.id for c in self.commendations.rows() if c.id is not None}
        for old in self._existing.commendations if self._existing else ():
            if old.id is not None and old.id not in kept:
                detail = volunteers.remove_commendation(self._principal, old.id)
        for entry in self.commendations.rows():
            if entry.id is None:
                detail = volunteers.add_commendation(self._principal, detail.id, entry)
        self.saved = detail

    def accept(self) -> None:
        forms = (self.person_form, self.team_form, self.care_form)
        for form in forms:
            form.clear_errors()
        try:
            self.save()
        except ValidationError as exc:
            for index, form in enumerate(forms):
                if form.knows(exc.field):
                    self.tabs.setCurrentIndex(index)
                    form.show_error(exc.field, exc.message)
                    return
            show_error(self, exc)
            return
        except StationDeskError as exc:
            show_error(self, exc)
            return
        super().accept()


class TeamDialog(FormDialog):
    """New team, or edit `existing`; the leader is one of its volunteers who has not left."""

    def __init__(
        self,
        services: Services,
        principal: Principal,
        existing: TeamDetail | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = (
            _("New team") if existing is None else _("Edit team {name}").format(name=existing.name)
        )
        super().__init__(title, parent)
        self._services = services
        self._principal = principal
        self._existing = existing
        self.saved: TeamDetail | None = None
        self.name = self.form.add_field("name", QLineEdit(existing.name if existing else ""))
        self.name.setMaxLength(MAX_TEAM_NAME)
        self.kind = self.form.add_field(
            "kind", enum_choice(list(TeamKind), existing.kind if existing else TeamKind.PATROL)
        )
        self.leader = self.form.add_field("leader_id", QComboBox())
        self._fill_leaders(existing)
        self.area = self.form.add_field("area", QLineEdit(existing.area if existing else ""))
        self.area.setMaxLength(MAX_AREA)
        self.area.setPlaceholderText(_("e.g. 北区1至10号楼"))
        self.notes = self.form.add_field("notes", text_box(existing.notes if existing else ""))
        for key, text in (
            ("name", _("Name:")),
            ("kind", _("Kind:")),
            ("leader_id", _("Leader:")),
            ("area", _("Area:")),
            ("notes", _("Notes:")),
        ):
            self.form.set_label(key, text)

    def _fill_leaders(self, existing: TeamDetail | None) -> None:
        self.leader.addItem(_("(no leader)"), None)
        if existing is None:
            self.leader.setToolTip(_("Save the team and add its volunteers to choose a leader."))
            self.leader.setEnabled(False)
            return
        with user_errors(self):
            members = self._services.volunteers.search(
                self._principal,
                VolunteerQuery(
                    team_id=existing.id,
                    statuses=frozenset({VolunteerStatus.ACTIVE, VolunteerStatus.PAUSED}),
                ),
            )
            for member in members:
                self.leader.addItem(member.name, member.id)
        self.leader.setCurrentIndex(max(0, self.leader.findData(existing.leader_id)))

    def draft(self) -> TeamDraft:
        return TeamDraft(
            name=self.name.text(),
            kind=TeamKind(self.kind.currentData()),
            leader_id=self.leader.currentData(),
            area=self.area.text(),
            notes=self.notes.toPlainText(),
        )

    def save(self) -> None:
        volunteers = self._services.volunteers
        if self._existing is None:
            self.saved = volunteers.create_team(self._principal, self.draft())
        else:
            self.saved = volunteers.update_team(self._principal, self._existing.id, self.draft())


TEAM_COLUMNS = (
    Column(N_("Team name"), lambda t: t.name),
    Column(N_("Kind"), lambda t: t.kind.label),
    Column(N_("Leader"), lambda t: t.leader_name),
    Column(N_("Serving"), lambda t: str(t.active_members)),
    Column(N_("Members"), lambda t: str(t.members)),
    Column(N_("Area"), lambda t: t.area),
)


class TeamList(RecordList):
    """The teams, filtered by name as typed, with New / Edit / Delete / Restore."""

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(
            services,
            principal,
            TEAM_COLUMNS,
            _("Search: team name"),
            parent,
            widths=(160, 110, 90, 60, 60),
        )
        self.add_filter(self.show_deleted)

    def fetch(self) -> list[TeamDetail]:
        wanted = self.search.text().strip().casefold()
        teams = self._services.volunteers.list_teams(
            self._principal, include_deleted=self.show_deleted.isChecked()
        )
        return [team for team in teams if wanted in team.name.casefold()]

    def dialog(self, existing: TeamDetail | None) -> QDialog:
        return TeamDialog(self._services, self._principal, existing, self)

    def delete(self, record: TeamDetail) -> None:
        self._services.volunteers.delete_team(self._principal, record.id)

    def restore(self, record: TeamDetail) -> None:
        self._services.volunteers.restore_team(self._principal, record.id)

    def delete_question(self, record: TeamDetail) -> str:
        return _("Delete the team {name}?").format(name=record.name)


class TeamsDialog(QDialog):
    """Manage the teams (队伍管理); `changed` tells the page to reload its team filter."""

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Volunteer teams"))
        self.teams = TeamList(services, principal, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.teams, 1)
        layout.addWidget(buttons)
        self.resize(720, 440)
        self.teams.reload()
