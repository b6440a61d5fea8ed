// SPDX-License-Identifier: GPL-3.0-or-later
#include "payloadimporter.h"
#include "suspects.h"

#include "datasources/cache/cache.h"
#include "datasources/sourceadapter.h"
#include "datasources/taxonomy/taxonomyoverlayfile.h"
#include "models/domain/coingeckoids.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>

namespace stackatlas {

namespace {

// /coins/list holds no figures: it checks the CoinGecko ids the taxonomy records, renaming those
// whose coin changed id (models/domain/coingeckoids.h), and the run records what it found.
Result<PayloadImportReport> importCoinsList(Cache &cache, const Taxonomy &taxonomy, const QByteArray &bytes,
                                            FetchRun run)
{
    auto coins = parseCoinsList(std::string_view(bytes.constData(), std::size_t(bytes.size())));
    if (!coins.isOk())
        return Status::error(coins.status().code(), run.endpoint + ": " + coins.status().message());
    const CoinGeckoIdReview review = reviewCoinGeckoIds(taxonomy, coins.value());
    if (!review.renames.empty()) {
        if (Status s = amendTaxonomy(cache, [&](Taxonomy &t) { applyCoinGeckoRenames(t, review.renames); });
            !s.isOk())
            return s;
        const std::string stamp = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString() + " " +
                                  run.endpoint + ": " + std::to_string(review.renames.size()) + " renamed";
        if (Status s = cache.setMetadata("taxonomy_coingecko_ids_updated", stamp); !s.isOk())
            return s;
    }
    PayloadImportReport report;
    report.taxonomyFindings = describeReview(review);
    run.status = "ok";
    run.records = static_cast<long long>(review.renames.size());
    run.endedAt = QDateTime::currentSecsSinceEpoch();
    if (Status s = cache.recordRun(run); !s.isOk())
        return Status::error(s.code(),
                             "the ids were checked, but the run could not be recorded: " + s.message());
    return report;
}

} // namespace

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
    // A list of coins has no quote; every other payload's figures are USD, and say so.
    ctx.endpoint = "imported from " + (what.displayName.empty() ? path.toStdString() : what.displayName) +
                   (what.kind == "coins_list" ? "" : " (quoted in USD)");
    ctx.fetchedAt = QDateTime::currentSecsSinceEpoch();

    FetchRun run;
    run.source = ctx.source;
    run.kind = "import";
    run.startedAt = ctx.fetchedAt;
    run.bytes = bytes.size();
    run.endpoint = ctx.endpoint;
    if (ctx.source == "coingecko" && what.kind == "coins_list")
        return importCoinsList(cache, taxonomy.value(), bytes, run);
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
    PayloadImportReport report;
    report.written = written.value().points;
    report.replaced = written.value().replaced;
    report.unchanged = written.value().unchanged;
    report.warnings = parsed.value().warnings;
    report.heldSuspects = std::move(screened.value().held);
    report.acceptedSuspects = std::move(screened.value().accepted);
    return report;
}

} // namespace stackatlas
