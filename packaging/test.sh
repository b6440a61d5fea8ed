#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Quick start 2: set up, build, and run the whole test suite through ctest. .ci/run calls this.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/packaging/setup.sh"
cd "$root/build"
ctest --output-on-failure --timeout 300 -j "$(nproc)"
