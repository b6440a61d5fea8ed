// SPDX-License-Identifier: GPL-3.0-or-later
#include "valuationcharts.h"

#include "derivedcaps.h"

#include "chainlink.h"

#include "translate.h"

#include "pricewarcharts.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

namespace stackatlas {

namespace {

using ByMetric = std::map<std::string, const LatestValue *>;

// Protocols in layer order (bottom up), then by name, with their latest values per metric.
std::vector<std::pair<const Entity *, ByMetric>> protocolsWithValues(const std::vector<LatestValue> &latest,
                                                                     const Taxonomy &taxonomy)
{
    std::map<std::string, ByMetric> values;
    for (const LatestValue &v : latest)
        values[v.entityId][v.metric] = &v;
    std::vector<std::pair<const Entity *, ByMetric>> out;
    for (const Entity *e : taxonomy.protocols()) {
        const auto it = values.find(e->id);
        if (it != values.end())
            out.emplace_back(e, it->second);
    }
    std::stable_sort(out.begin(), out.end(), [&](const auto &a, const auto &b) {
        const int la = taxonomy.layerIndex(layerOfProtocol(taxonomy, a.first->id));
        const int lb = taxonomy.layerIndex(layerOfProtocol(taxonomy, b.first->id));
        return la != lb ? la < lb : a.first->name < b.first->name;
    });
    return out;
}

const Layer *layerOf(const Taxonomy &taxonomy, const std::string &entityId)
{
    const Entity *e = taxonomy.entity(entityId);
    const Category *c = e ? taxonomy.category(e->categoryId) : nullptr;
    return c ? taxonomy.layer(c->layerId) : nullptr;
}

bool sameSnapshot(const LatestValue *a, const LatestValue *b)
{
    return a && b && a->ts == b->ts && a->provenance.source == b->provenance.source;
}

std::string listNames(const std::vector<std::string> &names)
{
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i)
        out += (i ? ", " : "") + names[i];
    return out;
}

} // namespace

bool isTokenTotalSeries(const SeriesKey &key)
{
    return key.dims.empty() || (key.dims.size() == 1 && key.dims.count("asset"));
}

std::string layerOfProtocol(const Taxonomy &taxonomy, const std::string &entityId)
{
    const Layer *l = layerOf(taxonomy, entityId);
    return l ? l->id : std::string();
}

