// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli.h"
#include "clicommon.h"
#include "commandcontext.h"
#include "progressline.h"

#include "datasources/importers/csvimporter.h"
#include "models/domain/csvmapping.h"

#include <QCoreApplication>

namespace stackatlas::cli {

namespace {

// --entity and --dim KEY=VALUE as overrides for every row, or nothing on a bad pair (said).
std::optional<MappingOverrides> overridesFrom(const QCommandLineParser &parser,
                                              const QCommandLineOption &entity, const QCommandLineOption &dim)
{
    MappingOverrides overrides;
    overrides.entity = parser.value(entity).toStdString();
    for (const QString &pair : parser.values(dim)) {
        const qsizetype eq = pair.indexOf(u'=');
        if (eq <= 0) {
            printError(QCoreApplication::translate("cli", "--dim takes KEY=VALUE, not \"%1\"").arg(pair));
            return std::nullopt;
        }
        overrides.dims[pair.left(eq).toStdString()] = pair.mid(eq + 1).toStdString();
    }
    return overrides;
}

// Rejected rows by line, the summary, the outliers; the exit code they make (3: partly imported).
int printCsvReport(const CsvImportReport &report, const QString &file, const QString &extra)
{
    for (const auto &issue : report.rejected)
        printError(
            QStringLiteral("%1:%2: %3").arg(file).arg(issue.line).arg(QString::fromStdString(issue.message)));
    if (report.rejectedNotListed > 0)
        printError(QCoreApplication::translate("cli", "%1: %2 more rejected rows not listed")
                       .arg(file)
                       .arg(report.rejectedNotListed));
    const long long rejected = static_cast<long long>(report.rejected.size()) + report.rejectedNotListed;
    printOut(QCoreApplication::translate("cli",
                                         "imported %1 values from %2 data rows of %3; %4 rows rejected%5%6\n")
                 .arg(report.written)
                 .arg(report.dataRows)
                 .arg(file)
                 .arg(rejected)
                 .arg(extra)
                 .arg(changeSummary(report.replaced, report.unchanged)));
    printSuspects(report.heldSuspects, report.acceptedSuspects);
    if (rejected == 0 && report.heldSuspects.empty())
        return Success;
    return report.written > 0 ? PartialSuccess : Failure;
}

} // namespace

int importCsvCommand(const QStringList &args)
{
    CommandContext ctx(args);
    QCommandLineParser &parser = ctx.parser();
    const QCommandLineOption mapping(
        QStringLiteral("mapping"),
        QStringLiteral("A mapping spec (JSON) describing a CSV of another layout: which "
                       "columns give entity, timestamp, dimensions and values, with "
                       "transforms. See resources/defaultdata/README.md."),
        QStringLiteral("SPEC"));
    const QCommandLineOption entity(
        QStringLiteral("entity"),
        QStringLiteral("With --mapping: the entity of every row, for specs that take it "
                       "from the command line."),
        QStringLiteral("ID"));
    const QCommandLineOption dim(
        QStringLiteral("dim"),
        QCoreApplication::translate("cli", "With --mapping: a dimension for every row; repeatable."),
        QStringLiteral("KEY=VALUE"));
    const QCommandLineOption verbose(
        QStringLiteral("verbose"),
        QCoreApplication::translate("cli", "With --mapping: name every entity spelling skipped, not just "
                                           "the ten most frequent."));
    const QCommandLineOption acceptSuspect(
        QStringLiteral("accept-suspect"),
        QCoreApplication::translate("cli", "Store values the outlier rule holds back (more than 5x from the "
                                           "median of their series within 7 days), marked \"accepted as "
                                           "suspect\" in their provenance."));
    ctx.addOptions({mapping, entity, dim, verbose, acceptSuspect});
    ctx.addCache(false);
    if (auto exit = ctx.parse(
            QStringLiteral(
                "Import a CSV file. Without --mapping it is the long format: columns entity,metric,"
                "unit,timestamp,value,source, optional dim.KEY columns (dim.gpu, dim.stat, ...) and "
                "as_of. Timestamps are ISO-8601 (UTC unless an offset is given) or Unix seconds. "
                "Bad rows are reported by line and reason on stderr; the good rows go in as one "
                "transaction. Exit code 3 when some rows were rejected."),
            QStringLiteral("FILE")))
        return *exit;
    const QStringList files = parser.positionalArguments();
    if (files.size() != 1) {
        printError(QCoreApplication::translate(
            "cli", "import-csv takes exactly one FILE (see stackatlas import-csv --help)"));
        return UsageError;
    }
    if (!parser.isSet(mapping) && (parser.isSet(entity) || parser.isSet(dim))) {
        printError(QCoreApplication::translate("cli", "--entity and --dim go with --mapping"));
        return UsageError;
    }
    const std::optional<MappingOverrides> overrides = overridesFrom(parser, entity, dim);
    if (!overrides)
        return UsageError;
    if (!ctx.open(false))
        return Failure;
    auto &cache = ctx.cache();

    CsvImportReport report;
    QString extra;
    if (parser.isSet(mapping)) {
        auto mapped = importMappedCsvFile(*cache, parser.value(mapping), files.first(), *overrides, {},
                                          parser.isSet(acceptSuspect));
        if (!mapped.isOk()) {
            printError(mapped.status().message());
            return Failure;
        }
        report = mapped.value();
        extra = QStringLiteral(
                    " (%1 rows filtered out, %2 empty cells left unknown, %3 rows for entities outside "
                    "the taxonomy skipped)")
                    .arg(mapped.value().filtered)
                    .arg(mapped.value().emptyCells)
                    .arg(mapped.value().otherEntities);
        // What was lost is named: a spelling the taxonomy lacks costs its rows, and the user can
        // add it as an alias.
        if (!mapped.value().skippedNames.empty())
            printError(QCoreApplication::translate("cli", "skipped, not in the taxonomy: %1")
                           .arg(QString::fromStdString(describeSkippedNames(
                               mapped.value().skippedNames, parser.isSet(verbose) ? 0 : 10))));
    } else {
        ProgressLine progress;
        auto plain = importCsvFile(
            *cache, files.first(), parser.isSet(acceptSuspect),
            [&progress](qint64 bytes, qint64 total, long long rows) { progress.update(bytes, total, rows); });
        if (!plain.isOk()) {
            printError(plain.status().message());
            return Failure;
        }
        report = plain.value();
    }
    checkAlertsAfterWrite(*cache);
    return printCsvReport(report, files.first(), extra);
}

} // namespace stackatlas::cli
