// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "datasources/cache/cache.h"

#include <QCommandLineParser>
#include <QStringList>

#include <memory>
#include <string>
#include <vector>

namespace stackatlas::cli {

// Exit codes shared by every command.
enum ExitCode : int
{
    Success = 0,
    Failure = 1,
    UsageError = 2,
    PartialSuccess = 3
};

void printOut(const std::string &text);
void printOut(const QString &text);
// One line on stderr, prefixed "stackatlas: ".
void printError(const QString &message);
void printError(const std::string &message);

// Parses a subcommand's arguments (args[0] is the command name). Handles --help itself.
// Returns nullopt to continue, or the exit code to return at once.
std::optional<int> parseCommand(QCommandLineParser &parser, const QStringList &args,
                                const QString &description, const QString &usageTail = {});

// The --cache option every command that reads the cache takes.
QCommandLineOption cacheOption();
// --snapshot FILE: read a saved snapshot instead of the cache (read-only, no network).
QCommandLineOption snapshotOption();
// Opens the cache named by --cache / STACKATLAS_CACHE / the default, seeding a new one; or, for a
// command that took snapshotOption() and was given it, the verified private copy of a snapshot.
// Such a command only reads: a cache it cannot write is opened read-only.
std::unique_ptr<Cache> openCacheOrReport(const QCommandLineParser &parser, bool snapshotAllowed = false);
// The cache's taxonomy, or nullopt after reporting why it could not be read.
std::optional<Taxonomy> taxonomyOrReport(const Cache &cache);

// Reads --from / --to (ISO-8601 or Unix seconds) into a query's bounds; reports a bad one and
// returns false.
bool parseTimeRange(const QCommandLineParser &parser, const QCommandLineOption &from,
                    const QCommandLineOption &to, SeriesQuery &query);

// "; replaced 2 values (the earlier ones are kept as revisions); 40 unchanged", or empty: what an
// import did to values already stored.
QString changeSummary(long long replaced, long long unchanged);

// On stderr: each value the outlier rule held back (with its neighbours), or stored marked.
void printSuspects(const std::vector<std::string> &held, const std::vector<std::string> &accepted);

// After a fetch or an import: every watch rule evaluated and its new firings recorded, each said on
// stderr ("stackatlas: alert h100-parity fired: ..."). A rule that cannot be evaluated is not an
// error of the write; the round's own failure is said and ignored (the data is stored).
void checkAlertsAfterWrite(Cache &cache);

} // namespace stackatlas::cli
