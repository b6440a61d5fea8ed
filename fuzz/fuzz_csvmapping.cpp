// SPDX-License-Identifier: GPL-3.0-or-later
// A mapping spec and its application (import-csv --mapping): the input is the spec's JSON, a
// line "----", then the CSV it maps.
#include "fuzzsupport.h"

#include "models/domain/csvmapping.h"

using namespace stackatlas;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view input = fuzz::bytes(data, size);
    const std::size_t split = input.find("\n----\n");
    const std::string_view spec = input.substr(0, split);
    auto mapping = parseCsvMapping(spec, "fuzz.json");
    if (!mapping.isOk() || split == std::string_view::npos)
        return 0;
    const std::string_view csv = input.substr(split + 6);
    auto mapped =
        applyCsvMapping(mapping.value(), csv, "fuzz.csv", fuzz::shippedTaxonomy(), "fuzz", 1750000000);
    (void)mapped;
    return 0;
}
