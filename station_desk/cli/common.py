"""What every `station-desk` command shares: the exit codes, the parser that turns errors into
one line, the argument types, the --data-dir/--lang and --user options, signing in as a user
(`authenticated()`: the password opens the account's key slot, whose key opens the encrypted
database), the database key alone for `check`, `audit verify` and `restore` (`--user`'s
password or, without `--user`, the recovery key from STATION_DESK_RECOVERY_KEY or a prompt),
and the text table of the output.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from station_desk import i18n
from station_desk.errors import StationDeskError
from station_desk.i18n import _

if TYPE_CHECKING:
    from station_desk.domain.accounts import Principal
    from station_desk.services.container import Services

PROG = "station-desk"
PASSWORD_ENV = "STATION_DESK_PASSWORD"
DATABASE_URL_ENV = "STATION_DESK_DATABASE_URL"
RECOVERY_ENV = "STATION_DESK_RECOVERY_KEY"
EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class UsageError(Exception):
    """Bad command-line arguments (exit code 2)."""


class CommandParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors become one line instead of usage text and an exit."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(_("{message} (see {prog} --help)").format(message=message, prog=self.prog))


# -- arguments ----------------------------------------------------------------------------


def language_arg(value: str) -> str:
    wanted = value.replace("-", "_").lower()
    for language in i18n.SUPPORTED_LANGUAGES:
        if language.lower() == wanted:
            return language
    choices = ", ".join(i18n.SUPPORTED_LANGUAGES)
    raise argparse.ArgumentTypeError(
        _("unknown language {value!r} (choose from {choices})").format(value=value, choices=choices)
    )


def path_arg(value: str) -> Path:
    if not value.strip():
        raise argparse.ArgumentTypeError(_("the folder name is empty"))
    return Path(value).expanduser()


def day_arg(value: str) -> date:
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

    return _usage_checked(check_period_day, day, value)


def week_arg(value: str) -> date:
    from station_desk.domain.duty import parse_week

    return in_period_range(_usage_checked(parse_week, value), value)


def month_arg(value: str) -> date:
    from station_desk.domain.validators import parse_month

    return in_period_range(_usage_checked(parse_month, value), value)


def _usage_checked(check: Callable[..., date], *args: Any) -> date:
    """`check(*args)`, its ValidationError turned into a usage error."""
    from station_desk.errors import ValidationError

    try:
        return check(*args)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def scale_arg(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(_("the scale must be a whole number from 1 up"))
    return number


def add_command(
    commands: Any,
    name: str,
    *parents: argparse.ArgumentParser,
    help: str,  # noqa: A002 - argparse's name for it
    handler: Callable[[argparse.Namespace], int] | None = None,
) -> argparse.ArgumentParser:
    """The (sub)command `name` of `commands` (a subparsers action): its parents' options, no
    abbreviated options, its help; `handler` runs it."""
    parser: argparse.ArgumentParser = commands.add_parser(
        name, parents=list(parents), allow_abbrev=False, help=help
    )
    if handler is not None:
        parser.set_defaults(handler=handler)
    return parser


def add_period_options(
    parser: argparse.ArgumentParser, required: bool = True, last: str = "--to", explained: bool = False
) -> None:
    """`--from DATE` and `--to DATE` (or `last`): the first and the last day of a period,
    `explained` in the help."""
    helps = (
        (_("first day of the period (YYYY-MM-DD)"), _("last day of the period (YYYY-MM-DD)"))
        if explained
        else (None, None)
    )
    for flag, dest, text in (("--from", "date_from", helps[0]), (last, "date_to", helps[1])):
        parser.add_argument(
            flag, dest=dest, required=required, type=day_arg, metavar="DATE", help=text
        )


def add_output_option(parser: argparse.ArgumentParser, help: str) -> None:  # noqa: A002
    """`-o FILE` / `--output FILE`: the file a command writes (`help` says which)."""
    parser.add_argument("-o", "--output", required=True, type=path_arg, metavar="FILE", help=help)


def add_common_options(parser: argparse.ArgumentParser) -> None:
    options: tuple[tuple[str, Callable[[str], Any], str, str], ...] = (
        ("--data-dir", path_arg, "DIR", _("the data folder (default: the user's Station Desk folder)")),
        (
            "--database-url",
            str,
            "URL",
            _(
                "the station's database server instead of a data folder: "
                "postgresql://user@host:port/database (or set {env})"
            ).format(env=DATABASE_URL_ENV),
        ),
        ("--lang", language_arg, "LANG", _("language: zh_CN, zh_TW or en (default: the system language)")),
    )
    # SUPPRESS: a value given before the command is not overwritten by the command's default.
    for flag, kind, metavar, text in options:
        parser.add_argument(flag, type=kind, default=argparse.SUPPRESS, metavar=metavar, help=text)


def user_parents() -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    """The parent parsers of the commands: --data-dir/--lang, and --user for those that sign in."""
    common = CommandParser(add_help=False, allow_abbrev=False)
    add_common_options(common)
    as_user = CommandParser(add_help=False, allow_abbrev=False)
    as_user.add_argument(
        "--user",
        required=True,
        metavar="NAME",
        help=_("sign in as this user; the password comes from {env} or a prompt").format(
            env=PASSWORD_ENV
        ),
    )
    return common, as_user


def key_holder_options() -> CommandParser:
    """`--user NAME` (optional): commands that need only the database key take a password,
    or without `--user` the recovery key."""
    options = CommandParser(add_help=False, allow_abbrev=False)
    options.add_argument(
        "--user",
        metavar="NAME",
        help=_(
            "open the database with this user's password (from {env} or a prompt); without "
            "--user the recovery key is asked for (or taken from {recovery})"
        ).format(env=PASSWORD_ENV, recovery=RECOVERY_ENV),
    )
    return options


def prescan_language(argv: Sequence[str]) -> str | None:
    """The --lang value, read before parsing so that help and errors are in that language."""
    for index, arg in enumerate(argv):
        value = None
        if arg == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        if value is not None:
            try:
                return language_arg(value)
            except argparse.ArgumentTypeError:
                return None
    return None


def data_dir_of(args: argparse.Namespace) -> Path:
    given = getattr(args, "data_dir", None)
    if given is not None:
        return Path(given)
    from station_desk.paths import default_data_dir

    return default_data_dir()


def cmd_gui(args: argparse.Namespace) -> int:
    """The window on the data folder (here, not with the commands: see `cli.window_only`)."""
    from station_desk.app import run_gui

    return run_gui(data_dir_of(args), language_of(args))


def database_url_of(args: argparse.Namespace) -> str | None:
    """The database server given with --database-url (or STATION_DESK_DATABASE_URL), if any."""
    given = getattr(args, "database_url", None) or os.environ.get(DATABASE_URL_ENV)
    return given.strip() if given and given.strip() else None


def language_of(args: argparse.Namespace) -> str | None:
    return getattr(args, "lang", None)


# -- signing in ---------------------------------------------------------------------------


def read_secret(env: str, prompt: str, missing: str) -> str:
    """A secret from the environment variable `env`, else typed at `prompt`."""
    from_env = os.environ.get(env)
    return from_env if from_env is not None else typed_secret(prompt, missing)


def typed_secret(prompt: str, missing: str) -> str:
    """What is typed (not shown) at `prompt`; without a terminal, the error `missing`."""
    if not sys.stdin.isatty():
        raise StationDeskError(missing)
    return getpass.getpass(prompt)


def read_password(username: str) -> str:
    """The password from STATION_DESK_PASSWORD, else a prompt; an error when neither can be."""
    return read_secret(
        PASSWORD_ENV,
        _("Password for {user}: ").format(user=username),
        _("No password: set {env} or run the command in a terminal.").format(env=PASSWORD_ENV),
    )


@contextmanager
def authenticated(
    args: argparse.Namespace, clean: bool = True
) -> Iterator[tuple[Services, Principal]]:
    """Open the data folder and sign in as `--user`, like the window's login (and audited).

    The password opens the account's key slot, the key the database. Signs out and closes
    the database when the block ends. Use it in every command that reads or changes records:
    `with authenticated(args) as (services, user): ...`. Leftovers of interrupted work are
    removed first (`clean=False` inside a restore, which has its own temporary copy).
    """
    url = database_url_of(args)
    if url is not None:
        with _signed_in_on_server(url, args.user) as signed_in:
            yield signed_in
        return
    from station_desk.services.hygiene import clean_leftovers
    from station_desk.services.maintenance import existing_database
    from station_desk.services.vault import Vault

    data_dir = data_dir_of(args)
    existing_database(data_dir)  # never create an empty database just to sign in to it
    vault = Vault(data_dir)
    refuse_plain(vault)
    if clean:
        clean_leftovers(data_dir)
    password = read_password(args.user)
    services, user = vault.sign_in(args.user, password)
    with room_session(data_dir, services, user) as signed_in:
        yield signed_in


def room_session(
    data_dir: Path, services: Services, user: Principal
) -> AbstractContextManager[tuple[Services, Principal]]:
    """`user`, signed in to the room's database in `data_dir`, for a block (`user_session`)."""
    not_set_up = _("Station Desk is not set up in {path} yet; start the window once.").format(
        path=data_dir
    )
    return user_session(services, not_set_up, lambda: user)


