// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/jsonreader.h"
#include "models/domain/status.h"

#include <string>
#include <vector>

namespace stackatlas {

class Cache;

// The default data's last step: market caps derived where a protocol has a daily price and the
// supply at that date is honestly known (models/domain/derivedcaps.h), from what the earlier steps
// stored. `config` is the manifest's "derive_market_caps" object: its "emission" list names the
// protocols with a published fixed emission ({entity, per_day, until, citation}). Returns how many
// values were derived per protocol ("bittensor: 34").
Result<std::vector<std::string>> deriveMarketCapsStep(Cache &cache, const JsonValue &config);

} // namespace stackatlas
