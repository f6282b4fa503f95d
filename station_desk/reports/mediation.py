"""Mediation documents: the agreement (调解协议书), the record of a session (调解笔录) and the
case register (调解台账) as PDF, and the register as an .xlsx workbook.

They take domain DTOs (`CaseDetail`, `SessionEntry`, `RegisterRow`), never a session.
Resident ID numbers (and phones) are masked unless `DocumentContext.show_full_ids`.

- The agreement holds what the People's Mediation Law (art. 28–29) asks for: the parties'
  particulars; the main facts, the matters in dispute and each party's responsibility; the
  agreed terms and how and by when they are performed; boxes for every party (and guardian)
  to sign, seal or put a fingerprint (按指印) and for the mediator; the note of how many
  copies there are (one per party plus one for the file) and when it takes effect.
- The record: time, place, matter, mediators, recorder, participants and parties; the notice
  of rights and duties, each party's statement, the facts checked and the result; the
  read-back note and signature lines for every party, guardian, mediator and the recorder.
- The register: one row per case for a period, A4 landscape, with a count of outcomes; the
  results and agreed terms are wrapped (up to 400 characters, what a row can hold on a page;
  longer ones point to the case file).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Table, TableStyle

from station_desk.domain.enums import Gender
from station_desk.domain.mediation import (
    RIGHTS_AND_DUTIES,
    CaseDetail,
    CaseOutcome,
    MediationKind,
    PartyEntry,
    PartyKind,
    RegisterRow,
    SessionEntry,
)
from station_desk.i18n import N_, _
from station_desk.reports.base import (
    DataDocument,
    DocumentBase,
    DocumentContext,
    MappedRows,
    RowTexts,
    TextParagraph,
    chinese_numeral,
    draw_text,
    grid_commands,
    scale_widths,
    text_width,
)
from station_desk.reports.fonts import SONG
from station_desk.reports.formatting import paper_date, paper_time_range
from station_desk.reports.styles import RULE_WIDTH, SIGNATURE_SIZE

FOOT_SIZE = SIGNATURE_SIZE - 2

REGISTER_RESULT_CHARS = 400  # a register row wraps a result up to this; longer ones are cut
POLICE_AGREEMENT_TITLE = N_("Public security mediation agreement")  # 治安调解协议书
PEOPLES_AGREEMENT_TITLE = N_("People's mediation agreement")  # 人民调解协议书
# a number typed before a term: 一、 1. 1、 （一） (1) ①
_TYPED_NUMBER = re.compile(
    r"^\s*(?:[（(]\s*[一二三四五六七八九十百\d]+\s*[)）]|[一二三四五六七八九十百\d]+\s*[、.．](?!\d)|[①-⑳])\s*"
)
SIGNATURE_BOX_HEIGHT = 22 * mm  # room for a signature, a seal or a fingerprint
REGISTER_PARTIES = 6  # parties listed on a register row; more are counted


def gender_label(gender: Gender | None) -> str:
    return Gender(gender).label if gender else ""


class MediationDocumentBase(DataDocument[CaseDetail]):
    """Shared by the agreement and the record: the case, and how parties are described."""

    official = True  # GB/T 9704 page numbers

    def display_subtitle(self) -> str:
        return self.data.case_number

    def pair(self, label: str, value: str) -> str:
        """"住址：和平里…" / "Address: Heping…" (English puts a space after the colon)."""
        return self.label(label) + ("" if self.chinese else " ") + value

    def party_heading(self, party: PartyEntry) -> str:
        """"申请人" / "Applicant"."""
        return party.role.label

    def party_particulars(self, party: PartyEntry) -> str:
        """张三，女，1949年12月31日出生，身份证号码：**************002X，住址：…，联系电话：…"""
        language = self.context.language
        parts = [party.name]
        if party.kind is PartyKind.ORGANISATION:
            if party.representative:
                parts.append(self.pair(_("Representative"), party.representative))
        else:
            if party.gender:
                parts.append(gender_label(party.gender))
            if party.birth_date:
                age = party.age_on(self.data.received_on)
                parts.append(
                    _("born {date} (aged {age})").format(
                        date=paper_date(party.birth_date, language), age=age
                    )
                )
        if party.resident_id:
            parts.append(self.pair(_("Resident ID number"), self.resident_id(party.resident_id)))
        if party.id_note:
            parts.append(self.pair(_("Identity document"), party.id_note))
        if party.address:
            parts.append(self.pair(_("Address"), party.address))
        if party.phone:
            parts.append(self.pair(_("Phone"), self.phone(party.phone)))
        text = self.comma.join(parts)
        if party.guardian_name:
            guardian = self.comma.join(
                p
                for p in (
                    party.guardian_name,
                    party.guardian_relation,
                    self.phone(party.guardian_phone) if party.guardian_phone else "",
                )
                if p
            )
            text += ("；" if self.chinese else "; ") + self.pair(_("Guardian"), guardian)
        return text + ("。" if self.chinese else ".")

    def parties_block(self) -> list[Flowable]:
        if not self.data.parties:
            return [self.empty_note()]
        return [self.labelled(self.party_heading(p), self.party_particulars(p)) for p in self.data.parties]


class MediationAgreement(MediationDocumentBase):
    """The agreement, in the form its kind of mediation asks for.

    * 治安调解协议书 (police mediation, 治安管理处罚法 and the police's rules for 治安调解):
      sealed by the public security organ (the station); it says that if it is not performed
      the police deal with the original act according to law and the parties may go to court.
    * 人民调解协议书 (人民调解法 art. 28–33): sealed by the people's mediation committee (its
      name a mediation setting, a blank when not set); it takes effect with the parties' and
      the mediator's signatures and the committee's seal (art. 29), binds the parties (art.
      31), and the parties may jointly apply to the people's court for judicial confirmation
      within 30 days of it taking effect (art. 33).

    Sections: the parties; 一、 the main facts (and the matters in dispute); 二、 each party's
    responsibility; 三、 the agreed terms, numbered （一）（二）… when there are several (one
    a typed line); 四、 how and by when they are performed; then the closing clauses, the
    copies note and the signature / seal / fingerprint boxes.
    """

    def __init__(self, context: DocumentContext, case: CaseDetail, committee_name: str = "") -> None:
        super().__init__(context, case)
        if case.outcome is None or case.outcome.outcome is not CaseOutcome.AGREEMENT:
            raise ValueError("the case has no agreement")
        self.agreement = case.outcome
        self.committee_name = committee_name.strip()

    @property
    def peoples(self) -> bool:
        return MediationKind(self.data.kind) is MediationKind.PEOPLES

    def display_title(self) -> str:
        return _(PEOPLES_AGREEMENT_TITLE if self.peoples else POLICE_AGREEMENT_TITLE)

    def story(self) -> list[Flowable]:
        case, agreement = self.data, self.agreement
        story: list[Flowable] = [self.heading(_("The parties"), numbered=False)]
        story += self.parties_block()
        story += [self.heading(_("Main facts of the dispute")), self.text_or_empty(case.facts)]
        if agreement.matters_in_dispute.strip():
            story.append(self.labelled(_("Matters in dispute"), agreement.matters_in_dispute, "body"))
        story += [
            self.heading(_("Responsibility of each party")),
            self.text_or_empty(agreement.responsibilities),
            self.heading(_("Agreed terms")),
            *self.terms(),
        ]
        # The last section, the closing clauses and every box go together: never a page
        # holding only the organisation's seal or the boxes without the text they sign.
        closing = [self.paragraph(text) for text in self.closing_clauses()]
        text = [self.heading(_("How and by when the terms are performed")), *self.performance()]
        story.append(self.signed([*text, self.spacer(2), *closing], self.signature_boxes()))
        return story

    def terms(self) -> list[Flowable]:
        """One paragraph a term, numbered （一）（二）… when there are several; numbers the
        user typed ("一、", "1.", "（1）") are replaced by the document's own."""
        items = agreed_terms(self.agreement.terms)
        if len(items) <= 1:
            return [self.text_or_empty(items[0] if items else "")]
        return [self.paragraph(self._term_number(n) + item) for n, item in enumerate(items, start=1)]

    def _term_number(self, n: int) -> str:
        return f"（{chinese_numeral(n)}）" if self.chinese else f"({n}) "

    def performance(self) -> list[Flowable]:
        agreement = self.agreement
        story: list[Flowable] = []
        if agreement.performance_method.strip():
            story.append(self.paragraph(agreement.performance_method))
        if agreement.perform_by is not None:
            day = paper_date(agreement.perform_by, self.context.language)
            story.append(self.paragraph(_("To be performed by {date}.").format(date=day)))
        return story or [self.empty_note()]

    def closing_clauses(self) -> list[str]:
        """Effect, consequences and copies, as the kind of mediation's rules word them."""
        copies = self.data.copies
        if self.peoples:
            return [
                _(
                    "This agreement takes effect once the parties have signed, sealed or put "
                    "their fingerprints on it, the people's mediator has signed it and the "
                    "people's mediation committee has sealed it. It is legally binding: the "
                    "parties shall perform it as agreed."
                ),
                _(
                    "If the parties consider it necessary, they may jointly apply to the "
                    "people's court for judicial confirmation of this agreement within 30 days "
                    "of it taking effect."
                ),
                _(
                    "This agreement is made in {count} copies: one for each party and one kept "
                    "by the people's mediation committee."
                ).format(count=copies),
            ]
        return [
            _(
                "This agreement takes effect once the parties have signed, sealed or put "
                "their fingerprints on it and the mediator has signed it."
            ),
            _(
                "If a party does not perform this agreement after it was reached, the public "
                "security organ will deal with the act that breached public-security "
                "administration according to law, and the parties may bring a civil action "
                "on the dispute before the people's court."
            ),
            _(
                "This agreement is made in {count} copies: one for each party and one kept "
                "on file by the public security organ."
            ).format(count=copies),
        ]

    def seal_line(self) -> str:
        """"人民调解委员会：和平里社区人民调解委员会（盖章）" / "公安机关：…派出所（盖章）"."""
        if self.peoples:
            label = _("People's mediation committee")
            name = self.committee_name or "_" * 24  # a blank to write the name in
        else:
            label = _("Public security organ")
            name = self.context.station_name or self.context.room_name
        return self.pair(label, name) + ("" if self.chinese else " ") + _("(seal)")

    def mediators(self) -> str:
        for session in reversed(self.data.sessions):
            if session.mediators.strip():
                return session.mediators
        return self.data.officer

    def signature_boxes(self) -> Table:
        """A box per party (and guardian or representative) and one for the mediator, then
        the mediating organisation (seal) and the date, all in one table. When more boxes than
        a page holds, the table runs on (its header repeats); its last party's box, the
        mediator's box, the organisation and the date never part ("NOSPLIT")."""
        header = [_("Party"), _("Signature or seal"), _("Fingerprint"), _("Date")]
        rows: list[list[object]] = [[self.cell(text, "table_header") for text in header]]
        for party in self.data.parties:
            rows.append(self._box_row(self.pair(party.role.label, party.name)))
            if party.guardian_name:
                rows.append(self._box_row(self.pair(_("Guardian"), party.guardian_name)))
            if party.kind is PartyKind.ORGANISATION and party.representative:
                rows.append(self._box_row(self.pair(_("Representative"), party.representative)))
        rows.append(self._box_row(self.pair(_("Mediator"), self.mediators()), fingerprint=False))
        boxes = len(rows) - 1
        right = ParagraphStyle("signature_right", parent=self.styles["signature"], alignment=TA_RIGHT)
        organisation = self.seal_line()
        concluded = paper_date(self.agreement.concluded_on, self.context.language)
        rows.append([TextParagraph(self.markup(organisation, "signature"), right), "", "", ""])
        rows.append([TextParagraph(self.markup(concluded, "signature"), right), "", "", ""])
        table = Table(
            rows,
            colWidths=scale_widths([36, 30, 17, 17], 4, self.frame_width),
            rowHeights=[None] + [SIGNATURE_BOX_HEIGHT] * boxes + [None, None],
            repeatRows=1,
            splitByRow=1,
            hAlign="CENTER",
            spaceBefore=4 * mm,
        )
        grid, *plain = grid_commands()
        seal, date_row = boxes + 1, boxes + 2
        table.setStyle(TableStyle([
            (grid[0], (0, 0), (-1, boxes), *grid[3:]),
            *plain,
            ("VALIGN", (0, 1), (-1, boxes), "MIDDLE"),
            ("SPAN", (0, seal), (-1, seal)),
            ("SPAN", (0, date_row), (-1, date_row)),
            ("LEFTPADDING", (0, seal), (-1, date_row), 0),
            ("RIGHTPADDING", (0, seal), (-1, date_row), 0),
            ("TOPPADDING", (0, seal), (-1, seal), 8 * mm),
            ("TOPPADDING", (0, date_row), (-1, date_row), 2 * mm),
            ("NOSPLIT", (0, max(1, boxes - 1)), (-1, date_row)),
        ]))
        return table

    def _box_row(self, who: str, fingerprint: bool = True) -> list[object]:
        return [self.cell(who), "", "" if fingerprint else self.cell("—", "table_center"), ""]


