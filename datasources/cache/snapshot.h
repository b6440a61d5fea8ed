// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cache.h"
#include "snapshotmeta.h"

#include <memory>
#include <string>
#include <vector>

namespace stackatlas {

// Writes `cache` to `path`: a page copy (backup API) into a temporary file beside it, stamped and
// hashed there (one pass over its bytes), synced, then renamed over `path` (and the directory
// synced). On any failure, a full disk included, `path`
// is untouched and the temporary file removed.
Status saveSnapshot(const Cache &cache, const std::string &path, const std::string &title,
                    const std::string &note, const std::string &appVersion);

// A snapshot may come from anyone. It is copied into `privateDir` (never opened in place, so no
// side files appear next to it and it is never modified) and judged before any query touches its
// data: the SQLite header (magic, page size, declared size against the file size, journal mode),
// application_id and schema version, integrity_check, the exact schema a StackAtlas cache has (any
// extra table, trigger or view is refused, so nothing from the file ever runs), and the content
// hash. Only then is the copy opened read-only.
struct OpenedSnapshot
{
    std::unique_ptr<Cache> cache;
    SnapshotMeta meta;
    std::string privateCopy;
};
Result<OpenedSnapshot> openSnapshot(const std::string &path, const std::string &privateDir);

// The snapshot metadata of an opened snapshot.
Result<SnapshotMeta> snapshotMeta(const Cache &snapshot);

} // namespace stackatlas
