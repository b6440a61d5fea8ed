// SPDX-License-Identifier: GPL-3.0-or-later
// `team pull`: the pushes this cache has not seen, read in one read-only snapshot of the store
// (COPY … TO STDOUT), checked at the same door as every other input, and added to the cache in
// one transaction. The store is never written: an analyst's read-only role is enough.
#include "teamsync.h"

#include "pgconnection.h"
#include "teamschema.h"

#include "datasources/cache/cache.h"
#include "models/domain/valuesanity.h"

#include <charconv>
#include <ctime>
#include <set>

namespace stackatlas::team {

namespace {

// Fields of one COPY line, read as numbers and texts; a line that does not parse is refused.
class Fields
{
public:
    Fields(std::string_view line, std::size_t expected) : m_fields(PgConnection::splitCopyLine(line))
    {
        m_ok = m_fields.size() == expected;
    }
    bool ok() const { return m_ok; }
    long long number(std::size_t i)
    {
        long long v = 0;
        const std::string *f = field(i);
        if (f && std::from_chars(f->data(), f->data() + f->size(), v).ec != std::errc())
            m_ok = false;
        return v;
    }
    std::optional<long long> optionalNumber(std::size_t i)
    {
        return m_fields[i] ? std::optional(number(i)) : std::nullopt;
    }
    double real(std::size_t i)
    {
        // from_chars, not stod: strtod reads "1.5" as 1 under a locale with a decimal comma.
        // NaN and infinities parse (the door refuses them, saying why); a partial number does not.
        double v = 0;
        const std::string *f = field(i);
        if (!f)
            return 0;
        const auto [end, ec] = std::from_chars(f->data(), f->data() + f->size(), v);
        if (ec != std::errc() || end != f->data() + f->size())
            m_ok = false;
        return v;
    }
    std::string text(std::size_t i)
    {
        const std::string *f = field(i);
        return f ? *f : std::string();
    }

private:
    const std::string *field(std::size_t i)
    {
        if (!m_ok || i >= m_fields.size() || !m_fields[i]) {
            m_ok = false;
            return nullptr;
        }
        return &*m_fields[i];
    }
    std::vector<std::optional<std::string>> m_fields;
    bool m_ok = false;
};

struct Door
{
    UnixSeconds now = 0;
    PullSummary &summary;

    // Counts a refused row and keeps the first few reasons.
    bool refuse(const std::string &what, const std::string &why)
    {
        ++summary.refusedRows;
        if (summary.refused.size() < 5)
            summary.refused.push_back(what + ": " + why);
        return false;
    }
    bool seriesOk(const TeamSeriesRow &s)
    {
        for (const auto &[what, text] : {std::pair<const char *, const std::string &>{"entity", s.entityId},
                                         {"metric", s.metric},
                                         {"source", s.source},
                                         {"unit", s.unit}})
            if (std::string why = textProblem(what, text); !why.empty() || text.empty())
                return refuse("a series", why.empty() ? std::string(what) + " is empty" : why);
        if (std::string why = textProblem("dimensions", s.dims, kMaxEndpointBytes); !why.empty())
            return refuse("a series", why);
        return true;
    }
    bool provenanceOk(const TeamProvenanceRow &p)
    {
        std::string why = textProblem("source", p.provenance.source);
        if (why.empty())
            why = textProblem("endpoint", p.provenance.endpoint, kMaxEndpointBytes);
        if (why.empty())
            why = timestampProblem("as-of", p.provenance.asOf, now);
        if (why.empty())
            why = timestampProblem("fetched-at", p.provenance.fetchedAt, now);
        return why.empty() || refuse("a provenance", why);
    }
    bool pointOk(const TeamSeriesRow &s, UnixSeconds ts, double value)
    {
        std::string why = valueProblem(s.metric, s.unit, value);
        if (why.empty())
            why = timestampProblem("time", ts, now);
        return why.empty() || refuse("a point of " + s.entityId + " " + s.metric, why);
    }
    bool runOk(const FetchRun &r, bool parsed)
    {
        std::string why = parsed ? textProblem("source", r.source) : "its row does not read as one";
        if (why.empty() && r.kind != "fetch" && r.kind != "import")
            why = "its kind is neither fetch nor import";
        if (why.empty() && r.status != "ok" && r.status != "partial" && r.status != "failed" &&
            r.status != "cancelled")
            why = "its status is not one a run has";
        if (why.empty())
            why = textProblem("endpoint", r.endpoint, kMaxEndpointBytes);
        return why.empty() || refuse("a run", why);
    }
};

std::string range(long long from, long long through)
{
    return "push_id > " + std::to_string(from) + " AND push_id <= " + std::to_string(through);
}

// Reads the pushes (from, through] of the snapshot the caller's transaction holds: the series
// their points and revisions name, those points and revisions, the provenance they name, and the
// runs. Each row passes the door or is counted and named.
class PushReader
{
public:
    PushReader(PgConnection &db, long long from, long long through, TeamInbox &inbox, Door &door)
        : m_db(db), m_pushes(range(from, through)), m_inbox(inbox), m_door(door)
    {}

