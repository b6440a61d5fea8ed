// SPDX-License-Identifier: GPL-3.0-or-later
#include "payloadimporter.h"
#include "suspects.h"

#include "datasources/cache/cache.h"
#include "datasources/sourceadapter.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>

namespace stackatlas {

bool payloadNeedsAsOf(const std::string &kind)
{
    return kind == "offers" || kind == "gpu_prices" || kind == "protocols" || kind == "fees_overview";
}

Result<PayloadImportReport> importPayloadFile(Cache &cache, const PayloadImport &what)
{
    if (!what.adapter)
        return Status::error(StatusCode::InvalidInput, "no source");
    if (payloadNeedsAsOf(what.kind) && !what.asOf) {
        return Status::error(StatusCode::InvalidInput,
                             what.kind +
                                 " payloads carry no time of their own: give --as-of (when it was captured)");
    }
    // Every price and value the cache keeps is USD; a payload quoted otherwise would land as USD.
    if (what.quote != "usd")
        return Status::error(
            StatusCode::InvalidInput,
            "the payload is quoted in " + what.quote +
                "; StackAtlas stores USD figures only (fetch it again with vs_currency=usd)");
    const QString path = QFileInfo(what.path).absoluteFilePath();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Status::error(StatusCode::IoError,
                             path.toStdString() + ": " + file.errorString().toStdString());
    if (file.size() > (64 << 20))
        return Status::error(StatusCode::InvalidInput, path.toStdString() + ": larger than 64 MiB");
    const QByteArray bytes = file.readAll();
    auto taxonomy = cache.taxonomy();
    if (!taxonomy.isOk())
        return taxonomy.status();

    PayloadContext ctx;
    ctx.taxonomy = &taxonomy.value();
    ctx.source = what.adapter->info().id;
    ctx.dataType = what.dataType;
    ctx.asOf = what.asOf;
    if (!what.entity.empty()) {
        const Entity *e = taxonomy.value().entityBySpelling(what.entity);
        if (!e)
            return Status::error(StatusCode::InvalidInput, "unknown entity \"" + what.entity + "\"");
        ctx.entityId = e->id;
    }
    ctx.endpoint = "imported from " + (what.displayName.empty() ? path.toStdString() : what.displayName) +
                   " (quoted in USD)";
    ctx.fetchedAt = QDateTime::currentSecsSinceEpoch();

    FetchRun run;
    run.source = ctx.source;
    run.kind = "import";
    run.startedAt = ctx.fetchedAt;
    run.bytes = bytes.size();
    run.endpoint = ctx.endpoint;
    auto parsed = what.adapter->parsePayload(
        what.kind, std::string_view(bytes.constData(), std::size_t(bytes.size())), ctx);
    if (!parsed.isOk()) {
        run.status = "failed";
        run.error = parsed.status().message();
        run.endedAt = QDateTime::currentSecsSinceEpoch();
        std::string message = path.toStdString() + ": " + parsed.status().message();
        if (Status s = cache.recordRun(run); !s.isOk())
            message += " (and the failed run could not be recorded: " + s.message() + ")";
        return Status::error(parsed.status().code(), message);
    }
    auto screened = screenSuspects(cache, parsed.value().observations, what.acceptSuspect);
    if (!screened.isOk())
        return screened.status();
    auto written = cache.write(parsed.value().observations);
    if (!written.isOk())
        return written.status();
    run.status = "ok";
    run.records = written.value().points;
    run.rejected = static_cast<long long>(parsed.value().warnings.size());
    run.endedAt = QDateTime::currentSecsSinceEpoch();
    if (Status s = cache.recordRun(run); !s.isOk())
        return Status::error(s.code(),
                             "the values were stored, but the run could not be recorded: " + s.message());
    return PayloadImportReport{written.value().points,           written.value().replaced,
                               written.value().unchanged,        parsed.value().warnings,
                               std::move(screened.value().held), std::move(screened.value().accepted)};
}

} // namespace stackatlas
