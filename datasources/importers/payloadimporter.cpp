// SPDX-License-Identifier: GPL-3.0-or-later
#include "payloadimporter.h"
#include "suspects.h"

#include "datasources/boundedread.h"
#include "datasources/cache/cache.h"
#include "datasources/payload.h"
#include "datasources/sourceadapter.h"
#include "datasources/taxonomy/taxonomyoverlayfile.h"
#include "models/domain/coingeckoids.h"
#include "models/domain/valuesanity.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>

namespace stackatlas {

namespace {

// /coins/list holds no figures: it checks the CoinGecko ids the taxonomy records, renaming those
// whose coin changed id (models/domain/coingeckoids.h), and the run records what it found.
Result<PayloadImportReport> importCoinsList(Cache &cache, const Taxonomy &taxonomy, std::string_view body,
                                            FetchRun run)
{
    auto coins = parseCoinsList(body);
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

// The parsed records go into the cache in pieces as the parser hands them over (a long history
// is never held whole), all inside one transaction with the run: all of the payload or none of it.
Result<PayloadImportReport> parseAndWrite(Cache &cache, const PayloadImport &what, std::string_view body,
                                          PayloadContext &ctx, FetchRun run)
{
    PayloadImportReport report;
    auto scope = cache.beginWrite();
    if (!scope.isOk())
        return scope.status();
    ObservationSpill spill;
    std::vector<std::string> refused; // at the door: out of bounds (valuesanity.h)
    const UnixSeconds now = UnixSeconds(QDateTime::currentSecsSinceEpoch());
    spill.write = [&](std::vector<Observation> &piece) -> Status {
        std::vector<std::string> pieceRefused;
        removeRefusedAtTheDoor(piece, now, pieceRefused);
        refused.insert(refused.end(), pieceRefused.begin(), pieceRefused.end());
        auto screened = screenSuspects(cache, piece, what.acceptSuspect);
        if (!screened.isOk())
            return screened.status();
        auto &held = screened.value().held, &accepted = screened.value().accepted;
        report.heldSuspects.insert(report.heldSuspects.end(), held.begin(), held.end());
        report.acceptedSuspects.insert(report.acceptedSuspects.end(), accepted.begin(), accepted.end());
        auto written = cache.write(piece);
        if (!written.isOk())
            return written.status();
        report.written += written.value().points;
        report.replaced += written.value().replaced;
        report.unchanged += written.value().unchanged;
        return Status::ok();
    };
    ctx.spill = &spill;
    auto parsed = what.adapter->parsePayload(what.kind, body, ctx);
    if (parsed.isOk() && spill.status.isOk())
        payload::spill(parsed.value(), spill); // what the parser still holds
    const Status failure = !parsed.isOk() ? parsed.status() : spill.status;
    if (!failure.isOk()) {
        scope.value().reset(); // nothing of the payload is kept; the failed run is
        run.status = "failed";
        run.error = failure.message();
        run.endedAt = QDateTime::currentSecsSinceEpoch();
        std::string message =
            QFileInfo(what.path).absoluteFilePath().toStdString() + ": " + failure.message();
        if (Status s = cache.recordRun(run); !s.isOk())
            message += " (and the failed run could not be recorded: " + s.message() + ")";
        return Status::error(failure.code(), message);
    }
    run.status = "ok";
    run.records = report.written;
    auto &warnings = parsed.value().warnings;
    warnings.insert(warnings.end(), refused.begin(), refused.end());
    run.rejected = static_cast<long long>(warnings.size());
    run.endedAt = QDateTime::currentSecsSinceEpoch();
    if (Status s = cache.recordRun(run); !s.isOk())
        return Status::error(s.code(),
                             "the run could not be recorded, so nothing was stored: " + s.message());
    if (Status s = scope.value()->commit(); !s.isOk())
        return s;
    report.warnings = std::move(parsed.value().warnings);
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
    constexpr qint64 kMaxPayloadBytes = qint64(64) << 20;
    if (file.size() > kMaxPayloadBytes)
        return Status::error(StatusCode::InvalidInput, path.toStdString() + ": larger than 64 MiB");
    // Mapped, not read: the payload's pages stay the file's, and the kernel can drop them again.
    const qint64 size = file.isSequential() ? 0 : file.size();
    const uchar *mapped = size > 0 ? file.map(0, size) : nullptr;
    QByteArray copy; // a pipe, a device or /proc: read, counting what actually arrives
    if (!mapped) {
        auto read = readBounded(file, kMaxPayloadBytes);
        if (!read.isOk())
            return Status::error(read.status().code(), path.toStdString() + ": " + read.status().message());
        copy = std::move(read).value();
    }
    const std::string_view body =
        mapped ? std::string_view(reinterpret_cast<const char *>(mapped), std::size_t(size))
               : std::string_view(copy.constData(), std::size_t(copy.size()));
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
    run.bytes = static_cast<long long>(body.size());
    run.endpoint = ctx.endpoint;
    if (ctx.source == "coingecko" && what.kind == "coins_list")
        return importCoinsList(cache, taxonomy.value(), body, run);
    return parseAndWrite(cache, what, body, ctx, run);
}

} // namespace stackatlas
