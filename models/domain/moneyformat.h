// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

namespace stackatlas {

// The app's compact money form without Qt (charts' hover texts, findings): $1.23T, $4.56B,
// $456.7M, $12.3K, $950, the same steps as the desktop's formatUsdCompact (models/item/valueformat.h)
// with a plain decimal point. Never an exponent.
std::string formatUsdShort(double value);

// A whole number with thousands separators: "8,215,232" (token supplies, factors in messages).
std::string formatGrouped(double value);

} // namespace stackatlas
