// SPDX-License-Identifier: GPL-3.0-or-later
#include "pricewarcharts.h"

#include "textutil.h"
#include "translate.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>

namespace stackatlas {

namespace {

std::string className(const Taxonomy &taxonomy, const std::string &id)
{
    const ProviderClass *c = taxonomy.providerClass(id);
    return c ? c->name : id;
}

std::string joinSides(const Taxonomy &taxonomy, const std::set<std::string> &side)
{
    std::string out;
    for (const std::string &id : providerClassOrder()) {
        if (!side.count(id))
            continue;
        if (!out.empty())
            out += " + ";
        out += className(taxonomy, id);
    }
    return out.empty() ? translate("ChartText", "(none)") : out;
}

// One provider's points merged from its series: at each timestamp the median of the values, and
// the sources that gave them.
struct Merged
{
    std::string providerClass;
    struct Reading
    {
        UnixSeconds ts;
        double value;
        const Provenance *provenance;
        bool monthly; // a monthly vote, which covers its month (priceindex.h)
    };
    // Sorted by time once all series are in; a vector, not a map: a history can hold a million.
    std::vector<Reading> readings;
};

} // namespace

const std::vector<std::string> &providerClassOrder()
{
    static const std::vector<std::string> order{"decentralized", "marketplace", "neocloud", "hyperscaler",
                                                "centralized-ai-api"};
    return order;
}

std::vector<ChartAnnotation> annotationsBetween(const std::vector<Event> &events, UnixSeconds from,
                                                UnixSeconds to)
{
    std::vector<ChartAnnotation> out;
    for (const Event &e : events) {
        const auto start = parseTimestamp(e.start).value;
        if (!start || *start < from || *start > to)
            continue;
        const auto end = e.end.empty() ? std::nullopt : parseTimestamp(e.end).value;
        out.push_back({*start, end.value_or(0), e.title, e.source, e.userDefined});
    }
    return out;
}

namespace {

// The same selection rules as the index (priceindex.h), with provenance kept per point; what is
// left out is named in `skipped`.
std::map<std::string, Merged> mergeComparable(const std::vector<SeriesData> &series, const Taxonomy &taxonomy,
                                              const PriceWarOptions &options,
                                              std::vector<std::string> &skipped)
{
    std::map<std::string, Merged> merged;
    for (const SeriesData *compared : comparedPriceSeries(series, options.selection)) {
        const SeriesData &s = *compared;
        const Entity *entity = taxonomy.entity(s.key.entityId);
        if (!entity || entity->providerClass.empty()) {
            skipped.push_back(fillArgs(translate("ChartText", "%1 (no provider class)"), {s.key.entityId}));
            continue;
        }
        if (s.unit != "USD/GPU-hour") {
            skipped.push_back(fillArgs(translate("ChartText", "%1 (unit %2)"), {s.key.entityId, s.unit}));
            continue;
        }
        Merged &m = merged[s.key.entityId];
        m.providerClass = entity->providerClass;
        const bool monthly = isMonthlySeries(s);
        for (const StoredPoint &p : s.points)
            m.readings.push_back({p.ts, p.value, &s.provenanceOf(p), monthly});
    }
    return merged;
}

// A line per provider (one value per timestamp: the median of its sources), and what the class
// bands and the index are built from.
struct ProviderLines
{
    std::vector<ChartSeries> lines;
    std::map<std::string, std::map<UnixSeconds, std::vector<double>>>
        classDays; // class -> day -> provider medians
    std::map<std::string, ProviderPrices> forIndex;
    UnixSeconds first = std::numeric_limits<UnixSeconds>::max(),
                last = std::numeric_limits<UnixSeconds>::min();
};

ProviderLines providerLines(std::map<std::string, Merged> &merged, const Taxonomy &taxonomy)
{
    ProviderLines out;
    for (auto &[id, m] : merged) {
        const Entity *entity = taxonomy.entity(id);
        const bool aggregate = isAggregatePriceEntity(id);
        ChartSeries line{
            entity ? entity->name : id, aggregate ? "aggregate" : m.providerClass, SeriesRole::Line, {}};
        ProviderPrices scratch;
        ProviderPrices &ip = aggregate ? scratch : out.forIndex[id];
        ip.providerClass = m.providerClass;
        std::vector<Merged::Reading> &readings = m.readings; // sorted in place: it can hold a million
        std::stable_sort(readings.begin(), readings.end(),
                         [](const auto &a, const auto &b) { return a.ts < b.ts; });
        line.points.reserve(readings.size());
        ip.points.reserve(readings.size());
        std::vector<double> v;
        for (std::size_t i = 0; i < readings.size();) {
            const UnixSeconds ts = readings[i].ts;
            v.clear();
            std::string source;
            UnixSeconds asOf = 0;
            std::vector<double> daily, votes; // for the index, kept apart as providerPrices keeps them
            for (; i < readings.size() && readings[i].ts == ts; ++i) {
                const Provenance *prov = readings[i].provenance;
                v.push_back(readings[i].value);
                (readings[i].monthly ? votes : daily).push_back(readings[i].value);
                addSource(source, prov->source);
                asOf = std::max(asOf, prov->asOf);
            }
            const double value = v.size() == 1 ? v.front() : median(v);
            line.points.push_back({double(ts), value, 0, id, source, asOf});
            if (!daily.empty())
                ip.points.emplace_back(ts, median(daily));
            if (!votes.empty())
                ip.monthly.emplace_back(ts, median(votes));
            out.first = std::min(out.first, ts);
            out.last = std::max(out.last, ts);
        }
        // The class bands take each provider's daily price as the index does: a monthly vote
        // on every day of its month without a daily price.
        if (!aggregate)
            for (const auto &[day, value] : providerDailyMedians(ip))
                out.classDays[m.providerClass][day].push_back(value);
        out.lines.push_back(std::move(line));
    }
    return out;
}

// Classes in a fixed order, each class's band and median drawn before its members; the GIX-style
// aggregates last.
void addClassSeries(ChartData &prices, ProviderLines &lines, const Taxonomy &taxonomy)
{
    const std::string oneProvider = translate("ChartText", "1 provider");
    const std::string nProviders = translate("ChartText", "%1 providers");
    for (const std::string &cls : providerClassOrder()) {
        const auto it = lines.classDays.find(cls);
        if (it == lines.classDays.end())
            continue;
        const std::string name = className(taxonomy, cls);
        ChartSeries band{fillArgs(translate("ChartText", "%1 min-max"), {name}), cls, SeriesRole::Band, {}};
        ChartSeries med{fillArgs(translate("ChartText", "%1 median"), {name}), cls, SeriesRole::Median, {}};
        for (const auto &[day, v] : it->second) {
            const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
            const std::string n =
                v.size() == 1 ? oneProvider : fillArgs(nProviders, {std::to_string(v.size())});
            band.points.push_back({double(day), *lo, *hi, n, "", 0, int(v.size())});
            med.points.push_back({double(day), median(v), 0, n, "", 0, int(v.size())});
        }
        prices.series.push_back(std::move(band));
        prices.series.push_back(std::move(med));
        for (ChartSeries &l : lines.lines)
            if (l.group == cls)
                prices.series.push_back(std::move(l));
    }
    for (ChartSeries &l : lines.lines)
        if (l.group == "aggregate")
            prices.series.push_back(std::move(l));
}

ChartData indexChart(const std::map<std::string, ProviderPrices> &forIndex, const Taxonomy &taxonomy,
                     const PriceWarOptions &options, const std::string &gpuName, const std::string &sources)
{
    ChartData index;
    index.id = "price-war.index";
    index.title = fillArgs(translate("ChartText", "%1: price advantage index"), {gpuName});
    index.xTitle = translate("ChartText", "Date (UTC)");
    index.yTitle = translate("ChartText", "Ratio (x)");
    index.unit = "ratio";
    index.referenceY = 1.0;
    index.referenceLabel = translate("ChartText", "parity");
    const std::string cheap = joinSides(taxonomy, options.cheapSide);
    const std::string incumbent = joinSides(taxonomy, options.incumbentSide);
    ChartSeries idx{cheap + " / " + incumbent, "index", SeriesRole::Line, {}};
    // Days priced by fewer providers than the minimum on either side: a ratio of one price to
    // another, not of two markets. Shown as hollow markers, never joined into the line.
    const int minimum = std::max(1, options.minProvidersPerSide);
    ChartSeries thin{fillArgs(translate("ChartText", "Days with fewer than %1 providers a side"),
                              {std::to_string(minimum)}),
                     "index-thin",
                     SeriesRole::Scatter,
                     {}};
    const std::string pointLabel =
        translate("ChartText", "%1 vs %2 providers; medians %3 / %4 USD/GPU-hour; counted: %5 against %6");
    const auto names = [&](const std::vector<std::pair<std::string, double>> &side) {
        std::vector<std::string> out;
        for (const auto &[id, price] : side) {
            const Entity *e = taxonomy.entity(id);
            out.push_back((e ? e->name : id) + " " + formatFixed(price, 2));
        }
        return joinStrings(out, ", ");
    };
    for (const PriceAdvantagePoint &p :
         priceAdvantageIndex(forIndex, options.cheapSide, options.incumbentSide)) {
        const bool enough = int(p.numeratorProviders) >= minimum && int(p.denominatorProviders) >= minimum;
        (enough ? idx : thin)
            .points.push_back(
                {double(p.day), p.index, 0,
                 fillArgs(pointLabel,
                          {std::to_string(p.numeratorProviders), std::to_string(p.denominatorProviders),
                           formatFixed(p.numeratorMedian, 2), formatFixed(p.denominatorMedian, 2),
                           names(p.numeratorPrices), names(p.denominatorPrices)}),
                 "", 0, int(p.numeratorProviders), int(p.denominatorProviders)});
    }
    index.countTitle = translate("ChartText", "providers (challengers / incumbents)");
    if (!idx.points.empty())
        index.series.push_back(std::move(idx));
    const std::size_t thinDays = thin.points.size();
    if (!thin.points.empty())
        index.series.push_back(std::move(thin));
    index.caption =
        fillArgs(translate("ChartText", "Median daily price of %1 divided by that of %2 (one price "
                                        "per provider and day), only on days both sides have "
                                        "prices; below 1 the first side is cheaper. Sources: %3."),
                 {cheap, incumbent, sources});
    if (thinDays > 0)
        index.caption += fillArgs(translate("ChartText", " %1 days with fewer than %2 providers on a side "
                                                         "are hollow markers, not part of the line."),
                                  {std::to_string(thinDays), std::to_string(minimum)});
    if (index.series.empty())
        index.emptyReason =
            fillArgs(translate("ChartText", "No day in this range has prices on both sides (%1 and %2)."),
                     {cheap, incumbent});
    return index;
}

// Where the challengers have no price for weeks inside the chart's span (no decentralized or
// marketplace price is dated 2024-12..2025-02, the DeepSeek shock included): said in both captions,
// so no reader takes the incumbents' lines, or an index that is not there, for the whole market.
std::string challengerGaps(const std::map<std::string, ProviderPrices> &forIndex,
                           const PriceWarOptions &options, UnixSeconds first, UnixSeconds last,
                           const std::string &cheap)
{
    constexpr UnixSeconds kGap = 31 * 86400;
    std::set<UnixSeconds> days;
    for (const auto &[id, prices] : forIndex)
        if (options.cheapSide.count(prices.providerClass))
            for (const auto &[day, value] : providerDailyMedians(prices))
                days.insert(day);
    std::vector<std::string> gaps;
    const UnixSeconds start = utcDay(first);
    UnixSeconds previous = start;
    days.insert(utcDay(last) + 86400); // the span's end closes a gap that runs to it
    for (UnixSeconds day : days) {
        if (day < previous)
            continue;
        if (day - previous > kGap)
            gaps.push_back(fillArgs(
                translate("ChartText", "%1 to %2"),
                {formatIsoDate(previous + (previous == start ? 0 : 86400)), formatIsoDate(day - 86400)}));
        previous = day;
    }
    if (gaps.empty())
        return {};
    return fillArgs(translate("ChartText", " No %1 price is dated %2: the index has no day there, and the "
                                           "other side's lines alone are not the market."),
                    {cheap, joinStrings(gaps, translate("ChartText", ", nor "))});
}

// " Left out: a, b and 3 more."
std::string skippedNote(std::vector<std::string> skipped)
{
    if (skipped.empty())
        return {};
    std::sort(skipped.begin(), skipped.end());
    skipped.erase(std::unique(skipped.begin(), skipped.end()), skipped.end());
    std::string names;
    for (std::size_t i = 0; i < skipped.size() && i < 5; ++i)
        names += (i ? ", " : "") + skipped[i];
    return skipped.size() > 5 ? fillArgs(translate("ChartText", " Left out: %1 and %2 more."),
                                         {names, std::to_string(skipped.size() - 5)})
                              : fillArgs(translate("ChartText", " Left out: %1."), {names});
}

std::string pricesCaption(const ChartData &prices, bool spot, const std::string &sources,
                          const std::string &skipped)
{
    const bool aggregates = std::any_of(prices.series.begin(), prices.series.end(),
                                        [](const ChartSeries &l) { return l.group == "aggregate"; });
    return fillArgs(spot ? translate("ChartText",
                                     "Sources: %1. Spot prices per GPU-hour; a list price, or the median "
                                     "where a source publishes min/median/max. Class lines are daily "
                                     "medians across providers, bands their daily min-max.")
                         : translate("ChartText",
                                     "Sources: %1. On-demand prices per GPU-hour; a list price, or the "
                                     "median where a source publishes min/median/max. Class lines are "
                                     "daily medians across providers, bands their daily min-max."),
                    {sources}) +
           (aggregates
                ? translate("ChartText", " The GIX index, a median of neoclouds, is drawn but not counted.")
                : std::string()) +
           skipped;
}

} // namespace

PriceWarCharts buildPriceWarCharts(const std::vector<SeriesData> &series, const Taxonomy &taxonomy,
                                   const std::vector<Event> &events, const PriceWarOptions &options)
{
    PriceWarCharts out;
    const std::string gpuName = taxonomy.gpuName(options.gpu);
    const bool spot = options.selection.rental == "spot";
    std::vector<std::string> skipped;
    std::map<std::string, Merged> merged = mergeComparable(series, taxonomy, options, skipped);
    for (std::string &left : statisticLeftOut(series, options.selection))
        skipped.push_back(std::move(left));

    ChartData &prices = out.prices;
    prices.id = "price-war.prices";
    prices.title = fillArgs(spot ? translate("ChartText", "%1: spot rental price by provider")
                                 : translate("ChartText", "%1: on-demand rental price by provider"),
                            {gpuName});
    prices.xTitle = translate("ChartText", "Date (UTC)");
    prices.yTitle = translate("ChartText", "USD per GPU-hour");
    prices.unit = "USD/GPU-hour";
    ProviderLines lines = providerLines(merged, taxonomy);
    addClassSeries(prices, lines, taxonomy);
    const std::string sources = sourcesLine(prices.series);
    prices.caption = pricesCaption(prices, spot, sources, skippedNote(std::move(skipped)));
    out.index = indexChart(lines.forIndex, taxonomy, options, gpuName, sources);
    if (lines.first <= lines.last) {
        const std::string gaps = challengerGaps(lines.forIndex, options, lines.first, lines.last,
                                                joinSides(taxonomy, options.cheapSide));
        prices.caption += gaps;
        out.index.caption += gaps;
    }
    if (prices.series.empty()) {
        prices.emptyReason =
            fillArgs(spot ? translate("ChartText", "No spot prices for %1 in this cache and range.")
                          : translate("ChartText", "No on-demand prices for %1 in this cache and range."),
                     {gpuName});
        out.index.emptyReason = prices.emptyReason;
    }
    if (lines.first <= lines.last) {
        prices.annotations = annotationsBetween(events, lines.first, lines.last);
        out.index.annotations = prices.annotations;
    }
    return out;
}

} // namespace stackatlas
