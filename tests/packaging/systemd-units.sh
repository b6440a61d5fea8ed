#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The collector's systemd user units, as the package installs them: systemd-analyze verify finds
# nothing to say about them, the timer is what a user enables (the service has no [Install]), and
# the service's commands, run as systemd runs them (a leading "-" ignores a failure,
# SuccessExitStatus=3 is success), work on a cache with a watch rule while offline.
# Usage: systemd-units.sh UNIT_DIR STACKATLAS_BINARY DEFAULT_DATA
set -euo pipefail
units=$1 binary=$2 data=$3
command -v systemd-analyze >/dev/null || { echo "systemd-analyze is missing (package systemd)"; exit 1; }
service=$units/stackatlas-collect.service timer=$units/stackatlas-collect.timer
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

said=$(systemd-analyze verify "$service" "$timer" 2>&1) || { echo "verify failed: $said"; exit 1; }
[ -z "$said" ] || { echo "systemd-analyze verify has something to say: $said"; exit 1; }
grep -q '^\[Install\]' "$service" && { echo "the service must not be enabled by itself: the timer is"; exit 1; }
grep -q '^WantedBy=timers.target$' "$timer" || { echo "the timer is not wanted by timers.target"; exit 1; }
grep -q '^Persistent=true$' "$timer" || { echo "a missed run is not caught up"; exit 1; }

cp "$data" "$out/cache.sqlite" && chmod u+w "$out/cache.sqlite"
export STACKATLAS_CACHE="$out/cache.sqlite" HOME="$out/home" XDG_DATA_HOME="$out/home/share"
export XDG_CONFIG_HOME="$out/home/config" QT_QPA_PLATFORM=offscreen
# Offline: every request goes to a proxy that refuses at once, so the fetch fails fast.
export http_proxy=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9
unset DBUS_SESSION_BUS_ADDRESS
"$binary" alerts add vast-stale --stale vastai --hours 48 > /dev/null
success=$(sed -n 's/^SuccessExitStatus=//p' "$service")
ran=0
while IFS= read -r line; do
    command=${line#ExecStart=}
    ignore=no
    [ "${command:0:1}" = "-" ] && { ignore=yes; command=${command:1}; }
    read -r -a argv <<<"$command"
    [ "$(basename "${argv[0]}")" = stackatlas ] || { echo "ExecStart runs ${argv[0]}, not stackatlas"; exit 1; }
    set +e
    "$binary" "${argv[@]:1}" > "$out/run.log" 2>&1
    code=$?
    set -e
    ran=$((ran + 1))
    if [ "$code" -ne 0 ] && [ "$ignore" = no ] && ! grep -qw "$code" <<<"$success"; then
        echo "ExecStart=$command exited $code, which systemd counts as a failure:"; cat "$out/run.log"; exit 1
    fi
    echo "ExecStart=$line -> exit $code"
done < <(grep '^ExecStart=' "$service")
[ "$ran" -eq 2 ] || { echo "expected a fetch and an alerts check, ran $ran commands"; exit 1; }
# The last command was the check: the stale rule fired and, with no session bus, was said.
grep -q "FIRING \[warning\] vast-stale" "$out/run.log" || { cat "$out/run.log"; exit 1; }
grep -q "no desktop notification service" "$out/run.log" || { cat "$out/run.log"; exit 1; }
echo "ok: units verified, $ran commands run as systemd would"
