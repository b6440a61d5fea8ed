// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/missingfigures.h"
#include "models/domain/status.h"

#include <string>
#include <vector>

namespace stackatlas {

class Cache;

// missingFigures (models/domain/missingfigures.h) over the cache: only the protocols without a figure
// at `at` have their history of `metric` read, so the cost follows what is missing, not the cache.
Result<std::vector<MissingFigure>> loadMissingFigures(const Cache &cache, const Taxonomy &taxonomy,
                                                      const std::string &metric,
                                                      const std::vector<std::string> &known, UnixSeconds at,
                                                      UnixSeconds window);

} // namespace stackatlas
