// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace stackatlas {

// An offline snapshot: one self-contained SQLite file holding a cache's data, taxonomy (with the
// user's edits), events and metadata, plus who made it, when, from which version, each source's
// as-of and a hash of the content. API keys and settings never live in the cache, so never in
// a snapshot.
struct SnapshotMeta
{
    std::string title;
    std::string note;
    std::string createdAt; // ISO-8601 UTC
    std::string appVersion;
    int schemaVersion = 0;
    std::string contentHash;     // hex
    std::string contentHashKind; // what contentHash was computed over, and how
    std::vector<std::pair<std::string, std::string>> sourceAsOf; // source, ISO-8601 as-of
};

} // namespace stackatlas
