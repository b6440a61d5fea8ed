// SPDX-License-Identifier: GPL-3.0-or-later
// `team push`: what the cache holds that the team store lacks, in one server transaction. The
// rows go by COPY into temporary tables, keyed by this cache's ids; the store then matches series
// and provenance by content, and adds or updates only what differs, so pushing twice changes
// nothing and a killed push (the connection gone before COMMIT) leaves the store as it was.
#include "teamsync.h"

#include "pgconnection.h"
#include "teamcopy.h"
#include "teamschema.h"

#include "datasources/cache/cache.h"

#include <ctime>

namespace stackatlas::team {

namespace {

constexpr const char *kStaging = R"sql(
CREATE TEMP TABLE in_series (local_id bigint, entity_id text, metric text, source text, dims text, unit text)
    ON COMMIT DROP;
CREATE TEMP TABLE in_provenance (local_id bigint, source text, endpoint text, fetched_at bigint, as_of bigint)
    ON COMMIT DROP;
CREATE TEMP TABLE in_points (series bigint, ts bigint, value double precision, provenance bigint) ON COMMIT DROP;
CREATE TEMP TABLE in_revisions (series bigint, ts bigint, value double precision, provenance bigint,
    replaced_at bigint, replaced_by bigint) ON COMMIT DROP;
CREATE TEMP TABLE in_runs (source text, kind text, started_at bigint, ended_at bigint, status text,
    http_status integer, bytes bigint, records bigint, rejected bigint, endpoint text, error text) ON COMMIT DROP;
)sql";

Status sendSeriesAndProvenance(PgConnection &db, const TeamOutbox &outbox, long long pushId,
                               PushSummary &summary)
{
    auto series =
        copyAll(db, "COPY in_series FROM STDIN", outbox.series, [](CopyRow &row, const TeamSeriesRow &s) {
            row.number(s.id).text(s.entityId).text(s.metric).text(s.source).text(s.dims).text(s.unit);
        });
    if (!series.isOk())
        return series.status();
    summary.seriesSent = series.value();
    auto conflict = db.query("SELECT i.entity_id, i.metric, i.source, i.unit, s.unit FROM in_series i"
                             " JOIN stackatlas.series s USING (entity_id, metric, source, dims)"
                             " WHERE s.unit <> i.unit LIMIT 1");
    if (!conflict.isOk())
        return conflict.status();
    if (!conflict.value().empty()) {
        const auto &c = conflict.value()[0];
        return Status::error(StatusCode::Conflict, "the team store's series " + c[0].value_or("") + " " +
                                                       c[1].value_or("") + " (" + c[2].value_or("") +
                                                       ") is in " + c[4].value_or("") + ", this cache's in " +
                                                       c[3].value_or("") + ": nothing was pushed");
    }
    auto added =
        db.change("INSERT INTO stackatlas.series(entity_id, metric, source, dims, unit, push_id)"
                  " SELECT entity_id, metric, source, dims, unit, $1 FROM in_series ORDER BY local_id"
                  " ON CONFLICT DO NOTHING",
                  {std::to_string(pushId)});
    if (!added.isOk())
        return added.status();
    summary.seriesAdded = added.value();
    auto provenance = copyAll(db, "COPY in_provenance FROM STDIN", outbox.provenance,
                              [](CopyRow &row, const TeamProvenanceRow &p) {
                                  row.number(p.id).text(p.provenance.source).text(p.provenance.endpoint);
                                  row.number(p.provenance.fetchedAt).number(p.provenance.asOf);
                              });
    if (!provenance.isOk())
        return provenance.status();
    return db.exec(
        "INSERT INTO stackatlas.provenance(source, endpoint, fetched_at, as_of, push_id)"
        " SELECT source, endpoint, fetched_at, as_of, " +
        std::to_string(pushId) +
        " FROM in_provenance ORDER BY local_id ON CONFLICT DO NOTHING;"
        "CREATE TEMP TABLE map_series ON COMMIT DROP AS SELECT i.local_id, s.id AS team_id FROM in_series i"
        " JOIN stackatlas.series s USING (entity_id, metric, source, dims);"
        "CREATE TEMP TABLE map_provenance ON COMMIT DROP AS SELECT i.local_id, p.id AS team_id FROM "
        "in_provenance i"
        " JOIN stackatlas.provenance p USING (source, endpoint, fetched_at, as_of);"
        "ANALYZE map_series; ANALYZE map_provenance");
}

Status sendPoints(Cache &cache, PgConnection &db, const TeamOutbox &outbox, long long pushId,
                  const PushOptions &options, PushSummary &summary)
{
    if (outbox.points == 0)
        return Status::ok();
    if (Status s = db.copyBegin("COPY in_points FROM STDIN"); !s.isOk())
        return s;
    // The cache is read a piece at a time and each piece sent as it fills: a million points are
    // never held whole.
    std::string piece;
    piece.reserve(options.pieceBytes + 64);
    long long rows = 0;
    bool sendFailed = false;
    auto flush = [&] {
        if (!db.copySend(piece))
            return !(sendFailed = true);
        piece.clear();
        if (options.progress)
            options.progress(rows);
        return true;
    };
    Status read = cache.forEachTeamPoint(outbox, [&](const TeamPointRow &p) {
        CopyRow(piece).number(p.series).number(p.ts).real(p.value).number(p.provenance);
        ++rows;
        return piece.size() < options.pieceBytes || flush();
    });
    if (read.isOk() && !piece.empty())
        flush();
    auto copied = db.copyEnd(read.isOk() && !sendFailed ? nullptr : "the push stopped before its end");
    // A failed send has the server's reason (the connection lost); a failed read the cache's.
    if (!read.isOk() && !sendFailed)
        return read;
    if (!copied.isOk())
        return copied.status();
    if (!read.isOk())
        return read;
    summary.pointsSent = copied.value();
    auto changed = db.change(
        "INSERT INTO stackatlas.points(series_id, ts, value, provenance_id, push_id)"
        " SELECT s.team_id, p.ts, p.value, v.team_id, $1 FROM in_points p"
        " JOIN map_series s ON s.local_id = p.series JOIN map_provenance v ON v.local_id = p.provenance"
        " ON CONFLICT (series_id, ts) DO UPDATE SET value = EXCLUDED.value, provenance_id = "
        "EXCLUDED.provenance_id,"
        " push_id = EXCLUDED.push_id WHERE stackatlas.points.value IS DISTINCT FROM EXCLUDED.value",
        {std::to_string(pushId)});
    if (!changed.isOk())
        return changed.status();
    summary.pointsChanged = changed.value();
    return Status::ok();
}

Status sendRevisionsAndRuns(PgConnection &db, const TeamOutbox &outbox, long long pushId,
                            PushSummary &summary)
{
    auto revisions = copyAll(db, "COPY in_revisions FROM STDIN", outbox.revisions,
                             [](CopyRow &row, const TeamRevisionRow &r) {
                                 row.number(r.series).number(r.ts).real(r.value).number(r.provenance);
                                 row.number(r.replacedAt).number(r.replacedBy);
                             });
    if (!revisions.isOk())
        return revisions.status();
    summary.revisionsSent = revisions.value();
    auto added =
        db.change("INSERT INTO stackatlas.revisions(series_id, ts, value, provenance_id, replaced_at,"
                  " replaced_by, push_id) SELECT s.team_id, r.ts, r.value, was.team_id, r.replaced_at,"
                  " by.team_id, $1 FROM in_revisions r JOIN map_series s ON s.local_id = r.series"
                  " JOIN map_provenance was ON was.local_id = r.provenance"
                  " JOIN map_provenance by ON by.local_id = r.replaced_by ON CONFLICT DO NOTHING",
                  {std::to_string(pushId)});
    if (!added.isOk())
        return added.status();
    summary.revisionsAdded = added.value();
    auto runs = copyAll(db, "COPY in_runs FROM STDIN", outbox.runs, [](CopyRow &row, const FetchRun &r) {
        row.text(r.source).text(r.kind).number(r.startedAt).number(r.endedAt).text(r.status);
        r.httpStatus ? row.number(*r.httpStatus) : row.null();
        row.number(r.bytes).number(r.records).number(r.rejected).text(r.endpoint).text(r.error);
    });
    if (!runs.isOk())
        return runs.status();
    summary.runsSent = runs.value();
    auto runsAdded =
        db.change("INSERT INTO stackatlas.runs(source, kind, started_at, ended_at, status, http_status,"
                  " bytes, records, rejected, endpoint, error, push_id) SELECT *, $1 FROM in_runs"
                  " ON CONFLICT DO NOTHING",
                  {std::to_string(pushId)});
    if (!runsAdded.isOk())
        return runsAdded.status();
    summary.runsAdded = runsAdded.value();
    return Status::ok();
}

struct TaxonomyRow
{
    const char *kind;
    std::string id, name, parent, detail;
};

std::vector<TaxonomyRow> flatten(const Taxonomy &t)
{
    std::vector<TaxonomyRow> rows;
    for (const Layer &l : t.layers)
        rows.push_back({"layer", l.id, l.name, "", l.description});
    for (const Category &c : t.categories)
        rows.push_back({"category", c.id, c.name, c.layerId, c.description});
    for (const ProviderClass &c : t.providerClasses)
        rows.push_back({"provider_class", c.id, c.name, "", c.centralized ? "centralized" : "decentralized"});
    for (const Entity &e : t.entities)
        rows.push_back({"entity", e.id, e.name, e.categoryId.empty() ? e.providerClass : e.categoryId,
                        e.tokenSymbol.empty() ? std::string() : "token " + e.tokenSymbol});
    return rows;
}

// Upserts from a staging table: a row whose content is the same as the store's changes nothing.
// The first `keyColumns` columns are the key.
Result<long long> upsert(PgConnection &db, const std::string &staging, const std::string &table,
                         const std::vector<std::string> &columns, std::size_t keyColumns, long long pushId)
{
    std::string list, key, sets, mine, theirs;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const std::string &c = columns[i];
        list += (i ? ", " : "") + c;
        if (i < keyColumns) {
            key += (i ? ", " : "") + c;
            continue;
        }
        sets += c + " = EXCLUDED." + c + ", ";
        mine += (mine.empty() ? "" : ", ") + ("stackatlas." + table + "." + c);
        theirs += (theirs.empty() ? "" : ", ") + ("EXCLUDED." + c);
    }
    // DISTINCT ON: two rows of one key (two identical user events) would make ON CONFLICT update
    // a row twice, which PostgreSQL refuses; the store keeps one per key anyway.
    return db.change("INSERT INTO stackatlas." + table + "(" + list + ", push_id) SELECT DISTINCT ON (" +
                         key + ") " + list + ", $1 FROM " + staging + " ON CONFLICT (" + key +
                         ") DO UPDATE SET " + sets + "push_id = EXCLUDED.push_id WHERE ROW(" + mine +
                         ") IS DISTINCT FROM ROW(" + theirs + ")",
                     {std::to_string(pushId)});
}

