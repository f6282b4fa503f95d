"""The opinion register page (群众意见建议登记, 件件有回音): the list with what is overdue or due
today in red, the editor of one opinion (the opinion, the reply, closing it), the reply slip,
the register of a period (PDF or .xlsx) and the reply limits (administrators).

The giver's ID number is shown masked; "Show ID number" shows it in full for the opinion on
screen (audited), as in the mediation parties' tab. The reply deadline is worked out from the urgency over the room's holiday calendar when the
opinion is registered; a deadline typed by hand replaces it. The reply is saved only whole: a
date marked answered needs what was answered; a date before the day received is refused.
"""

from __future__ import annotations

from contextlib import ExitStack
from datetime import date
from typing import Any

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QWidget,
)

from station_desk.documents import OPINION_REGISTER, OPINION_REPLY_SLIP, Request
from station_desk.domain.accounts import Principal
from station_desk.domain.opinions import (
    Opinion,
    OpinionCategory,
    OpinionDraft,
    OpinionQuery,
    OpinionSatisfaction,
    OpinionSource,
    OpinionStatus,
    OpinionSummary,
    ReplyEntry,
    ReplyLimits,
    ReplyMethod,
    ReplyTiming,
    Urgency,
)
from station_desk.domain.roles import Permission
from station_desk.errors import ValidationError
from station_desk.i18n import N_, Nn_, _
from station_desk.services.container import Services
from station_desk.ui.widgets.dialogs import open_dialog
from station_desk.ui.widgets.editor import RecordEditor
from station_desk.ui.widgets.fields import (
    CheckField,
    ChoiceField,
    DayField,
    DeclaredFields,
    LineField,
    NoteField,
    NumberField,
    OptionalDayField,
    TextField,
)
from station_desk.ui.widgets.filters import (
    chosen,
    narrow_choices,
    period_filters,
    search_box,
)
from station_desk.ui.widgets.forms import FieldForm, FormDialog, RecordDialog
from station_desk.ui.widgets.id_numbers import MaskedIdField
from station_desk.ui.widgets.inputs import enum_choice
from station_desk.ui.widgets.layouts import lay_out
from station_desk.ui.widgets.preview import DocumentPreviewDialog, document_name, preview_document
from station_desk.ui.widgets.record_page import RecordCalls, RecordList, RecordPage
from station_desk.ui.widgets.register_dialog import RegisterDialog
from station_desk.ui.widgets.rows import Style, flagged_style, tab_page, tool_button
from station_desk.ui.widgets.table_model import Column

RECORD, REPLY = "record", "reply"


def _due_text(row: OpinionSummary) -> str:
    if row.due_today:
        return _("{date} (today)").format(date=row.due_on.isoformat())
    return row.due_on.isoformat()


OPINION_COLUMNS = (
    Column(N_("Number"), lambda o: o.number),
    Column(N_("Received"), lambda o: o.received_on.isoformat()),
    Column(N_("Category"), lambda o: o.category.label),
    Column(N_("Urgency"), lambda o: o.urgency.label),
    Column(N_("Given by"), lambda o: o.who),
    Column(N_("Opinion or suggestion"), lambda o: o.content.replace("\n", " ")),
    Column(N_("Reply due by"), _due_text),
    Column(N_("Replied on"), lambda o: o.replied_on.isoformat() if o.replied_on else ""),
    Column(N_("Status"), lambda o: o.status.label),
)


def _style(row: OpinionSummary) -> Style:
    """Red when past the deadline or due today without a reply."""
    return flagged_style(row.overdue or row.due_today, row.is_deleted)


class OpinionFields(DeclaredFields):
    received_on = DayField(N_("Received on:"))
    source = ChoiceField(N_("Source:"), OpinionSource)
    category = ChoiceField(N_("Category:"), OpinionCategory)
    urgency = ChoiceField(N_("Urgency:"), Urgency)
    content = TextField(N_("Opinion or suggestion:"), height=70)
    anonymous = CheckField(N_("Anonymous"))
    name = LineField(N_("Name:"), max_length=50)
    phone = LineField(N_("Phone:"), max_length=30)
    address = LineField(N_("Address:"), max_length=200)
    resident_id = MaskedIdField(N_("ID number (optional):"), max_length=18)
    handler = LineField(N_("Handled by:"), max_length=50)


