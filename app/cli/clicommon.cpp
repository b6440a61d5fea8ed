// SPDX-License-Identifier: GPL-3.0-or-later
#include "clicommon.h"

#include "models/alerts/alertcheck.h"

#include "datasources/cache/fileaccess.h"
#include "datasources/cache/snapshot.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>

#include "datasources/cache/cachelocation.h"

#include <QCoreApplication>

#include <cstdio>
#include <filesystem>

namespace stackatlas::cli {

void printOut(const std::string &text)
{
    std::fwrite(text.data(), 1, text.size(), stdout);
}

void printOut(const QString &text)
{
    printOut(text.toStdString());
}

void printError(const QString &message)
{
    printError(message.toStdString());
}

void printError(const std::string &message)
{
    // One line per error: embedded newlines would break scripts that read stderr by line.
    std::string line = message;
    for (char &c : line) {
        if (c == '\n' || c == '\r')
            c = ' ';
    }
    std::fprintf(stderr, "stackatlas: %s\n", line.c_str());
}

std::optional<int> parseCommand(QCommandLineParser &parser, const QStringList &args,
                                const QString &description, const QString &usageTail)
{
    parser.setApplicationDescription(description);
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                  QCoreApplication::translate("cli", "Show this help."));
    parser.addOption(help);
    if (!usageTail.isEmpty())
        parser.addPositionalArgument(usageTail, QString());
    if (!parser.parse(args)) {
        printError(parser.errorText() +
                   QCoreApplication::translate("cli", " (see stackatlas %1 --help)").arg(args.value(0)));
        return UsageError;
    }
    if (parser.isSet(help)) {
        QString text = parser.helpText();
        // QCommandLineParser names the binary as it was invoked; name the subcommand instead.
        const qsizetype end = text.indexOf(QStringLiteral(" [options]"));
        if (text.startsWith(QStringLiteral("Usage: ")) && end > 0)
            text.replace(7, end - 7, QStringLiteral("stackatlas ") + args.value(0));
        printOut(text);
        return Success;
    }
    return std::nullopt;
}

QCommandLineOption cacheOption()
{
    return QCommandLineOption(QStringLiteral("cache"),
                              QCoreApplication::translate("cli",
                                                          "Cache file (default: $STACKATLAS_CACHE, else the "
                                                          "per-user cache.sqlite)."),
                              QStringLiteral("PATH"));
}

QCommandLineOption snapshotOption()
{
    return QCommandLineOption(
        QStringLiteral("snapshot"),
        QCoreApplication::translate("cli", "Read a saved snapshot instead of the cache (read-only)."),
        QStringLiteral("FILE"));
}

std::unique_ptr<Cache> openCacheOrReport(const QCommandLineParser &parser, bool snapshotAllowed)
{
    if (snapshotAllowed && parser.isSet(QStringLiteral("snapshot"))) {
        if (parser.isSet(QStringLiteral("cache"))) {
            printError(QCoreApplication::translate("cli", "give --cache or --snapshot, not both"));
            return nullptr;
        }
        // The verified copy lives in a private folder for the life of the process.
        static QTemporaryDir privateDir(QDir::tempPath() + QStringLiteral("/stackatlas-snapshot-XXXXXX"));
        auto opened = openSnapshot(parser.value(QStringLiteral("snapshot")).toStdString(),
                                   privateDir.path().toStdString());
        if (!opened.isOk()) {
            printError(opened.status().message());
            return nullptr;
        }
        return std::move(opened.value().cache);
    }
    const QString path = resolveCachePath(parser.value(QStringLiteral("cache")));
    // A command that only reads works on a cache it cannot write (a read-only file, folder or
    // file system, a full disk): it reads it as it stands, without the taxonomy refresh a
    // read-write open would make.
    const bool readOnly = snapshotAllowed && QFileInfo::exists(path) &&
                          !cache::whyNotWritable(std::filesystem::path(path.toStdString())).empty();
    auto cache = openUserCache(path, readOnly ? Cache::Mode::ReadOnly : Cache::Mode::ReadWrite);
    if (!cache.isOk()) {
        printError(cache.status().message());
        return nullptr;
    }
    return std::move(cache).value();
}

std::optional<Taxonomy> taxonomyOrReport(const Cache &cache)
{
    auto taxonomy = cache.taxonomy();
    if (!taxonomy.isOk()) {
        printError(taxonomy.status().message());
        return std::nullopt;
    }
    return std::move(taxonomy.value());
}

bool parseTimeRange(const QCommandLineParser &parser, const QCommandLineOption &from,
                    const QCommandLineOption &to, SeriesQuery &query)
{
    for (const auto &[option, target] : {std::pair{&from, &query.from}, std::pair{&to, &query.to}}) {
        if (!parser.isSet(*option))
            continue;
        const TimeParse t = parseTimestamp(parser.value(*option).toStdString());
        if (!t.value) {
            printError(
                QStringLiteral("--%1: %2").arg(option->names().first(), QString::fromStdString(t.error)));
            return false;
        }
        *target = t.value;
    }
    return true;
}

QString changeSummary(long long replaced, long long unchanged)
{
    QString out;
    if (replaced)
        out += QCoreApplication::translate("cli",
                                           "; replaced %1 values (the earlier ones are kept as revisions)")
                   .arg(replaced);
    if (unchanged)
        out +=
            QCoreApplication::translate("cli", "; %1 already stored as they are (unchanged)").arg(unchanged);
    return out;
}

void printSuspects(const std::vector<std::string> &held, const std::vector<std::string> &accepted)
{
    for (const std::string &h : held)
        printError(
            QCoreApplication::translate("cli", "held back as suspect: %1").arg(QString::fromStdString(h)));
    for (const std::string &a : accepted)
        printError(
            QCoreApplication::translate("cli", "stored, marked suspect: %1").arg(QString::fromStdString(a)));
    if (!held.empty())
        printError(QCoreApplication::translate("cli", "%1 values held back as suspect: more than 5x from the "
                                                      "median of their series within 7 days "
                                                      "(--accept-suspect stores them, marked)")
                       .arg(held.size()));
}

void checkAlertsAfterWrite(Cache &cache)
{
    auto taxonomy = cache.taxonomy();
    if (!taxonomy.isOk())
        return;
    auto round = runAlertRound(cache, taxonomy.value(), true);
    if (!round.isOk()) {
        printError(QCoreApplication::translate("cli", "watch rules not evaluated: %1")
                       .arg(QString::fromStdString(round.status().message())));
        return;
    }
    for (const AlertFiring &f : round.value().newFirings)
        printError(QCoreApplication::translate("cli", "alert %1 fired: %2")
                       .arg(QString::fromStdString(f.ruleName), QString::fromStdString(firingSummary(f))));
}

} // namespace stackatlas::cli
