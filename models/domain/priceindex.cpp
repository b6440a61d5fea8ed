// SPDX-License-Identifier: GPL-3.0-or-later
#include "priceindex.h"

#include "chartdata.h"
#include "timeutil.h"

#include <set>

#include <algorithm>
#include <iterator>

namespace stackatlas {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

namespace {

// Per day, one list of prices per provider of `classes` (a provider with several series that day
// has several).
using DailyPrices = std::map<UnixSeconds, std::map<std::string, std::vector<double>>>;

// The provider's prices by day: its daily ones, then each monthly vote on the days of its month
// that have none.
std::map<UnixSeconds, std::vector<double>> pricesByDay(const ProviderPrices &prices)
{
    std::map<UnixSeconds, std::vector<double>> out;
    for (const auto &[ts, value] : prices.points)
        if (value > 0)
            out[utcDay(ts)].push_back(value);
    std::map<UnixSeconds, std::vector<double>> votes;
    for (const auto &[ts, value] : prices.monthly) {
        if (!(value > 0))
            continue;
        const std::string month = formatIsoDate(ts).substr(0, 7);
        for (UnixSeconds day = utcDay(ts); formatIsoDate(day).substr(0, 7) == month; day += 86400)
            if (!out.count(day))
                votes[day].push_back(value);
    }
    out.merge(votes);
    return out;
}

DailyPrices dailyPrices(const std::map<std::string, ProviderPrices> &providers,
                        const std::set<std::string> &classes)
{
    DailyPrices out;
    for (const auto &[provider, prices] : providers) {
        if (!classes.count(prices.providerClass))
            continue;
        for (auto &[day, values] : pricesByDay(prices))
            out[day][provider] = std::move(values);
    }
    return out;
}

// Each provider's daily median, in provider order.
std::vector<double> providerMedians(const std::map<std::string, std::vector<double>> &byProvider)
{
    std::vector<double> out;
    for (const auto &[p, values] : byProvider)
        out.push_back(median(values));
    return out;
}

} // namespace

std::vector<PriceAdvantagePoint> priceAdvantageIndex(const std::map<std::string, ProviderPrices> &providers,
                                                     const std::set<std::string> &numeratorClasses,
                                                     const std::set<std::string> &denominatorClasses)
{
    // A class on both sides counts on the numerator's only.
    std::set<std::string> denominatorOnly;
    std::set_difference(denominatorClasses.begin(), denominatorClasses.end(), numeratorClasses.begin(),
                        numeratorClasses.end(), std::inserter(denominatorOnly, denominatorOnly.end()));
    const DailyPrices num = dailyPrices(providers, numeratorClasses);
    const DailyPrices den = dailyPrices(providers, denominatorOnly);
    std::vector<PriceAdvantagePoint> out;
    for (const auto &[day, byProvider] : num) {
        const auto other = den.find(day);
        if (other == den.end())
            continue;
        const std::vector<double> a = providerMedians(byProvider), b = providerMedians(other->second);
        const double ma = median(a), mb = median(b);
        if (mb <= 0)
            continue;
        PriceAdvantagePoint point{day, ma / mb, ma, mb, a.size(), b.size(), {}, {}};
        std::size_t i = 0;
        for (const auto &[provider, values] : byProvider)
            point.numeratorPrices.emplace_back(provider, a[i++]);
        i = 0;
        for (const auto &[provider, values] : other->second)
            point.denominatorPrices.emplace_back(provider, b[i++]);
        out.push_back(std::move(point));
    }
    return out;
}

std::vector<ClassMedianPoint> classDailyMedians(const std::map<std::string, ProviderPrices> &providers,
                                                const std::set<std::string> &classes)
{
    std::vector<ClassMedianPoint> out;
    for (const auto &[day, byProvider] : dailyPrices(providers, classes)) {
        ClassMedianPoint point{day, median(providerMedians(byProvider)), {}};
        for (const auto &[provider, values] : byProvider)
            point.providers.push_back(provider);
        out.push_back(std::move(point));
    }
    return out;
}

bool isMonthlySeries(const SeriesData &series)
{
    if (series.points.size() < 2)
        return false;
    for (std::size_t i = 0; i < series.points.size(); ++i) {
        const UnixSeconds ts = series.points[i].ts;
        if (ts % 86400 != 0 || formatIsoDate(ts).substr(8, 2) != "01")
            return false;
        if (i > 0 && ts - series.points[i - 1].ts < 28 * 86400)
            return false;
    }
    return true;
}

std::map<UnixSeconds, double> providerDailyMedians(const ProviderPrices &prices)
{
    std::map<UnixSeconds, double> out;
    for (const auto &[day, values] : pricesByDay(prices))
        out[day] = median(values);
    return out;
}

bool isComparablePriceSeries(const SeriesKey &key, const PriceSelection &selection)
{
    const auto dim = [&](const char *name) -> const std::string * {
        const auto it = key.dims.find(name);
        return it == key.dims.end() ? nullptr : &it->second;
    };
    const std::string *rental = dim("rental");
    const std::string *stat = dim("stat");
    const std::string *basis = dim("basis");
    return (!rental || *rental == selection.rental) && (!stat || *stat == "median" || *stat == "list") &&
           (!basis || *basis != "raw");
}

std::vector<const SeriesData *> comparedPriceSeries(const std::vector<SeriesData> &series,
                                                    const PriceSelection &selection)
{
    std::vector<const SeriesData *> out;
    std::set<std::string> withMedian; // entity/source with a median or list price
    for (const SeriesData &s : series)
        if (isComparablePriceSeries(s.key, selection)) {
            out.push_back(&s);
            withMedian.insert(s.key.entityId + "/" + s.key.source);
        }
    if (!selection.meanWhereNoMedian)
        return out;
    for (const SeriesData &s : series) {
        SeriesKey asMedian = s.key;
        const auto stat = asMedian.dims.find("stat");
        if (stat == asMedian.dims.end() || stat->second != "mean" ||
            withMedian.count(s.key.entityId + "/" + s.key.source))
            continue;
        stat->second = "median"; // judged by the same rental and basis rules
        if (isComparablePriceSeries(asMedian, selection))
            out.push_back(&s);
    }
    return out;
}

std::vector<std::string> statisticLeftOut(const std::vector<SeriesData> &series,
                                          const PriceSelection &selection)
{
    std::set<std::string> compared;
    for (const SeriesData *s : comparedPriceSeries(series, selection))
        compared.insert(s->key.entityId);
    std::map<std::string, std::set<std::string>> otherStats; // entity/source -> stats not compared
    for (const SeriesData &s : series) {
        const auto rental = s.key.dims.find("rental");
        if (rental != s.key.dims.end() && rental->second != selection.rental)
            continue; // the other rental kind is a choice, not a loss
        if (compared.count(s.key.entityId))
            continue;
        if (const auto stat = s.key.dims.find("stat"); stat != s.key.dims.end())
            otherStats[s.key.entityId + "/" + s.key.source].insert(stat->second);
    }
    std::vector<std::string> out;
    for (const auto &[label, stats] : otherStats) {
        std::string list;
        for (const std::string &st : stats)
            list += (list.empty() ? "" : " and ") + st;
        const bool hasMean = stats.count("mean") > 0;
        out.push_back(label + ": publishes only " + list + " (the median or list price is compared" +
                      (hasMean ? "; the mean only when asked for" : "") + ")");
    }
    return out;
}

bool isAggregatePriceEntity(const std::string &entityId)
{
    return entityId == "gix";
}

ProviderPriceSet providerPrices(const std::vector<SeriesData> &series, const Taxonomy &taxonomy,
                                const PriceSelection &selection)
{
    ProviderPriceSet out;
    for (const SeriesData *compared : comparedPriceSeries(series, selection)) {
        const SeriesData &s = *compared;
        if (isAggregatePriceEntity(s.key.entityId))
            continue; // not a skip: a summary of others
        const Entity *entity = taxonomy.entity(s.key.entityId);
        const std::string label = s.key.entityId + "/" + s.key.source;
        if (!entity || entity->providerClass.empty()) {
            out.skipped.push_back(label + ": no provider class in the taxonomy");
            continue;
        }
        if (s.unit != "USD/GPU-hour") {
            out.skipped.push_back(label + ": unit " + s.unit + ", not USD/GPU-hour");
            continue;
        }
        ProviderPrices &p = out.providers[s.key.entityId];
        p.providerClass = entity->providerClass;
        auto &into = isMonthlySeries(s) ? p.monthly : p.points;
        for (const StoredPoint &pt : s.points)
            into.emplace_back(pt.ts, pt.value);
    }
    for (auto &[id, p] : out.providers) {
        std::sort(p.points.begin(), p.points.end());
        std::sort(p.monthly.begin(), p.monthly.end());
    }
    for (std::string &left : statisticLeftOut(series, selection))
        out.skipped.push_back(std::move(left));
    return out;
}

} // namespace stackatlas
