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
5. With `--registers`: every combined register of the last 365 days over all rooms, as PDF
   and as .xlsx, each made in a fresh process (`StationRegisters.document`, as the station's
   register dialog and command make it): its rows, wall-clock and CPU time and peak memory
   (the child's `ru_maxrss`, as bench_outputs.py measures), the files kept in `--keep`'s
   folder (or a temporary one).

`--keep DIR` keeps everything in DIR for reruns: the demo room (`DIR/template`, made once),
the packages, and the PostgreSQL server (`DIR/pg`, left running; its URL in `DIR/url`). A
second run with the same `--keep` reuses the running server and its imported rooms (no demo,
no exports, no imports); stop it with `build_scripts/pg_test_server.sh stop DIR/pg`.

    .venv/bin/python tests/perf/bench_station.py --rooms 10 --scale 10 --keep /tmp/st --registers
    .venv/bin/python tests/perf/bench_station.py --keep /tmp/st --registers-only
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

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
    if not (template / "station_desk.sqlite3").exists():  # kept from an earlier run (--keep)
        start = time.perf_counter()
        result = create_demo(template, scale)
        print(f"demo scale {scale}: {result.records_created} records in {time.perf_counter() - start:.1f} s")
    folders = []
    for number in range(1, rooms + 1):
        data, stick = work / f"room{number:02d}", work / f"stick{number:02d}"
        for folder in (data, stick):  # left by an interrupted run (--keep)
            shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(template, data)
        vault = Vault(data)
        services = vault.open(vault.unlock(DEMO_SETUP.username, DEMO_PASSWORD))
        try:
            admin = services.accounts.authenticate(DEMO_SETUP.username, DEMO_PASSWORD)
            with services.db.session(admin) as session:
                set_flag(session, "room_name", f"东区{number}号警务室")
            stick.mkdir()
            request = ExportRequest(
                stick, date(2000, 1, 1), date(2100, 12, 31), include_documents=False,
                include_registers=False, passphrase=PASSPHRASE, include_sealed=True,
                purpose="派出所汇总（基准测试）",
            )
            folders.append(ExportService(services.db, now=utcnow, sources=[]).export(admin, request).folder)
        finally:
            services.close()
        shutil.rmtree(data)  # its package is all the station needs
    return folders


def start_server(folder: Path | None = None) -> tuple[str, Path]:
    folder = folder or Path(tempfile.mkdtemp(prefix="station-pg."))
    url = subprocess.run(
        [str(ROOT / "build_scripts" / "pg_test_server.sh"), "start", str(folder)],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    return url, folder


# -- the combined registers, each in a fresh process ---------------------------------------

CHIEF, CHIEF_PASSWORD = "chief", "Chief-bench-2026"


def every_row(parts: Any) -> list[Any]:
    """Every row of a combined register's rooms' parts, read (as the documents read them)."""
    return [row for _room, rows in parts for row in rows]


def register_period() -> tuple[date, date]:
    today = date.today()
    return today - timedelta(days=365), today


def _station(url: str) -> tuple[Any, Any]:
    from station_desk.db.database import Database
    from station_desk.i18n import set_language
    from station_desk.services.container import Services
    from station_desk.services.station import StationService

    set_language("zh_CN")  # as the station's program, started in Chinese
    db = Database.open_server(url)
    chief = Services.for_database(db).accounts.authenticate(CHIEF, CHIEF_PASSWORD)
    return StationService(db), chief


def register_child(url: str, name: str, fmt: str, out: Path) -> None:
    """Make one combined register (all rooms, the last 365 days) and print its figures."""
    from station_desk.services.station_registers import RegisterRequest

    begin, cpu = time.perf_counter(), time.process_time()
    station, chief = _station(url)
    data = station.registers.document(chief, RegisterRequest(name, *register_period(), fmt, "zh_CN"))
    path = out / f"station_{name}.{fmt}"
    path.write_bytes(data)
    print(json.dumps({"file": str(path), "bytes": len(data), "seconds": time.perf_counter() - begin,
                      "cpu": time.process_time() - cpu}))


def rows_child(url: str) -> None:
    """Print each register's formats and how many rows it holds (the duty report: officers
    and their entries), in a process of its own: reading them all is not what is measured."""
    from station_desk.services.station_registers import REGISTERS, RegisterRequest

    station, chief = _station(url)
    found = {}
    for name, kind in REGISTERS.items():
        parts = station.registers.parts(chief, RegisterRequest(name, *register_period()))
        rows = [row for _room, part in parts for row in kind.rows(part)]
        count = f"{len(rows)} officers, {sum(len(report.entries) for report in rows)} entries" if name == "duty" else str(len(rows))
        found[name] = {"formats": list(kind.formats), "rows": count}
    print(json.dumps(found, ensure_ascii=False))


def measure(command: list[str]) -> tuple[dict[str, Any], float]:
    """Run `command`: its JSON line and its peak RSS in MB (`ru_maxrss` from `os.wait4`)."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, cwd=ROOT)
    assert process.stdout is not None
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed ({status})")
    lines = [line for line in output.decode().splitlines() if line.startswith("{")]
    return json.loads(lines[-1]), usage.ru_maxrss / 1024


def registers_driver(url: str, out: Path) -> None:
    """Time each combined register in a fresh process. This process imports none of the
    program: a child's `ru_maxrss` starts from the memory of the process that started it
    (Linux counts the parent's pages it was forked with), so the bench's own process, big
    after the imports, would show as every child's peak."""
    base = [sys.executable, __file__, "--database-url", url]
    registers, _peak = measure([*base, "--rows-child"])
    print(f"\ncombined registers, all rooms, {' to '.join(map(str, register_period()))} (a fresh process each):")
    for name, about in registers.items():
        for fmt in about["formats"]:
            info, peak = measure([*base, "--register-child", name, fmt, "--out", str(out)])
            load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
            print(f"  {name} {fmt}: {about['rows']} rows, {info['seconds']:.1f} s (CPU {info['cpu']:.1f} s), "
                  f"peak {peak:.0f} MB, {info['bytes'] / 1e6:.1f} MB file; load {load}", flush=True)


def time_registers(url: str, out: Path) -> None:
    sys.stdout.flush()
    subprocess.run([sys.executable, __file__, "--database-url", url, "--registers-driver", "--out", str(out)],
                   check=True, cwd=ROOT)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rooms", type=int, default=20)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--database-url")
    parser.add_argument(
        "--lists-only", action="store_true",
        help="time only the lists, on the station database of an earlier run (--database-url)",
    )
    parser.add_argument("--keep", type=Path, metavar="DIR", help="keep the rooms, packages and server in DIR")
    parser.add_argument("--registers", action="store_true", help="also time the combined registers")
    parser.add_argument("--registers-only", action="store_true", help="time only the combined registers")
    parser.add_argument("--register-child", nargs=2, metavar=("NAME", "FORMAT"), help=argparse.SUPPRESS)
    parser.add_argument("--rows-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--registers-driver", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.register_child:
        register_child(args.database_url, *args.register_child, args.out)
        return 0
    if args.rows_child:
        rows_child(args.database_url)
        return 0
    if args.registers_driver:
        registers_driver(args.database_url, args.out)
        return 0
    kept_url = args.keep / "url" if args.keep else None
    if kept_url is not None and kept_url.exists() and not args.database_url:
        args.database_url = kept_url.read_text().strip()
        args.lists_only = True  # the rooms were imported by the run that started it
    if (args.lists_only or args.registers_only) and not args.database_url:
        parser.error("--lists-only and --registers-only need --database-url (or a kept server: --keep)")

    from station_desk.db.database import Database
    from station_desk.domain.mediation import CaseQuery
    from station_desk.domain.settings import SetupData
    from station_desk.services.container import Services
    from station_desk.services.station import StationService
    from station_desk.services.station_registers import RegisterRequest

    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    work = args.keep or Path(tempfile.mkdtemp(prefix="station-bench-"))
    server_dir = None
    try:
        imports = not (args.lists_only or args.registers_only)
        folders = make_rooms(work, args.rooms, args.scale) if imports else []
        url = args.database_url
        if url is None:
            url, server_dir = start_server(work / "pg" if args.keep else None)
            if kept_url is not None:
                kept_url.write_text(url)
                server_dir = None  # left running for the next run
        db = Database.open_server(url)
        services = Services.for_database(db)
        if imports:
            services.accounts.complete_setup(
                SetupData("朝阳分局和平里派出所", "朝阳分局和平里派出所", "陈所长", "", "chief", "Chief-bench-2026", "zh_CN")
            )
        chief = services.accounts.authenticate(CHIEF, CHIEF_PASSWORD)
        station = StationService(db)
        if args.registers_only:
            db.close()
            time_registers(url, work)
            return 0
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
        year, month = (date(2026, 1, 1), date(2026, 12, 31)), (date(2026, 11, 1), date(2026, 11, 30))
        figures = {
            "rooms summary (all rooms, counts, conflicts)": timed(lambda: station.rooms(chief)),
            "one room's mediation list (100 rows)": timed(lambda: one.list_cases(chief, CaseQuery(limit=100))),
            "combined case list (the view's), all rooms, one year, newest 500": timed(
                lambda: station.mediation_list(chief, date(2026, 1, 1), date(2026, 12, 31))
            ),
            "combined mediation register rows (for the PDF), all rooms, one year": timed(
                lambda: every_row(station.registers.parts(chief, RegisterRequest("mediation", *year))), 3
            ),
            "search party 'zs' (pinyin initials) in one room's cases": timed(lambda: one.list_cases(chief, CaseQuery(party="zs", limit=100))),
            "open conflicts": timed(lambda: station.conflicts(chief)),
        }
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
        if args.registers:
            time_registers(url, work)
    finally:
        if server_dir is not None:
            subprocess.run([str(ROOT / "build_scripts" / "pg_test_server.sh"), "stop", str(server_dir)], check=False)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
