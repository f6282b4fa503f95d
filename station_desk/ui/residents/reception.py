"""The reception page (来访来电登记): the log of visits and calls, quick keyboard entry, and the
editor of one entry, from which a 纠纷 becomes a mediation case and a 建议 / 投诉 an opinion.

Quick entry: Ctrl+N (or "New entry…") opens the form with the time set to now and the focus on
the kind; Tab walks channel → kind → name → phone → what was said → handling → receiving unit
→ result, and Enter in a line saves. The list stays in place for the next visitor. ID numbers
and phones are masked in the list; in the editor the ID number is masked until "Show ID
number" (audited); overdue follow-ups are red.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QWidget,
)

from station_desk.domain.accounts import Principal
from station_desk.domain.mediation import DisputeType, MediationKind
from station_desk.domain.opinions import OpinionCategory, Urgency
from station_desk.domain.reception import (
    Handling,
    ReceptionChannel,
    ReceptionDraft,
    ReceptionEntry,
    ReceptionKind,
    ReceptionQuery,
    ReceptionSummary,
)
from station_desk.i18n import N_, Nn_, _
from station_desk.services.container import Services
from station_desk.services.reception import ReceptionService
from station_desk.ui.widgets.editor import RecordEditor
from station_desk.ui.widgets.fields import (
    CheckField,
    ChoiceField,
    DeclaredFields,
    LineField,
    MomentField,
    OptionalDayField,
    TextField,
)
from station_desk.ui.widgets.filters import (
    chosen,
    narrow_choices,
    period_filters,
    search_box,
)
from station_desk.ui.widgets.forms import FieldForm, FormDialog, RecordDialog, SaveCalls
from station_desk.ui.widgets.id_numbers import MaskedIdField
from station_desk.ui.widgets.inputs import enum_choice
from station_desk.ui.widgets.layouts import lay_out
from station_desk.ui.widgets.record_page import RecordCalls, RecordList, RecordPage
from station_desk.ui.widgets.rows import Style, flagged_style, tab_page, tool_button
from station_desk.ui.widgets.table_model import Column


def _follow_up_text(row: ReceptionSummary) -> str:
    if row.closed:
        return _("Closed")
    return row.follow_up_due.isoformat() if row.follow_up_due else ""


RECEPTION_COLUMNS = (
    Column(N_("Received"), lambda r: f"{r.received_at:%Y-%m-%d %H:%M}"),
    Column(N_("Channel"), lambda r: r.channel.label),
    Column(N_("Kind"), lambda r: r.kind.label),
    Column(N_("Name"), lambda r: r.name),
    Column(N_("Phone"), lambda r: r.masked_phone),
    Column(N_("What was said"), lambda r: r.content.replace("\n", " ")),
    Column(N_("Handling"), lambda r: r.handling.label),
    Column(N_("Follow-up"), _follow_up_text),
    Column(N_("Linked to"), lambda r: r.linked),
)


def _style(row: ReceptionSummary) -> Style:
    """Red when the follow-up is overdue."""
    return flagged_style(row.follow_up_overdue, row.is_deleted)


class ReceptionFields(DeclaredFields):
    """What an entry holds, in the order Tab walks it (the quick part first)."""

    received_at = MomentField(N_("Received at:"))
    channel = ChoiceField(N_("Channel:"), ReceptionChannel)
    kind = ChoiceField(N_("Kind:"), ReceptionKind)
    name = LineField(N_("Name:"), max_length=50)
    phone = LineField(N_("Phone:"), max_length=30)
    content = TextField(N_("What was said:"), height=60)
    handling = ChoiceField(N_("Handling:"), Handling)
    receiving_unit = LineField(N_("Receiving unit:"), max_length=100)
    result_text = LineField(N_("Result:"), key="result")
    follow_up_due = OptionalDayField(N_("Follow-up due:"))
    closed = CheckField(N_("Closed"))
    address = LineField(N_("Address:"), max_length=200)
    resident_id = MaskedIdField(N_("ID number (optional):"), max_length=18)
    handler = LineField(N_("Handled by:"), max_length=50)


class ReceptionDialog(RecordDialog, ReceptionFields):
    """A new entry, typed with the keyboard alone."""

    titles = (N_("New reception entry"), N_("Reception entry"))
    draft_type = ReceptionDraft

    def blank(self) -> ReceptionDraft:
        return ReceptionDraft(received_at=datetime.now().replace(second=0, microsecond=0))

    def prepare(self, existing: object) -> None:
        self.setMinimumWidth(520)
        self.kind.setFocus()

    def save_calls(self) -> SaveCalls:
        reception = self._services.reception
        return SaveCalls(reception.record, reception.update)


class StepDialog(FormDialog):
    """A step from the open entry to another register, titled `heading`, opening with the
    values `first`: OK makes the record there through the service's `step` (its fields'
    values as keywords) and links it; `saved` is the entry after."""

    heading = ""
    first: Mapping[str, Any] = {}

    def __init__(self, editor: ReceptionEditor) -> None:
        super().__init__(_(self.heading), editor)
        self._editor = editor
        self.saved: ReceptionEntry | None = None
        self.show_values(self.first)

    def step(self, reception: ReceptionService) -> Callable[..., tuple[ReceptionEntry, object]]:
        raise NotImplementedError

    def save(self) -> None:
        editor = self._editor
        self.saved, _made = self.step(editor._services.reception)(
            editor._principal, editor.record.id, **self.record_values()
        )


class ToMediationDialog(StepDialog):
    """How the dispute is to be mediated; OK registers the case and links it."""

    heading = N_("Make a mediation case")
    first = {"kind": MediationKind.PEOPLES}
    dispute_type = ChoiceField(N_("Dispute type:"), DisputeType)
    kind = ChoiceField(N_("Kind:"), MediationKind)
    title = LineField(N_("Title:"), placeholder=N_("The first line of what was said"))

    def step(self, reception: ReceptionService) -> Callable[..., tuple[ReceptionEntry, object]]:
        return reception.to_mediation


class ToOpinionDialog(StepDialog):
    """The opinion's category and urgency; OK registers it and links it."""

    heading = N_("Add to the opinion register")
    first = {"urgency": Urgency.NORMAL}
    category = ChoiceField(N_("Category:"), OpinionCategory)
    urgency = ChoiceField(N_("Urgency:"), Urgency)

    def step(self, reception: ReceptionService) -> Callable[..., tuple[ReceptionEntry, object]]:
        return reception.to_opinion


