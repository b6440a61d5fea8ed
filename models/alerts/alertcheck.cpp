// SPDX-License-Identifier: GPL-3.0-or-later
#include "alertcheck.h"

#include "datasources/sourceadapter.h"
#include "models/domain/gpualiases.h"
#include "models/domain/metrics.h"
#include "models/domain/pricewarcharts.h"
#include "models/domain/serialize.h"
#include "models/domain/textutil.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <set>

namespace stackatlas {

namespace {

Status refused(const std::string &why)
{
    return Status::error(StatusCode::InvalidInput, why);
}

bool hasDims(const Dimensions &have, const Dimensions &wanted)
{
    return std::all_of(wanted.begin(), wanted.end(), [&](const auto &kv) {
        const auto it = have.find(kv.first);
        return it != have.end() && it->second == kv.second;
    });
}

std::string dimsWords(const Dimensions &dims)
{
    std::vector<std::string> parts;
    for (const auto &[k, v] : dims)
        parts.push_back(k + '=' + v);
    return parts.empty() ? std::string() : " with " + joinStrings(parts, ", ");
}

// The entity, the metric and each dimension of a Metric, Change or Ratio rule, against the data.
Status checkEntityRule(const Cache &cache, const Taxonomy &taxonomy, AlertRule &rule)
{
    if (const Entity *e = taxonomy.entityBySpelling(rule.target))
        rule.target = e->id;
    else if (!taxonomy.sector(rule.target))
        return refused("unknown entity " + quotedInput(rule.target) + " (stackatlas taxonomy lists them)");
    for (const std::string &m : {rule.metric, rule.metric2}) {
        if (m.empty() || metricInfo(m))
            continue;
        auto keys = cache.seriesKeys(m);
        if (!keys.isOk())
            return keys.status();
        if (keys.value().empty())
            return refused("unknown metric " + quotedInput(m) + " (stackatlas query --help names them)");
    }
    if (rule.dims.empty())
        return Status::ok();
    if (auto it = rule.dims.find("gpu"); it != rule.dims.end()) {
        auto gpu = GpuResolver(taxonomy).resolve(it->second);
        if (!gpu.isOk())
            return refused(gpu.status().message());
        it->second = gpu.value().gpu;
    }
    auto keys = cache.seriesKeys(rule.metric);
    if (!keys.isOk())
        return keys.status();
    for (const SeriesKey &k : keys.value()) {
        if (k.entityId == rule.target && hasDims(k.dims, rule.dims))
            return Status::ok();
    }
    return refused("unknown dimension: no " + rule.metric + " series of " + rule.target + " has" +
                   dimsWords(rule.dims).substr(5));
}

Status checkStaleRule(const Cache &cache, const AlertRule &rule)
{
    auto asOfs = cache.sourceAsOfs();
    if (!asOfs.isOk())
        return asOfs.status();
    AdapterRegistry registry;
    registerBuiltinAdapters(registry);
    if (asOfs.value().count(rule.target) || registry.find(rule.target))
        return Status::ok();
    std::vector<std::string> known;
    for (const auto &[source, asOf] : asOfs.value())
        known.push_back(source);
    return refused("unknown source " + quotedInput(rule.target) + " (known: " + joinStrings(known, ", ") +
                   ")");
}

AlertOutcome cannot(std::string why)
{
    AlertOutcome out;
    out.reason = std::move(why);
    return out;
}

std::vector<AlertSample> samplesOf(const SeriesData &s)
{
    std::vector<AlertSample> out;
    out.reserve(s.points.size());
    for (const StoredPoint &p : s.points)
        out.push_back({p.ts, p.value, s.key.source, {}});
    return out;
}

// The GPU's series grouped by provider with the price war's selection, and the sources of those
// that count (aggregates such as an index of rate cards are drawn, never counted).
struct GpuPrices
{
    ProviderPriceSet set;
    std::string sources;
};

// `onlyClass`: sources of that class's providers only (empty: of every counted provider).
Result<GpuPrices> gpuPrices(const Cache &cache, const Taxonomy &taxonomy, const std::string &gpu,
                            const std::string &onlyClass = {})
{
    SeriesQuery q;
    q.metric = "gpu_hourly_usd";
    q.dims["gpu"] = gpu;
    q.withEndpoints = false;
    auto series = cache.query(q);
    if (!series.isOk())
        return series.status();
    const PriceWarOptions defaults;
    GpuPrices out{providerPrices(series.value(), taxonomy, defaults.selection), {}};
    std::set<std::string> sources;
    for (const SeriesData *s : comparedPriceSeries(series.value(), defaults.selection)) {
        const auto provider = out.set.providers.find(s->key.entityId);
        if (!isAggregatePriceEntity(s->key.entityId) && provider != out.set.providers.end() &&
            (onlyClass.empty() || provider->second.providerClass == onlyClass))
            sources.insert(s->key.source);
    }
    out.sources = joinStrings(sources, ", ");
    return out;
}

AlertCheck classCheck(const Cache &cache, const Taxonomy &taxonomy, const AlertRule &rule)
{
    AlertCheck check{rule, {}, "USD/GPU-hour"};
    const std::string gpu = rule.dims.count("gpu") ? rule.dims.at("gpu") : std::string();
    auto prices = gpuPrices(cache, taxonomy, gpu, rule.target);
    if (!prices.isOk()) {
        check.outcome = cannot(prices.status().message());
        return check;
    }
    std::vector<AlertSample> samples;
    for (ClassMedianPoint &p : classDailyMedians(prices.value().set.providers, {rule.target})) {
        const std::size_t named = std::min<std::size_t>(p.providers.size(), 5);
        std::vector<std::string> shown(p.providers.begin(), p.providers.begin() + std::ptrdiff_t(named));
        std::string detail =
            std::to_string(p.providers.size()) + (p.providers.size() == 1 ? " provider" : " providers") +
            " counted: " + joinStrings(shown, ", ") + (named < p.providers.size() ? ", …" : "");
        samples.push_back({p.day, p.median, prices.value().sources, std::move(detail)});
    }
    if (samples.empty()) {
        check.outcome =
            cannot("no " + rule.target + " provider prices " + gpu + " (" +
                   std::to_string(prices.value().set.providers.size()) + " providers of any class do)");
        return check;
    }
    check.outcome = judgeSamples(samples, rule.comparison, rule.threshold);
    return check;
}

AlertCheck indexCheck(const Cache &cache, const Taxonomy &taxonomy, const AlertRule &rule)
{
    AlertCheck check{rule, {}, "index"};
    auto prices = gpuPrices(cache, taxonomy, rule.target);
    if (!prices.isOk()) {
        check.outcome = cannot(prices.status().message());
        return check;
    }
    const ProviderPriceSet &set = prices.value().set;
    const std::string &sourceText = prices.value().sources;
    const PriceWarOptions sides; // the research's sides, as the price-war pane sets them by default
    std::vector<AlertSample> samples;
    for (const PriceAdvantagePoint &p :
         priceAdvantageIndex(set.providers, sides.cheapSide, sides.incumbentSide)) {
        if (int(p.numeratorProviders) < rule.minPerSide || int(p.denominatorProviders) < rule.minPerSide)
            continue;
        std::string detail = std::to_string(p.numeratorProviders) + " challenger and " +
                             std::to_string(p.denominatorProviders) +
                             " incumbent providers counted (medians " + formatNumber(p.numeratorMedian) +
                             " and " + formatNumber(p.denominatorMedian) + " USD per GPU-hour)";
        if (int(std::min(p.numeratorProviders, p.denominatorProviders)) < sides.minProvidersPerSide)
            detail += "; fewer than the " + std::to_string(sides.minProvidersPerSide) +
                      " a side the price-war pane summarises";
        samples.push_back({p.day, p.index, sourceText, std::move(detail)});
    }
    if (samples.empty()) {
        check.outcome = cannot("no day on which both sides price " + rule.target + " with at least " +
                               std::to_string(rule.minPerSide) + " provider(s) a side (" +
                               std::to_string(set.providers.size()) + " providers have prices)");
        return check;
    }
    check.outcome = judgeSamples(samples, rule.comparison, rule.threshold);
    return check;
}

// The entity's series of `metric` carrying the rule's dimensions (none: the headline series, with
// no dimensions), the one with the newest point; `among` says how many there were.
std::optional<SeriesData> seriesOf(const Cache &cache, const AlertRule &rule, const std::string &metric,
                                   std::string &why)
{
    SeriesQuery q;
    q.entityId = rule.target;
    q.metric = metric;
    q.dims = rule.dims;
    auto series = cache.query(q);
    if (!series.isOk()) {
        why = series.status().message();
        return std::nullopt;
    }
    std::optional<SeriesData> best;
    for (SeriesData &s : series.value()) {
        if (s.points.empty() || (rule.dims.empty() && !s.key.dims.empty()))
            continue;
        if (!best || s.points.back().ts > best->points.back().ts)
            best = std::move(s);
    }
    if (!best)
        why = "no " + metric + " reading of " + rule.target + dimsWords(rule.dims);
    return best;
}

AlertCheck seriesCheck(const Cache &cache, const AlertRule &rule)
{
    AlertCheck check{rule, {}, {}};
    std::string why;
    const auto series = seriesOf(cache, rule, rule.metric, why);
    if (!series) {
        check.outcome = cannot(why);
        return check;
    }
    std::vector<AlertSample> samples = samplesOf(*series);
    check.unit = series->unit;
    if (rule.kind == AlertKind::Change) {
        check.unit = "%";
        samples = changeSamples(samples, rule.days);
        if (samples.empty()) {
            check.outcome =
                cannot("no " + rule.metric + " reading of " + rule.target + " " + std::to_string(rule.days) +
                       " days before another (" + std::to_string(series->points.size()) + " readings from " +
                       formatIsoDate(series->points.front().ts) + ")");
            return check;
        }
    }
    // A change's direction is its sign: +10 a rise of more than 10 %, -10 a fall of more than 10 %.
    const AlertComparison comparison = rule.kind != AlertKind::Change ? rule.comparison
                                       : rule.threshold < 0           ? AlertComparison::Below
                                                                      : AlertComparison::Above;
    check.outcome = judgeSamples(samples, comparison, rule.threshold);
    return check;
}

AlertCheck ratioCheck(const Cache &cache, const AlertRule &rule)
{
    AlertCheck check{rule, {}, "ratio"};
    std::vector<AlertSample> samples;
    // One source's readings against the same source's: a ratio of two snapshots is not a ratio.
    SeriesQuery q;
    q.entityId = rule.target;
    q.metric = rule.metric;
    auto numerators = cache.query(q);
    q.metric = rule.metric2;
    auto denominators = cache.query(q);
    if (!numerators.isOk() || !denominators.isOk()) {
        check.outcome = cannot((numerators.isOk() ? denominators.status() : numerators.status()).message());
        return check;
    }
    for (const SeriesData &n : numerators.value()) {
        for (const SeriesData &d : denominators.value()) {
            if (n.key.source == d.key.source && n.key.dims == d.key.dims && n.unit == d.unit) {
                for (AlertSample &s : ratioSamples(samplesOf(n), samplesOf(d))) {
                    s.detail = rule.metric + " / " + rule.metric2 + " = " + s.detail + " " + n.unit + " at " +
                               formatIsoUtc(s.ts);
                    samples.push_back(std::move(s));
                }
            }
        }
    }
    std::stable_sort(samples.begin(), samples.end(),
                     [](const AlertSample &a, const AlertSample &b) { return a.ts < b.ts; });
    if (samples.empty()) {
        check.outcome = cannot(rule.metric + " and " + rule.metric2 + " of " + rule.target +
                               " have no readings of the same moment from one source");
        return check;
    }
    check.outcome = judgeSamples(samples, rule.comparison, rule.threshold);
    return check;
}

AlertCheck staleCheck(const Cache &cache, const AlertRule &rule, UnixSeconds now)
{
    AlertCheck check{rule, {}, "hours"};
    auto asOfs = cache.sourceAsOfs();
    if (!asOfs.isOk()) {
        check.outcome = cannot(asOfs.status().message());
        return check;
    }
    const auto it = asOfs.value().find(rule.target);
    if (it == asOfs.value().end() || !it->second) {
        check.outcome = cannot("no reading from " + rule.target + " in this cache");
        return check;
    }
    const UnixSeconds newest = *it->second;
    const double ageHours = double(now - newest) / 3600.0;
    AlertOutcome &out = check.outcome;
    out.latest = {now, ageHours, rule.target, "newest as-of " + formatIsoUtc(newest)};
    if (ageHours > rule.hours) {
        // It went stale the moment its newest reading became older than the window.
        out.state = AlertOutcome::State::Firing;
        out.crossing = out.latest;
        out.crossing.ts = newest + UnixSeconds(rule.hours) * 3600;
        out.crossings = 1;
        out.firstCrossed = out.crossing.ts;
    } else {
        out.state = AlertOutcome::State::Clear;
    }
    return check;
}

} // namespace

Result<AlertRule> checkedAlertRule(const Cache &cache, const Taxonomy &taxonomy, AlertRule rule)
{
    if (const std::string problem = alertRuleShapeProblem(rule); !problem.empty())
        return refused(problem);
    if (rule.kind == AlertKind::Change)
        rule.comparison = rule.threshold < 0 ? AlertComparison::Below : AlertComparison::Above;
    Status s = Status::ok();
    switch (rule.kind) {
    case AlertKind::Index: {
        auto gpu = GpuResolver(taxonomy).resolve(rule.target);
        if (!gpu.isOk())
            return refused(gpu.status().message());
        rule.target = gpu.value().gpu;
        break;
    }
    case AlertKind::Metric:
    case AlertKind::Change:
    case AlertKind::Ratio:
        s = checkEntityRule(cache, taxonomy, rule);
        break;
    case AlertKind::Stale:
        s = checkStaleRule(cache, rule);
        break;
    case AlertKind::ClassMedian: {
        if (!taxonomy.providerClass(rule.target))
            return refused("unknown provider class " + quotedInput(rule.target) +
                           " (stackatlas taxonomy lists them)");
        auto gpu = GpuResolver(taxonomy).resolve(rule.dims["gpu"]);
        if (!gpu.isOk())
            return refused(gpu.status().message());
        rule.dims["gpu"] = gpu.value().gpu;
        break;
    }
    }
    if (!s.isOk())
        return s;
    return rule;
}

UnixSeconds alertClock(const Cache &cache)
{
    if (const auto saved = cache.metadata("snapshot.created_at")) {
        if (const TimeParse t = parseTimestamp(*saved); t.value)
            return *t.value;
    }
    return UnixSeconds(std::time(nullptr));
}

AlertCheck evaluateAlertRule(const Cache &cache, const Taxonomy &taxonomy, const AlertRule &rule,
                             UnixSeconds now)
{
    // A rule is checked when added; one edited by hand or arriving in a hostile snapshot is not.
    if (const std::string problem = alertRuleShapeProblem(rule); !problem.empty())
        return {rule, cannot("the stored rule is not valid: " + problem), {}};
    switch (rule.kind) {
    case AlertKind::Index:
        return indexCheck(cache, taxonomy, rule);
    case AlertKind::Metric:
    case AlertKind::Change:
        return seriesCheck(cache, rule);
    case AlertKind::Ratio:
        return ratioCheck(cache, rule);
    case AlertKind::Stale:
        return staleCheck(cache, rule, now);
    case AlertKind::ClassMedian:
        return classCheck(cache, taxonomy, rule);
    }
    return {rule, cannot("unknown kind of rule"), {}};
}

Result<AlertRound> evaluateAlertRules(const Cache &cache, const Taxonomy &taxonomy)
{
    auto rules = cache.alertRules();
    if (!rules.isOk())
        return rules.status();
    const UnixSeconds now = alertClock(cache);
    AlertRound round;
    for (const AlertRule &rule : rules.value()) {
        if (rule.enabled)
            round.checks.push_back(evaluateAlertRule(cache, taxonomy, rule, now));
    }
    return round;
}

Result<AlertRound> runAlertRound(Cache &cache, const Taxonomy &taxonomy, bool record)
{
    auto round = evaluateAlertRules(cache, taxonomy);
    if (!round.isOk() || !record || cache.isReadOnly())
        return round;
    std::vector<AlertFiring> firings;
    const auto recordedAt = UnixSeconds(std::time(nullptr));
    for (const AlertCheck &check : round.value().checks) {
        if (check.outcome.state == AlertOutcome::State::Firing)
            firings.push_back(firingOf(check, recordedAt));
    }
    if (firings.empty())
        return round;
    auto added = cache.recordAlertFirings(firings);
    if (!added.isOk())
        return added.status();
    round.value().newFirings = std::move(added).value();
    return round;
}

} // namespace stackatlas
