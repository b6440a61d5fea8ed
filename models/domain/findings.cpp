// SPDX-License-Identifier: GPL-3.0-or-later
#include "findings.h"

#include "chartdata.h"
#include "dependencygraph.h"
#include "priceindex.h"
#include "serialize.h"
#include "textutil.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace stackatlas {
namespace {

constexpr UnixSeconds kDay = 86400;
constexpr UnixSeconds kGpuWindow = 7 * kDay; // the GPU prices' staleness window (asof.h)
const std::set<std::string> kCheapSide{"decentralized", "marketplace"};
const std::set<std::string> kIncumbentSide{"hyperscaler", "neocloud"};

std::string usd(double v)
{
    const double a = std::abs(v);
    if (a >= 1e9)
        return "$" + formatFixed(v / 1e9, 2) + "B";
    if (a >= 1e6)
        return "$" + formatFixed(v / 1e6, 1) + "M";
    return "$" + formatFixed(v, 2);
}

// The sources of the series the comparison reads (not the other statistics, rental kinds or the
// aggregate index drawn beside them).
std::string sourcesOf(const std::vector<SeriesData> &series)
{
    std::set<std::string> names;
    for (const SeriesData *s : comparedPriceSeries(series, {}))
        if (!s->points.empty() && !isAggregatePriceEntity(s->key.entityId))
            names.insert(s->key.source);
    return names.empty() ? std::string("-") : joinStrings(names, ", ");
}

std::string joined(const std::set<std::string> &items)
{
    return joinStrings(items, ", ");
}

std::string pct(double v)
{
    return std::string(v > 0 ? "+" : "") + formatFixed(v, 1) + "%";
}

} // namespace

std::vector<IndexAt> indexAtOffsets(const std::vector<SeriesData> &series, const Taxonomy &taxonomy,
                                    UnixSeconds asOf, const std::set<std::string> &cheapSide,
                                    const std::set<std::string> &incumbentSide, int minPerSide)
{
    const ProviderPriceSet set = providerPrices(series, taxonomy);
    const auto index = priceAdvantageIndex(set.providers, cheapSide, incumbentSide);
    std::vector<IndexAt> out;
    for (int daysBack : {0, 30, 90}) {
        IndexAt at;
        at.target = asOf - daysBack * kDay;
        // The newest day within the window; a day with enough providers a side is preferred.
        for (auto it = index.rbegin(); it != index.rend(); ++it) {
            if (it->day > at.target)
                continue;
            if (at.target - it->day > kGpuWindow)
                break;
            const bool enough =
                int(it->numeratorProviders) >= minPerSide && int(it->denominatorProviders) >= minPerSide;
            if (at.day && (!at.belowMinimum || !enough))
                continue;
            at.day = it->day;
            at.index = it->index;
            at.numerator = it->numeratorProviders;
            at.denominator = it->denominatorProviders;
            at.numeratorPrices = it->numeratorPrices;
            at.denominatorPrices = it->denominatorPrices;
            at.belowMinimum = !enough;
            if (enough)
                break;
        }
        out.push_back(at);
    }
    return out;
}

