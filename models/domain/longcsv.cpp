// SPDX-License-Identifier: GPL-3.0-or-later
#include "longcsv.h"
#include "dimvalue.h"

#include "csvreader.h"
#include "gpualiases.h"
#include "metrics.h"
#include "taxonomy.h"
#include "textutil.h"

#include <algorithm>
#include <map>
#include <set>

namespace stackatlas {
namespace {

const std::vector<std::string> kRequired{"entity", "metric", "unit", "timestamp", "value", "source"};

bool hasControlCharacters(std::string_view s)
{
    return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; });
}

// Where each column is: the required ones, dim.KEY columns and as_of.
struct Columns
{
    std::map<std::string, std::size_t> column;
    std::vector<std::pair<std::string, std::size_t>> dimColumns;
    std::optional<std::size_t> asOfColumn;
    std::size_t fields = 0;
};

Result<Columns> readHeader(const CsvRecord &header)
{
    Columns h;
    h.fields = header.fields.size();
    const std::string at = "line " + std::to_string(header.line) + ": ";
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
        std::string name(trimmed(header.fields[i]));
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return std::tolower(c); });
        if (h.column.count(name))
            return Status::error(StatusCode::InvalidInput, at + "column \"" + name + "\" appears twice");
        h.column[name] = i;
        if (name.rfind("dim.", 0) == 0) {
            const std::string key = name.substr(4);
            if (!isValidDimensionKey(key))
                return Status::error(StatusCode::InvalidInput, at + "bad dimension column \"" + name + "\"");
            h.dimColumns.emplace_back(key, i);
        } else if (name == "as_of") {
            h.asOfColumn = i;
        } else if (name == "endpoint" || name == "fetched_at") {
            // written by `query --format csv`; on import the file itself becomes the provenance
        } else if (std::find(kRequired.begin(), kRequired.end(), name) == kRequired.end()) {
            return Status::error(StatusCode::InvalidInput,
                                 at + "unknown column \"" + name +
                                     "\" (expected entity,metric,unit,timestamp,value,source, dim.KEY, "
                                     "as_of, endpoint, fetched_at)");
        }
    }
    for (const auto &required : kRequired)
        if (!h.column.count(required))
            return Status::error(StatusCode::InvalidInput, at + "missing column \"" + required + "\"");
    return h;
}

// One row of the file; each step returns why the row is rejected, or an empty string.
class RowReader
{
public:
    RowReader(const Columns &header, const CsvRecord &rec, const Taxonomy &taxonomy, const GpuResolver &gpus)
        : h(header), rec(rec), taxonomy(taxonomy), gpus(gpus)
    {}
    std::string field(const std::string &name) const
    {
        return std::string(trimmed(rec.fields[h.column.at(name)]));
    }
    std::string identity(Observation &obs) const;
    std::string dimensions(Observation &obs) const;
    std::string asOf(std::optional<UnixSeconds> &asOf) const;

private:
    const Columns &h;
    const CsvRecord &rec;
    const Taxonomy &taxonomy;
    const GpuResolver &gpus;
};

// Entity (or sector), metric, unit and source.
std::string RowReader::identity(Observation &obs) const
{
    const std::string entity = field("entity");
    obs.key.metric = field("metric");
    obs.unit = field("unit");
    obs.key.source = field("source");
    const MetricInfo *info = metricInfo(obs.key.metric);
    if (!isValidMetricName(obs.key.metric))
        return "bad metric name " + quotedInput(obs.key.metric) + " (lowercase letters, digits and _)";
    if (info && info->categoryLevel) {
        if (!taxonomy.sector(entity))
            return "unknown sector " + quotedInput(entity) + " for " + obs.key.metric;
        obs.key.entityId = entity;
    } else {
        const Entity *e = taxonomy.entityBySpelling(entity);
        if (!e)
            return taxonomy.entitySpellingProblem(entity);
        obs.key.entityId = e->id;
    }
    if (info && obs.unit != info->unit)
        return "unit " + quotedInput(obs.unit) + " does not match " + obs.key.metric + " (which is in " +
               info->unit + ")";
    if (!info && !isKnownUnit(obs.unit))
        return "unknown unit " + quotedInput(obs.unit);
    if (obs.key.source.empty() || hasControlCharacters(obs.key.source))
        return "missing or invalid source";
    return {};
}

