"""`station-desk station …`: the station's database on its PostgreSQL server.

    station-desk station init --database-url URL --station NAME --admin NAME
    station-desk station import FOLDER --database-url URL --user NAME [--register]
    station-desk station rooms --database-url URL --user NAME [--json]
    station-desk station conflicts [--room N] [--all] --database-url URL --user NAME [--json]
    station-desk station resolve CONFLICT_ID --keep station|room --database-url URL --user NAME
    station-desk station register KIND --from DATE --to DATE [--room N …] [--json] --user NAME
    station-desk station print KIND --from DATE --to DATE [--room N …] -o FILE.pdf|.xlsx --user NAME

KIND is one of the combined registers: mediation, opinions, volunteer-hours, duty, reception.

The address may also come from STATION_DESK_DATABASE_URL; passwords from
STATION_DESK_PASSWORD or a prompt; the package's passphrase from STATION_DESK_PASSPHRASE or a
prompt. A package from an unknown room asks before registering it (or `--register`).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from station_desk.cli.common import (
    EXIT_FAILURE,
    EXIT_OK,
    UsageError,
    add_command,
    add_output_option,
    add_period_options,
    as_dict,
    authenticated,
    database_url_of,
    format_table,
    print_rows,
    read_password,
)
from station_desk.errors import StationDeskError
from station_desk.i18n import _

EXIT_QUARANTINED = 3  # the package went into quarantine: its room's trail does not continue


# the combined registers' names (services/station_registers.REGISTERS, which imports
# SQLAlchemy: not loaded to build the command line)
REGISTER_NAMES = ("duty", "mediation", "opinions", "reception", "volunteer-hours")

def add_station_commands(
    commands: Any, common: argparse.ArgumentParser, as_user: argparse.ArgumentParser
) -> None:
    station = add_command(
        commands, "station", common,
        help=_("the station's database: import the rooms' packages, decide conflicts"),
    )
    actions = station.add_subparsers(dest="station_command", metavar="ACTION", required=True)

    init = add_command(
        actions, "init", common, handler=cmd_init,
        help=_("create the station's database on its server, with its first administrator"),
    )
    init.add_argument("--station", required=True, metavar="NAME", help=_("the station's name"))
    init.add_argument("--admin", required=True, metavar="NAME", help=_("the administrator's user name"))
    init.add_argument("--display-name", default="", metavar="TEXT", help=_("the administrator's name"))

    package = add_command(
        actions, "import", common, as_user, handler=cmd_import,
        help=_("import one room's export folder into the station's database"),
    )
    package.add_argument("folder", type=Path, metavar="FOLDER", help=_("the room's export folder"))
    package.add_argument(
        "--register", action="store_true",
        help=_("register the package's room if the station does not know it yet, without asking"),
    )

    rooms = add_command(
        actions, "rooms", common, as_user, handler=cmd_rooms,
        help=_("the rooms with their last import, record counts and open conflicts"),
    )
    rooms.add_argument("--json", action="store_true", help=_("print JSON"))

    conflicts = add_command(
        actions, "conflicts", common, as_user, handler=cmd_conflicts,
        help=_("the conflicts waiting for a decision, field by field"),
    )
    conflicts.add_argument("--room", type=int, metavar="N", help=_("only this room (its number)"))
    conflicts.add_argument("--all", action="store_true", help=_("decided ones too"))
    conflicts.add_argument("--json", action="store_true", help=_("print JSON"))

    resolve = add_command(
        actions, "resolve", common, as_user, handler=cmd_resolve,
        help=_("decide one conflict: keep the station's value or take the room's"),
    )
    resolve.add_argument("conflict", type=int, metavar="CONFLICT_ID")
    resolve.add_argument("--keep", required=True, choices=("station", "room"))

    for command, handler, text in (
        ("register", cmd_register, _("list a combined register of the rooms (the room first)")),
        ("print", cmd_print, _("write a combined register of the rooms as a PDF (or .xlsx) file")),
    ):
        sub = add_command(actions, command, common, as_user, handler=handler, help=text)
        sub.add_argument("register", choices=REGISTER_NAMES, metavar="KIND", help=_(
            "the register: {kinds}").format(kinds=", ".join(REGISTER_NAMES)))
        add_period_options(sub)
        sub.add_argument(
            "--room", dest="rooms", type=int, action="append", metavar="N",
            help=_("only this room (its number; repeat for several)"),
        )
        if command == "register":
            sub.add_argument("--json", action="store_true", help=_("print JSON"))
        else:
            add_output_option(sub, _("the file to write (replaced if it exists)"))

    add_command(
        actions, "view", common, as_user, handler=cmd_view,
        help=_("open the station view: rooms, conflicts, the combined registers"),
    )


def _url(args: argparse.Namespace) -> str:
    url = database_url_of(args)
    if url is None:
        raise UsageError(_("give the station's database with --database-url (or STATION_DESK_DATABASE_URL)"))
    return url


def cmd_init(args: argparse.Namespace) -> int:
    from station_desk.db.database import Database
    from station_desk.domain.settings import SetupData
    from station_desk.services.container import Services

    services = Services.for_database(Database.open_server(_url(args)))
    try:
        if services.accounts.is_set_up():
            print(_("The station's database is ready already; nothing was changed."))
            return EXIT_OK
        password = read_password(args.admin)
        if sys.stdin.isatty() and getpass.getpass(_("Again: ")) != password:
            raise StationDeskError(_("The passwords differ; nothing was changed."))
        services.accounts.complete_setup(
            SetupData(
                station_name=args.station,
                room_name=args.station,
                officer_name=args.display_name or args.admin,
                badge_number="",
                username=args.admin,
                password=password,
                language="zh_CN",
            )
        )
    finally:
        services.close()
    print(_("The station's database is ready; sign in as {user}.").format(user=args.admin))
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from station_desk.cli.exchange import read_passphrase
    from station_desk.services.station import StationService, UnknownRoomError, load_package

    _url(args)
    with authenticated(args) as (services, user):
        station = StationService(services.db)
        passphrase = read_passphrase(confirm=False) or ""
        loaded = load_package(args.folder, passphrase)
        try:
            report = station.import_loaded(user, loaded, register_unknown=args.register)
        except UnknownRoomError as unknown:
            if not _confirm(str(unknown) + " " + _("Register it? [y/N] ")):
                raise StationDeskError(str(unknown) + " " + _("Nothing was imported.")) from None
            report = station.import_loaded(user, loaded, register_unknown=True)
    return _print_report(report)


def _confirm(question: str) -> bool:
    if not sys.stdin.isatty():
        return False
    return input(question).strip().lower() in ("y", "yes", "是")


def _print_report(report: Any) -> int:
    if report.status == "unchanged":
        print(_("This package was imported before; nothing changed."))
        return EXIT_OK
    if report.status == "quarantined":
        print(
            _(
                "WARNING: the package of {room} was put into quarantine, not merged: {gap}. "
                "Ask the room what happened to its database."
            ).format(room=report.room, gap=report.gap),
            file=sys.stderr,
        )
        return EXIT_QUARANTINED
    print(
        _(
            "Imported {room}: {created} new, {updated} updated, {deleted} deleted in the room, "
            "{unchanged} unchanged, {older} older than what the station has; "
            "{conflicts} conflict(s) to decide."
        ).format(room=report.room, conflicts=len(report.conflicts), **{
            k: v for k, v in report.counts().items() if k != "conflicts"
        })
    )
    if report.conflicts:
        print(_conflict_table(report.conflicts))
    return EXIT_OK


CONFLICT_COLUMNS = (
    "id", "room", "table_name", "record_key", "field", "station_value", "station_changed_by",
    "station_changed_at", "room_value", "room_changed_by", "room_changed_at", "status", "kept",
)


def _conflict_table(conflicts: list[Any]) -> str:
    return format_table([as_dict(item) for item in conflicts], CONFLICT_COLUMNS)


def cmd_rooms(args: argparse.Namespace) -> int:
    from station_desk.services.station import StationService

    _url(args)
    with authenticated(args) as (services, user):
        rooms = StationService(services.db).rooms(user)
    rows = [
        {**as_dict(room), "record_total": room.record_total} for room in rooms
    ]
    columns = ("id", "name", "last_import_at", "record_total", "open_conflicts", "quarantined")
    print_rows(rows, columns, args.json)
    return EXIT_OK


def cmd_conflicts(args: argparse.Namespace) -> int:
    from station_desk.services.station import StationService

    _url(args)
    with authenticated(args) as (services, user):
        conflicts = StationService(services.db).conflicts(user, args.room, open_only=not args.all)
    print_rows([as_dict(item) for item in conflicts], CONFLICT_COLUMNS, args.json)
    return EXIT_OK


def cmd_resolve(args: argparse.Namespace) -> int:
    from station_desk.services.station import StationService

    _url(args)
    with authenticated(args) as (services, user):
        decided = StationService(services.db).resolve(user, args.conflict, args.keep)
    print(
        _("Conflict {id} decided: the {side} value is kept; the other stays in the history.").format(
            id=decided.id, side=_("station's") if decided.kept == "station" else _("room's")
        )
    )
    return EXIT_OK if decided.status == "resolved" else EXIT_FAILURE


def cmd_register(args: argparse.Namespace) -> int:
    from station_desk.services.station import StationService

    _url(args)
    with authenticated(args) as (services, user):
        table = StationService(services.db).registers.table(
            user, args.register, args.date_from, args.date_to, args.rooms
        )
    rows = [dict(zip(table.headers, row, strict=True)) for row in table.rows]
    print_rows(rows, table.headers, args.json)
    if table.more and not args.json:
        print(_("Only the first {shown} rows are shown; print the register for all of them.").format(
            shown=len(table.rows)))
    return EXIT_OK


def cmd_print(args: argparse.Namespace) -> int:
    """The combined register saved to a file, audited (a print, or an export for .xlsx)."""
    from station_desk import i18n
    from station_desk.services.station import StationService
    from station_desk.services.station_registers import RegisterRequest, register_kind

    _url(args)
    output: Path = args.output
    fmt = output.suffix.lower().lstrip(".")
    formats = register_kind(args.register).formats
    if fmt not in formats:
        suffixes = ", ".join(f".{name}" for name in formats)
        raise UsageError(_("the file must end in {suffixes}").format(suffixes=suffixes))
    with authenticated(args) as (services, user):
        request = RegisterRequest(
            args.register, args.date_from, args.date_to, fmt, i18n.current_language(), args.rooms
        )
        saved = StationService(services.db).registers.save(user, request, output)
    print(_("Saved: {path}").format(path=saved))
    return EXIT_OK


def cmd_view(args: argparse.Namespace) -> int:
    """The station view in a window, signed in as `--user` on the station's server."""
    from station_desk.services.station import StationService

    _url(args)
    with authenticated(args) as (services, user):
        from station_desk.ui.application import create_application
        from station_desk.ui.station.view import StationWindow

        qapp = create_application()
        window = StationWindow(StationService(services.db), user)
        window.show()
        return qapp.exec()
