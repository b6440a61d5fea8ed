// SPDX-License-Identifier: GPL-3.0-or-later
#include "csvimporter.h"

#include "datasources/cache/cache.h"
#include "models/domain/longcsv.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>

#include <map>

namespace stackatlas {
namespace {
constexpr qint64 kMaxCsvBytes = qint64(512) << 20;
}

Result<CsvImportReport> importCsvFile(Cache &cache, const QString &path)
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
    auto written = cache.write(parsed.value().observations);
    if (!written.isOk())
        return Status::error(written.status().code(),
                             absolute.toStdString() + ": " + written.status().message());
    report.written = written.value().points;

    std::map<std::string, long long> perSource;
    for (const auto &o : parsed.value().observations)
        ++perSource[o.key.source];
    for (const auto &[source, count] : perSource) {
        FetchRun run;
        run.source = source;
        run.kind = "import";
        run.startedAt = started;
        run.endedAt = QDateTime::currentSecsSinceEpoch();
        run.status = report.rejected.empty() ? "ok" : "partial";
        run.bytes = bytes.size();
        run.records = count;
        run.rejected = static_cast<long long>(report.rejected.size());
        run.endpoint = endpoint;
        cache.recordRun(run);
    }
    return report;
}

} // namespace stackatlas
