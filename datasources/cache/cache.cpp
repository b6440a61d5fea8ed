// SPDX-License-Identifier: GPL-3.0-or-later
#include "cache.h"

#include "cacheprivate.h"
#include "fileaccess.h"
#include "schema.h"

#include "datasources/logging.h"

#include <sqlite3.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <system_error>

namespace stackatlas {

using cache::Statement;

namespace cache {

// The columns both run queries select, in this order.
const char *const kRunColumns =
    "source, kind, started_at, ended_at, status, http_status, bytes, records, rejected, endpoint, error";

FetchRun readRun(const Statement &q)
{
    FetchRun r;
    r.source = q.text(0);
    r.kind = q.text(1);
    r.startedAt = q.int64(2);
    r.endedAt = q.int64(3);
    r.status = q.text(4);
    if (!q.isNull(5))
        r.httpStatus = int(q.int64(5));
    r.bytes = q.int64(6);
    r.records = q.int64(7);
    r.rejected = q.int64(8);
    r.endpoint = q.text(9);
    r.error = q.text(10);
    return r;
}

} // namespace cache

using cache::kRunColumns;
using cache::readRun;

namespace {

Status refuse(const std::string &path, const std::string &why)
{
    return Status::error(StatusCode::Refused, "refusing to open " + path + ": " + why);
}

std::string hex32(std::int64_t v)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%08llx", static_cast<unsigned long long>(v) & 0xffffffffULL);
    return buf;
}

// The file's place, before SQLite sees it: not a folder; for reading, present and readable; for
// writing, its folder made and the file, folder and disk able to take writes (fileaccess.h).
Status checkPlace(const std::filesystem::path &path, bool readOnly)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    const std::string p = path.string();
    if (fs::is_directory(path, ec))
        return refuse(p, "it is a directory");
    const bool exists = fs::exists(path, ec);
    if (!exists && readOnly)
        return Status::error(StatusCode::NotFound, "no cache at " + p);
    if (!exists && path.has_parent_path()) {
        fs::create_directories(path.parent_path(), ec);
        if (ec)
            return Status::error(StatusCode::IoError,
                                 "cannot create " + path.parent_path().string() + ": " + ec.message());
    }
    if (exists) {
        if (const std::string why = cache::whyNotReadable(path); !why.empty())
            return Status::error(StatusCode::IoError, "cannot read " + p + ": " + why);
        if (!readOnly)
            if (const std::string why = cache::whyNotWritable(path); !why.empty())
                return Status::error(StatusCode::IoError, "cannot write to " + p + ": " + why);
    }
    return Status::ok();
}

struct Identity
{
    std::int64_t version = 0;
    bool fresh = false; // an empty file: no application id, version or schema yet
};

// The file's application id, schema version and emptiness, judged: a foreign file, one from a
// newer StackAtlas, or (read-only) one needing an upgrade is refused with the reason.
Result<Identity> readIdentity(sqlite3 *db, const std::string &p, bool readOnly)
{
    Statement q(db, "SELECT (SELECT application_id FROM pragma_application_id),"
                    " (SELECT user_version FROM pragma_user_version),"
                    " (SELECT count(*) FROM sqlite_schema)");
    if (!q.isValid() || !q.step()) {
        const std::string why = q.failed() ? q.error() : q.prepareError();
        const int code = sqlite3_errcode(db);
        if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
            return refuse(p, "not a readable SQLite database (" + why + ")");
        return Status::error(StatusCode::IoError, "cannot read " + p + ": " + why);
    }
    const std::int64_t appId = q.int64(0);
    Identity id;
    id.version = q.int64(1);
    id.fresh = appId == 0 && id.version == 0 && q.int64(2) == 0;
    if (!id.fresh && appId != cache::kApplicationId)
        return refuse(p, "it is not a StackAtlas cache (application_id " + hex32(appId) + ")");
    if (id.version > cache::currentSchemaVersion())
        return refuse(p, "it was written by a newer StackAtlas (schema version " +
                             std::to_string(id.version) + ", this version reads up to " +
                             std::to_string(cache::currentSchemaVersion()) + ")");
    if (readOnly && id.version < cache::currentSchemaVersion())
        return refuse(p, "it needs a schema upgrade, which a read-only open cannot do");
    return id;
}

} // namespace

