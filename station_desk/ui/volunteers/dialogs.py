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

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_desk.domain.accounts import Principal
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
from station_desk.ui.widgets.dialogs import ServiceDialog, close_box, open_dialog
from station_desk.ui.widgets.fields import (
    CheckField,
    ChoiceField,
    DataChoiceField,
    DayField,
    DeclaredFields,
    GenderField,
    LineField,
    NoteField,
    NumberField,
    OptionalDayField,
    TextField,
    WidgetField,
)
from station_desk.ui.widgets.forms import (
    FieldForm,
    FormDialog,
    GuardedDialog,
    RecordDialog,
    SaveCalls,
)
from station_desk.ui.widgets.id_numbers import id_facts_text, typed_id
from station_desk.ui.widgets.layouts import lay_out, tab_widget
from station_desk.ui.widgets.reading import BackgroundRead
from station_desk.ui.widgets.rows import (
    StyledRowsModel,
    chosen_row,
    row_table,
    tab_page,
    tool_button,
)
from station_desk.ui.widgets.table_model import Column

NOTES_HEIGHT = 60

COMMENDATION_COLUMNS = (
    Column(N_("Date"), lambda c: c.awarded_on.isoformat()),
    Column(N_("Commendation"), lambda c: c.title),
    Column(N_("Awarded by"), lambda c: c.awarded_by),
    Column(N_("Notes"), lambda c: " ".join(c.notes.split())),
)


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

    awarded_on = DayField(N_("Date:"))
    title = LineField(
        N_("Commendation:"),
        max_length=MAX_COMMENDATION,
        placeholder=N_("e.g. Outstanding volunteer 2025"),
    )
    awarded_by = LineField(N_("Awarded by:"), max_length=MAX_AWARDED_BY)
    notes = TextField(N_("Notes:"), height=NOTES_HEIGHT)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Add a commendation"), parent)
        self.entry: CommendationEntry | None = None

    def save(self) -> None:
        self.entry = self.new_record(CommendationEntry).validated(date.today())


PERSON, TEAM, CARE = "", "team", "care"  # the tabs of the volunteer dialog


class VolunteerDialog(GuardedDialog, ServiceDialog, DeclaredFields):
    """New volunteer, or edit `existing`; `saved` holds the result after OK."""

    name = LineField(N_("Name:"))
    resident_id = LineField(
        N_("ID number:"), placeholder=N_("18 characters; empty for a foreign volunteer")
    )
    derived = NoteField(N_("From the ID number:"))
    gender = GenderField(N_("Gender:"), empty=N_("(not given)"))
    birth_date = OptionalDayField(N_("Birth date:"), check=N_("Known"))
    id_note = LineField(
        N_("Other identity proof:"),
        max_length=MAX_ID_NOTE,
        placeholder=N_("e.g. passport number, for a volunteer without an ID"),
    )
    phone = LineField(N_("Phone:"), placeholder="13812345678")
    address = LineField(N_("Address:"), max_length=MAX_ADDRESS)
    team = DataChoiceField(N_("Team:"), key="team_id", aliases=("team",), group=TEAM)
    role = ChoiceField(N_("Team role:"), VolunteerRole, group=TEAM)
    skills = LineField(
        N_("Skills:"),
        placeholder=N_("e.g. 急救、电工 (separate with 、 or commas)"),
        shown="、".join,
        group=TEAM,
    )
    join_date = OptionalDayField(N_("Joined:"), check=N_("Known"), group=TEAM)
    status = ChoiceField(N_("Status:"), VolunteerStatus, group=TEAM)
    max_shifts = NumberField(
        N_("Shifts per week at most:"),
        maximum=MAX_SHIFTS_PER_WEEK,
        tooltip=N_("0 keeps the volunteer off generated rosters."),
        key="max_shifts_per_week",
        group=TEAM,
    )
    availability = WidgetField(N_("Available:"), AvailabilityGrid, group=TEAM)
    vest = CheckField(N_("Vest issued"), key="vest_issued", group=CARE)
    card = CheckField(N_("Volunteer card issued"), key="card_issued", group=CARE)
    insurance = OptionalDayField(
        N_("Insured until:"), check=N_("Insured"), key="insurance_until", group=CARE
    )
    allowance = LineField(
        N_("Allowance:"), max_length=MAX_ALLOWANCE, placeholder=N_("e.g. 交通补贴50元/月"), group=CARE
    )
    contact_notes = TextField(N_("Notes of contact:"), height=NOTES_HEIGHT, group=CARE)
    notes = TextField(N_("Notes:"), height=NOTES_HEIGHT, group=CARE)

    def __init__(
        self,
        services: Services,
        principal: Principal,
        existing: VolunteerDetail | None = None,
        parent: QWidget | None = None,
        team_id: str | None = None,
    ) -> None:
        title = (
            _("New volunteer")
            if existing is None
            else _("Edit volunteer {name}").format(name=existing.name)
        )
        super().__init__(services, principal, title, parent=parent)
        self._existing = existing
        self.saved: VolunteerDetail | None = None
        self.forms = {group: FieldForm() for group in (PERSON, TEAM, CARE)}
        for group, form in self.forms.items():
            self.build_fields(form, group)
        self.person_form, self.team_form, self.care_form = self.forms.values()
        draft = existing.to_draft() if existing else VolunteerDraft(name="", team_id=team_id)
        self._fill_teams(draft.team_id, existing.team_name if existing else "")
        self.show_record(draft, None)
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
        self.tabs = tab_widget(
            (tab_page(self.person_form, None), _("Personal details")),
            (tab_page(self.team_form, None), _("Team")),
            (self._care_page(), _("Care (五适)")),
        )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay_out(self, (self.tabs, 1), self.buttons)
        self.resident_id.textChanged.connect(self.id_changed)
        self.id_changed(self.resident_id.text())
        self.mark_clean()
        self.setMinimumWidth(600)

    # -- building --------------------------------------------------------------------------
    def _fill_teams(self, chosen: str | None, chosen_name: str) -> None:
        """The live teams (and "(no team)"); a deleted team still chosen is kept by its name."""
        self.team.addItem(_("(no team)"), None)
        try:
            teams = self._services.volunteers.team_choices(self._principal)
        except StationDeskError:
            teams = []
        for team_id, name in teams:
            self.team.addItem(name, team_id)
        if chosen is not None and self.team.findData(chosen) < 0:
            self.team.addItem(chosen_name or chosen, chosen)

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

    # -- the resident ID -------------------------------------------------------------------
    def id_changed(self, text: str) -> None:
        """A valid ID number fills gender and birth date (and locks them); else typed."""
        parsed = typed_id(text)
        if parsed is not None:
            self.derived.setText(id_facts_text(parsed))
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

        return open_dialog(dialog, accepted=added)

    def remove_commendation(self) -> None:
        row = chosen_row(self.commendation_table)
        if row < 0:
            return
        rows = self.commendations.rows()
        del rows[row]
        self.commendations.set_rows(rows)

    # -- the draft -------------------------------------------------------------------------
    def draft(self) -> VolunteerDraft:
        # the skills are split by the validator
        return self.new_record(VolunteerDraft, None)

    def snapshot(self) -> _Snapshot:
        return _Snapshot(self.draft(), tuple(self.commendations.rows()))

    def has_changes(self) -> bool:
        return self.saved is None and super().has_changes()

    def discard_question(self) -> str:
        return _("Discard the changes to this volunteer?")

    def error_text(self, field: str) -> str:
        for form in self.forms.values():
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
        for form in self.forms.values():
            form.clear_errors()
        try:
            self.save()
        except ValidationError as exc:
            for index, form in enumerate(self.forms.values()):
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


