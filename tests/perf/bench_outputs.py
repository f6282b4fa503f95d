"""Big outputs at station scale (issue 22): each operation's time and peak memory next to its
target and reference.

    .venv/bin/python tests/perf/bench_outputs.py --data-dir /tmp/demo100            # all
    .venv/bin/python tests/perf/bench_outputs.py --data-dir /tmp/demo100 --only register-pdf backup
    .venv/bin/python tests/perf/bench_outputs.py --data-dir /tmp/demo100 --keep /tmp/out  # keep files

The data folder is a demo room (`station-desk demo --scale 100`; a folder that holds no
database is filled first, which takes half an hour on a busy 2-core machine). It is only
read: backup and restore work on a copy of it. Every operation runs in a fresh process;
its peak memory is that process's `ru_maxrss` (from `os.wait4`), its time the wall clock
and the CPU time (user + system: on a shared machine the wall clock also counts waiting).

Operations (targets of issue 22):
- `register-pdf`, `register-xlsx`: the mediation register of the last 365 days (about 30,000
  cases at scale 100) — target ≤ 30 s, ≤ 300 MB.
- `export`: the export of the last 365 days (data package, documents, registers) to a
  temporary folder, with the time of each file — target ≤ 60 s, ≤ 400 MB.
- `backup`, `restore`: to and from a temporary folder — target ≤ 3 × copying the database
  file and syncing it (measured in the same run, just before). Each is measured twice: the
  whole command (`station-desk backup --to DIR --user admin`, `station-desk restore BACKUP
  --user admin`: process start, imports, password, everything) and its own steps in a
  process that times each (signing in, or opening the key slot as `restore` does, apart;
  the backup's passphrase key is derived while signing in, as the command does; the
  restore's own steps derive it themselves — the command does that alongside the key slot).
  Run warm (the file in the page cache) and, as root, cold (`sync` and the page cache
  emptied before each of the reference copy, the backup and the restore: as after a
  restart); `--repeat N` runs it all N times and prints the medians. The load average is
  printed with every figure (the machine may be shared).

Bytecode is compiled once into a temporary PYTHONPYCACHEPREFIX (nothing is written into the
source tree; an installed program or a PyInstaller bundle has it): under
PYTHONDONTWRITEBYTECODE=1 every process would compile the program again (about 0.3 s).
- `import`: `station-desk import volunteers FILE --dry-run` of the largest accepted
  spreadsheet (20,000 rows, `tests/hostile_files.py`) — peak memory bounded.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

PASSPHRASE = "bench-outputs-2026"
TARGETS = {  # seconds, MB; None: relative to the reference
    "register-pdf": (30.0, 300),
    "register-xlsx": (30.0, 300),
    "export": (60.0, 400),
    "backup": (None, None),
    "restore": (None, None),
    "import": (None, None),
}
REFERENCE = {
    "register-pdf": "about 900 s inside the export of issue 22 (2.07 GB for the export)",
    "export": "1,006 s, 2.07 GB (issue 22)",
    "backup": "12.5 s, 131 MB (issue 22); 3 × copy+sync",
    "restore": "3 × copy+sync",
    "import": "228 MB, 39 s (issue 13, 20,000 rows × 64 texts)",
}


# -- what runs in the child process -------------------------------------------------------


def _sign_in(data_dir: Path) -> tuple[Any, Any]:
    from station_desk.demo import DEMO_PASSWORD
    from station_desk.i18n import set_language
    from station_desk.services.vault import Vault

    set_language("zh_CN")
    return Vault(data_dir).sign_in("admin", DEMO_PASSWORD)


def _period() -> tuple[date, date]:
    today = date.today()
    return today - timedelta(days=365), today


def run_register(data_dir: Path, out: Path, fmt: str) -> dict[str, Any]:
    services, user = _sign_in(data_dir)
    start, end = _period()
    begin = time.perf_counter()
    for _row in services.mediation.register_source(user, start, end):
        pass  # read as the register reads them: a chunk at a time, none held
    read = time.perf_counter() - begin
    build = services.mediation.register_pdf if fmt == "pdf" else services.mediation.register_xlsx
    data = build(user, start, end, "zh_CN")
    path = out / f"mediation_register.{fmt}"
    path.write_bytes(data)
    return {"file": str(path), "bytes": len(data), "steps": {"reading the cases (of the total)": read}}


def run_export(data_dir: Path, out: Path) -> dict[str, Any]:
    from station_desk.services.export import ExportRequest

    services, user = _sign_in(data_dir)
    start, end = _period()
    steps: dict[str, float] = {}
    mark = [time.perf_counter(), "start"]

    def progress(_step: int, _total: int, label: str) -> None:
        if label.startswith((f"{mark[1]}：", f"{mark[1]}:")):
            return  # "调解台账：第50页": a page of the document being built
        now = time.perf_counter()
        steps[str(mark[1])] = steps.get(str(mark[1]), 0.0) + now - mark[0]
        mark[:] = [now, label]

    request = ExportRequest(out, start, end, passphrase=PASSPHRASE)
    result = services.export.export(user, request, progress)
    progress(0, 0, "end")
    files = {f.name: f.size for f in result.files}
    return {"folder": str(result.folder), "files": files, "records": result.records, "steps": steps}


def _timed_steps() -> tuple[dict[str, float], Any]:
    steps: dict[str, float] = {}
    mark = [time.perf_counter(), "start"]

    def progress(_step: int, _total: int, label: str) -> None:
        now = time.perf_counter()
        steps[str(mark[1])] = now - mark[0]
        mark[:] = [now, label]

    return steps, progress


SIGN_IN = "sign in (imports, password, opening and checking the database; the passphrase's key alongside)"
KEY_SLOT = "imports, the key from the key slot (password)"


def run_backup(data_dir: Path, out: Path) -> dict[str, Any]:
    """As `station-desk backup --to DIR --user admin`: the passphrase's key derived on a
    helper thread while signing in, then the backup's own steps."""
    from concurrent.futures import ThreadPoolExecutor

    begin = time.perf_counter()
    helper = ThreadPoolExecutor(max_workers=1)
    from station_desk.exchange.crypto import EncryptionKey

    derived = helper.submit(EncryptionKey.create, PASSPHRASE)
    services, user = _sign_in(data_dir)
    signed_in = time.perf_counter() - begin
    steps, progress = _timed_steps()
    steps[SIGN_IN] = signed_in
    own = time.perf_counter()
    path = services.backup.backup_to(user, out, PASSPHRASE, progress, derived=derived)
    helper.shutdown()
    progress(0, 0, "end")
    own = time.perf_counter() - own
    services.close()
    return {"file": str(path), "bytes": path.stat().st_size, "steps": steps, "own": own}