class ReceptionEditor(RecordEditor, ReceptionFields):
    """One entry: its fields, Save, and the step to mediation or to the opinion register."""

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(services, principal, parent)
        self.link = QLabel()
        self.link.setWordWrap(True)
        self.mediation_button = tool_button(_("Make a mediation case…"), "mediation", self.to_mediation)
        self.opinion_button = tool_button(_("Add to opinion register…"), "opinions", self.to_opinion)
        self.form = FieldForm()
        self.build_fields(self.form)
        self.resident_id.revealer = self.reveal_id  # masked until shown (audited)
        self.forms["record"] = (self.form, 0)
        self.tabs.addTab(tab_page(self.form, self.link), _("Entry"))
        top = self.top_row(self.save_button, self.mediation_button, self.opinion_button)
        lay_out(self, top, (self.tabs, 1), margin=0)

    def reveal_id(self) -> str:
        """The visitor's full ID number, read again for this entry (audited)."""
        return self._services.reception.reveal_id(self._principal, self.record.id, "show")

    def fill(self, record: ReceptionEntry) -> None:
        self.show_record(record)
        self.heading.setText(
            _("{kind} · {time}").format(kind=record.kind.label, time=f"{record.received_at:%Y-%m-%d %H:%M}")
        )
        links = []
        if record.mediation_case_number:
            links.append(_("Mediation case {number}").format(number=record.mediation_case_number))
        if record.opinion_id:
            links.append(_("In the opinion register"))
        self.link.setText("；".join(links))
        live = not record.is_deleted
        self.mediation_button.setEnabled(
            live and record.kind is ReceptionKind.DISPUTE and not record.mediation_case_id
        )
        self.opinion_button.setEnabled(live and record.kind.becomes_opinion and not record.opinion_id)
        for widget in self.input_widgets():
            widget.setEnabled(live)

    def current(self, part: str) -> object:
        return self.record_values()

    def put(self, part: str, value: object) -> None:
        self.show_values(value)  # type: ignore[arg-type]

    def store(self, part: str, value: object) -> ReceptionEntry:
        return self._services.reception.update(
            self._principal, self.record.id, ReceptionDraft(**value)  # type: ignore[arg-type]
        )

    def unsaved_question(self) -> str:
        return _("Save the changes to this reception entry?")

    def to_mediation(self) -> None:
        self.saved_then(lambda: self.open_form(ToMediationDialog(self)))

    def to_opinion(self) -> None:
        self.saved_then(lambda: self.open_form(ToOpinionDialog(self)))


