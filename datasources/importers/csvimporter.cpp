// SPDX-License-Identifier: GPL-3.0-or-later
// The mapped CSV import, streamed: the file read in pieces, each piece's records mapped by the
// spec (CsvMappingStream) and written through the same ImportWriter the long CSV import uses, in
// one transaction, so memory does not grow with the file.
#include "csvimporter.h"
#include "importwriter.h"

#include "datasources/boundedread.h"

#include "datasources/cache/cacheimport.h"
#include "models/domain/csvmapping.h"
#include "models/domain/csvreader.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>

#include <map>

namespace stackatlas {
namespace {

Result<QByteArray> readSpec(const QString &absolute)
{
    QFile file(absolute);
    if (!file.open(QIODevice::ReadOnly))
        return Status::error(StatusCode::IoError,
                             absolute.toStdString() + ": " + file.errorString().toStdString());
    if (file.size() > (1 << 20))
        return Status::error(StatusCode::InvalidInput, absolute.toStdString() + ": larger than 1 MiB");
    auto read = readBounded(file, 1 << 20);
    if (!read.isOk())
        return Status::error(read.status().code(), absolute.toStdString() + ": " + read.status().message());
    return read;
}

// One piece's observations as the writer takes them: each series numbered the first time it
// appears, its rows by number.
class SeriesNumbering
{
public:
    ImportBatch batch(MappedCsv mapped)
    {
        ImportBatch b;
        b.rejected = std::move(mapped.rejected);
        b.rows.reserve(mapped.observations.size());
        for (std::size_t i = 0; i < mapped.observations.size(); ++i) {
            Observation &o = mapped.observations[i];
            auto [it, added] = m_index.try_emplace({o.key, o.unit}, m_index.size());
            if (added)
                b.newSeries.push_back({o.key, o.unit});
            b.rows.push_back({it->second, o.ts, o.value, o.provenance.asOf, mapped.observationLines[i]});
        }
        return b;
    }

private:
    std::map<std::pair<SeriesKey, std::string>, std::size_t> m_index;
};

} // namespace

Result<MappedImportReport> importMappedCsvFile(Cache &cache, const QString &specPath, const QString &csvPath,
                                               const MappingOverrides &overrides,
                                               const std::string &displayName, bool acceptSuspect)
{
    const QString spec = QFileInfo(specPath).absoluteFilePath();
    const QString csv = QFileInfo(csvPath).absoluteFilePath();
    const std::string name = csv.toStdString();
    auto specBytes = readSpec(spec);
    if (!specBytes.isOk())
        return specBytes.status();
    auto mapping = parseCsvMapping(
        std::string_view(specBytes.value().constData(), std::size_t(specBytes.value().size())),
        spec.toStdString());
    if (!mapping.isOk())
        return mapping.status();
    QFile file(csv);
    if (!file.open(QIODevice::ReadOnly))
        return Status::error(StatusCode::IoError, name + ": " + file.errorString().toStdString());
    auto taxonomy = cache.taxonomy();
    if (!taxonomy.isOk())
        return taxonomy.status();
    auto import = CacheImport::begin(cache);
    if (!import.isOk())
        return Status::error(import.status().code(), name + ": " + import.status().message());
    const UnixSeconds started = QDateTime::currentSecsSinceEpoch();
    const std::string endpoint =
        "imported from " + (displayName.empty() ? name : displayName) + " (" + mapping.value().dataset +
        (mapping.value().provenanceNote.empty() ? std::string() : "; " + mapping.value().provenanceNote) +
        ")";

    MappedImportReport report;
    report.dataset = mapping.value().dataset;
    ImportWriter writer(*import.value(), endpoint, started, acceptSuspect, report);
    CsvMappingStream stream(mapping.value(), name, taxonomy.value(), endpoint, started, overrides);
    CsvStreamReader reader;
    SeriesNumbering numbering;
    MappedCsv counts;
    QByteArray piece(kImportPieceBytes, Qt::Uninitialized);
    while (true) {
        const qint64 n = file.read(piece.data(), piece.size());
        if (n < 0)
            return Status::error(StatusCode::IoError,
                                 name + ": " + file.errorString().toStdString() + "; nothing was imported");
        Status s = stream.take(n == 0 ? reader.finish()
                                      : reader.feed(std::string_view(piece.constData(), std::size_t(n))));
        if (s.isOk() && n == 0)
            s = stream.finish();
        if (!s.isOk())
            return s;
        MappedCsv mapped = stream.takeMapped();
        // The counts run on across pieces: the last piece's are the file's.
        counts.dataRows = mapped.dataRows;
        counts.filtered = mapped.filtered;
        counts.emptyCells = mapped.emptyCells;
        counts.otherEntities = mapped.otherEntities;
        counts.skippedNames = mapped.skippedNames;
        ImportBatch batch = numbering.batch(std::move(mapped));
        if (s = writer.take(batch); !s.isOk())
            return Status::error(s.code(), name + ": " + s.message());
        if (n == 0)
            break;
    }
    report.dataRows = counts.dataRows;
    report.filtered = counts.filtered;
    report.emptyCells = counts.emptyCells;
    report.otherEntities = counts.otherEntities;
    report.skippedNames = counts.skippedNames;
    if (Status s = writer.commit(qint64(reader.bytesSeen())); !s.isOk())
        return Status::error(s.code(), name + ": " + s.message());
    return report;
}

} // namespace stackatlas
