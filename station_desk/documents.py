"""The documents the modules print (文书), each declared once as a `DocumentKind`.

A kind names a document and says what the window's preview, `station-desk print` and the USB
export need to know (like pretix's exporters): its name on the command line and what it is
made from (`options`: a record, a period, a week, a month, whose report, a stated purpose,
full ID numbers), the formats it comes in, the permission its output needs and whether a
purpose must be stated, how it is `build`t from a `Request`, and how its output is audited.
Saving goes through `services/output.save_document` (the one safe write, audited).

Nothing heavy is imported here: the command line reads the kinds to build its arguments.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from station_desk.domain.documents import (
    MediationDocument,
    MeetingDocument,
    OpinionDocument,
    ReportDocument,
    RosterDocument,
    YouthDocument,
)
from station_desk.domain.enums import LabelledEnum
from station_desk.domain.roles import Permission
from station_desk.i18n import N_

if TYPE_CHECKING:
    from station_desk.domain.accounts import Principal
    from station_desk.services.container import Services


@dataclass(frozen=True)
class Request:
    """What one document is made of (the fields its kind uses), and how it is shown."""

    record_id: str = ""  # the meeting, case, subject or team
    item_id: str = ""  # a part of that record: a mediation or guidance session
    date_from: date | None = None  # a period; its first day (a week's Monday, a month's 1st)
    date_to: date | None = None
    person: str = ""  # whose duty report (user id)
    subject: str = ""  # what the audit entry says it is about (the week, the month, a team…)
    purpose: str = ""  # stated for sealed records
    full_ids: bool = False
    language: str = ""
    fmt: str = "pdf"  # "pdf" or "xlsx"


Build = Callable[["Services", "Principal", Request], bytes]
Audit = Callable[["Services", "Principal", Request, str, str], None]  # (…, how, target)


def _period(request: Request) -> tuple[date, date]:
    assert request.date_from is not None and request.date_to is not None
    return request.date_from, request.date_to


@dataclass(frozen=True)
class DocumentKind:
    name: str  # `station-desk print NAME`
    document: LabelledEnum  # the module's document: its value in the audit trail, its label
    help: str  # message id for `station-desk print --help`; "" = not on the command line
    build: Build
    audit: Audit  # records an output: how "print" (the printer) or "save" (the path)
    options: tuple[str, ...] = ()  # see `cli/printing.py`: "record", "item", "period", …
    record: tuple[str, str] = ("", "")  # the record's argument: metavar and help (message id)
    formats: tuple[str, ...] = ("pdf",)
    permission: Permission = Permission.PRINT  # for a PDF; a register (.xlsx) needs EXPORT
    needs_purpose: bool = False
    extra: dict[str, str] = field(default_factory=dict)  # option help texts of this kind
    public_kind: str = ""  # the kind `--public` prints instead (the notice of a briefing)


# -- meetings -------------------------------------------------------------------------------


def _meeting_document(document: MeetingDocument) -> tuple[Build, Audit]:
    def build(services: Services, user: Principal, request: Request) -> bytes:
        return services.meeting_documents.build(
            user, request.record_id, document, request.language
        )

    def audit(services: Services, user: Principal, request: Request, how: str, target: str) -> None:
        services.meeting_documents.record_output(user, request.record_id, document, how, target)

    return build, audit


MEETING_ID = ("MEETING_ID", N_("the meeting's id"))
MINUTES = DocumentKind(
    "minutes",
    MeetingDocument.MINUTES,
    N_("the minutes of a meeting (会议记录)"),
    *_meeting_document(MeetingDocument.MINUTES),
    options=("record",),
    record=MEETING_ID,
)
SIGN_IN = DocumentKind(
    "sign-in",
    MeetingDocument.SIGN_IN,
    N_("the sign-in sheet of a meeting (签到表)"),
    *_meeting_document(MeetingDocument.SIGN_IN),
    options=("record",),
    record=MEETING_ID,
)


MEETING_DOCUMENTS = {MeetingDocument.MINUTES: MINUTES, MeetingDocument.SIGN_IN: SIGN_IN}


# -- mediation ------------------------------------------------------------------------------


def _agreement_audit(
    services: Services, user: Principal, request: Request, how: str, target: str
) -> None:
    services.mediation.record_print(
        user, request.record_id, MediationDocument.AGREEMENT, how, target,
        {"full_ids": request.full_ids},
    )


def _record_audit(services: Services, user: Principal, request: Request, how: str, target: str) -> None:
    case_id = request.record_id or services.mediation.get_session(user, request.item_id)[0].id
    services.mediation.record_print(
        user, case_id, MediationDocument.RECORD, how, target,
        {"session_id": request.item_id, "full_ids": request.full_ids},
    )


def _register(registers: Callable[[Services], Any]) -> Build:
    """A register of a period (.pdf or .xlsx) made by the service `registers` names."""

    def build(services: Services, user: Principal, request: Request) -> bytes:
        period = (user, *_period(request), request.language)
        if request.fmt == "xlsx":
            return registers(services).register_xlsx(*period)
        return registers(services).register_pdf(*period)

    return build


def _period_details(request: Request) -> dict[str, object]:
    """The audit details of a period's document: its first and last day."""
    date_from, date_to = _period(request)
    return {"from": date_from.isoformat(), "to": date_to.isoformat()}


