"""The `station-desk` command: starts the window, or does one job without it.

    station-desk [--data-dir DIR] [--lang zh_CN|zh_TW|en]   the window (the GUI)
    station-desk --demo [--lang ...]                        the window on a throwaway demo room
    station-desk demo --data-dir DIR [--scale N]            fill a folder with demo records
    station-desk check [--data-dir DIR]                     integrity check + audit chain
    station-desk audit verify [--data-dir DIR]              recompute the audit hash chain
    station-desk list accounts --user NAME [--json]         records, read as a signed-in user
    station-desk list meetings|contacts --user NAME [--json]
    station-desk print minutes|sign-in MEETING_ID -o FILE.pdf --user NAME
    station-desk list mediation --user NAME [--json]
    station-desk print agreement CASE_ID -o FILE.pdf [--masked-ids] --user NAME
    station-desk print mediation-record SESSION_ID -o FILE.pdf [--masked-ids] --user NAME
    station-desk print mediation-register --from DATE --to DATE -o FILE.pdf|.xlsx --user NAME
    station-desk list volunteers --user NAME [--json]
    station-desk import volunteers FILE.xlsx|.csv [--dry-run] --user NAME
    station-desk print roster --week YYYY-Www -o FILE.pdf --user NAME
    station-desk print duty-report [--of NAME] --from DATE --to DATE -o FILE.pdf --user NAME
    station-desk print volunteer-hours --month YYYY-MM -o FILE.pdf|.xlsx --user NAME
    station-desk list youth --user NAME [--json]            sealed: masked names, no ID numbers
    station-desk print youth-file SUBJECT_ID -o FILE.pdf --purpose TEXT [--full-ids] --user NAME
    station-desk print youth-statistics [--from DATE] [--to DATE] -o FILE.pdf --user NAME

Commands that read or change records sign in like the window does (`--user NAME`, the password
from STATION_DESK_PASSWORD or a prompt) and are audited the same way; see `authenticated()`.
A module adds its list with one line in `LIST_KINDS`.

Exit codes: 0 done, 1 a known failure (one line on stderr, `station-desk: error: ...`), 2 bad
arguments. Only real bugs show a traceback. Start-up stays fast: Qt is imported only when the
window starts and the database layers only when a command needs them; never reportlab.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, is_dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from station_desk import __version__, i18n
from station_desk.cli_exchange import add_exchange_commands
from station_desk.errors import StationDeskError
from station_desk.i18n import N_, _

if TYPE_CHECKING:
    from station_desk.domain.accounts import Principal
    from station_desk.services.container import Services
    from station_desk.services.demo import DemoResult

PROG = "station-desk"
PASSWORD_ENV = "STATION_DESK_PASSWORD"
EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class UsageError(Exception):
    """Bad command-line arguments (exit code 2)."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors become one line instead of usage text and an exit."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(_("{message} (see {prog} --help)").format(message=message, prog=self.prog))


# -- lists --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListKind:
    """One kind of `station-desk list KIND`: what it shows and how to fetch it for a user.

    `fetch(services, principal)` returns DTOs (dataclasses) or dicts; the service checks the
    user's permission and audits the read, as it does for the window. `columns` are the fields
    the text table shows; `--json` gives every field.
    """

    help: str  # message id, translated when the parser is built
    fetch: Callable[[Services, Principal], Sequence[Any]]
    columns: tuple[str, ...]


