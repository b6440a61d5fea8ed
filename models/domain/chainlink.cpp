// SPDX-License-Identifier: GPL-3.0-or-later
#include "chainlink.h"

#include <cmath>

namespace stackatlas {

std::vector<ChainedPoint> chainLink(const std::map<UnixSeconds, std::map<std::string, double>> &byTime,
                                    ChainBase base, const Follows &follows)
{
    std::vector<ChainedPoint> out;
    const std::map<std::string, double> *previous = nullptr;
    for (const auto &[t, members] : byTime) {
        ChainedPoint p;
        p.t = t;
        for (const auto &[id, v] : members) {
            if (!(v > 0) || !std::isfinite(v))
                continue;
            p.rawValue += v;
            ++p.rawCount;
        }
        if (p.rawCount == 0)
            continue;
        if (base == ChainBase::Mean)
            p.rawValue /= p.rawCount;
        double now = 0, before = 0;
        if (previous && follows && !follows(out.back().t, t))
            previous = nullptr; // a step is missing: nothing links across it
        if (previous) {
            for (const auto &[id, v] : members) {
                const auto was = previous->find(id);
                if (was == previous->end() || !(v > 0) || !(was->second > 0) || !std::isfinite(v) ||
                    !std::isfinite(was->second))
                    continue;
                now += v;
                before += was->second;
                ++p.matched;
            }
        }
        if (p.matched > 0 && !out.empty()) {
            p.level = out.back().level * (now / before);
        } else {
            p.level = p.rawValue;
            p.matched = p.rawCount;
            p.startsSegment = true;
        }
        out.push_back(p);
        previous = &members;
    }
    return out;
}

} // namespace stackatlas
