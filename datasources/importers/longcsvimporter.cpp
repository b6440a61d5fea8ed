// SPDX-License-Identifier: GPL-3.0-or-later
// The long CSV import, streamed: read in pieces, checked row by row, written as it goes inside
// one transaction (CacheImport), so memory stays flat whatever the file's size.
#include "csvimporter.h"
#include "importruns.h"
#include "suspects.h"

#include "datasources/cache/cacheimport.h"
#include "models/domain/csvreader.h"
#include "models/domain/longcsv.h"
#include "models/domain/outliers.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>

#include <unordered_map>

namespace stackatlas {
namespace {

constexpr qint64 kPieceBytes = qint64(4) << 20;
// Rows judged for outliers together: large enough that a series' neighbours are mostly in the
// batch, small enough that a batch's observations stay a few megabytes.
constexpr std::size_t kBatchRows = 1 << 16;

struct PendingRow
{
    std::size_t series = 0; // LongCsvRows index
    UnixSeconds ts = 0;
    double value = 0;
    std::optional<UnixSeconds> asOf;
    long line = 0;
};

class LongCsvStream
{
public:
    LongCsvStream(CacheImport &import, LongCsvRows rows, std::string endpoint, UnixSeconds started,
                  bool accept, CsvImportReport &report)
        : m_import(import), m_rows(std::move(rows)), m_endpoint(std::move(endpoint)), m_started(started),
          m_accept(accept), m_report(report)
    {}
    Status add(const CsvRecord &record);
    Status finish(); // the rows still pending, then each source's as-of
    void reject(long line, std::string why);
    const std::map<std::string, long long> &perSource() const { return m_perSource; }

private:
    struct SeriesState
    {
        std::int64_t id = -1; // in the cache, once the first row is written
        UnixSeconds lastTs = 0;
        long lastLine = 0;
        bool any = false;
    };
    std::optional<std::string> repeated(const PendingRow &row);
    Status flush();
    Result<std::int64_t> provenanceFor(const PendingRow &row, bool suspect);

