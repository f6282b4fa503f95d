"""Station benchmark: N rooms' packages of demo scale S imported into PostgreSQL, then the
station's lists on the combined data.

Run it from the project root (not collected by pytest):

    .venv/bin/python tests/perf/bench_station.py [--rooms 20] [--scale 10] [--database-url URL]

1. `station-desk demo --scale S` fills one room's folder (once); each of the N rooms is a copy
   of it under its own room name (东区1号警务室 …), exported as a data package of every
   record (2000–2100, sealed records included by the admin with a purpose), with the
   program's real Argon2id cost. The copies share record UUIDs; at the station each room's
   records live in a schema of their own, so that changes nothing for the merge.
2. A throwaway PostgreSQL 15 server is started (build_scripts/pg_test_server.sh), unless
   `--database-url` names one; the station database is migrated and given an admin.
3. Each package is imported (`StationService.import_folder`: manifest check, decryption,
   merge, one transaction), timed one by one; then every package is imported a second time
   (nothing changes: the idempotent path).
4. On the combined data it times (median of 5): the rooms summary, one room's mediation
   list (the room's own service on its schema), the combined mediation register of all rooms,
   a search by pinyin initials in one room's cases, the open conflicts, the view's combined
   lists of mediation cases, opinions and the reception log (newest 500 of a year), and the
   volunteer-hours and duty summaries of a month (median of 3).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

PASSPHRASE = "station-bench-2026"


def timed(action: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def make_rooms(work: Path, rooms: int, scale: int) -> list[Path]:
    from station_desk.db.models.base import utcnow
    from station_desk.demo import DEMO_PASSWORD, DEMO_SETUP, create_demo
    from station_desk.services.export import ExportRequest, ExportService
    from station_desk.services.settings import set_flag
    from station_desk.services.vault import Vault

    template = work / "template"
    start = time.perf_counter()
    result = create_demo(template, scale)
    print(f"demo scale {scale}: {result.records_created} records in {time.perf_counter() - start:.1f} s")
    folders = []
    for number in range(1, rooms + 1):
        data = work / f"room{number:02d}"
        shutil.copytree(template, data)
        vault = Vault(data)
        services = vault.open(vault.unlock(DEMO_SETUP.username, DEMO_PASSWORD))
        try:
            admin = services.accounts.authenticate(DEMO_SETUP.username, DEMO_PASSWORD)
            with services.db.session(admin) as session:
                set_flag(session, "room_name", f"东区{number}号警务室")
            stick = work / f"stick{number:02d}"
            stick.mkdir()
            request = ExportRequest(
                stick, date(2000, 1, 1), date(2100, 12, 31), include_documents=False,
                include_registers=False, passphrase=PASSPHRASE, include_sealed=True,
                purpose="派出所汇总（基准测试）",
            )
            folders.append(ExportService(services.db, now=utcnow, sources=[]).export(admin, request).folder)
        finally:
            services.close()
    return folders


def start_server(work: Path) -> tuple[str, Path]:
    folder = Path(tempfile.mkdtemp(prefix="station-pg."))
    url = subprocess.run(
        [str(ROOT / "build_scripts" / "pg_test_server.sh"), "start", str(folder)],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    return url, folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rooms", type=int, default=20)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--database-url")
    parser.add_argument(
        "--lists-only", action="store_true",
        help="time only the lists, on the station database of an earlier run (--database-url)",
    )
    args = parser.parse_args()
    if args.lists_only and not args.database_url:
        parser.error("--lists-only needs --database-url")

    from station_desk.db.database import Database
    from station_desk.domain.mediation import CaseQuery
    from station_desk.domain.settings import SetupData
    from station_desk.services.container import Services
    from station_desk.services.station import StationService

    work = Path(tempfile.mkdtemp(prefix="station-bench-"))
    server_dir = None
    try:
        folders = [] if args.lists_only else make_rooms(work, args.rooms, args.scale)
        url = args.database_url
        if url is None:
            url, server_dir = start_server(work)
        db = Database.open_server(url)
        services = Services.for_database(db)
        if not args.lists_only:
            services.accounts.complete_setup(
                SetupData("朝阳分局和平里派出所", "朝阳分局和平里派出所", "陈所长", "", "chief", "Chief-bench-2026", "zh_CN")
            )
        chief = services.accounts.authenticate("chief", "Chief-bench-2026")
        station = StationService(db)
        per_package = []
        for folder in folders:
            start = time.perf_counter()
            report = station.import_folder(chief, folder, PASSPHRASE, register_unknown=True)
            per_package.append(time.perf_counter() - start)
            print(f"  {report.room}: {report.created} records, {per_package[-1]:.2f} s")
        again = []
        for folder in folders:
            start = time.perf_counter()
            station.import_folder(chief, folder, PASSPHRASE)
            again.append(time.perf_counter() - start)
        rooms = station.rooms(chief)
        total = sum(room.record_total for room in rooms)
        one = station.room_services(rooms[0].id).mediation
        figures = {
            "rooms summary (all rooms, counts, conflicts)": timed(lambda: station.rooms(chief)),
            "one room's mediation list (100 rows)": timed(lambda: one.list_cases(chief, CaseQuery(limit=100))),
            "combined case list (the view's), all rooms, one year, newest 500": timed(
                lambda: station.mediation_list(chief, date(2026, 1, 1), date(2026, 12, 31))
            ),
            "combined mediation register rows (for the PDF), all rooms, one year": timed(
                lambda: station.mediation_register(chief, date(2026, 1, 1), date(2026, 12, 31)), 3
            ),
            "search party 'zs' (pinyin initials) in one room's cases": timed(lambda: one.list_cases(chief, CaseQuery(party="zs", limit=100))),
            "open conflicts": timed(lambda: station.conflicts(chief)),
        }
        year, month = (date(2026, 1, 1), date(2026, 12, 31)), (date(2026, 11, 1), date(2026, 11, 30))
        for name in ("mediation", "opinions", "reception"):  # lists straight from the tables
            figures[f"combined {name} list (the view's), all rooms, one year, newest 500"] = timed(
                lambda name=name: station.registers.table(chief, name, *year, limit=500)
            )
        for name in ("volunteer-hours", "duty"):  # summaries the rooms' services compute
            figures[f"combined {name} summary, all rooms, one month (read in the background)"] = timed(
                lambda name=name: station.registers.table(chief, name, *month), 3
            )
        print(f"\n{len(rooms)} rooms; {total} main records at the station")
        if per_package:
            print(f"import per package: median {statistics.median(per_package):.2f} s, "
                  f"max {max(per_package):.2f} s, total {sum(per_package):.1f} s")
            print(f"the same package again (unchanged): median {statistics.median(again):.2f} s")
        for label, seconds in figures.items():
            print(f"{label}: {seconds * 1000:.0f} ms")
        db.close()
    finally:
        if server_dir is not None:
            subprocess.run([str(ROOT / "build_scripts" / "pg_test_server.sh"), "stop", str(server_dir)], check=False)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
