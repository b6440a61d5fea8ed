// SPDX-License-Identifier: GPL-3.0-or-later
// The series half of the Cache repository: batched upserts of observations with their
// provenance, range queries and latest values.
#include "cache.h"

#include "cachebatchwriter.h"
#include "cacheprivate.h"

#include "models/domain/metrics.h"
#include "models/domain/valuesanity.h"

#include <sqlite3.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <unordered_map>

namespace stackatlas {

using cache::BatchWriter;
using cache::Statement;

namespace cache {

std::string encodeDimensions(const Dimensions &dims)
{
    std::string out;
    for (const auto &[key, value] : dims) {
        if (!out.empty())
            out += ';';
        out += key + '=';
        for (const char c : value) {
            if (c == '%')
                out += "%25";
            else if (c == ';')
                out += "%3B";
            else if (c == '=')
                out += "%3D";
            else
                out += c;
        }
    }
    return out;
}

Dimensions decodeDimensions(const std::string &text)
{
    Dimensions dims;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(';', start);
        if (end == std::string::npos)
            end = text.size();
        const std::string pair = text.substr(start, end - start);
        const std::size_t eq = pair.find('=');
        if (eq != std::string::npos) {
            std::string value;
            const std::string raw = pair.substr(eq + 1);
            for (std::size_t i = 0; i < raw.size(); ++i) {
                if (raw.compare(i, 3, "%25") == 0)
                    value += '%', i += 2;
                else if (raw.compare(i, 3, "%3B") == 0)
                    value += ';', i += 2;
                else if (raw.compare(i, 3, "%3D") == 0)
                    value += '=', i += 2;
                else
                    value += raw[i];
            }
            dims[pair.substr(0, eq)] = value;
        }
        start = end + 1;
    }
    return dims;
}

std::optional<std::string> dimensionValue(const std::string &text, const std::string &key)
{
    // Keys are never escaped and pairs are ';'-separated, so ";key=" marks the pair exactly.
    const std::string padded = ';' + text;
    const std::size_t at = padded.find(';' + key + '=');
    if (at == std::string::npos)
        return std::nullopt;
    const std::size_t start = at + key.size() + 2;
    const std::size_t end = padded.find(';', start);
    return decodeDimensions(key + '=' + padded.substr(start, end == std::string::npos ? end : end - start))
        .at(key);
}

} // namespace cache

Cache::WriteScope::WriteScope(std::unique_ptr<cache::Transaction> tx) : m_tx(std::move(tx)) {}
Cache::WriteScope::~WriteScope() = default;

Status Cache::WriteScope::commit()
{
    return m_tx->commit();
}

Result<std::unique_ptr<Cache::WriteScope>> Cache::beginWrite()
{
    if (m_mode == Mode::ReadOnly)
        return Status::error(StatusCode::Refused, "the cache is open read-only");
    auto tx = std::make_unique<cache::Transaction>(d->db.get());
    if (!tx->beginStatus().isOk())
        return tx->beginStatus();
    return std::unique_ptr<WriteScope>(new WriteScope(std::move(tx)));
}

Result<Cache::WriteSummary> Cache::write(const std::vector<Observation> &observations)
{
    if (m_mode == Mode::ReadOnly)
        return Status::error(StatusCode::Refused, "the cache is open read-only");
    sqlite3 *db = d->db.get();
    // Known ids, so a point never belongs to an entity the taxonomy does not have.
    std::set<std::string> entities, sectors;
    {
        Statement q(db, "SELECT id FROM entities");
        while (q.step())
            entities.insert(q.text(0));
        Statement c(db, "SELECT id FROM sectors");
        while (c.step())
            sectors.insert(c.text(0));
    }
    cache::Transaction tx(db);
    if (!tx.beginStatus().isOk())
        return tx.beginStatus();
    BatchWriter writer(db);
    if (Status s = writer.prepared(); !s.isOk())
        return s;
    WriteSummary summary;
    auto fail = [&](std::size_t index, const Status &why) {
        return Status::error(why.code(), "record " + std::to_string(index + 1) + " of " +
                                             std::to_string(observations.size()) + ": " + why.message() +
                                             "; nothing from this batch was written");
    };
    for (std::size_t i = 0; i < observations.size(); ++i) {
        const Observation &o = observations[i];
        if (const std::string why = cache::refusal(o, entities, sectors); !why.empty())
            return fail(i, Status::error(StatusCode::InvalidInput, why));
        // The importers' door (valuesanity.h) checked already; this keeps an impossible value out
        // whoever writes. Times are the importers' to judge: tests and benchmarks write any.
        if (const std::string why = valueProblem(o.key.metric, o.unit, o.value); !why.empty())
            return fail(i, Status::error(StatusCode::InvalidInput, why));
        const auto series = writer.seriesId(o, summary.series);
        if (!series.isOk())
            return fail(i, series.status());
        const auto provenance = writer.provenanceId(o.provenance);
        if (!provenance.isOk())
            return fail(i, provenance.status());
        const auto changed = writer.upsertPoint(series.value(), provenance.value(), o);
        if (!changed.isOk())
            return fail(i, changed.status());
        if (changed.value() == BatchWriter::Change::None) {
            ++summary.unchanged;
        } else {
            ++summary.points;
            summary.replaced += changed.value() == BatchWriter::Change::Replaced;
        }
    }
    Status committed = tx.commit();
    if (!committed.isOk())
        return Status::error(StatusCode::IoError,
                             "could not commit the batch, nothing was written: " + committed.message());
    return summary;
}

