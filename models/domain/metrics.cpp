// SPDX-License-Identifier: GPL-3.0-or-later
#include "metrics.h"

#include <algorithm>

namespace stackatlas {

const std::vector<MetricInfo> &knownMetrics()
{
    static const std::vector<MetricInfo> metrics{
        {"price_usd", "USD", "token price", false},
        {"market_cap_usd", "USD", "market capitalisation (circulating supply x price)", false},
        {"fdv_usd", "USD", "fully diluted valuation", false},
        {"volume_24h_usd", "USD", "traded volume over 24 hours", false},
        {"circulating_supply", "tokens", "tokens in circulation", false},
        {"total_supply", "tokens", "tokens in existence", false},
        {"max_supply", "tokens", "tokens that can ever exist", false},
        {"tvl_usd", "USD", "total value locked", false},
        {"fees_usd", "USD", "fees paid by users in one day", false},
        {"revenue_usd", "USD", "fees kept by the protocol in one day", false},
        {"gpu_hourly_usd", "USD/GPU-hour", "rental price of one GPU for one hour", false},
        {"gpu_count", "GPUs", "number of GPUs (total, available or on offer)", false},
        {"active_leases", "leases", "active compute leases", false},
        {"daily_spend_usd", "USD", "spent on compute in one day", false},
        {"category_market_cap_usd", "USD", "market capitalisation of a sector", true},
        {"category_volume_usd", "USD", "24-hour volume of a sector", true},
    };
    return metrics;
}

const MetricInfo *metricInfo(std::string_view name)
{
    const auto &all = knownMetrics();
    const auto it = std::find_if(all.begin(), all.end(), [&](const MetricInfo &m) { return m.name == name; });
    return it == all.end() ? nullptr : &*it;
}

const std::vector<std::string> &knownUnits()
{
    static const std::vector<std::string> units{"USD",   "USD/GPU-hour", "tokens", "GPUs",  "leases",
                                                "count", "percent",      "ratio",  "bytes", "USD/TB-month"};
    return units;
}

bool isKnownUnit(std::string_view unit)
{
    const auto &all = knownUnits();
    return std::find(all.begin(), all.end(), unit) != all.end();
}

bool isValidMetricName(std::string_view name)
{
    if (name.empty() || name.size() > 64 || !(name.front() >= 'a' && name.front() <= 'z'))
        return false;
    return std::all_of(name.begin(), name.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

bool isValidDimensionKey(std::string_view key)
{
    return isValidMetricName(key);
}

} // namespace stackatlas
