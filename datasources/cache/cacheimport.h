// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cache.h"

#include <cstdint>
#include <memory>
#include <optional>

namespace stackatlas {

// An import too large to hold in memory, written to the cache as it is read and in one
// transaction: no other connection sees any of it, and a crash, a kill or an error keeps none of
// it, until commit(). Destroyed uncommitted, it rolls everything back.
//
// Points are written under provenance rows of the import's own, never shared with an earlier
// import, so a repeated row of the same file can be told from a value stored before.
class CacheImport
{
public:
    static Result<std::unique_ptr<CacheImport>> begin(Cache &cache);
    ~CacheImport();
    CacheImport(const CacheImport &) = delete;
    CacheImport &operator=(const CacheImport &) = delete;

    Cache &cache() { return m_cache; }

    // The series' id, made if new; refused as Cache::write refuses (unknown entity or sector, a
    // unit that contradicts the metric or the stored series).
    Result<std::int64_t> series(const SeriesKey &key, const std::string &unit);
    Result<std::int64_t> provenance(const Provenance &p);
    // Sets the as-of of a provenance row this import made (known only once the file is read).
    Status setAsOf(std::int64_t provenance, UnixSeconds asOf);
    // Whether this import has already written the series' point at ts.
    Result<bool> wrote(std::int64_t series, UnixSeconds ts);
    // Stores a finite value; counted in summary().
    Status put(std::int64_t series, std::int64_t provenance, UnixSeconds ts, double value);
    const Cache::WriteSummary &summary() const { return m_summary; }

    Status commit();

private:
    struct Private;
    CacheImport(Cache &cache, std::unique_ptr<Private> d);
    Cache &m_cache;
    std::unique_ptr<Private> d;
    Cache::WriteSummary m_summary;
};

} // namespace stackatlas
