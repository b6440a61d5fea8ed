#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A throwaway PostgreSQL 15 cluster for the team store's tests: `pgcluster.sh start DIR` makes one
# in DIR (initdb), starts it on a Unix socket in DIR and on 127.0.0.1 at a free port, and writes
# DIR/port; `pgcluster.sh stop DIR` stops it and removes DIR. Run as root (as in CI), the server
# runs as the `postgres` system user, since PostgreSQL refuses to run as root.
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

case "$action" in
start)
    if [[ -f "$dir/port" ]] && "${as_server[@]}" "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
        exit 0 # already running (ctest reruns the fixture only when asked)
    fi
    rm -rf "$dir"
    mkdir -p "$dir/sock"
    [[ ${#as_server[@]} -eq 0 ]] || chown -R postgres "$dir"
    "${as_server[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        --no-sync -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    # A free port: the first that a server starts on (two suites may run at once).
    for port in $(shuf -i 20000-60000 -n 20); do
        if "${as_server[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
            -o "-k $dir/sock -p $port -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40" \
            start >/dev/null 2>&1; then
            echo "$port" >"$dir/port"
            exit 0
        fi
    done
    cat "$dir/server.log" >&2
    echo "pgcluster: the server did not start" >&2
    exit 1
    ;;
stop)
    if [[ -d "$dir/data" ]]; then
        "${as_server[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "pgcluster: start|stop DIR" >&2
    exit 2
    ;;
esac
