// SPDX-License-Identifier: GPL-3.0-or-later
#include "treemap.h"

#include <algorithm>
#include <numeric>

namespace stackatlas {
namespace {

// The worst aspect ratio of a row of areas laid along a side of length `side`.
double worst(double sum, double minArea, double maxArea, double side)
{
    const double s2 = sum * sum;
    const double w2 = side * side;
    return std::max(w2 * maxArea / s2, s2 / (w2 * minArea));
}

} // namespace

std::vector<RectF> squarify(const std::vector<double> &weights, const RectF &box)
{
    std::vector<RectF> out(weights.size());
    const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
    if (weights.empty() || total <= 0 || box.w <= 0 || box.h <= 0)
        return out;
    const double scale = box.area() / total;
    std::vector<std::size_t> order(weights.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return weights[a] > weights[b]; });

    RectF free = box;
    std::vector<std::size_t> row;
    double rowSum = 0, rowMin = 0, rowMax = 0;
    auto layoutRow = [&] {
        if (row.empty())
            return;
        // Lay the row along the shorter side of the free space.
        if (free.w >= free.h) {
            const double width = rowSum / free.h;
            double y = free.y;
            for (std::size_t k = 0; k < row.size(); ++k) {
                const double h = k + 1 == row.size() ? free.y + free.h - y : weights[row[k]] * scale / width;
                out[row[k]] = {free.x, y, width, h};
                y += h;
            }
            free.x += width;
            free.w = std::max(0.0, free.w - width);
        } else {
            const double height = rowSum / free.w;
            double x = free.x;
            for (std::size_t k = 0; k < row.size(); ++k) {
                const double w = k + 1 == row.size() ? free.x + free.w - x : weights[row[k]] * scale / height;
                out[row[k]] = {x, free.y, w, height};
                x += w;
            }
            free.y += height;
            free.h = std::max(0.0, free.h - height);
        }
        row.clear();
        rowSum = 0;
    };
    for (std::size_t i = 0; i < order.size();) {
        const double a = weights[order[i]] * scale;
        const double side = std::min(free.w, free.h);
        if (row.empty()) {
            row.push_back(order[i++]);
            rowSum = rowMin = rowMax = a;
            continue;
        }
        const double before = worst(rowSum, rowMin, rowMax, side);
        const double after = worst(rowSum + a, std::min(rowMin, a), std::max(rowMax, a), side);
        if (after <= before) {
            row.push_back(order[i++]);
            rowSum += a;
            rowMin = std::min(rowMin, a);
            rowMax = std::max(rowMax, a);
        } else {
            layoutRow();
        }
    }
    layoutRow();
    return out;
}

LayerMapLayout layoutLayerMap(const LayerMapInput &input, const RectF &area, const LayerMapStyle &style)
{
    LayerMapLayout out;
    const std::size_t bands = input.bands.size();
    if (bands == 0 || area.w <= 0 || area.h <= 0)
        return out;
    const double bandHeight = (area.h - style.gap * double(bands - 1)) / double(bands);
    for (std::size_t b = 0; b < bands; ++b) {
        const auto &band = input.bands[b];
        // the first band (infrastructure) at the bottom
        const double y = area.y + double(bands - 1 - b) * (bandHeight + style.gap);
        const RectF bandRect{area.x, y, area.w, bandHeight};
        const RectF inner{area.x + style.bandCaption, y, std::max(0.0, area.w - style.bandCaption),
                          bandHeight};
        out.bands.push_back({band.id, bandRect, inner});
        if (band.groups.empty())
            continue;

        // Category widths follow their totals, with a floor so a small category stays legible.
        std::vector<double> totals;
        for (const auto &g : band.groups) {
            double t = 0;
            for (const auto &it : g.items)
                t += it.weight && *it.weight > 0 ? *it.weight : 0;
            totals.push_back(t);
        }
        const double bandTotal = std::accumulate(totals.begin(), totals.end(), 0.0);
        std::vector<double> shares(band.groups.size(), 1.0 / double(band.groups.size()));
        if (bandTotal > 0) {
            for (std::size_t g = 0; g < shares.size(); ++g)
                shares[g] = std::max(style.minGroupShare, totals[g] / bandTotal);
            const double sum = std::accumulate(shares.begin(), shares.end(), 0.0);
            for (auto &s : shares)
                s /= sum;
        }
        const double usable = inner.w - style.gap * double(band.groups.size() - 1);
        double x = inner.x;
        for (std::size_t g = 0; g < band.groups.size(); ++g) {
            const auto &group = band.groups[g];
            const double w = usable * shares[g];
            const RectF box{x, inner.y, w, inner.h};
            const RectF tiles{x + 1, inner.y + style.groupCaption, std::max(0.0, w - 2),
                              std::max(0.0, inner.h - style.groupCaption - 1)};
            out.groups.push_back({group.id, box, tiles});
            x += w + style.gap;

            // No-data tiles get a fixed share of the box; the rest is split by value.
            std::vector<double> weights;
            std::size_t missing = 0;
            for (const auto &it : group.items)
                missing += !(it.weight && *it.weight > 0);
            const bool anyData = missing < group.items.size();
            // Each missing tile takes `share` of the box: q / (T + m q) = share, so q = share T / (1 - m
            // share); together they never take more than half of it.
            const double share = missing ? std::min(style.noDataShare, 0.5 / double(missing)) : 0.0;
            const double noData = anyData ? totals[g] * share / (1.0 - share * double(missing)) : 1.0;
            for (const auto &it : group.items)
                weights.push_back(it.weight && *it.weight > 0 ? *it.weight : std::max(noData, 1e-12));
            const auto rects = squarify(weights, tiles);
            for (std::size_t i = 0; i < group.items.size(); ++i)
                out.tiles.push_back({group.items[i].id, group.id, rects[i],
                                     group.items[i].weight && *group.items[i].weight > 0});
        }
    }
    return out;
}

} // namespace stackatlas
