"""The opinion register's documents: the reply slip (意见回复单) and the register
(意见建议登记台账) as PDF and as an .xlsx workbook written row by row.

Phones and ID numbers are masked on the register (the service masks them in its rows); the
reply slip shows no ID number at all. A period with no opinions says so instead of printing an
empty table.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from reportlab.platypus import Flowable

from station_desk.domain.opinions import Opinion, OpinionFigures, RegisterRow
from station_desk.i18n import N_, _
from station_desk.reports.base import DataDocument, DocumentBase, DocumentContext, RowTexts
from station_desk.reports.formatting import paper_date
from station_desk.reports.mediation import period_text

REGISTER_CONTENT_CHARS = 300  # a longer text is cut in the PDF register (the .xlsx has all)


def percent_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def figures_lines(figures: OpinionFigures) -> list[tuple[str, str]]:
    """The register's figures, as label and value."""
    return [
        (_("Opinions received"), str(figures.received)),
        (_("Answered"), f"{figures.answered} ({percent_text(figures.answered_percent)})"),
        (_("Answered on time"), f"{figures.answered_on_time} ({percent_text(figures.on_time_percent)})"),
        (_("Satisfied or fairly satisfied"), f"{figures.satisfied} / {figures.rated} ({percent_text(figures.satisfied_percent)})"),
        (_("Closed"), str(figures.closed)),
        (_("Not answered, past the deadline"), str(figures.open_overdue)),
    ]


class ReplySlip(DataDocument[Opinion]):
    """意见回复单: what the resident said and what the room answered, to hand over or post."""

    title = N_("Opinion reply slip")

    def display_subtitle(self) -> str:
        return _("No. {number}").format(number=self.data.number)

    def story(self) -> list[Flowable]:
        opinion, language = self.data, self.context.language
        who = _("Anonymous") if opinion.anonymous or not opinion.name else opinion.name
        rows: list[tuple[str, object]] = [
            (_("Received on"), paper_date(opinion.received_on, language)),
            (_("Source"), opinion.source.label),
            (_("Category"), opinion.category.label),
            (_("Given by"), who),
            (_("Opinion or suggestion"), opinion.content),
            (_("Reply due by"), paper_date(opinion.due_on, language)),
        ]
        reply = opinion.reply
        if reply is None:
            rows.append((_("Reply"), _("Not answered yet")))
        else:
            rows += [
                (_("Replied on"), paper_date(reply.replied_on, language)),
                (_("Reply method"), reply.method.label),
                (_("Reply"), reply.content),
                (_("Replied by"), reply.replied_by),
            ]
        story: list[Flowable] = [self.facts_table(rows), self.spacer(6)]
        story.append(self.paragraph(_("Resident's opinion of the reply:  □ Satisfied  □ Fairly satisfied  □ Dissatisfied")))
        story.append(self.spacer(8))
        return self.sign_off(story, self.signature_lines([_("Resident (signature)"), _("Police room (seal)")]))


class OpinionRegister(DocumentBase):
    """意见建议登记台账: the opinions received in a period, one row each, A4 landscape."""

    title = N_("Opinion register")
    landscape = True

    def __init__(self, context: DocumentContext, rows: Sequence[RegisterRow], figures: OpinionFigures) -> None:
        super().__init__(context)
        self.rows = rows  # walked a page at a time (the station's joins the rooms' as read)
        self.figures = figures

    def display_subtitle(self) -> str:
        return period_text(self.figures.date_from, self.figures.date_to, self.context.language)

    def story(self) -> list[Flowable]:
        if not self.rows:
            return [self.empty_note(_("No opinions were received in this period."))]
        language = self.context.language
        header = [
            _("No."), _("Number"), _("Received / source"), _("Given by"), _("Category / urgency"),
            _("Opinion or suggestion"), _("Reply due by"), _("Reply"), _("On time"), _("Satisfaction"),
        ]

        def texts(index: int, row: RegisterRow) -> list[str]:
            return [
                str(index + 1),
                row.number,
                f"{paper_date(row.received_on, language)}\n{row.source.label}",
                "\n".join(part for part in (row.who, row.phone) if part),
                f"{row.category.label}\n{row.urgency.label}",
                _cut(row.content),
                paper_date(row.due_on, language),
                _reply_text(row, language),
                _on_time_text(row.on_time),
                row.reply.satisfaction.label if row.reply and row.reply.satisfaction else "",
            ]

        data = RowTexts(self.rows, texts)  # made a page at a time
        table = self.data_table(header, data, col_widths=[4.5, 10, 14, 16.5, 12, 31, 12, 33, 6, 9])
        table.splitInRow = 0
        return [table, self.heading(_("Figures"), numbered=False), self.facts_table(figures_lines(self.figures))]


