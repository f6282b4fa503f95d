"""End to end: the real `station-desk` command, run as a user would, on temporary data folders.

Every case runs `python -m station_desk ...` in a subprocess and looks only at what a user
sees: the exit code, stdout and stderr, and the files in the data folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from station_desk import __version__
from station_desk.db.engine import connect
from station_desk.db.keyslots import KeySlots
from station_desk.demo import DEMO_PASSWORD
from station_desk.domain import recovery_key
from station_desk.paths import DATABASE_FILENAME

TIMEOUT = 180


def run(
    *args: str | Path, password: str | None = None, lang: str | None = "en"
) -> subprocess.CompletedProcess[str]:
    """Run `station-desk ARGS` with no terminal attached; `--lang en` unless told otherwise."""
    env = {k: v for k, v in os.environ.items() if k not in ("STATION_DESK_PASSWORD",)}
    env["PYTHONIOENCODING"] = "utf-8"
    env.pop("STATION_DESK_DATA_DIR", None)
    if password is not None:
        env["STATION_DESK_PASSWORD"] = password
    argv = [sys.executable, "-m", "station_desk", *map(str, args)]
    if lang is not None:
        argv += ["--lang", lang]
    return subprocess.run(
        argv,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], code: int = 1) -> str:
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("station-desk: error: ")
    return lines[0]


def demo_connection(folder: Path) -> Any:
    """A raw connection to a demo folder's encrypted database, as someone with the key."""
    slots = KeySlots.load(folder)
    assert slots is not None
    return connect(folder / DATABASE_FILENAME, slots.unlock("admin", DEMO_PASSWORD))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """One demo folder made by `station-desk demo`, and what the command printed."""
    folder = tmp_path_factory.mktemp("template") / "demo"
    result = run("demo", "--data-dir", folder)
    assert result.returncode == 0, result.stderr
    return folder, result.stdout


@pytest.fixture
def demo_dir(demo_template: tuple[Path, str], tmp_path: Path) -> Path:
    """A private copy of the demo folder that a test may damage."""
    folder = tmp_path / "demo"
    shutil.copytree(demo_template[0], folder)
    return folder


def test_version() -> None:
    result = run("--version", lang=None)
    assert result.returncode == 0
    assert result.stdout.strip() == f"station-desk {__version__}"
    assert __version__ == "0.1.0"


def test_console_script_version() -> None:
    script = Path(sys.executable).parent / "station-desk"
    if not script.exists():
        pytest.skip("the station-desk console script is not installed next to this Python")
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert result.stdout.strip() == f"station-desk {__version__}"


def test_demo_creates_folder_and_prints_login(demo_template: tuple[Path, str]) -> None:
    folder, output = demo_template
    assert (folder / DATABASE_FILENAME).is_file()
    assert str(folder.resolve()) in output
    for username in ("admin", "officer", "aux", "aux2"):
        assert re.search(rf"\b{username}\b", output)
    assert DEMO_PASSWORD in output


def test_demo_twice_on_one_folder(demo_dir: Path) -> None:
    result = run("demo", "--data-dir", demo_dir)
    assert result.returncode == 0, result.stderr
    assert "Records added: 0" in result.stdout
    assert run("audit", "verify", "--data-dir", demo_dir, "--user", "admin", password=DEMO_PASSWORD).returncode == 0


def test_demo_refuses_a_real_rooms_folder(demo_dir: Path) -> None:
    slots = KeySlots.load(demo_dir)
    assert slots is not None
    key = slots.unlock("admin", DEMO_PASSWORD)
    assert key is not None
    slots.with_password(key, "admin", slots.slots["admin"]["user_id"], "Real-room-2026").save(demo_dir)
    line = assert_one_line_error(run("demo", "--data-dir", demo_dir))
    assert "not a demo folder" in line


def test_check_sound_database(demo_dir: Path) -> None:
    result = run("check", "--data-dir", demo_dir, "--user", "admin", password=DEMO_PASSWORD)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Integrity check: ok" in result.stdout
    assert "chain intact" in result.stdout
    assert "is sound" in result.stdout


def test_audit_verify_ok(demo_dir: Path) -> None:
    result = run("audit", "verify", "--data-dir", demo_dir, "--user", "admin", password=DEMO_PASSWORD)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"OK: \d+ entries", result.stdout.strip())


