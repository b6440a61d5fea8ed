// SPDX-License-Identifier: GPL-3.0-or-later
#include "chartloaders.h"

#include "datasources/cache/cache.h"
#include "models/domain/derivedcaps.h"

#include <algorithm>
#include <map>

namespace stackatlas {

namespace {

Result<std::vector<SeriesData>> queryAll(const Cache &cache, const std::string &metric, Dimensions dims,
                                         const TimeRange &range)
{
    SeriesQuery q;
    q.metric = metric;
    q.dims = std::move(dims);
    q.from = range.from;
    q.to = range.to;
    q.withEndpoints = false; // a chart names source and as-of only
    return cache.query(q);
}

// A braced list of ChartData would copy each element (initializer_list is const): a
// million-point price history is moved instead.
std::vector<ChartData> movedInto(std::initializer_list<ChartData *> charts)
{
    std::vector<ChartData> out;
    out.reserve(charts.size());
    for (ChartData *c : charts)
        out.push_back(std::move(*c));
    return out;
}

// A chart over time marks the date the rest of the app is shown at, when one is chosen: what
// came after it stays visible, but the eye knows where "now" is.
void markAsOf(const TimeRange &range, std::initializer_list<ChartData *> charts)
{
    if (!range.asOf.at)
        return;
    for (ChartData *c : charts)
        if (c->xKind == AxisKind::Time)
            c->cursor = range.asOf.at;
}

} // namespace

Result<PriceWarCharts> loadPriceWarCharts(const Cache &cache, const PriceWarOptions &options,
                                          const TimeRange &range)
{
    const auto taxonomy = cache.taxonomy();
    if (!taxonomy.isOk())
        return taxonomy.status();
    const auto series = queryAll(cache, "gpu_hourly_usd", {{"gpu", options.gpu}}, range);
    if (!series.isOk())
        return series.status();
    const auto events = cache.events();
    if (!events.isOk())
        return events.status();
    PriceWarCharts charts = buildPriceWarCharts(series.value(), taxonomy.value(), events.value(), options);
    markAsOf(range, {&charts.prices, &charts.index});
    return charts;
}

Result<std::vector<LatestValue>> latestValues(const Cache &cache, const std::vector<std::string> &metrics,
                                              const AsOf &asOf)
{
    return cache.latestValues(metrics, asOf);
}

Result<std::vector<std::string>> pricedGpus(const Cache &cache)
{
    // Series, not points: this runs when the pane opens, and a count of points would read them all.
    const auto series = cache.dimensionCounts("gpu_hourly_usd", "gpu");
    if (!series.isOk())
        return series.status();
    std::vector<std::pair<long long, std::string>> sorted;
    for (const auto &[gpu, n] : series.value())
        sorted.emplace_back(-n, gpu);
    std::sort(sorted.begin(), sorted.end());
    std::vector<std::string> out;
    for (const auto &[n, gpu] : sorted)
        out.push_back(gpu);
    return out;
}

Result<ValuationCharts> loadValuationCharts(const Cache &cache, const PerformanceOptions &options,
                                            const TimeRange &range)
{
    const auto taxonomy = cache.taxonomy();
    if (!taxonomy.isOk())
        return taxonomy.status();
    auto latest = cache.latestValues({"market_cap_usd", "fdv_usd", "volume_24h_usd"}, range.asOf);
    if (!latest.isOk())
        return latest.status();
    auto series = queryAll(cache, options.metric, {}, range);
    if (!series.isOk())
        return series.status();
    // Observed figures only, when asked: a derived value is left out, not replaced by an older one.
    const auto dropDerived = [&](std::vector<LatestValue> &values) {
        if (options.hideDerived)
            std::erase_if(values, [](const LatestValue &v) { return isDerived(v.provenance); });
    };
    dropDerived(latest.value());
    if (options.hideDerived)
        std::erase_if(series.value(), [](const SeriesData &s) { return s.key.source == kDerivedSource; });
    const auto events = cache.events();
    if (!events.isOk())
        return events.status();
    ChartData bars = buildFdvVsMarketCap(latest.value(), taxonomy.value());
    if (range.asOf.compareFrom) {
        // Compare mode: the bars at both dates, each by the same rules.
        auto latestA =
            cache.latestValues({"market_cap_usd", "fdv_usd", "volume_24h_usd"}, range.asOf.atCompareFrom());
        if (!latestA.isOk())
            return latestA.status();
        dropDerived(latestA.value());
        if (const auto b = cache.resolve(range.asOf))
            bars = buildFdvVsMarketCapAtTwoDates(latestA.value(), latest.value(), taxonomy.value(),
                                                 *range.asOf.compareFrom, *b);
    }
    ValuationCharts charts{
        std::move(bars), buildDilutionScatter(latest.value(), taxonomy.value()),
        buildIndexedPerformance(series.value(), taxonomy.value(), events.value(), options)};
    markAsOf(range, {&charts.performance});
    return charts;
}

Result<UsageClaim> currentUsageClaim(const Cache &cache)
{
    if (const auto stored = cache.metadata(usageClaimMetadataKey)) {
        auto claim = decodeUsageClaim(*stored);
        if (claim.isOk())
            return claim;
        // A damaged edit falls back to the research's figures rather than hiding the chart.
    }
    const auto taxonomy = cache.taxonomy();
    if (!taxonomy.isOk())
        return taxonomy.status();
    return researchUsageClaim(taxonomy.value());
}

Result<UsageCharts> loadUsageCharts(const Cache &cache, const TimeRange &range)
{
    const auto taxonomy = cache.taxonomy();
    if (!taxonomy.isOk())
        return taxonomy.status();
    const Taxonomy &t = taxonomy.value();
    UsageCharts out;
    const auto claim = currentUsageClaim(cache);
    if (claim.isOk())
        out.claimedSplit = buildUsageDonut(claim.value());
    else {
        out.claimedSplit.id = "usage.claimed-split";
        out.claimedSplit.title = "Where Web3 AI projects run";
        out.claimedSplit.xKind = AxisKind::None;
        out.claimedSplit.emptyReason = claim.status().message();
    }
    const auto mc = queryAll(cache, "market_cap_usd", {}, range);
    const auto fees = queryAll(cache, "fees_usd", {}, range);
    // Offers are a picture of one day: the newest at or before the date shown, never after it.
    const std::optional<UnixSeconds> at = cache.resolve(range.asOf);
    TimeRange upToDate = range;
    if (at && (!upToDate.to || *upToDate.to > *at))
        upToDate.to = at;
    const auto counts = queryAll(cache, "gpu_count", {{"state", "offers"}}, upToDate);
    const auto sectors = cache.latestValues({"category_market_cap_usd", "category_volume_usd"}, range.asOf);
    for (const Status *s : {&mc.status(), &fees.status(), &counts.status(), &sectors.status()})
        if (!s->isOk())
            return *s;
    out.marketCapByLayer = buildLayerStack(mc.value(), t, "market_cap_usd");
    out.feesByLayer = buildLayerStack(fees.value(), t, "fees_usd");
    out.sectorTotals = buildSectorTotals(sectors.value(), t);
    out.offerShare = buildOfferSupplyShare(counts.value(), t, at, range.asOf.windows.gpuPrices);
    out.computeShare = buildComputeShareClaims(t);
    markAsOf(range, {&out.marketCapByLayer, &out.feesByLayer});
    return out;
}

const std::vector<std::string> &chartPaneIds()
{
    static const std::vector<std::string> ids{"price-war", "valuation", "usage"};
    return ids;
}

Result<std::vector<ChartData>> loadPaneCharts(const Cache &cache, const std::string &pane,
                                              const std::string &gpu, const TimeRange &range)
{
    if (pane == "price-war") {
        PriceWarOptions options;
        if (!gpu.empty())
            options.gpu = gpu;
        auto charts = loadPriceWarCharts(cache, options, range);
        if (!charts.isOk())
            return charts.status();
        return movedInto({&charts.value().prices, &charts.value().index});
    }
    if (pane == "valuation") {
        auto charts = loadValuationCharts(cache, {}, range);
        if (!charts.isOk())
            return charts.status();
        auto &c = charts.value();
        return movedInto({&c.fdvVsMarketCap, &c.dilution, &c.performance});
    }
    if (pane == "usage") {
        auto charts = loadUsageCharts(cache, range);
        if (!charts.isOk())
            return charts.status();
        auto &c = charts.value();
        return movedInto({&c.claimedSplit, &c.marketCapByLayer, &c.feesByLayer, &c.sectorTotals,
                          &c.offerShare, &c.computeShare});
    }
    return Status::error(StatusCode::InvalidInput,
                         "unknown chart pane '" + pane + "' (price-war, valuation, usage)");
}

Result<DataSpan> loadDataSpan(const Cache &cache)
{
    DataSpan s;
    s.first = cache.oldestDataTime();
    s.last = cache.newestDataTime();
    auto events = cache.events();
    if (!events.isOk())
        return events.status();
    s.events = std::move(events).value();
    return s;
}

} // namespace stackatlas
