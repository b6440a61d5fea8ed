// SPDX-License-Identifier: GPL-3.0-or-later
// The cache's side of the team store: what to push, what was pushed, and adding a pull. The
// PostgreSQL side and the checks at the door are in datasources/team.
#include "cache.h"
#include "cacheprivate.h"

#include <sqlite3.h>

#include <set>
#include <unordered_set>

namespace stackatlas {

using cache::Statement;

namespace {

Status failed(const Statement &q, const char *what)
{
    return Status::error(StatusCode::IoError,
                         std::string(what) + ": " + (q.isValid() ? q.error() : q.prepareError()));
}

std::string markKey(const std::string &storeId, const char *what)
{
    return "team." + storeId + "." + what;
}

long long metadataNumber(const Cache &cache, const std::string &key)
{
    const auto text = cache.metadata(key);
    try {
        return text ? std::stoll(*text) : 0;
    } catch (const std::exception &) {
        return 0; // a mark that is not a number sends everything again: the store dedupes
    }
}

} // namespace

Result<TeamOutbox> Cache::teamOutbox(const std::string &storeId, bool everything) const
{
    sqlite3 *db = d->db.get();
    TeamOutbox out;
    std::map<long long, long long> pushed;
    std::unordered_set<long long> fromThisStore;
    if (!everything) {
        Statement q(db, "SELECT provenance_id, points FROM team_pushed WHERE store_id = ?");
        q.bind(1, storeId);
        while (q.step())
            pushed[q.int64(0)] = q.int64(1);
        if (q.failed() || !q.isValid())
            return failed(q, "cannot read what was pushed");
    }
    {
        // What came from this store goes back to it only on a full push.
        Statement q(db, "SELECT t.provenance_id FROM team_provenance t JOIN team_pulls p ON p.id = t.pull_id"
                        " WHERE p.store_id = ?");
        q.bind(1, storeId);
        while (q.step())
            fromThisStore.insert(q.int64(0));
        if (q.failed() || !q.isValid())
            return failed(q, "cannot read what was pulled");
    }
    {
        // A provenance whose count changed since it was pushed has new points (an import merged
        // into it) or lost some to newer readings: its points are sent again, the store keeps one.
        Statement q(db, "SELECT provenance_id, count(*) FROM points GROUP BY provenance_id");
        while (q.step()) {
            const long long id = q.int64(0), n = q.int64(1);
            out.cachePoints += n;
            if (!everything && (fromThisStore.count(id) || (pushed.count(id) && pushed[id] == n)))
                continue;
            out.pointsByProvenance[id] = n;
            out.points += n;
        }
        if (q.failed() || !q.isValid())
            return failed(q, "cannot count the points");
    }
    {
        out.revisionMark = everything ? 0 : metadataNumber(*this, markKey(storeId, "pushed_revision"));
        Statement q(
            db, "SELECT rowid, series_id, ts, value, provenance_id, replaced_at, replaced_by FROM revisions"
                " WHERE rowid > ? ORDER BY rowid");
        q.bind(1, std::int64_t(out.revisionMark));
        while (q.step()) {
            out.revisionMark = q.int64(0);
            out.revisions.push_back({q.int64(1), q.int64(2), q.real(3), q.int64(4), q.int64(5), q.int64(6)});
        }
        if (q.failed() || !q.isValid())
            return failed(q, "cannot read the revisions");
    }
    {
        out.runMark = everything ? 0 : metadataNumber(*this, markKey(storeId, "pushed_run"));
        // Pulls are this cache's own business, not the team's. The id comes after readRun's columns.
        Statement q(db, std::string("SELECT ") + cache::kRunColumns +
                            ", id FROM fetch_runs WHERE id > ? AND source <> 'team' ORDER BY id");
        q.bind(1, std::int64_t(out.runMark));
        while (q.step()) {
            out.runs.push_back(cache::readRun(q));
            out.runMark = q.int64(11);
        }
        if (q.failed() || !q.isValid())
            return failed(q, "cannot read the runs");
    }
    if (out.pointsByProvenance.empty() && out.revisions.empty())
        return out;
    std::set<long long> wanted;
    for (const auto &[id, n] : out.pointsByProvenance)
        wanted.insert(id);
    for (const TeamRevisionRow &r : out.revisions) {
        wanted.insert(r.provenance);
        wanted.insert(r.replacedBy);
    }
    {
        Statement q(db, "SELECT id, source, endpoint, fetched_at, as_of FROM provenance ORDER BY id");
        while (q.step()) {
            if (wanted.count(q.int64(0)))
                out.provenance.push_back({q.int64(0), {q.text(1), q.text(2), q.int64(3), q.int64(4)}});
        }
        if (q.failed() || !q.isValid())
            return failed(q, "cannot read the provenance");
    }
    Statement q(db, "SELECT id, entity_id, metric, source, dims, unit FROM series ORDER BY id");
    while (q.step())
        out.series.push_back({q.int64(0), q.text(1), q.text(2), q.text(3), q.text(4), q.text(5)});
    if (q.failed() || !q.isValid())
        return failed(q, "cannot read the series");
    return out;
}

Status Cache::forEachTeamPoint(const TeamOutbox &outbox,
                               const std::function<bool(const TeamPointRow &)> &point) const
{
    sqlite3 *db = d->db.get();
    // A few provenances' points are found through their index; most of the table is read in one
    // pass, which is faster than an index probe per row.
    if (outbox.points * 4 < outbox.cachePoints) {
        Statement q(db,
                    "SELECT series_id, ts, value FROM points WHERE provenance_id = ? ORDER BY series_id, ts");
        for (const auto &[id, n] : outbox.pointsByProvenance) {
            q.reset();
            q.bind(1, std::int64_t(id));
            while (q.step()) {
                if (!point({q.int64(0), q.int64(1), q.real(2), id}))
                    return Status::error(StatusCode::Cancelled, "the push was stopped");
            }
            if (q.failed() || !q.isValid())
                return failed(q, "cannot read the points");
        }
        return Status::ok();
    }
    Statement q(db, "SELECT series_id, ts, value, provenance_id FROM points");
    while (q.step()) {
        const long long provenance = q.int64(3);
        if (!outbox.pointsByProvenance.count(provenance))
            continue;
        if (!point({q.int64(0), q.int64(1), q.real(2), provenance}))
            return Status::error(StatusCode::Cancelled, "the push was stopped");
    }
    if (q.failed() || !q.isValid())
        return failed(q, "cannot read the points");
    return Status::ok();
}

Status Cache::markTeamPushed(const std::string &storeId, const TeamOutbox &outbox)
{
    sqlite3 *db = d->db.get();
    cache::Transaction tx(db);
    if (!tx.beginStatus().isOk())
        return tx.beginStatus();
    Statement q(db, "INSERT OR REPLACE INTO team_pushed(store_id, provenance_id, points) VALUES (?, ?, ?)");
    for (const auto &[id, n] : outbox.pointsByProvenance) {
        q.reset();
        q.bind(1, storeId).bind(2, std::int64_t(id)).bind(3, std::int64_t(n));
        q.step();
        if (q.failed() || !q.isValid())
            return failed(q, "cannot remember the push");
    }
    for (const auto &[key, mark] :
         {std::pair{"pushed_revision", outbox.revisionMark}, {"pushed_run", outbox.runMark}}) {
        if (mark <= metadataNumber(*this, markKey(storeId, key)))
            continue;
        if (Status s = setMetadata(markKey(storeId, key), std::to_string(mark)); !s.isOk())
            return s;
    }
    return tx.commit();
}

long long Cache::teamPulledThrough(const std::string &storeId) const
{
    Statement q(d->db.get(), "SELECT max(through_push) FROM team_pulls WHERE store_id = ?");
    q.bind(1, storeId);
    return q.step() && !q.isNull(0) ? q.int64(0) : 0;
}

namespace {

// The inbox's series and provenance ids (the team store's) mapped to this cache's, adding what
// is missing. A series whose unit here differs from the store's is a conflict: its points would
// change meaning, so the pull stops and says which.
Result<std::map<long long, long long>> mapSeries(sqlite3 *db, const TeamInbox &inbox,
                                                 TeamPullSummary &summary)
{
    std::map<long long, long long> ids;
    Statement add(db, "INSERT INTO series(entity_id, metric, source, dims, unit) VALUES (?, ?, ?, ?, ?)"
                      " ON CONFLICT(entity_id, metric, source, dims) DO NOTHING");
    Statement find(
        db, "SELECT id, unit FROM series WHERE entity_id = ? AND metric = ? AND source = ? AND dims = ?");
    for (const TeamSeriesRow &s : inbox.series) {
        add.reset();
        add.bind(1, s.entityId).bind(2, s.metric).bind(3, s.source).bind(4, s.dims).bind(5, s.unit);
        add.step();
        if (add.failed() || !add.isValid())
            return failed(add, "cannot add a series");
        summary.seriesAdded += sqlite3_changes(db);
        find.reset();
        find.bind(1, s.entityId).bind(2, s.metric).bind(3, s.source).bind(4, s.dims);
        if (!find.step())
            return failed(find, "cannot find a series just added");
        if (find.text(1) != s.unit)
            return Status::error(StatusCode::Conflict, "the team store's series " + s.entityId + " " +
                                                           s.metric + " (" + s.source + ") is in " + s.unit +
                                                           ", this cache's in " + find.text(1) +
                                                           ": nothing was pulled");
        ids[s.id] = find.int64(0);
    }
    return ids;
}

Result<std::map<long long, long long>> mapProvenance(sqlite3 *db, const TeamInbox &inbox, long long pullId)
{
    std::map<long long, long long> ids;
    Statement add(db, "INSERT INTO provenance(source, endpoint, fetched_at, as_of) VALUES (?, ?, ?, ?)"
                      " ON CONFLICT(source, endpoint, fetched_at, as_of) DO NOTHING");
    Statement find(
        db, "SELECT id FROM provenance WHERE source = ? AND endpoint = ? AND fetched_at = ? AND as_of = ?");
    Statement mark(db, "INSERT OR IGNORE INTO team_provenance(provenance_id, pull_id) VALUES (?, ?)");
    for (const TeamProvenanceRow &row : inbox.provenance) {
        const Provenance &p = row.provenance;
        add.reset();
        add.bind(1, p.source).bind(2, p.endpoint).bind(3, p.fetchedAt).bind(4, p.asOf);
        add.step();
        if (add.failed() || !add.isValid())
            return failed(add, "cannot add a provenance");
        const bool added = sqlite3_changes(db) > 0;
        find.reset();
        find.bind(1, p.source).bind(2, p.endpoint).bind(3, p.fetchedAt).bind(4, p.asOf);
        if (!find.step())
            return failed(find, "cannot find a provenance just added");
        ids[row.id] = find.int64(0);
        // Only what this cache did not have came from the team store.
        if (added) {
            mark.reset();
            mark.bind(1, find.int64(0)).bind(2, std::int64_t(pullId));
            mark.step();
            if (mark.failed())
                return failed(mark, "cannot mark a provenance as pulled");
        }
    }
    return ids;
}

template <typename Map> std::optional<long long> mapped(const Map &ids, long long id)
{
    const auto it = ids.find(id);
    return it == ids.end() ? std::nullopt : std::optional<long long>(it->second);
}

Status addPoints(sqlite3 *db, const TeamInbox &inbox, const std::map<long long, long long> &series,
                 const std::map<long long, long long> &provenance, TeamPullSummary &summary)
{
    std::set<long long> changedSeries;
    Statement old(db, "SELECT value FROM points WHERE series_id = ? AND ts = ?");
    Statement put(db, "INSERT INTO points(series_id, ts, value, provenance_id) VALUES (?, ?, ?, ?)"
                      " ON CONFLICT(series_id, ts) DO UPDATE SET value = excluded.value,"
                      " provenance_id = excluded.provenance_id");
    for (const TeamPointRow &p : inbox.points) {
        const auto s = mapped(series, p.series), v = mapped(provenance, p.provenance);
        if (!s || !v)
            return Status::error(StatusCode::InvalidInput,
                                 "the team store sent a point whose series or provenance "
                                 "it did not send: nothing was pulled");
        old.reset();
        old.bind(1, std::int64_t(*s)).bind(2, std::int64_t(p.ts));
        const bool exists = old.step();
        if (old.failed())
            return failed(old, "cannot read a point");
        if (exists && old.real(0) == p.value) {
            ++summary.pointsSame; // the same value again changes nothing, as in Cache::write
            continue;
        }
        ++(exists ? summary.pointsChanged : summary.pointsAdded);
        changedSeries.insert(*s);
        put.reset();
        put.bind(1, std::int64_t(*s)).bind(2, std::int64_t(p.ts)).bind(3, p.value).bind(4, std::int64_t(*v));
        put.step();
        if (put.failed() || !put.isValid())
            return failed(put, "cannot add a point");
    }
    std::set<std::string> sources;
    for (const TeamSeriesRow &row : inbox.series)
        if (const auto local = mapped(series, row.id); local && changedSeries.count(*local))
            sources.insert(row.source);
    summary.sourcesChanged.assign(sources.begin(), sources.end());
    return Status::ok();
}

Status addRevisions(sqlite3 *db, const TeamInbox &inbox, const std::map<long long, long long> &series,
                    const std::map<long long, long long> &provenance, TeamPullSummary &summary)
{
    // The same replacement may be here already: made by this cache's own trigger when the pull's
    // point replaced the value, or pulled before. It is matched without its time.
    Statement add(
        db, "INSERT INTO revisions(series_id, ts, value, provenance_id, replaced_at, replaced_by)"
            " SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE NOT EXISTS (SELECT 1 FROM revisions WHERE series_id = ?1"
            " AND ts = ?2 AND value = ?3 AND provenance_id = ?4 AND replaced_by = ?6)");
    for (const TeamRevisionRow &r : inbox.revisions) {
        const auto s = mapped(series, r.series), was = mapped(provenance, r.provenance),
                   by = mapped(provenance, r.replacedBy);
        if (!s || !was || !by)
            return Status::error(StatusCode::InvalidInput,
                                 "the team store sent a revision whose series or provenance "
                                 "it did not send: nothing was pulled");
        add.reset();
        add.bind(1, std::int64_t(*s))
            .bind(2, std::int64_t(r.ts))
            .bind(3, r.value)
            .bind(4, std::int64_t(*was));
        add.bind(5, std::int64_t(r.replacedAt)).bind(6, std::int64_t(*by));
        add.step();
        if (add.failed() || !add.isValid())
            return failed(add, "cannot add a revision");
        summary.revisionsAdded += sqlite3_changes(db);
    }
    return Status::ok();
}

Status addRuns(sqlite3 *db, const TeamInbox &inbox, TeamPullSummary &summary)
{
    Statement add(
        db, "INSERT INTO fetch_runs(source, kind, started_at, ended_at, status, http_status, bytes, records,"
            " rejected, endpoint, error) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11"
            " WHERE NOT EXISTS (SELECT 1 FROM fetch_runs WHERE source = ?1 AND kind = ?2 AND started_at = ?3"
            " AND ended_at = ?4 AND endpoint = ?10)");
    for (const FetchRun &run : inbox.runs) {
        add.reset();
        add.bind(1, run.source)
            .bind(2, run.kind)
            .bind(3, run.startedAt)
            .bind(4, run.endedAt)
            .bind(5, run.status);
        if (run.httpStatus)
            add.bind(6, std::int64_t(*run.httpStatus));
        else
            add.bindNull(6);
        add.bind(7, std::int64_t(run.bytes))
            .bind(8, std::int64_t(run.records))
            .bind(9, std::int64_t(run.rejected));
        add.bind(10, run.endpoint).bind(11, run.error);
        add.step();
        if (add.failed() || !add.isValid())
            return failed(add, "cannot add a run");
        summary.runsAdded += sqlite3_changes(db);
    }
    return Status::ok();
}

} // namespace

Result<TeamPullSummary> Cache::applyTeamPull(const TeamInbox &inbox)
{
    if (isReadOnly())
        return Status::error(StatusCode::Refused, "the cache is open read-only");
    sqlite3 *db = d->db.get();
    cache::Transaction tx(db);
    if (!tx.beginStatus().isOk())
        return tx.beginStatus();
    Statement pull(db,
                   "INSERT INTO team_pulls(store_id, store, pulled_at, through_push) VALUES (?, ?, ?, ?)");
    pull.bind(1, inbox.storeId)
        .bind(2, inbox.store)
        .bind(3, inbox.pulledAt)
        .bind(4, std::int64_t(inbox.throughPush));
    pull.step();
    if (pull.failed() || !pull.isValid())
        return failed(pull, "cannot record the pull");
    const long long pullId = sqlite3_last_insert_rowid(db);
    TeamPullSummary summary;
    auto series = mapSeries(db, inbox, summary);
    if (!series.isOk())
        return series.status();
    auto provenance = mapProvenance(db, inbox, pullId);
    if (!provenance.isOk())
        return provenance.status();
    if (Status s = addPoints(db, inbox, series.value(), provenance.value(), summary); !s.isOk())
        return s;
    if (Status s = addRevisions(db, inbox, series.value(), provenance.value(), summary); !s.isOk())
        return s;
    if (Status s = addRuns(db, inbox, summary); !s.isOk())
        return s;
    Statement counts(db,
                     "UPDATE team_pulls SET series = ?, points = ?, revisions = ?, runs = ? WHERE id = ?");
    counts.bind(1, std::int64_t(summary.seriesAdded))
        .bind(2, std::int64_t(summary.pointsAdded + summary.pointsChanged))
        .bind(3, std::int64_t(summary.revisionsAdded))
        .bind(4, std::int64_t(summary.runsAdded))
        .bind(5, std::int64_t(pullId));
    counts.step();
    if (counts.failed() || !counts.isValid())
        return failed(counts, "cannot record the pull");
    if (Status s = tx.commit(); !s.isOk())
        return s;
    return summary;
}

} // namespace stackatlas
