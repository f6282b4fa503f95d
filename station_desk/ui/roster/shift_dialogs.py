"""The forms of the patrol roster: a shift, a weekly pattern, the patterns with "Generate
shifts", and the roster generator ("Fill roster") with its report of places left open.

Each form is a `FormDialog` or built on a `FieldForm`: a `ValidationError` from the service
shows under its field (a shift ending before it starts under the end time, a volunteer on an
overlapping shift under the members) and the dialog stays open, so nothing typed is lost.
Members of a shift are picked from the active volunteers of the shift's team.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QWidget,
)

from station_desk.domain.accounts import Principal
from station_desk.domain.roles import Permission
from station_desk.domain.rostering import OpenSeats, RosterFill, VolunteerLoad
from station_desk.domain.volunteers import (
    DEFAULT_SEATS,
    MAX_SEATS,
    PatternDetail,
    PatternDraft,
    ShiftDetail,
    ShiftDraft,
    time_range_text,
    weekday_label,
)
from station_desk.i18n import N_, _, ngettext
from station_desk.services.container import Services
from station_desk.ui.errors import user_errors
from station_desk.ui.roster.columns import SHIFT_HEAD
from station_desk.ui.widgets.dialogs import (
    ServiceDialog,
    close_box,
    confirm_then,
    open_dialog,
)
from station_desk.ui.widgets.fields import (
    DataChoiceField,
    DayField,
    LineField,
    NumberField,
    OptionalDayField,
    TextField,
    TimeField,
    WidgetField,
)
from station_desk.ui.widgets.forms import FieldForm, RecordDialog, SaveCalls
from station_desk.ui.widgets.inputs import (
    DatePeriod,
    set_choice,
    span_of,
)
from station_desk.ui.widgets.layouts import lay_out, side_by_side, tab_widget
from station_desk.ui.widgets.rows import (
    GREY,
    StyledRowsModel,
    button_row,
    connect_rows,
    row_table,
    tool_button,
)
from station_desk.ui.widgets.table_model import Column, TableRows

MEMBER_ROLE = Qt.ItemDataRole.UserRole
VOLUNTEER_LIMIT = 1000


def fill_teams(combo: QComboBox, services: Services, principal: Principal, empty: str) -> None:
    """The live teams as choices, after `empty` (meaning none or all)."""
    combo.addItem(empty, None)
    with user_errors(None):
        for team_id, name in services.volunteers.team_choices(principal):
            combo.addItem(name, team_id)


class MemberPicker(QListWidget):
    """The active volunteers of a team as a checklist (members already on the shift stay
    listed even if they are no longer active); Space ticks the current one."""

    changed = Signal()

    def __init__(self, services: Services, principal: Principal) -> None:
        super().__init__()
        self._services = services
        self._principal = principal
        self._extra: dict[str, str] = {}
        self.setMinimumHeight(180)
        self.setUniformItemSizes(True)  # one line each: not measured one by one (1,000 of them)
        self.itemChanged.connect(lambda _item: self.changed.emit())

    def load(self, team_id: str | None, chosen: tuple[str, ...], names: dict[str, str]) -> None:
        """List the team's active volunteers (everyone active without a team), `chosen`
        ticked; `names` of chosen members who are not listed otherwise."""
        self._extra.update(names)
        people: list[tuple[str, str]] = []
        with user_errors(self):
            choices = self._services.rosters.member_choices(self._principal, team_id, VOLUNTEER_LIMIT)
            people = [
                (key, name if team_id else f"{name}（{team_name}）" if team_name else name)
                for key, name, team_name in choices
            ]
        names = dict(people)
        first = [(key, names.get(key) or self._extra.get(key, key)) for key in chosen]
        people = first + [(key, name) for key, name in people if key not in chosen]
        blocked = self.blockSignals(True)
        self.clear()
        for key, name in people:
            item = QListWidgetItem(name)
            item.setData(MEMBER_ROLE, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if key in chosen else Qt.CheckState.Unchecked)
            self.addItem(item)
        self.blockSignals(blocked)
        self.changed.emit()

    def chosen(self) -> tuple[str, ...]:
        return tuple(
            str(self.item(row).data(MEMBER_ROLE))
            for row in range(self.count())
            if self.item(row).checkState() == Qt.CheckState.Checked
        )

    def names(self) -> dict[str, str]:
        return {
            str(self.item(row).data(MEMBER_ROLE)): self.item(row).text()
            for row in range(self.count())
        }

    def set_chosen(self, keys: tuple[str, ...]) -> None:
        for row in range(self.count()):
            item = self.item(row)
            wanted = item.data(MEMBER_ROLE) in keys
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)


class ShiftDialog(RecordDialog):
    """A new shift (on `day`, of `team_id`) or the change of `shift`; `saved` is the result."""

    titles = (N_("New shift"), N_("Edit shift"))
    day = DayField(N_("&Date:"), key="date", aliases=("starts_at",))
    start = TimeField(N_("&Starts at:"))
    end = TimeField(N_("&Ends at:"), aliases=("ends_at",))
    route = LineField(
        N_("&Route or area:"), placeholder=N_("e.g. Route A (north gate – building 10)")
    )
    team = DataChoiceField(N_("&Team:"), key="team_id")
    seats = NumberField(N_("&Places:"), minimum=1, maximum=MAX_SEATS)
    notes = TextField(N_("N&otes:"), height=50)

    def __init__(
        self,
        services: Services,
        principal: Principal,
        shift: ShiftDetail | None = None,
        day: date | None = None,
        team_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, principal, shift, parent)
        self.shift = shift
        form = self.form
        self.next_day = QCheckBox(_("Ends the next day"))
        form.insertRow(form.row_of(self.end) + 1, "", self.next_day)
        members = MemberPicker(services, principal)
        self.members = form.add_field("member_ids", members, "volunteer_id", at=form.row_of(self.seats) + 1)
        form.set_label("member_ids", _("&Members:"))
        self.members_note = QLabel()
        form.insertRow(form.row_of(self.members) + 1, "", self.members_note)
        self.notes.setMaximumHeight(90)
        fill_teams(self.team, services, principal, _("(no team)"))
        start = shift.starts_at if shift else datetime.combine(day or date.today(), time(19))
        end = shift.ends_at if shift else start + timedelta(hours=2)
        self.show_values(
            {
                "date": start.date(),
                "start": start,
                "end": end,
                "route": shift.route if shift else "",
                "team_id": shift.team_id if shift else team_id,
                "seats": shift.seats if shift else DEFAULT_SEATS,
                "notes": shift.notes if shift else "",
            }
        )
        self.next_day.setChecked(end.date() > start.date())
        chosen = tuple(m.volunteer_id for m in shift.rostered) if shift else ()
        names = {m.volunteer_id: m.name for m in shift.members} if shift else {}
        self.members.load(self.team_id(), chosen, names)
        self.team.currentIndexChanged.connect(self._team_changed)
        self.members.changed.connect(self._show_count)
        self.seats.valueChanged.connect(self._show_count)
        self._show_count()
        self.setMinimumWidth(520)

    def team_id(self) -> str | None:
        value = self.team.currentData()
        return str(value) if value else None

    def _team_changed(self) -> None:
        self.members.load(self.team_id(), self.members.chosen(), self.members.names())

    def _show_count(self) -> None:
        self.members_note.setText(
            _("{n} of {seats} places taken").format(
                n=len(self.members.chosen()), seats=self.seats.value()
            )
        )

    def times(self) -> tuple[datetime, datetime]:
        values = self.record_values()
        return span_of(values["date"], values["start"], values["end"], self.next_day.isChecked())

    def draft(self) -> ShiftDraft:
        starts_at, ends_at = self.times()
        values = self.record_values()
        return ShiftDraft(
            starts_at=starts_at,
            ends_at=ends_at,
            route=values["route"],
            team_id=self.team_id(),
            seats=values["seats"],
            notes=values["notes"],
            member_ids=self.members.chosen(),
        )

    def save_calls(self) -> SaveCalls:
        return SaveCalls(self._services.rosters.create_shift, self._services.rosters.update_shift)


class PatternDialog(RecordDialog):
    """A new weekly pattern or the change of `pattern`; `saved` is the result."""

    titles = (N_("New weekly pattern"), N_("Edit weekly pattern"))
    team = DataChoiceField(N_("&Team:"), key="team_id")
    route = LineField(N_("&Route or area:"))
    days = WidgetField(N_("Days:"), QWidget, key="weekdays", read=False)
    start = TimeField(N_("&Starts at:"))
    end = TimeField(N_("&Ends at:"))
    seats = NumberField(N_("&Places:"), minimum=1, maximum=MAX_SEATS)
    valid_from = DayField(N_("&Valid from:"))
    valid_until = OptionalDayField(N_("Valid until:"), check=N_("Until"))
    notes = TextField(N_("N&otes:"), height=50)

    def __init__(
        self,
        services: Services,
        principal: Principal,
        pattern: PatternDetail | None = None,
        team_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        self.pattern, self._team_id = pattern, team_id
        super().__init__(services, principal, pattern, parent)
        self.setMinimumWidth(640)

    def prepare(self, pattern: PatternDetail | None) -> None:
        row = QHBoxLayout(self.days)
        row.setContentsMargins(0, 0, 0, 0)
        self.weekdays: list[QCheckBox] = []
        for day in range(1, 8):
            box = QCheckBox(weekday_label(day))
            box.setChecked(bool(pattern and day in pattern.weekdays))
            self.weekdays.append(box)
            row.addWidget(box)
        row.addStretch(1)
        self.days.setFocusProxy(self.weekdays[0])
        self.overnight = QCheckBox(_("Ends the next day"))
        self.overnight.setChecked(bool(pattern and pattern.overnight))
        self.form.insertRow(self.form.row_of(self.end) + 1, "", self.overnight)
        self.notes.setMaximumHeight(90)
        fill_teams(self.team, self._services, self._principal, _("(choose a team)"))

    def blank(self) -> PatternDraft:
        return PatternDraft(self._team_id or "", "", frozenset(), time(19), time(21), date.today())

    def draft(self) -> PatternDraft:
        team = self.team.currentData()
        weekdays = frozenset(n + 1 for n, box in enumerate(self.weekdays) if box.isChecked())
        values = self.record_values()
        values.update(
            team_id=str(team) if team else "", weekdays=weekdays, overnight=self.overnight.isChecked()
        )
        return PatternDraft(**values)

    def save_calls(self) -> SaveCalls:
        rosters = self._services.rosters
        return SaveCalls(rosters.create_pattern, rosters.update_pattern)


def _days_text(pattern: PatternDetail) -> str:
    return "、".join(weekday_label(day) for day in sorted(pattern.weekdays))


PATTERN_COLUMNS = (
    Column(N_("Team"), lambda p: p.team_name),
    Column(N_("Days"), _days_text),
    Column(N_("Time"), lambda p: time_range_text(p.start, p.end)),
    Column(N_("Route or area"), lambda p: p.route),
    Column(N_("Places"), lambda p: str(p.seats)),
    Column(N_("Valid from"), lambda p: p.valid_from.isoformat()),
    Column(N_("Valid until"), lambda p: p.valid_until.isoformat() if p.valid_until else ""),
)


class PatternsDialog(ServiceDialog, TableRows, DatePeriod):
    """The weekly patterns (New / Edit / Delete) and "Generate shifts" for a date range.
    `generated` is emitted after shifts were made."""

    generated = Signal()

    def __init__(
        self,
        services: Services,
        principal: Principal,
        first_day: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, principal, _("Weekly patterns"), parent=parent)
        self.model = StyledRowsModel(PATTERN_COLUMNS, None, self)
        self.table = row_table(self.model, widths=(100, 190, 100, 260, 60, 90))
        connect_rows(self.table, self.edit_selected, self.update_buttons)
        self.new_button = tool_button(_("New pattern…"), "new", self.new_pattern)
        self.edit_button = tool_button(_("Edit pattern…"), "edit", self.edit_selected)
        self.delete_button = tool_button(_("Delete pattern…"), "delete", self.delete_selected)
        buttons = button_row(self.new_button, self.edit_button, self.delete_button)
        self.period_inputs(first_day, first_day + timedelta(days=27))
        self.generate_button = tool_button(_("Generate shifts"), "start", self.generate)
        generate = side_by_side(
            QLabel(_("Make the patterns' shifts")),
            _("&From:"),
            self.date_from,
            _("&To:"),
            self.date_to,
            self.generate_button,
            None,
        )
        self.message = QLabel()
        self.message.setWordWrap(True)
        lay_out(self, buttons, (self.table, 1), generate, self.message, close_box(self))
        self.resize(960, 460)
        self.refresh()

    def refresh(self, select: str | None = None) -> None:
        with user_errors(self):
            self.model.set_rows(self._services.rosters.list_patterns(self._principal))
        if select is not None:
            self.select(select)
        self.update_buttons()

    def update_buttons(self) -> None:
        may_edit = self._principal.can(Permission.EDIT_RECORDS)
        chosen = self.selected() is not None
        self.new_button.setEnabled(may_edit)
        self.edit_button.setEnabled(may_edit and chosen)
        self.delete_button.setEnabled(may_edit and chosen)
        self.generate_button.setEnabled(may_edit and self.model.rowCount() > 0)

    def new_pattern(self) -> PatternDialog:
        dialog = PatternDialog(self._services, self._principal, parent=self)
        return open_dialog(dialog, accepted=lambda: self.refresh(dialog.saved.id if dialog.saved else None))

    def edit_selected(self) -> PatternDialog | None:
        chosen = self.selected()
        if chosen is None or not self._principal.can(Permission.EDIT_RECORDS):
            return None
        dialog = PatternDialog(self._services, self._principal, chosen, parent=self)
        return open_dialog(dialog, accepted=lambda: self.refresh(chosen.id))

    def delete_selected(self) -> QMessageBox | None:
        chosen = self.selected()
        if chosen is None:
            return None
        question = _("Delete the weekly pattern {pattern}? The shifts it made already stay.")
        rosters, principal = self._services.rosters, self._principal
        return confirm_then(
            self,
            question.format(pattern=chosen.describe()),
            lambda: rosters.delete_pattern(principal, chosen.id),
            self.refresh,
        )

    def generate(self) -> bool:
        first, last = self.period()
        with user_errors(self):
            run = self._services.rosters.generate_shifts(self._principal, first, last)
            self.message.setText(
                ngettext(
                    "{made} shift made from {first} to {last}; {existing} existed already.",
                    "{made} shifts made from {first} to {last}; {existing} existed already.",
                    len(run.created),
                ).format(
                    made=len(run.created),
                    first=first.isoformat(),
                    last=last.isoformat(),
                    existing=run.existing,
                )
            )
            self.generated.emit()
            return True
        return False


# --- the roster generator ----------------------------------------------------------------

UNFILLED_COLUMNS = (
    *SHIFT_HEAD,
    Column(N_("Open places"), lambda u: str(u.missing)),
    Column(N_("Why"), lambda u: u.reason.label),
)
ASSIGNED_COLUMNS = (*SHIFT_HEAD, Column(N_("Volunteer"), lambda a: a.volunteer_name))
LOAD_COLUMNS = (
    Column(N_("Volunteer"), lambda v: v.name),
    Column(N_("Team"), lambda v: v.team_name),
    Column(N_("New shifts"), lambda v: str(v.new_shifts)),
    Column(N_("Weekly limit"), lambda v: str(v.weekly_limit)),
)


class FillRosterDialog(ServiceDialog, DatePeriod):
    """Run the roster generator for a period (the week shown by default) and one team or
    all: "Propose" shows what it would do, "Fill roster" saves it; the report lists the
    places it could not fill and why. `filled` is emitted after a fill was saved."""

    filled = Signal()

    def __init__(
        self,
        services: Services,
        principal: Principal,
        first_day: date,
        team_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(services, principal, _("Fill roster"), parent=parent)
        self.outcome: RosterFill | None = None
        self.period_inputs(first_day, first_day + timedelta(days=6))
        self.team = QComboBox()
        fill_teams(self.team, services, principal, _("All teams"))
        set_choice(self.team, team_id)
        self.form = FieldForm()
        self.form.add_field("date_from", self.date_from)
        self.form.add_field("date_to", self.date_to)
        self.form.add_field("team_id", self.team)
        self.form.set_label("date_from", _("&From:"))
        self.form.set_label("date_to", _("&To:"))
        self.form.set_label("team_id", _("T&eam:"))
        explain = QLabel(
            _(
                "Open places of the shifts that have not started are given fairly to the "
                "team's active volunteers, within their availability and weekly limit."
            )
        )
        explain.setWordWrap(True)
        self.propose_button = tool_button(_("&Propose"), "search", lambda: self.run(False))
        self.fill_button = tool_button(_("F&ill roster"), "start", lambda: self.run(True))
        self.fill_button.setDefault(True)
        actions = button_row(self.propose_button, self.fill_button)
        self.summary = QLabel(
            _("Press “Propose” to see how the open places would be filled.")
        )  # until the first run: the tables below are empty
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(f"color: {GREY.name()};")
        self.unfilled_model = StyledRowsModel(UNFILLED_COLUMNS, None, self)
        self.assigned_model = StyledRowsModel(ASSIGNED_COLUMNS, None, self)
        self.load_model = StyledRowsModel(LOAD_COLUMNS, None, self)
        self.tabs = tab_widget(
            (row_table(self.unfilled_model, widths=(90, 85, 90, 200, 90, 90)), _("Not filled")),
            (row_table(self.assigned_model, widths=(90, 85, 90, 220, 100)), _("Assigned")),
            (row_table(self.load_model, widths=(140, 120, 90)), _("Per volunteer")),
        )
        lay_out(self, self.form, explain, actions, self.summary, (self.tabs, 1), close_box(self))
        self.fill_button.setEnabled(principal.can(Permission.EDIT_RECORDS))
        self.resize(900, 560)

    def run(self, apply: bool) -> RosterFill | None:
        first, last = self.period()
        team = self.team.currentData()

        def work() -> None:
            self.outcome = self._services.rosters.fill(
                self._principal, first, last, str(team) if team else None, apply=apply
            )

        if not self.form.attempt(work) or self.outcome is None:
            return None
        self.show_result(self.outcome)
        if apply:
            self.filled.emit()
        return self.outcome

    def show_result(self, result: RosterFill) -> None:
        self.unfilled_model.set_rows(list(result.unfilled))
        self.assigned_model.set_rows(list(result.assignments))
        self.load_model.set_rows(list(result.loads))
        if result.applied:
            text = _("{filled} places filled; {missing} places could not be filled.")
        else:
            text = _(
                "Proposal: {filled} places would be filled; {missing} could not be. Nothing is saved yet."
            )
        self.summary.setText(text.format(filled=result.filled, missing=result.missing))
        self.summary.setStyleSheet("")
        self.tabs.setCurrentIndex(0 if result.unfilled else 1)

    def unfilled(self) -> list[OpenSeats]:
        return self.unfilled_model.rows()

    def loads(self) -> list[VolunteerLoad]:
        return self.load_model.rows()
