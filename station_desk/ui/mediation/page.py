"""The mediation page (调解): the case register with filters, and the editor of one case.

The list filters by status, dispute type, kind (治安调解 / people's mediation), the period
received, a party's name (or its pinyin initials) and an ID number, and can show only overdue
cases, or deleted ones too (grey, to restore them). Open cases show the days left; overdue cases
are red and cases with a return visit due are flagged. "Case register…" prints the case register
(调解台账) of a period or saves it as an .xlsx workbook; "Statistics…" counts a period's cases.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox

from station_desk.documents import MEDIATION_REGISTER
from station_desk.domain.mediation import (
    CaseQuery,
    CaseStatus,
    CaseSummary,
    DisputeType,
    MediationKind,
)
from station_desk.domain.roles import Permission
from station_desk.i18n import N_, Nn_, _, ngettext
from station_desk.services.container import Services
from station_desk.ui.mediation.dialogs import NewCaseDialog
from station_desk.ui.mediation.editor import MediationEditor
from station_desk.ui.mediation.statistics import StatisticsDialog
from station_desk.ui.widgets.dialogs import open_dialog
from station_desk.ui.widgets.filters import (
    chosen,
    narrow_choices,
    period_filters,
    search_box,
)
from station_desk.ui.widgets.inputs import enum_choice
from station_desk.ui.widgets.record_page import RecordCalls, RecordList, RecordPage
from station_desk.ui.widgets.register_dialog import RegisterDialog
from station_desk.ui.widgets.rows import Style, overdue_style, status_text, tool_button
from station_desk.ui.widgets.table_model import Column

VISIT_BACKGROUND = QColor("#fff4d6")


def days_left_text(summary: CaseSummary) -> str:
    parts = []
    if summary.days_left is not None:
        parts.append(
            ngettext("Overdue by {n} day", "Overdue by {n} days", -summary.days_left).format(
                n=-summary.days_left
            )
            if summary.overdue
            else ngettext("{n} day", "{n} days", summary.days_left).format(n=summary.days_left)
        )
    if summary.visit_due:
        parts.append(_("Return visit due"))
    return "；".join(parts)


CASE_COLUMNS = (
    Column(N_("Case number"), lambda c: c.case_number),
    Column(N_("Received"), lambda c: c.received_on.isoformat()),
    Column(N_("Title"), lambda c: c.title),
    Column(N_("Parties"), lambda c: c.party_names),
    Column(N_("Type"), lambda c: c.dispute_type.label),
    Column(N_("Kind"), lambda c: c.kind.label),
    Column(N_("Status"), status_text),
    Column(N_("Days left"), days_left_text),
)


def _case_style(summary: CaseSummary) -> Style:
    """Grey when deleted, red when overdue, else blue when a return visit is due."""
    if summary.visit_due and not (summary.is_deleted or summary.overdue):
        return None, VISIT_BACKGROUND
    return overdue_style(summary)


class MediationRegisterDialog(RegisterDialog):
    kind = MEDIATION_REGISTER
    texts = (
        N_("Mediation register"),
        N_("Print the case register (调解台账) of a period, as PDF or .xlsx."),
    )


class CaseList(RecordList):
    """Filters, the table of cases and the buttons acting on the chosen one."""

    def __init__(self, page: MediationPage) -> None:
        super().__init__(
            page,
            CASE_COLUMNS,
            _case_style,
            (155, 90, 180, 140, 120, 110, 90),
            (_("New case…"), page.new_case),
            _("Open case"),
        )
        self.status = enum_choice(list(CaseStatus), empty=_("All statuses"))
        self.dispute_type = enum_choice(list(DisputeType), empty=_("All types"))
        self.kind = enum_choice(list(MediationKind), empty=_("All kinds"))
        narrow_choices(self.status, self.dispute_type, self.kind)
        self.date_from, self.date_to = period_filters(date(date.today().year, 1, 1))
        self.party = search_box(_("Party name or pinyin initials"))
        self.resident_id = search_box(_("ID number"))
        self.overdue_only = QCheckBox(_("Overdue only"))
        self.statistics_button = tool_button(
            _("Statistics…"), "statistics", page.open_statistics, key="T"
        )
        self.register_button = tool_button(
            _("Case register…"), "register", page.open_register, key="G"
        )
        search = tool_button(_("Search"), "search", page.search)
        grid = self.filters(
            (_("Status:"), self.status, _("Type:"), self.dispute_type, _("Kind:"), self.kind,
             self.date_from, self.date_to),
            (_("Party:"), self.party, _("ID number:"), self.resident_id, (self.overdue_only, 2),
             self.show_deleted, search),
        )
        self.arrange(grid, self.button_row(self.statistics_button, self.register_button))

    def query(self) -> CaseQuery:
        return self.query_of(
            CaseQuery,
            status=chosen(self.status, CaseStatus),
            dispute_type=chosen(self.dispute_type, DisputeType),
            kind=chosen(self.kind, MediationKind),
            date_from=self.date_from.day(),
            date_to=self.date_to.day(),
            party=self.party.text().strip(),
            resident_id=self.resident_id.text().strip(),
            overdue_only=self.overdue_only.isChecked(),
        )


class MediationPage(RecordPage[CaseList, MediationEditor]):
    """The case list and, in its place while open, the editor of one case."""

    count_texts = (
        Nn_("{n} case", "{n} cases"),
        N_("The newest {n} cases are shown; narrow the filters to see others."),
        N_("No cases yet. Use “New case…” to register one."),
    )

    list_type = CaseList
    editor_type = MediationEditor

    def record_calls(self, services: Services) -> RecordCalls:
        cases = services.mediation
        return RecordCalls(cases.list_cases, cases.get, cases.delete_case, cases.restore_case)

    def delete_question(self, summary: CaseSummary) -> str:
        return _(
            "Delete the case {number} {title}? It keeps its number and can be restored later."
        ).format(number=summary.case_number, title=summary.title)

    def may_delete(self, summary: CaseSummary) -> bool:
        return summary.status is not CaseStatus.CLOSED

    def update_buttons(self) -> None:
        super().update_buttons()
        self.list.register_button.setEnabled(self._principal.can(Permission.PRINT))

    def new_case(self) -> NewCaseDialog:
        return self.open_new(NewCaseDialog(self._services, self._principal, self))

    def open_case(self, case_id: str) -> None:
        self.open_record(case_id)

    def open_register(self) -> MediationRegisterDialog:
        return open_dialog(MediationRegisterDialog(self))

    def open_statistics(self) -> StatisticsDialog:
        return open_dialog(StatisticsDialog(self._services, self._principal, self))
