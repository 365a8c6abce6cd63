#!/usr/bin/env bash
# The store suite against a real PostgreSQL 15: a throwaway cluster in a temp dir that listens on a
# Unix socket in that dir only (no TCP port to race another run for; trust auth is then safe),
# stopped and removed on exit. Then two replicas on PostgreSQL and the database's faults
# (tests/integration/replicas.py: kill -9, a freeze, split transactions, a stale pool, SIGTERM),
# each on a throwaway cluster of its own.
set -euo pipefail
cd "$(dirname "$0")/../.."

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
TESTS=${AUTHLENS_STORE_TESTS:-build-test/authlens_store_tests}
[ -x "$TESTS" ] || { echo "postgres: $TESTS is not built"; exit 1; }
[ -x "$PG_BIN/pg_ctl" ] || { echo "postgres: $PG_BIN/pg_ctl missing (postgresql-15)"; exit 1; }

# initdb and pg_ctl refuse to run as root: the cluster then belongs to the postgres user.
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || { echo "postgres: no postgres user to run the server as"; exit 1; }
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

dir=$(mktemp -d /tmp/authlens-pg.XXXXXX)
[ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
stop() {
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w -t 20 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}
trap stop EXIT

as_pg timeout 60 "$PG_BIN/initdb" -D "$dir/data" -U authlens --auth=trust -E UTF8 \
  --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log"; exit 1; }
# fsync off: the cluster is thrown away, and tests should not wait on the disk.
if ! as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
  -o "-c listen_addresses='' -k $dir -c fsync=off -c max_connections=200" \
  start >/dev/null; then
  echo "postgres: server did not start"; cat "$dir/server.log"; exit 1
fi

# A known libpqxx 6.4 leak on broken connections (see the file) must not fail the reconnect test.
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$PWD/tests/store/lsan.supp"
# libpq URI with the socket directory as host (percent-encoded path).
export AUTHLENS_TEST_PG_URL="postgresql://authlens@$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$dir")/postgres?connect_timeout=5"
echo "postgres: PostgreSQL 15 on the Unix socket in $dir"
status=0
timeout 600 "$TESTS" --gtest_brief=1 >"$dir/tests.log" 2>&1 || status=$?
cat "$dir/tests.log"
if [ "$status" -eq 0 ] && grep -q '\[  SKIPPED \]' "$dir/tests.log"; then
  echo "postgres: tests were skipped although a server was running"; status=1
fi
if [ "$status" -eq 0 ]; then
  # The scale-out story end to end, and the faults: about 90 s, each scenario's load 20 s at most.
  AUTHLENS_BIN=${AUTHLENS_BIN:-build-test/authlens} PG_BIN=$PG_BIN timeout 600 \
    python3 tests/integration/replicas.py || status=$?
fi
if [ "$status" -eq 0 ]; then
  # The account flows' attack scenarios that must hold on both backends, against this cluster.
  AUTHLENS_BIN=${AUTHLENS_BIN:-build-test/authlens} AUTHLENS_BDD_PG_URL="$AUTHLENS_TEST_PG_URL" \
    timeout 900 .venv/bin/behave --format progress3 --no-capture --no-capture-stderr --no-logcapture \
    --summary --tags=@both_backends features || status=$?
fi
[ "$status" -eq 0 ] || { echo "--- server log (tail)"; tail -n 40 "$dir/server.log"; }
exit "$status"
