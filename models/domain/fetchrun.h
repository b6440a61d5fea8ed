// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "timeutil.h"

#include <optional>
#include <string>

namespace stackatlas {

// One attempt to bring data from a source into the cache: a network fetch or a file import.
struct FetchRun
{
    std::string source;
    std::string kind = "fetch"; // fetch | import
    UnixSeconds startedAt = 0;
    UnixSeconds endedAt = 0;
    std::string status = "ok"; // ok | partial | failed | cancelled
    std::optional<int> httpStatus;
    long long bytes = 0;
    long long records = 0;
    long long rejected = 0;
    std::string endpoint;
    std::string error;
};

// What the cache knows about one source: its last run and the data it holds.
struct SourceStatus
{
    std::string source;
    std::optional<FetchRun> lastRun;
    std::optional<UnixSeconds> asOf; // newest as-of among its points
    std::optional<UnixSeconds> firstTs;
    std::optional<UnixSeconds> lastTs;
    long long points = 0;
    long long series = 0;
    // Of `points`, those a team store brought (team pull), the store and the newest such pull.
    long long teamPoints = 0;
    std::string teamStore;
    std::optional<UnixSeconds> teamPulledAt;
};

} // namespace stackatlas
