// SPDX-License-Identifier: GPL-3.0-or-later
#include "series.h"

#include <algorithm>

namespace stackatlas {

void SeriesData::addPoint(UnixSeconds ts, double value, const Provenance &provenance)
{
    // Searched from the newest: points added in order mostly share the last provenance.
    const auto it = std::find(provenances.rbegin(), provenances.rend(), provenance);
    const std::size_t index =
        it == provenances.rend() ? provenances.size() : std::size_t(provenances.rend() - it - 1);
    if (it == provenances.rend())
        provenances.push_back(provenance);
    points.push_back({ts, value, std::uint32_t(index)});
}

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
