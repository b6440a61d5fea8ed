// SPDX-License-Identifier: GPL-3.0-or-later
// Downsampling a 1e6-point history for a 2,000-pixel plot (what the charts do), against a baseline measured
// in the same process: one pass over the same points (a sum), the least any reader of them must do.
#include "models/domain/downsample.h"

#include "benchtimer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <random>

using namespace stackatlas;
using bench::bestMs;

int main()
{
    std::mt19937 rng(1);
    std::normal_distribution<double> noise(0, 0.05);
    std::vector<double> xs(1000000), ys(1000000);
    for (std::size_t i = 0; i < xs.size(); ++i) {
        xs[i] = double(i) * 60; // a point a minute
        ys[i] = 2.0 + std::sin(double(i) / 40000.0) + noise(rng);
    }
    volatile double sink = 0;
    const double baseline = bestMs(7, [&] {
        double s = 0;
        for (std::size_t i = 0; i < xs.size(); ++i)
            s += xs[i] * 1e-12 + ys[i];
        sink = s;
    });
    std::size_t kept = 0;
    const double plot = bestMs(7, [&] { kept = plotIndices(xs, ys, 2000).size(); });
    std::printf("1e6 points: baseline pass %.2f ms; min and max per column for 2,000 columns, %zu points: "
                "%.2f ms (%.1fx)\n",
                baseline, kept, plot, plot / baseline);
    // What a chart does on each zoom and pan once the blocks are made (made once a chart).
    const double makeBlocks = bestMs(7, [&] { (void)blockExtremes(ys); });
    const BlockExtremes blocks = blockExtremes(ys);
    const double plotBlocks = bestMs(7, [&] { kept = plotIndices(xs, ys, 2000, blocks, 0).size(); });
    std::printf(
        "the same from 64-point block extremes: %.2f ms (%.1fx); making the blocks, once a chart: %.2f ms "
        "(%.1fx)\n",
        plotBlocks, plotBlocks / baseline, makeBlocks, makeBlocks / baseline);
    (void)sink;
    return 0;
}
