// SPDX-License-Identifier: GPL-3.0-or-later
#include "teamschema.h"

#include "pgconnection.h"

#include <vector>

namespace stackatlas::teamschema {

namespace {

// Version 1: what the SQLite cache holds, keyed by content rather than by local ids. Every row
// says which push brought it (push_id), so a pull asks only for pushes it has not seen.
constexpr const char *kVersion1 = R"sql(
CREATE TABLE stackatlas.pushes (
    id        bigserial PRIMARY KEY,
    pushed_at bigint NOT NULL,
    pushed_by text NOT NULL DEFAULT current_user,
    client    text NOT NULL DEFAULT '',
    series    bigint NOT NULL DEFAULT 0,
    points    bigint NOT NULL DEFAULT 0,
    revisions bigint NOT NULL DEFAULT 0,
    runs      bigint NOT NULL DEFAULT 0,
    edits     bigint NOT NULL DEFAULT 0
);
CREATE TABLE stackatlas.series (
    id        bigserial PRIMARY KEY,
    entity_id text NOT NULL,
    metric    text NOT NULL,
    source    text NOT NULL,
    dims      text NOT NULL DEFAULT '',
    unit      text NOT NULL,
    push_id   bigint NOT NULL REFERENCES stackatlas.pushes(id),
    UNIQUE (entity_id, metric, source, dims)
);
CREATE TABLE stackatlas.provenance (
    id         bigserial PRIMARY KEY,
    source     text NOT NULL,
    endpoint   text NOT NULL,
    fetched_at bigint NOT NULL,
    as_of      bigint NOT NULL,
    push_id    bigint NOT NULL REFERENCES stackatlas.pushes(id),
    UNIQUE (source, endpoint, fetched_at, as_of)
);
CREATE TABLE stackatlas.points (
    series_id     bigint NOT NULL REFERENCES stackatlas.series(id),
    ts            bigint NOT NULL,
    value         double precision NOT NULL,
    provenance_id bigint NOT NULL REFERENCES stackatlas.provenance(id),
    push_id       bigint NOT NULL REFERENCES stackatlas.pushes(id),
    PRIMARY KEY (series_id, ts)
);
CREATE INDEX points_by_push ON stackatlas.points(push_id);
CREATE TABLE stackatlas.revisions (
    series_id     bigint NOT NULL REFERENCES stackatlas.series(id),
    ts            bigint NOT NULL,
    value         double precision NOT NULL,
    provenance_id bigint NOT NULL REFERENCES stackatlas.provenance(id),
    replaced_at   bigint NOT NULL,
    replaced_by   bigint NOT NULL REFERENCES stackatlas.provenance(id),
    push_id       bigint NOT NULL REFERENCES stackatlas.pushes(id),
    UNIQUE (series_id, ts, value, provenance_id, replaced_by)
);
CREATE INDEX revisions_by_push ON stackatlas.revisions(push_id);
-- As in the cache (schema version 3): no writer replaces a value without keeping the older one.
CREATE FUNCTION stackatlas.keep_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO stackatlas.revisions(series_id, ts, value, provenance_id, replaced_at, replaced_by, push_id)
    VALUES (OLD.series_id, OLD.ts, OLD.value, OLD.provenance_id, extract(epoch FROM now())::bigint,
            NEW.provenance_id, NEW.push_id)
    ON CONFLICT DO NOTHING;
    RETURN NEW;
END $$;
CREATE TRIGGER points_keep_revision BEFORE UPDATE OF value ON stackatlas.points
    FOR EACH ROW WHEN (OLD.value IS DISTINCT FROM NEW.value) EXECUTE FUNCTION stackatlas.keep_revision();
CREATE TABLE stackatlas.runs (
    id          bigserial PRIMARY KEY,
    source      text NOT NULL,
    kind        text NOT NULL,
    started_at  bigint NOT NULL,
    ended_at    bigint NOT NULL,
    status      text NOT NULL,
    http_status integer,
    bytes       bigint NOT NULL DEFAULT 0,
    records     bigint NOT NULL DEFAULT 0,
    rejected    bigint NOT NULL DEFAULT 0,
    endpoint    text NOT NULL DEFAULT '',
    error       text NOT NULL DEFAULT '',
    push_id     bigint NOT NULL REFERENCES stackatlas.pushes(id),
    UNIQUE (source, kind, started_at, ended_at, endpoint)
);
CREATE INDEX runs_by_push ON stackatlas.runs(push_id);
-- The collector's taxonomy, flattened: what a SQL user joins series to for names and layers.
CREATE TABLE stackatlas.taxonomy (
    id      text NOT NULL,
    kind    text NOT NULL CHECK (kind IN ('layer', 'category', 'provider_class', 'entity')),
    name    text NOT NULL,
    parent  text NOT NULL DEFAULT '',
    detail  text NOT NULL DEFAULT '',
    push_id bigint NOT NULL REFERENCES stackatlas.pushes(id),
    PRIMARY KEY (kind, id)
);
-- The analysts' own work, only when pushed explicitly (`team push --edits`).
CREATE TABLE stackatlas.dependencies (
    from_id  text NOT NULL,
    to_id    text NOT NULL,
    kind     text NOT NULL,
    evidence text NOT NULL,
    push_id  bigint NOT NULL REFERENCES stackatlas.pushes(id),
    PRIMARY KEY (from_id, to_id, kind)
);
CREATE TABLE stackatlas.claims (
    id         text PRIMARY KEY,
    statement  text NOT NULL,
    value      double precision NOT NULL,
    value_high double precision,
    unit       text NOT NULL,
    scope      text NOT NULL,
    date       text NOT NULL,
    source     text NOT NULL,
    subjects   text NOT NULL DEFAULT '',
    push_id    bigint NOT NULL REFERENCES stackatlas.pushes(id)
);
CREATE TABLE stackatlas.events (
    start_date      text NOT NULL,
    end_date        text NOT NULL DEFAULT '',
    precision       text NOT NULL,
    title           text NOT NULL,
    kind            text NOT NULL DEFAULT '',
    source          text NOT NULL,
    date_as_written text NOT NULL DEFAULT '',
    push_id         bigint NOT NULL REFERENCES stackatlas.pushes(id),
    PRIMARY KEY (start_date, title, source)
);
CREATE TABLE stackatlas.alert_rules (
    name         text PRIMARY KEY,
    kind         text NOT NULL,
    target       text NOT NULL,
    metric       text NOT NULL DEFAULT '',
    metric2      text NOT NULL DEFAULT '',
    dims         text NOT NULL DEFAULT '',
    comparison   text NOT NULL,
    threshold    double precision NOT NULL,
    days         integer NOT NULL DEFAULT 0,
    hours        integer NOT NULL DEFAULT 0,
    min_per_side integer NOT NULL DEFAULT 1,
    severity     text NOT NULL,
    note         text NOT NULL DEFAULT '',
    enabled      boolean NOT NULL DEFAULT true,
    push_id      bigint NOT NULL REFERENCES stackatlas.pushes(id)
);
)sql";

// Append only: a released version's SQL never changes.
const std::vector<const char *> &migrations()
{
    static const std::vector<const char *> list{kVersion1};
    return list;
}

// The version of an existing `stackatlas` schema: 0 when there is none, an error when the schema
// is there but is not ours.
Result<int> existingVersion(PgConnection &db)
{
    auto schema = db.query("SELECT 1 FROM pg_namespace WHERE nspname = 'stackatlas'");
    if (!schema.isOk())
        return schema.status();
    if (schema.value().empty())
        return 0;
    auto meta = db.query("SELECT to_regclass('stackatlas.meta') IS NOT NULL");
    if (!meta.isOk())
        return meta.status();
    if (meta.value().empty() || meta.value()[0][0] != "t")
        return Status::error(StatusCode::Refused,
                             "the database has a schema called stackatlas that StackAtlas did "
                             "not make (no stackatlas.meta); it is left untouched");
    auto rows =
        db.query("SELECT key, value FROM stackatlas.meta WHERE key IN ('application', 'schema_version')");
    if (!rows.isOk())
        return rows.status();
    std::string application, version;
    for (const auto &row : rows.value())
        (row[0] == "application" ? application : version) = row[1].value_or("");
    if (application != "stackatlas")
        return Status::error(StatusCode::Refused, "the stackatlas schema in this database belongs to another "
                                                  "application ('" +
                                                      application.substr(0, 60) + "'); it is left untouched");
    try {
        std::size_t used = 0;
        const int n = std::stoi(version, &used);
        if (used != version.size() || n < 1)
            throw std::invalid_argument(version);
        return n;
    } catch (const std::exception &) {
        return Status::error(StatusCode::Refused, "the team store's schema version is not a number ('" +
                                                      version.substr(0, 40) + "')");
    }
}

Status refuseNewer(int version)
{
    return Status::error(StatusCode::Refused,
                         "the team store was written by a newer StackAtlas (schema version " +
                             std::to_string(version) + "; this one knows up to " +
                             std::to_string(currentVersion()) + "); it is left untouched");
}

Result<StoreInfo> readInfo(PgConnection &db, int version)
{
    auto id = db.query("SELECT value FROM stackatlas.meta WHERE key = 'store_id'");
    if (!id.isOk())
        return id.status();
    if (id.value().empty() || !id.value()[0][0])
        return Status::error(StatusCode::Refused, "the team store has no store_id in stackatlas.meta");
    return StoreInfo{*id.value()[0][0], version};
}

} // namespace

