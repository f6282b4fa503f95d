"""The volunteers page (志愿者): the mass-prevention volunteers and their teams.

Volunteers are found by name, pinyin (full or initials), phone or the last digits of the
resident ID number, and filtered by team and status. New / Edit (double-click or Enter) open
the volunteer dialog; "Status" sets serving / paused / left; Delete asks first and "Show
deleted" + Restore bring a volunteer back. "Teams…" manages the teams, "Import…" reads a
volunteer list (花名册) from .xlsx or .csv with a preview, and "Roster list…" previews and
prints the 花名册 (ID numbers masked) or saves it as .xlsx. An insurance that is missing,
expired or ends within 30 days is flagged; "Insurance to renew" lists only those.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QWidget,
)

from station_desk.documents import ROSTER_LIST, Request
from station_desk.domain.accounts import Principal
from station_desk.domain.roles import Permission
from station_desk.domain.volunteers import (
    INSURANCE_NOTICE_DAYS,
    VolunteerQuery,
    VolunteerStatus,
    VolunteerSummary,
)
from station_desk.i18n import N_, _, ngettext
from station_desk.services.container import Services
from station_desk.ui.errors import user_errors
from station_desk.ui.volunteers.dialogs import TeamsDialog, VolunteerDialog
from station_desk.ui.volunteers.import_dialog import VolunteerImportDialog
from station_desk.ui.widgets.dialogs import confirm, open_dialog
from station_desk.ui.widgets.filters import after_typing, search_box
from station_desk.ui.widgets.inputs import gender_text
from station_desk.ui.widgets.layouts import lay_out, side_by_side
from station_desk.ui.widgets.page import ServicePage
from station_desk.ui.widgets.preview import (
    DocumentPreviewDialog,
    ask_file,
    document_name,
    preview_document,
    save_register,
)
from station_desk.ui.widgets.rows import (
    GREY,
    WARN_FOREGROUND,
    StyledRowsModel,
    button_row,
    row_table,
    tool_button,
)
from station_desk.ui.widgets.table_model import Column, TableRows

SEARCH_DELAY_MS = 250
LIST_LIMIT = 500
INSURANCE_BACKGROUND = QColor("#fff4d6")


def insurance_text(volunteer: VolunteerSummary, today: date | None = None) -> str:
    """The insurance's end, with what is to be done: missing, expired, or ending soon."""
    today = today or date.today()
    until = volunteer.insurance_until
    if until is None:
        return _("None recorded") if volunteer.insurance_due(today) else ""
    if until < today:
        return _("{date} (expired)").format(date=until.isoformat())
    if volunteer.insurance_due(today):
        days = (until - today).days
        return ngettext(
            "{date} (ends in {n} day)", "{date} (ends in {n} days)", days
        ).format(date=until.isoformat(), n=days)
    return until.isoformat()


def insurance_expired(volunteer: VolunteerSummary, today: date | None = None) -> bool:
    """Serving or paused, and the insurance ran out."""
    return (
        volunteer.status is not VolunteerStatus.LEFT
        and volunteer.insurance_until is not None
        and volunteer.insurance_until < (today or date.today())
    )


VOLUNTEER_COLUMNS = (
    Column(N_("Name"), lambda v: v.name),
    Column(N_("Gender"), lambda v: gender_text(v.gender)),
    Column(N_("Team"), lambda v: v.team_name),
    Column(N_("Team role"), lambda v: v.role.label),
    Column(N_("Phone"), lambda v: v.phone),
    Column(N_("Status"), lambda v: v.status.label),
    Column(N_("Joined"), lambda v: v.join_date.isoformat() if v.join_date else ""),
    Column(N_("Insured until"), insurance_text),
)


def _volunteer_style(volunteer: VolunteerSummary) -> tuple[QColor | None, QColor | None]:
    if volunteer.is_deleted or volunteer.status is VolunteerStatus.LEFT:
        return GREY, None
    if insurance_expired(volunteer):
        return WARN_FOREGROUND, INSURANCE_BACKGROUND
    if volunteer.insurance_due(date.today()):
        return None, INSURANCE_BACKGROUND
    return None, None


