// SPDX-License-Identifier: GPL-3.0-or-later
#include "alertrule.h"

#include "serialize.h"
#include "textutil.h"

#include <array>
#include <cmath>
#include <cstdio>

namespace stackatlas {

namespace {

template <typename Enum, std::size_t N>
std::optional<Enum> parseName(std::string_view text, const std::array<std::string_view, N> &names)
{
    for (std::size_t i = 0; i < N; ++i) {
        if (names[i] == text)
            return Enum(i);
    }
    return std::nullopt;
}

constexpr std::array<std::string_view, 6> kKinds{"index", "metric", "change", "ratio", "stale", "class"};
constexpr std::array<std::string_view, 3> kSeverities{"info", "warning", "critical"};
constexpr std::array<std::string_view, 2> kComparisons{"below", "above"};

std::string dimsText(const Dimensions &dims)
{
    std::string out;
    for (const auto &[key, value] : dims)
        out += (out.empty() ? " [" : ", ") + key + '=' + value;
    return out.empty() ? out : out + ']';
}

// A threshold as typed: 1000000, not 1e+06.
std::string thresholdText(double value)
{
    if (std::fabs(value) >= 1e6 && std::fabs(value) < 1e15 && value == std::floor(value)) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.0f", value);
        return buf;
    }
    return formatNumber(value);
}

} // namespace

std::string_view alertKindName(AlertKind kind)
{
    return kKinds[std::size_t(kind)];
}

std::optional<AlertKind> parseAlertKind(std::string_view text)
{
    return parseName<AlertKind>(text, kKinds);
}

std::string_view severityName(AlertSeverity severity)
{
    return kSeverities[std::size_t(severity)];
}

std::optional<AlertSeverity> parseSeverity(std::string_view text)
{
    return parseName<AlertSeverity>(text, kSeverities);
}

std::string_view comparisonName(AlertComparison comparison)
{
    return kComparisons[std::size_t(comparison)];
}

std::optional<AlertComparison> parseComparison(std::string_view text)
{
    return parseName<AlertComparison>(text, kComparisons);
}

std::string describeAlertRule(const AlertRule &rule)
{
    const std::string bound =
        std::string(comparisonName(rule.comparison)) + ' ' + thresholdText(rule.threshold);
    switch (rule.kind) {
    case AlertKind::Index:
        return "price advantage index of " + rule.target + ' ' + bound + " (days with at least " +
               std::to_string(rule.minPerSide) + (rule.minPerSide == 1 ? " provider" : " providers") +
               " a side)";
    case AlertKind::Metric:
        return rule.metric + " of " + rule.target + dimsText(rule.dims) + ' ' + bound;
    case AlertKind::Change:
        return rule.metric + " of " + rule.target + dimsText(rule.dims) +
               (rule.threshold >= 0 ? " rose by more than " : " fell by more than ") +
               formatNumber(std::fabs(rule.threshold)) + " % in " + std::to_string(rule.days) +
               (rule.days == 1 ? " day" : " days");
    case AlertKind::Ratio:
        return rule.metric + " / " + rule.metric2 + " of " + rule.target + ' ' + bound;
    case AlertKind::Stale:
        return rule.target + " not refreshed for " + std::to_string(rule.hours) +
               (rule.hours == 1 ? " hour" : " hours");
    case AlertKind::ClassMedian: {
        const auto gpu = rule.dims.find("gpu");
        return "median USD per GPU-hour of " + rule.target + " providers for " +
               (gpu == rule.dims.end() ? std::string("?") : gpu->second) + ' ' + bound;
    }
    }
    return {};
}

std::string alertRuleShapeProblem(const AlertRule &rule)
{
    if (trimmed(rule.name).empty())
        return "a rule needs a name";
    if (rule.name.size() > kMaxAlertNameBytes)
        return "a rule's name is at most " + std::to_string(kMaxAlertNameBytes) + " bytes";
    if (!isCleanText(rule.name) || trimmed(rule.name) != rule.name)
        return "the name " + quotedInput(rule.name) +
               " has a control character, an invalid byte or spaces at an end";
    if (rule.note.size() > kMaxAlertNoteBytes || !isValidUtf8(rule.note))
        return "a note is UTF-8 text of at most " + std::to_string(kMaxAlertNoteBytes) + " bytes";
    for (const std::string *text : {&rule.target, &rule.metric, &rule.metric2})
        if (text->size() > kMaxAlertTextBytes)
            return "a GPU, entity, source or metric is at most " + std::to_string(kMaxAlertTextBytes) +
                   " bytes";
    if (rule.target.empty() || !isCleanText(rule.target))
        return rule.kind == AlertKind::Stale ? "--stale needs a source" : "the rule needs what it watches";
    if (!std::isfinite(rule.threshold))
        return "the threshold must be a finite number";
    switch (rule.kind) {
    case AlertKind::Index:
        if (rule.minPerSide < 1 || rule.minPerSide > 100)
            return "the fewest providers a side is a whole number from 1 to 100";
        break;
    case AlertKind::Change:
        if (rule.days < 1 || rule.days > kMaxAlertDays)
            return "--days is a whole number of days from 1 to " + std::to_string(kMaxAlertDays) +
                   " (a window of " + std::to_string(rule.days) + " days compares nothing)";
        if (rule.threshold == 0)
            return "--change-pct 0 would fire on any change: give a rise (10) or a fall (-10)";
        if (rule.threshold <= -100)
            return "a value cannot fall by 100 % or more";
        [[fallthrough]];
    case AlertKind::Metric:
        if (rule.metric.empty())
            return "the rule needs --metric";
        break;
    case AlertKind::Ratio:
        if (rule.metric.empty() || rule.metric2.empty() || rule.metric == rule.metric2)
            return "--ratio takes two different metrics, METRIC:METRIC";
        break;
    case AlertKind::ClassMedian:
        if (rule.dims.size() != 1 || !rule.dims.count("gpu") || rule.dims.at("gpu").empty())
            return "a provider class's median needs --gpu";
        break;
    case AlertKind::Stale:
        if (rule.hours < 1 || rule.hours > kMaxAlertHours)
            return "--hours is a whole number from 1 to " + std::to_string(kMaxAlertHours) +
                   " (a window of " + std::to_string(rule.hours) + " hours)";
        break;
    }
    return {};
}

} // namespace stackatlas