class TeamDialog(RecordDialog):
    """New team, or edit `existing`; the leader is one of its volunteers who has not left."""

    titles = (N_("New team"), N_("Edit team {name}"))
    draft_type = TeamDraft
    name = LineField(N_("Name:"), max_length=MAX_TEAM_NAME)
    kind = ChoiceField(N_("Kind:"), TeamKind)
    leader = DataChoiceField(N_("Leader:"), key="leader_id")
    area = LineField(N_("Area:"), max_length=MAX_AREA, placeholder=N_("e.g. 北区1至10号楼"))
    notes = TextField(N_("Notes:"))

    def blank(self) -> TeamDraft:
        return TeamDraft("")

    def prepare(self, existing: TeamDetail | None) -> None:
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

    def save_calls(self) -> SaveCalls:
        volunteers = self._services.volunteers
        return SaveCalls(volunteers.create_team, volunteers.update_team)


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
            delete=services.volunteers.delete_team,
            restore=services.volunteers.restore_team,
        )
        self.add_filter(self.show_deleted)
        self.reads = BackgroundRead(self)

    def fetch(self) -> list[TeamDetail]:
        return self._read()()

    def _read(self) -> Callable[[], list[TeamDetail]]:
        """The read of the teams the filters ask for (the filters taken now, on this thread)."""
        wanted = self.search.text().strip().casefold()
        include_deleted = self.show_deleted.isChecked()
        volunteers, principal = self._services.volunteers, self._principal

        def read() -> list[TeamDetail]:
            teams = volunteers.list_teams(principal, include_deleted=include_deleted)
            return [team for team in teams if wanted in team.name.casefold()]

        return read

    def reload_later(self) -> None:
        """Read the teams on a worker thread and show them when read (the dialog's first read:
        400 teams with their members counted take a while, the dialog paints at once)."""
        self.count.setText(_("Reading…"))
        self.reads.start(self._read(), self.show_rows)

    def reading(self) -> bool:
        return self.reads.reading()

    def reload(self) -> None:
        self.reads.supersede()  # read again now: an older read's rows are not shown
        super().reload()

    def dialog(self, existing: TeamDetail | None) -> QDialog:
        return TeamDialog(self._services, self._principal, existing, self)

    def delete_question(self, record: TeamDetail) -> str:
        return _("Delete the team {name}?").format(name=record.name)


class TeamsDialog(QDialog):
    """Manage the teams (队伍管理); `changed` tells the page to reload its team filter."""

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Volunteer teams"))
        self.teams = TeamList(services, principal, self)
        lay_out(self, (self.teams, 1), close_box(self))
        self.resize(720, 440)
        self.teams.reload_later()
