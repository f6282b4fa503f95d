"""The duty report (勤务报告) of a user for a week or a month, and the duty log register.

`DutyReport` (A4 portrait): the hours in the beat against the target (the weekly target, in
proportion to the period's days), then the weeks of the period (for more than one week), the
hours by work category (every community-policing category, none left out when zero), by day, and every entry; signature lines for the user and the
reviewer. `duty_sheets` gives the entries and the days as .xlsx registers.
"""

from __future__ import annotations

from datetime import date, timedelta

from reportlab.platypus import Flowable

from station_desk.domain.duty import (
    DayTotal,
    DutyEntry,
    DutyReportData,
    hours_text,
    hours_value,
    month_end,
)
from station_desk.domain.volunteers import weekday_label
from station_desk.exchange.xlsx import Column, ColumnKind, Sheet
from station_desk.i18n import N_, _
from station_desk.reports.base import DataDocument, DocumentContext
from station_desk.reports.formatting import paper_date
from station_desk.reports.mediation import period_text
from station_desk.reports.rosters import month_title, week_title, yes_no

MAX_DAYS_LISTED = 31  # the "by day" table lists every day of a period up to a month


def period_title(data: DutyReportData, language: str) -> str:
    """A week as "2026年第48周（…）", a calendar month as "2026年11月", else from–to."""
    if data.is_single_week:
        return week_title(data.date_from, language)
    if data.date_from.day == 1 and data.date_to == month_end(data.date_from):
        return month_title(data.date_from, language)
    return period_text(data.date_from, data.date_to, language)


class DutyReport(DataDocument[DutyReportData]):
    """勤务报告: hours in the beat against the target, by week, activity and day, and the entries."""

    title = N_("Duty report")

    def display_subtitle(self) -> str:
        return f"{self.data.user_name} · {period_title(self.data, self.context.language)}"

    def story(self) -> list[Flowable]:
        story: list[Flowable] = [self.heading(_("Key figures")), self.summary(), self.verdict()]
        if len(self.data.weeks) > 1:
            story += [self.heading(_("By week")), self.week_table()]
        story += [self.heading(_("By work category")), self.activity_table()]
        story += [self.heading(_("By day")), self.day_table()]
        story += [self.heading(_("Entries")), self.entry_table()]
        signatures = self.signature_lines(
            [_("Reported by (signature)"), _("Date"), _("Reviewed by (signature)"), _("Date")]
        )
        return self.sign_off(story, signatures)

    def summary(self) -> Flowable:
        data = self.data
        language = self.context.language
        return self.facts_table([
            (_("Name"), data.user_name),
            (_("Period"), period_text(data.date_from, data.date_to, language)),
            (_("Weekly target in the beat"), _("{hours} hours").format(hours=_number(data.weekly_target_hours))),
            (_("Target for the period"), _("{hours} hours").format(hours=f"{data.target_hours:.1f}")),
            (_("Hours in the beat"), _("{hours} hours").format(hours=hours_text(data.in_beat_minutes))),
            (_("Other hours"), _("{hours} hours").format(hours=hours_text(data.other_minutes))),
            (_("Entries"), str(len(data.entries))),
        ])

    def verdict(self) -> Flowable:
        data = self.data
        if data.met:
            text = _("The target of {target} hours in the beat was met ({hours} hours).")
        else:
            text = _("The target of {target} hours in the beat was not met: {hours} hours, {missing} short.")
        missing = max(0.0, data.target_hours - data.in_beat_hours)
        return self.paragraph(
            text.format(
                target=f"{data.target_hours:.1f}", hours=hours_text(data.in_beat_minutes),
                missing=f"{missing:.1f}",
            ),
            "body",
        )

    def week_table(self) -> Flowable:
        language = self.context.language
        header = [_("Week"), _("Days"), _("Hours in the beat"), _("Target"), _("Met")]
        rows = [
            [
                f"{week.label}\n{paper_date(max(week.week_start, self.data.date_from), language)}",
                str(week.days_counted),
                hours_text(week.in_beat_minutes),
                f"{week.target_hours:.1f}",
                yes_no(week.met),
            ]
            for week in self.data.weeks
        ]
        return self.data_table(header, rows, col_widths=[30, 10, 20, 16, 12])

    def activity_table(self) -> Flowable:
        """Every work category (走访调查 … 警务室接待), zeros too, then meetings, training, other."""
        header = [_("Work category"), _("Entries"), _("Hours"), _("Of which in the beat")]
        rows = [
            [a.activity.label, str(a.entries), hours_text(a.minutes), hours_text(a.in_beat_minutes)]
            for a in self.data.by_category
        ]
        return self.data_table(header, rows, col_widths=[34, 14, 16, 22])

    def day_table(self) -> Flowable:
        """Every day of the period (days without entries too, up to a month)."""
        language = self.context.language
        header = [_("Date"), _("Weekday"), _("Hours in the beat"), _("Other hours"), _("Entries")]
        totals = {d.day: d for d in self.data.by_day}
        days = (
            [self.data.date_from + timedelta(days=n) for n in range(self.data.days)]
            if self.data.days <= MAX_DAYS_LISTED
            else sorted(totals)
        )
        rows = []
        for day in days:
            total = totals.get(day) or DayTotal(day, 0, 0, 0)
            rows.append([
                paper_date(day, language), weekday_label(day.isoweekday()),
                hours_text(total.in_beat_minutes), hours_text(total.other_minutes), str(total.entries),
            ])
        return self.data_table(header, rows, col_widths=[28, 16, 20, 18, 12])

    def entry_table(self) -> Flowable:
        header = [_("Date"), _("Time"), _("Activity"), _("Place"), _("In the beat"), _("Hours"), _("Notes")]
        rows = [self.entry_row(entry) for entry in self.data.entries]
        return self.data_table(header, rows)  # widths follow the content: times never wrap

    def entry_row(self, entry: DutyEntry) -> list[str]:
        language = self.context.language
        end = f"{entry.ends_at:%H:%M}"
        if entry.ends_at.date() != entry.starts_at.date():
            end = _("{time} next day").format(time=end)
        day = entry.starts_at.date()
        return [
            f"{day.month}月{day.day}日" if language.startswith("zh") else f"{day:%m-%d}",
            f"{entry.starts_at:%H:%M}-{end}",  # an ASCII hyphen: CJK faces draw "–" full width
            entry.activity.label,
            entry.place,
            yes_no(entry.in_beat),
            hours_text(entry.minutes),
            entry.notes,
        ]