class NewOpinionDialog(RecordDialog, OpinionFields):
    """Register an opinion; the deadline follows the urgency unless set by hand."""

    titles = (N_("Register an opinion"), N_("Opinion"))
    draft_type = OpinionDraft
    due_on = OptionalDayField(N_("Reply due by:"), check=N_("Set by hand"))

    def blank(self) -> OpinionDraft:
        return OpinionDraft(received_on=date.today())

    def prepare(self, existing: object) -> None:
        self.setMinimumWidth(520)
        self.urgency.setCurrentIndex(self.urgency.findData(Urgency.NORMAL.value))

    def create_record(self, draft: OpinionDraft) -> Opinion:
        return self._services.opinions.register(self._principal, draft)


class CloseDialog(FormDialog):
    closed_on = DayField(N_("Closed on:"))
    outcome = TextField(N_("Outcome:"), height=60)

    def __init__(self, editor: OpinionEditor) -> None:
        super().__init__(_("Close the opinion"), editor)
        self._editor = editor
        self.saved: Opinion | None = None

    def save(self) -> None:
        editor, values = self._editor, self.record_values()
        self.saved = editor._services.opinions.close(
            editor._principal, editor.record.id, values["closed_on"], values["outcome"]
        )


class LimitsDialog(FormDialog):
    """The working days to answer an urgent and a normal opinion (administrators)."""

    urgent_days = NumberField(N_("Urgent:"), minimum=1, maximum=30, suffix=N_(" working days"))
    normal_days = NumberField(N_("Normal:"), minimum=1, maximum=30, suffix=N_(" working days"))

    def __init__(self, services: Services, principal: Principal, parent: QWidget) -> None:
        super().__init__(_("Reply limits"), parent)
        self._services, self._principal = services, principal
        self.show_record(services.opinions.limits(principal))

    def save(self) -> None:
        self._services.opinions.set_limits(self._principal, self.new_record(ReplyLimits))


class OpinionRegisterDialog(RegisterDialog):
    kind = OPINION_REGISTER
    texts = (
        N_("Opinion register"),
        N_("Print the opinion register (意见建议登记台账) of a period, with its figures, as PDF or .xlsx."),
    )


