// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "timeutil.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace stackatlas {

// An aggregate over members that come and go (protocols whose sources start and stop) that moves
// only with the members: from one time to the next, the change is that of the members present at
// both, so a protocol entering or leaving the data never reads as a rise or a fall. The level
// starts at the first time's plain aggregate (a sum, or a mean) and is chained from there; where
// no member is present at both times the chain breaks and a new one starts (a new segment).
struct ChainedPoint
{
    UnixSeconds t = 0;
    double level = 0;    // the chained aggregate
    int matched = 0;     // members present now and at the previous time (all, at a segment's start)
    double rawValue = 0; // the plain aggregate of every member present now
    int rawCount = 0;    // how many members that is
    bool startsSegment = false;
};

enum class ChainBase
{
    Sum,
    Mean
};

// `byTime`: time -> member -> value (ascending time). Values that are not positive and finite
// are ignored (a ratio of them means nothing). `follows(previous, t)` says whether t is the step
// right after `previous` (the next month of a monthly chain): where it is not, a step is missing
// and the chain breaks there rather than bridging the gap with one ratio. Unset: every time
// follows the one before.
using Follows = std::function<bool(UnixSeconds previous, UnixSeconds t)>;
std::vector<ChainedPoint> chainLink(const std::map<UnixSeconds, std::map<std::string, double>> &byTime,
                                    ChainBase base, const Follows &follows = {});

} // namespace stackatlas