Status sendTaxonomy(Cache &cache, PgConnection &db, long long pushId)
{
    auto taxonomy = cache.taxonomy();
    if (!taxonomy.isOk())
        return taxonomy.status();
    if (Status s =
            db.exec("CREATE TEMP TABLE in_taxonomy (kind text, id text, name text, parent text, detail text)"
                    " ON COMMIT DROP");
        !s.isOk())
        return s;
    auto copied = copyAll(db, "COPY in_taxonomy FROM STDIN", flatten(taxonomy.value()),
                          [](CopyRow &row, const TaxonomyRow &t) {
                              row.text(t.kind).text(t.id).text(t.name).text(t.parent).text(t.detail);
                          });
    if (!copied.isOk())
        return copied.status();
    auto changed =
        upsert(db, "in_taxonomy", "taxonomy", {"kind", "id", "name", "parent", "detail"}, 2, pushId);
    return changed.isOk() ? Status::ok() : changed.status();
}

std::string joined(const std::vector<std::string> &items)
{
    std::string out;
    for (const std::string &i : items)
        out += (out.empty() ? "" : "\n") + i;
    return out;
}

std::string joined(const Dimensions &dims)
{
    std::string out;
    for (const auto &[k, v] : dims)
        out += (out.empty() ? "" : ";") + k + "=" + v;
    return out;
}

