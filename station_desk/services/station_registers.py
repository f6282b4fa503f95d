"""The station's combined registers (issue 20, point 6): a room's register read in every
room's schema through the room's own services, and printed or exported with the room's own
document builders, the room named on each row.

A register is a `RegisterKind`: how one room's part is read (`read`, through
`StationService.room_services`), which rows of it are listed (`rows`, `cells`), and how the
parts of several rooms make one PDF (`pdf`) or workbook (`xlsx`, where the room's register
has one). `StationRegisters` reads the parts of the chosen rooms, checks the permission the
room's register needs and audits every saved file in the station's trail, as a room audits
its prints. ID numbers and phones are masked as in the rooms' registers; none of these
registers holds a sealed (youth) record.
"""

from __future__ import annotations

import io
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import DateTime, and_, column, literal, select, table, union_all
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import TableClause

from station_desk.db import audit_trail
from station_desk.db.models import Base
from station_desk.domain.audit import AuditAction
from station_desk.domain.masking import mask_phone
from station_desk.domain.mediation import CaseStatus
from station_desk.domain.opinions import OpinionCategory, opinion_number
from station_desk.domain.reception import Handling, ReceptionChannel, ReceptionKind
from station_desk.domain.records import RowsAsUsed
from station_desk.domain.roles import Permission
from station_desk.errors import NotFoundError, ValidationError
from station_desk.i18n import N_, _
from station_desk.services.base import ChunkedRows
from station_desk.services.guard import require
from station_desk.services.opinions import who_text

if TYPE_CHECKING:
    from station_desk.domain.accounts import Principal
    from station_desk.reports.base import DocumentContext
    from station_desk.services.container import Services
    from station_desk.services.station import StationService

MAX_PERIOD_DAYS = 366  # what the rooms' duty report and hours report accept
LIST_LIMIT = 500  # rows a list shows, newest first (the documents hold them all)
PDF, XLSX = "pdf", "xlsx"

Parts = list[tuple[str, Any]]  # (room name, that room's part of the register)
Build = Callable[["DocumentContext", Parts, date, date], bytes]


@dataclass(frozen=True)
class RegisterKind:
    name: str  # `station-desk station register NAME`
    label: str  # message id
    what: str  # the room's record type: its permission checks and audit entries
    headers: tuple[str, ...]  # message ids of the list's columns after the room
    read: Callable[[Services, Principal, date, date], Any]  # one room's part
    rows: Callable[[Any], Sequence[Any]]  # the part's rows, as listed
    cells: Callable[[Any], list[str]]  # one listed row's texts
    pdf: Build
    xlsx: Build | None = None
    listing: Listing | None = None  # a list straight from the tables (else from `read`)
    read_list: Callable[[Services, Principal, date, date], Any] | None = None  # `read`, less: for a list

    @property
    def formats(self) -> tuple[str, ...]:
        return (PDF, XLSX) if self.xlsx is not None else (PDF,)


@dataclass(frozen=True)
class RegisterRequest:
    """Which combined register to make: its name, the period, the format (PDF or XLSX), the
    language of a PDF and the rooms (their numbers; None: all)."""

    name: str
    date_from: date
    date_to: date
    fmt: str = PDF
    language: str = ""
    room_ids: Sequence[int] | None = None


@dataclass(frozen=True)
class RegisterTable:
    """A combined register as a list: column headers (the room first), up to `LIST_LIMIT`
    rows of texts, and whether there are more (the documents hold them all; counting them
    would cost more than the list: every index entry of the period in every room)."""

    headers: list[str]
    rows: list[list[str]]
    more: bool


@dataclass(frozen=True)
class Listing:
    """What a register's list reads straight from the rooms' tables, in one query over every
    room's schema: the live rows of the period, newest first (like a room's own list)."""

    table: str
    day: str  # the date (or local date and time) the period filters and the list sorts by
    columns: tuple[str, ...]  # read besides `day` and the room
    cells: Callable[[Any], list[str]]  # one row's texts after the room
    tiebreak: str = "id"