Cache::Cache(std::unique_ptr<Private> p) : d(std::move(p)) {}
Cache::~Cache() = default;

Result<std::unique_ptr<Cache>> Cache::open(const std::string &pathIn, Mode mode)
{
    // SQLite's allocation statistics take a global mutex on every allocation: nothing here reads
    // them. Only possible before SQLite initializes, so once, before the first connection.
    static const bool configured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
    (void)configured;
    namespace fs = std::filesystem;
    std::error_code ec;
    // Debian's SQLite interprets "file:" names as URIs: always hand it an absolute path.
    const fs::path path = fs::absolute(pathIn, ec);
    if (ec || pathIn.empty())
        return Status::error(StatusCode::InvalidInput, "bad cache path \"" + pathIn + "\"");
    const std::string p = path.string();
    if (Status s = checkPlace(path, mode == Mode::ReadOnly); !s.isOk())
        return s;

    sqlite3 *raw = nullptr;
    // NOMUTEX: a Cache belongs to one thread at a time (the data store's worker, a CLI command),
    // so SQLite's per-call connection mutex is pure cost (9 % of an import's writing thread).
    int flags = (mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_NOMUTEX;
    std::string name = p;
    // Reading a WAL cache needs its -shm file beside it, which a read-only folder, file system or a
    // full disk cannot take. With no -wal file left (the last writer closed cleanly) the file alone
    // is the whole cache, and SQLite may read it as immutable.
    if (mode == Mode::ReadOnly && !fs::exists(p + "-wal", ec) && !cache::whyNotWritable(path).empty()) {
        name = cache::immutableUri(p);
        flags |= SQLITE_OPEN_URI;
    }
    const int rc = sqlite3_open_v2(name.c_str(), &raw, flags, nullptr);
    cache::SqliteDb db(raw);
    if (rc != SQLITE_OK)
        return Status::error(StatusCode::IoError, "cannot open " + p + ": " + cache::lastError(raw));

    sqlite3_db_config(raw, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(raw, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    sqlite3_db_config(raw, SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0, nullptr);
    sqlite3_busy_timeout(raw, 5000);

    // Read the identity before anything writes: a foreign or newer file must stay untouched.
    auto identity = readIdentity(raw, p, mode == Mode::ReadOnly);
    if (!identity.isOk())
        return identity.status();
    const std::int64_t version = identity.value().version;
    const bool fresh = identity.value().fresh;

    if (mode == Mode::ReadWrite) {
        for (const char *pragma : {"PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL"}) {
            Statement s(raw, pragma);
            s.step();
            if (s.failed() || !s.prepareError().empty())
                return Status::error(StatusCode::IoError,
                                     "cannot set up " + p + ": " + cache::lastError(raw));
        }
        if (fresh) {
            Status s = cache::exec(raw, "PRAGMA application_id = " + std::to_string(cache::kApplicationId));
            if (!s.isOk())
                return Status::error(StatusCode::IoError, "cannot initialise " + p + ": " + s.message());
        }
        if (version < cache::currentSchemaVersion())
            qCDebug(lcCache, "%s: schema %d, migrating to the current one", p.c_str(), int(version));
        Status migrated = cache::applyMigrations(raw, int(version), cache::migrations());
        if (!migrated.isOk())
            return Status::error(migrated.code(), p + ": " + migrated.message());
    }
    Status fk = cache::exec(raw, "PRAGMA foreign_keys = ON");
    if (!fk.isOk())
        return Status::error(StatusCode::IoError, p + ": " + fk.message());

    auto priv = std::make_unique<Private>();
    priv->db = std::move(db);
    std::unique_ptr<Cache> c(new Cache(std::move(priv)));
    c->m_path = p;
    c->m_mode = mode;
    return c;
}

Status Cache::replaceDatasetEvents(const std::vector<Event> &events)
{
    if (m_mode == Mode::ReadOnly)
        return Status::error(StatusCode::Refused, "the cache is open read-only");
    sqlite3 *db = d->db.get();
    cache::Transaction tx(db);
    if (!tx.beginStatus().isOk())
        return tx.beginStatus();
    Status s = cache::exec(db, "DELETE FROM events WHERE origin = 'dataset'");
    Statement q(
        db,
        "INSERT INTO events(start_date, end_date, precision, title, kind, source, date_as_written, origin)"
        " VALUES(?,?,?,?,?,?,?, 'dataset')");
    for (const Event &e : events) {
        if (!s.isOk())
            break;
        q.reset();
        q.bind(1, e.start)
            .bind(2, e.end)
            .bind(3, e.precision)
            .bind(4, e.title)
            .bind(5, e.kind)
            .bind(6, e.source);
        q.bind(7, e.dateAsWritten);
        q.step();
        if (q.failed())
            s = Status::error(StatusCode::IoError, q.error());
    }
    if (s.isOk())
        s = tx.commit();
    return s.isOk() ? s : Status::error(s.code(), "events not saved, the cache is unchanged: " + s.message());
}

Result<std::vector<Event>> Cache::events() const
{
    Statement q(d->db.get(),
                "SELECT start_date, end_date, precision, title, kind, source, date_as_written, origin, id"
                " FROM events ORDER BY start_date, id");
    std::vector<Event> out;
    while (q.step()) {
        out.push_back({q.text(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5), q.text(6),
                       q.text(7) == "user", q.int64(8)});
    }
    if (q.failed())
        return Status::error(StatusCode::IoError, q.error());
    return out;
}

Result<long long> Cache::addUserEvent(const Event &e)
{
    if (m_mode == Mode::ReadOnly)
        return Status::error(StatusCode::Refused, "the cache is open read-only");
    if (Status s = validateUserEvent(e); !s.isOk())
        return s;
    sqlite3 *db = d->db.get();
    Statement q(
        db,
        "INSERT INTO events(start_date, end_date, precision, title, kind, source, date_as_written, origin)"
        " VALUES(?,?,?,?,?,?,?, 'user')");
    q.bind(1, e.start).bind(2, e.end).bind(3, e.end.empty() ? "day" : "range").bind(4, e.title);
    q.bind(5, e.kind).bind(6, e.source).bind(7, e.dateAsWritten);
    q.step();
    if (q.failed())
        return Status::error(StatusCode::IoError, "event not saved: " + q.error());
    return static_cast<long long>(sqlite3_last_insert_rowid(db));
}

Status Cache::updateUserEvent(long long id, const Event &e)
{
    if (m_mode == Mode::ReadOnly)
        return Status::error(StatusCode::Refused, "the cache is open read-only");
    if (Status s = validateUserEvent(e); !s.isOk())
        return s;
    sqlite3 *db = d->db.get();
    Statement q(
        db, "UPDATE events SET start_date = ?, end_date = ?, precision = ?, title = ?, kind = ?, source = ?,"
            " date_as_written = ? WHERE id = ? AND origin = 'user'");
    q.bind(1, e.start).bind(2, e.end).bind(3, e.end.empty() ? "day" : "range").bind(4, e.title);
    q.bind(5, e.kind).bind(6, e.source).bind(7, e.dateAsWritten);
    q.bind(8, static_cast<std::int64_t>(id));
    q.step();
    if (q.failed())
        return Status::error(StatusCode::IoError, "event not saved: " + q.error());
    if (sqlite3_changes(db) != 1)
        return Status::error(StatusCode::NotFound, "no event of yours with id " + std::to_string(id) +
                                                       " (the dataset's events cannot be edited)");
    return Status::ok();
}

Status Cache::removeUserEvent(long long id)
{
    if (m_mode == Mode::ReadOnly)
        return Status::error(StatusCode::Refused, "the cache is open read-only");
    sqlite3 *db = d->db.get();
    Statement q(db, "DELETE FROM events WHERE id = ? AND origin = 'user'");
    q.bind(1, static_cast<std::int64_t>(id));
    q.step();
    if (q.failed())
        return Status::error(StatusCode::IoError, "event not removed: " + q.error());
    if (sqlite3_changes(db) != 1)
        return Status::error(StatusCode::NotFound, "no event of yours with id " + std::to_string(id) +
                                                       " (the dataset's events cannot be removed)");
    return Status::ok();
}

Status Cache::backupInto(const std::string &path) const
{
    // Pages copied as they are: VACUUM INTO rebuilt every table and index, 5x a plain copy.
    sqlite3 *out = nullptr;
    const auto fail = [&](const std::string &why) {
        sqlite3_close_v2(out);
        return Status::error(StatusCode::IoError, "cannot write " + path + ": " + why);
    };
    if (sqlite3_open_v2(path.c_str(), &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW,
                        nullptr) != SQLITE_OK)
        return fail(cache::lastError(out));
    // No journal and no syncs while the copy is made: the file is new and nobody's until the
    // caller syncs and renames it; a crash leaves only a temporary file.
    if (Status s = cache::exec(out, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF"); !s.isOk())
        return fail(s.message());
    sqlite3_backup *backup = sqlite3_backup_init(out, "main", d->db.get(), "main");
    if (!backup)
        return fail(cache::lastError(out));
    const int stepped = sqlite3_backup_step(backup, -1);
    sqlite3_backup_finish(backup);
    if (stepped != SQLITE_DONE)
        return fail(stepped == SQLITE_FULL ? std::string("the disk is full")
                                           : std::string(sqlite3_errstr(stepped)));
    if (sqlite3_close_v2(out) != SQLITE_OK)
        return Status::error(StatusCode::IoError, "cannot write " + path);
    return Status::ok();
}

Result<std::vector<FetchRun>> Cache::runs(int limit) const
{
    Statement q(d->db.get(), std::string("SELECT ") + kRunColumns +
                                 " FROM fetch_runs ORDER BY ended_at DESC, id DESC LIMIT ?");
    q.bind(1, static_cast<std::int64_t>(limit));
    std::vector<FetchRun> out;
    while (q.step())
        out.push_back(readRun(q));
    if (q.failed() || !q.isValid())
        return Status::error(StatusCode::IoError, q.isValid() ? q.error() : q.prepareError());
    return out;
}

Status Cache::compactForDistribution()
{
    sqlite3 *db = d->db.get();
    for (const char *sql : {"PRAGMA wal_checkpoint(TRUNCATE)", "PRAGMA journal_mode = DELETE", "VACUUM"}) {
        Statement q(db, sql);
        q.step();
        if (!q.isValid() || q.failed())
            return Status::error(StatusCode::IoError, std::string(sql) + ": " + cache::lastError(db));
    }
    return Status::ok();
}

std::optional<std::string> Cache::metadata(const std::string &key) const
{
    Statement q(d->db.get(), "SELECT value FROM metadata WHERE key = ?");
    q.bind(1, key);
    if (q.step())
        return q.text(0);
    return std::nullopt;
}

Status Cache::setMetadata(const std::string &key, const std::string &value)
{
    Statement q(d->db.get(), "INSERT INTO metadata(key, value) VALUES(?, ?)"
                             " ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    q.bind(1, key).bind(2, value);
    q.step();
    if (q.failed() || !q.isValid())
        return Status::error(StatusCode::IoError, "cannot write metadata: " + cache::lastError(d->db.get()));
    return Status::ok();
}

Status Cache::recordRun(const FetchRun &run)
{
    // BEGIN IMMEDIATE (a savepoint inside an open transaction): the write lock is waited for with
    // the busy timeout, where an autocommit INSERT could fail at once on a busy cache.
    cache::Transaction tx(d->db.get());
    if (!tx.beginStatus().isOk())
        return Status::error(StatusCode::IoError, "cannot record the run: " + tx.beginStatus().message());
    Statement q(d->db.get(),
                "INSERT INTO fetch_runs(source, kind, started_at, ended_at, status, http_status, bytes,"
                " records, rejected, endpoint, error) VALUES(?,?,?,?,?,?,?,?,?,?,?)");
    q.bind(1, run.source).bind(2, run.kind).bind(3, run.startedAt).bind(4, run.endedAt).bind(5, run.status);
    if (run.httpStatus)
        q.bind(6, std::int64_t(*run.httpStatus));
    else
        q.bindNull(6);
    q.bind(7, std::int64_t(run.bytes)).bind(8, std::int64_t(run.records)).bind(9, std::int64_t(run.rejected));
    q.bind(10, run.endpoint).bind(11, run.error);
    q.step();
    if (q.failed() || !q.isValid())
        return Status::error(StatusCode::IoError, "cannot record the run: " + cache::lastError(d->db.get()));
    q.reset();
    if (Status s = tx.commit(); !s.isOk())
        return Status::error(StatusCode::IoError, "cannot record the run: " + s.message());
    return Status::ok();
}

Result<std::vector<SourceStatus>> Cache::sources() const
{
    std::map<std::string, SourceStatus> bySource;
    sqlite3 *db = d->db.get();
    {
        Statement q(db, "SELECT s.source, count(DISTINCT s.id), count(*), min(p.ts), max(p.ts)"
                        " FROM points p JOIN series s ON s.id = p.series_id GROUP BY s.source");
        while (q.step()) {
            SourceStatus &st = bySource[q.text(0)];
            st.series = q.int64(1);
            st.points = q.int64(2);
            st.firstTs = q.int64(3);
            st.lastTs = q.int64(4);
        }
        if (q.failed())
            return Status::error(StatusCode::IoError, q.error());
    }
    {
        // Which of them came through a team store (team pull), and when it last brought some.
        Statement q(db, "SELECT s.source, count(*), max(tp.pulled_at), max(tp.store) FROM points p"
                        " JOIN team_provenance t ON t.provenance_id = p.provenance_id"
                        " JOIN team_pulls tp ON tp.id = t.pull_id JOIN series s ON s.id = p.series_id"
                        " GROUP BY s.source");
        while (q.step()) {
            SourceStatus &st = bySource[q.text(0)];
            st.teamPoints = q.int64(1);
            st.teamPulledAt = q.int64(2);
            st.teamStore = q.text(3);
        }
        if (q.failed())
            return Status::error(StatusCode::IoError, q.error());
    }
    {
        auto asOfs = sourceAsOfs();
        if (!asOfs.isOk())
            return asOfs.status();
        for (const auto &[source, asOf] : asOfs.value())
            bySource[source].asOf = asOf;
    }
    {
        Statement q(db, std::string("SELECT ") + kRunColumns +
                            " FROM fetch_runs r WHERE id = (SELECT id FROM fetch_runs WHERE source = r.source"
                            " ORDER BY started_at DESC, id DESC LIMIT 1)");
        while (q.step()) {
            FetchRun run = readRun(q);
            bySource[run.source].lastRun = std::move(run);
        }
        if (q.failed())
            return Status::error(StatusCode::IoError, q.error());
    }
    std::vector<SourceStatus> out;
    for (auto &[name, st] : bySource) {
        st.source = name;
        out.push_back(std::move(st));
    }
    return out;
}

Result<std::map<std::string, std::optional<UnixSeconds>>> Cache::sourceAsOfs() const
{
    std::map<std::string, std::optional<UnixSeconds>> out;
    sqlite3 *db = d->db.get();
    // Index probes only (points' key starts with the series, points_by_provenance with the
    // provenance): no pass over the points, unlike sources()' counts.
    for (const char *sql : {"SELECT DISTINCT s.source FROM series s WHERE EXISTS"
                            " (SELECT 1 FROM points WHERE series_id = s.id)",
                            "SELECT DISTINCT source FROM fetch_runs"}) {
        Statement q(db, sql);
        while (q.step())
            out.try_emplace(q.text(0));
        if (q.failed())
            return Status::error(StatusCode::IoError, q.error());
    }
    Statement q(db, "SELECT pv.source, max(pv.as_of) FROM provenance pv"
                    " WHERE EXISTS (SELECT 1 FROM points WHERE provenance_id = pv.id) GROUP BY pv.source");
    while (q.step())
        out[q.text(0)] = q.int64(1);
    if (q.failed())
        return Status::error(StatusCode::IoError, q.error());
    return out;
}

std::optional<UnixSeconds> Cache::newestAsOf() const
{
    Statement q(d->db.get(), "SELECT max(as_of) FROM provenance pv WHERE EXISTS"
                             " (SELECT 1 FROM points WHERE provenance_id = pv.id)");
    if (q.step() && !q.isNull(0))
        return q.int64(0);
    return std::nullopt;
}

} // namespace stackatlas
