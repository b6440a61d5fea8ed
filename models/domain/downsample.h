// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace stackatlas {

// Downsampling for charts: a history of a million points must reach QtCharts as about as many
// points as the plot has pixel columns (performance.md: a raw 1e6-point series pans at ~2 s a
// frame). Both return indices into the input, ascending, first and last always kept; xs must be
// ascending. Exports and CSV keep the full-resolution data.

// Largest-Triangle-Three-Buckets (Steinarsson 2013): `threshold` points that keep the shape.
std::vector<std::size_t> lttbIndices(const std::vector<double> &xs, const std::vector<double> &ys,
                                     std::size_t threshold);

// For each of `columns` equal x-ranges, the first, lowest, highest and last point: every spike
// survives, at most 4 points per column.
std::vector<std::size_t> minMaxIndices(const std::vector<double> &xs, const std::vector<double> &ys,
                                       std::size_t columns);

// What the charts use: for a plot `width` pixels wide, the lowest and highest point of each pixel
// column plus the first and last point, in x order. At most 2 x width points; the first, the last,
// the global minimum and the global maximum are always among them, so no price spike or collapse
// disappears from a zoomed-out chart. Fewer points than that come back whole; a width below 2
// counts as 2.
// Spans: a chart passes the visible part of a history without copying it.
std::vector<std::size_t> plotIndices(std::span<const double> xs, std::span<const double> ys,
                                     std::size_t width);

} // namespace stackatlas