@lru_cache(maxsize=4096)
def room_table(schema: str, name: str, columns: tuple[str, ...]) -> TableClause:
    """Some columns of a room's table, made once per schema: a light `table()` rather than a
    copy of the model's `Table` (`Table.to_metadata` copies every column, index and
    constraint: most of the combined list's time when it did), and the same object each
    time, so the statement's compiled form is cached too."""
    model = Base.metadata.tables[name]
    return table(name, *(column(c, model.c[c].type) for c in columns), schema=schema)


def _within(day: Any, date_from: date, date_to: date) -> Any:
    if isinstance(day.type, DateTime):
        return and_(
            day >= datetime.combine(date_from, time.min),
            day < datetime.combine(date_to + timedelta(days=1), time.min),
        )
    return day.between(date_from, date_to)


def newest_rows(
    session: Session, rooms: Sequence[Any], listing: Listing, date_from: date, date_to: date, limit: int
) -> tuple[list[Any], bool]:
    """The newest `limit` live rows of the period across `rooms` (each row with its `room`),
    and whether there are more. Each room's newest come through its index on the day, then
    they are merged."""
    if not rooms:
        return [], False
    names = tuple(dict.fromkeys((listing.day, listing.tiebreak, *listing.columns, "deleted_at")))
    parts = []
    for room in rooms:
        t = room_table(room.schema_name, listing.table, names)
        parts.append(
            select(literal(room.name).label("room"), literal(room.id).label("room_id"), *(t.c[n] for n in names))
            .where(t.c.deleted_at.is_(None), _within(t.c[listing.day], date_from, date_to))
            # all live (NULL): ordered as the (deleted_at, day) index, which every listed
            # table has, so each room's newest come through it and are merged without a sort
            .order_by(t.c.deleted_at.desc(), t.c[listing.day].desc())
            .limit(limit + 1)
        )
    combined = union_all(*parts).subquery()
    stmt = (
        select(combined)
        .order_by(
            combined.c.deleted_at.desc(), combined.c[listing.day].desc(), combined.c.room_id,
            combined.c[listing.tiebreak].desc(),
        )
        .limit(limit + 1)
    )
    rows = list(session.execute(stmt))
    return rows[:limit], len(rows) > limit


def _identity(part: Any) -> Sequence[Any]:
    return part  # type: ignore[no-any-return]


def _first(part: Any) -> Sequence[Any]:
    return part[0]  # type: ignore[no-any-return]


class Joined(RowsAsUsed[Any]):
    """The rows of every room's part, one room after the other, each made by `make(room, row)`
    (the room named on it) only when read: what a document builder walks a page (or a row)
    at a time, so a combined register holds no list of its rows. A room's part may itself
    read its rows as they are used (a `ChunkedRows`: then the chunk a room kept is let go
    when the next room's rows are read, so one chunk is held, not one a room)."""

    def __init__(self, parts: Sequence[tuple[str, Sequence[Any]]], make: Callable[[str, Any], Any]) -> None:
        self.parts, self.make = parts, make
        self.starts = list(accumulate((len(rows) for _room, rows in parts), initial=0))
        self._reading = 0  # the part read last

    def __len__(self) -> int:
        return self.starts[-1]

    def row(self, index: int) -> Any:
        number = bisect_right(self.starts, index) - 1  # the last part starting at or before it
        self._read_part(number)
        room, rows = self.parts[number]
        return self.make(room, rows[index - self.starts[number]])

    def __iter__(self) -> Iterator[Any]:
        for number, (room, rows) in enumerate(self.parts):
            self._read_part(number)
            for row in rows:
                yield self.make(room, row)

    def _read_part(self, number: int) -> None:
        if number != self._reading:
            left = self.parts[self._reading][1]
            if isinstance(left, ChunkedRows):
                left.release()
            self._reading = number


# -- 调解台账 --------------------------------------------------------------------------------


def _mediation_rows(parts: Parts, joint: str) -> Joined:
    return Joined(parts, lambda room, row: replace(row, case_number=f"{room}{joint}{row.case_number}"))


def _mediation_pdf(context: DocumentContext, parts: Parts, date_from: date, date_to: date) -> bytes:
    from station_desk.reports.mediation import MediationRegister

    outcomes: Counter[Any] = Counter()
    for _room, rows in parts:
        outcomes.update(rows.outcomes)  # counted with the rows' ids: no row read for the totals
    return MediationRegister(context, _mediation_rows(parts, "\n"), date_from, date_to, outcomes).generate()


