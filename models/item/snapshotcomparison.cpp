// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshotcomparison.h"

#include "datasources/cache/snapshot.h"
#include "datasources/cache/snapshotdiff.h"

#include <QTemporaryDir>

namespace stackatlas {

struct SnapshotComparison::Private
{
    QTemporaryDir dir; // the private copy, removed after the connection closes (members go in reverse)
    OpenedSnapshot snapshot;
};

SnapshotComparison::SnapshotComparison(std::unique_ptr<Private> p) : d(std::move(p)) {}

SnapshotComparison::~SnapshotComparison() = default;

Result<std::shared_ptr<SnapshotComparison>> SnapshotComparison::open(const std::string &path)
{
    auto p = std::make_unique<Private>();
    if (!p->dir.isValid())
        return Status::error(StatusCode::IoError, "cannot create a private folder for the snapshot");
    auto opened = openSnapshot(path, p->dir.path().toStdString());
    if (!opened.isOk())
        return opened.status();
    p->snapshot = std::move(opened).value();
    return std::shared_ptr<SnapshotComparison>(new SnapshotComparison(std::move(p)));
}

const SnapshotMeta &SnapshotComparison::meta() const
{
    return d->snapshot.meta;
}

Result<std::string> SnapshotComparison::diffText(const Cache &current, double thresholdPercent) const
{
    const auto diff = diffCaches(current, *d->snapshot.cache, thresholdPercent);
    if (!diff.isOk())
        return diff.status();
    return diffToText(diff.value());
}

} // namespace stackatlas
