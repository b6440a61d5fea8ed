// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace stackatlas {

// Downsampling for charts: a history of a million points must reach QtCharts as about as many
// points as the plot has pixel columns (performance.md: a raw 1e6-point series pans at ~2 s a
// frame). Indices into the input, ascending; xs must be ascending. Exports and CSV keep the
// full-resolution data.

// What the charts use: for a plot `width` pixels wide, the lowest and highest point of each pixel
// column plus the first and last point, in x order. At most 2 x width points; the first, the last,
// the global minimum and the global maximum are always among them, so no price spike or collapse
// disappears from a zoomed-out chart. Fewer points than that come back whole; a width below 2
// counts as 2.
// Spans: a chart passes the visible part of a history without copying it.
std::vector<std::size_t> plotIndices(std::span<const double> xs, std::span<const double> ys,
                                     std::size_t width);

// Each 64-point block's lowest and highest point (the first of equals) of a whole series, made
// once. With them, plotIndices finds a column's extremes from its blocks, visiting single points
// only at the column's two ends: the same indices, for about a fiftieth of the work on a
// million-point history (the chart's resample on the GUI thread).
struct BlockExtremes
{
    static constexpr std::size_t kBlock = 64;
    std::vector<std::size_t> lo, hi;
};
BlockExtremes blockExtremes(std::span<const double> ys);

// The same as above, for xs and ys that start at `offset` in the series `blocks` was made of.
std::vector<std::size_t> plotIndices(std::span<const double> xs, std::span<const double> ys,
                                     std::size_t width, const BlockExtremes &blocks, std::size_t offset);

} // namespace stackatlas
