"""`station-desk print DOCUMENT`: every document a module declares (`station_desk/documents.py`)
written to a file, through the same build and the same audited save as the window's preview.

What a document is made of (`DocumentKind.options`) becomes its arguments: a record's id, a
period (`--from`, `--to`), a week (`--week`), a month (`--month`), whose report (`--of`), a
stated purpose (`--purpose`), full ID numbers (`--full-ids`); the file's suffix chooses the
format (.pdf, or .xlsx for a register) and is checked before signing in.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from station_desk import i18n
from station_desk.cli.common import (
    EXIT_OK,
    UsageError,
    add_command,
    add_output_option,
    add_period_options,
    authenticated,
    in_period_range,
    month_arg,
    week_arg,
)
from station_desk.i18n import N_, _
from station_desk.modules import document_kinds

if TYPE_CHECKING:
    from station_desk.documents import DocumentKind


def add_print_commands(
    commands: Any, common: argparse.ArgumentParser, as_user: argparse.ArgumentParser
) -> None:
    """`station-desk print DOCUMENT`: one command per document a module declares."""
    printing = add_command(commands, "print", help=_("write a document as a PDF (or .xlsx) file"))
    documents = printing.add_subparsers(dest="document", metavar="DOCUMENT", required=True)
    for kind in document_kinds().values():
        if not kind.help:
            continue
        sub = add_command(documents, kind.name, common, as_user, help=_(kind.help))
        _add_document_options(sub, kind)
        add_output_option(
            sub,
            _("the PDF file to write (replaced if it exists)")
            if kind.formats == ("pdf",)
            else _("the file to write (replaced if it exists)"),
        )
        sub.set_defaults(handler=cmd_print, kind=kind)


def _add_document_options(sub: argparse.ArgumentParser, kind: DocumentKind) -> None:
    for option in kind.options:
        if option in ("record", "item"):
            metavar, help_text = kind.record
            sub.add_argument("record_id", metavar=metavar, help=_(help_text))
        elif option in ("period", "optional period"):
            add_period_options(sub, required=option == "period")
        elif option == "week":
            sub.add_argument("--week", dest="date_from", required=True, type=week_arg, metavar="YYYY-Www")
        elif option == "month":
            sub.add_argument("--month", dest="date_from", required=True, type=month_arg, metavar="YYYY-MM")
        elif option == "quarter":
            sub.add_argument("--quarter", dest="date_from", required=True, type=quarter_arg, metavar="YYYY-Qn")
        elif option == "public":
            sub.add_argument("--public", action="store_true", help=_(kind.extra["public"]))
        elif option == "person":
            sub.add_argument(
                "--of",
                dest="person",
                metavar="NAME",
                help=_(kind.extra.get("person", N_("whose duty report (user name or display name; default: the --user)"))),
            )
        elif option in ("purpose", "optional purpose"):
            required = option == "purpose"
            sub.add_argument(
                "--purpose",
                required=required,
                default="",
                metavar="TEXT",
                help=_(kind.extra["purpose"]),
            )
        elif option == "full_ids":
            sub.add_argument("--full-ids", action="store_true", help=_("print the full ID numbers"))
        elif option == "party_ids":
            _add_party_ids(sub)


def quarter_arg(value: str) -> date:
    """The first day of a quarter written 2026-Q4 (a usage error otherwise)."""
    from station_desk.domain.work_reports import parse_quarter
    from station_desk.errors import ValidationError

    try:
        return in_period_range(parse_quarter(value).first_day, value)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def _add_party_ids(parser: argparse.ArgumentParser) -> None:
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


def _full_ids(kind: DocumentKind, args: argparse.Namespace) -> bool:
    if "party_ids" in kind.options:
        return not args.masked_ids
    return bool(getattr(args, "full_ids", False))


def cmd_print(args: argparse.Namespace) -> int:
    """Build the document and save it to the file, audited (`services/output.py`)."""
    from station_desk.documents import Request
    from station_desk.services.output import save_document

    kind: DocumentKind = args.kind
    if getattr(args, "public", False):
        kind = document_kinds()[kind.public_kind]
    output: Path = args.output
    fmt = output.suffix.lower().lstrip(".")
    if fmt not in kind.formats:
        suffixes = ", ".join(f".{name}" for name in kind.formats)
        raise UsageError(_("the file must end in {suffixes}").format(suffixes=suffixes))
    record_id = getattr(args, "record_id", "")
    with authenticated(args) as (services, user):
        person = getattr(args, "person", None)
        request = Request(
            record_id="" if "item" in kind.options else record_id,
            item_id=record_id if "item" in kind.options else "",
            date_from=getattr(args, "date_from", None),
            date_to=getattr(args, "date_to", None),
            person=services.duty.find_person(user, person).user_id if person else "",
            purpose=getattr(args, "purpose", ""),
            full_ids=_full_ids(kind, args),
            language=i18n.current_language(),
            fmt=fmt,
        )
        data = kind.build(services, user, request)
        saved = save_document(services, user, kind, request, data, output)
    print(_("Saved: {path}").format(path=saved))
    return EXIT_OK