def _mediation_xlsx(context: DocumentContext, parts: Parts, date_from: date, date_to: date) -> bytes:
    from station_desk.reports.mediation import register_workbook

    return register_workbook(context, _mediation_rows(parts, " "), date_from, date_to)


MEDIATION = RegisterKind(
    "mediation",
    N_("Mediation register"),
    "mediation_case",
    (N_("Case number"), N_("Received"), N_("Matter"), N_("Status"), N_("Officer")),
    lambda services, actor, f, t: services.mediation.register_source(actor, f, t),  # read as used
    _identity,
    lambda row: [row.case_number, row.received_on.isoformat(), row.title, row.status.label, row.officer],
    _mediation_pdf,
    _mediation_xlsx,
    Listing(
        "mediation_cases", "received_on", ("id", "case_number", "title", "status", "officer"),
        lambda row: [row.case_number, row.received_on.isoformat(), row.title, CaseStatus(row.status).label, row.officer],
        tiebreak="case_number",
    ),
)


# -- 意见建议登记台账 ------------------------------------------------------------------------


def _opinion_part(services: Services, actor: Principal, date_from: date, date_to: date) -> Any:
    opinions = services.opinions  # the rows read as used
    return opinions.register_source(actor, date_from, date_to), opinions.figures(actor, date_from, date_to)


def _opinion_figures(parts: Parts, date_from: date, date_to: date) -> Any:
    """The rooms' figures added up (the percentages follow from the sums)."""
    from station_desk.domain.opinions import OpinionFigures

    counted = [f.name for f in fields(OpinionFigures) if f.name not in ("date_from", "date_to")]
    sums = {name: sum(getattr(part[1], name) for _room, part in parts) for name in counted}
    return OpinionFigures(date_from, date_to, **sums)


def _opinion_rows(parts: Parts, joint: str) -> Joined:
    return Joined([(room, part[0]) for room, part in parts], lambda room, row: replace(row, number=f"{room}{joint}{row.number}"))


def _opinion_pdf(context: DocumentContext, parts: Parts, date_from: date, date_to: date) -> bytes:
    from station_desk.reports.opinions import OpinionRegister

    figures = _opinion_figures(parts, date_from, date_to)
    return OpinionRegister(context, _opinion_rows(parts, "\n"), figures).generate()


def _opinion_xlsx(context: DocumentContext, parts: Parts, date_from: date, date_to: date) -> bytes:
    from station_desk.reports.opinions import register_workbook

    return register_workbook(context, _opinion_rows(parts, " "), _opinion_figures(parts, date_from, date_to))


OPINIONS = RegisterKind(
    "opinions",
    N_("Opinion register"),
    "resident_opinion",
    (N_("Number"), N_("Received"), N_("Category"), N_("Given by"), N_("Reply due by"), N_("Answered")),
    _opinion_part,
    _first,
    lambda row: [
        row.number, row.received_on.isoformat(), row.category.label, row.who,
        row.due_on.isoformat(), row.reply.replied_on.isoformat() if row.reply else "",
    ],
    _opinion_pdf,
    _opinion_xlsx,
    Listing(
        "resident_opinions", "received_on",
        ("year", "seq", "category", "anonymous", "name", "due_on", "replied_on"),
        lambda row: [
            opinion_number(row.year, row.seq), row.received_on.isoformat(), OpinionCategory(row.category).label,
            who_text(row), row.due_on.isoformat(), row.replied_on.isoformat() if row.replied_on else "",
        ],
    ),
)


# -- 志愿者服务时长 --------------------------------------------------------------------------


def _hours_part(services: Services, actor: Principal, date_from: date, date_to: date) -> Any:
    rosters = services.rosters
    return rosters.hours(actor, date_from, date_to), rosters.commendation_candidates(actor, date_from)


def _room_team(room: str, team: str) -> str:
    return f"{room} · {team}" if team else room


