#!/usr/bin/env bash
# The Linux build for glibc 2.28 desktops (Kylin V10, UOS 20 / deepin 20, Debian 10+,
# Ubuntu 20.04+, CentOS/Alma/Rocky 8+), made on any newer x86_64 Linux (CI: Debian 12).
#   build_scripts/build.sh --target linux-glibc228 [--clean] [--no-self-test]
# Result: build/glibc228/dist/station-desk/. Steps:
#   1. a CPython 3.11 needing glibc <= 2.28 (python.sh; built once, then kept in the cache
#      folder $STATION_DESK_CACHE, default ~/.cache/station-desk)
#   2. a virtual environment of it with the pinned wheels of requirements.txt (PySide6 6.9.3,
#      all manylinux_2_28 or older, hashes checked)
#   3. build.py: PyInstaller without the build host's libraries, the glibc floor check
#      (fails above GLIBC_2.28) and the frozen self-test.
set -euo pipefail
cd "$(dirname "$0")/../.."
export UV_PYTHON_DOWNLOADS=never
export PATH="$HOME/.local/bin:$PATH"
CACHE=${STATION_DESK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/station-desk}
PYTHON_PREFIX=$CACHE/cpython-3.11-glibc2.28
BUILD=build/glibc228
VENV=$BUILD/venv
REQUIREMENTS=build_scripts/glibc228/requirements.txt
started=$(date +%s)

command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet --user uv
if ! command -v objdump >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends binutils
fi

echo "== glibc 2.28 build: build host $(ldd --version | head -n 1)"
build_scripts/glibc228/python.sh "$PYTHON_PREFIX"
python_done=$(date +%s)

# The environment is made anew when the interpreter or the pins changed.
stamp="$(cat "$PYTHON_PREFIX/.recipe") $(sha256sum "$REQUIREMENTS" | cut -c1-16)"
if [ "$(cat "$VENV/.stamp" 2>/dev/null)" != "$stamp" ]; then
  rm -rf "$VENV"
  uv venv --quiet --no-config --python "$PYTHON_PREFIX/bin/python3.11" "$VENV"
  # --python-platform: choose wheels for glibc 2.28, not for the build host's glibc.
  uv pip install --quiet --no-config --python "$VENV/bin/python" \
    --python-platform x86_64-manylinux_2_28 --only-binary :all: --require-hashes -r "$REQUIREMENTS"
  echo "$stamp" >"$VENV/.stamp"
fi
"$VENV/bin/python" -c "import PySide6, sqlcipher3, cryptography, sys
print('environment:', 'Python', sys.version.split()[0], 'PySide6', PySide6.__version__,
      'sqlcipher3 (SQLite', sqlcipher3.sqlite_version + ')', 'cryptography', cryptography.__version__)"
environment_done=$(date +%s)

"$VENV/bin/python" build_scripts/build.py --build-dir "$BUILD" --max-glibc 2.28 \
  --host-libraries leave-out "$@"
echo "folder size (du -sh): $(du -sh "$BUILD/dist/station-desk" | cut -f1)"
echo "glibc 2.28 build took $(( $(date +%s) - started )) s:" \
  "interpreter $(( python_done - started )) s, environment $(( environment_done - python_done )) s," \
  "PyInstaller and self-test $(( $(date +%s) - environment_done )) s"
