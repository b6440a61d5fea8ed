// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/domain/alertrule.h"
#include "models/domain/asof.h"
#include "models/domain/event.h"
#include "models/domain/fetchrun.h"
#include "models/domain/series.h"
#include "models/domain/status.h"
#include "models/domain/taxonomy.h"
#include "models/domain/teamrows.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace stackatlas {

namespace cache {
class Transaction;
}

// The local SQLite cache: the repository every other part of the app uses; no SQL leaves
// datasources/cache/. One Cache is one connection and belongs to one thread at a time.
//
// Opening refuses, and never modifies, a file that is not SQLite, belongs to another application
// (application_id) or was written by a newer StackAtlas (user_version). An older file is migrated
// forward. Every write is one transaction: a failing batch leaves nothing behind.
class Cache
{
public:
    enum class Mode
    {
        ReadWrite,
        ReadOnly
    };

    static Result<std::unique_ptr<Cache>> open(const std::string &path, Mode mode = Mode::ReadWrite);
    ~Cache();
    Cache(const Cache &) = delete;
    Cache &operator=(const Cache &) = delete;

    const std::string &path() const { return m_path; }
    bool isReadOnly() const { return m_mode == Mode::ReadOnly; }

    // Taxonomy
    bool hasTaxonomy() const;
    // Replaces the taxonomy as a whole. The user's own dependency edges are kept where both of
    // their ends still exist. Nothing changes if any part fails.
    Status replaceTaxonomy(const Taxonomy &taxonomy);
    Result<Taxonomy> taxonomy() const;

    // Dependency edits, in one transaction: remove one edge and/or add another (a retype is both).
    // An edge to add must join known nodes and not exist yet; one to remove must exist. Undo is the
    // same call with the two swapped, so an edit and its undo are symmetric.
    Status replaceDependency(const std::optional<Dependency> &remove, const std::optional<Dependency> &add);
    // Back to the taxonomy's own edges: the user's edits are dropped.
    Status resetDependencies(const Taxonomy &original);

    // Series
    struct WriteSummary
    {
        long long points = 0;    // new, or with a value that differs from the stored one
        long long unchanged = 0; // the stored value already: nothing about them changed
        long long replaced = 0;  // of `points`, those that replaced another value (kept as a revision)
        long long series = 0;
    };
    // Upserts on (series, timestamp): a newer reading of the same moment replaces the old value
    // and provenance, and the old one is kept as a revision (revisions()); the same value again
    // changes nothing. Refuses the whole batch on an unknown entity, a
    // non-finite value or a unit that contradicts the stored series.
    Result<WriteSummary> write(const std::vector<Observation> &observations);
    // One transaction around several writes (a payload written in pieces as it is parsed): each
    // write inside it is a savepoint, and nothing is kept unless commit() is called. Destroyed
    // uncommitted, it rolls everything back. The scope must end before the Cache does.
    class WriteScope
    {
    public:
        ~WriteScope();
        WriteScope(const WriteScope &) = delete;
        WriteScope &operator=(const WriteScope &) = delete;
        Status commit();

    private:
        friend class Cache;
        explicit WriteScope(std::unique_ptr<cache::Transaction> tx);
        std::unique_ptr<cache::Transaction> m_tx;
    };
    Result<std::unique_ptr<WriteScope>> beginWrite();
    Result<std::vector<SeriesData>> query(const SeriesQuery &query) const;
    // Every value of an entity's metric that a later reading replaced, oldest first per point.
    Result<std::vector<Revision>> revisions(const std::string &entityId, const std::string &metric) const;
    bool hasRevisions() const; // any at all: most caches have none, and readers skip the lookups
    // The value of each metric for each entity at a date, over its headline series (without
    // dimensions, or with only asset=<its token symbol>): the
    // newest point at or before asOf.at (default: the newest data, newestDataTime) within the
    // metric's staleness window; older ones only with asOf.includeStale, marked stale.
    Result<std::vector<LatestValue>> latestValues(const std::vector<std::string> &metrics,
                                                  const AsOf &asOf = {}) const;
    // Every headline series' value at the date, one per source (latestValues picks among them):
    // a comparison of two dates prefers a source that has both.
    Result<std::vector<LatestValue>> latestValueCandidates(const std::vector<std::string> &metrics,
                                                           const AsOf &asOf = {}) const;
    // The newest point of any series without dimensions (market data, fees): what "latest" means
    // for the figures shown at a date.
    std::optional<UnixSeconds> newestDataTime() const;
    std::optional<UnixSeconds> oldestDataTime() const; // the oldest such point
    // The date asOf stands for: its own, or the newest data's.
    std::optional<UnixSeconds> resolve(const AsOf &asOf) const
    {
        return asOf.at ? asOf.at : newestDataTime();
    }
    std::optional<UnixSeconds> newestAsOf() const;
    // The newest point of every series, for comparing two snapshots.
    struct SeriesLatest
    {
        SeriesKey key;
        std::string unit;
        UnixSeconds ts = 0;
        double value = 0;
    };
    Result<std::vector<SeriesLatest>> latestPerSeries() const;

