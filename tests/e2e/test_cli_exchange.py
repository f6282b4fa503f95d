"""End to end: `station-desk export / backup / restore / verify` run as a user would, on a
demo folder and a folder standing in for the USB stick.

Until `cli.py` registers the exchange commands, the command runs through a small launcher
that adds them to the real parser (`add_exchange_commands`); afterwards the launcher is not
used. Either way the real `cli.main()` runs: exit codes, one-line errors and all.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from station_desk import cli
from station_desk.demo import DEMO_PASSWORD
from station_desk.paths import DATABASE_FILENAME
from tests.e2e.test_cli import demo_connection

TIMEOUT = 180
PASSPHRASE = "stick-passphrase-2026"
LAUNCHER = """
import argparse, sys
from station_desk import cli
from station_desk.cli.exchange import add_exchange_commands
_build = cli.build_parser
def build_parser():
    parser = _build()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and "export" not in action.choices:
            add_exchange_commands(action)
    return parser
cli.build_parser = build_parser
sys.exit(cli.main())
"""


def _registered() -> bool:
    parser = cli.build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return "export" in action.choices
    return False


PREFIX = ["-m", "station_desk"] if _registered() else ["-c", LAUNCHER]


def run(
    *args: str | Path,
    password: str | None = DEMO_PASSWORD,
    passphrase: str | None = PASSPHRASE,
) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("STATION_DESK_PASSWORD", "STATION_DESK_PASSPHRASE", "STATION_DESK_DATA_DIR")
    }
    env["PYTHONIOENCODING"] = "utf-8"
    if password is not None:
        env["STATION_DESK_PASSWORD"] = password
    if passphrase is not None:
        env["STATION_DESK_PASSPHRASE"] = passphrase
    return subprocess.run(
        [sys.executable, *PREFIX, *map(str, args), "--lang", "en"],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
        cwd=Path(__file__).resolve().parents[2],
    )


def one_line_error(result: subprocess.CompletedProcess[str], code: int = 1) -> str:
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("station-desk: error: ")
    return lines[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("exchange-template") / "demo"
    result = run("demo", "--data-dir", folder)
    assert result.returncode == 0, result.stderr
    return folder


@pytest.fixture
def demo_dir(demo_template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "demo"
    shutil.copytree(demo_template, folder)
    return folder


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    folder = tmp_path / "stick"
    folder.mkdir()
    return folder


def export(
    demo_dir: Path, stick: Path, *extra: str, **options: str | None
) -> subprocess.CompletedProcess[str]:
    return run(
        "export",
        "--to",
        stick,
        "--from",
        "2026-01-01",
        "--to-date",
        "2026-12-31",
        "--user",
        "admin",
        "--data-dir",
        demo_dir,
        *extra,
        **options,  # type: ignore[arg-type]
    )


def only_folder(stick: Path) -> Path:
    (folder,) = list(stick.iterdir())
    return folder


# -- export and verify ------------------------------------------------------------------------


def test_export_then_verify(demo_dir: Path, stick: Path) -> None:
    result = export(demo_dir, stick)
    assert result.returncode == 0, result.stderr
    folder = only_folder(stick)
    assert folder.name.startswith("和平里社区警务室_")
    assert f"Export folder: {folder}" in result.stdout
    assert "data_package_20260101_20261231.sdpkg" in result.stdout
    assert "Checked: every file was read back" in result.stdout

    checked = run("verify", folder)
    assert checked.returncode == 0, checked.stderr
    assert (
        "OK       data_package_20260101_20261231.sdpkg  (decrypted and authenticated)"
        in checked.stdout
    )
    assert "matches its manifest" in checked.stdout

    plain = run("verify", folder, passphrase=None)
    assert plain.returncode == 0
    assert "only sizes and SHA-256 were checked" in plain.stdout


def test_verify_decrypts_the_documents_for_the_station(tmp_path: Path) -> None:
    """A folder with an encrypted PDF, as an export writes it; the station reads it back."""
    from station_desk.exchange.crypto import EncryptionKey, KdfParams, encrypt_bytes
    from station_desk.exchange.manifest import Manifest, ManifestFile, manifest_bytes
    from station_desk.exchange.safe_write import sha256_file

    folder = tmp_path / "export"
    folder.mkdir()
    key = EncryptionKey.create(PASSPHRASE, KdfParams(1, 8 * 1024, 1))
    pdf = folder / "会议记录_20261105.pdf.sdenc"
    pdf.write_bytes(encrypt_bytes(b"%PDF-1.7 minutes", key, "document"))
    item = ManifestFile(pdf.name, pdf.stat().st_size, sha256_file(pdf), True, "document")
    manifest = Manifest(
        "export",
        "和平里社区警务室",
        "派出所",
        "admin",
        "张建国",
        "2026-11-30T15:02:00+08:00",
        "0.1.0",
        "0" * 64,
        0,
        (item,),
    )
    (folder / "manifest.json").write_bytes(manifest_bytes(manifest, key))
    out = tmp_path / "readable"
    result = run("verify", folder, "--decrypt-to", out)
    assert result.returncode == 0, result.stderr
    assert (out / "会议记录_20261105.pdf").read_bytes() == b"%PDF-1.7 minutes"
    assert "--decrypt-to needs" in one_line_error(
        run("verify", folder, "--decrypt-to", out, passphrase=None)
    )


def test_verify_reports_a_changed_and_a_missing_file(demo_dir: Path, stick: Path) -> None:
    assert export(demo_dir, stick).returncode == 0
    folder = only_folder(stick)
    package = next(folder.glob("*.sdpkg"))
    data = bytearray(package.read_bytes())
    data[-10] ^= 1
    package.write_bytes(bytes(data))
    result = run("verify", folder, passphrase=None)
    assert f"CHANGED  {package.name}" in result.stdout
    assert "missing or changed" in one_line_error(result)
    package.unlink()
    assert f"MISSING  {package.name}" in run("verify", folder).stdout


def test_verify_with_a_wrong_passphrase(demo_dir: Path, stick: Path) -> None:
    assert export(demo_dir, stick).returncode == 0
    line = one_line_error(run("verify", only_folder(stick), passphrase="not the passphrase"))
    assert "passphrase is wrong" in line


def test_export_refusals_are_one_line(demo_dir: Path, stick: Path, tmp_path: Path) -> None:
    assert "No passphrase" in one_line_error(export(demo_dir, stick, passphrase=None))
    assert "at least 8 characters" in one_line_error(export(demo_dir, stick, passphrase="short"))
    aux = run(
        "export",
        "--to",
        stick,
        "--from",
        "2026-01-01",
        "--to-date",
        "2026-12-31",
        "--user",
        "aux",
        "--data-dir",
        demo_dir,
    )
    assert "does not allow" in one_line_error(aux)
    gone = export(demo_dir, tmp_path / "no-stick")
    assert "plugged in" in one_line_error(gone)
    assert list(stick.iterdir()) == []
    bad_date = run(
        "export",
        "--to",
        stick,
        "--from",
        "2026-02-30",
        "--to-date",
        "2026-12-31",
        "--user",
        "admin",
        "--data-dir",
        demo_dir,
    )
    assert "not a date" in one_line_error(bad_date, code=2)


def test_sealed_records_need_a_purpose_which_is_audited(demo_dir: Path, stick: Path) -> None:
    missing = one_line_error(export(demo_dir, stick, "--include-sealed"), code=2)
    assert "--include-sealed needs --purpose TEXT" in missing
    blank = export(demo_dir, stick, "--include-sealed", "--purpose", "  ")
    assert "--purpose" in one_line_error(blank, code=2)
    assert list(stick.iterdir()) == []
    result = export(demo_dir, stick, "--include-sealed", "--purpose", "移交分局青少年科核查")
    assert result.returncode == 0, result.stderr
    ignored = export(demo_dir, stick, "--purpose", "not asked for")  # no sealed records
    assert ignored.returncode == 0, ignored.stderr
    with contextlib.closing(demo_connection(demo_dir)) as connection:
        rows = connection.execute(
            "SELECT details FROM audit_log WHERE action = 'export' ORDER BY seq"
        ).fetchall()
    sealed, plain = (json.loads(details) for (details,) in rows)
    assert sealed["include_sealed"] is True and sealed["purpose"] == "移交分局青少年科核查"
    assert plain["include_sealed"] is False and "purpose" not in plain


# -- backup and restore -----------------------------------------------------------------------


def backup(demo_dir: Path, stick: Path) -> Path:
    result = run("backup", "--to", stick, "--user", "admin", "--data-dir", demo_dir)
    assert result.returncode == 0, result.stderr
    (path,) = list(stick.glob("station_desk_backup_*/*.sdbackup"))
    assert str(path) in result.stdout
    return path


def test_backup_verify_and_restore(demo_dir: Path, stick: Path) -> None:
    path = backup(demo_dir, stick)
    assert run("verify", path.parent).returncode == 0
    result = run("restore", path, "--user", "admin", "--data-dir", demo_dir)
    assert result.returncode == 0, result.stderr
    assert "Restored from" in result.stdout
    assert "kept as" in result.stdout
    assert list(demo_dir.glob(f"{DATABASE_FILENAME}.before-restore-*"))
    check = run("check", "--data-dir", demo_dir, "--user", "admin")
    assert check.returncode == 0, check.stdout
    assert "chain intact" in check.stdout


def test_restore_signs_in_once_and_a_locked_account_is_refused(
    demo_dir: Path, stick: Path
) -> None:
    """The password that opened this PC's key slot also signs in to the current database
    (audited there, no second prompt or Argon2id); an account locked after wrong passwords
    is refused as at any sign-in, and nothing is restored."""
    from station_desk.db.signin_log import SignInLog
    from station_desk.domain.accounts import MAX_FAILED_LOGINS
    from station_desk.domain.clock import utcnow

    path = backup(demo_dir, stick)
    live = demo_dir / DATABASE_FILENAME
    original = log = SignInLog.load(demo_dir)
    for _attempt in range(MAX_FAILED_LOGINS):
        log = log.with_failure("admin", utcnow())
    log.save(demo_dir)
    before = digest(live)
    locked = run("restore", path, "--user", "admin", "--data-dir", demo_dir)
    assert "user name or password" in one_line_error(locked).lower()
    assert digest(live) == before
    assert not list(demo_dir.glob("*.before-restore-*"))
    original.save(demo_dir)  # the lockout over
    result = run("restore", path, "--user", "admin", "--data-dir", demo_dir)
    assert result.returncode == 0, result.stderr
    (aside,) = demo_dir.glob(f"{DATABASE_FILENAME}.before-restore-*")
    aside_dir = stick / "aside"
    aside_dir.mkdir()
    shutil.copyfile(aside, aside_dir / DATABASE_FILENAME)
    shutil.copyfile(demo_dir / "keyslots.json", aside_dir / "keyslots.json")
    with contextlib.closing(demo_connection(aside_dir)) as connection:
        last = connection.execute(
            "SELECT username, action FROM audit_log WHERE action IN ('login', 'logout')"
            " ORDER BY seq DESC LIMIT 2"
        ).fetchall()
    assert last == [("admin", "logout"), ("admin", "login")]


def test_only_an_administrator_may_back_up(demo_dir: Path, stick: Path) -> None:
    """A backup holds every sealed youth-guidance record: an officer is refused (one line,
    audited); the administrator's backup records that it holds sealed records."""
    refused = run("backup", "--to", stick, "--user", "officer", "--data-dir", demo_dir)
    assert "does not allow" in one_line_error(refused)
    assert list(stick.iterdir()) == []
    backup(demo_dir, stick)
    with contextlib.closing(demo_connection(demo_dir)) as connection:
        rows = connection.execute(
            "SELECT username, action, details FROM audit_log"
            " WHERE action IN ('backup', 'denied') AND record_type = 'backup' ORDER BY seq"
        ).fetchall()
    assert [(user, action) for user, action, _details in rows] == [
        ("officer", "denied"),
        ("admin", "backup"),
    ]
    assert json.loads(rows[0][2]) == {"permission": "backup"}
    assert json.loads(rows[1][2])["contains_sealed"] is True  # the demo has youth subjects


