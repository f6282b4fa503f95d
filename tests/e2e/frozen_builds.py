"""What the end-to-end tests of the one-folder builds share: which builds are up to date,
and a private X server."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROGRAM_NAME = "station-desk"
# The two Linux builds: build_scripts/build.sh and build.sh --target linux-glibc228.
BUILD_DIRS = {
    "build": ROOT / "build/pyinstaller/dist/station-desk",
    "glibc228-build": ROOT / "build/glibc228/dist/station-desk",
}


def is_current(program: Path) -> bool:
    """A build older than the code or resources would test yesterday's program."""
    if not program.is_file():
        return False
    sources = [*(ROOT / "station_desk").rglob("*.py"), *(ROOT / "resources").rglob("*.*")]
    return program.stat().st_mtime >= max(path.stat().st_mtime for path in sources)


def current_builds() -> dict[str, Path]:
    """name -> program of every Linux build that exists and is up to date."""
    programs = {name: folder / PROGRAM_NAME for name, folder in BUILD_DIRS.items()}
    return {name: program for name, program in programs.items() if is_current(program)}


def start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    """A private X server on a free display (`-displayfd` avoids xvfb-run's display races)."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        display = ":" + pipe.readline().strip()
    return server, display
