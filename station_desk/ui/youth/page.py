"""The youth guidance page (青少年帮教): the list of subjects (names masked), and in its place
while open, the file of one subject (`YouthEditor`).

Auxiliary police see only a notice that the module holds sealed records of minors: no list,
no counts. For others the list shows the subjects they may see — name masked (surname + 某),
gender, age (under 14 flagged), group, risk grade (coloured), status, officer and when the
next session is due (overdue flagged) — filtered by text (name, pinyin, initials, a whole ID
number), group, grade, status, "due or overdue only" and deleted ones (to restore them).
Opening a subject asks the purpose (audited) before the full file is shown.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from station_desk.domain.accounts import Principal
from station_desk.domain.roles import Permission
from station_desk.domain.youth import (
    AccessBasis,
    DueSession,
    RiskGrade,
    SubjectQuery,
    SubjectStatus,
    SubjectSummary,
    YouthGroup,
)
from station_desk.i18n import N_, Nn_, _, ngettext
from station_desk.services.container import Services
from station_desk.services.youth import DUE_WITHIN_DAYS
from station_desk.ui.widgets.dialogs import open_dialog
from station_desk.ui.widgets.filters import chosen, narrow_choices, search_box
from station_desk.ui.widgets.inputs import enum_choice, gender_text
from station_desk.ui.widgets.record_page import LIST_LIMIT, RecordCalls, RecordList, RecordPage
from station_desk.ui.widgets.rows import StyledRowsModel, overdue_style, status_text, tool_button
from station_desk.ui.widgets.table_model import Column, Index
from station_desk.ui.youth.dialogs import (
    GRADE_BACKGROUNDS,
    GRADE_COLOURS,
    NewSubjectDialog,
    PurposeDialog,
    StatisticsDialog,
)
from station_desk.ui.youth.editor import YouthEditor

GRADE_COLUMN = 5


def age_text(summary: SubjectSummary) -> str:
    if summary.under_14:
        return _("{age} ⚠ under 14").format(age=summary.age)
    return str(summary.age)


def due_text(summary: SubjectSummary) -> str:
    if summary.next_due is None or summary.days_left is None:
        return ""
    if summary.overdue:
        late = -summary.days_left
        return ngettext(
            "{date} — overdue by {n} day", "{date} — overdue by {n} days", late
        ).format(date=summary.next_due.isoformat(), n=late)
    left = summary.days_left
    if left == 0:
        return _("{date} (today)").format(date=summary.next_due.isoformat())
    return ngettext("{date} (in {n} day)", "{date} (in {n} days)", left).format(
        date=summary.next_due.isoformat(), n=left
    )


SUBJECT_COLUMNS = (
    Column(N_("Name"), lambda s: s.masked_name),
    Column(N_("Gender"), lambda s: gender_text(s.gender)),
    Column(N_("Age"), age_text),
    Column(N_("Group"), lambda s: s.group.label),
    Column(N_("Status"), status_text),
    Column(N_("Risk grade"), lambda s: s.risk_grade.label),
    Column(N_("Officer"), lambda s: s.officer_name),
    Column(N_("Next session due"), due_text),
)


class SubjectsModel(StyledRowsModel):
    """The subject rows; the risk grade cell in its colour."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == GRADE_COLUMN:
            summary: SubjectSummary = self.row_at(index.row())
            if not summary.is_deleted:
                if role == Qt.ItemDataRole.ForegroundRole:
                    return QBrush(QColor(GRADE_COLOURS[summary.risk_grade]))
                if role == Qt.ItemDataRole.BackgroundRole:
                    return QBrush(QColor(GRADE_BACKGROUNDS[summary.risk_grade]))
        return super().data(index, role)


