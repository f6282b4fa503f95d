"""The forms of the patrol roster: a shift, a weekly pattern, the patterns with "Generate
shifts", and the roster generator ("Fill roster") with its report of places left open.

Each form is a `FormDialog` or built on a `FieldForm`: a `ValidationError` from the service
shows under its field (a shift ending before it starts under the end time, a volunteer on an
overlapping shift under the members) and the dialog stays open, so nothing typed is lost.
Members of a shift are picked from the active volunteers of the shift's team.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QSpinBox,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
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
    VolunteerQuery,
    VolunteerStatus,
    time_range_text,
    weekday_label,
)
from station_desk.i18n import N_, _
from station_desk.services.container import Services
from station_desk.ui.errors import user_errors
from station_desk.ui.widgets.dialogs import confirm, open_dialog
from station_desk.ui.widgets.forms import FieldForm, FormDialog
from station_desk.ui.widgets.inputs import OptionalDate, date_edit, text_box, to_qdate
from station_desk.ui.widgets.rows import GREY, StyledRowsModel, row_table, tool_button
from station_desk.ui.widgets.table_model import Column

MEMBER_ROLE = Qt.ItemDataRole.UserRole
VOLUNTEER_LIMIT = 1000


def time_edit(value: time) -> QTimeEdit:
    edit = QTimeEdit(QTime(value.hour, value.minute))
    edit.setDisplayFormat("HH:mm")
    return edit


def to_time(edit: QTimeEdit) -> time:
    value = edit.time()
    return time(value.hour(), value.minute())


def team_choice(services: Services, principal: Principal, empty: str | None) -> QComboBox:
    """The live teams (and `empty` first, meaning none or all)."""
    combo = QComboBox()
    if empty is not None:
        combo.addItem(empty, None)
    with user_errors(None):
        for team in services.volunteers.list_teams(principal):
            combo.addItem(team.name, team.id)
    return combo


def choose_data(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


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
        self.itemChanged.connect(lambda _item: self.changed.emit())

    def load(self, team_id: str | None, chosen: tuple[str, ...], names: dict[str, str]) -> None:
        """List the team's active volunteers (everyone active without a team), `chosen`
        ticked; `names` of chosen members who are not listed otherwise."""
        self._extra.update(names)
        query = VolunteerQuery(
            team_id=team_id, statuses=frozenset({VolunteerStatus.ACTIVE}), limit=VOLUNTEER_LIMIT
        )
        people: list[tuple[str, str]] = []
        with user_errors(self):
            people = [
                (
                    v.id,
                    v.name if team_id else f"{v.name}（{v.team_name}）" if v.team_name else v.name,
                )
                for v in self._services.volunteers.search(self._principal, query)
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


class ShiftDialog(FormDialog):
    """A new shift (on `day`, of `team_id`) or the change of `shift`; `saved` is the result."""

    def __init__(
        self,
        services: Services,
        principal: Principal,
        shift: ShiftDetail | None = None,
        day: date | None = None,
        team_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Edit shift") if shift else _("New shift"), parent)
        self._services = services
        self._principal = principal
        self.shift = shift
        self.saved: ShiftDetail | None = None
        form = self.form
        start = shift.starts_at if shift else datetime.combine(day or date.today(), time(19))
        end = shift.ends_at if shift else start + timedelta(hours=2)
        self.day = form.add_field("date", date_edit(start.date()), "starts_at")
        self.start = form.add_field("start", time_edit(start.time()))
        self.end = form.add_field("end", time_edit(end.time()), "ends_at")
        self.next_day = QCheckBox(_("Ends the next day"))
        self.next_day.setChecked(end.date() > start.date())
        form.addRow("", self.next_day)
        self.route = form.add_field("route", QLineEdit(shift.route if shift else ""))
        self.route.setPlaceholderText(_("e.g. Route A (north gate – building 10)"))
        self.team = form.add_field("team_id", team_choice(services, principal, _("(no team)")))
        choose_data(self.team, shift.team_id if shift else team_id)
        self.seats = form.add_field("seats", QSpinBox())
        self.seats.setRange(1, MAX_SEATS)
        self.seats.setValue(shift.seats if shift else DEFAULT_SEATS)
        self.members = form.add_field(
            "member_ids", MemberPicker(services, principal), "volunteer_id"
        )
        self.members_note = QLabel()
        form.addRow("", self.members_note)
        self.notes = form.add_field("notes", text_box(shift.notes if shift else "", 50))
        self.notes.setMaximumHeight(90)
        for key, text in (
            ("date", _("&Date:")),
            ("start", _("&Starts at:")),
            ("end", _("&Ends at:")),
            ("route", _("&Route or area:")),
            ("team_id", _("&Team:")),
            ("seats", _("&Places:")),
            ("member_ids", _("&Members:")),
            ("notes", _("N&otes:")),
        ):
            form.set_label(key, text)
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
        day = self.day.date().toPython()
        starts_at = datetime.combine(day, to_time(self.start))
        end_day = day + timedelta(days=1) if self.next_day.isChecked() else day
        return starts_at, datetime.combine(end_day, to_time(self.end))

    def draft(self) -> ShiftDraft:
        starts_at, ends_at = self.times()
        return ShiftDraft(
            starts_at=starts_at,
            ends_at=ends_at,
            route=self.route.text(),
            team_id=self.team_id(),
            seats=self.seats.value(),
            notes=self.notes.toPlainText(),
            member_ids=self.members.chosen(),
        )

    def save(self) -> None:
        draft = self.draft()
        if self.shift is None:
            self.saved = self._services.rosters.create_shift(self._principal, draft)
        else:
            self.saved = self._services.rosters.update_shift(self._principal, self.shift.id, draft)


class PatternDialog(FormDialog):
    """A new weekly pattern or the change of `pattern`; `saved` is the result."""

    def __init__(
        self,
        services: Services,
        principal: Principal,
        pattern: PatternDetail | None = None,
        team_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Edit weekly pattern") if pattern else _("New weekly pattern"), parent)
        self._services = services
        self._principal = principal
        self.pattern = pattern
        self.saved: PatternDetail | None = None
        form = self.form
        self.team = form.add_field(
            "team_id", team_choice(services, principal, _("(choose a team)"))
        )
        choose_data(self.team, pattern.team_id if pattern else team_id)
        self.route = form.add_field("route", QLineEdit(pattern.route if pattern else ""))
        days = QWidget()
        row = QHBoxLayout(days)
        row.setContentsMargins(0, 0, 0, 0)
        self.weekdays: list[QCheckBox] = []
        for day in range(1, 8):
            box = QCheckBox(weekday_label(day))
            box.setChecked(bool(pattern and day in pattern.weekdays))
            self.weekdays.append(box)
            row.addWidget(box)
        row.addStretch(1)
        days.setFocusProxy(self.weekdays[0])
        form.add_field("weekdays", days)
        self.start = form.add_field("start", time_edit(pattern.start if pattern else time(19)))
        self.end = form.add_field("end", time_edit(pattern.end if pattern else time(21)))
        self.overnight = QCheckBox(_("Ends the next day"))
        self.overnight.setChecked(bool(pattern and pattern.overnight))
        form.addRow("", self.overnight)
        self.seats = form.add_field("seats", QSpinBox())
        self.seats.setRange(1, MAX_SEATS)
        self.seats.setValue(pattern.seats if pattern else DEFAULT_SEATS)
        self.valid_from = form.add_field(
            "valid_from", date_edit(pattern.valid_from if pattern else date.today())
        )
        self.valid_until = OptionalDate(_("Until"))
        self.valid_until.set_value(pattern.valid_until if pattern else None)
        form.add_field("valid_until", self.valid_until)
        self.notes = form.add_field("notes", text_box(pattern.notes if pattern else "", 50))
        self.notes.setMaximumHeight(90)
        for key, text in (
            ("team_id", _("&Team:")),
            ("route", _("&Route or area:")),
            ("weekdays", _("Days:")),
            ("start", _("&Starts at:")),
            ("end", _("&Ends at:")),
            ("seats", _("&Places:")),
            ("valid_from", _("&Valid from:")),
            ("valid_until", _("Valid until:")),
            ("notes", _("N&otes:")),
        ):
            form.set_label(key, text)
        self.setMinimumWidth(640)

    def draft(self) -> PatternDraft:
        team = self.team.currentData()
        return PatternDraft(
            team_id=str(team) if team else "",
            route=self.route.text(),
            weekdays=frozenset(n + 1 for n, box in enumerate(self.weekdays) if box.isChecked()),
            start=to_time(self.start),
            end=to_time(self.end),
            valid_from=self.valid_from.date().toPython(),
            valid_until=self.valid_until.value(),
            seats=self.seats.value(),
            overnight=self.overnight.isChecked(),
            notes=self.notes.toPlainText(),
        )

    def save(self) -> None:
        draft = self.draft()
        if self.pattern is None:
            self.saved = self._services.rosters.create_pattern(self._principal, draft)
        else:
            self.saved = self._services.rosters.update_pattern(
                self._principal, self.pattern.id, draft
            )


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


class PatternsDialog(QDialog):
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
        super().__init__(parent)
        self._services = services
        self._principal = principal
        self.setWindowTitle(_("Weekly patterns"))
        self.model = StyledRowsModel(PATTERN_COLUMNS, None, self)
        self.table = row_table(self.model, widths=(100, 190, 100, 260, 60, 90))
        self.table.activated.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.update_buttons())
        self.new_button = tool_button(_("New pattern…"), "new", self.new_pattern)
        self.edit_button = tool_button(_("Edit pattern…"), "edit", self.edit_selected)
        self.delete_button = tool_button(_("Delete pattern…"), "delete", self.delete_selected)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.date_from = date_edit(first_day)
        self.date_to = date_edit(first_day + timedelta(days=27))
        self.generate_button = tool_button(_("Generate shifts"), "start", self.generate)
        generate = QHBoxLayout()
        generate.addWidget(QLabel(_("Make the patterns' shifts")))
        from_label = QLabel(_("&From:"))
        from_label.setBuddy(self.date_from)
        to_label = QLabel(_("&To:"))
        to_label.setBuddy(self.date_to)
        for widget in (from_label, self.date_from, to_label, self.date_to, self.generate_button):
            generate.addWidget(widget)
        generate.addStretch(1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addLayout(generate)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.resize(960, 460)
        self.refresh()

    def refresh(self, select: str | None = None) -> None:
        with user_errors(self):
            self.model.set_rows(self._services.rosters.list_patterns(self._principal))
        for row in range(self.model.rowCount()):
            if self.model.row_at(row).id == select:
                self.table.selectRow(row)
        self.update_buttons()

    def selected(self) -> PatternDetail | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def update_buttons(self) -> None:
        may_edit = self._principal.can(Permission.EDIT_RECORDS)
        chosen = self.selected() is not None
        self.new_button.setEnabled(may_edit)
        self.edit_button.setEnabled(may_edit and chosen)
        self.delete_button.setEnabled(may_edit and chosen)
        self.generate_button.setEnabled(may_edit and self.model.rowCount() > 0)

    def new_pattern(self) -> PatternDialog:
        dialog = PatternDialog(self._services, self._principal, parent=self)
        dialog.accepted.connect(lambda: self.refresh(dialog.saved.id if dialog.saved else None))
        return open_dialog(dialog)

    def edit_selected(self) -> PatternDialog | None:
        chosen = self.selected()
        if chosen is None or not self._principal.can(Permission.EDIT_RECORDS):
            return None
        dialog = PatternDialog(self._services, self._principal, chosen, parent=self)
        dialog.accepted.connect(lambda: self.refresh(chosen.id))
        return open_dialog(dialog)

    def delete_selected(self) -> QMessageBox | None:
        chosen = self.selected()
        if chosen is None:
            return None

        def delete() -> None:
            with user_errors(self):
                self._services.rosters.delete_pattern(self._principal, chosen.id)
            self.refresh()

        return confirm(
            self,
            _("Delete the weekly pattern {pattern}? The shifts it made already stay.").format(
                pattern=chosen.describe()
            ),
            delete,
        )

    def generate(self) -> bool:
        first, last = self.date_from.date().toPython(), self.date_to.date().toPython()
        with user_errors(self):
            run = self._services.rosters.generate_shifts(self._principal, first, last)
            self.message.setText(
                _("{made} shifts made from {first} to {last}; {existing} existed already.").format(
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
    Column(N_("Date"), lambda u: f"{u.starts_at:%Y-%m-%d}"),
    Column(N_("Day"), lambda u: weekday_label(u.starts_at.isoweekday())),
    Column(N_("Time"), lambda u: f"{u.starts_at:%H:%M}–{u.ends_at:%H:%M}"),
    Column(N_("Route or area"), lambda u: u.route),
    Column(N_("Team"), lambda u: u.team_name),
    Column(N_("Open places"), lambda u: str(u.missing)),
    Column(N_("Why"), lambda u: u.reason.label),
)
ASSIGNED_COLUMNS = (
    Column(N_("Date"), lambda a: f"{a.starts_at:%Y-%m-%d}"),
    Column(N_("Day"), lambda a: weekday_label(a.starts_at.isoweekday())),
    Column(N_("Time"), lambda a: f"{a.starts_at:%H:%M}–{a.ends_at:%H:%M}"),
    Column(N_("Route or area"), lambda a: a.route),
    Column(N_("Team"), lambda a: a.team_name),
    Column(N_("Volunteer"), lambda a: a.volunteer_name),
)
LOAD_COLUMNS = (
    Column(N_("Volunteer"), lambda v: v.name),
    Column(N_("Team"), lambda v: v.team_name),
    Column(N_("New shifts"), lambda v: str(v.new_shifts)),
    Column(N_("Weekly limit"), lambda v: str(v.weekly_limit)),
)


class FillRosterDialog(QDialog):
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
        super().__init__(parent)
        self._services = services
        self._principal = principal
        self.outcome: RosterFill | None = None
        self.setWindowTitle(_("Fill roster"))
        self.date_from = date_edit(first_day)
        self.date_to = date_edit(first_day + timedelta(days=6))
        self.team = team_choice(services, principal, _("All teams"))
        choose_data(self.team, team_id)
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
        actions = QHBoxLayout()
        actions.addWidget(self.propose_button)
        actions.addWidget(self.fill_button)
        actions.addStretch(1)
        self.summary = QLabel(
            _("Press “Propose” to see how the open places would be filled.")
        )  # until the first run: the tables below are empty
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(f"color: {GREY.name()};")
        self.unfilled_model = StyledRowsModel(UNFILLED_COLUMNS, None, self)
        self.assigned_model = StyledRowsModel(ASSIGNED_COLUMNS, None, self)
        self.load_model = StyledRowsModel(LOAD_COLUMNS, None, self)
        self.tabs = QTabWidget()
        self.tabs.addTab(
            row_table(self.unfilled_model, widths=(90, 85, 90, 200, 90, 90)), _("Not filled")
        )
        self.tabs.addTab(
            row_table(self.assigned_model, widths=(90, 85, 90, 220, 100)), _("Assigned")
        )
        self.tabs.addTab(row_table(self.load_model, widths=(140, 120, 90)), _("Per volunteer"))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(explain)
        layout.addLayout(actions)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(close)
        self.fill_button.setEnabled(principal.can(Permission.EDIT_RECORDS))
        self.resize(900, 560)

    def run(self, apply: bool) -> RosterFill | None:
        first, last = self.date_from.date().toPython(), self.date_to.date().toPython()
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

    def set_period(self, first: date, last: date) -> None:
        self.date_from.setDate(to_qdate(first))
        self.date_to.setDate(to_qdate(last))
