// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli.h"
#include "clicommon.h"
#include "commandcontext.h"

#include "models/domain/gpualiases.h"
#include "models/domain/priceindex.h"
#include "models/domain/serialize.h"

#include <QCoreApplication>

namespace stackatlas::cli {

namespace {

// "decentralized,marketplace" -> the set, each checked against the taxonomy's provider classes.
std::optional<std::set<std::string>> parseClasses(const QString &list, const Taxonomy &taxonomy,
                                                  const QString &option)
{
    std::set<std::string> out;
    for (const QString &part : list.split(u',', Qt::SkipEmptyParts)) {
        const std::string id = part.trimmed().toStdString();
        if (!taxonomy.providerClass(id)) {
            printError(QCoreApplication::translate(
                           "cli", "--%1: unknown provider class \"%2\" (stackatlas taxonomy lists them)")
                           .arg(option, part.trimmed()));
            return std::nullopt;
        }
        out.insert(id);
    }
    if (out.empty()) {
        printError(QCoreApplication::translate("cli", "--%1 needs at least one provider class").arg(option));
        return std::nullopt;
    }
    return out;
}

// --rental must be on_demand or spot; --min-per-side a whole number from 1 to 100, returned
// (nothing, said on stderr, when either is wrong).
std::optional<int> checkedChoices(const QString &rentalKind, const QString &minimum)
{
    if (rentalKind != QLatin1String("on_demand") && rentalKind != QLatin1String("spot")) {
        printError(QCoreApplication::translate("cli", "--rental must be on_demand or spot, not \"%1\"")
                       .arg(rentalKind));
        return std::nullopt;
    }
    bool ok = false;
    const int minPerSide = minimum.toInt(&ok);
    if (!ok || minPerSide < 1 || minPerSide > 100) {
        printError(QCoreApplication::translate("cli", "--min-per-side takes a whole number from 1 to 100"));
        return std::nullopt;
    }
    return minPerSide;
}

// One row a day, both medians and both sides' provider counts; a day under the minimum is marked.
std::string indexCsv(const std::vector<PriceAdvantagePoint> &index, int minPerSide)
{
    // Who is counted on each side that day, each with its daily median: "vast-ai=2.2;cudo=1.9".
    const auto side = [](const std::vector<std::pair<std::string, double>> &prices) {
        std::string text;
        for (const auto &[id, price] : prices)
            text += (text.empty() ? "" : ";") + id + '=' + formatNumber(price);
        return csvField(text);
    };
    std::string out = "day,index,challengers_median_usd_per_gpu_hour,incumbents_median_usd_per_gpu_hour,"
                      "challenger_providers,incumbent_providers,below_minimum,challengers,incumbents\n";
    for (const PriceAdvantagePoint &p : index) {
        const bool thin = int(p.numeratorProviders) < minPerSide || int(p.denominatorProviders) < minPerSide;
        out += formatIsoUtc(p.day).substr(0, 10) + ',' + formatNumber(p.index) + ',' +
               formatNumber(p.numeratorMedian) + ',' + formatNumber(p.denominatorMedian) + ',' +
               std::to_string(p.numeratorProviders) + ',' + std::to_string(p.denominatorProviders) + ',' +
               (thin ? "yes" : "no") + ',' + side(p.numeratorPrices) + ',' + side(p.denominatorPrices) + '\n';
    }
    return out;
}

} // namespace

int priceIndexCommand(const QStringList &args)
{
    CommandContext ctx(args);
    QCommandLineParser &parser = ctx.parser();
    const QCommandLineOption gpu(
        QStringLiteral("gpu"),
        QCoreApplication::translate("cli", "GPU key or spelling (h100-80gb, A100_80GB, rtx-4090)."),
        QStringLiteral("KEY"));
    const QCommandLineOption from(QStringLiteral("from"),
                                  QCoreApplication::translate("cli", "First day (ISO-8601 or Unix seconds)."),
                                  QStringLiteral("T"));
    const QCommandLineOption to(QStringLiteral("to"),
                                QCoreApplication::translate("cli", "Last day (ISO-8601 or Unix seconds)."),
                                QStringLiteral("T"));
    const QCommandLineOption rental(
        QStringLiteral("rental"),
        QCoreApplication::translate("cli", "Rental kind compared: on_demand or spot."),
        QStringLiteral("KIND"), QStringLiteral("on_demand"));
    const QCommandLineOption challengers(
        QStringLiteral("challengers"),
        QCoreApplication::translate("cli", "Provider classes on the numerator side, comma-separated."),
        QStringLiteral("CLASSES"), QStringLiteral("decentralized,marketplace"));
    const QCommandLineOption incumbents(
        QStringLiteral("incumbents"),
        QCoreApplication::translate("cli", "Provider classes on the denominator side, comma-separated."),
        QStringLiteral("CLASSES"), QStringLiteral("hyperscaler,neocloud"));
    const QCommandLineOption minimum(
        QStringLiteral("min-per-side"),
        QCoreApplication::translate("cli", "Fewest providers a side for a day to count (default 2); days "
                                           "under it are printed with below_minimum=yes."),
        QStringLiteral("N"), QStringLiteral("2"));
    const QCommandLineOption meanFallback(
        QStringLiteral("mean-where-no-median"),
        QStringLiteral("Compare a source's mean price where it publishes no median or list price (off by "
                       "default: a mean is pulled by a few dear offers)."));
    ctx.addOptions({gpu, from, to, rental, challengers, incumbents, minimum, meanFallback});
    ctx.addCache(true);
    if (auto exit = ctx.parse(
            QStringLiteral("Print the price advantage index of one GPU, day by day: the median USD per "
                           "GPU-hour of the challengers' providers divided by the incumbents' median "
                           "(below 1.0 the challengers are cheaper), with both medians and how many "
                           "providers priced each side that day. A day is printed only when both "
                           "sides have a price; a day with fewer providers a side than --min-per-side "
                           "is marked below_minimum=yes (the app draws it hollow, apart from the line). "
                           "Prices compared: a list price, or the median where a source publishes "
                           "min/median/max (a source's mean only with --mean-where-no-median); the chosen "
                           "rental kind only. Providers left out by that rule are named on stderr.")))
        return *exit;

    if (!parser.isSet(gpu)) {
        printError(QCoreApplication::translate(
            "cli", "price-index needs --gpu (see stackatlas price-index --help)"));
        return UsageError;
    }
    const QString rentalKind = parser.value(rental);
    const std::optional<int> minPerSide = checkedChoices(rentalKind, parser.value(minimum));
    if (!minPerSide)
        return UsageError;
    SeriesQuery q;
    q.metric = "gpu_hourly_usd";
    if (!parseTimeRange(parser, from, to, q))
        return UsageError;

    if (!ctx.open())
        return Failure;
    auto &cache = ctx.cache();
    const auto &taxonomy = ctx.taxonomy();
    const auto resolved = GpuResolver(taxonomy.value()).resolve(parser.value(gpu).toStdString());
    if (!resolved.isOk()) {
        printError(resolved.status().message());
        return UsageError;
    }
    q.dims["gpu"] = resolved.value().gpu;
    const auto numerator =
        parseClasses(parser.value(challengers), taxonomy.value(), challengers.names().first());
    const auto denominator =
        parseClasses(parser.value(incumbents), taxonomy.value(), incumbents.names().first());
    if (!numerator || !denominator)
        return UsageError;

    auto series = cache->query(q);
    if (!series.isOk()) {
        printError(series.status().message());
        return Failure;
    }
    const ProviderPriceSet set = providerPrices(series.value(), taxonomy.value(),
                                                {rentalKind.toStdString(), parser.isSet(meanFallback)});
    for (const std::string &skip : set.skipped)
        printError(QCoreApplication::translate("cli", "left out %1").arg(QString::fromStdString(skip)));
    const auto index = priceAdvantageIndex(set.providers, *numerator, *denominator);
    if (index.empty())
        printError(QCoreApplication::translate(
                       "cli", "no day on which both sides price %1 (%2 providers with prices)")
                       .arg(QString::fromStdString(q.dims["gpu"]))
                       .arg(set.providers.size()));

    printOut(indexCsv(index, *minPerSide));
    return Success;
}

} // namespace stackatlas::cli