class RestrictedNotice(QWidget):
    """What auxiliary police see: the module exists, nothing more."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(_("Youth guidance"))
        title.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.text = QLabel(
            _(
                "This module holds sealed records of minors and young people. It is open only "
                "to administrators and to the officers assigned to a subject."
            )
        )
        self.text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.text, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.text.setMaximumWidth(560)


class SubjectList(RecordList):
    """Filters, the table of subjects and the buttons acting on the chosen one."""

    def __init__(self, page: YouthPage) -> None:
        super().__init__(
            page,
            SUBJECT_COLUMNS,
            overdue_style,
            (90, 60, 110, 130, 110, 130, 90),
            (_("Register subject…"), page.new_subject),
            _("Open file…"),
            SubjectsModel,
        )
        self.text = search_box(_("Name, pinyin initials or ID number"))
        self.group = enum_choice(list(YouthGroup), empty=_("All groups"))
        self.grade = enum_choice(list(RiskGrade), empty=_("All grades"))
        self.status = enum_choice(list(SubjectStatus), empty=_("All statuses"))
        narrow_choices(self.group, self.grade, self.status, length=8)
        self.due_only = QCheckBox(_("Due or overdue only"))
        self.due_banner = QLabel()
        self.due_banner.setStyleSheet("color: #b00020; font-weight: bold;")
        self.statistics_button = tool_button(
            _("Statistics…"), "statistics", page.open_statistics, key="T"
        )
        # read on a worker thread and shown when read (100+ ms in a large room)
        self.search_button = search = tool_button(_("Search"), "search", page.refresh_shown)
        grid = self.filters(
            (_("Find:"), self.text, _("Group:"), self.group, _("Grade:"), self.grade,
             _("Status:"), self.status),
            (None, self.due_only, None, self.show_deleted, (None, 3), search),
            stretch=((1, 2), (3, 1)),
        )
        sealed = QLabel(
            _("Sealed records of minors: names are masked; opening a file asks the purpose.")
        )
        sealed.setStyleSheet("color: #8a5a00;")
        self.arrange(sealed, grid, self.button_row(self.statistics_button), self.due_banner)
        delete_key = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table, page.delete_selected)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)

    def query(self) -> SubjectQuery:
        return self.query_of(
            SubjectQuery,
            text=self.text.text().strip(),
            group=chosen(self.group, YouthGroup),
            risk_grade=chosen(self.grade, RiskGrade),
            status=chosen(self.status, SubjectStatus),
            due_within=DUE_WITHIN_DAYS if self.due_only.isChecked() else None,
        )

    def filtered(self) -> bool:
        """Whether any filter is set ("Show deleted" too)."""
        return self.query() != SubjectQuery(limit=LIST_LIMIT)


class YouthPage(RecordPage[SubjectList | None, YouthEditor | None]):
    """The masked list and, in its place while open, the file of one subject."""

    count_texts = (
        Nn_("{n} subject", "{n} subjects"),
        N_("The first {n} subjects are shown; narrow the filters."),
        N_("No subjects yet. Use “Register subject…” to add one."),
    )

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(services, principal, parent)
        youth = services.youth
        self.calls = RecordCalls(
            youth.list_subjects, None, youth.delete_subject, youth.restore_subject
        )
        self.may_view = youth.may_view(principal)
        self.notice = RestrictedNotice()
        self.stack.addWidget(self.notice)
        self.list: SubjectList | None = None
        if self.may_view:
            self.list = SubjectList(self)
            self.show_screens(self.list, lambda: YouthEditor(services, principal))

    def fetch_more(self) -> list[DueSession]:
        return self._services.youth.due_sessions(self._principal)

    def show_more(self, due: list[DueSession]) -> None:
        assert self.list is not None
        overdue = sum(1 for d in due if d.overdue)
        self.list.due_banner.setText(
            _("Sessions due within a week: {due} (overdue: {overdue})").format(
                due=len(due), overdue=overdue
            )
            if due
            else ""
        )
        self.list.due_banner.setVisible(bool(due))

    def refresh(self) -> None:
        if not self.is_editing():
            self.search()

    def delete_question(self, summary: SubjectSummary) -> str:
        return _("Delete the subject {name}? It can be restored later.").format(
            name=summary.masked_name
        )

    def may_change(self, summary: SubjectSummary) -> bool:
        # access granted by the administrator is read-only
        return (
            self._principal.can(Permission.EDIT_RECORDS)
            and summary.access is not AccessBasis.GRANTED
        )

    def may_delete(self, summary: SubjectSummary) -> bool:
        return summary.status is SubjectStatus.OPEN

    def update_buttons(self) -> None:
        super().update_buttons()
        if self.list is not None:
            self.list.statistics_button.setEnabled(self._principal.can(Permission.PRINT))

    # -- opening (the purpose first) ----------------------------------------------------------
    def new_subject(self) -> NewSubjectDialog:
        dialog = NewSubjectDialog(self._services, self._principal, self)

        def accepted() -> None:
            if dialog.created is not None and self.editor is not None:
                self.search()
                self.select(dialog.created.id)
                # the officer who registered the subject typed it in: shown without asking again
                self.editor.load(dialog.created, purpose=_("Registration"))
                self.show_editor()

        return open_dialog(dialog, accepted=accepted)

    def open_record(self, record_id: str) -> PurposeDialog | None:
        return self.open_subject(record_id)

    def open_subject(self, subject_id: str) -> PurposeDialog | None:
        """Ask the purpose; the file opens (audited) only when one is given."""
        if self.editor is None:
            return None
        summary = next((s for s in self.rows() if s.id == subject_id), None)
        title = _("Open the file of {name}").format(name=summary.masked_name if summary else "")
        dialog = PurposeDialog(title, lambda purpose: self._open(subject_id, purpose), "", self)
        return open_dialog(dialog)

    def _open(self, subject_id: str, purpose: str = "") -> None:
        assert self.editor is not None
        subject = self._services.youth.open_file(self._principal, subject_id, purpose)
        self.editor.load(subject, purpose=" ".join(purpose.split()))
        self.show_editor()

    def left_editor(self) -> None:
        assert self.editor is not None
        self.editor.forget()

    def open_statistics(self) -> StatisticsDialog:
        return open_dialog(StatisticsDialog(self._services, self._principal, self))
