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

} // namespace

Result<LongCsvResult> parseLongCsv(std::string_view text, const Taxonomy &taxonomy,
                                   const std::string &endpoint, UnixSeconds importedAt)
{
    const CsvDocument doc = readCsv(text);
    if (doc.records.empty())
        return Status::error(StatusCode::InvalidInput,
                             "no header row (expected entity,metric,unit,timestamp,value,source)");

    const CsvRecord &header = doc.records.front();
    std::map<std::string, std::size_t> column;
    std::vector<std::pair<std::string, std::size_t>> dimColumns;
    std::optional<std::size_t> asOfColumn;
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
        std::string name(trimmed(header.fields[i]));
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return std::tolower(c); });
        if (column.count(name)) {
            return Status::error(StatusCode::InvalidInput, "line " + std::to_string(header.line) +
                                                               ": column \"" + name + "\" appears twice");
        }
        column[name] = i;
        if (name.rfind("dim.", 0) == 0) {
            const std::string key = name.substr(4);
            if (!isValidDimensionKey(key)) {
                return Status::error(StatusCode::InvalidInput, "line " + std::to_string(header.line) +
                                                                   ": bad dimension column \"" + name + "\"");
            }
            dimColumns.emplace_back(key, i);
        } else if (name == "as_of") {
            asOfColumn = i;
        } else if (name == "endpoint" || name == "fetched_at") {
            // written by `query --format csv`; on import the file itself becomes the provenance
        } else if (std::find(kRequired.begin(), kRequired.end(), name) == kRequired.end()) {
            return Status::error(StatusCode::InvalidInput,
                                 "line " + std::to_string(header.line) + ": unknown column \"" + name +
                                     "\" (expected entity,metric,unit,timestamp,value,source, dim.KEY, "
                                     "as_of, endpoint, fetched_at)");
        }
    }
    for (const auto &required : kRequired) {
        if (!column.count(required)) {
            return Status::error(StatusCode::InvalidInput, "line " + std::to_string(header.line) +
                                                               ": missing column \"" + required + "\"");
        }
    }

    const GpuResolver gpus(taxonomy);
    LongCsvResult result;
    result.rejected = doc.issues;
    std::map<std::pair<SeriesKey, UnixSeconds>, long> seen; // -> line
    std::map<std::string, UnixSeconds> newestBySource;
    std::vector<bool> explicitAsOf;

    for (std::size_t r = 1; r < doc.records.size(); ++r) {
        const CsvRecord &rec = doc.records[r];
        ++result.dataRows;
        auto reject = [&](std::string why) {
            result.rejected.push_back({rec.line, std::move(why)});
        };
        if (rec.fields.size() != header.fields.size()) {
            reject("expected " + std::to_string(header.fields.size()) + " fields, found " +
                   std::to_string(rec.fields.size()));
            continue;
        }
        auto field = [&](const std::string &name) {
            return std::string(trimmed(rec.fields[column.at(name)]));
        };

        Observation obs;
        const std::string entity = field("entity");
        obs.key.metric = field("metric");
        obs.unit = field("unit");
        obs.key.source = field("source");

        const MetricInfo *info = metricInfo(obs.key.metric);
        if (!isValidMetricName(obs.key.metric)) {
            reject("bad metric name \"" + obs.key.metric + "\" (lowercase letters, digits and _)");
            continue;
        }
        if (info && info->categoryLevel) {
            if (!taxonomy.sector(entity)) {
                reject("unknown sector \"" + entity + "\" for " + obs.key.metric);
                continue;
            }
            obs.key.entityId = entity;
        } else {
            const Entity *e = taxonomy.entityBySpelling(entity);
            if (!e) {
                reject("unknown entity \"" + entity + "\"");
                continue;
            }
            obs.key.entityId = e->id;
        }
        if (info && obs.unit != info->unit) {
            reject("unit \"" + obs.unit + "\" does not match " + obs.key.metric + " (which is in " +
                   info->unit + ")");
            continue;
        }
        if (!info && !isKnownUnit(obs.unit)) {
            reject("unknown unit \"" + obs.unit + "\"");
            continue;
        }
        if (obs.key.source.empty() || hasControlCharacters(obs.key.source)) {
            reject("missing or invalid source");
            continue;
        }
        const TimeParse ts = parseTimestamp(field("timestamp"));
        if (!ts.value) {
            reject(ts.error);
            continue;
        }
        obs.ts = *ts.value;
        const std::string valueText = field("value");
        if (valueText.empty()) {
            reject("empty value (leave unknown values out rather than writing 0)");
            continue;
        }
        const auto value = parseFiniteDouble(valueText);
        if (!value) {
            reject("value \"" + valueText + "\" is not a finite number");
            continue;
        }
        if (info && *value < 0) {
            reject("negative value " + valueText + " for " + obs.key.metric);
            continue;
        }
        obs.value = *value;

        bool dimsOk = true;
        for (const auto &[key, index] : dimColumns) {
            const std::string v(trimmed(rec.fields[index]));
            if (v.empty())
                continue;
            if (hasControlCharacters(v)) {
                reject("invalid value in dim." + key);
                dimsOk = false;
                break;
            }
            obs.key.dims[key] = v;
        }
        if (!dimsOk)
            continue;
        if (const auto gpu = obs.key.dims.find("gpu"); gpu != obs.key.dims.end()) {
            const auto resolved = gpus.resolve(gpu->second);
            if (!resolved.isOk()) {
                reject(resolved.status().message());
                continue;
            }
            gpu->second = resolved.value().gpu;
            const std::string &form = resolved.value().form;
            auto given = obs.key.dims.find("form");
            if (given != obs.key.dims.end() && !form.empty() && given->second != form) {
                reject("dim.form \"" + given->second + "\" contradicts the GPU spelling (" + form + ")");
                continue;
            }
            if (given == obs.key.dims.end() && !form.empty())
                obs.key.dims["form"] = form;
        }

        obs.provenance.source = obs.key.source;
        obs.provenance.endpoint = endpoint;
        obs.provenance.fetchedAt = importedAt;
        bool hasAsOf = false;
        if (asOfColumn && !trimmed(rec.fields[*asOfColumn]).empty()) {
            const TimeParse asOf = parseTimestamp(rec.fields[*asOfColumn]);
            if (!asOf.value) {
                reject("as_of: " + asOf.error);
                continue;
            }
            obs.provenance.asOf = *asOf.value;
            hasAsOf = true;
        }

        const auto [it, inserted] = seen.emplace(std::make_pair(obs.key, obs.ts), rec.line);
        if (!inserted) {
            reject("same series and time as line " + std::to_string(it->second));
            continue;
        }
        auto &newest = newestBySource[obs.key.source];
        newest = std::max(newest, obs.ts);
        explicitAsOf.push_back(hasAsOf);
        result.observations.push_back(std::move(obs));
    }

    // Without an as_of column a file is as current as its newest row from that source.
    for (std::size_t i = 0; i < result.observations.size(); ++i) {
        if (!explicitAsOf[i])
            result.observations[i].provenance.asOf = newestBySource[result.observations[i].key.source];
    }
    std::sort(result.rejected.begin(), result.rejected.end(),
              [](const LineIssue &a, const LineIssue &b) { return a.line < b.line; });
    return result;
}

} // namespace stackatlas
