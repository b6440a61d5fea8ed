// SPDX-License-Identifier: GPL-3.0-or-later
#include "outliers.h"

#include "chartdata.h"
#include "serialize.h"
#include "timeutil.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace stackatlas {

bool isJudgedForOutliers(const std::string &metric)
{
    return metric == "price_usd" || metric == "market_cap_usd" || metric == "fdv_usd" ||
           metric == "gpu_hourly_usd";
}

std::vector<SuspectValue> findSuspects(const std::vector<Observation> &batch, const StoredNeighbours &stored,
                                       const OutlierRule &rule)
{
    // Each series' values by time: the stored ones, then the batch's (a batch value replaces a
    // stored one of the same moment).
    std::map<SeriesKey, std::map<UnixSeconds, double>> bySeries;
    for (const auto &[key, points] : stored)
        for (const auto &[ts, v] : points)
            bySeries[key][ts] = v;
    for (const Observation &o : batch)
        if (isJudgedForOutliers(o.key.metric))
            bySeries[o.key][o.ts] = o.value;
    std::vector<SuspectValue> out;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const Observation &o = batch[i];
        if (!isJudgedForOutliers(o.key.metric) || !(o.value > 0))
            continue;
        const auto &series = bySeries[o.key];
        SuspectValue s{i, 0, {}};
        for (auto it = series.lower_bound(o.ts - rule.window);
             it != series.end() && it->first <= o.ts + rule.window; ++it)
            if (it->first != o.ts)
                s.neighbours.emplace_back(it->first, it->second);
        if (s.neighbours.size() < rule.minNeighbours)
            continue;
        std::vector<double> values;
        for (const auto &[ts, v] : s.neighbours)
            values.push_back(v);
        std::sort(values.begin(), values.end());
        const std::size_t n = values.size();
        s.median = n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
        if (s.median > 0 && (o.value > s.median * rule.factor || o.value * rule.factor < s.median))
            out.push_back(std::move(s));
    }
    return out;
}

std::string describeSuspect(const Observation &o, const SuspectValue &s)
{
    const bool above = o.value > s.median;
    const double ratio = above ? o.value / s.median : s.median / o.value;
    std::string around;
    for (std::size_t i = 0; i < s.neighbours.size() && i < 4; ++i)
        around += (i ? ", " : "") + formatNumber(s.neighbours[i].second) + " on " +
                  formatIsoDate(s.neighbours[i].first);
    if (s.neighbours.size() > 4)
        around += ", ...";
    return o.key.entityId + "/" + o.key.metric + " (" + o.key.source + ") " + formatIsoDate(o.ts) + ": " +
           formatNumber(o.value) + " is " + formatFixed(ratio, 0) + "x " + (above ? "above" : "below") +
           " the median " + formatNumber(s.median) + " of " + std::to_string(s.neighbours.size()) +
           " values within 7 days (" + around + ")";
}

std::optional<std::string> currencyMismatch(const std::vector<Observation> &batch,
                                            const std::vector<SuspectValue> &suspects)
{
    // One factor per coin (its median): a whole payload in another currency moves every coin by
    // about the same factor, where genuine glitches are one-off and of any size.
    std::map<std::string, std::vector<double>> logRatios;
    for (const SuspectValue &s : suspects) {
        const Observation &o = batch[s.index];
        if (o.key.metric == "price_usd" && o.value > 0 && s.median > 0)
            logRatios[o.key.entityId].push_back(std::log(o.value / s.median));
    }
    if (logRatios.size() < 2)
        return std::nullopt;
    std::vector<double> perCoin;
    std::vector<std::string> names;
    for (auto &[entity, ratios] : logRatios) {
        std::sort(ratios.begin(), ratios.end());
        perCoin.push_back(ratios[ratios.size() / 2]);
        names.push_back(entity);
    }
    const auto [lo, hi] = std::minmax_element(perCoin.begin(), perCoin.end());
    if ((*lo < 0) != (*hi < 0) || *hi - *lo > std::log(3.0))
        return std::nullopt;
    const double mid = (*lo + *hi) / 2;
    std::string coins;
    for (std::size_t i = 0; i < names.size() && i < 5; ++i)
        coins += (i ? ", " : "") + names[i];
    if (names.size() > 5)
        coins += " and " + std::to_string(names.size() - 5) + " more";
    return "the prices of " + std::to_string(names.size()) + " coins (" + coins + ") are all about " +
           formatFixed(std::exp(std::abs(mid)), 0) + "x " + (mid < 0 ? "below" : "above") +
           " their stored series: the payload looks quoted in another currency than USD, so nothing was "
           "stored (fetch it again with vs_currency=usd)";
}

} // namespace stackatlas
