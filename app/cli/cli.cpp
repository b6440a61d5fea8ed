// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli.h"

#include "clicommon.h"

#include <QCoreApplication>

#include <functional>
#include <map>

namespace stackatlas::cli {
namespace {

struct Command
{
    const char *summary;
    std::function<int(const QStringList &)> run;
};

const std::map<QString, Command> &commands()
{
    static const std::map<QString, Command> list{
        {QStringLiteral("alerts"),
         {QT_TRANSLATE_NOOP("cli", "Watch rules: add, list, remove, enable, disable, and check them (exit 3 "
                                   "when one fires)."),
          alertsCommand}},
        {QStringLiteral("taxonomy"),
         {QT_TRANSLATE_NOOP("cli", "Print the stack taxonomy, or load a taxonomy file into the cache."),
          taxonomyCommand}},
        {QStringLiteral("import-csv"),
         {QT_TRANSLATE_NOOP("cli", "Import a long-format CSV file into the cache."), importCsvCommand}},
        {QStringLiteral("query"),
         {QT_TRANSLATE_NOOP("cli", "Print the points of matching series with their provenance."),
          queryCommand}},
        {QStringLiteral("compare"),
         {QT_TRANSLATE_NOOP("cli", "Print each protocol's, category's or layer's figure at two dates, and "
                                   "the change."),
          compareCommand}},
        {QStringLiteral("build-default-data"),
         {QT_TRANSLATE_NOOP("cli", "Build the default data file from a manifest (a build step)."),
          buildDefaultDataCommand}},
        {QStringLiteral("deps"),
         {QT_TRANSLATE_NOOP(
              "cli", "Print what an entity or category relies on, what relies on it, and what is exposed."),
          depsCommand}},
        {QStringLiteral("export"),
         {QT_TRANSLATE_NOOP("cli", "Render a pane (the layer map) to PNG, SVG or PDF, headless."),
          exportCommand}},
        {QStringLiteral("fetch"),
         {QT_TRANSLATE_NOOP("cli", "Fetch live metrics from the data sources into the cache."),
          fetchCommand}},
        {QStringLiteral("import-payload"),
         {QT_TRANSLATE_NOOP("cli", "Parse a saved API response into the cache."), importPayloadCommand}},
        {QStringLiteral("price-index"),
         {QT_TRANSLATE_NOOP("cli",
                            "Print one GPU's price advantage index, day by day, with both sides' medians."),
          priceIndexCommand}},
        {QStringLiteral("report"),
         {QT_TRANSLATE_NOOP(
              "cli", "Write the multi-page PDF report (and, with --charts-dir, every chart as PNG and SVG)."),
          reportCommand}},
        {QStringLiteral("snapshot"),
         {QT_TRANSLATE_NOOP("cli", "Save, check or compare offline snapshots (snapshot save|info|diff)."),
          snapshotCommand}},
        {QStringLiteral("team"),
         {QT_TRANSLATE_NOOP("cli", "Share data through a team's PostgreSQL store: team init|push|pull URL."),
          teamCommand}},
        {QStringLiteral("sources"),
         {QT_TRANSLATE_NOOP("cli", "Print each data source's last run, status, as-of and error."),
          sourcesCommand}},
    };
    return list;
}

QString generalHelp()
{
    QString text =
        QCoreApplication::translate(
            "cli", "Usage: stackatlas [--cache PATH] [--pane ID] [--screenshot FILE [--size WxH]]\n"
                   "       stackatlas COMMAND [OPTIONS]   (COMMAND --help for its options)\n\n"
                   "StackAtlas %1: analytics for the Web3 AI stack. Without a command it opens the desktop\n"
                   "application; the commands below need no display.\n\nCommands:\n")
            .arg(QCoreApplication::applicationVersion());
    for (const auto &[name, command] : commands())
        text += QStringLiteral("  %1 %2\n")
                    .arg(name, -12)
                    .arg(QCoreApplication::translate("cli", command.summary));
    text += QCoreApplication::translate(
        "cli", "\nOptions:\n"
               "  --version          Print the version.\n"
               "  --help             Print this help.\n"
               "  --cache PATH       Cache file (default: $STACKATLAS_CACHE, else the per-user cache).\n"
               "  --pane ID          Pane to show first (layer-map, protocols, sources).\n"
               "  --select ID        Entity to select at start (for screenshots).\n"
               "  --dark             A dark palette (Fusion).\n"
               "  --screenshot FILE  Render the window to a PNG file and exit.\n"
               "  --size WxH         Window size for --screenshot (default 1280x800).\n\n"
               "Exit codes: 0 success, 1 failure, 2 usage error, 3 partial success.\n");
    return text;
}

} // namespace

bool isCliInvocation(const QStringList &args)
{
    if (args.isEmpty())
        return false;
    const QString &first = args.first();
    return commands().count(first) || first == QLatin1String("--version") || first == QLatin1String("-v") ||
           first == QLatin1String("--help") || first == QLatin1String("-h") ||
           first == QLatin1String("help") || (!first.startsWith(u'-'));
}

int run(const QStringList &args)
{
    const QString &first = args.first();
    if (first == QLatin1String("--version") || first == QLatin1String("-v")) {
        printOut(QStringLiteral("stackatlas %1\n").arg(QCoreApplication::applicationVersion()));
        return Success;
    }
    if (first == QLatin1String("--help") || first == QLatin1String("-h") || first == QLatin1String("help")) {
        printOut(generalHelp());
        return Success;
    }
    const auto it = commands().find(first);
    if (it == commands().end()) {
        printError(
            QCoreApplication::translate("cli", "unknown command \"%1\" (see stackatlas --help)").arg(first));
        return UsageError;
    }
    return it->second.run(args);
}

} // namespace stackatlas::cli
