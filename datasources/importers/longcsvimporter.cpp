// SPDX-License-Identifier: GPL-3.0-or-later
// The long CSV import, streamed and on two cores: a reader thread reads the file in pieces and
// checks each row (LongCsvRows); the calling thread, which owns the cache connection, finds
// repeated rows, judges outliers and writes, inside one transaction (CacheImport). Between them
// a queue of at most two batches, so memory stays flat whatever the file's size.
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

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace stackatlas {
namespace {

constexpr qint64 kPieceBytes = qint64(4) << 20;
// Rows judged for outliers and written together: large enough that a series' neighbours are
// mostly in the batch, small enough that two batches in flight stay a few megabytes.
constexpr std::size_t kBatchRows = 1 << 16;
constexpr std::size_t kQueuedBatches = 2;

struct PendingRow
{
    std::size_t series = 0; // LongCsvRows index
    UnixSeconds ts = 0;
    double value = 0;
    std::optional<UnixSeconds> asOf;
    long line = 0;
};

// What the reader hands over: checked rows, the series they introduce, the rows it rejected.
struct Batch
{
    std::vector<PendingRow> rows;
    std::vector<LongCsvRows::Series> newSeries; // series()[first..] in order
    std::vector<LineIssue> rejected;
    long long dataRows = 0;
    qint64 bytes = 0;
    bool last = false;
    Status error = Status::ok(); // the file cannot be read: nothing is imported
};

// The reader thread: pieces of the file to batches of checked rows.
class Reader
{
public:
    Reader(QFile &file, const Taxonomy &taxonomy) : m_file(file), m_taxonomy(taxonomy) {}
    void run();                  // on the reader thread
    std::optional<Batch> next(); // on the writing thread; nullopt after the last
    void stop();                 // the writer failed: the reader ends at its next batch

private:
    void take(CsvDocument doc);
    void hand(bool last);

    QFile &m_file;
    const Taxonomy &m_taxonomy;
    std::optional<LongCsvRows> m_rows;
    std::size_t m_handedSeries = 0;
    CsvStreamReader m_csv;
    Batch m_batch;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Batch> m_queue;
    bool m_done = false;
    std::atomic<bool> m_stop = false;
};

void Reader::take(CsvDocument doc)
{
    for (LineIssue &issue : doc.issues)
        m_batch.rejected.push_back(std::move(issue));
    std::string why;
    for (const CsvRecord &record : doc.records) {
        if (!m_rows) {
            auto rows = LongCsvRows::fromHeader(record, m_taxonomy);
            if (!rows.isOk()) {
                m_batch.error = rows.status();
                return;
            }
            m_rows.emplace(std::move(rows.value()));
            continue;
        }
        ++m_batch.dataRows;
        why.clear();
        if (const auto row = m_rows->read(record, why))
            m_batch.rows.push_back({row->series, row->ts, row->value, row->asOf, record.line});
        else
            m_batch.rejected.push_back({record.line, std::move(why)});
        if (m_batch.rows.size() >= kBatchRows)
            hand(false);
    }
}

void Reader::hand(bool last)
{
    if (m_rows)
        for (; m_handedSeries < m_rows->series().size(); ++m_handedSeries)
            m_batch.newSeries.push_back(m_rows->series()[m_handedSeries]);
    m_batch.bytes = qint64(m_csv.bytesSeen());
    m_batch.last = last;
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return m_queue.size() < kQueuedBatches || m_stop; });
    m_queue.push_back(std::move(m_batch));
    m_batch = Batch();
    m_changed.notify_all();
}

void Reader::run()
{
    QByteArray piece(kPieceBytes, Qt::Uninitialized);
    while (!m_stop) {
        const qint64 n = m_file.read(piece.data(), piece.size());
        if (n < 0)
            m_batch.error = Status::error(StatusCode::IoError, m_file.errorString().toStdString());
        else
            take(n == 0 ? m_csv.finish() : m_csv.feed(std::string_view(piece.constData(), std::size_t(n))));
        if (m_batch.error.isOk() && n == 0 && !m_rows)
            m_batch.error =
                Status::error(StatusCode::InvalidInput,
                              "no header row (expected entity,metric,unit,timestamp,value,source)");
        if (n <= 0 || !m_batch.error.isOk()) {
            hand(true);
            return;
        }
    }
}

std::optional<Batch> Reader::next()
{
    std::unique_lock lock(m_mutex);
    if (m_done)
        return std::nullopt;
    m_changed.wait(lock, [this] { return !m_queue.empty(); });
    Batch b = std::move(m_queue.front());
    m_queue.pop_front();
    m_done = b.last;
    m_changed.notify_all();
    return b;
}

void Reader::stop()
{
    std::lock_guard lock(m_mutex);
    m_stop = true;
    m_queue.clear();
    m_changed.notify_all();
}

// The writing side: repeated rows, outliers, provenance and the points themselves.
class Writer
{
public:
    Writer(CacheImport &import, std::string endpoint, UnixSeconds started, bool accept,
           CsvImportReport &report)
        : m_import(import), m_endpoint(std::move(endpoint)), m_started(started), m_accept(accept),
          m_report(report)
    {}
    Status take(Batch &batch);
    Status finish(); // each source's as-of
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
    std::optional<std::string> repeated(const PendingRow &row);
    Status write();
    Result<std::int64_t> provenanceFor(const PendingRow &row, bool suspect);

