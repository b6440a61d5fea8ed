// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cache.h"

#include <string>
#include <vector>

namespace stackatlas {

// What changed between two snapshots (or a snapshot and a cache): this week against last week.
struct SnapshotDiff
{
    struct Change
    {
        SeriesKey key;
        std::string unit;
        double before = 0, after = 0;
        UnixSeconds beforeTs = 0, afterTs = 0;
        double percent = 0; // (after - before) / |before| x 100; infinite when before is 0
    };
    struct SourceMove
    {
        std::string source;
        std::string before, after; // ISO-8601 as-of, empty: none
    };
    std::vector<std::string> entitiesAdded, entitiesRemoved;
    std::vector<SeriesKey> seriesAdded, seriesRemoved;
    std::vector<Change> changes; // newest values that moved by at least the threshold
    std::vector<SourceMove> sources;
    std::vector<std::string> dependenciesAdded, dependenciesRemoved; // "from -> to (kind)"
    std::vector<std::string> eventsAdded, eventsRemoved;             // "date: title"
    std::vector<std::string> claimsChanged;
    double thresholdPercent = 0;

    bool isEmpty() const;
};

Result<SnapshotDiff> diffCaches(const Cache &before, const Cache &after, double thresholdPercent);

std::string diffToText(const SnapshotDiff &diff);
std::string diffToCsv(const SnapshotDiff &diff);
std::string diffToJson(const SnapshotDiff &diff);

} // namespace stackatlas