def _hours_report(parts: Parts, date_from: date, date_to: date) -> tuple[Any, list[Any]]:
    """One report of every room's volunteers and teams (each team under its room), and the
    rooms' candidates for commendation, most hours first."""
    from station_desk.domain.volunteers import HoursReport

    def named(room: str, row: Any) -> Any:
        return replace(row, team_name=_room_team(room, row.team_name))

    volunteers = sorted(
        (named(room, v) for room, (report, _c) in parts for v in report.volunteers),
        key=lambda v: (-v.minutes, -v.points, v.name),
    )
    teams = [named(room, t) for room, (report, _c) in parts for t in report.teams]
    candidates = sorted(
        (named(room, v) for room, (_r, chosen) in parts for v in chosen),
        key=lambda v: (-v.minutes, -v.points, v.name),
    )
    return HoursReport(date_from, date_to, tuple(volunteers), tuple(teams)), candidates


def _hours_pdf(context: DocumentContext, parts: Parts, date_from: date, date_to: date) -> bytes:
    from station_desk.reports.station import StationHoursReport

    report, candidates = _hours_report(parts, date_from, date_to)
    return StationHoursReport(context, report, candidates).generate()


def _hours_xlsx(context: DocumentContext, parts: Parts, date_from: date, date_to: date) -> bytes:
    from station_desk.exchange.xlsx import workbook_bytes
    from station_desk.reports.rosters import monthly_hours_sheets

    report, _candidates = _hours_report(parts, date_from, date_to)
    return workbook_bytes(*monthly_hours_sheets(context, report))


VOLUNTEER_HOURS = RegisterKind(
    "volunteer-hours",
    N_("Volunteer hours"),
    "volunteer",
    (N_("Name"), N_("Team"), N_("Shifts"), N_("Hours"), N_("Points")),
    _hours_part,
    lambda part: part[0].volunteers,
    lambda v: [v.name, v.team_name, str(v.shifts), f"{v.minutes / 60:.1f}", f"{v.points:g}"],
    _hours_pdf,
    _hours_xlsx,
    read_list=lambda services, actor, f, t: (services.rosters.hours(actor, f, t), ()),  # no candidates
)


# -- 勤务报告, per officer -------------------------------------------------------------------


@dataclass(frozen=True)
class DutyPart:
    """The duty report of every user of a room with entries in the period, each read when
    the register comes to it (a year of a room's entries, not every room's at once). The
    room's users are read with the part, as the room's duty page lists them."""

    services: Services
    actor: Principal
    people: list[Any]
    date_from: date
    date_to: date

    def __iter__(self) -> Iterator[Any]:
        for person in self.people:
            report = self.services.duty.report(self.actor, person.user_id, self.date_from, self.date_to)
            if report.entries:
                yield report


def _duty_part(services: Services, actor: Principal, date_from: date, date_to: date) -> DutyPart:
    return DutyPart(services, actor, services.duty.people(actor, include_inactive=True), date_from, date_to)


def _duty_pdf(context: DocumentContext, parts: Parts, date_from: date, date_to: date) -> bytes:
    """Each officer's duty report (the room's document, the room in its header), one after
    the other in one PDF, each added as it is made."""
    from pypdf import PdfReader, PdfWriter

    from station_desk.reports.duty import DutyReport

    writer, made = PdfWriter(), 0
    for room, reports in parts:
        for report in reports:
            document = DutyReport(replace(context, room_name=room), report).generate()
            writer.append(PdfReader(io.BytesIO(document)))
            made += 1
    if not made:
        return _empty_pdf(context, _("No duty was logged in this period."), N_("Duty report"))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _duty_xlsx(context: DocumentContext, parts: Parts, date_from: date, date_to: date) -> bytes:
    """Every officer's entries in one register, the room and the officer first."""
    from station_desk.exchange.xlsx import Column, Sheet, workbook_bytes
    from station_desk.reports.duty import duty_sheets

    columns: list[Any] = []
    rows: list[list[Any]] = []
    title = _("Duty report")
    for room, reports in parts:
        for report in reports:
            entries, _days = duty_sheets(replace(context, room_name=room), report)
            columns = list(entries.columns)
            title = entries.title
            rows += [[room, report.user_name, *row] for row in entries.rows]
    sheet = Sheet(
        title, [Column(_("Room")), Column(_("Officer")), *columns], rows,
        subtitle=f"{date_from.isoformat()} – {date_to.isoformat()}", name=_("Entries"),
    )
    return workbook_bytes(sheet)