// Timestamp and value: unknown is left out, never written as 0.
std::string readValue(std::string_view tsText, std::string_view valueText, const std::string &metric,
                      UnixSeconds &ts, double &value)
{
    const TimeParse parsed = parseTimestamp(tsText);
    if (!parsed.value)
        return parsed.error;
    ts = *parsed.value;
    if (valueText.empty())
        return "empty value (leave unknown values out rather than writing 0)";
    const auto v = parseFiniteDouble(valueText);
    if (!v)
        return "value " + quotedInput(valueText) + " is not a finite number";
    if (metricInfo(metric) && *v < 0)
        return "negative value " + std::string(valueText) + " for " + metric;
    value = *v;
    return {};
}

// dim.KEY columns; a GPU spelling is resolved to its key and form.
std::string RowReader::dimensions(Observation &obs) const
{
    for (const auto &[key, index] : h.dimColumns) {
        const std::string v(trimmed(rec.fields[index]));
        if (v.empty())
            continue;
        if (hasControlCharacters(v))
            return "invalid value in dim." + key;
        obs.key.dims[key] = normalizeDimValue(v);
    }
    const auto gpu = obs.key.dims.find("gpu");
    if (gpu == obs.key.dims.end())
        return {};
    const auto resolved = gpus.resolve(gpu->second);
    if (!resolved.isOk())
        return resolved.status().message();
    gpu->second = resolved.value().gpu;
    const std::string &form = resolved.value().form;
    const auto given = obs.key.dims.find("form");
    if (given != obs.key.dims.end())
        given->second = normalizeGpuForm(given->second); // "SXM5" and "sxm" are one form
    if (given != obs.key.dims.end() && !form.empty() && given->second != form)
        return "dim.form " + quotedInput(given->second) + " contradicts the GPU spelling (" + form + ")";
    if (given == obs.key.dims.end() && !form.empty())
        obs.key.dims["form"] = form;
    return {};
}

std::string RowReader::asOf(std::optional<UnixSeconds> &out) const
{
    if (!h.asOfColumn || trimmed(rec.fields[*h.asOfColumn]).empty())
        return {};
    const TimeParse asOf = parseTimestamp(rec.fields[*h.asOfColumn]);
    if (!asOf.value)
        return "as_of: " + asOf.error;
    out = *asOf.value;
    return {};
}

} // namespace

struct LongCsvRows::Header
{
    Columns columns;
    std::vector<std::size_t> identity; // the cells that name a series, in a fixed order
};

LongCsvRows::LongCsvRows(std::unique_ptr<Header> header, const Taxonomy &taxonomy)
    : m_header(std::move(header)), m_taxonomy(&taxonomy), m_gpus(std::make_unique<GpuResolver>(taxonomy))
{}
LongCsvRows::LongCsvRows(LongCsvRows &&) noexcept = default;
LongCsvRows::~LongCsvRows() = default;

Result<LongCsvRows> LongCsvRows::fromHeader(const CsvRecord &header, const Taxonomy &taxonomy)
{
    auto columns = readHeader(header);
    if (!columns.isOk())
        return columns.status();
    auto h = std::make_unique<Header>();
    h->columns = std::move(columns.value());
    for (const char *name : {"entity", "metric", "unit", "source"})
        h->identity.push_back(h->columns.column.at(name));
    for (const auto &[key, index] : h->columns.dimColumns)
        h->identity.push_back(index);
    return LongCsvRows(std::move(h), taxonomy);
}

