// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "series.h"
#include "status.h"

#include <string>
#include <string_view>
#include <vector>

namespace stackatlas {

struct Taxonomy;

struct LongCsvResult
{
    std::vector<Observation> observations; // the good rows
    std::vector<LineIssue> rejected;       // one per bad row: line and reason
    long dataRows = 0;
};

// Reads the long format "entity,metric,unit,timestamp,value,source" plus optional "dim.KEY" and
// "as_of" columns (any order, header required). Each row is checked on its own: a known entity
// (id or alias), a valid metric and the metric's unit, a timestamp, a finite value, a source, and
// GPU dimensions resolved to canonical keys. Bad rows are rejected with their line, the rest kept.
// A missing required column fails the whole file. `endpoint` names the file in the provenance.
Result<LongCsvResult> parseLongCsv(std::string_view text, const Taxonomy &taxonomy,
                                   const std::string &endpoint, UnixSeconds importedAt);

} // namespace stackatlas