def run_restore(data_dir: Path, out: Path) -> dict[str, Any]:
    """As `station-desk restore BACKUP --user admin`: the key from the key slot (no sign-in
    into the database about to be replaced), then the restore's own steps."""
    begin = time.perf_counter()
    from station_desk.db.keyslots import KeySlots
    from station_desk.domain.accounts import Principal
    from station_desk.domain.roles import Role
    from station_desk.services.backup import BackupService

    backup = _backup_in(out)
    slots = KeySlots.load(data_dir)
    assert slots is not None
    key = slots.unlock("admin", os.environ["STATION_DESK_PASSWORD"])  # the demo's (compiled_env)
    assert key is not None
    unlocked = time.perf_counter()
    service = BackupService(None, data_dir, key=key)
    candidate = service.prepare_restore(backup, PASSPHRASE, key)
    prepared = time.perf_counter()
    admin = Principal("", "admin", "admin", Role.ADMIN)
    result = service.restore(admin, candidate)
    done = time.perf_counter()
    return {
        "from": str(result.restored_from),
        "own": done - unlocked,
        "steps": {
            KEY_SLOT: unlocked - begin,
            "the passphrase's key, decrypt, check the backup (synced alongside)": prepared - unlocked,
            "swap in, open, audit": done - prepared,
        },
    }


def _backup_in(out: Path) -> Path:
    return max(out.glob("station_desk_backup_*/*.sdbackup"))


def drop_page_cache() -> bool:
    """Write everything out and empty the kernel's page cache (root only), so the next step
    reads the database from the disk as after a restart; False when not allowed."""
    os.sync()
    try:
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        return False
    return True


def run_copy(source: Path, out: Path) -> dict[str, Any]:
    """The reference: copy the database file and sync it to disk."""
    target = out / "copy.sqlite3"
    shutil.copyfile(source, target)
    with open(target, "rb+") as file:
        os.fsync(file.fileno())
    size = target.stat().st_size
    target.unlink()
    return {"bytes": size}


