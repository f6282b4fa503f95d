"""警情通报 (the briefing read at the 警情通报会) and 警情公示 (the notice for the board).

The briefing is an official document (GB/T 9704 layout): the period, the figures section by
section, the 防范提示 and the remarks, the signature line; it is attached to the meeting's
minutes. The notice holds no personal data at all: the figures (counts and hours, youth
guidance counts with small counts suppressed), the 防范提示, the room's name and the date —
no "printed by" line, no remarks, no signature names. A period without records says so
instead of printing empty tables.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from station_desk.domain.briefings import BriefingData, briefing_label
from station_desk.domain.figures import any_data
from station_desk.i18n import N_, _
from station_desk.reports.figures import CompiledDocument
from station_desk.reports.formatting import paper_date


class BriefingDocument(CompiledDocument[BriefingData]):
    title = N_("Police situation report")

    def display_subtitle(self) -> str:
        return briefing_label(self.data.date_from, self.data.date_to, self.context.language)

    def story(self) -> list[Flowable]:
        story = self.figures_story(level=2)
        story += self.advice_story()
        if self.data.text.remarks.strip():
            story += [self.heading(_("Remarks")), self.paragraph(self.data.text.remarks)]
        signatures = self.signature_lines([_("Briefed by (signature)"), _("Date")])
        return self.sign_off(story, signatures)

    def figures_story(self, level: int) -> list[Flowable]:
        data = self.data
        story: list[Flowable] = [self.heading(_("The situation in the period"))]
        if data.partial:
            story.append(self.paragraph(
                _("The period is still running: the figures cover the days up to {day}.").format(
                    day=paper_date(data.compiled_to, self.context.language)
                ), "small",
            ))
        if not any_data(data.sections):
            return story + [self.paragraph(_("Nothing was recorded in this period."), "body")]
        for section in data.sections:
            if section.has_data:
                story += self.section_story(section, level)
        quiet = [section.title for section in data.sections if not section.has_data]
        if quiet:
            story.append(self.paragraph(
                _("Nothing recorded in this period: {parts}.").format(parts="、".join(quiet) if self.chinese else ", ".join(quiet)),
                "body",
            ))
        return story

    def advice_story(self) -> list[Flowable]:
        advice = self.data.text.advice
        return [
            self.heading(_("Prevention advice")),
            self.paragraph(advice) if advice.strip() else self.empty_note(_("Not written yet")),
        ]


class PublicNoticeDocument(BriefingDocument):
    """警情公示: for the notice board, without any personal data."""

    title = N_("Police situation notice")
    printed_note = False  # the "printed by" line names a person

    def story(self) -> list[Flowable]:
        story = self.figures_story(level=2) + self.advice_story()
        story.append(self.paragraph(
            _("{room}, {day}").format(
                room=self.context.room_name, day=paper_date(self.context.printed_at.date(), self.context.language)
            ),
            "small_right",
        ))
        return story
