// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "status.h"
#include "taxonomy.h"

#include <string>
#include <string_view>

namespace stackatlas {

// A user's additions to the shipped taxonomy, kept in their own file so that the shipped one is
// never edited: GPUs and their spellings, instance types, provider classes, providers, categories,
// protocols, dependencies, and more spellings for entities that exist. The format is the
// taxonomy's (resources/taxonomy/README.md) with "format": "stackatlas-taxonomy-overlay", every
// section optional, no layers or claims, plus "aliases": [{"entity": ID, "aliases": [..]}].
struct TaxonomyWithOverlay
{
    Taxonomy taxonomy;   // the base with the additions
    std::string summary; // "1 GPU model, 2 GPU spellings, 1 entity"
};

// Adds the overlay to base. An overlay only adds: an id, GPU key or spelling the base has already
// is refused, as is any problem the whole taxonomy would have, each as "FILE:LINE: reason" at the
// overlay's item.
Result<TaxonomyWithOverlay> applyTaxonomyOverlay(const Taxonomy &base, std::string_view text,
                                                 const std::string &fileName);

} // namespace stackatlas