ChartData buildFdvVsMarketCap(const std::vector<LatestValue> &latest, const Taxonomy &taxonomy)
{
    ChartData c;
    c.id = "valuation.fdv-vs-market-cap";
    c.title = translate("ChartText", "FDV next to market cap, by layer");
    c.xKind = AxisKind::Category;
    c.xTitle = translate("ChartText", "Protocol (layer)");
    c.yTitle = translate("ChartText", "USD");
    c.unit = "USD";
    c.preferLogY = true;
    ChartSeries mc{translate("ChartText", "Market cap"), "market_cap_usd", SeriesRole::Bar, {}};
    ChartSeries fdv{translate("ChartText", "FDV"), "fdv_usd", SeriesRole::Bar, {}};
    std::vector<std::string> noFdv, noMc, stale, derived;
    for (const auto &[entity, values] : protocolsWithValues(latest, taxonomy)) {
        const auto m = values.find("market_cap_usd");
        const auto f = values.find("fdv_usd");
        if (m == values.end() && f == values.end())
            continue;
        // Stale values are only here when asked for: their bars are starred and dated below.
        std::string staleDates;
        for (const auto &[it, what] : {std::pair{m, "MC"}, std::pair{f, "FDV"}})
            if (it != values.end() && it->second->stale)
                staleDates += (staleDates.empty() ? "" : ", ") + std::string(what) + " " +
                              formatIsoDate(it->second->ts);
        const Layer *layer = layerOf(taxonomy, entity->id);
        const double x = double(c.categories.size());
        // Short labels: the axis elides long ones. The symbol where there is one.
        const std::map<std::string, std::string> shortNames{
            {"infrastructure", translate("ChartText", "Infra")},
            {"middleware", translate("ChartText", "Mid")},
            {"model", translate("ChartText", "Model")},
            {"application", translate("ChartText", "App")}};
        const auto shortName = layer ? shortNames.find(layer->id) : shortNames.end();
        const std::string layerShort = shortName != shortNames.end() ? shortName->second
                                       : layer                       ? layer->name
                                                                     : std::string("?");
        // A market cap derived as price x a dated supply is marked (a dagger) and named below.
        const bool derivedCap = m != values.end() && isDerived(m->second->provenance);
        if (derivedCap)
            derived.push_back(entity->name);
        c.categories.push_back(layerShort + ": " +
                               (entity->tokenSymbol.empty() ? entity->name : entity->tokenSymbol) +
                               (staleDates.empty() ? "" : "*") + (derivedCap ? "\u2020" : ""));
        if (!staleDates.empty())
            stale.push_back(entity->name + " (" + staleDates + ")");
        if (m != values.end())
            mc.points.push_back(
                {x, m->second->value, 0, entity->id, m->second->provenance.source, m->second->ts});
        else
            noMc.push_back(entity->name);
        if (f != values.end())
            fdv.points.push_back(
                {x, f->second->value, 0, entity->id, f->second->provenance.source, f->second->ts});
        else
            noFdv.push_back(entity->name);
    }
    c.series = {mc, fdv};
    c.caption = fillArgs(
        translate("ChartText", "Each the newest value at the date shown, within its window; sources: %1."),
        {sourcesLine(c.series)});
    if (!noFdv.empty())
        c.caption += fillArgs(translate("ChartText", " FDV unknown (no bar): %1."), {listNames(noFdv)});
    if (!noMc.empty())
        c.caption += fillArgs(translate("ChartText", " Market cap unknown (no bar): %1."), {listNames(noMc)});
    if (!derived.empty())
        c.caption +=
            fillArgs(translate("ChartText", " \u2020 Market cap derived as price x a dated circulating "
                                            "supply, not observed: %1."),
                     {listNames(derived)});
    if (!stale.empty())
        c.caption +=
            fillArgs(translate("ChartText", " * Stale, older than its window, shown on request: %1."),
                     {listNames(stale)});
    if (c.categories.empty())
        c.emptyReason = translate("ChartText", "No market cap or FDV in this cache.");
    return c;
}

ChartData buildDilutionScatter(const std::vector<LatestValue> &latest, const Taxonomy &taxonomy)
{
    ChartData c;
    c.id = "valuation.dilution-vs-liquidity";
    c.title = translate("ChartText", "Dilution overhang against liquidity");
    c.xKind = AxisKind::Value;
    c.xTitle = translate("ChartText", "24h volume / market cap (x)");
    c.yTitle = translate("ChartText", "FDV / market cap (x)");
    c.unit = "ratio";
    std::map<std::string, ChartSeries> byLayer;
    std::vector<std::string> missing, stale;
    for (const auto &[entity, values] : protocolsWithValues(latest, taxonomy)) {
        // By name, not [&]: C++20 lets a lambda capture a structured binding, clang 14 does not.
        const auto get = [&byMetric = values](const char *metric) -> const LatestValue * {
            const auto it = byMetric.find(metric);
            return it == byMetric.end() ? nullptr : it->second;
        };
        const LatestValue *mc = get("market_cap_usd"), *fdv = get("fdv_usd"), *vol = get("volume_24h_usd");
        if (!sameSnapshot(mc, fdv) || !sameSnapshot(mc, vol) || mc->value <= 0) {
            missing.push_back(entity->name);
            continue;
        }
        const Layer *layer = layerOf(taxonomy, entity->id);
        const std::string layerId = layer ? layer->id : "unknown";
        ChartSeries &s = byLayer[layerId];
        s.name = layer ? layer->name : translate("ChartText", "No layer");
        s.group = layerId;
        s.role = SeriesRole::Scatter;
        const bool isStale = mc->stale || fdv->stale || vol->stale;
        if (isStale)
            stale.push_back(entity->name + " (" + formatIsoDate(mc->ts) + ")");
        s.points.push_back(
            {vol->value / mc->value, fdv->value / mc->value, 0,
             (entity->tokenSymbol.empty() ? entity->name : entity->tokenSymbol) + (isStale ? "*" : ""),
             mc->provenance.source, mc->ts});
    }
    for (const Layer &l : taxonomy.layers) {
        const auto it = byLayer.find(l.id);
        if (it != byLayer.end())
            c.series.push_back(std::move(it->second));
    }
    if (const auto it = byLayer.find("unknown"); it != byLayer.end())
        c.series.push_back(std::move(it->second));
    c.caption = fillArgs(
        translate("ChartText", "FDV, market cap and volume from one snapshot per protocol; sources: %1."),
        {sourcesLine(c.series)});
    if (!missing.empty())
        c.caption += fillArgs(
            translate("ChartText", " Not plotted (no FDV, market cap and volume from one snapshot): %1."),
            {listNames(missing)});
    if (!stale.empty())
        c.caption +=
            fillArgs(translate("ChartText", " * Stale, older than its window, shown on request: %1."),
                     {listNames(stale)});
    if (c.series.empty())
        c.emptyReason = translate(
            "ChartText", "No protocol has FDV, market cap and 24h volume from one snapshot in this cache.");
    return c;
}