class MediationRecord(MediationDocumentBase):
    """调解笔录 of one session: the header facts, rights and duties explained, statements,
    facts checked, result, the read-back note and signature lines for everyone."""

    title = N_("Mediation record")
    foot_height = 12 * mm  # the parties' signatures at the foot of every page

    def __init__(self, context: DocumentContext, case: CaseDetail, session: SessionEntry) -> None:
        super().__init__(context, case)
        self.session = session

    def story(self) -> list[Flowable]:
        session = self.session
        story: list[Flowable] = [self.header_facts()]
        story += [self.heading(_("The parties"), numbered=False)]
        story += self.parties_block()
        story += [self.heading(_("Rights and duties explained"))]
        if session.rights_explained:
            story += [
                self.paragraph(_(RIGHTS_AND_DUTIES)),
                self.paragraph(_("The parties said they understood their rights and duties.")),
            ]
        else:
            story.append(self.empty_note(_("The record does not say that the rights and duties were explained.")))
        story += [self.heading(_("Statements of the parties"))]
        story += self.statements()
        story += [
            self.heading(_("Facts checked")),
            self.text_or_empty(session.facts_checked),
            self.heading(_("Result of the session")),
            self.text_or_empty(session.result),
            self.spacer(2),
            self.paragraph(
                _("This record was read to the parties (or read by them), who confirmed it is correct.")
            ),
        ]
        # The result and the read-back note go over a page with the signature lines.
        return self.sign_off(story, self.signature_block(self.signers()), lead=4)

    def draw_page_foot(self, canvas: Canvas) -> None:
        """每页签名/捺印: the parties sign (or put a fingerprint) at the foot of every page."""
        geometry = self.geometry
        y = geometry.bottom + 2 * mm
        label = _("Parties (signature or fingerprint on each page):")
        draw_text(canvas, geometry.left, y, label, SONG, FOOT_SIZE)
        start = geometry.left + text_width(label, SONG, FOOT_SIZE) + 2 * mm
        canvas.setLineWidth(RULE_WIDTH)
        canvas.line(start, y - 1, geometry.width - geometry.right, y - 1)

    def signature_block(self, labels: Sequence[str]) -> Flowable:
        """One signer a line: the label (wrapping when long) and a rule to sign on."""
        label_width = self.frame_width * 0.55
        rows = [[self.paragraph(self.label(label), "signature"), ""] for label in labels]
        table = Table(rows, colWidths=[label_width, self.frame_width - label_width], hAlign="LEFT",
                      spaceBefore=4 * mm)
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), SONG),  # the empty cells too (else Helvetica)
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 6 * mm),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("LINEBELOW", (1, 0), (1, -1), RULE_WIDTH, colors.black),
            # the last party's line, the mediator's and the recorder's never part
            ("NOSPLIT", (0, max(0, len(rows) - 3)), (-1, -1)),
        ]))
        return table

    def header_facts(self) -> Flowable:
        session, case = self.session, self.data
        rows: list[tuple[str, object]] = [
            (_("Time"), paper_time_range(session.starts_at, session.ends_at, self.context.language)),
            (_("Place"), session.place),
            (_("Matter"), f"{case.title}（{case.case_number}）" if self.chinese else f"{case.title} ({case.case_number})"),
            (_("Mediators"), session.mediators),
            (_("Recorder"), session.recorder),
            (_("Participants"), session.participants),
        ]
        return self.facts_table([(label, value) for label, value in rows if value or label == _("Time")])

    def statements(self) -> list[Flowable]:
        if not self.session.statements:
            return [self.empty_note()]
        story: list[Flowable] = []
        for statement in self.session.statements:
            party = self.data.party(statement.party_id)
            who = statement.speaker or (party.name if party else "")
            if party is not None:
                who = f"{who}（{party.role.label}）" if self.chinese else f"{who} ({party.role.label})"
            story.append(self.paragraph(_("{speaker} stated:").format(speaker=who), "h4"))
            story.append(self.paragraph(statement.text))
        return story

    def signers(self) -> list[str]:
        labels = []
        for party in self.data.parties:
            labels.append(_("{role} {name} (signature)").format(role=party.role.label, name=party.name))
            if party.guardian_name:
                labels.append(_("Guardian {name} (signature)").format(name=party.guardian_name))
        labels.append(_("Mediator (signature)"))
        labels.append(_("Recorder (signature)"))
        return labels