def _register_audit(
    services: Services, user: Principal, request: Request, how: str, target: str
) -> None:
    document = MediationDocument.REGISTER_XLSX if request.fmt == "xlsx" else MediationDocument.REGISTER
    details = {**_period_details(request), "full_ids": False}
    services.mediation.record_print(user, None, document, how, target, details)


AGREEMENT = DocumentKind(
    "agreement",
    MediationDocument.AGREEMENT,
    N_("the mediation agreement of a case (调解协议书)"),
    lambda services, user, request: services.mediation.agreement_pdf(
        user, request.record_id, request.language, request.full_ids
    ),
    _agreement_audit,
    options=("record", "party_ids"),
    record=("CASE_ID", N_("the record's id")),
)
MEDIATION_RECORD = DocumentKind(
    "mediation-record",
    MediationDocument.RECORD,
    N_("the record of a mediation session (调解笔录)"),
    lambda services, user, request: services.mediation.record_pdf(
        user, request.item_id, request.language, request.full_ids
    ),
    _record_audit,
    options=("item", "party_ids"),
    record=("SESSION_ID", N_("the record's id")),
)
MEDIATION_REGISTER = DocumentKind(
    "mediation-register",
    MediationDocument.REGISTER,
    N_("the mediation register of a period (调解台账), .pdf or .xlsx"),
    _register(lambda services: services.mediation),
    _register_audit,
    options=("period",),
    formats=("pdf", "xlsx"),
)


# -- volunteers, the roster, the duty log ---------------------------------------------------


def _roster_audit(
    document: RosterDocument, describe: Callable[[Services, Principal, Request], str] | None = None
) -> Audit:
    """Audit through the volunteers' output record, about `request.subject` (or, from the
    command line, what `describe` says); a register (.xlsx) saved is an export."""

    def audit(services: Services, user: Principal, request: Request, how: str, target: str) -> None:
        way = "export" if how == "save" and request.fmt == "xlsx" else how
        subject = request.subject or (describe(services, user, request) if describe else "")
        services.rosters.record_output(user, document, way, target, subject)

    return audit


def _week(services: Services, user: Principal, request: Request) -> str:
    assert request.date_from is not None
    return request.date_from.strftime("%G-W%V")


def _month(services: Services, user: Principal, request: Request) -> str:
    assert request.date_from is not None
    return request.date_from.strftime("%Y-%m")


def _whose_period(services: Services, user: Principal, request: Request) -> str:
    whose = request.person or user.user_id
    return services.duty.report_subject(services.duty.report(user, whose, *_period(request)))