    CacheImport &m_import;
    std::string m_endpoint;
    UnixSeconds m_started;
    bool m_accept;
    CsvImportReport &m_report;
    std::vector<LongCsvRows::Series> m_series;
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

void Writer::reject(long line, std::string why)
{
    if (m_report.rejected.size() < kListedRejections)
        m_report.rejected.push_back({line, std::move(why)});
    else
        ++m_report.rejectedNotListed;
}

// Why a row repeats one read before, or nothing. Rows of a series in time order (the usual file)
// cost a comparison; a row out of order is looked up among the pending rows, then in the cache.
std::optional<std::string> Writer::repeated(const PendingRow &row)
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

Status Writer::take(Batch &batch)
{
    for (auto &series : batch.newSeries)
        m_series.push_back(std::move(series));
    m_state.resize(m_series.size());
    m_report.dataRows += batch.dataRows;
    for (LineIssue &issue : batch.rejected)
        reject(issue.line, std::move(issue.message));
    for (const PendingRow &row : batch.rows) {
        if (auto again = repeated(row)) {
            reject(row.line, std::move(*again));
            continue;
        }
        SeriesState &s = m_state[row.series];
        if (!s.any || row.ts > s.lastTs)
            s.lastTs = row.ts, s.lastLine = row.line;
        s.any = true;
        auto &newest = m_newestBySource[m_series[row.series].key.source];
        newest = std::max(newest, row.ts);
        m_pending.push_back(row);
        if (m_pendingIndexed)
            m_pendingIndex.emplace(std::make_pair(row.series, row.ts), row.line);
    }
    return write();
}

Result<std::int64_t> Writer::provenanceFor(const PendingRow &row, bool suspect)
{
    const std::string &source = m_series[row.series].key.source;
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
Status Writer::write()
{
    // The batch by series, as the outlier rule judges it: no key is copied a row.
    std::vector<std::vector<JudgedValue>> bySeries(m_series.size());
    for (std::size_t i = 0; i < m_pending.size(); ++i)
        if (isJudgedForOutliers(m_series[m_pending[i].series].key.metric))
            bySeries[m_pending[i].series].push_back({m_pending[i].ts, m_pending[i].value, i});
    std::vector<SeriesToJudge> judged;
    for (std::size_t series = 0; series < bySeries.size(); ++series)
        if (!bySeries[series].empty())
            judged.push_back({m_series[series].key, m_series[series].unit, std::move(bySeries[series])});
    auto suspects = judgeSeriesBatch(m_import.cache(), std::move(judged));
    if (!suspects.isOk())
        return suspects.status();
    std::vector<char> suspect(m_pending.size(), 0);
    for (const JudgedSuspect &s : suspects.value()) {
        suspect[s.suspect.index] = 1;
        (m_accept ? m_report.acceptedSuspects : m_report.heldSuspects)
            .push_back(describeSuspect(s.observation, s.suspect));
    }
    for (std::size_t i = 0; i < m_pending.size(); ++i) {
        const PendingRow &row = m_pending[i];
        if (suspect[i] && !m_accept)
            continue;
        SeriesState &s = m_state[row.series];
        if (s.id < 0) {
            const LongCsvRows::Series &series = m_series[row.series];
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
        ++m_perSource[m_series[row.series].key.source];
    }
    m_pending.clear();
    m_pendingIndex.clear();
    m_pendingIndexed = false;
    return Status::ok();
}

Status Writer::finish()
{
    // Without an as_of column a file is as current as its newest row from that source.
    for (const auto &[key, id] : m_provenance)
        if (!std::get<1>(key))
            if (Status s = m_import.setAsOf(id, m_newestBySource[std::get<0>(key)]); !s.isOk())
                return s;
    return Status::ok();
}

// Every batch through the writer; the reader stopped and joined whatever happens.
Status readAndWrite(QFile &file, const Taxonomy &taxonomy, Writer &writer, const ImportProgress &progress,
                    qint64 &bytes)
{
    const qint64 total = file.isSequential() ? -1 : file.size();
    Reader reader(file, taxonomy);
    std::thread thread([&reader] { reader.run(); });
    Status status = Status::ok();
    long long rows = 0;
    while (auto batch = reader.next()) {
        status = batch->error.isOk() ? writer.take(*batch) : batch->error;
        if (!status.isOk())
            break;
        rows += batch->dataRows;
        bytes = batch->bytes;
        if (progress)
            progress(batch->bytes, total, rows);
    }
    reader.stop();
    thread.join();
    return status.isOk() ? writer.finish() : status;
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
    auto taxonomy = cache.taxonomy();
    if (!taxonomy.isOk())
        return taxonomy.status();
    auto import = CacheImport::begin(cache);
    if (!import.isOk())
        return Status::error(import.status().code(), name + ": " + import.status().message());
    const UnixSeconds started = QDateTime::currentSecsSinceEpoch();
    const std::string endpoint = "imported from " + name;

    CsvImportReport report;
    Writer writer(*import.value(), endpoint, started, acceptSuspect, report);
    qint64 bytes = 0;
    if (Status s = readAndWrite(file, taxonomy.value(), writer, progress, bytes); !s.isOk())
        return Status::error(s.code(), name + ": " + s.message());
    std::sort(report.rejected.begin(), report.rejected.end(),
              [](const LineIssue &a, const LineIssue &b) { return a.line < b.line; });
    if (Status s = import.value()->commit(); !s.isOk())
        return Status::error(s.code(), name + ": " + s.message());
    report.written = import.value()->summary().points;
    report.replaced = import.value()->summary().replaced;
    report.unchanged = import.value()->summary().unchanged;
    const long long rejected = static_cast<long long>(report.rejected.size()) + report.rejectedNotListed;
    if (Status s = recordImportRuns(cache, writer.perSource(), rejected, endpoint, started, bytes); !s.isOk())
        return Status::error(s.code(), name + ": " + s.message());
    return report;
}

} // namespace stackatlas