def child(operation: str, data_dir: Path, out: Path) -> None:
    from station_desk.paths import database_path

    begin, cpu = time.perf_counter(), time.process_time()
    if operation.startswith("register-"):
        info = run_register(data_dir, out, operation.split("-")[1])
    elif operation == "export":
        info = run_export(data_dir, out)
    elif operation == "backup":
        info = run_backup(data_dir, out)
    elif operation == "restore":
        info = run_restore(data_dir, out)
    elif operation == "copy":
        info = run_copy(database_path(data_dir), out)
    else:
        raise SystemExit(f"unknown operation {operation}")
    info["seconds"] = time.perf_counter() - begin
    info["cpu"] = time.process_time() - cpu
    print(json.dumps(info, ensure_ascii=False, default=str))


# -- the parent ---------------------------------------------------------------------------


def measure(command: list[str], env: dict[str, str] | None = None) -> tuple[dict[str, Any], float, float]:
    """Run `command`; its JSON line, wall seconds and peak RSS in MB."""
    begin = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, env=env, cwd=ROOT)
    assert process.stdout is not None
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - begin
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed ({status})")
    lines = [line for line in output.decode().splitlines() if line.startswith("{")]
    info = json.loads(lines[-1]) if lines else {}
    info.setdefault("cpu", usage.ru_utime + usage.ru_stime)
    return info, seconds, usage.ru_maxrss / 1024


CHILD_ENV: dict[str, str] = dict(os.environ)


def compiled_env(pycache: Path) -> dict[str, str]:
    """The children's environment: bytecode compiled once into `pycache` (outside the tree),
    the demo password and the bench passphrase for the commands."""
    from station_desk.demo import DEMO_PASSWORD

    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(PYTHONPYCACHEPREFIX=str(pycache), STATION_DESK_PASSWORD=DEMO_PASSWORD,
               STATION_DESK_PASSPHRASE=PASSPHRASE, PYTHONIOENCODING="utf-8")
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "station_desk")], env=env,
                   check=True, stdout=subprocess.DEVNULL)
    return env


def run_child(operation: str, data_dir: Path, out: Path) -> tuple[dict[str, Any], float, float]:
    return measure([sys.executable, __file__, "--child", operation, "--data-dir", str(data_dir),
                    "--out", str(out)], CHILD_ENV)


def run_command(operation: str, data_dir: Path, out: Path) -> tuple[dict[str, Any], float, float]:
    """The whole `station-desk backup` / `restore` command, as an administrator runs it."""
    what = ["backup", "--to", str(out)] if operation == "backup" else ["restore", str(_backup_in(out))]
    return measure([sys.executable, "-m", "station_desk", "--data-dir", str(data_dir), "--lang", "en",
                    *what, "--user", "admin"], CHILD_ENV)


def run_import(out: Path) -> tuple[dict[str, Any], float, float]:
    from tests import hostile_files

    path = out / "largest_accepted.xlsx"
    path.write_bytes(hostile_files.dense_sheet())
    data_dir = out / "import-room"
    from station_desk.demo import DEMO_PASSWORD, create_demo

    create_demo(data_dir, scale=1)
    env = dict(os.environ, STATION_DESK_PASSWORD=DEMO_PASSWORD)
    command = [sys.executable, "-m", "station_desk", "--data-dir", str(data_dir), "--lang", "en",
               "import", "volunteers", str(path), "--dry-run", "--user", "admin"]
    begin = time.process_time()
    info, seconds, peak = measure(command, env)
    info["file bytes"] = path.stat().st_size
    info.setdefault("cpu", time.process_time() - begin)
    return info, seconds, peak


def report(name: str, info: dict[str, Any], seconds: float, peak: float, reference: str) -> None:
    target_s, target_mb = TARGETS.get(name, (None, None))
    goal = f"target ≤ {target_s:.0f} s, ≤ {target_mb} MB" if target_s else ""
    print(f"\n{name}: {seconds:.2f} s wall, {info.get('cpu', 0):.2f} s CPU, peak {peak:.0f} MB"
          f"   {goal}   reference: {reference}")
    for step, spent in (info.get("steps") or {}).items():
        print(f"    {spent:7.2f} s  {step}")
    for key in ("bytes", "records", "file bytes"):
        if key in info:
            print(f"    {key}: {info[key]:,}")
    for file, size in (info.get("files") or {}).items():
        print(f"    file {file}: {size:,} bytes")