DUTY = RegisterKind(
    "duty",
    N_("Duty reports per officer"),
    "duty_entry",
    (N_("Officer"), N_("Entries"), N_("Hours in the beat"), N_("Other hours")),
    _duty_part,
    list,  # each officer's report read
    lambda r: [r.user_name, str(len(r.entries)), f"{r.in_beat_minutes / 60:.1f}", f"{r.other_minutes / 60:.1f}"],
    _duty_pdf,
    _duty_xlsx,
)


# -- 接处警 / 来访登记 -----------------------------------------------------------------------

RECEPTION_LIMIT = 100_000


def _reception_part(services: Services, actor: Principal, date_from: date, date_to: date) -> Sequence[Any]:
    from station_desk.domain.reception import ReceptionQuery

    query = ReceptionQuery(date_from=date_from, date_to=date_to, limit=RECEPTION_LIMIT)
    return services.reception.register_source(actor, query)  # oldest first, read as used


RECEPTION_HEADERS = (
    N_("Received"), N_("Channel"), N_("Matter"), N_("Name"), N_("Phone"), N_("What was said"),
    N_("Handling"), N_("Handled by"),
)


def _reception_cells(entry: Any) -> list[str]:
    return [
        f"{entry.received_at:%Y-%m-%d %H:%M}", entry.channel.label, entry.kind.label, entry.name,
        entry.masked_phone, entry.content, entry.handling.label, entry.handler,
    ]


def _reception_rows(parts: Parts) -> Joined:
    return Joined(parts, lambda room, entry: [room, *_reception_cells(entry)])


def _reception_pdf(context: DocumentContext, parts: Parts, date_from: date, date_to: date) -> bytes:
    from station_desk.reports.station import StationTable

    rows = _reception_rows(parts)
    headers = [_("Room"), *(_(h) for h in RECEPTION_HEADERS)]
    return StationTable(
        context, N_("Reception log"), headers, rows, date_from, date_to,
        widths=[14, 14, 10, 11, 10, 17, 30, 12, 10],
    ).generate()


def _reception_xlsx(context: DocumentContext, parts: Parts, date_from: date, date_to: date) -> bytes:
    from station_desk.exchange.xlsx import Column, Sheet, workbook_bytes

    rows = _reception_rows(parts)
    columns = [Column(_("Room")), *(Column(_(h)) for h in RECEPTION_HEADERS)]
    sheet = Sheet(_("Reception log"), columns, rows, subtitle=f"{date_from.isoformat()} – {date_to.isoformat()}")
    return workbook_bytes(sheet)


RECEPTION = RegisterKind(
    "reception",
    N_("Reception log"),
    "reception_entry",
    RECEPTION_HEADERS,
    _reception_part,
    _identity,
    _reception_cells,
    _reception_pdf,
    _reception_xlsx,
    Listing(
        "reception_entries", "received_at",
        ("channel", "kind", "name", "phone", "content", "handling", "handler"),
        lambda row: [
            f"{row.received_at:%Y-%m-%d %H:%M}", ReceptionChannel(row.channel).label,
            ReceptionKind(row.kind).label, row.name, mask_phone(row.phone), row.content,
            Handling(row.handling).label, row.handler,
        ],
    ),
)


def _empty_pdf(context: DocumentContext, note: str, title: str) -> bytes:
    from station_desk.reports.station import StationTable

    return StationTable(context, title, [], [], None, None, empty=note).generate()


REGISTERS: dict[str, RegisterKind] = {
    kind.name: kind for kind in (MEDIATION, OPINIONS, VOLUNTEER_HOURS, DUTY, RECEPTION)
}


def register_kind(name: str) -> RegisterKind:
    try:
        return REGISTERS[name]
    except KeyError:
        raise NotFoundError(_("No such register: {name}.").format(name=name)) from None


def check_period(date_from: date, date_to: date) -> None:
    if date_to < date_from:
        raise ValidationError("date_to", _("The last day is before the first day."))
    if (date_to - date_from).days >= MAX_PERIOD_DAYS:
        raise ValidationError("date_to", _("Choose at most {days} days.").format(days=MAX_PERIOD_DAYS))