class MediationRegister(DocumentBase):
    """调解台账: the cases received in a period, one row each, A4 landscape; IDs masked."""

    title = N_("Mediation register")
    landscape = True

    def __init__(
        self, context: DocumentContext, rows: Sequence[RegisterRow], date_from: date, date_to: date,
        outcomes: Counter[CaseOutcome | None] | None = None,
    ) -> None:
        """`rows` may be read as they are used (`services.mediation.RegisterRows`: then
        `outcomes`, their outcomes counted, spares reading them all again for the totals)."""
        super().__init__(context)
        self.rows = rows
        self.outcomes = outcomes
        self.date_from = date_from
        self.date_to = date_to

    def display_subtitle(self) -> str:
        return period_text(self.date_from, self.date_to, self.context.language)

    def story(self) -> list[Flowable]:
        header = [
            _("No."), _("Case number"), _("Received / source"), _("Dispute type / kind"),
            _("Parties"), _("Matter"), _("Result"), _("Closed on"), _("Officer"), _("Return visits"),
        ]
        rows = RowTexts(self.rows, self.row_texts)  # made a page at a time
        widths = [4.5, 13, 15.5, 13, 21, 16, 30, 15.5, 8, 8]
        # A row holds at most REGISTER_RESULT_CHARS of a result, so it fits a page and is never
        # split (reportlab's split-in-row with a repeated header doubles the header).
        return [self.data_table(header, rows, col_widths=widths, split_in_row=False), self.totals()]

    def row_texts(self, index: int, row: RegisterRow) -> list[str]:
        language = self.context.language
        return [
            str(index + 1),
            row.case_number,
            f"{paper_date(row.received_on, language)}\n{row.source.label}",
            f"{row.dispute_type.label}\n{row.kind.label}",
            self.parties_text(row),
            row.title,
            self.result_text(row),
            paper_date(row.closed_on, language),
            row.officer,
            visits_text(row),
        ]

    def parties_text(self, row: RegisterRow) -> str:
        lines = []
        for party in row.parties[:REGISTER_PARTIES]:
            line = f"{party.name}（{party.role.label}）" if self.chinese else f"{party.name} ({party.role.label})"
            if party.resident_id:
                line += "\n" + self.resident_id(party.resident_id)
            lines.append(line)
        if len(row.parties) > REGISTER_PARTIES:
            lines.append(_("and {count} more").format(count=len(row.parties) - REGISTER_PARTIES))
        return "\n".join(lines)

    def result_text(self, row: RegisterRow) -> str:
        if row.outcome is None:
            return row.status.label
        text = row.outcome.label
        if row.concluded_on:
            text += f"（{paper_date(row.concluded_on, self.context.language)}）" if self.chinese else (
                f" ({paper_date(row.concluded_on, self.context.language)})"
            )
        detail = row.result.strip()  # wrapped, not cut, up to what a row can hold on a page
        if len(detail) > REGISTER_RESULT_CHARS:
            detail = detail[: REGISTER_RESULT_CHARS - 1] + "…" + _("(in full in the case file)")
        return f"{text}\n{detail}" if detail else text

    def totals(self) -> Flowable:
        outcomes = self.outcomes if self.outcomes is not None else Counter(row.outcome for row in self.rows)
        concluded = sum(count for outcome, count in outcomes.items() if outcome is not None)
        agreements = outcomes[CaseOutcome.AGREEMENT]
        parts = [_("Cases: {count}").format(count=len(self.rows))]
        parts += [
            f"{outcome.label}: {outcomes[outcome]}" if not self.chinese else f"{outcome.label}{outcomes[outcome]}"
            for outcome in CaseOutcome
        ]
        parts.append(_("Pending: {count}").format(count=outcomes[None]))
        if concluded:
            parts.append(_("Success rate: {rate:.1f}%").format(rate=100 * agreements / concluded))
        return self.paragraph(("；" if self.chinese else "; ").join(parts), "facts_value")


