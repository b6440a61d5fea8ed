// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "timeutil.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace stackatlas {

// The research's price-war measure for one GPU: day by day, the median price of one side
// (decentralized networks and marketplaces) divided by the median of the other (hyperscalers and
// neoclouds). Below 1.0 the decentralized side is cheaper. Which classes sit on each side is a
// setting. A day is reported only when both sides have a price that day.
struct PriceAdvantagePoint
{
    UnixSeconds day = 0; // 00:00 UTC
    double index = 0;
    double numeratorMedian = 0, denominatorMedian = 0;
    std::size_t numeratorProviders = 0, denominatorProviders = 0;
};

struct ProviderPrices
{
    std::string providerClass;
    std::vector<std::pair<UnixSeconds, double>> points; // USD per GPU-hour
};

std::vector<PriceAdvantagePoint> priceAdvantageIndex(const std::map<std::string, ProviderPrices> &providers,
                                                     const std::set<std::string> &numeratorClasses,
                                                     const std::set<std::string> &denominatorClasses);

double median(std::vector<double> values); // of a non-empty list

} // namespace stackatlas
