"""The exchange commands of `station-desk`: export, backup, restore and verify.

    station-desk export --to DIR --from DATE --to-date DATE --user NAME
                        [--include documents,registers,data] [--plain-pdfs]
                        [--include-sealed --purpose TEXT]
    station-desk backup --to DIR --user NAME
    station-desk restore BACKUP --user NAME
    station-desk verify PATH [--decrypt-to DIR]

The passphrase comes from STATION_DESK_PASSPHRASE or a prompt: typed twice for export and
backup, once for restore and verify (verify without one checks sizes and SHA-256 only).
Users sign in like the other record commands (`--user`, STATION_DESK_PASSWORD or a prompt).
`restore` takes `--user` (an administrator of the backup, whose password opens the key slot
of this PC's key file or of the one saved with the backup) or, without `--user`, the recovery
key (STATION_DESK_RECOVERY_KEY or a prompt). `cli/__init__.py` registers these
commands with `add_exchange_commands(commands, (common, as_user))`; the `cli` module is
imported lazily so that either module may import the other.
"""

from __future__ import annotations

import argparse
import getpass
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from station_desk.cli.common import (
    EXIT_FAILURE,
    EXIT_OK,
    UsageError,
    add_command,
    add_period_options,
    authenticated,
    data_dir_of,
    format_table,
    key_holder_options,
    print_error,
    read_password,
    read_recovery_key,
    room_session,
    typed_secret,
)
from station_desk.errors import StationDeskError
from station_desk.i18n import _, ngettext

if TYPE_CHECKING:
    from station_desk.domain.accounts import Principal
    from station_desk.exchange.crypto import EncryptionKey, Keyring
    from station_desk.services.backup import RestoreCandidate

PASSPHRASE_ENV = "STATION_DESK_PASSPHRASE"
INCLUDE_CHOICES = ("documents", "registers", "data")


# -- arguments ----------------------------------------------------------------------------


def _includes(value: str) -> frozenset[str]:
    parts = {part.strip().lower() for part in value.split(",") if part.strip()}
    unknown = parts - set(INCLUDE_CHOICES)
    if unknown or not parts:
        raise argparse.ArgumentTypeError(
            _("--include takes a list of: {choices}").format(choices=",".join(INCLUDE_CHOICES))
        )
    return frozenset(parts)


def add_exchange_commands(
    commands: Any, common: argparse.ArgumentParser, as_user: argparse.ArgumentParser
) -> None:
    """Add export, backup, restore and verify to `commands` (the subparsers of the CLI)."""
    export = add_command(
        commands, "export", common, as_user, handler=cmd_export,
        help=_("export a period's documents and data to a USB stick or folder (encrypted)"),
    )
    _add_target(export, _("the USB stick or folder to write the export folder into"))
    add_period_options(export, last="--to-date", explained=True)
    export.add_argument(
        "--include",
        type=_includes,
        default=frozenset(INCLUDE_CHOICES),
        metavar="LIST",
        help=_("what to export: documents,registers,data (default: all)"),
    )
    export.add_argument(
        "--include-sealed",
        action="store_true",
        help=_("include sealed youth-guidance records (authorised users only)"),
    )
    export.add_argument(
        "--purpose",
        default="",
        metavar="TEXT",
        help=_("why sealed records are included (needed with --include-sealed; audited)"),
    )
    export.add_argument(
        "--plain-pdfs",
        action="store_true",
        help=_("leave PDFs unencrypted for the station's printer (they hold personal data)"),
    )

    backup = add_command(
        commands, "backup", common, as_user, handler=cmd_backup,
        help=_("write an encrypted backup of the database to a USB stick or folder"),
    )
    _add_target(backup, _("the USB stick or folder to write the backup into"))

    restore = add_command(
        commands, "restore", common, key_holder_options(), handler=cmd_restore,
        help=_("replace the database with a backup (the current one is kept aside)"),
    )
    restore.add_argument(
        "backup",
        type=Path,
        metavar="BACKUP",
        help=_("a .sdbackup file, a backup folder or a local backup"),
    )

    verify = add_command(
        commands, "verify", common, handler=cmd_verify,
        help=_("check an export or backup folder against its manifest"),
    )
    verify.add_argument("path", type=Path, metavar="PATH", help=_("the export or backup folder"))
    verify.add_argument(
        "--decrypt-to",
        type=Path,
        metavar="DIR",
        help=_("after a clean check, write readable copies of the encrypted documents into DIR"),
    )


