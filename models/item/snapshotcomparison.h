// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "datasources/cache/snapshotmeta.h"
#include "models/domain/status.h"

#include <memory>
#include <string>

namespace stackatlas {

class Cache;

// A snapshot file opened to compare the window's data with: judged and copied privately (the file
// is never modified), then diffed at any threshold without opening it again. Opened, used and
// dropped on the data store's thread (DataStore::dispose).
class SnapshotComparison
{
public:
    static Result<std::shared_ptr<SnapshotComparison>> open(const std::string &path);
    ~SnapshotComparison();

    const SnapshotMeta &meta() const;
    // Before: `current`; after: the snapshot. The diff as text (snapshotdiff.h's format).
    Result<std::string> diffText(const Cache &current, double thresholdPercent) const;

private:
    struct Private;
    explicit SnapshotComparison(std::unique_ptr<Private> d);
    std::unique_ptr<Private> d;
};

} // namespace stackatlas