class OpinionEditor(RecordEditor, OpinionFields):
    """One opinion: the registration tab, the reply tab; Close…, Reopen, Print reply slip…."""

    parts = (RECORD, REPLY)
    due_note = NoteField(N_("Reply due by:"))
    replied_on = OptionalDayField(N_("Replied on:"), check=N_("Answered"), group=REPLY)
    method = ChoiceField(N_("Reply method:"), ReplyMethod, group=REPLY)
    reply_content = TextField(N_("Reply:"), height=90, group=REPLY)
    replied_by = LineField(N_("Replied by:"), max_length=50, group=REPLY)
    satisfaction = ChoiceField(
        N_("Satisfaction:"), OpinionSatisfaction, empty=N_("Not known"), group=REPLY
    )
    closure = NoteField(N_("Closed:"), wrap=True, group=REPLY)

    def __init__(self, services: Services, principal: Principal, parent: QWidget | None = None):
        super().__init__(services, principal, parent)
        self.close_button = tool_button(_("Close…"), "close-case", self.close_opinion)
        self.reopen_button = tool_button(_("Reopen"), "reopen", self.reopen)
        self.slip_button = tool_button(_("Print reply slip…"), "print", self.preview_slip)
        self.form, self.reply_form = FieldForm(), FieldForm()
        self.build_fields(self.form)
        self.build_fields(self.reply_form, REPLY)
        self.resident_id.revealer = self.reveal_id  # masked until shown (audited)
        self.forms[RECORD], self.forms[REPLY] = (self.form, 0), (self.reply_form, 1)
        self.tabs.addTab(tab_page(self.form), _("Opinion"))
        self.tabs.addTab(tab_page(self.reply_form), _("Reply"))
        buttons = (self.save_button, self.slip_button, self.close_button, self.reopen_button)
        lay_out(self, self.top_row(*buttons), (self.tabs, 1), margin=0)

    def fill(self, record: Opinion) -> None:
        self.show_record(record)
        reply = record.reply
        self.show_values({
            "replied_on": reply.replied_on if reply else None,
            "method": reply.method if reply else ReplyMethod.PHONE,
            "reply_content": reply.content if reply else "",
            "replied_by": reply.replied_by if reply else "",
            "satisfaction": reply.satisfaction if reply else None,
        }, REPLY)
        self.heading.setText(
            _("Opinion {number} · {status}").format(number=record.number, status=record.status.label)
        )
        self.due_note.setText(record.due_on.isoformat() if record.due_on else "")
        closed = record.closed_on
        self.closure.setText(
            f"{closed.isoformat()} {record.outcome}".strip() if closed else _("Not closed")
        )
        live = not record.is_deleted
        for widget in self.input_widgets(None):
            widget.setEnabled(live)
        self.close_button.setEnabled(live and reply is not None and closed is None)
        self.reopen_button.setEnabled(live and closed is not None)
        self.slip_button.setEnabled(self._principal.can(Permission.PRINT))

    def reveal_id(self) -> str:
        """The giver's full ID number, read again for this opinion (audited)."""
        return self._services.opinions.reveal_id(self._principal, self.record.id, "show")

    def current(self, part: str) -> object:
        return self.record_values(REPLY if part == REPLY else "")

    def put(self, part: str, value: Any) -> None:
        self.show_values(value, REPLY if part == REPLY else "")

    def store(self, part: str, value: Any) -> Opinion:
        opinions, record = self._services.opinions, self.record
        if part == RECORD:
            return opinions.update(self._principal, record.id, OpinionDraft(**value))
        if value["replied_on"] is None:
            if value["reply_content"].strip():
                raise ValidationError("replied_on", _("Tick “Answered” and set the date of the reply."))
            return opinions.get(self._principal, record.id)
        reply = ReplyEntry(
            value["replied_on"], value["method"], value["reply_content"], value["replied_by"],
            value["satisfaction"],
        )
        return opinions.reply(self._principal, record.id, reply)

    def unsaved_question(self) -> str:
        return _("Save the changes to this opinion?")

    def close_opinion(self) -> None:
        self.saved_then(lambda: self.open_form(CloseDialog(self)))

    def reopen(self) -> None:
        self.act(lambda: self._services.opinions.reopen(self._principal, self.record.id))

    def preview_slip(self) -> DocumentPreviewDialog:
        record = self.record
        return preview_document(
            self, OPINION_REPLY_SLIP, Request(record_id=record.id), record.number,
            document_name(OPINION_REPLY_SLIP, record.number, date.today()),
        )