int currentVersion()
{
    return int(migrations().size());
}

Result<StoreInfo> initialise(PgConnection &db)
{
    if (Status s = db.exec("BEGIN"); !s.isOk())
        return s;
    // Two inits at once: the advisory lock makes the second wait and then find the schema made.
    auto done = [&]() -> Result<StoreInfo> {
        if (Status s = db.exec("SELECT pg_advisory_xact_lock(hashtext('stackatlas team schema'))"); !s.isOk())
            return s;
        auto version = existingVersion(db);
        if (!version.isOk())
            return version.status();
        int from = version.value();
        if (from > currentVersion())
            return refuseNewer(from);
        if (from == 0) {
            if (Status s = db.exec("CREATE SCHEMA stackatlas;"
                                   "CREATE TABLE stackatlas.meta (key text PRIMARY KEY, value text NOT NULL);"
                                   "INSERT INTO stackatlas.meta VALUES ('application', 'stackatlas'),"
                                   " ('schema_version', '0'), ('store_id', gen_random_uuid()::text),"
                                   " ('created_at', extract(epoch FROM now())::bigint::text)");
                !s.isOk())
                return s;
        }
        for (int v = from; v < currentVersion(); ++v) {
            if (Status s = db.exec(migrations()[std::size_t(v)]); !s.isOk())
                return s;
        }
        if (Status s = db.exec("UPDATE stackatlas.meta SET value = $1 WHERE key = 'schema_version'",
                               {std::to_string(currentVersion())});
            !s.isOk())
            return s;
        return readInfo(db, currentVersion());
    }();
    if (!done.isOk()) {
        (void)db.exec("ROLLBACK"); // the error to report is done's; a lost connection rolls back anyway
        return done;
    }
    if (Status s = db.exec("COMMIT"); !s.isOk())
        return s;
    return done;
}

Result<StoreInfo> check(PgConnection &db)
{
    auto version = existingVersion(db);
    if (!version.isOk())
        return version.status();
    if (version.value() == 0)
        return Status::error(
            StatusCode::NotFound,
            "the database has no team store yet: run `stackatlas team init URL` as its owner");
    if (version.value() > currentVersion())
        return refuseNewer(version.value());
    if (version.value() < currentVersion())
        return Status::error(StatusCode::Refused, "the team store is at schema version " +
                                                      std::to_string(version.value()) +
                                                      ": run `stackatlas team init URL` to migrate it");
    return readInfo(db, version.value());
}

} // namespace stackatlas::teamschema