namespace {

// A protocol's series (one per source) with a value near the base date to index from.
struct BaseCandidate
{
    const SeriesData *series;
    double base;
    std::size_t after;
    UnixSeconds baseTs; // the point indexed from: within the tolerance, not always the base date
};

// Per protocol, the series with a base value within the tolerance of the base date; of several
// sources, the one with most points after it.
std::map<std::string, BaseCandidate> baseCandidates(const std::vector<SeriesData> &series,
                                                    const Taxonomy &taxonomy,
                                                    const PerformanceOptions &options)
{
    const UnixSeconds toleranceSeconds = UnixSeconds(options.baseToleranceDays) * 86400;
    std::map<std::string, BaseCandidate> best;
    for (const SeriesData &s : series) {
        if (!isTokenTotalSeries(s.key) || s.key.metric != options.metric)
            continue;
        const Entity *e = taxonomy.entity(s.key.entityId);
        // Protocols, and in price mode the benchmarks (BTC, ETH, NVIDIA, QQQ) to read them against.
        const bool benchmark = e && e->kind == EntityKind::Benchmark && options.metric == "price_usd";
        if (!e || (e->categoryId.empty() && !benchmark))
            continue;
        if (!benchmark && !options.protocols.empty() &&
            std::find(options.protocols.begin(), options.protocols.end(), e->id) == options.protocols.end())
            continue;
        std::optional<double> base;
        UnixSeconds baseTs = 0;
        UnixSeconds distance = toleranceSeconds + 1;
        std::size_t after = 0;
        for (const StoredPoint &p : s.points) {
            const UnixSeconds d = std::llabs(p.ts - options.base);
            if (d < distance && p.value > 0) {
                distance = d;
                base = p.value;
                baseTs = p.ts;
            }
            after += p.ts >= options.base;
        }
        if (!base)
            continue;
        const auto it = best.find(e->id);
        if (it == best.end() || after > it->second.after)
            best[e->id] = {&s, *base, after, baseTs};
    }
    return best;
}

// Each layer's average of its indexed protocols, chained day to day over the protocols with a
// value on both days (chainlink.h), so that a protocol whose data starts or stops moves nothing.
using LayerDays = std::map<std::string, std::map<UnixSeconds, std::map<std::string, double>>>;
void addLayerAverages(ChartData &c, const LayerDays &layerDays, const Taxonomy &taxonomy)
{
    const std::string label =
        translate("ChartText", "%1 of %2 protocols also the day before; plain mean of all %2: %3");
    for (const Layer &l : taxonomy.layers) {
        const auto it = layerDays.find(l.id);
        if (it == layerDays.end())
            continue;
        ChartSeries *avg = nullptr;
        for (const ChainedPoint &p : chainLink(it->second, ChainBase::Mean)) {
            if (!avg || p.startsSegment) {
                c.series.push_back({avg ? fillArgs(translate("ChartText", "%1 average (from %2)"),
                                                   {l.name, formatIsoDate(p.t)})
                                        : fillArgs(translate("ChartText", "%1 average"), {l.name}),
                                    l.id,
                                    SeriesRole::Median,
                                    {}});
                avg = &c.series.back();
            }
            avg->points.push_back({double(p.t), p.level, 0,
                                   fillArgs(label, {std::to_string(p.matched), std::to_string(p.rawCount),
                                                    formatFixed(p.rawValue, 1)}),
                                   "", 0, p.matched});
        }
    }
    c.countTitle = translate("ChartText", "protocols compared with the day before");
}

} // namespace

