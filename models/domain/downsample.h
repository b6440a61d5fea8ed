// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
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

} // namespace stackatlas