    struct SeriesInfo
    {
        SeriesKey key;
        std::string unit;
        long long points = 0;
        UnixSeconds first = 0;
        UnixSeconds last = 0;
    };
    // Every series with its size and time range (reads every point: not for start-up).
    Result<std::vector<SeriesInfo>> seriesCatalog() const;
    // The series of one metric, keys only: cheap, it reads no point.
    Result<std::vector<SeriesKey>> seriesKeys(const std::string &metric) const;
    // How many series each entity (or sector) id has, whether or not the taxonomy knows it.
    Result<std::map<std::string, long long>> seriesPerEntity() const;
    // How many series of a metric carry each value of one dimension ("gpu": h100-80gb -> 212);
    // series without it are not counted. Reads no points and builds no key.
    Result<std::map<std::string, long long>> dimensionCounts(const std::string &metric,
                                                             const std::string &dimension) const;

    // Events: the dataset's are replaced as a whole; the user's own are kept.
    Status replaceDatasetEvents(const std::vector<Event> &events);
    Result<std::vector<Event>> events() const;
    // The user's own events (annotations): only rows the user made can be changed or removed.
    Result<long long> addUserEvent(const Event &event);
    Status updateUserEvent(long long id, const Event &event);
    Status removeUserEvent(long long id);

    // Watch rules (cachealerts.cpp). Names are unique; a rule is checked in full by
    // models/alerts/alertcheck before it comes here, which refuses only what SQL can see.
    Result<std::vector<AlertRule>> alertRules() const;
    Result<long long> addAlertRule(const AlertRule &rule);
    // Replaces the rule called `name` (its name may change); its firings stay as they were.
    Status updateAlertRule(const std::string &name, const AlertRule &rule);
    Status removeAlertRule(const std::string &name);
    // Records each firing once per (rule name, rule text, crossing): returns those that were new,
    // with their ids. In one transaction, so two processes checking at once record each once.
    Result<std::vector<AlertFiring>> recordAlertFirings(const std::vector<AlertFiring> &firings);
    // Newest crossing first, at most `limit`.
    Result<std::vector<AlertFiring>> alertFirings(int limit = 1000) const;
    // The firings not yet shown on the desktop, marked shown at `now` in the same statement, so
    // two processes never show one twice; oldest first. release() unmarks those that could not be
    // shown after all.
    Result<std::vector<AlertFiring>> claimUnnotifiedAlertFirings(UnixSeconds now);
    Status releaseAlertFirings(const std::vector<long long> &ids);

    // The team store (cacheteam.cpp; the PostgreSQL side is datasources/team). What this cache
    // has not pushed to the store `storeId` (everything when `everything`), and each point of the
    // outbox's provenances, in (series, time) order per provenance.
    Result<TeamOutbox> teamOutbox(const std::string &storeId, bool everything) const;
    Status forEachTeamPoint(const TeamOutbox &outbox,
                            const std::function<bool(const TeamPointRow &)> &point) const;
    // Remembers what a push that committed sent, so the next sends only what is newer.
    Status markTeamPushed(const std::string &storeId, const TeamOutbox &outbox);
    // The newest team push this cache has pulled from `storeId` (0: none).
    long long teamPulledThrough(const std::string &storeId) const;
    // Adds a pull in one transaction: series and provenance matched by content, points upserted
    // (a changed value kept as a revision by the schema's trigger), revisions and runs added where
    // absent, the pull recorded with the provenances it brought. Nothing is kept on failure.
    Result<TeamPullSummary> applyTeamPull(const TeamInbox &inbox);

    // Runs and sources
    Status recordRun(const FetchRun &run);
    Result<std::vector<SourceStatus>> sources() const;
    // Each source sources() lists, with the newest as-of among its points (none for a source with
    // runs but no points), without counting points: what a snapshot records of its sources.
    Result<std::map<std::string, std::optional<UnixSeconds>>> sourceAsOfs() const;
    // Every recorded run, newest first, at most `limit`.
    Result<std::vector<FetchRun>> runs(int limit = 1000) const;

    // Folds the WAL into the main file, switches to a rollback journal and vacuums, so the file
    // can be copied as one self-contained database (the shipped default data).
    Status compactForDistribution();

    // Writes a consistent page-for-page copy of the whole database to a new file (SQLite's backup
    // API, one read transaction): what a snapshot starts from, at a fresh `path` the caller named.
    Status backupInto(const std::string &path) const;

    // Metadata
    std::optional<std::string> metadata(const std::string &key) const;
    Status setMetadata(const std::string &key, const std::string &value);

private:
    friend class CacheImport;
    struct Private;
    explicit Cache(std::unique_ptr<Private> d);
    std::unique_ptr<Private> d;
    std::string m_path;
    Mode m_mode = Mode::ReadWrite;
};

} // namespace stackatlas
