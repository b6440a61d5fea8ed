// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli.h"
#include "clicommon.h"
#include "commandcontext.h"

#include "datasources/cache/snapshot.h"
#include "ui/report/reportwriter.h"

#include <QCoreApplication>
#include <QElapsedTimer>

namespace stackatlas::cli {

int reportCommand(const QStringList &args)
{
    CommandContext ctx(args);
    QCommandLineParser &parser = ctx.parser();
    const QCommandLineOption out(QStringLiteral("out"),
                                 QCoreApplication::translate("cli", "The PDF to write."),
                                 QStringLiteral("FILE"));
    const QCommandLineOption page(QStringLiteral("page"),
                                  QCoreApplication::translate("cli", "a4 (default) or letter."),
                                  QStringLiteral("SIZE"), QStringLiteral("a4"));
    const QCommandLineOption title(
        QStringLiteral("title"), QCoreApplication::translate("cli", "The report's title."),
        QStringLiteral("T"), QCoreApplication::translate("cli", "The Web3 AI stack"));
    const QCommandLineOption gpu(
        QStringLiteral("gpu"), QCoreApplication::translate("cli", "The price war's GPU (default h100-80gb)."),
        QStringLiteral("KEY"), QStringLiteral("h100-80gb"));
    const QCommandLineOption chartsDir(
        QStringLiteral("charts-dir"),
        QCoreApplication::translate("cli", "Also write every chart as PNG and SVG into DIR."),
        QStringLiteral("DIR"));
    const QCommandLineOption compare(
        QStringLiteral("compare"),
        QCoreApplication::translate("cli",
                                    "Compare two dates A,B: the report is as of B, its layer map coloured "
                                    "by the change from A, and its summary names the layers and "
                                    "protocols that moved most."),
        QStringLiteral("A,B"));
    ctx.addOptions({out, page, title, gpu, chartsDir, compare});
    ctx.addCache(true);
    ctx.addAsOf();
    if (auto exit = ctx.parse(QStringLiteral("Write the multi-page PDF report: cover, a summary of findings "
                                             "computed from the data, contents, layer map, "
                                             "dependency graph, price war, valuation, usage share, the data "
                                             "tables behind them and the sources, headless.")))
        return *exit;
    if (!parser.isSet(out)) {
        printError(QCoreApplication::translate("cli", "report needs --out FILE.pdf"));
        return UsageError;
    }
    ReportOptions options;
    const QString size = parser.value(page).toLower();
    if (size != QLatin1String("a4") && size != QLatin1String("letter")) {
        printError(QCoreApplication::translate("cli", "--page must be a4 or letter"));
        return UsageError;
    }
    options.page = size == QLatin1String("letter") ? QPageSize::Letter : QPageSize::A4;
    options.title = parser.value(title);
    options.gpu = parser.value(gpu);
    options.chartsDir = parser.value(chartsDir);
    options.appVersion = QCoreApplication::applicationVersion();
    options.asOf = ctx.asOf();
    if (parser.isSet(compare)) {
        const QStringList dates = parser.value(compare).split(u',');
        const TimeParse a = parseAsOf(dates.value(0).trimmed().toStdString());
        const TimeParse b = parseAsOf(dates.value(1).trimmed().toStdString());
        if (dates.size() != 2 || !a.value || !b.value || *b.value <= *a.value) {
            printError(QCoreApplication::translate("cli", "--compare takes two dates A,B with A before B"));
            return UsageError;
        }
        options.asOf.at = b.value;
        options.asOf.compareFrom = a.value;
    }
    if (!ctx.open(false))
        return Failure;
    auto &cache = ctx.cache();
    std::optional<SnapshotMeta> meta;
    if (parser.isSet(QStringLiteral("snapshot"))) {
        auto m = snapshotMeta(*cache);
        if (m.isOk())
            meta = m.value();
    }
    QElapsedTimer timer;
    timer.start();
    const auto summary = writeReport(*cache, meta ? &*meta : nullptr, parser.value(out), options);
    if (!summary.isOk()) {
        printError(summary.status().message());
        return Failure;
    }
    printOut(QCoreApplication::translate("cli", "wrote %1 (%2 pages: %3) in %4 ms%5\n")
                 .arg(parser.value(out))
                 .arg(summary.value().pages)
                 .arg(summary.value().sections.join(QStringLiteral(", ")))
                 .arg(timer.elapsed())
                 .arg(summary.value().chartFiles.isEmpty()
                          ? QString()
                          : QCoreApplication::translate("cli", "; %1 chart files in %2")
                                .arg(summary.value().chartFiles.size())
                                .arg(options.chartsDir)));
    return Success;
}

} // namespace stackatlas::cli
