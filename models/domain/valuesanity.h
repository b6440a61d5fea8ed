// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "series.h"

#include <string>
#include <string_view>
#include <vector>

namespace stackatlas {

// What every importer (payloads, long and mapped CSV, the price sheet, a fetch) lets through its
// door, and the cache checks again before it writes. A value outside these bounds is a unit or
// parsing error upstream, not a fact: a market cap of 1.797e308 made the layer map draw an empty
// box, and a timestamp in 9999 made `sources` say "as of 9999" for good.

constexpr UnixSeconds kEarliestTimestamp = 1230768000; // 2009-01-01T00:00:00Z, before any token
constexpr UnixSeconds kFutureSlack = 86400;            // a day of clock skew and time zones
constexpr std::size_t kMaxTextBytes = 200;             // a source, unit, metric, dimension value
constexpr std::size_t kMaxEndpointBytes = 2048;        // a URL with its query

// The largest magnitude a value of this metric and unit may have: 1e15 for an amount in USD,
// 1e9 for a price (USD per token, per GPU-hour, per TB-month), and a bound per unit for the rest.
double valueCeiling(std::string_view metric, std::string_view unit);

// Each returns why the input is refused, or "" when it passes. Messages quote input through
// quotedInput().
std::string valueProblem(std::string_view metric, std::string_view unit, double value);
std::string timestampProblem(std::string_view what, UnixSeconds ts, UnixSeconds now);
std::string textProblem(std::string_view what, std::string_view text, std::size_t maxBytes = kMaxTextBytes);
// The texts naming a series: entity, metric, unit, source, dimension keys and values.
std::string seriesProblem(const SeriesKey &key, std::string_view unit);
// The whole record: its series, timestamp, value and provenance (source, endpoint, as-of).
std::string observationProblem(const Observation &o, UnixSeconds now);

// Takes the records observationProblem refuses out of the batch and adds one warning naming how
// many and the first few reasons; returns how many were taken out.
std::size_t removeRefusedAtTheDoor(std::vector<Observation> &batch, UnixSeconds now,
                                   std::vector<std::string> &warnings);

} // namespace stackatlas
