"""The "Amendments" tab (更正记录): corrections to finalised minutes, dated and audited.

Finalised minutes are read-only; a later correction is added here ("Add amendment…", only
for finalised minutes) and printed at the end of the minutes.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

from station_desk.domain.accounts import Principal
from station_desk.domain.meetings import MAX_SECTION, MeetingDetail
from station_desk.i18n import N_, _
from station_desk.services.container import Services
from station_desk.ui.formatting import local_time
from station_desk.ui.widgets.dialogs import open_dialog
from station_desk.ui.widgets.forms import FormDialog
from station_desk.ui.widgets.layouts import lay_out
from station_desk.ui.widgets.rows import StyledRowsModel, row_table, tool_button
from station_desk.ui.widgets.table_model import Column

AMENDMENT_COLUMNS = (
    Column(N_("Date"), lambda a: local_time(a.at)),
    Column(N_("By"), lambda a: a.by_name),
    Column(N_("Section"), lambda a: a.section),
    Column(N_("Correction"), lambda a: " ".join(a.text.split())),
)

SECTION_CHOICES = (
    N_("Basic facts"),
    N_("Attendance"),
    N_("Agenda and discussion"),
    N_("Action items"),
    N_("Summary"),
)


class AmendmentDialog(FormDialog):
    """Which part of the minutes is corrected, and how."""

    def __init__(
        self,
        services: Services,
        principal: Principal,
        meeting: MeetingDetail,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Add an amendment to {title}").format(title=meeting.title), parent)
        self._services = services
        self._principal = principal
        self._meeting = meeting
        self.saved: MeetingDetail | None = None
        self.section = QComboBox()
        self.section.setEditable(True)
        self.section.addItems([_(choice) for choice in SECTION_CHOICES])
        line = self.section.lineEdit()
        if line is not None:
            line.setMaxLength(MAX_SECTION)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.form.add_field("section", self.section)
        self.form.add_field("text", self.text)
        self.form.set_labels(section=_("Part of the minutes:"), text=_("Correction:"))
        self.setMinimumWidth(560)

    def save(self) -> None:
        self.saved = self._services.meetings.add_amendment(
            self._principal, self._meeting.id, self.section.currentText(), self.text.toPlainText()
        )


class AmendmentsTab(QWidget):
    """The list of amendments and the button that adds one; `added(detail)` after adding."""

    added = Signal(object)

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(parent)
        self._services = services
        self._principal = principal
        self._meeting: MeetingDetail | None = None
        self.model = StyledRowsModel(AMENDMENT_COLUMNS, parent=self)
        self.table = row_table(self.model, widths=(140, 70, 110))
        self.table.setWordWrap(True)
        self.add_button = tool_button(_("Add amendment…"), "amendment", self.add_amendment)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.hint, 1)
        lay_out(self, buttons, (self.table, 1), margin=0)

    def set_meeting(self, meeting: MeetingDetail) -> None:
        self._meeting = meeting
        self.model.set_rows(list(meeting.amendments))
        allowed = meeting.is_finalised and not meeting.is_deleted
        self.add_button.setEnabled(allowed)
        self.hint.setText(
            ""
            if allowed
            else _(
                "Amendments are added once the minutes are finalised; until then, edit directly."
            )
        )

    def count(self) -> int:
        return self.model.rowCount()

    def add_amendment(self) -> AmendmentDialog | None:
        if self._meeting is None:
            return None
        dialog = AmendmentDialog(self._services, self._principal, self._meeting, self)
        def accepted() -> None:
            if dialog.saved is not None:
                self.added.emit(dialog.saved)

        return open_dialog(dialog, accepted=accepted)