// The user's own work, sent only when asked: dependencies they drew, their events, the claims
// (the usage split among them) and their watch rules. A pushed edit replaces the store's row with
// the same key: pushing it is saying so.
Result<long long> sendEdits(Cache &cache, PgConnection &db, long long pushId, long long &sent)
{
    auto taxonomy = cache.taxonomy();
    auto events = cache.events();
    auto rules = cache.alertRules();
    for (const Status *s : {&taxonomy.status(), &events.status(), &rules.status()})
        if (!s->isOk())
            return *s;
    if (Status s = db.exec(
            "CREATE TEMP TABLE in_dependencies (from_id text, to_id text, kind text, evidence text) ON "
            "COMMIT DROP;"
            "CREATE TEMP TABLE in_claims (id text, statement text, value double precision, value_high double "
            "precision,"
            " unit text, scope text, date text, source text, subjects text) ON COMMIT DROP;"
            "CREATE TEMP TABLE in_events (start_date text, end_date text, precision text, title text, kind "
            "text,"
            " source text, date_as_written text) ON COMMIT DROP;"
            "CREATE TEMP TABLE in_alert_rules (name text, kind text, target text, metric text, metric2 text, "
            "dims text,"
            " comparison text, threshold double precision, days integer, hours integer, min_per_side integer,"
            " severity text, note text, enabled boolean) ON COMMIT DROP");
        !s.isOk())
        return s;
    std::vector<Dependency> dependencies;
    for (const Dependency &d : taxonomy.value().dependencies)
        if (d.origin == DependencyOrigin::User)
            dependencies.push_back(d);
    std::vector<Event> userEvents;
    for (const Event &e : events.value())
        if (e.userDefined)
            userEvents.push_back(e);
    std::vector<Result<long long>> copies;
    copies.push_back(
        copyAll(db, "COPY in_dependencies FROM STDIN", dependencies, [](CopyRow &row, const Dependency &d) {
            row.text(d.fromId).text(d.toId).text(d.kind).text(d.evidence);
        }));
    copies.push_back(
        copyAll(db, "COPY in_claims FROM STDIN", taxonomy.value().claims, [](CopyRow &row, const Claim &c) {
            row.text(c.id).text(c.statement).real(c.value);
            c.valueHigh ? row.real(*c.valueHigh) : row.null();
            row.text(c.unit).text(c.scope).text(c.date).text(c.source).text(joined(c.subjects));
        }));
    copies.push_back(copyAll(db, "COPY in_events FROM STDIN", userEvents, [](CopyRow &row, const Event &e) {
        row.text(e.start)
            .text(e.end)
            .text(e.precision)
            .text(e.title)
            .text(e.kind)
            .text(e.source)
            .text(e.dateAsWritten);
    }));
    copies.push_back(
        copyAll(db, "COPY in_alert_rules FROM STDIN", rules.value(), [](CopyRow &row, const AlertRule &r) {
            row.text(r.name)
                .text(alertKindName(r.kind))
                .text(r.target)
                .text(r.metric)
                .text(r.metric2)
                .text(joined(r.dims));
            row.text(comparisonName(r.comparison))
                .real(r.threshold)
                .number(r.days)
                .number(r.hours)
                .number(r.minPerSide);
            row.text(severityName(r.severity)).text(r.note).text(r.enabled ? "t" : "f");
        }));
    for (const auto &c : copies) {
        if (!c.isOk())
            return c.status();
        sent += c.value();
    }
    long long changed = 0;
    for (const auto &[staging, table, keys, columns] :
         std::vector<std::tuple<std::string, std::string, std::size_t, std::vector<std::string>>>{
             {"in_dependencies", "dependencies", 3, {"from_id", "to_id", "kind", "evidence"}},
             {"in_claims",
              "claims",
              1,
              {"id", "statement", "value", "value_high", "unit", "scope", "date", "source", "subjects"}},
             {"in_events",
              "events",
              3,
              {"start_date", "title", "source", "end_date", "precision", "kind", "date_as_written"}},
             {"in_alert_rules",
              "alert_rules",
              1,
              {"name", "kind", "target", "metric", "metric2", "dims", "comparison", "threshold", "days",
               "hours", "min_per_side", "severity", "note", "enabled"}}}) {
        auto n = upsert(db, staging, table, columns, keys, pushId);
        if (!n.isOk())
            return n.status();
        changed += n.value();
    }
    return changed;
}