def _add_target(parser: argparse.ArgumentParser, help: str) -> None:  # noqa: A002
    """`--to DIR`: where an export or a backup is written."""
    parser.add_argument("--to", dest="target", type=Path, required=True, metavar="DIR", help=help)


# -- passphrases and progress -------------------------------------------------------------


def read_passphrase(confirm: bool, optional: bool = False) -> str | None:
    """The passphrase from STATION_DESK_PASSPHRASE, else a prompt (twice when `confirm`)."""
    from_env = os.environ.get(PASSPHRASE_ENV)
    if from_env is not None:
        return from_env
    if optional and not sys.stdin.isatty():
        return None
    first = typed_secret(
        _("Passphrase (Enter to skip decrypting): ") if optional else _("Passphrase: "),
        _("No passphrase: set {env} or run the command in a terminal.").format(env=PASSPHRASE_ENV),
    )
    if optional and not first:
        return None
    if confirm and getpass.getpass(_("The passphrase again: ")) != first:
        raise StationDeskError(_("The two passphrases differ; nothing was written."))
    return first


def _progress(step: int, total: int, label: str) -> None:
    if sys.stderr.isatty() and label:
        print(f"[{step}/{total}] {label}", file=sys.stderr)


@contextmanager
def cancel_on_interrupt() -> Iterator[Callable[[], bool]]:
    """While in this block, Ctrl+C asks the running export or backup to stop (it removes what
    it wrote and raises OperationCancelled); a second Ctrl+C interrupts at once (what was
    being written is a temporary file or a `.partial` folder, removed or cleaned next time)."""
    asked = threading.Event()

    def interrupted(_signal: int, _frame: Any) -> None:
        if asked.is_set():
            raise KeyboardInterrupt
        asked.set()
        print(_("Cancelling… (press Ctrl+C again to stop at once)"), file=sys.stderr)

    if threading.current_thread() is not threading.main_thread():
        yield asked.is_set
        return
    previous = signal.signal(signal.SIGINT, interrupted)
    try:
        yield asked.is_set
    finally:
        signal.signal(signal.SIGINT, previous)


def _size(n: int) -> str:
    return f"{n:,}"


# -- commands -----------------------------------------------------------------------------


def cmd_export(args: argparse.Namespace) -> int:
    from station_desk.services.export import ExportRequest, needs_passphrase, stated_purpose

    include = args.include
    request = ExportRequest(
        target_dir=args.target,
        date_from=args.date_from,
        date_to=args.date_to,
        include_documents="documents" in include,
        include_registers="registers" in include,
        include_data_package="data" in include,
        include_sealed=args.include_sealed,
        leave_pdfs_plain=args.plain_pdfs,
        purpose=args.purpose if args.include_sealed else "",
    )
    if args.include_sealed and not args.purpose.strip():
        raise UsageError(
            _("--include-sealed needs --purpose TEXT: why the sealed records are exported")
        )
    stated_purpose(request)  # too long: refused before the passphrase is asked for
    if needs_passphrase(request):
        request = _with_passphrase(request, read_passphrase(confirm=True))
    with authenticated(args) as (services, user), cancel_on_interrupt() as cancelled:
        result = services.export.export(user, request, _progress, cancelled)
    print(_("Export folder: {path}").format(path=result.folder))
    rows = [
        {"file": f.name, "bytes": _size(f.size), "encrypted": f.encrypted, "kind": f.kind}
        for f in result.files
    ]
    print(format_table(rows, ("file", "bytes", "encrypted", "kind")))
    if result.record_counts:
        print(_("Records in the data package: {n}").format(n=result.records))
    for note in result.skipped:
        print(_("Not included: {what}").format(what=note))
    for path in result.leftovers_removed:
        print(_("Removed a leftover of an interrupted export: {path}").format(path=path))
    print(_("Checked: every file was read back and matches the manifest."))
    return EXIT_OK


def _with_passphrase(request: Any, passphrase: str | None) -> Any:
    from dataclasses import replace

    return replace(request, passphrase=passphrase)


def cmd_backup(args: argparse.Namespace) -> int:
    passphrase = read_passphrase(confirm=True) or ""
    # The passphrase's Argon2id on a helper thread while signing in (loading the database
    # layers holds the interpreter, Argon2id lets go of it): the backup finds its key ready.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="passphrase") as helper:
        derived = _derived_early(helper, passphrase)
        with authenticated(args) as (services, user), cancel_on_interrupt() as cancelled:
            path = services.backup.backup_to(
                user, args.target, passphrase, _progress, cancelled, derived
            )
    print(
        _("Backup written and checked: {path} ({size} bytes)").format(
            path=path, size=_size(path.stat().st_size)
        )
    )
    return EXIT_OK


