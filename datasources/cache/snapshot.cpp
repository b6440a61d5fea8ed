// SPDX-License-Identifier: GPL-3.0-or-later
#include "snapshot.h"

#include "schema.h"
#include "snapshothash.h"
#include "sqlitehandle.h"

#include "models/domain/timeutil.h"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <random>
#include <unistd.h>

namespace stackatlas {

namespace fs = std::filesystem;
using cache::Statement;

namespace {

constexpr const char *kHashKey = "snapshot.content_hash";
constexpr const char *kHashKindKey = "snapshot.hash_kind";
// Judging a file may take this long at most (integrity_check of 100 MB takes about a second here).
constexpr auto kCheckBudget = std::chrono::seconds(20);

Status refuse(const std::string &path, const std::string &why)
{
    return Status::error(StatusCode::Refused, "not a usable StackAtlas snapshot: " + path + ": " + why);
}

// A file this code made and owns (a temporary snapshot, a private copy), with any rollback
// journal SQLite left beside it: removed on every early return, kept once the work succeeded.
struct RemoveUnlessKept
{
    fs::path path;
    bool keep = false;
    ~RemoveUnlessKept()
    {
        std::error_code e;
        if (!keep) {
            fs::remove(path, e);
            fs::remove(path.string() + "-journal", e);
        }
    }
};

struct Db
{
    sqlite3 *db = nullptr;
    ~Db() { sqlite3_close_v2(db); }
};

std::string randomSuffix()
{
    std::random_device rd;
    char buf[17];
    std::snprintf(buf, sizeof buf, "%08x%08x", rd(), rd());
    return buf;
}

// Asks the kernel to start writing the file to disk now, without waiting: the writeback runs
// while the file is hashed, so the final fsync has little left to do.
void startWriteback(const fs::path &p)
{
    const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    (void)::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
    ::close(fd);
}

// The text a saved snapshot's hash row holds until the hash replaces it: random, so it is found
// in the file's bytes exactly once.
std::string randomHashText()
{
    std::string text;
    while (text.size() < snapshothash::kHexLength)
        text += randomSuffix();
    return text.substr(0, snapshothash::kHexLength);
}

bool syncPath(const fs::path &p, bool directory)
{
    const int fd = ::open(p.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
    if (fd < 0)
        return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

// The schema a StackAtlas cache of this version has, from the migrations themselves.
Result<std::vector<std::array<std::string, 3>>> schemaOf(sqlite3 *db)
{
    std::vector<std::array<std::string, 3>> out;
    Statement q(db, "SELECT type, name, coalesce(sql, '') FROM sqlite_schema ORDER BY type, name");
    while (q.step())
        out.push_back({q.text(0), q.text(1), q.text(2)});
    if (q.failed() || !q.isValid())
        return Status::error(StatusCode::IoError, q.isValid() ? q.error() : q.prepareError());
    return out;
}

const std::vector<std::array<std::string, 3>> &expectedSchema()
{
    static const std::vector<std::array<std::string, 3>> schema = [] {
        Db mem;
        sqlite3_open(":memory:", &mem.db);
        (void)cache::applyMigrations(mem.db, 0, cache::migrations());
        auto s = schemaOf(mem.db);
        return s.isOk() ? s.value() : std::vector<std::array<std::string, 3>>{};
    }();
    return schema;
}

Status setMeta(sqlite3 *db, const std::string &key, const std::string &value)
{
    Statement q(db, "INSERT INTO metadata(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = "
                    "excluded.value");
    q.bind(1, key).bind(2, value);
    q.step();
    return q.failed() || !q.isValid() ? Status::error(StatusCode::IoError, cache::lastError(db))
                                      : Status::ok();
}

std::uint32_t be32(const unsigned char *p)
{
    return (std::uint32_t(p[0]) << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
}

} // namespace

Status saveSnapshot(const Cache &cache, const std::string &pathIn, const std::string &title,
                    const std::string &note, const std::string &appVersion)
{
    std::error_code ec;
    const fs::path path = fs::absolute(pathIn, ec);
    if (ec || pathIn.empty())
        return Status::error(StatusCode::InvalidInput, "bad snapshot path \"" + pathIn + "\"");
    if (fs::is_directory(path, ec))
        return Status::error(StatusCode::InvalidInput, path.string() + " is a directory");
    const fs::path dir = path.parent_path();
    if (!fs::is_directory(dir, ec))
        return Status::error(StatusCode::IoError, "no folder " + dir.string());
    if (fs::absolute(cache.path(), ec) == path)
        return Status::error(StatusCode::InvalidInput, "a snapshot cannot replace the cache it is made from");
    const fs::path tmp = dir / ("." + path.filename().string() + ".tmp-" + randomSuffix());
    RemoveUnlessKept cleanup{tmp};
    const std::string hashText = randomHashText();

    if (Status s = cache.backupInto(tmp.string()); !s.isOk())
        return Status::error(s.code(),
                             "snapshot not saved (" + path.string() + " is unchanged): " + s.message());
    {
        Db out;
        if (sqlite3_open_v2(tmp.c_str(), &out.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, nullptr) !=
            SQLITE_OK)
            return Status::error(StatusCode::IoError, "snapshot not saved: " + cache::lastError(out.db));
        startWriteback(tmp);
        // No sync here: writeSlot syncs the finished file once, before it is renamed into place.
        Status s = cache::exec(out.db, "PRAGMA journal_mode = DELETE");
        if (s.isOk())
            s = cache::exec(out.db, "PRAGMA synchronous = OFF");
        if (s.isOk())
            s = cache::exec(out.db, "BEGIN IMMEDIATE");
        const auto now = static_cast<UnixSeconds>(std::chrono::duration_cast<std::chrono::seconds>(
                                                      std::chrono::system_clock::now().time_since_epoch())
                                                      .count());
        // A snapshot of a snapshot keeps no stale stamp: every snapshot.* key is written anew.
        if (s.isOk())
            s = cache::exec(out.db, "DELETE FROM metadata WHERE key LIKE 'snapshot.%'");
        // Each source's as-of, as it was when saved: "source<TAB>as-of" lines.
        std::string sourceAsOf;
        if (const auto sources = cache.sourceAsOfs(); sources.isOk())
            for (const auto &[source, asOf] : sources.value())
                sourceAsOf += source + "\t" + (asOf ? formatIsoUtc(*asOf) : std::string()) + "\n";
        const std::pair<std::string, std::string> stamps[] = {
            {"snapshot.sources", sourceAsOf},
            {"snapshot.title", title},
            {"snapshot.note", note},
            {"snapshot.created_at", formatIsoUtc(now)},
            {"snapshot.app_version", appVersion},
            {"snapshot.schema_version", std::to_string(cache::currentSchemaVersion())},
            {kHashKindKey, std::string(snapshothash::kPagesKind)},
            {kHashKey, hashText}};
        for (const auto &[k, v] : stamps)
            if (s.isOk())
                s = setMeta(out.db, k, v);
        if (s.isOk())
            s = cache::exec(out.db, "COMMIT");
        if (!s.isOk())
            return Status::error(StatusCode::IoError, "snapshot not saved: " + s.message());
    }
    // The file is final but for its hash: hashed in one pass over its bytes, the hash written in
    // place of the random text (same length, so no page changes but that one).
    const auto hash = snapshothash::hashPages(tmp.string(), hashText);
    Status written = hash.isOk()
                         ? snapshothash::writeSlot(tmp.string(), hash.value().slotOffset, hash.value().hex)
                         : hash.status();
    if (!written.isOk())
        return Status::error(StatusCode::IoError, "snapshot not saved: " + written.message());
    fs::rename(tmp, path, ec);
    if (ec)
        return Status::error(StatusCode::IoError, "snapshot not saved: " + ec.message());
    cleanup.keep = true;
    syncPath(dir, true);
    return Status::ok();
}

Result<SnapshotMeta> snapshotMeta(const Cache &snapshot)
{
    SnapshotMeta m;
    const auto get = [&](const char *key) {
        return snapshot.metadata(key).value_or("");
    };
    if (!snapshot.metadata(kHashKey))
        return Status::error(StatusCode::NotFound,
                             "not a snapshot (no snapshot metadata): " + snapshot.path());
    m.title = get("snapshot.title");
    m.note = get("snapshot.note");
    m.createdAt = get("snapshot.created_at");
    m.appVersion = get("snapshot.app_version");
    m.schemaVersion = std::atoi(get("snapshot.schema_version").c_str());
    m.contentHash = get(kHashKey);
    m.contentHashKind = std::string(get(kHashKindKey) == snapshothash::kPagesKind ? snapshothash::kPagesLabel
                                                                                  : snapshothash::kRowsLabel);
    const std::string stamped = get("snapshot.sources");
    for (std::size_t start = 0; start < stamped.size();) {
        const std::size_t end = std::min(stamped.find('\n', start), stamped.size());
        const std::string line = stamped.substr(start, end - start);
        const std::size_t tab = line.find('\t');
        if (tab != std::string::npos)
            m.sourceAsOf.emplace_back(line.substr(0, tab), line.substr(tab + 1));
        start = end + 1;
    }
    return m;
}

namespace {

// The SQLite header, read from the copy (what SQLite will read, not what the path shows later):
// magic, page size, declared size, journal mode, application_id and schema version.
Status judgeHeader(const fs::path &copy, const std::string &p, std::uintmax_t size)
{
    std::array<unsigned char, 100> h{};
    {
        std::ifstream in(copy, std::ios::binary);
        in.read(reinterpret_cast<char *>(h.data()), std::streamsize(h.size()));
        if (!in)
            return refuse(p, "cannot read its header");
    }
    if (std::memcmp(h.data(), "SQLite format 3", 16) != 0)
        return refuse(p, "it is not a SQLite database");
    const std::uint32_t pageSize = h[16] == 0 && h[17] == 1 ? 65536u : (std::uint32_t(h[16]) << 8) | h[17];
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) != 0)
        return refuse(p, "its page size (" + std::to_string(pageSize) + ") is not one SQLite writes");
    if (size % pageSize != 0)
        return refuse(p, "its size is not a whole number of pages: the file is truncated or padded");
    const std::uint32_t declaredPages = be32(h.data() + 28);
    const bool declaredValid = be32(h.data() + 92) == be32(h.data() + 24) && declaredPages != 0;
    if (declaredValid && std::uint64_t(declaredPages) * pageSize != size)
        return refuse(p, "its header declares " + std::to_string(std::uint64_t(declaredPages) * pageSize) +
                             " bytes but the file has " + std::to_string(size) +
                             ": truncated or tampered with");
    if (h[18] != 1 || h[19] != 1)
        return refuse(
            p, "it is in WAL mode or an unknown journal mode (a snapshot is a single rollback-journal file)");
    const std::int64_t appId = std::int32_t(be32(h.data() + 68));
    if (appId != cache::kApplicationId)
        return refuse(p, "it belongs to another application (application_id " + std::to_string(appId) + ")");
    const int version = int(be32(h.data() + 60));
    if (version > cache::currentSchemaVersion())
        return refuse(p, "it was written by a newer StackAtlas (schema " + std::to_string(version) +
                             ", this version reads " + std::to_string(cache::currentSchemaVersion()) + ")");
    if (version < cache::currentSchemaVersion())
        return refuse(p, "it was written by an older StackAtlas (schema " + std::to_string(version) +
                             "); open it with that version and save it again");

    return Status::ok();
}

// Opened immutable and defensive, nothing from the file runs: the exact schema, integrity_check and
// the content hash, within a time budget.
Status judgeContent(const fs::path &copy, const std::string &p)
{
    Db db;
    const std::string uri = "file:" + copy.string() + "?immutable=1";
    if (sqlite3_open_v2(uri.c_str(), &db.db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOFOLLOW,
                        nullptr) != SQLITE_OK)
        return refuse(p, "SQLite cannot open it (" + cache::lastError(db.db) + ")");
    sqlite3_db_config(db.db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(db.db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    sqlite3_db_config(db.db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
    sqlite3_db_config(db.db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, nullptr);
    // integrity_check reads every page, mapped rather than copied: 1.6 s instead of 2.6 s for
    // 130 MB here. The file is this process's private copy, so nobody truncates it under the map.
    (void)cache::exec(db.db, "PRAGMA mmap_size = 1073741824");
    const auto deadline = std::chrono::steady_clock::now() + kCheckBudget;
    sqlite3_progress_handler(
        db.db, 10000,
        [](void *d) -> int {
            return std::chrono::steady_clock::now() >
                   *static_cast<std::chrono::steady_clock::time_point *>(d);
        },
        const_cast<std::chrono::steady_clock::time_point *>(&deadline));
    // The schema first: reading sqlite_schema runs nothing from the file.
    const auto schema = schemaOf(db.db);
    if (!schema.isOk())
        return refuse(p, "its schema cannot be read (" + schema.status().message() + ")");
    if (schema.value() != expectedSchema()) {
        // Only the schema's own trigger (revisions), word for word, may be there; no view ever.
        const auto &expected = expectedSchema();
        for (const auto &row : schema.value())
            if ((row[0] == "trigger" || row[0] == "view") &&
                std::find(expected.begin(), expected.end(), row) == expected.end())
                return refuse(p, "it contains a " + row[0] + " (\"" + row[1] +
                                     "\") of its own; snapshots never do");
        return refuse(p, "its tables are not those of a StackAtlas snapshot");
    }
    {
        Statement q(db.db, "PRAGMA integrity_check(20)");
        std::string problems;
        while (q.step())
            if (q.text(0) != "ok")
                problems += (problems.empty() ? "" : "; ") + q.text(0);
        if (q.failed() || !q.isValid())
            return refuse(p, std::chrono::steady_clock::now() > deadline
                                 ? "checking it took too long"
                                 : "it is corrupt (" + cache::lastError(db.db) + ")");
        if (!problems.empty())
            return refuse(p, "it is corrupt (" + problems.substr(0, 300) + ")");
    }
    const auto meta = [&](const char *key) {
        Statement q(db.db, "SELECT value FROM metadata WHERE key = ?");
        q.bind(1, std::string(key));
        return q.step() ? q.text(0) : std::string();
    };
    const std::string stored = meta(kHashKey);
    const std::string kind = meta(kHashKindKey);
    if (stored.empty())
        return refuse(p,
                      "it has no content hash (a cache, not a snapshot; save one with File > Save Snapshot)");
    if (!kind.empty() && kind != snapshothash::kPagesKind)
        return refuse(p, "its content hash is of a kind this version does not know (\"" + kind.substr(0, 60) +
                             "\")");
    Result<std::string> hash = Status::error(StatusCode::IoError, "");
    if (kind.empty()) {
        hash = snapshothash::hashRows(db.db, kHashKey);
    } else if (stored.size() == snapshothash::kHexLength) {
        const auto pages = snapshothash::hashPages(copy.string(), stored);
        hash = pages.isOk() ? Result<std::string>(pages.value().hex) : Result<std::string>(pages.status());
    } else {
        return refuse(p,
                      "its content hash is not " + std::to_string(snapshothash::kHexLength) + " hex digits");
    }
    if (!hash.isOk())
        return refuse(p, "its content cannot be read (" + hash.status().message() + ")");
    if (hash.value() != stored)
        return refuse(p, "its content does not match its hash: it was changed after it was saved");
    return Status::ok();
}

} // namespace

Result<OpenedSnapshot> openSnapshot(const std::string &pathIn, const std::string &privateDir)
{
    std::error_code ec;
    const fs::path path = fs::absolute(pathIn, ec);
    const std::string p = path.string();
    if (ec || pathIn.empty())
        return Status::error(StatusCode::InvalidInput, "bad snapshot path \"" + pathIn + "\"");
    if (!fs::is_regular_file(path, ec))
        return Status::error(StatusCode::NotFound, "no snapshot file at " + p);
    const auto size = fs::file_size(path, ec);
    if (ec)
        return Status::error(StatusCode::IoError, p + ": " + ec.message());
    if (size < 512)
        return refuse(p,
                      "the file is too short to be a SQLite database (" + std::to_string(size) + " bytes)");

    // Never opened in place: a private copy, which is the only file SQLite ever sees.
    fs::create_directories(privateDir, ec);
    fs::permissions(privateDir, fs::perms::owner_all, fs::perm_options::replace, ec);
    const fs::path copy = fs::path(privateDir) / ("snapshot-" + randomSuffix() + ".sqlite");
    fs::copy_file(path, copy, fs::copy_options::overwrite_existing, ec);
    if (ec)
        return Status::error(StatusCode::IoError, "cannot copy " + p + ": " + ec.message());
    RemoveUnlessKept cleanup{copy};

    if (Status s = judgeHeader(copy, p, size); !s.isOk())
        return s;
    if (Status s = judgeContent(copy, p); !s.isOk())
        return s;
    auto opened = Cache::open(copy.string(), Cache::Mode::ReadOnly);
    if (!opened.isOk())
        return refuse(p, opened.status().message());
    auto meta = snapshotMeta(*opened.value());
    if (!meta.isOk())
        return meta.status();
    cleanup.keep = true;
    return OpenedSnapshot{std::move(opened.value()), meta.value(), copy.string()};
}

} // namespace stackatlas