def _weekly_roster(services: Services, user: Principal, request: Request) -> bytes:
    assert request.date_from is not None
    team = request.record_id or None
    if request.fmt == "xlsx":
        return services.rosters.weekly_roster_xlsx(user, request.date_from, team)
    return services.rosters.weekly_roster_pdf(user, request.date_from, request.language, team)


def _monthly_hours(services: Services, user: Principal, request: Request) -> bytes:
    assert request.date_from is not None
    if request.fmt == "xlsx":
        return services.rosters.monthly_hours_xlsx(user, request.date_from)
    return services.rosters.monthly_hours_pdf(user, request.date_from, request.language)


def _duty_report(services: Services, user: Principal, request: Request) -> bytes:
    whose = request.person or user.user_id
    if request.fmt == "xlsx":
        return services.duty.entries_xlsx(user, whose, *_period(request))
    return services.duty.report_pdf(user, whose, *_period(request), request.language)


def _roster_list(services: Services, user: Principal, request: Request) -> bytes:
    team = request.record_id or None
    if request.fmt == "xlsx":
        return services.volunteers.roster_list_xlsx(user, team)
    return services.volunteers.roster_list_pdf(user, request.language, team)


WEEKLY_ROSTER = DocumentKind(
    "roster",
    RosterDocument.WEEKLY_ROSTER,
    N_("the weekly patrol roster (巡逻排班表)"),
    _weekly_roster,
    _roster_audit(RosterDocument.WEEKLY_ROSTER, _week),
    options=("week",),
)
DUTY_REPORT = DocumentKind(
    "duty-report",
    RosterDocument.DUTY_REPORT,
    N_("the duty report of a user for a period (勤务报告)"),
    _duty_report,
    _roster_audit(RosterDocument.DUTY_REPORT, _whose_period),
    options=("person", "period"),
)
VOLUNTEER_HOURS = DocumentKind(
    "volunteer-hours",
    RosterDocument.MONTHLY_HOURS,
    N_("the volunteers' monthly service hours (志愿者服务时长月报), .pdf or .xlsx"),
    _monthly_hours,
    _roster_audit(RosterDocument.MONTHLY_HOURS, _month),
    options=("month",),
    formats=("pdf", "xlsx"),
)
ROSTER_LIST = DocumentKind(
    "roster-list",
    RosterDocument.ROSTER_LIST,
    "",  # printed from the window and exported; not a command
    _roster_list,
    _roster_audit(RosterDocument.ROSTER_LIST),
    formats=("pdf", "xlsx"),
)


# -- youth guidance (sealed) ----------------------------------------------------------------


def _youth_audit(document: YouthDocument) -> Audit:
    def audit(services: Services, user: Principal, request: Request, how: str, target: str) -> None:
        details: dict[str, object] = {}
        if request.item_id:
            details["session_id"] = request.item_id
        if document is YouthDocument.STATISTICS:
            details = {
                "from": request.date_from.isoformat() if request.date_from else "",
                "to": request.date_to.isoformat() if request.date_to else "",
            }
        subject = request.record_id or None
        services.youth.record_output(
            user, subject, document, how, target, request.purpose, details or None
        )

    return audit


YOUTH_FILE = DocumentKind(
    "youth-file",
    YouthDocument.FILE,
    N_("the guidance file of a youth-guidance subject (帮教档案; sealed)"),
    lambda services, user, request: services.youth.file_pdf(
        user, request.record_id, request.purpose, request.language, request.full_ids
    ),
    _youth_audit(YouthDocument.FILE),
    options=("record", "purpose", "full_ids"),
    record=("SUBJECT_ID", N_("the subject's id")),
    needs_purpose=True,
    extra={"purpose": N_("why the sealed file is printed (recorded in the audit trail)")},
)
YOUTH_SESSION_RECORD = DocumentKind(
    "youth-session-record",
    YouthDocument.SESSION_RECORD,
    "",  # printed from the file in the window only
    lambda services, user, request: services.youth.session_record_pdf(
        user, request.item_id, request.purpose, request.language
    ),
    _youth_audit(YouthDocument.SESSION_RECORD),
    needs_purpose=True,
)
YOUTH_STATISTICS = DocumentKind(
    "youth-statistics",
    YouthDocument.STATISTICS,
    N_("the count-only youth-guidance statistics (帮教统计表; no names)"),
    lambda services, user, request: services.youth.statistics_pdf(
        user, request.date_from, request.date_to, request.language
    ),
    _youth_audit(YouthDocument.STATISTICS),
    options=("optional period", "optional purpose"),
    extra={"purpose": N_("why the sheet is printed (optional; recorded in the audit trail)")},
)