@contextmanager
def user_session(
    services: Services, not_set_up: str, sign_in: Callable[[], Principal]
) -> Iterator[tuple[Services, Principal]]:
    """The block's user (`sign_in()`, once the accounts are known to be set up), signed out
    and the database closed when the block ends; `not_set_up` is the error without accounts."""
    try:
        if not services.accounts.is_set_up():
            raise StationDeskError(not_set_up)
        user = sign_in()
        try:
            yield services, user
        finally:
            services.accounts.logout(user)
    finally:
        services.close()


@contextmanager
def _signed_in_on_server(url: str, username: str) -> Iterator[tuple[Services, Principal]]:
    """Sign in on the station's database server: the account's password hash (and lockout)
    in the database itself, audited there."""
    from station_desk.db.database import Database
    from station_desk.services.container import Services

    services = Services.for_database(Database.open_server(url))
    with user_session(
        services,
        _("The station database has no accounts yet: run `station-desk station init` first."),
        lambda: services.accounts.authenticate(username, read_password(username)),
    ) as signed_in:
        yield signed_in


def refuse_plain(vault: Any) -> None:
    """A database from before encryption is converted by the window, not here."""
    from station_desk.services.vault import FolderState

    if vault.state() is FolderState.PLAIN:
        raise StationDeskError(
            _(
                "The database in {path} is not encrypted yet: start the window once and sign "
                "in as an administrator to encrypt it."
            ).format(path=vault.data_dir)
        )


