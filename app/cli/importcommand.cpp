// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli.h"
#include "clicommon.h"

#include "datasources/importers/csvimporter.h"

namespace stackatlas::cli {

int importCsvCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addOption(cacheOption());
    if (auto exit = parseCommand(
            parser, args,
            QStringLiteral("Import a long-format CSV file: columns entity,metric,unit,timestamp,value,"
                           "source, optional dim.KEY columns (dim.gpu, dim.stat, ...) and as_of. "
                           "Timestamps are ISO-8601 (UTC unless an offset is given) or Unix seconds. "
                           "Bad rows are reported by line and reason on stderr; the good rows go in as "
                           "one transaction. Exit code 3 when some rows were rejected."),
            QStringLiteral("FILE")))
        return *exit;
    const QStringList files = parser.positionalArguments();
    if (files.size() != 1) {
        printError(QStringLiteral("import-csv takes exactly one FILE (see stackatlas import-csv --help)"));
        return UsageError;
    }
    auto cache = openCacheOrReport(parser);
    if (!cache)
        return Failure;
    auto report = importCsvFile(*cache, files.first());
    if (!report.isOk()) {
        printError(report.status().message());
        return Failure;
    }
    const auto &r = report.value();
    for (const auto &issue : r.rejected)
        printError(QStringLiteral("%1:%2: %3")
                       .arg(files.first())
                       .arg(issue.line)
                       .arg(QString::fromStdString(issue.message)));
    printOut(QStringLiteral("imported %1 values from %2 data rows of %3; %4 rows rejected\n")
                 .arg(r.written)
                 .arg(r.dataRows)
                 .arg(files.first())
                 .arg(r.rejected.size()));
    if (r.rejected.empty())
        return Success;
    return r.written > 0 ? PartialSuccess : Failure;
}

} // namespace stackatlas::cli
