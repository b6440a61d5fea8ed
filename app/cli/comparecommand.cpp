// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli.h"
#include "clicommon.h"
#include "commandcontext.h"

#include "models/domain/comparison.h"
#include "models/domain/metrics.h"
#include "models/item/missingfiguresloader.h"

#include <QCoreApplication>

namespace stackatlas::cli {

namespace {

std::optional<UnixSeconds> dateOption(const QCommandLineParser &parser, const QCommandLineOption &option)
{
    const TimeParse t = parseAsOf(parser.value(option).toStdString());
    if (!t.value)
        printError(QStringLiteral("--%1: %2").arg(option.names().first(), QString::fromStdString(t.error)));
    return t.value;
}

} // namespace

int compareCommand(const QStringList &args)
{
    CommandContext ctx(args);
    QCommandLineParser &parser = ctx.parser();
    const QCommandLineOption from(
        QStringLiteral("from"),
        QCoreApplication::translate("cli", "Date A (a date alone is the whole UTC day)."),
        QStringLiteral("A"));
    const QCommandLineOption to(QStringLiteral("to"), QCoreApplication::translate("cli", "Date B, after A."),
                                QStringLiteral("B"));
    const QCommandLineOption level(
        QStringLiteral("level"),
        QCoreApplication::translate("cli", "protocol (default), category or layer: totals of categories and "
                                           "layers are over the protocols known at both dates."),
        QStringLiteral("LEVEL"), QStringLiteral("protocol"));
    const QCommandLineOption metric(QStringLiteral("metric"),
                                    QCoreApplication::translate("cli",
                                                                "market_cap_usd (default), fdv_usd, "
                                                                "volume_24h_usd, price_usd, tvl_usd, ..."),
                                    QStringLiteral("M"), QStringLiteral("market_cap_usd"));
    ctx.addOptions({from, to, level, metric});
    ctx.addFormat({QStringLiteral("text"), QStringLiteral("csv"), QStringLiteral("json")});
    ctx.addCache(true);
    if (auto exit = ctx.parse(QCoreApplication::translate(
            "cli",
            "Print each protocol's (or category's, or layer's) figure at two dates and its change: the "
            "newest value at or before each date within its staleness window (3 days for market data), "
            "else unknown, with the source and date of every value. A total compares only the "
            "protocols known at both dates and names the others.")))
        return *exit;
    if (!parser.isSet(from) || !parser.isSet(to)) {
        printError(QCoreApplication::translate("cli", "compare needs --from A and --to B"));
        return UsageError;
    }
    const auto a = dateOption(parser, from), b = dateOption(parser, to);
    if (!a || !b)
        return UsageError;
    if (*b <= *a) {
        printError(QCoreApplication::translate("cli", "--to must be after --from"));
        return UsageError;
    }
    const auto lvl = compareLevelFromName(parser.value(level).toStdString());
    if (!lvl) {
        printError(QCoreApplication::translate("cli", "--level must be protocol, category or layer"));
        return UsageError;
    }
    const std::string m = parser.value(metric).toStdString();
    const MetricInfo *info = metricInfo(m);
    if (!info || info->categoryLevel || m == "gpu_hourly_usd" || m == "gpu_count") {
        printError(
            QCoreApplication::translate("cli", "--metric: \"%1\" is not a protocol figure (%2)")
                .arg(QString::fromStdString(m), QStringLiteral("market_cap_usd, fdv_usd, volume_24h_usd, "
                                                               "price_usd, tvl_usd, fees_usd")));
        return UsageError;
    }
    if (!ctx.open())
        return Failure;
    AsOf atA, atB;
    atA.at = a;
    atB.at = b;
    const auto latestA = ctx.cache()->latestValueCandidates({m}, atA);
    const auto latestB = ctx.cache()->latestValueCandidates({m}, atB);
    if (!latestA.isOk() || !latestB.isOk()) {
        printError((latestA.isOk() ? latestB.status() : latestA.status()).message());
        return Failure;
    }
    const auto rows = compareDates(*ctx.taxonomy(), latestA.value(), latestB.value(), m, *lvl);
    // Who has no figure at each date, and why (none stored, none yet, none since, none near).
    const auto knownAt = [](const std::vector<LatestValue> &values) {
        std::vector<std::string> ids;
        for (const LatestValue &v : values)
            if (!v.stale)
                ids.push_back(v.entityId);
        return ids;
    };
    const UnixSeconds window = atB.windowFor(m);
    auto missingA =
        loadMissingFigures(*ctx.cache(), *ctx.taxonomy(), m, knownAt(latestA.value()), *a, window);
    auto missingB =
        loadMissingFigures(*ctx.cache(), *ctx.taxonomy(), m, knownAt(latestB.value()), *b, window);
    if (!missingA.isOk() || !missingB.isOk()) {
        printError((missingA.isOk() ? missingB.status() : missingA.status()).message());
        return Failure;
    }
    const MissingAtBoth missing{std::move(missingA).value(), std::move(missingB).value()};
    const QString fmt = ctx.format();
    if (fmt == QLatin1String("csv"))
        printOut(comparisonToCsv(rows));
    else if (fmt == QLatin1String("json"))
        printOut(comparisonToJson(rows, m, *a, *b, missing));
    else
        printOut(comparisonToText(rows, m, *a, *b, missing));
    return Success;
}

} // namespace stackatlas::cli
