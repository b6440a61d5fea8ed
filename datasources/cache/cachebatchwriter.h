// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sqlitehandle.h"

#include "models/domain/series.h"
#include "models/domain/status.h"

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>

namespace stackatlas::cache {

// One batch's prepared statements and the ids it has already found or made, so a million points of
// a few series cost a few lookups.
class BatchWriter
{
public:
    explicit BatchWriter(sqlite3 *db)
        : m_db(db),
          findSeries(
              db,
              "SELECT id, unit FROM series WHERE entity_id = ? AND metric = ? AND source = ? AND dims = ?"),
          addSeries(db, "INSERT INTO series(entity_id, metric, source, dims, unit) VALUES(?,?,?,?,?)"),
          findProv(
              db,
              "SELECT id FROM provenance WHERE source = ? AND endpoint = ? AND fetched_at = ? AND as_of = ?"),
          addProv(db, "INSERT INTO provenance(source, endpoint, fetched_at, as_of) VALUES(?,?,?,?)"),
          upsert(db, "INSERT INTO points(series_id, ts, value, provenance_id) VALUES(?,?,?,?)"
                     " ON CONFLICT(series_id, ts) DO UPDATE SET value = excluded.value,"
                     " provenance_id = excluded.provenance_id WHERE points.value IS NOT excluded.value")
    {}
    Status prepared() const
    {
        for (const Statement *q : {&findSeries, &addSeries, &findProv, &addProv, &upsert})
            if (!q->isValid())
                return Status::error(StatusCode::Internal, q->prepareError());
        return Status::ok();
    }
    // The series of `o`, made if new; a unit that contradicts the stored series is a conflict.
    Result<std::int64_t> seriesId(const Observation &o, long long &newSeries);
    Result<std::int64_t> provenanceId(const Provenance &p);
    // True when the point was new or its value changed; the same value again changes nothing,
    // not even its provenance, so re-reading an unchanged file leaves the cache as it was.
    enum class Change
    {
        None,
        Added,
        Replaced // the earlier value is kept as a revision
    };
    Result<Change> upsertPoint(std::int64_t series, std::int64_t provenance, const Observation &o)
    {
        upsert.reset();
        upsert.bind(1, series).bind(2, o.ts).bind(3, o.value).bind(4, provenance);
        const long long before = sqlite3_total_changes64(m_db);
        upsert.step();
        if (upsert.failed())
            return Status::error(StatusCode::IoError, upsert.error());
        // The revision trigger's insert counts in the total: two changes mean a value replaced.
        const long long changes = sqlite3_total_changes64(m_db) - before;
        return changes == 0 ? Change::None : changes == 1 ? Change::Added : Change::Replaced;
    }

private:
    sqlite3 *m_db;
    Statement findSeries, addSeries, findProv, addProv, upsert;
    std::map<std::pair<SeriesKey, std::string>, std::int64_t> seriesIds; // (key, unit) -> id
    std::map<std::tuple<std::string, std::string, UnixSeconds, UnixSeconds>, std::int64_t> provIds;
};

// Why a record may not be stored, or empty: an unknown entity or sector, a value that is not
// finite, a missing metric, unit or source, a unit that contradicts the metric's.
std::string refusal(const Observation &o, const std::set<std::string> &entities,
                    const std::set<std::string> &sectors);

} // namespace stackatlas::cache
