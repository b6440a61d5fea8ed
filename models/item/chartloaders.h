// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/asof.h"
#include "models/domain/pricewarcharts.h"
#include "models/domain/status.h"
#include "models/domain/usagecharts.h"
#include "models/domain/valuationcharts.h"

#include <optional>
#include <string>
#include <vector>

namespace stackatlas {

class Cache;

// Reading each chart pane's data from the cache: the panes, `stackatlas export` and the report use
// these, so a picture and its CSV are always built from the same query.

// What a chart shows: the range of its time axis, and the date its figures at a date (bars,
// scatters, sector totals) are read at.
struct TimeRange
{
    std::optional<UnixSeconds> from, to;
    AsOf asOf;
};

Result<PriceWarCharts> loadPriceWarCharts(const Cache &cache, const PriceWarOptions &options,
                                          const TimeRange &range = {});

// The value of each metric for each entity at the date (series without dimensions; Cache::latestValues).
Result<std::vector<LatestValue>> latestValues(const Cache &cache, const std::vector<std::string> &metrics,
                                              const AsOf &asOf = {});

// The span of the figures shown at a date (series without dimensions), and the dated events: what
// the as-of control offers.
struct DataSpan
{
    std::optional<UnixSeconds> first, last;
    std::vector<Event> events;
};
Result<DataSpan> loadDataSpan(const Cache &cache);

// The GPU models the cache has USD/GPU-hour prices for, those with most series first.
Result<std::vector<std::string>> pricedGpus(const Cache &cache);

struct ValuationCharts
{
    ChartData fdvVsMarketCap, dilution, performance;
};
Result<ValuationCharts> loadValuationCharts(const Cache &cache, const PerformanceOptions &options,
                                            const TimeRange &range = {});

struct UsageCharts
{
    ChartData claimedSplit, marketCapByLayer, feesByLayer, sectorTotals, offerShare, computeShare;
};
// The claimed split is the user's edit when the cache holds one, else the research's.
Result<UsageCharts> loadUsageCharts(const Cache &cache, const TimeRange &range = {});

// The user's edit of the usage split, kept in the cache's metadata; nullopt: none.
inline constexpr const char *usageClaimMetadataKey = "usage_claim";
Result<UsageClaim> currentUsageClaim(const Cache &cache);

// Every chart of a pane ("price-war", "valuation", "usage") in the order the pane shows them.
Result<std::vector<ChartData>> loadPaneCharts(const Cache &cache, const std::string &pane,
                                              const std::string &gpu, const TimeRange &range);
const std::vector<std::string> &chartPaneIds();

} // namespace stackatlas
