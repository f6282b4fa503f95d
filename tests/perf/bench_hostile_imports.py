"""Memory and time of `import volunteers --dry-run` on hostile spreadsheets.

Run it from the project root (not collected by pytest):

    .venv/bin/python tests/perf/bench_hostile_imports.py [--strings-mb 1024] [--only NAME]

It sets up a temporary data folder (room and admin account), writes each file of
`tests/hostile_files.py` next to it, and runs the real command
`python -m station_desk import volunteers FILE --dry-run --user admin` once per file in a
fresh process. For each it prints the file's size, the process's peak resident memory
(`ru_maxrss` from `os.wait4`, so only that process is counted), the wall time, the exit code
and the first line the command printed. The baseline is a small well-formed roster; the
difference to it is what the file itself cost (the interpreter, SQLAlchemy and one Argon2id
password check are in every figure).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from station_desk.domain.settings import SetupData  # noqa: E402
from station_desk.services.vault import Vault  # noqa: E402
from tests import hostile_files  # noqa: E402

PASSWORD = "Bench-pass-2026"


def make_data_dir(folder: Path) -> None:
    services = Vault(folder).open_new().services
    try:
        services.accounts.complete_setup(
            SetupData("派出所", "警务室", "张建国", "010123", "admin", PASSWORD, "zh_CN")
        )
    finally:
        services.close()


def measure(data_dir: Path, file: Path) -> tuple[float, float, int, str]:
    """(peak RSS in MB, seconds, exit code, first output line) of one dry-run import."""
    env = {**os.environ, "STATION_DESK_PASSWORD": PASSWORD, "PYTHONIOENCODING": "utf-8"}
    argv = [sys.executable, "-m", "station_desk", "import", "volunteers", str(file), "--dry-run",
            "--data-dir", str(data_dir), "--user", "admin", "--lang", "en"]
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        out.seek(0)
        text = out.read().decode("utf-8", "replace").strip()
    first = text.splitlines()[0][:110] if text else ""
    return usage.ru_maxrss / 1024, seconds, process.returncode, first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strings-mb", type=int, default=1024, help="unpacked size of the shared strings")
    parser.add_argument("--distinct", action="store_true", help="distinct shared strings (pack less)")
    parser.add_argument("--only", help="run only the file of this name")
    options = parser.parse_args()
    files: dict[str, Callable[[], bytes]] = {
        "baseline (3 rows)": lambda: hostile_files.xlsx_with_rows(
            [hostile_files.HEADER, hostile_files.VOLUNTEER, ("李四", "13900139000", "")]
        ),
        "merged range A2:XFD20001": hostile_files.merged_range_bomb,
        "rows reaching column XFD": lambda: hostile_files.wide_rows_bomb(20_000),
        f"shared strings {options.strings_mb} MB": lambda: hostile_files.shared_strings_bomb(
            options.strings_mb << 20, options.distinct
        ),
        "password-protected": hostile_files.encrypted_xlsx,
        "20,000 rows x 64 texts": hostile_files.dense_sheet,
    }
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        make_data_dir(folder / "data")
        print(f"{'file':28} {'size':>9} {'peak RSS':>10} {'time':>7}  exit  output")
        for index, (name, make) in enumerate(files.items()):
            if options.only and options.only not in name:
                continue
            path = folder / f"hostile{index}.xlsx"
            path.write_bytes(make())
            size = path.stat().st_size
            rss, seconds, code, first = measure(folder / "data", path)
            print(f"{name:28} {size / 1024:7.0f}KB {rss:8.0f}MB {seconds:6.1f}s  {code:4}  {first}", flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