class StationRegisters:
    """The combined registers of the station's rooms (see the module docstring)."""

    def __init__(self, station: StationService) -> None:
        self.station = station
        self.db = station.db

    def parts(
        self,
        actor: Principal,
        request: RegisterRequest,
        permission: Permission = Permission.PRINT,
        for_list: bool = False,
    ) -> Parts:
        """Each chosen room's part of the register (`request`'s name, period and rooms; its
        format is not read here), by room number."""
        kind = register_kind(request.name)
        date_from, date_to = request.date_from, request.date_to
        require(self.db, actor, permission, kind.what)
        check_period(date_from, date_to)
        read = kind.read_list if for_list and kind.read_list is not None else kind.read
        return [
            (room.name, read(self.station.room_services(room.id), actor, date_from, date_to))
            for room in self._rooms(actor, request.room_ids)
        ]

    def _rooms(self, actor: Principal, room_ids: Sequence[int] | None) -> list[Any]:
        rooms = self.station.room_rows(actor, room_ids)
        if room_ids is not None and len(rooms) < len(set(room_ids)):
            raise NotFoundError(_("No such room at this station."))
        return rooms

    def table(
        self,
        actor: Principal,
        name: str,
        date_from: date,
        date_to: date,
        room_ids: Sequence[int] | None = None,
        limit: int = LIST_LIMIT,
    ) -> RegisterTable:
        """The register as a list (the room first), up to `limit` rows."""
        kind = register_kind(name)
        headers = [_("Room"), *(_(header) for header in kind.headers)]
        if kind.listing is not None:
            listing = kind.listing
            require(self.db, actor, Permission.PRINT, kind.what)
            check_period(date_from, date_to)
            rooms = self._rooms(actor, room_ids)
            with self.db.session(actor) as session:
                found, more = newest_rows(session, rooms, listing, date_from, date_to, limit)
            return RegisterTable(headers, [[row.room, *listing.cells(row)] for row in found], more)
        request = RegisterRequest(name, date_from, date_to, room_ids=room_ids)
        parts = self.parts(actor, request, for_list=True)
        rows = [(room, row) for room, part in parts for row in kind.rows(part)]
        return RegisterTable(headers, [[room, *kind.cells(row)] for room, row in rows[:limit]], len(rows) > limit)

    def document(self, actor: Principal, request: RegisterRequest) -> bytes:
        """The register as a PDF (print permission) or .xlsx (export permission)."""
        from station_desk.services.settings import document_context

        name, date_from, date_to, fmt = request.name, request.date_from, request.date_to, request.fmt
        kind = register_kind(name)
        if fmt not in kind.formats:
            raise ValidationError("format", _("This register is made as: {formats}.").format(formats=", ".join(kind.formats)))
        permission = Permission.EXPORT if fmt == XLSX else Permission.PRINT
        parts = self.parts(actor, request, permission)
        language = "" if fmt == XLSX else request.language
        context = document_context(self.db, actor, self.station.now, language)
        # the station's name heads the page; the station's own "room" is itself (set at init)
        if context.room_name == context.station_name:
            context = replace(context, room_name="")
        build = kind.xlsx if fmt == XLSX else kind.pdf
        assert build is not None
        return build(context, parts, date_from, date_to)

    def save(self, actor: Principal, request: RegisterRequest, path: Path) -> Path:
        """Write the register to `path`, audited as a print (PDF) or an export (.xlsx)."""
        from station_desk.services.output import save_file

        kind = register_kind(request.name)
        data = self.document(actor, request)
        document = f"station_{kind.name.replace('-', '_')}_register"
        fmt, room_ids = request.fmt, request.room_ids

        def audit(target: str) -> None:
            with self.db.session(actor) as session:
                audit_trail.append(
                    session,
                    AuditAction.EXPORT if fmt == XLSX else AuditAction.PRINT,
                    document[:32],
                    details={
                        "document": document,
                        "format": fmt,
                        "how": "save",
                        "target": target,
                        "from": request.date_from.isoformat(),
                        "to": request.date_to.isoformat(),
                        "rooms": list(room_ids) if room_ids is not None else "all",
                        "full_ids": False,
                    },
                )

        return save_file(path, data, audit)