def _cut(text: str) -> str:
    return text if len(text) <= REGISTER_CONTENT_CHARS else text[:REGISTER_CONTENT_CHARS] + "…"


def _reply_text(row: RegisterRow, language: str) -> str:
    if row.reply is None:
        return _("Not answered yet")
    head = f"{paper_date(row.reply.replied_on, language)} {row.reply.method.label} {row.reply.replied_by}".strip()
    return f"{head}\n{_cut(row.reply.content)}"


def _on_time_text(on_time: bool | None) -> str:
    if on_time is None:
        return ""
    return _("Yes") if on_time else _("No")


def register_workbook(context: DocumentContext, rows: Iterable[RegisterRow], figures: OpinionFigures) -> bytes:
    """The register as an .xlsx workbook, written row by row (openpyxl's write-only mode, so a
    long period does not hold every cell in memory): dates as Excel dates, phones and ID
    numbers masked, text that looks like a formula kept as text; the figures below."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    title = _(OpinionRegister.title)
    sheet = workbook.create_sheet(title[:31])
    headers = [
        _("No."), _("Number"), _("Received on"), _("Source"), _("Category"), _("Urgency"),
        _("Given by"), _("Phone"), _("Resident ID number"), _("Opinion or suggestion"), _("Reply due by"),
        _("Replied on"), _("Reply method"), _("Reply"), _("Replied by"), _("On time"),
        _("Satisfaction"), _("Closed on"), _("Outcome"),
    ]
    widths = [6, 11, 12, 12, 14, 8, 12, 15, 21, 48, 12, 12, 12, 48, 10, 8, 12, 12, 30]
    for index, width in enumerate(widths):
        sheet.column_dimensions[_column(index)].width = width
    sheet.freeze_panes = "A4"
    styles = _named_styles(workbook)

    def cell(value: Any, style: str = "text") -> WriteOnlyCell:
        written = WriteOnlyCell(sheet, value=None)
        if isinstance(value, str):
            written.value = ILLEGAL_CHARACTERS_RE.sub("", value.replace("\r\n", "\n"))
            written.data_type = "s"  # never a formula, never a number (ID numbers stay text)
        elif value is not None:
            written.value = value
        written.style = styles[style]  # a named style: one lookup, not one style per cell
        return written

    sheet.append([cell(title, "title")])
    subtitle = " · ".join(
        part for part in (context.station_name, context.room_name,
                          period_text(figures.date_from, figures.date_to, context.language)) if part
    )
    sheet.append([cell(subtitle)])
    sheet.append([cell(text, "bold") for text in headers])
    count = 0
    for count, row in enumerate(rows, start=1):
        reply = row.reply
        sheet.append([
            cell(count),
            cell(row.number, "id"),
            cell(row.received_on, "date"),
            cell(row.source.label),
            cell(row.category.label),
            cell(row.urgency.label),
            cell(row.who),
            cell(row.phone, "id"),
            cell(row.resident_id, "id"),
            cell(row.content),
            cell(row.due_on, "date"),
            cell(reply.replied_on if reply else None, "date"),
            cell(reply.method.label if reply else ""),
            cell(reply.content if reply else ""),
            cell(reply.replied_by if reply else ""),
            cell(_on_time_text(row.on_time)),
            cell(reply.satisfaction.label if reply and reply.satisfaction else ""),
            cell(row.closed_on, "date"),
            cell(row.outcome),
        ])
    if count == 0:
        sheet.append([cell(_("No opinions were received in this period."))])
    sheet.append([])
    for label, value in figures_lines(figures):
        sheet.append([cell(label, "bold"), cell(value)])
    workbook.properties.creator = "Station Desk"
    workbook.properties.title = title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _named_styles(workbook: Any) -> dict[str, str]:
    """The register's cell styles, registered once as named styles; their names by kind."""
    from openpyxl.styles import Alignment, Font, NamedStyle

    top = {"alignment": Alignment(wrap_text=True, vertical="top")}
    kinds: dict[str, dict[str, Any]] = {
        "text": top,
        "date": {**top, "number_format": "yyyy-mm-dd"},
        "id": {**top, "number_format": "@"},
        "bold": {**top, "font": Font(bold=True)},
        "title": {"font": Font(bold=True, size=16)},
    }
    names = {}
    for kind, values in kinds.items():
        names[kind] = f"Opinion register {kind}"
        workbook.add_named_style(NamedStyle(name=names[kind], **values))
    return names


def _column(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))
