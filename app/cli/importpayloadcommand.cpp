// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli.h"
#include "clicommon.h"

#include "datasources/sourceadapter.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>

namespace stackatlas::cli {

int importPayloadCommand(const QStringList &args)
{
    AdapterRegistry registry;
    registerBuiltinAdapters(registry);
    QString kinds;
    for (const SourceAdapter *a : registry.all()) {
        QStringList list;
        for (const auto &k : a->info().payloadKinds)
            list << QString::fromStdString(k);
        kinds += QStringLiteral("  %1 %2\n")
                     .arg(QString::fromStdString(a->info().id), -11)
                     .arg(list.join(QStringLiteral(", ")));
    }
    QCommandLineParser parser;
    const QCommandLineOption source(QStringLiteral("source"),
                                    QStringLiteral("The source the payload came from."),
                                    QStringLiteral("NAME"));
    const QCommandLineOption kind(QStringLiteral("kind"), QStringLiteral("What the payload is (see below)."),
                                  QStringLiteral("KIND"));
    const QCommandLineOption entity(
        QStringLiteral("entity"),
        QStringLiteral("The entity a per-entity payload is about (market_chart, fees)."),
        QStringLiteral("ID"));
    const QCommandLineOption asOf(
        QStringLiteral("as-of"),
        QStringLiteral("When the payload was current, where it does not say itself."), QStringLiteral("T"));
    const QCommandLineOption dataType(QStringLiteral("data-type"),
                                      QStringLiteral("defillama fees: dailyFees (default) or dailyRevenue."),
                                      QStringLiteral("TYPE"), QStringLiteral("dailyFees"));
    parser.addOptions({source, kind, entity, asOf, dataType, cacheOption()});
    if (auto exit =
            parseCommand(parser, args,
                         QStringLiteral("Parse a saved API response through the source's own parser and "
                                        "store it with provenance \"imported from FILE\".\n\nKinds:\n") +
                             kinds,
                         QStringLiteral("FILE")))
        return *exit;
    if (parser.positionalArguments().size() != 1 || !parser.isSet(source) || !parser.isSet(kind)) {
        printError(QStringLiteral("import-payload needs --source, --kind and one FILE (see --help)"));
        return UsageError;
    }
    const SourceAdapter *adapter = registry.find(parser.value(source).toStdString());
    if (!adapter) {
        printError(QStringLiteral("unknown source \"%1\"").arg(parser.value(source)));
        return UsageError;
    }
    const auto &known = adapter->info().payloadKinds;
    if (std::find(known.begin(), known.end(), parser.value(kind).toStdString()) == known.end()) {
        printError(
            QStringLiteral("%1 has no payload kind \"%2\"").arg(parser.value(source), parser.value(kind)));
        return UsageError;
    }
    // These payloads carry no time of their own: stamping a saved capture with the import time
    // would misdate it.
    static const QStringList undated{QStringLiteral("offers"), QStringLiteral("gpu_prices"),
                                     QStringLiteral("protocols"), QStringLiteral("fees_overview")};
    if (undated.contains(parser.value(kind)) && !parser.isSet(asOf)) {
        printError(
            QStringLiteral("%1 payloads carry no time of their own: give --as-of (when it was captured)")
                .arg(parser.value(kind)));
        return UsageError;
    }
    PayloadContext ctx;
    ctx.source = adapter->info().id;
    ctx.dataType = parser.value(dataType).toStdString();
    if (parser.isSet(asOf)) {
        const TimeParse t = parseTimestamp(parser.value(asOf).toStdString());
        if (!t.value) {
            printError(QStringLiteral("--as-of: ") + QString::fromStdString(t.error));
            return UsageError;
        }
        ctx.asOf = t.value;
    }
    const QString path = QFileInfo(parser.positionalArguments().first()).absoluteFilePath();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        printError(path + QStringLiteral(": ") + file.errorString());
        return Failure;
    }
    if (file.size() > (64 << 20)) {
        printError(path + QStringLiteral(": larger than 64 MiB"));
        return Failure;
    }
    const QByteArray bytes = file.readAll();

    auto cache = openCacheOrReport(parser);
    if (!cache)
        return Failure;
    auto taxonomy = cache->taxonomy();
    if (!taxonomy.isOk()) {
        printError(taxonomy.status().message());
        return Failure;
    }
    ctx.taxonomy = &taxonomy.value();
    if (parser.isSet(entity)) {
        const Entity *e = taxonomy.value().entityBySpelling(parser.value(entity).toStdString());
        if (!e) {
            printError(QStringLiteral("unknown entity \"%1\"").arg(parser.value(entity)));
            return UsageError;
        }
        ctx.entityId = e->id;
    }
    ctx.endpoint = "imported from " + path.toStdString();
    ctx.fetchedAt = QDateTime::currentSecsSinceEpoch();

    FetchRun run;
    run.source = ctx.source;
    run.kind = "import";
    run.startedAt = ctx.fetchedAt;
    run.bytes = bytes.size();
    run.endpoint = ctx.endpoint;
    auto parsed = adapter->parsePayload(parser.value(kind).toStdString(),
                                        std::string_view(bytes.constData(), std::size_t(bytes.size())), ctx);
    if (!parsed.isOk()) {
        printError(path + QStringLiteral(": ") + QString::fromStdString(parsed.status().message()));
        run.status = "failed";
        run.error = parsed.status().message();
        run.endedAt = QDateTime::currentSecsSinceEpoch();
        cache->recordRun(run);
        return Failure;
    }
    auto written = cache->write(parsed.value().observations);
    if (!written.isOk()) {
        printError(QString::fromStdString(written.status().message()));
        return Failure;
    }
    for (const auto &w : parsed.value().warnings)
        printError(QStringLiteral("warning: ") + QString::fromStdString(w));
    run.status = "ok";
    run.records = written.value().points;
    run.rejected = static_cast<long long>(parsed.value().warnings.size());
    run.endedAt = QDateTime::currentSecsSinceEpoch();
    cache->recordRun(run);
    printOut(QStringLiteral("imported %1 values from %2 (%3 warnings)\n")
                 .arg(written.value().points)
                 .arg(path)
                 .arg(parsed.value().warnings.size()));
    return Success;
}

} // namespace stackatlas::cli
