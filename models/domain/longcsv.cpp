// SPDX-License-Identifier: GPL-3.0-or-later
#include "longcsv.h"

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
struct Header
{
    std::map<std::string, std::size_t> column;
    std::vector<std::pair<std::string, std::size_t>> dimColumns;
    std::optional<std::size_t> asOfColumn;
    std::size_t fields = 0;
};

Result<Header> readHeader(const CsvRecord &header)
{
    Header h;
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
    RowReader(const Header &header, const CsvRecord &rec, const Taxonomy &taxonomy, const GpuResolver &gpus)
        : h(header), rec(rec), taxonomy(taxonomy), gpus(gpus)
    {}
    std::string field(const std::string &name) const
    {
        return std::string(trimmed(rec.fields[h.column.at(name)]));
    }
    std::string identity(Observation &obs) const;
    std::string value(Observation &obs) const;
    std::string dimensions(Observation &obs) const;
    std::string asOf(Observation &obs, bool &explicitAsOf) const;

private:
    const Header &h;
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
        return "bad metric name \"" + obs.key.metric + "\" (lowercase letters, digits and _)";
    if (info && info->categoryLevel) {
        if (!taxonomy.sector(entity))
            return "unknown sector \"" + entity + "\" for " + obs.key.metric;
        obs.key.entityId = entity;
    } else {
        const Entity *e = taxonomy.entityBySpelling(entity);
        if (!e)
            return taxonomy.entitySpellingProblem(entity);
        obs.key.entityId = e->id;
    }
    if (info && obs.unit != info->unit)
        return "unit \"" + obs.unit + "\" does not match " + obs.key.metric + " (which is in " + info->unit +
               ")";
    if (!info && !isKnownUnit(obs.unit))
        return "unknown unit \"" + obs.unit + "\"";
    if (obs.key.source.empty() || hasControlCharacters(obs.key.source))
        return "missing or invalid source";
    return {};
}

// Timestamp and value: unknown is left out, never written as 0.
std::string RowReader::value(Observation &obs) const
{
    const TimeParse ts = parseTimestamp(field("timestamp"));
    if (!ts.value)
        return ts.error;
    obs.ts = *ts.value;
    const std::string valueText = field("value");
    if (valueText.empty())
        return "empty value (leave unknown values out rather than writing 0)";
    const auto value = parseFiniteDouble(valueText);
    if (!value)
        return "value \"" + valueText + "\" is not a finite number";
    if (metricInfo(obs.key.metric) && *value < 0)
        return "negative value " + valueText + " for " + obs.key.metric;
    obs.value = *value;
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
        obs.key.dims[key] = v;
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
        return "dim.form \"" + given->second + "\" contradicts the GPU spelling (" + form + ")";
    if (given == obs.key.dims.end() && !form.empty())
        obs.key.dims["form"] = form;
    return {};
}

std::string RowReader::asOf(Observation &obs, bool &explicitAsOf) const
{
    explicitAsOf = false;
    if (!h.asOfColumn || trimmed(rec.fields[*h.asOfColumn]).empty())
        return {};
    const TimeParse asOf = parseTimestamp(rec.fields[*h.asOfColumn]);
    if (!asOf.value)
        return "as_of: " + asOf.error;
    obs.provenance.asOf = *asOf.value;
    explicitAsOf = true;
    return {};
}

} // namespace

Result<LongCsvResult> parseLongCsv(std::string_view text, const Taxonomy &taxonomy,
                                   const std::string &endpoint, UnixSeconds importedAt)
{
    const CsvDocument doc = readCsv(text);
    if (doc.records.empty())
        return Status::error(StatusCode::InvalidInput,
                             "no header row (expected entity,metric,unit,timestamp,value,source)");
    const auto header = readHeader(doc.records.front());
    if (!header.isOk())
        return header.status();

    const GpuResolver gpus(taxonomy);
    LongCsvResult result;
    result.rejected = doc.issues;
    std::map<std::pair<SeriesKey, UnixSeconds>, long> seen; // -> line
    std::map<std::string, UnixSeconds> newestBySource;
    std::vector<bool> explicitAsOf;
    for (std::size_t r = 1; r < doc.records.size(); ++r) {
        const CsvRecord &rec = doc.records[r];
        ++result.dataRows;
        if (rec.fields.size() != header.value().fields) {
            result.rejected.push_back({rec.line, "expected " + std::to_string(header.value().fields) +
                                                     " fields, found " + std::to_string(rec.fields.size())});
            continue;
        }
        const RowReader row(header.value(), rec, taxonomy, gpus);
        Observation obs;
        obs.provenance.endpoint = endpoint;
        obs.provenance.fetchedAt = importedAt;
        bool hasAsOf = false;
        std::string why = row.identity(obs);
        for (const auto &step : {&RowReader::value, &RowReader::dimensions})
            if (why.empty())
                why = (row.*step)(obs);
        if (why.empty())
            why = row.asOf(obs, hasAsOf);
        obs.provenance.source = obs.key.source;
        if (why.empty()) {
            const auto [it, inserted] = seen.emplace(std::make_pair(obs.key, obs.ts), rec.line);
            if (!inserted)
                why = "same series and time as line " + std::to_string(it->second);
        }
        if (!why.empty()) {
            result.rejected.push_back({rec.line, std::move(why)});
            continue;
        }
        auto &newest = newestBySource[obs.key.source];
        newest = std::max(newest, obs.ts);
        explicitAsOf.push_back(hasAsOf);
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
