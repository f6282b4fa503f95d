"""List speed with many records: the service calls behind each list page, and each page built.

Run it from the project root (not collected by pytest):

    .venv/bin/python tests/perf/bench_lists.py [--scale 100] [--runs 7]
                                               [--data-dir DIR] [--no-pages] [--plain]
                                               [--only REGEX] [--default-gc]

1. Data: the demo room (`demo.create_demo`) at `--scale` (100 ≈ a century of one
   room's work: about 450,000 records). Generating it takes minutes, so `--data-dir DIR`
   keeps the folder: a new or empty DIR is filled once and reused by the next runs (a folder
   filled at another scale is used as it is). Without `--data-dir` a temporary folder is
   used and removed.
2. Service calls: median, min and max of `--runs` runs (after one unmeasured warm-up) of the
   call behind each list page, signed in as the demo admin, with the number of rows returned.
   `--only REGEX`: the calls whose name matches. The garbage collector is set as in the
   window, where these calls run (`station_desk.collector`: what is loaded is frozen, full
   collections are rare); `--default-gc` keeps Python's default, where a full collection
   walking the whole process can land in any call.
3. Pages (unless `--no-pages`): each page of `station_desk/ui/*_page.py` built once on an
   offscreen `QApplication` — constructor `(services, principal)` then `refresh()` — timed
   separately, the events processed after each.
4. Encryption (`--plain`): the same calls once more on a plain (unencrypted) copy of the same
   database (`sqlcipher_export` into plaintext, in a temporary folder removed afterwards), and
   the time to open each (`Database.open`: key, checks, planner statistics), side by side.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import func, select  # noqa: E402

from station_desk.collector import long_lived_loaded, rare_full_collections  # noqa: E402
from station_desk.db.database import Database  # noqa: E402
from station_desk.db.engine import connect  # noqa: E402
from station_desk.db.models import Base  # noqa: E402
from station_desk.demo import DEMO_PASSWORD, create_demo  # noqa: E402
from station_desk.domain.accounts import Principal  # noqa: E402
from station_desk.paths import database_path  # noqa: E402
from station_desk.services.container import Services  # noqa: E402
from station_desk.services.vault import Vault  # noqa: E402

SLOW_MS = 150.0


def timed(call: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = call()
    return (time.perf_counter() - start) * 1000, result


def rows_of(result: Any) -> str:
    if isinstance(result, list | tuple):
        return str(len(result))
    for name in ("shifts", "entries", "counters", "days"):
        value = getattr(result, name, None)
        if isinstance(value, list | tuple):
            return f"{len(value)} {name}"
    return "-"


def prepare(data_dir: Path, scale: int) -> None:
    """Fill `data_dir` with the demo room unless it holds one already."""
    if (data_dir / "station_desk.sqlite3").exists():
        print(f"data: reusing {data_dir}")
        return
    data_dir.mkdir(parents=True, exist_ok=True)
    print(f"data: generating the demo at scale {scale} in {data_dir} …", flush=True)
    seconds, result = timed(lambda: create_demo(data_dir, scale))
    print(f"data: {result.records_created:,} records in {seconds / 1000:.0f} s")


def record_counts(services: Services) -> list[tuple[str, int]]:
    counts = []
    with services.db.session() as session:
        for table in Base.metadata.sorted_tables:
            n = session.execute(select(func.count()).select_from(table)).scalar_one()
            if n >= 1000:
                counts.append((table.name, n))
    return sorted(counts, key=lambda item: -item[1])


def service_calls(services: Services, admin: Principal) -> list[tuple[str, Callable[[], Any]]]:
    from station_desk.domain.audit import AuditFilter
    from station_desk.domain.mediation import CaseQuery
    from station_desk.domain.meetings import MeetingQuery
    from station_desk.domain.reception import ReceptionQuery
    from station_desk.domain.volunteers import ShiftQuery, VolunteerQuery
    from station_desk.domain.youth import SubjectQuery

    today = date.today()
    monday = today - timedelta(days=today.weekday())
    month = today.replace(day=1)
    year_ago = today - timedelta(days=365)
    month_end = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    officer = next(p for p in services.duty.people(admin) if p.username == "admin")
    teams = services.volunteers.list_teams(admin)
    first_team = teams[0].id if teams else None
    return [
        (
            "mediation list_cases (default)",
            lambda: services.mediation.list_cases(admin, CaseQuery()),
        ),
        (
            "mediation list_cases party 张",
            lambda: services.mediation.list_cases(admin, CaseQuery(party="张")),
        ),
        (
            "mediation list_cases party 张伟",
            lambda: services.mediation.list_cases(admin, CaseQuery(party="张伟")),
        ),
        ("reception list_entries (default)", lambda: services.reception.list_entries(admin)),
        (
            "reception list_entries text 张",
            lambda: services.reception.list_entries(admin, ReceptionQuery(text="张")),
        ),
        ("reception figures (a year)", lambda: services.reception.figures(admin, year_ago, today)),
        ("opinions list_opinions (default)", lambda: services.opinions.list_opinions(admin)),
        ("opinions figures (a year)", lambda: services.opinions.figures(admin, year_ago, today)),
        (
            "opinions register_xlsx (a year)",
            lambda: services.opinions.register_xlsx(admin, year_ago, today),
        ),
        ("volunteers search (all)", lambda: services.volunteers.search(admin, VolunteerQuery())),
        (
            "volunteers search 王",
            lambda: services.volunteers.search(admin, VolunteerQuery(text="王")),
        ),
        ("volunteers list_teams", lambda: services.volunteers.list_teams(admin)),
        ("rosters week", lambda: services.rosters.week(admin, today)),
        (
            "rosters week, one team (a room's size)",
            lambda: services.rosters.week(admin, today, first_team),
        ),
        (  # no screen: the home page's worklist reads one day's shifts
            "rosters list_shifts (month)",
            lambda: services.rosters.list_shifts(
                admin, ShiftQuery(date_from=month, date_to=month_end)
            ),
        ),
        # the roster page's "Hours…" (on a worker, with the quarter's commendation
        # candidates) and the volunteer hours document (PDF, .xlsx)
        ("rosters monthly_hours", lambda: services.rosters.monthly_hours(admin, month)),
        (
            "duty list_entries (week, all)",
            lambda: services.duty.list_entries(admin, None, monday, monday + timedelta(days=6)),
        ),
        ("duty week (admin)", lambda: services.duty.week(admin, officer.user_id, today)),
        ("youth list_subjects", lambda: services.youth.list_subjects(admin, SubjectQuery())),
        ("meetings list_meetings", lambda: services.meetings.list_meetings(admin, MeetingQuery())),
        ("meetings action_overview", lambda: services.meetings.action_overview(admin, today)),
        ("contacts search_people ''", lambda: services.contacts.search_people(admin, "")),
        ("contacts search_people 李", lambda: services.contacts.search_people(admin, "李")),
        ("audit list_entries", lambda: services.audit.list_entries(admin, AuditFilter())),
        ("audit usernames", lambda: services.audit.usernames(admin)),
        ("home summary", lambda: services.home.summary(admin)),
        # parts of the home summary
        (
            "  action_overview (open, all)",
            lambda: services.meetings.action_overview(admin, today, only_open=True, limit=100_000),
        ),
        ("  mediation counters", lambda: services.mediation.counters(admin, today)),
        ("  youth count_due", lambda: services.youth.count_due(admin, today=today)),
        ("  rosters count_attendance_gaps", lambda: services.rosters.count_attendance_gaps(admin)),
        ("  opinions due_counts", lambda: services.opinions.due_counts(admin, today)),
    ]


def bench_services(
    services: Services, admin: Principal, runs: int, only: str | None = None
) -> list[tuple[str, ...]]:
    table: list[tuple[str, ...]] = []
    for name, call in service_calls(services, admin):
        if only is not None and re.search(only, name) is None:
            continue
        try:
            _ms, result = timed(call)  # warm-up: caches, the first read from disk
        except Exception as exc:  # a call missing in this checkout: show it, keep going
            table.append((name, "-", "-", "-", f"{type(exc).__name__}: {exc}"[:60]))
            continue
        times = [timed(call)[0] for _ in range(runs)]
        median = statistics.median(times)
        flag = "  SLOW" if median > SLOW_MS else ""
        table.append(
            (
                name,
                f"{median:.1f}",
                f"{min(times):.1f}",
                f"{max(times):.1f}",
                rows_of(result) + flag,
            )
        )
    return table


PAGES = (
    ("home", "station_desk.ui.home_page", "HomePage"),
    ("mediation", "station_desk.ui.mediation.page", "MediationPage"),
    ("reception", "station_desk.ui.residents.reception", "ReceptionPage"),
    ("opinions", "station_desk.ui.residents.opinions", "OpinionsPage"),
    ("meetings", "station_desk.ui.meetings.page", "MeetingsPage"),
    ("actions", "station_desk.ui.meetings.actions_page", "ActionsPage"),
    ("volunteers", "station_desk.ui.volunteers.page", "VolunteersPage"),
    ("roster", "station_desk.ui.roster.page", "RosterPage"),
    ("duty", "station_desk.ui.duty.page", "DutyPage"),
    ("youth", "station_desk.ui.youth.page", "YouthPage"),
    ("contacts", "station_desk.ui.contacts.page", "ContactsPage"),
    ("audit", "station_desk.ui.audit.page", "AuditPage"),
    ("accounts", "station_desk.ui.accounts.page", "AccountsPage"),
)


def bench_pages(services: Services, admin: Principal) -> list[tuple[str, ...]]:
    import importlib

    from PySide6.QtCore import qInstallMessageHandler

    from station_desk.ui.application import create_application

    def quiet(_kind: Any, _context: Any, message: str) -> None:  # offscreen chatter
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(quiet)
    app = create_application()
    table: list[tuple[str, ...]] = []
    for name, module_name, class_name in PAGES:
        try:
            page_class = getattr(importlib.import_module(module_name), class_name)
            built, page = timed(partial(page_class, services, admin))
            page.resize(1366, 700)
            page.show()
            shown, _none = timed(app.processEvents)
            refreshed, _none = timed(page.refresh)
            app.processEvents()
            page.close()
            page.deleteLater()
            app.processEvents()
        except Exception as exc:
            table.append((name, "-", "-", "-", f"{type(exc).__name__}: {exc}"[:60]))
            continue
        total = built + shown + refreshed
        table.append((name, f"{built:.0f}", f"{shown:.0f}", f"{refreshed:.0f}", f"{total:.0f}"))
    return table


def plain_copy(data_dir: Path, key: bytes, target: Path) -> None:
    """An unencrypted copy of the room's database in `target` (for comparison only)."""
    target.mkdir(parents=True, exist_ok=True)
    plain = database_path(target)
    with connect(database_path(data_dir), key) as raw:
        raw.execute("ATTACH DATABASE ? AS plain KEY ''", (str(plain),))
        raw.execute("SELECT sqlcipher_export('plain')")
        version = raw.execute("PRAGMA main.application_id").fetchone()[0]
        raw.execute(f"PRAGMA plain.application_id = {int(version)}")
        raw.execute("DETACH DATABASE plain")


