// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cache.h"

#include <QString>

#include <memory>

namespace stackatlas {

// Which cache file to use: an explicit --cache PATH, else $STACKATLAS_CACHE, else cache.sqlite in
// the per-user AppDataLocation. Requires QCoreApplication's names to be set.
QString resolveCachePath(const QString &explicitPath);

// The default data file shipped with the app: $STACKATLAS_DEFAULT_DATA if set (set but empty: none),
// else default-data.sqlite beside the binary (the build tree), else ../share/stackatlas/ (installed).
QString defaultDataPath();

// Opens (creating if needed) the cache at path. A cache that does not exist yet starts as a copy of
// the default data (sample data, recorded in its metadata); without default data, a new cache is
// seeded with the taxonomy embedded in the binary.
Result<std::unique_ptr<Cache>> openUserCache(const QString &path, Cache::Mode mode = Cache::Mode::ReadWrite);

} // namespace stackatlas
