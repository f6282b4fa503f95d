"""Search box speed at demo scale: each keystroke is one `SearchService.search` call.
Run it from the project root (not collected by pytest):
    .venv/bin/python tests/perf/bench_search.py --data-dir /tmp/demo100 [--runs 7]

1. Data: the demo room at `--scale` (default 100), generated once into `--data-dir` and reused
   (as `bench_lists.py`). A folder made before the search index gets its entries on the first
   search: that one-off build is timed and printed first.
2. Keystrokes: every query is typed one character at a time; each prefix is one search as
   the window runs it (every kind the user may search, 20 hits per kind), timed `--runs`
   times after a warm-up. Printed per query and user: the median and the slowest keystroke
   (median over runs), and the hits of the full query. The target is ≤ 50 ms a keystroke.
3. Person pages: the page of the newest hit for "王" of each kind a page starts from
   (mediation, volunteers, contacts, reception, opinions), as the search box's *Person page*
   button opens it (the search's memory copy read): median of `--runs`, and its links.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import func, select  # noqa: E402

from station_desk.db.database import Database  # noqa: E402
from station_desk.db.models import SearchEntry  # noqa: E402
from station_desk.demo import DEMO_PASSWORD  # noqa: E402
from station_desk.services.container import Services  # noqa: E402
from station_desk.services.vault import Vault  # noqa: E402
from tests.perf.bench_lists import prepare  # noqa: E402

TARGET_MS = 50.0
QUERIES = (
    "王",  # one character: very many hits, the newest 20 of each kind
    "王秀英",  # a name
    "wxy",  # initials
    "zhangjianguo",  # full pinyin
    "5678",  # phone tail
    "12002x",  # ID tail
    "漏水",  # two characters of a title
    "和平里",  # a place
    "〔2026〕调字第0001号",  # a case number
    "qqqqq",  # nothing: every entry read
)


def keystrokes(services: Services, user: object, query: str, runs: int) -> tuple[float, float, int]:
    """(median keystroke, slowest keystroke, hits of the full query); ms medians over runs."""
    per_prefix: list[list[float]] = [[] for _ in query]
    hits = 0
    for run in range(runs + 1):
        for length in range(1, len(query) + 1):
            start = time.perf_counter()
            groups = services.search.search(user, query[:length])  # type: ignore[arg-type]
            elapsed = (time.perf_counter() - start) * 1000
            if run:
                per_prefix[length - 1].append(elapsed)
            if length == len(query):
                hits = sum(len(group.hits) for group in groups)
    medians = [statistics.median(times) for times in per_prefix]
    return statistics.median(medians), max(medians), hits


def person_pages(services: Services, user: object, runs: int) -> None:
    print(f"\nperson pages (ms, median of {runs} runs)")
    for group in services.search.search(user, "王"):  # type: ignore[arg-type]
        if group.kind not in services.people.kinds:
            continue
        record_id, times = group.hits[0].record_id, []
        for run in range(runs + 1):
            start = time.perf_counter()
            page = services.people.page(user, group.kind, record_id)  # type: ignore[arg-type]
            if run:
                times.append((time.perf_counter() - start) * 1000)
        print(f"{group.kind:<12}{statistics.median(times):8.1f}  {len(page.links)} links")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--data-dir", type=Path, required=True, help="the demo folder (reused)")
    args = parser.parse_args()
    prepare(args.data_dir, args.scale)
    key = Vault(args.data_dir).unlock("admin", DEMO_PASSWORD)
    services = Services.for_database(Database.open(args.data_dir, key))
    try:
        start = time.perf_counter()
        services.search.ensure_index()
        print(f"index: ready in {time.perf_counter() - start:.1f} s")
        with services.db.session() as session:
            counts = session.execute(
                select(SearchEntry.kind, func.count()).group_by(SearchEntry.kind)
            ).all()
        print("entries: " + ", ".join(f"{kind} {n:,}" for kind, n in counts))
        users = {name: services.accounts.authenticate(name, DEMO_PASSWORD) for name in ("admin", "aux")}
        print(f"\nkeystrokes (ms, median of {args.runs} runs; target ≤ {TARGET_MS:.0f} ms)")
        print(f"{'query':<24}{'user':<7}{'median':>8}{'slowest':>9}{'hits':>6}")
        worst = 0.0
        for query in QUERIES:
            for name, user in users.items():
                median, slowest, hits = keystrokes(services, user, query, args.runs)
                worst = max(worst, slowest)
                print(f"{query:<24}{name:<7}{median:8.1f}{slowest:9.1f}{hits:6d}")
        print(f"\nslowest keystroke: {worst:.1f} ms ({'ok' if worst <= TARGET_MS else 'SLOW'})")
        person_pages(services, users["admin"], args.runs)
    finally:
        services.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
