"""Volunteer documents: the weekly patrol roster (巡逻排班表), the roster list (花名册) and the
monthly hours report (志愿者服务时长月报), with their .xlsx registers.

- `WeeklyPatrolRoster` (A4 landscape, to post on the wall): days across, time slots down,
  each cell the routes with their members' names and open places; a signature column for the
  leader on duty of each time slot; conflicts listed under the grid. The grid is shrunk to fit
  one page when it is a little too tall (a full week of six time slots always fits); a much
  longer one runs over several pages with the header repeated.
- `VolunteerRosterList` (A4 landscape): one row per volunteer, resident ID numbers masked
  (last four characters) unless the context shows full numbers; counts per team and status.
- `MonthlyHoursReport` (A4 portrait): the month's figures per team and per volunteer, and the
  commendation candidates of the quarter (most hours).

Each document takes domain DTOs and returns PDF bytes; the `*_sheet(s)` functions build the
same registers for `exchange.xlsx`.
"""

from __future__ import annotations

import functools
import io
import re
from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepInFrame,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from station_desk.domain.duty import hours_text, hours_value
from station_desk.domain.volunteers import (
    HoursReport,
    RosterWeek,
    ShiftDetail,
    VolunteerDetail,
    VolunteerHours,
    VolunteerStatus,
    weekday_label,
)
from station_desk.exchange.xlsx import Column, ColumnKind, Sheet
from station_desk.i18n import N_, _, ngettext
from station_desk.reports.base import (
    DataDocument,
    DocumentBase,
    DocumentContext,
    grid_commands,
    scale_widths,
    text_width,
)
from station_desk.reports.fonts import SONG
from station_desk.reports.formatting import paper_date
from station_desk.reports.mediation import gender_label, period_text
from station_desk.reports.styles import TABLE_SPACE_AFTER, stylesheet

ROSTER_CELL_SIZE = 9.5  # points: the wall roster's cells
MIN_SHRINK = 0.62  # below this the roster is split over pages rather than shrunk
SIGNATURE_WIDTH = 26  # relative weight of the roster's signature column (time column: 15)
_LONG_NUMBER = re.compile(r"[A-Za-z0-9]{6,}")


def points_text(points: float) -> str:
    return f"{points:.1f}".rstrip("0").rstrip(".") if points % 1 else f"{points:.0f}"


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def mask_note(note: str) -> str:
    """An identity note with long numbers masked but their last four characters."""
    return _LONG_NUMBER.sub(lambda m: "*" * (len(m.group()) - 4) + m.group()[-4:], note)


def week_title(week_start: date, language: str) -> str:
    """"2026年第48周（11月23日—11月29日）" / "Week 2026-W48 (2026-11-23 to 2026-11-29)"."""
    year, number, _day = week_start.isocalendar()
    end = week_start + timedelta(days=6)
    if language.startswith("zh"):
        return (
            f"{year}年第{number}周（{week_start.month}月{week_start.day}日—"
            f"{end.month}月{end.day}日）"
        )
    return _("Week {year}-W{week:02d} ({start} to {end})").format(
        year=year, week=number, start=week_start.isoformat(), end=end.isoformat()
    )


def day_heading(day: date, language: str) -> str:
    if language.startswith("zh"):
        return f"{weekday_label(day.isoweekday())}\n{day.month}月{day.day}日"
    return f"{weekday_label(day.isoweekday())}\n{day:%m-%d}"


def month_title(first: date, language: str) -> str:
    if language.startswith("zh"):
        return f"{first.year}年{first.month}月"
    return f"{first:%Y-%m}"


# --- the weekly patrol roster ---------------------------------------------------------------


