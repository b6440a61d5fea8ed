// SPDX-License-Identifier: GPL-3.0-or-later
#include "downsample.h"

#include <algorithm>
#include <cmath>

namespace stackatlas {

std::vector<std::size_t> lttbIndices(const std::vector<double> &xs, const std::vector<double> &ys,
                                     std::size_t threshold)
{
    const std::size_t n = std::min(xs.size(), ys.size());
    std::vector<std::size_t> out;
    if (threshold >= n || threshold < 3) {
        for (std::size_t i = 0; i < n; ++i)
            out.push_back(i);
        return out;
    }
    out.reserve(threshold);
    out.push_back(0);
    const double every = double(n - 2) / double(threshold - 2);
    std::size_t a = 0;
    for (std::size_t i = 0; i < threshold - 2; ++i) {
        // the average of the next bucket is the third corner of the triangle
        const std::size_t nextStart = std::size_t(std::floor(double(i + 1) * every)) + 1;
        const std::size_t nextEnd = std::min(n, std::size_t(std::floor(double(i + 2) * every)) + 1);
        double avgX = 0, avgY = 0;
        const std::size_t span = std::max<std::size_t>(1, nextEnd - nextStart);
        for (std::size_t j = nextStart; j < nextEnd; ++j) {
            avgX += xs[j];
            avgY += ys[j];
        }
        if (nextEnd > nextStart) {
            avgX /= double(span);
            avgY /= double(span);
        } else {
            avgX = xs[n - 1];
            avgY = ys[n - 1];
        }
        const std::size_t start = std::size_t(std::floor(double(i) * every)) + 1;
        const std::size_t end = std::size_t(std::floor(double(i + 1) * every)) + 1;
        double best = -1;
        std::size_t chosen = start;
        for (std::size_t j = start; j < end && j < n - 1; ++j) {
            const double area = std::abs((xs[a] - avgX) * (ys[j] - ys[a]) - (xs[a] - xs[j]) * (avgY - ys[a]));
            if (area > best) {
                best = area;
                chosen = j;
            }
        }
        out.push_back(chosen);
        a = chosen;
    }
    out.push_back(n - 1);
    return out;
}

std::vector<std::size_t> minMaxIndices(const std::vector<double> &xs, const std::vector<double> &ys,
                                       std::size_t columns)
{
    const std::size_t n = std::min(xs.size(), ys.size());
    std::vector<std::size_t> out;
    if (n == 0 || columns == 0)
        return out;
    if (n <= columns * 4) {
        for (std::size_t i = 0; i < n; ++i)
            out.push_back(i);
        return out;
    }
    const double x0 = xs.front(), width = std::max(1e-300, xs.back() - x0);
    std::size_t i = 0;
    for (std::size_t c = 0; c < columns && i < n; ++c) {
        const double limit = c + 1 == columns ? xs.back() : x0 + width * double(c + 1) / double(columns);
        const std::size_t first = i;
        std::size_t lo = i, hi = i;
        while (i < n && (xs[i] <= limit || c + 1 == columns)) {
            if (ys[i] < ys[lo])
                lo = i;
            if (ys[i] > ys[hi])
                hi = i;
            ++i;
        }
        if (i == first)
            continue; // an empty column
        const std::size_t last = i - 1;
        std::size_t picks[] = {first, std::min(lo, hi), std::max(lo, hi), last};
        for (std::size_t p : picks) {
            if (out.empty() || out.back() < p)
                out.push_back(p);
        }
    }
    return out;
}

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
