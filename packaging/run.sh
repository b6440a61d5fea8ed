#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Quick start 1: set up, build, and start the StackAtlas GUI on the user's cache.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/packaging/setup.sh"
# The binary itself explains, in one line, what to do when there is no display.
exec "$root/build/app/stackatlas" "$@"
