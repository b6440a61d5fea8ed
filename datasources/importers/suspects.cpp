// SPDX-License-Identifier: GPL-3.0-or-later
#include "suspects.h"

#include "datasources/cache/cache.h"
#include "models/domain/outliers.h"

#include <algorithm>
#include <map>

namespace stackatlas {

Result<std::vector<SuspectValue>> judgeBatch(const Cache &cache, const std::vector<Observation> &batch)
{
    const OutlierRule rule;
    // Each judged series' span in the batch, widened by the window, read once from the cache.
    std::map<SeriesKey, std::pair<UnixSeconds, UnixSeconds>> spans;
    for (const Observation &o : batch) {
        if (!isJudgedForOutliers(o.key.metric))
            continue;
        auto [it, fresh] = spans.try_emplace(o.key, o.ts, o.ts);
        it->second.first = std::min(it->second.first, o.ts);
        it->second.second = std::max(it->second.second, o.ts);
    }
    StoredNeighbours stored;
    for (const auto &[key, span] : spans) {
        SeriesQuery q{key.entityId, key.metric, key.dims, span.first - rule.window,
                      span.second + rule.window};
        q.withEndpoints = false;
        auto series = cache.query(q);
        if (!series.isOk())
            return series.status();
        for (const SeriesData &s : series.value())
            if (s.key == key)
                for (const StoredPoint &p : s.points)
                    stored[key].emplace_back(p.ts, p.value);
    }
    auto suspects = findSuspects(batch, stored, rule);
    // Not a value to hold or accept one by one: the whole batch is in the wrong currency.
    if (auto mismatch = currencyMismatch(batch, suspects))
        return Status::error(StatusCode::InvalidInput, *mismatch);
    return suspects;
}

Result<std::vector<JudgedSuspect>> judgeSeriesBatch(const Cache &cache, std::vector<SeriesToJudge> series)
{
    const OutlierRule rule;
    std::vector<SuspectValue> found;
    std::vector<Observation> observations; // one per suspect, for describing and the currency check
    std::vector<SuspectValue> byObservation;
    for (SeriesToJudge &s : series) {
        if (s.values.empty())
            continue;
        const auto [lo, hi] =
            std::minmax_element(s.values.begin(), s.values.end(),
                                [](const JudgedValue &a, const JudgedValue &b) { return a.ts < b.ts; });
        SeriesQuery q{s.key.entityId, s.key.metric, s.key.dims, lo->ts - rule.window, hi->ts + rule.window};
        q.withEndpoints = false;
        auto stored = cache.query(q);
        if (!stored.isOk())
            return stored.status();
        std::vector<std::pair<UnixSeconds, double>> points;
        for (const SeriesData &d : stored.value())
            if (d.key == s.key)
                for (const StoredPoint &p : d.points)
                    points.emplace_back(p.ts, p.value);
        const std::size_t before = found.size();
        const std::vector<JudgedValue> values = s.values;
        findSeriesSuspects(points, std::move(s.values), rule, found);
        for (std::size_t i = before; i < found.size(); ++i) {
            Observation &o = observations.emplace_back();
            o.key = s.key;
            o.unit = s.unit;
            const auto judged = std::find_if(values.begin(), values.end(),
                                             [&](const JudgedValue &v) { return v.index == found[i].index; });
            o.ts = judged->ts;
            o.value = judged->value;
            SuspectValue local = found[i];
            local.index = observations.size() - 1;
            byObservation.push_back(std::move(local));
        }
    }
    if (auto mismatch = currencyMismatch(observations, byObservation))
        return Status::error(StatusCode::InvalidInput, *mismatch);
    std::vector<JudgedSuspect> out;
    for (std::size_t i = 0; i < found.size(); ++i)
        out.push_back({std::move(found[i]), std::move(observations[i])});
    return out;
}

Result<SuspectOutcome> screenSuspects(const Cache &cache, std::vector<Observation> &batch, bool accept)
{
    auto judged = judgeBatch(cache, batch);
    if (!judged.isOk())
        return judged.status();
    const std::vector<SuspectValue> &suspects = judged.value();
    SuspectOutcome out;
    std::vector<bool> drop(batch.size(), false);
    for (const SuspectValue &s : suspects) {
        Observation &o = batch[s.index];
        (accept ? out.accepted : out.held).push_back(describeSuspect(o, s));
        if (accept)
            o.provenance.endpoint += " (accepted as suspect)";
        else
            drop[s.index] = true;
    }
    if (!accept && !suspects.empty()) {
        std::vector<Observation> kept;
        kept.reserve(batch.size() - suspects.size());
        for (std::size_t i = 0; i < batch.size(); ++i)
            if (!drop[i])
                kept.push_back(std::move(batch[i]));
        batch = std::move(kept);
    }
    return out;
}

} // namespace stackatlas
