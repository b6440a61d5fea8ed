// SPDX-License-Identifier: GPL-3.0-or-later
// The writing half of a streamed import, shared by the long CSV and the mapped CSV imports.
#include "importwriter.h"
#include "importruns.h"
#include "suspects.h"

#include "models/domain/outliers.h"
#include "models/domain/valuesanity.h"

#include <algorithm>

namespace stackatlas {

void ImportWriter::reject(long line, std::string why)
{
    if (m_report.rejected.size() < kListedRejections)
        m_report.rejected.push_back({line, std::move(why)});
    else
        ++m_report.rejectedNotListed;
}

// Why a row repeats one read before, or nothing. Rows of a series in time order (the usual file)
// cost a comparison; a row out of order is looked up among the pending rows, then in the cache.
std::optional<std::string> ImportWriter::repeated(const ImportRow &row)
{
    SeriesState &s = m_state[row.series];
    if (!s.any || row.ts > s.lastTs)
        return std::nullopt;
    if (row.ts == s.lastTs)
        return "same series and time as line " + std::to_string(s.lastLine);
    // The batch's rows by (series, time), indexed from the first row out of order on.
    if (!m_pendingIndexed) {
        for (const ImportRow &p : m_pending)
            m_pendingIndex.emplace(std::make_pair(p.series, p.ts), p.line);
        m_pendingIndexed = true;
    }
    if (const auto it = m_pendingIndex.find({row.series, row.ts}); it != m_pendingIndex.end())
        return "same series and time as line " + std::to_string(it->second);
    if (s.id < 0)
        return std::nullopt;
    auto wrote = m_import.wrote(s.id, row.ts);
    if (wrote.isOk() && wrote.value())
        return std::string("same series and time as an earlier line of this file");
    return std::nullopt;
}

// Why a row is refused at the door (valuesanity.h), or "".
std::string ImportWriter::outOfBounds(const ImportRow &row) const
{
    if (!m_seriesProblem[row.series].empty())
        return m_seriesProblem[row.series];
    if (std::string why = timestampProblem("timestamp", row.ts, m_started); !why.empty())
        return why;
    if (row.asOf)
        if (std::string why = timestampProblem("as_of", *row.asOf, m_started); !why.empty())
            return why;
    const LongCsvRows::Series &series = m_series[row.series];
    return valueProblem(series.key.metric, series.unit, row.value);
}

Status ImportWriter::take(ImportBatch &batch)
{
    for (auto &series : batch.newSeries) {
        m_seriesProblem.push_back(seriesProblem(series.key, series.unit));
        m_series.push_back(std::move(series));
    }
    m_state.resize(m_series.size());
    m_report.dataRows += batch.dataRows;
    for (LineIssue &issue : batch.rejected)
        reject(issue.line, std::move(issue.message));
    for (const ImportRow &row : batch.rows) {
        if (std::string why = outOfBounds(row); !why.empty()) {
            reject(row.line, std::move(why));
            continue;
        }
        if (auto again = repeated(row)) {
            reject(row.line, std::move(*again));
            continue;
        }
        SeriesState &s = m_state[row.series];
        if (!s.any || row.ts > s.lastTs)
            s.lastTs = row.ts, s.lastLine = row.line;
        s.any = true;
        auto &newest = m_newestBySource[m_series[row.series].key.source];
        newest = std::max(newest, row.ts);
        m_pending.push_back(row);
        if (m_pendingIndexed)
            m_pendingIndex.emplace(std::make_pair(row.series, row.ts), row.line);
    }
    return write();
}

Result<std::int64_t> ImportWriter::provenanceFor(const ImportRow &row, bool suspect)
{
    const std::string &source = m_series[row.series].key.source;
    auto key = std::make_tuple(source, row.asOf, suspect);
    if (const auto it = m_provenance.find(key); it != m_provenance.end())
        return it->second;
    Provenance p{source, m_endpoint + (suspect ? " (accepted as suspect)" : ""), m_started,
                 row.asOf.value_or(0)};
    auto id = m_import.provenance(p);
    if (id.isOk())
        m_provenance.emplace(std::move(key), id.value());
    return id;
}

// Judges the pending rows for outliers with the values already stored (earlier batches included),
// then writes them.
Status ImportWriter::write()
{
    // The batch by series, as the outlier rule judges it: no key is copied a row.
    std::vector<std::vector<JudgedValue>> bySeries(m_series.size());
    for (std::size_t i = 0; i < m_pending.size(); ++i)
        if (isJudgedForOutliers(m_series[m_pending[i].series].key.metric))
            bySeries[m_pending[i].series].push_back({m_pending[i].ts, m_pending[i].value, i});
    std::vector<SeriesToJudge> judged;
    for (std::size_t series = 0; series < bySeries.size(); ++series)
        if (!bySeries[series].empty())
            judged.push_back({m_series[series].key, m_series[series].unit, std::move(bySeries[series])});
    auto suspects = judgeSeriesBatch(m_import.cache(), std::move(judged), m_accept);
    if (!suspects.isOk())
        return suspects.status();
    std::vector<char> suspect(m_pending.size(), 0);
    for (const JudgedSuspect &s : suspects.value()) {
        suspect[s.suspect.index] = 1;
        (m_accept ? m_report.acceptedSuspects : m_report.heldSuspects)
            .push_back(describeSuspect(s.observation, s.suspect));
    }
    for (std::size_t i = 0; i < m_pending.size(); ++i) {
        const ImportRow &row = m_pending[i];
        if (suspect[i] && !m_accept)
            continue;
        SeriesState &s = m_state[row.series];
        if (s.id < 0) {
            const LongCsvRows::Series &series = m_series[row.series];
            auto id = m_import.series(series.key, series.unit);
            if (!id.isOk())
                return Status::error(id.status().code(), "line " + std::to_string(row.line) + ": " +
                                                             id.status().message() +
                                                             "; nothing was imported");
            s.id = id.value();
        }
        auto provenance = provenanceFor(row, suspect[i] != 0);
        if (!provenance.isOk())
            return provenance.status();
        if (Status put = m_import.put(s.id, provenance.value(), row.ts, row.value); !put.isOk())
            return Status::error(put.code(), "line " + std::to_string(row.line) + ": " + put.message());
        ++m_perSource[m_series[row.series].key.source];
    }
    m_pending.clear();
    m_pendingIndex.clear();
    m_pendingIndexed = false;
    return Status::ok();
}

Status ImportWriter::commit(qint64 bytesRead)
{
    // Without an as_of column a file is as current as its newest row from that source.
    for (const auto &[key, id] : m_provenance)
        if (!std::get<1>(key))
            if (Status s = m_import.setAsOf(id, m_newestBySource[std::get<0>(key)]); !s.isOk())
                return s;
    std::sort(m_report.rejected.begin(), m_report.rejected.end(),
              [](const LineIssue &a, const LineIssue &b) { return a.line < b.line; });
    // The runs go in the import's own transaction: the values and the record of their import
    // land together or not at all (recorded after the commit, a busy cache could keep one
    // without the other).
    const long long rejected = static_cast<long long>(m_report.rejected.size()) + m_report.rejectedNotListed;
    if (Status s =
            recordImportRuns(m_import.cache(), m_perSource, rejected, m_endpoint, m_started, bytesRead);
        !s.isOk())
        return s;
    if (Status s = m_import.commit(); !s.isOk())
        return s;
    m_report.written = m_import.summary().points;
    m_report.replaced = m_import.summary().replaced;
    m_report.unchanged = m_import.summary().unchanged;
    return Status::ok();
}

} // namespace stackatlas