def agreed_terms(text: str) -> list[str]:
    """The agreed terms as typed, one a non-empty line, without the numbers typed before them."""
    return [_TYPED_NUMBER.sub("", line).strip() for line in text.splitlines() if line.strip()]


def period_text(date_from: date, date_to: date, language: str) -> str:
    """"2026年1月1日至2026年12月31日" / "2026-01-01 to 2026-12-31"."""
    return _("{start} to {end}").format(
        start=paper_date(date_from, language), end=paper_date(date_to, language)
    )


def visits_text(row: RegisterRow) -> str:
    if not row.return_visits:
        return ""
    text = str(row.return_visits)
    if row.last_satisfaction is not None:
        text += f"\n{row.last_satisfaction.label}"
    return text


def register_workbook(
    context: DocumentContext, rows: Sequence[RegisterRow], date_from: date, date_to: date
) -> bytes:
    """The register as an .xlsx workbook: one row per case, dates as Excel dates, ID numbers
    as text and masked unless `context.show_full_ids`."""
    from station_desk.domain.masking import mask_resident_id
    from station_desk.exchange.xlsx import Column, ColumnKind, Sheet, workbook_bytes

    def shown_id(number: str) -> str:
        return number if context.show_full_ids else mask_resident_id(number)

    columns = [
        Column(_("No."), ColumnKind.NUMBER),
        Column(_("Case number"), ColumnKind.ID),
        Column(_("Received on"), ColumnKind.DATE),
        Column(_("Source")),
        Column(_("Dispute type")),
        Column(_("Kind of mediation")),
        Column(_("Matter")),
        Column(_("Parties")),
        Column(_("Resident ID number"), ColumnKind.ID),
        Column(_("Officer")),
        Column(_("Status")),
        Column(_("Result")),
        Column(_("Concluded on"), ColumnKind.DATE),
        Column(_("Details of the result"), width=40),
        Column(_("Closed on"), ColumnKind.DATE),
        Column(_("Return visits"), ColumnKind.NUMBER),
        Column(_("Satisfaction")),
    ]

    def cells(index: int, row: RegisterRow) -> list[Any]:
        return [
            index + 1,
            row.case_number,
            row.received_on,
            row.source.label,
            row.dispute_type.label,
            row.kind.label,
            row.title,
            "\n".join(f"{p.name}（{p.role.label}）" if context.language.startswith("zh")
                      else f"{p.name} ({p.role.label})" for p in row.parties),
            "\n".join(shown_id(p.resident_id) if p.resident_id else "—" for p in row.parties),
            row.officer,
            row.status.label,
            row.outcome.label if row.outcome else "",
            row.concluded_on,
            row.result,
            row.closed_on,
            row.return_visits,
            row.last_satisfaction.label if row.last_satisfaction else "",
        ]

    data = MappedRows(rows, cells)  # each row's cells made as it is written
    title = _(MediationRegister.title)
    subtitle = " · ".join(
        part for part in (
            context.station_name, context.room_name,
            period_text(date_from, date_to, context.language),
        ) if part
    )
    return workbook_bytes(Sheet(title, columns, data, subtitle=subtitle, name=title))
