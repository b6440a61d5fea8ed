#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Quick start 2: set up, build, and run the whole test suite through ctest. .ci/run calls this.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/packaging/setup.sh"
cd "$root/build"
ctest --output-on-failure --timeout 300 -j "$(nproc)"
bash "$root/packaging/test-without-noncommercial.sh" "$root/build"
# The suite again under AddressSanitizer and UndefinedBehaviorSanitizer (a clang build in
# ./build-sanitize), then the fuzz targets' corpora and a bounded fuzzing run of each.
bash "$root/packaging/test-sanitized.sh"

# On CI only: install the .deb on the machine, as a user would, and run the installed copy headless.
if [[ "${CI:-}" == "true" ]]; then
    sudo=""
    [[ $(id -u) -eq 0 ]] || sudo="sudo"
    debdir=$(mktemp -d)
    cpack -G DEB -B "$debdir" --config "$root/build/CPackConfig.cmake" > "$debdir/cpack.log"
    $sudo apt-get install -y -q "$debdir"/stackatlas_*.deb > "$debdir/apt.log" 2>&1 || { cat "$debdir/apt.log"; exit 1; }
    /usr/bin/stackatlas --version
    env -u STACKATLAS_DEFAULT_DATA STACKATLAS_CACHE="$debdir/cache.sqlite" QT_QPA_PLATFORM=offscreen \
        /usr/bin/stackatlas report --out "$debdir/report.pdf"
    $sudo apt-get remove -y -q stackatlas > /dev/null
    rm -rf "$debdir"
fi