    CacheImport &m_import;
    LongCsvRows m_rows;
    std::string m_endpoint;
    UnixSeconds m_started;
    bool m_accept;
    CsvImportReport &m_report;
    std::vector<SeriesState> m_state;
    std::vector<PendingRow> m_pending;
    std::map<std::pair<std::size_t, UnixSeconds>, long> m_pendingIndex; // -> line, once m_pendingIndexed
    bool m_pendingIndexed = false;
    // (source, explicit as-of or none, accepted as suspect) -> provenance id. Rows without an
    // as_of cell share one per source whose as-of is set when the file has been read.
    std::map<std::tuple<std::string, std::optional<UnixSeconds>, bool>, std::int64_t> m_provenance;
    std::map<std::string, UnixSeconds> m_newestBySource;
    std::map<std::string, long long> m_perSource;
};

void LongCsvStream::reject(long line, std::string why)
{
    if (m_report.rejected.size() < kListedRejections)
        m_report.rejected.push_back({line, std::move(why)});
    else
        ++m_report.rejectedNotListed;
}

// Why a row repeats one read before, or nothing. Rows of a series in time order (the usual file)
// cost a comparison; a row out of order is looked up among the pending rows, then in the cache.
std::optional<std::string> LongCsvStream::repeated(const PendingRow &row)
{
    SeriesState &s = m_state[row.series];
    if (!s.any || row.ts > s.lastTs)
        return std::nullopt;
    if (row.ts == s.lastTs)
        return "same series and time as line " + std::to_string(s.lastLine);
    // The batch's rows by (series, time), indexed from the first row out of order on.
    if (!m_pendingIndexed) {
        for (const PendingRow &p : m_pending)
            m_pendingIndex.emplace(std::make_pair(p.series, p.ts), p.line);
        m_pendingIndexed = true;
    }
    if (const auto it = m_pendingIndex.find({row.series, row.ts}); it != m_pendingIndex.end())
        return "same series and time as line " + std::to_string(it->second);
    if (s.id < 0)
        return std::nullopt;
    auto wrote = m_import.wrote(s.id, row.ts);
    if (wrote.isOk() && wrote.value())
        return std::string("same series and time as an earlier line of this file");
    return std::nullopt;
}

Status LongCsvStream::add(const CsvRecord &record)
{
    ++m_report.dataRows;
    std::string why;
    const auto row = m_rows.read(record, why);
    if (!row) {
        reject(record.line, std::move(why));
        return Status::ok();
    }
    if (m_state.size() < m_rows.series().size())
        m_state.resize(m_rows.series().size());
    const PendingRow pending{row->series, row->ts, row->value, row->asOf, record.line};
    if (auto again = repeated(pending)) {
        reject(record.line, std::move(*again));
        return Status::ok();
    }
    SeriesState &s = m_state[row->series];
    if (!s.any || row->ts > s.lastTs)
        s.lastTs = row->ts, s.lastLine = record.line;
    s.any = true;
    const std::string &source = m_rows.series()[row->series].key.source;
    auto &newest = m_newestBySource[source];
    newest = std::max(newest, row->ts);
    m_pending.push_back(pending);
    if (m_pendingIndexed)
        m_pendingIndex.emplace(std::make_pair(pending.series, pending.ts), pending.line);
    return m_pending.size() >= kBatchRows ? flush() : Status::ok();
}

Result<std::int64_t> LongCsvStream::provenanceFor(const PendingRow &row, bool suspect)
{
    const std::string &source = m_rows.series()[row.series].key.source;
    auto key = std::make_tuple(source, row.asOf, suspect);
    if (const auto it = m_provenance.find(key); it != m_provenance.end())
        return it->second;
    Provenance p{source, m_endpoint + (suspect ? " (accepted as suspect)" : ""), m_started,
                 row.asOf.value_or(0)};
    auto id = m_import.provenance(p);
    if (id.isOk())
        m_provenance.emplace(std::move(key), id.value());
    return id;
}

// Judges the pending rows for outliers with the values already stored (earlier batches included),
// then writes them.
Status LongCsvStream::flush()
{
    std::vector<Observation> judged;
    std::vector<std::size_t> rowOf;
    judged.reserve(m_pending.size());
    rowOf.reserve(m_pending.size());
    for (std::size_t i = 0; i < m_pending.size(); ++i) {
        const LongCsvRows::Series &series = m_rows.series()[m_pending[i].series];
        if (!isJudgedForOutliers(series.key.metric))
            continue;
        Observation &o = judged.emplace_back();
        o.key = series.key;
        o.unit = series.unit;
        o.ts = m_pending[i].ts;
        o.value = m_pending[i].value;
        rowOf.push_back(i);
    }
    auto suspects = judgeBatch(m_import.cache(), judged);
    if (!suspects.isOk())
        return suspects.status();
    std::vector<char> suspect(m_pending.size(), 0);
    for (const SuspectValue &s : suspects.value()) {
        suspect[rowOf[s.index]] = 1;
        (m_accept ? m_report.acceptedSuspects : m_report.heldSuspects)
            .push_back(describeSuspect(judged[s.index], s));
    }
    for (std::size_t i = 0; i < m_pending.size(); ++i) {
        const PendingRow &row = m_pending[i];
        if (suspect[i] && !m_accept)
            continue;
        SeriesState &s = m_state[row.series];
        if (s.id < 0) {
            const LongCsvRows::Series &series = m_rows.series()[row.series];
            auto id = m_import.series(series.key, series.unit);
            if (!id.isOk())
                return Status::error(id.status().code(), "line " + std::to_string(row.line) + ": " +
                                                             id.status().message() +
                                                             "; nothing was imported");
            s.id = id.value();
        }
        auto provenance = provenanceFor(row, suspect[i] != 0);
        if (!provenance.isOk())
            return provenance.status();
        if (Status put = m_import.put(s.id, provenance.value(), row.ts, row.value); !put.isOk())
            return Status::error(put.code(), "line " + std::to_string(row.line) + ": " + put.message());
        ++m_perSource[m_rows.series()[row.series].key.source];
    }
    m_pending.clear();
    m_pendingIndex.clear();
    m_pendingIndexed = false;
    return Status::ok();
}

Status LongCsvStream::finish()
{
    if (Status s = flush(); !s.isOk())
        return s;
    // Without an as_of column a file is as current as its newest row from that source.
    for (const auto &[key, id] : m_provenance)
        if (!std::get<1>(key))
            if (Status s = m_import.setAsOf(id, m_newestBySource[std::get<0>(key)]); !s.isOk())
                return s;
    return Status::ok();
}

} // namespace

Result<CsvImportReport> importCsvFile(Cache &cache, const QString &path, bool acceptSuspect,
                                      const ImportProgress &progress)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    const std::string name = absolute.toStdString();
    QFile file(absolute);
    if (!file.open(QIODevice::ReadOnly))
        return Status::error(StatusCode::IoError, name + ": " + file.errorString().toStdString());
    const qint64 total = file.isSequential() ? -1 : file.size();
    auto taxonomy = cache.taxonomy();
    if (!taxonomy.isOk())
        return taxonomy.status();
    auto import = CacheImport::begin(cache);
    if (!import.isOk())
        return Status::error(import.status().code(), name + ": " + import.status().message());
    const UnixSeconds started = QDateTime::currentSecsSinceEpoch();
    const std::string endpoint = "imported from " + name;