ChartData buildIndexedPerformance(const std::vector<SeriesData> &series, const Taxonomy &taxonomy,
                                  const std::vector<Event> &events, const PerformanceOptions &options)
{
    ChartData c;
    c.id = "valuation.indexed-performance";
    const bool price = options.metric == "price_usd";
    const std::string baseDay = formatIsoDate(options.base);
    const std::string tolerance = std::to_string(options.baseToleranceDays);
    c.title = fillArgs(price ? translate("ChartText", "Token price indexed to 100 on %1")
                             : translate("ChartText", "Market cap indexed to 100 on %1"),
                       {baseDay});
    c.xTitle = translate("ChartText", "Date (UTC)");
    c.yTitle = translate("ChartText", "Index (base = 100)");
    c.unit = "index";
    const UnixSeconds toleranceSeconds = UnixSeconds(options.baseToleranceDays) * 86400;

    std::vector<std::string> noBase, otherBases;
    const std::map<std::string, BaseCandidate> best = baseCandidates(series, taxonomy, options);
    LayerDays layerDays;
    UnixSeconds first = options.base, last = options.base;
    for (const Entity *e : taxonomy.protocols()) {
        const auto it = best.find(e->id);
        if (it == best.end()) {
            if (options.protocols.empty() || std::find(options.protocols.begin(), options.protocols.end(),
                                                       e->id) != options.protocols.end())
                noBase.push_back(e->name);
            continue;
        }
        const std::string layer = layerOfProtocol(taxonomy, e->id);
        // Named for the protocol alone (each point carries its source, and the caption lists
        // them), with its own base date where that is not the chart's: 100 on another day.
        const std::string ownBase = formatIsoDate(it->second.baseTs);
        const bool otherBase = ownBase != baseDay;
        if (otherBase)
            otherBases.push_back(fillArgs(translate("ChartText", "%1 on %2"), {e->name, ownBase}));
        ChartSeries line{otherBase ? fillArgs(translate("ChartText", "%1 (base %2)"), {e->name, ownBase})
                                   : e->name,
                         layer,
                         SeriesRole::Line,
                         {}};
        const SeriesData &series = *it->second.series;
        for (const StoredPoint &p : series.points) {
            if (p.ts < options.base - toleranceSeconds)
                continue;
            const double v = p.value / it->second.base * 100.0;
            const Provenance &pv = series.provenanceOf(p);
            line.points.push_back({double(p.ts), v, 0, e->id, pv.source, pv.asOf});
            layerDays[layer][utcDay(p.ts)][e->id] = v;
            last = std::max(last, p.ts);
            first = std::min(first, p.ts);
        }
        c.series.push_back(std::move(line));
    }
    // Benchmarks, outside the stack: a line each, never in a layer's average.
    std::vector<std::string> benchmarks;
    for (const Entity &e : taxonomy.entities) {
        const auto it = best.find(e.id);
        if (e.kind != EntityKind::Benchmark || it == best.end())
            continue;
        const std::string ownBase = formatIsoDate(it->second.baseTs);
        const std::string name =
            ownBase != baseDay
                ? fillArgs(translate("ChartText", "%1, benchmark (base %2)"), {e.name, ownBase})
                : fillArgs(translate("ChartText", "%1, benchmark"), {e.name});
        ChartSeries line{name, "benchmark", SeriesRole::Line, {}};
        for (const StoredPoint &p : it->second.series->points) {
            if (p.ts < options.base - toleranceSeconds)
                continue;
            const Provenance &pv = it->second.series->provenanceOf(p);
            line.points.push_back(
                {double(p.ts), p.value / it->second.base * 100.0, 0, e.id, pv.source, pv.asOf});
        }
        benchmarks.push_back(e.name);
        c.series.push_back(std::move(line));
    }
    if (options.layerAverages)
        addLayerAverages(c, layerDays, taxonomy);
    c.annotations = annotationsBetween(events, first, last);
    c.caption = fillArgs(translate("ChartText", "Each line from one source, base value within %1 days of %2; "
                                                "layer averages are daily means chained over the protocols "
                                                "with a value on both days, so none moves by a protocol's "
                                                "data starting or stopping. Sources: %3."),
                         {tolerance, baseDay, sourcesLine(c.series)});
    if (!otherBases.empty())
        c.caption +=
            fillArgs(translate("ChartText", " Lines based on another day than %1 (no value that day): %2."),
                     {baseDay, listNames(otherBases)});
    if (!benchmarks.empty())
        c.caption +=
            fillArgs(translate("ChartText", " Benchmarks (outside the stack, in no layer average): %1."),
                     {listNames(benchmarks)});
    if (!noBase.empty())
        c.caption += fillArgs(price ? translate("ChartText", " No token price near the base date: %1.")
                                    : translate("ChartText", " No market cap near the base date: %1."),
                              {listNames(noBase)});
    if (c.series.empty())
        c.emptyReason =
            fillArgs(price ? translate("ChartText", "No protocol has a token price within %1 days of %2.")
                           : translate("ChartText", "No protocol has a market cap within %1 days of %2."),
                     {tolerance, baseDay});
    return c;
}

} // namespace stackatlas

