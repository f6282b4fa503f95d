"""The reports page (述职与通报): the quarterly 述职报告 and the 警情通报 / 警情公示.

*Accountability report*: choose the quarter (and, for an administrator, whose report), write
工作总结 / 存在问题 / 下步打算, save the draft, finalise it, preview and print the compiled
report. *Police briefing*: choose the period (the last two weeks or last month in one click),
write the 防范提示 and remarks, save, preview the briefing or the public notice.

Each text editor keeps its own unsaved state; leaving the page with unsaved text asks first.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

from station_desk import documents
from station_desk.documents import Request
from station_desk.domain.accounts import Principal
from station_desk.domain.briefings import BriefingText, briefing_label
from station_desk.domain.duty import month_end
from station_desk.domain.roles import Permission, Role
from station_desk.domain.work_reports import TEXT_SECTIONS, Quarter, WorkReport, WorkReportText
from station_desk.i18n import _, current_language
from station_desk.services.container import Services
from station_desk.ui.errors import user_errors
from station_desk.ui.fonts import heading_font
from station_desk.ui.widgets.dialogs import ask_discard, confirm
from station_desk.ui.widgets.inputs import date_edit, day_of, to_qdate
from station_desk.ui.widgets.layouts import lay_out, side_by_side, tab_widget
from station_desk.ui.widgets.page import PageBase
from station_desk.ui.widgets.preview import DocumentPreviewDialog, document_name, preview_document
from station_desk.ui.widgets.rows import button_row, tool_button

QUARTERS_SHOWN = 8


def text_editor(placeholder: str) -> QPlainTextEdit:
    editor = QPlainTextEdit()
    editor.setPlaceholderText(placeholder)
    editor.setTabChangesFocus(True)
    return editor


class WorkReportTab(QWidget):
    """The officer's 述职报告 for a quarter: the three sections, draft → finalised, preview."""

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._principal = principal
        self.report: WorkReport | None = None
        self.quarter = QComboBox()
        today = services.work_reports.today()
        quarter = Quarter.of(today)
        for _n in range(QUARTERS_SHOWN):
            self.quarter.addItem(quarter.title(current_language()), quarter)
            quarter = quarter.previous()
        self.person = QComboBox()
        for person in services.duty.people(principal):
            if principal.role is Role.ADMIN or person.user_id == principal.user_id:
                self.person.addItem(person.display_name, person.user_id)
        self.person.setCurrentIndex(max(0, self.person.findData(principal.user_id)))
        self.person.setEnabled(self.person.count() > 1)
        self.status = QLabel()
        self.status.setFont(heading_font(11))
        self.editors = {attribute: text_editor(_(title)) for attribute, title in TEXT_SECTIONS}
        self.save_button = tool_button(_("&Save draft"), "save", self.save)
        self.finalise_button = tool_button(_("&Finalise"), "finalise", self.ask_finalise)
        self.preview_button = tool_button(_("&Preview and print…"), "print", self.preview)
        self.preview_button.setEnabled(principal.can(Permission.PRINT))
        choose = side_by_side(_("&Quarter:"), self.quarter, _("&Whose report:"), self.person)
        choose.addSpacing(12)
        choose.addWidget(self.status)
        choose.addStretch(1)
        form = QFormLayout()
        for attribute, title in TEXT_SECTIONS:
            form.addRow(_(title) + ("：" if current_language().startswith("zh") else ":"), self.editors[attribute])
        buttons = button_row(self.save_button, self.finalise_button, self.preview_button)
        lay_out(self, choose, (form, 1), buttons)
        self.dirty = False
        for editor in self.editors.values():
            editor.textChanged.connect(self._changed)
        self.quarter.currentIndexChanged.connect(self.load)
        self.person.currentIndexChanged.connect(self.load)
        self.load()

    # -- what is chosen ----------------------------------------------------------------------
    def chosen_quarter(self) -> Quarter:
        return self.quarter.currentData()  # type: ignore[no-any-return]

    def chosen_user(self) -> str:
        return str(self.person.currentData() or self._principal.user_id)

    def text(self) -> WorkReportText:
        return WorkReportText(**{a: e.toPlainText() for a, e in self.editors.items()})

    # -- actions -----------------------------------------------------------------------------
    def load(self) -> None:
        self.report = None
        with user_errors(self):
            self.report = self._services.work_reports.get(self._principal, self.chosen_user(), self.chosen_quarter())
        text = self.report.text if self.report is not None else WorkReportText()
        for attribute, editor in self.editors.items():
            editor.blockSignals(True)
            editor.setPlainText(getattr(text, attribute))
            editor.blockSignals(False)
        self.dirty = False
        self._show_state()

    def save(self) -> bool:
        with user_errors(self):
            self.report = self._services.work_reports.save_draft(
                self._principal, self.chosen_user(), self.chosen_quarter(), self.text()
            )
            self.dirty = False
            self._show_state()
            return True
        return False

    def ask_finalise(self) -> None:
        confirm(self, _("Finalise the report? It can no longer be changed afterwards."), self.finalise)

    def finalise(self) -> None:
        if self.dirty and not self.save():
            return
        with user_errors(self):
            self.report = self._services.work_reports.finalise(
                self._principal, self.chosen_user(), self.chosen_quarter()
            )
            self._show_state()

    def preview(self) -> DocumentPreviewDialog | None:
        if self.dirty and not self.save():
            return None
        quarter = self.chosen_quarter()
        request = Request(date_from=quarter.first_day, person=self.chosen_user(), language=current_language())
        title = f"{self.person.currentText()} · {quarter.title(current_language())}"
        filename = document_name(documents.WORK_REPORT, f"{self.person.currentText()}_{quarter.label}", quarter.first_day)
        return preview_document(self, documents.WORK_REPORT, request, title, filename)

    # -- state -------------------------------------------------------------------------------
    def _changed(self) -> None:
        self.dirty = True
        self._show_state()

    def _show_state(self) -> None:
        final = self.report is not None and self.report.is_final
        may_edit = self._principal.can(Permission.EDIT_RECORDS) and not final
        for editor in self.editors.values():
            editor.setReadOnly(not may_edit)
        self.save_button.setEnabled(may_edit and self.dirty)
        self.finalise_button.setEnabled(may_edit and self.report is not None)
        state = _("Nothing written yet") if self.report is None else self.report.status.label
        self.status.setText(state + (" *" if self.dirty else ""))


