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

namespace {

// The median of `sorted` without one occurrence of `v` (which it holds).
double medianWithout(const std::vector<double> &sorted, double v)
{
    const std::size_t skip = std::size_t(std::lower_bound(sorted.begin(), sorted.end(), v) - sorted.begin());
    const std::size_t n = sorted.size() - 1;
    auto at = [&](std::size_t k) {
        return sorted[k < skip ? k : k + 1];
    };
    return n % 2 ? at(n / 2) : (at(n / 2 - 1) + at(n / 2)) / 2;
}

// Judges one series' batch values (sorted by time with the stored ones in `points`) against a
// window of neighbours kept sorted as it slides, so a dense series costs a few memmoves a value
// rather than a sort of its whole window.
void judgeSeries(const std::vector<std::pair<UnixSeconds, double>> &points,
                 const std::vector<JudgedValue> &batchValues, const OutlierRule &rule,
                 std::vector<SuspectValue> &out)
{
    std::vector<double> window; // values with ts in [lo, hi), sorted
    std::size_t lo = 0, hi = 0;
    for (const auto &[ts, value, index] : batchValues) {
        while (hi < points.size() && points[hi].first <= ts + rule.window) {
            const double v = points[hi++].second;
            window.insert(std::upper_bound(window.begin(), window.end(), v), v);
        }
        while (lo < hi && points[lo].first < ts - rule.window) {
            const double v = points[lo++].second;
            window.erase(std::lower_bound(window.begin(), window.end(), v));
        }
        // The window holds the value standing at ts (the batch's last there): the rest are neighbours.
        if (!(value > 0) || window.size() < rule.minNeighbours + 1)
            continue;
        const auto standing =
            std::lower_bound(points.begin() + std::ptrdiff_t(lo), points.begin() + std::ptrdiff_t(hi),
                             std::make_pair(ts, -HUGE_VAL));
        const double median = medianWithout(window, standing->second);
        if (!(median > 0 && (value > median * rule.factor || value * rule.factor < median)))
            continue;
        SuspectValue s{index, median, {}, {}};
        for (std::size_t i = lo; i < hi; ++i)
            if (points[i].first != ts)
                s.neighbours.push_back(points[i]);
        out.push_back(std::move(s));
    }
}

} // namespace

void findSeriesSuspects(const std::vector<std::pair<UnixSeconds, double>> &stored,
                        std::vector<JudgedValue> values, const OutlierRule &rule,
                        std::vector<SuspectValue> &out)
{
    // The series' values by time: the stored ones, then the batch's (a batch value replaces a
    // stored one of the same moment). A stable sort keeps the last written of a moment last.
    std::vector<std::pair<UnixSeconds, double>> points = stored;
    points.reserve(stored.size() + values.size());
    for (const JudgedValue &v : values)
        points.emplace_back(v.ts, v.value);
    std::stable_sort(points.begin(), points.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    std::size_t kept = 0;
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (kept > 0 && points[kept - 1].first == points[i].first)
            --kept;
        points[kept++] = points[i];
    }
    points.resize(kept);
    std::sort(values.begin(), values.end(), [](const JudgedValue &a, const JudgedValue &b) {
        return std::tie(a.ts, a.index) < std::tie(b.ts, b.index);
    });
    judgeSeries(points, values, rule, out);
}

std::vector<SuspectValue> findSuspects(const std::vector<Observation> &batch, const StoredNeighbours &stored,
                                       const OutlierRule &rule)
{
    // The batch's judged values by series (index order: a later value of one moment stands).
    std::map<SeriesKey, std::vector<JudgedValue>> batchBySeries;
    for (std::size_t i = 0; i < batch.size(); ++i)
        if (isJudgedForOutliers(batch[i].key.metric))
            batchBySeries[batch[i].key].push_back({batch[i].ts, batch[i].value, i});
    std::vector<SuspectValue> out;
    const std::vector<std::pair<UnixSeconds, double>> none;
    for (auto &[key, values] : batchBySeries) {
        const auto it = stored.find(key);
        findSeriesSuspects(it == stored.end() ? none : it->second, std::move(values), rule, out);
    }
    std::sort(out.begin(), out.end(),
              [](const SuspectValue &a, const SuspectValue &b) { return a.index < b.index; });
    return out;
}

std::string describeSuspect(const Observation &o, const SuspectValue &s)
{
    if (!s.description.empty())
        return s.description;
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
                                            const std::vector<SuspectValue> &suspects, GuardSubject subject)
{
    // One factor per coin (its median): a whole payload in another currency moves every coin by
    // about the same factor, where genuine glitches are one-off and of any size.
    std::map<std::string, std::vector<double>> logRatios;
    for (const SuspectValue &s : suspects) {
        const Observation &o = batch[s.index];
        if (o.key.metric == "price_usd" && o.value > 0 && s.median > 0 && s.description.empty())
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
           " their stored series: " +
           (subject == GuardSubject::File
                ? std::string("the file looks quoted in another currency than USD, so nothing was imported "
                              "(check the file's currency, or the column and unit its mapping reads)")
                : std::string("the payload looks quoted in another currency than USD, so nothing was "
                              "stored (fetch it again with vs_currency=usd)"));
}

} // namespace stackatlas
