"""A healthy database on a full disk, a read-only medium or without permission is told so —
never called damaged, never with a restore advised — and `check` works on read-only media.

Real file systems: a small tmpfs mounted in the test folder (filled up, remounted read-only),
and a child process that runs as root without the capability to override file permissions
(`setpriv`), so a missing permission is a real one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from station_desk.db.database import Database
from station_desk.errors import DatabaseCorruptError, StorageError
from station_desk.services.maintenance import check_data_dir
from tests.conftest import SETUP, new_room
from tests.unit.exchange.faults import SmallFs, small_fs_at

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[SmallFs]:
    yield from small_fs_at(tmp_path, size="8m")


def make_database(data_dir: Path) -> bytes:
    """A set-up, encrypted room; returns its database key."""
    services = new_room(data_dir)
    services.accounts.complete_setup(SETUP)
    key = services.db.key
    services.close()
    assert key is not None
    return key


def fill(folder: Path) -> None:
    with open(folder / "filler", "wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError:
            pass


def assert_not_called_damaged(error: BaseException) -> None:
    assert not isinstance(error, DatabaseCorruptError), error
    text = str(error).lower()
    assert "integrity" not in text and "restore" not in text and "backup" not in text


def test_full_disk_is_not_damage(disk: SmallFs) -> None:
    data_dir = disk.path / "data"
    key = make_database(data_dir)
    fill(disk.path)
    with pytest.raises(StorageError, match="is full") as raised:
        Database.open(data_dir, key)
    assert_not_called_damaged(raised.value)
    (disk.path / "filler").unlink()
    Database.open(data_dir, key).close()  # nothing was harmed


def test_check_works_on_read_only_media(disk: SmallFs) -> None:
    data_dir = disk.path / "data"
    key = make_database(data_dir)
    disk.remount("ro")
    report = check_data_dir(data_dir, key)
    assert report.ok, report.results
    with pytest.raises(StorageError, match="read-only") as raised:
        Database.open(data_dir, key)
    assert_not_called_damaged(raised.value)


def test_check_on_read_only_media_still_finds_damage(disk: SmallFs) -> None:
    data_dir = disk.path / "data"
    key = make_database(data_dir)
    path = data_dir / "station_desk.sqlite3"
    with open(path, "r+b") as handle:  # break the schema page (its MAC no longer matches)
        handle.seek(100)
        handle.write(b"\xff" * 8)
    disk.remount("ro")
    with pytest.raises(DatabaseCorruptError):
        check_data_dir(data_dir, key)


def _without_dac_override(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    if os.name != "posix" or os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to take away the permission override")
    drop = "-dac_override,-dac_read_search"
    argv = ["setpriv", "--bounding-set", drop, "--inh-caps", drop, sys.executable, "-c", script, *args]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120)


OPEN_AND_CHECK = """
import sys
from pathlib import Path
from station_desk import i18n
from station_desk.db.database import Database
from station_desk.services.maintenance import check_data_dir
i18n.set_language("en")
key = bytes.fromhex(sys.argv[2])
for action in (lambda d: Database.open(d, key).close(), lambda d: print("check ok:", check_data_dir(d, key).ok)):
    try:
        action(Path(sys.argv[1]))
    except Exception as error:
        print(type(error).__name__, error)
"""


def test_read_only_folder_and_missing_permission(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    key = make_database(data_dir).hex()
    tmp_path.chmod(0o755)
    data_dir.chmod(0o555)
    try:
        result = _without_dac_override(OPEN_AND_CHECK, str(data_dir), key)
        lines = result.stdout.splitlines()
        assert lines[0].startswith("StorageError") and "read-only" in lines[0], result
        assert lines[1] == "check ok: True", result
        (data_dir / "station_desk.sqlite3").chmod(0o000)
        result = _without_dac_override(OPEN_AND_CHECK, str(data_dir), key)
        lines = result.stdout.splitlines()
        assert all(line.startswith("StorageError") for line in lines), result
        assert "missing permission" in lines[1], result
        for line in lines:
            assert "integrity" not in line and "restore" not in line
    finally:
        data_dir.chmod(0o755)
        (data_dir / "station_desk.sqlite3").chmod(0o644)