std::optional<LongCsvRows::Row> LongCsvRows::read(const CsvRecord &rec, std::string &why)
{
    const Columns &h = m_header->columns;
    if (rec.fields.size() != h.fields) {
        why = "expected " + std::to_string(h.fields) + " fields, found " + std::to_string(rec.fields.size());
        return std::nullopt;
    }
    // A unit separator cannot pass the checks inside a cell, so the joined text names one series.
    m_cellsKey.clear();
    for (const std::size_t index : m_header->identity)
        m_cellsKey.append(trimmed(rec.fields[index])).push_back('\x1f');
    const auto known = m_seriesByCells.find(m_cellsKey);
    const RowReader reader(h, rec, *m_taxonomy, *m_gpus);
    Observation fresh;
    if (known == m_seriesByCells.end())
        why = reader.identity(fresh);
    if (!why.empty())
        return std::nullopt;
    const std::string &metric =
        known == m_seriesByCells.end() ? fresh.key.metric : m_series[known->second].key.metric;
    Row row;
    why = readValue(trimmed(rec.fields[h.column.at("timestamp")]), trimmed(rec.fields[h.column.at("value")]),
                    metric, row.ts, row.value);
    if (why.empty() && known == m_seriesByCells.end())
        why = reader.dimensions(fresh);
    if (why.empty())
        why = reader.asOf(row.asOf);
    if (!why.empty())
        return std::nullopt;
    if (known != m_seriesByCells.end()) {
        row.series = known->second;
    } else {
        // Two spellings of one series (H100_SXM and "H100 SXM5") are one series.
        auto [it, added] = m_seriesByKey.try_emplace({fresh.key, fresh.unit}, m_series.size());
        if (added)
            m_series.push_back({std::move(fresh.key), std::move(fresh.unit)});
        row.series = it->second;
        m_seriesByCells.emplace(m_cellsKey, row.series);
    }
    return row;
}

Result<LongCsvResult> parseLongCsv(std::string_view text, const Taxonomy &taxonomy,
                                   const std::string &endpoint, UnixSeconds importedAt)
{
    const CsvDocument doc = readCsv(text);
    if (doc.records.empty())
        return Status::error(StatusCode::InvalidInput,
                             "no header row (expected entity,metric,unit,timestamp,value,source)");
    auto rows = LongCsvRows::fromHeader(doc.records.front(), taxonomy);
    if (!rows.isOk())
        return rows.status();

    LongCsvResult result;
    result.rejected = doc.issues;
    std::map<std::pair<std::size_t, UnixSeconds>, long> seen; // -> line
    std::map<std::string, UnixSeconds> newestBySource;
    std::vector<bool> explicitAsOf;
    std::string why;
    for (std::size_t r = 1; r < doc.records.size(); ++r) {
        const CsvRecord &rec = doc.records[r];
        ++result.dataRows;
        why.clear();
        const auto row = rows.value().read(rec, why);
        if (row) {
            const auto [it, inserted] = seen.emplace(std::make_pair(row->series, row->ts), rec.line);
            if (!inserted)
                why = "same series and time as line " + std::to_string(it->second);
        }
        if (!why.empty()) {
            result.rejected.push_back({rec.line, std::move(why)});
            continue;
        }
        const LongCsvRows::Series &series = rows.value().series()[row->series];
        Observation obs;
        obs.key = series.key;
        obs.unit = series.unit;
        obs.ts = row->ts;
        obs.value = row->value;
        obs.provenance = {series.key.source, endpoint, importedAt, row->asOf.value_or(0)};
        auto &newest = newestBySource[obs.key.source];
        newest = std::max(newest, obs.ts);
        explicitAsOf.push_back(row->asOf.has_value());
        result.observations.push_back(std::move(obs));
    }
    // Without an as_of column a file is as current as its newest row from that source.
    for (std::size_t i = 0; i < result.observations.size(); ++i)
        if (!explicitAsOf[i])
            result.observations[i].provenance.asOf = newestBySource[result.observations[i].key.source];
    std::sort(result.rejected.begin(), result.rejected.end(),
              [](const LineIssue &a, const LineIssue &b) { return a.line < b.line; });
    return result;
}

} // namespace stackatlas
