#!/usr/bin/env bash
# Linux (and CI): the one-folder build from the locked environment, its size, its self-test.
#   build_scripts/build.sh [--clean] [--no-self-test]
#   build_scripts/build.sh --target linux-glibc228 [--clean] [--no-self-test]
# Result: build/pyinstaller/dist/station-desk/ (run ./station-desk there), made with the
# locked PySide6 6.11 and this host's libraries, so it needs this host's glibc (Debian 12:
# 2.36). --target linux-glibc228: build/glibc228/dist/station-desk/ for glibc 2.28 desktops
# (Kylin V10, UOS 20; see build_scripts/glibc228/build.sh). Exit code non-zero when the
# build, the glibc floor check or the frozen self-test fails. Windows: see
# build_scripts/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--target" ]; then
  case "${2:-}" in
    linux-glibc228) shift 2; exec build_scripts/glibc228/build.sh "$@" ;;
    linux) shift 2 ;;
    *) echo "usage: $0 [--target linux|linux-glibc228] [--clean] [--no-self-test]" >&2; exit 2 ;;
  esac
fi
export UV_PYTHON_DOWNLOADS=never
export PATH="$HOME/.local/bin:$PATH"

# PyInstaller reads shared-library dependencies with objdump and strips with strip (binutils).
if ! command -v objdump >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends binutils
fi
command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet --user uv

echo "glibc of this build host: $(ldd --version | head -n 1)"
# The dev group stays installed (uv's default group), so the tests still run afterwards.
uv sync --frozen --group build --quiet
started=$(date +%s)
uv run --frozen --no-sync python build_scripts/build.py "$@"
echo "folder size (du -sh): $(du -sh build/pyinstaller/dist/station-desk | cut -f1)"
echo "build and self-test took $(( $(date +%s) - started )) s"