LIST_KINDS: dict[str, ListKind] = {
    "accounts": ListKind(
        N_("user accounts (administrators only)"),
        lambda services, user: services.accounts.list_accounts(user),
        ("username", "display_name", "role", "badge_number", "active", "last_login_at"),
    ),
    "meetings": ListKind(
        N_("meetings, newest first (the latest 500)"),
        lambda services, user: services.meetings.list_meetings(user, _all_meetings()),
        ("id", "starts_at", "meeting_type", "title", "place", "host", "status"),
    ),
    "contacts": ListKind(
        N_("contact people of the partner organisations"),
        lambda services, user: services.contacts.search_people(user),
        ("name", "organisation_name", "position", "is_conduct_supervisor", "mobile", "landline"),
    ),
    "mediation": ListKind(
        N_("mediation cases, newest first (the latest 500)"),
        lambda services, user: services.mediation.list_cases(user, _all_cases()),
        ("id", "case_number", "received_on", "title", "party_names", "status", "days_left"),
    ),
    "volunteers": ListKind(
        N_("volunteers of the patrol teams (the first 500)"),
        lambda services, user: services.volunteers.search(user),
        ("name", "team_name", "role", "status", "phone", "join_date", "insurance_until"),
    ),
    "youth": ListKind(
        N_("youth-guidance subjects you may see (sealed: names masked, no ID numbers)"),
        lambda services, user: services.youth.list_subjects(user),
        ("id", "masked_name", "age", "group", "risk_grade", "status", "next_due", "officer_name"),
    ),
}

# `station-desk print DOCUMENT`: the meeting documents (values of MeetingDocument).
PRINT_DOCUMENTS = {
    "minutes": N_("the minutes of a meeting (会议记录)"),
    "sign-in": N_("the sign-in sheet of a meeting (签到表)"),
}


# `station-desk print DOCUMENT` for the mediation documents: (help, what the argument is).
MEDIATION_DOCUMENTS = {
    "agreement": (N_("the mediation agreement of a case (调解协议书)"), "CASE_ID"),
    "mediation-record": (N_("the record of a mediation session (调解笔录)"), "SESSION_ID"),
    "mediation-register": (
        N_("the mediation register of a period (调解台账), .pdf or .xlsx"),
        None,
    ),
}


# `station-desk print DOCUMENT` for the volunteer documents.
VOLUNTEER_DOCUMENTS = {
    "roster": N_("the weekly patrol roster (巡逻排班表)"),
    "duty-report": N_("the duty report of a user for a period (勤务报告)"),
    "volunteer-hours": N_(
        "the volunteers' monthly service hours (志愿者服务时长月报), .pdf or .xlsx"
    ),
}


# `station-desk print DOCUMENT` for the youth-guidance documents.
YOUTH_DOCUMENTS = {
    "youth-file": N_("the guidance file of a youth-guidance subject (帮教档案; sealed)"),
    "youth-statistics": N_("the count-only youth-guidance statistics (帮教统计表; no names)"),
}


def _all_cases() -> Any:
    from station_desk.domain.mediation import CaseQuery

    return CaseQuery()


def _all_meetings() -> Any:
    from station_desk.domain.meetings import MeetingQuery

    return MeetingQuery()


# -- arguments ----------------------------------------------------------------------------


def _language(value: str) -> str:
    wanted = value.replace("-", "_").lower()
    for language in i18n.SUPPORTED_LANGUAGES:
        if language.lower() == wanted:
            return language
    choices = ", ".join(i18n.SUPPORTED_LANGUAGES)
    raise argparse.ArgumentTypeError(
        _("unknown language {value!r} (choose from {choices})").format(value=value, choices=choices)
    )


def _folder(value: str) -> Path:
    if not value.strip():
        raise argparse.ArgumentTypeError(_("the folder name is empty"))
    return Path(value).expanduser()


def _day(value: str) -> date:
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("not a date: {value!r} (write it as 2026-03-01)").format(value=value)
        ) from None
    return in_period_range(day, value)


def in_period_range(day: date, value: str) -> date:
    """`day` when a report or export may cover it (years 2000–2100), else a usage error."""
    from station_desk.domain.validators import check_period_day
    from station_desk.errors import ValidationError

    try:
        return check_period_day(day, value)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _week(value: str) -> date:
    from station_desk.domain.duty import parse_week
    from station_desk.errors import ValidationError

    try:
        monday = parse_week(value)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return in_period_range(monday, value)


