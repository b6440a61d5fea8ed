// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "timeutil.h"

#include <optional>
#include <string>

namespace stackatlas {

// How old a value may be, at the date shown, and still stand for that date. Past its window a
// value is unknown there, not an older figure passed off as current.
struct StalenessWindows
{
    UnixSeconds daily = 3 * 86400;     // token prices, market caps, FDV, volumes, supplies, fees
    UnixSeconds gpuPrices = 7 * 86400; // rental prices and offer counts
    UnixSeconds monthly = 45 * 86400;  // series published once a month

    bool operator==(const StalenessWindows &) const = default;
};

enum class Cadence
{
    Daily,
    GpuPrices,
    Monthly
};

// The kind of series a metric is, for its staleness window.
Cadence cadenceOf(const std::string &metric);

// The date every figure is shown at: each is the newest point at or before `at` within its
// window, else unknown (or, with includeStale, returned marked stale).
struct AsOf
{
    std::optional<UnixSeconds> at; // nullopt: the newest data in the cache
    StalenessWindows windows;
    bool includeStale = false;
    // Compare mode: the earlier date A, each figure read there by the same rules; `at` is B.
    std::optional<UnixSeconds> compareFrom;

    // The same rules at A (compare mode's earlier date).
    AsOf atCompareFrom() const
    {
        AsOf a = *this;
        a.at = compareFrom;
        a.compareFrom.reset();
        return a;
    }

    UnixSeconds windowFor(const std::string &metric) const;
    bool operator==(const AsOf &) const = default;
};

// The as-of a user typed: a bare date ("2025-01-27") stands for the whole of that UTC day, as the
// date field in the window does, so a value timestamped during the day counts; a date-time is
// taken as given.
TimeParse parseAsOf(std::string_view text);

// "3 days" / "7 days" / "45 days", for captions and tooltips.
std::string windowText(UnixSeconds window);

} // namespace stackatlas