def duty_sheets(context: DocumentContext, data: DutyReportData) -> tuple[Sheet, Sheet]:
    """The entries and the day totals of a duty report as two registers."""
    subtitle = " · ".join(
        part for part in (context.room_name, data.user_name, period_title(data, context.language)) if part
    )
    entry_columns = [
        Column(_("Date"), ColumnKind.DATE), Column(_("Start")), Column(_("End")),
        Column(_("Activity")), Column(_("Place")), Column(_("In the beat")),
        Column(_("Hours"), ColumnKind.NUMBER), Column(_("Notes")),
    ]
    entry_rows = [
        [e.starts_at.date(), f"{e.starts_at:%H:%M}", _end_text(e, e.starts_at.date()),
         e.activity.label, e.place, yes_no(e.in_beat), hours_value(e.minutes), e.notes]
        for e in data.entries
    ]
    day_columns = [
        Column(_("Date"), ColumnKind.DATE), Column(_("Weekday")),
        Column(_("Hours in the beat"), ColumnKind.NUMBER), Column(_("Other hours"), ColumnKind.NUMBER),
        Column(_("Entries"), ColumnKind.NUMBER),
    ]
    day_rows = [
        [d.day, weekday_label(d.day.isoweekday()), hours_value(d.in_beat_minutes),
         hours_value(d.other_minutes), d.entries]
        for d in data.by_day
    ]
    title = _("Duty report")
    return (
        Sheet(title, entry_columns, entry_rows, subtitle=subtitle, name=_("Entries")),
        Sheet(title, day_columns, day_rows, subtitle=subtitle, name=_("By day")),
    )


def _end_text(entry: DutyEntry, day: date) -> str:
    end = f"{entry.ends_at:%H:%M}"
    return end if entry.ends_at.date() == day else _("{time} next day").format(time=end)


def _number(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"
