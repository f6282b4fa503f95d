"""A 20,000-row import on the command line does not make a save in another process fail
with "busy": the import holds the write lock briefly (values and audit hashes are prepared
before it, rows and audit entries are inserted in bulk), and a save waits for it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

from station_desk.db.engine import connect
from station_desk.domain.contacts import ContactDraft
from station_desk.paths import database_path
from tests.conftest import ADMIN_PASSWORD, SETUP, new_room

ROWS = 20_000


def roster(path: Path) -> None:
    lines = ["姓名,联系电话,住址,所属队伍"]
    lines += [f"王{'一二三四五六七八九十'[n % 10]}{'甲乙丙丁'[n // 10 % 4]},139{n:08d},幸福里{n}号,巡逻{n % 7}队"
              for n in range(ROWS)]
    path.write_text("\n".join(lines), encoding="utf-8")


def test_saves_during_a_long_import_wait_and_succeed(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    services = new_room(data_dir)
    admin = services.accounts.complete_setup(SETUP)
    file = tmp_path / "roster.csv"
    roster(file)
    env = {**os.environ, "STATION_DESK_PASSWORD": ADMIN_PASSWORD, "PYTHONIOENCODING": "utf-8"}
    log = (tmp_path / "import.log").open("w")  # 20,000 preview lines: not a pipe that fills up
    importer = subprocess.Popen(
        [sys.executable, "-m", "station_desk", "import", "volunteers", str(file),
         "--data-dir", str(data_dir), "--user", "admin", "--lang", "en"],
        env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
    )
    saved = 0
    try:
        while importer.poll() is None:
            services.contacts.create_person(admin, ContactDraft(f"张{'一二三四五六七八九十'[saved % 10]}"))
            saved += 1
            time.sleep(0.2)
        importer.wait(timeout=300)
    finally:
        if importer.poll() is None:
            importer.kill()
        log.close()
    assert importer.returncode == 0, (tmp_path / "import.log").read_text(encoding="utf-8")[-2000:]
    assert saved >= 5  # saves ran all along the import
    assert len(services.contacts.search_people(admin)) == saved
    with closing(connect(database_path(data_dir), services.db.key)) as raw:
        assert raw.execute("SELECT count(*) FROM volunteers").fetchone()[0] == ROWS
    services.close()