def open_times(data_dir: Path, key: bytes | None, runs: int) -> tuple[str, ...]:
    times = []
    for _run in range(runs + 1):
        elapsed, db = timed(lambda: Database.open(data_dir, key))
        db.close()
        times.append(elapsed)
    times = times[1:]
    return (
        "open the database",
        f"{statistics.median(times):.0f}",
        f"{min(times):.0f}",
        f"{max(times):.0f}",
        "",
    )


def _ms(text: str) -> float:
    return float(text) if text not in ("", "-") else 0.0


def compare_plain(data_dir: Path, key: bytes, runs: int) -> None:
    """Service calls and opening on the encrypted file and on a plain copy, side by side."""
    folder = Path(tempfile.mkdtemp(prefix="bench-plain-"))
    try:
        plain_copy(data_dir, key, folder)
        results = {}
        for label, where, with_key in (("encrypted", data_dir, key), ("plain", folder, None)):
            services = Services.for_database(Database.open(where, with_key))
            try:
                admin = services.accounts.authenticate("admin", DEMO_PASSWORD)
                rows = bench_services(services, admin, runs)
            finally:
                services.close()
            results[label] = [open_times(where, with_key, runs), *rows]
        print()
        print(f"encrypted against plain (median ms of {runs} runs)")
        table = []
        for enc, pla in zip(results["encrypted"], results["plain"], strict=True):
            ratio = _ms(enc[1]) / _ms(pla[1]) if _ms(pla[1]) else 0.0
            table.append((enc[0], enc[1], pla[1], f"{ratio:.2f}"))
        total_enc = sum(_ms(r[1]) for r in results["encrypted"])
        total_pla = sum(_ms(r[1]) for r in results["plain"])
        table.append(("all of the above", f"{total_enc:.0f}", f"{total_pla:.0f}", f"{total_enc / total_pla:.2f}"))
        print_table(("call", "encrypted", "plain", "ratio"), table)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def print_table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    line = "  ".join(f"{{:<{w}}}" if i == 0 else f"{{:>{w}}}" for i, w in enumerate(widths))
    print(line.format(*headers))
    for row in rows:
        print(line.format(*row))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, default=100, help="demo scale (100 ≈ 450,000 records)")
    parser.add_argument("--runs", type=int, default=7, help="measured runs per service call")
    parser.add_argument("--data-dir", type=Path, help="keep (and reuse) the demo folder here")
    parser.add_argument("--no-pages", action="store_true", help="time the service calls only")
    parser.add_argument(
        "--plain", action="store_true", help="also time a plain (unencrypted) copy, side by side"
    )
    parser.add_argument("--only", help="time only the service calls whose name matches (regex)")
    parser.add_argument(
        "--default-gc", action="store_true", help="Python's garbage collector settings, not the window's"
    )
    args = parser.parse_args()
    temporary = args.data_dir is None
    data_dir = Path(tempfile.mkdtemp(prefix="bench-lists-")) if temporary else args.data_dir
    try:
        prepare(data_dir, args.scale)
        key = Vault(data_dir).unlock("admin", DEMO_PASSWORD)
        services = Services.for_database(Database.open(data_dir, key))
        try:
            admin = services.accounts.authenticate("admin", DEMO_PASSWORD)
            if not args.default_gc:  # as in the window (see the module docstring)
                long_lived_loaded()
                rare_full_collections()
            counts = record_counts(services)
            total = sum(n for _t, n in counts)
            size = (data_dir / "station_desk.sqlite3").stat().st_size / 1024**2
            print(f"database: {size:.0f} MB; tables with 1,000+ rows ({total:,} rows):")
            print("  " + ", ".join(f"{name} {n:,}" for name, n in counts))
            print()
            print(f"service calls (ms, {args.runs} runs after a warm-up; SLOW > {SLOW_MS:.0f} ms)")
            print_table(
                ("call", "median", "min", "max", "rows"),
                bench_services(services, admin, args.runs, args.only),
            )
            if not args.no_pages:
                print()
                print("pages (ms, built once: constructor, first show, refresh())")
                print_table(
                    ("page", "build", "show", "refresh", "total"), bench_pages(services, admin)
                )
        finally:
            services.close()
        if args.plain:
            compare_plain(data_dir, key, args.runs)
    finally:
        if temporary:
            shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
