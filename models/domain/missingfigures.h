// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "series.h"
#include "taxonomy.h"

#include <string>
#include <vector>

namespace stackatlas {

// Each protocol without a figure of `metric` at a date, with the reason a researcher needs: none
// stored at all (resources/defaultdata/README.md says what exists), none before the first stored
// point, none since the last, or none within the staleness window around the date. What the map,
// `compare` and the report list instead of an empty tile or a bare "unknown".
struct MissingFigure
{
    std::string entityId;
    std::string name;
    std::string reason;
};

// `series`: every stored series of `metric` (any entity, any source); `known`: the protocols that
// have a figure at `at`.
std::vector<MissingFigure> missingFigures(const Taxonomy &taxonomy, const std::vector<SeriesData> &series,
                                          const std::vector<std::string> &known, UnixSeconds at,
                                          UnixSeconds window);

// "Olas (none stored, see the data README); ..." (the ten first).
std::string describeMissing(const std::vector<MissingFigure> &missing);

} // namespace stackatlas
