// SPDX-License-Identifier: GPL-3.0-or-later
// `stackatlas team init|push|pull URL`: a team's shared PostgreSQL store (datasources/team).
#include "cli.h"
#include "clicommon.h"
#include "commandcontext.h"

#include "datasources/team/pgconnection.h"
#include "datasources/team/teamschema.h"
#include "datasources/team/teamsync.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace stackatlas::cli {
namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("cli", text);
}

// The URL is the one positional argument. It may hold a password (psql takes one too), but it is
// never printed: messages name the store by its connection's label.
std::optional<std::string> urlArgument(CommandContext &ctx, const char *command)
{
    const QStringList positional = ctx.parser().positionalArguments();
    if (positional.size() != 1) {
        printError(tr("team %1 needs one URL (a libpq connection string such as postgresql:///teamdb)")
                       .arg(QLatin1String(command)));
        return std::nullopt;
    }
    return positional.first().toStdString();
}

std::unique_ptr<PgConnection> connectOrSay(const std::string &url)
{
    auto db = team::connect(url);
    if (!db.isOk()) {
        printError(db.status().message());
        return nullptr;
    }
    return std::move(db).value();
}

// What push and pull do once their options are parsed: the URL, the cache, the connection.
// nullopt: go on; else the exit code, after saying why.
std::optional<int> openCacheAndStore(CommandContext &ctx, const char *command,
                                     std::unique_ptr<PgConnection> &db)
{
    const auto url = urlArgument(ctx, command);
    if (!url)
        return UsageError;
    if (!ctx.open(false))
        return Failure;
    db = connectOrSay(*url);
    return db ? std::nullopt : std::optional<int>(Failure);
}

int init(const QStringList &args)
{
    CommandContext ctx(args);
    if (auto exit =
            ctx.parse(QStringLiteral("Create the team store's tables (the PostgreSQL schema "
                                     "`stackatlas`) in the database URL names, or migrate them to this "
                                     "version. Refuses a newer or foreign `stackatlas` schema."),
                      QStringLiteral("URL")))
        return *exit;
    const auto url = urlArgument(ctx, "init");
    if (!url)
        return UsageError;
    auto db = connectOrSay(*url);
    if (!db)
        return Failure;
    auto info = teamschema::initialise(*db);
    if (!info.isOk()) {
        printError(info.status().message());
        return Failure;
    }
    printOut(tr("team store %1 ready at %2 (schema version %3)\n")
                 .arg(QString::fromStdString(info.value().storeId), QString::fromStdString(db->label()))
                 .arg(info.value().version));
    return Success;
}

QJsonObject pushJson(const team::PushSummary &s)
{
    return {{QStringLiteral("store"), QString::fromStdString(s.store)},
            {QStringLiteral("push_id"), s.pushId},
            {QStringLiteral("sent"), QJsonObject{{QStringLiteral("series"), s.seriesSent},
                                                 {QStringLiteral("points"), s.pointsSent},
                                                 {QStringLiteral("revisions"), s.revisionsSent},
                                                 {QStringLiteral("runs"), s.runsSent},
                                                 {QStringLiteral("edits"), s.editsSent}}},
            {QStringLiteral("changed"), QJsonObject{{QStringLiteral("series"), s.seriesAdded},
                                                    {QStringLiteral("points"), s.pointsChanged},
                                                    {QStringLiteral("revisions"), s.revisionsAdded},
                                                    {QStringLiteral("runs"), s.runsAdded},
                                                    {QStringLiteral("edits"), s.editsChanged}}}};
}

int push(const QStringList &args)
{
    CommandContext ctx(args);
    const QCommandLineOption all{
        QStringLiteral("all"), tr("Send everything the cache holds, not only what it has not pushed to this "
                                  "store (the store still keeps one of each).")};
    const QCommandLineOption edits{QStringLiteral("edits"),
                                   tr("Also send your own dependencies, events, claims (the usage split) and "
                                      "watch rules; they replace the store's rows of the same key.")};
    const QCommandLineOption progress{QStringLiteral("progress"),
                                      tr("Say on stderr how many points were sent.")};
    ctx.addOptions({all, edits, progress});
    ctx.addFormat({QStringLiteral("text"), QStringLiteral("json")});
    ctx.addCache(false);
    if (auto exit =
            ctx.parse(QStringLiteral("Send what the cache holds that the team store lacks (points, series, "
                                     "provenance, revisions, runs), in one transaction."),
                      QStringLiteral("URL")))
        return *exit;
    std::unique_ptr<PgConnection> db;
    if (auto exit = openCacheAndStore(ctx, "push", db))
        return *exit;
    team::PushOptions options;
    options.everything = ctx.parser().isSet(all);
    options.edits = ctx.parser().isSet(edits);
    // For the tests that kill a push mid-COPY: smaller pieces make the COPY last many sends.
    if (const int piece = qEnvironmentVariableIntValue("STACKATLAS_TEAM_PIECE_BYTES"); piece > 0)
        options.pieceBytes = std::size_t(piece);
    if (ctx.parser().isSet(progress))
        options.progress = [](long long sent) {
            printError(tr("team push: %1 points sent").arg(sent));
        };
    auto summary = team::push(*ctx.cache(), *db, options);
    if (!summary.isOk()) {
        printError(summary.status().message());
        return Failure;
    }
    const team::PushSummary &s = summary.value();
    if (ctx.format() == QLatin1String("json")) {
        printOut(QString::fromUtf8(QJsonDocument(pushJson(s)).toJson(QJsonDocument::Indented)));
    } else if (s.seriesSent + s.pointsSent + s.revisionsSent + s.runsSent + s.editsSent == 0) {
        printOut(tr("nothing to push to %1: it has everything this cache has sent it\n")
                     .arg(QString::fromStdString(s.store)));
    } else {
        printOut(tr("pushed to %1 (push %2): sent %3 series, %4 points, %5 revisions, %6 runs, %7 edits; the "
                    "store "
                    "gained or changed %8 series, %9 points, %10 revisions, %11 runs, %12 edits\n")
                     .arg(QString::fromStdString(s.store))
                     .arg(s.pushId ? QString::number(s.pushId) : tr("none: nothing changed"))
                     .arg(s.seriesSent)
                     .arg(s.pointsSent)
                     .arg(s.revisionsSent)
                     .arg(s.runsSent)
                     .arg(s.editsSent)
                     .arg(s.seriesAdded)
                     .arg(s.pointsChanged)
                     .arg(s.revisionsAdded)
                     .arg(s.runsAdded)
                     .arg(s.editsChanged));
    }
    if (s.markFailed)
        printError(
            tr("the push was committed, but this cache could not remember it: the next push sends it again"));
    return Success;
}

