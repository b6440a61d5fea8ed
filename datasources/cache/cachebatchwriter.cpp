// SPDX-License-Identifier: GPL-3.0-or-later
#include "cachebatchwriter.h"

#include "cacheprivate.h"

#include "models/domain/metrics.h"
#include "models/domain/valuesanity.h"

#include <cmath>

namespace stackatlas::cache {

Result<std::int64_t> BatchWriter::seriesId(const Observation &o, long long &newSeries)
{
    if (const auto cached = seriesIds.find({o.key, o.unit}); cached != seriesIds.end())
        return cached->second;
    const std::string dims = cache::encodeDimensions(o.key.dims);
    findSeries.reset();
    findSeries.bind(1, o.key.entityId).bind(2, o.key.metric).bind(3, o.key.source).bind(4, dims);
    std::int64_t id = 0;
    if (findSeries.step()) {
        if (findSeries.text(1) != o.unit)
            return Status::error(StatusCode::Conflict, "unit " + o.unit + " contradicts the stored series (" +
                                                           findSeries.text(1) + ")");
        id = findSeries.int64(0);
    } else {
        addSeries.reset();
        addSeries.bind(1, o.key.entityId).bind(2, o.key.metric).bind(3, o.key.source).bind(4, dims);
        addSeries.bind(5, o.unit);
        addSeries.step();
        if (addSeries.failed())
            return Status::error(StatusCode::InvalidInput, addSeries.error());
        id = sqlite3_last_insert_rowid(m_db);
        ++newSeries;
    }
    seriesIds[{o.key, o.unit}] = id;
    return id;
}

Result<std::int64_t> BatchWriter::provenanceId(const Provenance &p)
{
    const auto key = std::make_tuple(p.source, p.endpoint, p.fetchedAt, p.asOf);
    if (const auto cached = provIds.find(key); cached != provIds.end())
        return cached->second;
    findProv.reset();
    findProv.bind(1, p.source).bind(2, p.endpoint).bind(3, p.fetchedAt).bind(4, p.asOf);
    std::int64_t id = 0;
    if (findProv.step()) {
        id = findProv.int64(0);
    } else {
        addProv.reset();
        addProv.bind(1, p.source).bind(2, p.endpoint).bind(3, p.fetchedAt).bind(4, p.asOf);
        addProv.step();
        if (addProv.failed())
            return Status::error(StatusCode::InvalidInput, addProv.error());
        id = sqlite3_last_insert_rowid(m_db);
    }
    provIds[key] = id;
    return id;
}

std::string refusal(const Observation &o, const std::set<std::string> &entities,
                    const std::set<std::string> &sectors)
{
    const MetricInfo *info = metricInfo(o.key.metric);
    const bool isSector = info && info->categoryLevel;
    if (!(isSector ? sectors.count(o.key.entityId) : entities.count(o.key.entityId)))
        return std::string(isSector ? "unknown sector \"" : "unknown entity \"") + o.key.entityId + "\"";
    if (!std::isfinite(o.value)) // NaN would be stored as NULL
        return "value is not a finite number";
    if (!isValidMetricName(o.key.metric) || o.unit.empty() || o.key.source.empty())
        return "metric, unit and source are required";
    if (std::string why = seriesProblem(o.key, o.unit); !why.empty())
        return why;
    if (info && info->unit != o.unit)
        return "unit " + o.unit + " does not match " + o.key.metric + " (" + info->unit + ")";
    return {};
}

} // namespace stackatlas::cache
