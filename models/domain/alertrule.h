// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "series.h"
#include "timeutil.h"

#include <optional>
#include <string>
#include <string_view>

namespace stackatlas {

// What a watch rule looks at. The CLI's spellings (stackatlas alerts add) map one to one:
// --index GPU, --entity/--metric, --entity/--metric/--change-pct/--days, --entity/--ratio, --stale.
enum class AlertKind
{
    Index,       // the price advantage index of a GPU (models/domain/priceindex)
    Metric,      // one series of an entity's metric
    Change,      // the change in percent of that series over a window of days
    Ratio,       // one metric of an entity over another at the same moment (fdv_usd:market_cap_usd)
    Stale,       // a source whose newest as-of is older than a number of hours
    ClassMedian, // the daily median USD per GPU-hour of a provider class's providers for a GPU
};

enum class AlertSeverity
{
    Info,
    Warning,
    Critical
};

enum class AlertComparison
{
    Below, // value < threshold
    Above  // value > threshold
};

struct AlertRule
{
    long long id = 0; // the cache's row, 0 before it is stored
    std::string name;
    AlertKind kind = AlertKind::Metric;
    // GPU key (Index), entity id (Metric, Change, Ratio), source (Stale) or provider class
    // (ClassMedian, whose GPU is dims["gpu"])
    std::string target;
    std::string metric;  // Metric and Change; the numerator of a Ratio
    std::string metric2; // the denominator of a Ratio
    Dimensions dims;     // Metric and Change: the series must carry these
    AlertComparison comparison = AlertComparison::Below;
    // The threshold (Index, Metric, Ratio) or the change in percent (Change: positive means "rose
    // by more than", negative "fell by more than"; comparison follows its sign).
    double threshold = 0;
    int days = 0;       // Change: the window
    int hours = 0;      // Stale: how old the newest as-of may be
    int minPerSide = 1; // Index: days with fewer providers on either side are not read
    AlertSeverity severity = AlertSeverity::Warning;
    std::string note;
    bool enabled = true;
    UnixSeconds createdAt = 0;

    bool operator==(const AlertRule &) const = default;
};

// A firing as the cache keeps it: recorded once per crossing, with the rule as it was then.
struct AlertFiring
{
    long long id = 0;
    std::string ruleName;
    std::string ruleText; // describeAlertRule at the time
    AlertKind kind = AlertKind::Metric;
    std::string target; // what the firing opens: the GPU (Index, ClassMedian), entity or source
    AlertSeverity severity = AlertSeverity::Warning;
    UnixSeconds crossedAt = 0; // the first reading that met the condition
    double value = 0;          // that reading's value
    std::string unit;
    std::string source;
    std::string detail;
    UnixSeconds latestAt = 0; // the newest reading when it was recorded
    double latestValue = 0;
    UnixSeconds recordedAt = 0;
};

std::string_view alertKindName(AlertKind kind); // "index", "metric", "change", "ratio", "stale", "class"
std::optional<AlertKind> parseAlertKind(std::string_view text);
std::string_view severityName(AlertSeverity severity); // "info", "warning", "critical"
std::optional<AlertSeverity> parseSeverity(std::string_view text);
std::string_view comparisonName(AlertComparison comparison); // "below", "above"
std::optional<AlertComparison> parseComparison(std::string_view text);

// The rule in words, as a firing keeps it ("the rule as it was"): "price advantage index of
// h100-80gb below 0.6 (days with at least 1 provider a side)", "fdv_usd / market_cap_usd of
// bittensor above 2", "coingecko not refreshed for 48 hours".
std::string describeAlertRule(const AlertRule &rule);

// What is wrong with a rule on its own (names and numbers), before the data is asked whether its
// entity, metric or dimension exist: empty when nothing is. A window of 0, a non-finite threshold,
// a change of 0 %, a name that is empty, too long or not clean text are each refused with why.
std::string alertRuleShapeProblem(const AlertRule &rule);

constexpr std::size_t kMaxAlertNameBytes = 80;
constexpr std::size_t kMaxAlertNoteBytes = 2000;
constexpr std::size_t kMaxAlertTextBytes = 200;
constexpr int kMaxAlertDays = 3660;
constexpr int kMaxAlertHours = 24 * 3660;

} // namespace stackatlas
