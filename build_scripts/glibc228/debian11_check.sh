#!/usr/bin/env bash
# Proof on an older system: the glibc 2.28 build started inside a Debian 11 root (glibc 2.31,
# the oldest Debian the package mirror still serves), made with debootstrap from Debian's
# packages with only the runtime packages build_scripts/README.md lists for target PCs.
#   build_scripts/glibc228/debian11_check.sh [BUILD_FOLDER]   (as root; default
#                                                              build/glibc228/dist/station-desk)
# Runs there: the build's --self-test (offscreen), a list of libraries the build would not
# find, and its window under Xvfb (the sign-in window titled 警务室工作台 must appear).
# The root is kept in $STATION_DESK_CACHE/debian11-root (default ~/.cache/station-desk) and
# made again only when the package list below changes. The mounts (/proc, a private /dev and
# /tmp) live in a mount namespace of their own and are undone on any exit.
set -euo pipefail
SCRIPT=$(realpath "$0")
[ $# -gt 0 ] && BUILD_FOLDER=$(realpath "$1")
cd "$(dirname "$SCRIPT")/../.."
BUILD_FOLDER=${BUILD_FOLDER:-$(realpath build/glibc228/dist/station-desk)}
if [ -z "${STATION_DESK_MOUNT_NAMESPACE:-}" ] && unshare --mount --propagation private true 2>/dev/null; then
  export STATION_DESK_MOUNT_NAMESPACE=1
  exec unshare --mount --propagation private "$SCRIPT" "$BUILD_FOLDER"
fi
CACHE=${STATION_DESK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/station-desk}
ROOT=$CACHE/debian11-root
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
# What a target PC needs besides glibc, libstdc++ and zlib (minbase has those): the packages
# build_scripts/README.md lists, no more (the xcb-util helpers are bundled); plus Xvfb, xauth
# and xdotool for the test.
PACKAGES=(
  libx11-6 libx11-xcb1 libxcb1 libxcb-glx0 libxcb-randr0 libxcb-render0 libxcb-shape0 libxcb-shm0
  libxcb-sync1 libxcb-xfixes0 libxcb-xkb1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1
  libfreetype6 libglib2.0-0 libdbus-1-3 libegl1 libgl1 libgssapi-krb5-2 libzstd1 libcups2
  xvfb xauth xdotool
)
TIMEOUT_DEBOOTSTRAP=900
TIMEOUT_STEP=300

say() { echo "== debian11_check: $*"; }
fail() { echo "debian11_check FAILED: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "run as root (debootstrap and chroot need it)"
[ -x "$BUILD_FOLDER/station-desk" ] || fail "no build at $BUILD_FOLDER (build_scripts/build.sh --target linux-glibc228)"

MOUNTS=()
cleanup() {
  local status=$? index
  for (( index=${#MOUNTS[@]}-1; index>=0; index-- )); do
    umount "${MOUNTS[index]}" 2>/dev/null || umount -l "${MOUNTS[index]}" 2>/dev/null || true
  done
  [ -d "$ROOT/opt/station-desk" ] && rm -rf "$ROOT/opt/station-desk"
  [ $status -eq 0 ] || echo "debian11_check: exit $status" >&2
}
trap cleanup EXIT
mount_in_root() {  # mount_in_root TYPE SOURCE TARGET [OPTIONS]
  mount -t "$1" ${4:+-o "$4"} "$2" "$ROOT$3"
  MOUNTS+=("$ROOT$3")
}

make_root() {
  local recipe="bullseye minbase ${PACKAGES[*]}"
  if [ -x "$ROOT/bin/sh" ] && [ "$(cat "$ROOT/.recipe" 2>/dev/null)" = "$recipe" ]; then
    say "Debian 11 root: $ROOT (made before)"
    return
  fi
  command -v debootstrap >/dev/null 2>&1 || {
    say "installing debootstrap"
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap
  }
  say "making the Debian 11 root with debootstrap (a few minutes)"
  local started=$SECONDS
  rm -rf "$ROOT"
  mkdir -p "$CACHE/debian11-debs"
  local include
  include=$(IFS=,; echo "${PACKAGES[*]}")
  timeout "$TIMEOUT_DEBOOTSTRAP" debootstrap --variant=minbase --include="$include" \
    --cache-dir="$CACHE/debian11-debs" bullseye "$ROOT" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 \
    || { tail -20 "$CACHE/debootstrap.log" >&2; fail "debootstrap did not finish (log: $CACHE/debootstrap.log)"; }
  rm -rf "$ROOT/var/cache/apt/archives/"*.deb
  echo "$recipe" >"$ROOT/.recipe"
  say "root made in $(( SECONDS - started )) s ($(du -sh "$ROOT" | cut -f1))"
}

make_device_nodes() {  # a private /dev with the few devices a program needs
  mount_in_root tmpfs dev /dev mode=0755
  mknod -m 666 "$ROOT/dev/null" c 1 3
  mknod -m 666 "$ROOT/dev/zero" c 1 5
  mknod -m 666 "$ROOT/dev/full" c 1 7
  mknod -m 666 "$ROOT/dev/random" c 1 8
  mknod -m 666 "$ROOT/dev/urandom" c 1 9
  mknod -m 666 "$ROOT/dev/tty" c 5 0
  mkdir -m 1777 "$ROOT/dev/shm"
}

make_root
mount_in_root proc proc /proc
make_device_nodes
mount_in_root tmpfs tmp /tmp mode=1777
say "copying $BUILD_FOLDER into the root"
rm -rf "$ROOT/opt/station-desk"
mkdir -p "$ROOT/opt"
cp -a "$BUILD_FOLDER" "$ROOT/opt/station-desk"

# The checks, run by Debian 11's own bash inside the root.
cat >"$ROOT/tmp/check.sh" <<'CHECK'
set -u
export HOME=/tmp/home LANG=C.UTF-8 PYTHONIOENCODING=utf-8
mkdir -p "$HOME"
cd /opt/station-desk
echo "system: $(. /etc/os-release; echo "$PRETTY_NAME"), $(ldd --version | head -n 1)"
echo "-- libraries the build does not find here (with _internal on the search path, as at run time):"
missing=$(find . -type f \( -name '*.so*' -o -name station-desk \) -print0 \
  | LD_LIBRARY_PATH=/opt/station-desk/_internal xargs -0 ldd 2>/dev/null | grep 'not found' | sort | uniq -c)
echo "${missing:-   none}"
echo "-- self-test"
QT_QPA_PLATFORM=offscreen timeout 300 ./station-desk --self-test
selftest=$?
echo "-- the window under Xvfb"
timeout 120 ./station-desk demo --data-dir /tmp/room >/tmp/demo.log 2>&1 || { cat /tmp/demo.log; exit 1; }
# -fbdir: the screen is also a file (XWD), copied out as a screenshot of the window.
Xvfb :57 -screen 0 1366x768x24 -nolisten tcp -fbdir /tmp >/tmp/xvfb.log 2>&1 &
xvfb=$!
export DISPLAY=:57
for _ in $(seq 50); do xdotool getmouselocation >/dev/null 2>&1 && break; sleep 0.2; done
./station-desk --data-dir /tmp/room --lang zh_CN >/tmp/app.log 2>&1 &
app=$!
title=""
for _ in $(seq 300); do
  title=$(xdotool search --onlyvisible --name '警务室工作台' getwindowname %@ 2>/dev/null | head -n 1)
  [ -n "$title" ] && break
  kill -0 $app 2>/dev/null || break
  sleep 0.2
done
[ -n "$title" ] && sleep 1 && cp /tmp/Xvfb_screen0 /var/tmp/station-desk-window.xwd 2>/dev/null
kill $app $xvfb 2>/dev/null
wait $app 2>/dev/null
if [ -n "$title" ]; then
  echo "ok  window: \"$title\""
  window=0
else
  echo "FAIL window: no window titled 警务室工作台 within 60 s; the program said:"
  tail -20 /tmp/app.log
  window=1
fi
[ $selftest -eq 0 ] && [ $window -eq 0 ]
CHECK
say "running the self-test and the window inside Debian 11"
rm -f "$ROOT/var/tmp/station-desk-window.xwd"
if timeout "$TIMEOUT_STEP" chroot "$ROOT" /bin/bash /tmp/check.sh; then
  screenshot=$(dirname "$BUILD_FOLDER")/debian11-window.xwd
  mv -f "$ROOT/var/tmp/station-desk-window.xwd" "$screenshot" 2>/dev/null \
    && say "screenshot of the window: $screenshot (convert xwd:FILE png:OUT.png)"
  say "PASSED: the glibc 2.28 build runs on Debian 11 (self-test and window)"
else
  fail "the glibc 2.28 build did not pass inside Debian 11 (see above)"
fi