def read_recovery_key() -> str:
    """The recovery key from STATION_DESK_RECOVERY_KEY, else a prompt."""
    return read_secret(
        RECOVERY_ENV,
        _("Recovery key: "),
        _("No key: give --user NAME (and {env}) or set {recovery}.").format(
            env=PASSWORD_ENV, recovery=RECOVERY_ENV
        ),
    )


def database_key(args: argparse.Namespace) -> bytes:
    """The database key from `--user`'s password (its key slot) or the recovery key."""
    from station_desk.services.maintenance import existing_database
    from station_desk.services.vault import Vault

    data_dir = data_dir_of(args)
    existing_database(data_dir)
    vault = Vault(data_dir)
    refuse_plain(vault)
    if getattr(args, "user", None):
        return vault.unlock(args.user, read_password(args.user))
    return vault.recover(read_recovery_key())


# -- output -------------------------------------------------------------------------------


def as_dict(item: Any) -> dict[str, Any]:
    if is_dataclass(item) and not isinstance(item, type):
        return asdict(item)
    return dict(item)


def print_json(value: Any) -> None:
    """`value` as indented JSON, Chinese as it is; dates ISO 8601, anything else its text."""
    print(json.dumps(value, ensure_ascii=False, indent=2, default=json_value))


def print_rows(rows: list[dict[str, Any]], columns: Sequence[str], as_json: bool) -> None:
    """The rows as JSON (`--json`) or as a table of `columns`."""
    if as_json:
        print_json(rows)
    else:
        print(format_table(rows, columns))


def json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def cell_text(value: Any) -> str:
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
    cells = [[cell_text(row.get(column)) for column in columns] for row in rows]
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


def print_error(message: str) -> None:
    label = _("error")
    print(f"{PROG}: {label}: {' '.join(message.split())}", file=sys.stderr)


def known_failure(exc: BaseException) -> str | None:
    """The one-line message for an expected failure that is not a StationDeskError, else None."""
    if isinstance(exc, OSError):
        where = f": {exc.filename}" if exc.filename else ""
        return f"{exc.strerror or exc}{where}"
    if type(exc).__module__.split(".")[0] in ("sqlite3", "sqlalchemy", "psycopg"):
        from station_desk.db.database import storage_error

        known = storage_error(exc)
        return None if known is None else str(known)
    return None
