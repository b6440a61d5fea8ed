// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "missingfigures.h"
#include "series.h"
#include "taxonomy.h"

#include <optional>
#include <string>
#include <vector>

namespace stackatlas {

// Two dates of the stack side by side: each protocol's figure at A and at B (each the newest
// value at or before its date within the metric's staleness window), and the totals of categories
// and layers over the protocols known at both dates; the others are counted and named.
enum class CompareLevel
{
    Protocol,
    Category,
    Layer
};

struct ComparedFigure
{
    std::string id; // a protocol, category or layer id
    std::string name;
    std::string layerId; // the layer it sits in (its own id for a layer)
    std::string metric;
    std::optional<double> a, b;
    // Protocols: the value's source and date at each end. Totals: the sources summed, and the
    // oldest and newest date of the values summed at each end.
    std::string sourcesA, sourcesB; // differ for a protocol only when no source has both dates
    UnixSeconds fromA = 0, toA = 0, fromB = 0, toB = 0;
    int members = 0;                      // protocols in the change (known at both dates)
    std::vector<std::string> leftOut;     // protocols of a total known at one date or none
    std::optional<double> change() const; // percent, B against A; nullopt unless both are known
};

// latestA / latestB: Cache::latestValueCandidates at A and B (one value per source; stale values,
// if any, are not compared). A protocol's two values come from one source when a source has both.
std::vector<ComparedFigure> compareDates(const Taxonomy &taxonomy, const std::vector<LatestValue> &latestA,
                                         const std::vector<LatestValue> &latestB, const std::string &metric,
                                         CompareLevel level);

std::optional<CompareLevel> compareLevelFromName(std::string_view name);

// Tables for the CLI: CSV (one row a figure, with sources and dates), JSON, and aligned text.
std::string comparisonToCsv(const std::vector<ComparedFigure> &rows);
// `missing`: the protocols without a figure at A and at B, each with why (missingfigures.h); the
// JSON lists them ("missing_a", "missing_b"), the text under the table.
struct MissingAtBoth
{
    std::vector<MissingFigure> a, b;
};
std::string comparisonToJson(const std::vector<ComparedFigure> &rows, const std::string &metric,
                             UnixSeconds a, UnixSeconds b, const MissingAtBoth &missing = {});
std::string comparisonToText(const std::vector<ComparedFigure> &rows, const std::string &metric,
                             UnixSeconds a, UnixSeconds b, const MissingAtBoth &missing = {});

} // namespace stackatlas
