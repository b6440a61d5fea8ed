// SPDX-License-Identifier: GPL-3.0-or-later
#include "valuesanity.h"

#include "metrics.h"
#include "serialize.h"
#include "textutil.h"
#include "timeutil.h"

#include <algorithm>
#include <cmath>

namespace stackatlas {

double valueCeiling(std::string_view metric, std::string_view unit)
{
    if (metric == "price_usd" || unit == "USD/GPU-hour" || unit == "USD/TB-month")
        return 1e9;
    if (unit == "USD")
        return 1e15;
    if (unit == "bytes")
        return 1e24; // Filecoin's raw capacity is ~2e19 bytes
    if (unit == "tokens" || unit == "count")
        return 1e18; // meme tokens reach 1e15 in supply
    if (unit == "GPUs" || unit == "leases")
        return 1e9;
    if (unit == "percent")
        return 1e6;
    return 1e15;
}

std::string valueProblem(std::string_view metric, std::string_view unit, double value)
{
    if (!std::isfinite(value))
        return "value is not a finite number";
    if (metricInfo(metric) && value < 0)
        return "negative value " + formatNumber(value) + " for " + std::string(metric);
    const double ceiling = valueCeiling(metric, unit);
    if (std::fabs(value) > ceiling)
        return "value " + formatNumber(value) + " " + std::string(unit) + " is beyond 1e" +
               std::to_string(int(std::lround(std::log10(ceiling)))) + " " + std::string(unit) +
               ", the bound for " + std::string(metric);
    return {};
}

std::string timestampProblem(std::string_view what, UnixSeconds ts, UnixSeconds now)
{
    if (ts < kEarliestTimestamp)
        return std::string(what) + " " + std::to_string(ts) + " is before 2009-01-01";
    constexpr UnixSeconds kLastOfYear9999 = 253402300799; // formatIsoUtc's years have four digits
    if (ts > now + kFutureSlack)
        return std::string(what) + " " + (ts <= kLastOfYear9999 ? formatIsoUtc(ts) : std::to_string(ts)) +
               " is more than a day in the future";
    return {};
}

std::string textProblem(std::string_view what, std::string_view text, std::size_t maxBytes)
{
    if (text.size() > maxBytes)
        return std::string(what) + " of " + std::to_string(text.size()) + " bytes is longer than " +
               std::to_string(maxBytes);
    if (!isCleanText(text))
        return std::string(what) + " " + quotedInput(text) + " holds a control character or is not UTF-8";
    return {};
}

std::string seriesProblem(const SeriesKey &key, std::string_view unit)
{
    for (const auto &[what, text] : {std::pair<const char *, std::string_view>{"entity", key.entityId},
                                     {"metric", key.metric},
                                     {"unit", unit},
                                     {"source", key.source}})
        if (std::string why = textProblem(what, text); !why.empty())
            return why;
    for (const auto &[dimKey, dimValue] : key.dims) {
        if (std::string why = textProblem("dimension", dimKey); !why.empty())
            return why;
        if (std::string why = textProblem("dim." + dimKey, dimValue); !why.empty())
            return why;
    }
    return {};
}

std::string observationProblem(const Observation &o, UnixSeconds now)
{
    if (std::string why = seriesProblem(o.key, o.unit); !why.empty())
        return why;
    if (std::string why = textProblem("provenance source", o.provenance.source); !why.empty())
        return why;
    if (std::string why = textProblem("endpoint", o.provenance.endpoint, kMaxEndpointBytes); !why.empty())
        return why;
    if (std::string why = timestampProblem("timestamp", o.ts, now); !why.empty())
        return why;
    if (o.provenance.asOf != 0)
        if (std::string why = timestampProblem("as-of", o.provenance.asOf, now); !why.empty())
            return why;
    return valueProblem(o.key.metric, o.unit, o.value);
}

std::size_t removeRefusedAtTheDoor(std::vector<Observation> &batch, UnixSeconds now,
                                   std::vector<std::string> &warnings)
{
    constexpr std::size_t kNamed = 5;
    std::vector<std::string> reasons;
    std::size_t refused = 0;
    auto kept = std::remove_if(batch.begin(), batch.end(), [&](const Observation &o) {
        std::string why = observationProblem(o, now);
        if (why.empty())
            return false;
        if (++refused <= kNamed) {
            const bool plain = seriesProblem(o.key, o.unit).empty();
            reasons.push_back(plain ? o.key.entityId + " " + o.key.metric + ": " + why : why);
        }
        return true;
    });
    batch.erase(kept, batch.end());
    if (refused > 0) {
        std::string w = std::to_string(refused) + (refused == 1 ? " record" : " records") +
                        " refused as out of bounds, not stored: " + joinStrings(reasons, "; ");
        if (refused > kNamed)
            w += "; and " + std::to_string(refused - kNamed) + " more";
        warnings.push_back(std::move(w));
    }
    return refused;
}

} // namespace stackatlas