def _derived_early(helper: ThreadPoolExecutor, passphrase: str) -> Future[EncryptionKey] | None:
    """The passphrase's key, derived on `helper`; None for a passphrase that is refused
    (the backup says why, after checking the user's permission)."""
    from station_desk.errors import ValidationError
    from station_desk.exchange.crypto import EncryptionKey, check_passphrase

    try:
        check_passphrase(passphrase)
    except ValidationError:
        return None
    return helper.submit(EncryptionKey.create, passphrase)


def cmd_restore(args: argparse.Namespace) -> int:
    from importlib import import_module

    from station_desk.db.data_folder import prepare_data_dir
    from station_desk.exchange.backup_files import backup_file
    from station_desk.exchange.crypto import is_encrypted_file
    from station_desk.instance_lock import InstanceLock
    from station_desk.services.hygiene import clean_leftovers

    data_dir = data_dir_of(args)
    source = backup_file(args.backup)
    passphrase = read_passphrase(confirm=False) if is_encrypted_file(source) else None
    prepare_data_dir(data_dir)
    with InstanceLock(data_dir):
        clean_leftovers(data_dir)
        # At once: the password's Argon2id for the key slot, the passphrase's on a helper
        # thread (both let go of the interpreter) and the database layers loaded on another.
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="restore") as helper:
            keyring = helper.submit(_passphrase_keyring, source, passphrase)
            loaded = helper.submit(import_module, "station_desk.services.backup")
            key, from_this_pc = _restore_key(args, data_dir, source)
            opened = keyring.result()
            loaded.result()
        from station_desk.services.backup import BackupService

        service = BackupService(None, data_dir, key=key)
        candidate = service.prepare_restore(source, opened, key)
        try:
            user = _restoring_user(args, data_dir, candidate, from_this_pc)
            result = service.restore(user, candidate)
        finally:
            candidate.discard()
    print(_("Restored from {path}.").format(path=result.restored_from))
    if result.kept_aside is not None:
        print(_("The previous database was kept as {path}.").format(path=result.kept_aside))
    if result.schema_before_migration != result.schema_now:
        print(
            _("The backup was upgraded from schema {old} to {new}.").format(
                old=result.schema_before_migration, new=result.schema_now
            )
        )
    return EXIT_OK


def _passphrase_keyring(source: Path, passphrase: str | None) -> Keyring | None:
    """The passphrase with the key of the container `source` derived (Argon2id) from it; a
    container that cannot be read is reported when it is decrypted."""
    from station_desk.exchange.crypto import Keyring, read_header

    if not passphrase:
        return None  # the restore says that an encrypted backup needs one
    keyring = Keyring(passphrase)
    try:
        with open(source, "rb") as file:
            header = read_header(file, source.name)
        keyring.master(header.salt, header.params)
    except (StationDeskError, OSError):
        pass
    return keyring


def _restore_key(args: argparse.Namespace, data_dir: Path, source: Path) -> tuple[bytes, bool]:
    """The key of the backup: the recovery key (without --user), or --user's password opening
    the key slot of this PC's key file or of the one saved with the backup; and whether it
    was this PC's key slot of --user that opened."""
    from station_desk.db.keyslots import KeySlots, key_from_recovery
    from station_desk.domain import recovery_key

    if not args.user:
        return key_from_recovery(recovery_key.parse(read_recovery_key())), False
    password = read_password(args.user)
    for folder in (data_dir, source.parent):
        try:
            slots = KeySlots.load(folder)
        except StationDeskError:
            continue
        key = slots.unlock(args.user, password) if slots is not None else None
        if key is not None:
            return key, folder == data_dir
    from station_desk.services.signin import sign_in_refused  # the database layers: only here

    raise sign_in_refused()


def _live_opens(data_dir: Path, key: bytes | None) -> bool:
    """Whether the live database is there and this key opens it."""
    from station_desk.db.database import inspect_file
    from station_desk.db.keyslots import KeySlots
    from station_desk.paths import database_path

    live = database_path(data_dir)
    if key is None or not live.is_file() or not (data_dir / "keyslots.json").exists():
        return False
    try:
        inspect_file(live, key)
        slots = KeySlots.load(data_dir)
    except StationDeskError:
        return False
    return slots is not None and slots.owns(key)


