"""Build the one-folder program with PyInstaller, report its size, run its self-test.

    python build_scripts/build.py                 # build, measure, self-test (Linux and Windows)
    python build_scripts/build.py --installer     # Windows: then the Inno Setup installer too
    python build_scripts/build.py --no-self-test  # only build
    python build_scripts/build.py --build-dir build/glibc228 --max-glibc 2.28 --host-libraries leave-out
                                                  # the Kylin/UOS build (build_scripts/glibc228/build.sh)

Run it inside the locked environment with the `build` group (`build_scripts/build.sh` does
that on Linux; see build_scripts/README.md for Windows). The result is
`build/pyinstaller/dist/station-desk/`; the installer goes to `build/installer/`.
On Linux it then prints the build's glibc floor (`glibc_floor.py`); with `--max-glibc` a
binary needing a newer glibc fails the build. Exit code 0 when the build, the glibc check and
the self-test passed, else 1.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build_scripts" / "station_desk.spec"
BUILD = ROOT / "build" / "pyinstaller"
DIST = BUILD / "dist"
APP_DIR = DIST / "station-desk"
# Read by the spec: "leave-out" keeps every shared library of the build host out of the folder
# (only Python's and the wheels' own binaries go in; the target PC supplies X11, GL, fontconfig...).
HOST_LIBRARIES_VARIABLE = "STATION_DESK_HOST_LIBRARIES"
INSTALLER_SCRIPT = ROOT / "build_scripts" / "windows" / "station_desk.iss"
INSTALLER_OUT = ROOT / "build" / "installer"
SELF_TEST_TIMEOUT = 300  # seconds
WINDOWS = sys.platform == "win32"


def app_version() -> str:
    sys.path.insert(0, str(ROOT))
    from station_desk import __version__

    return __version__


def folder_size(folder: Path) -> int:
    """Bytes of every file under `folder` (symbolic links counted once, as links)."""
    total = 0
    for path in folder.rglob("*"):
        if path.is_symlink():
            continue
        if path.is_file():
            total += path.stat().st_size
    return total


def use_build_dir(folder: Path) -> None:
    """Build into `folder` (its `work/` and `dist/station-desk/`) instead of build/pyinstaller."""
    global BUILD, DIST, APP_DIR
    BUILD = folder if folder.is_absolute() else ROOT / folder
    DIST = BUILD / "dist"
    APP_DIR = DIST / "station-desk"


def program(console: bool = True) -> Path:
    """The built program; on Windows the console twin prints, the windowed one does not."""
    if WINDOWS:
        return APP_DIR / ("station-desk-cli.exe" if console else "station-desk.exe")
    return APP_DIR / "station-desk"


def run_pyinstaller(clean: bool) -> float:
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(DIST),
        "--workpath",
        str(BUILD / "work"),
        str(SPEC),
    ]
    if clean:
        command.insert(3, "--clean")
    print("$", " ".join(command), flush=True)
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True)
    return time.perf_counter() - started


def run_self_test() -> int:
    exe = program(console=True)
    print(f"$ {exe} --self-test", flush=True)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="utf-8")
    try:
        return subprocess.run(
            [str(exe), "--self-test"], cwd=ROOT, env=env, timeout=SELF_TEST_TIMEOUT
        ).returncode
    except subprocess.TimeoutExpired:
        print(f"the self-test did not finish in {SELF_TEST_TIMEOUT} s", file=sys.stderr)
        return 1


def check_glibc_floor(max_glibc: str | None) -> int:
    """Print the folder's glibc floor; 1 when `max_glibc` is given and exceeded."""
    command = [sys.executable, str(ROOT / "build_scripts" / "glibc_floor.py"), str(APP_DIR)]
    if max_glibc:
        command += ["--max", max_glibc]
    return subprocess.run(command).returncode


def find_iscc() -> str | None:
    found = shutil.which("ISCC") or shutil.which("iscc")
    if found:
        return found
    for base in (os.environ.get("PROGRAMFILES(X86)"), os.environ.get("PROGRAMFILES")):
        candidate = Path(base or "") / "Inno Setup 6" / "ISCC.exe"
        if base and candidate.is_file():
            return str(candidate)
    return None


def build_installer(version: str) -> Path:
    iscc = find_iscc()
    if iscc is None:
        raise SystemExit(
            "Inno Setup 6 (ISCC.exe) not found: install it from https://jrsoftware.org"
        )
    INSTALLER_OUT.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            iscc,
            f"/DAppVersion={version}",
            f"/DSourceDir={APP_DIR}",
            f"/O{INSTALLER_OUT}",
            str(INSTALLER_SCRIPT),
        ],
        check=True,
    )
    return INSTALLER_OUT / f"StationDesk-{version}-setup.exe"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clean", action="store_true", help="drop PyInstaller's caches first")
    parser.add_argument("--no-self-test", action="store_true", help="skip the frozen self-test")
    parser.add_argument("--installer", action="store_true", help="Windows: build the installer")
    parser.add_argument("--build-dir", type=Path, help="build here (default build/pyinstaller)")
    parser.add_argument("--max-glibc", help="Linux: fail if a binary needs a newer glibc (2.28)")
    parser.add_argument(
        "--host-libraries",
        choices=("bundle", "leave-out"),
        default="bundle",
        help="Linux: bundle the build host's shared libraries (default) or leave them out",
    )
    args = parser.parse_args(argv)
    if args.build_dir:
        use_build_dir(args.build_dir)
    os.environ[HOST_LIBRARIES_VARIABLE] = args.host_libraries

    version = app_version()
    seconds = run_pyinstaller(args.clean)
    size = folder_size(APP_DIR)
    print(f"built Station Desk {version} in {seconds:.0f} s: {APP_DIR}")
    print(f"size: {size / 1024 / 1024:.0f} MB in {sum(1 for _ in APP_DIR.rglob('*'))} files")
    if sys.platform.startswith("linux") and check_glibc_floor(args.max_glibc) != 0:
        return 1
    if not args.no_self_test:
        code = run_self_test()
        if code != 0:
            print(f"the frozen self-test FAILED (exit code {code})", file=sys.stderr)
            return 1
    if args.installer:
        if not WINDOWS:
            print("the installer is built on Windows only", file=sys.stderr)
            return 1
        setup = build_installer(version)
        print(f"installer: {setup} ({setup.stat().st_size / 1024 / 1024:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