class VolunteersPage(ServicePage, TableRows):
    """Search and filters, the table of volunteers, and the actions on them."""

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(services, principal, parent)
        self.search = search_box(_("Search: name, pinyin initials, phone, ID digits"))
        self.team = QComboBox()
        self.team.setMinimumContentsLength(8)
        self.status = QComboBox()
        self.status.addItem(_("Not left"), "not_left")
        self.status.addItem(_("All statuses"), None)
        for status in VolunteerStatus:
            self.status.addItem(status.label, status.value)
        self.show_deleted = QCheckBox(_("Show deleted"))
        self.insurance_due = QCheckBox(_("Insurance to renew"))
        self.insurance_due.setToolTip(
            _("Volunteers whose accident insurance is missing or ends within {n} days").format(
                n=INSURANCE_NOTICE_DAYS
            )
        )
        self.model = StyledRowsModel(VOLUNTEER_COLUMNS, _volunteer_style, self)
        self.table = row_table(self.model, widths=(110, 50, 150, 90, 120, 90, 100))
        self.count = QLabel()
        self.new_button = tool_button(_("New…"), "new", self.new_volunteer, key="N")
        self.edit_button = tool_button(_("Edit…"), "edit", self.edit_selected, key="E")
        self.status_button = tool_button(_("Status"), "status", lambda: None)
        self.status_menu = QMenu(self)
        self.status_actions = {}
        for status in VolunteerStatus:
            action = self.status_menu.addAction(status.label)
            action.triggered.connect(lambda _checked=False, s=status: self.set_status(s))
            self.status_actions[status] = action
        self.status_button.setMenu(self.status_menu)
        self.delete_button = tool_button(_("Delete…"), "delete", self.delete_selected, key="D")
        self.restore_button = tool_button(_("Restore"), "restore", self.restore_selected, key="R")
        self.teams_button = tool_button(_("Teams…"), "teams", self.open_teams, key="T")
        self.import_button = tool_button(_("Import…"), "import", self.open_import, key="I")
        self.roster_button = tool_button(_("Roster list…"), "print", self.preview_roster)
        self.xlsx_button = tool_button(_("Save as .xlsx…"), "export", self.ask_xlsx)
        self._build_layout()
        self._timer = after_typing(self.search, SEARCH_DELAY_MS, self.reload)
        self.search.returnPressed.connect(self.reload)
        self.team.currentIndexChanged.connect(self.reload)
        self.status.currentIndexChanged.connect(self.reload)
        self.show_deleted.toggled.connect(self.reload)
        self.insurance_due.toggled.connect(self.reload)
        self.table.activated.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.update_buttons())
        self.read_first()

    def _build_layout(self) -> None:
        filters = side_by_side(
            (self.search, 3), _("Team:"), (self.team, 1), _("Status:"), self.status,
            self.insurance_due, self.show_deleted,
        )
        buttons = button_row(
            self.new_button, self.edit_button, self.status_button, self.delete_button,
            self.restore_button,
            right=(self.teams_button, self.import_button, self.roster_button, self.xlsx_button),
        )
        lay_out(self, filters, buttons, (self.table, 1), self.count)

    # -- the list --------------------------------------------------------------------------
    def refresh(self) -> None:
        self.fill_teams()
        self.reload()

    def refresh_shown(self) -> None:
        """Shown by the window: the teams and the list are read on a worker thread."""
        if not self.model.rowCount():
            self.count.setText(_("Reading…"))
        volunteers, principal, query = self._services.volunteers, self._principal, self.query()
        self.background().start(
            lambda: (volunteers.team_choices(principal), volunteers.search(principal, query)),
            self._show_read,
        )

    def _show_read(self, read: tuple[list[tuple[str, str]], list[VolunteerSummary]]) -> None:
        teams, rows = read
        self._show_teams(teams)
        self._timer.stop()
        self._show_rows(rows)

    def fill_teams(self) -> None:
        with user_errors(self):
            self._show_teams(self._services.volunteers.team_choices(self._principal))

    def _show_teams(self, teams: list[tuple[str, str]]) -> None:
        chosen = self.team.currentData()
        blocked = self.team.blockSignals(True)
        self.team.clear()
        self.team.addItem(_("All teams"), None)
        for team_id, name in teams:
            self.team.addItem(name, team_id)
        self.team.setCurrentIndex(max(0, self.team.findData(chosen)))
        self.team.blockSignals(blocked)

    def query(self) -> VolunteerQuery:
        status = self.status.currentData()
        if status == "not_left":
            statuses = frozenset({VolunteerStatus.ACTIVE, VolunteerStatus.PAUSED})
        elif status:
            statuses = frozenset({VolunteerStatus(status)})
        else:
            statuses = frozenset()
        return VolunteerQuery(
            text=self.search.text().strip(),
            team_id=self.team.currentData(),
            statuses=statuses,
            include_deleted=self.show_deleted.isChecked(),
            insurance_due_on=date.today() if self.insurance_due.isChecked() else None,
            limit=LIST_LIMIT,
        )

    def show_insurance_due(self) -> None:
        """Only the volunteers whose insurance is to be renewed (from the home page)."""
        blocked = [w.blockSignals(True) for w in (self.search, self.team, self.status)]
        self.search.clear()
        self.team.setCurrentIndex(0)
        self.status.setCurrentIndex(0)  # not left
        for widget, was in zip((self.search, self.team, self.status), blocked, strict=True):
            widget.blockSignals(was)
        if self.insurance_due.isChecked():
            self.reload()
        self.insurance_due.setChecked(True)

    def reload(self) -> None:
        self._timer.stop()
        self.background().supersede()  # a list read on a worker thread would come too late
        with user_errors(self):
            self._show_rows(self._services.volunteers.search(self._principal, self.query()))

    def _show_rows(self, rows: list[VolunteerSummary]) -> None:
        chosen = self.selected()
        with user_errors(self):
            self.model.set_rows(rows)
            text = _("{n} shown").format(n=len(rows))
            if len(rows) >= LIST_LIMIT:
                text = _("The first {n} are shown; narrow the search to see others.").format(
                    n=len(rows)
                )
            expired = sum(1 for row in rows if insurance_expired(row) and not row.is_deleted)
            if expired:
                text += "　" + _("{n} with expired insurance").format(n=expired)
            due = sum(1 for row in rows if row.insurance_due(date.today())) - expired
            if due:
                text += "　" + ngettext(
                    "{n} with insurance missing or ending soon",
                    "{n} with insurance missing or ending soon",
                    due,
                ).format(n=due)
            if not rows and self._none_at_all():
                text = _("No volunteers yet. Use “New…” or “Import…” to add them.")
            self.count.setText(text)
        if chosen is not None:
            self.select(chosen.id)
        self.update_buttons()

    def _none_at_all(self) -> bool:
        """No search text nor team chosen, and not one (undeleted) volunteer of any status."""
        query = self.query()
        if query.text or query.team_id is not None:
            return False
        return not self._services.volunteers.search(self._principal, VolunteerQuery(limit=1))

    def names(self) -> list[str]:
        return [row.name for row in self.rows()]

    def update_buttons(self) -> None:
        chosen = self.selected()
        may_edit = self._principal.can(Permission.EDIT_RECORDS)
        live = chosen is not None and not chosen.is_deleted
        self.new_button.setEnabled(may_edit)
        self.edit_button.setEnabled(live)
        self.edit_button.setText(_("Edit…") if may_edit else _("View…"))
        self.status_button.setEnabled(may_edit and live)
        for status, action in self.status_actions.items():
            action.setEnabled(chosen is not None and chosen.status is not status)
        self.delete_button.setEnabled(may_edit and live)
        self.restore_button.setEnabled(may_edit and chosen is not None and chosen.is_deleted)
        self.restore_button.setVisible(self.show_deleted.isChecked())
        self.teams_button.setEnabled(True)
        self.import_button.setEnabled(may_edit)
        self.roster_button.setEnabled(self._principal.can(Permission.PRINT))
        self.xlsx_button.setEnabled(self._principal.can(Permission.EXPORT))

    # -- actions ---------------------------------------------------------------------------
    def new_volunteer(self) -> VolunteerDialog:
        dialog = VolunteerDialog(
            self._services, self._principal, None, self, team_id=self.team.currentData()
        )
        return self._open(dialog)

    def edit_selected(self) -> VolunteerDialog | None:
        chosen = self.selected()
        if chosen is None or chosen.is_deleted:
            return None
        return self.open_volunteer(chosen.id)

    def open_volunteer(self, volunteer_id: str) -> VolunteerDialog | None:
        """The volunteer's dialog (read-only for a user who may not edit)."""
        with user_errors(self):
            detail = self._services.volunteers.get(self._principal, volunteer_id)
            dialog = VolunteerDialog(self._services, self._principal, detail, self)
            if not self._principal.can(Permission.EDIT_RECORDS):
                dialog.buttons.button(dialog.buttons.StandardButton.Ok).setEnabled(False)
            return self._open(dialog)
        return None

    def _open(self, dialog: VolunteerDialog) -> VolunteerDialog:
        def saved() -> None:
            self.refresh()
            if dialog.saved is not None:
                self.select(dialog.saved.id)

        return open_dialog(dialog, accepted=saved)

    def set_status(self, status: VolunteerStatus) -> QMessageBox | None:
        chosen = self.selected()
        if chosen is None or chosen.is_deleted or chosen.status is status:
            return None

        def change() -> None:
            self._act(
                lambda: self._services.volunteers.set_status(self._principal, chosen.id, status)
            )

        if status is VolunteerStatus.LEFT:
            return confirm(
                self,
                _("Mark {name} as having left the team? A team leader stops leading.").format(
                    name=chosen.name
                ),
                change,
            )
        change()
        return None

    def delete_selected(self) -> QMessageBox | None:
        chosen = self.selected()
        if chosen is None or chosen.is_deleted:
            return None
        return confirm(
            self,
            _(
                "Delete the volunteer {name}? Use this for an entry made by mistake; a volunteer "
                "who stopped serving is marked as having left instead."
            ).format(name=chosen.name),
            lambda: self._act(lambda: self._services.volunteers.delete(self._principal, chosen.id)),
        )

    def restore_selected(self) -> None:
        chosen = self.selected()
        if chosen is not None and chosen.is_deleted:
            self._act(lambda: self._services.volunteers.restore(self._principal, chosen.id))

    def _act(self, action: Callable[[], object]) -> None:
        with user_errors(self):
            action()
        self.refresh()

    def open_teams(self) -> TeamsDialog:
        dialog = TeamsDialog(self._services, self._principal, self)
        # the teams changed: the filter and the list read again on a worker thread
        dialog.finished.connect(lambda _result: self.refresh_shown())
        return open_dialog(dialog)

    def open_import(self) -> VolunteerImportDialog:
        dialog = VolunteerImportDialog(self._services, self._principal, self)
        dialog.imported.connect(lambda _result: self.refresh())
        return open_dialog(dialog)

    # -- the roster list -------------------------------------------------------------------
    def _team_name(self) -> str:
        return self.team.currentText() if self.team.currentData() else ""

    def _roster_request(self) -> Request:
        return Request(self.team.currentData() or "", subject=self._team_name())

    def preview_roster(self) -> DocumentPreviewDialog:
        team = self._team_name()
        return preview_document(
            self,
            ROSTER_LIST,
            self._roster_request(),
            team or _("All teams"),
            document_name(ROSTER_LIST, team, date.today()),
        )

    def ask_xlsx(self) -> QFileDialog:
        name = document_name(ROSTER_LIST, self._team_name(), date.today(), ".xlsx")
        return ask_file(self, name, self.save_xlsx)

    def save_xlsx(self, path: Path) -> Path | None:
        """The roster list of the chosen team (or all) as an .xlsx register (audited)."""
        return save_register(self, ROSTER_LIST, self._roster_request(), path, self.count)