namespace {

std::string providerNames(const Taxonomy &taxonomy, const std::vector<std::pair<std::string, double>> &side)
{
    std::vector<std::string> names;
    for (const auto &[id, price] : side) {
        const Entity *e = taxonomy.entity(id);
        names.push_back(e ? e->name : id);
    }
    return names.empty() ? std::string("none") : joinStrings(names, ", ");
}

// The median of the prices of `side` whose provider is also in `other`, or nothing.
std::optional<double> medianOfShared(const std::vector<std::pair<std::string, double>> &side,
                                     const std::vector<std::pair<std::string, double>> &other)
{
    std::vector<double> v;
    for (const auto &entry : side)
        if (std::any_of(other.begin(), other.end(), [&](const auto &o) { return o.first == entry.first; }))
            v.push_back(entry.second);
    return v.empty() ? std::nullopt : std::optional<double>(median(v));
}

// An earlier figure set beside today's compares two markets only if the same providers were
// counted: where they differ, both sets are named, and the index over the providers counted on both
// days is given where each side has one.
std::string sameProvidersNote(const Taxonomy &taxonomy, const IndexAt &then, const IndexAt &now)
{
    const auto ids = [](const std::vector<std::pair<std::string, double>> &side) {
        std::set<std::string> out;
        for (const auto &[id, price] : side)
            out.insert(id);
        return out;
    };
    // Per side, who was counted only then and only now (all of each, where none is in common).
    const auto side = [&](const char *label, const std::vector<std::pair<std::string, double>> &a,
                          const std::vector<std::pair<std::string, double>> &b) -> std::string {
        const std::set<std::string> x = ids(a), y = ids(b);
        if (x == y)
            return {};
        std::vector<std::pair<std::string, double>> onlyThen, onlyNow;
        for (const auto &p : a)
            if (!y.count(p.first))
                onlyThen.push_back(p);
        for (const auto &p : b)
            if (!x.count(p.first))
                onlyNow.push_back(p);
        const bool shared = onlyThen.size() < a.size();
        std::vector<std::string> parts;
        if (!onlyThen.empty())
            parts.push_back((shared ? "then also " : "then ") + providerNames(taxonomy, onlyThen));
        if (!onlyNow.empty())
            parts.push_back((shared ? "now also " : "now ") + providerNames(taxonomy, onlyNow));
        return std::string(label) + " " + joinStrings(parts, ", ");
    };
    const std::string cheap = side("the cheap side", then.numeratorPrices, now.numeratorPrices);
    const std::string dear = side("the incumbents", then.denominatorPrices, now.denominatorPrices);
    if (cheap.empty() && dear.empty())
        return {};
    std::string note = ", other providers: " + cheap + (!cheap.empty() && !dear.empty() ? "; " : "") + dear;
    const auto numThen = medianOfShared(then.numeratorPrices, now.numeratorPrices);
    const auto numNow = medianOfShared(now.numeratorPrices, then.numeratorPrices);
    const auto denThen = medianOfShared(then.denominatorPrices, now.denominatorPrices);
    const auto denNow = medianOfShared(now.denominatorPrices, then.denominatorPrices);
    if (numThen && numNow && denThen && denNow && *denThen > 0 && *denNow > 0)
        note += "; over the providers counted on both days it went from " +
                formatFixed(*numThen / *denThen, 2) + " to " + formatFixed(*numNow / *denNow, 2);
    else
        note += "; no provider of one side was counted on both days, so the two figures are of different "
                "markets";
    return note;
}

} // namespace

std::vector<Finding> indexFindings(const std::string &gpuName, const std::vector<SeriesData> &series,
                                   const Taxonomy &taxonomy, UnixSeconds asOf)
{
    const auto at = indexAtOffsets(series, taxonomy, asOf, kCheapSide, kIncumbentSide);
    std::vector<std::string> parts, dates;
    for (std::size_t i = 0; i < at.size(); ++i) {
        const char *when = i == 0 ? "now" : i == 1 ? "30 days before" : "90 days before";
        if (at[i].day) {
            parts.push_back(
                std::string(when) + " " + formatFixed(at[i].index, 2) +
                " (n = " + std::to_string(at[i].numerator) + " / " + std::to_string(at[i].denominator) +
                (at[i].belowMinimum ? ", below the 2 providers a side the index needs" : "") +
                (i > 0 && at[0].day ? sameProvidersNote(taxonomy, at[i], at[0]) : std::string()) + ")");
            dates.push_back(formatIsoDate(*at[i].day));
        } else {
            parts.push_back(std::string(when) + " unknown (no price on both sides within 7 days of " +
                            formatIsoDate(at[i].target) + ")");
            dates.push_back("-");
        }
    }
    std::string text;
    for (const auto &p : parts)
        text += (text.empty() ? "" : "; ") + p;
    std::string date;
    for (const auto &d : dates)
        date += (date.empty() ? "" : " / ") + d;
    return {{"Price advantage index, " + gpuName,
             text + ". Below 1 the decentralized networks and marketplaces are cheaper than neoclouds and "
                    "hyperscalers (medians, n = providers a side)",
             date, sourcesOf(series)}};
}