    CsvImportReport report;
    CsvStreamReader reader;
    std::optional<LongCsvStream> stream;
    QByteArray piece(kPieceBytes, Qt::Uninitialized);
    // Each record of a piece: the header makes the stream, the rest go through it.
    auto take = [&](CsvDocument doc) -> Status {
        for (LineIssue &issue : doc.issues) {
            if (stream)
                stream->reject(issue.line, std::move(issue.message));
            else
                report.rejected.push_back(std::move(issue));
        }
        for (const CsvRecord &record : doc.records) {
            if (!stream) {
                auto rows = LongCsvRows::fromHeader(record, taxonomy.value());
                if (!rows.isOk())
                    return rows.status();
                stream.emplace(*import.value(), std::move(rows.value()), endpoint, started, acceptSuspect,
                               report);
                continue;
            }
            if (Status s = stream->add(record); !s.isOk())
                return s;
        }
        return Status::ok();
    };
    while (true) {
        const qint64 n = file.read(piece.data(), piece.size());
        if (n < 0)
            return Status::error(StatusCode::IoError,
                                 name + ": " + file.errorString().toStdString() + "; nothing was imported");
        const bool end = n == 0;
        Status s =
            take(end ? reader.finish() : reader.feed(std::string_view(piece.constData(), std::size_t(n))));
        if (!s.isOk())
            return Status::error(s.code(), name + ": " + s.message());
        if (progress)
            progress(qint64(reader.bytesSeen()), total, report.dataRows);
        if (end)
            break;
    }
    if (!stream)
        return Status::error(StatusCode::InvalidInput,
                             name + ": no header row (expected entity,metric,unit,timestamp,value,source)");
    if (Status s = stream->finish(); !s.isOk())
        return Status::error(s.code(), name + ": " + s.message());
    std::sort(report.rejected.begin(), report.rejected.end(),
              [](const LineIssue &a, const LineIssue &b) { return a.line < b.line; });
    if (Status s = import.value()->commit(); !s.isOk())
        return Status::error(s.code(), name + ": " + s.message());
    report.written = import.value()->summary().points;
    report.replaced = import.value()->summary().replaced;
    report.unchanged = import.value()->summary().unchanged;
    const long long rejected = static_cast<long long>(report.rejected.size()) + report.rejectedNotListed;
    if (Status s = recordImportRuns(cache, stream->perSource(), rejected, endpoint, started,
                                    qint64(reader.bytesSeen()));
        !s.isOk())
        return Status::error(s.code(), name + ": " + s.message());
    return report;
}

} // namespace stackatlas