# -- the residents' desk: the opinion register ----------------------------------------------


def _opinion_register_audit(
    services: Services, user: Principal, request: Request, how: str, target: str
) -> None:
    document = OpinionDocument.REGISTER_XLSX if request.fmt == "xlsx" else OpinionDocument.REGISTER
    services.opinions.record_output(user, None, document, how, target, _period_details(request))


OPINION_REPLY_SLIP = DocumentKind(
    "opinion-reply",
    OpinionDocument.REPLY_SLIP,
    N_("the reply slip of an opinion (意见回复单)"),
    lambda services, user, request: services.opinions.reply_slip_pdf(
        user, request.record_id, request.language
    ),
    lambda services, user, request, how, target: services.opinions.record_output(
        user, request.record_id, OpinionDocument.REPLY_SLIP, how, target
    ),
    options=("record",),
    record=("OPINION_ID", N_("the opinion's id")),
)
OPINION_REGISTER = DocumentKind(
    "opinion-register",
    OpinionDocument.REGISTER,
    N_("the opinion register of a period (意见建议登记台账), .pdf or .xlsx"),
    _register(lambda services: services.opinions),
    _opinion_register_audit,
    options=("period",),
    formats=("pdf", "xlsx"),
)


# -- compiled reports: the 述职报告, the 警情通报 and its public notice -----------------------


def _quarter_of(request: Request) -> tuple[str, object]:
    from station_desk.domain.work_reports import Quarter

    assert request.date_from is not None
    return request.person, Quarter.of(request.date_from)


def _work_report(services: Services, user: Principal, request: Request) -> bytes:
    whose, quarter = _quarter_of(request)
    return services.work_reports.report_pdf(user, whose or user.user_id, quarter, request.language)  # type: ignore[arg-type]


def _work_report_audit(services: Services, user: Principal, request: Request, how: str, target: str) -> None:
    whose, quarter = _quarter_of(request)
    services.work_reports.record_output(user, whose or user.user_id, quarter, how, target)  # type: ignore[arg-type]


WORK_REPORT = DocumentKind(
    "work-report",
    ReportDocument.WORK_REPORT,
    N_("the quarterly accountability report of a user (述职报告)"),
    _work_report,
    _work_report_audit,
    options=("quarter", "person"),
    extra={"person": N_("whose report (user name or display name; default: the --user)")},
)


def _briefing_kind(public: bool) -> tuple[Build, Audit]:
    def build(services: Services, user: Principal, request: Request) -> bytes:
        return services.briefings.document_pdf(user, *_period(request), request.language, public)

    def audit(services: Services, user: Principal, request: Request, how: str, target: str) -> None:
        services.briefings.record_output(user, *_period(request), public, how, target)

    return build, audit


BRIEFING = DocumentKind(
    "briefing",
    ReportDocument.BRIEFING,
    N_("the police situation briefing of a period (警情通报); --public: the notice for the board"),
    *_briefing_kind(False),
    options=("period", "public"),
    extra={"public": N_("the public notice (警情公示): no personal data at all")},
    public_kind="public-notice",
)
PUBLIC_NOTICE = DocumentKind(
    "public-notice",
    ReportDocument.PUBLIC_NOTICE,
    "",  # `print briefing --public`
    *_briefing_kind(True),
    options=("period",),
)