def _month(value: str) -> date:
    from station_desk.domain.validators import parse_month
    from station_desk.errors import ValidationError

    try:
        first = parse_month(value)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return in_period_range(first, value)


def _scale(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(_("the scale must be a whole number from 1 up"))
    return number


def _common_options(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: a value given before the command is not overwritten by the command's default.
    parser.add_argument(
        "--data-dir",
        type=_folder,
        default=argparse.SUPPRESS,
        metavar="DIR",
        help=_("the data folder (default: the user's Station Desk folder)"),
    )
    parser.add_argument(
        "--lang",
        type=_language,
        default=argparse.SUPPRESS,
        metavar="LANG",
        help=_("language: zh_CN, zh_TW or en (default: the system language)"),
    )


def build_parser() -> argparse.ArgumentParser:
    """The whole command line; help texts are translated into the current language."""
    parser = _Parser(
        prog=PROG,
        allow_abbrev=False,
        description=_("Station Desk (警务室工作台): the community police room's workstation."),
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    _common_options(parser)
    parser.add_argument(
        "--demo",
        action="store_true",
        help=_("open the window on a new throwaway demo room (deleted when the window closes)"),
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help=_("check that this installation works (headless, in a temporary folder) and exit"),
    )
    common = _Parser(add_help=False, allow_abbrev=False)
    _common_options(common)
    as_user = _Parser(add_help=False, allow_abbrev=False)
    as_user.add_argument(
        "--user",
        required=True,
        metavar="NAME",
        help=_("sign in as this user; the password comes from {env} or a prompt").format(
            env=PASSWORD_ENV
        ),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    demo = commands.add_parser(
        "demo",
        parents=[common],
        allow_abbrev=False,
        help=_("create or fill a data folder with demo records"),
    )
    demo.add_argument(
        "--scale",
        type=_scale,
        default=1,
        metavar="N",
        help=_(
            "how much data: 1 is a few weeks of work; 100 is about 100,000 records "
            "once every module has demo data"
        ),
    )
    demo.set_defaults(handler=cmd_demo)

    check = commands.add_parser(
        "check",
        parents=[common],
        allow_abbrev=False,
        help=_("check the database's integrity and the audit trail (changes nothing)"),
    )
    check.set_defaults(handler=cmd_check)

    audit = commands.add_parser("audit", allow_abbrev=False, help=_("the audit trail"))
    audit_commands = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = audit_commands.add_parser(
        "verify",
        parents=[common],
        allow_abbrev=False,
        help=_("recompute the audit hash chain and name the first entry that does not match"),
    )
    verify.set_defaults(handler=cmd_audit_verify)

    listing = commands.add_parser("list", allow_abbrev=False, help=_("list records as a user"))
    kinds = listing.add_subparsers(dest="kind", metavar="KIND", required=True)
    for name, kind in LIST_KINDS.items():
        sub = kinds.add_parser(
            name, parents=[common, as_user], allow_abbrev=False, help=_(kind.help)
        )
        sub.add_argument("--json", action="store_true", help=_("print JSON instead of a table"))
        sub.set_defaults(handler=cmd_list)

    printing = commands.add_parser(
        "print", allow_abbrev=False, help=_("write a document as a PDF (or .xlsx) file")
    )
    documents = printing.add_subparsers(dest="document", metavar="DOCUMENT", required=True)
    for name, help_text in PRINT_DOCUMENTS.items():
        sub = documents.add_parser(
            name, parents=[common, as_user], allow_abbrev=False, help=_(help_text)
        )
        sub.add_argument("meeting_id", metavar="MEETING_ID", help=_("the meeting's id"))
        sub.add_argument(
            "-o",
            "--output",
            required=True,
            type=_folder,
            metavar="FILE",
            help=_("the PDF file to write (replaced if it exists)"),
        )
        sub.set_defaults(handler=cmd_print)
    for name, (help_text, metavar) in MEDIATION_DOCUMENTS.items():
        sub = documents.add_parser(
            name, parents=[common, as_user], allow_abbrev=False, help=_(help_text)
        )
        if metavar is not None:
            sub.add_argument("record_id", metavar=metavar, help=_("the record's id"))
        else:
            sub.add_argument("--from", dest="date_from", required=True, type=_day, metavar="DATE")
            sub.add_argument("--to", dest="date_to", required=True, type=_day, metavar="DATE")
        if name in ("agreement", "mediation-record"):
            _add_legal_instrument_ids(sub)
        sub.add_argument(
            "-o",
            "--output",
            required=True,
            type=_folder,
            metavar="FILE",
            help=_("the file to write (replaced if it exists)"),
        )
        sub.set_defaults(handler=cmd_print_mediation)
    for name, help_text in VOLUNTEER_DOCUMENTS.items():
        sub = documents.add_parser(
            name, parents=[common, as_user], allow_abbrev=False, help=_(help_text)
        )
        if name == "roster":
            sub.add_argument("--week", required=True, type=_week, metavar="YYYY-Www")
        elif name == "duty-report":
            sub.add_argument(
                "--of",
                dest="of",
                metavar="NAME",
                help=_("whose duty report (user name or display name; default: the --user)"),
            )
            sub.add_argument("--from", dest="date_from", required=True, type=_day, metavar="DATE")
            sub.add_argument("--to", dest="date_to", required=True, type=_day, metavar="DATE")
        else:
            sub.add_argument("--month", required=True, type=_month, metavar="YYYY-MM")
        sub.add_argument(
            "-o",
            "--output",
            required=True,
            type=_folder,
            metavar="FILE",
            help=_("the file to write (replaced if it exists)"),
        )
        sub.set_defaults(handler=cmd_print_volunteers)
    for name, help_text in YOUTH_DOCUMENTS.items():
        sub = documents.add_parser(
            name, parents=[common, as_user], allow_abbrev=False, help=_(help_text)
        )
        if name == "youth-file":
            sub.add_argument("record_id", metavar="SUBJECT_ID", help=_("the subject's id"))
            sub.add_argument(
                "--purpose",
                required=True,
                metavar="TEXT",
                help=_("why the sealed file is printed (recorded in the audit trail)"),
            )
            sub.add_argument("--full-ids", action="store_true", help=_("print the full ID numbers"))
        else:
            sub.add_argument("--from", dest="date_from", type=_day, metavar="DATE")
            sub.add_argument("--to", dest="date_to", type=_day, metavar="DATE")
            sub.add_argument(
                "--purpose",
                default="",
                metavar="TEXT",
                help=_("why the sheet is printed (optional; recorded in the audit trail)"),
            )
        sub.add_argument(
            "-o",
            "--output",
            required=True,
            type=_folder,
            metavar="FILE",
            help=_("the PDF file to write (replaced if it exists)"),
        )
        sub.set_defaults(handler=cmd_print_youth)

    importing = commands.add_parser(
        "import", allow_abbrev=False, help=_("import volunteers from a spreadsheet")
    )
    imports = importing.add_subparsers(dest="kind", metavar="KIND", required=True)
    volunteers = imports.add_parser(
        "volunteers",
        parents=[common, as_user],
        allow_abbrev=False,
        help=_("import volunteers from a spreadsheet"),
    )
    volunteers.add_argument("file", type=_folder, metavar="FILE", help="FILE.xlsx|.csv")
    volunteers.add_argument(
        "--dry-run", action="store_true", help=_("show what would be imported; save nothing")
    )
    volunteers.set_defaults(handler=cmd_import_volunteers)
    add_exchange_commands(commands, (common, as_user))
    return parser


def _prescan_language(argv: Sequence[str]) -> str | None:
    """The --lang value, read before parsing so that help and errors are in that language."""
    for index, arg in enumerate(argv):
        value = None
        if arg == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        if value is not None:
            try:
                return _language(value)
            except argparse.ArgumentTypeError:
                return None
    return None


def data_dir_of(args: argparse.Namespace) -> Path:
    given = getattr(args, "data_dir", None)
    if given is not None:
        return Path(given)
    from station_desk.paths import default_data_dir

    return default_data_dir()


def language_of(args: argparse.Namespace) -> str | None:
    return getattr(args, "lang", None)


# -- signing in ---------------------------------------------------------------------------


def read_password(username: str) -> str:
    """The password from STATION_DESK_PASSWORD, else a prompt; an error when neither can be."""
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env is not None:
        return from_env
    if not sys.stdin.isatty():
        raise StationDeskError(
            _("No password: set {env} or run the command in a terminal.").format(env=PASSWORD_ENV)
        )
    return getpass.getpass(_("Password for {user}: ").format(user=username))


@contextmanager
def authenticated(args: argparse.Namespace) -> Iterator[tuple[Services, Principal]]:
    """Open the data folder and sign in as `--user`, like the window's login (and audited).

    Signs out and closes the database when the block ends. Use it in every command that reads
    or changes records: `with authenticated(args) as (services, user): ...`.
    """
    from station_desk.app import open_services
    from station_desk.services.maintenance import existing_database

    data_dir = data_dir_of(args)
    existing_database(data_dir)  # never create an empty database just to sign in to it
    password = read_password(args.user)
    services = open_services(data_dir)
    try:
        if not services.accounts.is_set_up():
            raise StationDeskError(
                _("Station Desk is not set up in {path} yet; start the window once.").format(
                    path=data_dir
                )
            )
        user = services.accounts.authenticate(args.user, password)
        try:
            yield services, user
        finally:
            services.accounts.logout(user)
    finally:
        services.close()


# -- commands -----------------------------------------------------------------------------


def cmd_gui(args: argparse.Namespace) -> int:
    from station_desk.app import run_gui

    return run_gui(data_dir_of(args), language_of(args))


def cmd_demo_gui(args: argparse.Namespace) -> int:
    import shutil
    import tempfile

    from station_desk.app import DemoLogin, run_gui
    from station_desk.services.demo import create_demo

    data_dir = Path(tempfile.mkdtemp(prefix="station-desk-demo-"))
    try:
        result = create_demo(data_dir, 1, language_of(args) or "zh_CN")
        _print_demo(result)
        return run_gui(
            data_dir, language_of(args), DemoLogin(result.admin_username, result.password)
        )
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def cmd_demo(args: argparse.Namespace) -> int:
    from station_desk.db.database import prepare_data_dir
    from station_desk.instance_lock import InstanceLock
    from station_desk.services.demo import create_demo

    if getattr(args, "data_dir", None) is None:
        raise UsageError(_("the demo command needs --data-dir DIR (use a new folder)"))
    data_dir = data_dir_of(args)
    prepare_data_dir(data_dir)
    with InstanceLock(data_dir):
        result = create_demo(data_dir, args.scale, language_of(args) or "zh_CN")
    _print_demo(result)
    return EXIT_OK


def _print_demo(result: DemoResult) -> None:
    print(_("Demo data folder: {path}").format(path=result.data_dir.resolve()))
    print(_("Records added: {n}").format(n=result.records_created))
    print(_("User names: {names}").format(names=", ".join(result.usernames)))
    print(_("Password (all demo users): {password}").format(password=result.password))


def cmd_check(args: argparse.Namespace) -> int:
    from station_desk.services.maintenance import check_data_dir

    report = check_data_dir(data_dir_of(args))
    for result in report.results:
        mark = _("OK") if result.ok else _("FAILED")
        print(f"{mark:<7}{result.name}: {result.detail}")
        for problem in result.problems:
            print(f"       - {problem}")
    if report.ok:
        print(_("The database in {path} is sound.").format(path=report.data_dir))
        return EXIT_OK
    _error(_("the check found problems in {path} (listed above)").format(path=report.data_dir))
    return EXIT_FAILURE


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from station_desk.services.maintenance import verify_audit

    report = verify_audit(data_dir_of(args))
    if report.ok:
        print(_("OK: {n} entries").format(n=report.entries_checked))
        return EXIT_OK
    print(
        _(
            "FAILED: entry seq={seq} does not match: {problem} ({n} entries before it are intact)"
        ).format(seq=report.first_bad_seq, problem=report.problem, n=report.entries_checked)
    )
    return EXIT_FAILURE


def cmd_list(args: argparse.Namespace) -> int:
    kind = LIST_KINDS[args.kind]
    with authenticated(args) as (services, user):
        rows = [_as_dict(item) for item in kind.fetch(services, user)]
        if args.kind == "mediation" and args.json:
            _add_mediation_sessions(services, user, rows)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2, default=_json_value))
    else:
        print(format_table(rows, kind.columns))
    return EXIT_OK


def _add_mediation_sessions(
    services: Services, user: Principal, rows: list[dict[str, Any]]
) -> None:
    """Give each case of `list mediation --json` its sessions ({id, starts_at}, oldest first):
    the SESSION_ID that `print mediation-record` asks for."""
    for row in rows:
        detail = services.mediation.get(user, row["id"])
        sessions = sorted(detail.sessions, key=lambda entry: entry.starts_at)
        row["sessions"] = [{"id": entry.id, "starts_at": entry.starts_at} for entry in sessions]


def _add_legal_instrument_ids(parser: argparse.ArgumentParser) -> None:
    """The agreement and the session record are signed and kept by the parties: they carry
    the full ID numbers unless --masked-ids (--full-ids, the old switch, is the default)."""
    ids = parser.add_mutually_exclusive_group()
    ids.add_argument(
        "--masked-ids",
        action="store_true",
        help=_("show only the last four characters of ID numbers and phones"),
    )
    ids.add_argument(
        "--full-ids",
        action="store_true",
        help=_("print the full ID numbers (the default for documents the parties sign)"),
    )


def cmd_print(args: argparse.Namespace) -> int:
    """Write a meeting's minutes or sign-in sheet to a file (audited as a print)."""
    from station_desk.domain.meetings import MeetingDocument

    document = MeetingDocument(args.document)
    with authenticated(args) as (services, user):
        language = i18n.current_language()
        data = services.printing.meeting_document(user, args.meeting_id, document, language)
        saved = services.printing.save_pdf(user, args.meeting_id, document, data, args.output)
    print(_("Saved: {path}").format(path=saved))
    return EXIT_OK


def cmd_print_mediation(args: argparse.Namespace) -> int:
    """Write a mediation agreement, a session record or the register (audited as output)."""
    from station_desk.domain.mediation import MediationDocument

    output: Path = args.output
    suffix = output.suffix.lower()
    if args.document == "mediation-register" and suffix not in (".pdf", ".xlsx"):
        raise UsageError(_("the register is written as a .pdf or an .xlsx file"))
    with authenticated(args) as (services, user):
        language = i18n.current_language()
        mediation = services.mediation
        details: dict[str, object] = {}
        case_id: str | None = None
        if args.document == "agreement":
            full = not args.masked_ids
            document = MediationDocument.AGREEMENT
            data = mediation.agreement_pdf(user, args.record_id, language, full)
            case_id, details = args.record_id, {"full_ids": full}
        elif args.document == "mediation-record":
            full = not args.masked_ids
            document = MediationDocument.RECORD
            case, _session = mediation.get_session(user, args.record_id)
            data = mediation.record_pdf(user, args.record_id, language, full)
            case_id, details = case.id, {"session_id": args.record_id, "full_ids": full}
        else:
            details = {
                "from": args.date_from.isoformat(),
                "to": args.date_to.isoformat(),
                "full_ids": False,
            }
            if suffix == ".xlsx":
                document = MediationDocument.REGISTER_XLSX
                data = mediation.register_xlsx(user, args.date_from, args.date_to, language)
            else:
                document = MediationDocument.REGISTER
                data = mediation.register_pdf(user, args.date_from, args.date_to, language)
        saved = _save_output(
            lambda target: mediation.record_print(user, case_id, document, "save", target, details),
            data,
            output,
        )
    print(_("Saved: {path}").format(path=saved))
    return EXIT_OK


def cmd_print_volunteers(args: argparse.Namespace) -> int:
    """Write the weekly roster, a duty report or the monthly hours (audited as output)."""
    from station_desk.domain.volunteers import RosterDocument

    output: Path = args.output
    suffix = output.suffix.lower()
    allowed = (".pdf", ".xlsx") if args.document == "volunteer-hours" else (".pdf",)
    if suffix not in allowed:
        raise UsageError(_("the file must end in {suffixes}").format(suffixes=", ".join(allowed)))
    with authenticated(args) as (services, user):
        language = i18n.current_language()
        if args.document == "roster":
            rosters = services.rosters
            data = rosters.weekly_roster_pdf(user, args.week, language)
            subject = args.week.strftime("%G-W%V")
            saved = rosters.save_output(user, RosterDocument.WEEKLY_ROSTER, data, output, subject)
        elif args.document == "duty-report":
            duty = services.duty
            person = duty.find_person(user, args.of) if args.of else None
            user_id = person.user_id if person is not None else user.user_id
            report = duty.report(user, user_id, args.date_from, args.date_to)
            data = duty.report_pdf(user, user_id, args.date_from, args.date_to, language)
            saved = duty.save_output(user, data, output, duty.report_subject(report))
        else:
            rosters = services.rosters
            if suffix == ".xlsx":
                data = rosters.monthly_hours_xlsx(user, args.month)
            else:
                data = rosters.monthly_hours_pdf(user, args.month, language)
            subject = args.month.strftime("%Y-%m")
            saved = rosters.save_output(user, RosterDocument.MONTHLY_HOURS, data, output, subject)
    print(_("Saved: {path}").format(path=saved))
    return EXIT_OK


def cmd_print_youth(args: argparse.Namespace) -> int:
    """Write a subject's guidance file (sealed; needs access and a purpose) or the count-only
    statistics sheet; reading the file is audited as a view, writing it as a save."""
    from station_desk.domain.youth import YouthDocument

    output: Path = args.output
    if output.suffix.lower() != ".pdf":
        raise UsageError(_("the file must end in {suffixes}").format(suffixes=".pdf"))
    with authenticated(args) as (services, user):
        language = i18n.current_language()
        youth = services.youth
        if args.document == "youth-file":
            full = bool(args.full_ids)
            data = youth.file_pdf(user, args.record_id, args.purpose, language, full)
            saved = youth.save_output(
                user, args.record_id, YouthDocument.FILE, data, output, args.purpose
            )
        else:
            data = youth.statistics_pdf(user, args.date_from, args.date_to, language)
            saved = youth.save_output(
                user, None, YouthDocument.STATISTICS, data, output, args.purpose
            )
    print(_("Saved: {path}").format(path=saved))
    return EXIT_OK


def cmd_import_volunteers(args: argparse.Namespace) -> int:
    """Preview a volunteer spreadsheet and, unless --dry-run, import it (all or nothing)."""
    from station_desk.services.volunteer_import import rows_as_text

    with authenticated(args) as (services, user):
        importer = services.volunteer_import
        preview = importer.preview(user, args.file)
        for line in rows_as_text(preview.rows):
            print(line)
        print(preview.summary())
        if preview.new_teams:  # an unknown team name creates a team: say so before it does
            joiner = "、" if i18n.current_language().startswith("zh") else ", "
            print(_("Teams to create: {teams}").format(teams=joiner.join(preview.new_teams)))
        if args.dry_run:
            return EXIT_OK
        if not preview.can_apply:
            if preview.problems or preview.error_rows:
                raise StationDeskError(preview.summary())
            return EXIT_OK
        result = importer.apply(user, preview)
    print(
        _("Imported: {new} new, {updated} updated, {same} unchanged.").format(
            new=result.created, updated=result.updated, same=result.unchanged
        )
    )
    return EXIT_OK


def _save_output(audit: Callable[[str], None], data: bytes, path: Path) -> Path:
    """Write `data` to `path` via a temporary file and a rename; audited before it appears."""
    from station_desk.errors import ValidationError
    from station_desk.services.printing import _discard, _storage_error, _write_temporary

    target = Path(path).expanduser()
    if target.is_dir():
        raise ValidationError(
            "path", _("{path} is a folder; choose a file name.").format(path=target)
        )
    try:
        temporary = _write_temporary(target, data)
    except OSError as exc:
        raise _storage_error(target, exc) from exc
    try:
        audit(str(target.resolve()))
        os.replace(temporary, target)
    except OSError as exc:
        _discard(temporary)
        raise _storage_error(target, exc) from exc
    except BaseException:
        _discard(temporary)
        raise
    return target


# -- output -------------------------------------------------------------------------------


def _as_dict(item: Any) -> dict[str, Any]:
    if is_dataclass(item) and not isinstance(item, type):
        return asdict(item)
    return dict(item)


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone().strftime("%Y-%m-%d %H:%M")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def display_width(text: str) -> int:
    """Columns a terminal uses for `text`: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    """A plain text table aligned for Chinese text; "(none)" when there are no rows."""
    if not rows:
        return _("(none)")
    cells = [[_cell(row.get(column)) for column in columns] for row in rows]
    widths = [
        max(display_width(text) for text in [column, *(line[i] for line in cells)])
        for i, column in enumerate(columns)
    ]
    lines = [list(columns), ["-" * width for width in widths], *cells]
    return "\n".join(
        "  ".join(
            text + " " * (width - display_width(text))
            for text, width in zip(line, widths, strict=True)
        ).rstrip()
        for line in lines
    )


def _error(message: str) -> None:
    label = _("error")
    print(f"{PROG}: {label}: {' '.join(message.split())}", file=sys.stderr)


def _known_failure(exc: BaseException) -> str | None:
    """The one-line message for an expected failure that is not a StationDeskError, else None."""
    if isinstance(exc, OSError):
        where = f": {exc.filename}" if exc.filename else ""
        return f"{exc.strerror or exc}{where}"
    if type(exc).__module__.split(".")[0] in ("sqlite3", "sqlalchemy"):
        from station_desk.db.database import storage_error

        known = storage_error(exc)
        return None if known is None else str(known)
    return None


# -- entry point --------------------------------------------------------------------------


def _dispatch(args: argparse.Namespace) -> int:
    if args.self_test:
        from station_desk import selftest

        return selftest.run()
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    if handler is not None:
        if args.demo:
            raise UsageError(_("--demo starts the window; it cannot be combined with a command"))
        return handler(args)
    if args.demo:
        if getattr(args, "data_dir", None) is not None:
            raise UsageError(_("--demo makes its own throwaway folder; leave out --data-dir"))
        return cmd_demo_gui(args)
    return cmd_gui(args)


class _TerminalSafe:
    """A text stream that escapes control and bidirectional characters before they reach the
    terminal (`terminal_safe`): a record or a file name cannot ring, recolour or reorder it."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        from station_desk.domain.validators import terminal_safe

        self._stream.write(terminal_safe(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextmanager
def _terminal_safe_output() -> Iterator[None]:
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _TerminalSafe(sys.stdout), _TerminalSafe(sys.stderr)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (`--help`/`--version` exit directly).
    What it prints never carries raw control characters (see _TerminalSafe)."""
    with _terminal_safe_output():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    i18n.set_language(_prescan_language(arguments) or i18n.system_language())
    try:
        return _dispatch(build_parser().parse_args(arguments))
    except UsageError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except StationDeskError as exc:
        _error(str(exc))
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        message = _known_failure(exc)
        if message is None:
            raise
        _error(message)
        return EXIT_FAILURE


if __name__ == "__main__":
    raise SystemExit(main())
