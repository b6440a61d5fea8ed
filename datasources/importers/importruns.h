// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/series.h"
#include "models/domain/status.h"

#include <map>
#include <string>

namespace stackatlas {

class Cache;

// One import run per source an import stored values of, with its counts: what `sources` and the
// Activity pane show of a file import.
Status recordImportRuns(Cache &cache, const std::map<std::string, long long> &recordsPerSource,
                        long long rejected, const std::string &endpoint, UnixSeconds started,
                        long long bytes);

} // namespace stackatlas
