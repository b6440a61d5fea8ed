// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli.h"
#include "clicommon.h"
#include "commandcontext.h"

#include "models/domain/timeutil.h"

#include <QCoreApplication>

namespace stackatlas::cli {
namespace {

QString isoOrDash(const std::optional<UnixSeconds> &t)
{
    return t ? QString::fromStdString(formatIsoUtc(*t)) : QStringLiteral("-");
}

} // namespace

int sourcesCommand(const QStringList &args)
{
    CommandContext ctx(args);
    ctx.addCache(true);
    if (auto exit =
            ctx.parse(QStringLiteral("Print each data source in the cache: its last fetch or import, "
                                     "status, the newest as-of of its data, its points and their time "
                                     "range, and the last error.")))
        return *exit;
    if (!ctx.open(false))
        return Failure;
    auto &cache = ctx.cache();
    auto sources = cache->sources();
    if (!sources.isOk()) {
        printError(sources.status().message());
        return Failure;
    }
    if (sources.value().empty()) {
        printOut(QCoreApplication::translate(
                     "cli", "no sources yet in %1: import a CSV with stackatlas import-csv\n")
                     .arg(QString::fromStdString(cache->path())));
        return Success;
    }
    if (cache->metadata("sample_data").value_or("0") == "1")
        printOut(QStringLiteral(
                     "sample data shipped with StackAtlas (as of %1); stackatlas fetch brings live data\n")
                     .arg(QString::fromStdString(cache->metadata("sample_data_as_of").value_or("?"))));
    printOut(QStringLiteral("%1  %2  %3  %4  %5  %6  %7  %8\n")
                 .arg(QStringLiteral("SOURCE"), -22)
                 .arg(QCoreApplication::translate("cli", "LAST RUN"), -28)
                 .arg(QStringLiteral("STATUS"), -9)
                 .arg(QCoreApplication::translate("cli", "AS OF"), -20)
                 .arg(QStringLiteral("POINTS"), 8)
                 .arg(QStringLiteral("RANGE"), -41)
                 .arg(QStringLiteral("ERROR"), -5)
                 .arg(QCoreApplication::translate("cli", "ORIGIN (LAST RUN)")));
    for (const auto &s : sources.value()) {
        const QString run = s.lastRun ? QStringLiteral("%1 %2").arg(QString::fromStdString(s.lastRun->kind),
                                                                    isoOrDash(s.lastRun->startedAt))
                                      : QStringLiteral("-");
        const QString status = s.lastRun ? QString::fromStdString(s.lastRun->status) : QStringLiteral("-");
        const QString range = s.firstTs ? isoOrDash(s.firstTs) + QStringLiteral("..") + isoOrDash(s.lastTs)
                                        : QStringLiteral("-");
        const QString error = s.lastRun && !s.lastRun->error.empty()
                                  ? QString::fromStdString(s.lastRun->error)
                                  : QStringLiteral("-");
        const QString origin = s.lastRun ? QString::fromStdString(s.lastRun->endpoint) : QStringLiteral("-");
        printOut(QStringLiteral("%1  %2  %3  %4  %5  %6  %7  %8\n")
                     .arg(QString::fromStdString(s.source), -22)
                     .arg(run, -28)
                     .arg(status, -9)
                     .arg(isoOrDash(s.asOf), -20)
                     .arg(s.points, 8)
                     .arg(range, -41)
                     .arg(error, -5)
                     .arg(origin));
    }
    // Where a team store brought data (team pull), which and when: a figure's provenance names its
    // original source; this says it came by way of the team.
    for (const auto &s : sources.value()) {
        if (s.teamPoints > 0)
            printOut(
                QCoreApplication::translate("cli", "%1: %2 of %3 points from the team store %4, pulled %5\n")
                    .arg(QString::fromStdString(s.source))
                    .arg(s.teamPoints)
                    .arg(s.points)
                    .arg(QString::fromStdString(s.teamStore), isoOrDash(s.teamPulledAt)));
    }
    return Success;
}

} // namespace stackatlas::cli
