// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chartdata.h"
#include "event.h"
#include "priceindex.h"
#include "series.h"
#include "taxonomy.h"

#include <set>
#include <string>
#include <vector>

namespace stackatlas {

// The price-war pane's two charts for one GPU. Which classes sit on each side of the index is the
// user's setting; the defaults are the research's (decentralized networks and marketplaces
// against hyperscalers and neoclouds).
struct PriceWarOptions
{
    std::string gpu = "h100-80gb";
    PriceSelection selection;
    std::set<std::string> cheapSide{"decentralized", "marketplace"};
    std::set<std::string> incumbentSide{"hyperscaler", "neocloud"};
    // Index days with fewer providers than this on either side are drawn apart (hollow, not
    // joined) and left out of summaries: one price against five is not a market's ratio.
    int minProvidersPerSide = 2;
};

struct PriceWarCharts
{
    ChartData prices; // a line per provider, a median and a min-max band per class
    ChartData index;  // the price advantage index with parity marked
};

// `series` is Cache::query(metric gpu_hourly_usd, dims gpu=KEY) for the range on show. A
// provider's several series (forms, sources) become one line: the median of its values at each
// timestamp. Class medians and bands are per UTC day, from each provider's value that day.
PriceWarCharts buildPriceWarCharts(const std::vector<SeriesData> &series, const Taxonomy &taxonomy,
                                   const std::vector<Event> &events, const PriceWarOptions &options);

// Events become annotations when they fall inside [from, to].
std::vector<ChartAnnotation> annotationsBetween(const std::vector<Event> &events, UnixSeconds from,
                                                UnixSeconds to);

// The order classes are drawn and listed in: cheapest side first.
const std::vector<std::string> &providerClassOrder();

} // namespace stackatlas
