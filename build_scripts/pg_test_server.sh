#!/usr/bin/env bash
# A throwaway PostgreSQL server (Debian's packages, version 15) for tests and the station bench.
#
#   build_scripts/pg_test_server.sh start [DIR]   initdb in DIR (default: a new temp dir) as
#                                                  an unprivileged user, start it on 127.0.0.1
#                                                  with a free port and a Unix socket in DIR;
#                                                  prints the database URL on stdout
#   build_scripts/pg_test_server.sh stop DIR      stop it and remove DIR
#
# Installs postgresql with apt-get when it is missing (as root). Runs the server as the
# user `stationpg` (created, no login) when started as root; as the caller otherwise.
set -euo pipefail

usage() { echo "usage: $0 start [DIR] | stop DIR" >&2; exit 2; }

pg_bin() {
    local dir
    for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
        if [[ -x "$dir/initdb" ]]; then echo "$dir"; return; fi
    done
    return 1
}

ensure_postgresql() {
    if pg_bin >/dev/null; then return; fi
    if [[ $(id -u) -ne 0 ]]; then
        echo "PostgreSQL is not installed: apt-get install postgresql (as root)" >&2; exit 1
    fi
    echo "installing postgresql (Debian packages)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q postgresql >&2 || { apt-get update -q >&2 && apt-get install -y -q postgresql >&2; }
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

as_owner() {  # run a command as the server's owner
    if [[ $(id -u) -eq 0 ]]; then
        su -s /bin/sh stationpg -c "$(printf '%q ' "$@")"
    else
        "$@"
    fi
}

start() {
    ensure_postgresql
    local bin dir port
    bin=$(pg_bin)
    dir=${1:-$(mktemp -d /tmp/station-pg.XXXXXX)}
    mkdir -p "$dir"
    if [[ $(id -u) -eq 0 ]]; then
        id stationpg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin stationpg
        chown stationpg "$dir"
        chmod 700 "$dir"
    fi
    port=$(free_port)
    as_owner "$bin/initdb" -D "$dir/data" -U station --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    # a test server: durability traded for speed (never for a station's real server)
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60" \
        start >&2 || { cat "$dir/server.log" >&2; exit 1; }
    "$bin/createdb" -h "$dir" -p "$port" -U station station_test
    echo "$port" >"$dir/port"
    echo "postgresql://station@127.0.0.1:$port/station_test"
}

stop() {
    local dir=${1:?$(usage)}
    [[ -d "$dir/data" ]] || { echo "no server in $dir" >&2; exit 1; }
    as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
    rm -rf "$dir"
}

case "${1:-}" in
    start) shift; start "$@" ;;
    stop) shift; stop "$@" ;;
    *) usage ;;
esac
