// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace stackatlas {

// Display forms for numbers with units. Unknown values never pass through here: the caller shows
// them as blank or "unknown".
QString formatUsdCompact(double value);        // $1.23B, $456.7M, $12.3K, $950
QString formatUsdPrice(double value);          // $0.4321, $12.29, $1,234.56
QString formatRatio(double value);             // 2.41×
QString formatUtcDateTime(qint64 unixSeconds); // 2025-06-04 07:23 UTC

} // namespace stackatlas