int pull(const QStringList &args)
{
    CommandContext ctx(args);
    const QCommandLineOption all{
        QStringLiteral("all"),
        tr("Read every push the store has, not only those after this cache's last pull.")};
    ctx.addOptions({all});
    ctx.addFormat({QStringLiteral("text"), QStringLiteral("json")});
    ctx.addCache(false);
    if (auto exit =
            ctx.parse(QStringLiteral("Bring into the cache what the team store has that it lacks: the "
                                     "pushes since the last pull, checked like any import, in one "
                                     "transaction. Your own edits stay as they are."),
                      QStringLiteral("URL")))
        return *exit;
    std::unique_ptr<PgConnection> db;
    if (auto exit = openCacheAndStore(ctx, "pull", db))
        return *exit;
    team::PullOptions options;
    options.everything = ctx.parser().isSet(all);
    auto summary = team::pull(*ctx.cache(), *db, options);
    if (!summary.isOk()) {
        printError(summary.status().message());
        return Failure;
    }
    const team::PullSummary &s = summary.value();
    const TeamPullSummary &a = s.applied;
    for (const std::string &why : s.refused)
        printError(tr("team pull: refused %1").arg(QString::fromStdString(why)));
    if (ctx.format() == QLatin1String("json")) {
        QJsonObject out{
            {QStringLiteral("store"), QString::fromStdString(s.store)},
            {QStringLiteral("from_push"), s.fromPush},
            {QStringLiteral("through_push"), s.throughPush},
            {QStringLiteral("read"), QJsonObject{{QStringLiteral("series"), s.seriesRead},
                                                 {QStringLiteral("points"), s.pointsRead},
                                                 {QStringLiteral("revisions"), s.revisionsRead},
                                                 {QStringLiteral("runs"), s.runsRead}}},
            {QStringLiteral("added"), QJsonObject{{QStringLiteral("series"), a.seriesAdded},
                                                  {QStringLiteral("points"), a.pointsAdded},
                                                  {QStringLiteral("points_changed"), a.pointsChanged},
                                                  {QStringLiteral("points_same"), a.pointsSame},
                                                  {QStringLiteral("revisions"), a.revisionsAdded},
                                                  {QStringLiteral("runs"), a.runsAdded}}},
            {QStringLiteral("refused"), s.refusedRows}};
        printOut(QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Indented)));
    } else if (s.throughPush <= s.fromPush) {
        printOut(
            tr("nothing new in %1 since push %2\n").arg(QString::fromStdString(s.store)).arg(s.fromPush));
    } else {
        printOut(
            tr("pulled pushes %1 to %2 from %3: read %4 points; added %5 series, %6 points, changed %7 (the "
               "older values kept as revisions), %8 already here; %9 revisions, %10 runs; %11 refused\n")
                .arg(s.fromPush + 1)
                .arg(s.throughPush)
                .arg(QString::fromStdString(s.store))
                .arg(s.pointsRead)
                .arg(a.seriesAdded)
                .arg(a.pointsAdded)
                .arg(a.pointsChanged)
                .arg(a.pointsSame)
                .arg(a.revisionsAdded)
                .arg(a.runsAdded)
                .arg(s.refusedRows));
    }
    return s.refusedRows ? PartialSuccess : Success;
}

} // namespace

int teamCommand(const QStringList &args)
{
    const QString sub = args.size() > 1 ? args.at(1) : QString();
    const QStringList rest = args.mid(1);
    if (sub == QLatin1String("init"))
        return init(rest);
    if (sub == QLatin1String("push"))
        return push(rest);
    if (sub == QLatin1String("pull"))
        return pull(rest);
    if (sub == QLatin1String("--help") || sub == QLatin1String("-h")) {
        printOut(QStringLiteral(
            "Usage: stackatlas team init URL\n"
            "       stackatlas team push URL [--all] [--edits] [--progress] [--format text|json] [--cache "
            "PATH]\n"
            "       stackatlas team pull URL [--all] [--format text|json] [--cache PATH]\n"
            "\n"
            "URL is any libpq connection string (postgresql://user@host/db, \"host=… dbname=…\"); PGHOST,\n"
            "PGPORT, PGUSER, PGDATABASE, PGPASSFILE and PGSSLMODE apply as in psql. The password comes from\n"
            "~/.pgpass (or PGPASSFILE) or the desktop keyring's entry \"team-database-password\".\n"
            "pull exits 3 when the store sent rows the cache refused (each is said).\n"));
        return Success;
    }
    printError(tr("team needs init, push or pull (stackatlas team --help)"));
    return UsageError;
}

} // namespace stackatlas::cli
