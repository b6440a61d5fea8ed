// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "datasources/fetch/fetchpipeline.h"

#include <QString>

#include <map>
#include <string>

namespace stackatlas {

// API keys from the environment (STACKATLAS_COINGECKO_PRO_KEY or _DEMO_KEY, STACKATLAS_VASTAI_KEY).
// Keys are never written anywhere; they live in this map for the length of a fetch.
std::map<std::string, ApiKey> apiKeysFromEnvironment();

// The price sheet to read: an explicit file, else pricesheet.csv in the app's data folder if the
// user made one, else empty (the built-in sheet).
std::string priceSheetPath(const QString &explicitPath);

} // namespace stackatlas
