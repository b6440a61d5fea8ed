// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli.h"
#include "clicommon.h"
#include "commandcontext.h"

#include "datasources/importers/payloadimporter.h"
#include "datasources/sourceadapter.h"

#include <QCoreApplication>

namespace stackatlas::cli {

namespace {

// "  coingecko   markets, market_chart, ..." a line per source, for --help.
QString payloadKindsHelp(const AdapterRegistry &registry)
{
    QString kinds;
    for (const SourceAdapter *a : registry.all()) {
        QStringList list;
        for (const auto &k : a->info().payloadKinds)
            list << QString::fromStdString(k);
        kinds += QStringLiteral("  %1 %2\n")
                     .arg(QString::fromStdString(a->info().id), -11)
                     .arg(list.join(QStringLiteral(", ")));
    }
    return kinds;
}

struct PayloadOptions
{
    const QCommandLineOption &source, &kind, &entity, &asOf, &dataType, &quote, &acceptSuspect;
};

// The import the command line describes, or nothing when it is a usage error (said on stderr).
std::optional<PayloadImport> payloadImportFrom(const QCommandLineParser &parser, const PayloadOptions &o,
                                               const AdapterRegistry &registry)
{
    PayloadImport what;
    what.adapter = registry.find(parser.value(o.source).toStdString());
    if (!what.adapter) {
        printError(QCoreApplication::translate("cli", "unknown source \"%1\"").arg(parser.value(o.source)));
        return std::nullopt;
    }
    what.kind = parser.value(o.kind).toStdString();
    const auto &known = what.adapter->info().payloadKinds;
    if (std::find(known.begin(), known.end(), what.kind) == known.end()) {
        printError(QCoreApplication::translate("cli", "%1 has no payload kind \"%2\"")
                       .arg(parser.value(o.source), parser.value(o.kind)));
        return std::nullopt;
    }
    if (parser.isSet(o.asOf)) {
        const TimeParse t = parseTimestamp(parser.value(o.asOf).toStdString());
        if (!t.value) {
            printError(QCoreApplication::translate("cli", "--as-of: ") + QString::fromStdString(t.error));
            return std::nullopt;
        }
        what.asOf = t.value;
    }
    if (payloadNeedsAsOf(what.kind) && !what.asOf) {
        printError(QCoreApplication::translate(
                       "cli", "%1 payloads carry no time of their own: give --as-of (when it was captured)")
                       .arg(parser.value(o.kind)));
        return std::nullopt;
    }
    what.path = parser.positionalArguments().first();
    what.entity = parser.value(o.entity).toStdString();
    what.dataType = parser.value(o.dataType).toStdString();
    what.quote = parser.value(o.quote).trimmed().toLower().toStdString();
    what.acceptSuspect = parser.isSet(o.acceptSuspect);
    if (what.quote != "usd") {
        printError(QCoreApplication::translate("cli",
                                               "--quote %1: StackAtlas stores USD figures only; a payload "
                                               "quoted in %1 would land as USD (fetch it with "
                                               "vs_currency=usd)")
                       .arg(QString::fromStdString(what.quote)));
        return std::nullopt;
    }
    return what;
}

// The summary line, the warnings and the outliers held or accepted.
void printPayloadReport(const PayloadImportReport &report, const QString &path)
{
    for (const auto &w : report.warnings)
        printError(QCoreApplication::translate("cli", "warning: ") + QString::fromStdString(w));
    if (!report.taxonomyFindings.empty()) { // a /coins/list: what it says of the taxonomy's ids
        for (const auto &line : report.taxonomyFindings)
            printOut(QString::fromStdString(line) + u'\n');
        return;
    }
    printOut(QCoreApplication::translate("cli", "imported %1 values from %2 (%3 warnings)%4\n")
                 .arg(report.written)
                 .arg(path)
                 .arg(report.warnings.size())
                 .arg(changeSummary(report.replaced, report.unchanged)));
    printSuspects(report.heldSuspects, report.acceptedSuspects);
}

} // namespace

int importPayloadCommand(const QStringList &args)
{
    AdapterRegistry registry;
    registerBuiltinAdapters(registry);
    const QString kinds = payloadKindsHelp(registry);
    CommandContext ctx(args);
    QCommandLineParser &parser = ctx.parser();
    const QCommandLineOption source(QStringLiteral("source"),
                                    QCoreApplication::translate("cli", "The source the payload came from."),
                                    QStringLiteral("NAME"));
    const QCommandLineOption kind(QStringLiteral("kind"),
                                  QCoreApplication::translate("cli", "What the payload is (see below)."),
                                  QStringLiteral("KIND"));
    const QCommandLineOption entity(
        QStringLiteral("entity"),
        QCoreApplication::translate("cli", "The entity a per-entity payload is about (market_chart, fees)."),
        QStringLiteral("ID"));
    const QCommandLineOption asOf(
        QStringLiteral("as-of"),
        QStringLiteral("When the payload was current, where it does not say itself "
                       "(required for offers, gpu_prices, protocols, fees_overview)."),
        QStringLiteral("T"));
    const QCommandLineOption dataType(
        QStringLiteral("data-type"),
        QCoreApplication::translate("cli", "defillama fees: dailyFees (default) or dailyRevenue."),
        QStringLiteral("TYPE"), QStringLiteral("dailyFees"));
    const QCommandLineOption quote(
        QStringLiteral("quote"),
        QCoreApplication::translate("cli", "The currency the payload's prices are quoted in (CoinGecko's "
                                           "vs_currency). Only usd is stored: a payload in another "
                                           "currency is refused, never stored as USD."),
        QStringLiteral("CUR"), QStringLiteral("usd"));
    const QCommandLineOption acceptSuspect(
        QStringLiteral("accept-suspect"),
        QCoreApplication::translate("cli", "Store values the outlier rule holds back, marked \"accepted as "
                                           "suspect\" in their provenance."));
    ctx.addOptions({source, kind, entity, asOf, dataType, quote, acceptSuspect});
    ctx.addCache(false);
    if (auto exit = ctx.parse(QStringLiteral("Parse a saved API response through the source's own parser and "
                                             "store it with provenance \"imported from FILE\".\n\nKinds:\n") +
                                  kinds,
                              QStringLiteral("FILE")))
        return *exit;
    if (parser.positionalArguments().size() != 1 || !parser.isSet(source) || !parser.isSet(kind)) {
        printError(QCoreApplication::translate(
            "cli", "import-payload needs --source, --kind and one FILE (see --help)"));
        return UsageError;
    }
    const std::optional<PayloadImport> what =
        payloadImportFrom(parser, {source, kind, entity, asOf, dataType, quote, acceptSuspect}, registry);
    if (!what)
        return UsageError;
    if (!ctx.open(false))
        return Failure;
    auto &cache = ctx.cache();
    auto report = importPayloadFile(*cache, *what);
    if (!report.isOk()) {
        printError(report.status().message());
        return report.status().code() == StatusCode::InvalidInput &&
                       report.status().message().rfind("unknown entity", 0) == 0
                   ? UsageError
                   : Failure;
    }
    printPayloadReport(report.value(), what->path);
    checkAlertsAfterWrite(*cache);
    return report.value().heldSuspects.empty() ? Success : PartialSuccess;
}

} // namespace stackatlas::cli
