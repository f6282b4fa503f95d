"""Meeting documents: the sign-in sheet (签到表) printed before a meeting and the minutes
(会议记录) printed after it. Both take a `MeetingDetail` and return PDF bytes."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from station_desk.domain.meetings import (
    CARRY_OVER_HEADING,
    ActionEntry,
    ActionStatus,
    AttendeeEntry,
    MeetingDetail,
)
from station_desk.domain.work_reports import MeetingReview, tally_text
from station_desk.i18n import N_, _
from station_desk.reports.base import (
    DataDocument,
    DocumentContext,
    grid_commands,
    scale_widths,
)
from station_desk.reports.formatting import paper_date, paper_moment, paper_time_range

SPARE_SIGN_IN_ROWS = 8
SIGNATURE_ROW_HEIGHT = 11 * mm


class MeetingDocumentBase(DataDocument[MeetingDetail]):
    """Shared by both meeting documents: the meeting's facts table."""

    def display_title(self) -> str:
        return self.data.title

    def when(self) -> str:
        return paper_time_range(self.data.starts_at, self.data.ends_at, self.context.language)

    def facts(self) -> Flowable:
        """Type, time, place, host and recorder (the workflow status stays off the paper)."""
        meeting = self.data
        rows: list[tuple[str, object]] = [
            (_("Meeting type"), meeting.meeting_type.label),
            (_("Time"), self.when()),
            (_("Place"), meeting.place),
            (_("Host"), meeting.host),
            (_("Recorder"), meeting.recorder),
        ]
        return self.facts_table(rows)


