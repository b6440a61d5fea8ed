#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The crash-consistency tests at stress strength: 200 kill -9 (or RUNS) at random moments of each
# of import, fetch, snapshot save, dependency edits and first start, where CI makes 20 and 10.
#   tests/stress/kill-9.sh [BUILD_DIR] [RUNS]        (default: ./build, 200; about 6 minutes)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${1:-$root/build}
runs=${2:-200}
cd "$build"
STACKATLAS_KILL_RUNS=$runs ctest --output-on-failure --timeout 3600 -R '^(tst_importkill|tst_crashconsistency)$'