namespace {

// Gives each distinct provenance id of one series its index in the series' `provenances`, the
// provenance read from the row only the first time. Points come in time order and provenance ids
// grow with time (a fetch or import writes its rows as it goes), so a new id is usually larger
// than every id before it: those are appended to a sorted list, the rare others go to a map.
class ProvenanceInterner
{
public:
    explicit ProvenanceInterner(SeriesData &series) : m_series(series) {}

    template <typename ReadProvenance> std::uint32_t indexOf(std::int64_t id, ReadProvenance read)
    {
        if (id == m_lastId)
            return m_lastIndex;
        m_lastId = id;
        if (m_sorted.empty() || id > m_sorted.back().first)
            return m_lastIndex = add(read, [&](std::uint32_t index) { m_sorted.emplace_back(id, index); });
        const auto it = std::lower_bound(m_sorted.begin(), m_sorted.end(), std::pair(id, std::uint32_t(0)));
        if (it != m_sorted.end() && it->first == id)
            return m_lastIndex = it->second;
        if (const auto other = m_others.find(id); other != m_others.end())
            return m_lastIndex = other->second;
        return m_lastIndex = add(read, [&](std::uint32_t index) { m_others.emplace(id, index); });
    }

private:
    template <typename ReadProvenance, typename Remember>
    std::uint32_t add(ReadProvenance read, Remember remember)
    {
        const auto index = std::uint32_t(m_series.provenances.size());
        m_series.provenances.push_back(read());
        remember(index);
        return index;
    }

    SeriesData &m_series;
    std::int64_t m_lastId = -1;
    std::uint32_t m_lastIndex = 0;
    std::vector<std::pair<std::int64_t, std::uint32_t>> m_sorted;
    std::unordered_map<std::int64_t, std::uint32_t> m_others;
};

} // namespace

