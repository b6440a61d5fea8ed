// SPDX-License-Identifier: GPL-3.0-or-later
#include "csvimporter.h"
#include "importruns.h"
#include "suspects.h"

#include "datasources/cache/cache.h"
#include "models/domain/csvmapping.h"

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
    return recordImportRuns(cache, perSource, static_cast<long long>(rejected), endpoint, started, bytes);
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

} // namespace stackatlas
