// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "status.h"
#include "taxonomy.h"

#include <string>
#include <string_view>

namespace stackatlas {

// Reads the taxonomy file format (see resources/taxonomy/README.md). Any problem refuses the whole
// file with "FILE:LINE: reason" — syntax, a wrong type, an unknown key (likely a typo), a missing
// field, a broken reference — so a half-read taxonomy never reaches the cache.
Result<Taxonomy> parseTaxonomy(std::string_view text, const std::string &fileName);

} // namespace stackatlas