Result<std::vector<SeriesData>> Cache::query(const SeriesQuery &query) const
{
    sqlite3 *db = d->db.get();
    std::vector<SeriesData> out;
    // An empty entity id asks for the metric across every entity (a GPU's price at all providers).
    // Two statements rather than "? = '' OR entity_id = ?", which keeps SQLite off the index.
    const bool anyEntity = query.entityId.empty();
    // Each asked dimension narrows the rows in SQL (its encoded pair is a whole element of the
    // encoded set), so only matching series are decoded; the exact check below stays the rule.
    std::string dimsFilter;
    for (std::size_t i = 0; i < query.dims.size(); ++i)
        dimsFilter += " AND instr(';' || dims || ';', ?) > 0";
    Statement series(db, anyEntity ? "SELECT id, source, dims, unit, entity_id FROM series WHERE metric = ?" +
                                         dimsFilter + " ORDER BY entity_id, source, dims"
                                   : "SELECT id, source, dims, unit, entity_id FROM series"
                                     " WHERE metric = ? AND entity_id = ?" +
                                         dimsFilter + " ORDER BY source, dims");
    series.bind(1, query.metric);
    int next = 2;
    if (!anyEntity)
        series.bind(next++, query.entityId);
    for (const auto &[key, value] : query.dims)
        series.bind(next++, ';' + cache::encodeDimensions({{key, value}}) + ';');
    std::vector<std::pair<std::int64_t, SeriesData>> matches;
    while (series.step()) {
        SeriesData s;
        s.key = {series.text(4), query.metric, series.text(1), cache::decodeDimensions(series.text(2))};
        s.unit = series.text(3);
        bool match = true;
        for (const auto &[key, value] : query.dims) {
            const auto it = s.key.dims.find(key);
            match = match && it != s.key.dims.end() && it->second == value;
        }
        if (match)
            matches.emplace_back(series.int64(0), std::move(s));
    }
    if (series.failed())
        return Status::error(StatusCode::IoError, series.error());

    if (matches.empty())
        return out;
    // One statement for the points of every matched series, not one a series (the price war's
    // H100 chart matches 452). The ids are the table's own integers, written into the SQL.
    std::string ids;
    std::unordered_map<std::int64_t, std::size_t> slotOf;
    for (std::size_t i = 0; i < matches.size(); ++i) {
        ids += (i ? "," : "") + std::to_string(matches[i].first);
        slotOf.emplace(matches[i].first, i);
    }
    // Each point keeps an index into its series' provenances: the provenance's text is read and
    // kept once per distinct id, not copied into every point.
    Statement points(db, std::string("SELECT pt.series_id, pt.ts, pt.value, pt.provenance_id, pv.source, ") +
                             (query.withEndpoints ? "pv.endpoint" : "''") +
                             ", pv.fetched_at, pv.as_of FROM points pt JOIN provenance pv ON pv.id = "
                             "pt.provenance_id WHERE pt.series_id IN (" +
                             ids + ") AND pt.ts >= ? AND pt.ts <= ? ORDER BY pt.series_id, pt.ts");
    points.bind(1, query.from.value_or(INT64_MIN)).bind(2, query.to.value_or(INT64_MAX));
    const auto readProvenance = [&points] {
        return Provenance{points.text(4), points.text(5), points.int64(6), points.int64(7)};
    };
    std::int64_t currentId = -1;
    SeriesData *current = nullptr;
    std::optional<ProvenanceInterner> interner;
    while (points.step()) {
        if (const std::int64_t seriesId = points.int64(0); seriesId != currentId) {
            currentId = seriesId;
            current = &matches[slotOf.at(seriesId)].second;
            interner.emplace(*current);
        }
        const std::uint32_t provenance = interner->indexOf(points.int64(3), readProvenance);
        current->points.push_back({points.int64(1), points.real(2), provenance});
    }
    if (points.failed() || !points.isValid())
        return Status::error(StatusCode::IoError, points.isValid() ? points.error() : points.prepareError());
    out.reserve(matches.size());
    for (auto &[id, s] : matches)
        out.push_back(std::move(s));
    return out;
}

Result<std::vector<Cache::SeriesInfo>> Cache::seriesCatalog() const
{
    Statement q(d->db.get(),
                "SELECT s.entity_id, s.metric, s.source, s.dims, s.unit, count(p.ts), min(p.ts), max(p.ts)"
                " FROM series s LEFT JOIN points p ON p.series_id = s.id GROUP BY s.id ORDER BY s.id");
    std::vector<SeriesInfo> out;
    while (q.step()) {
        out.push_back({SeriesKey{q.text(0), q.text(1), q.text(2), cache::decodeDimensions(q.text(3))},
                       q.text(4), q.int64(5), q.int64(6), q.int64(7)});
    }
    if (q.failed())
        return Status::error(StatusCode::IoError, q.error());
    return out;
}

namespace {
// min or max of the points of series without dimensions: the span of the figures shown at a date.
std::optional<UnixSeconds> dimensionlessBound(sqlite3 *db, const char *aggregate)
{
    Statement q(db, std::string("SELECT ") + aggregate +
                        "(pt.ts) FROM series s JOIN points pt ON pt.series_id = s.id WHERE s.dims = ''");
    if (q.step() && !q.isNull(0))
        return q.int64(0);
    return std::nullopt;
}
} // namespace

std::optional<UnixSeconds> Cache::newestDataTime() const
{
    return dimensionlessBound(d->db.get(), "max");
}

std::optional<UnixSeconds> Cache::oldestDataTime() const
{
    return dimensionlessBound(d->db.get(), "min");
}

