// SPDX-License-Identifier: GPL-3.0-or-later
#include "missingfigures.h"

#include "timeutil.h"
#include "translate.h"

#include <algorithm>
#include <map>

namespace stackatlas {

std::vector<MissingFigure> missingFigures(const Taxonomy &taxonomy, const std::vector<SeriesData> &series,
                                          const std::vector<std::string> &known, UnixSeconds at,
                                          UnixSeconds window)
{
    // Per entity: its stored points' times, sorted (a token's own series only).
    std::map<std::string, std::vector<UnixSeconds>> times;
    for (const SeriesData &s : series)
        if (s.key.dims.empty() || (s.key.dims.size() == 1 && s.key.dims.count("asset")))
            for (const StoredPoint &p : s.points)
                times[s.key.entityId].push_back(p.ts);
    std::vector<MissingFigure> out;
    for (const Entity *e : taxonomy.protocols()) {
        if (std::find(known.begin(), known.end(), e->id) != known.end())
            continue;
        auto it = times.find(e->id);
        std::string reason;
        if (it == times.end() || it->second.empty()) {
            reason = translate("Coverage", "none stored, see the data README");
        } else {
            std::vector<UnixSeconds> &t = it->second;
            std::sort(t.begin(), t.end());
            if (t.front() > at)
                reason = fillArgs(translate("Coverage", "none before %1"), {formatIsoDate(t.front())});
            else if (t.back() < at - window)
                reason = fillArgs(translate("Coverage", "none since %1"), {formatIsoDate(t.back())});
            else {
                const auto after = std::upper_bound(t.begin(), t.end(), at);
                reason = fillArgs(translate("Coverage", "none within its window, the nearest %1 and %2"),
                                  {formatIsoDate(*std::prev(after)),
                                   after == t.end() ? std::string("-") : formatIsoDate(*after)});
            }
        }
        out.push_back({e->id, e->name, reason});
    }
    return out;
}

std::string describeMissing(const std::vector<MissingFigure> &missing)
{
    std::string out;
    for (std::size_t i = 0; i < missing.size() && i < 10; ++i)
        out += (i ? "; " : "") + missing[i].name + " (" + missing[i].reason + ")";
    if (missing.size() > 10)
        out += fillArgs(translate("Coverage", "; and %1 more"), {std::to_string(missing.size() - 10)});
    return out;
}

} // namespace stackatlas
