// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cache.h"
#include "cachepaths.h"

#include <QString>

#include <memory>

namespace stackatlas {

// Opens (creating if needed) the cache at path. A cache that does not exist yet starts as a copy of
// the default data (sample data, recorded in its metadata), made whole in a temporary file and
// renamed into place: if the copy fails (a full disk) no cache is created and the error says why.
// A cache file that exists but holds nothing (never seeded) is seeded the same way. Without
// default data, a new cache is seeded with the taxonomy embedded in the binary.
Result<std::unique_ptr<Cache>> openUserCache(const QString &path, Cache::Mode mode = Cache::Mode::ReadWrite);

} // namespace stackatlas
