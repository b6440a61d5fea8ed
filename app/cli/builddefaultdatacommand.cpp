// SPDX-License-Identifier: GPL-3.0-or-later
// `stackatlas build-default-data`: the same build as the build-default-data tool, for a researcher
// who rebuilds the shipped data from an edited manifest.
#include "cli.h"
#include "clicommon.h"
#include "commandcontext.h"

#include "datasources/defaultdata/defaultdatabuilder.h"

#include <QCoreApplication>
#include <QElapsedTimer>

namespace stackatlas::cli {

int buildDefaultDataCommand(const QStringList &args)
{
    CommandContext ctx(args);
    const QCommandLineOption manifest(QStringLiteral("manifest"),
                                      QCoreApplication::translate("cli", "The manifest of import steps."),
                                      QStringLiteral("FILE"));
    const QCommandLineOption out(QStringLiteral("out"),
                                 QCoreApplication::translate("cli", "The default data file to write."),
                                 QStringLiteral("FILE"));
    ctx.addOptions({manifest, out});
    if (auto exit =
            ctx.parse(QStringLiteral("Build the default data file from resources/defaultdata/manifest.json "
                                     "(a build step; researchers use import-csv and import-payload).")))
        return *exit;
    if (!ctx.parser().isSet(manifest) || !ctx.parser().isSet(out)) {
        printError(QCoreApplication::translate("cli", "build-default-data needs --manifest and --out"));
        return UsageError;
    }
    QElapsedTimer timer;
    timer.start();
    DefaultDataBuild build{ctx.parser().value(manifest), ctx.parser().value(out),
                           [](const QString &line) { printOut(line + QLatin1Char('\n')); },
                           [](const QString &line) {
                               printError(line);
                           }};
    const auto summary = buildDefaultData(build);
    if (!summary.isOk()) {
        printError(summary.status().message());
        return Failure;
    }
    printOut(QCoreApplication::translate(
                 "cli", "default data: %1 values, %2 bytes, newest as of %3, built in %4 ms -> %5\n")
                 .arg(summary.value().values)
                 .arg(summary.value().bytes)
                 .arg(summary.value().newestAsOf)
                 .arg(timer.elapsed())
                 .arg(build.out));
    return Success;
}

} // namespace stackatlas::cli
