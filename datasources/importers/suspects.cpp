// SPDX-License-Identifier: GPL-3.0-or-later
#include "suspects.h"

#include "datasources/cache/cache.h"
#include "models/domain/outliers.h"

#include <algorithm>
#include <map>

namespace stackatlas {

namespace {

// One value for the cross-source guard: its series and the caller's index.
struct GuardInput
{
    const SeriesKey *key;
    UnixSeconds ts;
    double value;
    std::size_t index;
};

// The guard's verdict on `inputs` (currencyguard.h): each entity and metric's other stored series
// read once over the span of its values, widened by the guard's window.
Result<CrossSourceVerdict> judgeAgainstOtherSources(const Cache &cache, const std::vector<GuardInput> &inputs,
                                                    GuardSubject subject)
{
    std::map<std::pair<std::string, std::string>, std::pair<UnixSeconds, UnixSeconds>> spans;
    for (const GuardInput &in : inputs) {
        auto [it, fresh] = spans.try_emplace({in.key->entityId, in.key->metric}, in.ts, in.ts);
        it->second.first = std::min(it->second.first, in.ts);
        it->second.second = std::max(it->second.second, in.ts);
    }
    // Each entity and metric's stored series, as plain (time, value) lists, made once.
    std::map<std::pair<std::string, std::string>, std::vector<OtherSeries>> stored;
    for (const auto &[what, span] : spans) {
        SeriesQuery q{what.first, what.second, {}, span.first - kFarWindow, span.second + kFarWindow};
        q.withEndpoints = false;
        auto series = cache.query(q);
        if (!series.isOk())
            return series.status();
        // Every stored series of the entity and metric, the value's own too: a snapshot source
        // has no neighbours for the same-series rule, but its last snapshot says what a USD
        // figure of that coin looked like.
        std::vector<OtherSeries> &into = stored[what];
        for (const SeriesData &s : series.value()) {
            if (s.points.empty())
                continue;
            OtherSeries &o = into.emplace_back();
            o.key = s.key;
            o.points.reserve(s.points.size());
            for (const StoredPoint &p : s.points)
                o.points.emplace_back(p.ts, p.value);
        }
    }
    std::vector<GuardedValue> values;
    values.reserve(inputs.size());
    for (const GuardInput &in : inputs) {
        GuardedValue v{in.index, in.key->entityId, in.key->metric, in.ts, in.value, {}};
        addReferences(v, stored[{in.key->entityId, in.key->metric}], in.key);
        values.push_back(std::move(v));
    }
    return judgeAcrossSources(values, subject);
}

// Adds the guard's off values to `suspects` (one not already there by the same-series rule), or
// refuses the batch when they show it in another currency and the user did not accept suspects.
Status mergeVerdict(const CrossSourceVerdict &verdict, bool accept, std::vector<SuspectValue> &suspects)
{
    if (verdict.refusal && !accept)
        return Status::error(StatusCode::InvalidInput, *verdict.refusal);
    for (const CrossSourceOff &off : verdict.off) {
        const bool known = std::any_of(suspects.begin(), suspects.end(),
                                       [&](const SuspectValue &s) { return s.index == off.index; });
        if (!known)
            suspects.push_back({off.index, off.reference, {}, off.description});
    }
    std::sort(suspects.begin(), suspects.end(),
              [](const SuspectValue &a, const SuspectValue &b) { return a.index < b.index; });
    return Status::ok();
}

} // namespace

Result<std::vector<SuspectValue>> judgeBatch(const Cache &cache, const std::vector<Observation> &batch,
                                             bool accept, GuardSubject subject)
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
    if (auto mismatch = currencyMismatch(batch, suspects, subject); mismatch && !accept)
        return Status::error(StatusCode::InvalidInput, *mismatch);
    std::vector<GuardInput> guarded;
    for (std::size_t i = 0; i < batch.size(); ++i)
        if (isGuardedAcrossSources(batch[i].key.metric))
            guarded.push_back({&batch[i].key, batch[i].ts, batch[i].value, i});
    if (guarded.empty())
        return suspects;
    auto verdict = judgeAgainstOtherSources(cache, guarded, subject);
    if (!verdict.isOk())
        return verdict.status();
    if (Status s = mergeVerdict(verdict.value(), accept, suspects); !s.isOk())
        return s;
    return suspects;
}

Result<std::vector<JudgedSuspect>> judgeSeriesBatch(const Cache &cache, std::vector<SeriesToJudge> series,
                                                    bool accept)
{
    // The cross-source guard first, while the series still hold their values (the same-series rule
    // below takes them). Its indices are the caller's row numbers, as the same-series rule's are.
    std::vector<GuardInput> guarded;
    for (const SeriesToJudge &s : series)
        if (isGuardedAcrossSources(s.key.metric))
            for (const JudgedValue &v : s.values)
                guarded.push_back({&s.key, v.ts, v.value, v.index});
    CrossSourceVerdict verdict;
    if (!guarded.empty()) {
        auto judged = judgeAgainstOtherSources(cache, guarded, GuardSubject::File);
        if (!judged.isOk())
            return judged.status();
        verdict = std::move(judged).value();
        if (verdict.refusal && !accept)
            return Status::error(StatusCode::InvalidInput, *verdict.refusal);
    }
    // Each off value's observation, for its row's key and unit.
    std::map<std::size_t, Observation> offObservations;
    for (const CrossSourceOff &off : verdict.off)
        for (const GuardInput &in : guarded)
            if (in.index == off.index) {
                Observation &o = offObservations[off.index];
                o.key = *in.key;
                o.ts = in.ts;
                o.value = in.value;
                for (const SeriesToJudge &s : series)
                    if (&s.key == in.key)
                        o.unit = s.unit;
            }

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
    if (auto mismatch = currencyMismatch(observations, byObservation, GuardSubject::File);
        mismatch && !accept)
        return Status::error(StatusCode::InvalidInput, *mismatch);
    std::vector<JudgedSuspect> out;
    for (std::size_t i = 0; i < found.size(); ++i)
        out.push_back({std::move(found[i]), std::move(observations[i])});
    for (const CrossSourceOff &off : verdict.off) {
        const bool known = std::any_of(out.begin(), out.end(),
                                       [&](const JudgedSuspect &j) { return j.suspect.index == off.index; });
        if (!known)
            out.push_back({{off.index, off.reference, {}, off.description}, offObservations[off.index]});
    }
    return out;
}

Result<SuspectOutcome> screenSuspects(const Cache &cache, std::vector<Observation> &batch, bool accept,
                                      GuardSubject subject)
{
    auto judged = judgeBatch(cache, batch, accept, subject);
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
