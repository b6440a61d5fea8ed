// SPDX-License-Identifier: GPL-3.0-or-later
#include "downsample.h"

#include <algorithm>
#include <cmath>

namespace stackatlas {

std::vector<std::size_t> plotIndices(std::span<const double> xs, std::span<const double> ys,
                                     std::size_t width)
{
    const std::size_t n = std::min(xs.size(), ys.size());
    std::vector<std::size_t> out;
    if (n == 0)
        return out;
    width = std::max<std::size_t>(width, 2); // four points need two columns' worth
    if (n <= 2 * width) {
        out.resize(n);
        for (std::size_t i = 0; i < n; ++i)
            out[i] = i;
        return out;
    }
    // width - 1 columns of two points each, plus the first and the last: 2 x width at most.
    const std::size_t columns = std::max<std::size_t>(1, width - 1);
    const double x0 = xs.front(), span = std::max(1e-300, xs.back() - x0);
    out.reserve(2 * width);
    out.push_back(0);
    std::size_t i = 0;
    for (std::size_t c = 0; c < columns && i < n; ++c) {
        const bool lastColumn = c + 1 == columns;
        const double limit = x0 + span * double(c + 1) / double(columns);
        const std::size_t first = i;
        std::size_t lo = i, hi = i;
        while (i < n && (lastColumn || xs[i] <= limit)) {
            if (ys[i] < ys[lo])
                lo = i;
            if (ys[i] > ys[hi])
                hi = i;
            ++i;
        }
        if (i == first)
            continue;
        for (std::size_t p : {std::min(lo, hi), std::max(lo, hi)})
            if (out.back() < p)
                out.push_back(p);
    }
    if (out.back() != n - 1)
        out.push_back(n - 1);
    return out;
}

} // namespace stackatlas
