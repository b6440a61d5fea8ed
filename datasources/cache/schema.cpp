// SPDX-License-Identifier: GPL-3.0-or-later
#include "schema.h"

#include "sqlitehandle.h"

namespace stackatlas::cache {

namespace {

// Version 1: the taxonomy, series with provenance, fetch runs and metadata.
constexpr const char *kVersion1 = R"sql(
CREATE TABLE layers (
    id          TEXT PRIMARY KEY,
    position    INTEGER NOT NULL UNIQUE,   -- 0 = bottom (infrastructure)
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT ''
);
CREATE TABLE categories (
    id          TEXT PRIMARY KEY,
    layer_id    TEXT NOT NULL REFERENCES layers(id),
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT ''
);
CREATE TABLE provider_classes (
    id          TEXT PRIMARY KEY,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    centralized INTEGER NOT NULL CHECK (centralized IN (0, 1)),
    description TEXT NOT NULL DEFAULT ''
);
CREATE TABLE sectors (
    id                 TEXT PRIMARY KEY,
    position           INTEGER NOT NULL,
    name               TEXT NOT NULL,
    coingecko_category TEXT NOT NULL,
    category_id        TEXT REFERENCES categories(id)
);
CREATE TABLE entities (
    id             TEXT PRIMARY KEY,
    position       INTEGER NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('protocol', 'provider')),
    name           TEXT NOT NULL,
    category_id    TEXT REFERENCES categories(id),
    provider_class TEXT REFERENCES provider_classes(id),
    token_symbol   TEXT NOT NULL DEFAULT '',
    coingecko_id   TEXT NOT NULL DEFAULT '',
    defillama_slug TEXT NOT NULL DEFAULT '',
    id_note        TEXT NOT NULL DEFAULT '',
    website        TEXT NOT NULL DEFAULT '',
    aliases        TEXT NOT NULL DEFAULT ''     -- '\n'-separated
);
-- from depends on to; ends are category, entity or provider-class ids (checked by the repository)
CREATE TABLE dependencies (
    id       INTEGER PRIMARY KEY,
    from_id  TEXT NOT NULL,
    to_id    TEXT NOT NULL,
    kind     TEXT NOT NULL,
    evidence TEXT NOT NULL,
    origin   TEXT NOT NULL CHECK (origin IN ('taxonomy', 'user')),
    UNIQUE (from_id, to_id, kind)
);
CREATE TABLE claims (
    id         TEXT PRIMARY KEY,
    position   INTEGER NOT NULL,
    statement  TEXT NOT NULL,
    value      REAL NOT NULL,
    value_high REAL,
    unit       TEXT NOT NULL,
    scope      TEXT NOT NULL,
    date       TEXT NOT NULL,
    source     TEXT NOT NULL,
    subjects   TEXT NOT NULL DEFAULT ''  -- '\n'-separated node ids
);
CREATE TABLE gpu_models (
    key       TEXT PRIMARY KEY,
    position  INTEGER NOT NULL,
    name      TEXT NOT NULL,
    memory_gb INTEGER,
    family    TEXT NOT NULL DEFAULT ''
);
CREATE TABLE gpu_aliases (
    spelling TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    gpu      TEXT NOT NULL DEFAULT '',
    family   TEXT NOT NULL DEFAULT '',
    form     TEXT NOT NULL DEFAULT ''
);
CREATE TABLE instance_types (
    id        TEXT PRIMARY KEY,
    position  INTEGER NOT NULL,
    provider  TEXT NOT NULL REFERENCES entities(id),
    gpu       TEXT NOT NULL REFERENCES gpu_models(key),
    form      TEXT NOT NULL DEFAULT '',
    gpu_count INTEGER NOT NULL CHECK (gpu_count >= 1)
);

CREATE TABLE series (
    id        INTEGER PRIMARY KEY,
    entity_id TEXT NOT NULL,                  -- an entity, or a sector for category_* metrics
    metric    TEXT NOT NULL,
    source    TEXT NOT NULL,
    dims      TEXT NOT NULL DEFAULT '',       -- canonical "k=v;k=v", keys sorted
    unit      TEXT NOT NULL,
    UNIQUE (entity_id, metric, source, dims)
);
CREATE TABLE provenance (
    id         INTEGER PRIMARY KEY,
    source     TEXT NOT NULL,
    endpoint   TEXT NOT NULL,
    fetched_at INTEGER NOT NULL,
    as_of      INTEGER NOT NULL,
    UNIQUE (source, endpoint, fetched_at, as_of)
);
CREATE TABLE points (
    series_id     INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
    ts            INTEGER NOT NULL,
    value         REAL NOT NULL,
    provenance_id INTEGER NOT NULL REFERENCES provenance(id),
    PRIMARY KEY (series_id, ts)
) WITHOUT ROWID;
CREATE INDEX points_by_provenance ON points(provenance_id);

CREATE TABLE fetch_runs (
    id          INTEGER PRIMARY KEY,
    source      TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('fetch', 'import')),
    started_at  INTEGER NOT NULL,
    ended_at    INTEGER NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('ok', 'partial', 'failed', 'cancelled')),
    http_status INTEGER,
    bytes       INTEGER NOT NULL DEFAULT 0,
    records     INTEGER NOT NULL DEFAULT 0,
    rejected    INTEGER NOT NULL DEFAULT 0,
    endpoint    TEXT NOT NULL DEFAULT '',
    error       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX fetch_runs_by_source ON fetch_runs(source, started_at);