def test_restore_refusals_leave_the_database_alone(demo_dir: Path, stick: Path) -> None:
    path = backup(demo_dir, stick)
    live = demo_dir / DATABASE_FILENAME
    before = digest(live)
    wrong = run(
        "restore", path, "--user", "admin", "--data-dir", demo_dir, passphrase="wrong-passphrase"
    )
    assert "passphrase is wrong" in one_line_error(wrong)
    cut_copy = stick / "cut.sdbackup"
    data = path.read_bytes()
    cut_copy.write_bytes(data[: len(data) // 3])
    cut = run("restore", cut_copy, "--user", "admin", "--data-dir", demo_dir)
    assert "cut off" in one_line_error(cut)
    assert digest(live) == before  # checked before anything else happens: not even a sign-in
    aux = run("restore", path, "--user", "aux", "--data-dir", demo_dir)
    assert "does not allow" in one_line_error(aux)  # signed in, refused (and audited)
    assert not list(demo_dir.glob("*.before-restore-*"))
    assert not list(demo_dir.glob(".restore-*"))


def test_restore_onto_a_dead_database_signs_in_with_the_backup(demo_dir: Path, stick: Path) -> None:
    path = backup(demo_dir, stick)
    live = demo_dir / DATABASE_FILENAME
    for leftover in demo_dir.glob(f"{DATABASE_FILENAME}-*"):
        leftover.unlink()
    live.write_bytes(os.urandom(8192))  # the disk failed
    assert run("check", "--data-dir", demo_dir, "--user", "admin").returncode == 1
    result = run("restore", path, "--user", "admin", "--data-dir", demo_dir)
    assert result.returncode == 0, result.stderr
    assert run("check", "--data-dir", demo_dir, "--user", "admin").returncode == 0


def test_ctrl_c_cancels_an_export_and_leaves_nothing(demo_dir: Path, stick: Path) -> None:
    """Ctrl+C (SIGINT) once while the export writes: it stops at its next check, removes its
    `.partial` folder and says so; the stick is as before."""
    import signal
    import time

    env = {k: v for k, v in os.environ.items() if k != "STATION_DESK_DATA_DIR"}
    env.update(STATION_DESK_PASSWORD=DEMO_PASSWORD, STATION_DESK_PASSPHRASE=PASSPHRASE)
    env["PYTHONIOENCODING"] = "utf-8"
    command = [sys.executable, *PREFIX, "export", "--to", str(stick), "--from", "2026-01-01",
               "--to-date", "2026-12-31", "--user", "admin", "--data-dir", str(demo_dir),
               "--lang", "en"]
    process = subprocess.Popen(
        command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, encoding="utf-8",
        cwd=Path(__file__).resolve().parents[2],
    )
    deadline = time.monotonic() + TIMEOUT
    while not any(p.name.endswith(".partial") for p in stick.iterdir()):
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.005)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=TIMEOUT)
    assert process.returncode == 1, (stdout, stderr)
    assert "Cancelled; nothing was left on the target." in stderr
    assert "Traceback" not in stderr
    assert list(stick.iterdir()) == []
