// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "datasources/taxonomy/taxonomyloader.h"
#include "models/domain/taxonomy.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace stackatlas::fuzz {

// The taxonomy that ships (read once): the parsers resolve ids and spellings against it.
inline const Taxonomy &shippedTaxonomy()
{
    static const Taxonomy taxonomy = [] {
        auto t = embeddedTaxonomy();
        if (!t.isOk())
            std::abort(); // the build is broken, not the input
        return std::move(t).value();
    }();
    return taxonomy;
}

inline std::string_view bytes(const std::uint8_t *data, std::size_t size)
{
    return {reinterpret_cast<const char *>(data), size};
}

} // namespace stackatlas::fuzz
