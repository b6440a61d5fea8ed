// SPDX-License-Identifier: GPL-3.0-or-later
#include "missingfiguresloader.h"

#include "datasources/cache/cache.h"

#include <algorithm>

namespace stackatlas {

Result<std::vector<MissingFigure>> loadMissingFigures(const Cache &cache, const Taxonomy &taxonomy,
                                                      const std::string &metric,
                                                      const std::vector<std::string> &known, UnixSeconds at,
                                                      UnixSeconds window)
{
    std::vector<SeriesData> series;
    for (const Entity *e : taxonomy.protocols()) {
        if (std::find(known.begin(), known.end(), e->id) != known.end())
            continue;
        SeriesQuery q{e->id, metric, {}, std::nullopt, std::nullopt};
        q.withEndpoints = false;
        auto stored = cache.query(q);
        if (!stored.isOk())
            return stored.status();
        for (SeriesData &s : stored.value())
            series.push_back(std::move(s));
    }
    return missingFigures(taxonomy, series, known, at, window);
}

} // namespace stackatlas
