#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The test suite again, on default data built as STACKATLAS_NONCOMMERCIAL_DATA=OFF builds it
# (without Coin Metrics' CC BY-NC 4.0 files): the build's default data file is swapped for that one
# for the length of the run and put back afterwards, whatever happens. Tests that pin Coin Metrics
# figures skip, saying why; everything else must pass. Called by packaging/test.sh.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build}
data="$build/app/default-data.sqlite"
kept=$(mktemp "$build/app/default-data.full.XXXXXX")
cp -p "$data" "$kept"
trap 'mv -f "$kept" "$data"' EXIT
STACKATLAS_DEFAULT_DATA= "$build/app/build-default-data" --without-noncommercial \
    "$root/resources/defaultdata/manifest.json" "$data" > /dev/null
echo "== the test suite on default data without the non-commercial datasets"
cd "$build"
ctest --output-on-failure --timeout 300 -j "$(nproc)"
