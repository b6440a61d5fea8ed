// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "status.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stackatlas {

// Time series as APIs send them: {"prices": [[t, v], [t, null], ...], ...}. Read in one streaming
// pass with RapidJSON's iterative SAX reader (no tree), numbers kept as text and converted with
// range checks. Only the named top-level arrays are collected; everything else is skipped.
struct PairSeries
{
    std::vector<std::pair<double, std::optional<double>>> points; // value nullopt: JSON null
    long malformed = 0; // elements that are not [number, number|null]
};

struct PairArrays
{
    std::map<std::string, PairSeries> arrays; // only those present as arrays
    std::vector<std::string> notArrays;       // named members whose value is not an array
    bool rootIsObject = false;
};

Result<PairArrays> parsePairArrays(std::string_view text, const std::vector<std::string> &names,
                                   int maxDepth = 64);

} // namespace stackatlas
