// SPDX-License-Identifier: GPL-3.0-or-later
#include "csvimporter.h"
#include "suspects.h"

#include "datasources/cache/cache.h"
#include "models/domain/csvmapping.h"
#include "models/domain/longcsv.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>

#include <map>

namespace stackatlas {
namespace {
constexpr qint64 kMaxCsvBytes = qint64(512) << 20;
}

namespace {

Result<QByteArray> readWhole(const QString &absolute, qint64 limit)
{
    QFile file(absolute);
    if (!file.open(QIODevice::ReadOnly))
        return Status::error(StatusCode::IoError,
                             absolute.toStdString() + ": " + file.errorString().toStdString());
    if (file.size() > limit)
        return Status::error(StatusCode::InvalidInput, absolute.toStdString() + ": too large");
    return file.readAll();
}

// Writes the good rows as one transaction and records one import run per source.
Status writeImport(Cache &cache, std::vector<Observation> observations, std::size_t rejected,
                   const std::string &endpoint, UnixSeconds started, long long bytes, CsvImportReport &report,
                   bool acceptSuspect)
{
    // Outliers are held back (or stored marked, on request) and named, never stored unremarked.
    auto screened = screenSuspects(cache, observations, acceptSuspect);
    if (!screened.isOk())
        return screened.status();
    report.heldSuspects = std::move(screened.value().held);
    report.acceptedSuspects = std::move(screened.value().accepted);
    auto w = cache.write(observations);
    if (!w.isOk())
        return w.status();
    report.written = w.value().points;
    report.replaced = w.value().replaced;
    report.unchanged = w.value().unchanged;
    std::map<std::string, long long> perSource;
    for (const auto &o : observations)
        ++perSource[o.key.source];
    for (const auto &[source, count] : perSource) {
        FetchRun run;
        run.source = source;
        run.kind = "import";
        run.startedAt = started;
        run.endedAt = QDateTime::currentSecsSinceEpoch();
        run.status = rejected == 0 ? "ok" : "partial";
        run.bytes = bytes;
        run.records = count;
        run.rejected = static_cast<long long>(rejected);
        run.endpoint = endpoint;
        if (Status s = cache.recordRun(run); !s.isOk())
            return Status::error(s.code(),
                                 "the values were stored, but the run could not be recorded: " + s.message());
    }
    return Status::ok();
}

} // namespace

Result<MappedImportReport> importMappedCsvFile(Cache &cache, const QString &specPath, const QString &csvPath,
                                               const MappingOverrides &overrides,
                                               const std::string &displayName, bool acceptSuspect)
{
    const QString spec = QFileInfo(specPath).absoluteFilePath();
    const QString csv = QFileInfo(csvPath).absoluteFilePath();
    auto specBytes = readWhole(spec, 1 << 20);
    if (!specBytes.isOk())
        return specBytes.status();
    auto mapping = parseCsvMapping(
        std::string_view(specBytes.value().constData(), std::size_t(specBytes.value().size())),
        spec.toStdString());
    if (!mapping.isOk())
        return mapping.status();
    auto bytes = readWhole(csv, kMaxCsvBytes);
    if (!bytes.isOk())
        return bytes.status();
    auto taxonomy = cache.taxonomy();
    if (!taxonomy.isOk())
        return taxonomy.status();
    const UnixSeconds started = QDateTime::currentSecsSinceEpoch();
    const std::string endpoint = "imported from " + (displayName.empty() ? csv.toStdString() : displayName) +
                                 " (" + mapping.value().dataset + ")";
    auto mapped = applyCsvMapping(
        mapping.value(), std::string_view(bytes.value().constData(), std::size_t(bytes.value().size())),
        csv.toStdString(), taxonomy.value(), endpoint, started, overrides);
    if (!mapped.isOk())
        return mapped.status();
    MappedImportReport report;
    report.dataset = mapping.value().dataset;
    report.dataRows = mapped.value().dataRows;
    report.rejected = mapped.value().rejected;
    report.filtered = mapped.value().filtered;
    report.emptyCells = mapped.value().emptyCells;
    report.otherEntities = mapped.value().otherEntities;
    report.skippedNames = mapped.value().skippedNames;
    if (Status s = writeImport(cache, mapped.value().observations, report.rejected.size(), endpoint, started,
                               bytes.value().size(), report, acceptSuspect);
        !s.isOk())
        return Status::error(s.code(), csv.toStdString() + ": " + s.message());
    return report;
}

Result<CsvImportReport> importCsvFile(Cache &cache, const QString &path, bool acceptSuspect)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QFile file(absolute);
    if (!file.open(QIODevice::ReadOnly))
        return Status::error(StatusCode::IoError,
                             absolute.toStdString() + ": " + file.errorString().toStdString());
    if (file.size() > kMaxCsvBytes)
        return Status::error(StatusCode::InvalidInput, absolute.toStdString() + ": larger than 512 MiB");
    const QByteArray bytes = file.readAll();
    const UnixSeconds started = QDateTime::currentSecsSinceEpoch();

    auto taxonomy = cache.taxonomy();
    if (!taxonomy.isOk())
        return taxonomy.status();
    const std::string endpoint = "imported from " + absolute.toStdString();
    auto parsed = parseLongCsv(std::string_view(bytes.constData(), std::size_t(bytes.size())),
                               taxonomy.value(), endpoint, started);
    if (!parsed.isOk())
        return Status::error(parsed.status().code(),
                             absolute.toStdString() + ": " + parsed.status().message());

    CsvImportReport report;
    report.dataRows = parsed.value().dataRows;
    report.rejected = parsed.value().rejected;
    if (Status st = writeImport(cache, parsed.value().observations, report.rejected.size(), endpoint, started,
                                bytes.size(), report, acceptSuspect);
        !st.isOk())
        return Status::error(st.code(), absolute.toStdString() + ": " + st.message());
    return report;
}

} // namespace stackatlas
