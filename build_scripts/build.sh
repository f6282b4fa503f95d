#!/usr/bin/env bash
# Linux (and CI): the one-folder build from the locked environment, its size, its self-test.
#   build_scripts/build.sh [--clean] [--no-self-test]
# Result: build/pyinstaller/dist/station-desk/ (run ./station-desk there). Exit code non-zero
# when the build or the frozen self-test fails. Windows: see build_scripts/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
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
