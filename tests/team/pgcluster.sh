#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A throwaway PostgreSQL 15 cluster for the team store's tests: `pgcluster.sh start DIR` makes one
# (initdb), starts it on a Unix socket and on 127.0.0.1 at a free port, and writes DIR/port and
# DIR/socket (the socket's folder); `pgcluster.sh stop DIR` stops it and removes it and DIR. Run as
# root (as in CI), the server runs as the `postgres` system user, since PostgreSQL refuses to run
# as root. The cluster itself lives in a folder of its own under /tmp: the `postgres` user may not
# reach a build tree under a private home, and a socket's path must stay under 108 bytes.
#
# Authentication is what the tests need to exercise: on the socket the superuser `postgres` is
# trusted (set-up only); on 127.0.0.1 every role gives its password (scram-sha-256).
set -euo pipefail
action=${1:?start|stop}
dir=${2:?a directory}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -x "$bin/initdb" ]] || { echo "pgcluster: no PostgreSQL server found (Debian package postgresql-15)" >&2; exit 1; }

as_server=()
if [[ $(id -u) -eq 0 ]]; then
    as_server=(runuser -u postgres --)
fi

stop_cluster() {
    local cluster
    cluster=$(cat "$dir/cluster" 2>/dev/null || true)
    if [[ -n "$cluster" && -d "$cluster/data" ]]; then
        "${as_server[@]}" "$bin/pg_ctl" -D "$cluster/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    [[ -z "$cluster" ]] || rm -rf "$cluster"
    rm -rf "$dir"
}

case "$action" in
start)
    stop_cluster # a cluster left by an interrupted run
    mkdir -p "$dir"
    cluster=$(mktemp -d /tmp/stackatlas-pg.XXXXXX)
    echo "$cluster" >"$dir/cluster"
    chmod 755 "$cluster"
    mkdir -p "$cluster/sock"
    [[ ${#as_server[@]} -eq 0 ]] || chown -R postgres "$cluster"
    "${as_server[@]}" "$bin/initdb" -D "$cluster/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        --no-sync -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    # A free port: the first that a server starts on (two suites may run at once).
    for port in $(shuf -i 20000-60000 -n 20); do
        if "${as_server[@]}" "$bin/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 60 \
            -o "-k $cluster/sock -p $port -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40" \
            start >/dev/null 2>&1; then
            echo "$port" >"$dir/port"
            echo "$cluster/sock" >"$dir/socket"
            exit 0
        fi
    done
    cat "$cluster/server.log" >&2
    echo "pgcluster: the server did not start" >&2
    exit 1
    ;;
stop)
    stop_cluster
    ;;
*)
    echo "pgcluster: start|stop DIR" >&2
    exit 2
    ;;
esac
