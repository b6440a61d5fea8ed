// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/status.h"

#include <QString>

#include <functional>
#include <string>

namespace stackatlas {

class Cache;
struct Taxonomy;

// The user's taxonomy overlay (models/domain/taxonomyoverlay.h): $STACKATLAS_TAXONOMY_OVERLAY if set
// (set but empty: none), else taxonomy-overlay.json in the per-user config folder
// (~/.config/StackAtlas/ on Linux). Requires QCoreApplication's names to be set.
QString taxonomyOverlayPath();

// Brings the cache's taxonomy in line with the overlay file: added when it appears, re-applied to
// the same base when it changes, taken off when it goes. With newBase (a new shipped taxonomy,
// taxonomy --load) the cache's taxonomy becomes newBase with the overlay on it. The overlay's text
// and the base it was applied to are kept in the cache's metadata, so a snapshot carries both.
// Returns what changed ("" when nothing did). A bad overlay changes nothing and is refused with
// FILE:LINE.
Result<std::string> syncTaxonomyOverlay(Cache &cache, const Taxonomy *newBase = nullptr);

// Edits the cache's taxonomy and, when an overlay is on, the taxonomy under it too, so that the
// edit survives the overlay's next change (a CoinGecko id renamed by a /coins/list import).
Status amendTaxonomy(Cache &cache, const std::function<void(Taxonomy &)> &edit);

// The taxonomy the cache's overlay was added to (the cache's own taxonomy when none is).
Result<Taxonomy> taxonomyWithoutOverlay(const Cache &cache);

} // namespace stackatlas