class BriefingTab(QWidget):
    """The 警情通报 of a period: 防范提示 and remarks, the briefing and the public notice."""

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._principal = principal
        today = services.briefings.today()
        self.date_from = date_edit(today - timedelta(days=13))
        self.date_to = date_edit(today)
        self.advice = text_editor(_("Prevention advice (posted publicly: no names, ID or phone numbers)"))
        self.remarks = text_editor(_("Remarks (printed on the briefing only)"))
        self.status = QLabel()
        self.save_button = tool_button(_("&Save"), "save", self.save)
        self.briefing_button = tool_button(_("Preview the &briefing…"), "print", lambda: self.preview(False))
        self.notice_button = tool_button(_("Preview the public &notice…"), "print", lambda: self.preview(True))
        for button in (self.briefing_button, self.notice_button):
            button.setEnabled(principal.can(Permission.PRINT))
        self.save_button.setEnabled(principal.can(Permission.EDIT_RECORDS))
        self.weeks_button = tool_button(_("Last two &weeks"), "duty-week", self.last_two_weeks)
        self.month_button = tool_button(_("Last &month"), "duty-month", self.last_month)
        period = side_by_side(
            _("&From:"), self.date_from, _("&To:"), self.date_to, self.weeks_button,
            self.month_button,
        )
        period.addSpacing(12)
        period.addWidget(self.status)
        period.addStretch(1)
        form = QFormLayout()
        form.addRow(_("Prevention advice:"), self.advice)
        form.addRow(_("Remarks:"), self.remarks)
        buttons = button_row(self.save_button, self.briefing_button, self.notice_button)
        lay_out(self, period, (form, 1), buttons)
        self.dirty = False
        self.advice.textChanged.connect(self._changed)
        self.remarks.textChanged.connect(self._changed)
        self.date_from.dateChanged.connect(self.load)
        self.date_to.dateChanged.connect(self.load)
        self.load()

    def period(self) -> tuple[date, date]:
        return day_of(self.date_from), day_of(self.date_to)

    def set_period(self, first: date, last: date) -> None:
        for edit, day in ((self.date_from, first), (self.date_to, last)):
            edit.blockSignals(True)
            edit.setDate(to_qdate(day))
            edit.blockSignals(False)
        self.load()

    def last_two_weeks(self) -> None:
        today = self._services.briefings.today()
        self.set_period(today - timedelta(days=13), today)

    def last_month(self) -> None:
        first = date(self._services.briefings.today().year, self._services.briefings.today().month, 1)
        previous = (first - timedelta(days=1)).replace(day=1)
        self.set_period(previous, month_end(previous))

    def load(self) -> None:
        stored = None
        with user_errors(self):
            stored = self._services.briefings.get(self._principal, *self.period())
        text = stored.text if stored is not None else BriefingText()
        for editor, value in ((self.advice, text.advice), (self.remarks, text.remarks)):
            editor.blockSignals(True)
            editor.setPlainText(value)
            editor.blockSignals(False)
        self.dirty = False
        self._show_state(stored is not None)

    def save(self) -> bool:
        with user_errors(self):
            self._services.briefings.save(
                self._principal, *self.period(), BriefingText(self.advice.toPlainText(), self.remarks.toPlainText())
            )
            self.dirty = False
            self._show_state(True)
            return True
        return False

    def preview(self, public: bool) -> DocumentPreviewDialog | None:
        if self.dirty and self._principal.can(Permission.EDIT_RECORDS) and not self.save():
            return None
        first, last = self.period()
        kind = documents.PUBLIC_NOTICE if public else documents.BRIEFING
        request = Request(date_from=first, date_to=last, language=current_language())
        label = briefing_label(first, last, current_language())
        return preview_document(self, kind, request, label, document_name(kind, label, last))

    def _changed(self) -> None:
        self.dirty = True
        self.status.setText(_("Not saved") + " *")

    def _show_state(self, stored: bool) -> None:
        self.status.setText(_("Saved") if stored else _("Nothing written yet"))


class ReportsPage(PageBase):
    """述职报告 and 警情通报 in two tabs."""

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.work_report = WorkReportTab(services, principal)
        self.briefing = BriefingTab(services, principal)
        self.tabs = tab_widget(
            (self.work_report, _("Accountability report")),
            (self.briefing, _("Police situation report")),
        )
        lay_out(self, self.tabs)

    def has_unsaved_changes(self) -> bool:
        return self.work_report.dirty or self.briefing.dirty

    def leave_then(self, proceed: Callable[[], object]) -> None:
        if not self.has_unsaved_changes():
            proceed()
            return

        def discard() -> None:
            self.work_report.load()
            self.briefing.load()
            proceed()

        ask_discard(self, _("Discard the text not saved?"), discard)