CREATE TABLE metadata (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
)sql";

// Version 2: dated events for chart annotations.
constexpr const char *kVersion2 = R"sql(
CREATE TABLE events (
    id              INTEGER PRIMARY KEY,
    start_date      TEXT NOT NULL,          -- YYYY-MM-DD
    end_date        TEXT NOT NULL DEFAULT '',
    precision       TEXT NOT NULL CHECK (precision IN ('day', 'month', 'range', 'approximate')),
    title           TEXT NOT NULL,
    kind            TEXT NOT NULL DEFAULT '',
    source          TEXT NOT NULL,
    date_as_written TEXT NOT NULL DEFAULT '',
    origin          TEXT NOT NULL CHECK (origin IN ('dataset', 'user'))
);
CREATE INDEX events_by_date ON events(start_date);
)sql";

// Version 3: no silent replacement. A point whose value changes keeps the value it had, with the
// provenance that brought it and the one that replaced it. A trigger does it, so no writer (a
// fetch, an import, another program) can replace a value without leaving the older one.
constexpr const char *kVersion3 = R"sql(
CREATE TABLE revisions (
    series_id     INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,
    ts            INTEGER NOT NULL,
    value         REAL NOT NULL,
    provenance_id INTEGER NOT NULL REFERENCES provenance(id),
    replaced_at   INTEGER NOT NULL,
    replaced_by   INTEGER NOT NULL REFERENCES provenance(id)
);
CREATE INDEX revisions_by_point ON revisions(series_id, ts);
CREATE TRIGGER points_keep_revision BEFORE UPDATE OF value ON points
WHEN old.value IS NOT new.value
BEGIN
    INSERT INTO revisions(series_id, ts, value, provenance_id, replaced_at, replaced_by)
    VALUES (old.series_id, old.ts, old.value, old.provenance_id, CAST(strftime('%s', 'now') AS INTEGER),
            new.provenance_id);
END;
)sql";

// Version 4: watch rules and their firings. A firing keeps the rule's name and words as they were
// (the rule may be edited or removed later); UNIQUE makes "once per crossing" hold across
// processes: two collectors evaluating at once record one row. Whether a firing has been shown is
// its own column: a fetch records what fires, and the `alerts check --notify` after it shows it.
constexpr const char *kVersion4 = R"sql(
CREATE TABLE alert_rules (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('index', 'metric', 'change', 'ratio', 'stale', 'class')),
    target      TEXT NOT NULL,
    metric      TEXT NOT NULL DEFAULT '',
    metric2     TEXT NOT NULL DEFAULT '',
    dims        TEXT NOT NULL DEFAULT '',
    comparison  TEXT NOT NULL CHECK (comparison IN ('below', 'above')),
    threshold   REAL NOT NULL,
    days        INTEGER NOT NULL DEFAULT 0,
    hours       INTEGER NOT NULL DEFAULT 0,
    min_per_side INTEGER NOT NULL DEFAULT 1,
    severity    TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    note        TEXT NOT NULL DEFAULT '',
    enabled     INTEGER NOT NULL DEFAULT 1,
    created_at  INTEGER NOT NULL
);
CREATE TABLE alert_firings (
    id           INTEGER PRIMARY KEY,
    rule_name    TEXT NOT NULL,
    rule_text    TEXT NOT NULL,
    kind         TEXT NOT NULL,
    target       TEXT NOT NULL,
    severity     TEXT NOT NULL,
    crossed_at   INTEGER NOT NULL,
    value        REAL NOT NULL,
    unit         TEXT NOT NULL DEFAULT '',
    source       TEXT NOT NULL DEFAULT '',
    detail       TEXT NOT NULL DEFAULT '',
    latest_at    INTEGER NOT NULL,
    latest_value REAL NOT NULL,
    recorded_at  INTEGER NOT NULL,
    notified_at  INTEGER,            -- shown on the desktop; NULL: not yet
    UNIQUE (rule_name, rule_text, crossed_at)
);
CREATE INDEX alert_firings_by_date ON alert_firings(crossed_at);
)sql";