std::vector<Finding> classFindings(const std::string &gpuName, const std::vector<SeriesData> &series,
                                   const Taxonomy &taxonomy, UnixSeconds asOf)
{
    const ProviderPriceSet set = providerPrices(series, taxonomy);
    std::map<std::string, std::vector<double>> byClass;
    UnixSeconds oldest = asOf, newest = 0;
    for (const auto &[id, p] : set.providers) {
        if (isAggregatePriceEntity(id))
            continue;
        // The provider's median of its newest day, as the price war and the index take it: a
        // provider with several series (regions, GPU counts) is one price, not its last series';
        // a monthly rate card counts on the days of its month (priceindex.h).
        const std::map<UnixSeconds, double> days = providerDailyMedians(p);
        auto last = days.upper_bound(asOf);
        if (last == days.begin())
            continue;
        --last;
        if (asOf - last->first > kGpuWindow)
            continue;
        byClass[p.providerClass].push_back(last->second);
        oldest = std::min(oldest, last->first);
        newest = std::max(newest, last->first);
    }
    if (byClass.empty())
        return {{"Cheapest and dearest class, " + gpuName,
                 "unknown: no provider priced it within 7 days of " + formatIsoDate(asOf), "-",
                 sourcesOf(series)}};
    std::vector<std::pair<double, std::string>> medians;
    for (const auto &[cls, prices] : byClass)
        medians.emplace_back(median(prices), cls);
    std::sort(medians.begin(), medians.end());
    auto describe = [&](const std::pair<double, std::string> &m) {
        const ProviderClass *pc = taxonomy.providerClass(m.second);
        return (pc ? pc->name : m.second) + " " + usd(m.first) + " per GPU-hour (median of " +
               std::to_string(byClass[m.second].size()) +
               (byClass[m.second].size() == 1 ? " provider)" : " providers)");
    };
    const std::string date = formatIsoDate(oldest) == formatIsoDate(newest)
                                 ? formatIsoDate(newest)
                                 : formatIsoDate(oldest) + " to " + formatIsoDate(newest);
    return {{"Cheapest and dearest class, " + gpuName,
             "cheapest: " + describe(medians.front()) + "; dearest: " + describe(medians.back()) +
                 " (each provider's newest on-demand price within 7 days)",
             date, sourcesOf(series)}};
}

std::vector<Finding> overhangFindings(const Taxonomy &taxonomy, const std::vector<LatestValue> &latest,
                                      UnixSeconds asOf)
{
    struct Overhang
    {
        double ratio;
        const Entity *entity;
        const LatestValue *fdv, *mc;
    };
    // Only figures of one source and one moment make a ratio (as in the Protocols table). Values
    // within their window first; without any, the newest older ones, said to be stale.
    const auto collect = [&](bool stale) {
        std::map<std::string, const LatestValue *> mc, fdv;
        for (const LatestValue &v : latest) {
            if (v.stale != stale)
                continue;
            if (v.metric == "market_cap_usd")
                mc[v.entityId] = &v;
            else if (v.metric == "fdv_usd")
                fdv[v.entityId] = &v;
        }
        std::vector<Overhang> found;
        for (const Entity *e : taxonomy.protocols()) {
            const auto m = mc.find(e->id), f = fdv.find(e->id);
            if (m == mc.end() || f == fdv.end() || m->second->value <= 0 || m->second->ts != f->second->ts ||
                m->second->provenance.source != f->second->provenance.source)
                continue;
            found.push_back({f->second->value / m->second->value, e, f->second, m->second});
        }
        return found;
    };
    std::vector<Overhang> found = collect(false);
    const bool stale = found.empty();
    // Stale values are in `latest` only when the user asked for them (--show-stale): without,
    // a report as of one date cites no figure of another.
    const bool staleAsked =
        std::any_of(latest.begin(), latest.end(), [](const LatestValue &v) { return v.stale; });
    if (stale)
        found = collect(true);
    if (found.empty())
        return {
            {"Largest FDV / market cap overhangs",
             staleAsked
                 ? std::string("unknown: no protocol has an FDV and a market cap of one source and moment")
                 : "unknown: no protocol has an FDV and a market cap of one source and moment within "
                   "its window at " +
                       formatIsoDate(asOf) + " (older figures are listed with --show-stale)",
             "-", "-"}};
    std::sort(found.begin(), found.end(),
              [](const Overhang &a, const Overhang &b) { return a.ratio > b.ratio; });
    std::string text;
    std::set<std::string> sources, dates;
    for (std::size_t i = 0; i < found.size() && i < 3; ++i) {
        // Each item with its own date: the top three need not be of one day.
        text += (i ? "; " : "") + found[i].entity->name + " " + formatFixed(found[i].ratio, 2) + "x (FDV " +
                usd(found[i].fdv->value) + ", market cap " + usd(found[i].mc->value) + ", " +
                (stale ? "stale: " : "") + formatIsoDate(found[i].mc->ts) + ")";
        sources.insert(found[i].mc->provenance.source);
        dates.insert(formatIsoDate(found[i].mc->ts));
    }
    if (stale)
        text += "; stale (shown as asked): no FDV within its 3-day window at " + formatIsoDate(asOf) +
                ", these are the newest, each of the date given";
    return {{"Largest FDV / market cap overhangs", text, joined(dates), joined(sources)}};
}