def _restoring_user(
    args: argparse.Namespace, data_dir: Path, candidate: RestoreCandidate, from_this_pc: bool
) -> Principal:
    """The administrator who restores: `--user` as an active administrator of the backup
    (whose key slot the password opened), or the holder of the recovery key. Where this PC's
    key slot of --user opened (`from_this_pc`), the sign-in to the current database uses that
    key: the password is not asked or derived again (a locked account is refused there)."""
    from sqlalchemy import select

    from station_desk.db.database import Database
    from station_desk.db.engine import make_engine
    from station_desk.db.models import User
    from station_desk.domain.accounts import Principal
    from station_desk.domain.roles import Permission, Role
    from station_desk.errors import PermissionDeniedError
    from station_desk.services.guard import require

    if not args.user:
        return Principal("", "recovery-key", _("holder of the recovery key"), Role.ADMIN)
    if _live_opens(data_dir, candidate.key):  # sign in where the refusal is audited
        key = candidate.key
        if from_this_pc and key is not None:
            from station_desk.services.vault import Vault

            signing_in = room_session(data_dir, *Vault(data_dir).sign_in_with_key(args.user, key))
        else:
            signing_in = authenticated(args, clean=False)
        with signing_in as (services, signed_in):
            require(services.db, signed_in, Permission.MANAGE_SETTINGS, "backup")
        return signed_in
    db = Database(make_engine(candidate.path, candidate.key, read_only=True))
    try:
        with db.session() as session:
            row = session.scalars(select(User).where(User.username == args.user)).first()
            found = (row.id, row.display_name, row.role, row.active) if row else None
    finally:
        db.close()
    if found is None or not found[3] or found[2] != Role.ADMIN.value:
        raise PermissionDeniedError(_("Only an administrator may restore a backup."))
    return Principal(found[0], args.user, found[1], Role.ADMIN)


def cmd_verify(args: argparse.Namespace) -> int:
    from station_desk.exchange.manifest import CheckStatus, verify_folder

    folder = args.path.parent if args.path.is_file() else args.path
    passphrase = read_passphrase(confirm=False, optional=True)
    checks = verify_folder(folder, passphrase)
    for check in checks:
        print(
            f"{check.status.label.upper():<9}{check.name}"
            + (f"  ({check.detail})" if check.detail else "")
        )
    bad = [c for c in checks if c.status in (CheckStatus.MISSING, CheckStatus.CHANGED)]
    extra = [c for c in checks if c.status is CheckStatus.EXTRA]
    if passphrase is None:
        print(_("Without the passphrase only sizes and SHA-256 were checked."))
    if bad:
        print_error(
            ngettext(
                "{n} file missing or changed in {path}", "{n} files missing or changed in {path}",
                len(bad),
            ).format(n=len(bad), path=folder)
        )
        return EXIT_FAILURE
    if extra:
        print(
            ngettext(
                "{n} file not in the manifest (listed above).",
                "{n} files not in the manifest (listed above).",
                len(extra),
            ).format(n=len(extra))
        )
    print(_("{path} matches its manifest.").format(path=folder))
    if args.decrypt_to is not None:
        if passphrase is None:
            raise StationDeskError(_("--decrypt-to needs the passphrase."))
        for path in decrypt_documents(folder, args.decrypt_to, passphrase):
            print(_("Decrypted: {path}").format(path=path))
    return EXIT_OK


def decrypt_documents(folder: Path, target: Path, passphrase: str) -> list[Path]:
    """Readable copies of a checked export's encrypted documents and registers (`.sdenc`),
    safely written into `target`; the data package stays encrypted (it is for importing)."""
    from station_desk.exchange.crypto import Keyring, decrypt_file
    from station_desk.exchange.manifest import load_manifest
    from station_desk.exchange.safe_write import safe_name, safe_write

    manifest, _body = load_manifest(folder)
    keyring = Keyring(passphrase)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for item in manifest.files:
        if not (item.encrypted and item.name.endswith(".sdenc")):
            continue
        source = folder / item.name

        def produce(out: BinaryIO, source: Path = source) -> None:
            decrypt_file(source, keyring, out)

        result = safe_write(target, safe_name(item.name.removesuffix(".sdenc")), produce)
        written.append(result.path)
    return written