def test_tampered_audit_entry_is_named(demo_dir: Path) -> None:
    with closing(demo_connection(demo_dir)) as raw:
        raw.execute("DROP TRIGGER audit_log_no_UPDATE")
        raw.execute("""UPDATE audit_log SET details = '{"forged": true}' WHERE seq = 3""")
        raw.commit()
    result = run("audit", "verify", "--data-dir", demo_dir, "--user", "admin", password=DEMO_PASSWORD)
    assert result.returncode == 1
    assert "seq=3" in result.stdout
    assert "changed" in result.stdout
    assert "Traceback" not in result.stderr
    check = run("check", "--data-dir", demo_dir, "--user", "admin", password=DEMO_PASSWORD)
    assert check.returncode == 1
    assert "entry 3 does not match" in check.stdout


def test_deleted_audit_entry_is_named(demo_dir: Path) -> None:
    with closing(demo_connection(demo_dir)) as raw:
        raw.execute("DROP TRIGGER audit_log_no_DELETE")
        raw.execute("DELETE FROM audit_log WHERE seq = 2")
        raw.commit()
    result = run("audit", "verify", "--data-dir", demo_dir, "--user", "admin", password=DEMO_PASSWORD)
    assert result.returncode == 1
    assert "seq=3" in result.stdout
    assert "missing" in result.stdout


def test_check_corrupt_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "corrupt"
    folder.mkdir()
    database = folder / DATABASE_FILENAME
    database.write_bytes(b"this is not a database, it is garbage " * 400)
    before = digest(database)
    monkeypatch.setenv("STATION_DESK_RECOVERY_KEY", recovery_key.generate())
    for args in (("check",), ("audit", "verify")):
        line = assert_one_line_error(run(*args, "--data-dir", folder))
        assert "damaged" in line or "integrity check" in line
    assert digest(database) == before


def test_newer_database_is_refused_and_left_unchanged(demo_dir: Path) -> None:
    database = demo_dir / DATABASE_FILENAME
    with closing(demo_connection(demo_dir)) as raw:
        raw.execute("UPDATE alembic_version SET version_num = 'ffff_future'")
        raw.commit()
    before = digest(database)
    results = [
        run("check", "--data-dir", demo_dir, "--user", "admin", password=DEMO_PASSWORD),
        run("audit", "verify", "--data-dir", demo_dir, "--user", "admin", password=DEMO_PASSWORD),
        run("list", "accounts", "--data-dir", demo_dir, "--user", "admin", password=DEMO_PASSWORD),
        run("demo", "--data-dir", demo_dir),
    ]
    for result in results:
        line = assert_one_line_error(result)
        assert "newer version" in line
    assert digest(database) == before