    Status read()
    {
        for (Status (PushReader::*step)() :
             {&PushReader::readSeries, &PushReader::readPoints, &PushReader::readRevisions,
              &PushReader::readProvenance, &PushReader::readRuns})
            if (Status s = (this->*step)(); !s.isOk())
                return s;
        return Status::ok();
    }

private:
    Status readSeries()
    {
        Status s = m_db.copyOut(
            "COPY (SELECT id, entity_id, metric, source, dims, unit FROM stackatlas.series WHERE "
            "id IN (SELECT series_id FROM stackatlas.points WHERE " +
                m_pushes + " UNION SELECT series_id FROM stackatlas.revisions WHERE " + m_pushes +
                ")) TO STDOUT",
            [&](std::string_view line) {
                Fields f(line, 6);
                TeamSeriesRow row{f.number(0), f.text(1), f.text(2), f.text(3), f.text(4), f.text(5)};
                ++m_door.summary.seriesRead;
                if (!f.ok())
                    m_door.refuse("a series", "its row does not read as one");
                else if (m_door.seriesOk(row))
                    m_series[row.id] = row;
                else
                    m_refusedSeries.insert(row.id);
                return Status::ok();
            });
        for (const auto &[id, row] : m_series)
            m_inbox.series.push_back(row);
        return s;
    }

    Status readPoints()
    {
        return m_db.copyOut("COPY (SELECT series_id, ts, value, provenance_id FROM stackatlas.points WHERE " +
                                m_pushes + ") TO STDOUT",
                            [&](std::string_view line) {
                                Fields f(line, 4);
                                TeamPointRow p{f.number(0), f.number(1), f.real(2), f.number(3)};
                                ++m_door.summary.pointsRead;
                                const auto it = m_series.find(p.series);
                                if (!f.ok())
                                    m_door.refuse("a point", "its row does not read as one");
                                else if (it == m_series.end())
                                    m_door.refuse("a point", m_refusedSeries.count(p.series)
                                                                 ? "its series was refused"
                                                                 : "its series was not sent");
                                else if (m_door.pointOk(it->second, p.ts, p.value)) {
                                    m_inbox.points.push_back(p);
                                    m_provenance.insert(p.provenance);
                                }
                                return Status::ok();
                            });
    }

    Status readRevisions()
    {
        return m_db.copyOut("COPY (SELECT series_id, ts, value, provenance_id, replaced_at, replaced_by FROM "
                            "stackatlas.revisions WHERE " +
                                m_pushes + ") TO STDOUT",
                            [&](std::string_view line) {
                                Fields f(line, 6);
                                TeamRevisionRow r{f.number(0), f.number(1), f.real(2),
                                                  f.number(3), f.number(4), f.number(5)};
                                ++m_door.summary.revisionsRead;
                                const auto it = m_series.find(r.series);
                                if (!f.ok() || it == m_series.end())
                                    m_door.refuse("a revision", "its row or its series does not read");
                                else if (m_door.pointOk(it->second, r.ts, r.value)) {
                                    m_inbox.revisions.push_back(r);
                                    m_provenance.insert(r.provenance);
                                    m_provenance.insert(r.replacedBy);
                                }
                                return Status::ok();
                            });
    }