class OpinionList(RecordList):
    def __init__(self, page: OpinionsPage) -> None:
        super().__init__(
            page, OPINION_COLUMNS, _style, (80, 85, 135, 62, 85, 215, 135, 85),
            (_("New opinion…"), page.new_opinion), _("Open opinion"),
        )
        self.status = enum_choice(list(OpinionStatus), empty=_("All statuses"))
        self.category = enum_choice(list(OpinionCategory), empty=_("All categories"))
        self.timing = enum_choice(list(ReplyTiming), empty=_("Any reply"))
        narrow_choices(self.status, self.category, self.timing)
        self.date_from, self.date_to = period_filters(date(date.today().year, 1, 1))
        self.text = search_box(_("Name or words of the opinion"))
        self.overdue_only = QCheckBox(_("Overdue only"))
        self.figures = QLabel()
        self.register_button = tool_button(_("Register…"), "register", page.open_register)
        self.limits_button = tool_button(_("Reply limits…"), "settings", page.open_limits)
        grid = self.filters(
            (_("Status:"), self.status, _("Category:"), self.category, self.date_from,
             self.date_to),
            ((self.text, 2), _("Answered:"), self.timing, self.overdue_only, self.show_deleted),
        )
        self.arrange(grid, self.button_row(self.register_button, self.limits_button), self.figures)

    def show_only(self, date_from: date, date_to: date, timing: ReplyTiming | None) -> None:
        """Set the filters to exactly these (the others cleared), without searching."""
        days = (self.date_from, self.date_to)
        widgets = (self.status, self.category, self.timing, self.text, self.overdue_only,
                   self.show_deleted, *(part for day in days for part in (day.check, day.edit)))
        with ExitStack() as blocked:
            for widget in widgets:
                blocked.enter_context(QSignalBlocker(widget))
            self.status.setCurrentIndex(0)
            self.category.setCurrentIndex(0)
            self.timing.setCurrentIndex(self.timing.findData(timing.value) if timing else 0)
            self.date_from.set_day(date_from)
            self.date_to.set_day(date_to)
            self.text.clear()
            self.overdue_only.setChecked(False)
            self.show_deleted.setChecked(False)
        for day in days:
            day.edit.setEnabled(day.check.isChecked())  # its own link was blocked too

    def query(self) -> OpinionQuery:
        return self.query_of(
            OpinionQuery,
            status=chosen(self.status, OpinionStatus),
            category=chosen(self.category, OpinionCategory),
            date_from=self.date_from.day(),
            date_to=self.date_to.day(),
            text=self.text.text().strip(),
            overdue_only=self.overdue_only.isChecked(),
            timing=chosen(self.timing, ReplyTiming),
        )


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


class OpinionsPage(RecordPage[OpinionList, OpinionEditor]):
    """The opinion register and, in its place while open, one opinion."""

    count_texts = (
        Nn_("{n} opinion", "{n} opinions"),
        N_("The newest {n} opinions are shown; narrow the filters to see others."),
        N_("No opinions yet. Use “New opinion…” to register one."),
    )

    list_type = OpinionList
    editor_type = OpinionEditor

    def record_calls(self, services: Services) -> RecordCalls:
        opinions = services.opinions
        return RecordCalls(opinions.list_opinions, opinions.get, opinions.delete, opinions.restore)

    def delete_question(self, summary: OpinionSummary) -> str:
        return _("Delete the opinion {number}? It can be restored later.").format(number=summary.number)

    def searched(self, rows: list[OpinionSummary]) -> None:
        """The figures of the year so far under the buttons: answered, on time, satisfied."""
        today = date.today()
        figures = self._services.opinions.figures(self._principal, date(today.year, 1, 1), today)
        self.list.figures.setText(
            _("This year: {received} received, {answered} answered, {on_time} on time, "
              "{satisfied} satisfied.").format(
                received=figures.received,
                answered=figures.answered,
                on_time=percent(figures.on_time_percent),
                satisfied=percent(figures.satisfied_percent),
            )
        )

    def update_buttons(self) -> None:
        super().update_buttons()
        self.list.register_button.setEnabled(self._principal.can(Permission.PRINT))
        self.list.limits_button.setVisible(self._principal.can(Permission.MANAGE_SETTINGS))

    def new_opinion(self) -> NewOpinionDialog:
        return self.open_new(NewOpinionDialog(self._services, self._principal, parent=self))

    def open_register(self) -> OpinionRegisterDialog:
        return open_dialog(OpinionRegisterDialog(self))

    def show_opinions(self, date_from: date, date_to: date, timing: ReplyTiming | None = None) -> None:
        """The register filtered to the opinions received from `date_from` to `date_to` and
        answered as `timing` says (a bar of the home page's chart)."""

        def show() -> None:
            self.list.show_only(date_from, date_to, timing)
            if self.is_editing():
                self.show_list()  # searches
            else:
                self.search()

        self.leave_then(show)

    def open_limits(self) -> LimitsDialog:
        return open_dialog(LimitsDialog(self._services, self._principal, self))
