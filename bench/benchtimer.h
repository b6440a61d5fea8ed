// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <algorithm>
#include <chrono>
#include <functional>

namespace stackatlas::bench {

// The best of `runs` timings of f, in milliseconds. The best, not the mean: the benchmarks print
// ratios against a baseline in the same process, and the minimum is the least noisy estimate of
// what the code costs on an otherwise busy machine.
inline double bestMs(int runs, const std::function<void()> &f)
{
    double best = 1e99;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        f();
        best = std::min(
            best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    return best;
}

} // namespace stackatlas::bench