std::vector<Finding> exposureFindings(const Taxonomy &taxonomy, const std::vector<LatestValue> &latest)
{
    std::map<std::string, double> caps, fdvs;
    std::set<std::string> sources, dates;
    for (const LatestValue &v : latest) {
        if (v.stale)
            continue;
        if (v.metric == "market_cap_usd")
            caps[v.entityId] = v.value;
        else if (v.metric == "fdv_usd")
            fdvs[v.entityId] = v.value;
    }
    const DependencyGraph graph = DependencyGraph::build(taxonomy, DependencyGraph::Level::Category, true);
    const DependencyGraph::Node *worst = nullptr;
    Exposure worstExposure;
    for (const auto &node : graph.nodes()) {
        const Exposure e = exposureOf(graph, taxonomy, node.id, caps, fdvs);
        if (!worst || e.marketCap > worstExposure.marketCap) {
            worst = &node;
            worstExposure = e;
        }
    }
    if (!worst || worstExposure.marketCap <= 0)
        return {{"Largest exposure", "unknown: no market cap is known downstream of any node", "-", "-"}};
    for (const std::string &id : worstExposure.entities)
        for (const LatestValue &v : latest)
            if (v.entityId == id && v.metric == "market_cap_usd" && !v.stale) {
                sources.insert(v.provenance.source);
                dates.insert(formatIsoDate(v.ts));
            }
    const std::size_t known = worstExposure.entities.size() - worstExposure.unknownMarketCap.size();
    std::string date = dates.empty() ? "-" : *dates.begin();
    if (dates.size() > 1)
        date += " to " + *dates.rbegin();
    return {{"Largest exposure",
             "if " + worst->name + " failed, " + usd(worstExposure.marketCap) +
                 " of market cap sits downstream (" + std::to_string(known) + " of " +
                 std::to_string(worstExposure.entities.size()) +
                 " protocols with a known market cap; the others are not counted)",
             date, joined(sources)}};
}

std::vector<Finding> movementFindings(const std::vector<ComparedFigure> &layers,
                                      const std::vector<ComparedFigure> &protocols, UnixSeconds a,
                                      UnixSeconds b)
{
    const std::string span = formatIsoDate(a) + " to " + formatIsoDate(b);
    std::vector<Finding> out;
    std::vector<const ComparedFigure *> moved;
    for (const ComparedFigure &l : layers)
        if (l.change())
            moved.push_back(&l);
    std::sort(moved.begin(), moved.end(), [](const ComparedFigure *x, const ComparedFigure *y) {
        return std::abs(*x->change()) > std::abs(*y->change());
    });
    std::string text;
    std::set<std::string> sources;
    for (const ComparedFigure *l : moved) {
        text += (text.empty() ? "" : "; ") + l->name + " " + pct(*l->change()) + " (" +
                std::to_string(l->members) + " of " + std::to_string(l->members + int(l->leftOut.size())) +
                " protocols)";
        sources.insert(l->sourcesA);
        sources.insert(l->sourcesB);
    }
    out.push_back({"Layers, market cap " + span,
                   text.empty() ? "unknown: no layer has a protocol with a market cap at both dates" : text,
                   span, sources.empty() ? "-" : joined(sources)});
    std::vector<const ComparedFigure *> protos;
    for (const ComparedFigure &p : protocols)
        if (p.change())
            protos.push_back(&p);
    std::sort(protos.begin(), protos.end(),
              [](const ComparedFigure *x, const ComparedFigure *y) { return *x->change() < *y->change(); });
    std::string down, up;
    sources.clear();
    for (std::size_t i = 0; i < protos.size() && i < 3; ++i)
        if (*protos[i]->change() < 0) {
            down += (down.empty() ? "" : ", ") + protos[i]->name + " " + pct(*protos[i]->change());
            sources.insert(protos[i]->sourcesA);
        }
    for (std::size_t i = 0; i < protos.size() && i < 3; ++i) {
        const ComparedFigure *p = protos[protos.size() - 1 - i];
        if (*p->change() > 0) {
            up += (up.empty() ? "" : ", ") + p->name + " " + pct(*p->change());
            sources.insert(p->sourcesA);
        }
    }
    out.push_back({"Protocols that moved most, " + span,
                   protos.empty() ? "unknown: no protocol has a market cap at both dates"
                                  : "down: " + (down.empty() ? std::string("none") : down) +
                                        "; up: " + (up.empty() ? std::string("none") : up) + " (of " +
                                        std::to_string(protos.size()) + " protocols known at both dates)",
                   span, sources.empty() ? "-" : joined(sources)});
    return out;
}

} // namespace stackatlas