class ReceptionList(RecordList):
    def __init__(self, page: ReceptionPage) -> None:
        super().__init__(
            page, RECEPTION_COLUMNS, _style, (120, 70, 80, 70, 100, 260, 110, 80),
            (_("New entry…"), page.new_entry), _("Open entry"),
        )
        self.new_button.setToolTip(_("New entry (Ctrl+N)"))
        self.kind = enum_choice(list(ReceptionKind), empty=_("All kinds"))
        self.channel = enum_choice(list(ReceptionChannel), empty=_("All channels"))
        narrow_choices(self.kind, self.channel)
        self.date_from, self.date_to = period_filters(date.today().replace(day=1))
        self.text = search_box(_("Name, phone or what was said"))
        self.open_only = QCheckBox(_("Not closed only"))
        self.figures = QLabel()
        self.figures.setWordWrap(True)
        grid = self.filters(
            (_("Kind:"), self.kind, _("Channel:"), self.channel, self.date_from, self.date_to),
            ((self.text, 4), self.open_only, self.show_deleted),
        )
        self.arrange(grid, self.button_row(), self.figures)

    def query(self) -> ReceptionQuery:
        return self.query_of(
            ReceptionQuery,
            kind=chosen(self.kind, ReceptionKind),
            channel=chosen(self.channel, ReceptionChannel),
            date_from=self.date_from.day(),
            date_to=self.date_to.day(),
            text=self.text.text().strip(),
            open_only=self.open_only.isChecked(),
        )


class ReceptionPage(RecordPage[ReceptionList, ReceptionEditor]):
    """The reception log and, in its place while open, one entry."""

    count_texts = (
        Nn_("{n} entry", "{n} entries"),
        N_("The newest {n} entries are shown; narrow the filters to see others."),
        N_("No visits or calls recorded yet. Press Ctrl+N to record one."),
    )

    list_type = ReceptionList
    editor_type = ReceptionEditor

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(services, principal, parent)
        shortcut = QShortcut(QKeySequence.StandardKey.New, self)
        shortcut.activated.connect(self.new_entry)

    def record_calls(self, services: Services) -> RecordCalls:
        reception = services.reception
        return RecordCalls(reception.list_entries, reception.get, reception.delete, reception.restore)

    def delete_question(self, summary: ReceptionSummary) -> str:
        return _("Delete the entry of {time} ({kind})? It can be restored later.").format(
            time=f"{summary.received_at:%Y-%m-%d %H:%M}", kind=summary.kind.label
        )

    def searched(self, rows: list[ReceptionSummary]) -> None:
        """This month's figures over the list: contacts by kind, made cases and opinions."""
        today = date.today()
        figures = self._services.reception.figures(self._principal, today.replace(day=1), today)
        kinds = "、".join(
            f"{kind.label} {count}" for kind, count in figures.by_kind.items() if count
        )
        self.list.figures.setText(
            _("This month: {total} contacts ({kinds}); {cases} made mediation cases, "
              "{opinions} opinions.").format(
                total=figures.total, kinds=kinds or "—", cases=figures.to_mediation,
                opinions=figures.to_opinion,
            )
        )

    def new_entry(self) -> ReceptionDialog | None:
        if self.is_editing() or not self.list.new_button.isEnabled():
            return None
        return self.open_new(ReceptionDialog(self._services, self._principal, parent=self))

    def created(self, record_id: str) -> None:
        """Stay on the list (the next visitor is waiting), with the new entry chosen."""
        self.search()
        self.select(record_id)

