// SPDX-License-Identifier: GPL-3.0-or-later
#include "downsample.h"

#include <algorithm>
#include <cmath>

namespace stackatlas {

namespace {

// The lowest and highest of ys[from, to) (indices into ys), first of equals, in index order.
struct Extremes
{
    std::size_t lo, hi;
};

Extremes scanExtremes(std::span<const double> ys, std::size_t from, std::size_t to, Extremes e)
{
    for (std::size_t i = from; i < to; ++i) {
        if (ys[i] < ys[e.lo])
            e.lo = i;
        if (ys[i] > ys[e.hi])
            e.hi = i;
    }
    return e;
}

// Columns of the plot, each the points up to its x limit: their extremes from `extremes`.
template <typename ColumnExtremes>
std::vector<std::size_t> plotColumns(std::span<const double> xs, std::size_t n, std::size_t width,
                                     ColumnExtremes extremes)
{
    // width - 1 columns of two points each, plus the first and the last: 2 x width at most.
    const std::size_t columns = std::max<std::size_t>(1, width - 1);
    const double x0 = xs.front(), span = std::max(1e-300, xs.back() - x0);
    std::vector<std::size_t> out;
    out.reserve(2 * width);
    out.push_back(0);
    std::size_t i = 0;
    for (std::size_t c = 0; c < columns && i < n; ++c) {
        const bool lastColumn = c + 1 == columns;
        const double limit = x0 + span * double(c + 1) / double(columns);
        const std::size_t first = i;
        i = lastColumn ? n
                       : std::size_t(std::upper_bound(xs.begin() + std::ptrdiff_t(i),
                                                      xs.begin() + std::ptrdiff_t(n), limit) -
                                     xs.begin());
        if (i == first)
            continue;
        const Extremes e = extremes(first, i);
        for (std::size_t p : {std::min(e.lo, e.hi), std::max(e.lo, e.hi)})
            if (out.back() < p)
                out.push_back(p);
    }
    if (out.back() != n - 1)
        out.push_back(n - 1);
    return out;
}

std::vector<std::size_t> wholeIfFew(std::size_t n, std::size_t width)
{
    std::vector<std::size_t> out;
    if (n == 0 || n > 2 * std::max<std::size_t>(width, 2))
        return out;
    out.resize(n);
    for (std::size_t i = 0; i < n; ++i)
        out[i] = i;
    return out;
}

} // namespace

std::vector<std::size_t> plotIndices(std::span<const double> xs, std::span<const double> ys,
                                     std::size_t width)
{
    const std::size_t n = std::min(xs.size(), ys.size());
    width = std::max<std::size_t>(width, 2); // four points need two columns' worth
    if (n <= 2 * width)
        return wholeIfFew(n, width);
    return plotColumns(xs, n, width, [&](std::size_t from, std::size_t to) {
        return scanExtremes(ys, from + 1, to, {from, from});
    });
}

BlockExtremes blockExtremes(std::span<const double> ys)
{
    BlockExtremes b;
    const std::size_t blocks = (ys.size() + BlockExtremes::kBlock - 1) / BlockExtremes::kBlock;
    b.lo.resize(blocks);
    b.hi.resize(blocks);
    for (std::size_t k = 0; k < blocks; ++k) {
        const std::size_t from = k * BlockExtremes::kBlock;
        const Extremes e =
            scanExtremes(ys, from + 1, std::min(ys.size(), from + BlockExtremes::kBlock), {from, from});
        b.lo[k] = e.lo;
        b.hi[k] = e.hi;
    }
    return b;
}

std::vector<std::size_t> plotIndices(std::span<const double> xs, std::span<const double> ys,
                                     std::size_t width, const BlockExtremes &blocks, std::size_t offset)
{
    const std::size_t n = std::min(xs.size(), ys.size());
    width = std::max<std::size_t>(width, 2);
    if (n <= 2 * width)
        return wholeIfFew(n, width);
    // The whole series, as the blocks index it; indices go back relative to `offset` at the end.
    const double *base = ys.data() - offset;
    const std::span<const double> all(base, offset + n);
    constexpr std::size_t B = BlockExtremes::kBlock;
    return plotColumns(xs, n, width, [&](std::size_t from, std::size_t to) {
        std::size_t g = offset + from;
        const std::size_t end = offset + to;
        Extremes e{g, g};
        // single points up to the first whole block, whole blocks, then single points again
        const std::size_t firstWhole = std::min(end, (g + B - 1) / B * B);
        e = scanExtremes(all, g + 1, firstWhole, e);
        g = firstWhole;
        for (; g + B <= end && g / B < blocks.lo.size(); g += B) {
            if (all[blocks.lo[g / B]] < all[e.lo])
                e.lo = blocks.lo[g / B];
            if (all[blocks.hi[g / B]] > all[e.hi])
                e.hi = blocks.hi[g / B];
        }
        e = scanExtremes(all, g, end, e);
        return Extremes{e.lo - offset, e.hi - offset};
    });
}

} // namespace stackatlas
