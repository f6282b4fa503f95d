#!/usr/bin/env bash
# The database and service suites (and the station's) on a throwaway PostgreSQL 15 server:
# start it (build_scripts/pg_test_server.sh), run the suites with
# STATION_DESK_TEST_DATABASE_URL set (each test gets a database of its own, copied from a
# migrated template; tests of the room's encrypted SQLite file are skipped with the reason),
# then stop it, also when a test fails.
#
#   build_scripts/test_on_postgresql.sh [PYTEST ARGS...]   (default: the suites below)
set -euo pipefail
cd "$(dirname "$0")/.."
export UV_PYTHON_DOWNLOADS=never PATH="$HOME/.local/bin:$PATH"

server_dir=$(mktemp -d /tmp/station-pg.XXXXXX)
trap 'build_scripts/pg_test_server.sh stop "$server_dir" >/dev/null 2>&1 || true' EXIT
url=$(build_scripts/pg_test_server.sh start "$server_dir")
echo "PostgreSQL test server: $url"

if [[ $# -eq 0 ]]; then
    set -- tests/integration/db tests/integration/services
fi
STATION_DESK_TEST_DATABASE_URL="$url" uv run --frozen --no-sync pytest -q -rs -p no:cacheprovider "$@"
