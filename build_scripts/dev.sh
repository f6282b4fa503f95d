#!/usr/bin/env bash
# Station Desk on a fresh machine: installs what is missing, then runs the app or the tests.
#   build_scripts/dev.sh run [--demo | --data-dir DIR | ...]   start the app
#   build_scripts/dev.sh test [pytest args]                    run the whole test suite
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: Qt's xcb platform (real and Xvfb screens), EGL/GL and fontconfig for Qt,
# poppler-utils (pdftotext/pdffonts/pdftoppm) for reading the PDFs the tests print.
DEBIAN_PACKAGES=(
  xvfb xauth xdotool poppler-utils binutils
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 libx11-xcb1
  libxkbcommon-x11-0 libxkbcommon0 libegl1 libgl1 libfontconfig1 libdbus-1-3 libglib2.0-0
)

ensure_debian_packages() {
  command -v dpkg-query >/dev/null 2>&1 || return 0
  local missing=()
  for package in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}

ensure_uv() {
  export PATH="$HOME/.local/bin:$PATH"
  command -v uv >/dev/null 2>&1 && return 0
  echo "Installing uv with pip"
  python3 -m pip install --quiet --user uv 2>/dev/null || python3 -m pip install --quiet uv
}

ensure_debian_packages
ensure_uv
export UV_PYTHON_DOWNLOADS=never
uv sync --frozen --compile-bytecode --quiet

command="${1:-run}"
shift || true
case "$command" in
  run) exec uv run --frozen --no-sync station-desk "$@" ;;
  test) QT_QPA_PLATFORM=offscreen exec uv run --frozen --no-sync pytest "$@" ;;
  *) echo "usage: $0 run [app options] | test [pytest options]" >&2; exit 2 ;;
esac
