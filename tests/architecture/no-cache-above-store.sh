#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The desktop's panes, dialogs and window talk to the data store, never to the cache: no object
# file of ui/ or of app/ outside the CLI may have datasources/cache/cache.h among its includes,
# directly or through another header. Read from the compiler's own dependency records (ninja -t deps),
# so an include that sneaks in through a header is caught too.
# Usage: no-cache-above-store.sh BUILD_DIR
set -eu
build=$1
cd "$build"
objects=$(ninja -t deps | sed -n 's/^\(\(ui\|app\)\/CMakeFiles\/[^:]*\.o\): .*/\1/p' | grep -v '/cli/' || true)
[ -n "$objects" ] || { echo "no ui/ or app/ objects found in $build (not a Ninja build?)"; exit 1; }
bad=0
for o in $objects; do
    if ninja -t deps "$o" | grep -q 'datasources/cache/cache\.h'; then
        echo "$o includes datasources/cache/cache.h"
        bad=1
    fi
done
count=$(echo "$objects" | wc -l)
[ "$bad" -eq 0 ] && echo "$count objects of ui/ and app/ checked: none includes the cache"
exit $bad