namespace stackatlas {

ChartData buildFdvVsMarketCapAtTwoDates(const std::vector<LatestValue> &latestA,
                                        const std::vector<LatestValue> &latestB, const Taxonomy &taxonomy,
                                        UnixSeconds a, UnixSeconds b)
{
    const ChartData atA = buildFdvVsMarketCap(latestA, taxonomy);
    ChartData out = buildFdvVsMarketCap(latestB, taxonomy);
    const std::string dateA = formatIsoDate(a), dateB = formatIsoDate(b);
    // One category a protocol, known at either date: B's first, then those known only at A.
    std::map<std::string, double> xOf;
    for (const ChartSeries &s : out.series)
        for (const ChartPoint &p : s.points)
            xOf[p.label] = p.x;
    std::map<double, double> remap; // A's x -> the merged x
    for (const ChartSeries &s : atA.series)
        for (const ChartPoint &p : s.points) {
            auto it = xOf.find(p.label);
            if (it == xOf.end()) {
                it = xOf.emplace(p.label, double(out.categories.size())).first;
                out.categories.push_back(atA.categories[std::size_t(p.x)]);
            }
            remap[p.x] = it->second;
        }
    std::vector<ChartSeries> series;
    for (std::size_t i = 0; i < out.series.size() && i < atA.series.size(); ++i) {
        ChartSeries before = atA.series[i];
        for (ChartPoint &p : before.points)
            p.x = remap[p.x];
        before.name += " (A)";
        before.group += "_a";
        ChartSeries after = out.series[i];
        after.name += " (B)";
        series.push_back(std::move(before));
        series.push_back(std::move(after));
    }
    out.series = std::move(series);
    out.id = "valuation.fdv-vs-market-cap";
    out.title =
        fillArgs(translate("ChartText", "FDV next to market cap at A = %1 and B = %2"), {dateA, dateB});
    out.caption =
        fillArgs(translate("ChartText", "At %1: %2 At %3: %4"), {dateA, atA.caption, dateB, out.caption});
    return out;
}

} // namespace stackatlas
