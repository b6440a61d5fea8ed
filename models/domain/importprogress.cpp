// SPDX-License-Identifier: GPL-3.0-or-later
#include "importprogress.h"

#include <cmath>
#include <cstdio>

namespace stackatlas {

std::string describeImportProgress(long long bytes, long long total, long long rows, double seconds)
{
    char line[160];
    const long long rate = seconds > 0 ? std::llround(double(rows) / seconds) : 0;
    int n = std::snprintf(line, sizeof line, "%lld rows, %lld rows/s", rows, rate);
    if (total > 0 && bytes > 0) {
        const double done = double(bytes) / double(total);
        std::snprintf(line + n, sizeof line - std::size_t(n), ", %.1f %% of %.0f MB, about %lld s left",
                      100 * done, double(total) / 1e6, std::llround(seconds * (1 - done) / done));
    } else {
        std::snprintf(line + n, sizeof line - std::size_t(n), ", %.0f MB read", double(bytes) / 1e6);
    }
    return line;
}

} // namespace stackatlas