Result<std::vector<LatestValue>> Cache::latestValueCandidates(const std::vector<std::string> &metrics,
                                                              const AsOf &asOf) const
{
    sqlite3 *db = d->db.get();
    const std::optional<UnixSeconds> at = resolve(asOf);
    if (!at)
        return std::vector<LatestValue>{};
    // The newest point at or before the date of each headline series: one without dimensions, or
    // one whose only dimension names the entity's own token as the source's asset (Coin Metrics'
    // asset=akt for Akash; its legacy asset=rndr beside Render's RENDER is another token, left out).
    Statement q(
        db, "SELECT s.entity_id, s.metric, s.unit, pt.ts, pt.value, pv.source, pv.endpoint, pv.fetched_at,"
            " pv.as_of FROM series s"
            " JOIN points pt ON pt.series_id = s.id"
            "  AND pt.ts = (SELECT max(ts) FROM points WHERE series_id = s.id AND ts <= ?)"
            " JOIN provenance pv ON pv.id = pt.provenance_id"
            " LEFT JOIN entities e ON e.id = s.entity_id"
            " WHERE s.metric = ? AND (s.dims = '' OR (e.token_symbol <> ''"
            "  AND s.dims = 'asset=' || lower(e.token_symbol)))");
    std::vector<LatestValue> out;
    for (const auto &metric : metrics) {
        const UnixSeconds window = asOf.windowFor(metric);
        q.reset();
        q.bind(1, *at).bind(2, metric);
        while (q.step()) {
            LatestValue v{q.text(0), q.text(1),  q.text(2),
                          q.real(4), q.int64(3), Provenance{q.text(5), q.text(6), q.int64(7), q.int64(8)}};
            v.stale = *at - v.ts > window;
            if (v.stale && !asOf.includeStale)
                continue;
            out.push_back(std::move(v));
        }
        if (q.failed() || !q.isValid())
            return Status::error(StatusCode::IoError, q.isValid() ? q.error() : q.prepareError());
    }
    return out;
}

Result<std::vector<LatestValue>> Cache::latestValues(const std::vector<std::string> &metrics,
                                                     const AsOf &asOf) const
{
    auto candidates = latestValueCandidates(metrics, asOf);
    if (!candidates.isOk())
        return candidates.status();
    // The newest across sources wins; on a tie, the first source by name, so the choice is stable.
    std::map<std::pair<std::string, std::string>, LatestValue> best;
    for (LatestValue &v : candidates.value()) {
        auto &slot = best[{v.entityId, v.metric}];
        if (slot.entityId.empty() || v.ts > slot.ts ||
            (v.ts == slot.ts && v.provenance.source < slot.provenance.source))
            slot = std::move(v);
    }
    std::vector<LatestValue> out;
    for (auto &[key, v] : best)
        out.push_back(std::move(v));
    return out;
}

Result<std::vector<Cache::SeriesLatest>> Cache::latestPerSeries() const
{
    Statement q(d->db.get(),
                "SELECT s.entity_id, s.metric, s.source, s.dims, s.unit, pt.ts, pt.value FROM series s"
                " JOIN points pt ON pt.series_id = s.id"
                "  AND pt.ts = (SELECT max(ts) FROM points WHERE series_id = s.id)"
                " ORDER BY s.entity_id, s.metric, s.source, s.dims");
    std::vector<SeriesLatest> out;
    while (q.step())
        out.push_back({SeriesKey{q.text(0), q.text(1), q.text(2), cache::decodeDimensions(q.text(3))},
                       q.text(4), q.int64(5), q.real(6)});
    if (q.failed() || !q.isValid())
        return Status::error(StatusCode::IoError, q.isValid() ? q.error() : q.prepareError());
    return out;
}

Result<std::map<std::string, long long>> Cache::dimensionCounts(const std::string &metric,
                                                                const std::string &dimension) const
{
    Statement q(d->db.get(), "SELECT dims FROM series WHERE metric = ?");
    q.bind(1, metric);
    std::map<std::string, long long> out;
    while (q.step())
        if (const auto value = cache::dimensionValue(q.text(0), dimension))
            ++out[*value];
    if (q.failed() || !q.isValid())
        return Status::error(StatusCode::IoError, q.isValid() ? q.error() : q.prepareError());
    return out;
}

Result<std::vector<SeriesKey>> Cache::seriesKeys(const std::string &metric) const
{
    Statement q(d->db.get(),
                "SELECT entity_id, metric, source, dims FROM series WHERE metric = ? ORDER BY id");
    q.bind(1, metric);
    std::vector<SeriesKey> out;
    while (q.step())
        out.push_back({q.text(0), q.text(1), q.text(2), cache::decodeDimensions(q.text(3))});
    if (q.failed() || !q.isValid())
        return Status::error(StatusCode::IoError, q.isValid() ? q.error() : q.prepareError());
    return out;
}

Result<std::map<std::string, long long>> Cache::seriesPerEntity() const
{
    Statement q(d->db.get(), "SELECT entity_id, count(*) FROM series GROUP BY entity_id");
    std::map<std::string, long long> out;
    while (q.step())
        out[q.text(0)] = q.int64(1);
    if (q.failed() || !q.isValid())
        return Status::error(StatusCode::IoError, q.isValid() ? q.error() : q.prepareError());
    return out;
}

} // namespace stackatlas
