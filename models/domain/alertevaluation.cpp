// SPDX-License-Identifier: GPL-3.0-or-later
#include "alertevaluation.h"

#include "serialize.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace stackatlas {

bool meets(AlertComparison comparison, double threshold, double value)
{
    return comparison == AlertComparison::Below ? value < threshold : value > threshold;
}

AlertOutcome judgeSamples(const std::vector<AlertSample> &samples, AlertComparison comparison,
                          double threshold)
{
    AlertOutcome out;
    if (samples.empty()) {
        out.reason = "no reading to judge";
        return out;
    }
    bool previous = false;
    std::size_t runStart = 0;
    for (std::size_t i = 0; i < samples.size(); ++i) {
        const bool now = meets(comparison, threshold, samples[i].value);
        if (now && !previous) {
            ++out.crossings;
            runStart = i;
            if (!out.firstCrossed)
                out.firstCrossed = samples[i].ts;
        }
        previous = now;
    }
    out.latest = samples.back();
    if (previous) {
        out.state = AlertOutcome::State::Firing;
        out.crossing = samples[runStart];
    } else {
        out.state = AlertOutcome::State::Clear;
    }
    return out;
}

std::vector<AlertSample> changeSamples(const std::vector<AlertSample> &samples, int days)
{
    std::vector<AlertSample> out;
    const UnixSeconds window = UnixSeconds(days) * 86400;
    for (const AlertSample &s : samples) {
        // The newest reading at or before s.ts - window: samples are ascending.
        const auto after = std::upper_bound(samples.begin(), samples.end(), s.ts - window,
                                            [](UnixSeconds t, const AlertSample &x) { return t < x.ts; });
        if (after == samples.begin())
            continue;
        const AlertSample &base = *std::prev(after);
        if (base.value == 0)
            continue;
        AlertSample change = s;
        change.value = (s.value - base.value) / std::abs(base.value) * 100.0;
        change.detail = formatNumber(base.value) + " on " + formatIsoDate(base.ts) + " to " +
                        formatNumber(s.value) + " on " + formatIsoDate(s.ts);
        out.push_back(std::move(change));
    }
    return out;
}

std::vector<AlertSample> ratioSamples(const std::vector<AlertSample> &numerator,
                                      const std::vector<AlertSample> &denominator)
{
    std::vector<AlertSample> out;
    auto d = denominator.begin();
    for (const AlertSample &n : numerator) {
        while (d != denominator.end() && d->ts < n.ts)
            ++d;
        if (d == denominator.end())
            break;
        if (d->ts != n.ts || d->value == 0)
            continue;
        AlertSample ratio = n;
        ratio.value = n.value / d->value;
        ratio.detail = formatNumber(n.value) + " / " + formatNumber(d->value);
        out.push_back(std::move(ratio));
    }
    return out;
}

int AlertRound::firing() const
{
    return int(std::count_if(checks.begin(), checks.end(), [](const AlertCheck &c) {
        return c.outcome.state == AlertOutcome::State::Firing;
    }));
}

AlertFiring firingOf(const AlertCheck &check, UnixSeconds recordedAt)
{
    const AlertOutcome &o = check.outcome;
    AlertFiring f;
    f.ruleName = check.rule.name;
    f.ruleText = describeAlertRule(check.rule);
    f.kind = check.rule.kind;
    // What a firing opens: a class median's chart is its GPU's.
    const auto gpu = check.rule.dims.find("gpu");
    f.target = check.rule.kind == AlertKind::ClassMedian && gpu != check.rule.dims.end() ? gpu->second
                                                                                         : check.rule.target;
    f.severity = check.rule.severity;
    f.crossedAt = o.crossing.ts;
    f.value = o.crossing.value;
    f.unit = check.unit;
    f.source = o.crossing.source;
    f.detail = o.crossing.detail;
    if (o.crossings > 1 && o.firstCrossed)
        f.detail += (f.detail.empty() ? "" : "; ") + std::string("crossed ") + std::to_string(o.crossings) +
                    " times since " + formatIsoDate(*o.firstCrossed);
    f.latestAt = o.latest.ts;
    f.latestValue = o.latest.value;
    f.recordedAt = recordedAt;
    return f;
}

std::string alertValueText(double value, const std::string &unit)
{
    char buf[64];
    if (unit == "hours")
        std::snprintf(buf, sizeof buf, "%.1f hours old", value);
    else if (unit == "%")
        std::snprintf(buf, sizeof buf, "%+.1f %%", value);
    else if (unit == "index" || unit == "ratio")
        std::snprintf(buf, sizeof buf, "%.3f", value);
    else if (std::fabs(value) >= 1000)
        std::snprintf(buf, sizeof buf, "%.0f %s", value, unit.c_str());
    else
        std::snprintf(buf, sizeof buf, "%.4g %s", value, unit.c_str());
    return buf;
}

std::string firingSummary(const AlertFiring &f)
{
    return f.ruleName + " (" + f.ruleText + "): " + alertValueText(f.value, f.unit) + " on " +
           formatIsoDate(f.crossedAt) + (f.source.empty() ? std::string() : " (" + f.source + ")");
}

} // namespace stackatlas
