// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "series.h"
#include "taxonomy.h"
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
    // Who is counted on each side that day, with the provider's daily median (provider order).
    std::vector<std::pair<std::string, double>> numeratorPrices, denominatorPrices;
};

// A provider's prices. A monthly rate card (the GIX back-series' votes, stamped on the 1st) covers
// its whole month: it counts on every day of that month on which the provider has no daily price,
// so the index does not jump on the 1st and back on the 2nd.
struct ProviderPrices
{
    std::string providerClass;
    std::vector<std::pair<UnixSeconds, double>> points;  // USD per GPU-hour
    std::vector<std::pair<UnixSeconds, double>> monthly; // the 1st of the month a vote covers
};

// A series of monthly votes: two points or more, each at 00:00 UTC on the 1st of a month, none
// within 28 days of another. (One point alone cannot tell a monthly vote from a daily price.)
bool isMonthlySeries(const SeriesData &series);

// A provider's price day by day (00:00 UTC): the median of its daily prices, or else of the
// monthly votes covering the day.
std::map<UnixSeconds, double> providerDailyMedians(const ProviderPrices &prices);

std::vector<PriceAdvantagePoint> priceAdvantageIndex(const std::map<std::string, ProviderPrices> &providers,
                                                     const std::set<std::string> &numeratorClasses,
                                                     const std::set<std::string> &denominatorClasses);

double median(std::vector<double> values); // of a non-empty list

// Day by day, the median USD per GPU-hour of the providers of some classes (each provider's own
// daily median first): the class median the price war draws, and what a watch rule on a class reads.
struct ClassMedianPoint
{
    UnixSeconds day = 0;
    double median = 0;
    std::vector<std::string> providers; // counted that day, by name
};
std::vector<ClassMedianPoint> classDailyMedians(const std::map<std::string, ProviderPrices> &providers,
                                                const std::set<std::string> &classes);

// Which of a GPU's stored series enter the comparison. Trackers publish min, median and max per
// provider and both on-demand and spot prices; mixing them would compare a spot floor with a list
// price, so one rental kind is kept and, where a series carries a stat, only its median.
struct PriceSelection
{
    std::string rental = "on_demand";
    // Off by default: a mean is pulled by a few dear offers, so it is compared only on request,
    // and only for a source that publishes no median or list price.
    bool meanWhereNoMedian = false;
};

// The rule both the index and the chart use. Kept: the chosen rental kind (or none stated), and of
// the stats a source publishes the median or the list price (a single price); min, max and
// percentiles are views of the same offers. Where a source restates its history (basis=restated
// next to basis=raw), only the restated series is kept so one provider is not counted twice.
bool isComparablePriceSeries(const SeriesKey &key, const PriceSelection &selection);

// The series the comparison reads: those isComparablePriceSeries keeps, and with
// selection.meanWhereNoMedian the mean series of a provider/source that has none of those.
std::vector<const SeriesData *> comparedPriceSeries(const std::vector<SeriesData> &series,
                                                    const PriceSelection &selection);

// Providers whose series of the chosen rental kind all carry a statistic that is not compared (a
// source that publishes only a mean, or only min and max): they vanish from the comparison, so they
// are named, "entity/source: publishes only mean (the median or list price is compared)".
std::vector<std::string> statisticLeftOut(const std::vector<SeriesData> &series,
                                          const PriceSelection &selection);

// Series that summarise other providers (the GIX rate-card index is the median of 11 neoclouds):
// drawn for reference but never counted as a provider in medians or the index.
bool isAggregatePriceEntity(const std::string &entityId);

// Groups a GPU's price series (Cache::query with an empty entity) by provider, with the
// provider's class from the taxonomy. Series of entities without a class, or in another unit than
// USD per GPU-hour, are left out and counted in `skipped` with the reason.
struct ProviderPriceSet
{
    std::map<std::string, ProviderPrices> providers;
    std::vector<std::string> skipped; // "entity/source: reason"
};
ProviderPriceSet providerPrices(const std::vector<SeriesData> &series, const Taxonomy &taxonomy,
                                const PriceSelection &selection = {});

} // namespace stackatlas
