// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cache.h"

#include <QString>

#include <memory>

namespace stackatlas {

// Which cache file to use: an explicit --cache PATH, else $STACKATLAS_CACHE, else cache.sqlite in
// the per-user AppDataLocation. Requires QCoreApplication's names to be set.
QString resolveCachePath(const QString &explicitPath);

// Opens (creating if needed) the cache at path; a cache without a taxonomy is seeded from the one
// embedded in the binary, and the seeding is recorded in the cache's metadata.
Result<std::unique_ptr<Cache>> openUserCache(const QString &path, Cache::Mode mode = Cache::Mode::ReadWrite);

} // namespace stackatlas
