// SPDX-License-Identifier: GPL-3.0-or-later
// A taxonomy file (taxonomy --load): parsed, then validated as the loader does.
#include "fuzzsupport.h"

#include "models/domain/taxonomyparser.h"

using namespace stackatlas;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    auto taxonomy = parseTaxonomy(fuzz::bytes(data, size), "fuzz.json");
    if (taxonomy.isOk())
        (void)validateTaxonomy(taxonomy.value());
    return 0;
}
