#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `team push` of N points (default 1,000,000) into an empty team store, against psql's \copy of the
# same rows as CSV into the same table (stackatlas.points, with its keys and index), both on a
# throwaway PostgreSQL cluster of this run's own (tests/team/pgcluster.sh). The push's time is
# the whole command: reading the cache, COPY into staging, matching series and provenance, and the
# INSERT … ON CONFLICT that makes it idempotent. Best of three of each, alternated.
# Usage: bench/bench_team.sh BINARY ROOT [POINTS]
set -euo pipefail
binary=$1
root=$2
points=${3:-1000000}
work=$(mktemp -d /tmp/stackatlas-bench-team.XXXXXX)
cleanup() { bash "$root/tests/team/pgcluster.sh" stop "$work/pg" || true; rm -rf "$work"; }
trap cleanup EXIT
bash "$root/tests/team/pgcluster.sh" start "$work/pg"
admin="host=$(cat "$work/pg/socket") port=$(cat "$work/pg/port") user=postgres"
export PGOPTIONS="-c client_min_messages=warning" # no NOTICE per truncated table
sql() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$admin dbname=bench" "$@"; }
psql -X -q -d "$admin dbname=postgres" -c "CREATE DATABASE bench"
url="$admin dbname=bench"

# 50 GPU price series (10 providers x 5 GPUs), hour by hour, as bench_ingest writes them.
providers=(runpod lambda vast-ai akash io-net coreweave crusoe tensordock massed-compute paperspace)
gpus=(H100_SXM A100_SXM_80GB RTX_4090 L40S H200_141GB)
per=$((points / 50))
{
    echo "entity,metric,unit,timestamp,value,source,dim.gpu"
    for p in "${providers[@]}"; do
        for g in "${gpus[@]}"; do
            awk -v p="$p" -v g="$g" -v per="$per" -v s="${#p}${#g}" 'BEGIN {
                for (h = 0; h < per; h++)
                    printf "%s,gpu_hourly_usd,USD/GPU-hour,%d,%.4f,bench,%s\n", p, 1672531200 + h * 3600,
                        0.3 + (s % 17) * 0.2 + ((h * 7919 + s) % 100) / 2000.0, g }'
        done
    done
} >"$work/points.csv"
cache="$work/cache.sqlite"
STACKATLAS_DEFAULT_DATA= "$binary" import-csv "$work/points.csv" --cache "$cache" --accept-suspect >/dev/null
"$binary" team init "$url" >/dev/null

now_ms() { date +%s%3N; }
best_push=""
best_copy=""
for round in 1 2 3; do
    # The push, into a store holding nothing (its earlier rounds removed: a first push each time).
    sql -c "TRUNCATE stackatlas.points, stackatlas.revisions, stackatlas.runs, stackatlas.series,
            stackatlas.provenance, stackatlas.taxonomy, stackatlas.pushes CASCADE" >/dev/null
    start=$(now_ms)
    "$binary" team push "$url" --all --cache "$cache" >/dev/null
    ms=$(($(now_ms) - start))
    [[ -z "$best_push" || $ms -lt $best_push ]] && best_push=$ms
    n=$(sql -c "SELECT count(*) FROM stackatlas.points")
    # The baseline: the same rows as CSV, \copy into the same (emptied) table.
    sql -c "\\copy (SELECT series_id, ts, value, provenance_id, push_id FROM stackatlas.points) TO '$work/rows.csv' CSV"
    sql -c "TRUNCATE stackatlas.points" >/dev/null
    start=$(now_ms)
    sql -c "\\copy stackatlas.points(series_id, ts, value, provenance_id, push_id) FROM '$work/rows.csv' CSV"
    ms=$(($(now_ms) - start))
    [[ -z "$best_copy" || $ms -lt $best_copy ]] && best_copy=$ms
done
awk -v n="$n" -v p="$best_push" -v c="$best_copy" 'BEGIN {
    printf "team push of %d points into an empty store: %d ms (%.0f points/s)\n", n, p, n / (p / 1000)
    printf "psql \\copy of the same rows as CSV into the same table: %d ms (%.0f rows/s)\n", c, n / (c / 1000)
    printf "push throughput: %.2fx the \\copy baseline (goal >= 0.5x)\n", c / p }'
