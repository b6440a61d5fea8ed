// SPDX-License-Identifier: GPL-3.0-or-later
// The long CSV import, streamed and on two cores: a reader thread reads the file in pieces and
// checks each row (LongCsvRows); the calling thread, which owns the cache connection, finds
// repeated rows, judges outliers and writes, inside one transaction (CacheImport). Between them
// a queue of at most two batches, so memory stays flat whatever the file's size.
#include "csvimporter.h"
#include "importwriter.h"

#include "datasources/cache/cacheimport.h"
#include "datasources/http/canceltoken.h"
#include "models/domain/csvreader.h"
#include "models/domain/longcsv.h"

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

constexpr std::size_t kQueuedBatches = 2;

// The reader thread: pieces of the file to batches of checked rows.
class Reader
{
public:
    Reader(QFile &file, const Taxonomy &taxonomy) : m_file(file), m_taxonomy(taxonomy) {}
    void run();                        // on the reader thread
    std::optional<ImportBatch> next(); // on the writing thread; nullopt after the last
    void stop();                       // the writer failed: the reader ends at its next batch

private:
    void take(CsvDocument doc);
    void hand(bool last);

    QFile &m_file;
    const Taxonomy &m_taxonomy;
    std::optional<LongCsvRows> m_rows;
    std::size_t m_handedSeries = 0;
    CsvStreamReader m_csv;
    ImportBatch m_batch;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<ImportBatch> m_queue;
    bool m_done = false;
    std::atomic<bool> m_stop = false;
};

void Reader::take(CsvDocument doc)
{
    // An over-long first line is no header (a binary file, a device such as /dev/zero): stop at
    // once instead of skipping line after line of an input that may never end.
    if (!m_rows && !doc.issues.empty() &&
        (doc.records.empty() || doc.records.front().line > doc.issues.front().line)) {
        m_batch.error =
            Status::error(StatusCode::InvalidInput, overlongBeforeHeader(doc.issues.front().line));
        return;
    }
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
    m_batch = ImportBatch();
    m_changed.notify_all();
}

void Reader::run()
{
    QByteArray piece(kImportPieceBytes, Qt::Uninitialized);
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

std::optional<ImportBatch> Reader::next()
{
    std::unique_lock lock(m_mutex);
    if (m_done)
        return std::nullopt;
    m_changed.wait(lock, [this] { return !m_queue.empty(); });
    ImportBatch b = std::move(m_queue.front());
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

// Every batch through the writer; the reader stopped and joined whatever happens.
Status readAndWrite(QFile &file, const Taxonomy &taxonomy, ImportWriter &writer,
                    const ImportProgress &progress, const CancelToken *cancel, qint64 &bytes)
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
        // Between batches, so what was written so far goes back with the transaction.
        if (cancel && cancel->isCancelled()) {
            status = Status::error(StatusCode::Cancelled, "import cancelled: nothing of it was kept");
            break;
        }
    }
    reader.stop();
    thread.join();
    return status;
}

} // namespace

Result<CsvImportReport> importCsvFile(Cache &cache, const QString &path, bool acceptSuspect,
                                      const ImportProgress &progress, const CancelToken *cancel)
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
    ImportWriter writer(*import.value(), endpoint, started, acceptSuspect, report);
    qint64 bytes = 0;
    if (Status s = readAndWrite(file, taxonomy.value(), writer, progress, cancel, bytes); !s.isOk())
        return Status::error(s.code(), name + ": " + s.message());
    if (Status s = writer.commit(bytes); !s.isOk())
        return Status::error(s.code(), name + ": " + s.message());
    return report;
}

} // namespace stackatlas
