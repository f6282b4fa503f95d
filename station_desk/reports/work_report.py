"""社区民警述职报告: the quarterly accountability report of a community officer.

Official-document layout (GB/T 9704 margins and page numbers): the title, who reports on
which quarter, 一、主要工作情况 with a part per source module (figures, charts, tables),
then the officer's own 工作总结, 存在问题, 下步打算, and the signature line. A draft is marked
as such under the title; a quarter still running says up to which day it is compiled.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from station_desk.domain.figures import any_data
from station_desk.domain.work_reports import (
    TEXT_SECTIONS,
    WorkReportData,
    WorkReportStatus,
    tally_text,
)
from station_desk.i18n import N_, _
from station_desk.reports.figures import CompiledDocument
from station_desk.reports.formatting import paper_date
from station_desk.reports.mediation import period_text


class WorkReportDocument(CompiledDocument[WorkReportData]):
    title = N_("Community police officer's accountability report")

    def display_subtitle(self) -> str:
        subtitle = f"{self.data.user_name} · {self.data.quarter.title(self.context.language)}"
        if self.data.status is WorkReportStatus.DRAFT:
            subtitle += " · " + _("Draft")
        return subtitle

    def story(self) -> list[Flowable]:
        data = self.data
        story: list[Flowable] = [self.facts_table(self.particulars())]
        if data.partial:
            story.append(self.paragraph(
                _("The quarter is still running: the figures cover the days up to {day}.").format(
                    day=paper_date(data.date_to, self.context.language)
                ), "small",
            ))
        story.append(self.heading(_("Main work")))
        if not any_data(data.sections):
            story.append(self.paragraph(_("No work was recorded in this quarter."), "body"))
        else:
            for section in data.sections:
                story += self.section_story(section)
        for attribute, title in TEXT_SECTIONS:
            story.append(self.heading(_(title)))
            text = getattr(data.text, attribute)
            story.append(self.paragraph(text) if text.strip() else self.empty_note(_("Not written yet")))
        rated = [review for review in data.reviews if review.ratings or review.result.strip()]
        if rated:
            story.append(self.heading(_("Review at the accountability meeting")))
            for review in rated:
                if review.ratings:
                    story.append(self.paragraph(self.label(_("Ratings")) + tally_text(review), "body"))
                if review.result.strip():
                    story.append(self.paragraph(self.label(_("Result of the review")) + review.result, "body"))
        signatures = self.signature_lines([_("Reporting officer (signature)"), _("Date")])
        return self.sign_off(story, signatures)

    def particulars(self) -> list[tuple[str, str]]:
        data = self.data
        rows = [(_("Reported by"), data.user_name)]
        if data.badge_number:
            rows.append((_("Badge number"), data.badge_number))
        rows += [
            (_("Quarter"), data.quarter.title(self.context.language)),
            (_("Period"), period_text(data.date_from, data.date_to, self.context.language)),
            (_("Status"), data.status.label),
        ]
        return rows