def _load() -> str:
    return "load average " + ", ".join(f"{value:.1f}" for value in os.getloadavg())


def _compare_with_copy(only: list[str], copy_dir: Path, out: Path, cold: bool,
                       ratios: dict[str, list[float]]) -> None:
    how = "cold" if cold else "warm"
    explain = "page cache emptied before each" if cold else "the file in the page cache"
    if cold:
        drop_page_cache()
    _info, copy_seconds, _peak = run_child("copy", copy_dir, out)
    print(f"\nreference ({how}: {explain}): copying the database file and syncing it: "
          f"{copy_seconds:.2f} s (3 × = {3 * copy_seconds:.2f} s); {_load()}")
    for name in ("backup", "restore"):
        if name not in only:
            continue
        for way in ("command", "steps"):
            if name == "backup":
                for old in out.glob("station_desk_backup_*"):
                    shutil.rmtree(old, ignore_errors=True)
            if cold:
                drop_page_cache()  # a restore reads the backup from the disk, not the cache
            run = run_command if way == "command" else run_child
            info, seconds, peak = run(name, copy_dir, out)
            label = f"{name} {way} ({how})"
            ratios.setdefault(f"{label}: whole", []).append(seconds / copy_seconds)
            note = f"ratio {seconds / copy_seconds:.1f} ×"
            if "own" in info:
                ratios.setdefault(f"{label}: own steps", []).append(info["own"] / copy_seconds)
                note += f"; its own steps {info['own']:.2f} s: {info['own'] / copy_seconds:.1f} ×"
            report(label, info, seconds, peak,
                   f"{REFERENCE[name]} = {3 * copy_seconds:.2f} s; {note}; {_load()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--only", nargs="*", default=list(TARGETS))
    parser.add_argument("--keep", type=Path, help="write the outputs here (kept) instead of a temporary folder")
    parser.add_argument("--scale", type=int, default=100, help="demo scale when the folder is empty")
    parser.add_argument("--repeat", type=int, default=1, help="backup and restore: runs (medians printed)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.data_dir, args.out)
        return 0
    from station_desk.paths import database_path

    if not database_path(args.data_dir).exists():
        from station_desk.demo import create_demo

        print(f"filling {args.data_dir} with demo scale {args.scale} (slow) …")
        create_demo(args.data_dir, scale=args.scale)
    out = args.keep or Path(tempfile.mkdtemp(prefix="bench-outputs-"))
    out.mkdir(parents=True, exist_ok=True)
    pycache = Path(tempfile.mkdtemp(prefix="bench-outputs-pycache-"))
    CHILD_ENV.update(compiled_env(pycache))
    print(f"data: {args.data_dir} ({database_path(args.data_dir).stat().st_size / 2**20:.0f} MB), "
          f"period {_period()[0]} – {_period()[1]}, outputs in {out}")
    try:
        for name in ("register-pdf", "register-xlsx", "export"):
            if name in args.only:
                report(name, *run_child(name, args.data_dir, out), REFERENCE.get(name, ""))
        if {"backup", "restore"} & set(args.only):
            copy_dir = out / "room-copy"
            shutil.copytree(args.data_dir, copy_dir, dirs_exist_ok=True)
            # Warm: the file in the page cache (as just after using the program); cold: the
            # page cache emptied before each of the reference and the operation (as after a
            # restart). Each against its own reference copy.
            run_command("backup", copy_dir, out)  # warm-up: bytecode of what it imports, caches
            ratios: dict[str, list[float]] = {}
            for _run in range(args.repeat):
                for cold in (False, True):
                    if cold and not drop_page_cache():
                        print("\n(cold runs skipped: emptying the page cache needs root)")
                        break
                    _compare_with_copy(args.only, copy_dir, out, cold, ratios)
            shutil.rmtree(copy_dir, ignore_errors=True)
            print(f"\nratios to copy + sync over {args.repeat} run(s): median (min–max)")
            for label, values in ratios.items():
                print(f"    {statistics.median(values):5.1f} × ({min(values):.1f}–{max(values):.1f})  {label}")
        if "import" in args.only:
            report("import", *run_import(out), REFERENCE["import"])
    finally:
        shutil.rmtree(pycache, ignore_errors=True)
        if args.keep is None:
            shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    raise SystemExit(main())
