"""Youth guidance documents: the guidance file of one subject (帮教档案), the record of one
session (帮教谈话记录) with signature lines, and the count-only statistics sheet (帮教统计表).

They take domain DTOs (`SubjectFile`, `YouthSessionEntry`, `YouthStatistics`), never a
session. The file and the session record hold a young person's data: they are sealed material
(the `DocumentContext` must say `sealed=True`; every page is then marked 未成年人信息 · 封存)
and are printed only for an authorised user who stated a purpose (the service checks that).
They show the full name; the resident ID number and phones are masked unless
`DocumentContext.show_full_ids`. The statistics sheet holds counts only — no names, no
numbers — and may be shared: it is not marked sealed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from enum import Enum
from typing import Any

from reportlab.platypus import Flowable, Paragraph

from station_desk.domain.youth import (
    EvaluationEntry,
    RiskGrade,
    SubjectFile,
    SubjectStatus,
    YouthGroup,
    YouthSessionEntry,
    YouthStatistics,
)
from station_desk.i18n import N_, _, ngettext
from station_desk.reports.base import DataDocument, DocumentContext
from station_desk.reports.formatting import paper_date
from station_desk.reports.mediation import gender_label, period_text


class YouthDocumentBase(DataDocument[SubjectFile]):
    """Shared by the file and the session record: the subject, phones and labelled text."""

    def day(self, day: date | None) -> str:
        return paper_date(day, self.context.language)

    def paren(self, text: str, note: str) -> str:
        """ "张三（父亲）" / "Zhang San (father)"."""
        if not note:
            return text
        return f"{text}（{note}）" if self.chinese else f"{text} ({note})"

    def born(self) -> str:
        subject = self.data
        return _("born {date} (aged {age})").format(
            date=self.day(subject.birth_date), age=subject.age
        )

    def next_due_text(self, day: date | None) -> str:
        return self.day(day) if day else _("Not scheduled")

    def sealed_note(self) -> Paragraph:
        return self.paragraph(
            _(
                "This document holds the sealed information of a young person. Keep it under "
                "lock; do not copy it or pass it on except as the law allows."
            ),
            "facts_value",
        )


class YouthFile(YouthDocumentBase):
    """帮教档案: the particulars, guardians, team, plan, sessions, evaluations and the grade
    history of one subject."""

    title = N_("Guidance file")

    def display_subtitle(self) -> str:
        return self.data.name

    def story(self) -> list[Flowable]:
        subject = self.data
        story: list[Flowable] = [self.particulars()]
        story += [self.heading(_("Guardians")), self.guardians()]
        story += [self.heading(_("Guidance team")), self.team()]
        story += [self.heading(_("Guidance plan"))] + self.plan()
        story += [self.heading(_("Guidance sessions"))] + self.sessions()
        story += [self.heading(_("Evaluations"))] + self.evaluations()
        story += [self.heading(_("Risk grade history")), self.grade_history()]
        if subject.is_closed:
            story += [self.heading(_("Closure")), self.closure()]
        story += [self.spacer(3), self.sealed_note()]
        return story

    def particulars(self) -> Flowable:
        subject = self.data
        gender = gender_label(subject.gender) if subject.gender else ""
        born = self.born()
        if subject.under_14:
            # PIPL art. 28 calls a child's data under 14 "sensitive personal information"
            born += self.comma + _("under 14: sensitive personal information")
        rows: list[tuple[str, object]] = [
            (_("Name"), subject.name),
            (_("Gender"), gender),
            (_("Date of birth"), born),
            (_("Resident ID number"), self.resident_id(subject.resident_id)),
            (_("Phone"), self.phone(subject.phone)),
            (_("School or work"), subject.school_or_work),
            (_("Address"), subject.address),
            (_("Group"), subject.group.label),
            (_("Risk grade"), subject.risk_grade.label),
            (_("Reason for guidance"), subject.reason),
            (_("Registered on"), self.day(subject.registered_on)),
            (_("Assigned officer"), subject.officer_name),
            (_("Status"), subject.status.label),
            (
                _("Next session due"),
                "" if subject.is_closed else self.next_due_text(subject.next_due),
            ),
            (_("Notes"), subject.notes),
        ]
        keep = {_("Name"), _("Date of birth"), _("Group"), _("Risk grade"), _("Status")}
        return self.facts_table([(label, value) for label, value in rows if value or label in keep])

    def guardians(self) -> Flowable:
        header = [_("Name"), _("Relation"), _("Phone"), _("Address")]
        rows = [
            [g.name, g.relation, self.phone(g.phone), g.address] for g in self.data.guardians
        ]
        return self.data_table(header, rows, col_widths=[20, 14, 22, 44])

    def team(self) -> Flowable:
        header = [_("Name"), _("Role"), _("School, unit or team"), _("Phone")]
        rows = [[m.name, m.role.label, m.unit, self.phone(m.phone)] for m in self.data.team]
        return self.data_table(header, rows, col_widths=[20, 20, 38, 22])

    def plan(self) -> list[Flowable]:
        plan = self.data.plan
        if plan is None:
            return [self.empty_note(_("No plan has been set."))]
        interval = ngettext("Every {count} day", "Every {count} days", plan.interval_days).format(
            count=plan.interval_days
        )
        rows: list[tuple[str, object]] = [
            (_("Goals"), plan.goals),
            (_("Measures"), plan.measures),
            (_("Interval between sessions"), interval),
        ]
        return [self.facts_table([(label, value) for label, value in rows if value])]

    def sessions(self) -> list[Flowable]:
        if not self.data.sessions:
            return [self.empty_note()]
        story: list[Flowable] = []
        for entry in self.data.sessions:
            title = f"{self.day(entry.held_on)} {entry.kind.label}"
            story.append(self.heading(title, level=2))
            story.append(self.facts_table(session_rows(self, entry)))
        return story

    def evaluations(self) -> list[Flowable]:
        if not self.data.evaluations:
            return [self.empty_note()]
        story: list[Flowable] = []
        for entry in self.data.evaluations:
            story.append(self.heading(self.day(entry.evaluated_on), level=2))
            story.append(self.facts_table(self.evaluation_rows(entry)))
        return story

    def evaluation_rows(self, entry: EvaluationEntry) -> list[tuple[str, object]]:
        grade = ""
        if entry.new_grade is not None and entry.new_grade != entry.grade_before:
            before = entry.grade_before.label if entry.grade_before else ""
            grade = f"{before} → {entry.new_grade.label}" if before else entry.new_grade.label
            if entry.grade_reason:
                grade = self.paren(grade, entry.grade_reason)
        rows: list[tuple[str, object]] = [
            (_("Evaluator"), entry.evaluator),
            (_("Progress against the goals"), entry.progress),
            (_("Risk grade change"), grade),
            (_("Next steps"), entry.next_steps),
        ]
        return [(label, value) for label, value in rows if value]

    def grade_history(self) -> Flowable:
        header = [_("Date"), _("Risk grade"), _("Previous grade"), _("Reason"), _("Recorded by")]
        rows = []
        for change in self.data.grade_history:
            reason = change.reason
            if change.evaluation_id and not reason:
                reason = _("Evaluation")
            rows.append(
                [
                    self.day(change.changed_on),
                    change.grade.label,
                    change.previous.label if change.previous else _("First grade"),
                    reason,
                    change.changed_by,
                ]
            )
        return self.data_table(header, rows, col_widths=[18, 18, 18, 30, 16])

    def closure(self) -> Flowable:
        subject = self.data
        rows: list[tuple[str, object]] = [
            (_("Closed on"), self.day(subject.closed_on)),
            (_("Closure reason"), subject.closure_reason.label if subject.closure_reason else ""),
            (_("Notes"), subject.closure_note),
        ]
        return self.facts_table([(label, value) for label, value in rows if value])


def session_rows(document: YouthDocumentBase, entry: YouthSessionEntry) -> list[tuple[str, object]]:
    """The facts of a session, for the file (the record prints the long texts as sections)."""
    rows: list[tuple[str, object]] = [
        (_("Place"), entry.place),
        (_("Conducted by"), entry.conducted_by),
        (_("Participants"), entry.participants),
        (_("Content"), entry.content),
        (_("State of the young person"), entry.state),
        (_("Assessment"), entry.assessment),
        (_("Next session due"), document.day(entry.next_due)),
    ]
    return [(label, value) for label, value in rows if value]


class YouthSessionRecord(YouthDocumentBase):
    """帮教谈话记录 of one session: who, when, where; the content, the young person's state
    and the assessment; the read-back note and signature lines (officer, the young person,
    every guardian)."""

    title = N_("Guidance session record")

    def __init__(
        self, context: DocumentContext, subject: SubjectFile, session: YouthSessionEntry
    ) -> None:
        super().__init__(context, subject)
        self.session = session

    def story(self) -> list[Flowable]:
        entry = self.session
        story: list[Flowable] = [self.header_facts()]
        story += [self.heading(_("Content")), self.text_or_empty(entry.content)]
        story += [self.heading(_("State of the young person")), self.text_or_empty(entry.state)]
        read_back = _(
            "This record was read to the young person (or read by them), who confirmed it is correct."
        )
        signed = [
            self.heading(_("Assessment")),
            self.text_or_empty(entry.assessment),
            self.spacer(2),
            self.paragraph(read_back),
        ]
        story.append(self.signed(signed, self.signature_lines(self.signers(), per_row=2)))
        return [*story, self.spacer(3), self.sealed_note()]

    def header_facts(self) -> Flowable:
        subject, entry = self.data, self.session
        who = subject.name
        details = [gender_label(subject.gender) if subject.gender else "", self.born()]
        who = self.paren(who, self.comma.join(d for d in details if d))
        rows: list[tuple[str, object]] = [
            (_("Young person"), who),
            (_("Resident ID number"), self.resident_id(subject.resident_id)),
            (_("School or work"), subject.school_or_work),
            (_("Date"), self.day(entry.held_on)),
            (_("Kind"), entry.kind.label),
            (_("Place"), entry.place),
            (_("Conducted by"), entry.conducted_by),
            (_("Participants"), entry.participants),
            (_("Next session due"), self.day(entry.next_due)),
        ]
        keep = {_("Young person"), _("Date"), _("Kind")}
        return self.facts_table([(label, value) for label, value in rows if value or label in keep])

    def signers(self) -> list[str]:
        labels = [
            _("Officer {name} (signature)").format(name=self.session.conducted_by)
            if self.session.conducted_by
            else _("Officer (signature)"),
            _("Young person {name} (signature)").format(name=self.data.name),
        ]
        guardians = self.data.guardians
        if guardians:
            labels += [_("Guardian {name} (signature)").format(name=g.name) for g in guardians]
        else:
            labels.append(_("Guardian (signature)"))
        return labels


class YouthStatisticsSheet(DataDocument[YouthStatistics]):
    """帮教统计表: counts by group, risk grade and status; no names, no numbers. Not sealed:
    it may be shared (e.g. with the residents' committee or the school)."""

    title = N_("Youth guidance statistics")

    def display_subtitle(self) -> str:
        stats = self.data
        language = self.context.language
        if stats.date_from and stats.date_to:
            return _("Registered {period}").format(
                period=period_text(stats.date_from, stats.date_to, language)
            )
        if stats.date_from:
            return _("Registered from {date}").format(date=paper_date(stats.date_from, language))
        if stats.date_to:
            return _("Registered until {date}").format(date=paper_date(stats.date_to, language))
        return _("All subjects as of {date}").format(date=paper_date(stats.as_of, language))

    def story(self) -> list[Flowable]:
        stats = self.data
        story: list[Flowable] = [
            self.facts_table(
                [
                    (_("Subjects"), stats.shown(stats.total)),
                    (_("Under 14"), stats.shown(stats.under_14)),
                    (_("Sessions due or overdue"), stats.shown(stats.due)),
                ]
            )
        ]
        story += [
            self.heading(_("By group")),
            self.count_table(_("Group"), stats.by_group, YouthGroup),
        ]
        story += [
            self.heading(_("By risk grade")),
            self.count_table(_("Risk grade"), stats.by_grade, RiskGrade),
        ]
        story += [
            self.heading(_("By status")),
            self.count_table(_("Status"), stats.by_status, SubjectStatus),
        ]
        story.append(
            self.paragraph(
                _("Counts only: this sheet names no one and may be shared."), "facts_value"
            )
        )
        if stats.suppress_small:
            story.append(
                self.paragraph(
                    _("Counts of 1 or 2 are shown as <3: they include subjects you may not open."),
                    "facts_value",
                )
            )
        signatures = self.signature_lines(
            [_("Filled in by (signature)"), _("Date"), _("Reviewed by (signature)"), _("Date")]
        )
        return self.sign_off(story, signatures, lead=1)  # 填报人 / 审核人 / 日期

    def count_table(self, label: str, counts: Mapping[Any, int], kind: type[Enum]) -> Flowable:
        stats = self.data
        rows: list[Sequence[object]] = []
        for member in kind:
            count = counts.get(member, 0)
            rows.append([member.label, stats.shown(count), stats.share(count)])  # type: ignore[attr-defined]
        return self.data_table([label, _("Count"), _("Share")], rows, col_widths=[60, 20, 20])