    Status readProvenance()
    {
        std::string ids;
        for (long long id : m_provenance)
            ids += (ids.empty() ? "" : ",") + std::to_string(id);
        if (ids.empty())
            return Status::ok();
        std::set<long long> refused;
        Status s = m_db.copyOut(
            "COPY (SELECT id, source, endpoint, fetched_at, as_of FROM stackatlas.provenance WHERE id IN (" +
                ids + ")) TO STDOUT",
            [&](std::string_view line) {
                Fields f(line, 5);
                TeamProvenanceRow p{f.number(0), {f.text(1), f.text(2), f.number(3), f.number(4)}};
                if (f.ok() && m_door.provenanceOk(p))
                    m_inbox.provenance.push_back(p);
                else
                    refused.insert(p.id);
                return Status::ok();
            });
        // A point whose provenance was refused cannot be traced to its source: it stays out too.
        std::erase_if(m_inbox.points, [&](const TeamPointRow &p) {
            return refused.count(p.provenance) && !m_door.refuse("a point", "its provenance was refused");
        });
        std::erase_if(m_inbox.revisions, [&](const TeamRevisionRow &r) {
            return (refused.count(r.provenance) || refused.count(r.replacedBy)) &&
                   !m_door.refuse("a revision", "its provenance was refused");
        });
        return s;
    }

    Status readRuns()
    {
        return m_db.copyOut(
            "COPY (SELECT source, kind, started_at, ended_at, status, http_status, bytes, records,"
            " rejected, endpoint, error FROM stackatlas.runs WHERE " +
                m_pushes + ") TO STDOUT",
            [&](std::string_view line) {
                Fields f(line, 11);
                FetchRun r;
                r.source = f.text(0);
                r.kind = f.text(1);
                r.startedAt = f.number(2);
                r.endedAt = f.number(3);
                r.status = f.text(4);
                if (const auto http = f.optionalNumber(5))
                    r.httpStatus = int(*http);
                r.bytes = f.number(6);
                r.records = f.number(7);
                r.rejected = f.number(8);
                r.endpoint = f.text(9);
                r.error = f.text(10).substr(0, 2000);
                ++m_door.summary.runsRead;
                if (m_door.runOk(r, f.ok()))
                    m_inbox.runs.push_back(std::move(r));
                return Status::ok();
            });
    }

    PgConnection &m_db;
    const std::string m_pushes;
    TeamInbox &m_inbox;
    Door &m_door;
    std::map<long long, TeamSeriesRow> m_series;
    std::set<long long> m_refusedSeries, m_provenance;
};

} // namespace

Result<PullSummary> pull(Cache &cache, PgConnection &db, const PullOptions &options)
{
    const UnixSeconds started = std::time(nullptr);
    PullSummary summary;
    summary.store = db.label();
    TeamInbox inbox;
    inbox.store = db.label();
    inbox.pulledAt = started;
    if (Status s = db.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); !s.isOk())
        return s;
    Status read = [&]() -> Status {
        auto store = teamschema::check(db);
        if (!store.isOk())
            return store.status();
        inbox.storeId = store.value().storeId;
        summary.fromPush = options.everything ? 0 : cache.teamPulledThrough(inbox.storeId);
        auto newest = db.query("SELECT coalesce(max(id), 0) FROM stackatlas.pushes");
        if (!newest.isOk())
            return newest.status();
        summary.throughPush = std::stoll(newest.value().at(0).at(0).value_or("0"));
        inbox.throughPush = summary.throughPush;
        if (summary.throughPush <= summary.fromPush)
            return Status::ok();
        Door door{started, summary};
        return PushReader(db, summary.fromPush, summary.throughPush, inbox, door).read();
    }();
    (void)db.exec(read.isOk() ? "COMMIT" : "ROLLBACK"); // read-only: nothing to keep or lose
    if (!read.isOk())
        return Status::error(read.code(), read.message() + " (the cache is unchanged)");
    if (summary.throughPush <= summary.fromPush)
        return summary;
    auto applied = cache.applyTeamPull(inbox);
    if (!applied.isOk())
        return applied.status();
    summary.applied = applied.value();
    FetchRun run;
    run.source = "team";
    run.kind = "import";
    run.startedAt = started;
    run.endedAt = std::max<UnixSeconds>(started, std::time(nullptr));
    run.status = summary.refusedRows ? "partial" : "ok";
    run.records = summary.applied.pointsAdded + summary.applied.pointsChanged;
    run.rejected = summary.refusedRows;
    run.endpoint = db.label();
    if (!summary.refused.empty())
        run.error = summary.refused.front();
    if (Status s = cache.recordRun(run); !s.isOk())
        summary.refused.push_back("the pull was kept, but its run could not be recorded: " + s.message());
    return summary;
}

} // namespace stackatlas::team
