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
    station-desk search QUERY [--kind KIND] [--json] --user NAME   every module at once
    station-desk station init|import|rooms|conflicts|resolve --database-url URL ...
                                                            the station (cli/station.py)

Commands that read or change records sign in like the window does (`--user NAME`, the password
from STATION_DESK_PASSWORD or a prompt) and are audited the same way; see `authenticated()`.
A module adds its lists in its declaration (`station_desk/modules.py`).

Exit codes: 0 done, 1 a known failure (one line on stderr, `station-desk: error: ...`), 2 bad
arguments. Only real bugs show a traceback. Start-up stays fast: Qt is imported only when the
window starts and the database layers only when a command needs them; never reportlab.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from station_desk import __version__, i18n
from station_desk.cli.common import (
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    PROG,
    CommandParser,
    UsageError,
    add_common_options,
    cmd_gui,
    known_failure,
    language_arg,
    path_arg,
    prescan_language,
    print_error,
    user_parents,
)
from station_desk.errors import StationDeskError
from station_desk.i18n import _

# The commands' modules are imported by `build_parser()`: the plain start of the window
# (`station-desk [--data-dir DIR] [--lang LANG]`) neither loads them nor builds the parser of
# every command with its translated help (about 20 ms before the sign-in window; issue 15).
_WINDOW_OPTIONS = {"--data-dir": ("data_dir", path_arg), "--lang": ("lang", language_arg)}


def build_parser() -> argparse.ArgumentParser:
    """The whole command line; help texts are translated into the current language."""
    from station_desk.cli.commands import add_record_commands
    from station_desk.cli.exchange import add_exchange_commands
    from station_desk.cli.printing import add_print_commands
    from station_desk.cli.search import add_search_command
    from station_desk.cli.station import add_station_commands

    parser = CommandParser(
        prog=PROG,
        allow_abbrev=False,
        description=_("Station Desk (警务室工作台): the community police room's workstation."),
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    add_common_options(parser)
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
    common, as_user = user_parents()
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=CommandParser)
    add_record_commands(commands, common, as_user)
    add_print_commands(commands, common, as_user)
    add_exchange_commands(commands, common, as_user)
    add_search_command(commands, common, as_user)
    add_station_commands(commands, common, as_user)
    return parser


def window_only(arguments: Sequence[str]) -> argparse.Namespace | None:
    """The arguments of a plain start of the window — only `--data-dir DIR` and `--lang LANG`,
    each at most once and valid — as the full parser would give them; None for anything else,
    which the full parser then reads (and explains, if wrong)."""
    values: dict[str, Any] = {}
    rest = list(arguments)
    while rest:
        option, equals, value = rest.pop(0).partition("=")
        if option not in _WINDOW_OPTIONS:
            return None
        if not equals:
            if not rest or rest[0].startswith("-"):
                return None
            value = rest.pop(0)
        name, convert = _WINDOW_OPTIONS[option]
        if name in values:
            return None
        try:
            values[name] = convert(value)
        except argparse.ArgumentTypeError:
            return None
    return argparse.Namespace(command=None, demo=False, self_test=False, **values)


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
        from station_desk.cli.commands import cmd_demo_gui

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
    i18n.set_language(prescan_language(arguments) or i18n.system_language())
    try:
        return _dispatch(window_only(arguments) or build_parser().parse_args(arguments))
    except UsageError as exc:
        print_error(str(exc))
        return EXIT_USAGE
    except StationDeskError as exc:
        print_error(str(exc))
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        message = known_failure(exc)
        if message is None:
            raise
        print_error(message)
        return EXIT_FAILURE


if __name__ == "__main__":
    raise SystemExit(main())