class SignInSheet(MeetingDocumentBase):
    """签到表: the expected attendees with an empty signature column and spare rows."""

    subtitle = N_("Sign-in sheet")

    def story(self) -> list[Flowable]:
        return [
            self.facts(),
            Spacer(1, 3 * mm),
            self.sign_in_table(self.data.expected_attendees),
        ]

    def sign_in_table(self, attendees: tuple[AttendeeEntry, ...]) -> Table:
        header = [_("No."), _("Name"), _("Organisation"), _("Position"), _("Signature"), _("Notes")]
        data: list[list[object]] = [[self.cell(text, "table_header") for text in header]]
        for number, person in enumerate(attendees, start=1):
            data.append(self._row(str(number), person.name, person.organisation, person.role))
        first_spare = len(attendees) + 1
        for number in range(first_spare, first_spare + SPARE_SIGN_IN_ROWS):
            data.append(self._row(str(number), "", "", ""))
        table = Table(
            data,
            colWidths=scale_widths([8, 20, 34, 22, 26, 14], len(header), self.frame_width),
            repeatRows=1,
            splitByRow=1,
            hAlign="CENTER",
        )
        table.setStyle(TableStyle([*grid_commands(), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
        return table

    def _row(self, number: str, name: str, organisation: str, role: str) -> list[object]:
        signature_space = Spacer(1, SIGNATURE_ROW_HEIGHT)
        return [
            self.cell(number, "table_center"),
            self.cell(name),
            self.cell(organisation),
            self.cell(role),
            [signature_space],
            self.cell(""),
        ]


class MeetingMinutes(MeetingDocumentBase):
    """会议记录: facts, attendance, carried items, agenda with discussion and decisions,
    action items, amendments and the host's and recorder's signature lines."""

    subtitle = N_("Minutes")
    official = True  # GB/T 9704 page numbers

    def __init__(
        self, context: DocumentContext, meeting: MeetingDetail, review: MeetingReview | None = None
    ) -> None:
        super().__init__(context, meeting)
        self.review = review  # the report heard (述职报告 / 警情通报) and its 评议

    def story(self) -> list[Flowable]:
        story: list[Flowable] = [self.heading(_("Basic facts")), self.facts()]
        story += self.attendance()
        if self.data.carried_actions:
            story += [self.heading(_(CARRY_OVER_HEADING))]
            story.append(self.action_table(self.data.carried_actions, carried=True))
        story += self.agenda()
        if self.review is not None and not self.review.is_empty:
            story += self.report_heard(self.review)
        story += [self.heading(_("Action items"))]
        story.append(self.action_table(self.data.own_actions, carried=False))
        if self.data.summary.strip() or self.data.notes.strip():
            story += [self.heading(_("Summary")), self.paragraph(self.data.summary)]
            if self.data.notes.strip():
                story.append(self.paragraph(self.data.notes))
        if self.data.amendments:
            story += self.amendments()
        signatures = self.signature_lines(
            [_("Host (signature)"), _("Date"), _("Recorder (signature)"), _("Date")]
        )
        return self.sign_off(story, signatures)

    def attendance(self) -> list[Flowable]:
        meeting = self.data
        rows = [
            [str(n), a.name, a.organisation, a.role, _presence(a), a.absence_reason]
            for n, a in enumerate(meeting.attendees, start=1)
        ]
        header = [_("No."), _("Name"), _("Organisation"), _("Position"), _("Attendance"), _("Reason for absence")]
        return [
            self.heading(_("Attendance")),
            self.paragraph(attendance_summary(meeting), "body_flush"),
            self.data_table(header, rows, col_widths=[8, 16, 28, 16, 14, 20]),
        ]

    def agenda(self) -> list[Flowable]:
        story: list[Flowable] = [self.heading(_("Agenda and discussion"))]
        if not self.data.agenda:
            return [*story, self.empty_note()]
        for item in self.data.agenda:
            story.append(self.heading(item.title, level=2))
            story.append(self.paragraph(self.label(_("Discussion")), "h4"))
            story.append(self.paragraph(item.discussion) if item.discussion.strip() else self.empty_note())
            if item.decisions.strip():
                story.append(self.paragraph(self.label(_("Decisions")), "h4"))
                story.append(self.paragraph(item.decisions))
        return story

    def report_heard(self, review: MeetingReview) -> list[Flowable]:
        """The report heard (述职报告 or 警情通报), the attendees' 评议 and the result."""
        story: list[Flowable] = [self.heading(_("Report heard and its review"))]
        facts = []
        if review.work_report_label:
            facts.append((_("Accountability report"), review.work_report_label))
        if review.briefing_label:
            facts.append((_("Police situation report"), review.briefing_label))
            if review.briefing_advice.strip():
                facts.append((_("Prevention advice"), review.briefing_advice))
        if review.ratings:
            facts.append((_("Ratings"), tally_text(review)))
        if facts:
            story.append(self.facts_table(facts))
        if review.ratings:
            header = [_("No."), _("Name"), _("Rating"), _("Remarks")]
            rows = [[str(n), r.name, r.rating.label, r.remarks] for n, r in enumerate(review.ratings, start=1)]
            story.append(self.data_table(header, rows, col_widths=[8, 18, 16, 58]))
        if review.result.strip():
            story += [self.paragraph(self.label(_("Result of the review")), "h4"), self.paragraph(review.result)]
        return story

    def action_table(self, actions: tuple[ActionEntry, ...], carried: bool) -> Flowable:
        language = self.context.language
        header = [_("No."), _("Action item"), _("Owner"), _("Due"), _("Status"), _("Progress")]
        rows = []
        for number, action in enumerate(actions, start=1):
            description = action.description
            if carried and action.carried_from_meeting_title:
                description += f"\n（{action.carried_from_meeting_title}）" if self.chinese else (
                    f"\n({action.carried_from_meeting_title})"
                )
            rows.append([
                str(number),
                description,
                action.owner,
                paper_date(action.due_date, language),
                ActionStatus(action.status).label,
                action.progress,
            ])
        return self.data_table(header, rows, col_widths=[8, 38, 14, 16, 12, 22])

    def amendments(self) -> list[Flowable]:
        header = [_("Date"), _("By"), _("Section"), _("Correction")]
        rows = [
            [paper_moment(a.at, self.context.language), a.by_name, a.section, a.text]
            for a in self.data.amendments
        ]
        return [self.heading(_("Amendments")), self.data_table(header, rows, col_widths=[22, 14, 18, 46])]


def attendance_summary(meeting: MeetingDetail) -> str:
    """应到 / 实到 / 缺席 (/ 未登记) of the expected attendees, which add up, and 列席: those
    present who were not expected (walk-ins and guests), counted apart."""
    expected = meeting.expected_attendees
    present = sum(1 for a in expected if a.present is True)
    absent = sum(1 for a in expected if a.present is False)
    unmarked = len(expected) - present - absent
    guests = sum(1 for a in meeting.attendees if not a.expected and a.present is True)
    values = {"expected": len(expected), "present": present, "absent": absent, "guests": guests}
    if unmarked:
        return _(
            "Expected {expected}, present {present}, absent {absent}, not recorded "
            "{unmarked}; attending as guests {guests}."
        ).format(unmarked=unmarked, **values)
    return _(
        "Expected {expected}, present {present}, absent {absent}; attending as guests {guests}."
    ).format(**values)


def _presence(attendee: AttendeeEntry) -> str:
    if attendee.present is True and not attendee.expected:
        return _("Attending as a guest")
    if attendee.present is True:
        return _("Present")
    if attendee.present is False:
        return _("Absent")
    return "—"
