// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace stackatlas {

// Which cache file to use: an explicit --cache PATH, else $STACKATLAS_CACHE, else cache.sqlite in
// the per-user AppDataLocation. Requires QCoreApplication's names to be set.
QString resolveCachePath(const QString &explicitPath);

// The default data file shipped with the app: $STACKATLAS_DEFAULT_DATA if set (set but empty: none),
// else default-data.sqlite beside the binary (the build tree), else ../share/stackatlas/ (installed).
QString defaultDataPath();

} // namespace stackatlas
