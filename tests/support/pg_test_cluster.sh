#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the tests (CTest fixture "postgres").
#   pg_test_cluster.sh start STATE_DIR   initdb + pg_ctl start; writes STATE_DIR/url
#   pg_test_cluster.sh stop STATE_DIR    stops it and removes its files
# The server listens only on a unix socket in a private /tmp directory (no TCP
# port to collide with), trusts local connections, and runs with fsync off:
# test data is disposable. PostgreSQL refuses to run as root, so under root the
# cluster belongs to the `postgres` user that Debian's package creates.
# Requires pgvector (scripts/install-deps.sh builds it).
set -euo pipefail

cmd=${1:?usage: pg_test_cluster.sh start|stop STATE_DIR}
state=${2:?usage: pg_test_cluster.sh start|stop STATE_DIR}
bin=/usr/lib/postgresql/15/bin

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop() {
  if [ -f "$state/data/postmaster.pid" ]; then as_owner "$bin/pg_ctl" -D "$state/data" -m immediate -w stop >/dev/null || true; fi
  if [ -f "$state/socket_dir" ]; then rm -rf "$(cat "$state/socket_dir")"; fi
  rm -rf "$state"
}

case "$cmd" in
  start)
    if [ ! -x "$bin/initdb" ]; then echo "pg_test_cluster: PostgreSQL 15 is not installed (run scripts/install-deps.sh)" >&2; exit 1; fi
    stop
    mkdir -p "$state"
    sock=$(mktemp -d /tmp/lore-pg.XXXXXX)
    echo "$sock" >"$state/socket_dir"
    user=$(id -un)
    if [ "$(id -u)" -eq 0 ]; then user=postgres; chown postgres "$state" "$sock"; fi
    as_owner "$bin/initdb" -D "$state/data" -U "$user" -A trust -E UTF8 --no-locale --no-sync >"$state/initdb.log" 2>&1 \
      || { cat "$state/initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl" -D "$state/data" -l "$state/data/server.log" -w -t 60 start \
      -o "-c listen_addresses='' -c unix_socket_directories='$sock' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      >/dev/null || { cat "$state/data/server.log" >&2; exit 1; }
    echo "postgresql://$user@/postgres?host=$sock" >"$state/url"
    cat "$state/url"
    ;;
  stop) stop ;;
  *) echo "pg_test_cluster: unknown command $cmd" >&2; exit 2 ;;
esac
