// SPDX-License-Identifier: GPL-3.0-or-later
// Values a later reading replaced, kept by the schema's trigger (schema.cpp, version 3).
#include "cache.h"
#include "cacheprivate.h"

#include <sqlite3.h>

namespace stackatlas {

using cache::Statement;

Result<std::vector<Revision>> Cache::revisions(const std::string &entityId, const std::string &metric) const
{
    Statement q(d->db.get(),
                "SELECT s.source, s.dims, r.ts, r.value, was.source, was.endpoint, was.fetched_at, was.as_of,"
                " r.replaced_at, by.endpoint, by.fetched_at"
                " FROM revisions r JOIN series s ON s.id = r.series_id"
                " JOIN provenance was ON was.id = r.provenance_id JOIN provenance by ON by.id = r.replaced_by"
                " WHERE s.entity_id = ? AND s.metric = ? ORDER BY s.source, s.dims, r.ts, r.rowid");
    q.bind(1, entityId).bind(2, metric);
    std::vector<Revision> out;
    while (q.step()) {
        Revision r;
        r.key = {entityId, metric, q.text(0), cache::decodeDimensions(q.text(1))};
        r.ts = q.int64(2);
        r.value = q.real(3);
        r.provenance = {q.text(4), q.text(5), q.int64(6), q.int64(7)};
        r.replacedAt = q.int64(8);
        r.replacedByEndpoint = q.text(9);
        r.replacedByFetchedAt = q.int64(10);
        out.push_back(std::move(r));
    }
    if (q.failed() || !q.isValid())
        return Status::error(StatusCode::IoError, q.isValid() ? q.error() : q.prepareError());
    return out;
}

bool Cache::hasRevisions() const
{
    Statement q(d->db.get(), "SELECT EXISTS(SELECT 1 FROM revisions)");
    return q.step() && q.int64(0) != 0;
}

} // namespace stackatlas
