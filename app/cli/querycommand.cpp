// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli.h"
#include "clicommon.h"
#include "commandcontext.h"

#include "models/domain/gpualiases.h"
#include "models/domain/metrics.h"
#include "models/domain/serialize.h"

#include <QCoreApplication>

namespace stackatlas::cli {

namespace {

// --dim KEY=VALUE pairs into the query, GPU spellings resolved; false (said) on a bad one.
bool addDimensions(const QStringList &pairs, const GpuResolver &gpus, SeriesQuery &q)
{
    for (const QString &pair : pairs) {
        const qsizetype eq = pair.indexOf(u'=');
        if (eq <= 0) {
            printError(QCoreApplication::translate("cli", "--dim takes KEY=VALUE, not \"%1\"").arg(pair));
            return false;
        }
        const std::string key = pair.left(eq).toStdString();
        std::string value = pair.mid(eq + 1).toStdString();
        if (key == "gpu") {
            const auto resolved = gpus.resolve(value);
            if (!resolved.isOk()) {
                printError(resolved.status().message());
                return false;
            }
            value = resolved.value().gpu;
        }
        q.dims[key] = value;
    }
    return true;
}

// As of a date: each series keeps its value there, or nothing past its window (said on stderr,
// printed only with --show-stale). The series were read up to the date.
void keepValuesAt(std::vector<SeriesData> &series, const AsOf &asOf, const std::string &metric)
{
    for (SeriesData &s : series) {
        if (s.points.empty())
            continue;
        const StoredPoint last = s.points.back();
        s.points.clear();
        const UnixSeconds age = *asOf.at - last.ts;
        if (age <= asOf.windowFor(metric) || asOf.includeStale)
            s.points.push_back(last);
        if (age > asOf.windowFor(metric))
            printError(QCoreApplication::translate("cli", "%1/%2: unknown at %3: the newest value is of %4, "
                                                          "older than its window of %5%6")
                           .arg(QString::fromStdString(s.key.entityId), QString::fromStdString(s.key.source),
                                QString::fromStdString(formatIsoDate(*asOf.at)),
                                QString::fromStdString(formatIsoDate(last.ts)),
                                QString::fromStdString(windowText(asOf.windowFor(metric))),
                                asOf.includeStale
                                    ? QCoreApplication::translate("cli", " (printed: --show-stale)")
                                    : QString()));
    }
}

// The history behind the current values: one CSV row per replaced value.
int printRevisions(const Cache &cache, const SeriesQuery &q)
{
    auto revisions = cache.revisions(q.entityId, q.metric);
    if (!revisions.isOk()) {
        printError(revisions.status().message());
        return Failure;
    }
    std::string out =
        "entity,metric,source,dims,timestamp,value,endpoint,fetched_at,as_of,replaced_at,replaced_by\n";
    for (const Revision &r : revisions.value()) {
        const bool dimsMatch = std::all_of(q.dims.begin(), q.dims.end(), [&](const auto &kv) {
            const auto it = r.key.dims.find(kv.first);
            return it != r.key.dims.end() && it->second == kv.second;
        });
        if (!dimsMatch || (q.from && r.ts < *q.from) || (q.to && r.ts > *q.to))
            continue;
        out += csvField(r.key.entityId) + ',' + csvField(r.key.metric) + ',' + csvField(r.key.source) + ',' +
               csvField(formatDimensions(r.key.dims)) + ',' + formatIsoUtc(r.ts) + ',' +
               formatNumber(r.value) + ',' + csvField(r.provenance.endpoint) + ',' +
               formatIsoUtc(r.provenance.fetchedAt) + ',' + formatIsoUtc(r.provenance.asOf) + ',' +
               formatIsoUtc(r.replacedAt) + ',' + csvField(r.replacedByEndpoint) + '\n';
    }
    printOut(out);
    return Success;
}

} // namespace

int queryCommand(const QStringList &args)
{
    CommandContext ctx(args);
    QCommandLineParser &parser = ctx.parser();
    const QCommandLineOption entity(
        QStringLiteral("entity"),
        QCoreApplication::translate("cli", "Entity id or alias (aws, render, vast.ai)."),
        QStringLiteral("ID"));
    const QCommandLineOption metric(
        QStringLiteral("metric"),
        QCoreApplication::translate("cli", "Metric name (price_usd, gpu_hourly_usd, ...)."),
        QStringLiteral("NAME"));
    const QCommandLineOption dim(
        QStringLiteral("dim"),
        QStringLiteral("Only series with this dimension; repeatable. GPU spellings are "
                       "resolved (gpu=H100_SXM means gpu=h100-80gb)."),
        QStringLiteral("KEY=VALUE"));
    const QCommandLineOption from(
        QStringLiteral("from"),
        QCoreApplication::translate("cli", "First timestamp (ISO-8601 or Unix seconds)."),
        QStringLiteral("T"));
    const QCommandLineOption to(
        QStringLiteral("to"),
        QCoreApplication::translate("cli", "Last timestamp (ISO-8601 or Unix seconds)."),
        QStringLiteral("T"));
    const QCommandLineOption revisions(
        QStringLiteral("revisions"),
        QCoreApplication::translate("cli", "Print the values later readings replaced (each with what brought "
                                           "it, when it was replaced and by what), not the current points."));
    ctx.addOptions({entity, metric, dim, from, to, revisions});
    ctx.addAsOf();
    ctx.addFormat({QStringLiteral("csv"), QStringLiteral("json")});
    ctx.addCache(true);
    if (auto exit = ctx.parse(QStringLiteral("Print every series of an entity and metric, with its points "
                                             "(timestamps in ISO-8601 UTC) and each point's provenance.")))
        return *exit;

    if (!parser.isSet(entity) || !parser.isSet(metric)) {
        printError(QCoreApplication::translate(
            "cli", "query needs --entity and --metric (see stackatlas query --help)"));
        return UsageError;
    }
    const QString fmt = ctx.format();
    SeriesQuery q;
    q.metric = parser.value(metric).toStdString();
    if (!isValidMetricName(q.metric)) {
        printError(QCoreApplication::translate("cli", "bad metric name \"%1\"").arg(parser.value(metric)));
        return UsageError;
    }
    if (!parseTimeRange(parser, from, to, q))
        return UsageError;

    if (!ctx.open())
        return Failure;
    auto &cache = ctx.cache();
    const auto &taxonomy = ctx.taxonomy();
    const std::string wanted = parser.value(entity).toStdString();
    const MetricInfo *info = metricInfo(q.metric);
    if (info && info->categoryLevel) {
        if (!taxonomy.value().sector(wanted)) {
            printError(QCoreApplication::translate("cli", "unknown sector \"%1\"").arg(parser.value(entity)));
            return UsageError;
        }
        q.entityId = wanted;
    } else if (const Entity *e = taxonomy.value().entityBySpelling(wanted)) {
        q.entityId = e->id;
    } else {
        printError(
            QCoreApplication::translate("cli", "unknown entity \"%1\" (stackatlas taxonomy lists them)")
                .arg(parser.value(entity)));
        return UsageError;
    }
    if (!addDimensions(parser.values(dim), GpuResolver(taxonomy.value()), q))
        return UsageError;

    if (parser.isSet(revisions))
        return printRevisions(*cache, q);
    const AsOf &asOf = ctx.asOf();
    if (asOf.at && (!q.to || *q.to > *asOf.at))
        q.to = asOf.at;
    auto series = cache->query(q);
    if (!series.isOk()) {
        printError(series.status().message());
        return Failure;
    }
    if (asOf.at)
        keepValuesAt(series.value(), asOf, q.metric);
    if (series.value().empty())
        printError(QCoreApplication::translate("cli", "no series of %1 for %2 in %3")
                       .arg(QString::fromStdString(q.metric), QString::fromStdString(q.entityId),
                            QString::fromStdString(cache->path())));
    printOut(fmt == QLatin1String("json") ? seriesToJson(series.value()) : seriesToCsv(series.value()));
    return Success;
}

} // namespace stackatlas::cli