// Version 5: the team store (datasources/team). What was pushed to each team store, by provenance
// with its point count then (a provenance whose count changed has points to send again), and
// each pull with the provenances it brought, so the Sources pane can say which data came from
// the team store and when. Keyed by the store's own id, so a second team store starts afresh.
constexpr const char *kVersion5 = R"sql(
CREATE TABLE team_pushed (
    store_id      TEXT NOT NULL,
    provenance_id INTEGER NOT NULL,
    points        INTEGER NOT NULL,
    PRIMARY KEY (store_id, provenance_id)
) WITHOUT ROWID;
CREATE TABLE team_pulls (
    id           INTEGER PRIMARY KEY,
    store_id     TEXT NOT NULL,
    store        TEXT NOT NULL,          -- user@host:port/dbname, never a password
    pulled_at    INTEGER NOT NULL,
    through_push INTEGER NOT NULL,
    series       INTEGER NOT NULL DEFAULT 0,
    points       INTEGER NOT NULL DEFAULT 0,
    revisions    INTEGER NOT NULL DEFAULT 0,
    runs         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX team_pulls_by_store ON team_pulls(store_id, through_push);
CREATE TABLE team_provenance (
    provenance_id INTEGER PRIMARY KEY,
    pull_id       INTEGER NOT NULL
);
)sql";

// Version 6: benchmarks (BTC, ETH, NVIDIA, the Nasdaq-100's QQQ) are entities of their own kind,
// outside the stack: the entities table is rebuilt with the wider CHECK (SQLite cannot alter one).
// Migrations run before foreign keys are switched on, so instance_types' references hold by name.
constexpr const char *kVersion6 = R"sql(
CREATE TABLE entities_v6 (
    id             TEXT PRIMARY KEY,
    position       INTEGER NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('protocol', 'provider', 'benchmark')),
    name           TEXT NOT NULL,
    category_id    TEXT REFERENCES categories(id),
    provider_class TEXT REFERENCES provider_classes(id),
    token_symbol   TEXT NOT NULL DEFAULT '',
    coingecko_id   TEXT NOT NULL DEFAULT '',
    defillama_slug TEXT NOT NULL DEFAULT '',
    id_note        TEXT NOT NULL DEFAULT '',
    website        TEXT NOT NULL DEFAULT '',
    aliases        TEXT NOT NULL DEFAULT ''     -- '\n'-separated
);
INSERT INTO entities_v6 SELECT id, position, kind, name, category_id, provider_class, token_symbol, coingecko_id,
    defillama_slug, id_note, website, aliases FROM entities;
DROP TABLE entities;
ALTER TABLE entities_v6 RENAME TO entities;
)sql";

} // namespace

const std::vector<Migration> &migrations()
{
    // Append only: a released version's SQL never changes, so every older file migrates the same way.
    static const std::vector<Migration> list{
        {"taxonomy, series with provenance, fetch runs, metadata", kVersion1},
        {"dated events for chart annotations", kVersion2},
        {"revisions: replaced values kept", kVersion3},
        {"watch rules and their firings", kVersion4},
        {"team store: pushes and pulls", kVersion5},
        {"benchmarks: an entity kind outside the stack", kVersion6},
    };
    return list;
}

int currentSchemaVersion()
{
    return int(migrations().size());
}

Status applyMigrations(sqlite3 *db, int from, const std::vector<Migration> &list)
{
    for (int version = from; version < int(list.size()); ++version) {
        Transaction tx(db);
        if (!tx.beginStatus().isOk())
            return tx.beginStatus();
        Status s = exec(db, list[std::size_t(version)].sql);
        if (s.isOk())
            s = exec(db, "PRAGMA user_version = " + std::to_string(version + 1));
        if (s.isOk())
            s = tx.commit();
        if (!s.isOk()) {
            return Status::error(StatusCode::IoError,
                                 "schema migration to version " + std::to_string(version + 1) + " (" +
                                     list[std::size_t(version)].description + ") failed: " + s.message());
        }
    }
    return Status::ok();
}

} // namespace stackatlas::cache
