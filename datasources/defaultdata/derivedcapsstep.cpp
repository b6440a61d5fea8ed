// SPDX-License-Identifier: GPL-3.0-or-later
#include "derivedcapsstep.h"

#include "datasources/cache/cache.h"
#include "models/domain/chartdata.h"
#include "models/domain/derivedcaps.h"
#include "models/domain/timeutil.h"

#include <QDateTime>

#include <algorithm>
#include <map>

namespace stackatlas {

namespace {

std::string text(const JsonValue &o, const char *k)
{
    const JsonValue *v = o.find(k);
    return v && v->isString() ? v->text : std::string();
}

Result<std::vector<SeriesData>> seriesOf(const Cache &cache, const std::string &entity, const char *metric)
{
    SeriesQuery q{entity, metric, {}, std::nullopt, std::nullopt};
    q.withEndpoints = false;
    return cache.query(q);
}

std::string label(const SeriesKey &key)
{
    std::string out = key.source;
    for (const auto &[k, v] : key.dims)
        out += " " + k + "=" + v;
    return out + " price";
}

// One price a UTC day: spot before perpetual futures, then the longest history; a token's own
// price only (no dims but its asset).
std::vector<PricePoint> dailyPrices(const std::vector<SeriesData> &series)
{
    std::vector<const SeriesData *> candidates;
    for (const SeriesData &s : series)
        if (s.key.source != kDerivedSource &&
            (s.key.dims.empty() || (s.key.dims.size() == 1 && s.key.dims.count("asset"))))
            candidates.push_back(&s);
    std::stable_sort(candidates.begin(), candidates.end(), [](const SeriesData *a, const SeriesData *b) {
        const bool perpA = a->key.source.find("perp") != std::string::npos;
        const bool perpB = b->key.source.find("perp") != std::string::npos;
        return perpA != perpB ? !perpA : a->points.size() > b->points.size();
    });
    std::map<UnixSeconds, PricePoint> byDay;
    for (const SeriesData *s : candidates)
        for (const StoredPoint &p : s->points) {
            const UnixSeconds day = utcDay(p.ts);
            if (!byDay.count(day))
                byDay[day] = {p.ts, p.value, label(s->key)};
        }
    std::vector<PricePoint> out;
    for (auto &[day, p] : byDay)
        out.push_back(std::move(p));
    return out;
}

} // namespace

Result<std::vector<std::string>> deriveMarketCapsStep(Cache &cache, const JsonValue &config)
{
    std::map<std::string, Emission> emissions;
    if (const JsonValue *list = config.find("emission"); list && list->isArray())
        for (const JsonValue &e : list->items) {
            const JsonValue *perDay = e.find("per_day");
            const auto until = parseTimestamp(text(e, "until")).value;
            if (!perDay || !perDay->isNumber() || !until || text(e, "entity").empty() ||
                text(e, "citation").empty())
                return Status::error(
                    StatusCode::InvalidInput,
                    "derive_market_caps: an emission needs entity, per_day, until and citation");
            Emission emission;
            emission.perDay = perDay->toDouble().value_or(0);
            emission.until = *until;
            emission.citation = text(e, "citation");
            emissions[text(e, "entity")] = std::move(emission);
        }
    auto taxonomy = cache.taxonomy();
    if (!taxonomy.isOk())
        return taxonomy.status();
    const UnixSeconds now = QDateTime::currentSecsSinceEpoch();
    std::vector<std::string> summary;
    for (const Entity *e : taxonomy.value().protocols()) {
        auto prices = seriesOf(cache, e->id, "price_usd");
        auto caps = seriesOf(cache, e->id, "market_cap_usd");
        auto supplies = seriesOf(cache, e->id, "circulating_supply");
        for (const auto *r : {&prices, &caps, &supplies})
            if (!r->isOk())
                return r->status();
        DerivationInput in;
        in.entityId = e->id;
        in.prices = dailyPrices(prices.value());
        for (const SeriesData &s : supplies.value())
            for (const StoredPoint &p : s.points)
                in.anchors.push_back({p.ts, p.value, s.key.source + " circulating supply"});
        for (const SeriesData &cap : caps.value()) {
            if (cap.key.source == kDerivedSource)
                continue;
            // A daily history of observed caps stands for itself; a one-off snapshot (a crawler's
            // capture, a monthly row) does not stop a daily derived line through its day, which
            // comparisons of two dates need from one source at both ends.
            for (std::size_t i = 0; i < cap.points.size(); ++i) {
                const UnixSeconds t = cap.points[i].ts;
                const bool daily = (i > 0 && t - cap.points[i - 1].ts <= kSupplyWindow) ||
                                   (i + 1 < cap.points.size() && cap.points[i + 1].ts - t <= kSupplyWindow);
                // Daily, or at the very moment of the price (a snapshot's own cap and price).
                if (daily || std::any_of(in.prices.begin(), in.prices.end(),
                                         [t](const PricePoint &p) { return p.ts == t; }))
                    in.observedCaps.push_back(t);
            }
            // A market cap over the price of the same source and moment is that source's supply.
            for (const SeriesData &price : prices.value()) {
                if (price.key.source != cap.key.source || price.key.dims != cap.key.dims)
                    continue;
                for (const StoredPoint &c : cap.points) {
                    const auto at =
                        std::lower_bound(price.points.begin(), price.points.end(), c.ts,
                                         [](const StoredPoint &p, UnixSeconds t) { return p.ts < t; });
                    if (at != price.points.end() && at->ts == c.ts && at->value > 0)
                        in.anchors.push_back(
                            {c.ts, c.value / at->value, cap.key.source + " market cap over price"});
                }
            }
        }
        if (const auto it = emissions.find(e->id); it != emissions.end())
            in.emission = it->second;
        const std::vector<Observation> derived = deriveMarketCaps(in, now);
        if (derived.empty())
            continue;
        auto written = cache.write(derived);
        if (!written.isOk())
            return Status::error(written.status().code(), e->id + ": " + written.status().message());
        summary.push_back(e->id + ": " + std::to_string(derived.size()));
    }
    return summary;
}

} // namespace stackatlas
