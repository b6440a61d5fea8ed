// SPDX-License-Identifier: GPL-3.0-or-later
#include "series.h"

namespace stackatlas {

std::string formatDimensions(const Dimensions &dims)
{
    std::string out;
    for (const auto &[key, value] : dims) {
        if (!out.empty())
            out += ';';
        out += key + '=' + value;
    }
    return out;
}

} // namespace stackatlas