class WeeklyPatrolRoster(DataDocument[RosterWeek]):
    """巡逻排班表: a week of shifts as days × time slots, A4 landscape, with a signature column."""

    title = N_("Weekly patrol roster")
    landscape = True

    def display_subtitle(self) -> str:
        text = week_title(self.data.week_start, self.context.language)
        if self.data.team_name:
            text = f"{self.data.team_name} · {text}"
        return text

    def title_block(self) -> list[Flowable]:
        """A compact title: the wall roster needs the page for its grid."""
        styles = _roster_styles()
        return [
            Paragraph(self.markup(self.display_title(), "title"), styles["title"]),
            Paragraph(self.markup(self.display_subtitle(), "subtitle"), styles["subtitle"]),
        ]

    def story(self) -> list[Flowable]:
        content: list[Flowable] = [self.grid()]
        if self.data.conflicts:
            content.append(self.conflict_note())
        content.append(self.paragraph(self.footnote(), "small"))
        signatures = self.signature_lines(
            [_("Prepared by"), _("Date"), _("Approved by (police officer)"), _("Date")], per_row=4
        )
        # a KeepInFrame cannot hold a KeepTogether: the signature rows go in one by one
        content += list(signatures._content) if isinstance(signatures, KeepTogether) else [signatures]
        available = self.geometry.frame_height - self._title_height() - 2
        height = sum(self._height(f) for f in content)
        if height <= available or available / height >= MIN_SHRINK:
            return [KeepInFrame(self.frame_width, available, content, mode="shrink")]
        return content

    def day_heading(self, day: date, language: str) -> str:
        """The day's column heading, with the holiday's name on a public holiday."""
        holiday = self.data.holidays.get(day)
        return day_heading(day, language) + (f"\n{holiday}" if holiday else "")

    def grid(self) -> Table:
        language = self.context.language
        styles = _roster_styles()
        header = [_("Time"), *(self.day_heading(day, language) for day in self.data.days),
                  _("Leader on duty (signature)")]
        data: list[list[object]] = [
            [Paragraph(self.markup(text, "table_header"), styles["head"]) for text in header]
        ]
        widths = scale_widths([14] + [30] * 7 + [SIGNATURE_WIDTH], 9, self.frame_width)
        for row in self.data.rows:
            time_text = f"{row.start:%H:%M}\n–{row.end:%H:%M}"
            cells: list[object] = [Paragraph(self.markup(time_text, "table"), styles["time"])]
            cells += [self.shift_cell(shifts, widths[1] - 6) for shifts in row.days]
            cells.append("")
            data.append(cells)
        if not self.data.rows:
            data.append([self.cell(_("No shifts this week."), "table_center")] + [""] * 8)
        table = Table(data, colWidths=widths, repeatRows=1, splitByRow=1, hAlign="CENTER",
                      spaceAfter=TABLE_SPACE_AFTER)
        commands = grid_commands()
        commands += [
            ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
            ("VALIGN", (0, 1), (0, -1), "MIDDLE"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        if not self.data.rows:
            commands.append(("SPAN", (0, 1), (-1, 1)))
        table.setStyle(TableStyle(commands))
        return table

    def shift_cell(self, shifts: tuple[ShiftDetail, ...], width: float) -> list[Flowable]:
        styles = _roster_styles()
        several_teams = len({s.team_id for s in self.data.shifts}) > 1
        parts: list[Flowable] = []
        for index, shift in enumerate(shifts):
            if index:
                parts.append(Spacer(1, 1 * mm))
            route = shift.route
            if several_teams and shift.team_name:
                route = f"{route}（{shift.team_name}）" if self.chinese else f"{route} ({shift.team_name})"
            parts.append(Paragraph(self.markup(route, "table_header"), styles["route"]))
            names = [m.name for m in shift.rostered]
            text = pack_names(names, "、" if self.chinese else ", ", width, styles["names"].fontSize)
            if shift.open_seats:
                gap = _("{count} open").format(count=shift.open_seats)
                gap = f"（{gap}）" if self.chinese else f" ({gap})"
                last = text.rsplit("\n", 1)[-1]
                fits = text_width(last + gap, SONG, styles["names"].fontSize) <= width
                text = (text + gap if fits else f"{text}\n{gap.strip()}") if text else gap.strip()
            parts.append(Paragraph(self.markup(text or "—", "table"), styles["names"]))
        return parts

    def conflict_note(self) -> Paragraph:
        lines = [_("Conflicts to resolve:")] + [f"• {c.message}" for c in self.data.conflicts]
        return self.paragraph("\n".join(lines), "small")

    def footnote(self) -> str:
        people = len({m.volunteer_id for s in self.data.shifts for m in s.rostered})
        shifts, open_seats = len(self.data.shifts), self.data.open_seats
        parts = (
            ngettext("{n} shift", "{n} shifts", shifts).format(n=shifts),
            ngettext("{n} volunteer on duty", "{n} volunteers on duty", people).format(n=people),
            ngettext("{n} place open", "{n} places open", open_seats).format(n=open_seats),
        )
        return _("{list}.").format(list=_(", ").join(parts))

    def _title_height(self) -> float:
        return sum(self._height(flowable) for flowable in self.title_block())

    def _height(self, flowable: Flowable) -> float:
        if isinstance(flowable, KeepTogether):  # its wrap() answers "too tall" when not split
            return sum(self._height(part) for part in flowable._content)
        _w, height = flowable.wrapOn(_measuring_canvas(), self.frame_width, self.geometry.frame_height * 10)
        return float(height + flowable.getSpaceBefore() + flowable.getSpaceAfter())


def pack_names(names: Sequence[str], separator: str, width: float, size: float) -> str:
    """Names joined by `separator`, with line breaks between names (not inside one) so
    that each line fits `width`; a name longer than a line is left to wrap."""
    lines: list[str] = []
    for name in names:
        if lines and text_width(lines[-1] + separator + name, SONG, size) <= width:
            lines[-1] += separator + name
        elif lines:
            lines[-1] += separator.rstrip()
            lines.append(name)
        else:
            lines.append(name)
    return "\n".join(lines)


def _measuring_canvas() -> Canvas:
    return Canvas(io.BytesIO())


@functools.cache
def _roster_styles() -> dict[str, ParagraphStyle]:
    """The wall roster's styles: a compact title, and 9.5 pt cells (routes in Hei)."""
    sheet = stylesheet()
    size, leading = ROSTER_CELL_SIZE, ROSTER_CELL_SIZE * 1.25
    return {
        "title": ParagraphStyle("roster_title", parent=sheet["title"], fontSize=20, leading=26, spaceAfter=2),
        "subtitle": ParagraphStyle(
            "roster_subtitle", parent=sheet["subtitle"], fontSize=12, leading=16, spaceAfter=6
        ),
        "head": ParagraphStyle("roster_head", parent=sheet["table_header"], fontSize=size, leading=leading),
        "time": ParagraphStyle(
            "roster_time", parent=sheet["table_center"], fontSize=size, leading=leading
        ),
        "route": ParagraphStyle(
            "roster_route", parent=sheet["table_header"], fontSize=size, leading=leading, alignment=TA_LEFT
        ),
        "names": ParagraphStyle("roster_names", parent=sheet["table"], fontSize=size, leading=leading),
    }


def weekly_roster_sheet(context: DocumentContext, week: RosterWeek) -> Sheet:
    """The week's shifts as a register: one row per shift, with an empty signature column."""
    rows = []
    for shift in week.shifts:
        names = "、".join(m.name for m in shift.rostered)
        rows.append([
            shift.starts_at.date(),
            weekday_label(shift.starts_at.isoweekday()),
            f"{shift.starts_at:%H:%M}–{shift.ends_at:%H:%M}",
            shift.route,
            shift.team_name,
            names,
            shift.open_seats,
            "",
        ])
    columns = [
        Column(_("Date"), ColumnKind.DATE), Column(_("Weekday")), Column(_("Time")),
        Column(_("Route or area")), Column(_("Team")), Column(_("Members")),
        Column(_("Open places"), ColumnKind.NUMBER), Column(_("Signature"), width=16),
    ]
    title = _("Weekly patrol roster")
    subtitle = week_title(week.week_start, context.language)
    if week.team_name:
        subtitle = f"{week.team_name} · {subtitle}"
    return Sheet(title, columns, rows, subtitle=_sheet_subtitle(context, subtitle), name=week.label)


# --- the roster list -----------------------------------------------------------------------


class VolunteerRosterList(DocumentBase):
    """花名册: every volunteer with identity, contact, team and the "五适" items; IDs masked."""

    title = N_("Volunteer roster list")
    landscape = True

    def __init__(
        self,
        context: DocumentContext,
        volunteers: Sequence[VolunteerDetail],
        as_of: date,
        team_name: str = "",
    ) -> None:
        super().__init__(context)
        self.volunteers = list(volunteers)
        self.as_of = as_of
        self.team_name = team_name

    def display_subtitle(self) -> str:
        text = _("As of {date}").format(date=paper_date(self.as_of, self.context.language))
        return f"{self.team_name} · {text}" if self.team_name else text

    def story(self) -> list[Flowable]:
        header = [
            _("No."), _("Name"), _("Gender"), _("Resident ID"), _("Phone"), _("Address"),
            _("Team"), _("Team role"), _("Joined"), _("Status"), _("Vest"), _("Card"),
            _("Insured until"),
        ]
        rows = [self.row(n, v) for n, v in enumerate(self.volunteers, start=1)]
        widths = [7, 18, 8, 36, 25, 48, 20, 14, 20, 11, 8, 8, 21]  # mm: an ID number on one line
        story = [self.data_table(header, rows, col_widths=widths), self.paragraph(self.totals(), "body_flush")]
        return self.sign_off(story, self.signature_lines([_("Prepared by"), _("Date")]))

    def row(self, number: int, volunteer: VolunteerDetail) -> list[str]:
        identity = self.resident_id(volunteer.resident_id)
        if not identity and volunteer.id_note:
            identity = volunteer.id_note if self.context.show_full_ids else mask_note(volunteer.id_note)
        insured = _iso(volunteer.insurance_until)
        if volunteer.insurance_until is not None and volunteer.insurance_until < self.as_of:
            insured += "\n" + _("(expired)")
        return [
            str(number),
            volunteer.name,
            gender_label(volunteer.gender),
            identity,
            volunteer.phone,
            volunteer.address,
            volunteer.team_name,
            volunteer.role.label,
            _iso(volunteer.join_date),
            volunteer.status.label,
            yes_no(volunteer.vest_issued),
            yes_no(volunteer.card_issued),
            insured,
        ]

    def totals(self) -> str:
        statuses = Counter(v.status for v in self.volunteers)
        teams = Counter(v.team_name or _("No team") for v in self.volunteers)
        separator = "；" if self.chinese else "; "
        parts = [_("Volunteers: {count}").format(count=len(self.volunteers))]
        parts += [f"{status.label} {statuses[status]}" for status in VolunteerStatus if statuses[status]]
        parts += [f"{team} {count}" for team, count in sorted(teams.items())]
        return separator.join(parts)


def _iso(day: date | None) -> str:
    """Registers show dates as 2026-03-05: short enough for a narrow column."""
    return day.isoformat() if day else ""


def roster_list_sheet(context: DocumentContext, volunteers: Sequence[VolunteerDetail]) -> Sheet:
    """The roster list as a register; resident IDs masked unless the context shows them."""
    document = VolunteerRosterList(context, volunteers, context.printed_at.date())
    rows = []
    for number, volunteer in enumerate(volunteers, start=1):
        identity = document.resident_id(volunteer.resident_id)
        if not identity and volunteer.id_note:
            identity = volunteer.id_note if context.show_full_ids else mask_note(volunteer.id_note)
        rows.append([
            number, volunteer.name, gender_label(volunteer.gender), identity, volunteer.phone,
            volunteer.address, volunteer.team_name, volunteer.role.label, volunteer.join_date,
            volunteer.status.label, yes_no(volunteer.vest_issued), yes_no(volunteer.card_issued),
            volunteer.insurance_until, volunteer.allowance, "、".join(volunteer.skills),
            len(volunteer.commendations),
        ])
    columns = [
        Column(_("No."), ColumnKind.NUMBER), Column(_("Name")), Column(_("Gender")),
        Column(_("Resident ID"), ColumnKind.ID), Column(_("Phone"), ColumnKind.ID),
        Column(_("Address")), Column(_("Team")), Column(_("Team role")),
        Column(_("Joined"), ColumnKind.DATE), Column(_("Status")), Column(_("Vest")),
        Column(_("Card")), Column(_("Insured until"), ColumnKind.DATE), Column(_("Allowance")),
        Column(_("Skills")), Column(_("Commendations"), ColumnKind.NUMBER),
    ]
    subtitle = _("As of {date}").format(date=context.printed_at.date().isoformat())
    return Sheet(_("Volunteer roster list"), columns, rows, subtitle=_sheet_subtitle(context, subtitle))


# --- the monthly hours report ---------------------------------------------------------------


class MonthlyHoursReport(DocumentBase):
    """志愿者服务时长月报: figures per team and per volunteer, and the quarter's candidates
    for commendation."""

    title = N_("Monthly volunteer hours")

    def __init__(
        self,
        context: DocumentContext,
        report: HoursReport,
        candidates: Sequence[VolunteerHours] = (),
    ) -> None:
        super().__init__(context)
        self.report = report
        self.candidates = list(candidates)

    def display_subtitle(self) -> str:
        return month_title(self.report.date_from, self.context.language)

    def story(self) -> list[Flowable]:
        report = self.report
        story: list[Flowable] = [self.heading(_("Key figures"))]
        story.append(
            self.facts_table([
                (_("Period"), period_text(report.date_from, report.date_to, self.context.language)),
                (_("Shifts"), str(report.shifts)),
                (_("Volunteers rostered"), str(len(report.volunteers))),
                (_("Hours served"), hours_text(report.minutes)),
                (_("Points"), points_text(report.points)),
                (_("Check-outs to review"), str(report.to_review)),
            ])
        )
        story += [self.heading(_("By team")), self.team_table()]
        story += [self.heading(_("By volunteer")), self.volunteer_table()]
        story += [self.heading(_("Candidates for commendation this quarter")), self.candidate_table()]
        story.append(self.paragraph(self.points_rule(), "small"))
        return self.sign_off(story, self.signature_lines([_("Prepared by"), _("Date")]), lead=3)

    def team_table(self) -> Flowable:
        header = [_("Team"), _("Volunteers"), _("Shifts"), _("Attended"), _("Absent from duty"), _("Hours"), _("Points")]
        rows = [
            [t.team_name or _("No team"), str(t.volunteers), str(t.shifts), str(t.attended),
             str(t.absent), hours_text(t.minutes), points_text(t.points)]
            for t in self.report.teams
        ]
        return self.data_table(header, rows, col_widths=[30, 12, 11, 11, 11, 12, 12])

    def volunteer_table(self) -> Flowable:
        header = [
            _("No."), _("Name"), _("Team"), _("Shifts"), _("Present on duty"), _("Late"),
            _("Absent (no-show)"), _("Substitute"), _("Hours"), _("Points"),
        ]
        rows = [
            [str(n), v.name, v.team_name, str(v.shifts), str(v.present), str(v.late),
             f"{v.absent} ({v.no_shows})", str(v.substitutes), hours_text(v.minutes),
             points_text(v.points)]
            for n, v in enumerate(self.report.volunteers, start=1)
        ]
        return self.data_table(header, rows, col_widths=[7, 15, 20, 9, 9, 9, 12, 10, 10, 10])

    def candidate_table(self) -> Flowable:
        if not self.candidates:
            return self.empty_note()
        header = [_("No."), _("Name"), _("Team"), _("Hours"), _("Points"), _("Shifts attended")]
        rows = [
            [str(n), v.name, v.team_name, hours_text(v.minutes), points_text(v.points), str(v.attended)]
            for n, v in enumerate(self.candidates, start=1)
        ]
        return self.data_table(header, rows, col_widths=[8, 18, 28, 14, 14, 16])

    def points_rule(self) -> str:
        return _(
            "Points: one per hour served (to the half hour), one more for standing in for an "
            "absent member, one off for a no-show. Check-outs not recorded are counted to the "
            "shift's end and marked for review."
        )


_COUNTED = ("shifts", "present", "late", "absent", "no_shows", "substitutes")


def monthly_hours_sheets(context: DocumentContext, report: HoursReport) -> tuple[Sheet, Sheet]:
    """The month's figures per volunteer and per team, as two registers."""
    subtitle = _sheet_subtitle(context, month_title(report.date_from, context.language))
    volunteer_columns = [
        Column(_("No."), ColumnKind.NUMBER), Column(_("Name")), Column(_("Team")),
        Column(_("Shifts"), ColumnKind.NUMBER), Column(_("Present on duty"), ColumnKind.NUMBER),
        Column(_("Late"), ColumnKind.NUMBER), Column(_("Absent from duty"), ColumnKind.NUMBER),
        Column(_("No-shows"), ColumnKind.NUMBER), Column(_("Substitute"), ColumnKind.NUMBER),
        Column(_("Hours"), ColumnKind.NUMBER), Column(_("Points"), ColumnKind.NUMBER),
        Column(_("Check-outs to review"), ColumnKind.NUMBER),
    ]
    volunteer_rows = [
        [n, v.name, v.team_name, v.shifts, v.present, v.late, v.absent, v.no_shows,
         v.substitutes, hours_value(v.minutes), v.points, v.to_review]
        for n, v in enumerate(report.volunteers, start=1)
    ]
    people = report.volunteers
    volunteer_totals = [
        _("Total"), "", "", *(sum(getattr(v, key) for v in people) for key in _COUNTED),
        hours_value(report.minutes), report.points, report.to_review,
    ]
    team_columns = [
        Column(_("Team")), Column(_("Volunteers"), ColumnKind.NUMBER),
        Column(_("Shifts"), ColumnKind.NUMBER), Column(_("Attended"), ColumnKind.NUMBER),
        Column(_("Absent from duty"), ColumnKind.NUMBER), Column(_("Hours"), ColumnKind.NUMBER),
        Column(_("Points"), ColumnKind.NUMBER),
    ]
    team_rows = [
        [t.team_name or _("No team"), t.volunteers, t.shifts, t.attended, t.absent,
         hours_value(t.minutes), t.points]
        for t in report.teams
    ]
    teams = report.teams
    team_totals = [
        _("Total"), sum(t.volunteers for t in teams), report.shifts,
        sum(t.attended for t in teams), sum(t.absent for t in teams),
        hours_value(report.minutes), report.points,
    ]
    title = _("Monthly volunteer hours")
    return (
        Sheet(title, volunteer_columns, volunteer_rows, subtitle=subtitle, name=_("By volunteer"),
              totals=volunteer_totals),
        Sheet(title, team_columns, team_rows, subtitle=subtitle, name=_("By team"), totals=team_totals),
    )


def _sheet_subtitle(context: DocumentContext, text: str) -> str:
    parts = [p for p in (context.room_name, text) if p]
    printed = _("Printed by {name} at {time}").format(
        name=context.printed_by, time=context.printed_at.strftime("%Y-%m-%d %H:%M")
    )
    return " · ".join([*parts, printed])
