"""Exchange benchmark: export of the data package, backup, verify and restore, next to a plain
file copy of the same size.

Run it from the project root (not collected by pytest):

    .venv/bin/python tests/perf/bench_exchange.py [--scale 100] [--runs 3] [--top-up 100000]

1. `station-desk demo --scale N` fills a temporary folder; the records of every table (not the
   audit trail) are counted. Until every module has a demo generator, scale 100 makes fewer
   than 100,000 records, so the script also measures a copy topped up to `--top-up` records
   (organisations, contacts, meetings with attendees and agenda items, inserted directly with
   SQL: no audit entries, as fast as possible; `--top-up 0` skips this).
2. On each database it times, as the median of `--runs` runs, with the real Argon2id cost:
   - the export of the data package of all records (`ExportService.export`, documents off),
   - `BackupService.backup_to` (VACUUM INTO snapshot, integrity check, encryption, safe write),
   - `verify_folder` of the export with the passphrase (reads back and decrypts),
   - `BackupService.restore` of that backup,
   and as baselines a plain copy (read + write + fsync) of a file as big as the database and of
   a file as big as the export's output, and one Argon2id key derivation (part of each run).
3. It prints the figures and the ratios (operation / plain copy of the same size).

Targets are folders on the same disk as the temporary data folder, so the figures show the
program's own cost; on a real USB stick writing dominates and the ratios come closer to 1.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from station_desk.db.models import Base  # noqa: E402
from station_desk.demo import DEMO_PASSWORD  # noqa: E402
from station_desk.domain.ids import new_id  # noqa: E402
from station_desk.exchange.crypto import DEFAULT_KDF, EncryptionKey  # noqa: E402
from station_desk.exchange.manifest import verify_folder  # noqa: E402
from station_desk.paths import database_path  # noqa: E402
from station_desk.services.backup import BackupService  # noqa: E402
from station_desk.services.export import ExportRequest, ExportService  # noqa: E402
from station_desk.services.vault import Vault  # noqa: E402

PASSPHRASE = "benchmark-passphrase-2026"


def median_of(runs: int, action: Callable[[], object]) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def plain_copy(source: Path, target: Path) -> None:
    """What a file manager does: read, write, fsync."""
    with open(source, "rb") as src, open(target, "wb") as dst:
        shutil.copyfileobj(src, dst, 1024 * 1024)
        dst.flush()
        os.fsync(dst.fileno())


def file_of_size(path: Path, size: int) -> Path:
    with open(path, "wb") as out:
        remaining = size
        while remaining > 0:
            block = os.urandom(min(remaining, 1024 * 1024))
            out.write(block)
            remaining -= len(block)
    return path


def count_records(data_dir: Path) -> dict[str, int]:
    services = Vault(data_dir).open(Vault(data_dir).unlock("admin", DEMO_PASSWORD))
    try:
        with services.db.engine.connect() as connection:
            return {
                table.name: connection.exec_driver_sql(
                    f'SELECT count(*) FROM "{table.name}"'
                ).scalar()
                or 0
                for table in Base.metadata.sorted_tables
                if table.name not in ("audit_log", "settings")
            }
    finally:
        services.close()


def top_up(data_dir: Path, wanted: int) -> None:
    """Insert plain rows until the room holds about `wanted` records (no audit entries)."""
    have = sum(count_records(data_dir).values())
    missing = max(0, wanted - have)
    meta = Base.metadata.tables
    now = datetime.now().astimezone()
    per_meeting = 10  # one meeting, 6 attendees, 3 agenda items
    services = Vault(data_dir).open(Vault(data_dir).unlock("admin", DEMO_PASSWORD))
    try:
        with services.db.engine.begin() as connection:
            orgs = [
                {
                    "id": new_id(),
                    "name": f"单位{i}",
                    "kind": "other",
                    "address": "和平里",
                    "phone": "010-6421" + f"{i:04d}"[-4:],
                    "notes": "",
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(missing // 20)
            ]
            if orgs:
                connection.execute(meta["organisations"].insert(), orgs)
            people = (
                [
                    {
                        "id": new_id(),
                        "name": f"张{i}",
                        "organisation_id": orgs[i % len(orgs)]["id"],
                        "position": "联系人",
                        "is_conduct_supervisor": False,
                        "mobile": f"138{i:08d}"[-11:],
                        "landline": "",
                        "notes": "",
                        "search_keys": f"张{i} zhang{i} z{i}",
                        "sort_key": f"zhang{i}",
                        "created_at": now,
                        "updated_at": now,
                    }
                    for i in range(missing // 20)
                ]
                if orgs
                else []
            )
            if people:
                connection.execute(meta["contact_people"].insert(), people)
            left = missing - len(orgs) - len(people)
            start = datetime(2026, 1, 1, 19, 0)
            meetings, attendees, agenda = [], [], []
            for i in range(left // per_meeting):
                meeting_id = new_id()
                meetings.append(
                    {
                        "id": meeting_id,
                        "meeting_type": "police_briefing",
                        "title": f"第{i}次警情通报会",
                        "starts_at": start + timedelta(hours=i % 8000),
                        "ends_at": None,
                        "place": "警务室",
                        "host": "张建国",
                        "recorder": "李明",
                        "status": "held",
                        "summary": "通报辖区警情" * 5,
                        "notes": "",
                        "created_at": now,
                        "updated_at": now,
                    }
                )
                for n in range(6):
                    attendees.append(
                        {
                            "id": new_id(),
                            "meeting_id": meeting_id,
                            "position": n,
                            "kind": "guest",
                            "ref_id": None,
                            "name": f"居民{n}",
                            "organisation": "",
                            "role": "",
                            "expected": True,
                            "present": True,
                            "absence_reason": "",
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
                for n in range(3):
                    agenda.append(
                        {
                            "id": new_id(),
                            "meeting_id": meeting_id,
                            "position": n,
                            "title": f"议题{n}",
                            "discussion": "讨论情况" * 10,
                            "decisions": "决定事项" * 3,
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
            for table, rows in (
                ("meetings", meetings),
                ("meeting_attendees", attendees),
                ("meeting_agenda_items", agenda),
            ):
                if rows:
                    connection.execute(meta[table].insert(), rows)
    finally:
        services.close()


def measure(data_dir: Path, runs: int, work: Path) -> dict[str, float]:
    services = Vault(data_dir).open(Vault(data_dir).unlock("admin", DEMO_PASSWORD))
    try:
        admin = services.accounts.authenticate("admin", DEMO_PASSWORD)
        figures: dict[str, float] = {}
        target = work / "stick"
        target.mkdir()
        exporter = ExportService(services.db)
        request = ExportRequest(
            target,
            date(2000, 1, 1),
            date(2099, 12, 31),
            include_documents=False,
            include_registers=False,
            passphrase=PASSPHRASE,
        )
        results = []
        figures["export (data package)"] = median_of(
            runs, lambda: results.append(exporter.export(admin, request))
        )
        folder = results[-1].folder
        export_bytes = sum(f.size for f in results[-1].files)
        figures["verify export (decrypt)"] = median_of(
            runs, lambda: verify_folder(folder, PASSPHRASE)
        )
        backups: list[Path] = []
        backup = BackupService(services.db)
        figures["backup to folder"] = median_of(
            runs, lambda: backups.append(backup.backup_to(admin, target, PASSPHRASE))
        )
        db_size = database_path(data_dir).stat().st_size
        figures["argon2id key derivation"] = median_of(
            runs, lambda: EncryptionKey.create(PASSPHRASE, DEFAULT_KDF)
        )
        copy_target = work / "copy.bin"
        figures["plain copy, database size"] = median_of(
            runs, lambda: plain_copy(database_path(data_dir), copy_target)
        )
        same = file_of_size(work / "export-size.bin", export_bytes)
        figures["plain copy, export size"] = median_of(runs, lambda: plain_copy(same, copy_target))
        figures["_db_bytes"] = db_size
        figures["_export_bytes"] = export_bytes
        figures["_backup_bytes"] = backups[-1].stat().st_size
        services.accounts.logout(admin)
    finally:
        services.close()
    restorer = BackupService(None, data_dir)
    principal = admin
    figures["restore"] = median_of(
        runs, lambda: restorer.restore(principal, backups[-1], PASSPHRASE)
    )
    return figures


def report(title: str, counts: dict[str, int], figures: dict[str, float]) -> None:
    print(
        f"\n== {title}: {sum(counts.values()):,} records "
        f"(database {figures['_db_bytes'] / 1e6:.1f} MB, export {figures['_export_bytes'] / 1e6:.2f} MB, "
        f"backup {figures['_backup_bytes'] / 1e6:.1f} MB)"
    )
    print("   " + ", ".join(f"{k} {v:,}" for k, v in counts.items() if v))
    for name, seconds in figures.items():
        if not name.startswith("_"):
            print(f"   {name:<28} {seconds:8.3f} s")
    db_copy = figures["plain copy, database size"]
    export_copy = figures["plain copy, export size"]
    print(
        f"   ratio backup / plain copy of the database      {figures['backup to folder'] / db_copy:8.1f}"
    )
    print(f"   ratio restore / plain copy of the database     {figures['restore'] / db_copy:8.1f}")
    print(
        f"   ratio export / plain copy of the same size     "
        f"{figures['export (data package)'] / export_copy:8.1f}"
    )
    print(
        f"   ratio export / plain copy of the database      "
        f"{figures['export (data package)'] / db_copy:8.1f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--top-up", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-exchange-") as tmp:
        base = Path(tmp)
        demo = base / "demo"
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "station_desk",
                "demo",
                "--data-dir",
                str(demo),
                "--scale",
                str(args.scale),
                "--lang",
                "en",
            ],
            check=True,
            cwd=ROOT,
            capture_output=True,
        )
        print(f"demo --scale {args.scale}: {time.perf_counter() - start:.1f} s")
        cases = [(f"demo --scale {args.scale}", demo)]
        if args.top_up and sum(count_records(demo).values()) >= args.top_up:
            print(f"the demo already holds {args.top_up:,} records or more: no top-up")
        elif args.top_up:
            topped = base / "topped"
            shutil.copytree(demo, topped)
            top_up(topped, args.top_up)
            cases.append((f"demo topped up to ~{args.top_up:,}", topped))
        for title, folder in cases:
            counts = count_records(folder)
            work = base / f"work-{folder.name}"
            work.mkdir()
            report(title, counts, measure(folder, args.runs, work))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
