"""The commands of `station-desk` about the data folder and its records: the window, the demo,
the integrity check, the audit chain, the lists (`list KIND`, from the modules' declarations)
and the volunteer import.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from station_desk import i18n
from station_desk.cli.common import (
    EXIT_FAILURE,
    EXIT_OK,
    UsageError,
    add_command,
    as_dict,
    authenticated,
    data_dir_of,
    database_key,
    key_holder_options,
    language_of,
    path_arg,
    print_error,
    print_rows,
    scale_arg,
)
from station_desk.errors import StationDeskError
from station_desk.i18n import _, ngettext
from station_desk.modules import list_kinds

if TYPE_CHECKING:
    from station_desk.demo import DemoResult
    from station_desk.domain.accounts import Principal
    from station_desk.services.container import Services


def add_record_commands(
    commands: Any, common: argparse.ArgumentParser, as_user: argparse.ArgumentParser
) -> None:
    """demo, check, audit verify, list KIND and import volunteers."""
    demo = add_command(
        commands, "demo", common, handler=cmd_demo,
        help=_("create or fill a data folder with demo records"),
    )
    demo.add_argument(
        "--scale",
        type=scale_arg,
        default=1,
        metavar="N",
        help=_(
            "how much data: 1 is a few weeks of work; 100 is about 100,000 records "
            "once every module has demo data"
        ),
    )

    key_holder = key_holder_options()
    add_command(
        commands, "check", common, key_holder, handler=cmd_check,
        help=_("check the database's integrity and the audit trail (changes nothing)"),
    )

    audit = add_command(commands, "audit", help=_("the audit trail"))
    audit_commands = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    add_command(
        audit_commands, "verify", common, key_holder, handler=cmd_audit_verify,
        help=_("recompute the audit hash chain and name the first entry that does not match"),
    )

    listing = add_command(commands, "list", help=_("list records as a user"))
    kinds = listing.add_subparsers(dest="kind", metavar="KIND", required=True)
    for name, kind in list_kinds().items():
        sub = add_command(kinds, name, common, as_user, handler=cmd_list, help=_(kind.help))
        sub.add_argument("--json", action="store_true", help=_("print JSON instead of a table"))

    importing = add_command(commands, "import", help=_("import volunteers from a spreadsheet"))
    imports = importing.add_subparsers(dest="kind", metavar="KIND", required=True)
    volunteers = add_command(
        imports, "volunteers", common, as_user, handler=cmd_import_volunteers,
        help=_("import volunteers from a spreadsheet"),
    )
    volunteers.add_argument("file", type=path_arg, metavar="FILE", help="FILE.xlsx|.csv")
    volunteers.add_argument(
        "--dry-run", action="store_true", help=_("show what would be imported; save nothing")
    )


def cmd_demo_gui(args: argparse.Namespace) -> int:
    import shutil
    import tempfile

    from station_desk.app import DemoLogin, run_gui
    from station_desk.demo import create_demo

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
    from station_desk.demo import create_demo
    from station_desk.instance_lock import InstanceLock

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

    report = check_data_dir(data_dir_of(args), database_key(args))
    for result in report.results:
        mark = _("OK") if result.ok else _("FAILED")
        print(f"{mark:<7}{result.name}: {result.detail}")
        for problem in result.problems:
            print(f"       - {problem}")
    if report.ok:
        print(_("The database in {path} is sound.").format(path=report.data_dir))
        return EXIT_OK
    print_error(_("the check found problems in {path} (listed above)").format(path=report.data_dir))
    return EXIT_FAILURE


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from station_desk.services.maintenance import verify_audit

    report = verify_audit(data_dir_of(args), database_key(args))
    if report.ok:
        checked = report.entries_checked
        print(ngettext("OK: {n} entry", "OK: {n} entries", checked).format(n=checked))
        return EXIT_OK
    print(
        _(
            "FAILED: entry seq={seq} does not match: {problem} ({n} entries before it are intact)"
        ).format(seq=report.first_bad_seq, problem=report.problem, n=report.entries_checked)
    )
    return EXIT_FAILURE


def cmd_list(args: argparse.Namespace) -> int:
    kind = list_kinds()[args.kind]
    with authenticated(args) as (services, user):
        rows = [as_dict(item) for item in kind.fetch(services, user)]
        if args.kind == "mediation" and args.json:
            _add_mediation_sessions(services, user, rows)
    print_rows(rows, kind.columns, args.json)
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
