// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chartdata.h"
#include "event.h"
#include "series.h"
#include "taxonomy.h"

#include <string>
#include <vector>

namespace stackatlas {

// The valuation pane's charts. `latest` holds the newest market_cap_usd, fdv_usd and
// volume_24h_usd of each protocol (Cache::latestValues).

// FDV next to market cap for every protocol with either, grouped by layer (categories run from
// the infrastructure layer up). An unknown value has no bar and is named in the caption.
ChartData buildFdvVsMarketCap(const std::vector<LatestValue> &latest, const Taxonomy &taxonomy);
// Compare mode: the same bars at two dates side by side (market cap at A, at B, FDV at A, at B),
// each date's bars from its own figures by the same rules; a protocol known at either date has a
// category.
ChartData buildFdvVsMarketCapAtTwoDates(const std::vector<LatestValue> &latestA,
                                        const std::vector<LatestValue> &latestB, const Taxonomy &taxonomy,
                                        UnixSeconds a, UnixSeconds b);

// FDV/MC (dilution overhang) against 24h volume / MC (liquidity), one labelled point per protocol
// and a series per layer. A ratio needs both numbers from one snapshot (same time and source);
// protocols without one are named in the caption, never drawn at 0.
ChartData buildDilutionScatter(const std::vector<LatestValue> &latest, const Taxonomy &taxonomy);

struct PerformanceOptions
{
    UnixSeconds base = 1737331200; // 2025-01-20, the DeepSeek R1 release
    std::string metric = "market_cap_usd";
    std::vector<std::string> protocols; // empty: every protocol with a value near the base date
    bool layerAverages = true;
    int baseToleranceDays = 7; // how far from the base date the base value may be
    // Leave out market caps derived as price x a dated supply (derivedcaps.h): observed figures only.
    bool hideDerived = false;
};

// Each protocol's metric indexed to 100 at the base date, from the source with the longest history
// after it (sources are never mixed within one line), and per layer the daily mean of its members.
ChartData buildIndexedPerformance(const std::vector<SeriesData> &series, const Taxonomy &taxonomy,
                                  const std::vector<Event> &events, const PerformanceOptions &options);

// A token-level series: no dimensions, or only the source's own asset ticker (Coin Metrics files
// carry asset=akt). Per-chain or per-pair breakdowns are not the token's total.
bool isTokenTotalSeries(const SeriesKey &key);

// Layer name per protocol id, or empty.
std::string layerOfProtocol(const Taxonomy &taxonomy, const std::string &entityId);

} // namespace stackatlas
