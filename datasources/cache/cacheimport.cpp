// SPDX-License-Identifier: GPL-3.0-or-later
#include "cacheimport.h"

#include "cachebatchwriter.h"
#include "cacheprivate.h"

#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <unordered_set>

namespace stackatlas {

using cache::Statement;

struct CacheImport::Private
{
    explicit Private(sqlite3 *db)
        : db(db), tx(db), writer(db),
          addProv(db, "INSERT INTO provenance(source, endpoint, fetched_at, as_of)"
                      " VALUES(?,?,?,?)"),
          setAsOf(db, "UPDATE provenance SET as_of = ? WHERE id = ?"),
          stored(db, "SELECT provenance_id FROM points WHERE series_id = ? AND ts = ?"),
          insert(db, "INSERT INTO points(series_id, ts, value, provenance_id) VALUES(?,?,?,?)")
    {}
    Status prepared() const
    {
        if (!tx.beginStatus().isOk())
            return tx.beginStatus();
        for (const Statement *q : {&addProv, &setAsOf, &stored, &insert})
            if (!q->isValid())
                return Status::error(StatusCode::Internal, q->prepareError());
        return writer.prepared();
    }

    sqlite3 *db;
    cache::Transaction tx;
    cache::BatchWriter writer;
    Statement addProv, setAsOf, stored, insert;
    std::set<std::string> entities, sectors;
    // Series this import made: none of their points can exist yet, so a plain INSERT stores them
    // (a third cheaper than the upsert, which must look for a stored value first).
    std::unordered_set<std::int64_t> fresh;
    // This import's provenance rows -> their as-of. Until commit they carry a placeholder as-of of
    // their own (the UNIQUE key would otherwise join them to a row an import of the same file in the
    // same second made); commit settles them.
    std::map<std::int64_t, std::pair<Provenance, UnixSeconds>> ownProvenance;
    UnixSeconds nextPlaceholder = std::numeric_limits<UnixSeconds>::min();
    Status settle();
};

// Gives each of the import's provenance rows its real as-of, or, where an identical row exists,
// moves the import's points (and the revisions they made) to that row.
Status CacheImport::Private::settle()
{
    Statement find(
        db, "SELECT id FROM provenance WHERE source = ? AND endpoint = ? AND fetched_at = ? AND as_of = ?"
            " AND id <> ?");
    for (const auto &[id, entry] : ownProvenance) {
        const Provenance &p = entry.first;
        find.reset();
        find.bind(1, p.source).bind(2, p.endpoint).bind(3, p.fetchedAt).bind(4, entry.second).bind(5, id);
        const bool exists = find.step();
        if (find.failed())
            return Status::error(StatusCode::IoError, find.error());
        if (!exists) {
            setAsOf.reset();
            setAsOf.bind(1, entry.second).bind(2, id);
            setAsOf.step();
            if (setAsOf.failed())
                return Status::error(StatusCode::IoError, setAsOf.error());
            continue;
        }
        const std::string other = std::to_string(find.int64(0)), mine = std::to_string(id);
        if (Status s = cache::exec(
                db, "UPDATE points SET provenance_id = " + other + " WHERE provenance_id = " + mine +
                        "; UPDATE revisions SET replaced_by = " + other + " WHERE replaced_by = " + mine +
                        "; DELETE FROM provenance WHERE id = " + mine);
            !s.isOk())
            return s;
    }
    return Status::ok();
}

CacheImport::CacheImport(Cache &cache, std::unique_ptr<Private> d) : m_cache(cache), d(std::move(d)) {}
CacheImport::~CacheImport() = default;

Result<std::unique_ptr<CacheImport>> CacheImport::begin(Cache &cache)
{
    if (cache.isReadOnly())
        return Status::error(StatusCode::Refused, "the cache is open read-only");
    auto d = std::make_unique<Private>(cache.d->db.get());
    if (Status s = d->prepared(); !s.isOk())
        return s;
    Statement q(d->db, "SELECT id FROM entities");
    while (q.step())
        d->entities.insert(q.text(0));
    Statement c(d->db, "SELECT id FROM sectors");
    while (c.step())
        d->sectors.insert(c.text(0));
    if (q.failed() || c.failed())
        return Status::error(StatusCode::IoError, q.failed() ? q.error() : c.error());
    return std::unique_ptr<CacheImport>(new CacheImport(cache, std::move(d)));
}

Result<std::int64_t> CacheImport::series(const SeriesKey &key, const std::string &unit)
{
    Observation probe;
    probe.key = key;
    probe.unit = unit;
    if (const std::string why = cache::refusal(probe, d->entities, d->sectors); !why.empty())
        return Status::error(StatusCode::InvalidInput, why);
    const long long before = m_summary.series;
    auto id = d->writer.seriesId(probe, m_summary.series);
    if (id.isOk() && m_summary.series > before)
        d->fresh.insert(id.value());
    return id;
}

Result<std::int64_t> CacheImport::provenance(const Provenance &p)
{
    d->addProv.reset();
    d->addProv.bind(1, p.source).bind(2, p.endpoint).bind(3, p.fetchedAt).bind(4, d->nextPlaceholder++);
    d->addProv.step();
    if (d->addProv.failed())
        return Status::error(StatusCode::IoError, d->addProv.error());
    const std::int64_t id = sqlite3_last_insert_rowid(d->db);
    d->ownProvenance.emplace(id, std::make_pair(p, p.asOf));
    return id;
}

Status CacheImport::setAsOf(std::int64_t provenance, UnixSeconds asOf)
{
    const auto it = d->ownProvenance.find(provenance);
    if (it == d->ownProvenance.end())
        return Status::error(StatusCode::Internal, "not a provenance row of this import");
    it->second.second = asOf;
    return Status::ok();
}

Result<bool> CacheImport::wrote(std::int64_t series, UnixSeconds ts)
{
    d->stored.reset();
    d->stored.bind(1, series).bind(2, ts);
    const bool found = d->stored.step();
    if (d->stored.failed())
        return Status::error(StatusCode::IoError, d->stored.error());
    return found && d->ownProvenance.count(d->stored.int64(0)) > 0;
}

Status CacheImport::put(std::int64_t series, std::int64_t provenance, UnixSeconds ts, double value)
{
    if (!std::isfinite(value)) // NaN would be stored as NULL
        return Status::error(StatusCode::InvalidInput, "value is not a finite number");
    if (d->fresh.count(series)) {
        d->insert.reset();
        d->insert.bind(1, series).bind(2, ts).bind(3, value).bind(4, provenance);
        d->insert.step();
        if (d->insert.failed())
            return Status::error(StatusCode::IoError, d->insert.error());
        ++m_summary.points;
        return Status::ok();
    }
    Observation o;
    o.ts = ts;
    o.value = value;
    const auto changed = d->writer.upsertPoint(series, provenance, o);
    if (!changed.isOk())
        return changed.status();
    if (changed.value() == cache::BatchWriter::Change::None) {
        ++m_summary.unchanged;
    } else {
        ++m_summary.points;
        m_summary.replaced += changed.value() == cache::BatchWriter::Change::Replaced;
    }
    return Status::ok();
}

Status CacheImport::commit()
{
    Status s = d->settle();
    if (s.isOk())
        s = d->tx.commit();
    if (!s.isOk())
        return Status::error(StatusCode::IoError,
                             "could not commit the import, nothing was written: " + s.message());
    return s;
}

} // namespace stackatlas
