// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/status.h"
#include "models/domain/teamrows.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace stackatlas {

class Cache;
class PgConnection;

// Sharing one collector's data through a PostgreSQL team store (teamschema.h for its tables).
// The local cache stays what every pane reads: a push copies what it lacks into the store, a pull
// copies what the store has into the cache, each in one transaction on each side.
namespace team {

// The team database: `url` is anything libpq takes. Where the URL carries no password and the
// desktop's keyring holds one (entry kPasswordEntry), it is passed to libpq; otherwise libpq's own
// means apply (~/.pgpass, PGPASSFILE, PGPASSWORD). The password is never written anywhere.
inline constexpr const char *kPasswordEntry = "team-database-password";
Result<std::unique_ptr<PgConnection>> connect(const std::string &url, bool useKeyring = true);
// The keyring's password for a URL that names none (nullopt: none, or no keyring). Blocking, on
// a thread with an event loop: the desktop reads it on the GUI thread before its worker connects.
std::optional<std::string> keyringPassword(const std::string &url);
// Whether a URL names a password itself (a settings field refuses to keep such a URL); an error
// when libpq cannot read the URL at all.
Result<bool> urlHasPassword(const std::string &url);

struct PushOptions
{
    bool everything = false; // send all, not only what this cache has not pushed to this store
    bool edits = false;      // also the user's own dependencies, events, claims and alert rules
    std::function<void(long long pointsSent)> progress; // after each piece of the points' COPY
    std::size_t pieceBytes = 1 << 20;
};

struct PushSummary
{
    std::string store;    // the connection's label
    long long pushId = 0; // 0: nothing was sent, or nothing in the store changed
    long long seriesSent = 0, pointsSent = 0, revisionsSent = 0, runsSent = 0, editsSent = 0;
    long long seriesAdded = 0, pointsChanged = 0, revisionsAdded = 0, runsAdded = 0, editsChanged = 0;
    bool markFailed = false; // committed, but this cache could not remember it: the next push resends
};

// One transaction on the server: an interrupted push leaves the store as it was.
Result<PushSummary> push(Cache &cache, PgConnection &db, const PushOptions &options = {});

struct PullOptions
{
    bool everything = false; // every push the store has, not only those after the last pull
};

struct PullSummary
{
    std::string store;
    long long fromPush = 0, throughPush = 0; // the pushes read: (fromPush, throughPush]
    long long seriesRead = 0, pointsRead = 0, revisionsRead = 0, runsRead = 0;
    TeamPullSummary applied;
    std::vector<std::string> refused; // rows the door refused, with why (the first few)
    long long refusedRows = 0;
};

// Reads the store in one read-only snapshot, checks every row at the door, and adds it to the cache
// in one transaction; records the pull as a run of the source "team".
Result<PullSummary> pull(Cache &cache, PgConnection &db, const PullOptions &options = {});

} // namespace team
} // namespace stackatlas