Result<PushSummary> pushInTransaction(Cache &cache, PgConnection &db, const TeamOutbox &outbox,
                                      const PushOptions &options)
{
    PushSummary summary;
    summary.store = db.label();
    // One push at a time: ids are drawn under this lock, so a pull that has seen push N has seen
    // every push before it.
    if (Status s = db.exec("LOCK TABLE stackatlas.pushes IN SHARE ROW EXCLUSIVE MODE"); !s.isOk())
        return s;
    auto id =
        db.query("INSERT INTO stackatlas.pushes(pushed_at, client) VALUES ($1, 'stackatlas') RETURNING id",
                 {std::to_string(std::time(nullptr))});
    if (!id.isOk())
        return id.status();
    const long long pushId = std::stoll(id.value().at(0).at(0).value_or("0"));
    if (Status s = db.exec(kStaging); !s.isOk())
        return s;
    if (!outbox.empty()) {
        if (Status s = sendSeriesAndProvenance(db, outbox, pushId, summary); !s.isOk())
            return s;
        if (Status s = sendPoints(cache, db, outbox, pushId, options, summary); !s.isOk())
            return s;
        if (Status s = sendRevisionsAndRuns(db, outbox, pushId, summary); !s.isOk())
            return s;
        if (Status s = sendTaxonomy(cache, db, pushId); !s.isOk())
            return s;
    }
    if (options.edits) {
        auto edits = sendEdits(cache, db, pushId, summary.editsSent);
        if (!edits.isOk())
            return edits.status();
        summary.editsChanged = edits.value();
    }
    if (Status s = db.exec("UPDATE stackatlas.pushes SET series = $2, points = $3, revisions = $4, runs = $5,"
                           " edits = $6 WHERE id = $1",
                           {std::to_string(pushId), std::to_string(summary.seriesAdded),
                            std::to_string(summary.pointsChanged), std::to_string(summary.revisionsAdded),
                            std::to_string(summary.runsAdded), std::to_string(summary.editsChanged)});
        !s.isOk())
        return s;
    summary.pushId = pushId;
    return summary;
}

} // namespace

