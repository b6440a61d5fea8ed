// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "csvimporter.h"

#include "datasources/cache/cacheimport.h"
#include "models/domain/longcsv.h"

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace stackatlas {

// How much of a file a streamed import reads at a time.
constexpr qint64 kImportPieceBytes = qint64(4) << 20;

// Rows judged for outliers and written together: large enough that a series' neighbours are
// mostly in the batch, small enough that two batches in flight stay a few megabytes.
constexpr std::size_t kBatchRows = 1 << 16;

struct ImportRow
{
    std::size_t series = 0; // index into the series the batches introduced, in order
    UnixSeconds ts = 0;
    double value = 0;
    std::optional<UnixSeconds> asOf;
    long line = 0;
};

// What the reader hands over: checked rows, the series they introduce, the rows it rejected.
struct ImportBatch
{
    std::vector<ImportRow> rows;
    std::vector<LongCsvRows::Series> newSeries; // series()[first..] in order
    std::vector<LineIssue> rejected;
    long long dataRows = 0;
    qint64 bytes = 0;
    bool last = false;
    Status error = Status::ok(); // the file cannot be read: nothing is imported
};

// The writing side: repeated rows, outliers, provenance and the points themselves.
class ImportWriter
{
public:
    ImportWriter(CacheImport &import, std::string endpoint, UnixSeconds started, bool accept,
                 CsvImportReport &report)
        : m_import(import), m_endpoint(std::move(endpoint)), m_started(started), m_accept(accept),
          m_report(report)
    {}
    Status take(ImportBatch &batch);
    // The end of the input: each source's as-of set, the rejections in line order, the transaction
    // committed, the report's counts filled and one import run recorded per source.
    Status commit(qint64 bytesRead);
    const std::map<std::string, long long> &perSource() const { return m_perSource; }

private:
    struct SeriesState
    {
        std::int64_t id = -1; // in the cache, once the first row is written
        UnixSeconds lastTs = 0;
        long lastLine = 0;
        bool any = false;
    };
    void reject(long line, std::string why);
    std::string outOfBounds(const ImportRow &row) const;
    std::optional<std::string> repeated(const ImportRow &row);
    Status write();
    Result<std::int64_t> provenanceFor(const ImportRow &row, bool suspect);

    CacheImport &m_import;
    std::string m_endpoint;
    UnixSeconds m_started;
    bool m_accept;
    CsvImportReport &m_report;
    std::vector<LongCsvRows::Series> m_series;
    std::vector<std::string> m_seriesProblem; // per series: why its texts are refused, or ""
    std::vector<SeriesState> m_state;
    std::vector<ImportRow> m_pending;
    std::map<std::pair<std::size_t, UnixSeconds>, long> m_pendingIndex; // -> line, once m_pendingIndexed
    bool m_pendingIndexed = false;
    // (source, explicit as-of or none, accepted as suspect) -> provenance id. Rows without an
    // as_of cell share one per source whose as-of is set when the file has been read.
    std::map<std::tuple<std::string, std::optional<UnixSeconds>, bool>, std::int64_t> m_provenance;
    std::map<std::string, UnixSeconds> m_newestBySource;
    std::map<std::string, long long> m_perSource;
};

} // namespace stackatlas
