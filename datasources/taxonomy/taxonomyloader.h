// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/status.h"
#include "models/domain/taxonomy.h"

#include <QString>

namespace stackatlas {

// Reads and parses a taxonomy file; errors name the file and line.
Result<Taxonomy> loadTaxonomyFile(const QString &path);
// The taxonomy compiled into the binary from resources/taxonomy/taxonomy.json.
Result<Taxonomy> embeddedTaxonomy();
QString embeddedTaxonomyPath();
// The SHA-256 (hex) of the embedded file: a cache stamped with it holds this build's taxonomy.
std::string embeddedTaxonomyHash();

} // namespace stackatlas