@pytest.mark.parametrize(
    "args",
    [
        ("bogus",),
        ("--no-such-option",),
        ("demo",),  # needs --data-dir
        ("demo", "--data-dir", "x", "--scale", "lots"),
        ("demo", "--data-dir", "x", "--scale", "0"),
        ("audit",),
        ("audit", "verify", "--data-dir"),
        ("list",),
        ("list", "accounts", "--data-dir", "x"),  # needs --user
        ("list", "nothing", "--user", "admin"),
        ("--demo", "check"),
        ("--demo", "--data-dir", "x"),
    ],
)
def test_bad_arguments(
    args: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # nothing may be created, but never in the source tree
    assert_one_line_error(run(*args), code=2)
    assert list(tmp_path.iterdir()) == []


def test_bad_language() -> None:
    line = assert_one_line_error(run("check", lang="fr"), code=2)
    assert "zh_CN" in line


def test_list_accounts_json_and_audited(demo_dir: Path) -> None:
    result = run(
        "list",
        "accounts",
        "--data-dir",
        demo_dir,
        "--user",
        "admin",
        "--json",
        password=DEMO_PASSWORD,
    )
    assert result.returncode == 0, result.stderr
    accounts = json.loads(result.stdout)
    by_name = {account["username"]: account for account in accounts}
    assert set(by_name) == {"admin", "officer", "aux", "aux2"}
    assert by_name["admin"]["role"] == "admin"
    assert by_name["aux2"]["role"] == "auxiliary"
    assert all("password_hash" not in account for account in accounts)
    with closing(demo_connection(demo_dir)) as raw:
        actions = [row[0] for row in raw.execute("SELECT action FROM audit_log ORDER BY seq")]
    assert actions[-2:] == ["login", "logout"]
    assert run("audit", "verify", "--data-dir", demo_dir, "--user", "admin", password=DEMO_PASSWORD).returncode == 0


def test_list_accounts_table(demo_dir: Path) -> None:
    result = run(
        "list", "accounts", "--data-dir", demo_dir, "--user", "admin", password=DEMO_PASSWORD
    )
    assert result.returncode == 0, result.stderr
    assert "张建国" in result.stdout
    assert result.stdout.splitlines()[0].split()[0] == "username"


def test_list_wrong_password(demo_dir: Path) -> None:
    line = assert_one_line_error(
        run("list", "accounts", "--data-dir", demo_dir, "--user", "admin", password="not-it-2026")
    )
    assert "Wrong user name or password" in line
    # noted beside the database (the wrong password cannot open it), audited at the next sign-in
    assert '"username": "admin"' in (demo_dir / "signin_failures.json").read_text(encoding="utf-8")
    assert run("list", "accounts", "--data-dir", demo_dir, "--user", "admin", password=DEMO_PASSWORD).returncode == 0
    with closing(demo_connection(demo_dir)) as raw:
        last = [r[0] for r in raw.execute("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 3")]
    assert last == ["logout", "login", "login_failed"]


def test_list_needs_a_permitted_role(demo_dir: Path) -> None:
    line = assert_one_line_error(
        run("list", "accounts", "--data-dir", demo_dir, "--user", "aux", password=DEMO_PASSWORD)
    )
    assert "does not allow" in line


def test_list_without_password_or_terminal(demo_dir: Path) -> None:
    line = assert_one_line_error(run("list", "accounts", "--data-dir", demo_dir, "--user", "admin"))
    assert "STATION_DESK_PASSWORD" in line


def test_list_does_not_create_a_database(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    args = ("list", "accounts", "--data-dir", folder, "--user", "admin")
    line = assert_one_line_error(run(*args, password=DEMO_PASSWORD))
    assert "no Station Desk database" in line
    assert list(folder.iterdir()) == []


def test_folder_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "somefile"
    blocker.write_text("a file, not a folder")
    folder = blocker / "sub"
    line = assert_one_line_error(run("demo", "--data-dir", folder))
    assert "cannot be created" in line
    line = assert_one_line_error(run("check", "--data-dir", folder, "--user", "admin", password=DEMO_PASSWORD))
    assert "no Station Desk database" in line


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="file permissions do not stop root; covered by test_folder_that_cannot_be_created",
)
def test_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "readonly"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        line = assert_one_line_error(run("demo", "--data-dir", folder))
        assert "read-only" in line
    finally:
        folder.chmod(0o700)


def test_check_and_verify_read_a_read_only_copy(demo_dir: Path) -> None:
    """`check` reads only: it works on a database file that cannot be written."""
    database = demo_dir / DATABASE_FILENAME
    before = digest(database)
    database.chmod(0o400)
    try:
        assert run("check", "--data-dir", demo_dir, "--user", "admin", password=DEMO_PASSWORD).returncode == 0
    finally:
        database.chmod(0o600)
    assert digest(database) == before


def test_commands_do_not_import_qt_or_reportlab(demo_dir: Path) -> None:
    code = (
        "import sys; from station_desk.cli import main; "
        f"code = main(['audit', 'verify', '--data-dir', {str(demo_dir)!r}, '--user', 'admin']); "
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'reportlab', 'qtawesome')); "
        "print('HEAVY', heavy); sys.exit(code)"
    )
    env = {**os.environ, "STATION_DESK_PASSWORD": DEMO_PASSWORD}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=TIMEOUT, env=env
    )
    assert result.returncode == 0, result.stderr
    assert "HEAVY []" in result.stdout


def test_version_imports_no_database_layers() -> None:
    code = (
        "import sys\n"
        "from station_desk.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "print('HEAVY', sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'reportlab', 'sqlalchemy', 'alembic', 'argon2')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=TIMEOUT
    )
    assert "HEAVY []" in result.stdout, result.stdout + result.stderr
