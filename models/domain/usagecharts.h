// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chartdata.h"
#include "series.h"
#include "status.h"
#include "taxonomy.h"

#include <string>
#include <vector>

namespace stackatlas {

// The research's split of where Web3 AI projects run, or the user's own version of it.
struct UsageClaim
{
    double centralized = 0, decentralized = 0, hybrid = 0; // percent
    std::string source;
    std::string date;
    bool userDefined = false;
};

// From the taxonomy's cited claims usage-centralized, usage-decentralized and usage-hybrid.
Result<UsageClaim> researchUsageClaim(const Taxonomy &taxonomy);
// The user's edit as stored in the cache's metadata: "70;15;15;note". Shares must be finite,
// non-negative and add up to 100 (within 0.5).
std::string encodeUsageClaim(const UsageClaim &claim);
Result<UsageClaim> decodeUsageClaim(const std::string &text);
Status validateUsageClaim(const UsageClaim &claim);

ChartData buildUsageDonut(const UsageClaim &claim);

// The metric (market_cap_usd or fees_usd) by layer per calendar month, a line a layer, chained
// over the protocols reported in consecutive months (chainlink.h) so that coverage moves no line:
// each protocol counts with its newest value in the month (the newest reading across sources).
ChartData buildLayerStack(const std::vector<SeriesData> &series, const Taxonomy &taxonomy,
                          const std::string &metric);

// The newest category_market_cap_usd and category_volume_usd per CoinGecko sector.
ChartData buildSectorTotals(const std::vector<LatestValue> &latest, const Taxonomy &taxonomy);

// GPUs on offer (gpu_count, state=offers) by provider class on the newest day the data has at or
// before `at` (nullopt: at all), over every GPU model: what the trackers saw listed, not installed
// capacity. A newest day more than `window` before `at` is too old to stand for it: nothing is drawn,
// and the reason names the day.
ChartData buildOfferSupplyShare(const std::vector<SeriesData> &gpuCounts, const Taxonomy &taxonomy,
                                std::optional<UnixSeconds> at = {}, UnixSeconds window = 7 * 86400);

// The research's compute market share comparison (AWS and GCP against Akash), from the cited claims.
ChartData buildComputeShareClaims(const Taxonomy &taxonomy);

} // namespace stackatlas