Result<PushSummary> push(Cache &cache, PgConnection &db, const PushOptions &options)
{
    if (Status s = db.exec("BEGIN"); !s.isOk())
        return s;
    auto result = [&]() -> Result<PushSummary> {
        auto store = teamschema::check(db);
        if (!store.isOk())
            return store.status();
        auto outbox = cache.teamOutbox(store.value().storeId, options.everything);
        if (!outbox.isOk())
            return outbox.status();
        if (outbox.value().empty() && !options.edits)
            return PushSummary{db.label()};
        auto summary = pushInTransaction(cache, db, outbox.value(), options);
        if (!summary.isOk())
            return summary;
        const PushSummary &s = summary.value();
        // A push that changed nothing in the store leaves no trace there either.
        const bool changed =
            s.seriesAdded + s.pointsChanged + s.revisionsAdded + s.runsAdded + s.editsChanged > 0;
        if (Status c = db.exec(changed ? "COMMIT" : "ROLLBACK"); !c.isOk())
            return Status::error(c.code(),
                                 "the push was not committed, the team store is as it was: " + c.message());
        PushSummary done = summary.value();
        if (!changed)
            done.pushId = 0;
        done.markFailed = !cache.markTeamPushed(store.value().storeId, outbox.value()).isOk();
        return done;
    }();
    if (!result.isOk())
        (void)db.exec("ROLLBACK"); // the error to report is result's; a lost connection rolled back already
    return result;
}

} // namespace stackatlas::team
